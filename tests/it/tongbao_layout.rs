//! The 通报's page layout (GB/T 9704): styles and fonts, portrait body and landscape
//! attachment, page numbers, the attachment's header row and its `--limit` cut.

use crate::tongbao::{ledger, part, tongbao};

#[test]
fn styles_carry_the_official_fonts_sizes_and_line_pitch() {
    let l = ledger();
    let out = l.dir.path().join("t.docx");
    l.run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
        .ok();
    let styles = part(&out, "word/styles.xml");
    for (id, font, size) in [
        ("GwTitle", "方正小标宋简体", "44"),
        ("GwBody", "仿宋_GB2312", "32"),
        ("GwHeading1", "黑体", "32"),
        ("GwHeading2", "楷体_GB2312", "32"),
    ] {
        let start = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("style {id}"));
        let style = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
        assert!(
            style.contains(&format!("w:eastAsia=\"{font}\"")),
            "{id}: {style}"
        );
        assert!(
            style.contains(&format!("<w:sz w:val=\"{size}\"")),
            "{id}: {style}"
        );
        assert!(style.contains("w:lineRule=\"exact\""), "{id}: {style}");
    }
    assert!(styles.contains("w:line=\"579\""), "28.95 pt pitch");
}

#[test]
fn the_body_is_portrait_a4_and_the_attachment_landscape() {
    let l = ledger();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    assert_eq!(b.sections.len(), 2, "{:?}", b.sections);
    let (body_end, w, h, orient, margins) = &b.sections[0];
    assert_eq!(
        (w.as_str(), h.as_str(), orient.as_str()),
        ("11906", "16838", "")
    );
    // 37, 35, 28, 26 mm in twips.
    assert_eq!(margins, &["2098", "1984", "1587", "1474"].map(String::from));
    let (_, w, h, orient, _) = &b.sections[1];
    assert_eq!(
        (w.as_str(), h.as_str(), orient.as_str()),
        ("16838", "11906", "landscape")
    );
    // The table is the attachment: after the first section ends, one row per task shown.
    assert_eq!(b.tables.len(), 1);
    let (at, rows) = &b.tables[0];
    assert!(
        at >= body_end,
        "table at paragraph {at}, body ends at {body_end}"
    );
    assert_eq!(
        rows[0],
        [
            "序号",
            "工作任务",
            "牵头单位",
            "配合单位",
            "完成时限",
            "状态",
            "进度",
            "健康",
            "序时进度",
            "本周进展",
            "最新进展"
        ]
    );
    let want = json["rows"].as_array().unwrap();
    assert_eq!(rows.len() - 1, want.len());
    for (row, task) in rows[1..].iter().zip(want) {
        assert_eq!(row[0], task["id"].as_str().unwrap());
        assert_eq!(row[1], task["title"].as_str().unwrap());
        assert_eq!(row[6], format!("{}%", task["progress"]));
    }
    // The week's news is the report's: the change and its note, as json's events say.
    let r21 = rows.iter().find(|r| r[0] == "2.1").unwrap();
    assert!(r21[9].starts_with("11月25日，"), "{:?}", r21[9]);
    assert!(
        r21[9].contains("进度由0%提高到40%") && r21[9].contains("已拟定会议方案"),
        "{:?}",
        r21[9]
    );
}

#[test]
fn the_attachment_is_cut_as_limit_cuts_the_table() {
    let l = ledger();
    let (b, json) = tongbao(&l, "2026-11-30", &["--week", "2026-W48", "--limit", "3"]);
    let rows = &b.tables[0].1;
    assert_eq!(rows.len() - 1, 3);
    let total = json["rows"].as_array().unwrap().len();
    let note = format!("另有{}项未列入本表。", total - 3);
    assert!(b.paras.iter().any(|(_, t)| *t == note), "{note}");
    // The opening sentences still name every overdue task's lead, also when the limit cuts
    // the overdue list itself (two overdue tasks, one shown).
    let summary = json["summary_text"].as_str().unwrap();
    assert!(b.paras.iter().any(|(_, t)| t == summary));
    // `--limit` cuts the attachment only: the body still names both overdue tasks.
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48", "--limit", "1"]);
    assert!(summary.contains("分别由"), "{summary}");
    assert!(b.paras.iter().any(|(_, t)| t == summary), "{summary}");
    assert!(
        !b.paras
            .iter()
            .any(|(_, t)| t.starts_with("另有1项逾期事项")),
        "{:?}",
        b.paras
    );
    // The body's own cap, `tongbao_items`, names one and counts the other by its lead (the
    // json's second overdue task).
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), "tongbao_items = 1\n").unwrap();
    let (b, _) = tongbao(&l, "2026-11-30", &["--week", "2026-W48"]);
    // (详见附件 follows, as the attachment lists every task.)
    let rest = format!(
        "另有1项逾期事项，由{}牵头，详见附件。",
        json["overdue"][1]["lead"].as_str().unwrap()
    );
    assert!(
        b.paras.iter().any(|(_, t)| *t == rest),
        "{rest}\n{:#?}",
        b.paras
    );
}

