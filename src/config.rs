//! Configuration: `_config.yml` (one or more files) over Jekyll's defaults,
//! then resolved into the typed `Config` the rest of the pipeline reads.
//! The merged raw hash stays available as `Config::raw` (it is `site.*`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{FixedOffset, NaiveDateTime, Offset, TimeZone};

use crate::error::{Error, Result};
use crate::liquid::{Map, Value};
use crate::profile::{Profile, Reason};
use crate::utils::deep_merge;
use crate::yaml;

/// Command-line overrides, applied over the files.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub source: Option<PathBuf>,
    pub destination: Option<PathBuf>,
    pub config_files: Vec<PathBuf>,
    pub baseurl: Option<String>,
    pub drafts: bool,
    pub future: bool,
    pub unpublished: bool,
    pub limit_posts: Option<usize>,
    /// `serve` sets `url` to the local address in development.
    pub url: Option<String>,
    pub quiet: bool,
    pub verbose: bool,
    /// `--profile`; `None` decides from the site's Gemfile.
    pub profile: Option<Profile>,
    /// `--disable-disk-cache`.
    pub disable_disk_cache: bool,
    /// Jekyll's other command-line options, each the configuration key it
    /// sets over the files (`--safe` is `safe: true`, `--layouts DIR` is
    /// `layouts_dir: DIR`), in the order given.
    pub settings: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
pub struct CollectionConfig {
    pub label: String,
    pub output: bool,
    pub permalink: Option<String>,
    pub sort_by: Option<String>,
    pub order: Option<Vec<String>>,
    pub meta: Map,
}

#[derive(Debug, Clone)]
pub struct DefaultSet {
    pub path: Option<String>,
    pub kind: Option<String>,
    pub values: Map,
}

/// `include` or `exclude` patterns (leading `/` trimmed) split for the
/// entry filter: the literal ones indexed by their first byte, since a
/// literal pattern can only match an entry that starts with that byte.
#[derive(Debug, Default)]
pub struct PatternSet {
    /// Literal patterns sorted (bytewise), so that those sharing a first
    /// byte are one range.
    literal: Vec<String>,
    /// Patterns with glob characters, in their order.
    pub glob: Vec<String>,
    /// An empty pattern: `File.join(source, "")` prefixes every entry.
    pub any: bool,
}

impl PatternSet {
    pub fn new(patterns: &[String]) -> PatternSet {
        let mut set = PatternSet::default();
        for p in patterns {
            let q = p.trim_start_matches('/');
            if q.is_empty() {
                // `""` and `"/"` alike: the joined pattern prefixes every entry
                set.any = true;
            } else if crate::utils::has_glob_meta(q) {
                set.glob.push(q.to_string());
            } else {
                set.literal.push(q.to_string());
            }
        }
        set.literal.sort();
        set
    }

    /// The literal patterns that start with `first`.
    pub fn literal_from(&self, first: u8) -> &[String] {
        let lo = self.literal.partition_point(|q| q.as_bytes()[0] < first);
        let hi = self.literal.partition_point(|q| q.as_bytes()[0] <= first);
        &self.literal[lo..hi]
    }
}

