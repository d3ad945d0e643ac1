//! The configuration: a `_config.yml` that does not parse, Jekyll doctor's
//! checks (deprecated keys, `_posts` outside `collections_dir`, a missing
//! or relative `url`), a `url`/`baseurl` that does not match what GitHub
//! Pages serves for the repository, and plugins GitHub Pages does not run.

use std::path::{Path, PathBuf};

use super::{rel, Finding, Severity};
use crate::config::Config;
use crate::error::Error;
use crate::liquid::Value;
use crate::profile::Profile;

/// A configuration that could not be loaded, as a finding.
pub fn load_error(source: &Path, e: &Error) -> Finding {
    if let Error::Yaml {
        path,
        line,
        message,
        ..
    } = e
    {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let (line, fix) = super::frontmatter::diagnose(&text, *line);
        return Finding::new(
            Severity::Error,
            "config",
            rel(source, path),
            Some(line),
            format!("the configuration does not parse ({message}): nothing can be built"),
            fix,
        );
    }
    Finding::new(
        Severity::Error,
        "config",
        "_config.yml",
        None,
        format!("the configuration cannot be loaded: {e}"),
        "fix the file named; `hyde build` stops on the same error",
    )
}

/// The first configuration file's text, to point at the line of a key.
struct ConfigFile {
    rel: String,
    text: String,
}

impl ConfigFile {
    fn read(config: &Config) -> ConfigFile {
        let path: Option<PathBuf> = config.file_paths().into_iter().next();
        let text = path
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let rel = path
            .map(|p| rel(&config.source, &p))
            .unwrap_or_else(|| "_config.yml".into());
        ConfigFile { rel, text }
    }

    /// The line of the top-level `key:`.
    fn key_line(&self, key: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| {
                l.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map(|i| i + 1)
    }

    /// The first line that mentions `word` outside a comment.
    fn word_line(&self, word: &str) -> Option<usize> {
        self.text
            .lines()
            .position(|l| l.split('#').next().unwrap_or("").contains(word))
            .map(|i| i + 1)
    }

    fn finding(
        &self,
        severity: Severity,
        check: &'static str,
        line: Option<usize>,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding::new(severity, check, self.rel.clone(), line, what, fix)
    }
}

pub fn check(config: &Config) -> Vec<Finding> {
    let file = ConfigFile::read(config);
    let mut out = deprecated(config, &file);
    out.extend(site_url(config, &file));
    out.extend(plugins(config, &file));
    out
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Nil | Value::Bool(false))
}

/// Jekyll doctor's deprecation checks, and what the build itself warned about.
fn deprecated(config: &Config, file: &ConfigFile) -> Vec<Finding> {
    let mut out = Vec::new();
    if truthy(config.get("relative_permalinks")) {
        out.push(file.finding(
            Severity::Warning,
            "deprecated",
            file.key_line("relative_permalinks"),
            "the site still uses relative permalinks, which were removed in Jekyll 3.0",
            "remove `relative_permalinks` and give pages with a `permalink:` a path from the site's root",
        ));
    }
    for (topic, message) in &config.notices {
        let key = message.split('\'').nth(1).unwrap_or("");
        let (check, severity) = match topic.as_str() {
            "Deprecation:" => ("deprecated", Severity::Warning),
            "Config Warning:" | "Warning:" => ("config", Severity::Warning),
            _ => continue,
        };
        let line = if key.is_empty() {
            None
        } else {
            file.key_line(key)
        };
        out.push(file.finding(
            severity,
            check,
            line,
            message.clone(),
            "edit _config.yml as the message says",
        ));
    }
    if config.profile == Profile::Jekyll && config.raw.contains_key("gems") {
        out.push(file.finding(
            Severity::Warning,
            "deprecated",
            file.key_line("gems"),
            "`gems:` was renamed `plugins:` in Jekyll 3; Jekyll 4 ignores it, so these plugins do not run",
            "rename `gems:` to `plugins:`",
        ));
    }
    if let Some(Value::Str(h)) = config.raw.get("highlighter") {
        if h.as_ref() == "pygments" {
            out.push(file.finding(
                Severity::Warning,
                "deprecated",
                file.key_line("highlighter"),
                "`highlighter: pygments` is no longer supported (Jekyll uses rouge)",
                "write `highlighter: rouge`",
            ));
        }
    }
    // Jekyll doctor's properly_gathered_posts?
    if !config.collections_dir.is_empty() && config.source.join("_posts").is_dir() {
        out.push(file.finding(
            Severity::Warning,
            "deprecated",
            file.key_line("collections_dir"),
            format!(
                "a `_posts` folder is outside the custom `collections_dir` ({}): its posts are not read",
                config.collections_dir
            ),
            format!("move _posts into {}/", config.collections_dir),
        ));
    }
    out
}

