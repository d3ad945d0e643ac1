//! Files GitHub will not take: a push with a file over 100 MiB is refused
//! (and GitHub warns from 50 MiB); a published Pages site may be at most 1 GB.

use super::{rel, Finding, Severity};
use crate::config::Config;

const MIB: u64 = 1024 * 1024;
/// GitHub refuses a push with a file larger than this.
pub const REFUSED: u64 = 100 * MIB;
/// GitHub warns about a file larger than this.
pub const WARNED: u64 = 50 * MIB;
/// The largest site GitHub Pages publishes.
pub const SITE_LIMIT: u64 = 1000 * 1000 * 1000;

pub fn check(config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut total = 0u64;
    for path in super::source_files(config) {
        let Ok(len) = std::fs::metadata(&path).map(|m| m.len()) else {
            continue;
        };
        total += len;
        let path = rel(&config.source, &path);
        let size = format!("{:.1} MiB", len as f64 / MIB as f64);
        if len > REFUSED {
            out.push(Finding::new(
                Severity::Error,
                "file-size",
                path,
                None,
                format!("{size}: GitHub refuses to push a file over 100 MiB"),
                "make it smaller (compress the PDF or video), or host it elsewhere and link to it",
            ));
        } else if len > WARNED {
            out.push(Finding::new(
                Severity::Warning,
                "file-size",
                path,
                None,
                format!("{size}: GitHub warns about files over 50 MiB, and they slow every clone"),
                "make it smaller, or host it elsewhere and link to it",
            ));
        }
    }
    if total > SITE_LIMIT {
        out.push(Finding::new(
            Severity::Warning,
            "file-size",
            ".",
            None,
            format!(
                "the site's files come to {} MB: GitHub Pages publishes sites of at most 1 GB",
                total / 1_000_000
            ),
            "move large files (videos, datasets) elsewhere and link to them",
        ));
    }
    out
}
