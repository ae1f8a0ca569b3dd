//! A file as the importer reads it: its kind settled by name and first bytes (.docx, a
//! workbook, .csv, text; .doc, PDF and pictures refused with what to save them as), and its
//! content as a report's clean text or a task table's sheets. Pure: bytes in.

use std::path::Path;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::columns::{self, Col};
use super::{docx, fields, sheet, table, text};

/// How a file is read, from its name and its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Docx,
    Workbook,
    Csv,
}

pub fn kind(path: &Path, bytes: &[u8]) -> Result<Kind> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let zip = bytes.starts_with(b"PK\x03\x04");
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let picture = bytes.starts_with(b"\x89PNG")
        || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"BM")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*");
    // A file renamed .docx or .xlsx is judged by its bytes first: an old Word file, a PDF or
    // a picture says what it is and what to save it as.
    if matches!(ext.as_str(), "docx" | "docm" | "xlsx" | "xlsm") && !zip {
        if ole {
            bail!(crate::msg!(
                "this is an old Word .doc (or Excel .xls) file renamed .{ext}: open it in Word or WPS and save it as .docx (or .xlsx), then import that",
                "这是改名为 .{ext} 的旧版 Word .doc（或 Excel .xls）文件：请用 Word 或 WPS 打开并另存为 .docx（或 .xlsx）后导入"
            ));
        }
        if bytes.starts_with(b"%PDF") {
            bail!(crate::msg!(
                "this is a PDF renamed .{ext}: save the report as .docx or plain text (.txt), or copy its text into a .txt file",
                "这是改名为 .{ext} 的 PDF 文件：请将报告另存为 .docx 或纯文本（.txt），或把文字复制到 .txt 文件"
            ));
        }
        if picture {
            bail!(crate::msg!(
                "this is a picture renamed .{ext}: type or OCR the report into a .docx or .txt file",
                "这是改名为 .{ext} 的图片：请将报告录入或识别（OCR）为 .docx 或 .txt 文件"
            ));
        }
    }
    Ok(match ext.as_str() {
        "docx" | "docm" => Kind::Docx,
        "xlsx" | "xlsm" | "xls" | "ods" | "xlsb" => Kind::Workbook,
        "csv" => Kind::Csv,
        "doc" | "wps" => bail!(crate::msg!(
            "a .{ext} file (the old Word format) cannot be read: open it in Word or WPS and save it as .docx, or as plain text (.txt)",
            ".{ext} 文件（旧版 Word 格式）无法读取：请用 Word 或 WPS 打开并另存为 .docx 或纯文本（.txt）"
        )),
        "pdf" => bail!(crate::msg!(
            "a PDF cannot be read: save the report as .docx or plain text (.txt) from the program that made it, or copy its text into a .txt file",
            "无法读取 PDF：请从生成它的程序将报告另存为 .docx 或纯文本（.txt），或把文字复制到 .txt 文件"
        )),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "heic" => {
            bail!(crate::msg!(
                "a picture holds no text to read: type or OCR the report into a .docx or .txt file",
                "图片中没有可读取的文字：请将报告录入或识别（OCR）为 .docx 或 .txt 文件"
            ))
        }
        _ if bytes.starts_with(b"%PDF") => bail!(crate::msg!(
            "this is a PDF: save the report as .docx or plain text (.txt), or copy its text into a .txt file",
            "这是 PDF 文件：请将报告另存为 .docx 或纯文本（.txt），或把文字复制到 .txt 文件"
        )),
        _ if picture => {
            bail!(crate::msg!(
                "this is a picture: type or OCR the report into a .docx or .txt file",
                "这是图片：请将报告录入或识别（OCR）为 .docx 或 .txt 文件"
            ))
        }
        _ if ole => bail!(crate::msg!(
            "this is an old Office file (.doc or .xls): save it as .docx or .xlsx and import that",
            "这是旧版 Office 文件（.doc 或 .xls）：请另存为 .docx 或 .xlsx 后导入"
        )),
        _ if zip => Kind::Docx,
        _ => Kind::Text,
    })
}

/// What was read from the file before the ledger is consulted.
pub enum Read {
    /// A report's text (clean), and whether it was converted to Simplified.
    Report(String, bool),
    /// A task table's sheets.
    Sheets(Vec<sheet::Sheet>),
    /// A report's numbered items (clean text, converted) followed by a task table (`1、…`
    /// `2、…` then `序号 | 工作任务 | 牵头单位`): both are the file's tasks, in document order.
    Both(String, bool, sheet::Sheet),
}

