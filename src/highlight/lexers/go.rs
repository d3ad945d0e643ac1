//! rouge's `go` lexer (no Ruby blocks: all of it is in its table).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Hooks, Machine};
use crate::highlight::tables::go as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The go lexer (no instance variables).
pub struct Go;

/// A fresh go lexer.
pub fn new() -> Machine<Go> {
    Machine::new(Go)
}

impl Hooks for Go {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }
}
