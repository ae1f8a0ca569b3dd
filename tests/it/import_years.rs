//! Deadlines read against the year the document states (its title, its date line): a
//! festival on a fixed day (`国庆节前`) is due the day before it in that year; a year in a
//! later clause of the item (`2027年起常态化开展`) never moves the deadline before it; and a
//! task table's `12月底前` takes the year of the document around the table (a Word file's date
//! line, a text's title, a sheet's title row) as the same words in its text do.

use crate::support::{docx_table as docx, empty, import_dry as dry, planned_tasks as items, write};

/// The deadlines of a dry run, in task order (`""` for none).
fn deadlines(p: &serde_json::Value) -> Vec<String> {
    items(p)
        .iter()
        .map(|i| i["deadline"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_fixed_festival_and_a_date_without_a_year_fall_in_the_documents_year() {
    // (the document around the items, the items, the deadlines). The ledger's plan starts
    // 2026-03-02; today is 2026-11-26.
    type Case = (
        &'static str,
        &'static str,
        &'static str,
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        // The title states the year.
        (
            "2025年乡村振兴工作要点\n一、重点任务\n",
            "",
            "1、完成村庄规划编制，国庆节前完成。\n2、开展人居环境整治，12月31日前完成，2027年起常态化开展。\n3、建成党群服务中心，七一前投用。\n",
            &["2025-09-30", "2025-12-31", "2025-06-30"],
        ),
        // A date line under the title (2024), the year nowhere else.
        (
            "关于农村公路管护的整改方案\n2024年3月1日\n一、整改措施\n",
            "",
            "1、修复水毁路段，国庆前到位。\n2、完成养护招标，12月底前完成，2025年起每年开展一次。\n3、发放防汛物资，五一前发放到位。\n",
            &["2024-09-30", "2024-12-31", "2024-04-30"],
        ),
        // A 落款 date at the end: 元旦 of 2024 is behind it, so the day before the next one.
        (
            "工作安排\n",
            "县政府办公室\n2024年3月1日\n",
            "一是慰问困难群众，元旦前走访到户。\n二是整治集贸市场，国庆节之前完成。\n",
            &["2024-12-31", "2024-09-30"],
        ),
        // No year stated anywhere: the plan start's (a guess), not the later clause's.
        (
            "下一步措施：\n",
            "",
            "1、开展人居环境整治，12月31日前完成，2027年起常态化开展。\n2、完成景区提升，国庆节前完成。\n3、推进河长制，6月底前完成，2028年以后全面推开。\n",
            &["2026-12-31", "2026-09-30", "2026-06-30"],
        ),
        // The one year a document names is a later phase's start: not the deadline's.
        (
            "下步打算：\n",
            "",
            "一是开展人居环境整治，12月31日前完成，2027年起常态化开展。\n",
            &["2026-12-31"],
        ),
        // 18k (aside): the one year the document names is after today's (2026-11-26): a
        // year it plans for, not the one it was written in, so 年底前 is this year's end
        // (the plan start's year, a guess), as the office reads it.
        (
            "下一步工作建议：\n",
            "",
            "（一）完善制度，由组织科牵头，2027年3月底前完成。\n（二）加强培训，2027年6月底前完成。\n（三）开展督查，由组织科牵头，县区配合，年底前完成。\n",
            &["2027-03-31", "2027-06-30", "2026-12-31"],
        ),
        // The one year it names is not after today's: the year it was written in, a guess.
        (
            "下一步工作建议：\n",
            "",
            "（一）完善制度，2025年3月底前完成。\n（二）开展督查，年底前完成。\n",
            &["2025-03-31", "2025-12-31"],
        ),
        // A year the item states before its deadline still places it.
        (
            "2024年工作计划\n一、重点任务\n",
            "",
            "1、2025年3月启动改造，6月底前完成。\n2、建成冷链仓库，年底前完成，2026年全面运营。\n",
            &["2025-06-30", "2024-12-31"],
        ),
    ];
    for (head, tail, body, want) in cases {
        let l = empty();
        let (p, _) = dry(&l, &format!("{head}{body}{tail}"));
        assert_eq!(deadlines(&p), *want, "{head}{body}{tail}\n{p:#}");
    }
}

#[test]
fn a_tables_relative_deadline_takes_the_year_of_the_document_around_it() {
    let rows = [
        "序号 | 工作任务 | 牵头单位 | 完成时限",
        "1 | 新增城镇就业1万人 | 县人社局 | 12月底前",
        "2 | 完成农村公路养护招标 | 县交通局 | 国庆节前",
    ];
    let l = empty();
    // (file, bytes, deadlines)
    let cases: Vec<(&str, Vec<u8>, [&str; 2])> = vec![
        // A Word file with its date line after the table, as conv/r1.docx has it.
        (
            "dated-after.docx",
            docx("关于就业工作的整改方案", &rows, "2024年3月1日"),
            ["2024-12-31", "2024-09-30"],
        ),
        // …and under its title.
        (
            "dated-before.docx",
            docx("关于就业工作的整改方案\n2023年5月6日", &rows, ""),
            ["2023-12-31", "2023-09-30"],
        ),
        // A title stating the year, no date.
        (
            "titled.docx",
            docx("2025年重点工作任务分解表", &rows, ""),
            ["2025-12-31", "2025-09-30"],
        ),
        // Plain text with the table in columns and a 落款 date.
        (
            "columns.txt",
            format!("整改任务清单\n{}\n县人民政府办公室\n2024年3月1日\n", rows.join("\n"))
                .into_bytes(),
            ["2024-12-31", "2024-09-30"],
        ),
        // A csv whose first row is the title.
        (
            "titled.csv",
            "2025年重点任务清单,,,\n序号,工作任务,牵头单位,完成时限\n1,新增城镇就业1万人,县人社局,12月底前\n2,完成农村公路养护招标,县交通局,国庆节前\n"
                .as_bytes()
                .to_vec(),
            ["2025-12-31", "2025-09-30"],
        ),
        // Nothing states a year: the plan start's, as before.
        (
            "bare.docx",
            docx("整改任务清单", &rows, ""),
            ["2026-12-31", "2026-09-30"],
        ),
    ];
    for (name, bytes, want) in cases {
        let f = write(&l, name, &bytes);
        let out = l.run(&["import", &f, "--dry-run", "--format", "json"]).ok();
        let p = out.json();
        assert_eq!(deadlines(&p), want, "{name}: {p:#}");
    }
}
