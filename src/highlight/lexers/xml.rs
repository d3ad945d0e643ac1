//! rouge's `xml` lexer (no Ruby blocks: all of it is in its table).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Hooks, Machine};
use crate::highlight::tables::xml as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The xml lexer (no instance variables).
pub struct Xml;

/// A fresh xml lexer.
pub fn new() -> Machine<Xml> {
    Machine::new(Xml)
}

impl Hooks for Xml {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }
}