/// The whole resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub raw: Arc<Map>,
    pub source: PathBuf,
    pub destination: PathBuf,
    pub layouts_dir: String,
    pub includes_dir: String,
    pub data_dir: String,
    pub plugins_dir: String,
    pub collections_dir: String,
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// `exclude` less what `include` names (what the entry filter applies).
    exclude_effective: Vec<String>,
    /// `include` and `exclude_effective` sorted for the entry filter's
    /// test, made on first use (both lists are fixed once loaded).
    filter_sets: std::sync::OnceLock<Arc<(PatternSet, PatternSet)>>,
    pub keep_files: Vec<String>,
    pub markdown_ext: Vec<String>,
    /// The `permalink` setting as written (style name or template).
    pub permalink_style: String,
    pub future: bool,
    pub unpublished: bool,
    pub show_drafts: bool,
    pub limit_posts: usize,
    pub excerpt_separator: String,
    pub baseurl: String,
    pub url: String,
    pub timezone: Option<chrono_tz::Tz>,
    pub collections: Vec<CollectionConfig>,
    pub defaults: Vec<DefaultSet>,
    pub plugins: Vec<String>,
    pub markdown: crate::markdown::Options,
    pub sass_dir: String,
    pub sass_style: String,
    pub environment: String,
    pub quiet: bool,
    pub verbose: bool,
    /// The config files read, relative to the source when possible (for messages).
    pub files: Vec<PathBuf>,
    /// What builds this site (GitHub Pages or plain Jekyll), and why.
    pub profile: Profile,
    pub profile_reason: Reason,
    /// `safe`: only whitelisted plugins run, symlinks are not followed.
    pub safe: bool,
    /// Lines Jekyll prints while reading the configuration (topic, message),
    /// shown after the "Configuration file:" line.
    pub notices: Vec<(String, String)>,
    /// jekyll-github-metadata's state, when it runs (`site.github` reads
    /// that Ruby would raise on are collected there).
    pub github: Option<GitHub>,
}

/// jekyll-github-metadata's state, shared by the configuration's clones.
#[derive(Clone)]
pub struct GitHub(pub Arc<crate::plugins::github_metadata::GitHubMetadata>);

impl std::fmt::Debug for GitHub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GitHub({:?})", self.0.nwo())
    }
}

/// jekyll-github-metadata, when the configuration lists it: its `after_init`
/// fallbacks (`title`, `description`, and in production `url`/`baseurl`)
/// applied to `raw`, and `site.github` (the drop, or the site's own `github:`
/// value) put in it. The repository is `PAGES_REPO_NWO`, `repository:`, or
/// the `origin` remote of the site's git checkout (in development).
fn github_metadata(raw: &mut Map, source: &Path, files: &[PathBuf]) -> Result<Option<GitHub>> {
    let listed = matches!(raw.get("plugins"), Some(Value::Array(a))
        if a.iter().any(|p| p.as_str() == Some("jekyll-github-metadata")));
    if !listed {
        return Ok(None);
    }
    let env = |k: &str| std::env::var(k).ok();
    let m = Arc::new(crate::plugins::github_metadata::GitHubMetadata::new(
        raw,
        source,
        &environment(),
        &env,
    ));
    m.munge_config(raw);
    let github = m.site_github(raw).map_err(|message| Error::Config {
        path: files.first().cloned().unwrap_or_default(),
        message: format!("jekyll-github-metadata: {message} (the `github:` key cannot be merged with GitHub's metadata offline; remove it)"),
    })?;
    raw.insert("github".into(), github);
    Ok(Some(GitHub(m)))
}

const DEFAULT_EXCLUDES: &[&str] = &[
    ".sass-cache",
    ".jekyll-cache",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
];

fn defaults() -> Map {
    let src = r#"
collections_dir: ""
cache_dir: .jekyll-cache
plugins_dir: _plugins
layouts_dir: _layouts
data_dir: _data
includes_dir: _includes
collections: {}
safe: false
include: [".htaccess"]
exclude: []
keep_files: [".git", ".svn"]
encoding: utf-8
markdown_ext: "markdown,mkdown,mkdn,mkd,md"
strict_front_matter: false
show_drafts: ~
limit_posts: 0
future: false
unpublished: false
whitelist: []
plugins: []
markdown: kramdown
highlighter: rouge
lsi: false
excerpt_separator: "\n\n"
incremental: false
detach: false
port: "4000"
host: 127.0.0.1
baseurl: ~
show_dir_listing: false
permalink: date
paginate_path: /page:num
timezone: ~
quiet: false
verbose: false
defaults: []
liquid:
  error_mode: warn
  strict_filters: false
  strict_variables: false
kramdown:
  auto_ids: true
  toc_levels: [1, 2, 3, 4, 5, 6]
  entity_output: as_char
  smart_quotes: lsquo,rsquo,ldquo,rdquo
  input: GFM
  hard_wrap: false
  guess_lang: true
  footnote_nr: 1
  show_warnings: false
"#;
    match yaml::parse(src, &|_| utc()) {
        Ok(Value::Hash(h)) => (*h).clone(),
        _ => Map::default(), // the constant above is valid YAML (unit-tested)
    }
}

