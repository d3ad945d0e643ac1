//! The site model and Jekyll's `Site#process`: reset → read → generate →
//! render → cleanup → write. `serve` drives the same model.

pub mod collection_doc;
pub mod data;
pub mod dates;
pub mod defaults;
pub mod deps;
pub mod document;
pub mod drops;
pub mod entries;
pub mod fs_view;
pub mod reader;
pub mod url;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::error::Result;
use crate::liquid::{Map, Template};
pub use document::{DocSource, Document, Kind, StaticFile};

/// A layout file, parsed on first use and shared by every page that uses it.
#[derive(Debug)]
pub struct Layout {
    pub name: String,
    pub path: PathBuf,
    /// `_layouts/single.html`, for messages.
    pub relative_path: String,
    pub data: Map,
    pub content: String,
    pub body_line: usize,
    pub template: OnceLock<std::result::Result<Arc<Template>, crate::liquid::Error>>,
}

impl Layout {
    pub fn template(&self) -> std::result::Result<Arc<Template>, crate::liquid::Error> {
        self.template
            .get_or_init(|| {
                crate::liquid::parse(&self.content, &self.relative_path, self.body_line)
                    .map(Arc::new)
            })
            .clone()
    }
}

/// Everything a build reads and renders.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// `site.time`: SOURCE_DATE_EPOCH when set, else now (in the site's zone).
    pub time: DateTime<FixedOffset>,
    pub layouts: HashMap<String, Layout>,
    /// Every page and document; the other lists index into it.
    pub docs: Vec<Document>,
    /// Pages in `site.pages` order (generated pages appended by generators).
    pub pages: Vec<usize>,
    /// Documents per collection, in `config.collections` order (0 = posts).
    pub collections: Vec<Vec<usize>>,
    pub static_files: Vec<StaticFile>,
    pub data: crate::liquid::Value,
    /// `_includes` templates, parsed once.
    /// Parsed includes by name (looked up at every `{% include %}`).
    pub includes: Mutex<foldhash::HashMap<String, std::result::Result<Arc<Template>, String>>>,
    /// Warnings printed once each.
    pub warnings: Mutex<Vec<String>>,
    /// Errors that did not stop the build (bad front matter...), for the exit code and the overlay.
    pub errors: Mutex<Vec<String>>,
    /// Files a redirect or other generator needs to know about (redirects.json...).
    pub extra: Mutex<HashMap<String, String>>,
    /// Conversions remembered across builds (kept by the dev server).
    pub memo: Option<Arc<crate::memo::Memo>>,
    /// `markdownify` of short texts, remembered for this build.
    pub short_markdown: crate::memo::ShortMemo,
    /// What the Sass pages could import, fingerprinted once per build (memo key).
    pub sass_inputs: OnceLock<u64>,
    /// Sass compiles the reader started (see [`crate::sass::start_early`]).
    pub sass_early: crate::sass::Early,
    /// The bytes of every page's and document's text (what a template's
    /// filters may make in all scales with it).
    pub text_len: OnceLock<usize>,
    /// `hyde build` writes each page as it is rendered (see [`crate::writer::Stream`]).
    pub stream: Option<crate::writer::Stream>,
    /// The build cache on disk (`cache_dir/hyde`), unless disabled.
    pub disk_cache: Option<Arc<crate::cache::DiskCache>>,
    /// Record what each page's render reads (`Document::deps`), for the dev server.
    pub track_deps: bool,
    /// Jekyll's `--profile` measurements, when the site asks for them
    /// (`profile: true`).
    pub profiler: Option<crate::profiler::Profiler>,
}

impl Site {
    pub fn new(config: Config) -> Site {
        let time = site_time(&config);
        let n = config.collections.len();
        let profiler = crate::profiler::Profiler::for_config(&config);
        Site {
            config,
            time,
            layouts: HashMap::new(),
            docs: Vec::new(),
            pages: Vec::new(),
            collections: vec![Vec::new(); n],
            static_files: Vec::new(),
            data: crate::liquid::Value::Nil,
            includes: Mutex::new(Default::default()),
            warnings: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            extra: Mutex::new(HashMap::new()),
            memo: None,
            short_markdown: crate::memo::ShortMemo::default(),
            sass_inputs: OnceLock::new(),
            sass_early: crate::sass::Early::default(),
            text_len: OnceLock::new(),
            disk_cache: None,
            stream: None,
            track_deps: false,
            profiler,
        }
    }

