//! jekyll-github-metadata 2.15 as GitHub Pages runs it, offline: the
//! repository name (`find_nwo`), the `site.title` / `site.description` /
//! `site.url` / `site.baseurl` fallbacks set at `after_init`
//! (`GitHubMetadata::munge_config`), and `site.github` set at `pre_render`
//! (`GitHubMetadata::site_github`), with the log lines and errors the Ruby
//! plugin gives when the GitHub API cannot be reached.
//!
//! Offline, every API call logs "No internet connection..." and yields
//! `false`; the plugin turns that into `{}` (repository info, Pages info,
//! owner), `false` (`contributors`, `releases`, `latest_release`), `nil`
//! (`organization_members`) or a `NoMethodError` (`public_repositories`, which
//! calls `.map` on `false`). What remains is derived from the repository
//! name and the `PAGES_*` environment variables, as `Pages`, `Repository`
//! and `RepositoryCompat` derive it.
//!
//! The Ruby values are lazy: an error or a log line happens when a template
//! reads the value, not before. [`GitHubMetadata`] keeps the plugin's
//! memoization state so that the caller gets the same log lines and errors
//! at the same reads; see its documentation for the caller's obligations.
//!
//! Not modelled: a working network (GitHub API data), `~/.netrc`
//! credentials, Dotenv's `.env` loading in development, owner or repository
//! names outside GitHub's alphabet (`[A-Za-z0-9._-]`; Ruby's `URI.join` would
//! reject or reinterpret some), and an empty `PAGES_REPO_NWO` (Ruby splits it
//! into a nil owner; here owner and name are empty strings).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crate::liquid::{Map, Object, Value};

/// Raised (a `Jekyll::Errors::FatalException`) when a value that needs the
/// repository is read and no repository name was found.
pub const NO_REPOSITORY: &str = "No repo name found. Specify using PAGES_REPO_NWO environment variables, 'repository' in your configuration, or set up an 'origin' git remote pointing to your github.com repository.";

/// The first line of the `NoMethodError` that reading
/// `site.github.public_repositories` raises offline.
pub const PUBLIC_REPOSITORIES_ERROR: &str = "undefined method `map' for false:FalseClass";

/// The plugin's log topic.
pub const TOPIC: &str = "GitHub Metadata:";

/// Logged (warn) at `after_init` when `name` is set and `title` is not.
pub const SITE_NAME_WARNING: &str = "site.name is set in _config.yml, but many plugins and themes expect site.title to be used instead. To avoid potential inconsistency, Jekyll GitHub Metadata will not set site.title to the repository's name.";

/// Logged (warn) when the API client is first needed without a token.
pub const NO_AUTH_WARNING: &str =
    "No GitHub API authentication could be found. Some fields may be missing or have incorrect data.";

/// Logged (warn) at every API call, offline.
pub const NO_INTERNET_WARNING: &str =
    "No internet connection. GitHub metadata may be missing or incorrect.";

/// The keys of `site.github` (the plugin's `MetadataDrop`), sorted as its
/// `keys` are.
pub const DROP_KEYS: [&str; 40] = [
    "api_url",
    "archived",
    "baseurl",
    "build_revision",
    "clone_url",
    "contributors",
    "disabled",
    "environment",
    "help_url",
    "hostname",
    "is_project_page",
    "is_user_page",
    "issues_url",
    "language",
    "latest_release",
    "license",
    "organization_members",
    "owner",
    "owner_display_name",
    "owner_gravatar_url",
    "owner_name",
    "owner_url",
    "pages_env",
    "pages_hostname",
    "private",
    "project_tagline",
    "project_title",
    "public_repositories",
    "releases",
    "releases_url",
    "repository_name",
    "repository_nwo",
    "repository_url",
    "show_downloads",
    "source",
    "tar_url",
    "url",
    "versions",
    "wiki_url",
    "zip_url",
];

/// The keys of `site.github.owner` (`Owner#to_h`), all nil offline.
const OWNER_KEYS: [&str; 24] = [
    "avatar_url",
    "bio",
    "blog",
    "collaborators",
    "company",
    "created_at",
    "description",
    "email",
    "followers",
    "following",
    "has_organization_projects",
    "has_repository_projects",
    "hireable",
    "html_url",
    "id",
    "is_verified",
    "location",
    "login",
    "name",
    "node_id",
    "public_gists",
    "public_repos",
    "type",
    "updated_at",
];

