//! Publication pages from BibTeX, as pubsFromBib.py makes them.
//!
//! The script reads two files, `proceedings.bib` (venue from `booktitle`,
//! prefixed "In the proceedings of ") then `pubs.bib` (venue from
//! `journal`), and skips an entry without that field. hyde reads one file:
//! an entry with a `journal` is written as from `pubs.bib`, else one with a
//! `booktitle` as from `proceedings.bib` (what the script writes last when
//! both files hold the entry), and every other entry type gets a venue from
//! its own fields (publisher, school, institution...).
//!
//! Beyond the script: `crossref` fields are filled in from the parent,
//! month names and numbers of any shape, a biblatex `date`, LaTeX turned
//! into text ([`super::latex`]), authors without a first name, `and others`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::bibtex::{Bib, Entry};
use super::emit::py_len;
use super::names::{split_names, Person};
use super::publications::Publication;
use super::{latex, Made, Page, Warning};

/// pubsFromBib.py:92's `url_slug = re.sub("\\[.*\\]|[^a-zA-Z0-9_-]", "", clean_title)`.
static SLUG_DROP: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern: it compiles.
    Regex::new(r"\[.*\]|[^a-zA-Z0-9_-]").expect("a valid pattern")
});

/// Entry types that hold other entries: when another entry crossrefs one,
/// it is the container of that entry, not a publication of its own.
const CONTAINERS: &[&str] = &[
    "proceedings",
    "book",
    "collection",
    "mvbook",
    "mvcollection",
    "mvproceedings",
    "reference",
    "mvreference",
];

/// Pages for the entries of `bib` (read from `file`).
pub fn from_bibtex(bib: &Bib, file: &Path) -> Made {
    let mut made = Made {
        pages: Vec::new(),
        warnings: bib.warnings.clone(),
    };
    let entries = resolve_crossrefs(bib, file, &mut made.warnings);
    let parents: HashSet<String> = entries
        .iter()
        .filter_map(|e| e.get("crossref").map(str::to_lowercase))
        .collect();
    for entry in &entries {
        if CONTAINERS.contains(&entry.kind.as_str()) && parents.contains(&entry.key.to_lowercase())
        {
            continue;
        }
        let warn = |msg: String| Warning::new(file, Some(entry.line), msg).entry(entry.key.clone());
        if let Some(page) = page(entry, &mut |m| made.warnings.push(warn(m))) {
            made.pages.push(page);
        }
    }
    made
}

/// The entries with the fields their `crossref` parent gives them (BibTeX
/// copies each field the child lacks; a parent's `title` becomes the
/// child's `booktitle`, as biblatex does). pubsFromBib.py ignores crossrefs.
fn resolve_crossrefs(bib: &Bib, file: &Path, warnings: &mut Vec<Warning>) -> Vec<Entry> {
    let by_key: HashMap<String, &Entry> = bib
        .entries
        .iter()
        .map(|e| (e.key.to_lowercase(), e))
        .collect();
    let mut out = bib.entries.clone();
    for child in &mut out {
        let Some(parent_key) = child.get("crossref").map(str::to_string) else {
            continue;
        };
        let Some(parent) = by_key.get(&parent_key.to_lowercase()) else {
            warnings.push(
                Warning::new(
                    file,
                    Some(child.line),
                    format!("crossref '{parent_key}' is not an entry of this file: it is ignored"),
                )
                .entry(child.key.clone()),
            );
            continue;
        };
        for (name, value) in &parent.fields {
            let name = match name.as_str() {
                "title" if parent.get("booktitle").is_none() => "booktitle",
                "title" | "crossref" | "key" => continue,
                n => n,
            };
            if child.get(name).is_none() {
                child.fields.push((name.to_string(), value.clone()));
            }
        }
    }
    out
}

/// The venue: pubsFromBib.py:109's `venue-pretext + b[venuekey]` for a journal
/// or a booktitle, else what the entry type names as where it appeared.
fn venue(e: &Entry) -> Option<String> {
    if let Some(j) = e.get("journal").or(e.get("journaltitle")) {
        return Some(latex::to_text(j));
    }
    if let Some(b) = e.get("booktitle") {
        return Some(format!("In the proceedings of {}", latex::to_text(b)));
    }
    let field = |n: &str| e.get(n).map(latex::to_text).filter(|s| !s.is_empty());
    let with = |what: &str, place: Option<String>| match place {
        Some(p) => format!("{what}, {p}"),
        None => what.to_string(),
    };
    let school = || field("school").or(field("institution"));
    let v = match e.kind.as_str() {
        "phdthesis" => with("PhD thesis", school()),
        "mastersthesis" => with("Master's thesis", school()),
        "thesis" => with(&field("type").unwrap_or("Thesis".into()), school()),
        "techreport" | "report" => {
            let what = field("type").unwrap_or("Technical report".into());
            let what = match field("number") {
                Some(n) => format!("{what} {n}"),
                None => what,
            };
            with(&what, field("institution").or(field("school")))
        }
        _ => field("howpublished")
            .or(field("publisher"))
            .or(field("organization"))
            .or(field("institution"))
            .or(field("school"))
            .or_else(|| {
                let eprint = field("eprint")?;
                Some(match field("archiveprefix").or(field("eprinttype")) {
                    Some(a) => format!("{a}:{eprint}"),
                    None => eprint,
                })
            })
            .or_else(|| (e.kind == "unpublished").then(|| "Unpublished".to_string()))?,
    };
    Some(v)
}

