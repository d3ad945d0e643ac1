//! Documents that are not published, and why, so that a missing page is
//! explained: `published: false`, a date in the future (when the build
//! leaves those out), or a post whose file name does not start with a date
//! (Jekyll ignores it without a word).

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

use super::{read_paths, rel, Finding, Severity};
use crate::liquid::{Map, Value};
use crate::site::entries::EntryFilter;
use crate::site::{Kind, Site};

/// What a file that was not read is, by its place in the source.
enum Place {
    Post,
    Doc,
    Page,
}

pub fn check(site: &Site) -> Vec<Finding> {
    let cfg = &site.config;
    let read = read_paths(site);
    let mut out = Vec::new();
    let labels: HashSet<String> = cfg
        .collections
        .iter()
        .skip(1)
        .filter(|c| c.output)
        .map(|c| c.label.clone())
        .collect();
    let filter = EntryFilter { config: cfg };
    for file in super::source_files(cfg) {
        let path = rel(&cfg.source, &file);
        if read.contains(&path) || filter.excluded(&path) {
            continue;
        }
        let in_coll = path
            .strip_prefix(&cfg.collections_dir)
            .unwrap_or(&path)
            .trim_start_matches('/');
        let first = in_coll.split('/').next().unwrap_or("");
        let place = if first == "_posts" {
            Place::Post
        } else if first.strip_prefix('_').is_some_and(|l| labels.contains(l)) {
            Place::Doc
        } else if path.split('/').any(|s| s.starts_with(['_', '.'])) {
            continue;
        } else {
            Place::Page
        };
        let Some(bytes) = super::read_if_front_matter(&file) else {
            continue;
        };
        let data = front_matter(site, &bytes);
        if matches!(data.get("published"), Some(Value::Bool(false))) {
            out.push(Finding::new(
                Severity::Info,
                "unpublished",
                path,
                line_of(&bytes, "published"),
                "not published: its front matter says `published: false`",
                "remove `published: false` to publish it (`hyde serve --unpublished` shows it locally)",
            ));
            continue;
        }
        if matches!(place, Place::Post) && crate::site::reader::parse_dated_name(&path).is_none() {
            out.push(Finding::new(
                Severity::Warning,
                "unpublished",
                path,
                None,
                "not published: a post's file name must start with its date (YYYY-MM-DD-title.md), and Jekyll skips others without a word",
                "rename the file to start with its date",
            ));
            continue;
        }
        if let Some(d) = date(site, &data, &path) {
            if !cfg.future && d > site.time && !matches!(place, Place::Page) {
                out.push(future(&path, line_of(&bytes, "date"), d));
            }
        }
    }
    // documents of written collections that were read but not written: future dates
    for d in &site.docs {
        let Kind::Doc(c) = d.kind else { continue };
        if c == 0 || d.write || !cfg.collections[c].output {
            continue;
        }
        if let Some(date) = d.date.filter(|t| *t > site.time) {
            let p = rel(&cfg.source, &d.path);
            let line = std::fs::read(&d.path)
                .ok()
                .and_then(|b| line_of(&b, "date"));
            out.push(future(&p, line, date));
        }
    }
    out
}

fn future(path: &str, line: Option<usize>, d: DateTime<FixedOffset>) -> Finding {
    Finding::new(
        Severity::Info,
        "unpublished",
        path.to_string(),
        line,
        format!(
            "not published: its date ({}) is in the future, and the site is built without `future: true`",
            d.format("%Y-%m-%d")
        ),
        "it appears once that date has passed and the site is rebuilt; set `future: true` in _config.yml to publish it now",
    )
}

fn front_matter(site: &Site, bytes: &[u8]) -> Map {
    let text = String::from_utf8_lossy(bytes);
    let tz = site.config.timezone;
    let local = move |t: &chrono::NaiveDateTime| crate::config::local_offset(tz, t);
    match crate::frontmatter::split(&text).map(|(y, _, _)| crate::yaml::parse(y, &local)) {
        Some(Ok(Value::Hash(h))) => (*h).clone(),
        _ => Map::default(),
    }
}

/// The date in the front matter, else the one in the file name.
fn date(site: &Site, data: &Map, path: &str) -> Option<DateTime<FixedOffset>> {
    let parse = |s: &str| crate::site::dates::parse_time_string(s, &site.config, site.time).ok();
    match data.get("date") {
        Some(Value::Time(t)) => Some(*t),
        Some(v) => crate::utils::scalar_string(v).and_then(|s| parse(&s)),
        None => {
            let (d, _) = crate::site::reader::parse_dated_name(path)?;
            parse(&d)
        }
    }
}

/// The line of the front matter key `key:`.
fn line_of(bytes: &[u8], key: &str) -> Option<usize> {
    String::from_utf8_lossy(bytes)
        .lines()
        .position(|l| {
            l.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
}
