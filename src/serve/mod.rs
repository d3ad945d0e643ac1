//! `hyde serve`: build once, serve the destination over HTTP, watch the
//! source, rebuild exactly after each change, and tell the browsers (live
//! reload, CSS swap, error overlay). The serve state lives here, not in globals.

pub mod detach;
pub mod http;
pub mod incremental;
pub mod livereload;
pub mod mime;
pub mod overlay;
pub mod rebuild;
pub mod resolve;
pub mod watch;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::config::{Config, Overrides};
use crate::site::format_log;

use http::{Mount, Shared};
use livereload::Hub;
use rebuild::{Outcome, Rebuilder};

/// A change is acted on once the source has been quiet this long
/// (`HYDE_SERVE_DEBOUNCE_MS` overrides it, e.g. on a loaded CI machine).
pub const DEBOUNCE_QUIET: Duration = Duration::from_millis(15);

fn debounce_quiet() -> Duration {
    std::env::var("HYDE_SERVE_DEBOUNCE_MS")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .map(Duration::from_millis)
        .unwrap_or(DEBOUNCE_QUIET)
}
/// Once every file written is closed, the source need only be quiet this
/// long (unless `HYDE_SERVE_DEBOUNCE_MS` asks for more patience).
pub const DEBOUNCE_SETTLED: Duration = Duration::from_millis(2);

fn debounce_settled() -> Duration {
    if std::env::var_os("HYDE_SERVE_DEBOUNCE_MS").is_some() {
        debounce_quiet()
    } else {
        DEBOUNCE_SETTLED
    }
}
/// ...or once this much time passed since the first event of a batch.
pub const DEBOUNCE_MAX: Duration = Duration::from_millis(500);

/// How many changed paths a "Regenerating" message lists.
const SHOWN_PATHS: usize = 20;

/// `hyde serve`'s options (build flags are in `overrides`).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub overrides: Overrides,
    /// `-H`; `host` in `_config.yml`, else 127.0.0.1.
    pub host: Option<String>,
    /// `-P`; `port` in `_config.yml`, else 4000. 0 picks a free port.
    pub port: Option<u16>,
    pub watch: bool,
    pub livereload: bool,
    pub open_url: bool,
    /// `--skip-initial-build`: serve the destination as it is until a change.
    pub skip_initial_build: bool,
    /// `--show-dir-listing`.
    pub show_dir_listing: bool,
    /// `--livereload-ignore`: a batch of changed source files that all match
    /// one of these globs (relative to the source) rebuilds without reloading.
    pub livereload_ignore: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Build(#[from] crate::error::Error),
    #[error("could not listen on {addr}: {message} (is another server running? try --port)")]
    Listen { addr: String, message: String },
    #[error("could not watch {}: {message}", path.display())]
    Watch { path: PathBuf, message: String },
    /// The first build failed (its message was printed).
    #[error("the build failed")]
    Failed(String),
}

/// The address browsers use (Jekyll says `localhost` for 127.0.0.1).
pub fn local_url(host: &str, port: u16) -> String {
    let host = match host {
        "127.0.0.1" => "localhost".to_string(),
        h if h.contains(':') && !h.starts_with('[') => format!("[{h}]"),
        h => h.to_string(),
    };
    format!("http://{host}:{port}")
}

