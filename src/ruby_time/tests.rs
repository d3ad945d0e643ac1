//! Ruby 3.1's own answers (`ruby -rtime -e 'p Time.parse(s, now)'`, with
//! `now = Time.at(1767225600)`, 2026-01-01T00:00:00Z, and TZ=UTC unless
//! said), for the forms sites write; `tests/ruby_time_parse.rs` compares
//! many more with Ruby itself.

use chrono::{DateTime, FixedOffset};

use super::{date_parse, time_parse, TzZone};

fn now() -> DateTime<FixedOffset> {
    DateTime::from_timestamp(1_767_225_600, 0)
        .expect("a valid instant")
        .fixed_offset()
}

fn parse_in(s: &str, tz: Option<chrono_tz::Tz>) -> String {
    let zone = TzZone(tz);
    let now = now().with_timezone(&super::LocalZone::offset_at(&zone, now().naive_utc()));
    match time_parse(s, now, &zone) {
        Ok(t) => {
            let o = t.offset().local_minus_utc();
            let (sign, a) = (if o < 0 { '-' } else { '+' }, o.abs());
            let secs = if a % 60 == 0 {
                String::new()
            } else {
                format!(":{:02}", a % 60)
            };
            let off = format!("{sign}{:02}:{:02}{secs}", a / 3600, a / 60 % 60);
            format!("{} {off}", t.format("%Y-%m-%d %H:%M:%S%.f"))
        }
        Err(e) => format!("error: {e}"),
    }
}

fn parse(s: &str) -> String {
    parse_in(s, None)
}

#[test]
fn letter_o_typo_is_a_day_of_the_year() {
    // `date: 202O-06-21` (wide-christopherlu-2021): Date._parse gives {yday: 202}
    let p = date_parse::parse("202O-06-21", true).expect("parses");
    assert_eq!(p.yday, Some(202));
    assert_eq!(p.year, None);
    assert_eq!(parse("202O-06-21"), "2026-07-21 00:00:00 +00:00");
    // now is 2025-12-31 19:00 in New York: the year comes from there
    assert_eq!(
        parse_in("202O-06-21", Some(chrono_tz::America::New_York)),
        "2025-07-21 00:00:00 -04:00"
    );
}

#[test]
fn three_digit_year() {
    // `"201-02-01" | date: "%B, %Y"` (wide-ovalery16-2018) → February, 0201
    assert_eq!(parse("201-02-01"), "0201-02-01 00:00:00 +00:00");
}

#[test]
fn as_ruby() {
    for (input, want) in [
        ("2018-03-19-toi", "2018-03-19 00:00:00 +00:00"),
        ("2020-04-31", "2020-05-01 00:00:00 +00:00"),
        ("2021-02-30", "2021-03-02 00:00:00 +00:00"),
        ("2020-02-30", "2020-03-01 00:00:00 +00:00"),
        ("2020-01-01 24:00", "2020-01-02 00:00:00 +00:00"),
        ("2020-01-01 23:59:60", "2020-01-02 00:00:00 +00:00"),
        ("2020-04-31 23:00 -0500", "2020-04-30 23:00:00 -05:00"),
        ("2020-01-01 99:00 +0100", "2020-01-05 03:00:00 +01:00"),
        ("2020-00-01 00:00 +0100", "2020-01-01 00:00:00 +01:00"),
        (
            "2020-01-01 10:00 +23:59:59",
            "2020-01-01 10:00:00 +23:59:59",
        ),
        ("10:00 GMT-5", "2026-01-01 10:00:00 +00:00"),
        ("10:00 pm", "2026-01-01 22:00:00 +00:00"),
        ("2021-11-07 01:30 EDT", "2021-11-07 01:30:00 -04:00"),
        ("2020-366", "2020-12-31 00:00:00 +00:00"),
        ("1.2.2020", "2020-02-01 00:00:00 +00:00"),
        ("H20.1.1", "2008-01-01 00:00:00 +00:00"),
        ("Tuesday, 3rd of March", "2026-03-01 00:00:00 +00:00"),
        ("'06", "2006-01-01 00:00:00 +00:00"),
        ("12/25", "2026-12-25 00:00:00 +00:00"),
        ("10.5", "2026-01-01 00:00:10.500 +00:00"),
        ("20200101T1000.5", "2020-01-01 00:10:00.500 +00:00"),
        (
            "2020-01-01T00:00:00.123456789123Z",
            "2020-01-01 00:00:00.123456789 +00:00",
        ),
        ("-1000-07-01", "-1000-07-01 00:00:00 +00:00"),
        ("2020-13-01", "error: mon out of range"),
        ("2020-01-00", "error: mday out of range"),
        ("2020-01-32", "error: argument out of range"),
        ("2020-01-01 24:01", "error: min out of range"),
        ("25:00", "error: hour out of range"),
        ("2021-366", "error: yday 366 out of range"),
        ("2020-01-01 10:00 +24:00", "error: utc_offset out of range"),
        ("2020-W05-3", "error: no time information in \"2020-W05-3\""),
        ("", "error: no time information in \"\""),
        (
            "2020-01-01 99999999999999999999:00",
            "error: bignum too big to convert into `long'",
        ),
        (
            "99999999999 pm",
            "error: integer 99999999999 too big to convert to `int'",
        ),
    ] {
        assert_eq!(parse(input), want, "{input:?}");
    }
    let long = "x".repeat(129);
    assert_eq!(
        parse(&long),
        "error: string length (129) exceeds the limit 128"
    );
}

#[test]
fn local_gaps_and_overlaps() {
    let ny = Some(chrono_tz::America::New_York);
    // spring forward: read with the offset before the gap
    assert_eq!(
        parse_in("2021-03-14 02:30", ny),
        "2021-03-14 03:30:00 -04:00"
    );
    // fall back: the later instant
    assert_eq!(
        parse_in("2021-11-07 01:30", ny),
        "2021-11-07 01:30:00 -05:00"
    );
    assert_eq!(parse_in("1800-01-01", ny), "1800-01-01 00:00:00 -04:56:02");
    let paris = Some(chrono_tz::Europe::Paris);
    // the local zone's own abbreviations are zones too
    assert_eq!(
        parse_in("2020-01-01 10:00 CEST", paris),
        "2020-01-01 10:00:00 +02:00"
    );
}

/// Any string at all — random code points, the characters the patterns turn
/// on — parses to a time or an error, never a panic.
#[test]
fn never_panics() {
    let mut x: u64 = 0x5eed;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let pool: Vec<char> =
        "0123456789 -+',./:@[]apmtzwhsbcedTZWAPMjanfebrsuoctvylgi\t\n\u{0}é中ſ\u{212a}\u{301}٣２"
            .chars()
            .collect();
    let zone = TzZone(Some(chrono_tz::America::New_York));
    for _ in 0..20_000 {
        let len = next() % 60;
        let s: String = (0..len)
            .map(|_| match next() % 4 {
                0 => char::from_u32((next() % 0x11_0000) as u32).unwrap_or('?'),
                _ => pool[(next() % pool.len() as u64) as usize],
            })
            .collect();
        let _ = time_parse(&s, now(), &zone);
    }
}
