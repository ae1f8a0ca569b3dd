//! `tracker import FILE`: a report's numbered recommendations, or a task table or an existing
//! 台账, become tasks, in one change. The file's kind is settled by its name and first bytes:
//! .docx (Word), .xlsx/.xls/.ods and .csv (tables), anything else as text; a .doc, PDF or
//! picture is refused with what to save it as.

use std::io::Write;

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::NaiveDate;

use crate::cli::{Format, ImportArgs};
use crate::ctx::Ctx;
use crate::import::fields::{self, Deadline, Found};
use crate::import::input::{self, Read};
use crate::import::{Group, parse, table, years};
use crate::model::{TaskId, TextKind, clean_text, parse_deadline};
use crate::render::import::{Preview, PreviewItem, PreviewRec, Source, Sources};
use crate::render::json;
use crate::seed::NewTask;
use crate::store::{ImportOutcome, ImportSource, Imported, ImportedState, Store};

pub fn run(ctx: &Ctx, args: &ImportArgs, out: &mut dyn Write) -> Result<()> {
    let (name, path, bytes) = read_file(&args.file)?;
    let (read, encoding) = input::read(&path, &bytes, args.encoding, args.to_simplified)
        .map_err(|e| in_file(&name, e))?;
    let lead = args
        .lead
        .as_deref()
        .map(|l| {
            clean_text(TextKind::Unit, l).map_err(|e| {
                crate::model::bad_value(crate::msg!("invalid --lead: {e}", "--lead 无效：{e}"))
            })
        })
        .transpose()?;
    let default_deadline = match (&args.deadline, args.within) {
        (Some(d), _) => {
            // Read as update and add read a deadline: a date without a year is the next such
            // day, and stderr says which year. A past date is reported with the import's own
            // list of past deadlines, not twice.
            let t = parse_deadline(d, ctx.today()).map_err(|e| {
                crate::model::bad_value(crate::msg!("invalid --deadline: {e}", "--deadline 无效：{e}"))
            })?;
            if t.date >= ctx.today() {
                super::warn_date_notes(&t);
            }
            Some(t.date)
        }
        (None, Some(span)) => Some(
            span.after(ctx.today())
                .ok_or_else(|| {
                    anyhow!(crate::msg!(
                        "invalid --within: the deadline would fall after 9999-12-31, the last date the ledger holds",
                        "--within 无效：完成时限将晚于台账能记录的最后一天 9999-12-31"
                    ))
                })?,
        ),
        (None, None) => None,
    };

    // The ledger is read if there is one; a new one is made only once the file has given its
    // tasks, so a dry run or a refused file leaves nothing behind. A path where the import
    // would refuse to start one is refused by its dry run too.
    let store = if ctx.ledger_there() {
        Some(ctx.open()?)
    } else if ctx.may_create() {
        None
    } else {
        return Err(ctx.no_ledger(" --empty"));
    };
    if let (Some(s), Some(l)) = (&store, &lead) {
        // The flag names one unit for every task: a slip there (组织课 for 组织科) would start
        // a second, empty unit, so it is refused as `add` and `update` refuse it.
        super::refuse_near_units(s, &[l.as_str()], args.new_unit)?;
    }
    let known = match &store {
        Some(s) => s.units()?,
        None => Vec::new(),
    };
    let plan_start = match &store {
        Some(s) => s.plan_start()?.unwrap_or(ctx.today()),
        None => ctx.today(),
    };
    let near = crate::import::units::NearMemo::default();
    // A report's items, as tasks.
    let report = |clean: &str| -> Result<Vec<Group>> {
        // A meeting notice numbers its arrangements (会议时间, 会议地点…): none is a task.
        if let Some(heads) = crate::import::notice::meeting_notice(clean) {
            let heads = heads.join(", ");
            bail!(crate::msg!(
                "{name}: no numbered recommendations found: it is a meeting notice, whose sections ({heads}) arrange a meeting and are not tasks (import the meeting's minutes or a plan with its tasks instead)",
                "{name}：没有找到编号的建议：这是会议通知，其各部分（{heads}）是会务安排，不是任务（请导入会议纪要或列有任务的方案）"
            ));
        }
        let (found, left) = parse::find_reporting(clean);
        if let Some(left) = left {
            let (count, line, first) = (left.count, left.after_line, left.first.join(" / "));
            let (lines, were) = if count == 1 {
                (en_count(count, "numbered line", ""), "was")
            } else {
                (en_count(count, "", "numbered lines"), "were")
            };
            crate::i18n::warn(&crate::msg!(
                "{name}: {lines} after line {line} {were} left out: {first}… (a line there was read as the end of the list; check them, or remove that line and import again)",
                "{name}：第 {line} 行之后有 {count} 个编号行未导入：{first}……（该行被当作清单的结尾；请核对，或删去该行后重新导入）"
            ));
        }
        let found = found.ok_or_else(|| {
            let paragraphs = clean.lines().filter(|l| !l.trim().is_empty()).count();
            let in_en = en_count(paragraphs, "paragraph", "paragraphs");
            anyhow!(crate::msg!(
                "{name}: no numbered recommendations found in its {in_en} (looked for items numbered 1、 一、 （一） (1) 第一， ① or 一是/首先, one a line or inside a paragraph, and for a table with a header row such as 序号 工作任务 牵头单位 完成时限)",
                "{name}：在其 {paragraphs} 个段落中没有找到编号的建议（查找的是以 1、 一、 （一） (1) 第一， ① 或 一是/首先 编号的事项，每行一项或在段落中，以及带有“序号 工作任务 牵头单位 完成时限”等表头的表格）"
            ))
        })?;
        let (year, document_date) = document_year(clean);
        let fctx = fields::Context {
            year: match year {
                years::Year::Unstated => {
                    years::inferred(clean, ctx.today()).unwrap_or(years::Year::Unstated)
                }
                stated => stated,
            },
            document_date,
            plan_start,
            today: ctx.today(),
            units: &known,
            near: &near,
        };
        Ok(crate::import::from_report(&found, &fctx))
    };
    // A task table's rows, as tasks.
    let table_rows = |sheets: &[crate::import::sheet::Sheet]| -> Result<Vec<Group>> {
        if let Some(why) = table::not_a_ledger(&name, sheets) {
            bail!(why);
        }
        let mut found = None;
        for s in sheets {
            // A table's year comes from its rows, groups and caption (`table::groups`),
            // else from the lines around it: the title's, the document's date's, as a
            // report's text gives them.
            let (year, document_date) = document_year(&s.lines());
            let fctx = fields::Context {
                year,
                document_date,
                plan_start,
                today: ctx.today(),
                units: &known,
                near: &near,
            };
            if let Some(g) = table::groups(s, &fctx).map_err(|e| in_file(&name, e))? {
                found = Some(g);
                break;
            }
        }
        let groups = found.ok_or_else(|| {
            anyhow!(crate::msg!(
                "{name}: no task table found: no sheet has a header row naming its columns (序号, 工作任务 or 督办事项 or 具体内容, 牵头单位 or 责任单位, 配合单位, 完成时限 or 时间节点, 状态, 进展情况)",
                "{name}：没有找到任务表：没有哪张表有写明各列的表头（序号，工作任务或督办事项或具体内容，牵头单位或责任单位，配合单位，完成时限或时间节点，状态，进展情况）"
            ))
        })?;
        Ok(groups)
    };
    // The fingerprints (a SHA-256 of every cell or line) are taken on a second core while
    // the tasks are read.
    let (parsed, source) = crate::par::join(
        || -> Result<(Vec<Group>, bool)> {
            Ok(match &read {
                Read::Report(clean, converted) => (report(clean)?, *converted),
                Read::Sheets(sheets) => (table_rows(sheets)?, false),
                // The table after a report's list is one more recommendation, numbered after the
                // report's: its 序号 counts its own rows, not the report's recommendations.
                Read::Both(clean, converted, sheet) => {
                    let mut groups = report(clean)?;
                    for mut g in table_rows(std::slice::from_ref(sheet))? {
                        g.number = None;
                        groups.push(g);
                    }
                    (groups, *converted)
                }
            })
        },
        || ImportSource {
            file: name.clone(),
            hash: crate::import::same::fingerprint(&read),
            bytes_hash: crate::import::same::bytes_hash(&bytes),
        },
    );
    let (groups, converted) = parsed?;
    let flag = match (&args.deadline, args.within) {
        (Some(d), _) => format!("--deadline {d}"),
        (None, Some(span)) => {
            let (n, unit) = match span {
                crate::model::Span::Days(n) => (n, "d"),
                crate::model::Span::Weeks(n) => (n, "w"),
                crate::model::Span::Months(n) => (n, "m"),
            };
            let date = default_deadline.map(|d| d.to_string()).unwrap_or_default();
            format!("--within {n}{unit} = {date}")
        }
        (None, None) => String::new(),
    };
    let mut plan = Plan::new(
        &groups,
        lead.as_deref(),
        default_deadline.map(|d| (d, flag.as_str())),
        ctx.today(),
    );
    // `--lead X --new-unit` asks for X as typed, even beside a unit spelled alike.
    let keep = lead.as_deref().filter(|_| args.new_unit);
    plan.one_spelling(&known, keep);
    for (lead, support, _, _) in plan.items.iter().flatten() {
        for u in lead.iter().chain(support) {
            if !known.contains(u) && !plan.new_units.contains(u) {
                plan.new_units.push(u.clone());
            }
        }
    }
    let recs = plan.imported(&groups);
    check(&recs).map_err(|e| in_file(&name, e))?;

    // The dry run refuses what the import refuses, by the same checks: the actor, the
    // same content imported before, numbers taken or out of range (`Store::plan_import`).
    let stamp = ctx.stamp(&args.actor)?;
    let planned = match &store {
        Some(s) => s.plan_import(&recs, args.first, &source)?,
        None => Ok(crate::store::number_imports(&recs, args.first, 0)?),
    };
    let numbers = match planned {
        Ok(numbers) => numbers,
        Err(already) => return already_imported(&name, &already, out),
    };
    past_deadlines(&plan, &groups, &numbers, &name);
    unclear_deadlines(&plan, &groups, &numbers, &name);
    if !plan.new_units.is_empty() {
        // A table of thousands of rows may name hundreds: the first ten, and the count.
        let n = plan.new_units.len();
        let mut list = crate::i18n::list(plan.new_units.iter().take(10));
        if n > 10 {
            list.push('…');
        }
        let counted = en_count(n, "new unit", "new units");
        crate::i18n::warn(&crate::msg!(
            "{name}: {counted} (not in the ledger; check the names): {list}",
            "{name}：{n} 个新单位（台账中没有，请核对名称）：{list}"
        ));
    }
    if args.dry_run {
        return show(
            &plan.preview(&groups, &name, &encoding, converted, true, &numbers),
            args.format,
            ctx,
            out,
        );
    }
    let mut store = match store {
        Some(s) => s,
        None => open_for_import(ctx)?,
    };
    match store.import(&recs, args.first, &source, &stamp)? {
        already @ ImportOutcome::AlreadyImported { .. } => {
            already_imported(&name, &already, out)?;
        }
        ImportOutcome::Imported { numbers, tasks } => match args.format {
            Format::Json => show(
                &plan.preview(&groups, &name, &encoding, converted, false, &numbers),
                Format::Json,
                ctx,
                out,
            )?,
            Format::Table => {
                let range = match (numbers.first(), numbers.last()) {
                    (Some(a), Some(b)) if a != b => {
                        crate::msg!("recommendations {a}–{b}", "建议 {a}–{b}")
                    }
                    (Some(a), _) => crate::msg!("recommendation {a}", "建议 {a}"),
                    _ => crate::msg!("nothing", "无"),
                };
                let counted = en_count(tasks, "task", "tasks");
                writeln!(
                    out,
                    "{}",
                    crate::msg!(
                        "imported {range} with {counted} from {name}",
                        "已从 {name} 导入{range}，共 {tasks} 项任务"
                    )
                )?;
            }
        },
    }
    Ok(())
}

