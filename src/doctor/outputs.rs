//! Jekyll doctor's checks on where files are written: a destination shared
//! by several files (one overwrites the other), and URLs that differ only
//! in case (one overwrites the other on a case-insensitive file system,
//! as on macOS and Windows).

use std::collections::BTreeMap;

use super::{Finding, Severity};
use crate::site::{Kind, Site};

pub fn check(site: &Site) -> Vec<Finding> {
    let mut out = conflicts(site);
    out.extend(case_only(site));
    out
}

/// Each written file's destination and source, as the writer plans them:
/// pages, static files, documents (redirect pages left out, as Jekyll's
/// doctor leaves them: they are meant to stand where a page once was).
fn destinations(site: &Site) -> Vec<(String, String, bool)> {
    let mut out = Vec::new();
    let page = |id: usize| {
        let d = &site.docs[id];
        let name = if d.path.as_os_str().is_empty() {
            format!("{} (generated)", d.relative_path)
        } else {
            d.relative_path.clone()
        };
        (d.dest.clone(), name, true)
    };
    for &id in &site.pages {
        let d = &site.docs[id];
        if d.kind == Kind::Generated && d.data.contains_key("redirect") {
            continue;
        }
        out.push(page(id));
    }
    for f in site.static_files.iter().filter(|f| f.write) {
        let name = f.relative_path.trim_start_matches('/').to_string();
        out.push((f.dest.clone(), name, false));
    }
    for ids in &site.collections {
        for &id in ids {
            if site.docs[id].write {
                out.push(page(id));
            }
        }
    }
    out
}

fn conflicts(site: &Site) -> Vec<Finding> {
    let mut by_dest: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (dest, name, _) in destinations(site) {
        by_dest.entry(dest).or_default().push(name);
    }
    by_dest
        .into_iter()
        .filter(|(_, names)| names.len() > 1)
        .map(|(dest, names)| {
            let last = names.last().cloned().unwrap_or_default();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            let (what, fix) = if unique.len() == 1 {
                (
                    format!("{last} is read {} times, each written to {dest}: its folder is both a collection and listed under `include:` (or in two collections)", names.len()),
                    "take the folder out of `include:` (a collection's folder is read as a collection already)",
                )
            } else {
                (
                    format!(
                        "{} files are written to {dest}: {}; only {last} is published",
                        names.len(),
                        names.join(", ")
                    ),
                    "give the others another `permalink:` (or remove the copy)",
                )
            };
            Finding::new(Severity::Warning, "conflicts", names[0].clone(), None, what, fix)
        })
        .collect()
}

fn case_only(site: &Site) -> Vec<Finding> {
    // Jekyll compares pages and documents (not static files)
    let mut by_lower: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (dest, name, doc) in destinations(site) {
        if doc {
            by_lower
                .entry(dest.to_lowercase())
                .or_default()
                .push((dest, name));
        }
    }
    let mut out = Vec::new();
    for (_, mut list) in by_lower {
        list.sort();
        list.dedup_by(|a, b| a.0 == b.0);
        if list.len() < 2 {
            continue;
        }
        let dests: Vec<&str> = list.iter().map(|(d, _)| d.as_str()).collect();
        out.push(Finding::new(
            Severity::Warning,
            "url-case",
            list[1].1.clone(),
            None,
            format!(
                "URLs that differ only in case: {}; on a case-insensitive file system (macOS, Windows) one overwrites the other",
                dests.join(", ")
            ),
            "give one of them another permalink",
        ));
    }
    out
}
