//! Unit names (牵头单位, 配合单位) as reports write them: which words can be a unit, and which
//! unit of the ledger a name means. Pure.
//!
//! Offices shorten their names (人社局 for 人力资源和社会保障局); [`ALIASES`] is the one table
//! of these shortenings, so `县人社局` in a report finds `县人力资源和社会保障局` in the ledger
//! and the other way round.

/// Short forms and the full forms they stand for, as the 机构编制 names of county and city
/// departments are commonly abbreviated. One table for every caller.
pub const ALIASES: &[(&str, &str)] = &[
    ("人社局", "人力资源和社会保障局"),
    ("发改委", "发展和改革委员会"),
    ("发改局", "发展和改革局"),
    ("住建局", "住房和城乡建设局"),
    ("教体局", "教育体育局"),
    ("市监局", "市场监督管理局"),
    ("市场监管局", "市场监督管理局"),
    ("资规局", "自然资源和规划局"),
    ("自然资源局", "自然资源和规划局"),
    ("卫健委", "卫生健康委员会"),
    ("卫健局", "卫生健康局"),
    ("交通局", "交通运输局"),
    ("文旅局", "文化和旅游局"),
    ("文广旅体局", "文化广电旅游体育局"),
    ("应急局", "应急管理局"),
    ("医保局", "医疗保障局"),
    ("退役军人局", "退役军人事务局"),
    ("经信局", "经济和信息化局"),
    ("科技局", "科学技术局"),
    ("城管局", "城市管理局"),
    ("综合执法局", "综合行政执法局"),
    ("大数据局", "大数据发展管理局"),
    ("政数局", "政务服务数据管理局"),
    ("审批局", "行政审批服务局"),
    ("编办", "机构编制委员会办公室"),
    ("政府办", "人民政府办公室"),
    ("国资委", "国有资产监督管理委员会"),
    ("发展改革委", "发展和改革委员会"),
    ("发展改革局", "发展和改革局"),
    ("工信局", "工业和信息化局"),
    ("经信委", "经济和信息化委员会"),
    ("住建委", "住房和城乡建设委员会"),
    ("自规局", "自然资源和规划局"),
    ("市场局", "市场监督管理局"),
    ("环保局", "生态环境局"),
    ("卫计委", "卫生和计划生育委员会"),
    ("卫计局", "卫生和计划生育局"),
    ("民宗局", "民族宗教事务局"),
    ("文广新局", "文化广电新闻出版局"),
    ("文广局", "文化广电局"),
    ("文体局", "文化体育局"),
    ("人防办", "人民防空办公室"),
    ("机关事务局", "机关事务管理局"),
    ("行政审批局", "行政审批服务局"),
    ("政法委", "政法委员会"),
    ("供销社", "供销合作社"),
    ("残联", "残疾人联合会"),
    ("妇联", "妇女联合会"),
    ("科协", "科学技术协会"),
    ("工商联", "工商业联合会"),
    ("侨联", "归国华侨联合会"),
];

/// Level prefixes a ledger may write before a department's name (`县人力资源和社会保障局`)
/// and a report leave out (`人社局`).
const LEVELS: [&str; 4] = ["县", "市", "区", "省"];

/// Endings of the names of offices, departments and bodies (局, 委, 办, 中心…).
const SUFFIXES: &[&str] = &[
    "局", "委", "办", "部", "厅", "院", "中心", "政府", "镇", "乡", "街道", "公司", "集团", "所",
    "处", "科", "股", "课", "室", "队", "会", "站", "行", "署", "馆", "团", "校", "社", "组",
    "党委", "党组", "单位", "部门", "园区", "区", "县", "市", "省", "联", "协",
];

/// The last characters of [`SUFFIXES`], sorted: most phrases `looks_like_unit` is asked
/// about (every prefix of a clause) end in none of them, which one look-up says before
/// the endings are compared one by one.
static SUFFIX_ENDS: std::sync::LazyLock<Vec<char>> = std::sync::LazyLock::new(|| {
    let mut ends: Vec<char> = SUFFIXES
        .iter()
        .filter_map(|x| x.chars().next_back())
        .collect();
    ends.sort_unstable();
    ends.dedup();
    ends
});

