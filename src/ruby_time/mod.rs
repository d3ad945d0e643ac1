//! Ruby's `Time.parse(str, now)` (`time.rb` of Ruby 3.1 over the date gem's
//! `Date._parse`), which Jekyll applies to front matter `date:` strings and
//! Liquid's `date` filter to strings: every format `Date._parse` reads, the
//! fields it leaves out taken from `now`, the zone read by `time.rb`'s
//! `zone_offset`, and `Time.utc` / `Time.local`'s checks and rollovers.
//!
//! `Time.parse` reads only `year`, `yday`, `mon`, `mday`, `hour`, `min`,
//! `sec`, `sec_fraction` and `zone` of the hash: a zone it does not know
//! (`JST`, `UTC+9`, `Eastern Standard Time`) leaves the time local, whatever
//! offset `Date._parse` gives it, so that offset is not computed here.

pub mod civil;
pub mod date_parse;

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, Offset, TimeZone, Timelike};

use civil::Fields;
use date_parse::{Int, Parsed};

/// Ruby's local time zone (the `TZ` Jekyll sets from `timezone:`).
pub trait LocalZone {
    /// The UTC offset in force at a UTC instant.
    fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset;
    /// The zone's abbreviation at a UTC instant (`Time#zone`: `EST`, `CEST`).
    fn abbreviation_at(&self, utc: NaiveDateTime) -> Option<String> {
        let _ = utc;
        None
    }
}

/// A tz database zone, or UTC when `None`.
#[derive(Debug, Clone, Copy)]
pub struct TzZone(pub Option<chrono_tz::Tz>);

impl LocalZone for TzZone {
    fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        match self.0 {
            Some(tz) => tz_offset(tz, utc).fix(),
            None => chrono::Utc.fix(),
        }
    }
    fn abbreviation_at(&self, utc: NaiveDateTime) -> Option<String> {
        use chrono_tz::OffsetName;
        match self.0 {
            Some(tz) => tz_offset(tz, utc).abbreviation().map(str::to_string),
            None => Some("UTC".into()),
        }
    }
}

/// A zone's offset at a UTC instant. chrono-tz lists a zone's changes up
/// to 2099; later, the C library (and so Ruby) applies the zone's last rule
/// ("second Sunday of March"), whose dates are the same in any year with the
/// same calendar: the offset is read at the same moment of such a year
/// before 2100.
pub fn tz_offset(tz: chrono_tz::Tz, utc: NaiveDateTime) -> chrono_tz::TzOffset {
    let year = utc.year();
    let same = i32::try_from(same_calendar_year(Int::from(year))).ok();
    let moved = same.filter(|y| *y != year).and_then(|y| {
        let from = chrono::NaiveDate::from_ymd_opt(year, 1, 1)?;
        let to = chrono::NaiveDate::from_ymd_opt(y, 1, 1)?;
        utc.checked_add_signed(to - from)
    });
    tz.offset_from_utc_datetime(&moved.unwrap_or(utc))
}

/// A year whose local times are those of `year` as far as the tz database
/// can tell: `year` itself up to 2099; later, the year in 2072..=2099 with
/// the same calendar (leap or not, starting on the same weekday); long
/// before any record, the year 1000 (every zone's first offset).
fn same_calendar_year(year: Int) -> Int {
    let leap = |y: Int| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    // days from 0001-01-01 (a Monday) to January 1st of `y`, modulo 7
    let jan1 = |y: Int| {
        let p = y - 1;
        (365 * p + p.div_euclid(4) - p.div_euclid(100) + p.div_euclid(400)).rem_euclid(7)
    };
    match year {
        2100.. => (2072..2100)
            .find(|y| leap(*y) == leap(year) && jan1(*y) == jan1(year))
            .unwrap_or(year),
        ..-200_000 => 1000,
        _ => year,
    }
}

/// A zone known only by its offsets (no abbreviations).
pub struct OffsetFn<F>(pub F);

impl<F: Fn(NaiveDateTime) -> FixedOffset> LocalZone for OffsetFn<F> {
    fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        (self.0)(utc)
    }
}

/// `Date._parse`'s limit on the string's length, in bytes.
pub const LENGTH_LIMIT: usize = 128;

/// `Time.parse(s, now)` with Ruby's local zone `zone`: the time, or the
/// message of the error Ruby raises (an ArgumentError — "no time
/// information in ...", "argument out of range", "mon out of range"... — or,
/// for numbers past a C `int`, a RangeError).
pub fn time_parse(
    s: &str,
    now: DateTime<FixedOffset>,
    zone: &dyn LocalZone,
) -> Result<DateTime<FixedOffset>, String> {
    time_parse_zoned(s, now, zone).map(|(t, _)| t)
}

/// How `Time.parse` made its time, which decides what `%Z` prints:
/// `Time.utc` for `UTC`, `Z`, `UT`, `-00:00` (`force_zone!`'s `t.utc`), a
/// fixed offset for another zone it knows, `Time.local` otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneKind {
    Utc,
    Fixed,
    Local,
}

