//! Liquid's math filters with Ruby's numbers: `Utils.to_number` makes a
//! Float a BigDecimal (from its `to_s`), a decimal string a BigDecimal and
//! anything else an Integer; Integers are exact at any size, BigDecimal sums
//! and products are exact, quotients carry far more digits than a Float,
//! and a BigDecimal result is printed as `to_f`. An Integer past 64 bits is
//! printed in full (as a string value, the one way `Value` can hold it).

use std::cmp::Ordering;

use super::ruby::{float_to_s, to_integer};
use super::value::Value;

/// `±mag × 10^exp`, `mag` the decimal digits (most significant first, no
/// leading zeros; empty for zero).
#[derive(Clone, Debug)]
struct Dec {
    neg: bool,
    mag: Vec<u8>,
    exp: i64,
}

/// A Ruby number as Liquid's math sees it.
#[derive(Clone, Debug)]
enum N {
    Int(Dec),
    Big(Dec),
    /// A Float Ruby cannot make a BigDecimal of (Infinity, NaN).
    Float(f64),
}

/// Significant digits of a BigDecimal quotient (Ruby keeps at least 32).
const QUOTIENT_DIGITS: usize = 60;

fn trim(mut mag: Vec<u8>) -> Vec<u8> {
    let z = mag.iter().take_while(|&&d| d == 0).count();
    mag.drain(..z);
    mag
}

fn cmp_mag(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn add_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let (mut i, mut j, mut carry) = (a.len(), b.len(), 0u8);
    while i > 0 || j > 0 || carry > 0 {
        let x = if i > 0 { a[i - 1] } else { 0 };
        let y = if j > 0 { b[j - 1] } else { 0 };
        let s = x + y + carry;
        out.push(s % 10);
        carry = s / 10;
        i = i.saturating_sub(1);
        j = j.saturating_sub(1);
    }
    out.reverse();
    trim(out)
}

/// `a - b` for `a >= b`.
fn sub_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let (mut i, mut j, mut borrow) = (a.len(), b.len(), 0i8);
    while i > 0 {
        let x = a[i - 1] as i8 - borrow;
        let y = if j > 0 { b[j - 1] as i8 } else { 0 };
        let (d, br) = if x < y { (x + 10 - y, 1) } else { (x - y, 0) };
        out.push(d as u8);
        borrow = br;
        i -= 1;
        j = j.saturating_sub(1);
    }
    out.reverse();
    trim(out)
}

fn mul_mag(a: &[u8], b: &[u8]) -> Vec<u8> {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    let mut acc = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate().rev() {
        for (j, &y) in b.iter().enumerate().rev() {
            acc[i + j + 1] += x as u32 * y as u32;
        }
        // keep the column sums small
        for k in (1..acc.len()).rev() {
            if acc[k] >= 10 {
                acc[k - 1] += acc[k] / 10;
                acc[k] %= 10;
            }
        }
    }
    trim(acc.into_iter().map(|d| d as u8).collect())
}

/// Long division of magnitudes: quotient and remainder.
fn divmod_mag(a: &[u8], b: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let mut q = Vec::with_capacity(a.len());
    let mut r: Vec<u8> = Vec::new();
    for &d in a {
        r.push(d);
        r = trim(r);
        let mut k = 0;
        while cmp_mag(&r, b) != Ordering::Less {
            r = sub_mag(&r, b);
            k += 1;
        }
        q.push(k);
    }
    (trim(q), r)
}

/// The most trailing zeros a magnitude is given: past it (exponents no real
/// page writes) the digits are cut rather than the allocation failing.
const MAX_ZEROS: i64 = 1 << 20;

fn zeros(mag: &[u8], n: i64) -> Vec<u8> {
    let mut v = mag.to_vec();
    if !v.is_empty() {
        v.extend(std::iter::repeat_n(0, n.clamp(0, MAX_ZEROS) as usize));
    }
    v
}

impl Dec {
    fn zero(neg: bool) -> Dec {
        Dec {
            neg,
            mag: Vec::new(),
            exp: 0,
        }
    }

    fn is_zero(&self) -> bool {
        self.mag.is_empty()
    }

    /// `[-]digits[.digits][e[+-]digits]`.
    fn parse(s: &str) -> Option<Dec> {
        let (neg, s) = match s.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (num, e) = match s.find(['e', 'E']) {
            Some(p) => (&s[..p], s[p + 1..].parse::<i64>().ok()?),
            None => (s, 0),
        };
        let (ip, fp) = num.split_once('.').unwrap_or((num, ""));
        if ip.is_empty() || !ip.bytes().chain(fp.bytes()).all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mag = trim(ip.bytes().chain(fp.bytes()).map(|c| c - b'0').collect());
        Some(Dec {
            neg,
            mag,
            exp: e - fp.len() as i64,
        })
    }

