//! Runs Shopify's liquid-spec (../shared/liquid-spec/specs) through hyde's
//! Liquid interpreter and prints `liquid-spec: P passed, F failed, S skipped of N`.
//!
//! N leaves out `specs/parser_errors/` (Shopify's strict2 grammar; Jekyll
//! parses lax). Skipped groups, each outside Jekyll's Liquid:
//! - `shopify_theme_dawn/`: Shopify theme tags, objects and filters.
//! - specs whose environment instantiates Ruby test classes (`instantiate:`
//!   drops) or needs Ruby-only YAML (`!binary`, `!ruby/...`, non-string keys),
//!   or declares a Ruby/Shopify-only feature (`ruby_types`, `ruby_drops`,
//!   `drops`, `binary_data`, `activesupport`, `template_factory`,
//!   `shopify_*`): Jekyll only ever hands Liquid plain YAML data and its drops.
//!   `inline_errors` too, unless the case runs the Jekyll way (below).
//! - strict-only parsing features (`strict_parsing`, `strict2_parsing`,
//!   `strict2_blank_body_errors`): Jekyll parses lax.
//! - cases where Jekyll's own Liquid disagrees with the spec: Ruby Liquid
//!   5.4.0 (what Jekyll 4.3.1 runs) was run on every case with
//!   `tests/fixtures/liquid/ruby54_spec_run.rb`; the cases where it doesn't
//!   produce the spec's expectation are listed with Ruby's actual output in
//!   `tests/fixtures/liquid/ruby54_disagree.jsonl` (Jekyll wins).
//!
//! Inline errors (`render_errors: true`): Jekyll renders with `render!`, so
//! errors raise instead of printing. Such a case runs the Jekyll way: it
//! passes when hyde raises the error that the spec prints inline, or, where
//! Ruby's `render!` raises although the inline output hides it (kind
//! `inline` in the fixture), when hyde raises Ruby's error.
//!
//! The test fails when P is under 95% of P+F or S is over a quarter of N.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use hyde::liquid::{self, Context, Host, Map, Template, Value};
use serde_yaml_ng::Value as Y;

const SKIP_FEATURES: &[&str] = &[
    "ruby_types",
    "ruby_drops",
    "drops",
    "binary_data",
    "activesupport",
    "template_factory",
    "shopify_tags",
    "shopify_objects",
    "shopify_filters",
    "shopify_includes",
    "shopify_error_format",
    "shopify_error_handling",
    "shopify_resource_limits",
    "inline_errors",
    "strict_parsing",
    "strict2_parsing",
    "strict2_blank_body_errors",
];

struct SpecHost {
    files: HashMap<String, String>,
    cache: std::sync::Mutex<HashMap<String, Arc<Template>>>,
    jekyll: bool,
}

fn norm(n: &str) -> String {
    let n = n.to_lowercase();
    if n.ends_with(".liquid") {
        n
    } else {
        format!("{n}.liquid")
    }
}

impl Host for SpecHost {
    fn include(&self, name: &str) -> Result<Arc<Template>, String> {
        let key = norm(name);
        if let Some(t) = self.cache.lock().map_err(|e| e.to_string())?.get(&key) {
            return Ok(t.clone());
        }
        let src = self
            .files
            .get(&key)
            .ok_or_else(|| format!("Could not find asset {name}"))?;
        let t = Arc::new(liquid::parse(src, name, 1).map_err(|e| e.message)?);
        self.cache
            .lock()
            .map_err(|e| e.to_string())?
            .insert(key, t.clone());
        Ok(t)
    }
    fn include_relative(&self, _page_path: &str, name: &str) -> Result<Arc<Template>, String> {
        self.include(name)
    }
    fn markdownify(&self, input: &str) -> String {
        input.to_string()
    }
    fn custom_tag(
        &self,
        _name: &str,
        _markup: &str,
        _ctx: &mut Context,
    ) -> Option<Result<String, String>> {
        None
    }
    fn now(&self) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").expect("fixed instant")
    }
    fn warn(&self, _msg: &str) {}
    fn jekyll_filters(&self) -> bool {
        self.jekyll
    }
}

/// YAML → Value; `None` when it needs Ruby-only YAML.
fn to_value(y: &Y) -> Option<Value> {
    Some(match y {
        Y::Null => Value::Nil,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::Int(i)
            } else {
                Value::Float(n.as_f64()?)
            }
        }
        Y::String(s) => Value::str(s),
        Y::Sequence(a) => Value::array(a.iter().map(to_value).collect::<Option<Vec<_>>>()?),
        Y::Mapping(m) => {
            let mut out = Map::default();
            for (k, v) in m {
                let Y::String(k) = k else { return None };
                out.insert(k.clone(), to_value(v)?);
            }
            Value::hash(out)
        }
        Y::Tagged(_) => return None,
    })
}

