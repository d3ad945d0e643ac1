//! Rebuilds as `serve` runs them, exact by construction. The first build,
//! and any after a configuration change, a watcher overflow or a failed
//! build, is a full in-memory render. The others are incremental
//! (`incremental`): the site is read again (unchanged files from the memo),
//! compared with the last good build, and only the pages a change can reach
//! are rendered. Either way only outputs whose bytes changed are written and
//! stale ones removed, and the changed destinations go to the browsers.
//! An edited static file that no template can observe is copied alone.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use crate::config::{Config, Overrides};
use crate::site::drops::Ctx;
use crate::site::Site;
use crate::writer::Source;

use super::incremental::{self, Fallback, Previous};
use super::livereload::Event;
use super::overlay::describe;

/// What one output was, to tell whether the next build changed it.
#[derive(Debug, Clone, Eq)]
enum Fingerprint {
    Text(Arc<str>),
    File {
        src: PathBuf,
        len: u64,
        modified: Option<SystemTime>,
    },
}

impl PartialEq for Fingerprint {
    fn eq(&self, other: &Fingerprint) -> bool {
        match (self, other) {
            // an output carried over is the same allocation: no need to compare bytes
            (Fingerprint::Text(a), Fingerprint::Text(b)) => Arc::ptr_eq(a, b) || a == b,
            (
                Fingerprint::File { src, len, modified },
                Fingerprint::File {
                    src: s2,
                    len: l2,
                    modified: m2,
                },
            ) => src == s2 && len == l2 && modified == m2,
            _ => false,
        }
    }
}