/// Whether `s` ends with the last character of some ending of [`SUFFIXES`].
fn may_end_as_unit(s: &str) -> bool {
    s.chars()
        .next_back()
        .is_some_and(|c| SUFFIX_ENDS.binary_search(&c).is_ok())
}

/// Words that make a phrase an action or a person, not a unit.
const NOT_UNIT: &[&str] = &[
    "完成", "推进", "开展", "加强", "建立", "落实", "负责", "领导", "同志", "书记", "主任", "局长",
    "部长", "年", "月", "日", "前", "季度", "是", "的", "要", "将", "把",
];

/// Words for everybody addressed (`各单位要严格落实…`): no one unit to lead or support, so
/// never taken as one from a sentence (a label's value still is, as the document wrote it).
pub const EVERYONE: &[&str] = &[
    "各单位",
    "各有关单位",
    "各相关单位",
    "各部门",
    "各有关部门",
    "各相关部门",
    "各地各部门",
    "各级各部门",
    "各地各单位",
    "各级各单位",
];

/// Whether `s` reads as a unit's name: short, ending like one (局, 委, 中心…) or a collective
/// like 各乡镇 (not one for everybody, [`EVERYONE`]), with no verb or time in it. `known`
/// units always are.
pub fn looks_like_unit(s: &str, known: &[String]) -> bool {
    // A name never runs across a line (`强化督查考核\n各单位要…`, a heading and its text).
    if s.contains(['\n', '\r']) {
        return false;
    }
    let n = s.chars().count();
    if !(2..=30).contains(&n) {
        return false;
    }
    if known_as(s, known).is_some() {
        return true;
    }
    if EVERYONE.contains(&s) {
        return false;
    }
    // A bare department (市财政) is a unit unless a word says otherwise (市财政资金).
    if bare_department(s).is_some() {
        return !NOT_UNIT.iter().any(|w| s.contains(w));
    }
    let collective = s.starts_with('各') && n <= 12;
    // Called for every prefix of every clause of a report: no allocation per suffix, and the
    // ending (a few bytes compared) is asked before the words anywhere in it (a search each).
    let closed = s.strip_suffix('）');
    let ends_as_unit = collective
        || ((may_end_as_unit(s) || closed.is_some_and(may_end_as_unit))
            && SUFFIXES
                .iter()
                .any(|x| s.ends_with(x) || closed.is_some_and(|c| c.ends_with(x))));
    ends_as_unit && !NOT_UNIT.iter().any(|w| s.contains(w))
}

/// Whether `s`, written after a unit label (牵头单位：, 责任单位：, 配合单位：), is a unit's name:
/// the label says it is one, so an ending not in [`SUFFIXES`] is taken too (总务股, 信息课,
/// 各村（社区）, 办公室), as long as it is a name: short, no digit, no sentence punctuation, and
/// no action, person or time in it (`2024年6月底前完成` after the names is a deadline).
pub fn labelled_unit(s: &str, known: &[String]) -> bool {
    if looks_like_unit(s, known) {
        return true;
    }
    let n = s.chars().count();
    // `（责任单位：办公室；长期坚持）`: what follows the names may be the deadline, and a
    // deadline (长期坚持, 立行立改) is never a unit.
    (2..=20).contains(&n)
        && !NOT_UNIT.iter().any(|w| s.contains(w))
        && super::deadline::find(s, 2000, true).is_empty()
        && !s
            .chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || "。：:！？!?".contains(c))
}

/// A name with its short ending spelled out (`县人社局` → `县人力资源和社会保障局`), the
/// longest short form first, so two spellings of one unit compare equal; as the two pieces
/// that spelling joins (the name before its short ending, and the ending spelled out), so
/// names are compared without building either.
fn canonical_parts(s: &str) -> (&str, &str) {
    let mut best: Option<(&str, &str)> = None;
    for &(short, full) in ALIASES {
        if s.ends_with(short) && best.is_none_or(|(b, _)| short.len() > b.len()) {
            best = Some((short, full));
        }
    }
    match best {
        Some((short, full)) => (&s[..s.len() - short.len()], full),
        None => (s, ""),
    }
}

