//! Build profiles: what builds the site today. `github-pages` is Jekyll plus
//! the `github-pages` gem (its defaults under the site's configuration, its
//! overrides on top, its always-on plugins, Jekyll 3's renames of old keys);
//! `jekyll` is plain Jekyll 4.3. A profile is configuration and a plugin
//! set: the pipeline is the same.

use std::path::Path;

use crate::liquid::{Map, Value};
use crate::utils::deep_merge;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    GithubPages,
    Jekyll,
}

/// Why a profile was chosen (printed in the header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Flag,
    GemfileUsesPages,
    GemfileWithoutPages,
    NoGemfile,
}

impl Profile {
    /// `--profile` values.
    pub fn parse(s: &str) -> Option<Profile> {
        match s {
            "github-pages" | "pages" | "gh-pages" => Some(Profile::GithubPages),
            "jekyll" => Some(Profile::Jekyll),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::GithubPages => "GitHub Pages",
            Profile::Jekyll => "Jekyll 4.3",
        }
    }
}

impl Reason {
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Flag => "--profile",
            Reason::GemfileUsesPages => "Gemfile uses github-pages",
            Reason::GemfileWithoutPages => "Gemfile without github-pages",
            Reason::NoGemfile => "no Gemfile: GitHub builds such a repository with GitHub Pages",
        }
    }
}

/// The profile a site folder asks for: a `Gemfile` naming the
/// `github-pages` gem → GitHub Pages; a `Gemfile` without it → Jekyll; no
/// `Gemfile` → GitHub Pages (what GitHub builds for a repository without one).
pub fn detect(source: &Path) -> (Profile, Reason) {
    match std::fs::read_to_string(source.join("Gemfile")) {
        Ok(text) if gemfile_uses_pages(&text) => (Profile::GithubPages, Reason::GemfileUsesPages),
        Ok(_) => (Profile::Jekyll, Reason::GemfileWithoutPages),
        Err(_) => (Profile::GithubPages, Reason::NoGemfile),
    }
}

/// Whether a Gemfile names the `github-pages` gem on a line that is not a comment.
fn gemfile_uses_pages(text: &str) -> bool {
    text.lines().any(|line| {
        let code = line.split('#').next().unwrap_or("");
        let code = code.trim_start();
        code.starts_with("gem")
            && (code.contains("\"github-pages\"") || code.contains("'github-pages'"))
    })
}

/// The plugins GitHub Pages always runs (github/pages-gem `plugins.rb`).
pub const DEFAULT_PLUGINS: &[&str] = &[
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-paginate",
    "jekyll-relative-links",
    "jekyll-optional-front-matter",
    "jekyll-readme-index",
    "jekyll-default-layout",
    "jekyll-titles-from-headings",
];

/// The plugins GitHub Pages allows a site to list.
pub const WHITELIST: &[&str] = &[
    "jekyll-coffeescript",
    "jekyll-feed",
    "jekyll-gist",
    "jekyll-github-metadata",
    "jekyll-paginate",
    "jekyll-redirect-from",
    "jekyll-seo-tag",
    "jekyll-sitemap",
    "jekyll-avatar",
    "jemoji",
    "jekyll-mentions",
    "jekyll-relative-links",
    "jekyll-optional-front-matter",
    "jekyll-readme-index",
    "jekyll-default-layout",
    "jekyll-titles-from-headings",
    "jekyll-include-cache",
];

/// The gem's defaults (the site may override them).
fn pages_defaults(production: bool) -> Map {
    let mut m = Map::default();
    m.insert("jailed".into(), Value::Bool(false));
    m.insert("plugins".into(), strings(DEFAULT_PLUGINS));
    m.insert("future".into(), Value::Bool(true));
    m.insert("markdown".into(), Value::from("kramdown"));
    let mut opts = Map::default();
    opts.insert("default_lang".into(), Value::from("plaintext"));
    let mut kramdown = Map::default();
    kramdown.insert("input".into(), Value::from("GFM"));
    kramdown.insert("hard_wrap".into(), Value::Bool(false));
    kramdown.insert("gfm_quirks".into(), Value::from("paragraph_end"));
    kramdown.insert("syntax_highlighter_opts".into(), Value::hash(opts));
    m.insert("kramdown".into(), Value::hash(kramdown));
    m.insert("exclude".into(), strings(&["CNAME"]));
    if production {
        let mut sass = Map::default();
        sass.insert("style".into(), Value::from("compressed"));
        m.insert("sass".into(), Value::hash(sass));
    }
    m
}

/// The gem's overrides (the site may not change them).
fn pages_overrides() -> Map {
    let mut m = Map::default();
    m.insert("lsi".into(), Value::Bool(false));
    m.insert("safe".into(), Value::Bool(true));
    m.insert("whitelist".into(), strings(WHITELIST));
    m.insert("highlighter".into(), Value::from("rouge"));
    let mut kramdown = Map::default();
    kramdown.insert("template".into(), Value::from(""));
    kramdown.insert("math_engine".into(), Value::from("mathjax"));
    kramdown.insert("syntax_highlighter".into(), Value::from("rouge"));
    m.insert("kramdown".into(), Value::hash(kramdown));
    let mut gist = Map::default();
    gist.insert("noscript".into(), Value::Bool(false));
    m.insert("gist".into(), Value::hash(gist));
    m
}

