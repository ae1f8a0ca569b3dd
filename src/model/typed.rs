//! What every value people type shares, whatever its kind: full-width forms folded to ASCII
//! (an input method in full-width mode gives `２０２６－１２－３１`, `５０％`, `１．４`), and
//! the nearest accepted words for a did-you-mean.

use std::borrow::Cow;

/// A value typed on the command line that cannot be read as its kind (a date, a task id, a
/// `--today`, a text with control characters), found after clap has parsed the line (a date
/// needs today's date to be read). `main` exits 2 for it, as for the values clap's own parsers
/// refuse (`--status xx`, `--progress 101`), so every refused typed value exits alike; see
/// EXIT STATUS in tracker(1). A value judged against the ledger (no task 9.9, a unit close to
/// another, a deadline before today for `--reply-by`) is a refused command: exit 1.
///
/// Shape: the one-line message, as any error's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValue(pub String);

impl std::fmt::Display for BadValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadValue {}

/// `message` as a [`BadValue`] error (for `map_err`).
pub fn bad_value(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(BadValue(message.into()))
}

/// `s` trimmed (ASCII and U+3000 spaces) with the full-width forms of ASCII (U+FF01 to
/// U+FF5E: digits, letters, `．／－％＃：`) and the ideographic space made ASCII, as NFKC
/// makes them; nothing else changes (`。` and Chinese characters stay). Borrowed when there is
/// nothing to fold.
pub fn narrow(s: &str) -> Cow<'_, str> {
    let t = s.trim_matches(|c: char| c.is_whitespace());
    if !t
        .chars()
        .any(|c| ('\u{ff01}'..='\u{ff5e}').contains(&c) || c == '\u{3000}')
    {
        return Cow::Borrowed(t);
    }
    Cow::Owned(
        t.chars()
            .map(|c| match c {
                '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                '\u{3000}' => ' ',
                _ => c,
            })
            .collect(),
    )
}

/// `s` in Simplified characters (OpenCC's t2s: 已完結 → 已完结, 組織科 → 组织科), so a value typed
/// in Traditional is judged as the same word or name. Borrowed when `s` is ASCII, or when the
/// converter cannot load (then Traditional text is simply not recognised, never refused for it).
pub fn simplified(s: &str) -> Cow<'_, str> {
    use std::sync::OnceLock;
    static CC: OnceLock<Option<ferrous_opencc::OpenCC>> = OnceLock::new();
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let cc = CC.get_or_init(|| {
        ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
    });
    match cc {
        Some(cc) => {
            let t = cc.convert(s);
            if t == s {
                Cow::Borrowed(s)
            } else {
                Cow::Owned(t)
            }
        }
        None => Cow::Borrowed(s),
    }
}

