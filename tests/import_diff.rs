//! `hyde import` against its oracle: academicpages' own generator scripts
//! (`../shared/academicpages-generators/`: publications.py, talks.py,
//! pubsFromBib.py), run with python3 on the same inputs.
//!
//! Each case gives an input to a script (copied into a temporary
//! `markdown_generator/` folder, where it writes `../_publications/` or
//! `../_talks/`) and to `hyde import`, and compares the pages file by file:
//! every page must be byte-identical, or listed in [`DIFFERENCES`] with the
//! reason hyde differs on purpose (a listed page that turns out identical
//! fails too, so the list stays true). Inputs: the scripts' own TSVs, the
//! same as CRLF with a BOM, and the BibTeX and TSV fixtures in
//! `tests/fixtures/import/`.
//!
//! The comparison skips, saying so, without python3 with pandas and pybtex
//! or without `../shared`; the other tests here (idempotence, `--dry-run`,
//! `--force`, error messages, every page's YAML) need neither.

mod common;
#[path = "import_diff/random.rs"]
mod random;

use random::{random_bib, random_tsv};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The pages hyde writes differently from the scripts, on purpose:
/// (case, page file name, why).
const DIFFERENCES: &[(&str, &str, &str)] = &[
    // publications.py pastes the title between double quotes and the URL
    // between single quotes, unescaped.
    ("publications_odd.tsv", "2020-03-15-quoted-title.md", BROKEN_DOUBLE),
    ("publications_odd.tsv", "2020-05-15-pandas-quoted.md", BROKEN_DOUBLE),
    ("publications_odd.tsv", "2020-04-15-apostrophe-url.md", BROKEN_SINGLE),
    ("publications_odd.tsv", "2020-06-15-backslash.md", BACKSLASH),
    ("publications_odd.tsv", "2020-07-15-no-venue.md", "no venue: the script stops (html_escape of NaN: TypeError); hyde writes venue: '' and warns"),
    // talks.py likewise for title, type, venue and location.
    ("talks_odd.tsv", "2019-07-01-keynote.md", BROKEN_DOUBLE),
    ("talks_odd.tsv", "June 2019-bad-date.md", "a date that is not YYYY-MM-DD: the script writes `date: June 2019`, which Jekyll rejects (Invalid date); hyde warns, naming the row, and writes no page"),
    // pubsFromBib.py skips an entry without `journal` or `booktitle` (or
    // `author`, or `year`); hyde gives every entry type a venue.
    ("handled.bib", "1994-01-01-A-Web-Page.md", SKIPPED),
    ("handled.bib", "1995-01-01-An-Unpublished-Manuscript.md", SKIPPED),
    ("handled.bib", "1996-01-01-A-Preprint.md", SKIPPED),
    ("handled.bib", "1997-01-01-A-Technical-Report.md", SKIPPED),
    ("handled.bib", "1998-01-01-A-Masters-Thesis.md", SKIPPED),
    ("handled.bib", "1999-05-01-A-Doctoral-Thesis.md", SKIPPED),
    ("handled.bib", "2000-01-01-An-Edited-Book.md", "no author: the script skips it (KeyError 'author'); hyde cites the editors"),
    ("handled.bib", "2001-01-01-A-Whole-Book.md", SKIPPED),
    ("handled.bib", "2002-01-01-An-Article-without-Authors.md", "no author: the script skips it (KeyError 'author'); hyde writes it without authors and warns"),
    ("handled.bib", "2003-01-01-An-Article-without-a-Journal.md", "no journal: the script skips it; hyde writes it with an empty venue and warns"),
    ("handled.bib", "2023-05-17-A-biblatex-Date.md", "biblatex `date` and `journaltitle`: the script skips it (KeyError 'year'); hyde reads them"),
    // LaTeX: the script deletes braces and backslashes from titles and
    // venues and leaves names and notes raw; hyde writes the text they spell.
    ("handled.bib", "2014-01-01-TildeSpaces-and-Quotes.md", LATEX),
    ("handled.bib", "2018-01-01-On-the-alpha-Rule-and-textbfBold-Claims.md", LATEX),
    ("handled.bib", "2019-02-01-Godels-Theorem-em-Revisited-Pages-1-10.md", LATEX),
    ("handled.bib", "2016-01-01-A-URL-with-LaTeX-Escapes.md", "`\\_` in a url: the script keeps the backslash in the link; hyde drops it"),
    ("handled.bib", "2017-01-01-A-URL-with-an-Apostrophe.md", BROKEN_SINGLE),
    // The script writes `str(b["day"])` unpadded: `2015-04-5` is no YAML date.
    ("handled.bib", "2015-04-5-A-One-Digit-Day.md", DAY),
    ("handled.bib", "2015-04-05-A-One-Digit-Day.md", DAY),
    ("exported.bib", "2020-07-01-JabRef-Writes-Fields-Alphabetically.md", LATEX),
    ("exported.bib", "{2018}-01-01-A-Year-in-Double-Braces.md", YEAR),
    ("exported.bib", "2018-01-01-A-Year-in-Double-Braces.md", YEAR),
    // Inputs on which the script stops with an exception, writing nothing.
    ("crash_crossref.bib", "2017-07-01-A-Paper-in-Crossreffed-Proceedings.md", "crossref: the script ignores it (skips the child: no booktitle) and stops on the parent (KeyError 'title' inside its KeyError handler); hyde fills the child's fields from the parent"),
    ("crash_duplicate.bib", "2016-01-01-The-First-of-Two.md", "a field and a key given twice: pybtex stops (BibliographyDataError); hyde warns and keeps the first"),
    ("crash_macro.bib", "2018-01-01-An-Undefined-Macro.md", "an undefined macro: pybtex stops (UndefinedMacro); hyde warns and reads it as empty"),
    ("crash_month.bib", "2019-01-01-A-Month-Range.md", MONTH),
    ("crash_month.bib", "2019-01-01-Un-Mois-en-Franccais.md", MONTH),
    ("crash_nofirst.bib", "2021-01-01-A-Report-by-an-Organization.md", "an author without a first name: the script stops (IndexError on first_names[0]); hyde cites the name"),
    ("crash_others.bib", "2020-01-01-A-Paper-with-Many-Authors.md", "`and others`: the script stops (IndexError on first_names[0]); hyde writes et al."),
];