/// The file named on the command line: (its name in messages, the path its kind is judged
/// by, its bytes). `-` is standard input, named `stdin` (标准输入) as `/dev/stdin` would be
/// and judged by its first bytes alone.
fn read_file(file: &std::path::Path) -> Result<(String, std::path::PathBuf, Vec<u8>)> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map_err(|e| {
            anyhow!(crate::msg!(
                "cannot read standard input: {e}",
                "无法读取标准输入：{e}"
            ))
        })?;
        return Ok((crate::msg!("stdin", "标准输入"), "stdin".into(), bytes));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file.is_dir() {
        let path = file.display();
        bail!(crate::msg!(
            "{path} is a folder: give the report's file",
            "{path} 是文件夹：请给出报告文件"
        ));
    }
    let bytes = std::fs::read(file).with_context(|| {
        let path = file.display();
        crate::msg!("cannot read {path}", "无法读取 {path}")
    })?;
    Ok((name, file.to_path_buf(), bytes))
}

/// The year a document's title or date states for its relative deadlines, and its date
/// (`years::nearest`, `years::document_date`), from its lines of text.
fn document_year(text: &str) -> (years::Year, Option<NaiveDate>) {
    let date = years::document_date(text);
    (years::nearest("", years::title(text), date), date)
}

/// `FILE: reason`, the one place a file's name is joined to what is wrong with it: `：` in
/// Chinese, as the rest of a Chinese message has.
fn in_file(name: &str, e: anyhow::Error) -> anyhow::Error {
    anyhow!(crate::msg!("{name}: {e}", "{name}：{e}"))
}

