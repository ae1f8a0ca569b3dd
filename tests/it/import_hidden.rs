//! Text a .docx hides through a style (issue 15, last round): a paragraph style or a
//! character style whose run properties carry `w:vanish` (ECMA-376 §17.3.2.41), directly or
//! through `w:basedOn`, hides its text as a run's own `w:vanish` does; a run that says
//! `w:vanish w:val="0"` shows through a hiding style, and a style that turns vanish off
//! again shows through its hiding base.

use std::io::Write as _;

use serde_json::Value;

use crate::support::Ledger;

/// A .docx with `body` as its document and `styles` inside `word/styles.xml`.
fn docx(body: &str, styles: &str) -> Vec<u8> {
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default();
        let parts = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.to_string(),
            ),
            (
                "word/document.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>"#),
            ),
            (
                "word/styles.xml",
                format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{w}">{styles}</w:styles>"#),
            ),
        ];
        for (name, text) in parts {
            z.start_file(name, opts).unwrap();
            z.write_all(text.as_bytes()).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

fn style(kind: &str, id: &str, based: Option<&str>, vanish: Option<&str>) -> String {
    let based = based.map_or(String::new(), |b| format!(r#"<w:basedOn w:val="{b}"/>"#));
    let rpr = match vanish {
        None => String::new(),
        Some("") => "<w:rPr><w:vanish/></w:rPr>".into(),
        Some(v) => format!(r#"<w:rPr><w:vanish w:val="{v}"/></w:rPr>"#),
    };
    format!(
        r#"<w:style w:type="{kind}" w:styleId="{id}"><w:name w:val="{id}"/>{based}{rpr}</w:style>"#
    )
}

/// A paragraph in paragraph style `p` (or none) of runs `(text, character style, own vanish)`.
fn para(p: Option<&str>, runs: &[(&str, Option<&str>, Option<&str>)]) -> String {
    let ppr = p.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    let runs: String = runs
        .iter()
        .map(|(t, cs, v)| {
            let mut rpr = String::new();
            if let Some(cs) = cs {
                rpr.push_str(&format!(r#"<w:rStyle w:val="{cs}"/>"#));
            }
            if let Some(v) = v {
                rpr.push_str(&format!(r#"<w:vanish w:val="{v}"/>"#));
            }
            let rpr = if rpr.is_empty() {
                rpr
            } else {
                format!("<w:rPr>{rpr}</w:rPr>")
            };
            format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>"#)
        })
        .collect();
    format!("<w:p>{ppr}{runs}</w:p>")
}

fn texts(body: &str, styles: &str) -> Vec<String> {
    let l = Ledger::new("2026-11-26");
    l.run(&["init", "--empty"]).ok();
    let p = l.dir.path().join("s.docx");
    std::fs::write(&p, docx(body, styles)).unwrap();
    let v: Value = l
        .run(&[
            "import",
            p.to_str().unwrap(),
            "--dry-run",
            "--format",
            "json",
        ])
        .ok()
        .json();
    v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .map(|t| t["text"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn text_hidden_through_a_style_is_not_imported() {
    let styles = [
        style("paragraph", "Normal", None, None),
        style("paragraph", "Note", Some("Normal"), Some("")),
        // Based on a hiding style: hidden too, unless it turns vanish off itself.
        style("paragraph", "NoteSmall", Some("Note"), None),
        style("paragraph", "NoteShown", Some("Note"), Some("0")),
        style("character", "Hidden", None, Some("true")),
        style("character", "HiddenToo", Some("Hidden"), None),
        style("character", "Plain", None, Some("false")),
    ]
    .concat();
    let body = [
        para(None, &[("下一步措施：", None, None)]),
        para(
            None,
            &[
                ("1、完善设施。", None, None),
                ("（牵头单位：县民政局）", Some("Hidden"), None),
            ],
        ),
        para(Some("Note"), &[("2、这一段是审稿批注。", None, None)]),
        para(
            None,
            &[
                ("2、充实队伍。", None, None),
                ("内部意见", Some("HiddenToo"), None),
            ],
        ),
        para(Some("NoteSmall"), &[("3、批注续。", None, None)]),
        // A run's own vanish off shows through a hiding paragraph style.
        para(
            Some("Note"),
            &[("3、健全机制。", None, Some("0")), ("隐藏尾注", None, None)],
        ),
        para(Some("NoteShown"), &[("4、加强督查。", None, None)]),
        para(None, &[("5、强化考核。", Some("Plain"), None)]),
    ]
    .concat();
    assert_eq!(
        texts(&body, &styles),
        [
            "完善设施。",
            "充实队伍。",
            "健全机制。",
            "加强督查。",
            "强化考核。"
        ]
    );
}

/// A damaged styles.xml (a loop of bases, no rPr end) neither panics nor hides visible text.
#[test]
fn a_loop_of_styles_or_a_broken_styles_part_hides_nothing_visible() {
    let looped = [
        style("paragraph", "A", Some("B"), None),
        style("paragraph", "B", Some("A"), None),
    ]
    .concat();
    let body = [
        para(None, &[("整改措施：", None, None)]),
        para(Some("A"), &[("1、更新器材。", None, None)]),
        para(Some("B"), &[("2、清理通道。", None, None)]),
    ]
    .concat();
    assert_eq!(texts(&body, &looped), ["更新器材。", "清理通道。"]);
    assert_eq!(
        texts(&body, r#"<w:style w:styleId="A"><w:rPr><w:vanish/>"#),
        ["更新器材。", "清理通道。"]
    );
}
