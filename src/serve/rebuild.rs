//! Rebuilds as `serve` runs them, on top of the build's public API, exact by
//! construction: a full in-memory render, then only outputs whose bytes
//! changed are written (stale ones removed), and the set of changed
//! destinations is computed by comparing each output with the previous
//! build's. Two narrower paths are taken only where they provably give the
//! same result: a Sass partial change renders just the Sass pages; an edited
//! static file (one that no template can observe) is copied alone.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::config::{Config, Overrides};
use crate::site::drops::Ctx;
use crate::site::Site;
use crate::writer::Source;

use super::livereload::Event;
use super::overlay::describe;

/// What one output was, to tell whether the next build changed it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fingerprint {
    Text(Arc<str>),
    File {
        src: PathBuf,
        len: u64,
        modified: Option<SystemTime>,
    },
}

/// The result of one rebuild.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub generation: u64,
    /// Destination paths (leading `/`) written, added or removed.
    pub changed: Vec<String>,
    /// The error, with paths relative to the source, when the build failed.
    pub error: Option<String>,
    pub elapsed: Duration,
    /// Which path was taken: "full", "sass", "static".
    pub kind: &'static str,
}

impl Outcome {
    /// The event browsers get for this outcome.
    pub fn event(&self) -> Event {
        let generation = self.generation;
        if let Some(message) = &self.error {
            return Event::Error {
                generation,
                message: message.clone(),
            };
        }
        let css_only = !self.changed.is_empty()
            && self
                .changed
                .iter()
                .all(|d| d.ends_with(".css") || d.ends_with(".css.map"));
        if css_only {
            Event::Css {
                generation,
                changed: self.changed.clone(),
            }
        } else {
            Event::Reload {
                generation,
                changed: self.changed.clone(),
            }
        }
    }
}

/// The serve loop's builder: the overrides it builds with, and what the last
/// good build wrote.
pub struct Rebuilder {
    overrides: Overrides,
    outputs: HashMap<String, Fingerprint>,
    /// Whether a build has succeeded (until then, builds with reported errors are still written).
    has_good: bool,
    config: Option<Config>,
    generation: u64,
    /// Whether the last rebuild failed: the next one is full, so that the
    /// error is only cleared by a build that proves it gone.
    failing: bool,
    /// Markdown and Sass conversions kept across rebuilds.
    memo: Arc<crate::memo::Memo>,
}

impl Rebuilder {
    pub fn new(overrides: Overrides) -> Rebuilder {
        Rebuilder {
            overrides,
            outputs: HashMap::new(),
            has_good: false,
            config: None,
            generation: 0,
            failing: false,
            memo: crate::memo::Memo::new(),
        }
    }

    /// The configuration of the last build that got as far as loading it.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Rebuild after `paths` changed (all of them when empty), choosing the
    /// narrowest exact path.
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Outcome {
        let start = Instant::now();
        self.generation += 1;
        let narrow = self.has_good && !self.failing && !paths.is_empty();
        let (kind, result) = if narrow && self.sass_only(paths) {
            ("sass", self.sass())
        } else if narrow && self.static_only(paths) {
            ("static", self.statics(paths))
        } else {
            ("full", self.full())
        };
        let source = self
            .config
            .as_ref()
            .map(|c| c.source.clone())
            .or_else(|| self.overrides.source.clone())
            .unwrap_or_default();
        let (mut changed, error) = match result {
            Ok(c) => (c, None),
            Err(e) => (Vec::new(), Some(describe(&e, &source))),
        };
        changed.sort();
        self.failing = error.is_some();
        Outcome {
            generation: self.generation,
            changed,
            error,
            elapsed: start.elapsed(),
            kind,
        }
    }

    /// Read, render and write everything; return the changed destinations.
    fn full(&mut self) -> Result<Vec<String>, String> {
        let config = Config::load(&self.overrides).map_err(|e| e.to_string())?;
        self.config = Some(config.clone());
        let (site, errors) = crate::build::render_with(config, Some(self.memo.clone()))
            .map_err(|e| e.to_string())?;
        if let Some(e) = errors.into_iter().next() {
            return Err(e.to_string());
        }

        let reported = reported_errors(&site);
        if !reported.is_empty() && self.has_good {
            return Err(reported);
        }
        let mut now: HashMap<String, Fingerprint> = HashMap::new();
        for (dest, src) in crate::writer::plan(&site) {
            let fp = match src {
                Source::Doc(id) => Fingerprint::Text(
                    site.docs[id]
                        .output
                        .get()
                        .cloned()
                        .unwrap_or_else(|| Arc::from("")),
                ),
                Source::Static(f) => {
                    let meta = std::fs::metadata(&f.path).ok();
                    Fingerprint::File {
                        src: f.path.clone(),
                        len: meta.as_ref().map(|m| m.len()).unwrap_or(0),
                        modified: meta.and_then(|m| m.modified().ok()),
                    }
                }
            };
            now.insert(dest, fp);
        }
        crate::writer::write(&site).map_err(|e| e.to_string())?;
        let mut changed: Vec<String> = now
            .iter()
            .filter(|(d, fp)| self.outputs.get(*d) != Some(fp))
            .map(|(d, _)| slash(d))
            .collect();
        changed.extend(
            self.outputs
                .keys()
                .filter(|d| !now.contains_key(*d))
                .map(|d| slash(d)),
        );
        self.outputs = now;
        if reported.is_empty() {
            self.has_good = true;
            Ok(changed)
        } else {
            // the first build: written so there is something to see, and shown as failed
            Err(reported)
        }
    }