pub fn utc() -> FixedOffset {
    chrono::Utc.fix()
}

/// `JEKYLL_ENV` (`development` when unset), which is `jekyll.environment`.
pub fn environment() -> String {
    std::env::var("JEKYLL_ENV").unwrap_or_else(|_| "development".into())
}

/// The zone named by TZ (as Ruby reads it) or UTC.
fn env_timezone() -> Option<chrono_tz::Tz> {
    std::env::var("TZ")
        .ok()
        .and_then(|tz| tz.trim_start_matches(':').parse().ok())
}

impl Config {
    /// The configuration files read, as absolute paths.
    pub fn file_paths(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .map(|f| {
                if f.is_absolute() {
                    f.clone()
                } else {
                    self.source.join(f)
                }
            })
            .collect()
    }

    /// `exclude` less what `include` names.
    pub fn effective_exclude(&self) -> &[String] {
        &self.exclude_effective
    }

    /// `include` and the effective `exclude` as the entry filter tests them.
    pub fn filter_sets(&self) -> &(PatternSet, PatternSet) {
        self.filter_sets.get_or_init(|| {
            Arc::new((
                PatternSet::new(&self.include),
                PatternSet::new(&self.exclude_effective),
            ))
        })
    }

    /// Read the config files of `ov.source` (or the cwd) and resolve them.
    pub fn load(ov: &Overrides) -> Result<Config> {
        let source = ov.source.clone().unwrap_or_else(|| PathBuf::from("."));
        let source = std::fs::canonicalize(&source).map_err(|e| Error::io(&source, e))?;
        let mut files = ov.config_files.clone();
        if files.is_empty() {
            for name in ["_config.yml", "_config.yaml"] {
                let p = source.join(name);
                if p.exists() {
                    files.push(p);
                    break;
                }
            }
        }
        let mut user = Map::default();
        // Ruby's local zone while reading the config: TZ (config timezone applies after).
        let tz = env_timezone();
        let local = move |t: &NaiveDateTime| offset_at_utc(tz, t);
        for f in &files {
            let path = if f.is_absolute() || f.exists() {
                f.clone()
            } else {
                source.join(f)
            };
            let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
            let is_toml = path
                .extension()
                .map(|e| e.eq_ignore_ascii_case("toml"))
                .unwrap_or(false);
            let v = if is_toml {
                parse_toml(&text).map_err(|message| Error::Config {
                    path: path.clone(),
                    message,
                })?
            } else {
                yaml::parse(&text, &local)
                    .map_err(|e| Error::Yaml {
                        path: path.clone(),
                        line: e.line,
                        col: e.col,
                        message: e.message,
                    })
                    .and_then(|v| {
                        crate::liquid::value_depth::within_depth(v).ok_or_else(|| Error::Yaml {
                            path: path.clone(),
                            line: 1,
                            col: 0,
                            message: crate::liquid::value_depth::TOO_DEEP.into(),
                        })
                    })?
            };

            match v {
                Value::Hash(h) => user = deep_merge(&user, &h),
                Value::Nil => {}
                _ => {
                    return Err(Error::Config {
                        path: path.clone(),
                        message: "the configuration file must be a YAML mapping (key: value lines)"
                            .into(),
                    })
                }
            }
        }
        let mut raw = deep_merge(&defaults(), &user);
        Self::apply_overrides(&mut raw, ov, &source);
        let (profile, reason) = match ov.profile {
            Some(p) => (p, Reason::Flag),
            None => crate::profile::detect(&source),
        };
        let mut notices = Vec::new();
        if profile == Profile::GithubPages {
            notices = crate::profile::jekyll3_renames(&mut raw);
            raw = crate::profile::pages_config(&raw, environment() == "production");
        }
        let github = github_metadata(&mut raw, &source, &files)?;
        let mut config = Config::resolve(raw, source, files, ov, profile, reason)?;
        config.github = github;
        // Jekyll 3 renamed the keys before anything else was said
        notices.append(&mut config.notices);
        config.notices = notices;
        Ok(config)
    }

