//! The language of messages: one process-wide setting, read by [`msg!`](crate::msg).
//!
//! Headers and labels take a [`Lang`] from the context; messages (errors, confirmations,
//! warnings) are made far from it, deep in the store and the parsers, so the language they are
//! written in is set once, here, as soon as it is known: early in `main` from `--lang`,
//! `TRACKER_LANG` and the locale, then again by the context once the config file is read.
//! English is the default, so a message made before either is English.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::Lang;

static ZH: AtomicBool = AtomicBool::new(false);

/// Sets the language every later message is written in.
pub fn set(lang: Lang) {
    ZH.store(lang == Lang::Zh, Ordering::Relaxed);
}

/// The language messages are written in now.
pub fn lang() -> Lang {
    if zh() { Lang::Zh } else { Lang::En }
}

/// Whether messages are written in Chinese.
pub fn zh() -> bool {
    ZH.load(Ordering::Relaxed)
}

/// The prefix of an error line on stderr: `error: ` or `错误：`.
pub fn error_prefix() -> &'static str {
    if zh() { "错误：" } else { "error: " }
}

/// An error and its causes on one line, joined as the language joins a reason to its subject:
/// `: ` in English, `：` in Chinese (never an ASCII colon in a Chinese sentence). Use this, not
/// anyhow's `{:#}`, wherever an error's chain is written into a message.
pub fn error_chain(e: &anyhow::Error) -> String {
    let sep = if zh() { "：" } else { ": " };
    e.chain()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// The prefix of a warning or note on stderr (the command went ahead; the reader should
/// know something about it): `warning: ` or `注意：`. One prefix for every such line, whatever
/// the command, so none starts `tracker:`, `note:` or `提示：` instead.
pub fn warning_prefix() -> &'static str {
    if zh() { "注意：" } else { "warning: " }
}

/// Writes one warning or note on stderr, after [`warning_prefix`]: `message` is one line in
/// the language set, already escaped for the terminal where it quotes what was typed.
pub fn warn(message: &str) {
    eprintln!(
        "{}{}",
        warning_prefix(),
        crate::output::mask_secrets(message)
    );
}

/// Items named in a message (did-you-mean candidates, the units that exist): `a, b, c` in
/// English, `a、b、c` in Chinese, whose lists are joined with the enumeration comma (顿号),
/// not an ASCII comma (GB/T 15834-2011, 标点符号用法, 4.5).
pub fn list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let sep = if zh() { "、" } else { ", " };
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(item.as_ref());
    }
    out
}

/// A serde reader's complaint (the TOML config's, a JSON export's) in the language set, in
/// the user's words rather than Rust's: a value of the wrong type says what is accepted (a
/// whole number without quotes, text in quotes, true or false), never `i64`. In Chinese the
/// other common kinds (an unknown or missing key, a value out of range) are said in Chinese
/// with the key quoted, and any other (a slip of syntax) as "not written as `kind` expects";
/// in English those keep the reader's own words, a TOML slip with how a setting is written.
/// `kind` names the format (`TOML`, `JSON`).
pub fn serde_message(msg: &str, kind: &str) -> String {
    // serde names a field between backticks: `x`.
    let ticked = |s: &str| s.split('`').nth(1).map(str::to_string);
    let msg = msg.trim();
    if let Some(rest) = msg
        .strip_prefix("invalid type:")
        .or_else(|| msg.strip_prefix("invalid value:"))
    {
        let (found, expected) = rest
            .rsplit_once(", expected")
            .map_or((rest.trim(), ""), |(f, e)| (f.trim(), e.trim()));
        let accepted = Accepted::of(expected);
        return if zh() {
            format!("值的类型不符：应为{}", accepted.zh())
        } else {
            let wanted = accepted.en().map_or(expected.to_string(), str::to_string);
            format!("a value of the wrong type ({found}): expected {wanted}")
        };
    }
    if !zh() {
        return match kind {
            "TOML" if !msg.starts_with("unknown field") && !msg.starts_with("missing field") => {
                // The reader's "expected nothing" (nothing may follow) tells a person nothing.
                let msg = msg.trim_end_matches(", expected nothing");
                format!("{msg}: write each setting as key = value, text in quotes")
            }
            _ => msg.to_string(),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown field") {
        return match ticked(rest) {
            Some(k) => format!("未知的键“{k}”"),
            None => "未知的键".into(),
        };
    }
    if let Some(rest) = msg.strip_prefix("missing field") {
        return match ticked(rest) {
            Some(k) => format!("缺少键“{k}”"),
            None => "缺少必需的键".into(),
        };
    }
    if msg.starts_with("invalid length") {
        return "值的个数不符".into();
    }
    match kind {
        "TOML" => "不是有效的 TOML 写法（应为 键 = 值，文本加引号）".into(),
        _ => format!("不是有效的 {kind} 写法"),
    }
}

/// What serde says it expected (`i64`, `a string`, `a boolean`), as a kind of value a
/// person types.
enum Accepted {
    Whole,
    TrueFalse,
    Text,
    Number,
    List,
    Other,
}

impl Accepted {
    fn of(expected: &str) -> Accepted {
        let e = expected.trim_start_matches("a ").trim_start_matches("an ");
        if e.starts_with('i') || e.starts_with('u') || e.contains("integer") {
            Accepted::Whole
        } else if e.contains("bool") {
            Accepted::TrueFalse
        } else if e.contains("string") || e.contains("path") || e.contains("char") {
            Accepted::Text
        } else if e.starts_with('f') {
            Accepted::Number
        } else if e.contains("sequence") || e.contains("array") {
            Accepted::List
        } else {
            Accepted::Other
        }
    }

    fn zh(&self) -> &'static str {
        match self {
            Accepted::Whole => "整数（不加引号）",
            Accepted::TrueFalse => " true 或 false",
            Accepted::Text => "加引号的文本",
            Accepted::Number => "数字",
            Accepted::List => "列表",
            Accepted::Other => "所需的类型",
        }
    }

    /// `None`: serde's own words say it well enough.
    fn en(&self) -> Option<&'static str> {
        match self {
            Accepted::Whole => Some("a whole number, without quotes"),
            Accepted::TrueFalse => Some("true or false, without quotes"),
            Accepted::Text => Some("text in quotes"),
            Accepted::Number => Some("a number, without quotes"),
            Accepted::List => Some("a list"),
            Accepted::Other => None,
        }
    }
}

