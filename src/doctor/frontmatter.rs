//! Front matter that does not parse: the file's line, the parser's reason,
//! and the likely fix. A failed front matter leaves a page with no data at
//! all, which the academicpages theme shows as "Published in , 1900": the
//! usual cause is a quote inside a quoted value (`excerpt: 'Smith's work'`).

use std::path::Path;

use chrono::NaiveDateTime;

use super::{rel, Finding, Severity};
use crate::config::Config;
use crate::site::entries::EntryFilter;
use crate::site::Site;

/// Every page, document and layout whose front matter fails (found in the
/// source, so that they are reported even when the build cannot read the site).
pub fn check(cfg: &Config) -> Vec<Finding> {
    let tz = cfg.timezone;
    let local = move |t: &NaiveDateTime| crate::config::local_offset(tz, t);
    let filter = EntryFilter { config: cfg };
    let mut out = Vec::new();
    for path in super::source_files(cfg) {
        let relative = rel(&cfg.source, &path);
        if !has_front_matter_role(cfg, &relative) || filter.excluded(&relative) {
            continue;
        }
        let Some(bytes) = super::read_if_front_matter(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let Some((yaml, _, _)) = crate::frontmatter::split(&text) else {
            continue;
        };
        if let Err(e) = crate::yaml::parse(yaml, &local) {
            // the YAML keeps the opening `---`: its lines are the file's
            let (line, fix) = diagnose(yaml, e.line);
            out.push(Finding::new(
                Severity::Error,
                "front-matter",
                relative,
                Some(line),
                format!(
                    "front matter does not parse ({}): the page is built with none of its fields (no title, date, venue...)",
                    e.message
                ),
                fix,
            ));
        }
    }
    out
}

/// Whether Jekyll reads the front matter of a file at `relative`: a page
/// (no part of its path starts with `_` or `.`), a layout, a post, a draft
/// or a collection document.
fn has_front_matter_role(cfg: &Config, relative: &str) -> bool {
    let in_coll = relative
        .strip_prefix(cfg.collections_dir.as_str())
        .unwrap_or(relative)
        .trim_start_matches('/');
    let first = in_coll.split('/').next().unwrap_or("");
    let collection = first == "_posts"
        || first == "_drafts"
        || cfg
            .collections
            .iter()
            .any(|c| first.strip_prefix('_') == Some(c.label.as_str()));
    let layout = relative.split('/').next() == Some(cfg.layouts_dir.as_str());
    collection
        || layout
        || !relative
            .split('/')
            .any(|s| s.starts_with(['_', '.', '#', '~']))
}

/// Whether the front matter of the file at `path` fails to parse.
pub fn fails(site: &Site, path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let tz = site.config.timezone;
    let local = move |t: &NaiveDateTime| crate::config::local_offset(tz, t);
    crate::frontmatter::split(&text).is_some_and(|(y, _, _)| crate::yaml::parse(y, &local).is_err())
}

/// The YAML line to point at (1-based within `yaml`) and the likely fix,
/// from the lines at and just before `err_line` (where the parser gave up,
/// often the line after the mistake).
pub fn diagnose(yaml: &str, err_line: usize) -> (usize, String) {
    let lines: Vec<&str> = yaml.lines().collect();
    let at = err_line.clamp(1, lines.len().max(1));
    // the mistake is at the error line or up to a few lines above it
    for n in (at.saturating_sub(3).max(1)..=at).rev() {
        let Some(line) = lines.get(n - 1) else {
            continue;
        };
        if let Some(fix) = line_fix(line) {
            return (n, fix);
        }
    }
    (
        at,
        "check the YAML on this line and the one above: a value with `: `, `#`, quotes or a leading `@`, `*`, `&`, `[` or `{` must be quoted (double quotes, with `\\\"` for a double quote inside)".into(),
    )
}

/// What is wrong with one `key: value` (or `- value`) line, if it is a
/// mistake recognised here.
fn line_fix(line: &str) -> Option<String> {
    if line.starts_with('\t') {
        return Some("this line is indented with a tab: YAML allows only spaces".into());
    }
    let (key, value) = key_value(line)?;
    let key = if key.is_empty() {
        "this list item"
    } else {
        key
    };
    match value.chars().next()? {
        q @ ('\'' | '"') => {
            let end = closing_quote(value, q)?;
            let rest = value[end + 1..].trim_start();
            if rest.is_empty() || rest.starts_with('#') {
                return None;
            }
            let fix = if q == '\'' {
                format!(
                    "the value of `{key}` is in single quotes and contains a single quote (an apostrophe), which ends it early: write the apostrophe twice (`''`), or put the value in double quotes"
                )
            } else {
                format!(
                    "the value of `{key}` is in double quotes and contains a double quote, which ends it early: write it as `\\\"`, or put the value in single quotes"
                )
            };
            Some(fix)
        }
        '@' | '`' | '%' => Some(format!(
            "the value of `{key}` starts with a character YAML reserves: put the value in double quotes"
        )),
        '*' | '&' | '!' if value.ends_with('*') || value.contains(' ') => Some(format!(
            "the value of `{key}` starts with `{}`, which YAML reads as an alias, anchor or tag: put the value in double quotes",
            &value[..1]
        )),
        '[' | '{' if !balanced(value) => Some(format!(
            "the value of `{key}` starts with a bracket, which YAML reads as a list or mapping: put the value in double quotes"
        )),
        _ if value.contains(": ") => Some(format!(
            "the value of `{key}` contains `: `, which YAML reads as a new key: put the value in double quotes"
        )),
        _ => None,
    }
}

/// The key (empty for a list item) and the value of a `key: value`,
/// `- value` or `- key: value` line, trimmed; `None` for a line without a value.
fn key_value(line: &str) -> Option<(&str, &str)> {
    let mut t = line.trim_start();
    if t.starts_with('#') {
        return None;
    }
    let mut key = "";
    while let Some(rest) = t.strip_prefix("- ") {
        t = rest.trim_start();
    }
    // the key ends at the first `: ` (keys are plain here)
    if !t.starts_with(['\'', '"']) {
        if let Some(i) = t.find(": ") {
            key = &t[..i];
            t = &t[i + 2..];
        } else if t.ends_with(':') {
            return None;
        } else if t.len() == line.trim_start().len() {
            // neither a list item nor a key
            return None;
        }
    }
    Some((key, t.trim())).filter(|(_, v)| !v.is_empty())
}

/// The byte index of the quote that closes a value opened by `q`.
fn closing_quote(value: &str, q: char) -> Option<usize> {
    let b = value.as_bytes();
    let q = q as u8;
    let mut i = 1;
    while i < b.len() {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

fn balanced(value: &str) -> bool {
    let mut depth = 0i32;
    for c in value.chars() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_apostrophe_in_single_quotes() {
        let y = "title: 'A'\nexcerpt: 'Smith's work'\nvenue: 'X'\n";
        let (line, fix) = diagnose(y, 3);
        assert_eq!(line, 2);
        assert!(fix.contains("''"), "{fix}");
    }

    #[test]
    fn a_double_quote_in_double_quotes() {
        let (line, fix) = diagnose("title: \"The \"best\" one\"\n", 1);
        assert_eq!(line, 1);
        assert!(fix.contains("\\\""), "{fix}");
    }

    #[test]
    fn a_colon_in_a_plain_value() {
        let (line, fix) = diagnose("title: Part one: the start\n", 1);
        assert_eq!(line, 1);
        assert!(fix.contains("`: `"), "{fix}");
    }

    #[test]
    fn fine_lines_have_no_fix() {
        assert!(line_fix("title: 'It''s fine'").is_none());
        assert!(line_fix("title: \"say \\\"hi\\\"\" # note").is_none());
        assert!(line_fix("tags: [a, b]").is_none());
        assert!(line_fix("url: http://x.org").is_none());
    }
}
