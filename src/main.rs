//! The `hyde` command: Jekyll's CLI words (`build`, `serve`) and flags.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use hyde::config::Overrides;
use hyde::liquid::Value;
use hyde::profile::Profile;

fn parse_profile(s: &str) -> Result<Profile, String> {
    Profile::parse(s).ok_or_else(|| format!("unknown profile '{s}': use github-pages or jekyll"))
}

#[derive(Parser)]
#[command(
    name = "hyde",
    version = env!("HYDE_LONG_VERSION"),
    about = "Jekyll, rewritten in Rust, for academicpages sites"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build your site (like `jekyll build`)
    #[command(alias = "b")]
    Build(BuildArgs),
    /// Serve your site locally, rebuilding on changes (like `jekyll serve`)
    #[command(alias = "s", alias = "server")]
    Serve(ServeArgs),
    /// Remove the destination, Jekyll's and hyde's caches and metadata, without building (like `jekyll clean`)
    Clean(BuildArgs),
    /// Write _publications/ or _talks/ pages from a BibTeX or TSV file
    /// (like academicpages' markdown_generator scripts)
    Import(hyde::import::Args),
    /// Find what will break once the site is published (like `jekyll doctor`, and more)
    Doctor(DoctorArgs),
    /// Create a new site with hyde's theme in DIR (a new or empty folder)
    New { dir: PathBuf },
    /// Write the GitHub Actions workflow that publishes the site with hyde
    /// (`hyde init github-pages`)
    Init(hyde::init::Args),
}

#[derive(Args)]
struct DoctorArgs {
    /// Source directory (defaults to ./)
    #[arg(short = 's', long = "source")]
    source: Option<PathBuf>,
    /// Custom configuration file(s), comma separated
    #[arg(long = "config", value_delimiter = ',')]
    config: Vec<PathBuf>,
    /// As in `hyde build`: github-pages or jekyll (default: from the site's Gemfile)
    #[arg(long = "profile", value_parser = parse_profile)]
    profile: Option<Profile>,
    /// Output: text (one line per finding) or json (an array of findings)
    #[arg(long = "format", default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

#[derive(Args, Clone)]
struct ServeArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Host to bind to (default 127.0.0.1, or `host` in _config.yml)
    #[arg(short = 'H', long = "host")]
    host: Option<String>,
    /// Port to listen on (default 4000, or `port` in _config.yml; 0 picks a free one)
    #[arg(short = 'P', long = "port")]
    port: Option<u16>,
    /// Reload browsers after each rebuild (the default)
    #[arg(short = 'l', long = "livereload", overrides_with = "no_livereload")]
    livereload: bool,
    /// Do not inject the live-reload script
    #[arg(long = "no-livereload")]
    no_livereload: bool,
    /// Open the site in a browser
    #[arg(short = 'o', long = "open-url")]
    open_url: bool,
    /// Run the server in the background (no watching, as in Jekyll)
    #[arg(short = 'B', long = "detach")]
    detach: bool,
    /// Serve the last build's _site without building first
    #[arg(long = "skip-initial-build")]
    skip_initial_build: bool,
    /// Show a folder's listing instead of its index file
    #[arg(long = "show-dir-listing")]
    show_dir_listing: bool,
    /// Changed files (globs, comma separated, against source paths) that do not reload browsers
    #[arg(long = "livereload-ignore", value_delimiter = ',')]
    livereload_ignore: Vec<String>,
    /// Accepted for Jekyll's sake: browsers reconnect to hyde every half second
    #[arg(long = "livereload-min-delay")]
    livereload_min_delay: Option<f64>,
    /// Accepted for Jekyll's sake: browsers reconnect to hyde every half second
    #[arg(long = "livereload-max-delay")]
    livereload_max_delay: Option<f64>,
    /// Accepted for Jekyll's sake: hyde's live reload uses the site's own port
    #[arg(long = "livereload-port")]
    livereload_port: Option<u16>,
    /// X.509 (SSL) certificate: not supported (hyde serves plain HTTP)
    #[arg(long = "ssl-cert")]
    ssl_cert: Option<String>,
    /// X.509 (SSL) private key: not supported (hyde serves plain HTTP)
    #[arg(long = "ssl-key")]
    ssl_key: Option<String>,
}

