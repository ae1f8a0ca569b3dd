//! Realistic synthetic ledgers for benchmarks and crash tests (`tracker dev synth`): N/10
//! recommendations, Chinese titles and texts of a report's length, one to three units per task
//! from a pool of 50, deadlines over two years, about 30% done, and K events per task spread
//! over the two years before today, each consistent with the one before (so reports replay
//! them exactly). Pure and deterministic for a seed: items go to a sink in insertion order.

use anyhow::Result;
use chrono::{Days, NaiveDate};

use crate::dump::{DumpEvent, DumpRecommendation, DumpTask};
use crate::model::{Status, TaskId, ymd};

pub enum Item {
    Meta(&'static str, String),
    Recommendation(DumpRecommendation),
    Task(DumpTask),
    Event(DumpEvent),
}

/// SplitMix64: small, fast, and the same numbers for the same seed everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const VERBS: &[&str] = &[
    "加强", "推进", "完善", "落实", "开展", "建立", "健全", "深化", "规范", "提升", "优化", "强化",
];
const OBJECTS: &[&str] = &[
    "基层党组织建设",
    "干部教育培训",
    "高层次人才引进",
    "非公企业党建",
    "组织生活制度",
    "党员发展质量",
    "年轻干部培养",
    "考核评价机制",
    "村级班子建设",
    "社区网格党建",
    "流动党员管理",
    "机关作风建设",
    "拔尖人才选拔",
    "培训基地建设",
    "党建工作联系点",
];
const SUFFIXES: &[&str] = &[
    "工作",
    "试点",
    "机制",
    "台账",
    "专项行动",
    "督查",
    "调研",
    "制度",
];
const PHRASES: &[&str] = &[
    "紧紧围绕市委市政府中心工作",
    "摸清底数，明确工作目标和责任分工",
    "定期督导检查，及时解决存在的问题",
    "坚持先试点、后总结、再推广的方法",
    "加大协调力度，形成工作合力",
    "建立健全长效机制，确保工作落到实处",
    "按照实际、实用、实效的原则",
    "充分发挥典型示范和带动作用",
    "严格考勤、考核等管理环节",
    "为市领导的决策提供准确的信息和可行的建议",
];
const NOTES: &[&str] = &[
    "已召开专题会议研究部署",
    "已印发工作方案",
    "已完成摸底调查，正在汇总",
    "已报分管领导审定",
    "正在征求相关单位意见",
    "已组织现场督导检查",
    "已形成阶段性总结材料",
    "因人员调整，进度有所延后",
];
const ACTORS: &[&str] = &[
    "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十",
];
const SECTIONS: &[&str] = &[
    "组织科",
    "干部科",
    "干部教育科",
    "人才工作科",
    "办公室",
    "市委党校",
    "人事局",
    "财政局",
    "教育局",
    "市行政学院",
    "人才工作协调小组",
    "市委组织部",
];
const COUNTIES: &[&str] = &[
    "海港",
    "山海关",
    "北戴河",
    "抚宁",
    "昌黎",
    "卢龙",
    "青龙",
    "开发",
    "北港",
    "南山",
    "东城",
    "西城",
    "城南",
    "城北",
    "河东",
    "河西",
    "湖滨",
    "江北",
    "江南",
];

fn units() -> Vec<String> {
    let mut all: Vec<String> = SECTIONS.iter().map(|s| s.to_string()).collect();
    for c in COUNTIES {
        all.push(format!("{c}区委组织部"));
        all.push(format!("{c}区人社局"));
    }
    all.truncate(50);
    all
}

/// A time on `day` that grows with `seq`, so a task's events on one day keep their order.
fn stamp(day: NaiveDate, seq: usize) -> String {
    format!(
        "{}T{:02}:{:02}:{:02}+08:00",
        ymd(day),
        9 + seq / 3600 % 9,
        seq / 60 % 60,
        seq % 60
    )
}

