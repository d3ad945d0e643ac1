//! What the academicpages theme needs of its collections: a publication
//! without `date` or `venue` is listed as "Published in , 1900" (or with an
//! empty venue); a talk without `date` has no place in the talks list and
//! map. Documents whose front matter does not parse are left to the
//! front-matter check (all their fields are missing).

use super::{rel, Finding, Severity};
use crate::liquid::Value;
use crate::site::{Kind, Site};

/// (collection, fields it needs, what the theme shows without them)
const NEEDS: &[(&str, &[&str], &str)] = &[
    (
        "publications",
        &["date", "venue"],
        "the theme's publication list has nothing to show there (older academicpages layouts print \"Published in , 1900\")",
    ),
    (
        "talks",
        &["date"],
        "the talks list shows it without a date, out of order",
    ),
];

pub fn check(site: &Site) -> Vec<Finding> {
    let mut out = Vec::new();
    for (label, fields, shows) in NEEDS {
        let Some(c) = site
            .config
            .collections
            .iter()
            .position(|c| c.label == *label)
        else {
            continue;
        };
        for &id in &site.collections[c] {
            let d = &site.docs[id];
            if d.kind != Kind::Doc(c) || super::frontmatter::fails(site, &d.path) {
                continue;
            }
            let missing: Vec<&str> = fields
                .iter()
                .copied()
                .filter(|f| match *f {
                    "date" => d.date.is_none() && blank(d.data.get("date")),
                    f => blank(d.data.get(f)),
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            let list = missing
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            out.push(Finding::new(
                Severity::Warning,
                "academic",
                rel(&site.config.source, &d.path),
                Some(1),
                format!("a {} without {list}: {shows}", &label[..label.len() - 1]),
                format!(
                    "add {} to its front matter (e.g. `date: 2024-05-01`{})",
                    list,
                    if missing.contains(&"venue") {
                        ", `venue: \"Journal of ...\"`"
                    } else {
                        ""
                    }
                ),
            ));
        }
    }
    out
}

fn blank(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Nil) => true,
        Some(v) => crate::utils::scalar_string(v).is_some_and(|s| s.trim().is_empty()),
    }
}
