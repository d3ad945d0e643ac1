//! Watching the source with notify: which paths matter (not the destination,
//! `.git`, `target/`, caches, excluded paths, or names Jekyll never reads),
//! and debouncing — events are gathered until the folder has been quiet for
//! a moment, so an editor's save (temp file, rename, several events) gives
//! one rebuild — and as soon as every written file is closed, that moment
//! is short.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode};

use crate::config::Config;

/// Folders never watched, wherever they are.
const IGNORED_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "target",
    ".jekyll-cache",
    ".sass-cache",
];

/// Which changed paths can affect the build.
#[derive(Debug, Clone)]
pub struct Filter {
    source: PathBuf,
    destination: PathBuf,
    /// hyde's build cache, which each build may rewrite.
    cache: PathBuf,
    exclude: Vec<String>,
    include: Vec<String>,
    config_files: Vec<PathBuf>,
}

impl Filter {
    /// The config files, absolute.
    pub fn config_files(&self) -> &[PathBuf] {
        &self.config_files
    }

    pub fn new(config: &Config) -> Filter {
        Filter {
            source: config.source.clone(),
            destination: config.destination.clone(),
            cache: crate::cache::folder(config),
            exclude: config
                .exclude
                .iter()
                .map(|e| e.trim_matches('/').to_string())
                .filter(|e| !e.is_empty())
                .collect(),
            include: config.include.clone(),
            config_files: config.file_paths(),
        }
    }

    /// Whether a change at `p` cannot affect the build.
    pub fn ignored(&self, p: &Path) -> bool {
        if self.config_files.iter().any(|c| c == p) {
            return false;
        }
        if p.starts_with(&self.destination) || p.starts_with(&self.cache) {
            return true;
        }
        let Ok(rel) = p.strip_prefix(&self.source) else {
            return true;
        };
        let names: Vec<&str> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(n) => n.to_str(),
                _ => None,
            })
            .collect();
        if names.iter().any(|n| IGNORED_DIRS.contains(n)) {
            return true;
        }
        // names Jekyll's EntryFilter skips unless `include`d: .hidden, #autosave#, backup~
        if names.iter().any(|n| {
            (n.starts_with('.') || n.starts_with('#') || n.ends_with('~'))
                && !self.include.iter().any(|i| i == n)
        }) {
            return true;
        }
        let rel = names.join("/");
        self.exclude
            .iter()
            .any(|e| !e.contains('*') && (rel == *e || rel.starts_with(&format!("{e}/"))))
    }
}

/// A batch of changes: the paths (sorted, unique); `everything` when the
/// watcher lost track (overflow, error) and a full rebuild is due.
#[derive(Debug, Default)]
pub struct Batch {
    pub paths: Vec<PathBuf>,
    pub everything: bool,
}

/// How often `--force_polling` looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(500);

/// A recursive watch on the source folder.
pub struct Watch {
    _watcher: Box<dyn notify::Watcher + Send>,
    rx: Receiver<notify::Result<notify::Event>>,
}

impl Watch {
    /// Watch `source`, and the folders of `extra` files outside it (config
    /// files given with `--config`); with `polling` (`--force_polling`), by
    /// looking at every file twice a second instead of asking the system.
    pub fn new(source: &Path, extra: &[PathBuf], polling: bool) -> notify::Result<Watch> {
        let (tx, rx) = mpsc::channel();
        let send = move |ev| {
            let _ = tx.send(ev);
        };
        let mut watcher: Box<dyn notify::Watcher + Send> = if polling {
            let every = notify::Config::default().with_poll_interval(POLL_EVERY);
            Box::new(notify::PollWatcher::new(send, every)?)
        } else {
            Box::new(notify::recommended_watcher(send)?)
        };
        watcher.watch(source, RecursiveMode::Recursive)?;
        for f in extra {
            if !f.starts_with(source) {
                if let Some(dir) = f.parent() {
                    watcher.watch(dir, RecursiveMode::NonRecursive)?;
                }
            }
        }
        Ok(Watch {
            _watcher: watcher,
            rx,
        })
    }

    /// Block until a change that matters, then gather changes until none came
    /// for `quiet` (or `max` passed). `None` when the watcher stopped.
    ///
    /// Once every file written in the batch has been closed (the editor
    /// finished saving), only `settled` of quiet is waited for: a save is
    /// acted on within a millisecond or two, while a rename that follows
    /// the write at once still joins the batch.
    pub fn next_batch(
        &self,
        filter: &Filter,
        quiet: Duration,
        settled: Duration,
        max: Duration,
    ) -> Option<Batch> {
        loop {
            let mut paths = BTreeSet::new();
            let mut open = BTreeSet::new();
            let mut batch = Batch::default();
            let first = self.rx.recv().ok()?;
            absorb(first, filter, &mut paths, &mut open, &mut batch);
            if paths.is_empty() && !batch.everything {
                continue;
            }
            let deadline = Instant::now() + max;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                let wait = if open.is_empty() { settled } else { quiet };
                match self.rx.recv_timeout(wait.min(left)) {
                    Ok(ev) => absorb(ev, filter, &mut paths, &mut open, &mut batch),
                    Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => break,
                }
            }
            batch.paths = paths.into_iter().collect();
            return Some(batch);
        }
    }
}

/// Add an event to the batch; `open` holds the files written and not yet closed.
fn absorb(
    ev: notify::Result<notify::Event>,
    filter: &Filter,
    paths: &mut BTreeSet<PathBuf>,
    open: &mut BTreeSet<PathBuf>,
    batch: &mut Batch,
) {
    use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
    match ev {
        Ok(ev) => {
            if let EventKind::Access(a) = ev.kind {
                if a == AccessKind::Close(AccessMode::Write) {
                    for p in &ev.paths {
                        open.remove(p);
                    }
                }
                return;
            }
            if ev.need_rescan() {
                batch.everything = true;
            }
            let writing = matches!(
                ev.kind,
                EventKind::Create(CreateKind::File)
                    | EventKind::Modify(ModifyKind::Data(_))
                    | EventKind::Modify(ModifyKind::Any)
            );
            for p in ev.paths {
                if !filter.ignored(&p) {
                    if writing {
                        open.insert(p.clone());
                    }
                    paths.insert(p);
                }
            }
        }
        Err(_) => batch.everything = true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter() -> Filter {
        Filter {
            source: PathBuf::from("/s"),
            destination: PathBuf::from("/s/_site"),
            cache: PathBuf::from("/s/cache/hyde"),
            exclude: vec!["vendor/bundle".into(), "Gemfile".into(), "notes".into()],
            include: vec![".htaccess".into()],
            config_files: vec![PathBuf::from("/s/_config.yml")],
        }
    }

    #[test]
    fn what_is_ignored() {
        let f = filter();
        for p in [
            "/s/_site/index.html",
            "/s/.git/index",
            "/s/target/x",
            "/s/.jekyll-cache/a",
            "/s/cache/hyde/markdown.cache",
            "/s/_posts/.a.md.swp",
            "/s/_posts/a.md~",
            "/s/#a.md#",
            "/s/vendor/bundle/x.rb",
            "/s/notes/x.md",
            "/s/Gemfile",
            "/elsewhere/a.md",
        ] {
            assert!(f.ignored(Path::new(p)), "{p}");
        }
        for p in [
            "/s/_posts/a.md",
            "/s/_config.yml",
            "/s/.htaccess",
            "/s/_sass/_x.scss",
            "/s/notes.md",
            "/s/Gemfile.md",
            "/s/_site.md",
        ] {
            assert!(!f.ignored(Path::new(p)), "{p}");
        }
    }
}