/// Generates `tasks` tasks with about `events_per_task` events each, the last on `today`.
pub fn generate(
    tasks: u32,
    events_per_task: u32,
    seed: u64,
    today: NaiveDate,
    sink: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<()> {
    let mut rng = Rng(seed);
    let start = today - Days::new(730);
    let span_days = 730;
    let pool = units();
    sink(Item::Meta("start", ymd(start)))?;
    let recs = tasks.div_ceil(10).max(1);
    for number in 1..=recs {
        let headline = format!(
            "{}{}，{}",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(PHRASES)
        );
        sink(Item::Recommendation(DumpRecommendation {
            number,
            headline,
            text: String::new(),
        }))?;
    }
    let mut change = 0i64;
    for n in 0..tasks {
        let id = TaskId::new(n / 10 + 1, n % 10 + 1);
        let title = format!(
            "{}{}{}",
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(SUFFIXES)
        );
        let sentences = 3 + rng.below(3);
        let text: String = (0..sentences)
            .map(|_| {
                format!(
                    "{}{}，{}。",
                    rng.pick(VERBS),
                    rng.pick(OBJECTS),
                    rng.pick(PHRASES)
                )
            })
            .collect();
        let mut chosen: Vec<String> = Vec::new();
        let count = 1 + rng.below(3);
        while chosen.len() < count as usize {
            let u = rng.pick(&pool).clone();
            if !chosen.contains(&u) {
                chosen.push(u);
            }
        }
        let lead = chosen.remove(0);
        let deadline = start + Days::new(30 + rng.below(span_days - 30));
        let target = match rng.below(100) {
            0..30 => Status::Done,
            30..65 => Status::InProgress,
            65..75 => Status::Blocked,
            75..95 => Status::NotStarted,
            _ => Status::Cancelled,
        };
        // Walk the task through its history, then store where it ended.
        let created = start + Days::new(rng.below(300));
        let mut day = created;
        let mut status = Status::NotStarted;
        let mut progress: u8 = 0;
        let mut events: Vec<DumpEvent> = Vec::new();
        let mut event = |change: i64,
                         day: NaiveDate,
                         field: &str,
                         old: Option<String>,
                         new: Option<String>,
                         note: Option<&str>,
                         rng: &mut Rng| {
            events.push(DumpEvent {
                change,
                task: id.to_string(),
                field: field.into(),
                old,
                new,
                note: note.map(Into::into),
                actor: rng.pick(ACTORS).to_string(),
                at: stamp(day, events.len()),
                entered: None,
                undoes: None,
                position: None,
            });
        };
        change += 1;
        event(
            change,
            day,
            "created",
            None,
            Some(title.clone()),
            None,
            &mut rng,
        );
        let steps = events_per_task.saturating_sub(1);
        let remaining = (today - created).num_days().max(1) as u64;
        let gap = (remaining / u64::from(steps.max(1))).max(1);
        // Random steps (progress, notes), then one last step that reaches the final status.
        let advance =
            |day: NaiveDate, rng: &mut Rng| (day + Days::new(1 + rng.below(gap))).min(today);
        for _ in 1..steps {
            day = advance(day, &mut rng);
            change += 1;
            if target != Status::NotStarted && progress < 90 && rng.below(3) == 0 {
                let next = (progress + 5 + rng.below(20) as u8).min(90);
                if status == Status::NotStarted {
                    event(
                        change,
                        day,
                        "status",
                        Some(status.name().into()),
                        Some("in-progress".into()),
                        None,
                        &mut rng,
                    );
                    status = Status::InProgress;
                }
                event(
                    change,
                    day,
                    "progress",
                    Some(progress.to_string()),
                    Some(next.to_string()),
                    Some(*rng.pick(NOTES)),
                    &mut rng,
                );
                progress = next;
            } else {
                event(
                    change,
                    day,
                    "note",
                    None,
                    None,
                    Some(*rng.pick(NOTES)),
                    &mut rng,
                );
            }
        }
        if steps > 0 || status != target {
            day = advance(day, &mut rng);
            change += 1;
            if status == target {
                event(
                    change,
                    day,
                    "note",
                    None,
                    None,
                    Some(*rng.pick(NOTES)),
                    &mut rng,
                );
            } else {
                event(
                    change,
                    day,
                    "status",
                    Some(status.name().into()),
                    Some(target.name().into()),
                    Some(*rng.pick(NOTES)),
                    &mut rng,
                );
                if target == Status::Done && progress != 100 {
                    event(
                        change,
                        day,
                        "progress",
                        Some(progress.to_string()),
                        Some("100".into()),
                        None,
                        &mut rng,
                    );
                    progress = 100;
                }
                status = target;
            }
        }
        sink(Item::Task(DumpTask {
            id: id.to_string(),
            title,
            text,
            lead: Some(lead),
            support: chosen,
            deadline: Some(ymd(deadline)),
            status: status.name().into(),
            progress,
        }))?;
        // One command's events share its actor and time, as `restore` checks.
        for i in 1..events.len() {
            if events[i].change == events[i - 1].change {
                events[i].actor = events[i - 1].actor.clone();
                events[i].at = events[i - 1].at.clone();
            }
        }
        for e in events {
            sink(Item::Event(e))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_ledger_and_events_chain() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let collect = |seed| {
            let mut items = Vec::new();
            generate(50, 10, seed, today, &mut |i| {
                items.push(match i {
                    Item::Task(t) => format!("T {} {} {} {}", t.id, t.title, t.status, t.progress),
                    Item::Event(e) => {
                        format!("E {} {} {:?} {:?} {}", e.task, e.field, e.old, e.new, e.at)
                    }
                    Item::Recommendation(r) => format!("R {}", r.number),
                    Item::Meta(k, v) => format!("M {k} {v}"),
                });
                Ok(())
            })
            .unwrap();
            items
        };
        let a = collect(7);
        assert_eq!(a, collect(7));
        assert_ne!(a, collect(8));
        assert_eq!(a.iter().filter(|l| l.starts_with("T ")).count(), 50);
        assert_eq!(a.iter().filter(|l| l.starts_with("R ")).count(), 5);
        let events = a.iter().filter(|l| l.starts_with("E ")).count();
        assert!((500..=560).contains(&events), "{events} events");
    }
}
