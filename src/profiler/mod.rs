//! Jekyll's `--profile` (the config key `profile: true`): how long each
//! phase of the build took and, per template file, how often it was
//! rendered, how many bytes those renders made and how long they took —
//! the two tables `jekyll build --profile` prints after the build
//! (Jekyll's `Profiler` and `LiquidRenderer` stats).
//!
//! Off (the usual case), a build holds no [`Profiler`]: each render checks
//! one `Option` and reads no clock, takes no lock and allocates nothing.

mod names;
mod phases;
mod stats;
mod table;

pub use names::{document_file, layout_file};
pub use phases::{Lap, Phase};
pub use stats::{FileStats, Probe, RenderStats, Sample};

use std::sync::Mutex;

use crate::config::Config;

/// The rows of the render table Jekyll prints at most.
const MAX_ROWS: usize = 50;

/// What one profiled build measured.
#[derive(Debug, Default)]
pub struct Profiler {
    /// Seconds per phase, in [`Phase::ALL`] order.
    phases: Mutex<[f64; Phase::ALL.len()]>,
    /// Per template file: renders, bytes, seconds.
    pub renders: RenderStats,
}

impl Profiler {
    /// Whether the site asks for a profile (a truthy `profile` key).
    pub fn wanted(config: &Config) -> bool {
        config.get("profile").is_truthy()
    }

    /// A profiler when the site asks for one.
    pub fn for_config(config: &Config) -> Option<Profiler> {
        Profiler::wanted(config).then(Profiler::default)
    }

    /// Add `seconds` to `phase`.
    pub fn add_phase(&self, phase: Phase, seconds: f64) {
        if let Ok(mut p) = self.phases.lock() {
            p[phase as usize] += seconds;
        }
    }

    /// Both tables as Jekyll's logger prints them (each line ends with a
    /// newline; the blank lines and the trailing spaces are Jekyll's: its
    /// logger pads a topic with a space, and a topic that begins with a
    /// newline prints a blank line first).
    pub fn report(&self) -> String {
        let phases = self.phases.lock().map(|p| *p).unwrap_or_default();
        let mut out = String::new();
        out.push_str("\nBuild Process Summary: \n");
        out.push_str(&logged_table(&phases::summary_rows(&phases)));
        out.push_str("\nSite Render Stats: \n");
        out.push_str(&logged_table(&stats::table_rows(
            self.renders.snapshot(),
            MAX_ROWS,
        )));
        out
    }
}

/// `Jekyll.logger.info Profiler.tabulate(rows)`: a newline, the table, a
/// newline, then the space the logger adds after its topic.
fn logged_table(rows: &[Vec<String>]) -> String {
    format!("\n{}\n \n", table::tabulate(rows))
}
