//! Which format `report --out FILE` writes, judged from the file's extension when `--format`
//! is not given, and a `--format` the extension contradicts refused: a file named `周报.docx`
//! holding a text table, or `通报.pdf` holding a Word document, opens as garbage.

use std::path::Path;

use anyhow::{Result, bail};

use crate::cli::ReportFormat;

/// Extensions people give a report, lowercased, with the format each is (`None`: a kind
/// tracker does not write, such as pdf or doc). Without `--format`, an extension not listed
/// (`x.tmp`) is refused as `.pdf` is: a file whose name says nothing of what it holds would
/// silently get a text table; `.txt` and no extension get the default.
const KNOWN: &[(&str, Option<ReportFormat>)] = &[
    ("md", Some(ReportFormat::Markdown)),
    ("markdown", Some(ReportFormat::Markdown)),
    ("csv", Some(ReportFormat::Csv)),
    ("json", Some(ReportFormat::Json)),
    ("html", Some(ReportFormat::Html)),
    ("htm", Some(ReportFormat::Html)),
    ("xlsx", Some(ReportFormat::Xlsx)),
    ("docx", Some(ReportFormat::Docx)),
    ("pdf", None),
    ("doc", None),
    ("xls", None),
    ("wps", None),
    ("et", None),
    ("odt", None),
    ("ods", None),
    ("rtf", None),
    ("ppt", None),
    ("pptx", None),
];

// `.txt` is left out: a text file may hold any text format (a table, csv, markdown).
const ACCEPTED: &str = ".txt .md .csv .json .html .xlsx .docx";

/// The format to write: `--format` if given, else the one `out`'s extension names, else
/// `default` (the config's `report_format`).
///
/// Errors: without `--format`, an extension of a kind tracker does not write (`.pdf`) or of no
/// known kind (`.tmp`); with it, an extension that names another
/// format than `--format` (`--format docx --out x.pdf`, `--format csv --out x.xlsx`); one line
/// naming both and what is accepted.
pub fn report_format(
    given: Option<ReportFormat>,
    out: Option<&Path>,
    default: ReportFormat,
) -> Result<ReportFormat> {
    let ext = out
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    let known = ext
        .as_deref()
        .and_then(|e| KNOWN.iter().find(|(k, _)| *k == e).map(|(_, f)| *f));
    let shown = || out.map(crate::output::shown).unwrap_or_default();
    match (given, known) {
        (None, None) if ext.as_deref().is_none_or(|e| e == "txt" || e.is_empty()) => Ok(default),
        (None, Some(None)) | (None, None) => bail!(crate::msg!(
            "report --out {}: tracker does not write .{} files; name the file with one of {ACCEPTED}, or give --format",
            "report --out {}：tracker 不能生成 .{} 文件；文件名请用 {ACCEPTED} 之一，或给出 --format",
            shown(),
            ext.unwrap_or_default()
        )),
        (None, Some(Some(f))) => Ok(f),
        (Some(f), None) => Ok(f),
        (Some(f), Some(k)) if k == Some(f) => Ok(f),
        (Some(f), Some(_)) => bail!(crate::msg!(
            "report --format {} --out {}: the extension .{} is not a {} file; give the file a .{} name, or leave --format out to write what the name says",
            "report --format {} --out {}：扩展名 .{} 与格式 {} 不符；请把文件命名为 .{}，或省去 --format 按文件名的格式写出",
            name(f),
            shown(),
            ext.unwrap_or_default(),
            name(f),
            own_ext(f)
        )),
    }
}

fn name(f: ReportFormat) -> &'static str {
    match f {
        ReportFormat::Table => "table",
        ReportFormat::Markdown => "markdown",
        ReportFormat::Csv => "csv",
        ReportFormat::Json => "json",
        ReportFormat::Html => "html",
        ReportFormat::Xlsx => "xlsx",
        ReportFormat::Docx => "docx",
    }
}

fn own_ext(f: ReportFormat) -> &'static str {
    match f {
        ReportFormat::Table => "txt",
        ReportFormat::Markdown => "md",
        other => name(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_decides_only_when_format_is_not_given() {
        use ReportFormat::*;
        let t = ReportFormat::Table;
        let cases: &[(Option<ReportFormat>, &str, Option<ReportFormat>)] = &[
            (None, "y.docx", Some(Docx)),
            (None, "y.DOCX", Some(Docx)),
            (None, "周报.htm", Some(Html)),
            (None, "a.b.md", Some(Markdown)),
            (None, "x.xlsx", Some(Xlsx)),
            (None, "x.csv", Some(Csv)),
            (None, "x.json", Some(Json)),
            (None, "x.out", None),
            (None, "x.tmp", None),
            (None, "x.TXT", Some(t)),
            (None, "noext", Some(t)),
            (None, "x.pdf", None),
            (Some(Docx), "x.pdf", None),
            (Some(Docx), "x.docx", Some(Docx)),
            (Some(Csv), "x.xlsx", None),
            (Some(Csv), "x.dat", Some(Csv)),
            (Some(Table), "x.txt", Some(Table)),
            (Some(Html), "x.md", None),
        ];
        for (given, file, want) in cases {
            let got = report_format(*given, Some(Path::new(file)), t).ok();
            assert_eq!(got, *want, "{given:?} {file}");
        }
    }
}