/// Whether two names have the same canonical form (`a.0 + a.1 == b.0 + b.1`), compared in
/// place: `resolve` compares a name with every unit of the ledger, for every prefix of every
/// clause of a report.
fn same_canonical(a: (&str, &str), b: (&str, &str)) -> bool {
    let (a, b) = (
        [a.0.as_bytes(), a.1.as_bytes()],
        [b.0.as_bytes(), b.1.as_bytes()],
    );
    a[0].len() + a[1].len() == b[0].len() + b[1].len()
        && a.iter()
            .flat_map(|p| p.iter())
            .eq(b.iter().flat_map(|p| p.iter()))
}

/// The ledger's name for `name` (exact, or the same unit under the alias table), and whether
/// it was found there; else `name` as written.
///
/// Whatever a reader found the name in, it is first taken as a unit's name ([`name_of`]):
/// `建议市民政局` is 市民政局, `县财政局等部门` is 县财政局, `市财政` is 市财政局.
pub fn resolve(name: &str, known: &[String]) -> (String, bool) {
    // The one stored form of a name (NFC, trimmed, full-width brackets), as every unit is.
    let name = crate::model::normalise_name(name_of(name).as_ref()).into_owned();
    match known_as(&name, known) {
        Some(k) => (k.clone(), true),
        None => (name, false),
    }
}

/// Words a report asks a unit to act with, written before its name (`建议市民政局牵头`,
/// `请县财政局…`, `责成县城管局…`): not part of the name. Longest first.
const ASKING: &[&str] = &[
    "建议由",
    "建议",
    "要求",
    "责成",
    "并由",
    "应由",
    "拟由",
    "请",
    "由",
];

/// The departments a report names by their field alone after a level (`市财政要…`,
/// `县财政按程序拨付`, `区审计`): each is the level's bureau (局) of that name. Only fields
/// whose bureau is always a 局 and whose word does not open other phrases at a clause's
/// start (县教育系统, 县交通路网 do) are listed.
const BARE_DEPARTMENTS: &[&str] = &[
    "财政", "审计", "公安", "民政", "司法", "税务", "统计", "人社", "住建", "城管", "应急", "商务",
];

/// `市财政` → `市财政局`: a level (市, 县, 区, 省) and a field of [`BARE_DEPARTMENTS`] as
/// the whole name.
fn bare_department(s: &str) -> Option<String> {
    let rest = LEVELS.iter().find_map(|l| s.strip_prefix(l))?;
    BARE_DEPARTMENTS.contains(&rest).then(|| format!("{s}局"))
}

/// The unit a name found in a sentence or a list stands for: without the asking words before
/// it ([`ASKING`]) and the role words after it ([`strip_role`]), a bare department with its
/// 局 (`市财政` → `市财政局`). The one rule every reader of names goes through
/// ([`resolve`], [`split`]); a name that would be left under two characters is kept.
pub fn name_of(name: &str) -> std::borrow::Cow<'_, str> {
    let mut s = strip_role(name);
    for w in ASKING {
        if let Some(rest) = s.strip_prefix(w)
            && rest.chars().count() >= 2
            && looks_like_unit(rest, &[])
        {
            s = rest;
            break;
        }
    }
    match bare_department(s) {
        Some(full) => std::borrow::Cow::Owned(full),
        None => std::borrow::Cow::Borrowed(s),
    }
}

/// The ledger's name for `name`, as `resolve` finds it, without copying it: the same name,
/// the same under [`ALIASES`], or, for a name without a level (`人社局`, `住建局`), the one
/// unit of the ledger that is it with a level in front (`县人力资源和社会保障局`).
fn known_as<'k>(name: &str, known: &'k [String]) -> Option<&'k String> {
    if known.is_empty() {
        return None;
    }
    if let Some(k) = known.iter().find(|k| *k == name) {
        return Some(k);
    }
    let want = canonical_parts(name);
    if let Some(k) = known
        .iter()
        .find(|k| same_canonical(canonical_parts(k), want))
    {
        return Some(k);
    }
    // `市场监管局` starts with 市 but names no level: every name is tried.
    let mut leveled = known.iter().filter(|k| {
        LEVELS.iter().any(|l| {
            k.strip_prefix(l)
                .is_some_and(|rest| same_canonical(canonical_parts(rest), want))
        })
    });
    match (leveled.next(), leveled.next()) {
        (Some(k), None) => Some(k),
        // `人社局` beside both 县人社局 and 市人社局: which one is not said.
        _ => None,
    }
}