    fn apply_overrides(raw: &mut Map, ov: &Overrides, source: &Path) {
        raw.insert("source".into(), Value::from(source.display().to_string()));
        let dest = match &ov.destination {
            Some(d) => d.clone(),
            None => match raw.get("destination").and_then(|v| v.as_str()) {
                Some(d) => source.join(d),
                None => source.join("_site"),
            },
        };
        let dest = absolutize(&dest);
        raw.insert(
            "destination".into(),
            Value::from(dest.display().to_string()),
        );
        if let Some(b) = &ov.baseurl {
            raw.insert("baseurl".into(), Value::from(b.as_str()));
        }
        if let Some(u) = &ov.url {
            raw.insert("url".into(), Value::from(u.as_str()));
        }
        if ov.drafts {
            raw.insert("show_drafts".into(), Value::Bool(true));
        }
        if ov.future {
            raw.insert("future".into(), Value::Bool(true));
        }
        if ov.unpublished {
            raw.insert("unpublished".into(), Value::Bool(true));
        }
        if let Some(n) = ov.limit_posts {
            raw.insert("limit_posts".into(), Value::Int(n as i64));
        }
        if ov.quiet {
            raw.insert("quiet".into(), Value::Bool(true));
        }
        if ov.disable_disk_cache {
            raw.insert("disable_disk_cache".into(), Value::Bool(true));
        }
        if ov.verbose {
            raw.insert("verbose".into(), Value::Bool(true));
        }
        for (key, value) in &ov.settings {
            raw.insert(key.as_str().into(), value.clone());
        }
    }

    fn resolve(
        mut raw: Map,
        source: PathBuf,
        files: Vec<PathBuf>,
        ov: &Overrides,
        profile: Profile,
        profile_reason: Reason,
    ) -> Result<Config> {
        let s = |raw: &Map, k: &str, d: &str| -> String {
            match raw.get(k) {
                Some(Value::Str(s)) => s.to_string(),
                Some(Value::Nil) | None => d.to_string(),
                Some(v) => crate::utils::scalar_string(v).unwrap_or_else(|| d.to_string()),
            }
        };
        let b = |raw: &Map, k: &str| raw.get(k).map(|v| v.is_truthy()).unwrap_or(false);
        let list = |raw: &Map, k: &str| -> Vec<String> {
            match raw.get(k) {
                Some(Value::Array(a)) => a.iter().filter_map(crate::utils::scalar_string).collect(),
                Some(Value::Str(s)) => s.split(',').map(|x| x.trim().to_string()).collect(),
                _ => Vec::new(),
            }
        };

        let mut exclude = list(&raw, "exclude");
        for d in DEFAULT_EXCLUDES {
            if !exclude.iter().any(|e| e == d) {
                exclude.push(d.to_string());
            }
        }
        raw.insert(
            "exclude".into(),
            Value::array(exclude.iter().map(|e| Value::from(e.as_str())).collect()),
        );

        // collections: posts first, then the configured ones
        let permalink_style = s(&raw, "permalink", "date");
        let mut collections = Vec::new();
        let mut coll_map = Map::default();
        let mut posts_meta = Map::default();
        posts_meta.insert("output".into(), Value::Bool(true));
        let mut configured: Vec<(String, Map)> = Vec::new();
        match raw.get("collections") {
            Some(Value::Hash(h)) => {
                for (k, v) in h.iter() {
                    let m = match v {
                        Value::Hash(m) => (**m).clone(),
                        _ => Map::default(),
                    };
                    configured.push((k.clone(), m));
                }
            }
            Some(Value::Array(a)) => {
                for v in a.iter() {
                    if let Some(k) = v.as_str() {
                        configured.push((k.to_string(), Map::default()));
                    }
                }
            }
            _ => {}
        }
        if let Some(i) = configured.iter().position(|(k, _)| k == "posts") {
            let (_, m) = configured.remove(i);
            posts_meta = deep_merge(&m, &posts_meta);
        }
        if !posts_meta.contains_key("permalink") {
            posts_meta.insert(
                "permalink".into(),
                Value::from(style_to_permalink(&permalink_style)),
            );
        }
        configured.insert(0, ("posts".into(), posts_meta));
        for (label, meta) in configured {
            let label: String = label
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || "_-.".contains(*c))
                .collect();
            let order = match meta.get("order") {
                Some(Value::Array(a)) => Some(
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect(),
                ),
                _ => None,
            };
            collections.push(CollectionConfig {
                label: label.clone(),
                output: meta.get("output").map(|v| v.is_truthy()).unwrap_or(false),
                permalink: meta
                    .get("permalink")
                    .and_then(|v| v.as_str())
                    .map(String::from),
                sort_by: meta
                    .get("sort_by")
                    .and_then(|v| v.as_str())
                    .map(String::from),
                order,
                meta: meta.clone(),
            });
            coll_map.insert(label, Value::hash(meta));
        }
        raw.insert("collections".into(), Value::hash(coll_map));

