//! What a task table's columns mean, recognised by their headers, and how their cells read:
//! ids (`1.4`), statuses (tracker's, or an office's word), progress (`40%`), and a column's
//! spreadsheet name (`H`) for errors. Pure.

use crate::model::Status;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Id,
    Title,
    Text,
    Lead,
    Support,
    When,
    Note,
    Status,
    Progress,
}

/// Header names of each column, the usual ones first.
pub const HEADERS: &[(Col, &[&str])] = &[
    (Col::Id, &["序号", "编号", "任务编号", "No", "ID"]),
    (
        Col::Title,
        &[
            "督办事项",
            "工作任务",
            "重点任务",
            "任务名称",
            "任务",
            "事项",
            "工作事项",
            "项目名称",
            "整改任务",
            "整改事项",
            "Task",
            "Title",
        ],
    ),
    (
        Col::Text,
        &[
            "具体内容",
            "工作要求",
            "工作内容",
            "主要内容",
            "任务内容",
            "具体措施",
            "工作措施",
            "目标要求",
            "具体任务",
            "整改措施",
            "整改内容",
            "整改要求",
            "Details",
            "Text",
        ],
    ),
    (
        Col::Lead,
        &[
            "牵头单位",
            "责任单位",
            "主责单位",
            "牵头部门",
            "责任部门",
            "主办单位",
            "责任科室",
            "牵头科室",
            "责任处室",
            "牵头处室",
            "责任股室",
            "牵头股室",
            "Lead",
        ],
    ),
    (
        Col::Support,
        &[
            "配合单位",
            "协办单位",
            "配合部门",
            "协办部门",
            "参与单位",
            // Inside one office, its sections support, as in the notes' labels.
            "配合科室",
            "配合处室",
            "配合股室",
            "Supporting",
            "Support",
        ],
    ),
    (
        Col::When,
        &[
            "完成时限",
            "时间节点",
            "完成时间",
            "完成期限",
            "整改时限",
            "整改期限",
            "时限",
            "Deadline",
        ],
    ),
    (
        Col::Note,
        &[
            "进展情况",
            "完成情况",
            "最新进展",
            "工作进展",
            "进展",
            "Latest progress",
        ],
    ),
    (Col::Status, &["状态", "完成状态", "办理状态", "Status"]),
    (Col::Progress, &["进度", "完成进度", "完成比例", "Progress"]),
];

/// Statuses offices write besides tracker's own (`model::Status` reads those).
const STATUS_WORDS: &[(&str, Status)] = &[
    ("完成", Status::Done),
    ("已办结", Status::Done),
    ("办结", Status::Done),
    ("已完成整改", Status::Done),
    ("推进中", Status::InProgress),
    ("正在推进", Status::InProgress),
    ("持续推进", Status::InProgress),
    ("进行", Status::InProgress),
    ("序时推进", Status::InProgress),
    ("未启动", Status::NotStarted),
    ("未完成", Status::InProgress),
    ("滞后", Status::Blocked),
    ("暂缓", Status::Blocked),
    ("取消", Status::Cancelled),
];

pub fn header(cell: &str) -> Option<Col> {
    let key: String = cell
        .split(['（', '('])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if key.is_empty() {
        return None;
    }
    // Names are compared without their spaces (`Latest progress` is `LatestProgress`).
    let same = |n: &str| {
        n.split_whitespace()
            .collect::<String>()
            .eq_ignore_ascii_case(&key)
    };
    let exact = HEADERS
        .iter()
        .find(|(_, names)| names.iter().any(|n| same(n)));
    // A longer Chinese header holding a name (`牵头单位及责任人`); English names only whole
    // (`Leadership` is no `Lead`).
    let part = || {
        HEADERS.iter().find(|(_, names)| {
            names.iter().any(|n| {
                !n.is_ascii()
                    && n.chars().count() >= 2
                    && key.contains(n)
                    && key.chars().count() <= 8
            })
        })
    };
    exact.or_else(part).map(|(c, _)| *c)
}

/// Headers of the columns tracker's own tables write that are no field of a task: figures
/// worked out from the ledger on the day they were written (健康, 序时, 未反馈天数) and the
/// report's notes of the week. The 台账 (`export --format xlsx`, `render::xlsx::ledger`)
/// and the report's progress table (`render::report::progress_headers`, in csv or a
/// workbook) write them, in Chinese and in English; read back (`import 台账.xlsx`), they are
/// not the task's words, and a table that comes back in keeps its texts as they were.
pub const WRITTEN: &[&str] = &[
    "健康",
    "Health",
    "序时",
    "序时进度",
    "Pace",
    "未反馈天数",
    "Days unreported",
    "本周进展",
    "This week",
    "本期进展",
    "This period",
    "Latest note",
    // Read as the note where it is the only such column; beside 本周进展 it is tracker's.
    "最新进展",
    "Latest progress",
    "%",
];

