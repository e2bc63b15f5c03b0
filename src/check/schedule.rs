//! Schedule expressions: `rate(…)`, `cron(…)` and `at(…)`, as EventBridge
//! and EventBridge Scheduler accept them (per the EventBridge Scheduler schedule-types reference),
//! and time zones (LF0403), for functions and workflows alike.
//!
//! Must not: resolve names or emit; how a schedule is emitted (rule or
//! scheduler) is `emit`'s business.

use crate::dates::{DateError, DateTime};
use crate::diagnostics::{Code, Diagnostic, Diagnostics};
use crate::model::Spanned;

/// Why an expression is wrong, in words, with a suggested fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

fn err(message: impl Into<String>, help: impl Into<String>) -> ScheduleError {
    ScheduleError {
        message: message.into(),
        help: help.into(),
    }
}

/// LF0403: the expression and time zone of a schedule (function or workflow).
pub(super) fn rules(expression: &Spanned<String>, timezone: Option<&Spanned<String>>, diags: &mut Diagnostics) {
    if let Err(e) = validate(&expression.value) {
        diags.push(Diagnostic::error(Code::BadSchedule, expression.span, e.message).with_help(e.help));
    }
    if let Some(tz) = timezone {
        let ok = tz.value == "UTC"
            || (tz.value.contains('/')
                && tz
                    .value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/_-+".contains(c)));
        if !ok {
            diags.push(
                Diagnostic::error(
                    Code::BadSchedule,
                    tz.span,
                    format!("`{}` is not an IANA time zone", tz.value),
                )
                .with_help("write a zone such as \"Europe/Berlin\" or \"America/New_York\""),
            );
        }
    }
}

/// Checks an expression.
pub fn validate(expr: &str) -> Result<(), ScheduleError> {
    let expr = expr.trim();
    if let Some(body) = expr.strip_prefix("rate(").and_then(|s| s.strip_suffix(')')) {
        return rate(body);
    }
    if let Some(body) = expr.strip_prefix("cron(").and_then(|s| s.strip_suffix(')')) {
        return cron(body);
    }
    if let Some(body) = expr.strip_prefix("at(").and_then(|s| s.strip_suffix(')')) {
        return at(body);
    }
    Err(err(
        format!("`{expr}` is not a schedule expression"),
        "write `rate(5 minutes)`, `cron(0 12 * * ? *)` or `at(2027-01-01T00:00:00)`",
    ))
}

fn rate(body: &str) -> Result<(), ScheduleError> {
    let mut parts = body.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(err(
            format!("`rate({body})` needs a number and a unit"),
            "write `rate(5 minutes)`",
        ));
    };
    let n: u64 = n.parse().map_err(|_| {
        err(
            format!("`{n}` is not a whole number"),
            "write a whole number of at least 1",
        )
    })?;
    if n == 0 {
        return Err(err("a rate must be at least 1", "write `rate(1 minute)` or more"));
    }
    let (singular, plural) = match unit {
        "minute" | "minutes" => ("minute", "minutes"),
        "hour" | "hours" => ("hour", "hours"),
        "day" | "days" => ("day", "days"),
        other => {
            return Err(err(
                format!("`{other}` is not a rate unit"),
                "the units are minute(s), hour(s) and day(s)",
            ))
        }
    };
    let want = if n == 1 { singular } else { plural };
    if unit != want {
        return Err(err(
            format!(
                "`rate({n} {unit})` needs the {} unit `{want}`",
                if n == 1 { "singular" } else { "plural" }
            ),
            format!("write `rate({n} {want})`"),
        ));
    }
    Ok(())
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    extra: &'static str,
}

const FIELDS: [Field; 6] = [
    Field {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
        extra: "",
    },
    Field {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
        extra: "",
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
        extra: "?LW",
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: &MONTHS,
        extra: "",
    },
    Field {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: &DAYS,
        extra: "?L#",
    },
    Field {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
        extra: "",
    },
];

fn cron(body: &str) -> Result<(), ScheduleError> {
    let fields: Vec<&str> = body.split_whitespace().collect();
    if fields.len() != 6 {
        return Err(err(
            format!("`cron({body})` has {} fields; EventBridge cron has 6", fields.len()),
            "write minutes hours day-of-month month day-of-week year, e.g. `cron(0 12 * * ? *)`",
        ));
    }
    for (value, field) in fields.iter().zip(FIELDS.iter()) {
        cron_field(value, field)?;
    }
    let (dom, dow) = (fields[2], fields[4]);
    if (dom == "?") == (dow == "?") {
        return Err(err(
            "exactly one of day-of-month and day-of-week must be `?`",
            if dom == "?" {
                "set one of them, e.g. `cron(0 12 * * ? *)`"
            } else {
                "replace one of them with `?`, e.g. `cron(0 12 * * ? *)` or `cron(0 12 ? * MON-FRI *)`"
            },
        ));
    }
    Ok(())
}

/// The error for `value` in field `f`, saying `why`.
fn field_error(value: &str, f: &Field, why: String) -> ScheduleError {
    err(
        format!("`{value}` is not a valid {} field: {why}", f.name),
        format!(
            "{} takes {}–{}{}",
            f.name,
            f.min,
            f.max,
            if f.names.is_empty() {
                String::new()
            } else {
                format!(" or {}–{}", f.names[0], f.names[f.names.len() - 1])
            }
        ),
    )
}

