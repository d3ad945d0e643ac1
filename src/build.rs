//! One whole build: config → read → generate → render → write, with
//! Jekyll's progress lines.

use std::sync::Arc;
use std::time::Instant;

use crate::config::{Config, Overrides};
use crate::error::{Error, Result};
use crate::profiler::{Lap, Phase, Profiler};
use crate::site::drops::Ctx;
use crate::site::Site;

/// The outcome of a build that did not fail outright.
pub struct Built {
    pub site: Arc<Site>,
    pub files: usize,
    pub seconds: f64,
}

pub fn load_config(ov: &Overrides) -> Result<Config> {
    Config::load(ov)
}

/// Read, generate and render a site in memory; the first render error fails it.
pub fn render(config: Config) -> Result<Arc<Site>> {
    let (site, errors) = render_partial(config)?;
    match errors.into_iter().next() {
        Some(e) => Err(e),
        None => Ok(site),
    }
}

/// Read, generate and render; pages that failed to render are left without
/// output and their errors returned beside the site.
pub fn render_partial(config: Config) -> Result<(Arc<Site>, Vec<Error>)> {
    render_with(config, None)
}

/// `render_partial` with conversions remembered in `memo` across builds.
pub fn render_with(
    config: Config,
    memo: Option<Arc<crate::memo::Memo>>,
) -> Result<(Arc<Site>, Vec<Error>)> {
    render_opts(config, memo, false)
}

/// Read, generate, render; with `stream`, each page is written to the
/// destination as soon as it is rendered (and its output then dropped).
fn render_opts(
    config: Config,
    memo: Option<Arc<crate::memo::Memo>>,
    stream: bool,
) -> Result<(Arc<Site>, Vec<Error>)> {
    if let Some(m) = &memo {
        m.begin_build();
    }
    // Jekyll's ensure_not_in_dest: cleaning such a destination would delete the sources
    if config.source.starts_with(&config.destination) {
        return Err(Error::Config {
            path: config.destination.clone(),
            message: "Destination directory cannot be or contain the Source directory: choose another --destination (the default is _site).".into(),
        });
    }

    let mut lap = Lap::start(Profiler::wanted(&config));
    let mut site = Site::new(config);
    // the dev server (the only user of a memo) also wants each page's reads
    site.track_deps = memo.is_some();
    // the dev server's memo holds every conversion after its first build, which
    // alone reads the disk cache (`render_with` is called with a fresh memo)
    if memo.as_ref().is_none_or(|m| m.is_fresh()) {
        site.disk_cache = crate::cache::DiskCache::open(&site.config);
    }
    site.memo = memo;
    crate::timings::mark("configured");
    lap.end(site.profiler.as_ref(), Phase::Reset);
    site.read()?;
    crate::timings::mark("read");
    lap.end(site.profiler.as_ref(), Phase::Read);
    crate::plugins::generate(&mut site)?;
    lap.end(site.profiler.as_ref(), Phase::Generate);
    if stream {
        site.stream = Some(crate::writer::prepare_stream(&site)?);
    }
    crate::timings::mark("generated, destination cleaned");
    lap.end(site.profiler.as_ref(), Phase::Cleanup);
    let site = Arc::new(site);
    let ctx = Ctx::new(site.clone());
    let mut errors = crate::render::render_site(&ctx);
    crate::timings::mark("rendered");
    drop(ctx);
    if let Some(cache) = &site.disk_cache {
        cache.save();
    }
    if let Some(github) = &site.config.github {
        // what Ruby raises when a page reads `site.github` without a repository
        if let Some(e) = github.0.take_errors().into_iter().next() {
            errors.push(Error::Other(format!(
                "Liquid Exception: {e} (a page reads site.github)"
            )));
        }
        for line in github.0.take_log() {
            if line.message == crate::plugins::github_metadata::SITE_NAME_WARNING {
                site.warn(format!("GitHub Metadata: {}", line.message));
            }
        }
    }
    lap.end(site.profiler.as_ref(), Phase::Render);
    Ok((site, errors))
}

/// The lines `jekyll build` and `jekyll serve` start with, plus the
/// profile and why it was chosen (and, with `--verbose`, the plugins that run).
pub fn print_header(config: &Config) {
    if config.quiet {
        return;
    }
    let say = |t: &str, m: &str| println!("{}", crate::site::format_log(t, m));
    match config.files.first() {
        Some(f) => say("Configuration file:", &f.display().to_string()),
        None => say("Configuration file:", "none"),
    }
    say(
        "Profile:",
        &format!(
            "{} ({})",
            config.profile.name(),
            config.profile_reason.describe()
        ),
    );
    for (topic, message) in &config.notices {
        say(topic, message);
    }
    if config.verbose {
        say("Plugins:", &config.plugins.join(", "));
    }
    say("Source:", &config.source.display().to_string());
    say("Destination:", &config.destination.display().to_string());
    say("Generating...", "");
}

/// `hyde build`.
pub fn build(config: Config) -> Result<Built> {
    let start = Instant::now();
    let quiet = config.quiet;
    let say = |t: &str, m: &str| {
        if !quiet {
            println!("{}", crate::site::format_log(t, m));
        }
    };
    print_header(&config);
    let (site, errors) = render_opts(config, None, true)?;
    let mut lap = Lap::start(site.profiler.is_some());
    // what rendered is written (as the dev server would show it); the build still fails
    let files = crate::writer::write(&site)?;
    crate::timings::mark("written");
    lap.end(site.profiler.as_ref(), Phase::Write);
    if let Some(first) = errors.into_iter().next() {
        return Err(first);
    }
    if let Some(profiler) = site.profiler.as_ref().filter(|_| !quiet) {
        print!("{}", profiler.report());
    }
    let seconds = start.elapsed().as_secs_f64();

    say("", &format!("done in {seconds:.3} seconds."));
    Ok(Built {
        site,
        files,
        seconds,
    })
}
