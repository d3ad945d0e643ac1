//! `hyde init github-pages`: writes `.github/workflows/pages.yml` into a
//! site, the GitHub Actions workflow that installs this version of hyde from
//! PyPI, builds the site with it and publishes it on GitHub Pages. The
//! template is `init/github-pages.yml`; this repository's own workflow is
//! its output.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::error::{Error, Result};

/// hyde's distribution name on PyPI (the command it installs is `hyde`).
pub const DIST: &str = "hyde-ssg";

/// Where the workflow goes, relative to the site.
pub const WORKFLOW: &str = ".github/workflows/pages.yml";

const TEMPLATE: &str = include_str!("init/github-pages.yml");

/// What `hyde init` can write.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// `.github/workflows/pages.yml`: build with hyde and publish on GitHub Pages
    GithubPages,
}

#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// What to write
    #[arg(value_enum)]
    pub what: What,
    /// The site (the repository's root; defaults to ./)
    #[arg(short = 's', long = "source", default_value = ".")]
    pub site: PathBuf,
    /// Replace a workflow that exists and differs
    #[arg(long = "force")]
    pub force: bool,
}

/// The workflow, pinned to the running hyde's version.
pub fn github_pages_workflow() -> String {
    TEMPLATE
        .replace("@DIST@", DIST)
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"))
}

/// What writing the workflow did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// There was none: written.
    Written,
    /// A different one was replaced (`--force`).
    Replaced,
    /// The same one was there: nothing written.
    UpToDate,
}

/// Write `contents` to `site/rel`, refusing to replace a different file
/// unless `force`. Returns the file's path and what was done.
pub fn write(site: &Path, rel: &str, contents: &str, force: bool) -> Result<(PathBuf, Outcome)> {
    if !site.is_dir() {
        return Err(Error::Path {
            path: site.to_path_buf(),
            message: "is not a folder: give the site's folder (the repository's root) with -s"
                .into(),
        });
    }
    let path = site.join(rel);
    let outcome = match std::fs::read(&path) {
        Ok(old) if old == contents.as_bytes() => return Ok((path, Outcome::UpToDate)),
        Ok(_) if !force => {
            return Err(Error::Path {
                path,
                message: "exists and differs from the workflow hyde writes: \
                          run again with --force to replace it (your version is lost), \
                          or move it away first"
                    .into(),
            })
        }
        Ok(_) => Outcome::Replaced,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Outcome::Written,
        Err(e) => return Err(Error::io(&path, e)),
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
    Ok((path, outcome))
}

/// `hyde init github-pages [-s SITE] [--force]`: write the workflow and say
/// what to do on GitHub.
pub fn cli(args: &Args) -> ExitCode {
    let What::GithubPages = args.what;
    match write(&args.site, WORKFLOW, &github_pages_workflow(), args.force) {
        Ok((path, outcome)) => {
            let done = match outcome {
                Outcome::Written => "Wrote",
                Outcome::Replaced => "Replaced",
                Outcome::UpToDate => "Up to date:",
            };
            println!("{done} {}", path.display());
            println!(
                "It installs hyde {} from PyPI ({DIST}), builds the site and deploys it.",
                env!("CARGO_PKG_VERSION")
            );
            println!("On GitHub, once: Settings -> Pages -> Build and deployment -> Source: GitHub Actions.");
            println!("Then commit the file and push.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", crate::site::format_log("Error:", &e.to_string()));
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workflow_is_pinned_to_this_version() {
        let w = github_pages_workflow();
        assert!(w.contains(&format!("{DIST}=={}", env!("CARGO_PKG_VERSION"))));
        assert!(!w.contains("@VERSION@") && !w.contains("@DIST@"));
    }
}
