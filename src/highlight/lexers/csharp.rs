//! rouge's `csharp` lexer (c#, cs; no Ruby blocks).

use std::sync::LazyLock;

use crate::highlight::engine::{Compiled, Hooks, Machine};
use crate::highlight::tables::csharp as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// The csharp lexer (no instance variables).
pub struct CSharp;

/// A fresh csharp lexer.
pub fn new() -> Machine<CSharp> {
    Machine::new(CSharp)
}

impl Hooks for CSharp {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }
}
