//! The `hyde` command: Jekyll's CLI words (`build`, `serve`) and flags.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use hyde::config::Overrides;

#[derive(Parser)]
#[command(
    name = "hyde",
    version,
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
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => {
            let result = hyde::build::load_config(&args.overrides()).and_then(hyde::build::build);
            match result {
                Ok(_) => ExitCode::SUCCESS,
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
