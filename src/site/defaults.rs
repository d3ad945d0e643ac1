//! Front-matter defaults (`defaults:` in `_config.yml`): which sets apply to a
//! path and type, merged in Jekyll's order of precedence.

use crate::config::DefaultSet;
use crate::liquid::Map;
use crate::utils::deep_merge;

fn sanitize(p: &str) -> String {
    if let Some(rest) = p.strip_prefix('/') {
        rest.to_string()
    } else {
        p.to_string()
    }
}

fn applies_path(set: &DefaultSet, path: &str, collections_dir: &str) -> bool {
    let scope = match &set.path {
        None => return true,
        Some(p) if p.is_empty() => return true,
        Some(p) => p,
    };
    let path = sanitize(path);
    let strip = |p: &str| -> String {
        if collections_dir.is_empty() {
            return p.to_string();
        }
        let pre = format!("{collections_dir}/");
        p.strip_prefix(&pre)
            .map(String::from)
            .unwrap_or_else(|| p.to_string())
    };
    if scope.contains('*') {
        // Jekyll globs the scope on disk and tests each match as a prefix;
        // matching the pattern against the path's prefixes is the same test.
        let pat = strip(&sanitize(scope));
        let segs: Vec<&str> = path.split('/').collect();
        (1..=segs.len()).any(|n| crate::utils::fnmatch_path(&pat, &segs[..n].join("/")))
    } else {
        path.starts_with(&strip(scope))
    }
}

fn applies(set: &DefaultSet, path: &str, kind: &str, collections_dir: &str) -> bool {
    let type_ok = match &set.kind {
        None => true,
        Some(k) => k == kind,
    };
    type_ok && applies_path(set, path, collections_dir)
}

fn precedence(old: &DefaultSet, new: &DefaultSet) -> bool {
    let np = sanitize(new.path.as_deref().unwrap_or(""));
    let op = sanitize(old.path.as_deref().unwrap_or(""));
    if np.len() != op.len() {
        np.len() >= op.len()
    } else if new.kind.is_some() {
        true
    } else {
        old.kind.is_none()
    }
}

/// `FrontmatterDefaults#all(path, type)`.
pub fn all(sets: &[DefaultSet], path: &str, kind: &str, collections_dir: &str) -> Map {
    let mut out = Map::default();
    let mut old: Option<&DefaultSet> = None;
    for set in sets
        .iter()
        .filter(|s| applies(s, path, kind, collections_dir))
    {
        if old.map(|o| precedence(o, set)).unwrap_or(true) {
            out = deep_merge(&out, &set.values);
            old = Some(set);
        } else {
            out = deep_merge(&set.values, &out);
        }
    }
    out
}
