//! Talk pages from a TSV file, as talks.py makes them (lines 66-107).
//!
//! Columns: `title`, `type`, `url_slug`, `venue`, `date`, `location`,
//! `talk_url`, `description`. A field counts when `len(str(value)) > 3`
//! (so a missing one, `str(NaN)` = `nan`, never does). As in the script,
//! `date:` is written only when there is a location (Jekyll takes the date
//! from the file name otherwise).

use std::path::Path;

use super::emit::{html_escape, line, Style};
use super::publications::{basename, is_iso_date, longer_than, slug_from_title};
use super::tsv::Table;
use super::{Error, Made, Page, Warning};

/// Pages from a talks TSV.
pub fn from_tsv(table: &Table, file: &Path) -> Result<Made, Error> {
    let col = |name: &str| table.column(name);
    for required in ["title", "date"] {
        if col(required).is_none() {
            return Err(Error::new(
                file,
                Some(1),
                format!(
                    "the header has no '{required}' column: talks need title, type, url_slug, \
                     venue, date, location, talk_url and description (tab-separated)"
                ),
            ));
        }
    }
    let mut made = Made::default();
    for row in &table.rows {
        let label = row
            .get(col("url_slug"))
            .or(row.get(col("title")))
            .unwrap_or("")
            .to_string();
        let warn = |msg: String| Warning::new(file, Some(row.line), msg).entry(label.clone());
        let Some(title) = row.get(col("title")) else {
            made.warnings.push(warn(
                "has no title: no page made; fill in the title column".into(),
            ));
            continue;
        };
        let Some(date) = row.get(col("date")).filter(|d| is_iso_date(d)) else {
            made.warnings.push(warn(format!(
                "date '{}' is not a YYYY-MM-DD date: no page made; write it like 2012-03-01",
                row.get(col("date")).unwrap_or("")
            )));
            continue;
        };
        let slug = match row.get(col("url_slug")) {
            Some(s) => s.to_string(),
            None => {
                let s = slug_from_title(title);
                made.warnings.push(warn(format!(
                    "has no url_slug: '{s}' (from the title) is used"
                )));
                s
            }
        };
        // talks.py:69-70: md_filename = str(item.date) + "-" + item.url_slug + ".md"
        let name = format!("{date}-{slug}");
        let mut md = String::from("---\n");
        md += &line("title", title, Style::Double);
        md += "\ncollection: talks\n";
        match longer_than(row.get(col("type")), 3) {
            Some(kind) => md += &line("type", kind, Style::Double),
            None => md += "type: \"Talk\"",
        }
        md += "\n";
        md += &line("permalink", &format!("/talks/{name}"), Style::Plain);
        md += "\n";
        if let Some(venue) = longer_than(row.get(col("venue")), 3) {
            md += &line("venue", venue, Style::Double);
            md += "\n";
        }
        // talks.py:86-90: `date:` only with a location.
        let location = longer_than(row.get(col("location")), 3);
        if let Some(location) = location {
            md += &line("date", date, Style::Plain);
            md += "\n";
            md += &line("location", location, Style::Double);
            md += "\n";
        }
        md += "---\n";
        if let Some(url) = longer_than(row.get(col("talk_url")), 3) {
            md += &format!("\n[More information here]({url})\n");
        }
        if let Some(description) = longer_than(row.get(col("description")), 3) {
            md += &format!("\n{}\n", html_escape(description));
        }
        made.pages.push(Page {
            file_name: basename(&format!("{name}.md")).to_string(),
            text: md,
            entry: label.clone(),
            line: row.line,
        });
    }
    Ok(made)
}
