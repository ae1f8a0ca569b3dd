//! A 督办通知单's serial (督办〔2026〕3号) and the date it asks a unit to reply by, as a
//! `notice` event carries them (`督办〔2026〕3号 2026-12-04`). Pure.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::{parse_ymd, ymd};

/// One notice as its tasks' history names it: the year and number of its serial, and the
/// date to reply by. Serials are numbered per year by the ledger (`notices` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeRef {
    /// The year of issue, 1000–9999 (the 〔2026〕 of the serial).
    pub year: i32,
    /// The number within the year, from 1.
    pub number: u32,
    /// The date the unit is asked to reply by.
    pub reply_by: NaiveDate,
}

impl NoticeRef {
    /// `督办〔2026〕3号`: the form of a document number (发文字号) in GB/T 9704-2012 §7.2.4,
    /// with 〔〕 around the year and 号 after the number.
    pub fn serial(&self) -> String {
        format!("督办〔{}〕{}号", self.year, self.number)
    }

    /// The reply-by date as a zh sentence writes it (`super::prose_date`), without its year
    /// when it is the year of issue: `12月4日`, else `2027年1月4日`.
    pub fn reply_by_zh(&self) -> String {
        let d = self.reply_by;
        if d.year() == self.year {
            super::prose_day(d)
        } else {
            super::prose_date(d)
        }
    }
}

/// The serials of `refs` as a sentence names them: runs of consecutive numbers as their first
/// and last, the year's 督办〔2026〕 written once per year:
/// `督办〔2026〕1号至11号、23号` (English `督办〔2026〕1号 to 11号, 23号`), so the numbers
/// withdrawn by an undo inside a range are not read as issued (issue 17, finding 17g-2).
/// Any order; a serial given twice is named once. Empty for none.
pub fn serial_runs(refs: impl IntoIterator<Item = NoticeRef>, lang: super::Lang) -> String {
    let mut keys: Vec<(i32, u32)> = refs.into_iter().map(|r| (r.year, r.number)).collect();
    keys.sort_unstable();
    keys.dedup();
    let zh = lang == super::Lang::Zh;
    let (to, sep) = if zh { ("至", "、") } else { (" to ", ", ") };
    let mut out = String::new();
    let mut year_written = None;
    let mut i = 0;
    while i < keys.len() {
        let (year, first) = keys[i];
        let mut last = first;
        while keys
            .get(i + 1)
            .is_some_and(|&(y, n)| y == year && Some(n) == last.checked_add(1))
        {
            i += 1;
            last = keys[i].1;
        }
        if !out.is_empty() {
            out.push_str(sep);
        }
        // The year once per year: after a run of the same year, the numbers alone.
        if year_written != Some(year) {
            out.push_str(&format!("督办〔{year}〕"));
            year_written = Some(year);
        }
        out.push_str(&format!("{first}号"));
        if last != first {
            out.push_str(&format!("{to}{last}号"));
        }
        i += 1;
    }
    out
}

impl fmt::Display for NoticeRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.serial(), ymd(self.reply_by))
    }
}

impl FromStr for NoticeRef {
    type Err = String;
    /// Reads what `Display` writes, and nothing else.
    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || format!("'{s}' is not a notice such as '督办〔2026〕3号 2026-12-04'");
        let (serial, date) = s.split_once(' ').ok_or_else(bad)?;
        let inner = serial
            .strip_prefix("督办〔")
            .and_then(|r| r.strip_suffix('号'))
            .ok_or_else(bad)?;
        let (year, number) = inner.split_once('〕').ok_or_else(bad)?;
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 9 && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(year) || year.len() != 4 || !digits(number) || number.starts_with('0') {
            return Err(bad());
        }
        let reply_by = parse_ymd(date).ok_or_else(bad)?;
        let r = NoticeRef {
            year: year.parse().map_err(|_| bad())?,
            number: number.parse().map_err(|_| bad())?,
            reply_by,
        };
        if r.to_string() != s || r.year < 1000 {
            return Err(bad());
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_back_what_it_writes_and_nothing_else() {
        let r = NoticeRef {
            year: 2026,
            number: 3,
            reply_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        };
        assert_eq!(r.to_string(), "督办〔2026〕3号 2026-12-04");
        assert_eq!(r.to_string().parse::<NoticeRef>(), Ok(r));
        assert_eq!(r.reply_by_zh(), "12月4日");
        for bad in [
            "",
            "督办〔2026〕3号",
            "督办〔2026〕03号 2026-12-04",
            "督办〔26〕3号 2026-12-04",
            "督办〔2026〕3号  2026-12-04",
            "督办〔2026〕3号 2026-13-04",
            "督办〔2026〕0号 2026-12-04",
            "督办[2026]3号 2026-12-04",
        ] {
            assert!(bad.parse::<NoticeRef>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serials_are_named_as_runs_with_the_year_once() {
        let refs = |v: &[(i32, u32)]| {
            v.iter()
                .map(|&(year, number)| NoticeRef {
                    year,
                    number,
                    reply_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
                })
                .collect::<Vec<_>>()
        };
        use super::super::Lang::{En, Zh};
        for (given, lang, want) in [
            (&[][..], Zh, ""),
            (&[(2026, 3)][..], Zh, "督办〔2026〕3号"),
            (
                &[(2026, 5), (2026, 3), (2026, 4)][..],
                Zh,
                "督办〔2026〕3号至5号",
            ),
            (&[(2026, 3), (2026, 5)][..], Zh, "督办〔2026〕3号、5号"),
            (
                &[(2026, 23), (2026, 1), (2026, 2), (2026, 11), (2026, 10)][..],
                Zh,
                "督办〔2026〕1号至2号、10号至11号、23号",
            ),
            (
                &[(2026, 7), (2026, 7), (2026, 8)][..],
                Zh,
                "督办〔2026〕7号至8号",
            ),
            (
                &[(2027, 1), (2026, 30), (2027, 2)][..],
                Zh,
                "督办〔2026〕30号、督办〔2027〕1号至2号",
            ),
            (
                &[(2026, 1), (2026, 2), (2026, 9)][..],
                En,
                "督办〔2026〕1号 to 2号, 9号",
            ),
        ] {
            assert_eq!(serial_runs(refs(given), lang), want, "{given:?}");
        }
    }
}