/// The columns of a task table that are no field of a task (存在问题, 责任领导, 责任人,
/// 备注…) and not one tracker's own tables write ([`WRITTEN`]), as (index, its header's
/// words), in column order; `skip` is a column read otherwise (the category that groups the
/// rows). Their cells are kept in the task's text ([`with_extras`]), so no word of the
/// table is lost.
pub fn extra_columns(
    header_row: &[String],
    cols: &[Option<Col>],
    skip: Option<usize>,
) -> Vec<(usize, String)> {
    let width = cols.len().max(header_row.len());
    (0..width)
        .filter(|&i| cols.get(i).copied().flatten().is_none() && Some(i) != skip)
        .map(|i| {
            let label: String = header_row
                .get(i)
                .map(|h| h.split_whitespace().collect())
                .unwrap_or_default();
            (i, label)
        })
        .filter(|(_, label)| {
            !WRITTEN.iter().any(|w| {
                w.split_whitespace()
                    .collect::<String>()
                    .eq_ignore_ascii_case(label)
            })
        })
        .collect()
}

/// A task's text with each extra column's cell after it, one `label：value` line each (the
/// value alone under a column without a header), in column order. Empty cells add nothing,
/// nor does a cell that only repeats the task's text (a merged range over it).
pub fn with_extras(text: String, extras: &[(String, String)]) -> String {
    let mut out = text;
    for (label, value) in extras {
        let value = value.trim();
        if value.is_empty() || value == out.trim() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        if !label.is_empty() {
            out.push_str(label);
            out.push('：');
        }
        out.push_str(value);
    }
    out
}

/// The header row and each column's meaning, or `None` when no row names the tasks.
/// `A`, …, `Z`, `AA`: a column as spreadsheets name it.
pub fn column_name(mut c: usize) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (c % 26) as u8) as char);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s
}

/// `1.4`, `1-4`, `1．4` → (1, Some(4)); `4` → (4, None); `一、` → (1, None).
pub fn id_of(s: &str) -> Option<(u32, Option<u32>)> {
    let s = s.trim().trim_end_matches(['、', '.', '．']);
    if let Some((a, b)) = s.split_once(['.', '-', '．', '－', '—']) {
        return Some((a.trim().parse().ok()?, Some(b.trim().parse().ok()?)));
    }
    if let Ok(n) = s.parse() {
        return Some((n, None));
    }
    super::deadline::number(s).map(|n| (n, None))
}

/// A status cell: tracker's names in English or Chinese, or an office's word for one.
pub fn status(s: &str) -> Result<Status, String> {
    s.parse::<Status>().or_else(|e| {
        let key: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        STATUS_WORDS
            .iter()
            .find(|(w, _)| *w == key)
            .map(|(_, st)| *st)
            .ok_or(e)
    })
}

/// A progress cell: `40`, `40%`, or a fraction shown as a percentage (`0.4`).
pub fn progress(s: &str) -> Result<u8, String> {
    let t = s.trim().trim_end_matches(['%', '％']).trim();
    let bad = || {
        crate::msg!(
            "invalid progress '{s}': expected a whole number from 0 to 100 or a percentage",
            "无效的进度“{s}”：应为 0 至 100 的整数或百分比"
        )
    };
    let v: f64 = t.parse().map_err(|_| bad())?;
    let v = if v > 0.0 && v < 1.0 && !s.contains(['%', '％']) {
        v * 100.0
    } else {
        v
    };
    if (0.0..=100.0).contains(&v) {
        Ok(v.round() as u8)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_recognised_by_name() {
        assert_eq!(header("序号"), Some(Col::Id));
        assert_eq!(header("工作 任务"), Some(Col::Title));
        assert_eq!(header("完成时限（年月）"), Some(Col::When));
        assert_eq!(header("牵头单位及责任人"), Some(Col::Lead));
        assert_eq!(header("备注"), None);
        // A rectification table's columns: the measure is the task, the problem is not.
        assert_eq!(header("整改措施"), Some(Col::Text));
        assert_eq!(header("整改时限"), Some(Col::When));
        assert_eq!(header("责任科室"), Some(Col::Lead));
        assert_eq!(header("配合科室"), Some(Col::Support));
        assert_eq!(header("责任股室"), Some(Col::Lead));
        assert_eq!(header("存在问题"), None);
    }

    #[test]
    fn columns_that_are_no_field_are_kept_in_the_text_in_order() {
        let head: Vec<String> = ["序号", "问题", "整改措施", "责任 领导", "健康", "", "备注"]
            .map(String::from)
            .into();
        let cols: Vec<Option<Col>> = head.iter().map(|h| header(h)).collect();
        let extras = extra_columns(&head, &cols, None);
        let labels: Vec<&str> = extras.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["问题", "责任领导", "", "备注"]);
        let cells = [
            ("问题".to_string(), "路面破损".to_string()),
            ("责任领导".to_string(), " 张三 ".to_string()),
            (String::new(), "另见附件".to_string()),
            ("备注".to_string(), String::new()),
        ];
        assert_eq!(
            with_extras("修复路面".into(), &cells),
            "修复路面\n问题：路面破损\n责任领导：张三\n另见附件"
        );
        assert_eq!(with_extras("修复路面".into(), &cells[..0]), "修复路面");
    }

    #[test]
    fn ids_statuses_and_progress() {
        assert_eq!(id_of("1.4"), Some((1, Some(4))));
        assert_eq!(id_of("2-10"), Some((2, Some(10))));
        assert_eq!(id_of("4"), Some((4, None)));
        assert_eq!(status("已办结"), Ok(Status::Done));
        assert_eq!(status("In Progress"), Ok(Status::InProgress));
        assert!(status("差不多").is_err());
        assert_eq!(progress("40%"), Ok(40));
        assert_eq!(progress("0.4"), Ok(40));
        assert!(progress("150").is_err());
        assert_eq!(column_name(27), "AB");
    }
}
