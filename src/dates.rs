//! Calendar dates, the one place lfc reads, checks or counts them: the
//! `--today` reference date, runtime lifecycle dates and `at(…)` schedules.
//! Dates are proleptic Gregorian, so 29 February exists in leap years only
//! and 31 February never.
//!
//! Must not: know about time zones (an `at(…)` time is local to its
//! schedule's zone) or read anything but the system clock in [`today_utc`].

use std::fmt;

/// Names of the months, January first.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day of the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// The year, such as 2027.
    pub year: i64,
    /// 1 to 12.
    pub month: u32,
    /// 1 to the length of the month.
    pub day: u32,
}

/// A local date and time, `YYYY-MM-DDThh:mm:ss`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    /// The day.
    pub date: Date,
    /// 0 to 23.
    pub hour: u32,
    /// 0 to 59.
    pub minute: u32,
    /// 0 to 59.
    pub second: u32,
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form asked for, or a month, day or time out of its range.
    Malformed,
    /// A day of 1 to 31 that the month does not have (31 April, 29 February 2027).
    NoSuchDay {
        /// The year written.
        year: i64,
        /// The month written, 1 to 12.
        month: u32,
        /// The last day of that month.
        last: u32,
    },
}

impl DateError {
    /// "February 2027 has 28 days", for [`DateError::NoSuchDay`].
    pub fn month_length(self) -> Option<String> {
        match self {
            DateError::Malformed => None,
            DateError::NoSuchDay { year, month, last } => {
                let name = (month as usize)
                    .checked_sub(1)
                    .and_then(|i| MONTH_NAMES.get(i))
                    .copied()
                    .unwrap_or("the month");
                Some(format!("{name} {year} has {last} days"))
            }
        }
    }
}

/// Whether `year` has a 29 February.
pub fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1 to 12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// The digits of `text`, which must be exactly `width` ASCII digits.
fn digits(text: &str, width: usize) -> Result<u32, DateError> {
    if text.len() == width && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().map_err(|_| DateError::Malformed)
    } else {
        Err(DateError::Malformed)
    }
}

impl Date {
    /// The date, if `month` and `day` exist in `year`.
    pub fn new(year: i64, month: u32, day: u32) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return Err(DateError::Malformed);
        }
        let last = days_in_month(year, month);
        if day > last {
            return Err(DateError::NoSuchDay { year, month, last });
        }
        Ok(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let mut parts = text.split('-');
        let (Some(y), Some(m), Some(d), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(DateError::Malformed);
        };
        Date::new(i64::from(digits(y, 4)?), digits(m, 2)?, digits(d, 2)?)
    }

    /// Days since 1970-01-01, negative before it.
    pub fn day_number(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = if m <= 2 { self.year - 1 } else { self.year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_day_number(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        Date {
            year: yoe + era * 400 + i64::from(m <= 2),
            // Both are within 1..=12 and 1..=31 by construction.
            month: u32::try_from(m).unwrap_or(1),
            day: u32::try_from(d).unwrap_or(1),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl DateTime {
    /// Reads `YYYY-MM-DDThh:mm:ss`.
    pub fn parse(text: &str) -> Result<DateTime, DateError> {
        let (date, time) = text.split_once('T').ok_or(DateError::Malformed)?;
        let mut parts = time.split(':');
        let (Some(h), Some(m), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(DateError::Malformed);
        };
        let (hour, minute, second) = (digits(h, 2)?, digits(m, 2)?, digits(s, 2)?);
        // The time is checked before the day, so a malformed text is never
        // reported as a day the month lacks.
        if hour > 23 || minute > 59 || second > 59 {
            return Err(DateError::Malformed);
        }
        Ok(DateTime {
            date: Date::parse(date)?,
            hour,
            minute,
            second,
        })
    }
}

/// Days from `a` to `b`, negative when `b` is earlier.
pub fn days_between(a: Date, b: Date) -> i64 {
    b.day_number() - a.day_number()
}

/// Today's date in UTC.
pub fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_day_number(i64::try_from(secs / 86_400).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::{days_between, Date, DateError, DateTime};

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn day_numbers_count_from_the_epoch_and_round_trip() {
        assert_eq!(date("1970-01-01").day_number(), 0);
        assert_eq!(days_between(date("2026-10-31"), date("2026-11-27")), 27);
        assert_eq!(days_between(date("2027-01-30"), date("2027-04-30")), 90);
        assert_eq!(days_between(date("2028-02-28"), date("2028-03-01")), 2);
        for d in ["1970-01-01", "2000-02-29", "2026-11-27", "2099-12-31", "1969-12-31"] {
            assert_eq!(Date::from_day_number(date(d).day_number()).to_string(), d);
        }
    }

    #[test]
    fn only_days_of_the_calendar_parse() {
        for ok in ["2024-02-29", "2000-02-29", "2027-04-30", "2027-12-31"] {
            assert!(Date::parse(ok).is_ok(), "{ok}");
        }
        for (bad, last) in [
            ("2027-02-29", 28),
            ("1900-02-29", 28),
            ("2027-02-31", 28),
            ("2027-04-31", 30),
        ] {
            assert!(
                matches!(Date::parse(bad), Err(DateError::NoSuchDay { last: l, .. }) if l == last),
                "{bad}"
            );
        }
        for bad in [
            "2027-13-01",
            "2027-00-10",
            "2027-01-00",
            "2027-01-32",
            "27-01-01",
            "2027-1-01",
            "2027/01/01",
            "",
        ] {
            assert_eq!(Date::parse(bad), Err(DateError::Malformed), "{bad}");
        }
        assert_eq!(
            Date::parse("2027-02-31").unwrap_err().month_length().as_deref(),
            Some("February 2027 has 28 days")
        );
    }

    #[test]
    fn date_times_need_a_real_day_and_time() {
        assert!(DateTime::parse("2027-01-01T00:00:00").is_ok());
        assert!(DateTime::parse("2028-02-29T23:59:59").is_ok());
        assert!(matches!(
            DateTime::parse("2027-02-31T10:00:00"),
            Err(DateError::NoSuchDay { .. })
        ));
        for bad in [
            "2027-01-01 00:00:00",
            "2027-01-01T24:00:00",
            "2027-01-01T10:60:00",
            "2027-01-01T10:00",
            "2027-02-31T25:00:00",
        ] {
            assert_eq!(DateTime::parse(bad), Err(DateError::Malformed), "{bad}");
        }
    }
}
