//! Reading one collection document (posts and drafts included) as
//! Jekyll's `Document#read` does: front matter over defaults, the date,
//! slug, title, categories and tags it derives, the future/unpublished
//! rules, and its url — memoized by file stamp when the site has a memo.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use super::defaults;
use super::document::{Document, Kind};
use super::entries::{join, read_if_header};
use super::reader::{
    parse_dated_name, parse_front_matter, parse_time_string, permalink_ext, split_ext, Reader,
};
use crate::config::add_permalink_suffix;
use crate::error::{Error, Result};
use crate::liquid::{Map, Value};
use crate::utils::{scalar_string, slugify, titleize_slug};

/// What reading a document reports, kept while documents are made on
/// several threads and reported in the read's order afterwards.
pub(super) enum Diag {
    Error(String),
    Warn(String),
}

/// A collection entry made ready on any thread ([`Reader::prepare_documents`]).
pub(super) enum Prepared {
    /// No front matter: a static file of the collection.
    Static,
    /// A document made (or the error that stops the read), with what making
    /// it reported.
    Doc(Result<crate::memo::DocOutcome>, Vec<Diag>),
    /// Left to the read in order.
    Unread,
}

impl Reader<'_> {
    pub(super) fn read_document(
        &mut self,
        path: PathBuf,
        coll: usize,
        draft_hint: Option<bool>,
        stamp: Option<crate::memo::Stamp>,
    ) -> Result<()> {
        use crate::memo::DocOutcome;
        let memo = self.site.memo.clone();
        let stamp = stamp.or_else(|| memo.as_ref().and_then(|m| m.stamp(&path)));
        let cached = match (&memo, stamp) {
            (Some(m), Some(s)) => m.doc(&path, coll, draft_hint, s),
            _ => None,
        };
        let outcome = match cached {
            Some(o) => {
                if let DocOutcome::Skipped(w) = &*o {
                    self.site.warn(w.clone());
                }
                o
            }
            None => {
                let errors = self.site.errors.lock().map(|e| e.len()).unwrap_or(0);
                let o = Arc::new(self.make_document(path.clone(), coll, draft_hint)?);
                let clean = self.site.errors.lock().map(|e| e.len()).unwrap_or(1) == errors;
                if let (Some(m), Some(s), true) = (&memo, stamp, clean) {
                    m.remember_doc(&path, coll, draft_hint, s, o.clone());
                }
                o
            }
        };
        if let DocOutcome::Doc(doc) = &*outcome {
            let id = self.site.docs.len();
            self.site.docs.push(doc.unrendered());
            self.site.collections[coll].push(id);
        }
        Ok(())
    }

    fn make_document(
        &mut self,
        path: PathBuf,
        coll: usize,
        draft_hint: Option<bool>,
    ) -> Result<crate::memo::DocOutcome> {
        let parsed = self.parsed_front_matter(&path)?;
        let mut diags = Vec::new();
        let made = self.make_document_from(&parsed, path, coll, draft_hint, &mut diags);
        self.replay(diags);
        made
    }

    /// Report what making documents away from the read's order found.
    fn replay(&self, diags: Vec<Diag>) {
        for d in diags {
            match d {
                Diag::Error(m) => self.site.report_error(m),
                Diag::Warn(m) => self.site.warn(m),
            }
        }
    }

    /// The collection entries at `paths` made into documents on every core:
    /// each file read, its front matter parsed, the document made, what
    /// it would report kept for [`Reader::add_prepared`] to report in order.
    /// With a memo (the dev server) the entries are read in order instead,
    /// through it, with the front matter it lacks parsed ahead on every core.
    pub(super) fn prepare_documents(
        &mut self,
        paths: &[PathBuf],
        coll: usize,
        draft_hint: Option<bool>,
    ) -> Vec<Prepared> {
        use rayon::prelude::*;
        if self.site.memo.is_some() {
            self.prefetch(paths.to_vec());
            return paths.iter().map(|_| Prepared::Unread).collect();
        }
        let this = &*self;
        let cfg = &self.site.config;
        paths
            .par_iter()
            .with_max_len(crate::render::SHARE)
            .map(|path| {
                let text = match read_if_header(path) {
                    None => return Prepared::Static,
                    Some(Ok(text)) => text,
                    // unreadable: the read in order says why
                    Some(Err(_)) => return Prepared::Unread,
                };
                let parsed = parse_front_matter(cfg, path, &text);
                let mut diags = Vec::new();
                let made =
                    this.make_document_from(&parsed, path.clone(), coll, draft_hint, &mut diags);
                Prepared::Doc(made, diags)
            })
            .collect()
    }

    /// Add a document [`Reader::prepare_documents`] made, reporting what
    /// making it found, as [`Reader::read_document`] would have.
    pub(super) fn add_prepared(
        &mut self,
        coll: usize,
        made: Result<crate::memo::DocOutcome>,
        diags: Vec<Diag>,
    ) -> Result<()> {
        self.replay(diags);
        if let crate::memo::DocOutcome::Doc(doc) = made? {
            let id = self.site.docs.len();
            self.site.docs.push(doc);
            self.site.collections[coll].push(id);
        }
        Ok(())
    }

    /// `Document#read` on parsed front matter; errors and warnings go to
    /// `diags`, in the order Jekyll reports them.
    fn make_document_from(
        &self,
        parsed: &crate::memo::Parsed,
        path: PathBuf,
        coll: usize,
        draft_hint: Option<bool>,
        diags: &mut Vec<Diag>,
    ) -> Result<crate::memo::DocOutcome> {
        use crate::memo::DocOutcome;
        let strict = self.site.config.get("strict_front_matter").is_truthy();
        if let Some(e) = &parsed.error {
            // Document#handle_read_error: `strict_front_matter` makes it fatal
            if strict {
                return Err(Error::Other(e.clone()));
            }
            diags.push(Diag::Error(e.clone()));
        }
        let (fm, body, line, yaml_failed) = (
            parsed.data.clone(),
            parsed.body.clone(),
            parsed.line,
            parsed.error.is_some(),
        );
        let cfg = &self.site.config;
        let source = cfg.source.to_string_lossy().to_string();
        let cpath = if cfg.collections_dir.is_empty() {
            source.clone()
        } else {
            join(&source, &cfg.collections_dir)
        };
        let full = path.to_string_lossy().to_string();
        let relative_path = full
            .strip_prefix(&format!("{cpath}/"))
            .unwrap_or(&full)
            .to_string();
        let label = cfg.collections[coll].label.clone();
        let coll_dir = format!("_{label}");
        let draft = coll == 0 && (draft_hint == Some(true) || !relative_path.contains(&coll_dir));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stem, ext) = split_ext(&name);

        // Document#initialize: `draft?` stores its answer in data["draft"],
        // then the categories of the path are merged in
        let mut data = Map::default();
        data.insert("draft".into(), Value::Bool(draft));
        let special = if draft { "_drafts" } else { coll_dir.as_str() };
        let mut categories: Vec<Value> = Vec::new();
        if !relative_path.starts_with(special) {
            if let Some(i) = relative_path.find(special) {
                for c in relative_path[..i].split('/') {
                    if !c.is_empty() && c != special && c != name {
                        categories.push(Value::from(c));
                    }
                }
            }
        }
        data.insert("categories".into(), Value::array(categories));
        // Document#read: defaults, then the front matter, each through
        // `merge_data!`; a failure leaves the document half-read, as Jekyll's
        // `handle_read_error` does (logged, the build goes on)
        let defaults = defaults::all(&cfg.defaults, &relative_path, &label, &cfg.collections_dir);
        let mut failure = merge_data(&mut data, defaults).err();
        if failure.is_none() && !yaml_failed {
            failure = merge_data(&mut data, fm).err();
        }
        if let Some(why) = &failure {
            let e = Error::Path {
                path: path.clone(),
                message: format!("could not read file: {why}"),
            };
            if strict {
                return Err(e);
            }
            diags.push(Diag::Error(e.to_string()));
        }
        let read_failed = yaml_failed || failure.is_some();
        if draft {
            data.insert("draft".into(), Value::Bool(true));
        }

        // merge_date!: any `date` given, even nil, is parsed from its `to_s`
        let mut date = match data.get("date") {
            None => None,
            Some(v) => Some(self.parse_date(v, &path)?),
        };
        if !read_failed {
            read_post_data(
                &mut data,
                &mut date,
                &relative_path,
                &stem,
                &ext,
                |fd| self.parse_date(&Value::from(fd), &path),
                self.site.time,
            )?;
        } else if coll == 0 && date.is_none() {
            // the publisher asks a post for its date, which stores site.time
            data.insert("date".into(), Value::Time(self.site.time));
        }
        if let Some(d) = date {
            data.insert("date".into(), Value::Time(d));
        }

        let published = !matches!(data.get("published"), Some(Value::Bool(false)));
        if !published && !self.site.config.unpublished {
            return Ok(DocOutcome::Unpublished);
        }
        let write_coll = self.site.config.collections[coll].output;
        let mut doc = self.new_document(
            Kind::Doc(coll),
            path,
            relative_path,
            name,
            stem,
            ext,
            data,
            body,
            line,
        );
        doc.draft = draft;
        doc.date = date;
        if read_failed {
            // `read_post_data` never ran: no excerpt was generated
            doc.excerpt_separator.clear();
        }
        doc.write = write_coll;
        // future posts
        let eff_date = date.unwrap_or(self.site.time);
        if !self.site.config.future && eff_date.timestamp() > self.site.time.timestamp() {
            if coll == 0 {
                let w = format!("Skipping: {} has a future date", doc.relative_path);
                diags.push(Diag::Warn(w.clone()));
                return Ok(DocOutcome::Skipped(w));
            }
            doc.write = false;
        }
        self.finish_doc_url(&mut doc)?;
        Ok(DocOutcome::Doc(doc))
    }

    fn finish_doc_url(&self, doc: &mut Document) -> Result<()> {
        permalink_ext(doc);
        let Kind::Doc(coll) = doc.kind else {
            return Ok(());
        };
        let cfg = &self.site.config;
        let cc = &cfg.collections[coll];
        let template = cc
            .permalink
            .clone()
            .unwrap_or_else(|| add_permalink_suffix("/:collection/:path", &cfg.permalink_style));
        let permalink = doc
            .data
            .get("permalink")
            .and_then(scalar_string)
            .filter(|p| !p.is_empty());
        let template = permalink.unwrap_or(template);
        let date = doc.date.unwrap_or(self.site.time);
        let label = cc.label.clone();
        let coll_dir = format!("_{label}");
        let rel_no_ext = &doc.relative_path[..doc.relative_path.len() - doc.ext.len()];
        let mut cleaned = rel_no_ext.to_string();
        if let Some(i) = cleaned.find(&coll_dir) {
            cleaned.replace_range(i..i + coll_dir.len(), "");
        }
        let cleaned = cleaned.trim_end_matches('.').to_string();
        let data_slug = doc.data.get("slug").and_then(scalar_string);
        let cats: Vec<String> = match doc.data.get("categories") {
            Some(Value::Array(a)) => a.iter().filter_map(scalar_string).collect(),
            _ => Vec::new(),
        };
        let mut uniq: Vec<String> = Vec::new();
        for c in &cats {
            let c = c.to_lowercase();
            if !uniq.contains(&c) {
                uniq.push(c);
            }
        }
        let mut slugged: Vec<String> = Vec::new();
        for c in &cats {
            let c = slugify(c, "default", false);
            if !slugged.contains(&c) {
                slugged.push(c);
            }
        }
        let basename = doc.basename.clone();
        let output_ext = doc.output_ext.clone();
        let lookup = |k: &str| -> Option<String> {
            Some(match k {
                "collection" => label.clone(),
                "path" => cleaned.clone(),
                "output_ext" => output_ext.clone(),
                "name" => slugify(&basename, "default", false),
                "title" => match &data_slug {
                    Some(s) if !s.is_empty() => slugify(s, "pretty", true),
                    _ => slugify(&basename, "pretty", true),
                },
                "slug" => match &data_slug {
                    Some(s) if !s.is_empty() => slugify(s, "default", false),
                    _ => slugify(&basename, "default", false),
                },
                "categories" => uniq.join("/"),
                "slugified_categories" => slugged.join("/"),
                "year" => date.format("%Y").to_string(),
                "month" => date.format("%m").to_string(),
                "day" => date.format("%d").to_string(),
                "hour" => date.format("%H").to_string(),
                "minute" => date.format("%M").to_string(),
                "second" => date.format("%S").to_string(),
                "i_day" => date.format("%-d").to_string(),
                "i_month" => date.format("%-m").to_string(),
                "short_month" => date.format("%b").to_string(),
                "long_month" => date.format("%B").to_string(),
                "short_year" => date.format("%y").to_string(),
                "w_year" => date.format("%G").to_string(),
                "week" => date.format("%V").to_string(),
                "w_day" => date.format("%u").to_string(),
                "short_day" => date.format("%a").to_string(),
                "long_day" => date.format("%A").to_string(),
                "y_day" => date.format("%j").to_string(),
                _ => return None,
            })
        };
        let url = super::url::fill(&template, &lookup).map_err(|m| Error::Path {
            path: doc.path.clone(),
            message: m,
        })?;
        doc.url = super::url::sanitize(&url);
        super::reader::set_dest(doc, false)
    }

    fn parse_date(&self, v: &Value, path: &Path) -> Result<DateTime<FixedOffset>> {
        let cfg = &self.site.config;
        let local = |t: DateTime<FixedOffset>| {
            let off = cfg.offset_at(&t.naive_utc());
            t.with_timezone(&off)
        };
        match v {
            Value::Time(t) => Ok(local(*t)),
            Value::Date(d) => {
                let n = d.and_hms_opt(0, 0, 0).unwrap_or_default();
                let off = cfg.offset_for_local(&n);
                Ok(local(
                    n.and_local_timezone(off)
                        .single()
                        .unwrap_or_else(|| n.and_utc().fixed_offset()),
                ))
            }
            other => {
                let s = scalar_string(other).unwrap_or_default();
                // `Time.parse`'s `now` is the build's clock, `site.time`
                parse_time_string(&s, cfg, self.site.time).map(local).map_err(|_| Error::Path {
                    path: path.to_path_buf(),
                    message: format!("Invalid date '{s}': it does not have a valid date in the YAML front matter (use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS +/-TTTT)"),
                })
            }
        }
    }
}