fn yaml_str(y: &Y) -> Option<String> {
    match y {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        Y::Null => Some(String::new()),
        _ => None,
    }
}

fn get<'a>(y: &'a Y, k: &str) -> Option<&'a Y> {
    y.as_mapping()?.get(Y::String(k.to_string()))
}

pub struct Outcome {
    pub file: String,
    pub name: String,
    pub complexity: i64,
    /// Ok(passed?) or Err(skip reason)
    pub result: Result<bool, &'static str>,
    pub detail: String,
    pub output: Option<String>,
}

fn run_spec(
    file: &str,
    spec: &Y,
    meta: &Y,
    disagree: &Verdicts,
    suite_render_errors: bool,
) -> Option<Outcome> {
    // Plain Liquid filters: the specs pin Liquid's `where`/`sort`, which Jekyll overrides.
    let jekyll = false;
    let name = yaml_str(get(spec, "name")?)?;
    let template = match get(spec, "template")? {
        Y::String(s) => s.clone(),
        _ => return None,
    };
    let complexity = get(spec, "complexity")
        .and_then(|c| c.as_i64())
        .or_else(|| get(meta, "minimum_complexity").and_then(|c| c.as_i64()))
        .unwrap_or(1000);
    let mk = |result: Result<bool, &'static str>, detail: String, output: Option<String>| Outcome {
        file: file.to_string(),
        name: name.clone(),
        complexity,
        result,
        detail,
        output,
    };
    let features: Vec<String> = ["features", "required_features"]
        .iter()
        .filter_map(|k| get(spec, k))
        .filter_map(|f| f.as_sequence())
        .flatten()
        .filter_map(yaml_str)
        .collect();
    let dump = serde_yaml_ng::to_string(spec).unwrap_or_default();
    if dump.contains("instantiate:") {
        return Some(mk(
            Err("Ruby test drops (instantiate:)"),
            String::new(),
            None,
        ));
    }
    let verdict = disagree.get(&(file.to_string(), name.clone()));
    // Inline-error specs run as Jekyll runs them when Ruby's `render!` raises.
    let runs_as_jekyll = verdict.is_some_and(|(k, _)| k == "inline");
    if features
        .iter()
        .any(|f| SKIP_FEATURES.contains(&f.as_str()) && !(f == "inline_errors" && runs_as_jekyll))
    {
        return Some(mk(
            Err("Ruby/Shopify/strict-only feature"),
            String::new(),
            None,
        ));
    }
    // Jekyll raises where the spec prints an inline error: expect Ruby's error.
    let ruby_raises = verdict
        .filter(|(k, _)| k == "inline")
        .map(|(_, m)| m.clone());
    if verdict.is_some() && ruby_raises.is_none() {
        return Some(mk(
            Err("Jekyll's Liquid 5.4 disagrees (Ruby-verified)"),
            String::new(),
            None,
        ));
    }
    let env = match get(spec, "environment") {
        None | Some(Y::Null) => Value::hash(Map::default()),
        Some(e) => match to_value(e) {
            Some(v) => v,
            None => {
                return Some(mk(
                    Err("Ruby-only YAML in environment"),
                    String::new(),
                    None,
                ))
            }
        },
    };
    let Value::Hash(globals) = env else {
        return Some(mk(
            Err("Ruby-only YAML in environment"),
            String::new(),
            None,
        ));
    };
    let render_errors = get(spec, "render_errors")
        .and_then(|v| v.as_bool())
        .unwrap_or(suite_render_errors);
    let expected = get(spec, "expected").map(|e| match e {
        Y::Tagged(_) => None,
        other => yaml_str(other),
    });
    if let Some(None) = expected {
        return Some(mk(
            Err("Ruby-only YAML in expectation"),
            String::new(),
            None,
        ));
    }
    let expected = expected.flatten();
    // Inline errors: Jekyll raises instead of printing them; the case passes
    // when hyde raises the same error (its message appears in the expectation).
    let inline_error = render_errors
        && expected
            .as_deref()
            .is_some_and(|e| e.contains("Liquid error") || e.contains("Liquid syntax error"));
    let mut files = HashMap::new();
    if let Some(Y::Mapping(fs)) = get(spec, "filesystem") {
        for (k, v) in fs {
            if let (Some(k), Some(v)) = (yaml_str(k), yaml_str(v)) {
                files.insert(norm(&k), v);
            }
        }
    }
    let host = SpecHost {
        files,
        cache: Default::default(),
        jekyll,
    };
    let errors = get(spec, "errors");
    let want_parse_err = errors.and_then(|e| get(e, "parse_error")).is_some();
    let want_render_err = errors.and_then(|e| get(e, "render_error")).is_some();
    // Render on a thread with a modest stack, as rayon workers have.
    let tpl_src = template.clone();
    let res = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            let parsed = liquid::parse(&tpl_src, "spec", 1);
            match parsed {
                Err(e) => (Err(format!("parse: {}", e.message)), true),
                Ok(t) => (
                    t.render(&globals, &host)
                        .map_err(|e| format!("render: {}", e.message)),
                    false,
                ),
            }
        })
        .ok()?
        .join();
    let (out, parse_failed) = match res {
        Ok(r) => r,
        Err(_) => (Err("panic".to_string()), false),
    };
    let passed = if let Some(rm) = &ruby_raises {
        matches!(&out, Err(m) if rm.contains(core_message(m)))
    } else if inline_error {
        match &out {
            Err(m) => {
                let m = m
                    .trim_start_matches("parse: ")
                    .trim_start_matches("render: ");
                expected.as_deref().is_some_and(|e| e.contains(m))
            }
            Ok(_) => false,
        }
    } else if want_parse_err {
        out.is_err() && parse_failed
    } else if want_render_err {
        out.is_err() && !parse_failed
    } else {
        match (&out, &expected) {
            (Ok(o), Some(e)) => o == e,
            _ => false,
        }
    };
    let detail = if passed {
        String::new()
    } else {
        format!(
            "template: {template:?}\n  expected: {:?} {}\n  got: {:?}",
            expected,
            if errors.is_some() { "(error)" } else { "" },
            out
        )
    };
    let output = Some(match &out {
        Ok(o) => o.clone(),
        Err(e) => format!("ERR {e}"),
    });
    Some(mk(Ok(passed), detail, output))
}

