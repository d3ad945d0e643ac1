//! The work one highlight may take.
//!
//! rouge's rules are Ruby regexps run at every scan position, and some
//! backtrack over the rest of the code each time they fail: the Markdown
//! lexer's backtick strings, for one, make a run of 200 backticks in a
//! 15 KB block cost Jekyll a second or two, and a document of such blocks
//! minutes. The matcher counts its steps against a budget proportional to
//! the text being converted; past it, highlighting stops and the caller
//! reports the code as too costly instead of stalling the build. Real code
//! needs a few steps per byte (the corpora's code blocks and the lexers'
//! fixtures at most 22), far below the budget.
//!
//! The budget is per thread and per scope: the first [`Scope`] opened on a
//! thread (a Markdown document, a `{% highlight %}` block) sets it, scopes
//! opened inside it share it.

use std::cell::Cell;

/// Steps allowed per byte of the text a scope covers.
pub const PER_BYTE: u64 = 400;
/// Steps allowed besides (a small text with a costly rule still gets about
/// a second's work).
pub const BASE: u64 = 50_000_000;

thread_local! {
    /// Steps left in the open scope (`None`: no scope, no limit).
    static LEFT: Cell<Option<u64>> = const { Cell::new(None) };
    /// Whether the open scope's budget ran out.
    static OVER: Cell<bool> = const { Cell::new(false) };
}

/// The budget of a scope over `len` bytes. The tests' way to reach the
/// too-costly path with ordinary code: `HYDE_INTERNAL_HIGHLIGHT_STEPS=N`
/// makes every budget N steps.
fn steps_for(len: usize) -> u64 {
    static FIXED: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    let fixed = FIXED.get_or_init(|| {
        std::env::var("HYDE_INTERNAL_HIGHLIGHT_STEPS")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    fixed.unwrap_or_else(|| (len as u64).saturating_mul(PER_BYTE).saturating_add(BASE))
}

/// An open budget; closing the scope that set it removes it.
pub struct Scope {
    owner: bool,
}

/// Opens a budget for `len` bytes of text, unless one is open already.
pub fn enter(len: usize) -> Scope {
    if LEFT.get().is_some() {
        return Scope { owner: false };
    }
    LEFT.set(Some(steps_for(len)));
    OVER.set(false);
    Scope { owner: true }
}

impl Scope {
    /// Whether the budget ran out (in this scope or one sharing it).
    pub fn over(&self) -> bool {
        OVER.get()
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        if self.owner {
            LEFT.set(None);
            OVER.set(false);
        }
    }
}

/// Steps left (`u64::MAX` without a scope).
#[inline]
pub fn left() -> u64 {
    LEFT.get().unwrap_or(u64::MAX)
}

/// Takes `steps` from the budget.
#[inline]
pub fn spend(steps: u64) {
    if let Some(l) = LEFT.get() {
        LEFT.set(Some(l.saturating_sub(steps)));
    }
}

/// Marks the budget spent.
pub fn exhaust() {
    OVER.set(true);
    if LEFT.get().is_some() {
        LEFT.set(Some(0));
    }
}

/// Whether the open budget ran out.
#[inline]
pub fn over() -> bool {
    OVER.get()
}