/// Jekyll's `Utils.pluralized_array_from_hash(data, "tag", "tags")`,
/// flattened: a truthy `tag` as it is, else `tags` split on ASCII whitespace
/// (a string) or without its nil items (an array; any other value gives
/// none); nested arrays flattened and nils dropped.
/// `Document#read_post_data` after the front matter is merged:
/// `populate_title` (the date and slug of the file name, the title, slug
/// and ext when unset), `populate_categories` and `populate_tags`.
fn read_post_data(
    data: &mut Map,
    date: &mut Option<DateTime<FixedOffset>>,
    relative_path: &str,
    stem: &str,
    ext: &str,
    parse: impl Fn(&str) -> Result<DateTime<FixedOffset>>,
    site_time: DateTime<FixedOffset>,
) -> Result<()> {
    let (slug, file_date) = match parse_dated_name(relative_path) {
        Some((d, slug)) => (slug, Some(d)),
        None => (stem.trim_end_matches('.').to_string(), None),
    };
    if let Some(fd) = file_date {
        if date.is_none() || date.map(|d| d.timestamp()) == Some(site_time.timestamp()) {
            *date = Some(parse(fd.as_str())?);
        }
    }
    let slug = slug.trim_end_matches('.').to_string();
    // Ruby's `||=`: set when missing, nil or false
    let unset = |d: &Map, k: &str| !d.get(k).map(|v| v.is_truthy()).unwrap_or(false);
    if unset(data, "title") {
        data.insert("title".into(), Value::from(titleize_slug(&slug)));
    }
    if unset(data, "slug") {
        data.insert("slug".into(), Value::from(slug.as_str()));
    }
    if unset(data, "ext") {
        data.insert("ext".into(), Value::from(ext));
    }
    let cats = populate_categories(data);
    data.insert("categories".into(), Value::array(cats));
    let tags = pluralized_tags(data);
    data.insert("tags".into(), Value::array(tags));
    Ok(())
}