const BROKEN_DOUBLE: &str =
    "a `\"` in a value the script puts in double quotes: its front matter does not parse; hyde escapes it";
const BROKEN_SINGLE: &str =
    "a `'` in a URL the script puts in single quotes: its front matter does not parse; hyde double-quotes it";
const BACKSLASH: &str =
    "a `\\` in a value the script puts in double quotes: YAML reads `\\t` as a tab; hyde escapes it";
const SKIPPED: &str =
    "no journal or booktitle: the script skips it (KeyError); hyde takes the venue from publisher, school, institution or howpublished";
const LATEX: &str =
    "LaTeX: the script leaves `{\\\"o}`, `--`, `~`, `\\em` (or `&quot;o` after deleting braces and backslashes); hyde writes ö, –, a space, <i>";
const DAY: &str =
    "a one-digit day: the script writes 2015-04-5 (a string, not a date, to YAML); hyde writes 2015-04-05";
const YEAR: &str =
    "year = {{2018}}: the script writes `date: {2018}-01-01`, which YAML reads as a mapping (the front matter does not parse); hyde reads the year 2018 and warns";
const MONTH: &str =
    "a month strptime('%b') cannot read: the script stops (ValueError); hyde reads the first month it can or uses January, and warns";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Bib,
    PubTsv,
    TalkTsv,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::TalkTsv => "_talks",
            _ => "_publications",
        }
    }
}