    /// The two magnitudes at a common exponent.
    fn aligned(&self, o: &Dec) -> (Vec<u8>, Vec<u8>, i64) {
        let e = self.exp.min(o.exp);
        (zeros(&self.mag, self.exp - e), zeros(&o.mag, o.exp - e), e)
    }

    fn add(&self, o: &Dec) -> Dec {
        let (a, b, exp) = self.aligned(o);
        if self.neg == o.neg {
            let mag = add_mag(&a, &b);
            let neg = self.neg && (!mag.is_empty() || (self.is_zero() && o.is_zero()));
            return Dec { neg, mag, exp };
        }
        match cmp_mag(&a, &b) {
            Ordering::Equal => Dec::zero(false),
            Ordering::Greater => Dec {
                neg: self.neg,
                mag: sub_mag(&a, &b),
                exp,
            },
            Ordering::Less => Dec {
                neg: o.neg,
                mag: sub_mag(&b, &a),
                exp,
            },
        }
    }

    fn negate(&self) -> Dec {
        Dec {
            neg: !self.neg,
            ..self.clone()
        }
    }

    fn mul(&self, o: &Dec) -> Dec {
        Dec {
            neg: self.neg != o.neg,
            mag: mul_mag(&self.mag, &o.mag),
            exp: self.exp + o.exp,
        }
    }

    /// `self / o` to `QUOTIENT_DIGITS` digits; `None` for a zero divisor.
    fn div(&self, o: &Dec) -> Option<Dec> {
        if o.is_zero() {
            return None;
        }
        let k = (QUOTIENT_DIGITS as i64 + o.mag.len() as i64 - self.mag.len() as i64 + 1).max(0);
        let (q, _) = divmod_mag(&zeros(&self.mag, k), &o.mag);
        Some(Dec {
            neg: self.neg != o.neg,
            mag: q,
            exp: self.exp - o.exp - k,
        })
    }

    /// Floored division and modulo (Ruby's `/` for Integers, `%` for both).
    fn floor_divmod(&self, o: &Dec) -> Option<(Dec, Dec)> {
        if o.is_zero() {
            return None;
        }
        let (a, b, exp) = self.aligned(o);
        let (mut q, mut r) = divmod_mag(&a, &b);
        let differ = self.neg != o.neg;
        if differ && !r.is_empty() {
            q = add_mag(&q, &[1]);
            r = sub_mag(&b, &r);
        }
        let q = Dec {
            neg: differ && !q.is_empty(),
            mag: q,
            exp: 0,
        };
        let r = Dec {
            neg: o.neg && !r.is_empty(),
            mag: r,
            exp,
        };
        Some((q, r))
    }

    /// The integer part and whether a fraction was dropped.
    fn truncated(&self) -> (Vec<u8>, bool) {
        if self.exp >= 0 {
            return (zeros(&self.mag, self.exp), false);
        }
        let keep = self.mag.len() as i64 + self.exp;
        if keep <= 0 {
            return (Vec::new(), !self.mag.is_empty());
        }
        let (ip, fp) = self.mag.split_at(keep as usize);
        (trim(ip.to_vec()), fp.iter().any(|&d| d != 0))
    }

    /// Rounded to an integer: toward -∞ (`floor`), +∞ (`ceil`).
    fn to_int(&self, up: bool) -> Dec {
        let (ip, frac) = self.truncated();
        let bump = frac && (up != self.neg);
        let mag = if bump { add_mag(&ip, &[1]) } else { ip };
        Dec {
            neg: self.neg && !mag.is_empty(),
            mag,
            exp: 0,
        }
    }

    /// Rounded half away from zero to `n` digits after the point.
    fn round(&self, n: i64) -> Dec {
        // no digit past the n-th decimal place: nothing to round
        if self.exp >= n.saturating_neg() {
            return self.clone();
        }
        // the first dropped digit lies before the number's first digit: zero
        let int_digits = self.mag.len() as i64 + self.exp;
        if int_digits.saturating_add(n) < 0 {
            return Dec::zero(self.neg);
        }
        let shifted = Dec {
            exp: self.exp + n,
            ..self.clone()
        };
        let (ip, _) = shifted.truncated();
        // the first dropped digit decides
        let pos = shifted.mag.len() as i64 + shifted.exp; // digits kept
        let next = if pos < 0 {
            0
        } else {
            shifted.mag.get(pos as usize).copied().unwrap_or(0)
        };
        let mag = if next >= 5 { add_mag(&ip, &[1]) } else { ip };
        // BigDecimal keeps the sign of a zero (`-0.001.round(2)` is -0.0)
        Dec {
            neg: self.neg,
            mag,
            exp: -n,
        }
    }

