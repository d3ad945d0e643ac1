//! Integers of any size, for Ruby's Bignums in YAML (`99999999999999999999`,
//! long hexadecimal, sexagesimal sums): just what reading them needs.

use crate::liquid::Value;

/// A signed integer of any size (base 10^9 limbs, least significant first):
/// enough for Ruby's Bignums in YAML.
#[derive(Clone, Debug)]
pub(super) struct Big {
    neg: bool,
    limbs: Vec<u32>,
}

const BASE: u64 = 1_000_000_000;

impl Big {
    pub(super) fn zero() -> Big {
        Big {
            neg: false,
            limbs: Vec::new(),
        }
    }

    pub(super) fn from_u64(mut v: u64) -> Big {
        let mut limbs = Vec::new();
        while v > 0 {
            limbs.push((v % BASE) as u32);
            v /= BASE;
        }
        Big { neg: false, limbs }
    }

    fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    pub(super) fn neg(mut self) -> Big {
        self.neg = !self.neg && !self.is_zero();
        self
    }

    fn trim(mut self) -> Big {
        while self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
        if self.limbs.is_empty() {
            self.neg = false;
        }
        self
    }

    pub(super) fn mul_small(&self, m: u32) -> Big {
        let mut carry = 0u64;
        let mut limbs = Vec::with_capacity(self.limbs.len() + 1);
        for &l in &self.limbs {
            let x = u64::from(l) * u64::from(m) + carry;
            limbs.push((x % BASE) as u32);
            carry = x / BASE;
        }
        while carry > 0 {
            limbs.push((carry % BASE) as u32);
            carry /= BASE;
        }
        Big {
            neg: self.neg,
            limbs,
        }
        .trim()
    }

    fn cmp_abs(a: &[u32], b: &[u32]) -> std::cmp::Ordering {
        a.len()
            .cmp(&b.len())
            .then_with(|| a.iter().rev().cmp(b.iter().rev()))
    }

    fn add_abs(a: &[u32], b: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
        let mut carry = 0u64;
        for i in 0..a.len().max(b.len()) {
            let x = u64::from(*a.get(i).unwrap_or(&0)) + u64::from(*b.get(i).unwrap_or(&0)) + carry;
            out.push((x % BASE) as u32);
            carry = x / BASE;
        }
        if carry > 0 {
            out.push(carry as u32);
        }
        out
    }

    /// |a| - |b| for |a| >= |b|
    fn sub_abs(a: &[u32], b: &[u32]) -> Vec<u32> {
        let mut out = Vec::with_capacity(a.len());
        let mut borrow = 0i64;
        for (i, &x) in a.iter().enumerate() {
            let mut d = i64::from(x) - i64::from(*b.get(i).unwrap_or(&0)) - borrow;
            borrow = 0;
            if d < 0 {
                d += BASE as i64;
                borrow = 1;
            }
            out.push(d as u32);
        }
        out
    }

    pub(super) fn add(&self, o: &Big) -> Big {
        if self.neg == o.neg {
            return Big {
                neg: self.neg,
                limbs: Big::add_abs(&self.limbs, &o.limbs),
            }
            .trim();
        }
        match Big::cmp_abs(&self.limbs, &o.limbs) {
            std::cmp::Ordering::Less => Big {
                neg: o.neg,
                limbs: Big::sub_abs(&o.limbs, &self.limbs),
            },
            _ => Big {
                neg: self.neg,
                limbs: Big::sub_abs(&self.limbs, &o.limbs),
            },
        }
        .trim()
    }

    fn to_decimal(&self) -> String {
        let mut s = String::new();
        if self.neg {
            s.push('-');
        }
        match self.limbs.split_last() {
            None => s.push('0'),
            Some((top, rest)) => {
                s.push_str(&top.to_string());
                for l in rest.iter().rev() {
                    s.push_str(&format!("{l:09}"));
                }
            }
        }
        s
    }

    /// An Int when it fits 64 bits, else its decimal text.
    pub(super) fn into_value(self) -> Value {
        let text = self.to_decimal();
        match text.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::str(&text),
        }
    }
}