/// [`time_parse`] with how the time's zone was made.
pub fn time_parse_zoned(
    s: &str,
    now: DateTime<FixedOffset>,
    zone: &dyn LocalZone,
) -> Result<(DateTime<FixedOffset>, ZoneKind), String> {
    if s.len() > LENGTH_LIMIT {
        return Err(format!(
            "string length ({}) exceeds the limit {LENGTH_LIMIT}",
            s.len()
        ));
    }
    let p = date_parse::parse(s, true)?;
    make_time(s, &p, now, zone)
}

/// Whether `msg` is one of the RangeErrors `Time.parse` raises (a number
/// past a C `int` or `long`) rather than an ArgumentError.
pub fn is_range_error(msg: &str) -> bool {
    msg.contains("too big to convert")
}

/// `time.rb`'s `zone_utc?`.
fn zone_utc(zone: &str) -> bool {
    ["-00:00", "-0000", "-00", "UTC", "Z", "UT"]
        .iter()
        .any(|u| u.eq_ignore_ascii_case(zone))
}

/// `Date._parse(s, true)` with its length limit.
pub fn date_parse(s: &str) -> Result<Parsed, String> {
    if s.len() > LENGTH_LIMIT {
        return Err(format!(
            "string length ({}) exceeds the limit {LENGTH_LIMIT}",
            s.len()
        ));
    }
    date_parse::parse(s, true)
}

/// What `make_time` takes of the hash, less `yday`.
#[derive(Debug, Clone, Copy)]
struct Given<'a> {
    year: Option<Int>,
    mon: Option<Int>,
    day: Option<Int>,
    hour: Option<Int>,
    min: Option<Int>,
    sec: Option<Int>,
    fraction: Option<&'a str>,
    zone: Option<&'a str>,
}

/// `time.rb`'s `make_time`.
fn make_time(
    s: &str,
    p: &Parsed,
    now: DateTime<FixedOffset>,
    zone: &dyn LocalZone,
) -> Result<(DateTime<FixedOffset>, ZoneKind), String> {
    let given = Given {
        year: p.year,
        mon: p.mon,
        day: p.mday,
        hour: p.hour,
        min: p.min,
        sec: p.sec,
        fraction: p.sec_fraction.as_deref(),
        zone: p.zone.as_deref(),
    };
    if p.yday.is_none()
        && [p.year, p.mon, p.mday, p.hour, p.min, p.sec]
            .iter()
            .all(Option::is_none)
        && p.sec_fraction.is_none()
    {
        return Err(format!("no time information in {}", inspect(s)));
    }
    let Some(yday) = p.yday else {
        return make_civil(given, now, zone);
    };
    // the day of the year: first read as 31-day months, then moved by
    // the difference from the day of the year that gives
    if !(1..=366).contains(&yday) {
        return Err(format!("yday {yday} out of range"));
    }
    let off_year = p.year.unwrap_or(Int::from(now.year()));
    let (mut mon, mut day) = ((yday - 1) / 31 + 1, (yday - 1) % 31 + 1);
    let (t, kind) = make_civil(
        Given {
            mon: Some(mon),
            day: Some(day),
            ..given
        },
        now,
        zone,
    )?;
    let diff = yday - Int::from(t.ordinal());
    if diff == 0 {
        return Ok((t, kind));
    }
    day += diff;
    if day > 28 {
        if let Some(mday) = civil::month_days(off_year, mon).filter(|m| day > *m) {
            mon += 1;
            if mon > 12 {
                return Err(format!("yday {yday} out of range"));
            }
            day -= mday;
        }
    }
    make_civil(
        Given {
            mon: Some(mon),
            day: Some(day),
            ..given
        },
        now,
        zone,
    )
}

/// `make_time` without `yday`: the missing leading fields from `now` (in
/// the zone written, else the local one), the rest at their minimum; a
/// known zone makes it `Time.utc` at that offset, else `Time.local`.
fn make_civil(
    g: Given<'_>,
    now: DateTime<FixedOffset>,
    zone: &dyn LocalZone,
) -> Result<(DateTime<FixedOffset>, ZoneKind), String> {
    let off_year = g.year.unwrap_or(Int::from(now.year()));
    let mut off = g.zone.and_then(|z| zone_offset(z, off_year, zone));
    let now = match off
        .and_then(|o| i32::try_from(o).ok())
        .and_then(FixedOffset::east_opt)
    {
        Some(o) => now.with_timezone(&o),
        // `now.getlocal(off)` refuses an offset of a day or more
        None if off.is_some() => return Err("utc_offset out of range".into()),
        None => now.with_timezone(&zone.offset_at(now.naive_utc())),
    };
    let mut nanos = g.fraction.map(fraction_nanos);
    let (mut year, mut mon, mut day, mut hour, mut min, mut sec) =
        (g.year, g.mon, g.day, g.hour, g.min, g.sec);
    // `begin; break if year; year = now.year; break if mon; ... end until true`
    let fills: [(&mut Option<Int>, Int); 6] = [
        (&mut year, Int::from(now.year())),
        (&mut mon, Int::from(now.month())),
        (&mut day, Int::from(now.day())),
        (&mut hour, Int::from(now.hour())),
        (&mut min, Int::from(now.minute())),
        (&mut sec, Int::from(now.second())),
    ];
    let mut filled_all = true;
    for (field, value) in fills {
        if field.is_some() {
            filled_all = false;
            break;
        }
        *field = Some(value);
    }
    if filled_all && nanos.is_none() {
        // `now.tv_usec`
        nanos = Some(now.nanosecond() % 1_000_000_000 / 1000 * 1000);
    }
    let f = Fields {
        year: year.unwrap_or(1970),
        mon: mon.unwrap_or(1),
        day: day.unwrap_or(1),
        hour: hour.unwrap_or(0),
        min: min.unwrap_or(0),
        sec: sec.unwrap_or(0),
        nanos: nanos.unwrap_or(0),
    };
    if f.year != off_year {
        off = g.zone.and_then(|z| zone_offset(z, f.year, zone));
    }
    match off {
        Some(o) => {
            let kind = if g.zone.is_some_and(zone_utc) {
                ZoneKind::Utc
            } else {
                ZoneKind::Fixed
            };
            civil::time_utc(&civil::apply_offset(f, o), o).map(|t| (t, kind))
        }
        None => civil::time_local(&f, zone).map(|t| (t, ZoneKind::Local)),
    }
}

