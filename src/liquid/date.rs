//! Dates and times as Ruby handles them for Liquid: `Time#strftime` with
//! Ruby's flags (`%-d`, `%e`, `%^b`, `%:z`...) and the lenient parsing of
//! `Time.parse` / `Liquid::Utils.to_date` for the formats sites use.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use super::strftime::{Flavor, Zone};
use super::value::Value;
use crate::ruby_time::{self, ZoneKind as Kind};

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

/// The site's clock and zone as Ruby's `Time` sees them.
pub struct Clock<'a> {
    pub now: DateTime<FixedOffset>,
    pub local: LocalZone<'a>,
    /// The local zone's abbreviation at a UTC instant, when known.
    pub abbreviation: &'a dyn Fn(NaiveDateTime) -> Option<String>,
}

/// A Ruby `Time` or `Date`: the instant with its offset, what `%Z` prints,
/// and which `strftime` applies.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub time: DateTime<FixedOffset>,
    pub zone: Zone,
    pub flavor: Flavor,
}

impl Clock<'_> {
    /// A time in the local zone (`Time.at`, `Time.now`, `localtime`).
    fn local_stamp(&self, t: DateTime<FixedOffset>) -> Stamp {
        let time = to_local(t, self.local);
        Stamp {
            zone: local_zone_name(&time, (self.abbreviation)(time.naive_utc())),
            time,
            flavor: Flavor::Time,
        }
    }

    /// A Time value: named as the local zone when its offset is the local
    /// one (Jekyll's dates are `localtime`d), `UTC` at offset 0 otherwise.
    fn time_stamp(&self, t: DateTime<FixedOffset>) -> Stamp {
        let off = t.offset().local_minus_utc();
        let zone = if (self.local)(t.naive_utc()).local_minus_utc() == off {
            local_zone_name(&t, (self.abbreviation)(t.naive_utc()))
        } else if off == 0 {
            Zone::Utc
        } else {
            Zone::Unnamed
        };
        Stamp {
            time: t,
            zone,
            flavor: Flavor::Time,
        }
    }
}

/// The clock's zone as `Time.parse` reads it.
struct ClockZone<'a, 'b>(&'a Clock<'b>);

impl ruby_time::LocalZone for ClockZone<'_, '_> {
    fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        (self.0.local)(utc)
    }
    fn abbreviation_at(&self, utc: NaiveDateTime) -> Option<String> {
        (self.0.abbreviation)(utc)
    }
}

/// `Liquid::Utils.to_date`: a Time or Date as is, Unix seconds (an integer
/// or a string of digits) and "now"/"today" as local times, other strings
/// through `Time.parse`; `None` (the filter returns its input) otherwise.
/// `Err` is a Ruby error `to_date` does not rescue (a RangeError).
pub fn to_date(v: &Value, clock: &Clock<'_>) -> Result<Option<Stamp>, String> {
    Ok(match v {
        Value::Time(t) => Some(clock.time_stamp(*t)),
        Value::Date(d) => Some(Stamp {
            time: date_to_time(*d),
            zone: Zone::Unnamed,
            flavor: Flavor::Date,
        }),
        Value::Int(i) => {
            DateTime::from_timestamp(*i, 0).map(|t| clock.local_stamp(t.fixed_offset()))
        }
        Value::Str(s) => {
            if s.is_empty() {
                return Ok(None);
            }
            let l = s.to_lowercase();
            if l == "now" || l == "today" {
                return Ok(Some(clock.local_stamp(clock.now)));
            }
            if l.bytes().all(|c| c.is_ascii_digit()) {
                return Ok(l
                    .parse::<i64>()
                    .ok()
                    .and_then(|i| DateTime::from_timestamp(i, 0))
                    .map(|t| clock.local_stamp(t.fixed_offset())));
            }
            // Ruby's ArgumentError is rescued (no date), its RangeError is not
            let (t, kind) = match ruby_time::time_parse_zoned(&l, clock.now, &ClockZone(clock)) {
                Ok(r) => r,
                Err(e) if ruby_time::is_range_error(&e) => return Err(e),
                Err(_) => return Ok(None),
            };
            Some(match kind {
                Kind::Utc => Stamp {
                    time: t,
                    zone: Zone::Utc,
                    flavor: Flavor::Time,
                },
                // `force_zone!` prefers the local zone when it has the offset
                Kind::Fixed if (clock.local)(t.naive_utc()) == *t.offset() => clock.local_stamp(t),
                Kind::Fixed => Stamp {
                    time: t,
                    zone: Zone::Unnamed,
                    flavor: Flavor::Time,
                },
                Kind::Local => clock.local_stamp(t),
            })
        }
        _ => None,
    })
}

/// Jekyll's `time(input)` for its date filters: `to_date`, then
/// `to_time.localtime` (a Date is local midnight).
pub fn jekyll_time(v: &Value, clock: &Clock<'_>) -> Result<Option<Stamp>, String> {
    Ok(match v {
        Value::Date(d) => {
            local_time(d.and_time(NaiveTime::MIN), clock.local).map(|t| clock.local_stamp(t))
        }
        _ => to_date(v, clock)?.map(|s| clock.local_stamp(s.time)),
    })
}

/// `Time.parse` in UTC.
pub fn parse_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let now = DateTime::<FixedOffset>::default();
    ruby_time::time_parse(s, now, &ruby_time::TzZone(None)).ok()
}

/// `Time#strftime` for a time whose `%Z` is `UTC` at offset 0 and empty
/// otherwise (see `strftime::strftime` for the zone and `Date` flavors);
/// a format Ruby rejects is printed as it is.
pub fn strftime(t: &DateTime<FixedOffset>, fmt: &str) -> String {
    let zone = if t.offset().local_minus_utc() == 0 {
        Zone::Utc
    } else {
        Zone::Unnamed
    };
    super::strftime::strftime(t, fmt, &zone, Flavor::Time).unwrap_or_else(|_| fmt.to_string())
}

/// What `%Z` names a time in the site's zone: the zone's abbreviation when
/// the host knows it, else `UTC` at offset 0.
pub fn local_zone_name(t: &DateTime<FixedOffset>, abbreviation: Option<String>) -> Zone {
    match abbreviation {
        Some(a) => Zone::Named(a),
        None if t.offset().local_minus_utc() == 0 => Zone::Utc,
        None => Zone::Unnamed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_shapes() {
        assert!(parse_time("January 2, 2006").is_some());
        assert!(parse_time("2 Jan 2006 10:00").is_some());
        assert!(parse_time("2006-01-02T15:04:05Z").is_some());
        assert!(parse_time("not a date").is_none());
    }
}