/// The key under which two spellings of one unit fall together: the project's rule for the
/// spellings of one unit as typed ([`twin_key`](crate::model::twin_key): width, letter case,
/// spaces and Traditional characters set aside, as `--lead` and `units rename` judge a name),
/// with the short ending of [`ALIASES`] spelled out (`县人社局` → `县人力资源和社会保障局`).
/// `县財政局`, `县财政局`; `县ＡＢＣ局`, `县abc局`, `县ABC局` give one key each.
pub fn unit_key(name: &str) -> String {
    let twin = crate::model::twin_key(name);
    let (stem, ending) = canonical_parts(&twin);
    format!("{stem}{ending}")
}

/// The one spelling each unit gets across one import, so that the spellings a document
/// mixes (`县人社局` and `县人力资源和社会保障局`, `县財政局` and `县财政局`, `县ＡＢＣ局` and
/// `县abc局`) make one unit, not two: the ledger's spelling when it has a unit with the same
/// [`unit_key`], else the first spelling met (the caller gives names in document order).
pub struct Spellings<'k> {
    /// The ledger's units under their keys, the first of a key kept.
    known: std::collections::HashMap<String, &'k String>,
    /// The ledger's units as they are spelled.
    names: std::collections::HashSet<&'k str>,
    /// Spellings already given, under their keys.
    seen: std::collections::HashMap<String, String>,
    /// Names already answered: a table of thousands of rows names its units again and
    /// again, and a key takes a Traditional-to-Simplified conversion.
    given: std::collections::HashMap<String, String>,
}

impl<'k> Spellings<'k> {
    pub fn new(known: &'k [String]) -> Spellings<'k> {
        let mut by_key = std::collections::HashMap::new();
        for k in known {
            by_key.entry(unit_key(k)).or_insert(k);
        }
        Spellings {
            known: by_key,
            names: known.iter().map(String::as_str).collect(),
            seen: std::collections::HashMap::new(),
            given: std::collections::HashMap::new(),
        }
    }

    /// The spelling `name` is stored under in this import: a unit of the ledger's own name
    /// as it is, else the ledger's spelling of its key, else the first spelling of its key
    /// this import met.
    pub fn name(&mut self, name: &str) -> String {
        if let Some(n) = self.given.get(name) {
            return n.clone();
        }
        let n = self.spell(name);
        self.given.insert(name.to_string(), n.clone());
        n
    }

    fn spell(&mut self, name: &str) -> String {
        // The ledger may hold two spellings of one key (made before this rule): a name that
        // is one of them stays itself.
        if self.names.contains(name) {
            return name.to_string();
        }
        let key = unit_key(name);
        if let Some(k) = self.known.get(&key) {
            return (*k).clone();
        }
        self.seen
            .entry(key)
            .or_insert_with(|| name.to_string())
            .clone()
    }
}

/// [`near`]'s answers already given, by name, for one list of the ledger's units: a task
/// table names the same few units in thousands of rows, and each answer compares the name
/// with every unit (edit distance, Traditional forms). Shared by the threads that read an
/// import's items.
#[derive(Debug, Default)]
pub struct NearMemo(std::sync::Mutex<std::collections::HashMap<String, Option<String>>>);

impl NearMemo {
    /// [`near`]`(name, known)`, owned; `known` must be the list this memo has answered for.
    pub fn near(&self, name: &str, known: &[String]) -> Option<String> {
        let seen = |m: &std::collections::HashMap<String, Option<String>>| m.get(name).cloned();
        if let Some(answer) = self.0.lock().ok().and_then(|m| seen(&m)) {
            return answer;
        }
        let answer = near(name, known).cloned();
        if let Ok(mut m) = self.0.lock() {
            m.insert(name.to_string(), answer.clone());
        }
        answer
    }
}

/// The unit of the ledger that `name`, a name not in it, is most likely a slip or an older
/// name for: the project's rule for units as typed (`model::typed::near_names`: a character
/// or two away, one name inside the other), or the same level and kind of office with the
/// name's characters all in it, in order (`县农业局` beside `县农业农村局`). `None` when no
/// one unit stands out. The import shows such a match as a guess, never as a new unit.
pub fn near<'k>(name: &str, known: &'k [String]) -> Option<&'k String> {
    let name = crate::model::normalise_name(name);
    let name = name.as_ref();
    if known_as(name, known).is_some() {
        return None;
    }
    // `党委组织部` beside `市委组织部`, `县财政局` beside `市财政局`: a name of another level
    // (or of the Party's side) is another unit, never a slip for this one.
    let same_level: Vec<String> = known
        .iter()
        .filter(|k| !other_level(name, k))
        .cloned()
        .collect();
    if let Some(first) = crate::model::near_names(name, &same_level, 1).first() {
        return known.iter().find(|k| k.as_str() == *first);
    }
    let (Some(head), Some(tail)) = (name.chars().next(), name.chars().next_back()) else {
        return None;
    };
    if name.chars().count() < 3 {
        return None;
    }
    let held = |short: &str, long: &str| {
        let mut it = long.chars();
        short.chars().all(|c| it.any(|l| l == c))
    };
    let mut near = known.iter().filter(|k| {
        k.starts_with(head)
            && k.ends_with(tail)
            && k.as_str() != name
            && (held(name, k) || held(k, name))
    });
    match (near.next(), near.next()) {
        (Some(k), None) => Some(k),
        _ => None,
    }
}

