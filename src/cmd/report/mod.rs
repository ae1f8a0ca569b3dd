//! `tracker report`: the weekly progress table as of any week, or a week-by-week series.

use std::io::Write;

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;

use crate::cli::{ReportArgs, ReportFormat};
use crate::ctx::Ctx;
use crate::model::{TaskId, parse_date};
use crate::render::Medium;
use crate::render::formats;
use crate::render::json::{self, Words};
use crate::render::report::{Doc, report_doc, series_doc};
use crate::render::xlsx::report::report_workbook;
use crate::report::{
    Options, Period, Pick, Picks, Report, Scope, fill, name_summary, needs, outline, series_from,
};
use crate::store::{EventFilter, Store, TaskFilter, WeeklyRules};
use crate::task::Field;

mod tongbao;

use tongbao::{refuse_outside_life, tongbao_docx};

pub fn run(ctx: &Ctx, args: &ReportArgs, out: &mut dyn Write) -> Result<()> {
    let today = ctx.today();
    let date = |flag: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| {
                parse_date(s, today).map_err(|e| {
                    crate::model::bad_value(crate::msg!("invalid {flag}: {e}", "{flag} 无效：{e}"))
                })
            })
            .transpose()
    };
    let (from, to) = (date("--from", &args.from)?, date("--to", &args.to)?);
    let week = args
        .week
        .as_ref()
        .map(|w| {
            w.resolve(today)
                .map_err(|e| anyhow!(crate::msg!("invalid --week: {e}", "--week 无效：{e}")))
        })
        .transpose()?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        bail!(crate::msg!(
            "--from {f} is after --to {t}: give the earlier date first",
            "--from {f} 晚于 --to {t}：请先写较早的日期"
        ));
    }
    let mut store = ctx.open()?;
    if let Some(rec) = args.rec {
        super::check_rec(&store, rec)?;
    }
    // `--owner` names the unit as it was called at the report's end (the period's last day,
    // or --today if earlier), once the period is known.
    let mut scope = Scope {
        recommendation: args.rec,
        unit: None,
    };
    let plan_start = store.plan_start()?.unwrap_or(today);
    // Decided before anything is rendered: colour depends on where the text goes. First of
    // all, so that --out naming the ledger is refused as the ledger, whatever its extension.
    let dest = args
        .out
        .as_deref()
        .map(|p| crate::output::Dest::resolve(p, &ctx.db))
        .transpose()?;
    let format =
        super::out_format::report_format(args.format, args.out.as_deref(), ctx.report_format)?;
    if format == ReportFormat::Xlsx && args.out.is_none() {
        bail!(crate::msg!(
            "report --format xlsx writes a workbook, not text: give --out FILE.xlsx",
            "xlsx 格式生成的是工作簿而不是文本：请用 --out 指定 .xlsx 文件"
        ));
    }
    if format == ReportFormat::Docx && args.out.is_none() {
        bail!(crate::msg!(
            "report --format docx writes a Word document, not text: give --out FILE.docx",
            "report --format docx 生成 Word 文档而非文本：请用 --out 指定文件，如 --out 通报.docx"
        ));
    }
    if args.draft && format != ReportFormat::Docx {
        bail!(crate::msg!(
            "--draft marks a 通报 as a draft: use it with --format docx",
            "--draft 用于通报草稿：请与 --format docx 一起使用"
        ));
    }
    if format == ReportFormat::Docx && args.series.is_some() {
        bail!(crate::msg!(
            "report --series has no docx form: the 通报 is one period's (give --week, or --format xlsx for the series)",
            "report --series 没有 docx 格式：通报针对一个时段（请用 --week，或用 --format xlsx 输出序列）"
        ));
    }
    let color = dest.as_ref().map_or(ctx.color, |d| ctx.color_for(d));
    // What is written: a document's text, or json written as it is made.
    let emit: Emit = if args.series.is_some() {
        let period = match (week, from, to) {
            (Some(w), _, _) => w,
            (None, f, t) => Period {
                from: f.unwrap_or(plan_start),
                to: t.unwrap_or(today),
            },
        };
        // Before the plan starts there is no week to count yet: said plainly, not as a
        // misuse of --from and --to (17j #7).
        if week.is_none() && from.is_none() && period.to < plan_start {
            bail!(crate::msg!(
                "nothing to count yet: the plan starts on {}, after {} (give a later --to or --today)",
                "截至 {1} 计划尚未开始（{0} 起），尚无可逐周统计的内容（可给出更晚的 --to 或 --today）",
                plan_start,
                period.to
            ));
        }
        if period.from > period.to {
            bail!(crate::msg!(
                "the series would start on {} after it ends on {}: give --from and --to",
                "逐周统计的开始日期 {} 晚于结束日期 {}：请给出 --from 和 --to",
                period.from,
                period.to
            ));
        }
        scope.unit = owner_at_end(&store, args.owner.as_deref(), period, today)?;
        // Each week's end needs who exists, who is done or open, and whose deadline has passed:
        // statuses, deadlines and creations only. Scoping by unit takes the tasks that name it
        // now or named it since the series began.
        let filter = TaskFilter {
            rec: scope.recommendation,
            unit: scope.unit.clone(),
            unit_since: scope.unit.as_ref().map(|_| period.from),
            ..Default::default()
        };
        let (tasks, changes) = store.snapshot(|s| {
            let fields = [Field::Created, Field::Status, Field::Deadline];
            Ok((
                s.task_states(&filter)?,
                s.state_changes(&filter, &fields, None)?,
            ))
        })?;
        let rows = series_from(tasks, changes, period, today);
        match format {
            ReportFormat::Json => {
                let value = serde_json::json!({ "from": period.from, "to": period.to, "scope": scope, "weeks": rows });
                Box::new(move |w| json::write(&value, w))
            }
            ReportFormat::Xlsx => {
                let doc = series_doc(&rows, period.from, period.to, ctx.lang);
                bytes(report_workbook(&doc, today)?)
            }
            f => text(write_doc(
                &series_doc(&rows, period.from, period.to, ctx.lang),
                f,
                args.bom,
                color,
            )),
        }
    } else {
        let period = match (week, from, to) {
            (Some(w), _, _) => w,
            (None, Some(f), Some(t)) => Period { from: f, to: t },
            (None, None, None) => Period::week_of(today),
            _ => bail!(crate::msg!(
                "give both --from and --to for a custom period, or --week",
                "自定义期间须同时给出 --from 和 --to，或改用 --week"
            )),
        };
        scope.unit = owner_at_end(&store, args.owner.as_deref(), period, today)?;
        // Only the whole ledger's 通报 for a week is numbered: refused, before anything is
        // written, for a week outside the ledger's life.
        let whole = scope.recommendation.is_none() && scope.unit.is_none();
        if format == ReportFormat::Docx && !args.draft && whole && period.iso_week().is_some() {
            refuse_outside_life(&store, period, today)?;
        }
        let limit = match format {
            ReportFormat::Json | ReportFormat::Csv | ReportFormat::Xlsx => 0,
            _ => args.limit,
        };
        // A period that has ended ends at the local midnight after its last day.
        let ended = (period.to < today)
            .then(|| period.to.succ_opt()?.and_hms_opt(0, 0, 0))
            .flatten()
            .and_then(|t| t.and_local_timezone(*ctx.now.offset()).single())
            .map(|t| {
                t.with_timezone(&chrono::Utc)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            });
        let q = Weekly {
            scope,
            period,
            ended,
            plan_start,
            opts: Options {
                limit,
                trend_weeks: args.trend_weeks,
                // The 通报's body counts and names from every task; --limit cuts its
                // attachment only.
                whole_lists: format == ReportFormat::Docx,
                news_items: if format == ReportFormat::Docx {
                    ctx.tongbao_items as usize
                } else {
                    0
                },
            },
            today,
            due_soon_days: ctx.due_soon_days,
            rules: ctx.followup,
            unit_weeks: ctx.unit_weeks,
        };
        match format {
            // Written while it is read: its rows get their words a chunk at a time.
            ReportFormat::Json => {
                let lang = ctx.lang;
                Box::new(move |w| {
                    weekly(&mut store, &q, |report, picks, words| {
                        json::write_report(&report, &picks, words, lang, w)
                    })
                })
            }
            // Every row, written likewise.
            ReportFormat::Csv => {
                let (lang, bom) = (ctx.lang, args.bom);
                Box::new(move |w| {
                    weekly(&mut store, &q, |report, picks, words| {
                        formats::write_csv_report(&report, &picks, words, lang, bom, w)
                    })
                })
            }
            // Every row, with numbers, dates and a chart a spreadsheet can use.
            ReportFormat::Xlsx => {
                let report = weekly(&mut store, &q, fill_all)?;
                bytes(report_workbook(
                    &report_doc(
                        &report,
                        ctx.lang,
                        Medium::Document,
                        ctx.tongbao_items as usize,
                    ),
                    today,
                )?)
            }
            ReportFormat::Docx => {
                let (office, first, today) = (ctx.office.clone(), ctx.first_issue, ctx.today());
                let (draft, cap) = (args.draft, ctx.tongbao_items as usize);
                Box::new(move |w| {
                    tongbao_docx(&mut store, &q, &office, first, today, (draft, cap), w)
                })
            }
            f => {
                let report = weekly(&mut store, &q, fill_all)?;
                // Only the terminal's table shows hidden characters as `\u{..}`.
                let medium = match f {
                    ReportFormat::Table => Medium::Screen,
                    _ => Medium::Document,
                };
                let doc = report_doc(&report, ctx.lang, medium, ctx.tongbao_items as usize);
                let written = write_doc(&doc, f, args.bom, color);
                super::free_at_exit((report, doc));
                text(written)
            }
        }
    };
    match (&args.out, dest) {
        (Some(path), Some(dest)) => {
            use crate::output::{Privacy, Replace, write_to};
            write_to(&dest, path, Privacy::Shared, Replace::Yes, out, emit)?;
            if !matches!(dest, crate::output::Dest::Stdout) {
                eprintln!(
                    "{}",
                    crate::msg!(
                        "tracker: wrote {}",
                        "tracker：已写入 {}",
                        crate::output::shown(path)
                    )
                );
            }
        }
        _ => emit(out)?,
    }
    Ok(())
}