/// The config keys the `after_init` munger may set, in the order it sets them.
const MUNGED: [&str; 4] = ["title", "description", "url", "baseurl"];

/// A line of the build log, as the plugin logs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// `"warn"` or `"error"`.
    pub level: &'static str,
    pub topic: &'static str,
    pub message: String,
}

impl LogLine {
    /// As Jekyll's `LogAdapter` prints it (without the terminal colour):
    /// the topic and a space right-aligned to 20 columns, then the message
    /// with each run of whitespace folded to one space.
    pub fn formatted(&self) -> String {
        let msg = self
            .message
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        format!("{:>20}{msg}", format!("{} ", self.topic))
    }
}

/// What has been computed (and logged) so far: the plugin's memoized
/// instance variables.
#[derive(Default)]
struct State {
    client: bool,
    repo_info: bool,
    pages_info: bool,
    owner_info: bool,
    org_repo: bool,
    contributors: bool,
    releases: bool,
    latest_release: bool,
    domain: bool,
    /// The munged config values already rendered (`Value#render` memo).
    rendered: [bool; 4],
    /// The config keys the munger set (indexes into `MUNGED`).
    munged: [bool; 4],
    build_revision: Option<String>,
    log: Vec<LogLine>,
    errors: Vec<String>,
}

/// The plugin for one build: the repository name, the environment, and the
/// memoization state behind the log lines.
///
/// Caller's obligations (Jekyll's order):
/// 1. after reading the configuration (`after_init`): [`GitHubMetadata::new`]
///    with the raw config, then [`GitHubMetadata::munge_config`] on it;
/// 2. whenever a template or a plugin reads `site.title`, `site.description`,
///    `site.url` or `site.baseurl` (including `absolute_url` /
///    `relative_url`, seo, feed and sitemap reading them), call
///    [`GitHubMetadata::config_access`] first: it logs what Ruby logs at
///    that read and, with no repository name, returns the error Ruby raises
///    there ([`NO_REPOSITORY`]) for the keys the munger set;
/// 3. before rendering (`pre_render`): [`GitHubMetadata::site_github`] with
///    the final config gives `site.github`, or the error that aborts the
///    build there (every `github:` hash in the config does, offline);
/// 4. after rendering each document: [`GitHubMetadata::take_errors`]; a
///    non-empty list means the document's render raised the first of them
///    (Jekyll prints `Liquid Exception: MESSAGE in PATH` and stops);
///    [`GitHubMetadata::take_log`] gives the lines to print, in order.
pub struct GitHubMetadata {
    pages: Pages,
    /// `Jekyll.env`.
    environment: String,
    nwo: Option<Repo>,
    cwd: PathBuf,
    state: Mutex<State>,
}

fn nil_hash(keys: &[&str]) -> Value {
    Value::hash(keys.iter().map(|k| (k.to_string(), Value::Nil)).collect())
}

impl GitHubMetadata {
    /// `environment` is `Jekyll.env` (`JEKYLL_ENV`, default
    /// `development`); `env` reads the process environment; `cwd` is where
    /// Ruby runs `git` (its working directory). The repository name is
    /// [`find_nwo`]'s.
    pub fn new(
        config: &Map,
        cwd: &Path,
        environment: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> GitHubMetadata {
        let nwo = find_nwo(config, cwd, environment, env);
        GitHubMetadata::with_nwo(nwo.as_deref(), cwd, environment, env)
    }

    /// As [`GitHubMetadata::new`], with the repository name given.
    pub fn with_nwo(
        nwo: Option<&str>,
        cwd: &Path,
        environment: &str,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> GitHubMetadata {
        GitHubMetadata {
            pages: Pages::read(environment, env),
            environment: environment.to_string(),
            nwo: nwo.map(Repo::new),
            cwd: cwd.to_path_buf(),
            state: Mutex::new(State::default()),
        }
    }

    /// The repository's `owner/name`, when found.
    pub fn nwo(&self) -> Option<&str> {
        self.nwo.as_ref().map(|r| r.nwo.as_str())
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        }
    }

    /// The log lines so far, oldest first, and forgets them.
    pub fn take_log(&self) -> Vec<LogLine> {
        std::mem::take(&mut self.lock().log)
    }

    /// The errors reads of `site.github` raised since the last call, first
    /// first (Ruby stops at the first), and forgets them.
    pub fn take_errors(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().errors)
    }

