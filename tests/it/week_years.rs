//! A week that spans two calendar years names the year on the date outside the week's ISO
//! year (issue 17, finding 11: `2026年第53周（12月28日—1月3日）` read as running backwards), and
//! the title as printed is read back by `--week`, as is the form printed before.

use crate::support::Ledger;

#[test]
fn a_week_across_new_year_names_both_years_and_reads_back() {
    // (ledger start, today, week, the title it must print)
    let cases = [
        (
            "2026-09-01",
            "2027-01-05",
            "2026-W53",
            "2026年第53周（12月28日—2027年1月3日）",
        ),
        (
            "2025-12-01",
            "2026-01-06",
            "2026-W01",
            "2026年第1周（2025年12月29日—1月4日）",
        ),
        (
            "2020-12-01",
            "2021-01-06",
            "2020-W53",
            "2020年第53周（12月28日—2021年1月3日）",
        ),
        (
            "2026-09-01",
            "2026-12-01",
            "2026-W48",
            "2026年第48周（11月23日—11月29日）",
        ),
    ];
    for (start, today, week, title) in cases {
        let l = Ledger::seeded(start);
        let out = l
            .run_on(today, &["--lang", "zh", "report", "--week", week])
            .ok()
            .stdout;
        assert!(out.contains(title), "{week}: {out}");
        // The printed title, and the year-less form printed before, name the same week.
        let want = l
            .run_on(today, &["report", "--week", week, "--format", "json"])
            .ok()
            .json()["period"]
            .clone();
        let bare = title
            .replace("2027年1月", "1月")
            .replace("2021年1月", "1月")
            .replace("2025年12月", "12月");
        for label in [title, bare.as_str()] {
            let got = l
                .run_on(today, &["report", "--week", label, "--format", "json"])
                .ok()
                .json()["period"]
                .clone();
            assert_eq!(got, want, "{label}");
        }
    }
}