/// `Document#merge_data!` without its date step: a `categories` string is
/// split on whitespace, and joined to the categories already there with
/// Ruby's `Array#|` (a value that is no array there is Ruby's `TypeError`,
/// the message returned); then the hashes are deep-merged.
fn merge_data(data: &mut Map, mut other: Map) -> std::result::Result<(), String> {
    if let Some(c) = other.get("categories").filter(|c| !matches!(c, Value::Nil)) {
        let c = match c {
            Value::Str(s) => Value::array(ruby_split(s).map(Value::from).collect()),
            c => c.clone(),
        };
        let c = match (data.get("categories"), &c) {
            (Some(Value::Array(old)), Value::Array(new)) => Value::array(ruby_union(old, new)),
            (Some(Value::Array(_)), v) => {
                return Err(format!(
                    "no implicit conversion of {} into Array",
                    ruby_class(v)
                ))
            }
            _ => c,
        };
        other.insert("categories".into(), c);
    }
    if !other.is_empty() {
        *data = crate::utils::deep_merge(data, &other);
    }
    Ok(())
}

/// `populate_categories`: `Array(data["categories"])` plus the
/// `pluralized_array_from_hash` of category/categories, each `to_s`, unique,
/// then merged as [`merge_data`] does (so a raw `2020` and its `"2020"`
/// both stay, as `Array#|` keeps them).
fn populate_categories(data: &Map) -> Vec<Value> {
    let raw: Vec<Value> = match data.get("categories") {
        None | Some(Value::Nil) => Vec::new(),
        Some(Value::Array(a)) => a.to_vec(),
        Some(Value::Hash(h)) => h
            .iter()
            .map(|(k, v)| Value::array(vec![Value::from(k.as_str()), v.clone()]))
            .collect(),
        Some(v) => vec![v.clone()],
    };
    let mut all = raw;
    let singular = data.get("category").filter(|c| c.is_truthy());
    match singular {
        Some(v) => flatten_compact(v, &mut all, 0),
        None => match data.get("categories") {
            Some(Value::Str(s)) => all.extend(ruby_split(s).map(Value::from)),
            Some(v @ Value::Array(_)) => flatten_compact(v, &mut all, 0),
            _ => {}
        },
    }
    let mut cats: Vec<Value> = Vec::new();
    for v in &all {
        let s = crate::liquid::ruby::obj_to_s(v);
        if !cats.iter().any(|c| c.as_str() == Some(s.as_str())) {
            cats.push(Value::from(s));
        }
    }
    match data.get("categories") {
        Some(Value::Array(old)) => ruby_union(old, &cats),
        _ => cats,
    }
}

