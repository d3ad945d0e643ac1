//! The `hyde` command: Jekyll's CLI words (`build`, `serve`) and flags.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use hyde::config::Overrides;
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
    /// Watch for changes and rebuild (the default)
    #[arg(short = 'w', long = "watch", overrides_with = "no_watch")]
    watch: bool,
    /// Do not watch for changes
    #[arg(long = "no-watch")]
    no_watch: bool,
    /// Reload browsers after each rebuild (the default)
    #[arg(short = 'l', long = "livereload", overrides_with = "no_livereload")]
    livereload: bool,
    /// Do not inject the live-reload script
    #[arg(long = "no-livereload")]
    no_livereload: bool,
    /// Open the site in a browser
    #[arg(short = 'o', long = "open-url")]
    open_url: bool,
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
    /// does) or jekyll (plain Jekyll 4.3). Default: from the site's Gemfile
    #[arg(long = "profile", value_parser = parse_profile)]
    profile: Option<Profile>,
    /// Build without hyde's cache in `cache_dir` (neither read nor written)
    #[arg(long = "disable-disk-cache")]
    disable_disk_cache: bool,
    /// Show the full backtrace when an error occurs
    #[arg(short = 't', long = "trace")]
    trace: bool,
}

impl BuildArgs {
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
            profile: self.profile,
            disable_disk_cache: self.disable_disk_cache,
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
        Command::Serve(args) => {
            let opts = hyde::serve::Options {
                overrides: args.build.overrides(),
                host: args.host.clone(),
                port: args.port,
                watch: !args.no_watch,
                livereload: !args.no_livereload,
                open_url: args.open_url,
            };
            match hyde::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", hyde::site::format_log("Error:", &e.to_string()));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Build(args) => {
            let result = hyde::build::load_config(&args.overrides()).and_then(hyde::build::build);
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
