//! Ruby's `Time.parse` (lib/time.rb): `Date._parse`, the missing leading
//! fields from "now", then `Time.utc` shifted by the zone's offset or
//! `Time.local`, with their range checks and day rollover.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, Timelike};

use super::date::{local_time, to_local, LocalZone};
use super::date_parse::date_parse;

/// How a parsed time names its zone (`%Z`): `Time.parse` makes UTC times
/// for `UTC`/`Z`/`UT`/`-00:00`, fixed offsets for other zones, and local
/// times when the string has no zone Ruby knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Utc,
    Fixed,
    Local,
}

/// `zone_offset`'s answer for the local zone's January (and + 1, July) name.
const LOCAL_NAME: i64 = i64::MAX - 1;

fn month_days(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// `Time.zone_offset(zone)`: seconds east of UTC, or `None` for a zone
/// Ruby does not know (the time is then local).
fn zone_offset(zone: &str, local_names: &[String]) -> Option<i64> {
    let z = zone.to_ascii_uppercase();
    let b = z.as_bytes();
    let d = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| (c - b'0') as i64)
    };
    if matches!(b.first(), Some(b'+' | b'-')) {
        let sign = if b[0] == b'-' { -1 } else { 1 };
        // [+-]HH(:?)MM((same separator)SS)?
        let colon = b.get(3) == Some(&b':');
        let at = if colon { 4 } else { 3 };
        if let (Some(h1), Some(h2), Some(m1), Some(m2)) = (d(1), d(2), d(at), d(at + 1)) {
            let base = (h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60;
            let rest = &b[at + 2..];
            let secs = match rest {
                [] => Some(0),
                [s1, s2] if !colon && s1.is_ascii_digit() && s2.is_ascii_digit() => {
                    Some(((s1 - b'0') * 10 + (s2 - b'0')) as i64)
                }
                [b':', s1, s2] if colon && s1.is_ascii_digit() && s2.is_ascii_digit() => {
                    Some(((s1 - b'0') * 10 + (s2 - b'0')) as i64)
                }
                _ => None,
            };
            if let Some(s) = secs {
                return Some(sign * (base + s));
            }
        }
        if b.len() == 3 {
            if let (Some(h1), Some(h2)) = (d(1), d(2)) {
                return Some(sign * (h1 * 10 + h2) * 3600);
            }
        }
        return None;
    }
    let hours = match z.as_str() {
        "UTC" | "Z" | "UT" | "GMT" => 0,
        "EST" => -5,
        "EDT" => -4,
        "CST" => -6,
        "CDT" => -5,
        "MST" => -7,
        "MDT" => -6,
        "PST" => -8,
        "PDT" => -7,
        m if m.len() == 1 => match m.as_bytes()[0] {
            c @ b'A'..=b'I' => (c - b'A') as i64 + 1,
            c @ b'K'..=b'M' => (c - b'K') as i64 + 10,
            c @ b'N'..=b'Y' => -((c - b'N') as i64 + 1),
            _ => return None,
        },
        _ => {
            // the local zone's own names (`EST` in January, `EDT` in July)
            return local_names
                .iter()
                .position(|n| !n.is_empty() && n.eq_ignore_ascii_case(&z))
                .map(|i| LOCAL_NAME + i as i64);
        }
    };
    Some(hours * 3600)
}

/// `Time.parse`'s `apply_offset`: wall-clock fields moved to UTC.
fn apply_offset(f: &mut [i64; 6], off: i64) {
    let [year, mon, day, hour, min, sec] = f;
    let neg = off < 0;
    let mut off = off.abs();
    let step = |v: &mut i64, o: i64, base: i64, off: &mut i64| {
        if o != 0 {
            *v += if neg { o } else { -o };
            let carry = v.div_euclid(base);
            *v = v.rem_euclid(base);
            *off += if neg { carry } else { -carry };
        }
    };
    let o = off % 60;
    off /= 60;
    step(sec, o, 60, &mut off);
    let o = off % 60;
    off /= 60;
    step(min, o, 60, &mut off);
    let o = off % 24;
    off /= 24;
    step(hour, o, 24, &mut off);
    if off != 0 {
        if neg {
            *day += off;
            if month_days(*year, *mon) < *day {
                *mon += 1;
                if *mon > 12 {
                    *mon = 1;
                    *year += 1;
                }
                *day = 1;
            }
        } else {
            *day -= off;
            if *day < 1 {
                *mon -= 1;
                if *mon < 1 {
                    *year -= 1;
                    *mon = 12;
                }
                *day = month_days(*year, *mon);
            }
        }
    }
}

/// `Time.utc`/`Time.local`'s arguments as a wall-clock time: months 1..12,
/// days 1..31 rolled past the month's end, hour 24 only at 24:00:00,
/// second 60 rolled over; `None` is Ruby's "argument out of range".
fn wall_clock(f: &[i64; 6], nanos: i64) -> Option<NaiveDateTime> {
    let [year, mon, day, hour, min, sec] = *f;
    if !(1..=12).contains(&mon)
        || !(1..=31).contains(&day)
        || !(0..=24).contains(&hour)
        || !(0..=59).contains(&min)
        || !(0..=60).contains(&sec)
        || (hour == 24 && (min != 0 || sec != 0))
    {
        return None;
    }
    let first = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, mon as u32, 1)?;
    let date = first + Duration::days(day - 1);
    let t = date.and_hms_opt(0, 0, 0)?
        + Duration::seconds(hour * 3600 + min * 60 + sec)
        + Duration::nanoseconds(nanos);
    Some(t)
}

