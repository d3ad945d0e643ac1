//! Dates and times as Ruby handles them for Liquid: `Time#strftime` with
//! Ruby's flags (`%-d`, `%e`, `%^b`, `%:z`...) and `Liquid::Utils.to_date`
//! (strings through `crate::ruby_time`, the port of `Time.parse`).

use std::fmt::Write;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};

use super::value::Value;
use crate::ruby_time::OffsetFn;

const MONTHS: [&str; 12] = [
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
const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

fn utc() -> FixedOffset {
    // offset 0 is always valid; the fallback is the same zero offset
    FixedOffset::east_opt(0).unwrap_or_else(|| DateTime::<FixedOffset>::default().timezone())
}

/// Midnight of a date, in UTC.
pub fn date_to_time(d: NaiveDate) -> DateTime<FixedOffset> {
    let naive = d.and_time(NaiveTime::MIN);
    utc().from_utc_datetime(&naive)
}

/// The site's local zone: the UTC offset in effect at a UTC instant
/// (Ruby's local time, i.e. Jekyll's `timezone` setting).
pub type LocalZone<'a> = &'a dyn Fn(NaiveDateTime) -> FixedOffset;

/// A UTC instant shown in the local zone (Ruby's `Time#localtime`).
pub fn to_local(t: DateTime<FixedOffset>, local: LocalZone<'_>) -> DateTime<FixedOffset> {
    t.with_timezone(&local(t.naive_utc()))
}

/// A wall-clock time in the local zone (Ruby's `Time.local`: in a gap the
/// offset before it, in an overlap the later instant).
pub fn local_time(naive: NaiveDateTime, local: LocalZone<'_>) -> Option<DateTime<FixedOffset>> {
    crate::ruby_time::civil::local_instant(naive, &OffsetFn(local))
}

/// `Liquid::Utils.to_date`: a time for `v`, or `None` (the filter then returns its input).
/// Strings without a zone and Unix times are local, as Ruby's `Time.parse`/`Time.at`.
pub fn to_time(
    v: &Value,
    now: impl FnOnce() -> DateTime<FixedOffset>,
    local: LocalZone<'_>,
) -> Option<DateTime<FixedOffset>> {
    match v {
        Value::Time(t) => Some(*t),
        Value::Date(d) => Some(date_to_time(*d)),
        Value::Int(i) => DateTime::from_timestamp(*i, 0).map(|t| to_local(t.fixed_offset(), local)),
        Value::Float(f) => {
            DateTime::from_timestamp(f.floor() as i64, ((f - f.floor()) * 1e9) as u32)
                .map(|t| to_local(t.fixed_offset(), local))
        }
        Value::Str(s) => {
            if s.is_empty() {
                return None;
            }
            // `to_date` downcases the string, then: "now"/"today", a Unix
            // time, else `Time.parse` (an ArgumentError is nil)
            let l = s.to_lowercase();
            if l == "now" || l == "today" {
                return Some(now());
            }
            if l.bytes().all(|c| c.is_ascii_digit()) {
                return l
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| DateTime::from_timestamp(i, 0))
                    .map(|t| to_local(t.fixed_offset(), local));
            }
            crate::ruby_time::time_parse(&l, now(), &OffsetFn(local)).ok()
        }
        _ => None,
    }
}

/// Jekyll's `time(input)` for its date filters: `to_date`, then `to_time.localtime`
/// (a Date is local midnight; a Time is shown in the local zone).
pub fn jekyll_time(
    v: &Value,
    now: impl FnOnce() -> DateTime<FixedOffset>,
    local: LocalZone<'_>,
) -> Option<DateTime<FixedOffset>> {
    match v {
        Value::Date(d) => local_time(d.and_time(NaiveTime::MIN), local),
        _ => to_time(v, now, local).map(|t| to_local(t, local)),
    }
}

fn pad(out: &mut String, v: i64, width: usize, padc: char, flag_no_pad: bool) {
    if flag_no_pad {
        let _ = write!(out, "{v}");
    } else if padc == ' ' {
        let _ = write!(out, "{v:>width$}");
    } else if v < 0 {
        let _ = write!(out, "-{:0>w$}", -v, w = width.saturating_sub(1));
    } else {
        let _ = write!(out, "{v:0>width$}");
    }
}

fn apply_case(s: &str, upper: bool, swap: bool) -> String {
    if upper {
        s.to_uppercase()
    } else if swap {
        if s.chars().any(|c| c.is_lowercase()) {
            s.to_uppercase()
        } else {
            s.to_lowercase()
        }
    } else {
        s.to_string()
    }
}