/// Whether `a` and `b` open with different levels (市, 县, 区, 省, 党, 乡, 镇): two units, not
/// two spellings of one.
fn other_level(a: &str, b: &str) -> bool {
    const HEADS: &[char] = &['市', '县', '区', '省', '党', '乡', '镇'];
    match (a.chars().next(), b.chars().next()) {
        (Some(x), Some(y)) => x != y && HEADS.contains(&x) && HEADS.contains(&y),
        _ => false,
    }
}

/// Words reports put after a unit's name to say its role or that more units share it
/// (`各乡镇具体实施`, `县财政局等部门`, `县农业农村局等`, `县水利局按职责分工负责`): not part of
/// the name. Longest first, so `负责实施` goes before `负责`.
const ROLE_WORDS: &[&str] = &[
    "按照职责分工负责",
    "按职责分工负责",
    "按照职责分工",
    "按职责分工",
    "按职责负责",
    "按照职责",
    "按职责",
    "分别负责",
    "具体实施",
    "具体负责",
    "负责实施",
    "负责落实",
    "组织实施",
    "抓好落实",
    "等相关部门",
    "等相关单位",
    "等部门",
    "等单位",
    "负责",
    "分别",
    "等",
];

/// A unit's name without the role and "and others" words after it (`各乡镇具体实施` →
/// `各乡镇`, `县财政局等部门` → `县财政局`, see [`ROLE_WORDS`]): the one rule for every list
/// of units ([`split`]), so such words never make a new unit. A name that would be left
/// under two characters is kept as written.
pub fn strip_role(name: &str) -> &str {
    let mut s = name.trim();
    'again: loop {
        for w in ROLE_WORDS {
            if let Some(rest) = s.strip_suffix(w)
                && rest.chars().count() >= 2
            {
                s = rest.trim_end();
                continue 'again;
            }
        }
        return s;
    }
}