/// Reads a file's bytes: (what it holds, how it was read: `docx`, `spreadsheet`, or the
/// text's encoding). Errors say what the file is and what to save it as.
pub fn read(
    path: &Path,
    bytes: &[u8],
    encoding: Option<text::Encoding>,
    to_simplified: bool,
) -> Result<(Read, String)> {
    let stem = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let kind = kind(path, bytes)?;
    let (read, encoding) = match kind {
        Kind::Workbook => (
            Read::Sheets(sheet::workbook(bytes)?),
            "spreadsheet".to_string(),
        ),
        Kind::Docx => {
            let doc = docx::read(bytes)?;
            (
                text_or_table(&doc.text, &stem, to_simplified, &doc.merges)?,
                "docx".into(),
            )
        }
        Kind::Csv | Kind::Text => {
            let (raw, enc) = text::decode(bytes, encoding)?;
            let read = if kind == Kind::Csv {
                let mut s = sheet::csv(&raw, &stem)?;
                clean_cells(&mut s, to_simplified)?;
                Read::Sheets(vec![s])
            } else {
                text_or_table(&raw, &stem, to_simplified, &[])?
            };
            (read, enc.name().to_string())
        }
    };
    Ok((read, encoding))
}

/// A text is a task table when its columns carry a header row (`序号  工作任务  牵头单位`);
/// else it is a report. Columns are found before the text is normalised, which removes the
/// spaces between Chinese words that separate them. `merges` are a Word table's merged
/// cells by line (`docx::Doc::merges`), read as a workbook's are.
fn text_or_table(
    raw: &str,
    stem: &str,
    to_simplified: bool,
    merges: &[docx::Merge],
) -> Result<Read> {
    let probe = fields::Context {
        year: super::years::Year::Unstated,
        document_date: None,
        plan_start: NaiveDate::MIN,
        today: NaiveDate::MIN,
        units: &[],
        near: &super::units::NearMemo::default(),
    };
    if let Some(both) = report_then_table(raw, stem, to_simplified, merges, &probe)? {
        return Ok(both);
    }
    // Only a text whose first rows split into cells is read whole as a table.
    if sheet::split_in_first_rows(raw, 10) {
        let mut s = sheet::text_columns_merged(raw, stem, merges);
        if table::groups(&s, &probe).ok().flatten().is_some()
            && !report_before_attachment(raw, to_simplified)
        {
            clean_cells(&mut s, to_simplified)?;
            return Ok(Read::Sheets(vec![s]));
        }
    }
    let (clean, converted) = text::clean(raw, to_simplified)?;
    Ok(Read::Report(clean, converted))
}

/// Does `line` name two columns or more of a task table, one of them the task's
/// (`序号 | 工作任务 | 牵头单位 | 完成时限`)? Only a line split into cells (tabs, bars, wide
/// gaps) is asked.
fn header_row(line: &str) -> bool {
    if !(line.contains(['\t', '|', '｜']) || line.contains("  ") || line.contains('\u{3000}')) {
        return false;
    }
    // A report indents every paragraph with 　　: only a line that holds a task column's
    // name somewhere (its cells' words, spaces set aside, as `columns::header` reads them)
    // is split into cells.
    let squeezed: String = line
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    static TASK_COLUMNS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        columns::HEADERS
            .iter()
            .filter(|(c, _)| matches!(c, Col::Title | Col::Text))
            .flat_map(|(_, names)| names.iter().map(|n| n.to_lowercase()))
            .collect()
    });
    let names_a_task_column = TASK_COLUMNS.iter().any(|n| squeezed.contains(n.as_str()));
    if !names_a_task_column {
        return false;
    }
    let cols: Vec<Col> = sheet::text_columns(line, "")
        .rows
        .first()
        .into_iter()
        .flatten()
        .filter_map(|c| columns::header(&c.text()))
        .collect();
    cols.len() >= 2 && cols.iter().any(|c| matches!(c, Col::Title | Col::Text))
}

/// A caption over a table (`附表：任务分解`, `附件2`, `表1 重点任务分解`, `重点任务清单`,
/// `2025年任务分解表`): it belongs to neither the report's last item nor the table.
fn is_caption(line: &str) -> bool {
    let l = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let named = ["附表", "附件", "附：", "附:", "续表", "表"]
        .iter()
        .any(|w| l.starts_with(w));
    let titled = (l.ends_with('表') || l.ends_with("清单")) && !l.contains(['。', '；', '，']);
    (named || titled) && l.chars().count() <= 30
}

