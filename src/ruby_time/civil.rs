//! Ruby's `Time.utc` / `Time.local` on the integers `Time.parse` hands them
//! (`time.c`'s `time_arg`: field checks and the month-end rollover), the
//! local zone's wall clock resolved as `Time.local` resolves it, and
//! `time.rb`'s `apply_offset`.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

use super::date_parse::{to_c_int, Int};
use super::LocalZone;

/// The fields of a `Time.utc(year, mon, day, hour, min, sec, usec)` call.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub year: Int,
    pub mon: Int,
    pub day: Int,
    pub hour: Int,
    pub min: Int,
    pub sec: Int,
    /// The sub-second part, in nanoseconds (`usec` as a Rational, truncated).
    pub nanos: u32,
}

/// `obj2ubits`: an Integer as a C `int` (RangeError past it), then as
/// unsigned, which must fit in `bits` bits.
fn ubits(v: Int, bits: u32) -> Result<Int, String> {
    let i = to_c_int(v)?;
    // a negative int, as unsigned, is past any field's bits
    if i < 0 || i >= 1 << bits {
        return Err("argument out of range".into());
    }
    Ok(Int::from(i))
}

fn leap(y: Int) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

const MONTH_DAYS: [Int; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/// `time.rb`'s `month_days(y, m)`: `LeapYearMonthDays[m-1]`, with Ruby's
/// array indexing (`[-1]` is December; past either end is nil).
pub fn month_days(y: Int, m: Int) -> Option<Int> {
    let i = m - 1;
    let i = if i < 0 { i + 12 } else { i };
    let i = usize::try_from(i).ok().filter(|i| *i < 12)?;
    Some(if i == 1 && leap(y) { 29 } else { MONTH_DAYS[i] })
}

/// Ruby's `Integer#divmod` (floored).
fn divmod(a: Int, b: Int) -> (Int, Int) {
    (a.div_euclid(b), a.rem_euclid(b))
}

/// `time.rb`'s `apply_offset`: the wall clock at `off` seconds east, moved
/// to UTC one field at a time (a day past the month's end becomes the 1st
/// of the next, as Ruby does it, not a full normalisation).
pub fn apply_offset(f: Fields, off: i64) -> Fields {
    let Fields {
        mut year,
        mut mon,
        mut day,
        mut hour,
        mut min,
        mut sec,
        nanos,
    } = f;
    let off = Int::from(off);
    let east = off > 0;
    let (mut off, o) = divmod(off.abs(), 60);
    let step = |v: &mut Int, o: Int, off: &mut Int, m: Int| {
        let (carry, rest) = divmod(if east { *v - o } else { *v + o }, m);
        *v = rest;
        if east {
            *off -= carry;
        } else {
            *off += carry;
        }
    };
    if o != 0 {
        step(&mut sec, o, &mut off, 60);
    }
    let o;
    (off, o) = divmod(off, 60);
    if o != 0 {
        step(&mut min, o, &mut off, 60);
    }
    let o;
    (off, o) = divmod(off, 24);
    if o != 0 {
        step(&mut hour, o, &mut off, 24);
    }
    if off != 0 {
        if east {
            day -= off;
            if day < 1 {
                mon -= 1;
                if mon < 1 {
                    year -= 1;
                    mon = 12;
                }
                // a month past 12 has no length (nil in Ruby); `Time.utc`
                // rejects that month before it looks at the day
                day = month_days(year, mon).unwrap_or(1);
            }
        } else {
            day += off;
            if month_days(year, mon).is_some_and(|days| days < day) {
                mon += 1;
                if mon > 12 {
                    mon = 1;
                    year += 1;
                }
                day = 1;
            }
        }
    }
    Fields {
        year,
        mon,
        day,
        hour,
        min,
        sec,
        nanos,
    }
}

/// `time_arg`'s checks and month-end rollover, then the wall clock the
/// fields name (24:00:00 is the next day, second 60 the next minute).
pub fn wall_clock(f: &Fields) -> Result<NaiveDateTime, String> {
    let mut mon = ubits(f.mon, 4)?;
    let mut day = ubits(f.day, 5)?;
    // the month-end rollover: Feb 30 → Mar 1 or 2, Apr 31 → May 1
    if mon == 2 {
        let feb = if leap(f.year) { 29 } else { 28 };
        if day > feb {
            day -= feb;
            mon += 1;
        }
    } else if matches!(mon, 4 | 6 | 9 | 11) && day == 31 {
        mon += 1;
        day = 1;
    }
    let hour = ubits(f.hour, 5)?;
    let min = ubits(f.min, 6)?;
    let sec = ubits(f.sec, 6)?;
    let last = |top: Int| if hour == 24 { 0 } else { top };
    for (ok, field) in [
        ((1..=12).contains(&mon), "mon"),
        ((1..=31).contains(&day), "mday"),
        ((0..=24).contains(&hour), "hour"),
        ((0..=last(59)).contains(&min), "min"),
        ((0..=last(60)).contains(&sec), "sec"),
    ] {
        if !ok {
            return Err(format!("{field} out of range"));
        }
    }
    let out_of_range = || format!("year {} is out of the range hyde handles", f.year);
    let year = i32::try_from(f.year).map_err(|_| out_of_range())?;
    // mon 1..=12 and day 1..=31 after the rollover: a real date when the year is in range
    let date = NaiveDate::from_ymd_opt(year, mon as u32, day as u32).ok_or_else(out_of_range)?;
    let secs = i64::try_from(hour * 3600 + min * 60 + sec).unwrap_or(0);
    date.and_hms_opt(0, 0, 0)
        .and_then(|t| t.checked_add_signed(Duration::seconds(secs)))
        .and_then(|t| t.checked_add_signed(Duration::nanoseconds(i64::from(f.nanos))))
        .ok_or_else(out_of_range)
}

fn fixed(secs: i32) -> Option<FixedOffset> {
    FixedOffset::east_opt(secs)
}

/// `Time.utc(...)` shown at `off` seconds east (`force_zone!`), which
/// Ruby refuses a day or more from UTC.
pub fn time_utc(f: &Fields, off: i64) -> Result<DateTime<FixedOffset>, String> {
    let wall = wall_clock(f)?;
    let off = i32::try_from(off)
        .ok()
        .and_then(fixed)
        .ok_or("utc_offset out of range")?;
    Ok(off.from_utc_datetime(&wall))
}

/// `Time.local(...)`: the wall clock in the local zone. In a gap (spring
/// forward) it is read with the offset in force before the gap (02:30
/// becomes 03:30 summer time); in an overlap, the later instant wins (the
/// offset after the change), as Ruby's `find_time_t` settles both.
pub fn time_local(f: &Fields, zone: &dyn LocalZone) -> Result<DateTime<FixedOffset>, String> {
    let wall = wall_clock(f)?;
    local_instant(wall, zone)
        .ok_or_else(|| format!("year {} is out of the range hyde handles", f.year))
}

/// The UTC instant of a local wall-clock time (see [`time_local`]).
pub fn local_instant(wall: NaiveDateTime, zone: &dyn LocalZone) -> Option<DateTime<FixedOffset>> {
    let day = Duration::days(1);
    let before = zone.offset_at(wall.checked_sub_signed(day)?);
    let after = zone.offset_at(wall.checked_add_signed(day)?);
    let at =
        |o: FixedOffset| wall.checked_sub_signed(Duration::seconds(o.local_minus_utc().into()));
    let mut best: Option<NaiveDateTime> = None;
    for o in [before, after] {
        if let Some(u) = at(o) {
            if zone.offset_at(u) == o && best.is_none_or(|b| u > b) {
                best = Some(u);
            }
        }
    }
    let utc = match best {
        Some(u) => u,
        None => at(before)?,
    };
    Some(zone.offset_at(utc).from_utc_datetime(&utc))
}