/// The edit distance between two texts in characters, a swap of two neighbours counting as
/// one slip (`doen` for `done`): optimal string alignment, from `strsim`.
pub fn slips(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The most slips a typed word of `len` characters may hold and still be taken for a known
/// one: 1 up to 5 characters, 2 from 6 (`in-progres`, `canceled`), never half the word.
pub fn slips_allowed(len: usize) -> usize {
    match len {
        0 | 1 => 0,
        2..=5 => 1,
        _ => 2,
    }
}

/// The `candidates` nearest to `typed` within [`slips_allowed`], nearest first, each once.
pub fn nearest_words<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let allowed = slips_allowed(typed.chars().count());
    let mut near: Vec<(usize, &'a str)> = candidates
        .into_iter()
        .map(|c| (slips(typed, c), c))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    near.sort_by_key(|(d, _)| *d);
    let mut out: Vec<&'a str> = Vec::new();
    for (_, c) in near {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The names among `known` that `name` (a unit as typed, in its stored form) is most likely
/// a slip for, nearest first, at most `max`: one that holds it or is held by it (组织 and
/// 组织科, 市委组织部 and 组织部), or one a character or two away (组织课 and 组织科: 1 up to 7
/// characters, 2 from 8; names of one or two characters only by holding). Names that differ
/// only in characters naming a level or a kind of office (人事科 and 人事局, 县委组织部 and
/// 市委组织部: [`OFFICE_CHARS`]) are different offices, not a slip. Empty when `name` is itself
/// known: then it is no slip.
pub fn near_names<'a>(name: &str, known: &'a [String], max: usize) -> Vec<&'a str> {
    let key = super::name_key(name);
    if name.is_empty() || known.iter().any(|k| k == name || super::name_key(k) == key) {
        return Vec::new();
    }
    let twin = twin_key(name);
    let len = name.chars().count();
    let allowed = match len {
        0..=2 => 0,
        3..=7 => 1,
        _ => 2,
    };
    let mut near: Vec<(usize, &'a str)> = known
        .iter()
        .filter(|k| !k.is_empty())
        .filter_map(|k| {
            if k.contains(name) || name.contains(k.as_str()) || twin_key(k) == twin {
                return Some((0, k.as_str()));
            }
            let d = slips(name, k);
            (d <= allowed && k.chars().count() > 2 && !other_office(name, k))
                .then_some((d, k.as_str()))
        })
        .collect();
    near.sort_by_key(|(d, k)| (*d, k.chars().count().abs_diff(len), *k));
    near.into_iter().map(|(_, k)| k).take(max).collect()
}

/// The key under which two spellings of one unit fall together: width and compatibility
/// forms ([`lookalike_key`](super::lookalike_key): `ＡＢＣ科`, `ABC科`), letter case (`abc科`),
/// spaces anywhere (`组 织 科`) and Traditional characters (`組織科`) set aside.
pub fn twin_key(name: &str) -> String {
    let key = super::lookalike_key(name);
    let key: String = key
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    simplified(&key).into_owned()
}

/// Characters that name a level of government (省市县区镇乡街村) or a kind of office
/// (科局部处室办委厅院所站队组): two names of the same length that differ only in these are
/// two offices, such as a section and a bureau of the same work.
pub const OFFICE_CHARS: &str = "省市县区镇乡街村科局部处室办委厅院所站队组";

fn other_office(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() == b.len()
        && a.iter()
            .zip(&b)
            .filter(|(x, y)| x != y)
            .all(|(x, y)| OFFICE_CHARS.contains(*x) && OFFICE_CHARS.contains(*y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_fold_to_ascii_and_nothing_else_changes() {
        assert_eq!(narrow("２０２６－１２－３１"), "2026-12-31");
        assert_eq!(narrow("　５０％ "), "50%");
        assert_eq!(narrow("１．４"), "1.4");
        assert_eq!(narrow("12月31日"), "12月31日");
        assert!(matches!(narrow("1.4"), Cow::Borrowed(_)));
    }

    #[test]
    fn slips_count_swaps_as_one() {
        assert_eq!(slips("doen", "done"), 1);
        assert_eq!(slips("组织课", "组织科"), 1);
        assert_eq!(nearest_words("doen", ["done", "blocked"]), ["done"]);
        assert!(nearest_words("x", ["done"]).is_empty());
    }

    #[test]
    fn near_names_are_slips_and_parts_of_known_units() {
        let known: Vec<String> = ["组织科", "宣传科", "市委组织部", "人事局"]
            .map(String::from)
            .into();
        assert_eq!(near_names("组织课", &known, 3), ["组织科"]);
        assert_eq!(near_names("组织", &known, 3), ["组织科", "市委组织部"]);
        assert!(near_names("县委组织部", &known, 3).is_empty());
        assert!(near_names("人事科", &known, 3).is_empty());
        assert_eq!(near_names("人士局", &known, 3), ["人事局"]);
        assert_eq!(near_names("市委组织部办公室", &known, 3), ["市委组织部"]);
        assert!(near_names("财政局", &known, 3).is_empty());
        assert!(near_names("组织科", &known, 3).is_empty());
        assert!(near_names("教育局", &known, 3).is_empty());
    }
}
