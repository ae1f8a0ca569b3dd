//! The 通报's body at a few hundred tasks (issue 17 §4): sections 二、三、四 name at most the
//! cap (config `tongbao_items`, default 10), the most urgent first, and count the rest in one
//! sentence whose figures are the json's; the attachment keeps `--limit`'s cut.

use std::collections::BTreeMap;

use crate::support::Ledger;
use crate::tongbao::{Body, body, is_item, section};

const TODAY: &str = "2026-11-26";

/// 300 synthetic tasks (most overdue: synth's deadlines lie in the past), then twelve of the
/// overdue ones given a deadline next week and a note: news this week, and upcoming.
fn ledger() -> Ledger {
    let l = Ledger::new(TODAY);
    l.run(&["dev", "synth", "--tasks", "300", "--events-per-task", "4"])
        .ok();
    let json = l
        .run(&["--lang", "zh", "report", "--format", "json"])
        .ok()
        .json();
    let overdue = json["overdue"].as_array().unwrap();
    for (k, d) in overdue.iter().skip(20).step_by(7).take(12).enumerate() {
        let id = d["id"].as_str().unwrap();
        let deadline = format!("2026-12-{:02}", 1 + k % 9);
        let note = format!("第{k}次推进会已召开");
        l.run(&["update", id, "--deadline", &deadline, "--note", &note])
            .ok();
    }
    l
}

