//! What `tracker import` read, for people (`--dry-run`, a table per task with the words each
//! field came from) and for programs (`--format json`). Pure.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Lang, Status, TaskId};
use crate::render::{grid::display_width as width, safe};

/// The whole preview: the file, how it was read, and every recommendation.
#[derive(Serialize)]
pub struct Preview {
    pub file: String,
    /// `UTF-8`, `GB18030`, `docx`, `xlsx`, `csv`…
    pub encoding: String,
    pub converted_to_simplified: bool,
    pub dry_run: bool,
    /// The units the tasks name that the ledger does not have yet: the import creates them.
    pub new_units: Vec<String>,
    /// The day of the import: a deadline before it is marked as past.
    #[serde(skip)]
    pub today: NaiveDate,
    pub recommendations: Vec<PreviewRec>,
}

#[derive(Serialize)]
pub struct PreviewRec {
    pub number: u32,
    pub headline: String,
    pub text: String,
    pub items: Vec<PreviewItem>,
}

/// A task as it would be stored, and where each field came from.
#[derive(Serialize)]
pub struct PreviewItem {
    pub id: TaskId,
    pub title: String,
    pub text: String,
    pub lead: Option<String>,
    pub support: Vec<String>,
    /// `YYYY-MM-DD` or null.
    pub deadline: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The status follows from the progress, the file giving none (`true` only).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub status_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub sources: Sources,
}

/// The words behind each field: `null` when the field is empty.
#[derive(Serialize, Default)]
pub struct Sources {
    pub lead: Option<Source>,
    pub support: Vec<Source>,
    pub deadline: Option<Source>,
}

