//! Ctrl-C (SIGINT), SIGTERM and SIGHUP leave no hidden temporary files: a temporary file is
//! removed on drop, which never runs when a signal kills the process, so every temporary file
//! and folder tracker makes beside a target is registered here, from just before it is made
//! until it is renamed or removed ([`TempFile`], [`TempFolder`], made by `output::temp_beside`
//! and `output::temp_folder_in`),
//! and the handler [`install`] sets up removes what is registered before the process ends.
//!
//! The handler may only make async-signal-safe calls: no allocation, no lock, no formatting.
//! So each registration is built beforehand, as C strings (the name and SQLite's `-journal`,
//! `-wal` and `-shm` beside it), and its pointer put into a fixed slot; the handler takes each
//! slot's pointer with an atomic swap and calls `unlink` on its names, then `rmdir` on the
//! registered folders, writes one line on stderr (`write`), restores the default disposition
//! and raises the signal again, so the exit status stays the signal's (128+N in a shell).
//!
//! Whoever swaps a slot's pointer out owns it: a registration dropped while the handler runs
//! finds its slot empty and leaves the names to the handler (the process is ending). A file is
//! unregistered only after it is renamed to its real name or removed, so a signal in between
//! unlinks a temporary name that is already gone, never the persisted file. When every slot is
//! taken (more than [`FILE_SLOTS`] temporary files at once), a file is simply not registered:
//! it is still removed on drop, only a signal may leave it.
//!
//! A signal ignored when tracker starts (`nohup`, a background job of a shell without job
//! control) stays ignored. A second signal during the clean-up is absorbed by the first.

use std::ffi::{CString, c_int};
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// How many temporary files may be registered at once (a folder of notices writes one per
/// unit; beyond this, a file is not registered).
pub const FILE_SLOTS: usize = 256;

/// How many temporary folders may be registered at once.
pub const FOLDER_SLOTS: usize = 16;

/// SQLite's side files of a database, removed with it.
const SIDE_FILES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The signals handled.
const SIGNALS: [c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

const EN: &[u8] = b"tracker: interrupted; no temporary file is left\n";
const ZH: &[u8] = "tracker：已中断；未留下临时文件\n".as_bytes();

/// The names one registration removes, built before the handler may need them.
struct Names(Vec<CString>);

static FILES: [AtomicPtr<Names>; FILE_SLOTS] =
    [const { AtomicPtr::new(ptr::null_mut()) }; FILE_SLOTS];
static FOLDERS: [AtomicPtr<Names>; FOLDER_SLOTS] =
    [const { AtomicPtr::new(ptr::null_mut()) }; FOLDER_SLOTS];
/// Set by the first signal handled: a later one (another signal, on another thread) leaves the
/// clean-up and the end to it.
static CAUGHT: AtomicBool = AtomicBool::new(false);

/// Installs the handler for SIGINT, SIGTERM and SIGHUP, once, from `main`. A signal ignored
/// at start (`nohup tracker backup …`) stays ignored.
pub fn install() {
    for sig in SIGNALS {
        // SAFETY: sigaction with zeroed structs filled in as POSIX describes; the handler only
        // makes async-signal-safe calls.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(sig, ptr::null(), &mut old) != 0 || old.sa_sigaction == libc::SIG_IGN
            {
                continue;
            }
            let mut new: libc::sigaction = std::mem::zeroed();
            new.sa_sigaction = on_signal as extern "C" fn(c_int) as libc::sighandler_t;
            libc::sigemptyset(&mut new.sa_mask);
            for other in SIGNALS {
                libc::sigaddset(&mut new.sa_mask, other);
            }
            new.sa_flags = libc::SA_RESTART;
            libc::sigaction(sig, &new, ptr::null_mut());
        }
    }
}