    fn cmp(&self, o: &Dec) -> Ordering {
        let d = self.add(&o.negate());
        match (d.is_zero(), d.neg) {
            (true, _) => Ordering::Equal,
            (false, true) => Ordering::Less,
            (false, false) => Ordering::Greater,
        }
    }

    fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return if self.neg { -0.0 } else { 0.0 };
        }
        let digits: String = self.mag.iter().map(|d| (b'0' + d) as char).collect();
        let v: f64 = format!("{digits}e{}", self.exp).parse().unwrap_or(f64::NAN);
        if self.neg {
            -v
        } else {
            v
        }
    }

    /// An Integer as a Liquid value (its digits when past 64 bits).
    fn int_value(&self) -> Value {
        let mut s = String::new();
        if self.neg && !self.is_zero() {
            s.push('-');
        }
        if self.is_zero() {
            s.push('0');
        }
        s.extend(
            zeros(&self.mag, self.exp)
                .iter()
                .map(|d| (b'0' + d) as char),
        );
        s.parse::<i64>().map(Value::Int).unwrap_or(Value::from(s))
    }
}

/// `String#to_i`: leading whitespace, a sign, digits with single underscores.
fn str_to_i(s: &str) -> Dec {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (neg, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut mag = Vec::new();
    let mut prev_digit = false;
    let b = t.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_digit() {
            mag.push(c - b'0');
            prev_digit = true;
        } else if c == b'_' && prev_digit && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            prev_digit = false;
        } else {
            break;
        }
    }
    let mag = trim(mag);
    Dec {
        neg: neg && !mag.is_empty(),
        mag,
        exp: 0,
    }
}

/// `Liquid::Utils.to_number`.
fn to_number(v: &Value) -> N {
    match v {
        Value::Int(i) => N::Int(str_to_i(&i.to_string())),
        Value::Float(f) => match Dec::parse(&float_to_s(*f)) {
            Some(d) => N::Big(d),
            None => N::Float(*f),
        },
        Value::Str(s) => {
            let t = s.trim_matches(|c: char| c.is_ascii_whitespace() || c == '\0' || c == '\x0b');
            let body = t.strip_prefix('-').unwrap_or(t);
            let decimal = body.split_once('.').is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_digit())
            });
            match Dec::parse(t).filter(|_| decimal) {
                Some(d) => N::Big(d),
                None => N::Int(str_to_i(s)),
            }
        }
        _ => N::Int(Dec::zero(false)),
    }
}

fn value(n: N) -> Value {
    match n {
        N::Int(d) => d.int_value(),
        N::Big(d) => Value::Float(d.to_f64()),
        N::Float(f) => Value::Float(f),
    }
}

fn float_of(n: &N) -> f64 {
    match n {
        N::Int(d) | N::Big(d) => d.to_f64(),
        N::Float(f) => *f,
    }
}

/// `plus`, `minus`, `times`, `divided_by`, `modulo`.
pub(super) fn arithmetic(a: &Value, b: &Value, op: char) -> Result<Value, String> {
    let (x, y) = (to_number(a), to_number(b));
    let (p, q, int) = match (&x, &y) {
        (N::Float(_), _) | (_, N::Float(_)) => {
            let (p, q) = (float_of(&x), float_of(&y));
            return Ok(Value::Float(match op {
                '+' => p + q,
                '-' => p - q,
                '*' => p * q,
                '/' => p / q,
                _ if q == 0.0 => return Err("divided by 0".into()),
                _ => p - q * (p / q).floor(),
            }));
        }
        (N::Int(p), N::Int(q)) => (p, q, true),
        (N::Int(p) | N::Big(p), N::Int(q) | N::Big(q)) => (p, q, false),
    };
    let r = match op {
        '+' => p.add(q),
        '-' => p.add(&q.negate()),
        '*' => p.mul(q),
        '/' if int => p.floor_divmod(q).ok_or("divided by 0")?.0,
        '/' => match p.div(q) {
            Some(d) => d,
            // BigDecimal's x/0: Infinity, -Infinity or NaN
            None if p.is_zero() => return Ok(Value::Float(f64::NAN)),
            None => {
                let neg = p.neg != q.neg;
                return Ok(Value::Float(if neg {
                    f64::NEG_INFINITY
                } else {
                    f64::INFINITY
                }));
            }
        },
        _ => p.floor_divmod(q).ok_or("divided by 0")?.1,
    };
    Ok(if int {
        value(N::Int(r))
    } else {
        value(N::Big(r))
    })
}