/// Deadlines the file gives that are already past today: the dry run and the import say so
/// on stderr, one line naming them (the first few), as `update` warns of a past deadline.
fn past_deadlines(plan: &Plan, groups: &[Group], numbers: &[u32], name: &str) {
    let today = plan.today;
    let past: Vec<(TaskId, NaiveDate)> = plan
        .items
        .iter()
        .zip(groups)
        .zip(numbers)
        .flat_map(|((items, g), &number)| {
            items
                .iter()
                .zip(&g.items)
                .enumerate()
                .filter_map(move |(j, (it, i))| {
                    let n = i
                        .number
                        .filter(|_| g.number.is_some())
                        .unwrap_or(j as u32 + 1);
                    it.2.filter(|d| *d < today)
                        .map(|d| (TaskId::new(number, n), d))
                })
        })
        .collect();
    if past.is_empty() {
        return;
    }
    let count = past.len();
    let first: Vec<String> = past
        .iter()
        .take(3)
        .map(|(id, d)| format!("{id} {d}"))
        .collect();
    let first = crate::i18n::list(&first);
    let more = if count > 3 { "…" } else { "" };
    let deadlines = en_count(count, "deadline is", "deadlines are");
    crate::i18n::warn(&crate::msg!(
        "{name}: {deadlines} already past today ({today}), recorded as given: {first}{more}",
        "{name}：{count} 项完成时限早于今天（{today}），照录：{first}{more}"
    ));
}

