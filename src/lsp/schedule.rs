//! The next fire times of a schedule expression, for hover: `rate(…)`
//! counted from now, `cron(…)` by walking the calendar, `at(…)` as written.
//! Times are UTC wall-clock (or the trigger's `timezone` wall-clock).
//!
//! Must not: judge an expression. [`crate::check::schedule::validate`] does
//! that; an expression it rejects, or a cron using `L`, `W` or `#`, gets no
//! times here.

use crate::check::schedule::validate;
use crate::dates::{Date, DateTime};

/// Minutes since 1970-01-01T00:00.
type Minute = i64;

/// Up to `n` fire times after `now` (minutes since the epoch), as
/// `YYYY-MM-DD HH:MM` (`rate`: from now; the rule's creation decides).
pub fn next_times(expr: &str, now: Minute, n: usize) -> Option<Vec<String>> {
    validate(expr).ok()?;
    let expr = expr.trim();
    if let Some(body) = expr.strip_prefix("rate(").and_then(|s| s.strip_suffix(')')) {
        let mut parts = body.split_whitespace();
        let count: i64 = parts.next()?.parse().ok()?;
        let unit = match parts.next()?.trim_end_matches('s') {
            "minute" => 1,
            "hour" => 60,
            "day" => 1440,
            _ => return None,
        };
        return Some((1..=n as i64).map(|i| show(now + i * count * unit)).collect());
    }
    if let Some(body) = expr.strip_prefix("at(").and_then(|s| s.strip_suffix(')')) {
        let t = DateTime::parse(body).ok()?;
        return Some(vec![format!("{} {:02}:{:02}", t.date, t.hour, t.minute)]);
    }
    let body = expr.strip_prefix("cron(")?.strip_suffix(')')?;
    cron_times(body, now, n)
}

/// `YYYY-MM-DD HH:MM` of a minute number.
pub fn show(m: Minute) -> String {
    let (day, rest) = (m.div_euclid(1440), m.rem_euclid(1440));
    format!("{} {:02}:{:02}", Date::from_day_number(day), rest / 60, rest % 60)
}

/// The minute number of now.
pub fn now() -> Minute {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs / 60).unwrap_or(0)
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// The values a field allows, `min..=max`, or `None` for `L`/`W`/`#`.
fn field(text: &str, min: u32, max: u32, names: &[&str]) -> Option<Vec<bool>> {
    let mut allowed = vec![false; max as usize + 1];
    let number = |s: &str| -> Option<u32> {
        s.parse().ok().or_else(|| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(s))
                .and_then(|i| u32::try_from(i).ok())
                .map(|i| i + min)
        })
    };
    for item in text.split(',') {
        let (range, step) = match item.split_once('/') {
            Some((r, s)) => (r, s.parse::<u32>().ok().filter(|s| *s > 0)?),
            None => (item, 1),
        };
        let (lo, hi) = match range {
            "*" | "?" => (min, max),
            _ => match range.split_once('-') {
                Some((a, b)) => (number(a)?, number(b)?),
                None if step > 1 => (number(range)?, max),
                None => (number(range)?, number(range)?),
            },
        };
        let mut v = lo;
        while v <= hi.min(max) {
            allowed[v as usize] = true;
            v += step;
        }
    }
    Some(allowed)
}

fn cron_times(body: &str, now: Minute, n: usize) -> Option<Vec<String>> {
    let f: Vec<&str> = body.split_whitespace().collect();
    let minutes = field(f[0], 0, 59, &[])?;
    let hours = field(f[1], 0, 23, &[])?;
    let dom = field(f[2], 1, 31, &[])?;
    let months = field(f[3], 1, 12, &MONTHS)?;
    let dow = field(f[4], 1, 7, &DAYS)?;
    let years = field(f[5], 1970, 2199, &[])?;
    let mut out = Vec::new();
    let first_day = now.div_euclid(1440);
    // Five years is the longest a valid non-`L` expression can wait (29 February).
    for day in first_day..first_day + 5 * 366 {
        let date = Date::from_day_number(day);
        let (y, m, d) = (
            usize::try_from(date.year).unwrap_or(0),
            date.month as usize,
            date.day as usize,
        );
        // 1970-01-01 was a Thursday; AWS numbers Sunday 1.
        let weekday = usize::try_from((day + 4).rem_euclid(7)).unwrap_or(0) + 1;
        let on = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);
        if !(on(&years, y) && on(&months, m) && on(&dom, d) && on(&dow, weekday)) {
            continue;
        }
        for (h, _) in hours.iter().enumerate().filter(|(_, x)| **x) {
            for (mi, _) in minutes.iter().enumerate().filter(|(_, x)| **x) {
                let t = day * 1440 + i64::try_from(h * 60 + mi).unwrap_or(0);
                if t > now {
                    out.push(show(t));
                    if out.len() == n {
                        return Some(out);
                    }
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, hh: i64, mm: i64) -> Minute {
        Date::parse(date).map_or(0, Date::day_number) * 1440 + hh * 60 + mm
    }

    #[test]
    fn crons_walk_the_calendar() {
        let now = at("2026-11-27", 13, 0); // a Friday
        assert_eq!(
            next_times("cron(0 12 * * ? *)", now, 3),
            Some(vec![
                "2026-11-28 12:00".into(),
                "2026-11-29 12:00".into(),
                "2026-11-30 12:00".into()
            ])
        );
        assert_eq!(
            next_times("cron(30 9 ? * MON-FRI *)", now, 3),
            Some(vec![
                "2026-11-30 09:30".into(),
                "2026-12-01 09:30".into(),
                "2026-12-02 09:30".into()
            ])
        );
        assert_eq!(
            next_times("cron(0/20 * * * ? *)", now, 3),
            Some(vec![
                "2026-11-27 13:20".into(),
                "2026-11-27 13:40".into(),
                "2026-11-27 14:00".into()
            ])
        );
        assert_eq!(next_times("cron(0 18 L * ? *)", now, 3), None);
        assert_eq!(next_times("cron(0 12 * *)", now, 3), None);
    }

    #[test]
    fn rates_count_from_now_and_at_is_one_time() {
        let now = at("2026-11-27", 23, 55);
        assert_eq!(
            next_times("rate(5 minutes)", now, 3),
            Some(vec![
                "2026-11-28 00:00".into(),
                "2026-11-28 00:05".into(),
                "2026-11-28 00:10".into()
            ])
        );
        assert_eq!(
            next_times("at(2027-01-01T09:00:00)", now, 3),
            Some(vec!["2027-01-01 09:00".into()])
        );
    }
}
