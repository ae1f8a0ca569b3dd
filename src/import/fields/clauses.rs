//! Units named in the item's sentences: `由X牵头`, `X牵头`, `X负责`, `Y配合`; and, where no
//! sentence says who leads, the unit an action is asked of, as minutes write it: `X要…`,
//! `由X安排…`, `请X抓紧…`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::units;
use super::names::{acts_after, only_deadline, units_at_start};
use super::{Context, Found, Reading};

static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由([^，。；：,;:\s]{2,60}?)(牵头|负责|承办|主办)").expect("valid pattern")
});
/// Minutes name who leads as a decision: `明确县卫健委为疫情防控牵头单位`, `明确由县教育局牵头`
/// (the latter `LED_BY` reads).
static NAMED_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:会议)?明确[，,]?([^，。；：,;:\s由为]{2,30}?)为[^，。；,;]{0,16}?牵头(?:单位|部门)",
    )
    .expect("valid pattern")
});
/// `X负责`, `X牵头`, and `X负责督办` / `X负责汇总`: a unit that leads, closing its clause.
static CLAUSE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[，。；,;\s（(【\[])([^，。；：,;:\s由（(【\[]{2,60}?)(牵头|负责)(?:督办|汇总|落实|实施|推进|组织|协调|统筹)?(?:[，。；、,;）)】\]]|$)")
        .expect("valid pattern")
});
/// `Y配合`, `Y、Z等单位协助`: units that support, closing their clause. A short bracket is part
/// of a name (`各镇（街道）配合`), as county documents write their addressees.
static CLAUSE_SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[，。；、,;\s（(【\[])((?:[^，。；：,;:\s（(【\[]|[（(][^，。；：,;:\s（(）)]{1,6}[）)]){2,60}?)(?:等单位|等部门)?(配合|协助|协同|参与)(?:[，。；,;）)】\]]|$)",
    )
    .expect("valid pattern")
});

/// Whether the clause at `at` opens what the item asks: the item's start, or right after the
/// words minutes record a decision with (`会议要求，县财政局按照…`).
fn opens_item(text: &str, at: usize) -> bool {
    at == 0 || {
        let before = text[..at].trim_end_matches(['，', ',', '：', ':', ' ']);
        super::super::title::DECIDED.contains(&before)
    }
}