    /// The `after_init` munger: sets, when absent (nil, false or missing),
    /// `title` (the repository name for a project page, the owner for a user
    /// page; not when `name` is set, which logs [`SITE_NAME_WARNING`]
    /// instead) and `description` (nil offline); and, when `environment` is
    /// `production` or `PAGE_BUILD_ID` is set, `url` (the Pages URL without
    /// its path) and, when `baseurl` is nil or `"/"`, `baseurl` (its path).
    ///
    /// The values put in `raw` are what templates see. Ruby computes them at
    /// their first read, where it logs and may raise: see
    /// [`GitHubMetadata::config_access`]. With no repository name the values
    /// put in `raw` are nil placeholders and every read raises.
    pub fn munge_config(&self, raw: &mut Map) {
        let truthy = |m: &Map, k: &str| m.get(k).is_some_and(Value::is_truthy);
        let mut st = self.lock();
        let set = |st: &mut State, raw: &mut Map, i: usize, v: Value| {
            st.munged[i] = true;
            raw.insert(MUNGED[i].to_string(), v);
        };
        if truthy(raw, "name") && !truthy(raw, "title") {
            st.log.push(LogLine {
                level: "warn",
                topic: TOPIC,
                message: SITE_NAME_WARNING.to_string(),
            });
        } else if !truthy(raw, "title") {
            let v = self.nwo.as_ref().map_or(Value::Nil, |r| {
                if self.user_page(r) {
                    Value::from(r.owner.as_str())
                } else {
                    Value::from(r.name.as_str())
                }
            });
            set(&mut st, raw, 0, v);
        }
        if !truthy(raw, "description") {
            set(&mut st, raw, 1, Value::Nil);
        }
        if self.environment == "production" || self.pages.page_build {
            let parts = self.nwo.as_ref().map(|r| self.url_parts(r));
            if !truthy(raw, "url") {
                set(
                    &mut st,
                    raw,
                    2,
                    parts
                        .as_ref()
                        .map_or(Value::Nil, |p| Value::from(p.0.as_str())),
                );
            }
            let baseurl = raw.get("baseurl");
            if baseurl.is_none_or(Value::is_nil) || baseurl.and_then(Value::as_str) == Some("/") {
                set(
                    &mut st,
                    raw,
                    3,
                    parts
                        .as_ref()
                        .map_or(Value::Nil, |p| Value::from(p.1.as_str())),
                );
            }
        }
    }

    /// `Repository#primary?` (`user_page?`): the name is the owner's Pages
    /// domain. In development the Pages hostname is `localhost:4000`, so
    /// `owner/owner.github.io` is a project page there.
    fn user_page(&self, r: &Repo) -> bool {
        let name = r.name.to_lowercase();
        if self.pages.enterprise() {
            name == format!("{}.{}", r.owner.to_lowercase(), self.pages.github_hostname)
        } else {
            name == self.default_user_domain(r)
                || name == format!("{}.github.com", r.owner).to_lowercase()
        }
    }

    fn default_user_domain(&self, r: &Repo) -> String {
        let p = &self.pages;
        if !p.enterprise() && r.owner == "github" {
            format!("{}.{}", r.owner, p.github_hostname).to_lowercase()
        } else if p.enterprise() {
            p.pages_hostname.to_lowercase()
        } else {
            format!("{}.{}", r.owner, p.pages_hostname).to_lowercase()
        }
    }

    /// `Repository#html_url` offline (no Pages API data, so no CNAME and the
    /// owner's user-page repository is never found).
    fn html_url(&self, r: &Repo) -> String {
        let p = &self.pages;
        let url = if !p.custom_domains_enabled() {
            let path = if self.user_page(r) { &r.owner } else { &r.nwo };
            if p.subdomain_isolation {
                uri_join(&format!("{}://{}/", p.scheme(), p.pages_hostname), path)
            } else {
                uri_join(&format!("{}/pages/", p.github_url()), path)
            }
        } else {
            let domain = self.default_user_domain(r);
            let scheme = if r.owner == "github" && domain.ends_with(".github.com") {
                "https"
            } else {
                "http"
            };
            if self.user_page(r) {
                format!("{scheme}://{domain}")
            } else {
                uri_join(&format!("{scheme}://{domain}"), &r.name)
            }
        };
        match url.strip_suffix('/') {
            Some(u) => u.to_string(),
            None => url,
        }
    }

