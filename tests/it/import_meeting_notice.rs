//! A meeting notice (会议通知) numbers its arrangements, not tasks: `tracker import` refuses it
//! with one line naming why, dry run or not, and writes nothing; a notice that does list work
//! (no time/place/attendance sections) and minutes that open with their time and place still
//! import.

use crate::support::{empty, write};

/// Notices in several wordings: (file body, a heading the message names).
const NOTICES: &[(&str, &str)] = &[
    (
        "关于召开全市防汛工作会议的通知\n\n各区县人民政府：\n经研究，定于近期召开全市防汛工作会议。\n一、会议时间\n2027年5月10日上午9时。\n二、会议地点\n市政府三楼会议室。\n三、参会人员\n各区县分管负责同志。\n四、会议议程\n（一）通报汛情；\n（二）部署任务。\n五、有关要求\n请各单位于5月8日前报送参会名单。\n市防汛办\n2027年5月1日\n",
        "会议地点",
    ),
    (
        "市教育局会议通知\n各学校：\n（一）时间：2027年3月2日下午3点\n（二）地点：局机关二楼报告厅\n（三）参加人员：各校校长\n（四）注意事项：请准时参会。\n",
        "地点",
    ),
    (
        "关于召开2027年度党风廉政建设工作会议的通知\n1.会议时间：2027年2月20日\n2.会议地点：县委大礼堂\n3.会议日程：传达上级精神；签订责任书\n4.会议要求：不得请假\n",
        "会议日程",
    ),
];

#[test]
fn a_meeting_notice_is_refused_naming_why_and_nothing_is_written() {
    for (body, head) in NOTICES {
        for dry in [true, false] {
            let l = empty();
            let f = write(&l, "notice.txt", body.as_bytes());
            let mut args = vec!["import", f.as_str()];
            if dry {
                args.push("--dry-run");
            }
            let out = l.run(&args);
            let err = out.fails(1, &["meeting notice", head]);
            assert_eq!(err.trim().lines().count(), 1, "{err}");
            assert!(err.starts_with("error: "), "{err}");
            let list = l.run(&["list", "--format", "json"]).ok();
            assert!(!list.stdout.contains("会议"), "{}", list.stdout);
        }
        // In Chinese too.
        let l = empty();
        let f = write(&l, "notice.txt", body.as_bytes());
        let err = l
            .run(&["--lang", "zh", "import", &f, "--dry-run"])
            .fails(1, &["会议通知", head]);
        assert!(err.starts_with("错误："), "{err}");
    }
}

#[test]
fn a_notice_that_lists_work_and_minutes_with_their_time_still_import() {
    let cases = [
        // A notice whose numbered sections are work, not arrangements.
        "关于做好冬季安全生产工作的通知\n各乡镇：\n一、开展隐患排查，12月底前完成。\n二、加强值班值守，落实领导带班制度。\n",
        // Minutes: time and place open them, decisions follow.
        "县政府常务会议纪要\n时间：2026年11月20日\n地点：县政府三楼会议室\n会议议定事项如下：\n一、由县住建局牵头，年底前完成老旧小区改造摸底。\n二、由县财政局负责，12月底前拨付专项资金。\n",
    ];
    for body in cases {
        let l = empty();
        let f = write(&l, "r.txt", body.as_bytes());
        let out = l.run(&["import", &f, "--dry-run", "--format", "json"]).ok();
        let p: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let n: usize = p["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["items"].as_array().unwrap().len())
            .sum();
        assert_eq!(n, 2, "{body}\n{p:#}");
    }
}