/// Minutes and plans name the unit that is to act without a 牵头 or 负责: `区城管局要在11月底
/// 前完成…`, `由区财政局安排专项资金…`, `改造资金由县财政局按程序拨付`, `请区住建局抓紧组织
/// 实施`. The first such unit leads; a name not in the ledger is a guess. `由X` leaves the
/// title (the action follows it); `X要` is taken off the title by `title::title`; `请X` stays,
/// being inside the sentence. A unit that opens a later clause or sentence with its own
/// `要` or `将` (`…；县城管局要做好投诉受理`) has a part of the same work: it supports.
fn agent(text: &str, ctx: &Context, r: &mut Reading) {
    let starts = std::iter::once(0).chain(
        text.char_indices()
            .filter(|(_, c)| "，。；,;".contains(*c))
            .map(|(i, c)| i + c.len_utf8()),
    );
    // `各单位要…，12月15日前整改到位`: everybody addressed acts, by a date the office will
    // chase: they lead. Without a date (`各单位要高度重视`) it is an exhortation, no task of
    // one unit's.
    let dated = || {
        super::super::deadline::find(text, 2000, false)
            .iter()
            .any(|p| matches!(p.meaning, super::super::deadline::Meaning::Date { .. }))
    };
    let mut led = false;
    for at in starts {
        let clause = &text[at..];
        // `建议市财政要…`, `责成县城管局…`: the verb that asks is no part of who acts.
        let asking = ["建议", "责成", "要求"]
            .iter()
            .find(|w| clause.starts_with(**w))
            .map_or(0, |w| w.len());
        if !led && let Some((from, to, names, cut)) = asked(clause, ctx) {
            for (k, name) in names.iter().enumerate() {
                let (value, known) = units::resolve(name, ctx.units);
                let f = Found {
                    value,
                    words: clause[from..to].to_string(),
                    guess: !known,
                };
                if k == 0 {
                    r.leads.push(f);
                } else {
                    r.support.push(f);
                }
            }
            if cut {
                r.cut.push((at + from, at + to));
            }
            led = true;
            continue;
        }
        // `县财政局年底前拨付资金`, `各乡镇做好转移准备`, `县住建局、县交通局做好…`,
        // `市纪委监委、市审计局要…`: an item that opens with units' names and goes on with
        // when or what they are to do names who acts; the first leads, the others support,
        // and the names leave the title. `X要` (`X将`) counts at any clause's start, and a
        // name that opens a sentence of the item counts as one that opens the item.
        let opening = opens_item(text, at) || text[..at].ends_with('。');
        // `联合区妇联、团区委开展…`: the units after 会同 or 联合 support (`together_with`).
        let joins = ["会同", "联合", "协同"]
            .iter()
            .any(|w| clause.starts_with(w));
        // Everybody addressed is no name `units_at_start` reads (never one of a list).
        let all = units::EVERYONE
            .iter()
            .filter(|w| clause.starts_with(**w))
            .max_by_key(|w| w.len())
            .map(|w| (vec![w.to_string()], w.len()));
        let Some((names, len)) = all
            .or_else(|| units_at_start(&clause[asking..], ctx).map(|(n, l)| (n, asking + l)))
            .filter(|_| !joins)
        else {
            continue;
        };
        let everyone = names.iter().any(|n| units::EVERYONE.contains(&n.as_str()));
        if everyone && (led || names.len() > 1 || !dated()) {
            continue;
        }
        let rest = &clause[len..];
        let wants = rest.starts_with(['要', '将']);
        if led {
            // A later clause's own unit, acting in its own words: it supports.
            if wants || (opening && acts_after(rest)) {
                for name in &names {
                    let (value, known) = units::resolve(name, ctx.units);
                    r.support.push(Found {
                        value,
                        words: clause[..len + '要'.len_utf8()].to_string(),
                        guess: !known,
                    });
                }
            }
            continue;
        }
        if wants && names.len() == 1 {
            let (value, known) = units::resolve(&names[0], ctx.units);
            r.leads.push(Found {
                value,
                words: clause[..len + '要'.len_utf8()].to_string(),
                guess: !known && !everyone,
            });
            // The name leaves the title (`各镇（街道）要组织…` → `组织…`), 要 after it.
            r.cut.push((at, at + len));
            led = true;
            continue;
        }
        if wants || (opening && acts_after(rest)) {
            // `县城管局负责清理…`: 负责 (牵头) says this unit leads, in the ledger or
            // not; the word leaves the title with the name (`清理…`).
            let said = ["负责", "牵头"]
                .iter()
                .find(|w| rest.starts_with(**w))
                .map_or(0, |w| w.len());
            let words = clause[..len + said].to_string();
            for (k, name) in names.iter().enumerate() {
                let (value, known) = units::resolve(name, ctx.units);
                let f = Found {
                    value,
                    words: words.clone(),
                    guess: !known && said == 0 && !everyone,
                };
                if k == 0 {
                    r.leads.push(f);
                } else {
                    r.support.push(f);
                }
            }
            r.cut.push((at, at + len + said));
            led = true;
        }
    }
}

/// Units a clause asks to act by 由 or 请 in its first words: `由X…`, `年底前由X…`, `改造资金
/// 由X按程序拨付` (a passive: 由 inside the clause, the units then an action), `由X、Y联合
/// 制定…` (the first leads, the rest support), `请X抓紧…`; not 由于 or 由此 (because), nor
/// 提请, 申请, 邀请 (asking someone else). The byte range of the words within the clause, the
/// names, and whether the words leave the title (由X does; 请X stays in the sentence).
fn asked(clause: &str, ctx: &Context) -> Option<(usize, usize, Vec<String>, bool)> {
    for (i, c) in clause.char_indices().take(16) {
        if "，。；,;".contains(c) {
            return None;
        }
        let before = &clause[..i];
        let after = &clause[i + c.len_utf8()..];
        let asks = match c {
            '请' => !before.ends_with(['提', '申', '邀', '呈', '报', '恳', '敬', '聘']),
            '由' => !after.starts_with(['于', '此', '衷', '来']),
            _ => false,
        };
        if !asks {
            continue;
        }
        let Some((names, len)) = units_at_start(after, ctx) else {
            continue;
        };
        let rest = &after[len..];
        if rest.starts_with(['，', '。', '；', ',', ';', '、']) {
            continue;
        }
        // At the clause's start (or after a deadline) 由X is who acts; inside the clause
        // it is only when an action follows the names (`资金由县财政局按程序拨付`), not a
        // description (`由县财政局的资金…`).
        let first = i == 0 || only_deadline(before);
        if c == '由' && !first && !acts_after(rest) {
            continue;
        }
        return Some((i, i + c.len_utf8() + len, names, c == '由'));
    }
    None
}