/// Where a value came from.
#[derive(Serialize, Clone)]
pub struct Source {
    /// The report's words (`牵头单位：县住建局`), or the flag (`--lead`).
    pub words: String,
    /// `text` (the item's words), `column` (a table's cell) or `flag` (`--lead`, `--deadline`).
    pub from: &'static str,
    /// A guess: a name not in the ledger from `X负责`, a year not stated, one of several dates.
    pub guess: bool,
    /// `ongoing` (长期坚持: no deadline), `unclear` (尽快: left empty), `relative` (30日内
    /// with no date to count from: left empty), `invalid` (2月30日: left empty), `recurring`
    /// (每月25日前: no one date), `period` (在5月至10月期间: no deadline), or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// How the tool read the words, apart from them (`of 2024 or 2025?`, `no such date`,
    /// `counted from the document's date 2025-04-08`); absent when there is nothing to add.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The dry run as a table: per task its id and title, then lead, support and deadline with
/// the words they came from (`?` marks a guess). Chinese labels line up by display width.
pub fn table(p: &Preview, lang: Lang) -> String {
    let mut out = String::new();
    let tasks: usize = p.recommendations.iter().map(|r| r.items.len()).sum();
    let recs = p.recommendations.len();
    let _ = writeln!(
        out,
        "{}{}{}{}{}",
        safe(&p.file, false),
        lang.pick("：", ": "),
        p.encoding,
        if p.converted_to_simplified {
            lang.pick("，已转为简体", ", converted to Simplified")
        } else {
            ""
        },
        match lang {
            Lang::Zh => format!("；{recs} 条建议，{tasks} 项任务"),
            Lang::En => format!(
                "; {recs} recommendation{}, {tasks} task{}",
                if recs == 1 { "" } else { "s" },
                if tasks == 1 { "" } else { "s" }
            ),
        },
    );
    if p.dry_run {
        out.pop();
        out.push_str(lang.pick("（试运行：未写入）\n", " (dry run: nothing written)\n"));
    }
    if !p.new_units.is_empty() {
        let n = p.new_units.len();
        let names: Vec<String> = p.new_units.iter().map(|u| safe(u, false)).collect();
        let _ = match lang {
            Lang::Zh => writeln!(out, "新单位（{n} 个）：{}", names.join("、")),
            Lang::En => writeln!(
                out,
                "new unit{} ({n}): {}",
                if n == 1 { "" } else { "s" },
                names.join(", ")
            ),
        };
    }
    let labels = [
        lang.pick("牵头单位", "lead"),
        lang.pick("配合单位", "support"),
        lang.pick("完成时限", "deadline"),
        lang.pick("状态", "status"),
    ];
    let pad = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let field = |out: &mut String, label: &str, value: &str, src: Option<&Source>| {
        let gap = " ".repeat(pad - width(label));
        let _ = write!(out, "      {label}{gap}  {}", safe(value, false));
        if let Some(s) = src {
            let mark = if s.guess { lang.pick("？", "?") } else { "" };
            let from = match s.from {
                "flag" => lang.pick("（命令行）", " (flag)"),
                "column" => lang.pick("（表格列）", " (column)"),
                _ => "",
            };
            let _ = write!(out, "{mark}  ← {}{from}", safe(&s.words, false));
            if let Some(note) = &s.note {
                let _ = write!(out, "{}", lang.pick("（", " ("));
                let _ = write!(out, "{}{}", safe(note, false), lang.pick("）", ")"));
            }
        }
        out.push('\n');
    };
    // Titles start in one column whatever the ids' lengths (`1.9` beside `1.10`, `12.3`).
    let ids: Vec<Vec<String>> = p
        .recommendations
        .iter()
        .map(|r| r.items.iter().map(|i| i.id.to_string()).collect())
        .collect();
    let id_width = ids.iter().flatten().map(|s| width(s)).max().unwrap_or(0);
    let rec_width = p
        .recommendations
        .iter()
        .map(|r| r.number.to_string().len())
        .max()
        .unwrap_or(0);
    for (r, ids) in p.recommendations.iter().zip(&ids) {
        let number = r.number.to_string();
        let gap = " ".repeat(rec_width - number.len());
        let _ = writeln!(out, "{number}{gap}  {}", safe(&r.headline, false));
        for (i, id) in r.items.iter().zip(ids) {
            let gap = " ".repeat(id_width - width(id));
            let _ = writeln!(out, "  {id}{gap}  {}", safe(&i.title, false));
            let none = lang.pick("—", "-");
            field(
                &mut out,
                labels[0],
                i.lead.as_deref().unwrap_or(none),
                i.sources.lead.as_ref(),
            );
            // Each supporting unit carries its own guess mark (`县财政局、县农业农村局？`), as
            // in the JSON; the words they came from follow once, each distinct source once.
            let srcs = &i.sources.support;
            let support = if i.support.is_empty() {
                none.to_string()
            } else {
                let marked: Vec<String> = i
                    .support
                    .iter()
                    .enumerate()
                    .map(|(k, u)| {
                        let guess = srcs.get(k).is_some_and(|s| s.guess);
                        format!("{u}{}", if guess { lang.pick("？", "?") } else { "" })
                    })
                    .collect();
                marked.join(lang.pick("、", ", "))
            };
            let mut words: Vec<&str> = Vec::new();
            for s in srcs {
                if !words.contains(&s.words.as_str()) {
                    words.push(&s.words);
                }
            }
            let joined = srcs.first().map(|first| Source {
                words: words.join(lang.pick("；", "; ")),
                guess: false,
                ..first.clone()
            });
            field(&mut out, labels[1], &support, joined.as_ref());
            let deadline = match (i.deadline, i.sources.deadline.as_ref().and_then(|s| s.kind)) {
                (Some(d), _) if d < p.today => {
                    format!("{d}{}", lang.pick("（已过）", " (already past)"))
                }
                (Some(d), _) => d.to_string(),
                (None, Some("ongoing")) => lang.pick("无（长期）", "none (ongoing)").into(),
                (None, Some("recurring")) => lang.pick("无（定期）", "none (recurring)").into(),
                (None, Some("period")) => lang.pick("无（期间）", "none (a period)").into(),
                (None, Some("relative")) => lang.pick("空（相对时限）", "empty (relative)").into(),
                (None, Some("invalid")) => {
                    lang.pick("空（日期无效）", "empty (invalid date)").into()
                }
                (None, Some(_)) => lang.pick("空（时限不明）", "empty (unclear)").into(),
                (None, None) => none.into(),
            };
            field(&mut out, labels[2], &deadline, i.sources.deadline.as_ref());
            if let Some(st) = i.status {
                let mut s = st.label(lang).to_string();
                if let Some(pr) = i.progress {
                    let _ = write!(s, " {pr}%");
                }
                if i.status_inferred {
                    s.push_str(lang.pick("（由进度推断）", " (inferred from progress)"));
                }
                field(&mut out, labels[3], &s, None);
            }
        }
    }
    out
}