/// Deadlines the file gives but the import leaves empty, because the words name no date it
/// can stand by (`春节前`, `尽快`, `2月30日前`, `30日内` with no date to count from): the dry
/// run and the import say so on stderr, one line naming the items (the first few) with their
/// words and why, so a clerk fills them in. The words stay in the task's text.
fn unclear_deadlines(plan: &Plan, groups: &[Group], numbers: &[u32], name: &str) {
    let mut left: Vec<String> = Vec::new();
    for ((items, g), &number) in plan.items.iter().zip(groups).zip(numbers) {
        for (j, (it, i)) in items.iter().zip(&g.items).enumerate() {
            let Some(src) = it.3.deadline.as_ref().filter(|_| it.2.is_none()) else {
                continue;
            };
            let why = match src.kind {
                Some("unclear") => crate::msg!("names no date", "未指明日期"),
                Some("invalid") => crate::msg!("no such date", "没有这一天"),
                Some("relative") => crate::msg!("nothing to count from", "无起算日期"),
                _ => continue,
            };
            let why = src.note.clone().unwrap_or(why);
            let n = i
                .number
                .filter(|_| g.number.is_some())
                .unwrap_or(j as u32 + 1);
            let id = TaskId::new(number, n);
            left.push(format!(
                "{id} {}{}",
                crate::render::safe(&src.words, false),
                crate::msg!(" ({why})", "（{why}）")
            ));
        }
    }
    if left.is_empty() {
        return;
    }
    let count = left.len();
    let more = if count > 5 { "…" } else { "" };
    let first = crate::i18n::list(left.iter().take(5));
    let deadlines = en_count(count, "deadline", "deadlines");
    crate::i18n::warn(&crate::msg!(
        "{name}: {deadlines} left empty, the words naming no date (set them with 'tracker update ID --deadline'): {first}{more}",
        "{name}：{count} 项完成时限未填，原文未指明日期（请用 'tracker update 编号 --deadline' 填写）：{first}{more}"
    ));
}

