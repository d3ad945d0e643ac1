//! `hyde import`: an authoring tool beside the build. academicpages asks its
//! users to run Python scripts (`markdown_generator/publications.py`,
//! `talks.py`, `pubsFromBib.py`) that turn a TSV or BibTeX file into one
//! Markdown file per publication or talk; this module does the same in the
//! `hyde` binary.
//!
//! For every input the scripts handle, the files written are byte-identical
//! to theirs (the scripts are the oracle, see `tests/import_diff.rs`). Where
//! a script crashes, skips an entry or writes front matter that does not
//! parse, hyde goes further: every BibTeX entry type, `@string` macros,
//! crossrefs, month names, LaTeX turned into Unicode, and values quoted so
//! that the YAML is valid (checked with the build's own parser, `crate::yaml`).
//!
//! The pipeline: read the input ([`read_input`]: UTF-8, BOM) → parse it
//! ([`tsv`], [`bibtex`]) → make each page ([`publications`], [`talks`]) →
//! write the pages that are new or changed ([`write_pages`]).

pub mod bib_pubs;
pub mod bibtex;
pub mod emit;
pub mod latex;
pub mod names;
pub mod publications;
pub mod talks;
pub mod tsv;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What to import: the words after `hyde import`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum What {
    /// Publications from a BibTeX (`.bib`) or TSV file, into `_publications/`
    Publications,
    /// Talks from a TSV file, into `_talks/`
    Talks,
}

/// `hyde import publications FILE` / `hyde import talks FILE`.
#[derive(Clone, Debug, clap::Args)]
pub struct Args {
    /// What the file holds: publications (.bib or .tsv) or talks (.tsv)
    #[arg(value_enum)]
    pub what: What,
    /// The BibTeX or TSV file to read
    pub file: PathBuf,
    /// The site's folder (defaults to ./)
    #[arg(short = 's', long = "source", default_value = ".")]
    pub site: PathBuf,
    /// Show what would be written, and write nothing
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Replace a page that exists and differs (by default it is left alone)
    #[arg(long = "force")]
    pub force: bool,
}

/// An error that stops the import: it names the file, the line when there
/// is one, the entry when there is one, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub entry: Option<String>,
    pub message: String,
}

impl Error {
    pub fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Error {
            file: file.to_path_buf(),
            line,
            entry: None,
            message: message.into(),
        }
    }

    pub fn entry(mut self, entry: impl Into<String>) -> Self {
        self.entry = Some(entry.into());
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(entry) = &self.entry {
            write!(f, ": entry '{entry}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// Something the user should know that does not stop the import (a
/// missing field, a month hyde could not read...): same shape as [`Error`].
pub type Warning = Error;

/// One page to write: its file name in the collection folder, its text,
/// and the entry it comes from (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub file_name: String,
    pub text: String,
    pub entry: String,
    pub line: usize,
}

/// What an import made of its input: the pages, and the warnings.
#[derive(Debug, Default)]
pub struct Made {
    pub pages: Vec<Page>,
    pub warnings: Vec<Warning>,
}

/// What happened to each page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// New pages (or pages that would be written, with `--dry-run`).
    pub written: Vec<PathBuf>,
    /// Pages that existed, differed, and were replaced (`--force`).
    pub replaced: Vec<PathBuf>,
    /// Pages that already hold exactly this text.
    pub unchanged: Vec<PathBuf>,
    /// Pages that exist and differ, left alone (no `--force`).
    pub left_alone: Vec<PathBuf>,
}

/// The text of `path` as UTF-8 without a byte-order mark. pandas and pybtex
/// both read UTF-8 and skip a BOM; a file in another encoding is an error
/// naming the first line that is not UTF-8.
pub fn read_input(path: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::new(path, None, format!("cannot read it ({e}); check the path")))?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(Error::new(
                path,
                Some(line),
                "this line is not UTF-8: save the file as UTF-8 and run again",
            ))
        }
    }
}

/// Make the pages for `what` from `file` (nothing is written).
pub fn make(what: What, file: &Path) -> Result<Made, Error> {
    let text = read_input(file)?;
    // BibTeX by its extension, or (another extension) by its first
    // character: `@` or a `%` comment, which a TSV header does not start with.
    let ext = file.extension().map(|e| e.to_string_lossy().to_lowercase());
    let is_bib = match ext.as_deref() {
        Some("bib" | "bibtex") => true,
        Some("tsv" | "tab" | "csv") => false,
        _ => text.trim_start().starts_with(['@', '%']),
    };
    match (what, is_bib) {
        (What::Publications, true) => {
            let bib = bibtex::parse(&text, file)?;
            Ok(publications::from_bibtex(&bib, file))
        }
        (What::Publications, false) => {
            let table = tsv::parse(&text, file)?;
            publications::from_tsv(&table, file)
        }
        (What::Talks, true) => Err(Error::new(
            file,
            None,
            "talks are imported from a TSV file (as talks.py reads them), not BibTeX",
        )),
        (What::Talks, false) => {
            let table = tsv::parse(&text, file)?;
            talks::from_tsv(&table, file)
        }
    }
}