fn strings(list: &[&str]) -> Value {
    Value::array(list.iter().map(|s| Value::from(*s)).collect())
}

/// What Jekyll 3.10 (GitHub Pages' Jekyll) did to the configuration before
/// the gem saw it: old keys renamed, with its deprecation line each, and a
/// `paginate` that is not a positive integer dropped with a warning.
/// Returns the lines to print (topic first, as Jekyll's logger shows them).
pub fn jekyll3_renames(raw: &mut Map) -> Vec<(String, String)> {
    let mut notes = Vec::new();
    for (old, new) in [
        ("gems", "plugins"),
        ("layouts", "layouts_dir"),
        ("data_source", "data_dir"),
    ] {
        if let Some(v) = raw.shift_remove(old) {
            notes.push((
                "Deprecation:".to_string(),
                format!("The '{old}' configuration option has been renamed to '{new}'. Please update your config file accordingly."),
            ));
            raw.insert(new.to_string(), v);
        }
    }
    if let Some(p) = raw.get("paginate") {
        let ok = matches!(p, Value::Int(n) if *n >= 1) || matches!(p, Value::Nil);
        if !ok {
            notes.push((
                "Config Warning:".to_string(),
                format!(
                    "The `paginate` key must be a positive integer or nil. It's currently set to '{}'.",
                    crate::liquid::ruby::inspect(p)
                ),
            ));
            raw.insert("paginate".into(), Value::Nil);
        }
    }
    notes
}

/// The gem's effective configuration: its defaults under the site's
/// configuration (which already holds Jekyll's defaults, so those win, as in
/// the gem), its overrides on top, `markdown` forced to kramdown and its
/// default plugins added to the site's list.
pub fn pages_config(raw: &Map, production: bool) -> Map {
    let mut config = deep_merge(&pages_defaults(production), raw);
    config = deep_merge(&config, &pages_overrides());
    let is_kramdown = config
        .get("markdown")
        .and_then(|v| v.as_str())
        .map(|m| m.eq_ignore_ascii_case("kramdown"))
        .unwrap_or(false);
    if !is_kramdown {
        config.insert("markdown".into(), Value::from("kramdown"));
    }
    // Array(config["plugins"]) | DEFAULT_PLUGINS
    let mut plugins: Vec<Value> = match config.get("plugins") {
        Some(Value::Array(a)) => a.iter().cloned().collect(),
        Some(Value::Nil) | None => Vec::new(),
        Some(v) => vec![v.clone()],
    };
    let mut seen: Vec<Value> = Vec::new();
    plugins.retain(|p| {
        let new = !seen.iter().any(|s| crate::site::reader::same(s, p));
        if new {
            seen.push(p.clone());
        }
        new
    });
    for p in DEFAULT_PLUGINS {
        let v = Value::from(*p);
        if !plugins.iter().any(|x| crate::site::reader::same(x, &v)) {
            plugins.push(v);
        }
    }
    config.insert("plugins".into(), Value::array(plugins));
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: Option<&Value>) -> Vec<String> {
        match v {
            Some(Value::Array(a)) => a.iter().filter_map(crate::utils::scalar_string).collect(),
            _ => Vec::new(),
        }
    }

    #[test]
    fn gemfile_detection() {
        assert!(gemfile_uses_pages(
            "source \"https://rubygems.org\"\ngem \"github-pages\", group: :jekyll_plugins\n"
        ));
        assert!(gemfile_uses_pages("  gem 'github-pages'\n"));
        assert!(!gemfile_uses_pages(
            "# gem \"github-pages\"\ngem \"jekyll\", \"~> 4.3\"\n"
        ));
        assert!(!gemfile_uses_pages("gem \"jekyll\"\n"));
    }

    #[test]
    fn renames_replace_plugins() {
        let mut m = Map::default();
        m.insert("plugins".into(), strings(&["jekyll-sitemap"]));
        m.insert("gems".into(), strings(&["jekyll-feed"]));
        m.insert("paginate".into(), Value::Int(0));
        let notes = jekyll3_renames(&mut m);
        assert_eq!(notes.len(), 2);
        assert!(!m.contains_key("gems"));
        assert!(matches!(m.get("paginate"), Some(Value::Nil)));
        assert_eq!(names(m.get("plugins")), ["jekyll-feed"]);
    }

    #[test]
    fn site_values_win_over_the_gem_defaults_but_not_its_overrides() {
        let mut site = Map::default();
        site.insert("future".into(), Value::Bool(false));
        site.insert("safe".into(), Value::Bool(false));
        site.insert("plugins".into(), strings(&["jekyll-feed", "jekyll-gist"]));
        let c = pages_config(&site, true);
        assert!(matches!(c.get("future"), Some(Value::Bool(false))));
        assert!(matches!(c.get("safe"), Some(Value::Bool(true))));
        let plugins = names(c.get("plugins"));
        assert_eq!(plugins.len(), 9);
        assert_eq!(
            plugins[..3],
            ["jekyll-feed", "jekyll-gist", "jekyll-github-metadata"]
        );
        assert_eq!(
            c.get("sass")
                .map(|s| s.get("style"))
                .unwrap_or_default()
                .as_str(),
            Some("compressed")
        );
    }
}
