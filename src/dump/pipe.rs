//! An export streamed straight into a load, and the fingerprint of export bytes: a whole
//! ledger moved between two stores (`copy`, a server's `backup`) is never held in memory,
//! and the copy is still checked to read back as exactly the bytes its source exported.

use std::io::{BufReader, BufWriter, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;
use sha2::{Digest, Sha256};

/// What an export's bytes are known by once they are gone: their length and SHA-256 (FIPS
/// 180-4). Two exports with the same fingerprint are taken to be the same bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Bytes written.
    pub len: u64,
    sha256: [u8; 32],
}

/// A writer that passes every byte on to `inner` and fingerprints what was passed.
struct Fingerprinting<W> {
    inner: W,
    len: u64,
    hash: Sha256,
}

impl<W: Write> Fingerprinting<W> {
    fn new(inner: W) -> Self {
        Fingerprinting {
            inner,
            len: 0,
            hash: Sha256::new(),
        }
    }

    fn finish(self) -> Fingerprint {
        Fingerprint {
            len: self.len,
            sha256: self.hash.finalize().into(),
        }
    }
}

impl<W: Write> Write for Fingerprinting<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(bytes)?;
        self.hash.update(&bytes[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Pipe buffers on both ends: an export writes many small pieces, a load reads in windows.
const BUFFER: usize = 1 << 16;

/// The fingerprint of what `export` writes; nothing of it is kept.
///
/// Errors: `export`'s.
pub fn fingerprint(export: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<Fingerprint> {
    let mut w = Fingerprinting::new(std::io::sink());
    export(&mut w)?;
    Ok(w.finish())
}

/// Runs `export` on a thread of its own, writing into a pipe that `load` reads as the bytes
/// come, and returns what `load` returned with the fingerprint of every byte `export` wrote.
/// Memory stays what the two ends hold at a time, however large the ledger.
///
/// Errors: when both fail, the one that came first. An export that fails leaves the load a
/// cut-off file, which it refuses: the export's error is the cause and is returned. A load
/// that refuses and stops reading leaves the export a closed pipe: the load's error is
/// returned. An export that fails after a load took all it needed is still an error.
pub fn through<T>(
    export: impl FnOnce(&mut dyn Write) -> Result<()> + Send,
    load: impl FnOnce(&mut dyn Read) -> Result<T>,
) -> Result<(T, Fingerprint)> {
    let (reader, writer) = std::io::pipe()?;
    // Set once the load has returned, before its end of the pipe closes: an export that
    // fails after that failed because no one was reading (its error, whatever words the
    // writer chose for a closed pipe, is only a consequence).
    let load_ended = AtomicBool::new(false);
    std::thread::scope(|s| {
        let exporting = s.spawn(|| -> Export {
            let mut w = Fingerprinting::new(BufWriter::with_capacity(BUFFER, writer));
            let done = export(&mut w).and_then(|()| Ok(w.flush()?));
            // Asked before the writer is dropped: until then the load cannot have read the
            // end of a cut-off file, so a load that has ended did not end because of this.
            let ended = load_ended.load(Ordering::SeqCst);
            match done {
                Ok(()) => Export::Done(w.finish()),
                Err(_) if ended => Export::Unheard,
                Err(e) => Export::Failed(e),
            }
            // Dropping the writer closes the pipe: the load reads the end of the file.
        });
        let mut reader = BufReader::with_capacity(BUFFER, reader);
        let loaded = load(&mut reader);
        load_ended.store(true, Ordering::SeqCst);
        // Closed before the join, so an export the load stopped listening to fails on its
        // next write instead of waiting for a reader forever.
        drop(reader);
        let exported = match exporting.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match (loaded, exported) {
            (Ok(t), Export::Done(f)) => Ok((t, f)),
            (_, Export::Failed(e)) => Err(e),
            (Err(e), _) => Err(e),
            // Not reached: an export is unheard only after a load that failed.
            (Ok(_), Export::Unheard) => Err(anyhow::anyhow!(crate::msg!(
                "the load stopped reading the export before its end (report this)",
                "载入在导出内容结束前停止了读取（请报告此问题）"
            ))),
        }
    })
}

/// How the exporting end of `through` ended.
enum Export {
    Done(Fingerprint),
    /// Failed after the load had returned: no one was reading any more.
    Unheard,
    /// Failed on its own, while the load was still reading.
    Failed(anyhow::Error),
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::{anyhow, bail};

    fn bytes(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 % 251) as u8).collect()
    }

    #[test]
    fn the_load_reads_every_byte_and_the_fingerprint_is_the_sources() {
        // Larger than any pipe buffer, so both ends must run at once.
        let data = bytes(3 << 20);
        let (got, f) = through(
            |w| Ok(w.write_all(&data)?),
            |r| {
                let mut got = Vec::new();
                r.read_to_end(&mut got)?;
                Ok(got)
            },
        )
        .unwrap();
        assert_eq!(got, data);
        assert_eq!(f.len, data.len() as u64);
        assert_eq!(f, fingerprint(|w| Ok(w.write_all(&data)?)).unwrap());
        let mut other = data.clone();
        other[12345] ^= 1;
        assert_ne!(f, fingerprint(|w| Ok(w.write_all(&other)?)).unwrap());
    }

    #[test]
    fn a_load_that_stops_early_is_the_error_and_the_export_does_not_hang() {
        let data = bytes(4 << 20);
        let e = through(
            |w| {
                // Written in pieces, as an export writes.
                for piece in data.chunks(4096) {
                    w.write_all(piece)?;
                }
                Ok(())
            },
            |r| -> Result<()> {
                let mut first = [0u8; 10];
                r.read_exact(&mut first)?;
                bail!("refused at the start")
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "refused at the start");
    }

    #[test]
    fn an_export_that_words_a_closed_pipe_its_own_way_still_yields_to_the_load() {
        // The export's writer says "the reader went away" in its own words, no io error in
        // the chain: the load's refusal is still what is returned.
        let e = through(
            |w| {
                for _ in 0..1000 {
                    if w.write_all(&[b'x'; 4096]).is_err() {
                        bail!("the reader went away");
                    }
                }
                Ok(())
            },
            |r| -> Result<()> {
                let mut first = [0u8; 1];
                r.read_exact(&mut first)?;
                bail!("the schema holds tables that are not a ledger")
            },
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the schema holds tables that are not a ledger"
        );
    }

    #[test]
    fn an_export_that_fails_midway_is_the_error_not_the_cut_off_load() {
        let e = through(
            |w| {
                w.write_all(&bytes(200_000))?;
                Err(anyhow!("the server went away"))
            },
            |r| -> Result<()> {
                let mut all = Vec::new();
                r.read_to_end(&mut all)?;
                bail!("a cut-off file after {} bytes", all.len())
            },
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "the server went away");
    }
}
