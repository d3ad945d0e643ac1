use std::{slice::Iter, sync::Arc, vec::IntoIter};

use codemap::Spanned;

use crate::{
    common::{Brackets, ListSeparator},
    value::Value,
};

/// The pairs are shared, copied when changed (hyde): a map passed to a
/// function or read from a variable is a clone, and Susy's and
/// font-awesome's maps were copied pair by pair at every such use.
#[derive(Debug, Clone, Default)]
pub struct SassMap(Arc<Vec<(Spanned<Value>, Value)>>);

impl PartialEq for SassMap {
    fn eq(&self, other: &Self) -> bool {
        if self.0.len() != other.0.len() {
            return false;
        }
        for (key, value) in self.0.iter() {
            if !other
                .0
                .iter()
                .any(|(key2, value2)| key.node == key2.node && value == value2)
            {
                return false;
            }
        }
        true
    }
}

impl Eq for SassMap {}

impl SassMap {
    pub fn new() -> SassMap {
        SassMap(Arc::new(Vec::new()))
    }

    pub fn new_with(elements: Vec<(Spanned<Value>, Value)>) -> SassMap {
        SassMap(Arc::new(elements))
    }

    /// The pairs, taken when not shared, else copied.
    fn into_pairs(self) -> Vec<(Spanned<Value>, Value)> {
        Arc::try_unwrap(self.0).unwrap_or_else(|shared| (*shared).clone())
    }

    pub fn get(self, key: &Value) -> Option<Value> {
        self.get_ref(key).cloned()
    }

    pub fn get_ref(&self, key: &Value) -> Option<&Value> {
        for (k, v) in self.0.iter() {
            if &k.node == key {
                return Some(v);
            }
        }

        None
    }

    pub fn remove(&mut self, key: &Value) {
        Arc::make_mut(&mut self.0).retain(|(ref k, ..)| k.not_equals(key));
    }

    pub fn merge(&mut self, other: SassMap) {
        for (key, value) in other {
            self.insert(key, value);
        }
    }

    pub fn iter(&self) -> Iter<(Spanned<Value>, Value)> {
        self.0.iter()
    }

    pub fn keys(self) -> Vec<Value> {
        self.0.iter().map(|(k, ..)| k.node.clone()).collect()
    }

    pub fn values(self) -> Vec<Value> {
        self.0.iter().map(|(.., v)| v.clone()).collect()
    }

    pub fn contains(&self, key: &Value) -> bool {
        self.0.iter().any(|(k, ..)| &k.node == key)
    }

    pub fn as_list(self) -> Vec<Value> {
        self.into_pairs()
            .into_iter()
            .map(|(k, v)| Value::List(vec![k.node, v], ListSeparator::Space, Brackets::None))
            .collect()
    }

    /// Appends a pair whose key the caller knows is not in the map.
    pub(crate) fn push_new(&mut self, key: Spanned<Value>, value: Value) {
        Arc::make_mut(&mut self.0).push((key, value));
    }

    /// Returns true if the key already exists
    pub fn insert(&mut self, key: Spanned<Value>, value: Value) -> bool {
        let pairs = Arc::make_mut(&mut self.0);
        for (ref k, ref mut v) in pairs.iter_mut() {
            if k.node == key.node {
                *v = value;
                return true;
            }
        }
        pairs.push((key, value));
        false
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl IntoIterator for SassMap {
    type Item = (Spanned<Value>, Value);
    type IntoIter = IntoIter<Self::Item>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_pairs().into_iter()
    }
}
