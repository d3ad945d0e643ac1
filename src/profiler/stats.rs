//! Per template file render statistics, as Jekyll's `LiquidRenderer`
//! keeps them: each render of a file counts once, adds the bytes it made
//! and the seconds it took (its includes' time included: the clocks nest).
//!
//! Pages render on several threads at once, so the counts are kept behind
//! a lock; a render is measured with a [`Probe`] and counted once done.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// What the renders of one file added up to.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FileStats {
    /// How many times the file was rendered.
    pub count: u64,
    /// The bytes those renders made, together.
    pub bytes: u64,
    /// Their time, in seconds.
    pub seconds: f64,
}

/// The statistics of every file rendered so far in a build.
#[derive(Debug, Default)]
pub struct RenderStats {
    files: Mutex<HashMap<String, FileStats>>,
}

impl RenderStats {
    /// Count one render.
    pub fn add(&self, sample: Sample) {
        let Ok(mut files) = self.files.lock() else {
            return;
        };
        let s = match files.get_mut(sample.file.as_str()) {
            Some(s) => s,
            None => files.entry(sample.file).or_default(),
        };
        s.count += 1;
        s.bytes += sample.bytes as u64;
        s.seconds += sample.elapsed.as_secs_f64();
    }

    /// Every file's statistics, in no particular order.
    pub fn snapshot(&self) -> Vec<(String, FileStats)> {
        self.files
            .lock()
            .map(|f| f.iter().map(|(k, v)| (k.clone(), *v)).collect())
            .unwrap_or_default()
    }
}

/// The clock of one render, started before the template is parsed (as
/// Jekyll's `LiquidRenderer::File#parse` is timed too).
#[derive(Clone, Copy, Debug)]
pub struct Probe {
    start: Instant,
}

impl Probe {
    /// Start the clock.
    pub fn start() -> Probe {
        Probe {
            start: Instant::now(),
        }
    }

    /// The render of `file` ended now, having made `bytes`.
    pub fn sample(self, file: String, bytes: usize) -> Sample {
        Sample {
            file,
            bytes,
            elapsed: self.start.elapsed(),
        }
    }
}

/// One measured render, not counted yet (a document converted twice by
/// two threads at once counts only for the one whose result is kept).
#[derive(Debug)]
pub struct Sample {
    file: String,
    bytes: usize,
    elapsed: Duration,
}

impl Sample {
    /// A render that took no time of its own: an include inside one served
    /// from the include memo (the lookup's time is the outer include's).
    pub fn untimed(file: String, bytes: usize) -> Sample {
        Sample {
            file,
            bytes,
            elapsed: Duration::ZERO,
        }
    }

    /// The file rendered.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The bytes the render made.
    pub fn bytes(&self) -> usize {
        self.bytes
    }
}

/// The "Site Render Stats" rows (Jekyll's `LiquidRenderer::Table`): the
/// `max` slowest files, then their totals.
pub(super) fn table_rows(mut files: Vec<(String, FileStats)>, max: usize) -> Vec<Vec<String>> {
    // slowest first; equal times by name, so that the table is stable
    files.sort_by(|a, b| b.1.seconds.total_cmp(&a.1.seconds).then(a.0.cmp(&b.0)));
    files.truncate(max);
    let mut rows = vec![vec![
        "Filename".to_string(),
        "Count".to_string(),
        "Bytes".to_string(),
        "Time".to_string(),
    ]];
    let mut total = FileStats::default();
    for (name, s) in &files {
        total.count += s.count;
        total.bytes += s.bytes;
        total.seconds += s.seconds;
        rows.push(row(name.clone(), s));
    }
    rows.push(row(format!("TOTAL (for {} files)", files.len()), &total));
    rows
}

fn row(name: String, s: &FileStats) -> Vec<String> {
    vec![
        name,
        s.count.to_string(),
        kilobytes(s.bytes),
        format!("{:.3}", s.seconds),
    ]
}

/// `format("%.2fK", bytes / 1024.0)`.
fn kilobytes(bytes: u64) -> String {
    format!("{:.2}K", bytes as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_add_up_per_file() {
        let stats = RenderStats::default();
        for bytes in [100, 28] {
            stats.add(Probe::start().sample("_layouts/a.html".into(), bytes));
        }
        stats.add(Probe::start().sample("_includes/b.html".into(), 0));
        let mut files = stats.snapshot();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let counts: Vec<(&str, u64, u64)> = files
            .iter()
            .map(|(n, s)| (n.as_str(), s.count, s.bytes))
            .collect();
        assert_eq!(
            counts,
            [("_includes/b.html", 1, 0), ("_layouts/a.html", 2, 128)]
        );
    }

    #[test]
    fn rows_slowest_first_at_most_max_with_totals() {
        let file = |n: &str, seconds: f64| {
            (
                n.to_string(),
                FileStats {
                    count: 2,
                    bytes: 1536,
                    seconds,
                },
            )
        };
        let rows = table_rows(vec![file("a", 0.1), file("b", 0.3), file("c", 0.2)], 2);
        let names: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names, ["Filename", "b", "c", "TOTAL (for 2 files)"]);
        assert_eq!(rows[1], ["b", "2", "1.50K", "0.300"]);
        assert_eq!(rows[3], ["TOTAL (for 2 files)", "4", "3.00K", "0.500"]);
    }
}
