//! The six phases of Jekyll's `Site#process` and the stopwatch that times
//! hyde's build against them.
//!
//! hyde's build maps onto them so: RESET is making the site (its time, the
//! build cache opened); READ is the reader; GENERATE the plugins'
//! generators; CLEANUP is preparing the destination (hyde cleans it before
//! rendering, as it writes each page as soon as it is rendered, where
//! Jekyll cleans after); RENDER is rendering — which, for that reason,
//! includes writing the pages — with the build cache saved; WRITE is what
//! is written after rendering (static files, pages not streamed).

use std::time::Instant;

use super::Profiler;

/// A phase of Jekyll's `Site#process`, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Reset,
    Read,
    Generate,
    Render,
    Cleanup,
    Write,
}

impl Phase {
    /// Every phase, in the order Jekyll runs and prints them.
    pub const ALL: [Phase; 6] = [
        Phase::Reset,
        Phase::Read,
        Phase::Generate,
        Phase::Render,
        Phase::Cleanup,
        Phase::Write,
    ];

    /// The name Jekyll prints (`method.to_s.upcase`).
    fn label(self) -> &'static str {
        match self {
            Phase::Reset => "RESET",
            Phase::Read => "READ",
            Phase::Generate => "GENERATE",
            Phase::Render => "RENDER",
            Phase::Cleanup => "CLEANUP",
            Phase::Write => "WRITE",
        }
    }
}

/// A stopwatch over consecutive phases; it reads the clock only when the
/// build is profiled.
#[derive(Debug)]
pub struct Lap {
    last: Option<Instant>,
}

impl Lap {
    /// Start timing when `profiled`.
    pub fn start(profiled: bool) -> Lap {
        Lap {
            last: profiled.then(Instant::now),
        }
    }

    /// The phase that started at the last lap ended now: its time goes to
    /// `profiler`'s `phase`.
    pub fn end(&mut self, profiler: Option<&Profiler>, phase: Phase) {
        if let (Some(last), Some(p)) = (self.last, profiler) {
            let now = Instant::now();
            p.add_phase(phase, now.duration_since(last).as_secs_f64());
            self.last = Some(now);
        }
    }
}

/// Ruby's `Float#round(4)`.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// The rows of the "Build Process Summary" table: each phase's seconds
/// rounded to four places, and their sum (of the rounded times, as Jekyll
/// adds them).
pub(super) fn summary_rows(seconds: &[f64; Phase::ALL.len()]) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["PHASE".to_string(), "TIME".to_string()]];
    let mut total = 0.0;
    for phase in Phase::ALL {
        let t = round4(seconds[phase as usize]);
        total += t;
        rows.push(vec![phase.label().to_string(), format!("{t:.4}")]);
    }
    rows.push(vec!["TOTAL TIME".to_string(), format!("{total:.4}")]);
    rows
}
