//! Where the repository comes from and what the environment says about
//! GitHub: `PAGES_*` variables (`Pages`), the repository name (`find_nwo`:
//! `PAGES_REPO_NWO`, `repository:`, the `origin` remote) and its parts (`Repo`).

use std::path::Path;
use std::process::Command;

use crate::liquid::{Map, Value};

/// `Jekyll::GitHubMetadata::Pages`: what the plugin reads from the
/// environment (read once; Ruby reads it at each use).
#[derive(Clone, Debug)]
pub(super) struct Pages {
    pub(super) env: String,
    pub(super) ssl: bool,
    pub(super) subdomain_isolation: bool,
    pub(super) api_url: String,
    pub(super) help_url: String,
    pub(super) github_hostname: String,
    pub(super) pages_hostname: String,
    pub(super) page_build: bool,
    pub(super) authenticated: bool,
    pub(super) build_revision: Option<String>,
}

fn trim_last_slash(s: String) -> String {
    match s.strip_suffix('/') {
        Some(t) => t.to_string(),
        None => s,
    }
}

impl Pages {
    pub(super) fn read(environment: &str, env: &dyn Fn(&str) -> Option<String>) -> Pages {
        // `env_var(key, default)`: the variable when non-empty, else the
        // intermediate default (used even when empty), else the built-in one.
        let var = |key: &str, intermediate: Option<String>, default: &str| -> String {
            env(key)
                .filter(|v| !v.is_empty())
                .or(intermediate)
                .unwrap_or_else(|| default.to_string())
        };
        // PAGES_ENV, else ENV["JEKYLL_ENV"], which is what Jekyll.env is
        // (its "development" default included).
        let pages_env = var("PAGES_ENV", Some(environment.to_string()), "development");
        let development = pages_env == "development";
        let test = pages_env == "test";
        let pages_hostname_default =
            env("PAGES_HOSTNAME").or_else(|| development.then(|| "localhost:4000".to_string()));
        Pages {
            ssl: var("SSL", None, "false") == "true" || test,
            subdomain_isolation: var("SUBDOMAIN_ISOLATION", None, "false") == "true",
            api_url: trim_last_slash(var(
                "PAGES_API_URL",
                env("API_URL"),
                "https://api.github.com",
            )),
            help_url: trim_last_slash(var(
                "PAGES_HELP_URL",
                env("HELP_URL"),
                "https://help.github.com",
            )),
            github_hostname: trim_last_slash(var(
                "PAGES_GITHUB_HOSTNAME",
                env("GITHUB_HOSTNAME"),
                "github.com",
            )),
            pages_hostname: trim_last_slash(var(
                "PAGES_PAGES_HOSTNAME",
                pages_hostname_default,
                "github.io",
            )),
            page_build: env("PAGE_BUILD_ID").is_some_and(|v| !v.is_empty()),
            // `ENV["JEKYLL_GITHUB_TOKEN"] || Octokit.access_token` (OCTOKIT_ACCESS_TOKEN):
            // any value, even empty, counts.
            authenticated: env("JEKYLL_GITHUB_TOKEN").is_some()
                || env("OCTOKIT_ACCESS_TOKEN").is_some(),
            build_revision: env("JEKYLL_BUILD_REVISION"),
            env: pages_env,
        }
    }

    pub(super) fn test(&self) -> bool {
        self.env == "test"
    }
    pub(super) fn dotcom(&self) -> bool {
        self.env == "dotcom"
    }
    pub(super) fn enterprise(&self) -> bool {
        self.env == "enterprise"
    }
    pub(super) fn custom_domains_enabled(&self) -> bool {
        self.dotcom() || self.test()
    }
    pub(super) fn scheme(&self) -> &'static str {
        if self.ssl {
            "https"
        } else {
            "http"
        }
    }
    pub(super) fn github_url(&self) -> String {
        if self.dotcom() || self.github_hostname == "github.com" {
            "https://github.com".to_string()
        } else {
            format!("{}://{}", self.scheme(), self.github_hostname)
        }
    }
}