impl Fingerprint {
    fn of(site: &Site, src: &Source) -> Fingerprint {
        match src {
            Source::Doc(id) => Fingerprint::Text(
                site.docs[*id]
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
        }
    }
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

/// The first part of an incremental rebuild: the pages browsers show.
#[derive(Debug, Clone)]
pub struct Early {
    pub generation: u64,
    /// Destinations written so far (leading `/`).
    pub changed: Vec<String>,
    /// Destinations the rest of the rebuild may still change: not to be served until it ends.
    pub pending: HashSet<String>,
    pub elapsed: Duration,
}

impl Early {
    pub fn event(&self) -> Event {
        Event::Partial {
            generation: self.generation,
            changed: self.changed.clone(),
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
    /// The last good build, which an incremental rebuild starts from.
    previous: Option<Previous>,
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
            memo: {
                // the serve loop reports every changed path (`rebuild`'s `paths`)
                let m = crate::memo::Memo::new();
                m.trust_watcher();
                m
            },
            previous: None,
        }
    }

    /// The configuration of the last build that got as far as loading it.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref()
    }

    /// Rebuild after `paths` changed (all of them when empty), choosing the
    /// narrowest exact path.
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Outcome {
        self.rebuild_hot(paths, &HashSet::new(), &mut |_| {})
    }

    /// `rebuild`, rendering first the outputs in `hot` (destinations with a
    /// leading `/`: the pages browsers show). When an incremental rebuild has
    /// written those, `early` hears of them, with the outputs still pending,
    /// before the rest is rendered; the returned outcome lists only the rest.
    pub fn rebuild_hot(
        &mut self,
        paths: &[PathBuf],
        hot: &HashSet<String>,
        early: &mut dyn FnMut(Early),
    ) -> Outcome {
        let start = Instant::now();
        self.generation += 1;
        let generation = self.generation;
        let narrow = self.has_good && !self.failing && !paths.is_empty();
        let narrow = narrow && !self.touches_config(paths);
        let mut announce = |mut changed: Vec<String>, pending: HashSet<String>| {
            changed.sort();
            early(Early {
                generation,
                changed,
                pending,
                elapsed: start.elapsed(),
            })
        };
        // a panic (a bug in hyde) fails this rebuild, not the server: the
        // last good site stays served and the next change builds afresh
        let attempt = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if narrow && self.static_only(paths) {
                ("static", self.statics(paths))
            } else if narrow && self.previous.is_some() {
                match self.incremental(paths, hot, &mut announce) {
                    Ok(changed) => ("incremental", Ok(changed)),
                    Err(Fallback::Failed(e)) => ("incremental", Err(e)),
                    Err(Fallback::Ambiguous) => ("full", self.full()),
                }
            } else {
                ("full", self.full())
            }
        }));
        let (kind, result) = attempt.unwrap_or_else(|p| {
            self.previous = None;
            let e = crate::error::Error::Internal {
                file: "the site".into(),
                message: crate::error::panic_message(p.as_ref()),
            };
            ("full", Err(e.to_string()))
        });
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
        // documents read under another configuration or `site.time` are not
        // reused, nor files the watcher may not have reported
        self.memo.forget_all_files();
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
            let fp = Fingerprint::of(&site, &src);
            now.insert(dest, fp);
        }
        let mut lap = crate::profiler::Lap::start(site.profiler.is_some());
        crate::writer::write(&site).map_err(|e| e.to_string())?;
        lap.end(site.profiler.as_ref(), crate::profiler::Phase::Write);
        // `profile: true` (`--profile`): Jekyll's tables after each whole build
        if let Some(p) = site.profiler.as_ref().filter(|_| !site.config.quiet) {
            print!("{}", p.report());
        }
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
        self.previous = None;
        if reported.is_empty() {
            if let Some((keys, index)) = incremental::key_index(&site) {
                self.previous = Some(Previous { site, keys, index });
            }
            self.has_good = true;
            Ok(changed)
        } else {
            // the first build: written so there is something to see, and shown as failed
            Err(reported)
        }
    }

    /// Whether a configuration file is among `paths` (everything is read again).
    fn touches_config(&self, paths: &[PathBuf]) -> bool {
        let Some(c) = &self.config else { return true };
        c.file_paths().iter().any(|f| paths.contains(f))
    }

    /// Read the site again (unchanged files from the memo), render what the
    /// changes reach, write the outputs whose bytes changed.
    fn incremental(
        &mut self,
        paths: &[PathBuf],
        hot: &HashSet<String>,
        early: &mut dyn FnMut(Vec<String>, HashSet<String>),
    ) -> Result<Vec<String>, Fallback> {
        let failed = |e: String| Fallback::Failed(e);
        let (Some(config), Some(prev)) = (self.config.clone(), self.previous.take()) else {
            return Err(Fallback::Ambiguous);
        };
        let trace = Trace::new();
        self.memo.forget_files(paths);
        let mut site = Site::new(config);
        // `site.time` stays that of the session's first build, as in a full rebuild's output
        site.time = prev.site.time;
        site.memo = Some(self.memo.clone());
        site.track_deps = true;
        site.read().map_err(|e| failed(e.to_string()))?;
        trace.mark("read");
        crate::plugins::generate(&mut site).map_err(|e| failed(e.to_string()))?;
        trace.mark("generate");
        let Some((keys, index)) = incremental::key_index(&site) else {
            return Err(Fallback::Ambiguous);
        };
        trace.mark("keys");
        let mut changes = incremental::compare(&prev, &site, &keys, &index, paths);
        trace.mark("compare");
        let site = Arc::new(site);
        let ctx = Ctx::new(site.clone());
        let next = incremental::Next {
            ctx: &ctx,
            keys: &keys,
            index: &index,
        };
        let plan = crate::writer::plan(&site);
        let dest_root = site.config.destination.clone();
        let hot_ids: HashSet<usize> = plan
            .iter()
            .filter_map(|(dest, src)| match src {
                Source::Doc(id) if hot.contains(&slash(dest)) => Some(*id),
                _ => None,
            })
            .collect();
        trace.mark("plan");
        let mut now: HashMap<String, Fingerprint> = HashMap::with_capacity(self.outputs.len());
        let mut changed = Vec::new();
        let mut write_error: Option<String> = None;
        let outputs = &mut self.outputs;
        let sync = |only: Option<&HashSet<usize>>,
                    now: &mut HashMap<String, Fingerprint>,
                    changed: &mut Vec<String>|
         -> Result<(), String> {
            use rayon::prelude::*;
            let mut writes = Vec::new();
            for (dest, src) in &plan {
                if now.contains_key(dest) {
                    continue;
                }
                if let (Some(only), Source::Doc(id)) = (only, src) {
                    if !only.contains(id) {
                        continue;
                    }
                }
                let fp = Fingerprint::of(&site, src);
                if outputs.get(dest) != Some(&fp) {
                    writes.push((dest, src, fp.clone()));
                    changed.push(slash(dest));
                }
                now.insert(dest.clone(), fp);
            }
            writes
                .par_iter()
                .map(|(dest, src, fp)| {
                    let target = dest_root.join(dest);
                    match (fp, src) {
                        (Fingerprint::Text(t), _) => write_file(&dest_root, &target, t.as_bytes()),
                        (_, Source::Static(f)) => copy_static(&dest_root, &target, &f.path),
                        _ => Ok(()),
                    }
                })
                .collect::<Result<Vec<()>, String>>()?;
            Ok(())
        };
        let mut on_hot = |done: &[usize]| {
            // the pages browsers show first, with the static files; the rest is pending
            let ids: HashSet<usize> = done.iter().copied().collect();
            trace.mark("render the shown pages");
            let mut first = Vec::new();
            if let Err(e) = sync(Some(&ids), &mut now, &mut first) {
                write_error = Some(e);
                return;
            }
            let pending: HashSet<String> = plan
                .iter()
                .filter(|(d, _)| !now.contains_key(d))
                .map(|(d, _)| slash(d))
                .collect();
            changed.extend(first.iter().cloned());
            trace.mark("write the shown pages");
            early(first, pending);
        };
        let (errors, rendered) =
            incremental::render(&prev, &next, &mut changes, &hot_ids, &mut on_hot);
        drop(ctx);
        trace.mark(&format!("render {} of {}", rendered.len(), site.docs.len()));
        if trace.on() {
            let names: Vec<&str> = rendered
                .iter()
                .take(12)
                .map(|&i| site.docs[i].relative_path.as_str())
                .collect();
            eprintln!("hyde trace: rendered {names:?}");
        }
        if let Some(e) = write_error {
            return Err(failed(e));
        }
        if let Some(e) = errors.into_iter().next() {
            return Err(failed(e.to_string()));
        }
        let reported = reported_errors(&site);
        if !reported.is_empty() {
            return Err(failed(reported));
        }
        // what the early announcement already covered is not announced again
        let announced: HashSet<String> = changed.drain(..).collect();
        sync(None, &mut now, &mut changed).map_err(failed)?;
        changed.retain(|d| !announced.contains(d));
        for gone in self.outputs.keys().filter(|d| !now.contains_key(*d)) {
            remove_output(&dest_root, &dest_root.join(gone));
            changed.push(slash(gone));
        }
        trace.mark("write");
        self.outputs = now;
        self.previous = Some(Previous { site, keys, index });
        // the old build is a thousand documents to free: not on the way to the event
        let _ = std::thread::Builder::new()
            .name("hyde-drop".into())
            .spawn(move || drop(prev));
        Ok(changed)
    }

    /// Whether every path is an existing static file of the last build that
    /// no template can observe (jekyll-sitemap lists the modification time of
    /// `.html`/`.pdf` static files, so those take the full path).
    fn static_only(&self, paths: &[PathBuf]) -> bool {
        let markdown = |ext: &str| {
            self.config
                .as_ref()
                .is_some_and(|c| c.is_markdown_ext(&format!(".{ext}")))
        };
        paths.iter().all(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase());
            // a Markdown file without front matter is also a page when
            // jekyll-optional-front-matter or jekyll-readme-index runs
            let observable = matches!(ext.as_deref(), Some("html" | "htm" | "xhtml" | "pdf"))
                || ext.as_deref().is_some_and(markdown);
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
            copy_static(&dest_root, &target, src)?;
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

/// Phase timings on stderr when `HYDE_SERVE_TRACE` is set (for profiling the dev server).
struct Trace {
    on: bool,
    last: std::cell::Cell<Instant>,
}

impl Trace {
    fn new() -> Trace {
        Trace {
            on: std::env::var_os("HYDE_SERVE_TRACE").is_some(),
            last: std::cell::Cell::new(Instant::now()),
        }
    }
    fn on(&self) -> bool {
        self.on
    }
    fn mark(&self, what: &str) {
        if self.on {
            let now = Instant::now();
            eprintln!(
                "hyde trace: {what}: {:.1} ms",
                (now - self.last.get()).as_secs_f64() * 1000.0
            );
            self.last.set(now);
        }
    }
}

/// Errors the build reported without stopping (front matter...), one per line.
fn reported_errors(site: &Site) -> String {
    site.errors.lock().map(|e| e.join("\n")).unwrap_or_default()
}

fn slash(dest: &str) -> String {
    format!("/{}", dest.trim_start_matches('/'))
}

/// Copy a static file, keeping its modification time (as the writer does).
fn copy_static(root: &Path, target: &Path, src: &Path) -> Result<(), String> {
    prepare(root, target)?;
    crate::writer::copy_static(src, target).map_err(|e| e.to_string())
}

/// Remove an output that is no longer produced, and the folders it leaves empty.
fn remove_output(root: &Path, path: &Path) {
    let inside = path.strip_prefix(root).is_ok_and(|rel| {
        rel.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
    });
    if !inside {
        return;
    }
    let _ = std::fs::remove_file(path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Write `bytes` to `path` (inside `root`), replacing a symlink rather than following it.
fn write_file(root: &Path, path: &Path, bytes: &[u8]) -> Result<(), String> {
    prepare(root, path)?;
    crate::writer::overwrite(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Make way for an output at `path`: refuse it outside `root`, create its
/// folder, and remove a symlink standing there (never written through).
fn prepare(root: &Path, path: &Path) -> Result<(), String> {
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
    Ok(())
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
