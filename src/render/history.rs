//! The `history` table (and the history under `show`): one row per recorded change, written
//! as the changes are read.
//!
//! Only long text folds anywhere: a note, a title. The change column breaks between the parts
//! of a change (`lead:` · `组织科` · `->` · `人力资源和社会保障局`), never inside a date, a
//! percentage, a status or a unit's name, and is made at least as wide as the widest such
//! value (while the note keeps 6 columns); an actor's name is kept whole up to 16 columns.

use super::{describe, grid, safe, short_time, value};
use crate::model::Lang;
use crate::task::{Event, Field};

/// The widest an actor's column is made; a longer name folds.
const ACTOR_MAX: usize = 16;

/// The narrowest the note column is made to keep a change's parts whole.
const NOTE_MIN: usize = 6;

/// The widest a note's path or word (`seed/plan.toml`) is given room for, in columns; a
/// longer one breaks.
const NOTE_WORD_MAX: usize = 24;

/// `history`: one row per recorded change, oldest first.
pub fn history_table(events: &[Event], with_task: bool, lang: Lang, width: u16) -> String {
    let mut t = HistoryTable::new(with_task, lang);
    for e in events {
        t.measure(e);
    }
    let mut out = t.head(width);
    for e in events {
        t.row(e, &mut out);
    }
    t.foot(&mut out);
    out
}

/// One part of a change as the change column shows it.
struct Part {
    text: String,
    /// Long text (a title) that may fold anywhere; else the part is kept whole.
    long: bool,
    /// Written straight after the part before it on a line (after a full-width colon).
    glued: bool,
}

/// The parts of a change, in order; joined by spaces (or glued) they read as `describe`.
fn parts(e: &Event, lang: Lang, merged: bool) -> Vec<Part> {
    let part = |text: String, long, glued| Part { text, long, glued };
    let glue = lang == Lang::Zh;
    let label = |name: &str| part(format!("{name}{}", lang.pick("：", ":")), false, false);
    let name = super::event_label_as(e, lang, merged);
    let v = |x: Option<&str>| value(e.field, x, lang);
    match e.field {
        Field::Created => vec![
            label(lang.pick("创建", "created")),
            part(v(e.new.as_deref()), true, glue),
        ],
        Field::Support if e.old.is_none() || e.new.is_none() => {
            let (sign, unit) = match (&e.old, &e.new) {
                (None, Some(added)) => ('+', added),
                (Some(removed), _) => ('-', removed),
                (None, None) => return vec![part(describe(e, lang), true, false)],
            };
            vec![
                label(name),
                part(format!("{sign}{}", safe(unit, false)), false, glue),
            ]
        }
        Field::Title => vec![
            label(name),
            part(v(e.old.as_deref()), true, glue),
            part("->".into(), false, false),
            part(v(e.new.as_deref()), true, false),
        ],
        Field::Status
        | Field::Progress
        | Field::Deadline
        | Field::Lead
        | Field::Support
        | Field::SupportOrder => vec![
            label(name),
            part(v(e.old.as_deref()), false, glue),
            part("->".into(), false, false),
            part(v(e.new.as_deref()), false, false),
        ],
        Field::Notice => notice_parts(e, lang),
        Field::Note | Field::Text => vec![part(describe(e, lang), false, false)],
    }
}

/// A notice's parts (`督办通知单` · `督办〔2026〕3号，` · `限12月4日前反馈`): the serial and the
/// date each whole, but the sentence free to break between them, so that a notice does not
/// make the change column as wide as its whole sentence and starve the note beside it.
fn notice_parts(e: &Event, lang: Lang) -> Vec<Part> {
    let part = |text: String, glued| Part {
        text,
        long: false,
        glued,
    };
    let (text, withdrawn) = match (&e.new, &e.old) {
        (Some(t), _) => (t.as_str(), false),
        (None, Some(t)) => (t.as_str(), true),
        (None, None) => ("", false),
    };
    let Ok(n) = text.parse::<crate::model::NoticeRef>() else {
        return vec![part(describe(e, lang), false)];
    };
    let serial = n.serial();
    match (lang, withdrawn) {
        (Lang::Zh, false) => vec![
            part("督办通知单".into(), false),
            part(format!("{serial}，"), false),
            part(format!("限{}前反馈", n.reply_by_zh()), true),
        ],
        (Lang::Zh, true) => vec![part("撤回督办通知单".into(), false), part(serial, false)],
        (Lang::En, false) => vec![
            part("notice".into(), false),
            part(format!("{serial},"), false),
            part("reply by".into(), false),
            part(crate::model::ymd(n.reply_by), false),
        ],
        (Lang::En, true) => vec![
            part("notice".into(), false),
            part(serial, false),
            part("withdrawn".into(), false),
        ],
    }
}