fn fixtures() -> PathBuf {
    common::root().join("tests/fixtures/import")
}

fn generators() -> Option<PathBuf> {
    let g = common::shared()?.join("academicpages-generators");
    g.is_dir().then_some(g)
}

/// Why the scripts cannot run here, if they cannot.
fn python_missing() -> Option<String> {
    match Command::new("python3")
        .args(["-c", "import pandas, pybtex"])
        .output()
    {
        Ok(o) if o.status.success() => None,
        Ok(o) => Some(format!(
            "python3 lacks pandas or pybtex ({})",
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .last()
                .unwrap_or("")
        )),
        Err(e) => Some(format!("no python3 ({e})")),
    }
}

/// The `.md` files in `dir`, by name.
fn pages(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            out.insert(name, std::fs::read(e.path()).expect("read page"));
        }
    }
    out
}

/// Run the script for `kind` on `input`; the pages it wrote (before a crash, if it crashed).
fn run_script(
    gen: &Path,
    kind: Kind,
    input: &[u8],
    tag: &str,
) -> (BTreeMap<String, Vec<u8>>, String) {
    let dir = common::tempdir(&format!("import-script-{tag}"));
    let mg = dir.join("markdown_generator");
    std::fs::create_dir_all(&mg).expect("mkdir");
    std::fs::create_dir_all(dir.join("_publications")).expect("mkdir");
    std::fs::create_dir_all(dir.join("_talks")).expect("mkdir");
    let script = match kind {
        Kind::Bib => {
            // The script reads both files; an entry with a journal is written
            // last from pubs.bib, one with only a booktitle from proceedings.bib.
            std::fs::write(mg.join("pubs.bib"), input).expect("write");
            std::fs::write(mg.join("proceedings.bib"), input).expect("write");
            "pubsFromBib.py"
        }
        Kind::PubTsv => {
            std::fs::write(mg.join("publications.tsv"), input).expect("write");
            "publications.py"
        }
        Kind::TalkTsv => {
            std::fs::write(mg.join("talks.tsv"), input).expect("write");
            "talks.py"
        }
    };
    std::fs::copy(gen.join(script), mg.join(script)).expect("copy script");
    let out = Command::new("python3")
        .arg(script)
        .current_dir(&mg)
        .env("PYTHONUTF8", "1")
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("python3 runs");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    let got = pages(&dir.join(kind.folder()));
    let _ = std::fs::remove_dir_all(&dir);
    (got, log)
}

