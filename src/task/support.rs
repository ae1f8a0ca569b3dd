//! The list of supporting units (配合单位) as the history records it: which units left, which
//! came and where, and whether the units that stayed changed their order (issue 19: a reorder
//! is one `support_order` event, not a removal and re-addition of every unit that moved).

/// What replacing supporting units `old` by `new` changes, in the order it is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SupportPlan {
    /// Units on `old` but not on `new`, in `old`'s order.
    pub removed: Vec<String>,
    /// The units on both lists, in `old`'s order then in `new`'s, when the two differ.
    pub order: Option<(Vec<String>, Vec<String>)>,
    /// Units on `new` but not on `old`, each with its place in `new` (0 = first), in that
    /// order: put in one after another, each lands where `new` has it.
    pub added: Vec<(usize, String)>,
}

/// Compares two lists of distinct unit names.
pub fn plan(old: &[String], new: &[String]) -> SupportPlan {
    let removed = old.iter().filter(|u| !new.contains(u)).cloned().collect();
    let kept_old: Vec<String> = old.iter().filter(|u| new.contains(u)).cloned().collect();
    let kept_new: Vec<String> = new.iter().filter(|u| old.contains(u)).cloned().collect();
    let order = (kept_old != kept_new).then_some((kept_old, kept_new));
    let added = new
        .iter()
        .enumerate()
        .filter(|(_, u)| !old.contains(u))
        .map(|(i, u)| (i, u.clone()))
        .collect();
    SupportPlan {
        removed,
        order,
        added,
    }
}

/// A list of units as a `support_order` event stores it in `old` and `new`: a JSON array of
/// the names (`["县区","人事局"]`). JSON rather than a separator: any name round-trips, and
/// readers of `history --format json` can parse it.
pub fn encode(list: &[String]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

/// The list a `support_order` value holds; `None` when it is not a JSON array of strings.
pub fn decode(value: &str) -> Option<Vec<String>> {
    serde_json::from_str(value).ok()
}

/// `current` put in the order of `wanted`: the units of `wanted` that are on `current`, in
/// `wanted`'s order, then any others of `current` where they were. Replaying an order event
/// on a list that a later rename has touched so keeps every unit and loses none.
pub fn reorder(current: &[String], wanted: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(current.len());
    for u in wanted {
        if current.contains(u) && !out.contains(u) {
            out.push(u.clone());
        }
    }
    for u in current {
        if !out.contains(u) {
            out.push(u.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn a_pure_reorder_is_one_order_change() {
        let p = plan(&v(&["A", "B"]), &v(&["B", "A"]));
        assert!(p.removed.is_empty() && p.added.is_empty());
        assert_eq!(p.order, Some((v(&["A", "B"]), v(&["B", "A"]))));
    }

    #[test]
    fn an_insert_in_the_middle_keeps_the_order() {
        let p = plan(&v(&["A", "B"]), &v(&["A", "C", "B"]));
        assert_eq!(p.order, None);
        assert_eq!(p.added, [(1, "C".to_string())]);
    }

    #[test]
    fn names_with_any_character_round_trip() {
        let list = v(&["A,B", "、", "\"x\"", "[]"]);
        assert_eq!(decode(&encode(&list)), Some(list));
    }

    #[test]
    fn reorder_keeps_units_the_order_does_not_name() {
        assert_eq!(
            reorder(&v(&["A", "B", "C"]), &v(&["C", "X", "A"])),
            v(&["C", "A", "B"])
        );
    }
}
