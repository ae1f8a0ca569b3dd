//! How the 通报's section 五 (未按时反馈) cuts its list of units (issue 17, finding 1): which
//! units it names, how many tasks of each, and what its closing "另有N项…涉及另外K个单位" counts.
//! One computation, so that the sentence's N is what the json's `unreported` list holds beyond
//! the units shown, whatever the cap.

/// The cut of section 五: units in the order given (most in arrears first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreportedCut {
    /// Per unit shown, how many of its tasks are named; fewer than it has means "等M项" (M its
    /// whole count, so its unnamed tasks are counted there and not again).
    pub named: Vec<usize>,
    /// The tasks of the units not shown, plus those the report's limit left out of the list:
    /// the closing sentence's N.
    pub rest_tasks: usize,
    /// The indexes (into the units given) of the units not shown: the sentence's 另外K个单位.
    pub rest_units: Vec<usize>,
}

/// Cuts units of `sizes[i]` unreported tasks each to at most `cap` tasks named in all; a unit
/// is shown while room is left, named in part where the room runs out within it.
/// `left_out`: unreported tasks the report's `--limit` left out of the list (unit unknown).
pub fn cut_unreported(sizes: &[usize], cap: usize, left_out: usize) -> UnreportedCut {
    let mut room = cap;
    let mut cut = UnreportedCut {
        named: Vec::new(),
        rest_tasks: left_out,
        rest_units: Vec::new(),
    };
    for (i, &n) in sizes.iter().enumerate() {
        if room == 0 {
            cut.rest_tasks += n;
            cut.rest_units.push(i);
            continue;
        }
        let named = n.min(room);
        room -= named;
        cut.named.push(named);
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_cut_short_is_not_counted_again() {
        // 干部教育科 (6, named 2 of them: 等6项), then 组织科 5 and 干部监督科 1 not shown.
        let c = cut_unreported(&[3, 6, 5, 1], 5, 0);
        assert_eq!(c.named, vec![3, 2]);
        assert_eq!(c.rest_tasks, 6);
        assert_eq!(c.rest_units, vec![2, 3]);
    }

    #[test]
    fn the_limit_left_out_is_counted() {
        let c = cut_unreported(&[1, 1], 10, 4);
        assert_eq!(
            (c.named, c.rest_tasks, c.rest_units),
            (vec![1, 1], 4, vec![])
        );
    }
}