/// The widest run of a note that the wrap keeps together when its column allows (a path, a
/// file name, a word of letters: `wrap`'s words), at most [`NOTE_WORD_MAX`] columns.
/// A closing mark right after the run (`plan.docx，`) counts with it, since a line may not
/// start with one and the wrap would carry the run's last letter over with it.
fn widest_word(note: &str) -> usize {
    let mut widest = 0;
    let mut run = 0;
    for c in note.chars() {
        if c.is_ascii_graphic() {
            run += 1;
            continue;
        }
        if run > 1 {
            let closing = crate::model::no_line_start(c.encode_utf8(&mut [0; 4]));
            widest = widest.max(
                run + if closing {
                    grid::display_width(&c.to_string())
                } else {
                    0
                },
            );
        }
        run = 0;
    }
    widest.max(run).min(NOTE_WORD_MAX)
}

/// The parts laid on lines at most `width` columns wide: whole parts, a long one folded
/// (`wrap`) where it does not fit; a short part wider than the column goes alone on its line,
/// folded only then.
fn fold(parts: &[Part], width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for p in parts {
        let sep = if line.is_empty() || p.glued { "" } else { " " };
        let w = grid::display_width(&p.text);
        if grid::display_width(&line) + sep.len() + w <= width {
            line.push_str(sep);
            line.push_str(&p.text);
            continue;
        }
        if p.long {
            // Fills what is left of the line, then folds.
            let joined = format!("{line}{sep}{}", p.text);
            let mut folded = Vec::new();
            super::wrap::wrap_into(&joined, width, &mut folded);
            let last = folded.pop().unwrap_or_default().to_string();
            lines.extend(folded.into_iter().map(str::to_string));
            line = last;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if w <= width {
            line.push_str(&p.text);
        } else {
            let mut folded = Vec::new();
            super::wrap::wrap_into(&p.text, width, &mut folded);
            let last = folded.pop().unwrap_or_default().to_string();
            lines.extend(folded.into_iter().map(str::to_string));
            line = last;
        }
    }
    lines.push(line);
    lines.join("\n")
}

/// `history`: one row per change, written as the changes are read, since a ledger's whole
/// history can be a million rows: `measure` every change, then `head`, a `row` for every
/// change again, and `foot`.
pub struct HistoryTable {
    with_task: bool,
    /// The changes that merged a unit into one already known (`with_merges`).
    merges: std::collections::HashSet<i64>,
    lang: Lang,
    cols: Vec<grid::Col<'static>>,
    measured: grid::Measure,
    widths: Vec<usize>,
    /// The widest part of a change kept whole (a unit, a date), in columns.
    widest_part: usize,
    /// The widest actor's name, in columns.
    widest_actor: usize,
    /// The widest thing in a note that a break must not split (an escape, a serial, a date:
    /// `model::kept_whole`), in columns.
    widest_note_whole: usize,
    /// The widest path or word in a note (`widest_word`), in columns: given room after the
    /// change's whole parts.
    widest_note_word: usize,
}

impl HistoryTable {
    pub fn new(with_task: bool, lang: Lang) -> Self {
        let cols = Self::columns(with_task, lang, 0, 0, 0);
        HistoryTable {
            with_task,
            merges: Default::default(),
            lang,
            measured: grid::Measure::new(&cols),
            cols,
            widths: Vec::new(),
            widest_part: 0,
            widest_actor: 0,
            widest_note_whole: 0,
            widest_note_word: 0,
        }
    }

    /// The columns, the change column at least `change_min` wide, the note's `note_min` and
    /// the actor's `actor_min`.
    fn columns(
        with_task: bool,
        lang: Lang,
        change_min: usize,
        note_min: usize,
        actor_min: usize,
    ) -> Vec<grid::Col<'static>> {
        use grid::{Col, Fit};
        let col = |header, fit| Col {
            header,
            fit,
            right: false,
        };
        let mut cols = vec![col(lang.pick("时间", "When"), Fit::Content)];
        if with_task {
            cols.push(col(lang.pick("编号", "ID"), Fit::Content));
        }
        cols.extend([
            col(
                lang.pick("变更", "Change"),
                Fit::Wrap {
                    min: change_min,
                    max: None,
                },
            ),
            col(
                lang.pick("备注", "Note"),
                Fit::Wrap {
                    min: note_min,
                    max: None,
                },
            ),
            // Names are short; leave the room to the change and the note.
            col(
                lang.pick("操作人", "By"),
                Fit::Wrap {
                    min: actor_min,
                    max: Some(ACTOR_MAX),
                },
            ),
        ]);
        cols
    }

    /// The table with the changes in `merges` said as merges (`牵头单位并入`), not renames.
    pub fn with_merges(mut self, merges: std::collections::HashSet<i64>) -> Self {
        self.merges = merges;
        self
    }

    fn merged(&self, e: &Event) -> bool {
        self.merges.contains(&e.change_id)
    }

    fn change_col(&self) -> usize {
        1 + usize::from(self.with_task)
    }

    /// The row's cells; the change folded to `change_width` when one is given.
    fn cells<'e>(&self, e: &'e Event, change_width: Option<usize>) -> Vec<grid::Cell<'e>> {
        use grid::Cell;
        let mut row = vec![Cell::plain(short_time(&e.at))];
        if self.with_task {
            row.push(Cell::plain(e.task.to_string()));
        }
        row.push(Cell::plain(match change_width {
            Some(w) => fold(&parts(e, self.lang, self.merged(e)), w),
            None => super::describe_as(e, self.lang, self.merged(e)),
        }));
        // Notes keep their line breaks.
        row.push(match (e.note.as_deref(), e.undoes) {
            (Some(n), _) if n.chars().any(crate::model::needs_escape) => Cell::plain(safe(n, true)),
            (Some(n), _) => match super::machine_note(n, self.lang) {
                Some(said) => Cell::plain(said),
                None => Cell::shown(n),
            },
            (None, Some(c)) => Cell::plain(match self.lang {
                Lang::Zh => format!("撤销第 {c} 号变更"),
                Lang::En => format!("undo of change #{c}"),
            }),
            (None, None) => Cell::plain(""),
        });
        row.push(Cell::shown(&e.actor));
        row
    }

    pub fn measure(&mut self, e: &Event) {
        for p in parts(e, self.lang, self.merged(e))
            .iter()
            .filter(|p| !p.long)
        {
            self.widest_part = self.widest_part.max(grid::display_width(&p.text));
        }
        self.widest_actor = self
            .widest_actor
            .max(grid::display_width(&super::shown(&e.actor)));
        if let Some(n) = e.note.as_deref() {
            let shown = safe(n, true);
            for r in crate::model::kept_whole(&shown) {
                let w = grid::display_width(&shown[r]);
                self.widest_note_whole = self.widest_note_whole.max(w);
            }
            self.widest_note_word = self.widest_note_word.max(widest_word(&shown));
        }
        let cells = self.cells(e, None);
        self.measured.add(&cells);
    }

    /// Lays the columns out for what was measured; the headers. The change column is made no
    /// narrower than its widest whole part while the note keeps `NOTE_MIN` columns beside it;
    /// past that (a very narrow terminal) a part folds too.
    pub fn head(&mut self, width: u16) -> String {
        let width = usize::from(width);
        // The actor's column is as wide as its header too (操作人 takes 6 columns, wider than
        // most names): counted here, or the change column takes those columns as well and
        // the table runs past `width`.
        let header = grid::display_width(self.lang.pick("操作人", "By"));
        let actor_min = self.widest_actor.min(ACTOR_MAX).max(header);
        let natural = self.measured.layout(&self.cols, usize::MAX);
        let fixed: usize = self
            .cols
            .iter()
            .zip(&natural)
            .filter(|(c, _)| c.fit == grid::Fit::Content)
            .map(|(_, w)| w)
            .sum();
        let gaps = 2 * self.cols.len().saturating_sub(1);
        let flexible = width.saturating_sub(fixed + gaps + actor_min);
        // The note keeps room for its widest escape, serial or date, so none is split.
        let note_min = self.widest_note_whole.min(flexible);
        let change_min = self
            .widest_part
            .min(flexible.saturating_sub(NOTE_MIN.max(note_min)));
        // A path in a note (`seed/plan.toml`) whole, where the change's parts leave room.
        let note_min = note_min.max(
            self.widest_note_word
                .min(flexible.saturating_sub(change_min)),
        );
        self.cols = Self::columns(self.with_task, self.lang, change_min, note_min, actor_min);
        self.widths = self.measured.layout(&self.cols, width);
        let mut out = String::new();
        grid::head(&self.cols, &self.widths, &self.measured, &mut out);
        out
    }

    pub fn row(&self, e: &Event, out: &mut String) {
        let w = self.widths[self.change_col()];
        grid::write_row(
            &self.cols,
            &self.widths,
            &self.cells(e, Some(w)),
            false,
            out,
        );
    }

    pub fn foot(&self, out: &mut String) {
        grid::foot(&self.widths, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(text: &str, long: bool, glued: bool) -> Part {
        Part {
            text: text.into(),
            long,
            glued,
        }
    }

    #[test]
    fn folding_keeps_short_parts_whole_and_folds_long_text() {
        let lead = [
            part("lead:", false, false),
            part("组织科", false, false),
            part("->", false, false),
            part("人力资源和社会保障局", false, false),
        ];
        assert_eq!(fold(&lead, 20), "lead: 组织科 ->\n人力资源和社会保障局");
        assert_eq!(fold(&lead, 40), "lead: 组织科 -> 人力资源和社会保障局");
        let zh = [
            part("完成时限：", false, false),
            part("2026-12-31", false, true),
            part("->", false, false),
            part("2027-03-31", false, false),
        ];
        assert_eq!(fold(&zh, 14), "完成时限：\n2026-12-31 ->\n2027-03-31");
        let created = [
            part("created:", false, false),
            part("建立非公有制企业党建工作联系点", true, false),
        ];
        for line in fold(&created, 16).lines() {
            assert!(grid::display_width(line) <= 16, "{line}");
        }
        assert!(fold(&created, 16).starts_with("created: 建立"));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    fn name() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec!['组', '织', '科', '人', '社', '局', '宣', '传', '部']),
            2..=10,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    proptest! {
        /// Whatever the units and dates, at any width at least the widest part, each short
        /// part is found whole on one line and no line is wider than the column.
        #[test]
        fn short_parts_never_fold(old in name(), new in name(), zh in any::<bool>(), extra in 0usize..30) {
            let glue = zh;
            let ps = [
                Part { text: if zh { "牵头单位：".into() } else { "lead:".into() }, long: false, glued: false },
                Part { text: old.clone(), long: false, glued: glue },
                Part { text: "->".into(), long: false, glued: false },
                Part { text: new.clone(), long: false, glued: false },
            ];
            let widest = ps.iter().map(|p| grid::display_width(&p.text)).max().unwrap();
            let out = fold(&ps, widest + extra);
            for line in out.lines() {
                prop_assert!(grid::display_width(line) <= widest + extra, "{line}");
            }
            for v in [&old, &new] {
                prop_assert!(out.lines().any(|l| l.contains(v.as_str())), "{v} split: {out}");
            }
        }
    }
}