#[derive(Args, Clone)]
struct BuildArgs {
    /// Source directory (defaults to ./)
    #[arg(short = 's', long = "source")]
    source: Option<PathBuf>,
    /// Destination directory (defaults to ./_site)
    #[arg(short = 'd', long = "destination")]
    destination: Option<PathBuf>,
    /// Custom configuration file(s), comma separated
    #[arg(long = "config", value_delimiter = ',')]
    config: Vec<PathBuf>,
    /// Serve the website from the given base URL
    #[arg(short = 'b', long = "baseurl")]
    baseurl: Option<String>,
    /// Render posts in the _drafts folder
    #[arg(short = 'D', long = "drafts")]
    drafts: bool,
    /// Publishes posts with a future date
    #[arg(long = "future")]
    future: bool,
    /// Render posts that were marked as unpublished
    #[arg(long = "unpublished")]
    unpublished: bool,
    /// Limits the number of posts to parse and publish
    #[arg(long = "limit_posts")]
    limit_posts: Option<usize>,
    /// Silence output
    #[arg(short = 'q', long = "quiet")]
    quiet: bool,
    /// Print verbose output
    #[arg(short = 'V', long = "verbose")]
    verbose: bool,
    /// What builds the site: github-pages (Jekyll with the github-pages gem, as GitHub
    /// does) or jekyll (plain Jekyll 4.3); default: from the site's Gemfile. Without a
    /// value, as in Jekyll: print a Liquid rendering profile after the build
    #[arg(long = "profile", value_name = "PROFILE", num_args = 0..=1,
          default_missing_value = "liquid", value_parser = parse_profile_arg)]
    profile: Option<ProfileArg>,
    /// Build without hyde's cache in `cache_dir` (neither read nor written)
    #[arg(long = "disable-disk-cache")]
    disable_disk_cache: bool,
    /// Show the full backtrace when an error occurs
    #[arg(short = 't', long = "trace")]
    trace: bool,
    /// Watch for changes and rebuild (`serve` does unless --no-watch)
    #[arg(short = 'w', long = "watch", overrides_with = "no_watch")]
    watch: bool,
    /// Do not watch for changes
    #[arg(long = "no-watch")]
    no_watch: bool,
    /// Watch by polling the files (for file systems that report no changes)
    #[arg(long = "force_polling")]
    force_polling: bool,
    /// Enable incremental rebuild (hyde always rewrites only what changed)
    #[arg(short = 'I', long = "incremental")]
    incremental: bool,
    /// Safe mode: only whitelisted plugins (GitHub Pages always builds so)
    #[arg(long = "safe")]
    safe: bool,
    /// Plugins folder(s), comma separated (hyde runs no Ruby plugins)
    #[arg(short = 'p', long = "plugins", value_delimiter = ',')]
    plugins: Vec<String>,
    /// Layouts folder (defaults to ./_layouts)
    #[arg(long = "layouts")]
    layouts: Option<String>,
    /// Use LSI for improved related posts (hyde has none: related posts stay the most recent)
    #[arg(long = "lsi")]
    lsi: bool,
    /// Fail if errors are present in front matter
    #[arg(long = "strict_front_matter")]
    strict_front_matter: bool,
}

/// `--profile`'s value: hyde's build profile, or (without a value) Jekyll's
/// Liquid rendering profile.
#[derive(Clone, Copy)]
enum ProfileArg {
    Build(Profile),
    Liquid,
}

fn parse_profile_arg(s: &str) -> Result<ProfileArg, String> {
    if s == "liquid" {
        return Ok(ProfileArg::Liquid);
    }
    parse_profile(s).map(ProfileArg::Build)
}

impl BuildArgs {
    /// The configuration keys Jekyll's other options set.
    fn settings(&self) -> Vec<(String, Value)> {
        let mut out: Vec<(String, Value)> = Vec::new();
        let mut on = |key: &str, set: bool| {
            if set {
                out.push((key.into(), Value::Bool(true)));
            }
        };
        on("safe", self.safe);
        on("incremental", self.incremental);
        on("lsi", self.lsi);
        on("strict_front_matter", self.strict_front_matter);
        on("force_polling", self.force_polling);
        on("profile", matches!(self.profile, Some(ProfileArg::Liquid)));
        if self.watch {
            out.push(("watch".into(), Value::Bool(true)));
        } else if self.no_watch {
            out.push(("watch".into(), Value::Bool(false)));
        }
        if !self.plugins.is_empty() {
            let dirs = self.plugins.iter().map(|p| Value::from(p.as_str()));
            out.push(("plugins_dir".into(), Value::from(dirs.collect::<Vec<_>>())));
        }
        if let Some(l) = &self.layouts {
            out.push(("layouts_dir".into(), Value::from(l.as_str())));
        }
        out
    }

