//! A Word document (.docx) as text: its paragraphs and tables in document order, one line per
//! paragraph and one per table row (cells joined by tabs, so `table` can read a task table),
//! with the numbers Word generates (`1、`, `（一）`, `一、`) written out as the reader sees them.
//!
//! A .docx is a zip (`zip`) of XML parts (`quick-xml`), per ECMA-376 Part 1: the text in
//! `word/document.xml` (`w:p`, `w:t`, `w:tab`, `w:tbl`/`w:tr`/`w:tc`), list numbering in
//! `word/numbering.xml` (`w:num` → `w:abstractNum` → `w:lvl` with `w:start`, `w:numFmt` and
//! `w:lvlText` such as `%1、`), and numbering carried by paragraph styles in `word/styles.xml`.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

use anyhow::{Result, anyhow};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

mod styles;
use styles::{read_styles, switched_on};

use super::marker::{self, Style};

/// One level of a list: where it starts, how its numbers are written, and its pattern.
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// The lists of `numbering.xml`: each `numId` with its levels (after overrides).
#[derive(Debug, Default)]
struct Numbering {
    lists: HashMap<String, Vec<Level>>,
    /// Paragraph styles that carry numbering (`Heading1` → its `numId` and level).
    styles: HashMap<String, (String, u32)>,
    /// Paragraph and character styles whose text is hidden (`w:vanish` in the style's run
    /// properties, or in a style it is based on).
    hidden: HashSet<String>,
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

fn read_numbering(xml: &str) -> HashMap<String, Vec<Level>> {
    let mut abstracts: HashMap<String, Vec<Level>> = HashMap::new();
    let mut nums: HashMap<String, String> = HashMap::new();
    let mut overrides: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current_abstract: Option<String> = None;
    let mut current_num: Option<String> = None;
    let mut level: Option<usize> = None;
    let mut override_level: Option<usize> = None;
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let val = || attr(&e, "val").unwrap_or_default();
                match local(&e).as_str() {
                    "abstractNum" => current_abstract = attr(&e, "abstractNumId"),
                    "num" => current_num = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let Some(n) = &current_num {
                            nums.insert(n.clone(), val());
                        }
                    }
                    "lvl" => {
                        let i: usize = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        if let Some(a) = &current_abstract {
                            let levels = abstracts.entry(a.clone()).or_default();
                            if levels.len() <= i {
                                levels.resize(
                                    i + 1,
                                    Level {
                                        start: 1,
                                        ..Level::default()
                                    },
                                );
                            }
                            level = Some(i);
                        }
                    }
                    "lvlOverride" => {
                        override_level = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                    }
                    "startOverride" => {
                        if let (Some(n), Some(i)) = (&current_num, override_level) {
                            let start = val().parse().unwrap_or(1);
                            overrides.entry(n.clone()).or_default().push((i, start));
                        }
                    }
                    name @ ("start" | "numFmt" | "lvlText") => {
                        if let (Some(a), Some(i)) = (&current_abstract, level)
                            && let Some(l) = abstracts.get_mut(a).and_then(|l| l.get_mut(i))
                        {
                            match name {
                                "start" => l.start = val().parse().unwrap_or(1),
                                "numFmt" => l.format = val(),
                                _ => l.text = val(),
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "abstractNum" => current_abstract = None,
                "num" => current_num = None,
                "lvl" => level = None,
                _ => {}
            },
            _ => {}
        }
    }
    nums.into_iter()
        .filter_map(|(num, abs)| {
            let mut levels = abstracts.get(&abs)?.clone();
            for (i, start) in overrides.get(&num).into_iter().flatten() {
                if let Some(l) = levels.get_mut(*i) {
                    l.start = *start;
                }
            }
            Some((num, levels))
        })
        .collect()
}

/// Chinese counting numerals (`一`, `十二`, `一百零五`, `两千` is written `二千`), as Word's
/// `chineseCounting` writes them; 0 is `〇`. Past 9999, decimal.
fn chinese_counting(n: u32, digits: [&str; 10], units: [&str; 3]) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    if n > 9999 {
        return n.to_string();
    }
    // A gap inside a number is 零 (一百零五), as written Chinese has it; 〇 is a digit.
    let gap = if digits[0] == "〇" { "零" } else { digits[0] };
    let places = [
        (n / 1000, units[2]),
        (n / 100 % 10, units[1]),
        (n / 10 % 10, units[0]),
    ];
    let mut out = String::new();
    let mut zero = false;
    for (d, unit) in places {
        if d == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push_str(gap);
            zero = false;
        }
        // 十二, not 一十二, when ten leads the number.
        if !(d == 1 && unit == units[0] && out.is_empty() && units[0] == "十") {
            out.push_str(digits[d as usize]);
        }
        out.push_str(unit);
    }
    let d = n % 10;
    if d != 0 {
        if zero {
            out.push_str(gap);
        }
        out.push_str(digits[d as usize]);
    }
    out
}