        let mut defaults_sets = Vec::new();
        if let Some(Value::Array(a)) = raw.get("defaults") {
            for set in a.iter() {
                let values = match set.get("values") {
                    Value::Hash(h) => (*h).clone(),
                    _ => continue,
                };
                let scope = set.get("scope");
                let path = match scope.get("path") {
                    Value::Str(p) => Some(p.to_string()),
                    _ => None,
                };
                let kind = match scope.get("type") {
                    Value::Nil => None,
                    v => crate::utils::scalar_string(&v),
                };
                let kind = kind.map(|k| match k.as_str() {
                    "page" => "pages".to_string(),
                    "post" => "posts".to_string(),
                    "draft" => "drafts".to_string(),
                    _ => k,
                });
                defaults_sets.push(DefaultSet { path, kind, values });
            }
        }

        // Jekyll sets TZ to `timezone:`; the C library reads a name it does
        // not know (`Canada/Toronto`) as UTC, and the build goes on
        let mut tz_notice = None;
        let timezone = match raw.get("timezone") {
            Some(Value::Str(tz)) => match tz.parse::<chrono_tz::Tz>() {
                Ok(z) => Some(z),
                Err(_) => {
                    tz_notice = Some(format!(
                        "timezone '{tz}' is not in the tz database, so times are in UTC (as Jekyll shows them); use a name such as America/Toronto"
                    ));
                    None
                }
            },
            _ => env_timezone(),
        };

        let environment = environment();
        let sass = raw.get("sass").cloned().unwrap_or_default();
        let markdown = crate::markdown::Options::from_config(
            raw.get("kramdown").unwrap_or(&Value::Nil),
            raw.get("highlighter").unwrap_or(&Value::Nil),
        );
        // Jekyll 4.3 ignores the old `gems:` key (the GitHub Pages profile
        // has renamed it to `plugins:` above, as Jekyll 3 did).
        let mut plugins = list(&raw, "plugins");
        let safe = b(&raw, "safe");
        let mut notices = Vec::new();
        if let Some(n) = tz_notice {
            notices.push(("Warning:".to_string(), n));
        }
        if b(&raw, "lsi") {
            // Jekyll needs the classifier-reborn gem for it (GitHub Pages turns it off)
            notices.push((
                "Warning:".to_string(),
                "hyde builds no LSI index (`lsi`, --lsi): site.related_posts are the ten most recent posts, as without it".to_string(),
            ));
        }
        if safe {
            // Jekyll's PluginManager: in safe mode only whitelisted plugins are required
            let whitelist = list(&raw, "whitelist");
            let (kept, dropped): (Vec<String>, Vec<String>) =
                plugins.into_iter().partition(|p| whitelist.contains(p));
            plugins = kept;
            if !dropped.is_empty() {
                let why = match profile {
                    Profile::GithubPages => "not on GitHub Pages' plugin whitelist: GitHub does not run it, nor does hyde in this profile; remove it from `plugins:`, or build with --profile jekyll",
                    Profile::Jekyll => "not under `whitelist:`, and safe mode runs only those",
                };
                for p in dropped {
                    notices.push(("Plugins:".to_string(), format!("{p} skipped: {why}.")));
                }
            }
        }
        for p in plugins
            .iter()
            .filter(|p| !crate::plugins::IMPLEMENTED.contains(&p.as_str()))
        {
            notices.push((
                "Plugins:".to_string(),
                format!("{p} is not built into hyde: the site is built without it."),
            ));
        }