fn offset_str(secs: i32, colons: usize, no_pad: bool) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.abs();
    let (h, m, s) = (a / 3600, (a % 3600) / 60, a % 60);
    let hs = if no_pad {
        format!("{h}")
    } else {
        format!("{h:02}")
    };
    match colons {
        0 => format!("{sign}{hs}{m:02}"),
        1 => format!("{sign}{hs}:{m:02}"),
        _ => format!("{sign}{hs}:{m:02}:{s:02}"),
    }
}

/// Ruby's `Time#strftime`.
pub fn strftime(t: &DateTime<FixedOffset>, fmt: &str) -> String {
    let mut out = String::with_capacity(fmt.len() + 16);
    if !fmt.contains('%') {
        out.push_str(fmt);
        return out;
    }
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' || i + 1 >= chars.len() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let (mut no_pad, mut space, mut zero, mut upper, mut swap) =
            (false, false, false, false, false);
        while i < chars.len() && matches!(chars[i], '-' | '_' | '0' | '^' | '#') {
            match chars[i] {
                '-' => no_pad = true,
                '_' => space = true,
                '0' => zero = true,
                '^' => upper = true,
                _ => swap = true,
            }
            i += 1;
        }
        let mut width: Option<usize> = None;
        while i < chars.len() && chars[i].is_ascii_digit() {
            width = Some(width.unwrap_or(0) * 10 + chars[i].to_digit(10).unwrap_or(0) as usize);
            i += 1;
        }
        let mut colons = 0;
        while i < chars.len() && chars[i] == ':' {
            colons += 1;
            i += 1;
        }
        if i >= chars.len() {
            out.extend(&chars[start..]);
            break;
        }
        let conv = chars[i];
        i += 1;
        let num = |out: &mut String, v: i64, w: usize, dflt_pad: char| {
            let padc = if space {
                ' '
            } else if zero {
                '0'
            } else {
                dflt_pad
            };
            pad(out, v, width.unwrap_or(w), padc, no_pad);
        };
        let text = |out: &mut String, s: &str| {
            let s = apply_case(s, upper, swap);
            match width {
                Some(w) if !no_pad && s.chars().count() < w => {
                    let padc = if zero { '0' } else { ' ' };
                    out.extend(std::iter::repeat_n(padc, w - s.chars().count()));
                    out.push_str(&s);
                }
                _ => out.push_str(&s),
            }
        };
        match conv {
            // at least 4 digits, after the sign of a negative year (`0201`, `-0005`)
            'Y' => {
                let y = t.year() as i64;
                num(&mut out, y, if y < 0 { 5 } else { 4 }, '0');
            }
            'C' => num(&mut out, t.year().div_euclid(100) as i64, 2, '0'),
            'y' => num(&mut out, t.year().rem_euclid(100) as i64, 2, '0'),
            'm' => num(&mut out, t.month() as i64, 2, '0'),
            'd' => num(&mut out, t.day() as i64, 2, '0'),
            'e' => num(&mut out, t.day() as i64, 2, ' '),
            'j' => num(&mut out, t.ordinal() as i64, 3, '0'),
            'H' => num(&mut out, t.hour() as i64, 2, '0'),
            'k' => num(&mut out, t.hour() as i64, 2, ' '),
            'I' => num(&mut out, ((t.hour() + 11) % 12 + 1) as i64, 2, '0'),
            'l' => num(&mut out, ((t.hour() + 11) % 12 + 1) as i64, 2, ' '),
            'M' => num(&mut out, t.minute() as i64, 2, '0'),
            'S' => num(&mut out, t.second() as i64, 2, '0'),
            'L' | 'N' => {
                let w = width.unwrap_or(if conv == 'L' { 3 } else { 9 });
                let ns = format!("{:09}", t.nanosecond() % 1_000_000_000);
                let s: String = ns.chars().chain(std::iter::repeat('0')).take(w).collect();
                out.push_str(&s);
            }
            'B' => text(&mut out, MONTHS[t.month0() as usize]),
            'b' | 'h' => text(&mut out, &MONTHS[t.month0() as usize][..3]),
            'A' => text(&mut out, DAYS[t.weekday().num_days_from_sunday() as usize]),
            'a' => text(
                &mut out,
                &DAYS[t.weekday().num_days_from_sunday() as usize][..3],
            ),
            'p' => {
                let s = if t.hour() < 12 { "AM" } else { "PM" };
                if swap {
                    text(&mut out, &s.to_lowercase());
                } else {
                    text(&mut out, s);
                }
            }
            'P' => text(&mut out, if t.hour() < 12 { "am" } else { "pm" }),
            'u' => num(&mut out, t.weekday().number_from_monday() as i64, 1, '0'),
            'w' => num(&mut out, t.weekday().num_days_from_sunday() as i64, 1, '0'),
            'U' => {
                let wd = t.weekday().num_days_from_sunday() as i64;
                num(&mut out, (t.ordinal0() as i64 + 7 - wd) / 7, 2, '0')
            }
            'W' => {
                let wd = t.weekday().num_days_from_monday() as i64;
                num(&mut out, (t.ordinal0() as i64 + 7 - wd) / 7, 2, '0')
            }
            'G' => {
                let y = t.iso_week().year() as i64;
                num(&mut out, y, if y < 0 { 5 } else { 4 }, '0');
            }
            'g' => num(&mut out, t.iso_week().year().rem_euclid(100) as i64, 2, '0'),
            'V' => num(&mut out, t.iso_week().week() as i64, 2, '0'),
            'z' => {
                let s = offset_str(t.offset().local_minus_utc(), colons, no_pad);
                out.push_str(&s);
            }
            'Z' => {
                let s = if t.offset().local_minus_utc() == 0 {
                    "UTC".to_string()
                } else {
                    String::new()
                };
                text(&mut out, &s);
            }
            's' => {
                let _ = write!(out, "{}", t.timestamp());
            }
            'n' => out.push('\n'),
            't' => out.push('\t'),
            '%' => out.push('%'),
            'c' => text(&mut out, &strftime(t, "%a %b %e %H:%M:%S %Y")),
            'D' | 'x' => text(&mut out, &strftime(t, "%m/%d/%y")),
            'F' => text(&mut out, &strftime(t, "%Y-%m-%d")),
            'T' | 'X' => text(&mut out, &strftime(t, "%H:%M:%S")),
            'R' => text(&mut out, &strftime(t, "%H:%M")),
            'r' => text(&mut out, &strftime(t, "%I:%M:%S %p")),
            'v' => text(&mut out, &strftime(t, "%e-%^b-%4Y")),
            _ => out.extend(&chars[start..i]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("an RFC 3339 time")
    }

    #[test]
    fn strftime_ruby_flags() {
        let t = at("2024-03-05T07:08:09+01:00");
        assert_eq!(
            strftime(&t, "%-d %e %b %B %Y %:z %z %-m %I%p %^a %j"),
            "5  5 Mar March 2024 +01:00 +0100 3 07AM TUE 065"
        );
    }

    /// Ruby 3.1: `Time.utc(y, 3, 4).strftime(...)`.
    #[test]
    fn strftime_years_as_ruby() {
        let fmt = "%Y|%5Y|%-Y|%_Y|%C|%y|%G|%g|%v|%+";
        for (y, want) in [
            (
                -12345,
                "-12345|-12345|-12345|-12345|-124|55|-12345|55| 4-MAR--12345|%+",
            ),
            (-5, "-0005|-0005|-5|   -5|-1|95|-0005|95| 4-MAR--005|%+"),
            (0, "0000|00000|0|   0|00|00|0000|00| 4-MAR-0000|%+"),
            (201, "0201|00201|201| 201|02|01|0201|01| 4-MAR-0201|%+"),
            (
                12345,
                "12345|12345|12345|12345|123|45|12345|45| 4-MAR-12345|%+",
            ),
        ] {
            let t = NaiveDate::from_ymd_opt(y, 3, 4).expect("a date");
            assert_eq!(strftime(&date_to_time(t), fmt), want, "{y}");
        }
    }

    /// `{{ "201-02-01" | date: "%B, %Y" }}` (wide-ovalery16-2018): Ruby's
    /// `Time.parse` reads a three-digit year.
    #[test]
    fn strings_through_time_parse() {
        let now = || at("2026-01-01T00:00:00Z");
        let utc = |_: NaiveDateTime| utc();
        let t = to_time(&Value::str("201-02-01"), now, &utc).expect("a time");
        assert_eq!(strftime(&t, "%B, %Y"), "February, 0201");
        let t = to_time(&Value::str("202O-06-21"), now, &utc).expect("a time");
        assert_eq!(strftime(&t, "%F"), "2026-07-21");
        let t = to_time(&Value::str("January 2, 2006 10:00 PM EST"), now, &utc);
        assert_eq!(t, Some(at("2006-01-02T22:00:00-05:00")));
        assert_eq!(to_time(&Value::str("not a date"), now, &utc), None);
        assert_eq!(to_time(&Value::str("Today"), now, &utc), Some(now()));
    }
}
