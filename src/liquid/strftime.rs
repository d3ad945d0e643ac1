//! Ruby's `Time#strftime` and `Date#strftime` (the C `strftime.c` and
//! `date_strftime.c`): flags `-` `_` `0` `^` `#`, widths, `%:z` colons,
//! `E`/`O` modifiers, and unknown directives printed as written. A format
//! that ends inside a directive is Ruby's "invalid format" for a Time.

use std::fmt::Write;

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

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

/// What `%Z` prints for a Ruby Time: `UTC` for a UTC time, the zone's
/// abbreviation for a local time, nothing for a fixed offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Zone {
    Utc,
    Named(String),
    Unnamed,
}

/// The object `strftime` is called on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// A Ruby `Time`.
    Time,
    /// A Ruby `Date` (`%Z` is the offset, `%+` and `%Q` exist).
    Date,
}

#[derive(Default, Clone, Copy)]
struct Spec {
    left: bool,
    upper: bool,
    chcase: bool,
    lower: bool,
    padding: Option<u8>,
    precision: Option<usize>,
    colons: usize,
}

struct Fmt<'a> {
    t: &'a DateTime<FixedOffset>,
    zone: &'a Zone,
    flavor: Flavor,
}

/// `t.strftime(fmt)`; `Err` is Ruby's ArgumentError ("invalid format: ...").
pub fn strftime(
    t: &DateTime<FixedOffset>,
    fmt: &str,
    zone: &Zone,
    flavor: Flavor,
) -> Result<String, String> {
    let f = Fmt { t, zone, flavor };
    let mut out = String::with_capacity(fmt.len() + 16);
    if f.run(fmt, &mut out) {
        Ok(out)
    } else {
        Err(format!("invalid format: {fmt}"))
    }
}

/// Pad `s` on the left to `width` with `pad`, unless `-`.
fn fill(out: &mut String, s: &str, sp: &Spec, width_default: usize) {
    let w = sp.precision.unwrap_or(width_default);
    let n = s.chars().count();
    if !sp.left && w > n {
        let c = sp.padding.unwrap_or(b' ') as char;
        out.extend(std::iter::repeat_n(c, w - n));
    }
    out.push_str(s);
}