/// How a report reaches standard output or its `--out` file.
type Emit = Box<dyn FnOnce(&mut dyn Write) -> Result<()>>;

fn bytes(b: Vec<u8>) -> Emit {
    Box::new(move |w| Ok(w.write_all(&b)?))
}

fn text(s: String) -> Emit {
    Box::new(move |w| {
        w.write_all(s.as_bytes())?;
        super::free_at_exit(s);
        Ok(())
    })
}

/// The outlined report with the words of every task it picked, read at once (for the
/// documents people read, cut to `--limit`).
fn fill_all(mut report: Report, picks: Picks, words: &mut Words<'_>) -> Result<Report> {
    // With those the limit left out that the cut list names after all (every silent unit is
    // named whatever the list shows: from `Picks::leads`, without their words).
    let mut want = picks.all();
    want.extend(crate::report::weekly::listed_rest(&picks));
    want.sort_unstable_by_key(|p| p.row);
    want.dedup_by_key(|p| p.row);
    let (tasks, events) = words(&want)?;
    fill(&mut report, &picks, tasks, &events);
    Ok(report)
}

/// What a weekly report covers, and as of when.
#[derive(Clone)]
struct Weekly {
    scope: Scope,
    period: Period,
    /// The instant the period ended (UTC, as events' `entered`), if it has.
    ended: Option<String>,
    plan_start: NaiveDate,
    opts: Options,
    today: NaiveDate,
    due_soon_days: u32,
    rules: crate::report::Rules,
    /// Weeks the summary by unit looks back over (config `unit_weeks`).
    unit_weeks: u32,
}