/// `1 task`, `2 tasks`: a count and its English noun, singular for one. (Chinese counts take
/// a measure word and no plural; their messages write the number themselves.)
fn en_count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The same content came in before: said the same way by the import and its dry run.
fn already_imported(name: &str, already: &ImportOutcome, out: &mut dyn Write) -> Result<()> {
    if let ImportOutcome::AlreadyImported { file, numbers, at } = already {
        writeln!(
            out,
            "{}",
            crate::msg!(
                "{name} was already imported (as {file}, recommendations {numbers}, {at}): nothing changed",
                "{name} 已导入过（文件 {file}，建议 {numbers}，{at}）：未作任何更改"
            )
        )?;
    }
    Ok(())
}

/// An item's lead, support and deadline as stored, and their sources.
type Stored = (Option<String>, Vec<String>, Option<NaiveDate>, Sources);

/// Each item's stored fields and their sources, with the flags as defaults.
struct Plan {
    items: Vec<Vec<Stored>>,
    /// The units the items name that the ledger lacks, in order of first mention: the
    /// import creates them.
    new_units: Vec<String>,
    /// The day of the import, against which deadlines are past.
    today: NaiveDate,
}

fn source(f: &Found<String>, from: &'static str) -> Source {
    Source {
        words: f.words.clone(),
        from,
        guess: f.guess,
        kind: None,
        note: None,
    }
}