impl Fmt<'_> {
    /// Returns false when the format ends inside a directive.
    fn run(&self, fmt: &str, out: &mut String) -> bool {
        let b = fmt.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'%' {
                let run = b[i..]
                    .iter()
                    .position(|&c| c == b'%')
                    .unwrap_or(b.len() - i);
                out.push_str(&fmt[i..i + run]);
                i += run;
                continue;
            }
            let start = i;
            let mut sp = Spec::default();
            i += 1;
            loop {
                let Some(&c) = b.get(i) else {
                    // the format ends inside the directive
                    if self.flavor == Flavor::Date {
                        out.push_str(&fmt[start..]);
                        return true;
                    }
                    return false;
                };
                match c {
                    b'-' => {
                        sp.left = true;
                        sp.padding = None;
                        sp.precision = Some(0);
                    }
                    b'_' => sp.padding = Some(b' '),
                    b'^' => sp.upper = true,
                    b'#' => sp.chcase = true,
                    b'0' => sp.padding = Some(b'0'),
                    b'1'..=b'9' => {
                        let n = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                        sp.precision = fmt[i..i + n].parse().ok();
                        i += n - 1;
                    }
                    b':' => {
                        let n = b[i..].iter().take_while(|&&c| c == b':').count();
                        if n > 3 || b.get(i + n) != Some(&b'z') {
                            self.unknown(fmt, start, i, out);
                            i += 1;
                            break;
                        }
                        sp.colons = n;
                        i += n - 1;
                    }
                    b'E' | b'O' => {
                        let ok: &[u8] = if c == b'E' {
                            b"cCxXyY"
                        } else {
                            b"deHkIlmMSuUVwWy"
                        };
                        if !b.get(i + 1).is_some_and(|n| ok.contains(n)) {
                            self.unknown(fmt, start, i, out);
                            i += 1;
                            break;
                        }
                    }
                    _ => {
                        // a conversion (or an unknown one, printed as written)
                        let len = fmt[i..].chars().next().map_or(1, char::len_utf8);
                        if !self.conversion(c, &mut sp, out) {
                            self.unknown(fmt, start, i + len - 1, out);
                        }
                        i += len;
                        break;
                    }
                }
                i += 1;
            }
        }
        true
    }

    fn unknown(&self, fmt: &str, start: usize, end: usize, out: &mut String) {
        out.push_str(&fmt[start..=end.min(fmt.len() - 1)]);
    }

    /// A number with Ruby's `FMT` (width, `0` or space padding, `-`).
    fn num(&self, out: &mut String, sp: &Spec, v: i64, def_pad: u8, def_width: usize) {
        let w = if sp.left {
            1
        } else {
            match sp.precision {
                Some(p) if p > 0 => p,
                _ => def_width,
            }
        };
        let zero = sp.padding == Some(b'0') || (sp.padding.is_none() && def_pad == b'0');
        let _ = if zero {
            if v < 0 {
                write!(out, "-{:0>w$}", v.unsigned_abs(), w = w.saturating_sub(1))
            } else {
                write!(out, "{v:0>w$}")
            }
        } else {
            write!(out, "{v:>w$}")
        };
    }

    /// Text with case flags and padding.
    fn text(&self, out: &mut String, sp: &Spec, s: &str) {
        let s = if sp.upper {
            s.to_ascii_uppercase()
        } else if sp.lower {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        };
        fill(out, &s, sp, 0);
    }

    /// A composite (`%c`, `%F`...): the inner format, case-converted, padded.
    fn composite(&self, out: &mut String, sp: &Spec, inner: &str) {
        let mut s = String::new();
        self.run(inner, &mut s);
        let s = if sp.upper { s.to_ascii_uppercase() } else { s };
        let n = s.chars().count();
        if let Some(w) = sp.precision {
            if w > n {
                let c = sp.padding.unwrap_or(b' ') as char;
                out.extend(std::iter::repeat_n(c, w - n));
            }
        }
        out.push_str(&s);
    }

    fn conversion(&self, c: u8, sp: &mut Spec, out: &mut String) -> bool {
        let t = self.t;
        let year = t.year() as i64;
        let wday = t.weekday().num_days_from_sunday() as usize;
        match c {
            b'a' | b'A' | b'b' | b'h' | b'B' => {
                if sp.chcase {
                    sp.upper = true;
                }
                let s = match c {
                    b'a' => &DAYS[wday][..3],
                    b'A' => DAYS[wday],
                    b'B' => MONTHS[t.month0() as usize],
                    _ => &MONTHS[t.month0() as usize][..3],
                };
                self.text(out, sp, s);
            }
            b'p' | b'P' => {
                if (c == b'p' && sp.chcase) || (c == b'P' && !sp.chcase && !sp.upper) {
                    sp.upper = false;
                    sp.lower = true;
                }
                self.text(out, sp, if t.hour() < 12 { "AM" } else { "PM" });
            }
            b'Z' => {
                if sp.chcase {
                    sp.upper = false;
                    sp.lower = true;
                }
                let name = match (self.flavor, self.zone) {
                    (Flavor::Date, _) => offset(t.offset().local_minus_utc(), false, 1, None, None),
                    (_, Zone::Utc) => "UTC".to_string(),
                    (_, Zone::Named(n)) => n.clone(),
                    (_, Zone::Unnamed) => String::new(),
                };
                if !name.is_empty() {
                    self.text(out, sp, &name);
                }
            }
            b'%' => fill(out, "%", sp, 0),
            b'n' => fill(out, "\n", sp, 0),
            b't' => fill(out, "\t", sp, 0),
            b'c' => self.composite(out, sp, "%a %b %e %H:%M:%S %Y"),
            b'x' | b'D' => self.composite(out, sp, "%m/%d/%y"),
            b'X' | b'T' => self.composite(out, sp, "%H:%M:%S"),
            b'F' => self.composite(out, sp, "%Y-%m-%d"),
            b'R' => self.composite(out, sp, "%H:%M"),
            b'r' => self.composite(out, sp, "%I:%M:%S %p"),
            b'v' => self.composite(out, sp, "%e-%^b-%4Y"),
            b'+' if self.flavor == Flavor::Date => {
                self.composite(out, sp, "%a %b %e %H:%M:%S %Z %Y")
            }
            b'd' => self.num(out, sp, t.day() as i64, b'0', 2),
            b'e' => self.num(out, sp, t.day() as i64, b' ', 2),
            b'H' => self.num(out, sp, t.hour() as i64, b'0', 2),
            b'k' => self.num(out, sp, t.hour() as i64, b' ', 2),
            b'I' => self.num(out, sp, ((t.hour() + 11) % 12 + 1) as i64, b'0', 2),
            b'l' => self.num(out, sp, ((t.hour() + 11) % 12 + 1) as i64, b' ', 2),
            b'j' => self.num(out, sp, t.ordinal() as i64, b'0', 3),
            b'm' => self.num(out, sp, t.month() as i64, b'0', 2),
            b'M' => self.num(out, sp, t.minute() as i64, b'0', 2),
            b'S' => self.num(out, sp, t.second() as i64, b'0', 2),
            b'w' => self.num(out, sp, wday as i64, b'0', 1),
            b'u' => self.num(out, sp, if wday == 0 { 7 } else { wday as i64 }, b'0', 1),
            b'U' => {
                let v = (t.ordinal0() as i64 + 7 - wday as i64) / 7;
                self.num(out, sp, v, b'0', 2)
            }
            b'W' => {
                let wd = t.weekday().num_days_from_monday() as i64;
                self.num(out, sp, (t.ordinal0() as i64 + 7 - wd) / 7, b'0', 2)
            }
            b'y' => self.num(out, sp, year.rem_euclid(100), b'0', 2),
            b'C' => self.num(out, sp, year.div_euclid(100), b'0', 2),
            b'Y' => self.num(out, sp, year, b'0', if year >= 0 { 4 } else { 5 }),
            b'G' => {
                let y = t.iso_week().year() as i64;
                self.num(out, sp, y, b'0', if y >= 0 { 4 } else { 5 })
            }
            b'g' => self.num(
                out,
                sp,
                (t.iso_week().year() as i64).rem_euclid(100),
                b'0',
                2,
            ),
            b'V' => self.num(out, sp, t.iso_week().week() as i64, b'0', 2),
            b's' => self.num(out, sp, t.timestamp(), b'0', 1),
            b'Q' if self.flavor == Flavor::Date => self.num(out, sp, t.timestamp_millis(), b'0', 1),
            b'L' | b'N' => {
                let w = match sp.precision {
                    Some(p) if p > 0 => p,
                    _ if c == b'L' => 3,
                    _ => 9,
                };
                let ns = if self.flavor == Flavor::Date {
                    0
                } else {
                    t.nanosecond() % 1_000_000_000
                };
                let digits = format!("{ns:09}");
                out.extend(digits.chars().chain(std::iter::repeat('0')).take(w));
            }
            b'z' => {
                // a UTC time under `-` is `-0000` (offset unknown, RFC 2822)
                let minus = sp.left && *self.zone == Zone::Utc && self.flavor == Flavor::Time;
                let s = offset(
                    t.offset().local_minus_utc(),
                    minus,
                    sp.colons,
                    sp.precision,
                    sp.padding,
                );
                out.push_str(&s);
            }
            _ => return false,
        }
        true
    }
}