/// Roman numerals (`iv`, `XII`), as Word's `lowerRoman`/`upperRoman` write them; past 3999,
/// decimal.
fn roman(n: u32) -> String {
    const R: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let mut n = n;
    let mut out = String::new();
    for (v, s) in R {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Letters as Word counts them: a…z, then aa…zz, aaa… (the letter repeated).
fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return n.to_string();
    }
    let c = (base + ((n - 1) % 26) as u8) as char;
    c.to_string().repeat(((n - 1) / 26 + 1).min(10) as usize)
}

/// The character `n` places on from `first` when `n` is within `1..=count`.
fn nth_char(first: u32, n: u32, count: u32) -> Option<String> {
    (1..=count)
        .contains(&n)
        .then(|| char::from_u32(first + n - 1).map(String::from))
        .flatten()
}

/// A number in a list format of ECMA-376 Part 1 (§17.18.59 ST_NumberFormat): every format a
/// Chinese or Western document uses; scripts of other languages as decimal.
fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const LEGAL: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
    const LEGAL_TRAD: [&str; 10] = ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"];
    // 甲乙丙丁 (the ten heavenly stems) and 子丑寅卯 (the twelve earthly branches).
    const STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
    const BRANCHES: [&str; 12] = [
        "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
    ];
    let full_width = |s: String| -> String {
        s.chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect()
    };
    let cycle = |names: &[&str]| -> String {
        match n {
            0 => n.to_string(),
            _ => names[((n - 1) as usize) % names.len()].to_string(),
        }
    };
    let out = match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting" => Some(chinese_counting(n, DIGITS, ["十", "百", "千"])),
        "chineseLegalSimplified" => Some(chinese_counting(n, LEGAL, ["拾", "佰", "仟"])),
        "ideographLegalTraditional" | "japaneseLegal" => {
            Some(chinese_counting(n, LEGAL_TRAD, ["拾", "佰", "仟"]))
        }
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => Some(
            n.to_string()
                .chars()
                .map(|c| DIGITS[c as usize - '0' as usize])
                .collect(),
        ),
        "ideographTraditional" => Some(cycle(&STEMS)),
        "ideographZodiac" => Some(cycle(&BRANCHES)),
        "ideographZodiacTraditional" if n > 0 => Some(format!(
            "{}{}",
            STEMS[((n - 1) % 10) as usize],
            BRANCHES[((n - 1) % 12) as usize]
        )),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth_char(0x2460, n, 20),
        "decimalEnclosedFullstop" => nth_char(0x2488, n, 20),
        "decimalEnclosedParen" => nth_char(0x2474, n, 20),
        "ideographEnclosedCircle" => nth_char(0x3280, n, 10),
        "decimalFullWidth" | "decimalFullWidth2" => Some(full_width(n.to_string())),
        "decimalZero" => Some(format!("{n:02}")),
        "lowerLetter" => Some(letters(n, b'a')),
        "upperLetter" => Some(letters(n, b'A')),
        "lowerRoman" => Some(roman(n).to_lowercase()),
        "upperRoman" => Some(roman(n)),
        "numberInDash" => Some(format!("- {n} -")),
        "bullet" | "none" => Some(String::new()),
        _ => None,
    };
    out.unwrap_or_else(|| n.to_string())
}

/// The counters of every list as the document is read.
struct Counters<'a> {
    numbering: &'a Numbering,
    counts: HashMap<String, Vec<u32>>,
    /// How the text reader (`marker`) reads each level's last number, by list.
    read_as: HashMap<String, Vec<Option<Style>>>,
}