    /// Read every input.
    pub fn read(&mut self) -> Result<()> {
        let mut r = reader::Reader {
            site: self,
            warnings: Vec::new(),
            prefetched: Default::default(),
        };
        r.read()
    }

    pub fn warn(&self, msg: String) {
        if let Ok(mut w) = self.warnings.lock() {
            if !w.contains(&msg) {
                if !self.config.quiet {
                    // Jekyll's own topics stand in the topic column, as it prints them
                    let (topic, rest) = JEKYLL_TOPICS
                        .iter()
                        .find_map(|t| msg.strip_prefix(t).map(|r| (*t, r.trim_start())))
                        .unwrap_or(("Warning:", msg.as_str()));
                    eprintln!("{}", format_log(topic, rest));
                }
                w.push(msg);
            }
        }
    }

    pub fn report_error(&self, msg: String) {
        eprintln!("{}", format_log("Error:", &msg));
        if let Ok(mut e) = self.errors.lock() {
            e.push(msg);
        }
    }

    pub fn posts(&self) -> &[usize] {
        &self.collections[0]
    }

    /// Add a generated page (feed, sitemap, redirect, paginator page).
    pub fn add_generated(&mut self, doc: Document) -> usize {
        let id = self.docs.len();
        self.docs.push(doc);
        self.pages.push(id);
        id
    }
}

/// Jekyll's log line: topic right-aligned in 20 columns.
/// Warning topics Jekyll prints in its topic column (`Conflict:` ...).
const JEKYLL_TOPICS: &[&str] = &["Build Warning:", "Conflict:", "Skipping:", "Deprecation:"];

pub fn format_log(topic: &str, msg: &str) -> String {
    // Jekyll's Stevenson#formatted_topic: `"#{topic} ".rjust(20)`, then the message
    format!("{:>20}{msg}", format!("{topic} "))
}

/// `site.time`: `time:` from the configuration when set (Jekyll's
/// `Site#reset`), else the build clock; shown in the site's zone.
fn site_time(config: &Config) -> DateTime<FixedOffset> {
    let clock = build_clock(config);
    let configured = match config.get("time") {
        // `config["time"] ? parse_date(...) : Time.now`; parsing nothing
        // would also compile Date._parse's patterns (a tenth of a small
        // site's build) before anything else can start
        crate::liquid::Value::Nil | crate::liquid::Value::Bool(false) => None,
        crate::liquid::Value::Time(t) => Some(*t),
        crate::liquid::Value::Date(d) => d
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().with_timezone(&config.offset_for_local(&t))),
        v => crate::utils::scalar_string(v)
            .and_then(|s| reader::parse_time_string(&s, config, clock).ok()),
    };
    match configured {
        Some(t) => t.with_timezone(&config.offset_at(&t.naive_utc())),
        None => clock,
    }
}

/// The build's clock: SOURCE_DATE_EPOCH when set, else now; shown in the
/// site's zone.
fn build_clock(config: &Config) -> DateTime<FixedOffset> {
    let utc = match std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
    {
        Some(secs) => {
            DateTime::<chrono::Utc>::from_timestamp(secs, 0).unwrap_or_else(chrono::Utc::now)
        }
        None => chrono::Utc::now(),
    };
    let off = config.offset_at(&utc.naive_utc());
    utc.with_timezone(&off)
}

/// A layout from text (plugins' built-in layouts).
pub fn layout_from_str(name: &str, relative_path: &str, text: &str) -> Layout {
    Layout {
        name: name.to_string(),
        path: PathBuf::from(relative_path),
        relative_path: relative_path.to_string(),
        data: Map::default(),
        content: text.to_string(),
        body_line: 1,
        template: OnceLock::new(),
    }
}
