//! Breaking a table cell's text into lines: between grapheme clusters, at spaces in words of
//! letters, and by the basic rules of Chinese line breaking. Used by `grid` for its cells and,
//! ahead of comfy-table, for the tables `show` draws.

use super::grid::display_width;

/// A character that takes two columns (Chinese, full-width forms): text of these breaks
/// between any two of them, not at spaces.
pub(super) fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Splits `text` into lines at most `width` columns wide: at spaces where the text has them,
/// else between grapheme clusters (Chinese has no spaces; an emoji sequence such as 👨‍👩‍👧‍👦 or a
/// flag is one cluster, Unicode Standard Annex #29); a word longer than a line is cut. Between
/// clusters the basic Chinese line-breaking rules hold (`model::text::no_line_start`,
/// `no_line_end`): a closing mark is not left at the head of a line nor an opening one at its
/// end, by carrying the cluster before the break over to the next line when the line keeps
/// something else. An escape (`\u{202e}`), a notice's serial (`督办〔2026〕12号`), a figure
/// (`100%`, `2026-12-03`) and a status word (`已完成`) are never split (`model::kept_whole`)
/// unless one is wider than the line.
#[cfg(test)]
pub(super) fn wrap(text: &str, width: usize) -> Vec<&str> {
    let mut lines = Vec::new();
    wrap_into(text, width, &mut lines);
    lines
}

/// `text` with its lines wrapped as table cells wrap them (`wrap`), joined by `\n`: for the
/// comfy-table tables, which split long lines between grapheme clusters but know no Chinese
/// line-breaking rules. Lines that fit are left to the table.
pub fn wrap_text(text: &str, width: usize) -> String {
    let mut lines = Vec::new();
    for line in text.split('\n') {
        wrap_into(line, width, &mut lines);
    }
    lines.join("\n")
}

/// The narrowest a column of prose that may name a status is made: the widest status word in
/// `lang` with a closing mark after it (`in-progress.`, `进行中。`), so that the word, kept
/// whole by `wrap` (`model::kept_whole`), always has a line to itself (17j #4).
pub(super) fn status_room(lang: crate::model::Lang) -> usize {
    let mark = match lang {
        crate::model::Lang::En => 1,
        crate::model::Lang::Zh => 2,
    };
    crate::model::Status::ALL
        .iter()
        .map(|s| display_width(s.label(lang)) + mark)
        .max()
        .unwrap_or(0)
}