/// Where GitHub Pages serves a repository: `(url, baseurl)`.
pub fn pages_location(nwo: &str, cname: Option<&str>) -> Option<(String, String)> {
    let (owner, repo) = nwo.trim().split_once('/')?;
    if owner.is_empty() || repo.is_empty() || repo.contains('/') {
        return None;
    }
    if let Some(domain) = cname {
        return Some((format!("https://{domain}"), String::new()));
    }
    let user_site = format!("{}.github.io", owner.to_lowercase());
    let host = format!("https://{}", user_site);
    if repo.to_lowercase() == user_site {
        Some((host, String::new()))
    } else {
        Some((host, format!("/{repo}")))
    }
}

/// Where GitHub Pages serves the site, from the repository's name
/// (`PAGES_REPO_NWO`, as GitHub's build has it, else `repository:`) and
/// a `CNAME` file.
pub struct Served {
    pub nwo: String,
    pub url: String,
    pub base: String,
    pub cname: Option<String>,
}

fn env_nwo() -> Option<String> {
    std::env::var("PAGES_REPO_NWO")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Where GitHub Pages serves the site; `None` when the repository is unknown.
pub fn served_at(config: &Config) -> Option<Served> {
    let nwo = match env_nwo() {
        Some(n) => n,
        // `repository:` alone, unless it contradicts `url` (often the
        // template's `academicpages/academicpages.github.io`, left as it was)
        None => configured(config, "repository").filter(|r| !contradicts_url(config, r))?,
    };
    let cname = std::fs::read_to_string(config.source.join("CNAME"))
        .ok()
        .and_then(|t| t.lines().next().map(|l| l.trim().to_lowercase()))
        .filter(|l| !l.is_empty());
    let (url, base) = pages_location(&nwo, cname.as_deref())?;
    Some(Served {
        nwo,
        url,
        base,
        cname,
    })
}

/// The owner in a `https://OWNER.github.io` url, lowercased.
fn github_io_owner(url: &str) -> Option<String> {
    let host = url
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split('/')
        .next()?
        .to_lowercase();
    host.strip_suffix(".github.io").map(str::to_string)
}

/// Whether `repository` belongs to another owner than the `github.io` url.
fn contradicts_url(config: &Config, repository: &str) -> bool {
    let owner = repository.split('/').next().unwrap_or("").to_lowercase();
    configured(config, "url")
        .and_then(|u| github_io_owner(&u))
        .is_some_and(|o| o != owner)
}

/// Whether the site's `baseurl` is the one GitHub Pages serves it under
/// (or a workflow passes the right one); `true` when that is unknown.
pub fn base_matches(config: &Config) -> bool {
    match served_at(config) {
        Some(s) => s.base == configured_base(config) || workflow_sets_baseurl(&config.source),
        None => true,
    }
}

/// `baseurl` as written, without a trailing slash.
pub fn configured_base(config: &Config) -> String {
    configured(config, "baseurl")
        .unwrap_or_default()
        .trim()
        .trim_end_matches('/')
        .to_string()
}

/// The site's own absolute addresses: `url` as written and as the build
/// has it, less any GitHub Pages does not serve the site at.
pub fn own_urls(config: &Config) -> Vec<String> {
    let norm = |s: &str| {
        s.trim()
            .trim_end_matches('/')
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .to_lowercase()
    };
    let served = served_at(config);
    let mut out: Vec<String> = Vec::new();
    let effective = crate::utils::scalar_string(config.get("url"));
    for u in [configured(config, "url"), effective].into_iter().flatten() {
        let u = u.trim().trim_end_matches('/').to_string();
        let ok = u.contains("://") && served.as_ref().is_none_or(|s| norm(&u) == norm(&s.url));
        if ok && !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// `url` as written (`None` when empty or missing).
fn configured(config: &Config, key: &str) -> Option<String> {
    // the github-metadata plugin fills in `url` when the site has none:
    // what the user wrote is in the configuration files
    let v = user_value(config, key)?;
    crate::utils::scalar_string(&v).filter(|s| !s.trim().is_empty())
}

/// A top-level value of the site's own configuration files (last file wins).
fn user_value(config: &Config, key: &str) -> Option<Value> {
    let tz = config.timezone;
    let local = move |t: &chrono::NaiveDateTime| crate::config::local_offset(tz, t);
    let mut found = None;
    for p in config.file_paths() {
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        if let Ok(Value::Hash(h)) = crate::yaml::parse(&text, &local) {
            if let Some(v) = h.get(key) {
                found = Some(v.clone());
            }
        }
    }
    found
}

/// Jekyll doctor's URL checks, and `url`/`baseurl` against the repository.
fn site_url(config: &Config, file: &ConfigFile) -> Vec<Finding> {
    let mut out = Vec::new();
    let url = configured(config, "url");
    let url_line = file.key_line("url");
    match &url {
        None => out.push(file.finding(
            Severity::Warning,
            "url",
            url_line,
            "no `url` is set: feeds, the sitemap and links shared on social media need the site's address",
            "set `url: \"https://USERNAME.github.io\"` (your domain, if you have one)",
        )),
        Some(u) if !(u.starts_with("http://") || u.starts_with("https://")) => {
            out.push(file.finding(
                Severity::Warning,
                "url",
                url_line,
                format!("`url` ({u}) is not absolute"),
                "write it with its scheme and host, as `https://USERNAME.github.io`, with no path",
            ))
        }
        _ => {}
    }
    let env_nwo = env_nwo();
    let repository = configured(config, "repository");
    if let (None, Some(conf)) = (&env_nwo, &repository) {
        if contradicts_url(config, conf) {
            out.push(file.finding(
                Severity::Warning,
                "url",
                file.key_line("repository"),
                format!(
                    "`repository` ({conf}) and `url` ({}) name different GitHub accounts: one of them was left from the template",
                    configured(config, "url").unwrap_or_default()
                ),
                "set `repository: OWNER/NAME` to your repository (comments, metadata and this check use it)",
            ));
        }
    }
    if let (Some(env), Some(conf)) = (&env_nwo, &repository) {
        if !env.eq_ignore_ascii_case(conf) {
            out.push(file.finding(
                Severity::Warning,
                "url",
                file.key_line("repository"),
                format!("`repository` is {conf}, but the site is built from {env}"),
                format!("write `repository: {env}`"),
            ));
        }
    }
    let Some(Served {
        nwo,
        url: want_url,
        base: want_base,
        cname,
    }) = served_at(config)
    else {
        return out;
    };
    let served = match &cname {
        Some(c) => format!("at {want_url} (CNAME: {c})"),
        None => format!("at {want_url}{want_base}"),
    };
    let base = configured_base(config);
    let base = base.as_str();
    if base != want_base && !workflow_sets_baseurl(&config.source) {
        let write = if want_base.is_empty() {
            "`baseurl: \"\"`".to_string()
        } else {
            format!("`baseurl: \"{want_base}\"`")
        };
        // a CNAME file names the domain GitHub serves the site at, when
        // the repository's settings agree (they usually do: either writes the other)
        let severity = if cname.is_some() {
            Severity::Warning
        } else {
            Severity::Error
        };
        out.push(file.finding(
            severity,
            "url",
            file.key_line("baseurl"),
            format!(
                "`baseurl` is \"{base}\", but GitHub Pages serves {nwo} {served}: links and images made with the base URL will 404"
            ),
            format!("write {write}"),
        ));
    }
    if let Some(u) = &url {
        let norm = |s: &str| {
            s.trim()
                .trim_end_matches('/')
                .trim_start_matches("https://")
                .trim_start_matches("http://")
                .to_lowercase()
        };
        let has_path = norm(u).contains('/');
        let differs = norm(u) != norm(&want_url);
        if (differs && (u.contains("github.io") || cname.is_some())) || has_path {
            out.push(file.finding(
                Severity::Warning,
                "url",
                url_line,
                format!("`url` is {u}, but GitHub Pages serves {nwo} {served}: absolute links, the feed and social cards point elsewhere"),
                format!("write `url: \"{want_url}\"` (the sub-path, if any, belongs in `baseurl`)"),
            ));
        }
    }
    out
}

/// Whether a GitHub Actions workflow passes the base URL to the build
/// (`actions/configure-pages` with `--baseurl`), overriding `_config.yml`.
fn workflow_sets_baseurl(source: &Path) -> bool {
    let Ok(dir) = std::fs::read_dir(source.join(".github/workflows")) else {
        return false;
    };
    dir.flatten()
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("--baseurl")))
}

/// Plugins the build does not run: not on GitHub Pages' whitelist (that
/// profile), custom `_plugins`, or not built into hyde (the Jekyll profile).
fn plugins(config: &Config, file: &ConfigFile) -> Vec<Finding> {
    let mut out = Vec::new();
    let listed: Vec<String> =
        match user_value(config, "plugins").or_else(|| user_value(config, "gems")) {
            Some(Value::Array(a)) => a.iter().filter_map(crate::utils::scalar_string).collect(),
            Some(v) => crate::utils::scalar_string(&v).into_iter().collect(),
            None => Vec::new(),
        };
    for p in &listed {
        let line = file.word_line(p);
        match config.profile {
            Profile::GithubPages if !crate::profile::WHITELIST.contains(&p.as_str()) => {
                out.push(file.finding(
                    Severity::Warning,
                    "plugins",
                    line,
                    format!("GitHub Pages does not run the plugin {p} (not on its whitelist): the published site is built without it"),
                    format!("remove {p} from `plugins:`, or build the site with GitHub Actions (and `--profile jekyll` here)"),
                ));
            }
            Profile::Jekyll if !crate::plugins::IMPLEMENTED.contains(&p.as_str()) => {
                out.push(file.finding(
                    Severity::Info,
                    "plugins",
                    line,
                    format!("hyde does not carry the plugin {p}: its checks and builds are made without it"),
                    "nothing, if Jekyll builds the published site",
                ));
            }
            _ => {}
        }
    }
    if config.profile == Profile::GithubPages {
        let dir = config.source.join(&config.plugins_dir);
        let rb = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.path().extension().is_some_and(|x| x == "rb"));
        if rb {
            out.push(Finding::new(
                Severity::Warning,
                "plugins",
                format!("{}/", config.plugins_dir),
                None,
                "GitHub Pages runs in safe mode and ignores custom plugins in this folder",
                "build the site with GitHub Actions, or do without these plugins",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_pages_serves() {
        assert_eq!(
            pages_location("Ann/ann.github.io", None),
            Some(("https://ann.github.io".into(), String::new()))
        );
        assert_eq!(
            pages_location("ann/site", None),
            Some(("https://ann.github.io".into(), "/site".into()))
        );
        assert_eq!(
            pages_location("ann/site", Some("ann.org")),
            Some(("https://ann.org".into(), String::new()))
        );
        assert_eq!(pages_location("nonsense", None), None);
    }
}