    /// `url_without_path` and `baseurl` (the URI's path) of the Pages URL.
    fn url_parts(&self, r: &Repo) -> (String, String) {
        split_uri(&self.html_url(r))
    }

    fn log(st: &mut State, level: &'static str, message: String) {
        st.log.push(LogLine {
            level,
            topic: TOPIC,
            message,
        });
    }

    /// `GitHubMetadata.client`: built at the first value that needs it.
    fn ensure_client(&self, st: &mut State) {
        if !st.client {
            st.client = true;
            if !self.pages.authenticated {
                Self::log(st, "warn", NO_AUTH_WARNING.to_string());
            }
        }
    }

    /// `n` API calls, each failing offline.
    fn calls(&self, st: &mut State, n: usize) {
        self.ensure_client(st);
        for _ in 0..n {
            Self::log(st, "warn", NO_INTERNET_WARNING.to_string());
        }
    }

    /// A memoized API-backed value: `n` calls the first time.
    fn once(&self, st: &mut State, flag: fn(&mut State) -> &mut bool, n: usize) {
        if !*flag(st) {
            self.calls(st, n);
            *flag(st) = true;
        }
    }

    fn repo_info(&self, st: &mut State) {
        self.once(st, |s| &mut s.repo_info, 1);
    }

    fn owner_info(&self, st: &mut State) {
        // `c.organization(login) || c.user(login) || {}`
        self.once(st, |s| &mut s.owner_info, 2);
    }

    /// What computing `html_url` calls: the Pages info, and where custom
    /// domains are on (PAGES_ENV dotcom or test) for a project page, the
    /// owner's two candidate user-page repositories.
    fn html_url_calls(&self, st: &mut State, r: &Repo) {
        self.once(st, |s| &mut s.pages_info, 1);
        if self.pages.custom_domains_enabled() && !self.user_page(r) {
            self.once(st, |s| &mut s.domain, 2);
        }
    }

    /// The `after_init` munger's lazy values are computed at their first read:
    /// call this before `site.title`, `site.description`, `site.url` or
    /// `site.baseurl` is read. It logs what Ruby logs there (the API client's
    /// warning; the offline API calls behind `description`, behind `url` and
    /// `baseurl`, and behind `title` on a user page) and, with no repository
    /// name, returns [`NO_REPOSITORY`] (after logging "Error processing value
    /// 'KEY':"), which Ruby raises at each such read. Keys the munger did not
    /// set give `Ok` and log nothing.
    pub fn config_access(&self, key: &str) -> Result<(), String> {
        let Some(i) = MUNGED.iter().position(|k| *k == key) else {
            return Ok(());
        };
        let mut st = self.lock();
        if !st.munged[i] || st.rendered[i] {
            return Ok(());
        }
        self.ensure_client(&mut st);
        let Some(r) = &self.nwo else {
            Self::log(&mut st, "error", format!("Error processing value '{key}':"));
            return Err(NO_REPOSITORY.to_string());
        };
        match i {
            0 => {
                if self.user_page(r) {
                    self.owner_info(&mut st)
                }
            }
            1 => self.repo_info(&mut st),
            _ => self.html_url_calls(&mut st, r),
        }
        st.rendered[i] = true;
        Ok(())
    }

    fn build_revision(&self, st: &mut State) -> Result<Value, String> {
        if let Some(b) = &st.build_revision {
            return Ok(Value::from(b.as_str()));
        }
        let b = match &self.pages.build_revision {
            Some(b) => b.clone(),
            // Ruby's backticks: git's stderr goes to the terminal.
            None => match git(&self.cwd, &["rev-parse", "HEAD"]) {
                Some((out, _)) => ruby_strip(&out).to_string(),
                None => return Err("No such file or directory - git".to_string()),
            },
        };
        st.build_revision = Some(b.clone());
        Ok(Value::from(b))
    }