impl Counters<'_> {
    /// The number text of the next paragraph of list `num` at level `ilvl`, whose text is
    /// `body`. Word's own pattern (`%1.`, `%1.%2`, `（%1）`) in the level's format, as the
    /// reader sees it; where the importer would read that number as no marker (`a.`, `甲、`,
    /// `iv.`), or as one of the same style as a level above it (`1.` under `1.`), nesting
    /// would be lost, so the level's place is written out in decimal instead (`1.1`, `2.1.3`):
    /// a sub-item is never read as its parent's sibling.
    fn next(&mut self, num: &str, ilvl: usize, body: &str) -> String {
        let Some(levels) = self.numbering.lists.get(num) else {
            return String::new();
        };
        let Some(level) = levels.get(ilvl) else {
            return String::new();
        };
        let counts = self.counts.entry(num.to_string()).or_default();
        if counts.len() < levels.len() {
            counts.resize(levels.len(), 0);
        }
        counts[ilvl] = if counts[ilvl] == 0 {
            level.start
        } else {
            counts[ilvl] + 1
        };
        for c in counts.iter_mut().skip(ilvl + 1) {
            *c = 0;
        }
        let at = |i: usize| {
            if counts[i] == 0 {
                levels[i].start
            } else {
                counts[i]
            }
        };
        let mut text = level.text.clone();
        for (i, l) in levels.iter().enumerate().take(ilvl + 1).rev() {
            text = text.replace(&format!("%{}", i + 1), &format_number(at(i), &l.format));
        }
        if level.format == "bullet" || level.format == "none" || text.trim().is_empty() {
            return String::new();
        }
        let read_as = self.read_as.entry(num.to_string()).or_default();
        if read_as.len() < levels.len() {
            read_as.resize(levels.len(), None);
        }
        let seen = marker::at_start(&format!("{text}{}", body.trim_start()))
            .filter(|m| {
                // The marker is the whole number Word writes, not a part of it (`一.1`
                // read as `一.` then `1…`).
                (text.trim_end().len()..=text.len() + 1).contains(&m.len) && m.n as u32 == at(ilvl)
            })
            .map(|m| m.style);
        let clash = |s: Style| read_as[..ilvl].contains(&Some(s));
        let style = match seen {
            Some(s) if !clash(s) => Some(s),
            _ if ilvl == 0 => {
                text = format!("{}、", at(0));
                Some(Style::Arabic)
            }
            _ => {
                let path: Vec<String> = (0..=ilvl).map(|i| at(i).to_string()).collect();
                text = format!("{} ", path.join("."));
                Some(Style::Dotted(ilvl as u8))
            }
        };
        read_as[ilvl] = style;
        for s in read_as.iter_mut().skip(ilvl + 1) {
            *s = None;
        }
        text
    }
}

/// A merged range of a table in a .docx, as the lines of [`Doc::text`] hold it: (first line,
/// first column, last line, last column; counted from 0), the shape of
/// [`super::sheet::Sheet::merges`], so a Word table's merged cells are read by the same rule
/// as a workbook's.
pub type Merge = (usize, usize, usize, usize);

/// A .docx as the importer reads it: its lines, and its tables' merged cells.
#[derive(Debug, Default)]
pub struct Doc {
    /// Paragraphs and table rows in document order, one per line; a table row's cells are
    /// joined by tabs on the column grid (a cell spanning columns, `w:gridSpan`, is followed by
    /// empty cells), and a cell merged down (`w:vMerge`) holds the value of the cell it
    /// continues.
    pub text: String,
    /// Merged ranges of the outermost tables' cells, vertical (`w:vMerge`, ECMA-376
    /// §17.4.85) and horizontal (`w:gridSpan`, §17.4.17), by line and grid column.
    pub merges: Vec<Merge>,
}

/// The text of a .docx: paragraphs and table rows in document order, one per line.
pub fn text(bytes: &[u8]) -> Result<String> {
    read(bytes).map(|d| d.text)
}

/// Why bytes that should be a .docx (a zip container, ECMA-376 Part 2) cannot be opened, in
/// our words: the zip library's own (`invalid Zip archive: Could not find EOCD`) tells an
/// office clerk nothing.
fn not_readable(bytes: &[u8]) -> anyhow::Error {
    let why = if bytes.iter().all(u8::is_ascii_whitespace) {
        crate::msg!("it is empty", "文件是空的")
    } else if bytes.starts_with(b"PK") {
        crate::msg!(
            "it is damaged (cut short or corrupted)",
            "文件已损坏（不完整或已破坏）"
        )
    } else {
        crate::msg!(
            "it is not a zip container, as a .docx is",
            "它不是 .docx 应有的 zip 压缩包"
        )
    };
    anyhow!(crate::msg!(
        "not a Word file that can be read: {why}; save it again from Word or WPS as .docx, or as plain text (.txt)",
        "不是可读取的 Word 文件：{why}；请用 Word 或 WPS 重新另存为 .docx 或纯文本（.txt）"
    ))
}