/// Run the server until the process is stopped.
pub fn run(opts: Options) -> Result<(), ServeError> {
    let first = Config::load(&opts.overrides)?;
    let host = opts
        .host
        .clone()
        .or_else(|| crate::utils::scalar_string(first.get("host")))
        .unwrap_or_else(|| "127.0.0.1".into());
    let port = opts
        .port
        .or_else(|| crate::utils::scalar_string(first.get("port")).and_then(|p| p.parse().ok()))
        .unwrap_or(4000);
    let server =
        tiny_http::Server::http((host.as_str(), port)).map_err(|e| ServeError::Listen {
            addr: format!("{host}:{port}"),
            message: e.to_string(),
        })?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or(port);
    let server = Arc::new(server);

    let mut overrides = opts.overrides.clone();
    if first.environment == "development" && overrides.url.is_none() {
        overrides.url = Some(local_url(&host, port));
    }
    let quiet = first.quiet;
    let say = |t: &str, m: &str| {
        if !quiet {
            println!("{}", format_log(t, m));
        }
    };
    crate::build::print_header(&first);
    let mut builder = Rebuilder::new(overrides);
    let outcome = if opts.skip_initial_build || first.get("skip_initial_build").is_truthy() {
        say(
            "Build Warning:",
            "Skipping the initial build. This may result in an out-of-date site.",
        );
        None
    } else {
        let outcome = builder.rebuild(&[]);
        report(&outcome, quiet);
        Some(outcome)
    };
    let config = builder.config().cloned().unwrap_or(first);
    let listings = opts.show_dir_listing || config.get("show_dir_listing").is_truthy();

    let shared = Arc::new(Shared {
        hub: Hub::new(),
        livereload: opts.livereload,
        listings,
        mount: RwLock::new(Mount {
            root: config.destination.clone(),
            baseurl: config.baseurl.clone(),
        }),
        gate: http::Gate::default(),
    });
    if let Some(outcome) = &outcome {
        shared.hub.publish(outcome.event());
    }
    let http = {
        let (server, shared) = (server.clone(), shared.clone());
        std::thread::Builder::new()
            .name("hyde-accept".into())
            .spawn(move || http::serve(server, shared))
            .map_err(|e| ServeError::Listen {
                addr: format!("{host}:{port}"),
                message: e.to_string(),
            })?
    };
    let watch = if opts.watch {
        Some(start_watch(&config)?)
    } else {
        say("Auto-regeneration:", "disabled. Use --watch to enable.");
        None
    };
    if opts.livereload {
        say(
            "LiveReload address:",
            &format!("{}{}", local_url(&host, port), livereload::EVENTS_PATH),
        );
    }
    let address = format!(
        "http://{}:{port}{}/",
        if host.contains(':') {
            format!("[{host}]")
        } else {
            host.clone()
        },
        resolve::normalize_baseurl(&config.baseurl)
    );
    // always printed: tests and scripts read the address from this line
    println!("{}", format_log("Server address:", &address));
    say("Server running...", "press ctrl-c to stop.");
    if opts.open_url {
        open_browser(&address);
    }

    if let Some(w) = watch {
        // `--livereload-ignore`, else `livereload_ignore:` in the configuration
        let ignore = if opts.livereload_ignore.is_empty() {
            match config.get("livereload_ignore") {
                crate::liquid::Value::Array(a) => {
                    a.iter().filter_map(crate::utils::scalar_string).collect()
                }
                v => crate::utils::scalar_string(v).into_iter().collect(),
            }
        } else {
            opts.livereload_ignore.clone()
        };
        watch_loop(&w, &mut builder, &shared, &config, &ignore);
    }
    let _ = http.join();
    Ok(())
}

/// Start watching the source (by polling with `force_polling`) and say so.
fn start_watch(config: &Config) -> Result<watch::Watch, ServeError> {
    let files = watch::Filter::new(config).config_files().to_vec();
    let polling = config.get("force_polling").is_truthy();
    let w = watch::Watch::new(&config.source, &files, polling).map_err(|e| ServeError::Watch {
        path: config.source.clone(),
        message: e.to_string(),
    })?;
    if !config.quiet {
        println!(
            "{}",
            format_log(
                "Auto-regeneration:",
                &format!("enabled for '{}'", config.source.display())
            )
        );
    }
    Ok(w)
}

/// `hyde build --watch`: build, then rebuild after each change until the
/// process is stopped, with the dev server's rebuilds but no server.
pub fn watch_build(overrides: Overrides) -> Result<(), ServeError> {
    let first = Config::load(&overrides)?;
    crate::build::print_header(&first);
    let mut builder = Rebuilder::new(overrides);
    let outcome = builder.rebuild(&[]);
    report(&outcome, first.quiet);
    if let Some(e) = &outcome.error {
        return Err(ServeError::Failed(e.clone()));
    }
    let config = builder.config().cloned().unwrap_or(first);
    let shared = Shared {
        hub: Hub::new(),
        livereload: false,
        listings: false,
        mount: RwLock::new(Mount {
            root: config.destination.clone(),
            baseurl: config.baseurl.clone(),
        }),
        gate: http::Gate::default(),
    };
    let w = start_watch(&config)?;
    watch_loop(&w, &mut builder, &shared, &config, &[]);
    Ok(())
}

