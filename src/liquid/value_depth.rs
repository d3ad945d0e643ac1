//! How deeply arrays and hashes nest in a value, and dropping one nested
//! too deeply for Rust's recursive drop.
//!
//! Every walk over values (`jsonify`, `inspect`, output, equality, drop)
//! recurses once per level, as Ruby's do: Psych fails on YAML nested
//! between 1,000 and 2,000 levels with "stack level too deep". Values are
//! kept within [`MAX_DEPTH`] where they are made — YAML as it is read, the
//! filters that wrap arrays in arrays (`push`, `unshift`, `group_by`) as
//! they run — so that no walk can exhaust a stack.

use std::collections::HashMap;
use std::sync::Arc;

use super::value::Value;

/// Levels of arrays and hashes a value may nest.
pub const MAX_DEPTH: usize = 1000;

/// What a too-deep value's error says.
pub const TOO_DEEP: &str =
    "arrays or hashes nested more than 1000 levels deep (Jekyll fails on them with 'stack level too deep')";

/// Whether `v` nests arrays and hashes deeper than [`MAX_DEPTH`]. Shared
/// parts (YAML aliases) are measured once: an alias bomb costs what it
/// stores, not what it would expand to.
pub fn too_deep(v: &Value) -> bool {
    height(v, MAX_DEPTH, usize::MAX) > MAX_DEPTH
}

/// [`too_deep`] for a filter's result, looking at no more than 100,000
/// elements: a template building arrays of arrays in a loop would otherwise
/// pay for the whole structure at every step. The walk goes down the last
/// element first, where `push` puts the array it wraps, so a chain of
/// those is found however wide it is.
pub fn too_deep_quick(v: &Value) -> bool {
    height(v, MAX_DEPTH, 100_000) > MAX_DEPTH
}

/// A container's identity (its allocation) and its elements, last first.
fn children(v: &Value) -> Option<(usize, Box<dyn Iterator<Item = &Value> + '_>)> {
    match v {
        Value::Array(a) => Some((
            Arc::as_ptr(a) as *const () as usize,
            Box::new(a.iter().rev()),
        )),
        Value::Hash(h) => Some((
            Arc::as_ptr(h) as *const () as usize,
            Box::new(h.values().rev()),
        )),
        _ => None,
    }
}

/// The nesting height of `v` (a scalar 0, `[]` 1), counted up to `cap + 1`
/// without recursion; 0 when that takes more than `steps` elements. A
/// depth-first walk, each container's elements taken one at a time (last
/// first), each shared container measured once.
fn height(v: &Value, cap: usize, mut steps: usize) -> usize {
    struct Frame<'a> {
        key: usize,
        items: Box<dyn Iterator<Item = &'a Value> + 'a>,
        tallest: usize,
    }
    let Some((key, items)) = children(v) else {
        return 0;
    };
    let mut memo: HashMap<usize, usize> = HashMap::new();
    let mut stack = vec![Frame {
        key,
        items,
        tallest: 0,
    }];
    while let Some(top) = stack.last_mut() {
        match top.items.next() {
            Some(child) => {
                steps = match steps.checked_sub(1) {
                    Some(s) => s,
                    None => return 0,
                };
                let Some((key, items)) = children(child) else {
                    continue;
                };
                if let Some(&h) = memo.get(&key) {
                    top.tallest = top.tallest.max(h);
                } else if stack.len() >= cap {
                    return cap + 1;
                } else {
                    stack.push(Frame {
                        key,
                        items,
                        tallest: 0,
                    });
                }
            }
            None => {
                let h = 1 + top.tallest;
                let key = top.key;
                stack.pop();
                memo.insert(key, h);
                match stack.last_mut() {
                    Some(parent) => parent.tallest = parent.tallest.max(h),
                    None => return h,
                }
            }
        }
    }
    0
}

/// Drop `v` level by level: a value too deep for the recursive drop.
pub fn drop_flat(v: Value) {
    let mut stack = vec![v];
    while let Some(mut x) = stack.pop() {
        match &mut x {
            Value::Array(a) => {
                if let Some(items) = Arc::get_mut(a) {
                    stack.append(items);
                }
            }
            Value::Hash(h) => {
                if let Some(m) = Arc::get_mut(h) {
                    stack.extend(std::mem::take(m).into_values());
                }
            }
            _ => {}
        }
        // `x` goes here, emptied or shared (then only a count goes down)
    }
}

/// `v` when within [`MAX_DEPTH`]; otherwise `None`, `v` dropped level by level.
pub fn within_depth(v: Value) -> Option<Value> {
    if too_deep(&v) {
        drop_flat(v);
        None
    } else {
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Value {
        let mut v = Value::Int(1);
        for _ in 0..n {
            v = Value::array(vec![v]);
        }
        v
    }

    #[test]
    fn heights() {
        assert_eq!(height(&Value::Int(1), 10, usize::MAX), 0);
        assert_eq!(height(&chain(1), 10, usize::MAX), 1);
        assert_eq!(height(&chain(7), 10, usize::MAX), 7);
        assert!(!too_deep(&chain(MAX_DEPTH)));
        assert!(too_deep(&chain(MAX_DEPTH + 1)));
        // far deeper than any stack: measured and dropped without recursion
        let deep = chain(1_000_000);
        assert!(too_deep(&deep));
        assert!(within_depth(deep).is_none());
    }

    #[test]
    fn shared_parts_are_measured_once() {
        // a billion laughs: 10^9 leaves, ten distinct arrays
        let mut v = Value::array(vec![Value::str("lol"); 10]);
        for _ in 0..9 {
            v = Value::array(vec![v; 10]);
        }
        assert_eq!(height(&v, MAX_DEPTH, usize::MAX), 10);
    }
}