/// A .docx's lines and its tables' merged cells. Errors say what to save the file as.
pub fn read(bytes: &[u8]) -> Result<Doc> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_readable(bytes))?;
    let document = part(&mut zip, "word/document.xml").ok_or_else(|| {
        anyhow!(crate::msg!(
            "not a Word document (no word/document.xml inside): save it as .docx or .txt",
            "不是 Word 文档（其中没有 word/document.xml）：请另存为 .docx 或 .txt"
        ))
    })?;
    let (styles, hidden) = part(&mut zip, "word/styles.xml")
        .map(|x| read_styles(&x))
        .unwrap_or_default();
    let numbering = Numbering {
        lists: part(&mut zip, "word/numbering.xml")
            .map(|x| read_numbering(&x))
            .unwrap_or_default(),
        styles,
        hidden,
    };
    walk(&document, &numbering).map_err(|at| {
        anyhow!(crate::msg!("its text (word/document.xml) is damaged at byte {at}: save it again from Word or WPS as .docx, or as plain text (.txt)", "其正文（word/document.xml）在第 {at} 字节处损坏：请用 Word 或 WPS 重新另存为 .docx 或纯文本（.txt）"))
    })
}

/// How a table cell continues the cell above it (`w:vMerge`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum VMerge {
    /// Not merged down.
    No,
    /// The first cell of a vertical merge (`w:val="restart"`).
    Restart,
    /// A cell under it (no value, or `continue`): it holds nothing of its own.
    Continue,
}

/// The outermost table being read: its rows' lines and merges in progress.
#[derive(Debug, Default)]
struct Grid {
    /// Each row's line in the output, `None` for a row left out (all empty).
    lines: Vec<Option<usize>>,
    /// The previous row's cells by grid column, for the cells that continue them.
    above: Vec<String>,
    /// Vertical merges still open: first grid column → (first row, last row, last column).
    open: HashMap<usize, (usize, usize, usize)>,
    /// Finished merges in table rows.
    done: Vec<Merge>,
    /// The current row's cells' properties: grid span and vertical merge.
    span: usize,
    vmerge: Option<VMerge>,
}

impl Grid {
    /// Places a finished cell of the current row at the row's next grid column: a
    /// continuing cell takes the value above it; a spanning cell is followed by empty cells.
    fn place(&mut self, row: &mut Vec<String>, cell: String) {
        let (col, r) = (row.len(), self.lines.len());
        let span = self.span.clamp(1, 64);
        let last = col + span - 1;
        match self.vmerge.unwrap_or(VMerge::No) {
            VMerge::Continue => {
                let value = self.above.get(col).cloned().unwrap_or_default();
                let value = if cell.trim().is_empty() { value } else { cell };
                let m = self
                    .open
                    .entry(col)
                    .or_insert((r.saturating_sub(1), r, last));
                m.1 = r;
                row.push(value);
            }
            v => {
                if let Some((r0, r1, c1)) = self.open.remove(&col) {
                    self.done.push((r0, col, r1, c1));
                }
                if v == VMerge::Restart {
                    self.open.insert(col, (r, r, last));
                } else if span > 1 {
                    self.done.push((r, col, r, last));
                }
                row.push(cell);
            }
        }
        row.extend(std::iter::repeat_n(String::new(), span - 1));
        self.span = 1;
        self.vmerge = None;
    }

    /// The table's merges by output line, once the table ends.
    fn finish(mut self) -> Vec<Merge> {
        for (c0, (r0, r1, c1)) in self.open.drain() {
            self.done.push((r0, c0, r1, c1));
        }
        let line = |r: usize, up: bool| -> Option<usize> {
            // A left-out (empty) row at a merge's edge: the nearest kept row inside it.
            if up {
                self.lines.get(..=r)?.iter().rev().flatten().next().copied()
            } else {
                self.lines.get(r..)?.iter().flatten().next().copied()
            }
        };
        let mut out: Vec<Merge> = self
            .done
            .iter()
            .filter(|m| m.2 > m.0 || m.3 > m.1)
            .filter_map(|&(r0, c0, r1, c1)| {
                let (a, b) = (line(r0, false)?, line(r1, true)?);
                (a <= b).then_some((a, c0, b, c1))
            })
            .collect();
        out.sort_unstable();
        out
    }
}