    /// `site.github[key]` as the drop computes it, logging what Ruby logs;
    /// `None` for a key the drop does not have.
    fn field(&self, st: &mut State, key: &str) -> Option<Result<Value, String>> {
        let p = &self.pages;
        let s = |x: &str| Some(Ok(Value::from(x)));
        match key {
            "api_url" => return s(&p.api_url),
            "help_url" => return s(&p.help_url),
            "hostname" => return s(&p.github_hostname),
            "pages_hostname" => return s(&p.pages_hostname),
            "environment" | "pages_env" => return s(&p.env),
            // `GitHubPages.versions` when the github-pages gem loads; the
            // reference builds run without it.
            "versions" => return Some(Ok(Value::hash(Map::default()))),
            "build_revision" => return Some(self.build_revision(st)),
            _ if !DROP_KEYS.contains(&key) => return None,
            _ => {}
        }
        let Some(r) = &self.nwo else {
            return Some(Err(NO_REPOSITORY.to_string()));
        };
        let owner_url = format!("{}/{}", p.github_url(), r.owner);
        let repository_url = format!("{owner_url}/{}", r.name);
        let branch = if self.user_page(r) {
            "master"
        } else {
            "gh-pages"
        };
        let v = match key {
            "archived" | "disabled" | "private" | "license" | "language" | "project_tagline"
            | "show_downloads" | "issues_url" | "wiki_url" => {
                self.repo_info(st);
                Value::Nil
            }
            "url" | "baseurl" => {
                self.html_url_calls(st, r);
                let html = self.html_url(r);
                if key == "url" {
                    Value::from(html)
                } else {
                    Value::from(split_uri(&html).1)
                }
            }
            "clone_url" => Value::from(format!("{repository_url}.git")),
            "contributors" => {
                self.once(st, |s| &mut s.contributors, 1);
                Value::Bool(false)
            }
            "releases" => {
                self.once(st, |s| &mut s.releases, 1);
                Value::Bool(false)
            }
            "latest_release" => {
                self.once(st, |s| &mut s.latest_release, 1);
                Value::Bool(false)
            }
            "is_user_page" => Value::Bool(self.user_page(r)),
            "is_project_page" => Value::Bool(!self.user_page(r)),
            "organization_members" => {
                // `c.organization_public_members(owner) if organization_repository?`
                self.ensure_client(st);
                self.once(st, |s| &mut s.org_repo, 1);
                Value::Nil
            }
            "owner" => {
                self.owner_info(st);
                nil_hash(&OWNER_KEYS)
            }
            "owner_display_name" => {
                self.owner_info(st);
                Value::Nil
            }
            "owner_gravatar_url" => Value::from(format!("{owner_url}.png")),
            "owner_name" => Value::from(r.owner.as_str()),
            "owner_url" => Value::from(owner_url),
            "project_title" | "repository_name" => Value::from(r.name.as_str()),
            "repository_nwo" => Value::from(r.nwo.as_str()),
            "repository_url" => Value::from(repository_url),
            "releases_url" => Value::from(format!("{repository_url}/releases")),
            "public_repositories" => {
                // `c.list_repos(...).map`: not memoized, raises every time.
                self.calls(st, 1);
                Self::log(
                    st,
                    "error",
                    "Error processing value 'owner_public_repositories':".to_string(),
                );
                return Some(Err(PUBLIC_REPOSITORIES_ERROR.to_string()));
            }
            "source" => {
                self.once(st, |s| &mut s.pages_info, 1);
                let mut m = Map::default();
                m.insert("branch".into(), Value::from(branch));
                m.insert("path".into(), Value::from("/"));
                Value::hash(m)
            }
            "tar_url" | "zip_url" => {
                self.once(st, |s| &mut s.pages_info, 1);
                let kind = if key == "tar_url" {
                    "tarball"
                } else {
                    "zipball"
                };
                Value::from(format!("{repository_url}/{kind}/{branch}"))
            }
            _ => return None,
        };
        Some(Ok(v))
    }

    /// `site.github[key]` (logging as Ruby does at that read): `None` for a
    /// key the drop does not have (nil to templates), `Err` for what the read
    /// raises. Used by the drop [`GitHubMetadata::site_github`] returns.
    pub fn get(&self, key: &str) -> Option<Result<Value, String>> {
        let mut st = self.lock();
        self.field(&mut st, key)
    }