/// A message in the language set by [`set`]: `msg!("en {x}", "中文 {x}", args...)`.
///
/// Both texts are `format!` strings over the same arguments (inline names such as `{id}` are
/// captured as `format!` captures them); only the chosen one is formatted. Returns a `String`,
/// so it goes straight into `bail!`, `anyhow!`, `context` or `writeln!`.
#[macro_export]
macro_rules! msg {
    ($en:literal, $zh:literal $(, $arg:expr)* $(,)?) => {
        if $crate::i18n::zh() {
            format!($zh $(, $arg)*)
        } else {
            format!($en $(, $arg)*)
        }
    };
}

#[cfg(test)]
mod tests {
    #[test]
    fn picks_the_language_set_and_captures_names() {
        let id = "1.4";
        super::set(crate::model::Lang::Zh);
        assert_eq!(crate::msg!("no task {id}", "没有任务 {id}"), "没有任务 1.4");
        assert_eq!(crate::msg!("{} of {}", "{1}中的{0}", 2, 5), "5中的2");
        super::set(crate::model::Lang::En);
        assert_eq!(crate::msg!("no task {id}", "没有任务 {id}"), "no task 1.4");
        // One test: the language is process-wide, and tests run at once.
        super::set(crate::model::Lang::Zh);
        assert_eq!(super::list(["1.3", "1.4"]), "1.3、1.4");
        let cases = [
            (
                "unknown field `colour`, expected one of `db`",
                "未知的键“colour”",
            ),
            ("missing field `tasks`", "缺少键“tasks”"),
            (
                "invalid type: string \"14d\", expected i64",
                "值的类型不符：应为整数（不加引号）",
            ),
            (
                "invalid type: integer `5`, expected a string",
                "值的类型不符：应为加引号的文本",
            ),
            (
                "invalid type: string \"yes\", expected a boolean",
                "值的类型不符：应为 true 或 false",
            ),
            (
                "extra `=`, expected nothing",
                "不是有效的 TOML 写法（应为 键 = 值，文本加引号）",
            ),
        ];
        for (en, zh) in cases {
            assert_eq!(super::serde_message(en, "TOML"), zh, "{en}");
        }
        super::set(crate::model::Lang::En);
        assert_eq!(super::list(["1.3", "1.4"]), "1.3, 1.4");
        let cases = [
            (
                "invalid type: string \"14d\", expected i64",
                "a value of the wrong type (string \"14d\"): expected a whole number, without quotes",
            ),
            (
                "invalid type: integer `5`, expected a string",
                "a value of the wrong type (integer `5`): expected text in quotes",
            ),
            (
                "invalid type: string \"yes\", expected a boolean",
                "a value of the wrong type (string \"yes\"): expected true or false, without quotes",
            ),
            (
                "invalid type: map, expected a tongbao layout",
                "a value of the wrong type (map): expected a tongbao layout",
            ),
            (
                "invalid float, expected nothing",
                "invalid float: write each setting as key = value, text in quotes",
            ),
            (
                "unknown field `x`, expected one of `a`, `b`",
                "unknown field `x`, expected one of `a`, `b`",
            ),
        ];
        for (raw, said) in cases {
            assert_eq!(super::serde_message(raw, "TOML"), said, "{raw}");
        }
        assert_eq!(
            super::serde_message("expected `,` or `]`", "JSON"),
            "expected `,` or `]`"
        );
    }
}