/// `wrap`, adding the lines to `lines`.
pub(super) fn wrap_into<'t>(text: &'t str, width: usize, lines: &mut Vec<&'t str>) {
    use crate::model::{no_line_end, no_line_start};
    use unicode_segmentation::UnicodeSegmentation;

    if display_width(text) <= width {
        lines.push(text);
        return;
    }
    // Each cluster: where it starts, the cluster, its width.
    let gs: Vec<(usize, &str, usize)> = text
        .grapheme_indices(true)
        .map(|(i, g)| (i, g, display_width(g)))
        .collect();
    let at = |k: usize| gs.get(k).map_or(text.len(), |g| g.0);
    // A break before cluster `k` that would split an escape or a serial.
    let whole = crate::model::kept_whole(text);
    let splits = |k: usize| whole.iter().any(|r| r.start < at(k) && at(k) < r.end);
    let mut start = 0;
    while start < gs.len() {
        let mut used = 0;
        let mut end = start;
        while end < gs.len() && used + gs[end].2 <= width {
            used += gs[end].2;
            end += 1;
        }
        // A cluster wider than the column goes alone on its line.
        let end = end.max(start + 1);
        if end >= gs.len() {
            lines.push(&text[at(start)..]);
            return;
        }
        // A break before `k` keeps the rules when the line after it does not start with a
        // closing mark and this one does not end with an opening one (spaces at a break are
        // dropped, so they do not count).
        let after = |k: usize| (k..gs.len()).find(|&j| gs[j].1 != " ");
        let fits = |k: usize| {
            !splits(k)
                && after(k).is_none_or(|j| !no_line_start(gs[j].1))
                && (start..k)
                    .rev()
                    .find(|&j| gs[j].1 != " ")
                    .is_none_or(|j| !no_line_end(gs[j].1))
        };
        // A break inside a word, a number or a date (`09-10`, `2027-09-01`, `40%`) goes back to
        // where it starts: after a space or a wide character, either of which may end a line.
        let in_word = |g: &str| {
            g.chars()
                .all(|c| (c.is_alphanumeric() && !is_wide(c)) || "-./:%+".contains(c))
        };
        let word_break = if gs[end].1 == " " {
            Some(end)
        } else if in_word(gs[end - 1].1) && in_word(gs[end].1) {
            let begins = (start + 1..end).rev().find(|&k| !in_word(gs[k - 1].1));
            begins.map(|k| if gs[k - 1].1 == " " { k - 1 } else { k })
        } else {
            None
        };
        // Inside a run of narrow marks and letters (`none).`, `(\"-\":`): a break there cuts
        // a word as it is read, so one at its edge comes first (issue 17, finding 11: a
        // footnote's `non` / `e).`).
        let narrow = |g: &str| g != " " && !g.chars().any(is_wide);
        let inside = |k: usize| k > start && k < gs.len() && narrow(gs[k - 1].1) && narrow(gs[k].1);
        let cut = word_break
            .filter(|&k| fits(k))
            .or_else(|| (start + 1..=end).rev().find(|&k| fits(k) && !inside(k)))
            .or_else(|| (start + 1..=end).rev().find(|&k| fits(k)))
            // No break keeps every rule: at least keep an escape or a serial whole.
            .or_else(|| (start + 1..=end).rev().find(|&k| !splits(k)))
            .unwrap_or(end);
        let next = if gs[cut].1 == " " {
            after(cut).unwrap_or(gs.len())
        } else {
            cut
        };
        lines.push(text[at(start)..at(cut)].trim_end());
        start = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_display_width_and_words() {
        assert_eq!(
            wrap("加强非公有制企业党建", 8),
            ["加强非公", "有制企业", "党建"]
        );
        assert_eq!(wrap("build the plan now", 9), ["build the", "plan now"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("短", 10), ["短"]);
        // Dates and numbers stay whole where a line may end before them.
        assert_eq!(
            wrap("最新：09-10 已拟定", 10),
            ["最新：", "09-10 已拟", "定"]
        );
        assert_eq!(wrap("时限2027-09-01", 10), ["时限", "2027-09-01"]);
        // A word ending in closing marks goes whole to the next line, never `non` / `e).`.
        assert_eq!(
            wrap("their deadline (\"-\": none).", 26),
            ["their deadline (\"-\":", "none)."]
        );
        assert_eq!(wrap("see (list).", 9), ["see", "(list)."]);
    }

    #[test]
    fn wrapping_keeps_clusters_and_the_chinese_line_breaking_rules() {
        let family = "👨‍👩‍👧‍👦";
        let cases: &[(&str, usize, &[&str])] = &[
            ("家庭👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 6, &["家庭👨‍👩‍👧‍👦", "👨‍👩‍👧‍👦"]),
            ("🇨🇳🇨🇳🇨🇳", 4, &["🇨🇳🇨🇳", "🇨🇳"]),
            ("ée\u{301}é", 2, &["ée\u{301}", "é"]),
            // The comma may not start a line: the character before it comes along.
            ("加强党建，推进", 8, &["加强党", "建，推进"]),
            // The opening quote may not end a line: it goes down with what it opens.
            ("加强党“一把手”", 8, &["加强党", "“一把手”"]),
            ("完善制度（试行）", 8, &["完善制度", "（试行）"]),
            ("完成了。", 6, &["完成", "了。"]),
            // Not even after a space; here the only break that keeps the rule is in the word.
            ("word ，字", 5, &["wor", "d ，", "字"]),
            ("（（（（（（", 4, &["（（", "（（", "（（"]),
        ];
        for (text, width, want) in cases {
            assert_eq!(wrap(text, *width), *want, "{text:?} at {width}");
        }
        assert_eq!(wrap(family, 1), [family]);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::model::{no_line_end, no_line_start};
    use crate::render::grid::display_width;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "党",
            "建",
            "工",
            "作",
            "a",
            "bc",
            "word",
            " ",
            "，",
            "。",
            "、",
            "）",
            "”",
            "（",
            "“",
            "《",
            "👨‍👩‍👧‍👦",
            "🇨🇳",
            "👍🏽",
            "❤️",
            "e\u{301}",
            "Ａ",
            "𠀀",
            "1",
        ])
        .prop_map(String::from)
    }

    /// Text that must stay whole on a line (`model::kept_whole`) and text around it.
    fn atom_or_filler() -> impl Strategy<Value = (String, bool)> {
        prop_oneof![
            (1000u32..10000, 1u32..1000).prop_map(|(y, n)| (format!("督办〔{y}〕{n}号"), true)),
            prop::sample::select(vec!["\\u{202e}", "\\u{1b}", "\\u{10ffff}", "\\u{7}"])
                .prop_map(|e| (e.to_string(), true)),
            (1000u32..10000, 1u32..13, 1u32..32)
                .prop_map(|(y, m, d)| (format!("{y}年{m}月{d}日"), true)),
            (1u32..13, 1u32..32).prop_map(|(m, d)| (format!("{m}月{d}日"), true)),
            piece().prop_map(|p| (p, false)),
            prop::sample::select(vec![
                "，限",
                "前反馈",
                "督办通知单 ",
                "号",
                "〕",
                "〔",
                "\\u{"
            ])
            .prop_map(|p| (p.to_string(), false)),
        ]
    }

    proptest! {
        /// Serials, escapes and Chinese dates among any text, at any width they fit in: every
        /// line fits, and each of them is found whole on one line.
        #[test]
        fn serials_escapes_and_dates_are_never_split(
            parts in prop::collection::vec(atom_or_filler(), 1..24),
            extra in 0usize..30,
        ) {
            // A digit before a date makes a longer date (`1` then `1000年1月1日` is the year
            // 11000): a space keeps the atom the one it was drawn as.
            let mut text = String::new();
            for (p, atom) in &parts {
                let digits = |c: char| c.is_ascii_digit();
                if *atom && text.ends_with(digits) && p.starts_with(digits) {
                    text.push(' ');
                }
                text.push_str(p);
            }
            let atoms: Vec<&str> = parts.iter().filter(|(_, a)| *a).map(|(p, _)| p.as_str()).collect();
            let widest = atoms.iter().map(|a| display_width(a)).max().unwrap_or(1);
            // Also the widest cluster (an emoji) and one more, so that a line holds something.
            let width = widest.max(2) + extra;
            let lines = wrap(&text, width);
            for line in &lines {
                prop_assert!(display_width(line) <= width, "{:?} wider than {}", line, width);
            }
            // Count each atom's occurrences in the text and on the lines: every one is whole.
            for a in &atoms {
                let in_text = text.matches(a).count();
                let on_lines: usize = lines.iter().map(|l| l.matches(a).count()).sum();
                prop_assert_eq!(on_lines, in_text, "{:?} split in {:?}", a, lines);
            }
        }

        /// Any text at any width: every line fits (or is one cluster too wide for any line),
        /// the lines put together give the text back but for the spaces at the breaks, no
        /// cluster is cut, and a rule is broken only where no break could keep it.
        #[test]
        fn wrapped_lines_fit_and_keep_every_cluster(
            pieces in prop::collection::vec(piece(), 0..40),
            width in 1usize..30,
        ) {
            let text: String = pieces.concat();
            let lines = wrap(&text, width);
            for line in &lines {
                prop_assert!(
                    display_width(line) <= width || line.graphemes(true).count() == 1,
                    "{:?} wider than {}", line, width
                );
            }
            let clusters = |s: &str| -> Vec<String> {
                s.graphemes(true).filter(|g| *g != " ").map(String::from).collect()
            };
            let mut rebuilt = Vec::new();
            for line in &lines {
                rebuilt.extend(clusters(line));
            }
            prop_assert_eq!(rebuilt, clusters(&text));
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
                let (Some(last), Some(first)) = (a.graphemes(true).next_back(), b.graphemes(true).next())
                else { continue };
                if no_line_start(first) || no_line_end(last) {
                    // Only when every break in that line would have broken a rule; a figure,
                    // a status word, a serial or an escape kept whole (`model::kept_whole`)
                    // counts as one piece, as nothing breaks inside it.
                    let whole = crate::model::kept_whole(a);
                    let gs: Vec<&str> = a
                        .grapheme_indices(true)
                        .filter(|(i, g)| {
                            *g != " " && !whole.iter().any(|r| r.start < *i && *i < r.end)
                        })
                        .map(|(_, g)| g)
                        .collect();
                    let marks = gs.iter().filter(|g| no_line_start(g) || no_line_end(g)).count();
                    prop_assert!(
                        marks + 1 >= gs.len(),
                        "{:?} | {:?} at width {}", a, b, width
                    );
                }
            }
        }
    }
}
