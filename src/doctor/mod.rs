//! `hyde doctor`: what will go wrong once the site is published, found
//! before it is. Jekyll's own doctor checks (deprecated configuration,
//! destination conflicts, URLs that differ only in case, the site URL) and
//! the academicpages help requests seen most often: front matter that does
//! not parse, links and images that 404, a `url`/`baseurl` that does not
//! match the repository, plugins GitHub does not run, files GitHub refuses,
//! documents that are not published and theme data that is missing.
//!
//! It is a tool beside the pipeline, not a second one: the site is read,
//! generated and rendered by [`crate::build`] and written into a temporary
//! folder (removed afterwards; the site's own `_site` is never touched),
//! whose HTML the link check reads.

pub mod academic;
pub mod config;
pub mod frontmatter;
pub mod links;
pub mod outputs;
pub mod publish;
pub mod sizes;

use std::path::{Path, PathBuf};

use crate::config::{Config, Overrides};
use crate::error::Error;
use crate::site::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The published site is broken (or will not build): exit status 1.
    Error,
    /// Probably not what was meant.
    Warning,
    /// Worth knowing (why a page is missing).
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One finding: where, what, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// The check that found it (`front-matter`, `links`...).
    pub check: &'static str,
    /// Path relative to the site's source (or a description when no file).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub what: String,
    pub fix: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        check: &'static str,
        file: impl Into<String>,
        line: Option<usize>,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) -> Finding {
        Finding {
            severity,
            check,
            file: file.into(),
            line,
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// `file:line` (or `file`).
    pub fn location(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}", self.file),
            None => self.file.clone(),
        }
    }

    /// The one-line text form.
    pub fn to_line(&self) -> String {
        format!(
            "{}: {}: {} [{}] fix: {}",
            self.severity.name(),
            self.location(),
            self.what,
            self.check,
            self.fix
        )
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity.name(),
            "check": self.check,
            "file": self.file,
            "line": self.line,
            "what": self.what,
            "fix": self.fix,
        })
    }
}

/// Every check's name, in the order they run (for counts and docs).
pub const CHECKS: &[&str] = &[
    "config",
    "deprecated",
    "url",
    "plugins",
    "front-matter",
    "build",
    "conflicts",
    "url-case",
    "links",
    "file-size",
    "unpublished",
    "academic",
];

/// Run every check on the site `ov` names. `Err` only when the site
/// cannot be examined at all (no such folder, the temporary folder fails).
pub fn run(ov: &Overrides) -> Result<Vec<Finding>, Error> {
    let source = ov.source.clone().unwrap_or_else(|| PathBuf::from("."));
    let source = std::fs::canonicalize(&source).map_err(|e| Error::io(&source, e))?;
    let temp = TempDir::new()?;
    let ov = Overrides {
        source: Some(source.clone()),
        destination: Some(temp.0.clone()),
        quiet: true,
        disable_disk_cache: true,
        ..ov.clone()
    };
    let mut out = Vec::new();
    let config = match Config::load(&ov) {
        Ok(c) => c,
        Err(e) => {
            out.push(config::load_error(&source, &e));
            return Ok(out);
        }
    };
    out.extend(config::check(&config));
    out.extend(sizes::check(&config));
    out.extend(frontmatter::check(&config));
    let (site, errors) = match crate::build::render_partial(config) {
        Ok(r) => r,
        Err(e) => {
            out.push(build_error(&source, &e));
            return Ok(sorted(out));
        }
    };
    out.extend(errors.iter().map(|e| build_error(&source, e)));
    out.extend(outputs::check(&site));
    match crate::writer::write(&site) {
        Ok(_) => out.extend(links::check(&site)),
        Err(e) => out.push(build_error(&source, &e)),
    }
    out.extend(publish::check(&site));
    out.extend(academic::check(&site));
    drop(temp);
    Ok(sorted(out))
}

/// Errors first, then warnings, then notes; each in the order found.
fn sorted(mut out: Vec<Finding>) -> Vec<Finding> {
    out.dedup();
    out.sort_by_key(|f| f.severity);
    out
}