/// One number (or month or day name) `s` of field `f`, written in `value`.
fn field_number(value: &str, s: &str, f: &Field) -> Result<u32, ScheduleError> {
    let n = s
        .parse::<u32>()
        .ok()
        .or_else(|| {
            f.names
                .iter()
                .position(|m| m.eq_ignore_ascii_case(s))
                .map(|i| f.min + i as u32)
        })
        .ok_or_else(|| field_error(value, f, format!("`{s}` is not a number")))?;
    if n < f.min || n > f.max {
        return Err(field_error(value, f, format!("{n} is out of range")));
    }
    Ok(n)
}

fn cron_field(value: &str, f: &Field) -> Result<(), ScheduleError> {
    if value == "*" {
        return Ok(());
    }
    if value == "?" {
        return if f.extra.contains('?') {
            Ok(())
        } else {
            Err(field_error(
                value,
                f,
                "`?` is only for day-of-month and day-of-week".into(),
            ))
        };
    }
    value.split(',').try_for_each(|item| cron_item(value, item, f))
}

/// One comma-separated item of field `f`: `L`, `W` and `#` forms where the
/// field has them, else a number, a range, or either with a step.
fn cron_item(value: &str, item: &str, f: &Field) -> Result<(), ScheduleError> {
    let number = |s: &str| field_number(value, s, f);
    if f.extra.contains('L')
        && (item == "L" || (f.name == "day-of-week" && item.ends_with('L') && number(&item[..item.len() - 1]).is_ok()))
    {
        return Ok(());
    }
    if f.extra.contains('W') && (item == "LW" || item.strip_suffix('W').is_some_and(|d| number(d).is_ok())) {
        return Ok(());
    }
    if f.extra.contains('#') {
        if let Some((d, nth)) = item.split_once('#') {
            number(d)?;
            if !matches!(nth, "1" | "2" | "3" | "4" | "5") {
                return Err(field_error(value, f, format!("`#{nth}` must be #1 to #5")));
            }
            return Ok(());
        }
    }
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => (r, Some(s)),
        None => (item, None),
    };
    if let Some(s) = step {
        let s: u32 = s
            .parse()
            .map_err(|_| field_error(value, f, format!("`{s}` is not a step")))?;
        if s == 0 {
            return Err(field_error(value, f, "a step of 0".into()));
        }
    }
    if range == "*" && step.is_some() {
        return Ok(());
    }
    match range.split_once('-') {
        Some((a, b)) => {
            number(a)?;
            number(b)?;
        }
        None => {
            number(range)?;
        }
    }
    Ok(())
}

/// `at(YYYY-MM-DDThh:mm:ss)`: a local time on a day of the calendar.
fn at(body: &str) -> Result<(), ScheduleError> {
    match DateTime::parse(body) {
        Ok(_) => Ok(()),
        Err(e @ DateError::NoSuchDay { year, month, last }) => {
            let time = body.split_once('T').map_or("", |(_, t)| t);
            Err(err(
                format!(
                    "`at({body})` names a day that does not exist: {}",
                    e.month_length().unwrap_or_default()
                ),
                format!("write a day from 1 to {last}, e.g. `at({year:04}-{month:02}-{last:02}T{time})`"),
            ))
        }
        Err(DateError::Malformed) => Err(err(
            format!("`at({body})` is not a date and time"),
            "write `at(YYYY-MM-DDThh:mm:ss)`, e.g. `at(2027-01-01T09:00:00)`",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    #[test]
    fn rates_follow_the_singular_plural_rule() {
        assert!(validate("rate(1 day)").is_ok());
        assert!(validate("rate(5 minutes)").is_ok());
        assert!(validate("rate(1 days)").unwrap_err().help.contains("rate(1 day)"));
        assert!(validate("rate(2 hour)").is_err());
        assert!(validate("rate(0 minutes)").is_err());
        assert!(validate("rate(5 weeks)").is_err());
    }

    #[test]
    fn crons_have_six_fields_and_one_question_mark() {
        for ok in [
            "cron(0 12 * * ? *)",
            "cron(0 7 ? * MON-FRI *)",
            "cron(0/15 * * * ? *)",
            "cron(0 18 L * ? *)",
            "cron(0 9 ? * 2#1 *)",
            "cron(15 10 ? * 6L 2027-2030)",
            "cron(0 8 1W * ? *)",
        ] {
            assert!(validate(ok).is_ok(), "{ok}: {:?}", validate(ok));
        }
        for bad in [
            "cron(0 12 * * *)",
            "cron(0 12 * * * *)",
            "cron(0 12 ? * ? *)",
            "cron(60 12 * * ? *)",
            "cron(0 24 * * ? *)",
            "cron(0 0 32 * ? *)",
            "cron(0 0 ? * 8 *)",
            "cron(0 0 1 13 ? *)",
            "cron(0 0 1 * ? 1969)",
            "cron(0 0 ? * 2#6 *)",
        ] {
            assert!(validate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn at_takes_a_local_date_time() {
        assert!(validate("at(2027-01-01T00:00:00)").is_ok());
        assert!(validate("at(2028-02-29T12:00:00)").is_ok());
        assert!(validate("at(2027-13-01T00:00:00)").is_err());
        let e = validate("at(2027-02-31T10:00:00)").unwrap_err();
        assert!(e.message.contains("February 2027 has 28 days"), "{e:?}");
        assert!(e.help.contains("at(2027-02-28T10:00:00)"), "{e:?}");
        assert!(validate("at(2027-02-29T10:00:00)").is_err());
        assert!(validate("at(2027-01-01 00:00:00)").is_err());
        assert!(validate("every day").is_err());
    }
}
