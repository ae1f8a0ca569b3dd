//! Issue 17, finding 16: `--help` under `--lang zh` (or `TRACKER_LANG=zh`, or a zh locale)
//! gives every command's summary and every option's help in Chinese, with clap's own headings
//! and notes (`Options:`, `[default: …]`) in Chinese too; English stays the default. (The
//! unit test `cli::zh::tests` walks the whole command tree for a missing table entry; this
//! drives the binary.)

use crate::support::{bin, run};

fn cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every command path: the top level's commands, and the nested ones each lists.
fn commands(help: impl Fn(&[&str]) -> String) -> Vec<Vec<String>> {
    fn listed(text: &str) -> Vec<String> {
        text.lines()
            .skip_while(|l| !l.starts_with("命令"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            // A command's own line, not its summary folded onto the next.
            .filter(|l| !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next().map(str::to_string))
            .filter(|c| c != "help")
            .collect()
    }
    let mut out = Vec::new();
    for c in listed(&help(&[])) {
        out.push(vec![c.clone()]);
        for sub in listed(&help(&[c.as_str()])) {
            out.push(vec![c.clone(), sub]);
        }
    }
    out
}

/// The description of each option or argument line of a help text, by its flag.
fn descriptions(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut in_list = false;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("选项") || line.starts_with("参数") {
            in_list = true;
            continue;
        }
        if !line.starts_with(' ') {
            in_list = false;
            continue;
        }
        let item = line.trim_start();
        let indent = line.len() - item.len();
        // An item starts at the list's indent (2 or 6 columns); its help is beside it, or on
        // the next line.
        if !in_list || indent > 6 {
            continue;
        }
        let (flag, desc) = match item.split_once("  ") {
            Some((flag, desc)) if !desc.trim().is_empty() => (flag, desc.trim().to_string()),
            _ => (item, lines.get(i + 1).map_or("", |l| l.trim()).to_string()),
        };
        out.push((flag.trim().to_string(), desc));
    }
    out
}

#[test]
fn every_command_and_option_says_its_help_in_chinese() {
    let help = |path: &[&str]| {
        let mut args = vec!["--lang", "zh"];
        args.extend_from_slice(path);
        args.push("--help");
        run(bin().args(&args)).ok().stdout
    };
    let all = commands(help);
    assert!(all.len() >= 20, "{all:?}");
    assert!(all.contains(&vec!["units".to_string(), "rename".to_string()]));
    let mut seen = 0;
    for path in std::iter::once(Vec::new()).chain(all) {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        let text = help(&path);
        let first = text.lines().next().unwrap_or_default();
        assert!(cjk(first), "{path:?}: summary {first:?}");
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "[default:",
            "[possible values:",
            "Examples:",
            "Print help",
        ] {
            assert!(!text.contains(english), "{path:?}: {english:?} in\n{text}");
        }
        // Every heading ends in a full-width colon, as 用法： does (issue 17i, finding 10).
        for line in text.lines().filter(|l| !l.starts_with(' ') && cjk(l)) {
            assert!(!line.ends_with(':'), "{path:?}: {line:?} in\n{text}");
        }
        assert!(text.contains("\n选项：\n"), "{path:?}:\n{text}");
        for (flag, desc) in descriptions(&text) {
            assert!(cjk(&desc), "{path:?} {flag}: {desc:?}\n{text}");
            seen += 1;
        }
    }
    assert!(seen > 150, "only {seen} options seen");
}

/// (environment, arguments, the help's first line)
type Case<'a> = (&'a [(&'a str, &'a str)], &'a [&'a str], &'a str);

#[test]
fn a_zh_locale_or_environment_gives_chinese_help_and_english_stays_the_default() {
    let zh = "列出任务（默认只列未办结的，--all 或 --status 可改）及其健康度";
    let en = "List tasks (open ones unless --all or --status), with their health";
    let cases: [Case; 5] = [
        (&[], &["--lang", "zh", "list", "--help"], zh),
        (&[("LANG", "zh_CN.UTF-8")], &["list", "--help"], zh),
        (&[("TRACKER_LANG", "zh")], &["list", "-h"], zh),
        (
            &[("LANG", "zh_CN.UTF-8")],
            &["--lang", "en", "list", "--help"],
            en,
        ),
        (&[], &["list", "--help"], en),
    ];
    for (env, args, want) in cases {
        let mut c = bin();
        for (k, v) in env {
            c.env(k, v);
        }
        let out = run(c.args(args)).ok().stdout;
        assert_eq!(out.lines().next(), Some(want), "{env:?} {args:?}");
        if want == zh {
            assert!(out.contains("只列此单位牵头或配合的任务"), "{out}");
            assert!(
                out.contains("[默认：id] [可选值：id、deadline、status]"),
                "{out}"
            );
        } else {
            assert!(out.contains("Options:"), "{out}");
        }
    }
    // `help CMD` is the command's own help, in Chinese too.
    let out = run(bin().args(["--lang", "zh", "help", "units", "rename"]))
        .ok()
        .stdout;
    assert!(
        out.starts_with("在所有提到某单位的任务中更改其名称"),
        "{out}"
    );
}
