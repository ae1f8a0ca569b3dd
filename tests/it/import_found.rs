//! `tracker import`: what a fresh user found on real documents (issue 15, second round): the
//! year of a relative deadline, deadlines counted from the document's date, trailing matter,
//! text tables (markdown rules, aligned columns with gaps), cells over several lines, `--as`
//! on tables with their own numbers, a dry run that refuses what the import refuses,
//! Traditional text in Taiwan wording, and the messages.

use serde_json::Value;

use crate::support::{Ledger, empty, write};

fn dry(l: &Ledger, file: &str, extra: &[&str]) -> Value {
    let mut args = vec!["import", file, "--dry-run", "--format", "json"];
    args.extend(extra);
    l.run(&args).ok().json()
}

fn tasks(p: &Value) -> Vec<Value> {
    p["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["items"].as_array().unwrap().clone())
        .collect()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

/// (document, each task's deadline, "" for none, and whether that deadline is flagged:
/// a guess or an unclear one)
type YearCase = (&'static str, &'static [(&'static str, bool)]);

#[test]
fn a_relative_deadline_falls_in_the_year_stated_nearest_the_item() {
    let cases: &[YearCase] = &[
        // The title's year, though the text names another year more often.
        (
            "关于2025年城市建设的工作安排\n2024年完成投资5亿元，2024年新建道路10公里，2024年改造管网。\n下一步措施：\n1、完善城市管网，年底前完成。\n2、推进道路建设，6月底前完成。",
            &[("2025-12-31", false), ("2025-06-30", false)],
        ),
        // A heading's year comes before the title's.
        (
            "2025年工作要点\n一、2026年重点工作\n1、建成污水处理厂，年底前完成。\n二、其他工作\n1、开展环境整治，三季度完成。",
            &[("2026-12-31", false), ("2025-09-30", false)],
        ),
        // The item's own sentence comes before its heading's.
        (
            "2025年工作要点\n建议如下：\n1、2027年启动新区规划，年底前完成选址。\n2、年底前完成旧城改造。",
            &[("2027-12-31", false), ("2025-12-31", false)],
        ),
        // Two years in the title: left open, flagged.
        (
            "2024—2025年农村公路提升行动方案\n主要任务：\n1、完成县道改造，年底前完成。\n2、2025年6月底前完成村道硬化。",
            &[("", true), ("2025-06-30", false)],
        ),
        // No year above the items: the document's own date (its 落款).
        (
            "关于做好冬季供暖工作的通知\n各单位：\n一、检修供热管网，12月底前完成。\n二、储备燃煤，年内完成。\n县住建局\n2023年10月8日",
            &[("2023-12-31", false), ("2023-12-31", false)],
        ),
        // No year anywhere: the plan start's, as a guess.
        (
            "关于做好防汛工作的建议\n建议如下：\n1、清理河道，6月底前完成。\n2、加固堤防，年底前完成。",
            &[("2026-06-30", true), ("2026-12-31", true)],
        ),
    ];
    let l = empty();
    for (k, (doc, want)) in cases.iter().enumerate() {
        let f = write(&l, &format!("year{k}.txt"), doc.as_bytes());
        let got: Vec<(String, bool)> = tasks(&dry(&l, &f, &[]))
            .iter()
            .map(|t| {
                let src = &t["sources"]["deadline"];
                (s(&t["deadline"]), src["guess"] == true)
            })
            .collect();
        let want: Vec<(String, bool)> = want.iter().map(|(d, g)| (d.to_string(), *g)).collect();
        assert_eq!(got, want, "{doc}");
    }
}

#[test]
fn deadlines_counted_from_the_document_date_resolve_against_it_or_are_flagged() {
    let body = "各乡镇：\n现就有关事项通知如下：\n一、全面排查隐患，月底前完成。\n二、修订应急预案，本周内完成。\n三、开展应急演练，本月内完成。\n四、加强值班值守，近期完成。\n五、整改发现的问题，15日内完成。\n六、报送排查台账，本月底前报县防汛办。";
    let dated = format!("关于做好防汛工作的通知\n{body}\n县防汛办\n2025年6月3日");
    let undated = format!("关于做好防汛工作的通知\n{body}");
    let l = empty();
    let f = write(&l, "dated.txt", dated.as_bytes());
    let got: Vec<String> = tasks(&dry(&l, &f, &[]))
        .iter()
        .map(|t| s(&t["deadline"]))
        .collect();
    assert_eq!(
        got,
        [
            "2025-06-30",
            "2025-06-08",
            "2025-06-30",
            "",
            "2025-06-18",
            "2025-06-30"
        ]
    );
    let f = write(&l, "undated.txt", undated.as_bytes());
    for t in tasks(&dry(&l, &f, &[])) {
        // Each is left empty and flagged with the words it came from.
        assert_eq!(t["deadline"], Value::Null, "{t}");
        // Counted from a date the document does not state: relative; 近期 names no time.
        let src = &t["sources"]["deadline"];
        let kind = if s(&src["words"]) == "近期" {
            "unclear"
        } else {
            "relative"
        };
        assert_eq!(src["kind"], kind, "{t}");
        assert_eq!(src["guess"], true, "{t}");
    }
    // The table view says so too, the tool's note apart from the document's words.
    let out = l.run(&["import", &f, "--dry-run"]).ok();
    assert!(
        out.stdout
            .contains("← 月底前 (relative: counted from the document's date"),
        "{}",
        out.stdout
    );
}

#[test]
fn trailing_matter_never_joins_the_last_item() {
    let list = "关于做好秸秆禁烧工作的通知\n各乡镇：\n现将有关事项通知如下：\n一、加强巡查，各乡镇负责。\n二、严格执法，县执法局负责。";
    let endings: &[&str] = &[
        "请各单位于6月20日前将工作情况报送县农业农村局。联系人：张三，电话：12345678。",
        "请各乡镇结合实际，认真贯彻执行。",
        "（联系人：李四；联系电话：87654321）",
        "特此通知。",
        "附件：1.巡查人员名单\n2.禁烧责任区划分表",
        "中共某某县委办公室　　某某县人民政府办公室\n2025年6月3日",
        "某某县农业农村局\n二〇二五年六月三日印发",
        "关于进一步加强全县农村人居环境整治工作的实施意见\n为改善农村人居环境，提出如下意见。",
    ];
    let l = empty();
    for (k, ending) in endings.iter().enumerate() {
        let f = write(
            &l,
            &format!("end{k}.txt"),
            format!("{list}\n{ending}").as_bytes(),
        );
        let t = tasks(&dry(&l, &f, &[]));
        assert_eq!(t.len(), 2, "{ending}: {t:?}");
        assert_eq!(s(&t[1]["text"]), "严格执法，县执法局负责。", "{ending}");
        assert_eq!(t[1]["deadline"], Value::Null, "{ending}");
    }
    // Before the last item, an instruction to report is the item's own explanation.
    let f = write(
        &l,
        "inside.txt",
        "工作措施：\n（一）报送排查情况\n请各乡镇于每月5日前报送上月排查情况。\n（二）加强督查\n县督查室每月通报。".as_bytes(),
    );
    let t = tasks(&dry(&l, &f, &[]));
    assert_eq!(t.len(), 2);
    assert!(
        s(&t[0]["text"]).contains("请各乡镇于每月5日前报送"),
        "{t:?}"
    );
}

#[test]
fn text_tables_skip_rules_and_keep_aligned_columns_with_gaps() {
    let l = empty();
    let md = "| 序号 | 工作任务 | 牵头单位 | 完成时限 |\n|---|:---|---|---:|\n| 1 | 新增城镇就业1万人 | 县人社局 | 2026年12月底前 |\n| 2 | 完成老旧小区改造 | 县住建局 | 2026年6月底前 |\n+------+------+\n";
    let f = write(&l, "md.txt", md.as_bytes());
    let t = tasks(&dry(&l, &f, &[]));
    let titles: Vec<String> = t.iter().map(|t| s(&t["title"])).collect();
    assert_eq!(titles, ["新增城镇就业1万人", "完成老旧小区改造"]);
    // Aligned by spaces, with empty cells (a lead, a support, a deadline) left out.
    let aligned = "序号  工作任务          牵头单位    配合单位    完成时限\n\
                   1     新增城镇就业      县人社局                2026年12月底前\n\
                   2     老旧小区改造      县住建局    各街道      2026年6月底前\n\
                   3     建设停车场                    县城管局    2026年9月底前\n\
                   4     规范夜市管理      县商务局    县城管局\n";
    let f = write(&l, "aligned.txt", aligned.as_bytes());
    let got: Vec<(String, String, Vec<String>, String)> = tasks(&dry(&l, &f, &[]))
        .iter()
        .map(|t| {
            (
                s(&t["title"]),
                s(&t["lead"]),
                t["support"].as_array().unwrap().iter().map(s).collect(),
                s(&t["deadline"]),
            )
        })
        .collect();
    let want = |a: &str, b: &str, c: &[&str], d: &str| {
        (
            a.to_string(),
            b.to_string(),
            c.iter().map(|x| x.to_string()).collect::<Vec<_>>(),
            d.to_string(),
        )
    };
    assert_eq!(
        got,
        [
            want("新增城镇就业", "县人社局", &[], "2026-12-31"),
            want("老旧小区改造", "县住建局", &["各街道"], "2026-06-30"),
            want("建设停车场", "", &["县城管局"], "2026-09-30"),
            want("规范夜市管理", "县商务局", &["县城管局"], ""),
        ]
    );
}

#[test]
fn a_cell_over_several_lines_is_one_value_and_a_bad_cell_is_named() {
    let l = empty();
    let csv = "序号,工作任务,牵头单位,完成时限\n1,\"新增城镇\n就业1万人\",\"县人社局\n\",2026年12月底前\n2,\"完成老旧小区改造\n（含加装电梯）\",县住建局,\"2026年\n6月底前\"\n";
    let f = write(&l, "cells.csv", csv.as_bytes());
    let t = tasks(&dry(&l, &f, &[]));
    assert_eq!(s(&t[0]["title"]), "新增城镇就业1万人");
    assert_eq!(s(&t[0]["lead"]), "县人社局");
    assert_eq!(s(&t[1]["title"]), "完成老旧小区改造（含加装电梯）");
    assert_eq!(s(&t[1]["deadline"]), "2026-06-30");
    l.run(&["import", &f]).ok();
    // A control character in a cell: refused naming its line and column in the file.
    let before = l.dump();
    let bad = "序号,工作任务,牵头单位\n1,新增就业,县人社局\n2,改造\u{7}小区,县住建局\n";
    let f = write(&l, "bad.csv", bad.as_bytes());
    let err = l
        .run(&["import", &f])
        .fails(1, &["line 3, column 5", "U+0007"]);
    assert!(!err.contains('\u{7}'), "{err}");
    assert_eq!(l.dump(), before);
}

#[test]
fn as_numbers_a_table_that_has_its_own_numbers() {
    let l = empty();
    let table = "序号\t工作任务\t牵头单位\n1.1\t新增城镇就业\t县人社局\n1.2\t开展技能培训\t县人社局\n2.1\t改造老旧小区\t县住建局\n";
    let f = write(&l, "own.txt", table.as_bytes());
    let ids = |p: &Value| -> Vec<String> { tasks(p).iter().map(|t| s(&t["id"])).collect() };
    assert_eq!(ids(&dry(&l, &f, &[])), ["1.1", "1.2", "2.1"]);
    assert_eq!(ids(&dry(&l, &f, &["--as", "5"])), ["5.1", "5.2", "6.1"]);
    let out = l.run(&["import", &f, "--as", "5", "--format", "json"]).ok();
    assert_eq!(ids(&out.json()), ["5.1", "5.2", "6.1"]);
    let listed: Vec<String> = l
        .run(&["list", "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|t| s(&t["id"]))
        .collect();
    assert_eq!(listed, ["5.1", "5.2", "6.1"]);
}

#[test]
fn a_dry_run_refuses_exactly_what_the_import_refuses() {
    let report = "建议如下：\n1、加强巡查。\n2、严格执法。\n";
    // (what is wrong, extra arguments, words of the refusal)
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "an actor with a control character",
            &["--by", "张\u{1b}三"],
            &["--by"],
        ),
        ("an empty actor", &["--by", " "], &["--by"]),
        (
            "a number already taken",
            &["--as", "1"],
            &["recommendation 1 already exists"],
        ),
        (
            "a lead unit with a control character",
            &["--lead", "县\u{7}局"],
            &["--lead"],
        ),
    ];
    for (what, extra, words) in cases {
        let l = empty();
        let first = write(&l, "first.txt", "建议：\n1、先行试点。\n".as_bytes());
        l.run(&["import", &first]).ok();
        let f = write(&l, "r.txt", report.as_bytes());
        let before = l.dump();
        let mut real = vec!["import", f.as_str()];
        real.extend(*extra);
        let mut dry = real.clone();
        dry.push("--dry-run");
        let (a, b) = (l.run(&dry), l.run(&real));
        assert_eq!((a.code, &a.stderr), (b.code, &b.stderr), "{what}");
        // A value typed that cannot be read exits 2; a number taken is a refusal (1).
        let code = if extra.contains(&"--as") { 1 } else { 2 };
        assert_eq!(b.code, code, "{what}: {}", b.stderr);
        for w in *words {
            assert!(b.stderr.contains(w), "{what}: {}", b.stderr);
        }
        assert_eq!(l.dump(), before, "{what}");
    }
    // No ledger at a path given by --db: both refuse, and neither makes one.
    let l = empty();
    let f = write(&l, "r.txt", report.as_bytes());
    let missing = l.dir.path().join("none.db");
    let missing = missing.to_str().unwrap();
    let dry = l.run(&["--db", missing, "import", &f, "--dry-run"]);
    let real = l.run(&["--db", missing, "import", &f]);
    assert_eq!((dry.code, &dry.stderr), (real.code, &real.stderr));
    assert_eq!(real.code, 1, "{}", real.stderr);
    assert!(!std::path::Path::new(missing).exists());
    // The preview's summary line in Chinese.
    let zh = l.run(&["--lang", "zh", "import", &f, "--dry-run"]).ok();
    assert!(
        zh.stdout
            .starts_with("r.txt：UTF-8；1 条建议，2 项任务（试运行：未写入）\n"),
        "{}",
        zh.stdout
    );
    // Imported before: the dry run says so as the import does, and shows no tasks.
    let l = empty();
    let f = write(&l, "r.txt", report.as_bytes());
    l.run(&["import", &f]).ok();
    let again = l.run(&["import", &f]).ok();
    let dry = l.run(&["import", &f, "--dry-run"]).ok();
    assert!(
        again.stdout.contains("was already imported"),
        "{}",
        again.stdout
    );
    assert_eq!(dry.stdout, again.stdout);
}

#[test]
fn traditional_text_in_taiwan_wording_comes_out_in_mainland_terms() {
    let l = empty();
    let doc = "關於推動數位經濟發展的建議\n建議如下：\n一、推動網際網路與軟體產業發展。\n二、加強資訊安全，提升服務品質。\n三、完善個人資料保護制度。";
    let f = write(&l, "tw.txt", doc.as_bytes());
    let p = dry(&l, &f, &[]);
    assert_eq!(p["converted_to_simplified"], true);
    let titles: Vec<String> = tasks(&p).iter().map(|t| s(&t["title"])).collect();
    assert_eq!(
        titles,
        [
            "推动互联网与软件产业发展",
            "加强信息安全",
            "完善个人数据保护制度"
        ]
    );
    assert_eq!(s(&tasks(&p)[1]["text"]), "加强信息安全，提升服务质量。");
    // Simplified text is left as it is.
    let f = write(
        &l,
        "cn.txt",
        "建议如下：\n一、推动互联网与软件产业发展。\n二、提升服务质量。".as_bytes(),
    );
    assert_eq!(dry(&l, &f, &[])["converted_to_simplified"], false);
}

/// Words mainland documents share with Taiwan writing keep their wording (OpenCC's tw2sp
/// would make them computing terms: 建立 → 创建, 执行 → 运行, 指标 → 指针), while Taiwan terms
/// still become mainland ones and computing compounds convert whole.
#[test]
fn shared_words_keep_their_wording_when_taiwan_terms_are_converted() {
    let cases = [
        (
            "建立長效機制，嚴格執行考核指標。",
            "建立长效机制，严格执行考核指标。",
        ),
        (
            "整合各類資源，推動線上線下融合。",
            "整合各类资源，推动线上线下融合。",
        ),
        ("依照法定程序修訂上級文件。", "依照法定程序修订上级文件。"),
        (
            "新增就業崗位一萬個，建設智慧城市。",
            "新增就业岗位一万个，建设智慧城市。",
        ),
        (
            "編發工作簡報，複製推廣經驗。",
            "编发工作简报，复制推广经验。",
        ),
        (
            "提升行政效能，設定年度目標。",
            "提升行政效能，设定年度目标。",
        ),
        ("推動網際網路與軟體產業發展。", "推动互联网与软件产业发展。"),
        (
            "研究執行緒排程，強化資訊安全。",
            "研究线程调度，强化信息安全。",
        ),
    ];
    let l = empty();
    let mut doc = String::from("建議如下：\n");
    for (k, (tw, _)) in cases.iter().enumerate() {
        doc.push_str(&format!("{}、{tw}\n", k + 1));
    }
    let f = write(&l, "shared.txt", doc.as_bytes());
    let p = dry(&l, &f, &[]);
    assert_eq!(p["converted_to_simplified"], true);
    let texts: Vec<String> = tasks(&p).iter().map(|t| s(&t["text"])).collect();
    let want: Vec<&str> = cases.iter().map(|c| c.1).collect();
    assert_eq!(texts, want);
}

#[test]
fn refusals_name_what_is_accepted_and_where_in_either_language() {
    let l = empty();
    let (gbk, _, _) = encoding_rs::GBK.encode("建议如下：\n1、加强巡查。\n");
    let gbk_file = write(&l, "gbk.txt", &gbk);
    l.run(&["import", &gbk_file, "--encoding", "utf-8"])
        .fails(1, &["utf-8, gb18030, gbk or big5"]);
    let f = write(
        &l,
        "ctl.txt",
        "建议如下：\n1、加强巡查。\n2、严格\u{8}执法。\n".as_bytes(),
    );
    l.run(&["import", &f])
        .fails(1, &["line 3, column 5", "U+0008"]);
    // In Chinese: no English words but the file's name and the flags.
    for (args, words) in [
        (vec!["import", f.as_str()], vec!["第 3 行第 5 列"]),
        (
            vec!["import", gbk_file.as_str(), "--encoding", "utf-8"],
            vec!["utf-8、gb18030、gbk 或 big5"],
        ),
    ] {
        let mut zh = vec!["--lang", "zh"];
        zh.extend(args);
        let out = l.run(&zh);
        assert_eq!(out.code, 1);
        assert!(out.stderr.starts_with("错误："), "{}", out.stderr);
        for w in words {
            assert!(out.stderr.contains(w), "{}", out.stderr);
        }
        for english in ["the ", "line ", "expected", "invalid", "column"] {
            assert!(!out.stderr.contains(english), "{}", out.stderr);
        }
    }
}