/// Ruby's `String#split` with no argument: runs of ASCII whitespace.
fn ruby_split(s: &str) -> impl Iterator<Item = &str> {
    s.split([' ', '\t', '\n', '\x0b', '\x0c', '\r'])
        .filter(|w| !w.is_empty())
}

/// Ruby's `Array#|`: each element once (by `eql?`), in first-seen order.
fn ruby_union(a: &[Value], b: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for v in a.iter().chain(b) {
        if !out.iter().any(|o| eql(o, v)) {
            out.push(v.clone());
        }
    }
    out
}

/// Ruby's `eql?`: `==` within one class (`1` and `1.0` or `"1"` differ).
fn eql(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b) && crate::liquid::ruby::equal(a, b)
}

/// How Ruby's `TypeError` names a value's class.
fn ruby_class(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        Value::Int(_) => "Integer",
        Value::Float(_) => "Float",
        Value::Str(_) => "String",
        Value::Date(_) => "Date",
        Value::Time(_) => "Time",
        Value::Array(_) => "Array",
        _ => "Hash",
    }
}

/// `Array#flatten` then `compact`, nesting past any real front matter cut off.
fn flatten_compact(v: &Value, out: &mut Vec<Value>, depth: usize) {
    match v {
        Value::Nil => {}
        Value::Array(a) if depth < 64 => a.iter().for_each(|x| flatten_compact(x, out, depth + 1)),
        Value::Array(_) => {}
        v => out.push(v.clone()),
    }
}

