//! `check`'s unit tests: the event shapes, ids, quotes and import records it accepts and refuses.

use super::*;

fn ev(field: &str, old: Option<&str>, new: Option<&str>, note: Option<&str>) -> DumpEvent {
    DumpEvent {
        change: 3,
        task: "1.4".into(),
        field: field.into(),
        old: old.map(Into::into),
        new: new.map(Into::into),
        note: note.map(Into::into),
        actor: "张三".into(),
        at: "2026-03-02T09:00:00+08:00".into(),
        entered: None,
        undoes: None,
        position: None,
    }
}

#[test]
fn events_commands_write_are_accepted() {
    for e in [
        ev(
            "created",
            None,
            Some("召开会议"),
            Some("imported from a.txt"),
        ),
        ev("title", Some("旧"), Some("新"), None),
        ev("text", Some(""), Some("全文\n第二行"), None),
        ev("status", Some("not-started"), Some("done"), Some("说明")),
        ev("progress", Some("0"), Some("100"), None),
        ev("deadline", None, Some("2026-06-01"), None),
        ev("deadline", Some("2026-06-01"), None, None),
        ev("lead", Some("组织科"), None, None),
        ev("support", None, Some("宣传科"), None),
        ev("support", Some("人事局"), Some("人社局"), None),
        ev("note", None, None, Some("已报送")),
    ] {
        let mut e = e;
        assert!(event(&mut e).is_ok(), "{e:?}: {:?}", event(&mut e.clone()));
    }
    // An undo withdraws a note (its text as old value) or posts it again (as the note).
    for (old, note, ok) in [
        (Some("写错了"), None, true),
        (None, Some("写错了"), true),
        (Some("写错了"), Some("写错了"), false),
        (None, None, false),
    ] {
        let mut e = ev("note", old, None, note);
        e.undoes = Some(2);
        assert_eq!(event(&mut e).is_ok(), ok, "{e:?}");
        e.undoes = None;
        assert!(event(&mut e).is_err() || old.is_none(), "{e:?}");
    }
}

#[test]
fn events_no_command_writes_are_refused_naming_the_fault() {
    let cases = [
        (
            ev("status", Some("hacked"), Some("done"), None),
            "status 'hacked'",
        ),
        (
            ev("status", Some("Done"), Some("done"), None),
            "status 'Done'",
        ),
        (
            ev("progress", Some("0"), Some("1000"), None),
            "progress '1000'",
        ),
        (
            ev("progress", Some("abc"), Some("5"), None),
            "progress 'abc'",
        ),
        (ev("progress", Some("0"), Some("-5"), None), "progress '-5'"),
        (ev("progress", Some("0"), Some("05"), None), "progress '05'"),
        (ev("progress", None, Some("5"), None), "needs an old value"),
        (ev("deadline", None, Some("2026/3/1"), None), "'2026/3/1'"),
        (ev("deadline", None, None, None), "needs an old or a new"),
        (ev("created", Some("x"), Some("t"), None), "no old value"),
        (ev("note", None, None, None), "needs its note"),
        (ev("note", None, Some("x"), Some("n")), "no new value"),
        (ev("hacked", None, None, None), "field 'hacked'"),
        (
            ev("lead", None, Some("a\u{1b}[31m"), None),
            "control character",
        ),
    ];
    for (mut e, want) in cases {
        let err = event(&mut e).unwrap_err();
        assert!(err.contains(want), "{e:?}: {err}");
        assert!(!err.contains('\u{1b}'), "{err}");
    }
    let mut e = ev("note", None, None, Some("n"));
    for (at, ok) in [
        ("2026-03-02T09:00:00Z", true),
        ("2026-03-02T09:00:00.5+08:00", true),
        ("yesterday", false),
        ("2026-03-02 09:00:00+08:00", false),
        ("2026-02-30T09:00:00+08:00", false),
        ("2026-03-02T09:00:00", false),
    ] {
        e.at = at.into();
        assert_eq!(event(&mut e).is_ok(), ok, "{at}");
    }
    e.at = "2026-03-02T09:00:00Z".into();
    for (actor, ok) in [
        ("张三", true),
        ("", false),
        (" 张三", false),
        ("a\nb", false),
    ] {
        e.actor = actor.into();
        assert_eq!(event(&mut e).is_ok(), ok, "{actor:?}");
    }
    e.actor = "张三".into();
    for (change, ok) in [(1, true), (0, false), (-1, false)] {
        e.change = change;
        assert_eq!(event(&mut e).is_ok(), ok, "{change}");
    }
}

#[test]
fn ids_are_the_stored_form_only() {
    assert_eq!(task_id("1.4"), Ok(TaskId::new(1, 4)));
    for bad in ["1-4", "#1.4", "１.４", "0.1", "1.04", " 1.4", "1.4\u{1b}"] {
        let err = task_id(bad).unwrap_err();
        assert!(!err.contains('\u{1b}'), "{err}");
    }
}

#[test]
fn quotes_are_escaped_and_short() {
    assert_eq!(quote("a\u{1b}[2Jb"), "'a\\u{1b}[2Jb'");
    assert_eq!(quote(&"长".repeat(50)), format!("'{}…'", "长".repeat(40)));
}

#[test]
fn imports_name_real_recommendations() {
    let mut i = DumpImport {
        hash: "ab".repeat(32),
        file: "报告.txt".into(),
        recommendations: "4-6".into(),
        actor: "张三".into(),
        at: "2026-03-02T09:00:00+08:00".into(),
    };
    let known = |n: u32| (1..=6).contains(&n);
    assert!(import(&i, known).is_ok());
    for (r, ok) in [
        ("4", true),
        ("6-4", false),
        ("4-4", false),
        ("4-7", false),
        ("0", false),
        ("x", false),
    ] {
        i.recommendations = r.into();
        assert_eq!(import(&i, known).is_ok(), ok, "{r}");
    }
    i.recommendations = "4".into();
    i.hash = "AB".repeat(32);
    assert!(import(&i, known).is_err());
}