    fn overrides(&self) -> Overrides {
        Overrides {
            source: self.source.clone(),
            destination: self.destination.clone(),
            config_files: self.config.clone(),
            baseurl: self.baseurl.clone(),
            drafts: self.drafts,
            future: self.future,
            unpublished: self.unpublished,
            limit_posts: self.limit_posts,
            url: None,
            quiet: self.quiet,
            verbose: self.verbose,
            profile: match self.profile {
                Some(ProfileArg::Build(p)) => Some(p),
                _ => None,
            },
            disable_disk_cache: self.disable_disk_cache,
            settings: self.settings(),
        }
    }
}

fn main() -> ExitCode {
    hyde::timings::begin();
    hyde::tune_allocator();
    // a copy of hyde started to compile one stylesheet (see `sass::isolate`)
    if std::env::var_os(hyde::sass::WORKER_ENV).is_some() {
        return hyde::sass::worker_main();
    }
    if let Ok(exe) = std::env::current_exe() {
        hyde::sass::use_worker_process(exe);
    }
    let cli = Cli::parse();
    hyde::start_threads();
    match cli.command {
        Command::Import(args) => hyde::import::run_cli(&args),
        Command::New { dir } => hyde::new::cli(&dir),
        Command::Init(args) => hyde::init::cli(&args),
        Command::Doctor(a) => hyde::doctor::cli(
            &Overrides {
                source: a.source,
                config_files: a.config,
                profile: a.profile,
                ..Overrides::default()
            },
            a.format == "json",
        ),
        Command::Serve(args) => serve(&args),
        Command::Clean(args) => match hyde::clean::clean(&args.overrides()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(&e.to_string()),
        },
        Command::Build(args) => {
            let config = hyde::build::load_config(&args.overrides());
            // `--watch`, or `watch: true` in the configuration (unless
            // `--no-watch`, which the overrides already set), as in Jekyll
            if config.as_ref().is_ok_and(|c| c.get("watch").is_truthy()) {
                return match hyde::serve::watch_build(args.overrides()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(hyde::serve::ServeError::Failed(_)) => ExitCode::FAILURE,
                    Err(e) => fail(&e.to_string()),
                };
            }
            let result = config.and_then(hyde::build::build);
            match result {
                Ok(built) => {
                    // the site model is thousands of allocations that the
                    // process's end returns at once: freeing them one by one
                    // took 50 ms at 10,000 documents (everything is written)
                    std::mem::forget(built);
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", hyde::site::format_log("Error:", &e.to_string()));
                    if args.trace {
                        eprintln!("{e:?}");
                    }
                    let summary = e.to_string();
                    let summary = summary.lines().next().unwrap_or("");
                    eprintln!("hyde: build failed: {summary}");

                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("{}", hyde::site::format_log("Error:", message));
    ExitCode::FAILURE
}

fn serve(args: &ServeArgs) -> ExitCode {
    if args.ssl_cert.is_some() || args.ssl_key.is_some() {
        return fail(
            "hyde serve speaks plain HTTP only: drop --ssl-cert and --ssl-key \
             (for HTTPS, put a proxy such as caddy in front of it)",
        );
    }
    let reload_options = !args.livereload_ignore.is_empty()
        || args.livereload_min_delay.is_some()
        || args.livereload_max_delay.is_some()
        || args.livereload_port.is_some();
    if args.no_livereload && reload_options {
        return fail(
            "--livereload-min-delay, --livereload-max-delay, --livereload-ignore, \
             and --livereload-port require the --livereload option.",
        );
    }
    let mut detach = args.detach;
    if detach && args.livereload {
        eprintln!(
            "{}",
            hyde::site::format_log(
                "Warning:",
                "--detach and --livereload are mutually exclusive. Choosing --livereload"
            )
        );
        detach = false;
    }
    if detach {
        return hyde::serve::detach::run(&args.build.overrides());
    }
    let opts = hyde::serve::Options {
        overrides: args.build.overrides(),
        host: args.host.clone(),
        port: args.port,
        watch: !args.build.no_watch,
        livereload: !args.no_livereload,
        open_url: args.open_url,
        skip_initial_build: args.skip_initial_build,
        show_dir_listing: args.show_dir_listing,
        livereload_ignore: args.livereload_ignore.clone(),
    };
    match hyde::serve::run(opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e.to_string()),
    }
}