impl Plan {
    /// `deadline`: the flag's date and how it was typed (`--within 30d`, `--deadline 2026-12-31`).
    fn new(
        groups: &[Group],
        lead: Option<&str>,
        deadline: Option<(NaiveDate, &str)>,
        today: NaiveDate,
    ) -> Plan {
        let items = groups
            .iter()
            .map(|g| {
                g.items
                    .iter()
                    .map(|i| {
                        let from = if g.table { "column" } else { "text" };
                        let f = &i.fields;
                        let mut src = Sources {
                            lead: f.lead.as_ref().map(|l| source(l, from)),
                            support: f.support.iter().map(|s| source(s, from)).collect(),
                            deadline: None,
                        };
                        let item_lead = match (&f.lead, lead) {
                            (Some(l), _) => Some(l.value.clone()),
                            (None, Some(l)) => {
                                src.lead = Some(Source {
                                    words: format!("--lead {l}"),
                                    from: "flag",
                                    guess: false,
                                    kind: None,
                                    note: None,
                                });
                                Some(l.to_string())
                            }
                            (None, None) => None,
                        };
                        let date = match &f.deadline {
                            Some(d) => {
                                src.deadline = Some(Source {
                                    words: d.words.clone(),
                                    from,
                                    guess: d.guess,
                                    kind: match d.value {
                                        Deadline::Date(_) => None,
                                        Deadline::Ongoing => Some("ongoing"),
                                        Deadline::Unclear => Some("unclear"),
                                        Deadline::Recurring => Some("recurring"),
                                        Deadline::Period => Some("period"),
                                        Deadline::Relative => Some("relative"),
                                        Deadline::Invalid => Some("invalid"),
                                    },
                                    note: f.deadline_note.clone(),
                                });
                                d.value.date()
                            }
                            None => {
                                if let Some((dl, flag)) = deadline {
                                    src.deadline = Some(Source {
                                        words: flag.to_string(),
                                        from: "flag",
                                        guess: false,
                                        kind: None,
                                        note: None,
                                    });
                                    Some(dl)
                                } else {
                                    None
                                }
                            }
                        };
                        let support = f.support.iter().map(|s| s.value.clone()).collect();
                        (item_lead, support, date, src)
                    })
                    .collect()
            })
            .collect();
        Plan {
            items,
            new_units: Vec::new(),
            today,
        }
    }

    /// Each unit under one spelling across the whole import (`units::Spellings`: the
    /// ledger's, else the first the document gives), so `县人社局` and `县人力资源和社会保障局`,
    /// `县財政局` and `县财政局` in one document make one unit; a supporting unit that turns
    /// out to be the lead or another supporting unit is then dropped, with its source.
    /// `keep`: a name left as it is (`--lead` given with `--new-unit`).
    fn one_spelling(&mut self, known: &[String], keep: Option<&str>) {
        let mut names = crate::import::units::Spellings::new(known);
        for (lead, support, _, src) in self.items.iter_mut().flatten() {
            if let Some(l) = lead
                && Some(l.as_str()) != keep
            {
                *l = names.name(l);
            }
            let mut seen: Vec<String> = lead.iter().cloned().collect();
            let mut k = 0;
            while k < support.len() {
                let name = names.name(&support[k]);
                if seen.contains(&name) {
                    support.remove(k);
                    if k < src.support.len() {
                        src.support.remove(k);
                    }
                } else {
                    seen.push(name.clone());
                    support[k] = name;
                    k += 1;
                }
            }
        }
    }

    fn imported(&self, groups: &[Group]) -> Vec<Imported> {
        groups
            .iter()
            .zip(&self.items)
            .map(|(g, fields)| Imported {
                headline: g.headline.clone(),
                text: g.text.clone(),
                number: g.number,
                tasks: g
                    .items
                    .iter()
                    .zip(fields)
                    .map(|(i, (lead, support, deadline, _))| NewTask {
                        id: TaskId::new(g.number.unwrap_or(1), i.number.unwrap_or(0)),
                        title: i.title.clone(),
                        text: i.text.clone(),
                        lead: lead.clone(),
                        support: support.clone(),
                        deadline: *deadline,
                    })
                    .collect(),
                states: g
                    .items
                    .iter()
                    .map(|i| ImportedState {
                        status: i.status,
                        progress: i.progress,
                        note: i.note.clone(),
                    })
                    .collect(),
            })
            .collect()
    }