/// A document's text, parsed whole or, when that fails (recursive anchors,
/// Ruby bignums), item by item: `(parsed items or doc, names of unreadable items)`.
fn load_docs(path: &Path) -> (Vec<Y>, Vec<String>) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (Vec::new(), Vec::new());
    };
    let mut docs = Vec::new();
    let mut cur = String::new();
    for l in text.lines() {
        // Documents are separated by `---`; `...` ends one and a bare one may follow.
        if l == "..." || l == "---" || l.starts_with("--- ") {
            docs.push(std::mem::take(&mut cur));
            continue;
        }
        cur.push_str(l);
        cur.push('\n');
    }
    docs.push(cur);
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for d in docs.into_iter().filter(|d| !d.trim().is_empty()) {
        if let Ok(v) = serde_yaml_ng::from_str::<Y>(&d) {
            out.push(v);
            continue;
        }
        // Item by item: the spec list's items start at column 0 (`- name:`),
        // or at column 0 under `specs:`.
        let (head, body) = match d.find("\nspecs:\n") {
            Some(p) => (d[..p + 1].to_string(), d[p + 8..].to_string()),
            None => (String::new(), d.clone()),
        };
        let meta = serde_yaml_ng::from_str::<Y>(&head)
            .ok()
            .and_then(|h| get(&h, "_metadata").cloned())
            .unwrap_or(Y::Null);
        let mut items = Vec::new();
        let mut item = String::new();
        for l in body.lines() {
            if l.starts_with("- ") && !item.is_empty() {
                items.push(std::mem::take(&mut item));
            }
            item.push_str(l);
            item.push('\n');
        }
        items.push(item);
        let mut specs = Vec::new();
        for it in items.into_iter().filter(|i| i.starts_with("- ")) {
            match serde_yaml_ng::from_str::<Y>(&it) {
                Ok(Y::Sequence(mut v)) if v.len() == 1 => specs.push(v.remove(0)),
                _ => bad.push(
                    it.lines()
                        .next()
                        .unwrap_or("")
                        .trim_start_matches("- ")
                        .to_string(),
                ),
            }
        }
        let mut m = serde_yaml_ng::Mapping::new();
        m.insert(Y::String("_metadata".into()), meta);
        m.insert(Y::String("specs".into()), Y::Sequence(specs));
        out.push(Y::Mapping(m));
    }
    (out, bad)
}

pub fn spec_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/liquid-spec/specs")
}

/// Ruby 5.4's verdicts: (file, name) → (kind, Ruby's output or error).
/// kind `fail`/`error`: Ruby's output differs from the spec; `inline`: the spec
/// expects inline-error output, and Ruby's `render!` (Jekyll's) raises instead.
type Verdicts = HashMap<(String, String), (String, String)>;

fn disagree_set() -> Verdicts {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/liquid/ruby54_disagree.jsonl");
    let text = std::fs::read_to_string(p).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_yaml_ng::from_str::<Y>(l).ok())
        .filter_map(|v| {
            Some((
                (yaml_str(get(&v, "file")?)?, yaml_str(get(&v, "name")?)?),
                (yaml_str(get(&v, "kind")?)?, yaml_str(get(&v, "ruby54")?)?),
            ))
        })
        .collect()
}