/// `会同Y`, `会同Y、Z`, `联合Y`: the units named support, whoever leads; the words leave the
/// title (`县人社局要会同县财政局，做好培训` is titled `做好培训`). The list ends where a name
/// runs on into the action (`会同各街道通过社区讲堂、入户走访…` names 各街道 alone).
fn together_with(text: &str, ctx: &Context, r: &mut Reading) {
    for word in ["会同", "联合"] {
        let mut from = 0;
        while let Some(k) = text[from..].find(word) {
            let start = from + k;
            let after = start + word.len();
            from = after;
            // 联合会 (妇女联合会) is a name, not a verb.
            // 联合 is the verb only opening a clause (`联合区妇联开展…`), not inside an
            // action (`联合调处`), and the names after it are whole ones.
            let opens = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| "，。；：、,;: 并".contains(c));
            if word == "联合" && (text[after..].starts_with('会') || !opens) {
                continue;
            }
            let Some((names, len)) = units_at_start(&text[after..], ctx) else {
                continue;
            };
            if word == "联合" && names.iter().any(|n| n.chars().count() < 3) {
                continue;
            }
            let stop = after + len;
            let words = text[start..stop].to_string();
            for n in names {
                let (value, _) = units::resolve(&n, ctx.units);
                r.support.push(Found {
                    value,
                    words: words.clone(),
                    guess: false,
                });
            }
            let tail = text[stop..]
                .chars()
                .next()
                .filter(|c| "，,、".contains(*c))
                .map_or(0, char::len_utf8);
            r.cut.push((start, stop + tail));
        }
    }
}

pub(super) fn clauses(text: &str, ctx: &Context, r: &mut Reading) {
    let in_cut = |s: usize, cut: &[(usize, usize)]| cut.iter().any(|c| s >= c.0 && s < c.1);
    let all_units = |list: &str| {
        let names = units::split(list, ctx.units);
        (!names.is_empty() && names.iter().all(|u| units::looks_like_unit(u, ctx.units)))
            .then_some(names)
    };
    let push_clause = |r: &mut Reading, m: regex::Match, names: Vec<String>, lead: bool| {
        let words = m
            .as_str()
            .trim_matches(|c: char| "，。；,; ".contains(c))
            .to_string();
        for (i, name) in names.iter().enumerate() {
            // `县城管局负责`: the clause says the unit leads; a name like no unit never gets
            // here (`all_units`), so this is no guess, in the ledger or not.
            let (value, _) = units::resolve(name, ctx.units);
            let f = Found {
                value,
                words: words.clone(),
                guess: false,
            };
            if lead && i == 0 {
                r.leads.push(f);
            } else {
                r.support.push(f);
            }
        }
        // A clause that is only `由X牵头，` leaves the title.
        let tail = &text[m.end()..];
        let end = m.end()
            + tail
                .chars()
                .next()
                .filter(|c| "，,、；;".contains(*c))
                .map_or(0, char::len_utf8);
        let start = m.start()
            + m.as_str()
                .chars()
                .next()
                .filter(|c| "，。；,; ".contains(*c))
                .map_or(0, char::len_utf8);
        r.cut.push((start, end));
    };
    let mut had_lead = !r.leads.is_empty();
    for c in LED_BY.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        if in_cut(m.start(), &r.cut) || had_lead {
            continue;
        }
        if let Some(names) = all_units(&c[1]) {
            let clause_end = text[m.end()..]
                .chars()
                .next()
                .is_none_or(|c| "，,、；;。".contains(c));
            if clause_end {
                push_clause(r, m, names, true);
            } else {
                // `由县水利局牵头抓好防汛`: the action follows in the same clause; who leads
                // leaves the title (`抓好防汛`).
                let words = m.as_str().to_string();
                let (value, _) = units::resolve(&names[0], ctx.units);
                r.leads.push(Found {
                    value,
                    words,
                    guess: false,
                });
                r.cut.push((m.start(), m.end()));
            }
            had_lead = true;
        }
    }
    if !had_lead
        && let Some(c) = NAMED_LEAD.captures(text)
        && let Some(m) = c.get(1)
        && !in_cut(m.start(), &r.cut)
        && let Some(names) = all_units(&c[1])
    {
        push_clause(r, c.get(0).expect("whole match"), names, true);
        had_lead = true;
    }
    if !had_lead {
        for c in CLAUSE_LEAD.captures_iter(text) {
            let m = c.get(1).expect("unit group");
            if in_cut(m.start(), &r.cut) {
                continue;
            }
            if let Some(names) = all_units(&c[1]) {
                let whole = c.get(0).expect("whole match");
                push_clause(r, whole, names, true);
                had_lead = true;
                break;
            }
        }
    }
    if !had_lead {
        agent(text, ctx, r);
        // `由X按程序拨付，Y配合`: who supports is read as beside any other lead.
        had_lead = !r.leads.is_empty();
    }
    together_with(text, ctx, r);
    if had_lead {
        everyone_after_lead(text, ctx, r);
    }
    if had_lead {
        for c in CLAUSE_SUPPORT.captures_iter(text) {
            let m = c.get(1).expect("unit group");
            // `由X牵头、Y、Z配合`: the list runs back over the lead's clause, which 、 joins
            // to it; the supporting units are those after it.
            let list = &c[1];
            let skip = LEAD_THEN.find_iter(list).last().map_or(0, |l| l.end());
            if in_cut(m.start() + skip, &r.cut) {
                continue;
            }
            if let Some(names) = all_units(&list[skip..]) {
                push_clause(r, c.get(0).expect("whole match"), names, false);
            }
        }
    }
}