/// Ruby's `%z` family: `colons` 0 (`+hhmm`), 1 (`+hh:mm`), 2 (`+hh:mm:ss`),
/// 3 (`+hh[:mm[:ss]]`), the hours widened by a width.
fn offset(
    off: i32,
    minus: bool,
    colons: usize,
    precision: Option<usize>,
    padding: Option<u8>,
) -> String {
    let aoff = off.unsigned_abs() as i64;
    // Ruby 3.1 keeps two hour digits under `-` too
    let hw = 2;
    let p = precision.unwrap_or(0);
    let fixed = match colons {
        0 => 3,
        1 => 4,
        2 => 7,
        _ if aoff % 3600 == 0 => 1,
        _ if aoff % 60 == 0 => 4,
        _ => 7,
    };
    let prec = if p <= fixed + hw { hw } else { p - fixed };
    let sign = if off < 0 || minus { '-' } else { '+' };
    let hours = aoff / 3600;
    let mut s = if padding == Some(b' ') {
        format!("{:>w$}", format!("{sign}{hours}"), w = prec + 1)
    } else {
        format!("{sign}{hours:0>prec$}")
    };
    let rest = aoff % 3600;
    if colons == 3 && rest == 0 {
        return s;
    }
    if colons >= 1 {
        s.push(':');
    }
    let _ = write!(s, "{:02}", rest / 60);
    if colons == 3 && rest % 60 == 0 {
        return s;
    }
    if colons >= 2 {
        let _ = write!(s, ":{:02}", rest % 60);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("a time")
    }

    #[test]
    fn ruby_flags_and_widths() {
        let x = t("2024-03-05T07:08:09+01:00");
        let f = |fmt: &str| strftime(&x, fmt, &Zone::Unnamed, Flavor::Time);
        assert_eq!(
            f("%-d %e %b %B %Y %:z %z %-m %I%p %^a %j").as_deref(),
            Ok("5  5 Mar March 2024 +01:00 +0100 3 07AM TUE 065")
        );
        assert_eq!(
            f("%10A|%-10A|%010d|%#b|%#p|%^P|%#P").as_deref(),
            Ok("   Tuesday|Tuesday|0000000005|MAR|am|AM|AM")
        );
        assert_eq!(
            f("%+ %Q %-0q %:a %Ex %Ey").as_deref(),
            Ok("%+ %Q %-0q %:a 03/05/24 24")
        );
        assert_eq!(
            f("%7:z|%::z|%:::z|%8n").as_deref(),
            Ok("+001:00|+01:00:00|+01|       \n")
        );
        assert!(f("%Y%").is_err());
        assert_eq!(
            strftime(&x, "%Z %+", &Zone::Unnamed, Flavor::Date).as_deref(),
            Ok("+01:00 Tue Mar  5 07:08:09 +01:00 2024")
        );
    }
}
