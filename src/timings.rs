//! `HYDE_TIMINGS=1`: when each phase of a build ended, on standard error
//! (`hyde: 0.034 s read`), and each page that took long to render, for
//! finding where a slow build spends its time.

use std::sync::OnceLock;
use std::time::Instant;

/// The process's start as this module first saw it (`None`: not asked for).
fn start() -> Option<Instant> {
    static START: OnceLock<Option<Instant>> = OnceLock::new();
    *START.get_or_init(|| std::env::var_os("HYDE_TIMINGS").map(|_| Instant::now()))
}

/// Start the clock (call first thing; later calls do nothing).
pub fn begin() {
    let _ = start();
}

/// Say that `phase` ended now, when timings were asked for.
pub fn mark(phase: &str) {
    if let Some(t) = start() {
        eprintln!("hyde: {:.3} s {phase}", t.elapsed().as_secs_f64());
    }
}

/// Whether timings were asked for.
pub fn on() -> bool {
    start().is_some()
}

/// Say that rendering `page` took `seconds`, when timings were asked for
/// and it took more than 20 ms.
pub fn page(page: &str, seconds: f64) {
    if let Some(t) = start() {
        if seconds > 0.02 {
            eprintln!(
                "hyde: {:.3} s   {page} rendered in {seconds:.3} s",
                t.elapsed().as_secs_f64()
            );
        }
    }
}
