//! `--encoding big5` on a file that is GBK/GB18030 says so, as `--encoding gbk` on a UTF-8
//! file does: one line naming the encoding the file reads as and what to give instead, exit
//! 1, the ledger untouched. A Big5 file given `--encoding big5`, and a GBK one given
//! `--encoding gbk`, still import.

use crate::support::{empty, write};

/// Reports of several shapes, as mainland offices save them in GBK.
const REPORTS: &[&str] = &[
    "下一步措施：\n1、完成危房改造摸底。（牵头单位：县住建局，2024年6月底前完成）\n2、建立长效管护机制。\n",
    "关于加强农村公路管护的整改方案\n一、整改措施\n（一）修复破损路段。\n（二）落实管护资金。\n县交通运输局\n2024年3月1日\n",
    "下步工作打算：一是加大宣传力度，提高群众知晓率；二是完善工作机制，落实责任分工。\n",
    "序号\t工作任务\t牵头单位\t完成时限\n1\t新增城镇就业1万人\t县人社局\t12月底前\n",
];

#[test]
fn big5_forced_on_a_gbk_file_says_what_the_file_reads_as() {
    let l = empty();
    for (k, text) in REPORTS.iter().enumerate() {
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let f = write(&l, &format!("gbk{k}.txt"), &gbk);
        let before = l.dump();
        for dry in [true, false] {
            let mut args = vec!["import", f.as_str(), "--encoding", "big5"];
            if dry {
                args.push("--dry-run");
            }
            let err = l.run(&args).fails(
                1,
                &[
                    "the file is not Big5: it reads as GBK/GB18030",
                    "drop --encoding",
                    "--encoding gbk",
                ],
            );
            assert_eq!(err.lines().count(), 1, "{err}");
            assert!(err.starts_with("error: "), "{err}");
            assert_eq!(l.dump(), before, "case {k}: ledger untouched");
        }
        let zh = l
            .run(&["--lang", "zh", "import", &f, "--encoding", "big5"])
            .fails(1, &["错误：", "文件不是 Big5 编码：它是 GBK/GB18030 文本"]);
        assert!(!zh.contains("the file"), "{zh}");
        // The encoding it names reads it, as does no flag at all.
        for args in [vec!["--encoding", "gbk"], vec![]] {
            let mut all = vec!["import", f.as_str(), "--dry-run"];
            all.extend(args);
            let out = l.run(&all).ok();
            assert!(out.stdout.contains("GB18030"), "case {k}: {}", out.stdout);
        }
    }
}

#[test]
fn big5_and_gbk_given_rightly_still_read() {
    let l = empty();
    let text = "改善建議\n1、加強資訊安全。\n2、完善網路管理。\n";
    let (big5, _, bad) = encoding_rs::BIG5.encode(text);
    assert!(!bad);
    let f = write(&l, "tw.txt", &big5);
    let out = l
        .run(&["import", &f, "--encoding", "big5", "--dry-run"])
        .ok();
    assert!(out.stdout.contains("Big5"), "{}", out.stdout);
    assert!(out.stdout.contains("加强"), "{}", out.stdout);
    // A UTF-8 file given a legacy encoding keeps its own message.
    let f = write(&l, "u.txt", REPORTS[0].as_bytes());
    l.run(&["import", &f, "--encoding", "big5"]).fails(
        1,
        &["the file is not Big5: it reads as UTF-8; drop --encoding"],
    );
}

/// The encodings people are told `--encoding` accepts, in both languages, as every message
/// that lists them must name them: big5 among them, since it is accepted.
const TOLD: [(&str, &str); 2] = [
    ("en", "utf-8, gb18030, gbk or big5"),
    ("zh", "utf-8、gb18030、gbk 或 big5"),
];

#[test]
fn every_message_listing_the_encodings_names_all_four() {
    let l = empty();
    // Bytes no encoding reads (0xFF starts no character in UTF-8, GB18030 or Big5), after a
    // line that is UTF-8 Chinese, so each flag reaches its own decoder.
    let bad = write(&l, "bad.txt", b"1\xe3\x80\x81\xff\xfe\n2\xe3\x80\x81b\n");
    let before = l.dump();
    // (flag value, exit code, what the message says before the list), English then Chinese.
    let cases: [(&str, i32, &str, &str); 4] = [
        ("latin1", 2, "expected ", "应为 "),
        ("utf-8", 1, "not valid UTF-8", "不是有效的 UTF-8"),
        (
            "gbk",
            1,
            "neither UTF-8 nor GB18030/GBK",
            "既不是 UTF-8 也不是 GB18030/GBK",
        ),
        ("big5", 1, "not Big5 text", "不是 Big5 文本"),
    ];
    for (flag, code, en, zh) in cases {
        for ((lang, list), said) in TOLD.into_iter().zip([en, zh]) {
            l.run(&["--lang", lang, "import", &bad, "--encoding", flag])
                .fails(code, &[said, list]);
        }
    }
    assert_eq!(l.dump(), before, "ledger untouched");
}

#[test]
fn every_accepted_spelling_of_an_encoding_reads_the_file() {
    let l = empty();
    let f = write(&l, "ascii.txt", b"1. a\n2. b\n");
    // What each name is read as, as the dry run's first line names it; case, `-` and `_` aside.
    let cases = [
        ("utf-8", "UTF-8"),
        ("UTF8", "UTF-8"),
        ("utf_8", "UTF-8"),
        ("gb18030", "GB18030"),
        ("GBK", "GB18030"),
        ("gb2312", "GB18030"),
        ("cp936", "GB18030"),
        ("big5", "Big5"),
        ("Big5-HKSCS", "Big5"),
        ("cp950", "Big5"),
    ];
    for (flag, read_as) in cases {
        let out = l.run(&["import", &f, "--encoding", flag, "--dry-run"]).ok();
        let first = out.stdout.lines().next().unwrap_or_default();
        assert!(first.contains(&format!(": {read_as};")), "{flag}: {first}");
    }
}

#[test]
fn help_and_completion_name_the_encodings_the_messages_name() {
    let l = empty();
    for (lang, list) in TOLD {
        let help = l.run(&["--lang", lang, "import", "--help"]).ok().stdout;
        assert!(help.contains(list), "{lang}: {help}");
    }
    assert_eq!(
        crate::completion::bash(&l, &["import", "x.txt", "--encoding", ""]),
        ["utf-8", "gb18030", "gbk", "big5"]
    );
}