/// A report whose numbered items come before a task table (`二、整改措施` / `1、…` / `2、…`,
/// then `序号 | 工作任务 | 牵头单位 | 完成时限` and its rows, with or without a caption such as
/// `附表：任务分解` between): the report's items, then the table's rows as a recommendation of
/// their own. Either alone would lose the other's tasks. `None` when the text before the
/// table holds no numbered list, or the table no task rows.
fn report_then_table(
    raw: &str,
    stem: &str,
    to_simplified: bool,
    merges: &[docx::Merge],
    probe: &fields::Context,
) -> Result<Option<Read>> {
    let lines: Vec<&str> = raw.lines().collect();
    let Some(head) = lines.iter().position(|l| header_row(l)).filter(|&h| h > 0) else {
        return Ok(None);
    };
    let mut cut = head;
    while cut > 0 && (lines[cut - 1].trim().is_empty() || is_caption(lines[cut - 1])) {
        cut -= 1;
    }
    let (clean, converted) = text::clean(&lines[..cut].join("\n"), to_simplified)?;
    let Some(found) = super::parse::find(&clean) else {
        return Ok(None);
    };
    // The table's merged cells, counted from its header line.
    let merges: Vec<docx::Merge> = merges
        .iter()
        .filter(|m| m.0 >= head)
        .map(|&(a, c0, b, c1)| (a - head, c0, b - head, c1))
        .collect();
    // The caption's words name the table's recommendation (`附表：任务分解` → 任务分解).
    let caption = lines[cut..head]
        .iter()
        .filter(|l| is_caption(l))
        .map(|l| {
            let l = l.trim();
            let words = l.trim_start_matches(['附', '件', '表', '续']);
            if words.len() == l.len() {
                return l.to_string();
            }
            words
                .trim_start_matches(|c: char| c.is_ascii_digit() || "：:、 　-—".contains(c))
                .to_string()
        })
        .find(|w| !w.is_empty());
    let name = caption.as_deref().unwrap_or(stem);
    let mut s = sheet::text_columns_merged(&lines[head..].join("\n"), name, &merges);
    if table::groups(&s, probe).ok().flatten().is_none() {
        return Ok(None);
    }
    clean_cells(&mut s, to_simplified)?;
    if only_headings(&found) {
        return Ok(Some(Read::Sheets(vec![s])));
    }
    Ok(Some(Read::Both(clean, converted, s)))
}

/// Are the items found before a table only the report's section headings (`一、整改工作开展
/// 情况` / `二、整改台账`, `一、总体要求` / `二、整改任务`), each a short line without a
/// sentence's punctuation, with at most an account under it? Then the table holds the tasks
/// (an audit report's 整改台账, a plan's task table) and the headings none.
fn only_headings(found: &[super::parse::FoundRecommendation]) -> bool {
    found.iter().flat_map(|r| &r.items).all(|i| {
        let first = i.text.lines().next().unwrap_or("").trim();
        first.chars().count() <= 16 && !first.contains(['。', '；', '，', '！', '？', ';', ','])
    })
}

/// A report whose numbered items come before an attachment (`附件：任务清单`) holding a
/// table: the report, not the attached table, is what the file asks to do (its items would
/// vanish if the table were read instead).
fn report_before_attachment(raw: &str, to_simplified: bool) -> bool {
    let Some(at) = raw.lines().position(|l| {
        let l = l.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        ["附件", "附表", "附：", "附:"]
            .iter()
            .any(|w| l.starts_with(w))
    }) else {
        return false;
    };
    let before: Vec<&str> = raw.lines().take(at).collect();
    text::clean(&before.join("\n"), to_simplified)
        .ok()
        .and_then(|(clean, _)| super::parse::find(&clean))
        .is_some()
}

/// Each text cell cleaned like a report's text (pinyin, punctuation, Traditional on request).
fn clean_cells(s: &mut sheet::Sheet, to_simplified: bool) -> Result<()> {
    // Row by row on every core; the first row that fails, in order, is the error.
    let rows = crate::par::map(&s.rows, |row| {
        row.iter()
            .map(|c| match c {
                sheet::Cell::Text(t) => Ok(sheet::Cell::Text(text::clean(t, to_simplified)?.0)),
                other => Ok(other.clone()),
            })
            .collect::<Result<Vec<_>>>()
    });
    s.rows = rows.into_iter().collect::<Result<_>>()?;
    Ok(())
}
