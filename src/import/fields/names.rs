//! Units' names at the start of a clause (`县住建局、县交通运输局做好…`, `各镇（街道）要…`), and
//! what may follow them: the verbs an action starts with, or a deadline. Split from
//! `clauses` so the rules for where a name ends stay in one place.

use super::super::units;
use super::Context;

/// The name (at most 15 characters) at the start of `s` that reads as a unit, with its length
/// in bytes: the shortest of three or more characters ending as an office does (局, 委, 中心,
/// 政府…), since an action can follow it and end like a unit too (`县发改局抓紧办…`); else the
/// longest, since a short prefix of a name can end like one (`县委` in `县委组织部`). A short
/// bracket belongs to the name (`各镇（街道）`, `各村（社区）`), as county notices write
/// their addressees.
pub(super) fn unit_at_start(s: &str, ctx: &Context) -> Option<(String, usize)> {
    const OFFICE: &[&str] = &[
        "局", "委", "中心", "政府", "镇", "乡", "街道", "公司", "单位", "部门",
    ];
    let mut longest = None;
    let mut chars = s.char_indices().take(15).peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        if "（(".contains(c) {
            // `（街道）`: up to six characters before the closing bracket.
            let close = s[end..]
                .char_indices()
                .take(7)
                .find(|(_, b)| "）)".contains(*b))
                .map(|(k, b)| end + k + b.len_utf8());
            let Some(close) = close.filter(|_| i > 0) else {
                break;
            };
            if s[end..close].contains(['，', '。', '；', '：', ',', ';', ':']) {
                break;
            }
            end = close;
            while chars.peek().is_some_and(|(k, _)| *k < close) {
                chars.next();
            }
        } else if "，。；：,;:、【[ ".contains(c) {
            break;
        }
        let name = &s[..end];
        if units::looks_like_unit(name, ctx.units) {
            let bare = name.trim_end_matches(['）', ')']);
            let bare = bare.rfind(['（', '(']).map_or(name, |k| &name[..k]);
            let closed = bare.len() != name.len();
            if name.chars().count() >= 3 && (closed || OFFICE.iter().any(|o| name.ends_with(o))) {
                // `区安委办`, `县委办`: 办 after 委 is the committee's office, one name
                // (not `办理`, `办结`, an action after the committee).
                if name.ends_with('委')
                    && let Some(rest) = s[end..].strip_prefix('办')
                    && !rest.starts_with(['理', '结', '好', '法', '事', '实'])
                {
                    let end = end + '办'.len_utf8();
                    return Some((s[..end].to_string(), end));
                }
                // `各镇（街道）`: a bracket is part of the name only where the name ends there.
                return Some((name.to_string(), end));
            }
            // `县交警大队做好校园…`: the name ends where the action starts, not at the
            // next character a name can end with (校).
            let rest = &s[end..];
            if rest.starts_with('要') || ACTIONS.iter().any(|a| rest.starts_with(a)) {
                return Some((name.to_string(), end));
            }
            longest = Some((name.to_string(), end));
        }
    }
    longest
}

/// Units named one after another at the start of `s`, joined by 、 (`县住建局、县交通运输局做好…`),
/// with the length in bytes of the list; at most five names.
pub(super) fn units_at_start(s: &str, ctx: &Context) -> Option<(Vec<String>, usize)> {
    let mut names = Vec::new();
    let mut len = 0;
    while names.len() < 5 {
        let Some((mut name, mut n)) = unit_at_start(&s[len..], ctx) else {
            break;
        };
        // `市纪委监委、…`, `市纪委监委要…`: the shortest name is only part of one when what
        // is left up to 、 or 要 is a short unit's ending too (`监委`), not an action
        // (`各街道通过社区讲堂、…`).
        let after = &s[len + n..];
        if let Some(k) = after.find(['、', '要'])
            && !ACTIONS.iter().any(|a| after.starts_with(a))
            && after[..k].chars().count() <= 6
            && units::looks_like_unit(&after[..k], ctx.units)
        {
            n += k;
            name = s[len..len + n].to_string();
        }
        names.push(name);
        len += n;
        if s[len..].starts_with('、') && unit_at_start(&s[len + '、'.len_utf8()..], ctx).is_some()
        {
            len += '、'.len_utf8();
        } else {
            break;
        }
    }
    (!names.is_empty()).then_some((names, len))
}

/// Verbs an item's action starts with, after the unit that is to act (`县住建局完成改造`).
pub(super) const ACTIONS: &[&str] = &[
    "做好",
    "按照",
    "依据",
    "根据",
    "督促",
    "指导",
    "协调",
    "抓紧",
    "尽快",
    "及时",
    "联合",
    "协同",
    "将",
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
    // `县财政按程序拨付`, `由市人社局、市民政局共同制定`, `区安委办将提请…`.
    "按",
    "共同",
    "对照",
    "提请",
];

/// Does `rest`, right after a unit's name, go on with when or what it is to do: a deadline
/// (`年底前拨付`), `于`/`在` and a time, or an action verb?
pub(super) fn acts_after(rest: &str) -> bool {
    let rest = rest.trim_start_matches(['于', '在']);
    let deadline = super::super::deadline::find(rest, 2000, false)
        .first()
        .is_some_and(|p| p.start == 0);
    deadline || ACTIONS.iter().any(|a| rest.starts_with(a))
}

/// Is `s` a deadline alone (`年底前`, `在6月底前`)?
pub(super) fn only_deadline(s: &str) -> bool {
    let s = s.trim_start_matches(['在', '于']);
    super::super::deadline::find(s, 2000, false)
        .first()
        .is_some_and(|p| p.start == 0 && p.end == s.len())
}