#[test]
fn pages_are_numbered_per_gb_t_9704_odd_right_even_left() {
    let l = ledger();
    let out = l.dir.path().join("页码.docx");
    l.run_on(
        "2026-11-30",
        &["report", "--format", "docx", "--out", out.to_str().unwrap()],
    )
    .ok();
    let settings = part(&out, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders"), "{settings}");
    let rels = part(&out, "word/_rels/document.xml.rels");
    let target = |id: &str| {
        let at = rels.find(&format!("Id=\"{id}\"")).expect(id);
        let tag = &rels[rels[..at].rfind('<').unwrap()..];
        let tag = &tag[..tag.find('>').unwrap()];
        let t = &tag[tag.find("Target=\"").unwrap() + 8..];
        format!("word/{}", &t[..t.find('"').unwrap()])
    };
    let doc = part(&out, "word/document.xml");
    // Both sections, the portrait body and the landscape attachment, point at the two footers.
    let sects: Vec<&str> = doc.split("<w:sectPr>").skip(1).collect();
    assert_eq!(sects.len(), 2);
    for (k, sect) in sects.iter().enumerate() {
        let sect = &sect[..sect.find("</w:sectPr>").unwrap()];
        let id_of = |kind: &str| {
            let at = sect
                .find(&format!("w:type=\"{kind}\" r:id=\""))
                .unwrap_or_else(|| panic!("section {k}: no {kind} footer: {sect}"));
            let rest = &sect[at + kind.len() + 16..];
            rest[..rest.find('"').unwrap()].to_string()
        };
        let odd = part(&out, &target(&id_of("default")));
        let even = part(&out, &target(&id_of("even")));
        for (footer, jc, ind) in [
            (&odd, "right", "w:right=\"280\""),
            (&even, "left", "w:left=\"280\""),
        ] {
            assert!(
                footer.contains(&format!("<w:jc w:val=\"{jc}\"")),
                "{footer}"
            );
            // One 全角 space (14 pt, 280 twips) in from the edge.
            assert!(footer.contains(ind), "{footer}");
            assert!(
                footer.contains("<w:pStyle w:val=\"GwPageNumber\""),
                "{footer}"
            );
            assert!(
                footer.contains("<w:instrText>PAGE</w:instrText>"),
                "{footer}"
            );
            assert!(
                footer.contains("fldCharType=\"begin\"") && footer.contains("fldCharType=\"end\"")
            );
            let text: String = footer
                .split("<w:t xml:space=\"preserve\">")
                .skip(1)
                .map(|t| &t[..t.find("</w:t>").unwrap()])
                .collect();
            assert_eq!(text, "— 1 —", "an em dash each side of the number");
        }
        // The number's line starts 7 mm below the type area: footer distance + 14 pt line =
        // bottom margin − 7 mm (portrait 35 mm, landscape 26 mm), in twips.
        let mar = &sect[sect.find("<w:pgMar").unwrap()..];
        let val = |k: &str| -> i32 {
            let v = &mar[mar.find(&format!(" w:{k}=\"")).unwrap() + k.len() + 5..];
            v[..v.find('"').unwrap()].parse().unwrap()
        };
        let below = (val("bottom") - val("footer") - 280) as f64 * 25.4 / 1440.0;
        assert!((below - 7.0).abs() < 0.1, "section {k}: {below} mm");
    }
    // 4号 (14 pt) 宋体.
    let styles = part(&out, "word/styles.xml");
    let start = styles
        .find("w:styleId=\"GwPageNumber\"")
        .expect("page number style");
    let style = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
    assert!(
        style.contains("w:eastAsia=\"宋体\"") && style.contains("<w:sz w:val=\"28\""),
        "{style}"
    );
}

#[test]
fn the_attachment_repeats_its_header_row_and_never_splits_a_row() {
    let l = ledger();
    let out = l.dir.path().join("表头.docx");
    l.run_on(
        "2026-11-30",
        &[
            "report",
            "--format",
            "docx",
            "--limit",
            "0",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .ok();
    let doc = part(&out, "word/document.xml");
    let table = &doc[doc.find("<w:tbl>").unwrap()..doc.find("</w:tbl>").unwrap()];
    let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 17, "a header and 16 tasks");
    for (k, row) in rows.iter().enumerate() {
        let props = &row[..row.find("</w:trPr>").unwrap_or_else(|| panic!("row {k}"))];
        assert!(props.contains("<w:cantSplit"), "row {k}: {props}");
        assert_eq!(props.contains("<w:tblHeader"), k == 0, "row {k}: {props}");
    }
}