    /// The preview of what is (or would be) imported, recommendations numbered `numbers`
    /// (the store's numbering, `plan_import`/`import`).
    fn preview(
        &self,
        groups: &[Group],
        file: &str,
        encoding: &str,
        converted: bool,
        dry_run: bool,
        numbers: &[u32],
    ) -> Preview {
        let recommendations = groups
            .iter()
            .zip(&self.items)
            .zip(numbers)
            .map(|((g, fields), &number)| PreviewRec {
                number,
                headline: g.headline.clone(),
                text: g.text.clone(),
                items: g
                    .items
                    .iter()
                    .zip(fields)
                    .enumerate()
                    .map(|(j, (i, (lead, support, deadline, src)))| PreviewItem {
                        id: TaskId::new(
                            number,
                            i.number
                                .filter(|_| g.number.is_some())
                                .unwrap_or(j as u32 + 1),
                        ),
                        title: i.title.clone(),
                        text: i.text.clone(),
                        lead: lead.clone(),
                        support: support.clone(),
                        deadline: *deadline,
                        status: i.status,
                        status_inferred: i.status_inferred,
                        progress: i.progress,
                        note: i.note.clone(),
                        sources: Sources {
                            lead: src.lead.clone(),
                            support: src.support.clone(),
                            deadline: src.deadline.clone(),
                        },
                    })
                    .collect(),
            })
            .collect();
        Preview {
            new_units: self.new_units.clone(),
            today: self.today,
            file: file.to_string(),
            encoding: encoding.to_string(),
            converted_to_simplified: converted,
            dry_run,
            recommendations,
        }
    }
}

/// Everything imported must be storable: refuse the whole file otherwise.
fn check(recs: &[Imported]) -> Result<()> {
    for (k, r) in recs.iter().enumerate() {
        clean_text(TextKind::Headline, &r.headline)
            .map_err(|e| anyhow!(crate::msg!("recommendation {}: {e}", "建议 {}：{e}", k + 1)))?;
        if r.tasks.is_empty() {
            bail!(crate::msg!(
                "recommendation {} ({}) has no items",
                "建议 {}（{}）没有事项",
                k + 1,
                r.headline
            ));
        }
        for t in &r.tasks {
            clean_text(TextKind::Title, &t.title).map_err(|e| {
                anyhow!(crate::msg!("recommendation {}: {e}", "建议 {}：{e}", k + 1))
            })?;
            clean_text(TextKind::Text, &t.text).map_err(|e| {
                anyhow!(crate::msg!("recommendation {}: {e}", "建议 {}：{e}", k + 1))
            })?;
            for u in t.lead.iter().chain(&t.support) {
                clean_text(TextKind::Unit, u).map_err(|e| {
                    anyhow!(crate::msg!("recommendation {}: {e}", "建议 {}：{e}", k + 1))
                })?;
            }
        }
    }
    Ok(())
}

/// An import into a ledger that does not exist yet starts it empty: the report is the plan.
/// Elsewhere than the default path, a missing ledger is refused like any first use.
fn open_for_import(ctx: &Ctx) -> Result<Store> {
    if ctx.ledger_there() {
        return ctx.open();
    }
    if !ctx.may_create() {
        return Err(ctx.no_ledger(" --empty"));
    }
    let stamp = ctx.stamp(&crate::cli::ActorArg { by: None })?;
    let seed = crate::store::Seed {
        start: ctx.today(),
        recs: &[],
        tasks: &[],
        stamp: &stamp,
        note: "",
    };
    let (store, created) = ctx.create(Some(&seed))?;
    if created {
        eprintln!(
            "tracker: created {} (empty) for the import",
            crate::output::shown(&ctx.db)
        );
    }
    Ok(store)
}

fn show(p: &Preview, format: Format, ctx: &Ctx, out: &mut dyn Write) -> Result<()> {
    if format == Format::Json {
        out.write_all(json::to_string(p)?.as_bytes())?;
    } else {
        out.write_all(crate::render::import::table(p, ctx.lang).as_bytes())?;
    }
    Ok(())
}
