//! `hyde clean` (`jekyll clean`): remove what builds leave — the destination,
//! `.jekyll-metadata`, Jekyll's `cache_dir` (hyde's cache inside it) and
//! `.sass-cache` — without building. Unlike Jekyll it refuses to remove a
//! folder that holds the source (a destination of `.` or `..`).

use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::error::{Error, Result};
use crate::site::format_log;

/// What `clean` removes for `config`, each with whether it must be a folder.
fn targets(config: &Config) -> Vec<(PathBuf, bool)> {
    let cache = crate::cache::folder(config);
    let cache_dir = cache.parent().map(Path::to_path_buf).unwrap_or(cache);
    vec![
        (config.destination.clone(), true),
        (config.source.join(".jekyll-metadata"), false),
        (cache_dir, true),
        // Jekyll names it relative to where it runs
        (PathBuf::from(".sass-cache"), true),
    ]
}

/// Remove the build's leftovers of the site `overrides` name.
pub fn clean(overrides: &Overrides) -> Result<()> {
    let config = Config::load(overrides)?;
    let say = |m: String| {
        if !config.quiet {
            println!("{}", format_log("Cleaner:", &m));
        }
    };
    for (path, folder) in targets(&config) {
        let there = if folder {
            path.is_dir()
        } else {
            path.is_file()
        };
        if !there {
            say(format!("Nothing to do for {}.", path.display()));
            continue;
        }
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if config.source.starts_with(&real) {
            return Err(Error::Config {
                path: config.files.first().cloned().unwrap_or_else(|| config.source.clone()),
                message: format!(
                    "{} holds the site's own files: hyde clean does not remove it (check `destination` and `cache_dir`)",
                    path.display()
                ),
            });
        }
        say(format!("Removing {}...", path.display()));
        let removed = if folder {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        removed.map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}