/// Nanoseconds of `digits / 10**len` (truncated, as `Time#nsec`).
fn fraction_nanos(digits: &str) -> u32 {
    let d: String = digits
        .chars()
        .chain(std::iter::repeat('0'))
        .take(9)
        .collect();
    d.parse().unwrap_or(0)
}

/// `Time.zone_offset(zone, year)`: `+hh[:]mm[[:]ss]`, `+hh`, RFC 822 and
/// military names, else the local zone's own abbreviations (January's and
/// July's of that year). `None`: the time is local.
pub fn zone_offset(zone: &str, year: Int, local: &dyn LocalZone) -> Option<i64> {
    let z = zone.to_uppercase();
    let b = z.as_bytes();
    let two = |i: usize| -> Option<i64> {
        let d = b.get(i..i + 2)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| i64::from(d[0] - b'0') * 10 + i64::from(d[1] - b'0'))
    };
    if let Some(&sign) = b.first().filter(|c| **c == b'+' || **c == b'-') {
        let sign = if sign == b'-' { -1 } else { 1 };
        let colon = b.get(3) == Some(&b':');
        let sep = usize::from(colon);
        let hms = match (b.len(), colon) {
            (3, false) => two(1).map(|h| (h, 0, 0)),
            (5, false) | (6, true) => two(1).zip(two(3 + sep)).map(|(h, m)| (h, m, 0)),
            (7, false) | (9, true) if !colon || b.get(6) == Some(&b':') => two(1)
                .zip(two(3 + sep))
                .zip(two(5 + 2 * sep))
                .map(|((h, m), s)| (h, m, s)),
            _ => None,
        };
        if let Some((h, m, s)) = hms {
            return Some(sign * ((h * 60 + m) * 60 + s));
        }
    }
    if let Some(h) = named_offset(&z) {
        return Some(h * 3600);
    }
    // `Time.local(year, 1, 1).zone`, `Time.local(year, 7, 1).zone`
    let year = i32::try_from(same_calendar_year(year)).ok()?;
    for mon in [1, 7] {
        let t = chrono::NaiveDate::from_ymd_opt(year, mon, 1)?.and_hms_opt(0, 0, 0)?;
        let t = civil::local_instant(t, local)?;
        let name = local.abbreviation_at(t.naive_utc())?;
        if name.to_uppercase() == z {
            return Some(i64::from(t.offset().local_minus_utc()));
        }
    }
    None
}

/// `Time::ZoneOffset`: hours east of UTC.
fn named_offset(z: &str) -> Option<i64> {
    Some(match z {
        "UTC" | "Z" | "UT" | "GMT" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        _ if z.len() == 1 => match z.as_bytes()[0] {
            c @ b'A'..=b'I' => i64::from(c - b'A') + 1,
            c @ b'K'..=b'M' => i64::from(c - b'K') + 10,
            c @ b'N'..=b'Y' => -(i64::from(c - b'N') + 1),
            _ => return None,
        },
        _ => return None,
    })
}

/// Ruby's `String#inspect` (UTF-8), for error messages.
pub fn inspect(s: &str) -> String {
    static HIDDEN: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let hidden = HIDDEN.get_or_init(|| regex::Regex::new(r"[\p{Cn}\p{Zl}\p{Zp}]").ok());
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '#' if matches!(chars.peek(), Some('{' | '$' | '@')) => out.push_str("\\#"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0C' => out.push_str("\\f"),
            '\x0B' => out.push_str("\\v"),
            '\x08' => out.push_str("\\b"),
            '\x07' => out.push_str("\\a"),
            '\x1B' => out.push_str("\\e"),
            c if c.is_ascii_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c if !c.is_ascii()
                && hidden
                    .as_ref()
                    .is_some_and(|h| h.is_match(c.encode_utf8(&mut [0; 4]))) =>
            {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04X}", c as u32));
                } else {
                    out.push_str(&format!("\\u{{{:X}}}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
