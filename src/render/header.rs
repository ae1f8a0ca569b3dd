//! One rule for a table header that the terminal breaks over lines (`平均\n进度`,
//! `Can-\ncelled`, `催办次数\n（本期/累计）`) and a document (markdown, html, xlsx, a chart's
//! legend) shows on one line: every writer joins it here, so a header never reads
//! `Can- celled` in one format and `Cancelled` in another.

use super::wrap::is_wide;

/// A header's lines joined into one line: the break after a hyphen taken out with the
/// hyphen (`Over-\ndue` → `Overdue`, the terminal's own hyphenation); nothing between two
/// lines where either side is a wide (Chinese, full-width) character (`平均进度`,
/// `催办次数（本期/累计）`), since Chinese has no spaces between words; one space between
/// words otherwise (`vs last\nweek` → `vs last week`). A header without `\n` is returned as is.
pub fn header_line(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for (k, line) in h.split('\n').enumerate() {
        if k > 0 {
            let before = out.chars().last();
            let after = line.chars().next();
            if before == Some('-') {
                out.pop();
            } else if !(before.is_some_and(is_wide) || after.is_some_and(is_wide))
                && before.is_some()
                && after.is_some()
            {
                out.push(' ');
            }
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::header_line;

    #[test]
    fn joins_chinese_without_space_and_takes_out_hyphen_breaks() {
        for (h, want) in [
            ("平均\n进度", "平均进度"),
            ("催办次数\n（本期/累计）", "催办次数（本期/累计）"),
            ("Can-\ncelled", "Cancelled"),
            ("Unre-\nported", "Unreported"),
            ("vs last\nweek", "vs last week"),
            ("Reminders\n(period/to date)", "Reminders (period/to date)"),
            ("进度\n%", "进度%"),
            ("已取消", "已取消"),
        ] {
            assert_eq!(header_line(h), want, "{h:?}");
        }
    }
}