/// The core of a hyde error message (without `Liquid error (line N): `).
fn core_message(m: &str) -> &str {
    let m = m
        .trim_start_matches("parse: ")
        .trim_start_matches("render: ");
    match m.find("): ") {
        Some(p) if m.starts_with("Liquid") => &m[p + 3..],
        _ => m.trim_start_matches("Liquid error: "),
    }
}

pub fn run_all(root: &Path) -> (Vec<Outcome>, usize) {
    let disagree = disagree_set();
    let mut outcomes = Vec::new();
    let mut dawn = 0;
    let mut suites: Vec<_> = std::fs::read_dir(root)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    suites.sort();
    for suite in suites {
        let sname = suite
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string();
        if sname == "parser_errors" {
            continue;
        }
        if sname == "shopify_theme_dawn" {
            dawn = std::fs::read_dir(&suite)
                .map(|d| {
                    d.filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
                        .count()
                })
                .unwrap_or(0);
            continue;
        }
        let suite_yml = std::fs::read_to_string(suite.join("suite.yml")).unwrap_or_default();
        let suite_re = serde_yaml_ng::from_str::<Y>(&suite_yml)
            .ok()
            .and_then(|y| {
                get(&y, "defaults")
                    .and_then(|d| get(d, "render_errors"))
                    .and_then(|v| v.as_bool())
            })
            .unwrap_or(false);
        let mut files: Vec<_> = std::fs::read_dir(&suite)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort();
        for f in files {
            let fname = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !fname.ends_with(".yml") || fname == "suite.yml" {
                continue;
            }
            let rel = format!("{sname}/{fname}");
            let (docs, bad) = load_docs(&f);
            for b in bad {
                outcomes.push(Outcome {
                    file: rel.clone(),
                    name: b,
                    complexity: 1000,
                    result: Err("Ruby-only YAML (recursive anchors, bignums)"),
                    detail: String::new(),
                    output: None,
                });
            }
            for doc in docs {
                let (meta, specs) = match &doc {
                    Y::Mapping(_) => (
                        get(&doc, "_metadata").cloned().unwrap_or(Y::Null),
                        get(&doc, "specs").cloned(),
                    ),
                    Y::Sequence(_) => (Y::Null, Some(doc.clone())),
                    _ => (Y::Null, None),
                };
                let Some(Y::Sequence(specs)) = specs else {
                    continue;
                };
                for s in &specs {
                    if let Some(o) = run_spec(&rel, s, &meta, &disagree, suite_re) {
                        outcomes.push(o);
                    }
                }
            }
        }
    }
    (outcomes, dawn)
}

#[test]
fn liquid_spec() {
    let root = spec_root();
    if !root.is_dir() {
        println!("skipped: ../shared/liquid-spec/specs absent");
        return;
    }
    let (outcomes, dawn) = run_all(&root);
    let verbose = std::env::var("LIQUID_SPEC_VERBOSE").is_ok();
    let mut skipped: BTreeMap<&str, usize> = BTreeMap::new();
    skipped.insert("shopify_theme_dawn (Shopify theme)", dawn);
    let (mut p, mut f) = (0usize, 0usize);
    let mut first_fail = i64::MAX;
    let mut by_file: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for o in &outcomes {
        match o.result {
            Ok(true) => {
                p += 1;
                by_file.entry(&o.file).or_default().0 += 1;
            }
            Ok(false) => {
                f += 1;
                by_file.entry(&o.file).or_default().1 += 1;
                first_fail = first_fail.min(o.complexity);
                if verbose {
                    println!(
                        "FAIL {} :: {} (complexity {})\n  {}",
                        o.file, o.name, o.complexity, o.detail
                    );
                }
            }
            Err(reason) => *skipped.entry(reason).or_default() += 1,
        }
    }
    let s: usize = skipped.values().sum();
    let n = p + f + s;
    for (file, (fp, ff)) in &by_file {
        if *ff > 0 {
            println!("  {file}: {fp} passed, {ff} failed");
        }
    }
    for (reason, c) in &skipped {
        println!("  skipped {c}: {reason}");
    }
    let cleared = outcomes
        .iter()
        .filter(|o| o.complexity < first_fail)
        .map(|o| o.complexity)
        .max()
        .unwrap_or(0);
    println!("  complexity level cleared: {cleared}");
    println!("liquid-spec: {p} passed, {f} failed, {s} skipped of {n}");
    assert!(
        p * 100 >= (p + f) * 95,
        "pass rate under 95%: {p} of {}",
        p + f
    );
    assert!(s * 4 <= n, "skipped {s} is over a quarter of {n}");
}
