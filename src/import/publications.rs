//! Publication pages, from a TSV file (as publications.py makes them) or a
//! BibTeX file (as pubsFromBib.py makes them; see [`super::bib_pubs`]).
//!
//! Both scripts write the same page: front matter with `title`,
//! `collection`, `permalink`, an optional `excerpt`, `date`, `venue`, an
//! optional `paperurl` and `citation`, then a short body. [`Publication`]
//! holds those values and [`Publication::page_tsv`] /
//! [`Publication::page_bib`] write them in each script's order and words.

use std::path::Path;

use super::emit::{html_escape, line, py_len, python_html_escape, Style};
use super::tsv::{Row, Table};
use super::{Error, Made, Page, Warning};

/// One publication's values, ready to write.
#[derive(Debug, Clone, Default)]
pub struct Publication {
    /// The title as written in `title:` (escaped by the caller as its
    /// script does).
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `date-slug`: the page's file name without `.md`, and its permalink's end.
    pub name: String,
    pub excerpt: Option<String>,
    pub venue: String,
    pub url: Option<String>,
    pub citation: String,
}

impl Publication {
    /// The front matter both scripts write (publications.py:73-92,
    /// pubsFromBib.py:116-134), with the title as given, up to the closing
    /// `---` without its line end.
    fn front_matter(&self, title: &str) -> String {
        let mut md = String::from("---\n");
        md += &line("title", title, Style::Double);
        md += "\ncollection: publications";
        md += "\n";
        md += &line(
            "permalink",
            &format!("/publication/{}", self.name),
            Style::Plain,
        );
        if let Some(excerpt) = &self.excerpt {
            md += "\n";
            md += &line("excerpt", &html_escape(excerpt), Style::Single);
        }
        md += "\n";
        md += &line("date", &self.date, Style::Plain);
        md += "\n";
        md += &line("venue", &html_escape(&self.venue), Style::Single);
        if let Some(url) = &self.url {
            md += "\n";
            md += &line("paperurl", url, Style::Single);
        }
        md += "\n";
        md += &line("citation", &html_escape(&self.citation), Style::Single);
        md += "\n---";
        md
    }

    /// publications.py's page (lines 73-101): the title unescaped in double
    /// quotes, the citation pasted raw into the body.
    pub fn page_tsv(&self) -> String {
        // publications.py:73: the title as it is
        let mut md = self.front_matter(&self.title);
        if let Some(url) = &self.url {
            // publications.py:95-96
            md += &format!("\n\n<a href='{url}'>Download paper here</a>\n");
        }
        if let Some(excerpt) = &self.excerpt {
            md += &format!("\n{}\n", html_escape(excerpt));
        }
        md += &format!("\nRecommended citation: {}", self.citation); // :101, no line end
        md
    }

    /// pubsFromBib.py's page (lines 116-150): the note as excerpt, an
    /// "Access paper here" link or a Google Scholar search for `scholar_query`.
    pub fn page_bib(&self, scholar_query: &str) -> String {
        let mut md = self.front_matter(&html_escape(&self.title));
        if let Some(note) = &self.excerpt {
            md += &format!("\n{}\n", html_escape(note));
        }
        // pubsFromBib.py:147-150
        match &self.url {
            Some(url) => md += &format!("\n[Access paper here]({url}){{:target=\"_blank\"}}\n"),
            None => {
                md += &format!(
                    "\nUse [Google Scholar](https://scholar.google.com/scholar?q={}){{:target=\"_blank\"}} for full citation",
                    python_html_escape(scholar_query)
                )
            }
        }
        md
    }
}

/// A TSV field the scripts test with `len(str(item.x)) > n` (publications.py:79,
/// 86; talks.py:76-99): `str(NaN)` is `nan`, three characters.
pub fn longer_than(value: Option<&str>, n: usize) -> Option<&str> {
    value.filter(|v| py_len(v) > n)
}