/// A build error (Liquid, Sass, a file that cannot be read) as a finding.
fn build_error(source: &Path, e: &Error) -> Finding {
    let text = e.to_string();
    let (file, line) = match e {
        Error::Liquid { file, line, .. } => (file.clone(), (*line > 0).then_some(*line)),
        Error::Sass { file, .. } | Error::Internal { file, .. } => (file.clone(), None),
        Error::Markdown { file, line, .. } => (file.clone(), (*line > 0).then_some(*line)),
        Error::Io { path, .. } | Error::Path { path, .. } | Error::Config { path, .. } => {
            (rel(source, path), None)
        }
        Error::Yaml {
            path,
            line,
            message,
            ..
        } => {
            // a data file: the same diagnosis as front matter
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let (line, fix) = frontmatter::diagnose(&text, *line);
            return Finding::new(
                Severity::Error,
                "build",
                rel(source, path),
                Some(line),
                format!("the build fails: this YAML does not parse ({message})"),
                fix,
            );
        }
        Error::Other(_) => ("(site)".to_string(), None),
    };
    Finding::new(
        Severity::Error,
        "build",
        file,
        line,
        format!("the build fails: {}", text.lines().next().unwrap_or("")),
        "fix the template or file named; `hyde build` shows the same error",
    )
}

/// `path` relative to the site's source, with `/` separators.
pub fn rel(source: &Path, path: &Path) -> String {
    path.strip_prefix(source)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The findings as text, one line each, and a closing count.
pub fn format_text(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        s.push_str(&f.to_line());
        s.push('\n');
    }
    let count = |sev| findings.iter().filter(|f| f.severity == sev).count();
    if findings.is_empty() {
        s.push_str("Your site looks fine: no problems found.\n");
    } else {
        s.push_str(&format!(
            "{} errors, {} warnings, {} notes\n",
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info)
        ));
    }
    s
}

/// The findings as a JSON array of objects.
pub fn format_json(findings: &[Finding]) -> String {
    let v = serde_json::Value::Array(findings.iter().map(Finding::to_json).collect());
    serde_json::to_string_pretty(&v).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// `hyde doctor`: print the findings; 0 without errors, 1 with, 2 when
/// the site could not be examined.
pub fn cli(ov: &Overrides, json: bool) -> std::process::ExitCode {
    match run(ov) {
        Ok(findings) => {
            let text = if json {
                format_json(&findings)
            } else {
                format_text(&findings)
            };
            print!("{text}");
            let failed = findings.iter().any(|f| f.severity == Severity::Error);
            std::process::ExitCode::from(u8::from(failed))
        }
        Err(e) => {
            eprintln!("{}", crate::site::format_log("Error:", &e.to_string()));
            std::process::ExitCode::from(2)
        }
    }
}

/// The temporary destination: a fresh folder under the system's temp
/// directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, Error> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("hyde-doctor-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
        let p = std::fs::canonicalize(&p).map_err(|e| Error::io(&p, e))?;
        Ok(TempDir(p))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Every file of the source folder, sorted, less what is never part of
/// the site's input: `.git`, the destinations, caches, `node_modules`,
/// `vendor` (Bundler's).
pub fn source_files(config: &Config) -> Vec<PathBuf> {
    let dest = &config.destination;
    walkdir::WalkDir::new(&config.source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(e.path() == dest
                    || matches!(
                        name.as_ref(),
                        ".git"
                            | "_site"
                            | "node_modules"
                            | "vendor"
                            | ".jekyll-cache"
                            | ".hyde-cache"
                            | ".sass-cache"
                    ))
        })
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// The file's bytes when it starts with a front matter header (only its
/// first bytes are read otherwise: a site holds large PDFs and videos).
pub fn read_if_front_matter(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut head = [0u8; 64];
    let mut f = std::fs::File::open(path).ok()?;
    let n = f.read(&mut head).ok()?;
    if !head[..n].starts_with(b"---") && !head[..n].starts_with(b"\xEF\xBB\xBF---") {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    crate::frontmatter::has_header(&bytes).then_some(bytes)
}

/// The source files the build read (pages, documents, static files),
/// relative to the source.
pub fn read_paths(site: &Site) -> std::collections::HashSet<String> {
    let source = &site.config.source;
    let mut set: std::collections::HashSet<String> = site
        .docs
        .iter()
        .filter(|d| !d.path.as_os_str().is_empty())
        .map(|d| rel(source, &d.path))
        .collect();
    set.extend(site.static_files.iter().map(|f| rel(source, &f.path)));
    set
}