fn config(l: &Ledger, text: &str) {
    let dir = l.dir.path().join("config").join("tracker");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn docx(l: &Ledger, extra: &[&str]) -> Body {
    let out = l.dir.path().join("通报.docx");
    let mut args = vec!["report", "--format", "docx", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    l.run(&args).ok();
    body(&out)
}

/// N of the one sentence `另有N项…` starting with `lead`, if there is one.
fn more(paras: &[&str], lead: &str) -> Option<usize> {
    let p = paras
        .iter()
        .find(|t| t.starts_with("另有") && t.contains(lead))?;
    let n: String = p["另有".len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    Some(n.parse().unwrap())
}

/// `组织科12项` pairs of a count by unit (`，其中A3项、B2项`, `，由A牵头`, `，均由A牵头`).
fn by_unit(sentence: &str) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    if let Some(list) = sentence.split("其中").nth(1) {
        let list = list.split(['，', '。']).next().unwrap();
        for part in list.split('、') {
            let digits = part.find(|c: char| c.is_ascii_digit()).unwrap();
            let n: String = part[digits..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            m.insert(part[..digits].to_string(), n.parse().unwrap());
        }
    }
    m
}

#[test]
fn each_body_section_names_at_most_the_cap_and_counts_the_rest_as_the_json_does() {
    let l = ledger();
    let json = l
        .run(&["--lang", "zh", "report", "--format", "json"])
        .ok()
        .json();
    let overdue = json["overdue"].as_array().unwrap();
    let upcoming = json["upcoming"].as_array().unwrap();
    let rows = json["rows"].as_array().unwrap();
    let news = rows
        .iter()
        .filter(|r| !r["this_week"].as_array().unwrap().is_empty())
        .count();
    let blocked = json["total"]["blocked"].as_u64().unwrap() as usize;
    assert!(overdue.len() > 100 && upcoming.len() == 12 && news >= 12 && blocked > 10);

    // (cap in the config, or none for the default 10)
    for cap in [None, Some(1), Some(3), Some(25), Some(100)] {
        match cap {
            Some(n) => config(&l, &format!("tongbao_items = {n}\n")),
            None => config(&l, ""),
        }
        let cap_n = cap.unwrap_or(10);
        let b = docx(&l, &["--limit", "200"]);

        // 一: at most the cap of recommendations (（一）…), the rest counted.
        let one = section(&b, "一、");
        let recs = json["summary"].as_array().unwrap().len();
        let named = one.iter().filter(|t| t.starts_with('（')).count();
        assert_eq!(named, recs.min(cap_n), "一 with cap {cap:?}");
        assert_eq!(more(&one, "条建议"), (recs > cap_n).then(|| recs - named));

        let two = section(&b, "二、");
        let listed = two.iter().filter(|t| is_item(t)).count();
        assert_eq!(listed, news.min(cap_n), "二 with cap {cap:?}: {two:?}");
        assert_eq!(
            more(&two, "有新进展"),
            (news > cap_n).then(|| news - listed)
        );

        let three = section(&b, "三、");
        let late: Vec<&&str> = three
            .iter()
            .filter(|t| is_item(t) && t.contains("已逾期"))
            .collect();
        assert_eq!(late.len(), overdue.len().min(cap_n), "三 with cap {cap:?}");
        // The most overdue first: the json's first ones, in its order.
        for (p, d) in late.iter().zip(overdue) {
            assert!(
                p.starts_with(&format!("{} ", d["id"].as_str().unwrap())),
                "{p}"
            );
        }
        let rest = overdue.len() - late.len();
        assert_eq!(more(&three, "逾期事项"), (rest > 0).then_some(rest));
        if rest > 0 {
            // Counted by lead: the json's leads of the overdue tasks not named.
            let mut want: BTreeMap<String, usize> = BTreeMap::new();
            for d in &overdue[late.len()..] {
                *want
                    .entry(d["lead"].as_str().unwrap().to_string())
                    .or_default() += 1;
            }
            let sentence = three.iter().find(|t| t.contains("逾期事项")).unwrap();
            let got = by_unit(sentence);
            assert!(!got.is_empty() && got.len() <= 5, "{sentence}");
            for (unit, n) in &got {
                assert_eq!(want.get(unit), Some(n), "{unit} in {sentence}");
            }
            let others: usize = want
                .iter()
                .filter(|(u, _)| !got.contains_key(*u))
                .map(|x| x.1)
                .sum();
            if others > 0 {
                assert!(sentence.contains(&format!("共{others}项")), "{sentence}");
            }
            // The units named are those with most (none left out has more).
            let least = got.values().min().unwrap();
            assert!(want.iter().all(|(u, n)| got.contains_key(u) || n <= least));
        }
        // After the overdue ones, those behind pace beyond `pace_red` or blocked (滞后), not
        // overdue: in the room the overdue ones leave of the cap (the cap is the section's),
        // the rest counted.
        let lagging = rows
            .iter()
            .filter(|r| r["health"] != "overdue" && r["pace"]["light"] == "red")
            .count();
        let stuck = three
            .iter()
            .filter(|t| is_item(t) && !t.contains("已逾期"))
            .count();
        assert_eq!(
            stuck,
            lagging.min(cap_n - late.len()),
            "三 with cap {cap:?}"
        );
        assert!(
            late.len() + stuck <= cap_n,
            "三 with cap {cap:?}: {three:?}"
        );
        let rest = lagging - stuck;
        assert_eq!(more(&three, "滞后或受阻"), (rest > 0).then_some(rest));

        let four = section(&b, "四、");
        // First the week's own deadlines (本周到期, done or not), then those due by the end
        // of next week (the window of its second part), not the 14 days; the cap is the
        // section's, but each part names at least its own first task (issue 17i, finding 4).
        let this_week = json["due_in_period"].as_array().unwrap().len();
        assert!(this_week > 0);
        let due_next = upcoming
            .iter()
            .filter(|d| ("2026-11-30"..="2026-12-06").contains(&d["deadline"].as_str().unwrap()))
            .count();
        let first = this_week.min(cap_n);
        let second = due_next.min((cap_n - first).max(1));
        let due = four.iter().filter(|t| is_item(t)).count();
        assert_eq!(due, first + second, "四 with cap {cap:?}");
        let rest = this_week - first;
        assert_eq!(more(&four, "本周到期事项"), (rest > 0).then_some(rest));
        let rest = due_next - second;
        assert_eq!(more(&four, "即将到期"), (rest > 0).then_some(rest));

        // The attachment keeps --limit's cut, whatever the body's cap.
        let table = &b.tables[0].1;
        assert_eq!(table.len() - 1, 200);
        let note = format!("另有{}项未列入本表。", rows.len() - 200);
        assert!(b.paras.iter().any(|(_, t)| *t == note), "{note}");
        // The opening sentences stay the json's.
        let summary = json["summary_text"].as_str().unwrap();
        assert!(b.paras.iter().any(|(_, t)| t == summary), "{summary}");
    }
}

#[test]
fn the_attachment_is_pointed_to_only_where_it_lists_every_task() {
    let l = ledger();
    let cut = docx(&l, &["--limit", "200"]);
    let whole = docx(&l, &["--limit", "0"]);
    let three = |b: &Body| section(b, "三、").join("\n");
    assert!(!three(&cut).contains("详见附件"), "{}", three(&cut));
    assert!(three(&whole).contains("详见附件"), "{}", three(&whole));
    assert_eq!(whole.tables[0].1.len() - 1, 300);
}

#[test]
fn a_bad_cap_in_the_config_is_one_line_and_writes_nothing() {
    let l = Ledger::seeded("2026-09-01");
    for bad in ["0", "101", "-3", "\"十\""] {
        config(&l, &format!("tongbao_items = {bad}\n"));
        let out = l.dir.path().join("x.docx");
        let err = l
            .run(&["report", "--format", "docx", "--out", out.to_str().unwrap()])
            .fails(1, &["tongbao_items"]);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(!out.exists());
    }
}
