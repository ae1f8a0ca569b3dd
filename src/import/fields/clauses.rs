//! Units named in the item's sentences: `由X牵头`, `X牵头`, `X负责`, `Y配合`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::units;
use super::{Context, Found, Reading};

static LED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"由([^，。；：,;:\s]{2,60}?)(牵头|负责|承办|主办)").expect("valid pattern")
});
static CLAUSE_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[，。；,;\s（(【\[])([^，。；：,;:\s由（(【\[]{2,60}?)(牵头|负责)(?:[，。；,;）)】\]]|$)")
        .expect("valid pattern")
});
static CLAUSE_SUPPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:^|[，。；、,;\s（(【\[])([^，。；：,;:\s（(【\[]{2,60}?)(?:等单位|等部门)?(配合|协助|协同|参与)(?:[，。；,;）)】\]]|$)",
    )
    .expect("valid pattern")
});

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