/// `Time.parse(s, now)`: the time and how Ruby names its zone; `Ok(None)`
/// for Ruby's ArgumentError (which `to_date` turns into "no date"), `Err`
/// for its RangeError (which fails the render).
pub fn time_parse(
    s: &str,
    now: DateTime<FixedOffset>,
    local: LocalZone<'_>,
    local_names: &[String],
) -> Result<Option<(DateTime<FixedOffset>, Kind)>, String> {
    Ok(
        parse_fields(s, now, local, local_names)?.and_then(|(fields, nanos, off, zone)| {
            make_time(&fields, nanos, off, zone.as_deref(), local)
        }),
    )
}

type Fields = ([i64; 6], i64, Option<i64>, Option<String>);

/// `make_time` up to `Time.utc`/`Time.local`: the six fields (missing
/// leading ones from now), nanoseconds, the zone's offset and the zone.
fn parse_fields(
    s: &str,
    now: DateTime<FixedOffset>,
    local: LocalZone<'_>,
    local_names: &[String],
) -> Result<Option<Fields>, String> {
    let Some(d) = date_parse(s) else {
        return Ok(None);
    };
    let given = [d.year, d.mon, d.mday, d.hour, d.min, d.sec];
    if given.iter().all(Option::is_none) && d.yday.is_none() && d.nanos.is_none() {
        return Ok(None); // "no time information"
    }
    let zone_off = |year: i64| {
        let z = d.zone.as_deref()?;
        match zone_offset(z, local_names)? {
            // a local zone name: the local offset in that year's January or July
            o if o >= LOCAL_NAME => {
                let month = if o == LOCAL_NAME { 1 } else { 7 };
                let day = NaiveDate::from_ymd_opt(year as i32, month, 1)?.and_hms_opt(0, 0, 0)?;
                Some(local(day).local_minus_utc() as i64)
            }
            o => Some(o),
        }
    };
    let off_year = d.year.unwrap_or(now.year() as i64);
    let mut off = zone_off(off_year);
    let (mut mon, mut mday) = (d.mon, d.mday);
    if let Some(yday) = d.yday {
        if !(1..=366).contains(&yday) {
            return Ok(None);
        }
        let y = d.year.unwrap_or(off_year);
        let Some(date) = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_yo_opt(y, yday as u32))
        else {
            return Ok(None);
        };
        mon = Some(date.month() as i64);
        mday = Some(date.day() as i64);
    }
    let now = match off.and_then(|o| FixedOffset::east_opt(i32::try_from(o).ok()?)) {
        Some(o) => now.with_timezone(&o),
        None => to_local(now, local),
    };
    let mut f = [d.year, mon, mday, d.hour, d.min, d.sec];
    let from_now = [
        now.year() as i64,
        now.month() as i64,
        now.day() as i64,
        now.hour() as i64,
        now.minute() as i64,
        now.second() as i64,
    ];
    let mut nanos = d.nanos;
    if let Some(first) = f.iter().position(Option::is_some) {
        for i in 0..first {
            f[i] = Some(from_now[i]);
        }
    } else if nanos.is_none() {
        f = from_now.map(Some);
        nanos = Some(now.nanosecond() as i64 / 1000 * 1000);
    } else {
        f = from_now.map(Some);
    }
    let defaults = [1970, 1, 1, 0, 0, 0];
    let mut fields = [0i64; 6];
    for i in 0..6 {
        fields[i] = f[i].unwrap_or(defaults[i]);
    }
    if fields[0] != off_year {
        off = zone_off(fields[0]);
    }
    let nanos = nanos.unwrap_or(0);
    // `Time.utc` takes month..second as C ints: past that, a RangeError
    if let Some(big) = fields[1..].iter().find(|v| i32::try_from(**v).is_err()) {
        return Err(format!("integer {big} too big to convert to `int'"));
    }
    Ok(Some((fields, nanos, off, d.zone)))
}

fn make_time(
    fields: &[i64; 6],
    nanos: i64,
    off: Option<i64>,
    zone: Option<&str>,
    local: LocalZone<'_>,
) -> Option<(DateTime<FixedOffset>, Kind)> {
    let mut fields = *fields;
    match off {
        Some(o) => {
            apply_offset(&mut fields, o);
            let utc = wall_clock(&fields, nanos)?;
            let zone = zone.unwrap_or("");
            let is_utc = ["-00:00", "-0000", "-00", "UTC", "Z", "UT"]
                .iter()
                .any(|u| u.eq_ignore_ascii_case(zone));
            let fixed = FixedOffset::east_opt(if is_utc { 0 } else { o as i32 })?;
            let t = DateTime::from_naive_utc_and_offset(utc, fixed);
            Some((t, if is_utc { Kind::Utc } else { Kind::Fixed }))
        }
        None => {
            let wall = wall_clock(&fields, nanos)?;
            Some((local_time(wall, local)?, Kind::Local))
        }
    }
}