/// The three-letter English month abbreviations Python's
/// `strptime(..., '%b')` reads in the C locale (any case).
const MONTH_ABBR: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The month as two digits. pubsFromBib.py:74-82: a value shorter than three
/// characters is zero-padded (`("0" + m)[-2:]`), a longer one is read from
/// its first three letters as a month abbreviation (which crashes the
/// script when they are not one); hyde also reads `3rd`, ` 03 `, `Sept.`
/// after LaTeX, and `None` means a month it cannot read.
fn month(m: &str) -> Option<String> {
    if py_len(m) < 3 {
        let padded: String = format!("0{m}");
        let two: String = padded
            .chars()
            .skip(padded.chars().count().saturating_sub(2))
            .collect();
        if let Ok(1..=12) = two.parse::<u32>() {
            if two.bytes().all(|b| b.is_ascii_digit()) {
                return Some(two);
            }
        }
    } else {
        let first3: String = m.chars().take(3).collect::<String>().to_lowercase();
        if let Some(i) = MONTH_ABBR.iter().position(|a| *a == first3) {
            return Some(format!("{:02}", i + 1));
        }
    }
    // Beyond the script: a number first (`03`, `3rd`), or a month name
    // after LaTeX and spaces.
    let text = latex::to_text(m);
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if let Ok(n @ 1..=12) = digits.parse::<u32>() {
        return Some(format!("{n:02}"));
    }
    let first3: String = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(3)
        .collect::<String>()
        .to_lowercase();
    MONTH_ABBR
        .iter()
        .position(|a| *a == first3)
        .map(|i| format!("{:02}", i + 1))
}

/// The page's date from `year`, `month` and `day` (or a biblatex `date`),
/// as pubsFromBib.py:64-87 forms `pub_date`: month and day default to `01`.
/// `None` (with a warning) when there is no year.
fn date(e: &Entry, warn: &mut dyn FnMut(String)) -> Option<(String, String)> {
    // biblatex's `date = {YYYY-MM-DD}` (or YYYY-MM, YYYY) where there is no year.
    let iso: Vec<&str> = e
        .get("date")
        .map(|d| d.split(['-', '/']).collect())
        .unwrap_or_default();
    let year = match e.get("year").or(iso.first().copied()) {
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => y.to_string(),
        Some(y) => {
            let text = latex::to_text(y);
            // The first run of four ASCII digits (`{2018}`, `2018a`, `c. 2018`).
            let four = text
                .as_bytes()
                .windows(4)
                .position(|w| w.iter().all(u8::is_ascii_digit))
                .map(|i| text[i..i + 4].to_string());
            match four {
                Some(f) => {
                    warn(format!("year '{y}' is read as {f}"));
                    f
                }
                None => {
                    warn(format!(
                        "year '{y}' has no four-digit year: no page made; write year = {{2024}}"
                    ));
                    return None;
                }
            }
        }
        None => {
            warn("has no year: no page made; add year = {...}".into());
            return None;
        }
    };
    let month = match (e.get("month"), iso.get(1)) {
        (Some(m), _) => month(m).unwrap_or_else(|| {
            warn(format!(
                "month '{m}' is not a month: January is used; write month = jan or month = {{1}}"
            ));
            "01".into()
        }),
        (None, Some(m)) if e.get("year").is_none() => month(m).unwrap_or_else(|| "01".into()),
        _ => "01".into(),
    };
    let day = match (e.get("day"), iso.get(2)) {
        (Some(d), _) => day(d).unwrap_or_else(|| {
            warn(format!("day '{d}' is not a day of the month: 01 is used"));
            "01".into()
        }),
        (None, Some(d)) if e.get("year").is_none() => day(d).unwrap_or_else(|| "01".into()),
        _ => "01".into(),
    };
    let mut date = format!("{year}-{month}-{day}");
    if chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").is_err() {
        warn(format!(
            "{date} is not a date: the first of the month is used"
        ));
        date = format!("{year}-{month}-01");
    }
    Some((date, year))
}