/// Rebuild after each batch of changes and tell the browsers, until the
/// watcher stops.
fn watch_loop(
    w: &watch::Watch,
    builder: &mut Rebuilder,
    shared: &Shared,
    config: &Config,
    livereload_ignore: &[String],
) {
    let quiet = config.quiet;
    let say = |t: &str, m: &str| {
        if !quiet {
            println!("{}", format_log(t, m));
        }
    };
    // from here on, what a rebuild frees stays for the next one
    crate::keep_freed_memory();
    let mut filter = watch::Filter::new(config);
    let quiet_for = debounce_quiet();
    let max = DEBOUNCE_MAX.max(quiet_for * 4);
    let settled = debounce_settled();
    while let Some(batch) = w.next_batch(&filter, quiet_for, settled, max) {
        let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        if batch.everything {
            say(
                "Regenerating:",
                &format!("the watcher lost track; rebuilding all at {now}"),
            );
        } else {
            say(
                "Regenerating:",
                &format!("{} file(s) changed at {now}", batch.paths.len()),
            );
            for p in batch.paths.iter().take(SHOWN_PATHS) {
                let shown = p.strip_prefix(&config.source).unwrap_or(p);
                say("", &shown.display().to_string());
            }
            if batch.paths.len() > SHOWN_PATHS {
                say(
                    "",
                    &format!("...and {} more", batch.paths.len() - SHOWN_PATHS),
                );
            }
        }
        let paths: &[PathBuf] = if batch.everything { &[] } else { &batch.paths };
        // as in Jekyll, ignored files rebuild the site but reload no browser
        let silent = !paths.is_empty()
            && !livereload_ignore.is_empty()
            && paths.iter().all(|p| {
                let rel = p.strip_prefix(&config.source).unwrap_or(p);
                let rel = rel.to_string_lossy();
                livereload_ignore
                    .iter()
                    .any(|g| crate::utils::fnmatch(g, &rel))
            });
        let hot = shared.hub.viewed();
        let outcome = builder.rebuild_hot(paths, &hot, &mut |early| {
            shared.gate.hold(early.pending.clone());
            if silent {
                return;
            }
            if !quiet {
                println!(
                    "{}",
                    format_log(
                        "",
                        &format!(
                            "...the page(s) shown in browsers in {:.3} seconds, reloading them.",
                            early.elapsed.as_secs_f64()
                        )
                    )
                );
            }
            shared.hub.publish(early.event());
        });
        shared.gate.release();
        report(&outcome, quiet);
        if let Some(c) = builder.config() {
            filter = watch::Filter::new(c);
            if let Ok(mut m) = shared.mount.write() {
                m.root = c.destination.clone();
                m.baseurl = c.baseurl.clone();
            }
        }
        if !silent || outcome.error.is_some() {
            shared.hub.publish(outcome.event());
        }
    }
}

fn report(outcome: &Outcome, quiet: bool) {
    match &outcome.error {
        Some(e) => {
            for (i, line) in e.lines().enumerate() {
                eprintln!("{}", format_log(if i == 0 { "Error:" } else { "" }, line));
            }
            eprintln!(
                "{}",
                format_log("", "build failed; the last good output is still served.")
            );
        }
        None if !quiet => println!(
            "{}",
            format_log(
                "",
                &format!(
                    "...done in {:.3} seconds ({} build, {} output(s) changed).",
                    outcome.elapsed.as_secs_f64(),
                    outcome.kind,
                    outcome.changed.len()
                )
            )
        ),
        None => {}
    }
}

fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(cmd).arg(url).spawn() {
        eprintln!(
            "{}",
            format_log("Warning:", &format!("could not open {url}: {e}"))
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_url_as_jekyll_writes_it() {
        assert_eq!(local_url("127.0.0.1", 4000), "http://localhost:4000");
        assert_eq!(local_url("0.0.0.0", 8080), "http://0.0.0.0:8080");
        assert_eq!(local_url("::1", 4000), "http://[::1]:4000");
    }
}