    /// Whether every path is a Sass partial (under an underscore `sass_dir`,
    /// which nothing but Sass pages can read).
    fn sass_only(&self, paths: &[PathBuf]) -> bool {
        let Some(c) = &self.config else { return false };
        if !c.sass_dir.starts_with('_') || c.sass_dir.contains("..") {
            return false;
        }
        let dir = c.source.join(&c.sass_dir);
        paths.iter().all(|p| p.starts_with(&dir) && p != &dir)
    }

    /// Render only the Sass pages (in the whole site's context) and write those that changed.
    fn sass(&mut self) -> Result<Vec<String>, String> {
        let config = Config::load(&self.overrides).map_err(|e| e.to_string())?;
        let mut site = Site::new(config);
        site.read().map_err(|e| e.to_string())?;
        crate::plugins::generate(&mut site).map_err(|e| e.to_string())?;
        let site = Arc::new(site);
        let ctx = Ctx::new(site.clone());
        let plan = crate::writer::plan(&site);
        let mut changed = Vec::new();
        for (dest, src) in plan {
            let Source::Doc(id) = src else { continue };
            if !site.docs[id].sass {
                continue;
            }
            crate::render::render_document(&ctx, id).map_err(|e| e.to_string())?;
            let out = site.docs[id]
                .output
                .get()
                .cloned()
                .unwrap_or_else(|| Arc::from(""));
            let fp = Fingerprint::Text(out.clone());
            if self.outputs.get(&dest) == Some(&fp) {
                continue;
            }
            let path = site.config.destination.join(&dest);
            write_file(&site.config.destination, &path, out.as_bytes())?;
            self.outputs.insert(dest.clone(), fp);
            changed.push(slash(&dest));
        }
        let reported = reported_errors(&site);
        if !reported.is_empty() {
            return Err(reported);
        }
        Ok(changed)
    }

    /// Whether every path is an existing static file of the last build that
    /// no template can observe (jekyll-sitemap lists the modification time of
    /// `.html`/`.pdf` static files, so those take the full path).
    fn static_only(&self, paths: &[PathBuf]) -> bool {
        paths.iter().all(|p| {
            let observable = matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(|e| e.to_ascii_lowercase())
                    .as_deref(),
                Some("html" | "htm" | "xhtml" | "pdf")
            );
            !observable
                && p.is_file()
                && self
                    .outputs
                    .values()
                    .any(|f| matches!(f, Fingerprint::File { src, .. } if src == p))
        })
    }

    /// Copy the changed static files to their destinations.
    fn statics(&mut self, paths: &[PathBuf]) -> Result<Vec<String>, String> {
        let Some(dest_root) = self.config.as_ref().map(|c| c.destination.clone()) else {
            return Err("no configuration loaded".into());
        };
        let mut changed = Vec::new();
        for (dest, fp) in self.outputs.iter_mut() {
            let Fingerprint::File { src, .. } = fp else {
                continue;
            };
            if !paths.contains(src) {
                continue;
            }
            let meta = std::fs::metadata(&*src).map_err(|e| format!("{}: {e}", src.display()))?;
            let target = dest_root.join(dest.as_str());
            let bytes = std::fs::read(&*src).map_err(|e| format!("{}: {e}", src.display()))?;
            write_file(&dest_root, &target, &bytes)?;
            if let Ok(t) = meta.modified() {
                let _ = std::fs::File::options()
                    .write(true)
                    .open(&target)
                    .and_then(|f| f.set_modified(t));
            }
            *fp = Fingerprint::File {
                src: src.clone(),
                len: meta.len(),
                modified: meta.modified().ok(),
            };
            changed.push(slash(dest));
        }
        Ok(changed)
    }
}

/// Errors the build reported without stopping (front matter...), one per line.
fn reported_errors(site: &Site) -> String {
    site.errors.lock().map(|e| e.join("\n")).unwrap_or_default()
}

fn slash(dest: &str) -> String {
    format!("/{}", dest.trim_start_matches('/'))
}

/// Write `bytes` to `path` (inside `root`), replacing a symlink rather than following it.
fn write_file(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), String> {
    let rel = path
        .strip_prefix(root)
        .map_err(|_| format!("{}: outside the destination", path.display()))?;
    if rel
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        return Err(format!("{}: outside the destination", path.display()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    if let Ok(m) = std::fs::symlink_metadata(path) {
        if m.file_type().is_symlink() {
            let _ = std::fs::remove_file(path);
        }
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(changed: &[&str], error: Option<&str>) -> Outcome {
        Outcome {
            generation: 7,
            changed: changed.iter().map(|s| s.to_string()).collect(),
            error: error.map(String::from),
            elapsed: Duration::ZERO,
            kind: "full",
        }
    }

    #[test]
    fn events_from_outcomes() {
        assert!(matches!(
            outcome(&["/assets/css/main.css", "/assets/css/main.css.map"], None).event(),
            Event::Css { generation: 7, .. }
        ));
        assert!(matches!(
            outcome(&["/assets/css/main.css", "/index.html"], None).event(),
            Event::Reload { .. }
        ));
        assert!(matches!(outcome(&[], None).event(), Event::Reload { .. }));
        assert_eq!(
            outcome(&["/a.css"], Some("a.md:1: bad")).event(),
            Event::Error {
                generation: 7,
                message: "a.md:1: bad".into()
            }
        );
    }
}
