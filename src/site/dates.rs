//! Dates as Jekyll reads them from front matter and `_config.yml` strings:
//! YAML's timestamp forms, the formats `Time.parse` is given in practice, and
//! Ruby's leniency (a date followed by text, a day past the month's end).

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use crate::config::Config;
use crate::yaml;

/// Ruby's `Time.parse` for the forms dates are written in.
pub fn parse_time_string(s: &str, cfg: &Config) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    let tz = cfg.timezone;
    let local = move |t: &NaiveDateTime| crate::config::local_offset(tz, t);
    let at_utc = move |t: &NaiveDateTime| crate::config::offset_at_utc(tz, t);
    if let Some(t) = yaml::parse_time(s, &at_utc) {
        return Some(t);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    for f in [
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M %z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(n) = NaiveDateTime::parse_from_str(s, f) {
            return n.and_local_timezone(local(&n)).single();
        }
    }
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%Y-%m",
    ] {
        let src = if f == "%Y-%m" {
            format!("{s}-01")
        } else {
            s.to_string()
        };
        let f2 = if f == "%Y-%m" { "%Y-%m-%d" } else { f };
        if let Ok(d) = chrono::NaiveDate::parse_from_str(&src, f2) {
            let n = d.and_hms_opt(0, 0, 0)?;
            return n.and_local_timezone(local(&n)).single();
        }
    }
    let n = ruby_lenient_date(s)?;
    n.and_local_timezone(local(&n)).single()
}

/// What Ruby's `Time.parse` (Date._parse, then `Time.local`) makes of a
/// `Y-M-D` date followed by other text (`2018-03-19-toi`), or of a day past
/// the month's end (`2020-04-31`, which `Time.local` rolls over to May 1):
/// the date, with `HH:MM[:SS]` when a time follows. Months outside 1..12 and
/// days outside 1..31 are errors in Ruby too.
fn ruby_lenient_date(s: &str) -> Option<NaiveDateTime> {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(
            r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:$|[^0-9:])",
        )
        .expect("a valid pattern")
    });
    let c = re.captures(s)?;
    let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let (y, m, d) = (num(1)? as i32, num(2)?, num(3)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Time.local(y, m, 31) in a 30-day month is the 1st of the next
    let first = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
    let date = first.checked_add_days(chrono::Days::new(u64::from(d - 1)))?;
    let (h, min, sec) = (
        num(4).unwrap_or(0),
        num(5).unwrap_or(0),
        num(6).unwrap_or(0),
    );
    date.and_hms_opt(h, min, sec)
}

#[cfg(test)]
mod tests {
    use super::ruby_lenient_date;

    /// Ruby 3.1's `Time.parse` (TZ=UTC) on the same strings.
    #[test]
    fn as_ruby_time_parse() {
        for (input, want) in [
            ("2018-03-19-toi", Some("2018-03-19 00:00:00")),
            ("2020-04-31", Some("2020-05-01 00:00:00")),
            ("2021-02-30", Some("2021-03-02 00:00:00")),
            ("2020-04-31 10:00", Some("2020-05-01 10:00:00")),
            ("2020-4-5x", Some("2020-04-05 00:00:00")),
            ("2021-02-29-x", Some("2021-03-01 00:00:00")),
            ("2019-13-01", None),
        ] {
            let got = ruby_lenient_date(input).map(|t| t.to_string());
            assert_eq!(got.as_deref(), want, "{input}");
        }
    }
}
