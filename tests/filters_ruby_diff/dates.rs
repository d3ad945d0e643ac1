//! Date and number cases: `date` with Ruby strftime formats, Jekyll's date
//! filters, arithmetic and float printing.

use crate::cases::{Case, Group};
use crate::common::Rng;
use crate::gen::Vars;
use serde_json::{json, Value as Json};

const DATE_PARTS: &[&str] = &[
    "2024-03-05",
    "2024-3-5",
    "2024/03/05",
    "March 5, 2024",
    "5 March 2024",
    "Mar 5 2024",
    "Tue, 05 Mar 2024",
    "05 Mar 2024",
    "2024-12-31",
    "1999-01-01",
    "2000-02-29",
    "2010-11-07",
    "2010-03-14",
    "1969-12-31",
    "2021-01-03",
    "2020-12-27",
    "2038-01-19",
    "1900-01-01",
    "2024-07-04",
    "January 1, 2025",
    "2016-06-30",
    "20240305",
    "20240305T101010",
];
const TIME_PARTS: &[&str] = &[
    "",
    "",
    " 07:08:09",
    "T07:08:09",
    " 7:08",
    " 07:08:09.123456",
    " 10:00 PM",
    " 12:00 am",
    " 23:59:59",
    " 01:30:00",
    " 02:30:00",
    "T00:00:00.5",
    " 12:34",
];
const ZONE_PARTS: &[&str] = &[
    "", "", "", "Z", " +0000", " -0800", "+05:30", " UTC", " GMT", " EST", " PDT", " +09:00",
    " -00:00", " +1400", "-03:30",
];

/// A date as templates meet them: a Ruby Time, a Date, Unix seconds, or text.
pub fn date_input(r: &mut Rng) -> Json {
    // 1901..2100, both sides of the epoch, DST changes included
    let secs = -2_170_000_000i64 + (r.next() % 6_270_000_000) as i64;
    match r.below(13) {
        0 | 1 => {
            let nanos = if r.chance(50) {
                0
            } else {
                r.below(1_000_000_000) as i64
            };
            // Fixed offsets that are never the run's local ones (a Ruby Time
            // with a fixed offset has no zone name; hyde's `Value::Time` keeps
            // the offset only, and names it as the site's zone)
            let zone = *r.pick(&[
                "utc", "local", "local", "+05:30", "-08:00", "+14:00", "-03:30", "+01:00",
            ]);
            json!({"$time": [secs, nanos, zone]})
        }
        2 => {
            json!({"$date": format!("{}-{:02}-{:02}", 1950 + r.below(100), 1 + r.below(12), 1 + r.below(28))})
        }
        3 => json!(secs.abs()),
        4 => Json::from(secs.abs().to_string()),
        5 => r
            .pick(&[
                json!(null),
                json!(""),
                json!("not a date"),
                json!(1.5),
                json!("2024-02-30"),
                json!("now"),
                json!("Today"),
                json!(true),
            ])
            .clone(),
        6 | 7 => Json::from(soup(r)),
        _ => Json::from(format!(
            "{}{}{}",
            r.word(DATE_PARTS),
            r.word(TIME_PARTS),
            r.word(ZONE_PARTS)
        )),
    }
}

/// Words `Date._parse` looks for, in random order: its heuristics in
/// every combination.
fn soup(r: &mut Rng) -> String {
    const TOKENS: &[&str] = &[
        "2024",
        "03",
        "5",
        "31",
        "99",
        "'99",
        "1st",
        "22nd",
        "Mar",
        "march",
        "Sept",
        "Tue",
        "friday",
        "10:00",
        "7:08:09.25",
        "pm",
        "a.m.",
        "+0900",
        "-03:30",
        "UTC",
        "EST",
        "z",
        "-",
        "/",
        ".",
        ",",
        "T",
        " ",
        " ",
        "bc",
        "AD",
        "12h30m",
        "2024-065",
        "0900",
        "W10",
        "2024-W10-2",
        "--03-05",
        "h26.1.2",
        "x",
        "of",
        "1.2.3",
        "5-mar-2024",
        "2024/3",
        "1969",
        "0",
    ];
    loop {
        let n = 1 + r.below(5);
        let sep = r.word(&["", " ", " "]);
        let s = (0..n).map(|_| r.word(TOKENS)).collect::<Vec<_>>().join(sep);
        // Ruby takes a run of many digits for a year past chrono's
        // (±262,143): such times are left out
        let longest = s
            .split(|c: char| !c.is_ascii_digit())
            .map(str::len)
            .max()
            .unwrap_or(0);
        if longest <= 5 {
            return s;
        }
    }
}

const CONVERSIONS: &str = "aAbBcCdDeFgGhHIjklLmMnNpPrRsStTuUvVwWxXyYzZ+%QEOiq";

/// A strftime format: literal text and directives with Ruby's flags and widths.
pub fn format(r: &mut Rng) -> String {
    let mut f = String::new();
    for _ in 0..1 + r.below(4) {
        if r.chance(25) {
            f.push_str(r.word(&[" ", ", ", "/", "-", "T", "at ", "日", ":", "%"]));
            continue;
        }
        f.push('%');
        if r.chance(35) {
            for _ in 0..1 + r.below(2) {
                f.push_str(r.word(&["-", "_", "0", "^", "#"]));
            }
        }
        if r.chance(20) {
            f.push_str(&(1 + r.below(12)).to_string());
        }
        let c = CONVERSIONS.as_bytes()[r.below(CONVERSIONS.len())] as char;
        if c == 'z' && r.chance(50) {
            f.push_str(r.word(&[":", "::", ":::"]));
        }
        f.push(c);
    }
    f
}