        let baseurl = s(&raw, "baseurl", "");
        let destination = PathBuf::from(s(&raw, "destination", "_site"));
        Ok(Config {
            source,
            destination,
            layouts_dir: s(&raw, "layouts_dir", "_layouts"),
            includes_dir: s(&raw, "includes_dir", "_includes"),
            data_dir: s(&raw, "data_dir", "_data"),
            plugins_dir: s(&raw, "plugins_dir", "_plugins"),
            collections_dir: s(&raw, "collections_dir", ""),
            include: list(&raw, "include"),
            exclude_effective: {
                let include = list(&raw, "include");
                exclude
                    .iter()
                    .filter(|e| !include.contains(e))
                    .cloned()
                    .collect()
            },
            exclude,
            filter_sets: std::sync::OnceLock::new(),
            keep_files: list(&raw, "keep_files"),
            markdown_ext: s(&raw, "markdown_ext", "markdown,mkdown,mkdn,mkd,md")
                .split(',')
                .map(|e| format!(".{}", e.trim().to_lowercase()))
                .collect(),
            permalink_style,
            future: b(&raw, "future"),
            unpublished: b(&raw, "unpublished"),
            show_drafts: b(&raw, "show_drafts"),
            limit_posts: match raw.get("limit_posts") {
                Some(Value::Int(n)) if *n > 0 => *n as usize,
                _ => 0,
            },
            excerpt_separator: s(&raw, "excerpt_separator", "\n\n"),
            baseurl,
            url: s(&raw, "url", ""),
            timezone,
            collections,
            defaults: defaults_sets,
            plugins,
            markdown,
            sass_dir: match sass.get("sass_dir") {
                Value::Str(d) => d.to_string(),
                _ => "_sass".into(),
            },
            sass_style: match sass.get("style") {
                Value::Str(d) => d.to_string(),
                _ => "expanded".into(),
            },
            environment,
            quiet: b(&raw, "quiet") || ov.quiet,
            verbose: b(&raw, "verbose") || ov.verbose,
            files,
            raw: Arc::new(raw),
            profile,
            profile_reason,
            safe,
            notices,
            github: None,
        })
    }

    /// The UTC offset of local time (the configured zone) at a given UTC
    /// instant (past 2099, by the zone's last rule, as the C library does).
    pub fn offset_at(&self, at: &NaiveDateTime) -> FixedOffset {
        offset_at_utc(self.timezone, at)
    }

    /// The offset for a local wall-clock time (Ruby's `Time.local`).
    pub fn offset_for_local(&self, local: &NaiveDateTime) -> FixedOffset {
        local_offset(self.timezone, local)
    }

    /// Whether an extension (with its dot, any case) is one of `markdown_ext`:
    /// the Markdown converter's `matches`.
    pub fn is_markdown_ext(&self, ext: &str) -> bool {
        self.markdown_ext
            .iter()
            .any(|m| m.eq_ignore_ascii_case(ext))
    }

    pub fn plugin_enabled(&self, name: &str) -> bool {
        self.plugins.iter().any(|p| p == name)
    }

    pub fn collection(&self, label: &str) -> Option<&CollectionConfig> {
        self.collections.iter().find(|c| c.label == label)
    }

    pub fn get(&self, key: &str) -> &Value {
        self.raw.get(key).unwrap_or(&Value::Nil)
    }
}