/// pubsFromBib.py:84 writes `str(b["day"])` as it is; hyde writes two digits
/// (`5` → `05`, a date YAML and Jekyll read).
fn day(d: &str) -> Option<String> {
    let d = d.trim();
    match d.parse::<u32>() {
        Ok(n @ 1..=31) if d.len() <= 2 => Some(format!("{n:02}")),
        _ => None,
    }
}

/// pubsFromBib.py:90-93's `clean_title`: braces and backslashes deleted, spaces
/// turned into `-`; and its slug: `[...]` and every character but ASCII
/// letters, digits, `_` and `-` deleted, `--` made `-`.
fn slug(title: &str) -> String {
    let clean = title.replace(['{', '}', '\\'], "").replace(' ', "-");
    SLUG_DROP.replace_all(&clean, "").replace("--", "-")
}

/// One author as the citation writes it: pubsFromBib.py:103's
/// `author.first_names[0] + " " + author.last_names[0]`, after LaTeX;
/// `others` is "et al.", a name without a first name is its last name (the
/// script crashes on both).
fn author(p: &Person) -> Option<String> {
    let last = latex::to_text(p.last.first()?);
    if last == "others" && p.first.is_empty() {
        return Some("et al.".into());
    }
    Some(match p.first.first() {
        Some(first) => format!("{} {last}", latex::to_text(first)),
        None => last,
    })
}

/// The page for one entry; `None` (with a warning) when it cannot have one.
fn page(e: &Entry, warn: &mut dyn FnMut(String)) -> Option<Page> {
    let Some(raw_title) = e.get("title").filter(|t| !latex::to_text(t).is_empty()) else {
        warn("has no title: no page made; add title = {...}".into());
        return None;
    };
    let title = latex::to_text(raw_title);
    let (date, year) = date(e, warn)?;

    let mut slug = slug(raw_title);
    if slug.is_empty() {
        // The script names such pages `DATE-.md`, all alike.
        slug = SLUG_DROP.replace_all(&e.key, "").to_string();
        if slug.is_empty() {
            slug = format!("entry-line-{}", e.line);
        }
        warn(format!(
            "the title leaves nothing for a file name (the script writes {date}-.md \
             for every such entry): '{slug}' is used"
        ));
    }
    // pubsFromBib.py:95-96: md_filename = (str(pub_date) + "-" + url_slug + ".md").replace("--","-")
    let name = format!("{date}-{slug}").replace("--", "-");
    let file_name = format!("{date}-{slug}.md").replace("--", "-");

    let venue = venue(e).unwrap_or_else(|| {
        warn(format!(
            "@{} has no journal, booktitle, publisher or other venue: the venue is left empty",
            e.kind
        ));
        String::new()
    });

    let mut people = split_names(e.get("author").unwrap_or(""));
    if people.is_empty() {
        people = split_names(e.get("editor").unwrap_or(""));
        if people.is_empty() {
            warn("has no author: the citation names none".into());
        }
    }
    // pubsFromBib.py:99-112: " First Last, " for each author, then "\"" +
    // title + ".\"", the venue and the year.
    let mut citation = String::new();
    for name in people.iter().filter_map(author) {
        citation += &format!(" {name}, ");
    }
    citation += &format!("\"{}.\"", super::emit::html_escape(&title));
    if venue.is_empty() {
        citation += &format!(" {year}.");
    } else {
        citation += &format!(" {}, {year}.", super::emit::html_escape(&venue));
    }

    // pubsFromBib.py:122-136: `note` longer than five characters is the
    // excerpt; `url` longer than five is the paper's link.
    let note = e.get("note").filter(|n| py_len(n) > 5).map(latex::to_text);
    let url = e.get("url").filter(|u| py_len(u) > 5).map(latex::url);
    let publication = Publication {
        title: title.clone(),
        date,
        name,
        excerpt: note,
        venue,
        url,
        citation,
    };
    let scholar = latex::to_plain(raw_title).replace([' ', '-'], "+");
    Some(Page {
        file_name,
        text: publication.page_bib(&scholar),
        entry: e.key.clone(),
        line: e.line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_like_the_script_and_beyond() {
        assert_eq!(month("1").as_deref(), Some("01"));
        assert_eq!(month("12").as_deref(), Some("12"));
        assert_eq!(month("September").as_deref(), Some("09"));
        assert_eq!(month("sept.").as_deref(), Some("09"));
        assert_eq!(month("03rd").as_deref(), Some("03"));
        assert_eq!(month("13"), None);
        assert_eq!(month("1.").as_deref(), Some("01"));
        assert_eq!(month(""), None);
        assert_eq!(month("Brumaire"), None);
    }

    #[test]
    fn slugs_like_the_script() {
        assert_eq!(slug("A {B} c: d -- e [draft]"), "A-B-c-d--e-");
        assert_eq!(slug(r#"G{\"o}del"#), "Godel");
    }
}
