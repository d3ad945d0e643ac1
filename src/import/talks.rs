//! Talk pages from a TSV file, as talks.py makes them (lines 66-107).
//!
//! Columns: `title`, `type`, `url_slug`, `venue`, `date`, `location`,
//! `talk_url`, `description`. A field counts when `len(str(value)) > 3`
//! (so a missing one, `str(NaN)` = `nan`, never does). As in the script,
//! `date:` is written only when there is a location (Jekyll takes the date
//! from the file name otherwise).

use std::path::Path;

use super::emit::{html_escape, line, Style};
use super::publications::{basename, longer_than, row_head, RowHead};
use super::tsv::Table;
use super::{Error, Made, Page};

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
        let Some(RowHead {
            label,
            title,
            date,
            slug,
        }) = row_head(table, row, file, ("date", "2012-03-01"), &mut made.warnings)
        else {
            continue;
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