/// The UTC offset of `tz` (UTC when none) at a UTC instant: what Ruby's
/// `Time.at` shows (the `yaml::Local` of YAML timestamps without a zone);
/// past 2099, by the zone's last rule, as the C library does.
pub fn offset_at_utc(tz: Option<chrono_tz::Tz>, at: &NaiveDateTime) -> FixedOffset {
    match tz {
        Some(tz) => crate::ruby_time::tz_offset(tz, *at).fix(),
        None => utc(),
    }
}

/// Ruby's `Time.local` offset for a wall-clock time in `tz` (UTC when none).
pub fn local_offset(tz: Option<chrono_tz::Tz>, local: &NaiveDateTime) -> FixedOffset {
    match tz {
        Some(tz) => match tz.offset_from_local_datetime(local) {
            chrono::LocalResult::Single(o) => o.fix(),
            chrono::LocalResult::Ambiguous(a, _) => a.fix(),
            chrono::LocalResult::None => tz.offset_from_utc_datetime(local).fix(),
        },
        None => utc(),
    }
}

/// An absolute path with `.` and `..` resolved lexically, and symlinks of the
/// part that exists resolved (so a destination can be compared with the source).
fn absolutize(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    // resolve symlinks in the longest existing prefix
    let mut existing = out.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(n) => {
                rest.push(n.to_os_string());
                existing.pop();
            }
            None => return out,
        }
    }
    match std::fs::canonicalize(&existing) {
        Ok(mut c) => {
            for n in rest.into_iter().rev() {
                c.push(n);
            }
            c
        }
        Err(_) => out,
    }
}

/// `Jekyll::Configuration#style_to_permalink`.
pub fn style_to_permalink(style: &str) -> String {
    match style {
        "pretty" => "/:categories/:year/:month/:day/:title/".into(),
        "none" => "/:categories/:title:output_ext".into(),
        "date" => "/:categories/:year/:month/:day/:title:output_ext".into(),
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext".into(),
        "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext".into(),
        other => other.into(),
    }
}

/// `Jekyll::Utils.add_permalink_suffix`.
pub fn add_permalink_suffix(template: &str, style: &str) -> String {
    let mut t = template.to_string();
    match style {
        "pretty" => t.push('/'),
        "date" | "ordinal" | "none" => t.push_str(":output_ext"),
        other => {
            if other.ends_with('/') {
                t.push('/');
            }
            if other.ends_with(":output_ext") {
                t.push_str(":output_ext");
            }
        }
    }
    t
}

/// A TOML configuration file (Jekyll reads `_config.toml` when given with `--config`).
fn parse_toml(text: &str) -> std::result::Result<Value, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    Ok(from_toml(&toml::Value::Table(table)))
}

fn from_toml(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::from(s.as_str()),
        toml::Value::Integer(i) => Value::Int(*i),
        toml::Value::Float(f) => Value::Float(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => {
            let s = d.to_string();
            crate::yaml::resolve_plain(&s, &|_| utc())
        }
        toml::Value::Array(a) => Value::array(a.iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            let mut m = Map::default();
            for (k, v) in t {
                m.insert(k.clone(), from_toml(v));
            }
            Value::hash(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_parse() {
        let d = defaults();
        assert_eq!(d.get("permalink").and_then(|v| v.as_str()), Some("date"));
        assert!(matches!(
            d.get("kramdown").map(|k| k.get("footnote_nr")),
            Some(Value::Int(1))
        ));
        assert_eq!(
            d.get("excerpt_separator").and_then(|v| v.as_str()),
            Some("\n\n")
        );
    }

    #[test]
    fn permalink_suffixes() {
        assert_eq!(
            add_permalink_suffix("/:path/:basename", "/:categories/:title/"),
            "/:path/:basename/"
        );
        assert_eq!(
            add_permalink_suffix("/:path/:basename", "date"),
            "/:path/:basename:output_ext"
        );
    }
}