/// The weekly report, read in one snapshot: every task's state and the changes the figures
/// need (`report::needs`), outlined, with the summary's headlines; then, in the same snapshot,
/// `finish` gets the outline, the tasks it picked, and a reader of their words (titles and
/// units as of the report's end, and events).
fn weekly<T>(
    store: &mut Store,
    q: &Weekly,
    finish: impl FnOnce(Report, Picks, &mut Words<'_>) -> Result<T>,
) -> Result<T> {
    let need = needs(q.period, q.today, q.plan_start, q.opts.trend_weeks);
    let rules = WeeklyRules {
        plan_start: q.plan_start,
        today: q.today,
        due_soon_days: q.due_soon_days,
        rules: q.rules,
    };
    store.snapshot(|s| {
        // What to read for the outline and for its rows' words is the store's choice.
        let (input, mut read) = s.weekly_input(&q.scope, q.period, need, rules)?;
        let filter = read.filter().clone();
        // Every task's state, for 各单位反馈情况 below: the report's own when it covers them all.
        let whole = (q.scope.recommendation.is_none() && q.scope.unit.is_none())
            .then(|| input.states.clone());
        // The tasks in a unit's scope (sorted by id): its renames are theirs.
        let mut picked_scope: Vec<TaskId> = Vec::new();
        if q.scope.unit.is_some() {
            picked_scope = input.states.iter().map(|t| t.id).collect();
            picked_scope.sort_unstable();
        }
        let (mut report, mut picks) = outline(input, q.period, q.scope.clone(), q.opts);
        // The leads of the tasks a limit left out, not their words (`Picks::leads`).
        let lead_wanted = picks.lead_wanted();
        // Every task's lead now, read once for both (when either needs it).
        let lead_rows = if whole.is_some() || !lead_wanted.is_empty() {
            s.lead_rows()?
        } else {
            Vec::new()
        };
        if !lead_wanted.is_empty() {
            picks.leads = s.leads_at(&lead_wanted, need.as_of, &lead_rows)?;
        }
        if let Some(ended) = &q.ended {
            report.entered_later = Some(s.count_entered_after(&filter, need.as_of, ended)?);
        }
        let recs: Vec<u32> = report
            .summary
            .iter()
            .filter_map(|r| r.recommendation)
            .collect();
        name_summary(&mut report, &s.headlines(&recs)?);
        // 各单位反馈情况: the figures `tracker units` gives for the report's end.
        report.unit_weeks = q.unit_weeks;
        report.units = super::units::shares(
            s,
            need.as_of,
            q.unit_weeks,
            q.rules,
            whole.map(|states| (states, lead_rows)),
        )?;
        if let Some(unit) = &q.scope.unit {
            report.units.retain(|u| &u.unit == unit);
        }
        // 催办次数: the notices each unit was sent, as the history stood at the report's end.
        let (mut sent, undos) = s.notices_sent()?;
        // Scoped to a recommendation: only the notices that listed one of its tasks (a
        // notice goes to a unit, and names that unit's tasks of every recommendation).
        if q.scope.recommendation.is_some() {
            let listed = s.notice_changes(&filter)?;
            sent.retain(|n| listed.contains(&n.change));
        }
        // Counted under each unit's name at the report's end, renames followed.
        let renames = if sent.is_empty() {
            Vec::new()
        } else {
            super::unit_renames(s)?
        };
        report.reminders =
            crate::report::reminders::reminders(&sent, &undos, &renames, q.period.from, need.as_of);
        report.notices =
            crate::report::reminders::issued_in(&sent, &undos, &renames, q.period.from, need.as_of);
        // The units renamed in the period, each rename said once.
        let mut rename_events = s.events(&EventFilter {
            since: Some(q.period.from),
            until: Some(need.as_of),
            fields: vec![Field::Lead, Field::Support],
            tasks: Some(filter.clone()),
            live: true,
            ..Default::default()
        })?;
        if q.scope.unit.is_some() {
            rename_events.retain(|e| picked_scope.binary_search(&e.task).is_ok());
        }
        report.renames = crate::report::renames::renamed_in(&rename_events);
        super::mark_merges(s, &mut report.renames)?;
        if let Some(unit) = &q.scope.unit {
            report.reminders.retain(|r| &r.unit == unit);
            report.notices.retain(|n| &n.unit == unit);
        }
        read.picked(&picks)?;
        let mut words = |picked: &[Pick]| read.words(picked);
        finish(report, picks, &mut words)
    })
}

/// The unit `owner` (`--owner` as typed) names in a report over `period` made on `today`: by
/// its name at the report's end, the period's last day or `today` if earlier
/// ([`super::resolve_unit_at_end`]).
fn owner_at_end(
    store: &Store,
    owner: Option<&str>,
    period: Period,
    today: chrono::NaiveDate,
) -> Result<Option<String>> {
    owner
        .map(|o| super::resolve_unit_at_end(store, o, period.to.min(today)))
        .transpose()
}

fn write_doc(doc: &Doc, format: ReportFormat, bom: bool, color: bool) -> String {
    match format {
        ReportFormat::Table => formats::table(doc, super::width_or(100), color),
        ReportFormat::Markdown => formats::markdown(doc),
        ReportFormat::Csv => formats::csv(doc, bom),
        ReportFormat::Html => formats::html(doc),
        ReportFormat::Json | ReportFormat::Xlsx | ReportFormat::Docx => {
            unreachable!("json, xlsx and docx are written from the data, not as text")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;
    use crate::store::Stamp;
    use crate::task::FieldChange;

    /// `weekly` with its rows filled at once, as the text formats use it, in JSON.
    fn filled(store: &mut Store, q: &Weekly) -> String {
        let report = weekly(store, q, fill_all).unwrap();
        json::to_string(&report).unwrap()
    }

    /// `weekly` written as it is read, as `report --format json` does.
    fn streamed(store: &mut Store, q: &Weekly) -> String {
        let bytes = weekly(store, q, |report, picks, words| {
            let mut out = Vec::new();
            json::write_report(&report, &picks, words, Lang::Zh, &mut out)?;
            Ok(out)
        })
        .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    /// The csv of the filled report, and as `report --format csv` writes it as it is read.
    fn csv_both(store: &mut Store, q: &Weekly, lang: Lang) -> (String, String) {
        let filled = formats::csv(
            &report_doc(
                &weekly(store, q, fill_all).unwrap(),
                lang,
                Medium::Document,
                crate::render::docx::BODY_ITEMS as usize,
            ),
            true,
        );
        let bytes = weekly(store, q, |report, picks, words| {
            let mut out = Vec::new();
            formats::write_csv_report(&report, &picks, words, lang, true, &mut out)?;
            Ok(out)
        })
        .unwrap();
        (filled, String::from_utf8(bytes).unwrap())
    }

    /// A ledger of `tasks` synthetic tasks with about `events` events each, up to its today.
    fn synthetic(tasks: u32, events: u32, seed: u64) -> (tempfile::TempDir, Store, NaiveDate) {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, _) = Store::open_or_create(&dir.path().join("t.db")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        store.synth(tasks, events, seed, today).unwrap();
        (dir, store, today)
    }

    #[test]
    fn the_streamed_json_report_is_the_filled_report_byte_for_byte() {
        let (_dir, mut store, today) = synthetic(5000, 3, 7);
        // Titles and leads changed in week 47: earlier weeks show them as they were.
        let stamp = Stamp {
            actor: "t".into(),
            at: "2026-11-17T09:00:00+08:00".into(),
            entered: "2026-11-17T01:00:00Z".into(),
            dated: crate::store::Dated::Exact,
        };
        let changed = store
            .update_all(
                &TaskFilter {
                    rec: Some(3),
                    ..Default::default()
                },
                &stamp,
                |t| {
                    Ok(vec![
                        FieldChange::new(
                            Field::Title,
                            Some(t.title.clone()),
                            Some(format!("{}（改）", t.title)),
                        ),
                        FieldChange::new(Field::Lead, t.lead.clone(), Some("新设科".into())),
                    ])
                },
            )
            .unwrap();
        assert!(changed > 0);
        let plan_start = store.plan_start().unwrap().unwrap();
        let weeks = [
            Period::week_of(today),
            Period::week_of(NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()),
            Period::week_of(NaiveDate::from_ymd_opt(2025, 3, 5).unwrap()),
        ];
        let scopes = [
            Scope::default(),
            Scope {
                recommendation: Some(3),
                unit: None,
            },
            Scope {
                recommendation: None,
                unit: Some("组织科".into()),
            },
        ];
        for period in weeks {
            for scope in &scopes {
                let q = Weekly {
                    scope: scope.clone(),
                    period,
                    ended: None,
                    plan_start,
                    opts: Options {
                        limit: 0,
                        trend_weeks: 0,
                        whole_lists: false,
                        news_items: 0,
                    },
                    today,
                    due_soon_days: 14,
                    rules: crate::report::Rules::default(),
                    unit_weeks: 4,
                };
                let (a, b) = (filled(&mut store, &q), streamed(&mut store, &q));
                assert!(a == b, "{period:?} {scope:?}: the streamed report differs");
                for lang in [Lang::Zh, Lang::En] {
                    let (a, c) = csv_both(&mut store, &q, lang);
                    assert!(a == c, "{period:?} {scope:?}: the streamed csv differs");
                }
                let v: serde_json::Value = serde_json::from_str(&b).unwrap();
                let rows = v["rows"].as_array().unwrap();
                if period == weeks[0] && scope.recommendation.is_none() && scope.unit.is_none() {
                    // More rows than a chunk, and overdue tasks with their words.
                    assert!(rows.len() > 2048, "{}", rows.len());
                    assert!(
                        v["overdue"][0]["title"]
                            .as_str()
                            .is_some_and(|t| !t.is_empty())
                    );
                }
                // Rec 3's titles: renamed from week 47 on, as they were before it.
                if let Some(row) = rows
                    .iter()
                    .find(|r| r["id"].as_str().unwrap().starts_with("3."))
                {
                    let renamed = row["title"].as_str().unwrap().ends_with("（改）");
                    assert_eq!(renamed, period.from >= stamp_week(), "{period:?}");
                    assert_eq!(row["lead"] == "新设科", renamed, "{period:?}");
                }
            }
        }
    }

    /// A long period with few rows shown reads only their events; with every row shown, the
    /// scope's: the rows shown get the same words either way.
    #[test]
    fn the_rows_shown_get_the_same_words_however_their_events_are_read() {
        let (_dir, mut store, today) = synthetic(3000, 6, 3);
        let plan_start = store.plan_start().unwrap().unwrap();
        let report = |store: &mut Store, limit: usize| {
            let q = Weekly {
                scope: Scope::default(),
                period: Period {
                    from: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
                    to: NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
                },
                ended: None,
                plan_start,
                opts: Options {
                    limit,
                    trend_weeks: 8,
                    whole_lists: false,
                    news_items: 0,
                },
                today,
                due_soon_days: 14,
                rules: crate::report::Rules::default(),
                unit_weeks: 4,
            };
            let json = filled(store, &q);
            serde_json::from_str::<serde_json::Value>(&json).unwrap()
        };
        let (few, all) = (report(&mut store, 20), report(&mut store, 0));
        let by_id =
            |list: &serde_json::Value| -> std::collections::HashMap<String, serde_json::Value> {
                list.as_array()
                    .unwrap()
                    .iter()
                    .map(|r| (r["id"].as_str().unwrap().to_string(), r.clone()))
                    .collect()
            };
        let mut events = 0;
        for list in ["rows", "overdue", "upcoming"] {
            let whole = by_id(&all[list]);
            for row in few[list].as_array().unwrap() {
                let id = row["id"].as_str().unwrap();
                assert_eq!(row, &whole[id], "{list} {id}");
                events += row["this_week"].as_array().map_or(0, Vec::len);
            }
        }
        assert!(events > 0, "no events in the rows shown");
    }

    fn stamp_week() -> NaiveDate {
        Period::week_of(NaiveDate::from_ymd_opt(2026, 11, 17).unwrap()).from
    }
}
