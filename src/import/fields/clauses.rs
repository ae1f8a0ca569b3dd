//! Units named in the item's sentences: `由X牵头`, `X牵头`, `X负责`, `Y配合`; and, where no
//! sentence says who leads, the unit an action is asked of, as minutes write it: `X要…`,
//! `由X安排…`, `请X抓紧…`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::units;
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
static CLAUSE_SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[，。；、,;\s（(【\[])([^，。；：,;:\s（(【\[]{2,60}?)(?:等单位|等部门)?(配合|协助|协同|参与)(?:[，。；,;）)】\]]|$)",
    )
    .expect("valid pattern")
});

/// The name (at most 15 characters) at the start of `s` that reads as a unit, with its length
/// in bytes: the shortest of three or more characters ending as an office does (局, 委, 中心,
/// 政府…), since an action can follow it and end like a unit too (`县发改局抓紧办…`); else the
/// longest, since a short prefix of a name can end like one (`县委` in `县委组织部`).
fn unit_at_start(s: &str, ctx: &Context) -> Option<(String, usize)> {
    const OFFICE: &[&str] = &[
        "局", "委", "中心", "政府", "镇", "乡", "街道", "公司", "单位", "部门",
    ];
    let mut longest = None;
    for (i, c) in s.char_indices().take(15) {
        if "，。；：,;:、（(【[ ".contains(c) {
            break;
        }
        let end = i + c.len_utf8();
        let name = &s[..end];
        if units::looks_like_unit(name, ctx.units) {
            if name.chars().count() >= 3 && OFFICE.iter().any(|o| name.ends_with(o)) {
                return Some((name.to_string(), end));
            }
            longest = Some((name.to_string(), end));
        }
    }
    longest
}

/// Minutes and plans name the unit that is to act without a 牵头 or 负责: `区城管局要在11月底
/// 前完成…`, `由区财政局安排专项资金…`, `请区住建局抓紧组织实施`. The first such unit leads; a
/// name not in the ledger is a guess. `由X` leaves the title (the action follows it); `X要` is
/// taken off the title by `title::title`; `请X` stays, being inside the sentence.
fn agent(text: &str, ctx: &Context, r: &mut Reading) {
    let starts = std::iter::once(0).chain(
        text.char_indices()
            .filter(|(_, c)| "，。；,;".contains(*c))
            .map(|(i, c)| i + c.len_utf8()),
    );
    for at in starts {
        let clause = &text[at..];
        // 由X / 请X anywhere in the clause's first words; X要 only at its start.
        for (i, c) in clause.char_indices().take(12) {
            if "，。；,;".contains(c) {
                break;
            }
            let after = &clause[i + c.len_utf8()..];
            // `年底前由县财政局拨付资金`: a deadline may come first.
            let asked = c == '请' || (c == '由' && (i == 0 || only_deadline(&clause[..i])));
            if !asked {
                continue;
            }
            if let Some((name, len)) = unit_at_start(after, ctx)
                && !after[len..].starts_with(['，', '。', '；', ',', ';', '、'])
            {
                let (value, known) = units::resolve(&name, ctx.units);
                let from = at + i;
                let to = at + i + c.len_utf8() + len;
                r.leads.push(Found {
                    value,
                    words: text[from..to].to_string(),
                    guess: !known,
                });
                if c == '由' {
                    r.cut.push((from, to));
                }
                return;
            }
        }
        // `县财政局年底前拨付资金`, `各乡镇做好转移准备`: an item that opens with a unit's name
        // and goes on with when or what it is to do names who acts; the name leaves the title.
        if at == 0
            && let Some((name, len)) = unit_at_start(clause, ctx)
            && acts_after(&clause[len..])
        {
            let (value, known) = units::resolve(&name, ctx.units);
            // `县城管局负责清理…`: 负责 (牵头) says this unit leads, in the ledger or not; the
            // word leaves the title with the name (`清理…`).
            let said = ["负责", "牵头"]
                .iter()
                .find(|w| clause[len..].starts_with(**w))
                .map_or(0, |w| w.len());
            r.leads.push(Found {
                value,
                words: clause[..len + said].to_string(),
                guess: !known && said == 0,
            });
            r.cut.push((0, len + said));
            return;
        }
        // The name before 要 is at most 15 characters (`unit_at_start`), so only the
        // clause's first 16 are searched: finding 要 anywhere in the rest of the item, and
        // testing every prefix for a unit whenever one came later, was quadratic in an
        // item's clauses (a long reason sentence per item doubled the import's time).
        let head = clause
            .char_indices()
            .nth(16)
            .map_or(clause.len(), |(i, _)| i);
        if let Some(k) = clause[..head].find('要')
            && let Some((name, len)) = unit_at_start(clause, ctx)
            && len == k
        {
            let (value, known) = units::resolve(&name, ctx.units);
            r.leads.push(Found {
                value,
                words: clause[..k + '要'.len_utf8()].to_string(),
                guess: !known,
            });
            return;
        }
    }
}

/// Verbs an item's action starts with, after the unit that is to act (`县住建局完成改造`).
const ACTIONS: [&str; 24] = [
    "做好",
    "抓好",
    "完成",
    "拨付",
    "加快",
    "推进",
    "开展",
    "落实",
    "组织",
    "制定",
    "建立",
    "负责",
    "牵头",
    "会同",
    "安排",
    "出台",
    "印发",
    "启动",
    "实施",
    "加强",
    "完善",
    "健全",
    "牵头抓",
    "统筹",
];

/// Does `rest`, right after a unit's name, go on with when or what it is to do: a deadline
/// (`年底前拨付`), `于`/`在` and a time, or an action verb?
fn acts_after(rest: &str) -> bool {
    let rest = rest.trim_start_matches(['于', '在']);
    let deadline = super::super::deadline::find(rest, 2000, false)
        .first()
        .is_some_and(|p| p.start == 0);
    deadline || ACTIONS.iter().any(|a| rest.starts_with(a))
}

/// Is `s` a deadline alone (`年底前`, `在6月底前`)?
fn only_deadline(s: &str) -> bool {
    let s = s.trim_start_matches(['在', '于']);
    super::super::deadline::find(s, 2000, false)
        .first()
        .is_some_and(|p| p.start == 0 && p.end == s.len())
}

/// `会同Y`, `会同Y、Z`: the units named support, whoever leads; the words leave the title
/// (`县人社局要会同县财政局，做好培训` is titled `做好培训`).
fn together_with(text: &str, ctx: &Context, r: &mut Reading) {
    let mut from = 0;
    while let Some(k) = text[from..].find("会同") {
        let start = from + k;
        let after = start + "会同".len();
        from = after;
        let end = text[after..]
            .find(['，', '。', '；', ',', ';', '：'])
            .map_or(text.len(), |e| after + e);
        let mut names = units::split(&text[after..end], ctx.units);
        // The last name may run on into the action (`会同县财政局制定方案`).
        let mut stop = end;
        if let Some(last) = names.pop() {
            if units::looks_like_unit(&last, ctx.units) {
                names.push(last);
            } else if let Some((name, len)) = unit_at_start(&last, ctx) {
                stop = text[..end].rfind(last.as_str()).map_or(end, |i| i + len);
                names.push(name);
            }
        }
        if names.is_empty() || !names.iter().all(|n| units::looks_like_unit(n, ctx.units)) {
            continue;
        }
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
    }
    together_with(text, ctx, r);
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