/// The handler: removes what is registered, says so, and ends the process by the same signal.
extern "C" fn on_signal(sig: c_int) {
    if CAUGHT.swap(true, Ordering::SeqCst) {
        return;
    }
    remove_registered();
    let line = if crate::i18n::zh() { ZH } else { EN };
    // SAFETY: write, signal and raise are async-signal-safe. The signal is blocked while its
    // handler runs, so the raised one is delivered, with the default action, on return.
    unsafe {
        libc::write(2, line.as_ptr().cast(), line.len());
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Unlinks every registered file (with its side files), then removes every registered
/// folder, now empty. Async-signal-safe: atomics, reads of memory built beforehand, `unlink`,
/// `rmdir`.
fn remove_registered() {
    for (slots, remove) in [
        (
            &FILES[..],
            libc::unlink as unsafe extern "C" fn(*const libc::c_char) -> c_int,
        ),
        (&FOLDERS[..], libc::rmdir),
    ] {
        for slot in slots {
            let taken = slot.swap(ptr::null_mut(), Ordering::AcqRel);
            // SAFETY: a non-null pointer in a slot is a leaked `Box<Names>` that only the one
            // who swaps it out may free; the handler never frees it.
            if let Some(names) = unsafe { taken.as_ref() } {
                for name in &names.0 {
                    // SAFETY: a NUL-terminated name.
                    unsafe { remove(name.as_ptr()) };
                }
            }
        }
    }
}

/// A name a signal removes until this is dropped (or nothing, when the slots were full or the
/// name cannot be a C string).
struct Registration {
    taken: Option<(&'static AtomicPtr<Names>, *mut Names)>,
}

// SAFETY: the pointer is only compared and freed by its owner, through the slot's atomics.
unsafe impl Send for Registration {}
// SAFETY: as above; a shared reference cannot reach the pointer.
unsafe impl Sync for Registration {}

impl Registration {
    /// `path` (made absolute) and, for a file, its SQLite side files, in a free slot.
    fn new(path: &Path, folder: bool) -> Registration {
        use std::os::unix::ffi::OsStrExt;
        let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let suffixes: &[&str] = if folder { &[] } else { &SIDE_FILES };
        let names: Option<Vec<CString>> = std::iter::once("")
            .chain(suffixes.iter().copied())
            .map(|suffix| {
                let mut name = path.as_os_str().as_bytes().to_vec();
                name.extend_from_slice(suffix.as_bytes());
                CString::new(name).ok()
            })
            .collect();
        let Some(names) = names else {
            return Registration { taken: None };
        };
        let slots: &'static [AtomicPtr<Names>] = if folder { &FOLDERS } else { &FILES };
        let boxed = Box::into_raw(Box::new(Names(names)));
        for slot in slots {
            if slot
                .compare_exchange(ptr::null_mut(), boxed, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                return Registration {
                    taken: Some((slot, boxed)),
                };
            }
        }
        // SAFETY: never published; ours to free.
        drop(unsafe { Box::from_raw(boxed) });
        Registration { taken: None }
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Some((slot, boxed)) = self.taken.take()
            && slot
                .compare_exchange(boxed, ptr::null_mut(), Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
        {
            // SAFETY: swapped out by us, so the handler never saw it taken and never will.
            drop(unsafe { Box::from_raw(boxed) });
        }
    }
}

/// A temporary file ([`tempfile::NamedTempFile`], which it derefs to) that a signal removes
/// too, with its SQLite side files. Dropped, it is removed, then unregistered; persisted, it is
/// renamed, then unregistered.
pub struct TempFile {
    // Dropped before `registered`: the file is gone before a signal stops looking for it.
    file: tempfile::NamedTempFile,
    registered: Registration,
}

impl TempFile {
    /// A new file named by `builder` in `dir` (created exclusively, 0600), registered for
    /// removal on a signal before it exists, so that no moment is left when a signal finds it
    /// made but unregistered. A name found taken is unregistered again and another tried (a
    /// signal in that instant would remove the other file of that random name: never seen).
    pub fn create_in(builder: &tempfile::Builder, dir: &Path) -> std::io::Result<TempFile> {
        use std::os::unix::fs::OpenOptionsExt;
        let mut registered = None;
        let file = builder.make_in(dir, |path| {
            let registration = Registration::new(path, false);
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(path)?;
            registered = Some(registration);
            Ok(file)
        })?;
        Ok(TempFile {
            file,
            registered: registered.unwrap_or(Registration { taken: None }),
        })
    }

    /// Renames the file to `target`, replacing it ([`tempfile::NamedTempFile::persist`]).
    /// Errors: the rename's (then the temporary file is removed).
    pub fn persist(self, target: &Path) -> std::io::Result<std::fs::File> {
        let TempFile { file, registered } = self;
        let done = file.persist(target).map_err(|e| e.error);
        drop(registered);
        done
    }

    /// Renames the file to `target` unless a file has that name
    /// ([`tempfile::NamedTempFile::persist_noclobber`]). Errors: the rename's, `AlreadyExists`
    /// for a name taken (then the temporary file is removed).
    pub fn persist_noclobber(self, target: &Path) -> std::io::Result<std::fs::File> {
        let TempFile { file, registered } = self;
        let done = file.persist_noclobber(target).map_err(|e| e.error);
        drop(registered);
        done
    }
}

impl Deref for TempFile {
    type Target = tempfile::NamedTempFile;
    fn deref(&self) -> &Self::Target {
        &self.file
    }
}

impl DerefMut for TempFile {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.file
    }
}

/// A temporary folder that a signal removes too, with the files registered in it
/// ([`TempFolder::file`]). Dropped, it is removed with all it holds, then unregistered.
pub struct TempFolder {
    path: PathBuf,
    // Dropped after the folder is removed (`Drop` runs before the fields drop).
    files: Vec<Registration>,
    _registered: Registration,
}

impl TempFolder {
    /// A new folder named `prefix` and random characters in `folder`, private (0700, whatever
    /// the umask), registered for removal on a signal before it exists (as
    /// [`TempFile::create_in`]).
    pub fn create_in(folder: &Path, prefix: &str) -> std::io::Result<TempFolder> {
        use std::os::unix::fs::DirBuilderExt;
        let mut registered = None;
        let made = tempfile::Builder::new()
            .prefix(prefix)
            .make_in(folder, |path| {
                let registration = Registration::new(path, true);
                std::fs::DirBuilder::new().mode(0o700).create(path)?;
                registered = Some(registration);
                Ok(())
            })?;
        // Made as a file's name, so kept from tempfile's removal of a file; ours is below.
        let ((), path) = made.keep().map_err(|e| e.error)?;
        Ok(TempFolder {
            path,
            files: Vec::new(),
            _registered: registered.unwrap_or(Registration { taken: None }),
        })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `name` in the folder, registered (with its SQLite side files) so that a signal removes
    /// it before the folder.
    pub fn file(&mut self, name: &str) -> PathBuf {
        let path = self.path.join(name);
        self.files.push(Registration::new(&path, false));
        path
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