/// The end of a lead's clause joined to the next by 、 (`县交通局牵头、`), inside a list of
/// supporting units as `CLAUSE_SUPPORT` captures it.
static LEAD_THEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(牵头|负责|承办|主办|主责)(?:督办|汇总|落实|实施|推进|组织|协调|统筹)?、")
        .expect("valid pattern")
});

/// Verbs by which the lead brings in the units below it (`X牵头，组织各乡镇…`, `指导各学校…`).
const BRINGS_IN: &[&str] = &[
    "组织指导",
    "督促指导",
    "指导督促",
    "组织",
    "会同",
    "联合",
    "指导",
    "督促",
    "带领",
    "动员",
    "协调",
    "统筹",
];

/// `X牵头，组织各乡镇开展…`, `X牵头，会同各街道…`, `X负责，各乡镇配合`, `由X牵头，各单位
/// 具体实施`: the collective the lead's own clause goes on to (各乡镇, 各县（市、区）, 各街道,
/// 各单位) does the work under it: it supports. Only right after a lead read from 牵头 or 负责,
/// so an exhortation (`各单位要高度重视`) alone is still nobody's task. The words stay in the
/// title: the collective is part of the action.
fn everyone_after_lead(text: &str, ctx: &Context, r: &mut Reading) {
    let Some(lead) = r.leads.first() else {
        return;
    };
    let said = ["牵头", "负责", "承办", "主办", "主责"];
    let words = lead.words.trim_end_matches(['，', ',', '、', '；', ';']);
    if !said.iter().any(|w| words.ends_with(w)) {
        return;
    }
    let Some(at) = text.find(words) else {
        return;
    };
    let after = text[at + words.len()..].trim_start_matches(['，', ',', '、', ' ']);
    // `牵头督办，`, `牵头组织，`: what CLAUSE_LEAD takes with the lead's word.
    let verb = BRINGS_IN
        .iter()
        .find(|v| after.starts_with(**v))
        .map_or(0, |v| v.len());
    let rest = &after[verb..];
    if !rest.starts_with('各') {
        return;
    }
    let everyone = units::EVERYONE
        .iter()
        .filter(|w| rest.starts_with(**w))
        .max_by_key(|w| w.len())
        .map(|w| w.to_string());
    // `各村配合`: the name ends where its clause says it supports (a collective's name has no
    // ending of its own to stop at).
    let clause = &rest[..rest
        .find(['，', '。', '；', ',', ';'])
        .unwrap_or(rest.len())];
    let supports = ["配合", "协助", "参与", "协同"]
        .iter()
        .filter_map(|w| clause.find(w))
        .min()
        .map(|k| clause[..k].to_string())
        .filter(|n| units::looks_like_unit(n, ctx.units) || units::EVERYONE.contains(&n.as_str()));
    let Some(name) = everyone
        .or(supports)
        .or_else(|| super::names::unit_at_start(rest, ctx).map(|(n, _)| n))
    else {
        return;
    };
    let (value, known) = units::resolve(&name, ctx.units);
    if r.leads
        .iter()
        .chain(r.support.iter())
        .any(|f| f.value == value)
    {
        return;
    }
    let explicit = rest[name.len()..].starts_with(['配', '协', '参']);
    r.support.push(Found {
        value,
        words: after[..verb + name.len()].to_string(),
        guess: !known && !explicit && verb == 0,
    });
}