/// Splits a list of units (`县财政局、县发改局和各乡镇`) into names: at 、 ， , / ； and at 和,
/// 及, 与 where the part before reads as a unit; each name without its role words
/// ([`strip_role`]).
pub fn split(list: &str, known: &[String]) -> Vec<String> {
    // Separators inside brackets belong to one name: `各县（市、区）政府`.
    let mut parts = Vec::new();
    let (mut depth, mut from) = (0i32, 0);
    for (i, c) in list.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth -= 1,
            '、' | '，' | ',' | '/' | '／' | '；' | ';' | ' ' | '\u{3000}' if depth <= 0 => {
                parts.push(&list[from..i]);
                from = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&list[from..]);
    let mut out = Vec::new();
    for part in parts {
        let mut rest = part.trim();
        'join: while !rest.is_empty() {
            for (i, c) in rest.char_indices() {
                if matches!(c, '和' | '及' | '与') && looks_like_unit(&rest[..i], known) {
                    out.push(rest[..i].to_string());
                    rest = &rest[i + c.len_utf8()..];
                    continue 'join;
                }
            }
            out.push(rest.to_string());
            break;
        }
    }
    for name in &mut out {
        let bare = name_of(name);
        if bare.as_ref() != name.as_str() {
            *name = bare.into_owned();
        }
    }
    // `县市场监管局（牵头）、县司法局`, `县司法局、县市场监管局（牵头）`: the marked unit leads.
    let marked = out.iter().position(|n| {
        LEAD_MARKS
            .iter()
            .any(|m| n.ends_with(m) && n.len() > m.len())
    });
    if let Some(k) = marked {
        let mut lead = out.remove(k);
        for m in LEAD_MARKS {
            if let Some(bare) = lead.strip_suffix(m) {
                lead = bare.trim_end().to_string();
                break;
            }
        }
        out.insert(0, lead);
    }
    out.retain(|s| !s.is_empty());
    out
}

/// What a table cell or note writes after the unit that leads among several.
const LEAD_MARKS: [&str; 4] = ["（牵头）", "(牵头)", "（牵头单位）", "(牵头单位)"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_match_both_ways() {
        let known = vec!["县人力资源和社会保障局".to_string(), "市发改委".to_string()];
        assert_eq!(resolve("县人社局", &known), (known[0].clone(), true));
        assert_eq!(
            resolve("市发展和改革委员会", &known),
            (known[1].clone(), true)
        );
        assert_eq!(resolve("县财政局", &known), ("县财政局".into(), false));
    }

    #[test]
    fn spellings_of_one_unit_get_one_name() {
        let none: Vec<String> = vec![];
        let mut names = Spellings::new(&none);
        assert_eq!(names.name("县財政局"), "县財政局");
        assert_eq!(names.name("县财政局"), "县財政局");
        assert_eq!(names.name("县人社局"), "县人社局");
        assert_eq!(names.name("县人力资源和社会保障局"), "县人社局");
        assert_eq!(names.name("县ＡＢＣ局"), "县ＡＢＣ局");
        assert_eq!(names.name("县abc局"), "县ＡＢＣ局");
        assert_eq!(names.name("市财政局"), "市财政局");
        let known = vec!["县财政局".to_string(), "县財政局".to_string()];
        let mut names = Spellings::new(&known);
        assert_eq!(names.name("县財政局"), "县財政局");
        assert_eq!(names.name("縣財政局"), "县财政局");
    }

    #[test]
    fn units_and_non_units() {
        let none: Vec<String> = vec![];
        for u in [
            "县住建局",
            "各乡镇",
            "县委组织部",
            "市大数据中心",
            "各乡镇（街道）",
        ] {
            assert!(looks_like_unit(u, &none), "{u}");
        }
        for u in ["2024年6月底前完成", "张三同志", "加强领导", "局"] {
            assert!(!looks_like_unit(u, &none), "{u}");
        }
        assert_eq!(
            split("县财政局、县发改局和各乡镇", &none),
            ["县财政局", "县发改局", "各乡镇"]
        );
        assert_eq!(split("各县（市、区）政府", &none), ["各县（市、区）政府"]);
        assert_eq!(
            split("县司法局、县市场监管局（牵头）", &none),
            ["县市场监管局", "县司法局"]
        );
        assert_eq!(
            split("县市场监管局(牵头)、县司法局", &none),
            ["县市场监管局", "县司法局"]
        );
        assert!(!looks_like_unit("各单位", &none));
        assert!(labelled_unit("各有关单位", &none));
    }
}