fn domain_error(f: f64) -> String {
    if f.is_nan() {
        "Computation results in 'NaN' (Not a Number)".into()
    } else {
        format!("Computation results in '{}'", float_to_s(f))
    }
}

/// `round(n)`: an Integer for `n <= 0` (and for Integer input), a Float otherwise.
pub(super) fn round(input: &Value, digits: Option<&Value>) -> Result<Value, String> {
    // the digits as an Integer (`round` calls `to_int`: truncation)
    let int_of = |d: &Dec| {
        let (ip, _) = d.truncated();
        let t = Dec {
            neg: d.neg,
            mag: ip,
            exp: 0,
        };
        to_integer(&t.int_value()).unwrap_or(if d.neg { i64::MIN } else { i64::MAX })
    };
    let n = match digits.map(to_number) {
        Some(N::Int(d) | N::Big(d)) => int_of(&d),
        None | Some(N::Float(_)) => 0,
    };
    match to_number(input) {
        N::Int(d) if n >= 0 => Ok(d.int_value()),
        N::Int(d) => Ok(d.round(n).int_value()),
        N::Big(d) if n <= 0 => Ok(d.round(n).int_value()),
        N::Big(d) => Ok(Value::Float(d.round(n).to_f64())),
        N::Float(f) => Err(domain_error(f)),
    }
}

/// `ceil` and `floor`: Integers.
pub(super) fn ceil_floor(input: &Value, up: bool) -> Result<Value, String> {
    match to_number(input) {
        N::Int(d) => Ok(d.int_value()),
        N::Big(d) => Ok(d.to_int(up).int_value()),
        N::Float(f) => Err(domain_error(f)),
    }
}

pub(super) fn abs(input: &Value) -> Value {
    match to_number(input) {
        N::Int(d) => value(N::Int(Dec { neg: false, ..d })),
        N::Big(d) => value(N::Big(Dec { neg: false, ..d })),
        N::Float(f) => Value::Float(f.abs()),
    }
}

/// `at_least` (`least`) and `at_most`: the bound when it is past the input.
pub(super) fn bound(input: &Value, limit: &Value, least: bool) -> Value {
    let (x, y) = (to_number(input), to_number(limit));
    let ord = match (&x, &y) {
        (N::Int(a) | N::Big(a), N::Int(b) | N::Big(b)) => b.cmp(a),
        _ => float_of(&y)
            .partial_cmp(&float_of(&x))
            .unwrap_or(Ordering::Equal),
    };
    let pick = if least {
        ord == Ordering::Greater
    } else {
        ord == Ordering::Less
    };
    value(if pick { y } else { x })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(a: Value, b: Value, o: char) -> String {
        super::super::ruby::to_s(&arithmetic(&a, &b, o).unwrap_or(Value::Nil))
    }

    #[test]
    fn ruby_numbers() {
        assert_eq!(op(Value::Float(0.1), Value::Float(0.2), '+'), "0.3");
        assert_eq!(
            op(Value::Int(-7), Value::Int(4_611_686_018_427_387_904), '*'),
            "-32281802128991715328"
        );
        assert_eq!(op(Value::Float(62.375), Value::Float(0.00001), '%'), "0.0");
        assert_eq!(
            op(Value::Float(1e15), Value::Float(3.14158), '+'),
            "1000000000000003.1"
        );
        assert_eq!(op(Value::Int(7), Value::Int(-2), '/'), "-4");
        assert_eq!(op(Value::Float(-0.0), Value::Int(-249), '%'), "0.0");
        let r = round(&Value::Float(1e20), Some(&Value::Int(-1))).unwrap_or(Value::Nil);
        assert_eq!(super::super::ruby::to_s(&r), "100000000000000000000");
        let r = round(&Value::Float(2.675), Some(&Value::Int(2))).unwrap_or(Value::Nil);
        assert_eq!(super::super::ruby::to_s(&r), "2.68");
    }
}