/// Runs `git ARGS` in `cwd`: `(stdout, stderr)`, or `None` when git cannot
/// be started.
pub(super) fn git(cwd: &Path, args: &[&str]) -> Option<(String, String)> {
    let o = Command::new("git")
        .args(args)
        .current_dir(cwd)
        .output()
        .ok()?;
    Some((
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    ))
}

/// The repository's `owner/name`, as `RepositoryFinder#nwo` finds it:
/// `$PAGES_REPO_NWO` (any value, even empty), else the config's
/// `repository` when it is a string containing `/`, else (only when
/// `environment`, i.e. `Jekyll.env`, is `development` or `test`) the
/// `origin` remote of the git checkout at `cwd`. Ruby runs
/// `git remote --verbose` in the process's working directory, not in the
/// site's source: pass that directory. `None` is the case where Ruby raises
/// [`NO_REPOSITORY`] at the first read of a value that needs the repository.
pub fn find_nwo(
    config: &Map,
    cwd: &Path,
    environment: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    if let Some(n) = env("PAGES_REPO_NWO") {
        return Some(n);
    }
    if let Some(Value::Str(r)) = config.get("repository") {
        if r.contains('/') {
            return Some(r.to_string());
        }
    }
    if environment != "development" && environment != "test" {
        return None;
    }
    // Jekyll::Utils::Exec.run: stripped stdout followed by stripped stderr.
    // (When git is not installed Ruby logs "Not Installed:" and finds nothing.)
    let (out, err) = git(cwd, &["remote", "--verbose"])?;
    let output = format!("{}{}", out.trim(), err.trim());
    let hostname = Pages::read(environment, env).github_hostname;
    nwo_from_git_remotes(&output, &hostname)
}

/// Ruby's `String#strip` (ASCII whitespace and NUL).
pub(super) fn ruby_strip(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r' | '\0'))
}

/// `nwo_from_git_origin_remote` over the output of `git remote --verbose`:
/// the first `origin` URL, less one trailing `.git`, searched (unanchored)
/// for `HOSTNAME(:|/)OWNER/NAME`.
pub fn nwo_from_git_remotes(output: &str, github_hostname: &str) -> Option<String> {
    let line_re = regex::Regex::new(r"^origin\t(.*) \([a-z]+\)").ok()?;
    let url = ruby_strip(output)
        .split('\n')
        .filter(|l| l.starts_with("origin\t"))
        .map(|l| match line_re.captures(l) {
            Some(c) => {
                let whole = c.get(0).map_or(0, |m| m.end());
                format!("{}{}", c.get(1).map_or("", |m| m.as_str()), &l[whole..])
            }
            None => l.to_string(),
        })
        .next()
        .unwrap_or_default();
    let url = url.strip_suffix(".git").unwrap_or(&url);
    let re = regex::Regex::new(&format!(
        r"{}(:|/)([0-9A-Za-z_-]+)/([0-9A-Za-z_.-]+)",
        regex::escape(github_hostname)
    ))
    .ok()?;
    let c = re.captures(url)?;
    Some(format!("{}/{}", &c[2], &c[3]))
}

/// `Repository`: the name split as Ruby's `nwo.split("/")` does.
#[derive(Clone, Debug)]
pub(super) struct Repo {
    pub(super) nwo: String,
    pub(super) owner: String,
    pub(super) name: String,
}

impl Repo {
    pub(super) fn new(nwo: &str) -> Repo {
        let mut parts: Vec<&str> = nwo.split('/').collect();
        while parts.last() == Some(&"") {
            parts.pop();
        }
        Repo {
            nwo: nwo.to_string(),
            owner: parts.first().unwrap_or(&"").to_string(),
            name: parts.last().unwrap_or(&"").to_string(),
        }
    }
}