    /// `site.github` at `pre_render`, from the final config's `github` key:
    /// absent or nil gives the metadata drop (a [`Value::Object`] whose keys
    /// are [`DROP_KEYS`]; a read that raises in Ruby yields nil and is
    /// recorded for [`GitHubMetadata::take_errors`], and once an error is
    /// recorded further reads yield nil and log nothing, as Ruby has stopped);
    /// any other non-hash value is `site.github` as it is. A hash is
    /// deep-merged into the drop by `Jekyll::Utils.deep_merge_hashes`, which
    /// reads every field of the drop (`duplicate_frozen_values`): offline
    /// that always raises (`public_repositories`, or [`NO_REPOSITORY`]), so a
    /// `github:` hash gives `Err`, the error that aborts Ruby's build at
    /// `pre_render`.
    pub fn site_github(self: &Arc<Self>, config: &Map) -> Result<Value, String> {
        match config.get("github") {
            None | Some(Value::Nil) => Ok(Value::Object(Arc::new(MetadataDrop(self.clone())))),
            Some(Value::Hash(h)) => {
                let mut st = self.lock();
                // merge_values: `self[key]` for each key of the hash, in order
                for k in h.keys() {
                    if let Some(Err(e)) = self.field(&mut st, k) {
                        return Err(e);
                    }
                }
                // duplicate_frozen_values: every key of the merged drop, sorted
                let mut keys: Vec<&str> = DROP_KEYS.to_vec();
                keys.extend(
                    h.keys()
                        .map(String::as_str)
                        .filter(|k| !DROP_KEYS.contains(k)),
                );
                keys.sort_unstable();
                for k in keys {
                    if let Some(Err(e)) = self.field(&mut st, k) {
                        return Err(e);
                    }
                }
                // Not reached offline: `public_repositories` always raises.
                Err(PUBLIC_REPOSITORIES_ERROR.to_string())
            }
            Some(v) => Ok(v.clone()),
        }
    }
}

/// `URI.join(base, rel)` for a relative path of plain segments: `rel`
/// replaces what follows the base path's last `/` (a base without a path
/// gets `/`).
fn uri_join(base: &str, rel: &str) -> String {
    let start = base.find("://").map_or(0, |i| i + 3);
    match base[start..].find('/') {
        None => format!("{base}/{rel}"),
        Some(_) => {
            let cut = base.rfind('/').map_or(base.len(), |i| i + 1);
            format!("{}{rel}", &base[..cut])
        }
    }
}

/// `URI(url)`: the URL without its path (`scheme://host[:port]`, the port
/// only when it is not the scheme's default), and the path.
fn split_uri(url: &str) -> (String, String) {
    let start = url.find("://").map_or(0, |i| i + 3);
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let mut origin = url[..end].to_string();
    for (scheme, port) in [("http://", ":80"), ("https://", ":443")] {
        if origin.starts_with(scheme) && origin.ends_with(port) {
            origin.truncate(origin.len() - port.len());
        }
    }
    (origin, url[end..].to_string())
}

/// `site.github`: the plugin's `MetadataDrop`.
struct MetadataDrop(Arc<GitHubMetadata>);

impl Object for MetadataDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let meta = &self.0;
        let mut st = meta.lock();
        if !st.errors.is_empty() {
            return None;
        }
        match meta.field(&mut st, key)? {
            Ok(v) => Some(v),
            Err(e) => {
                st.errors.push(e);
                None
            }
        }
    }

    fn keys(&self) -> Vec<String> {
        DROP_KEYS.iter().map(|k| k.to_string()).collect()
    }

    /// `{{ site.github }}` is `JSON.pretty_generate(to_h)`, which reads every
    /// field: offline that raises (recorded), so it prints nothing.
    fn to_liquid_string(&self) -> Option<String> {
        for k in DROP_KEYS {
            self.get(k);
        }
        Some(String::new())
    }

    fn type_name(&self) -> &'static str {
        "github metadata"
    }
}

mod repository;
#[cfg(test)]
mod tests;

pub use repository::{find_nwo, nwo_from_git_remotes};
use repository::{git, ruby_strip, Pages, Repo};