/// Run `hyde import` on `input`; the pages it wrote, and its stderr.
fn run_hyde(kind: Kind, input: &[u8], tag: &str) -> (BTreeMap<String, Vec<u8>>, String) {
    let dir = common::tempdir(&format!("import-hyde-{tag}"));
    let file = dir.join(if kind == Kind::Bib {
        "input.bib"
    } else {
        "input.tsv"
    });
    std::fs::write(&file, input).expect("write");
    let site = dir.join("site");
    let out = hyde_import(kind, &file, &site, &[]);
    let got = pages(&site.join(kind.folder()));
    let _ = std::fs::remove_dir_all(&dir);
    (got, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn hyde_import(kind: Kind, file: &Path, site: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hyde"))
        .arg("import")
        .arg(if kind == Kind::TalkTsv {
            "talks"
        } else {
            "publications"
        })
        .arg(file)
        .arg("-s")
        .arg(site)
        .args(extra)
        .output()
        .expect("hyde runs")
}

/// `text` with CRLF line ends and a UTF-8 byte-order mark.
fn crlf_bom(text: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(text)
        .replace("\r\n", "\n")
        .replace('\n', "\r\n");
    [b"\xEF\xBB\xBF".as_slice(), s.as_bytes()].concat()
}

/// The front matter of `page` parses with hyde's YAML (as the build reads
/// it) into a mapping with a non-empty title and a date.
fn check_front_matter(name: &str, page: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(page).map_err(|_| format!("{name}: not UTF-8"))?;
    let (fm, _, _) = hyde::frontmatter::split(text).ok_or(format!("{name}: no front matter"))?;
    let v = hyde::yaml::parse(fm, &|_| hyde::config::utc())
        .map_err(|e| format!("{name}: front matter does not parse: {e}\n{fm}"))?;
    let hyde::liquid::Value::Hash(map) = v else {
        return Err(format!("{name}: front matter is not a mapping"));
    };
    match map.get("title") {
        Some(hyde::liquid::Value::Str(s)) if !s.is_empty() => {}
        other => return Err(format!("{name}: title is {other:?}")),
    }
    match map.get("date") {
        None | Some(hyde::liquid::Value::Date(_)) => {}
        other => return Err(format!("{name}: date is {other:?}, not a date")),
    }
    Ok(())
}

const NO_SLUG: (&str, &str, &str) = (
    "random-*",
    "DATE-.md",
    "a title without ASCII letters or digits: the script writes DATE-.md (all such pages alike); hyde uses the key",
);

/// The comparison's cases: (name, kind, input).
fn cases(gen: &Path) -> Vec<(String, Kind, Vec<u8>)> {
    let read = |p: PathBuf| std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let pubs = read(gen.join("publications.tsv"));
    let talks = read(gen.join("talks.tsv"));
    let mut out = vec![
        (
            "shipped-publications".to_string(),
            Kind::PubTsv,
            pubs.clone(),
        ),
        (
            "shipped-publications-crlf-bom".to_string(),
            Kind::PubTsv,
            crlf_bom(&pubs),
        ),
        ("shipped-talks".to_string(), Kind::TalkTsv, talks.clone()),
        (
            "shipped-talks-crlf-bom".to_string(),
            Kind::TalkTsv,
            crlf_bom(&talks),
        ),
        (
            "publications_odd.tsv".to_string(),
            Kind::PubTsv,
            read(fixtures().join("publications_odd.tsv")),
        ),
        (
            "talks_odd.tsv".to_string(),
            Kind::TalkTsv,
            read(fixtures().join("talks_odd.tsv")),
        ),
    ];
    for seed in 1..=3u64 {
        out.push((format!("random-{seed}.bib"), Kind::Bib, random_bib(seed)));
        out.push((
            format!("random-{seed}-publications.tsv"),
            Kind::PubTsv,
            random_tsv(seed, Kind::PubTsv),
        ));
        out.push((
            format!("random-{seed}-talks.tsv"),
            Kind::TalkTsv,
            random_tsv(seed, Kind::TalkTsv),
        ));
    }
    let handled = read(fixtures().join("handled.bib"));
    out.push((
        "handled.bib-crlf-bom".to_string(),
        Kind::Bib,
        crlf_bom(&handled),
    ));
    let mut bibs: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bib") && !p.ends_with("bad_syntax.bib"))
        .collect();
    bibs.sort();
    for p in bibs {
        let name = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        out.push((name, Kind::Bib, read(p)));
    }
    out
}

#[test]
fn pages_match_the_scripts() {
    let Some(gen) = generators() else {
        println!("import_diff: SKIPPED: ../shared/academicpages-generators is absent (the scripts and their TSVs)");
        return;
    };
    if let Some(why) = python_missing() {
        println!(
            "import_diff: SKIPPED: {why}; pip install pandas pybtex to compare with the scripts"
        );
        return;
    }
    let mut identical = 0;
    let mut differing = 0;
    let mut failures = Vec::new();
    let mut seen_listed = Vec::new();
    for (case, kind, input) in cases(&gen) {
        let tag = case.replace(['.', '/'], "-");
        let (theirs, log) = run_script(&gen, kind, &input, &tag);
        let (ours, hyde_log) = run_hyde(kind, &input, &tag);
        let names: std::collections::BTreeSet<&String> = theirs.keys().chain(ours.keys()).collect();
        let (before_same, before_diff) = (identical, differing);
        for name in names {
            if let Some(page) = ours.get(name) {
                if let Err(e) = check_front_matter(name, page) {
                    failures.push(format!("[{case}] {e}"));
                }
            }
            // A CRLF-and-BOM copy differs where its original does; in the
            // random cases, a title that leaves no slug (the script writes
            // `DATE-.md`, hyde names the page by its key).
            let base = case.trim_end_matches("-crlf-bom");
            let no_slug = case.starts_with("random-")
                && (name.ends_with("-.md") || name.contains("-k"))
                && (theirs.contains_key(name) != ours.contains_key(name));
            let listed = DIFFERENCES
                .iter()
                .find(|(c, f, _)| *c == base && f == name)
                .or(no_slug.then_some(&NO_SLUG));
            let same = theirs.get(name) == ours.get(name);
            match (same, listed) {
                (true, None) => identical += 1,
                (true, Some(_)) => failures.push(format!(
                    "[{case}] {name} is listed in DIFFERENCES but hyde now writes what the script writes: unlist it"
                )),
                (false, Some(l)) => {
                    differing += 1;
                    seen_listed.push(*l);
                }
                (false, None) => failures.push(format!(
                    "[{case}] {name} differs:\n--- script ---\n{}\n--- hyde ---\n{}\n--- script stderr ---\n{}\n--- hyde stderr ---\n{}",
                    theirs.get(name).map_or("(not written)".into(), |b| String::from_utf8_lossy(b).into_owned()),
                    ours.get(name).map_or("(not written)".into(), |b| String::from_utf8_lossy(b).into_owned()),
                    log.lines().rev().take(3).collect::<Vec<_>>().join("\n"),
                    hyde_log,
                )),
            }
        }
        println!(
            "import_diff: {case}: {} identical, {} deliberate differences",
            identical - before_same,
            differing - before_diff
        );
    }
    for l in DIFFERENCES {
        if !seen_listed.contains(l) && !failures.iter().any(|f| f.contains(l.1)) {
            failures.push(format!(
                "[{}] {} is listed in DIFFERENCES but neither side wrote it",
                l.0, l.1
            ));
        }
    }
    println!(
        "import_diff: {identical} pages identical to the scripts', {differing} deliberate differences (listed with reasons), {} failures",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A copy of a fixture in a fresh folder, and the site folder beside it.
fn scratch(tag: &str, fixture: &str) -> (PathBuf, PathBuf) {
    let dir = common::tempdir(&format!("import-{tag}"));
    let file = dir.join(fixture);
    std::fs::copy(fixtures().join(fixture), &file).expect("copy fixture");
    (file, dir.join("site"))
}

#[test]
fn every_page_parses_and_a_second_run_writes_nothing() {
    let mut count = 0;
    for (fixture, kind) in [
        ("handled.bib", Kind::Bib),
        ("exported.bib", Kind::Bib),
        ("crash_others.bib", Kind::Bib),
        ("crash_nofirst.bib", Kind::Bib),
        ("crash_month.bib", Kind::Bib),
        ("crash_macro.bib", Kind::Bib),
        ("crash_crossref.bib", Kind::Bib),
        ("crash_duplicate.bib", Kind::Bib),
        ("publications_odd.tsv", Kind::PubTsv),
        ("talks_odd.tsv", Kind::TalkTsv),
    ] {
        let (file, site) = scratch(&format!("idem-{fixture}"), fixture);
        let first = hyde_import(kind, &file, &site, &[]);
        assert!(
            first.status.success(),
            "{fixture}: {}",
            String::from_utf8_lossy(&first.stderr)
        );
        let written = pages(&site.join(kind.folder()));
        assert!(!written.is_empty(), "{fixture}: no pages");
        for (name, page) in &written {
            check_front_matter(name, page).unwrap_or_else(|e| panic!("{fixture}: {e}"));
            count += 1;
        }
        let times: Vec<_> = written
            .keys()
            .map(|n| {
                std::fs::metadata(site.join(kind.folder()).join(n))
                    .and_then(|m| m.modified())
                    .ok()
            })
            .collect();
        let second = hyde_import(kind, &file, &site, &[]);
        let out = String::from_utf8_lossy(&second.stdout);
        assert!(second.status.success());
        assert!(
            out.contains(" 0 written, 0 replaced,"),
            "{fixture}: second run: {out}"
        );
        assert_eq!(
            pages(&site.join(kind.folder())),
            written,
            "{fixture}: second run changed pages"
        );
        let again: Vec<_> = written
            .keys()
            .map(|n| {
                std::fs::metadata(site.join(kind.folder()).join(n))
                    .and_then(|m| m.modified())
                    .ok()
            })
            .collect();
        assert_eq!(times, again, "{fixture}: second run touched pages");
    }
    println!(
        "import_diff: {count} pages parse with hyde's YAML; a second run wrote none of them again"
    );
}

#[test]
fn dry_run_writes_nothing() {
    let (file, site) = scratch("dry", "handled.bib");
    let out = hyde_import(Kind::Bib, &file, &site, &["--dry-run"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("would write"), "{stdout}");
    assert!(
        stdout.contains("2019-03-01-A-Plain-Journal-Article.md"),
        "{stdout}"
    );
    assert!(!site.exists(), "--dry-run created {}", site.display());
}

#[test]
fn a_changed_page_is_left_alone_unless_forced() {
    let (file, site) = scratch("force", "handled.bib");
    assert!(hyde_import(Kind::Bib, &file, &site, &[]).status.success());
    let page = site.join("_publications/2019-03-01-A-Plain-Journal-Article.md");
    let original = std::fs::read_to_string(&page).expect("page");
    let edited = format!("{original}\n\nMy own words.\n");
    std::fs::write(&page, &edited).expect("edit");
    let out = hyde_import(Kind::Bib, &file, &site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        stderr.contains("2019-03-01-A-Plain-Journal-Article.md exists and differs: left alone (--force replaces it)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&page).expect("page"), edited);
    let out = hyde_import(Kind::Bib, &file, &site, &["--force"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("replaced"));
    assert_eq!(std::fs::read_to_string(&page).expect("page"), original);
}

#[test]
fn errors_and_warnings_name_file_line_and_entry() {
    // A syntax error stops the import and writes nothing.
    let (file, site) = scratch("err-bib", "bad_syntax.bib");
    let out = hyde_import(Kind::Bib, &file, &site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("bad_syntax.bib:10: entry 'broken2020':"),
        "{stderr}"
    );
    assert!(
        stderr.contains("never closed where it should be"),
        "{stderr}"
    );
    assert!(!site.exists());

    // A TSV row with too many fields.
    let dir = common::tempdir("import-err-tsv");
    let tsv = dir.join("talks.tsv");
    std::fs::write(
        &tsv,
        "title\tdate\tlocation\nA\t2020-01-01\tHere\nB\t2020-01-02\tThere\textra\n",
    )
    .expect("write");
    let out = hyde_import(Kind::TalkTsv, &tsv, &dir.join("site"), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("talks.tsv:3: entry 'B': expected 3 tab-separated fields"),
        "{stderr}"
    );

    // Missing fields are warnings naming the entry, and the rest is written.
    let (file, site) = scratch("warn-bib", "handled.bib");
    let out = hyde_import(Kind::Bib, &file, &site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert!(
        stderr.contains("handled.bib:193: entry 'noyear': has no year"),
        "{stderr}"
    );
    assert!(
        stderr.contains("entry 'noauthor2002': has no author"),
        "{stderr}"
    );

    // A talk with a date Jekyll cannot read is named, and skipped.
    let (file, site) = scratch("warn-tsv", "talks_odd.tsv");
    let out = hyde_import(Kind::TalkTsv, &file, &site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "talks_odd.tsv:6: entry 'bad-date': date 'June 2019' is not a YYYY-MM-DD date"
        ),
        "{stderr}"
    );
}

/// No input makes the parsers or page makers panic: random mixes of the
/// characters that matter to BibTeX, LaTeX and TSV (a fixed seed).
#[test]
fn no_input_panics() {
    use hyde::import::{bibtex, publications, talks, tsv};
    let alphabet: Vec<char> = "@{}()\"#,=%~\\'`$-_ \t\r\nabcAZ019éö&<>:[]"
        .chars()
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let file = Path::new("random.bib");
    let prefixes = [
        "",
        "@article{k, title = {",
        "@misc{k, author = \"",
        "title\tdate\turl_slug\n",
    ];
    for i in 0..20_000 {
        let len = (next() % 80) as usize;
        let mut s: String = prefixes[i % prefixes.len()].to_string();
        s.extend((0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]));
        if let Ok(bib) = bibtex::parse(&s, file) {
            let _ = publications::from_bibtex(&bib, file);
        }
        if let Ok(table) = tsv::parse(&s, file) {
            let _ = publications::from_tsv(&table, file);
            let _ = talks::from_tsv(&table, file);
        }
        let _ = hyde::import::latex::to_text(&s);
        let _ = hyde::import::names::split_names(&s);
    }
}

/// The pages build: a minimal site with the imported publications and
/// talks goes through `hyde build`, and each page is rendered with its
/// title and date from the front matter.
#[test]
fn imported_pages_build() {
    let dir = common::tempdir("import-build");
    let site = dir.join("site");
    std::fs::create_dir_all(site.join("_layouts")).expect("mkdir");
    std::fs::write(
        site.join("_config.yml"),
        "collections:\n  publications:\n    output: true\n  talks:\n    output: true\ndefaults:\n  - scope: {path: \"\"}\n    values: {layout: page}\n",
    )
    .expect("config");
    std::fs::write(
        site.join("_layouts/page.html"),
        "<h1>{{ page.title }}</h1><p>{{ page.date | date: \"%Y-%m-%d\" }}</p>{{ content }}",
    )
    .expect("layout");
    for (fixture, kind) in [
        ("handled.bib", Kind::Bib),
        ("exported.bib", Kind::Bib),
        ("publications_odd.tsv", Kind::PubTsv),
        ("talks_odd.tsv", Kind::TalkTsv),
    ] {
        let out = hyde_import(kind, &fixtures().join(fixture), &site, &[]);
        assert!(out.status.success(), "{fixture}");
    }
    let dest = dir.join("_site");
    let out = common::run_build(&site, &dest, &[]);
    assert!(
        out.status.success(),
        "hyde build failed on imported pages:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut built = 0;
    for (folder, kind) in [("_publications", Kind::Bib), ("_talks", Kind::TalkTsv)] {
        for (name, page) in pages(&site.join(folder)) {
            let stem = name.trim_end_matches(".md");
            // The pages' own `permalink: /publication/NAME` (`/talks/NAME`).
            let out_dir = if kind == Kind::TalkTsv {
                "talks"
            } else {
                "publication"
            };
            let html = dest.join(out_dir).join(format!("{stem}.html"));
            let html = std::fs::read_to_string(&html)
                .unwrap_or_else(|e| panic!("{}: {e}", html.display()));
            let text = String::from_utf8_lossy(&page);
            let date = &stem[..10];
            assert!(html.contains(&format!("<p>{date}</p>")), "{name}: {html}");
            assert!(!html.contains("<h1></h1>"), "{name}: no title");
            assert!(text.starts_with("---\n"));
            built += 1;
        }
    }
    println!("import_diff: {built} imported pages build with their titles and dates");
}