/// Whether `date` is a `YYYY-MM-DD` date Jekyll can read (the scripts
/// paste it as is into the file name and `date:`; anything else makes a
/// page Jekyll stops on with "Invalid date").
pub fn is_iso_date(date: &str) -> bool {
    date.len() == 10
        && date.as_bytes()[4] == b'-'
        && date.as_bytes()[7] == b'-'
        && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

/// A slug for a row without `url_slug` (the scripts stop there): the
/// title's letters and digits, lowercase, words joined by `-`.
pub fn slug_from_title(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// Python's `os.path.basename` (publications.py:103, talks.py:103,
/// pubsFromBib.py:152): what follows the last `/`.
pub fn basename(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// What both TSV importers take first from a row: a label for messages,
/// the title, the `YYYY-MM-DD` date (column and an example for the
/// warning) and the slug (`url_slug`, else made from the title, warned).
/// `None`, with a warning, when the row makes no page.
pub(super) struct RowHead<'a> {
    pub label: String,
    pub title: &'a str,
    pub date: &'a str,
    pub slug: String,
}

pub(super) fn row_head<'a>(
    table: &Table,
    row: &'a Row,
    file: &Path,
    (date_col, example): (&str, &str),
    warnings: &mut Vec<Warning>,
) -> Option<RowHead<'a>> {
    let col = |name: &str| table.column(name);
    let label = row
        .get(col("url_slug"))
        .or(row.get(col("title")))
        .unwrap_or("")
        .to_string();
    let warn = |msg: String| Warning::new(file, Some(row.line), msg).entry(label.clone());
    let Some(title) = row.get(col("title")) else {
        warnings.push(warn(
            "has no title: no page made; fill in the title column".into(),
        ));
        return None;
    };
    let Some(date) = row.get(col(date_col)).filter(|d| is_iso_date(d)) else {
        warnings.push(warn(format!(
            "{date_col} '{}' is not a YYYY-MM-DD date: no page made; write it like {example}",
            row.get(col(date_col)).unwrap_or("")
        )));
        return None;
    };
    let slug = match row.get(col("url_slug")) {
        Some(s) => s.to_string(),
        None => {
            let s = slug_from_title(title);
            warnings.push(warn(format!(
                "has no url_slug: '{s}' (from the title) is used"
            )));
            s
        }
    };
    Some(RowHead {
        label,
        title,
        date,
        slug,
    })
}

/// Pages from a publications TSV (publications.py): columns `pub_date`,
/// `title`, `venue`, `excerpt`, `citation`, `url_slug`, `paper_url`.
pub fn from_tsv(table: &Table, file: &Path) -> Result<Made, Error> {
    let col = |name: &str| table.column(name);
    for required in ["pub_date", "title"] {
        if col(required).is_none() {
            return Err(Error::new(
                file,
                Some(1),
                format!(
                    "the header has no '{required}' column: publications need pub_date, title, \
                     venue, excerpt, citation, url_slug and paper_url (tab-separated)"
                ),
            ));
        }
    }
    let mut made = Made::default();
    for name in ["venue", "excerpt", "citation", "url_slug", "paper_url"] {
        if col(name).is_none() {
            made.warnings.push(Warning::new(
                file,
                Some(1),
                format!("the header has no '{name}' column: it is read as empty in every row"),
            ));
        }
    }
    for row in &table.rows {
        let Some(RowHead {
            label,
            title,
            date,
            slug,
        }) = row_head(
            table,
            row,
            file,
            ("pub_date", "2009-10-01"),
            &mut made.warnings,
        )
        else {
            continue;
        };
        let warn = |msg: String| Warning::new(file, Some(row.line), msg).entry(label.clone());
        let venue = row.get(col("venue")).unwrap_or_else(|| {
            made.warnings
                .push(warn("has no venue: it is left empty".into()));
            ""
        });
        let citation = row.get(col("citation")).unwrap_or_else(|| {
            made.warnings
                .push(warn("has no citation: it is left empty".into()));
            ""
        });
        // publications.py:67-68: md_filename = str(item.pub_date) + "-" +
        // item.url_slug + ".md", html_filename (the permalink's end) without ".md".
        let name = format!("{date}-{slug}");
        let publication = Publication {
            title: title.to_string(),
            date: date.to_string(),
            name: name.clone(),
            excerpt: longer_than(row.get(col("excerpt")), 5).map(str::to_string),
            venue: venue.to_string(),
            url: longer_than(row.get(col("paper_url")), 5).map(str::to_string),
            citation: citation.to_string(),
        };
        made.pages.push(Page {
            file_name: basename(&format!("{name}.md")).to_string(),
            text: publication.page_tsv(),
            entry: label.clone(),
            line: row.line,
        });
    }
    Ok(made)
}

pub use super::bib_pubs::from_bibtex;
