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
/// `X负责`, `X牵头`, and `X负责督办` / `X负责汇总`: a unit that leads, closing its clause.
static CLAUSE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[，。；,;\s（(【\[])([^，。；：,;:\s由（(【\[]{2,60}?)(牵头|负责)(?:督办|汇总|落实|实施|推进|组织|协调|统筹)?(?:[，。；,;）)】\]]|$)")
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
            let asked = matches!(c, '由' | '请') && (i == 0 || c == '请');
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
        if let Some(k) = clause.find('要')
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
            let (value, known) = units::resolve(name, ctx.units);
            let guess = !known && words.ends_with("负责") && !words.starts_with('由');
            let f = Found {
                value,
                words: words.clone(),
                guess,
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
                let words = m.as_str().to_string();
                let (value, _) = units::resolve(&names[0], ctx.units);
                r.leads.push(Found {
                    value,
                    words,
                    guess: false,
                });
            }
            had_lead = true;
        }
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
    if had_lead {
        for c in CLAUSE_SUPPORT.captures_iter(text) {
            let m = c.get(1).expect("unit group");
            if in_cut(m.start(), &r.cut) {
                continue;
            }
            if let Some(names) = all_units(&c[1]) {
                push_clause(r, c.get(0).expect("whole match"), names, false);
            }
        }
    }
}