/// The folder the scripts write into: `../_publications/` and `../_talks/`
/// from `markdown_generator/` (publications.py and pubsFromBib.py's
/// `open("../_publications/" + md_filename)`, talks.py's `"../_talks/"`),
/// that is, in the site's folder.
pub fn collection_dir(what: What, site: &Path) -> PathBuf {
    site.join(match what {
        What::Publications => "_publications",
        What::Talks => "_talks",
    })
}

/// Write each page that is new; leave one that holds the same text alone
/// (so the same input twice writes nothing); replace one that differs only
/// with `force`. With `dry_run`, write nothing and report what would be.
pub fn write_pages(
    pages: &[Page],
    dir: &Path,
    dry_run: bool,
    force: bool,
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    if !dry_run && !pages.is_empty() {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::new(dir, None, format!("cannot create the folder ({e})")))?;
    }
    for page in pages {
        let path = dir.join(&page.file_name);
        match std::fs::read(&path) {
            Ok(old) if old == page.text.as_bytes() => summary.unchanged.push(path),
            Ok(_) if !force => summary.left_alone.push(path),
            existing => {
                if !dry_run {
                    std::fs::write(&path, &page.text).map_err(|e| {
                        Error::new(&path, None, format!("cannot write it ({e})"))
                            .entry(page.entry.clone())
                    })?;
                }
                if existing.is_ok() {
                    summary.replaced.push(path);
                } else {
                    summary.written.push(path);
                }
            }
        }
    }
    Ok(summary)
}

/// Keep the last page written to each file name (as the scripts do: a later
/// row or entry overwrites an earlier one's file), warning about the others.
fn last_page_per_file(made: &mut Made, file: &Path) {
    let mut keep: Vec<Page> = Vec::with_capacity(made.pages.len());
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for page in made.pages.drain(..) {
        if let Some(&i) = index.get(&page.file_name) {
            let earlier = std::mem::replace(&mut keep[i], page.clone());
            made.warnings.push(
                Warning::new(
                    file,
                    Some(page.line),
                    format!(
                        "makes the same page {} as entry '{}' (line {}), which it replaces; \
                         give them different titles, dates or url_slugs",
                        page.file_name, earlier.entry, earlier.line
                    ),
                )
                .entry(page.entry.clone()),
            );
        } else {
            index.insert(page.file_name.clone(), keep.len());
            keep.push(page);
        }
    }
    made.pages = keep;
}

/// `hyde import ...` from the command line: messages on stdout and stderr,
/// exit status 1 on an error.
pub fn run_cli(args: &Args) -> ExitCode {
    match run(args) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", crate::site::format_log("Error:", &e.to_string()));
            eprintln!("hyde: import failed");
            ExitCode::FAILURE
        }
    }
}

/// Make the pages, print the warnings, write, print what happened.
pub fn run(args: &Args) -> Result<Summary, Error> {
    let mut made = make(args.what, &args.file)?;
    last_page_per_file(&mut made, &args.file);
    for w in &made.warnings {
        eprintln!("{}", crate::site::format_log("Warning:", &w.to_string()));
    }
    let dir = collection_dir(args.what, &args.site);
    let summary = write_pages(&made.pages, &dir, args.dry_run, args.force)?;
    let verb = if args.dry_run { "would write" } else { "wrote" };
    let rverb = if args.dry_run {
        "would replace"
    } else {
        "replaced"
    };
    for p in &summary.written {
        println!(
            "{}",
            crate::site::format_log(verb, &p.display().to_string())
        );
    }
    for p in &summary.replaced {
        println!(
            "{}",
            crate::site::format_log(rverb, &p.display().to_string())
        );
    }
    for p in &summary.left_alone {
        eprintln!(
            "{}",
            crate::site::format_log(
                "Warning:",
                &format!(
                    "{} exists and differs: left alone (--force replaces it)",
                    p.display()
                )
            )
        );
    }
    println!(
        "{}",
        crate::site::format_log(
            "Import:",
            &format!(
                "{} pages from {}: {} {}, {} {}, {} unchanged, {} left alone, {} warnings",
                made.pages.len(),
                args.file.display(),
                summary.written.len(),
                if args.dry_run { "to write" } else { "written" },
                summary.replaced.len(),
                if args.dry_run {
                    "to replace"
                } else {
                    "replaced"
                },
                summary.unchanged.len(),
                summary.left_alone.len(),
                made.warnings.len()
            )
        )
    );
    Ok(summary)
}
