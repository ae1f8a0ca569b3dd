//! File names made from text (a unit's name): the one rule for every file written per unit,
//! a 催报表 (`tracker sheets`) or a 督办通知单 (`tracker notice`), so a name is safe on every
//! file system the offices use and two units never share a file.

/// At most this many bytes of a unit's name go into its sheet's file name (about 40 Chinese
/// characters): file systems take 255 bytes a name (ext4, APFS; NTFS 255 UTF-16 units), and
/// the week, a suffix, the extension and the writer's temporary name (`output::temp_beside`
/// adds 12 bytes) must fit beside it.
pub const UNIT_NAME_BYTES: usize = 120;

/// The files a run of `tracker sheets` writes, one per unit in `units` (same order):
/// `组织科-2026-W48.xlsx`. The one rule for a sheet's file name:
///
/// - characters no file system accepts in a name (`/\:*?"<>|`, control characters) become
///   `_`; leading dots, spaces and dashes (a hidden file, an option) and trailing dots and
///   spaces (Windows drops them) are left out;
/// - the name is cut to [`UNIT_NAME_BYTES`] bytes, between grapheme clusters;
/// - a name that Windows reserves for a device (`CON`, `nul.txt`: [`reserved_on_windows`])
///   gets `_` before it, since offices copy these files to Windows machines, where such a
///   file cannot be opened, moved or deleted in Explorer;
/// - a name changed by any of these rules, or equal to another's when case is ignored (Windows and
///   macOS folders ignore it), gets `~` and six hex digits of the unit name's SHA-256, so two
///   units never share a file and a unit keeps its name from week to week;
/// - should two names still meet, a counter follows (`~2`).
pub fn file_names(units: &[&str], week: &str) -> Vec<String> {
    let tail = format!("-{week}");
    unit_file_names(units, |_| tail.clone(), "xlsx")
}

/// The same rule for any file written per unit (a 督办通知单: `组织科-督办〔2026〕3号.docx`):
/// the unit's part as [`file_names`] makes it, then `tail(i)` for the `i`th unit, then `.ext`.
pub fn unit_file_names(units: &[&str], tail: impl Fn(usize) -> String, ext: &str) -> Vec<String> {
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;
    let bases: Vec<(String, bool)> = units
        .iter()
        .map(|u| {
            let b = base_name(u);
            let changed = b != *u;
            (b, changed)
        })
        .collect();
    let key = |s: &str| s.to_lowercase();
    let mut count: HashMap<String, usize> = HashMap::new();
    for (b, _) in &bases {
        *count.entry(key(b)).or_default() += 1;
    }
    let mut names: Vec<String> = units
        .iter()
        .zip(&bases)
        .enumerate()
        .map(|(i, (unit, (base, changed)))| {
            let tail = tail(i);
            if *changed || count[&key(base)] > 1 {
                let hash = Sha256::digest(unit.as_bytes());
                format!(
                    "{base}~{:02x}{:02x}{:02x}{tail}.{ext}",
                    hash[0], hash[1], hash[2]
                )
            } else {
                format!("{base}{tail}.{ext}")
            }
        })
        .collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for name in &mut names {
        let n = seen.entry(key(name)).or_default();
        *n += 1;
        if *n > 1 {
            let stem = name.trim_end_matches(&format!(".{ext}")).to_string();
            *name = format!("{stem}~{n}.{ext}");
        }
    }
    names
}

/// A unit's name as the first part of a file name (see [`file_names`]); never empty.
fn base_name(unit: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let clean: String = unit
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean
        .trim_start_matches(['.', ' ', '-', '\u{3000}'])
        .trim_end_matches(['.', ' ', '\u{3000}']);
    let mut out = String::new();
    for g in clean.graphemes(true) {
        if out.len() + g.len() > UNIT_NAME_BYTES {
            break;
        }
        out.push_str(g);
    }
    let out = out.trim_end_matches(['.', ' ', '\u{3000}']);
    if out.is_empty() {
        "_".to_string()
    } else if reserved_on_windows(out) {
        format!("_{out}")
    } else {
        out.to_string()
    }
}

/// Whether Windows reserves `name` for a device: `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`,
/// `LPT1`–`LPT9` (and `COM¹`–`COM³`, `LPT¹`–`LPT³`), in any case, alone or before an extension
/// (`nul.txt`, `CON.tar.gz`), spaces before the dot ignored. Source: Microsoft, "Naming Files,
/// Paths, and Namespaces" (learn.microsoft.com, Win32 file naming conventions).
pub fn reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_uppercase();
    if matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL") {
        return true;
    }
    let mut rest = upper.chars();
    let head: String = rest.by_ref().take(3).collect();
    let digit: Vec<char> = rest.collect();
    matches!(head.as_str(), "COM" | "LPT") && matches!(digit[..], ['1'..='9' | '¹' | '²' | '³'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_bounded_and_unique() {
        let w = "2026-W48";
        let one = |u: &str| file_names(&[u], w).remove(0);
        assert_eq!(one("组织科"), "组织科-2026-W48.xlsx");
        assert!(one("a/b").starts_with("a_b~"), "{}", one("a/b"));
        assert!(one("..").starts_with("_~"));
        assert!(one("-rf").starts_with("rf~"));
        // Two units whose names meet after the rules, or by case, get different files.
        for pair in [["a/b", "a_b"], ["a/b", "a\\b"], ["ABC科", "abc科"]] {
            let names = file_names(&pair, w);
            assert_ne!(
                names[0].to_lowercase(),
                names[1].to_lowercase(),
                "{names:?}"
            );
        }
        let long = "很".repeat(100);
        let name = one(&long);
        assert!(name.len() <= UNIT_NAME_BYTES + 30, "{}", name.len());
        assert!(name.starts_with("很很") && name.ends_with("-2026-W48.xlsx"));
        // Names cut to the same prefix still differ.
        let names = file_names(&[&format!("{long}甲"), &format!("{long}乙")], w);
        assert_ne!(names[0], names[1]);
        // A grapheme cluster is never cut.
        let flags = "🇨🇳".repeat(40);
        assert!(one(&flags).split('~').next().unwrap().len() % 8 == 0);
    }

    #[test]
    fn windows_device_names_are_reserved_in_any_case_and_with_an_extension() {
        for name in [
            "CON",
            "con",
            "Nul",
            "aux.txt",
            "PRN.tar.gz",
            "COM1",
            "com9",
            "LPT1",
            "lpt9.docx",
            "NUL .txt",
            "COM¹",
            "lpt³",
        ] {
            assert!(reserved_on_windows(name), "{name}");
        }
        for name in [
            "CONS",
            "CON科",
            "组织科",
            "COM0",
            "COM10",
            "LPT",
            "xNUL",
            "NULL",
            "_CON",
            "COM1x",
        ] {
            assert!(!reserved_on_windows(name), "{name}");
        }
    }
}
