//! Dates and times as Ruby handles them for Liquid: `Time#strftime` with
//! Ruby's flags (`%-d`, `%e`, `%^b`, `%:z`...) and the lenient parsing of
//! `Time.parse` / `Liquid::Utils.to_date` for the formats sites use.

use std::fmt::Write;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
};

use super::value::Value;

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

/// A wall-clock time in the local zone (Ruby's `Time.local`).
pub fn local_time(naive: NaiveDateTime, local: LocalZone<'_>) -> Option<DateTime<FixedOffset>> {
    // The offset at the instant this wall time denotes (settles across DST).
    let mut off = local(naive);
    for _ in 0..2 {
        off = local(naive - chrono::Duration::seconds(off.local_minus_utc() as i64));
    }
    off.from_local_datetime(&naive).single()
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
            let l = s.to_ascii_lowercase();
            if l == "now" || l == "today" {
                return Some(now());
            }
            if s.bytes().all(|c| c.is_ascii_digit()) {
                return s
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| DateTime::from_timestamp(i, 0))
                    .map(|t| to_local(t.fixed_offset(), local));
            }
            parse_time_in(s, local)
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

fn utc_zone(_: NaiveDateTime) -> FixedOffset {
    utc()
}

fn month_from_name(s: &str) -> Option<u32> {
    let l = s.to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            m.to_ascii_lowercase().starts_with(&l[..3]) && m.to_ascii_lowercase().starts_with(&l)
        })
        .map(|i| i as u32 + 1)
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") || s.eq_ignore_ascii_case("gmt")
    {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| c.is_ascii_digit()).collect();
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// `Time.parse` in UTC (see `parse_time_in`).
pub fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    parse_time_in(s, &utc_zone)
}

/// `Time.parse` for the shapes that occur in sites: ISO 8601 / YAML times,
/// RFC 2822, "January 2, 2006", "2 Jan 2006" (with optional time and zone);
/// without a zone the time is local.
pub fn parse_time_in(s: &str, local: LocalZone<'_>) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc2822(s) {
        return Some(t);
    }
    // Split into date part and the rest.
    let Some((date, rest)) = parse_date_part(s) else {
        return parse_words_form(s, local);
    };
    let rest = rest.trim_start_matches(['T', 't', ' ', ',']);
    let (time, zone) = parse_time_part(rest);
    let naive = NaiveDateTime::new(date, time.unwrap_or(NaiveTime::MIN));
    match parse_offset(zone.trim()) {
        Some(off) => off.from_local_datetime(&naive).single(),
        None => local_time(naive, local),
    }
}

fn parse_date_part(s: &str) -> Option<(NaiveDate, &str)> {
    let b = s.as_bytes();
    // YYYY-MM-DD or YYYY/MM/DD
    if b.len() >= 8 && b[..4].iter().all(u8::is_ascii_digit) && (b[4] == b'-' || b[4] == b'/') {
        let sep = b[4] as char;
        let (m, rest) = s[5..].split_once(sep)?;
        let dlen = rest.bytes().take_while(u8::is_ascii_digit).count();
        let d = &rest[..dlen];
        let date = NaiveDate::from_ymd_opt(s[..4].parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
        return Some((date, &rest[dlen..]));
    }
    None
}

/// Dates written with words, in any order Ruby's `Date._parse` takes:
/// "January 2, 2006", "2 Jan 2006 10:00", "Fri Jul 16 01:00:00 2004 +0200".
fn parse_words_form(s: &str, local: LocalZone<'_>) -> Option<DateTime<FixedOffset>> {
    let (mut month, mut day, mut year, mut time, mut zone) = (None, None, None, None, None);
    let mut pm: Option<bool> = None;
    for tok in s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
    {
        let lower = tok.to_ascii_lowercase();
        if tok.bytes().all(|c| c.is_ascii_alphabetic()) {
            if let Some(m) = month_from_name(tok) {
                month.get_or_insert(m);
            } else if lower == "am" || lower == "pm" {
                pm = Some(lower == "pm");
            } else if matches!(lower.as_str(), "utc" | "gmt" | "z") {
                zone = parse_offset(tok);
            }
            continue;
        }
        if (tok.starts_with('+') || tok.starts_with('-')) && tok.len() >= 3 {
            zone = parse_offset(tok);
            continue;
        }
        if tok.contains(':') {
            let (t, _) = parse_time_part(tok);
            time = t;
            continue;
        }
        let digits = tok.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
            if digits.len() == 4 {
                year = digits.parse::<i32>().ok();
            } else if digits.len() <= 2 && day.is_none() {
                day = digits.parse::<u32>().ok();
            }
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    let mut t = time.unwrap_or(NaiveTime::MIN);
    if let Some(p) = pm {
        let h = t.hour() % 12 + if p { 12 } else { 0 };
        t = t.with_hour(h).unwrap_or(t);
    }
    let naive = NaiveDateTime::new(date, t);
    match zone {
        Some(z) => z.from_local_datetime(&naive).single(),
        None => local_time(naive, local),
    }
}

fn parse_time_part(s: &str) -> (Option<NaiveTime>, &str) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut parts = [0u32; 3];
    let mut n = 0;
    while n < 3 {
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == st {
            break;
        }
        parts[n] = s[st..i].parse().unwrap_or(0);
        n += 1;
        if i < b.len() && b[i] == b':' && n < 3 {
            i += 1;
        } else {
            break;
        }
    }
    if n < 2 {
        return (None, s);
    }
    let mut nanos = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let st = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let frac = &s[st..i.min(st + 9)];
        nanos = format!("{frac:0<9}").parse().unwrap_or(0);
    }
    let rest = s[i..].trim_start();
    let (mut h, rest) = match rest.get(..2).map(|p| p.to_ascii_lowercase()) {
        Some(p) if p == "am" || p == "pm" => {
            let mut h = parts[0] % 12;
            if p == "pm" {
                h += 12;
            }
            (h, &rest[2..])
        }
        _ => (parts[0], rest),
    };
    if h > 23 {
        h = 0;
    }
    (
        NaiveTime::from_hms_nano_opt(h, parts[1], parts[2], nanos),
        rest,
    )
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
            'Y' => {
                let y = t.year() as i64;
                if width.is_some() {
                    num(&mut out, y, 0, '0');
                } else {
                    let _ = write!(out, "{y}");
                }
            }
            'C' => num(&mut out, (t.year() / 100) as i64, 2, '0'),
            'y' => num(&mut out, (t.year() % 100) as i64, 2, '0'),
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
                let _ = write!(out, "{}", t.iso_week().year());
            }
            'g' => num(&mut out, (t.iso_week().year() % 100) as i64, 2, '0'),
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
            'v' => text(&mut out, &strftime(t, "%e-%^b-%Y")),
            '+' => text(&mut out, &strftime(t, "%a %b %e %H:%M:%S %Z %Y")),
            _ => out.extend(&chars[start..i]),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strftime_ruby_flags() {
        let t = parse_time("2024-03-05 07:08:09 +0100").expect("parses");
        assert_eq!(
            strftime(&t, "%-d %e %b %B %Y %:z %z %-m %I%p %^a %j"),
            "5  5 Mar March 2024 +01:00 +0100 3 07AM TUE 065"
        );
    }

    #[test]
    fn parse_shapes() {
        assert!(parse_time("January 2, 2006").is_some());
        assert!(parse_time("2 Jan 2006 10:00").is_some());
        assert!(parse_time("2006-01-02T15:04:05Z").is_some());
        assert!(parse_time("not a date").is_none());
    }
}