/// The document's lines, or the byte offset where its XML breaks.
fn walk(xml: &str, numbering: &Numbering) -> Result<Doc, u64> {
    let mut counters = Counters {
        numbering,
        counts: HashMap::new(),
        read_as: HashMap::new(),
    };
    let mut out = String::new();
    let mut reader = Reader::from_str(xml);
    let mut para = String::new();
    let (mut num, mut ilvl, mut style) = (None::<String>, 0usize, None::<String>);
    let mut in_text = false;
    let mut in_tabs = false;
    // Hidden text (`w:vanish` in a run's properties, ECMA-376 §17.3.2.41) is not read; nor
    // is a run whose character style, or whose paragraph's style, hides it, unless the run
    // itself says `w:vanish w:val="0"` (direct formatting wins over styles, §17.7.2).
    let (mut in_rpr, mut in_ppr) = (false, false);
    let (mut run_vanish, mut run_style_hidden, mut para_hidden) = (None::<bool>, false, false);
    let hidden_style =
        |s: &Option<String>| s.as_ref().is_some_and(|s| numbering.hidden.contains(s));
    // A document.xml cut short ends before its closing `</w:document>`.
    let mut closed = false;
    // Table nesting: each open table row's cells, and the current cell's text.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut depth = 0usize;
    let mut grid = Grid::default();
    let mut merges: Vec<Merge> = Vec::new();
    let mut line_no = 0usize;
    loop {
        let ev = match reader.read_event() {
            Ok(Event::Eof) if closed => break,
            Ok(Event::Eof) => return Err(reader.buffer_position()),
            Err(_) => return Err(reader.error_position()),
            Ok(ev) => ev,
        };
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                "p" => {
                    para.clear();
                    num = None;
                    ilvl = 0;
                    style = None;
                    para_hidden = false;
                }
                "pPr" => in_ppr = true,
                "pStyle" => {
                    style = attr(&e, "val");
                    para_hidden = hidden_style(&style);
                }
                "rStyle" if in_rpr && !in_ppr => run_style_hidden = hidden_style(&attr(&e, "val")),
                "numId" => num = attr(&e, "val"),
                "ilvl" => ilvl = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0),
                "t" => in_text = true,
                "r" => {
                    run_vanish = None;
                    run_style_hidden = false;
                }
                "rPr" => in_rpr = true,
                "vanish" | "specVanish" if in_rpr && !in_ppr => run_vanish = Some(switched_on(&e)),
                "tabs" => in_tabs = true,
                // A tab stop (`w:tabs/w:tab`) is layout; a tab in a run is a tab.
                "tab" if !in_text && !in_tabs => para.push('\t'),
                "br" | "cr" => para.push('\n'),
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        grid = Grid::default();
                    }
                }
                "tr" => rows.push(Vec::new()),
                "tc" => {
                    cells.push(String::new());
                    if depth == 1 && cells.len() == 1 {
                        grid.span = 1;
                        grid.vmerge = Some(VMerge::No);
                    }
                }
                // Cell and row properties of the outermost table (nested ones are text).
                "gridSpan" if depth == 1 && cells.len() == 1 => {
                    grid.span = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1)
                }
                "vMerge" if depth == 1 && cells.len() == 1 => {
                    grid.vmerge = Some(match attr(&e, "val").as_deref() {
                        Some("restart") => VMerge::Restart,
                        _ => VMerge::Continue,
                    })
                }
                "gridBefore" if depth == 1 && cells.is_empty() => {
                    let n: usize = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                    if let Some(row) = rows.last_mut() {
                        row.extend(std::iter::repeat_n(String::new(), n.min(64)));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text && !run_vanish.unwrap_or(run_style_hidden || para_hidden) => {
                para.push_str(&t.xml10_content())
            }
            Event::GeneralRef(r)
                if in_text && !run_vanish.unwrap_or(run_style_hidden || para_hidden) =>
            {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_xml_entity(&r.xml10_content()) {
                    para.push_str(s);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "rPr" => in_rpr = false,
                "pPr" => in_ppr = false,
                "r" => {
                    run_vanish = None;
                    run_style_hidden = false;
                }
                "document" => closed = true,
                "tabs" => in_tabs = false,
                "p" => {
                    let (n, l) = match (&num, &style) {
                        (Some(n), _) => (Some(n.clone()), ilvl),
                        (None, Some(s)) => match numbering.styles.get(s) {
                            Some((n, l)) => (Some(n.clone()), *l as usize),
                            None => (None, 0),
                        },
                        _ => (None, 0),
                    };
                    let number = n
                        .filter(|n| n != "0")
                        .map(|n| counters.next(&n, l, &para))
                        .unwrap_or_default();
                    let line = format!("{number}{}", para.trim_end());
                    if depth > 0 {
                        // A cell's paragraphs: one text, or a list of units (`；` splits those).
                        if let Some(cell) = cells.last_mut()
                            && !line.trim().is_empty()
                        {
                            if !cell.is_empty()
                                && !cell.ends_with(['。', '；', '，', '！', '？', '：', '、'])
                            {
                                cell.push('；');
                            }
                            cell.push_str(line.trim());
                        }
                    } else if !line.trim().is_empty() {
                        out.push_str(&line.replace('\n', " "));
                        out.push('\n');
                        line_no += 1;
                    }
                    para.clear();
                }
                "tc" => {
                    let cell = cells.pop().unwrap_or_default();
                    match rows.last_mut() {
                        Some(row) if depth == 1 && cells.is_empty() => grid.place(row, cell),
                        Some(row) if cells.is_empty() || depth == 1 => row.push(cell),
                        _ => {
                            if let Some(outer) = cells.last_mut() {
                                outer.push_str(&cell);
                            }
                        }
                    }
                }
                "tr" => {
                    let row = rows.pop().unwrap_or_default();
                    if depth == 1 {
                        let line: Vec<String> =
                            row.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
                        if line.iter().any(|c| !c.trim().is_empty()) {
                            out.push_str(&line.join("\t"));
                            out.push('\n');
                            grid.lines.push(Some(line_no));
                            line_no += 1;
                        } else {
                            grid.lines.push(None);
                        }
                        grid.above = line;
                    } else if let Some(outer) = cells.last_mut() {
                        outer.push_str(&row.join(" "));
                    }
                }
                "tbl" => {
                    if depth == 1 {
                        merges.extend(std::mem::take(&mut grid).finish());
                    }
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            },
            _ => {}
        }
    }
    Ok(Doc { text: out, merges })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_formats_write_chinese_numbers() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "chineseCountingThousand"), "十二");
        assert_eq!(format_number(21, "chineseCounting"), "二十一");
        assert_eq!(format_number(105, "chineseCounting"), "一百零五");
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "壹拾贰");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(9, "lowerRoman"), "ix");
        assert_eq!(format_number(3, "decimalEnclosedParen"), "⑶");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(4, "decimalZero"), "04");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(7, "decimal"), "7");
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any bytes, and any sequence of Word's elements (unbalanced, nested tables, lists
        /// that are not defined), are read without a panic.
        #[test]
        fn any_document_is_read_without_panic(
            bytes in proptest::collection::vec(any::<u8>(), 0..64),
            parts in proptest::collection::vec(prop_oneof![
                Just("<w:p>".to_string()), Just("</w:p>".to_string()),
                Just("<w:tbl>".to_string()), Just("</w:tbl>".to_string()),
                Just("<w:tr>".to_string()), Just("</w:tr>".to_string()),
                Just("<w:tc>".to_string()), Just("</w:tc>".to_string()),
                Just("<w:t>".to_string()), Just("</w:t>".to_string()),
                "<w:numId w:val=\"[0-3]\"/>", "<w:ilvl w:val=\"[0-9]{1,3}\"/>",
                "\\PC{0,6}", Just("&amp;".to_string()), Just("&#x41;".to_string()),
            ], 0..30),
        ) {
            let _ = text(&bytes);
            let mut lists = HashMap::new();
            lists.insert("1".to_string(), vec![Level { start: 0, format: "chineseCounting".into(), text: "%1、%2".into() }]);
            let numbering = Numbering { lists, styles: HashMap::new(), hidden: HashSet::new() };
            let _ = walk(&parts.concat(), &numbering);
        }
    }
}
