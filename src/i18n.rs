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

/// The prefix of a warning line on stderr: `warning: ` or `警告：`.
pub fn warning_prefix() -> &'static str {
    if zh() { "警告：" } else { "warning: " }
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
    }
}
