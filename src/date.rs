//! Calendar dates without a clock: callers pass `now` (unix seconds) and the shop's UTC offset.
//!
//! Due dates are whole days in the shop's time zone, so a date is a count of days since
//! 1970-01-01 (proleptic Gregorian). Conversions use Howard Hinnant's days-from-civil algorithm.

use core::fmt;

/// A calendar date as days since 1970-01-01.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

impl Date {
    /// 1970-01-01.
    pub const EPOCH: Date = Date(0);
}

/// Dates outside 1970-01-01 ..= 9999-12-31 are input errors (keeps every sum far from overflow).
const MIN_DAYS: i32 = 0;
const MAX_DAYS: i32 = 2_932_896; // 9999-12-31

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

impl Date {
    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        // Digits read from the bytes: slicing the `str` would link the char-boundary panic and
        // its `Debug` escaping (~4 KB of the storefront wasm).
        let num = |r: core::ops::Range<usize>| -> Option<u32> { b[r].iter().try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))) };
        let (y, m, d) = (num(0..4)? as i64, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        Date::from_days(days_from_civil(y, m, d))
    }
    /// The date `days` after 1970-01-01 (None outside 1970-01-01 ..= 9999-12-31).
    pub fn from_days(days: i64) -> Option<Date> {
        if (MIN_DAYS as i64..=MAX_DAYS as i64).contains(&days) {
            Some(Date(days as i32))
        } else {
            None
        }
    }
    /// The shop-local date of a unix timestamp.
    pub fn from_unix_s(ts: i64, utc_offset_s: i32) -> Option<Date> {
        let local = ts.checked_add(utc_offset_s as i64)?;
        Date::from_days(local.div_euclid(86_400))
    }
    pub fn days(&self) -> i32 {
        self.0
    }
    pub fn year(&self) -> i64 {
        civil_from_days(i64::from(self.0)).0
    }
    /// The ISO 8601 week `(year, week)`: weeks start on Monday; week 1 holds the year's first Thursday.
    pub fn iso_week(&self) -> (i64, u32) {
        let days = i64::from(self.0);
        // 1970-01-01 was a Thursday: weekday 0 = Monday.
        let thursday = days - (days + 3).rem_euclid(7) + 3;
        let year = civil_from_days(thursday).0;
        let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
        (year, week as u32)
    }
    pub fn add_days(&self, n: i64) -> Option<Date> {
        Date::from_days(self.0 as i64 + n)
    }
    /// `other - self` in days (positive when `other` is later).
    pub fn days_until(&self, other: Date) -> i64 {
        other.0 as i64 - self.0 as i64
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = civil_from_days(self.0 as i64);
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn parses_and_formats_round_trip() {
        for s in ["1970-01-01", "2024-02-29", "2026-11-22", "9999-12-31", "2000-03-01"] {
            assert_eq!(Date::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().days(), 0);
        for bad in ["2023-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01", "1969-12-31", "2026-01-32", "2026/01/01", "+026-01-01"] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn adds_days_across_months_and_leap_years() {
        let d = Date::parse("2024-01-31").unwrap();
        assert_eq!(d.add_days(30).unwrap().to_string(), "2024-03-01");
        assert_eq!(Date::parse("2026-12-15").unwrap().add_days(30).unwrap().to_string(), "2027-01-14");
        assert_eq!(d.days_until(Date::parse("2024-03-01").unwrap()), 30);
        assert!(Date::parse("9999-12-31").unwrap().add_days(1).is_none());
    }

    #[test]
    fn iso_weeks_start_on_monday_and_belong_to_the_year_of_their_thursday() {
        for (day, week) in [
            ("1970-01-01", (1970, 1)),
            ("2026-11-22", (2026, 47)),
            ("2026-11-23", (2026, 48)),
            ("2021-01-03", (2020, 53)),
            ("2021-01-04", (2021, 1)),
            ("2024-12-30", (2025, 1)),
            ("2026-12-31", (2026, 53)),
            ("9999-12-31", (9999, 52)),
        ] {
            assert_eq!(Date::parse(day).unwrap().iso_week(), week, "{day}");
        }
        assert_eq!(Date::parse("2026-11-22").unwrap().year(), 2026);
    }

    #[test]
    fn local_date_of_a_timestamp_uses_the_shop_offset() {
        // 2026-11-22T23:30:00Z is already the 23rd in Paris (UTC+1).
        let ts = 1_795_390_200;
        assert_eq!(Date::from_unix_s(ts, 0).unwrap().to_string(), "2026-11-22");
        assert_eq!(Date::from_unix_s(ts, 3600).unwrap().to_string(), "2026-11-23");
        assert!(Date::from_unix_s(-1, 0).is_none());
    }

    #[test]
    fn civil_conversion_agrees_over_many_days() {
        for days in (0..MAX_DAYS).step_by(997) {
            let d = Date(days);
            assert_eq!(Date::parse(&d.to_string()), Some(d));
        }
    }
}
