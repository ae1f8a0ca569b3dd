//! Dates in Chinese text: in prose, and in Chinese numerals as an official document dates
//! itself.
//!
//! Prose (a sentence of the 通报, a notice, the week's news) writes a date in Arabic digits,
//! `2026年11月25日`, or `11月25日` where the sentence gives the year: [`prose_date`] and
//! [`prose_day`], the one rule for every such date. Only the 成文日期, the date line under the
//! issuing office, is in Chinese numerals ([`chinese_date`]): GB/T 9704-2012 §7.3.5.3 wants
//! the year, month and day in full, the year digit by digit with 〇 for zero (二〇二六年),
//! the month and day as numbers are read (十一月, 三十日), never abbreviated.

use chrono::{Datelike, NaiveDate};

const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// A number from 1 to 31 as it is read: 一, 十, 十一, 二十, 二十一, 三十一.
fn read_out(n: u32) -> String {
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push(DIGITS[tens as usize]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push(DIGITS[ones as usize]);
    }
    s
}

/// A date as Chinese prose writes it: `2026年11月25日` (no leading zeros). Every date in a
/// sentence of the 通报 or a notice (截至…, 限…前反馈, a deadline) is this or [`prose_day`];
/// never `2026-11-25`, and never Chinese numerals, which are the 成文日期's alone.
pub fn prose_date(d: NaiveDate) -> String {
    format!("{}年{}", d.year(), prose_day(d))
}

/// A day as Chinese prose writes it where the year is known from the sentence (a week's
/// dates, a change's day, a reply-by date in the year of issue): `11月25日`.
pub fn prose_day(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// A day in the prose of a document of `year`: [`prose_day`] in that year, [`prose_date`]
/// (with its year) in any other, so that `11月12日` in a 2027 通报 is never read as 2027's
/// (17j #7).
pub fn prose_day_in(d: NaiveDate, year: i32) -> String {
    if d.year() == year {
        prose_day(d)
    } else {
        prose_date(d)
    }
}

/// The 成文日期 under the issuing office: `2026-11-30` as `二〇二六年十一月三十日` (the year
/// digit by digit; month and day read out). Prose dates are [`prose_date`]'s.
pub fn chinese_date(d: NaiveDate) -> String {
    let year: String = d
        .year()
        .to_string()
        .chars()
        .filter_map(|c| c.to_digit(10).map(|v| DIGITS[v as usize]))
        .collect();
    format!("{year}年{}月{}日", read_out(d.month()), read_out(d.day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_of_another_year_carries_its_year() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(prose_day_in(d("2026-11-12"), 2026), "11月12日");
        assert_eq!(prose_day_in(d("2026-11-12"), 2027), "2026年11月12日");
    }

    #[test]
    fn prose_dates_are_in_digits_without_leading_zeros() {
        for (ymd, date, day) in [
            ("2026-11-25", "2026年11月25日", "11月25日"),
            ("2026-01-05", "2026年1月5日", "1月5日"),
            ("1000-12-31", "1000年12月31日", "12月31日"),
        ] {
            let d = NaiveDate::parse_from_str(ymd, "%Y-%m-%d").unwrap();
            assert_eq!((prose_date(d), prose_day(d)), (date.into(), day.into()));
        }
    }

    #[test]
    fn dates_in_chinese_numerals() {
        let cases = [
            ("2026-11-30", "二〇二六年十一月三十日"),
            ("2026-01-01", "二〇二六年一月一日"),
            ("2020-10-10", "二〇二〇年十月十日"),
            ("2000-02-29", "二〇〇〇年二月二十九日"),
            ("2019-12-31", "二〇一九年十二月三十一日"),
            ("2031-03-11", "二〇三一年三月十一日"),
            ("2026-06-20", "二〇二六年六月二十日"),
            ("2026-07-19", "二〇二六年七月十九日"),
            ("1000-05-05", "一〇〇〇年五月五日"),
            ("9999-12-21", "九九九九年十二月二十一日"),
        ];
        for (ymd, want) in cases {
            let d = NaiveDate::parse_from_str(ymd, "%Y-%m-%d").unwrap();
            assert_eq!(chinese_date(d), want, "{ymd}");
        }
    }

    #[test]
    fn every_day_of_a_leap_year_reads_back() {
        // Read back through the digits: each written date names its own day, never another.
        let mut seen = std::collections::HashSet::new();
        let mut d = NaiveDate::from_ymd_opt(2028, 1, 1).unwrap();
        while d.year() == 2028 {
            let s = chinese_date(d);
            assert!(!s.chars().any(|c| c.is_ascii_digit()), "{s}");
            assert!(seen.insert(s), "{d} written like another day");
            d = d.succ_opt().unwrap();
        }
        assert_eq!(seen.len(), 366);
    }
}