fn pluralized_tags(data: &Map) -> Vec<Value> {
    let mut tags = Vec::new();
    match data.get("tag").filter(|t| t.is_truthy()) {
        Some(t) => flatten_compact(t, &mut tags, 0),
        None => match data.get("tags") {
            Some(Value::Str(s)) => tags.extend(ruby_split(s).map(Value::from)),
            Some(v @ Value::Array(_)) => flatten_compact(v, &mut tags, 0),
            _ => {}
        },
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::pluralized_tags;
    use crate::liquid::{Map, Value};

    fn s(x: &str) -> Value {
        Value::from(x)
    }

    /// Front matter, and the tags Jekyll makes of it.
    type Case = (Vec<(&'static str, Value)>, Vec<Value>);

    /// Jekyll 4.3.1's `populate_tags` on the same front matter (Ruby 3.1).
    #[test]
    fn tags_as_jekyll() {
        let arr = |v: Vec<Value>| Value::array(v);
        let cases: Vec<Case> = vec![
            (
                vec![("tags", arr(vec![s("a"), Value::Nil, s("b")]))],
                vec![s("a"), s("b")],
            ),
            (vec![("tags", s("a b\u{a0}c"))], vec![s("a"), s("b\u{a0}c")]),
            (vec![("tags", Value::Int(2020))], vec![]),
            (
                vec![("tag", s("x y")), ("tags", arr(vec![s("a")]))],
                vec![s("x y")],
            ),
            (
                vec![("tag", Value::Nil), ("tags", arr(vec![s("a")]))],
                vec![s("a")],
            ),
            (
                vec![("tag", arr(vec![s("p"), Value::Nil, arr(vec![s("q")])]))],
                vec![s("p"), s("q")],
            ),
            (
                vec![("tag", Value::Bool(false)), ("tags", s("z"))],
                vec![s("z")],
            ),
            (vec![("tags", Value::Nil)], vec![]),
        ];
        for (front, want) in cases {
            let data: Map = front.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let got = pluralized_tags(&data);
            let show = |v: &[Value]| v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>();
            assert_eq!(show(&got), show(&want), "{data:?}");
        }
    }
}