pub fn date(r: &mut Rng, n: usize) -> Group {
    let fixed = [
        "%-d",
        "%e",
        "%Z",
        "%z",
        "%j",
        "%U",
        "%^b",
        "%P",
        "%s",
        "%N",
        "%B %-d, %Y",
        "%a, %d %b %Y",
        "%Y-%m-%dT%H:%M:%S%:z",
        "%-m/%-d/%y",
        "%I:%M %p",
        "%3N",
        "%10A|%-10A|%010d",
        "%c",
        "%+",
        "%::z",
        "%_5m",
        "%^a %#B",
        "%G-W%V-%u",
        "%L",
        "%-I%P",
        "",
    ];
    let cases = (0..n)
        .map(|_| {
            let input = date_input(r);
            let utc_time = input.get("$time").is_some_and(|t| t[2] == "utc");
            let mut v = Vars::new(input);
            let mut f = if r.chance(35) {
                r.word(&fixed).to_string()
            } else {
                format(r)
            };
            // an empty format prints the input: a UTC-mode Ruby Time as
            // `... UTC`, which `Value::Time` cannot tell from a local one
            if f.is_empty() && utc_time {
                f = "%F".into();
            }
            let f = v.arg(Json::from(f), r);
            Case::Render {
                template: format!("[{{{{ s | date: {f} }}}}]"),
                vars: v.json(),
            }
        })
        .collect();
    Group {
        name: "date",
        zoned: true,
        cases,
    }
}

pub fn jekyll_dates(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let v = Vars::new(date_input(r));
            let t = match r.below(9) {
                0 => "{{ s | date_to_xmlschema }}",
                1 => "{{ s | date_to_rfc822 }}",
                2 => "{{ s | date_to_string }}",
                3 => "{{ s | date_to_long_string }}",
                4 => "{{ s | date_to_string: \"ordinal\" }}",
                5 => "{{ s | date_to_long_string: \"ordinal\" }}",
                6 => "{{ s | date_to_string: \"ordinal\", \"US\" }}",
                7 => "{{ s | date_to_long_string: \"ordinal\", \"US\" }}",
                _ => "{{ s | date_to_string: \"x\", \"US\" }}",
            };
            Case::Render {
                template: t.to_string(),
                vars: v.json(),
            }
        })
        .collect();
    Group {
        name: "jekyll_dates",
        zoned: true,
        cases,
    }
}

/// Numbers as templates hold them: integers, floats, numeric strings.
pub fn number(r: &mut Rng) -> Json {
    match r.below(4) {
        0 => r
            .pick(&[
                json!(0),
                json!(1),
                json!(-1),
                json!(3),
                json!(10),
                json!(-7),
                json!(4_611_686_018_427_387_904i64),
                json!(9_007_199_254_740_993i64),
                json!(100),
            ])
            .clone(),
        1 => r
            .pick(&[
                json!(0.1),
                json!(0.2),
                json!(1e20),
                json!(-0.0),
                json!(1.0 / 3.0),
                json!(2.5),
                json!(-2.5),
                json!(1e-5),
                json!(123_456_789.123),
                json!(1e15),
                json!(1e16),
                json!(0.30000000000000004),
                json!(3.14158),
                json!(1.005),
                json!(-1.5),
                json!(0.5),
                json!(1e300),
                json!(2.675),
                json!(7.0),
            ])
            .clone(),
        2 => r
            .pick(&[
                json!("3.5"),
                json!(" 4 "),
                json!("1e3"),
                json!("abc"),
                json!("-0.0"),
                json!("10"),
                json!("1_000"),
                json!("0x1A"),
                json!(".5"),
                json!("5."),
                json!("-2.50"),
                json!(" 2.5\n"),
                json!("12abc"),
                json!(""),
            ])
            .clone(),
        _ => {
            let i = r.below(2001) as i64 - 1000;
            if r.chance(50) {
                json!(i)
            } else {
                json!(i as f64 / 8.0)
            }
        }
    }
}

pub fn numbers(r: &mut Rng, n: usize) -> Group {
    let binary = [
        "plus",
        "minus",
        "times",
        "divided_by",
        "modulo",
        "at_least",
        "at_most",
    ];
    let cases = (0..n)
        .map(|_| {
            let mut v = Vars::new(if r.chance(5) { json!(null) } else { number(r) });
            let t = match r.below(8) {
                0 => "[{{ s }}]".to_string(),
                1 => format!(
                    "[{{{{ s | {} }}}}]",
                    r.word(&["ceil", "floor", "abs", "round"])
                ),
                2 => {
                    let d = v.arg(
                        r.pick(&[
                            json!(0),
                            json!(1),
                            json!(2),
                            json!(-1),
                            json!("2"),
                            json!(3),
                            json!(2.7),
                            json!(-2),
                        ])
                        .clone(),
                        r,
                    );
                    format!("[{{{{ s | round: {d} }}}}]")
                }
                3 => {
                    let a = v.arg(number(r), r);
                    let b = v.arg(number(r), r);
                    format!("[{{{{ s | plus: {a} | times: {b} }}}}]")
                }
                _ => {
                    let a = v.arg(number(r), r);
                    format!("[{{{{ s | {}: {a} }}}}]", r.word(&binary))
                }
            };
            Case::Render {
                template: t,
                vars: v.json(),
            }
        })
        .collect();
    Group {
        name: "numbers",
        zoned: false,
        cases,
    }
}
