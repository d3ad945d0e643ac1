//! Differential test on real templates: layouts and includes of the corpus
//! sites rendered by Jekyll 4.3.1 (run live through
//! `tests/fixtures/liquid/corpus_render.rb`) and by hyde, on the same payload.
//! Both corpora (../shared/corpus, corpus-wide). Skipped when ../shared/corpus or `ruby -rjekyll` is absent.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use hyde::liquid::{self, Context, Host, Map, Template, Value};
use serde_yaml_ng::Value as Y;

struct SiteHost {
    dir: PathBuf,
    cache: Mutex<HashMap<String, Arc<Template>>>,
    tz: Option<chrono_tz::Tz>,
}

impl Host for SiteHost {
    fn include(&self, name: &str) -> Result<Arc<Template>, String> {
        if let Some(t) = self.cache.lock().map_err(|e| e.to_string())?.get(name) {
            return Ok(t.clone());
        }
        let p = self.dir.join("_includes").join(name);
        let src = std::fs::read_to_string(&p)
            .map_err(|_| format!("Could not locate the included file '{name}'"))?;
        let t =
            Arc::new(liquid::parse(&src, &format!("_includes/{name}"), 1).map_err(|e| e.message)?);
        self.cache
            .lock()
            .map_err(|e| e.to_string())?
            .insert(name.to_string(), t.clone());
        Ok(t)
    }
    fn include_relative(&self, _p: &str, name: &str) -> Result<Arc<Template>, String> {
        self.include(name)
    }
    fn markdownify(&self, input: &str) -> String {
        input.to_string()
    }
    fn custom_tag(&self, _n: &str, _m: &str, _c: &mut Context) -> Option<Result<String, String>> {
        None
    }
    fn now(&self) -> DateTime<FixedOffset> {
        // Ruby runs with the real clock, and Jekyll shows "now" (`site.time`)
        // in the site's `timezone:` as hyde's build does (`site_time`).
        let utc = chrono::Utc::now();
        utc.with_timezone(&self.local_offset(utc.naive_utc()))
    }
    fn warn(&self, _msg: &str) {}
    fn local_offset(&self, utc: chrono::NaiveDateTime) -> FixedOffset {
        use chrono::{Offset, TimeZone};
        match self.tz {
            Some(tz) => tz.offset_from_utc_datetime(&utc).fix(),
            None => chrono::Utc.fix(),
        }
    }
}

fn conv(y: &Y) -> Value {
    match y {
        Y::Null => Value::Nil,
        Y::Bool(b) => Value::Bool(*b),
        Y::Number(n) => n
            .as_i64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Float(n.as_f64().unwrap_or(0.0))),
        Y::String(s) => Value::str(s),
        Y::Sequence(a) => Value::array(a.iter().map(conv).collect()),
        Y::Mapping(m) => {
            let mut out = Map::default();
            for (k, v) in m {
                if let Some(k) = k.as_str() {
                    out.insert(k.to_string(), conv(v));
                }
            }
            Value::hash(out)
        }
        Y::Tagged(t) => conv(&t.value),
    }
}

/// The site's `_config.yml` (as JSON-compatible YAML) with `data` from `_data/*.yml`.
fn site_payload(dir: &Path) -> serde_json_like::Obj {
    serde_json_like::site(dir)
}

/// Tiny helpers to build JSON text without a JSON dependency.
mod serde_json_like {
    use super::*;
    pub type Obj = String;
    pub fn json_of(y: &Y) -> String {
        match y {
            Y::Null => "null".into(),
            Y::Bool(b) => b.to_string(),
            Y::Number(n) => n.to_string(),
            Y::String(s) => quote(s),
            Y::Sequence(a) => format!("[{}]", a.iter().map(json_of).collect::<Vec<_>>().join(",")),
            Y::Mapping(m) => format!(
                "{{{}}}",
                m.iter()
                    .filter_map(|(k, v)| Some(format!("{}:{}", quote(&key_str(k)?), json_of(v))))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            Y::Tagged(t) => json_of(&t.value),
        }
    }
    fn key_str(k: &Y) -> Option<String> {
        match k {
            Y::String(s) => Some(s.clone()),
            Y::Number(n) => Some(n.to_string()),
            Y::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    pub fn quote(s: &str) -> String {
        let mut o = String::from("\"");
        for c in s.chars() {
            match c {
                '"' => o.push_str("\\\""),
                '\\' => o.push_str("\\\\"),
                '\n' => o.push_str("\\n"),
                '\r' => o.push_str("\\r"),
                '\t' => o.push_str("\\t"),
                c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
                c => o.push(c),
            }
        }
        o.push('"');
        o
    }
    pub fn site(dir: &Path) -> String {
        let cfg = std::fs::read_to_string(dir.join("_config.yml")).unwrap_or_default();
        let mut cfg: Y = serde_yaml_ng::from_str(&cfg).unwrap_or(Y::Null);
        let mut data = serde_yaml_ng::Mapping::new();
        for e in std::fs::read_dir(dir.join("_data"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = e.path();
            let (Some(stem), Some(ext)) = (
                p.file_stem().and_then(|s| s.to_str()),
                p.extension().and_then(|s| s.to_str()),
            ) else {
                continue;
            };
            if ext == "yml" || ext == "yaml" {
                if let Ok(v) =
                    serde_yaml_ng::from_str::<Y>(&std::fs::read_to_string(&p).unwrap_or_default())
                {
                    data.insert(Y::String(stem.to_string()), v);
                }
            }
        }
        if let Y::Mapping(m) = &mut cfg {
            m.insert(Y::String("data".into()), Y::Mapping(data));
        }
        json_of(&cfg)
    }
}

const PAGE: &str = r#"{"title":"A Study of Things","excerpt":"<p>Short & sweet summary.</p>","url":"/publication/2024-01-02-study/","collection":"publications","date":"2024-01-02","venue":"Journal of Tests","citation":"Doe, J. (2024). A Study.","paperurl":"http://example.org/paper.pdf","author_profile":true,"share":true,"tags":["ml","systems"],"categories":["research"],"read_time":true,"modified":"2024-02-03","permalink":"/publication/2024-01-02-study/","id":"/publication/study"}"#;

const TEMPLATES: &[&str] = &[
    "{% include base_path %}[{{ base_path }}]",
    "{% include author-profile.html %}",
    "{% include masthead.html %}",
    "{% include footer.html %}",
    "{% include sidebar.html %}",
    "{% include page__taxonomy.html %}",
    "{% include social-share.html %}",
    "{% assign post = page %}{% include archive-single.html %}",
    "{% assign post = page %}{% include archive-single.html type=\"grid\" %}",
    "{% include read-time.html %}",
    "{% include page__hero.html %}",
    "{% include toc %}",
    "{% include toc.html %}",
    "{% include breadcrumbs.html %}",
    "{% include comments.html %}",
    "{% include analytics.html %}",
    "{% include scripts.html %}",
    "{% assign post = page %}{% include archive-single-talk.html %}",
    "{% assign post = page %}{% include archive-single-cv.html %}",
    "{% assign post = page %}{% include archive-single-talk-cv.html %}",
    "{% include cv-template.html %}",
    "{% include gallery %}",
    "{% include feature_row %}",
    "{% include nav_list nav=\"main\" %}",
    "{% include group-by-array collection=site.data.navigation.main field=\"title\" %}{{ group_names | join: \",\" }}",
    "{% include tag-list.html %}",
    "{% include category-list.html %}",
    "{% include post_pagination.html %}",
    "{% include head/custom.html %}",
    "{% include footer/custom.html %}",
    "{% include masthead-cn.html %}",
];

#[test]
fn corpus_templates_render_as_jekyll() {
    let Some(sites) = common::corpus_sites() else {
        println!("skipped: ../shared/corpus absent");
        return;
    };
    if Command::new("ruby")
        .args(["-rjekyll", "-e", "1"])
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        println!("skipped: ruby -rjekyll absent");
        return;
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/liquid/corpus_render.rb");
    let mut checked = 0;
    let mut skipped = 0;
    let mut failures = Vec::new();
    for dir in sites {
        let site_json = site_payload(&dir);
        let mut layouts: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|t| (t.to_string(), String::new()))
            .collect();
        for l in [
            "single.html",
            "talk.html",
            "archive.html",
            "splash.html",
            "default.html",
            "archive-taxonomy.html",
            "cv-layout.html",
            "single-cn.html",
            "default-cn.html",
            "archive-cn.html",
        ] {
            if let Ok(src) = std::fs::read_to_string(dir.join("_layouts").join(l)) {
                let body = src
                    .strip_prefix("---\n")
                    .and_then(|r| r.find("\n---\n").map(|p| r[p + 5..].to_string()))
                    .unwrap_or(src);
                layouts.push((body, format!("layout {l}")));
            }
        }
        let payload = format!(
            "{{\"site\":{site_json},\"page\":{PAGE},\"layout\":{{\"author_profile\":true}},\"content\":\"<p>Body text of the page.</p>\",\"paginator\":null}}"
        );
        let cases: Vec<String> = layouts
            .iter()
            .map(|(t, _)| {
                format!(
                    "{{\"template\":{},\"payload\":{payload}}}",
                    serde_json_like::quote(t)
                )
            })
            .collect();
        let req = format!(
            "{{\"site_dir\":{},\"cases\":[{}]}}",
            serde_json_like::quote(&dir.display().to_string()),
            cases.join(",")
        );
        let mut child = Command::new("ruby")
            .env("TZ", "UTC")
            .arg(&script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("ruby");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(req.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("ruby output");
        let outs: Y =
            serde_yaml_ng::from_str(&String::from_utf8_lossy(&out.stdout)).expect("ruby json");
        let payload_v = conv(&serde_yaml_ng::from_str::<Y>(&payload).expect("payload"));
        let Value::Hash(globals) = payload_v else {
            panic!("payload")
        };
        // Jekyll sets TZ from `timezone:`; Ruby runs with TZ=UTC otherwise.
        let cfg: Y = serde_yaml_ng::from_str(
            &std::fs::read_to_string(dir.join("_config.yml")).unwrap_or_default(),
        )
        .unwrap_or(Y::Null);
        let tz = cfg
            .get("timezone")
            .and_then(|t| t.as_str())
            .and_then(|t| t.parse::<chrono_tz::Tz>().ok());
        let host = SiteHost {
            dir: dir.clone(),
            cache: Mutex::new(HashMap::new()),
            tz,
        };
        for ((tpl, label), want) in layouts
            .iter()
            .zip(outs.as_sequence().cloned().unwrap_or_default())
        {
            let want = want.as_str().unwrap_or_default().to_string();
            if want.starts_with("ERR ") {
                skipped += 1;
                continue; // Jekyll itself fails here (plugin tags, missing includes)
            }
            checked += 1;
            let got = liquid::parse(tpl, "t", 1)
                .and_then(|t| t.render(&globals, &host))
                .map_err(|e| e.to_string());
            if got.as_deref() != Ok(want.as_str()) {
                let name = if label.is_empty() {
                    tpl.clone()
                } else {
                    label.clone()
                };
                failures.push(format!(
                    "{} :: {name}\n  jekyll: {want:?}\n  hyde:   {got:?}",
                    dir.display()
                ));
            }
        }
    }
    println!(
        "{} of {checked} corpus renders match Jekyll ({skipped} cases where Jekyll itself errors skipped)",
        checked - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every page of every corpus site with Liquid in its body, rendered by
/// Jekyll (on its own site payload turned into plain data) and by hyde on
/// the same data: `tests/fixtures/liquid/corpus_pages.rb` is the oracle.
#[test]
fn corpus_pages_render_as_jekyll() {
    let Some(sites) = common::corpus_sites() else {
        println!("skipped: ../shared/corpus absent");
        return;
    };
    if Command::new("ruby")
        .args(["-rjekyll", "-e", "1"])
        .output()
        .map(|o| !o.status.success())
        .unwrap_or(true)
    {
        println!("skipped: ruby -rjekyll absent");
        return;
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/liquid/corpus_pages.rb");
    let (mut checked, mut skipped) = (0, 0);
    let mut failures = Vec::new();
    for dir in sites {
        let out = Command::new("ruby")
            .env("TZ", "UTC")
            .arg(&script)
            .arg(&dir)
            .output()
            .expect("ruby");
        let data: Y =
            serde_yaml_ng::from_str(&String::from_utf8_lossy(&out.stdout)).expect("ruby json");
        let site = conv(data.get("site").unwrap_or(&Y::Null));
        let cfg: Y = serde_yaml_ng::from_str(
            &std::fs::read_to_string(dir.join("_config.yml")).unwrap_or_default(),
        )
        .unwrap_or(Y::Null);
        let tz = cfg
            .get("timezone")
            .and_then(|t| t.as_str())
            .and_then(|t| t.parse::<chrono_tz::Tz>().ok());
        let host = SiteHost {
            dir: dir.clone(),
            cache: Mutex::new(HashMap::new()),
            tz,
        };
        let mut layouts: HashMap<String, (Template, Value)> = HashMap::new();
        for (k, v) in data
            .get("layouts")
            .and_then(|l| l.as_mapping())
            .cloned()
            .unwrap_or_default()
        {
            let (Some(name), Some(src)) = (k.as_str(), v.get("content").and_then(|c| c.as_str()))
            else {
                continue;
            };
            let t = liquid::parse(src, &format!("_layouts/{name}"), 1).expect("layout parses");
            layouts.insert(
                name.to_string(),
                (t, conv(v.get("data").unwrap_or(&Y::Null))),
            );
        }
        for p in data
            .get("pages")
            .and_then(|p| p.as_sequence())
            .cloned()
            .unwrap_or_default()
        {
            let path = p
                .get("path")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let want = p
                .get("output")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            if want.starts_with("ERR ") {
                skipped += 1;
                continue;
            }
            let content = p
                .get("content")
                .and_then(|v| v.as_str())
                .unwrap_or_default();
            let mut g = Map::default();
            g.insert("site".into(), site.clone());
            g.insert("page".into(), conv(p.get("page").unwrap_or(&Y::Null)));
            g.insert("paginator".into(), Value::Nil);
            checked += 1;
            // The body, then the layout chain as Jekyll's renderer runs it.
            let layout_name = p.get("layout").and_then(|v| v.as_str()).map(str::to_string);
            let got = liquid::parse(content, &path, 1)
                .and_then(|t| t.render(&g, &host))
                .and_then(|mut out| {
                    let mut name = layout_name.clone();
                    let mut seen: Vec<String> = Vec::new();
                    while let Some(n) = name.take() {
                        let Some(l) = layouts.get(&n) else { break };
                        if seen.contains(&n) {
                            break;
                        }
                        seen.push(n.clone());
                        g.insert("content".into(), Value::from(out));
                        g.insert("layout".into(), l.1.clone());
                        out = l.0.render(&g, &host)?;
                        name = l.1.get("layout").as_str().map(str::to_string);
                    }
                    Ok(out)
                })
                .map_err(|e| e.to_string());
            if got.as_deref() != Ok(want.as_str()) {
                let detail = match &got {
                    Ok(o) => {
                        let i = o
                            .bytes()
                            .zip(want.bytes())
                            .take_while(|(a, b)| a == b)
                            .count();
                        let lo = i.saturating_sub(80);
                        format!(
                            "first difference at byte {i}:\n  jekyll: {:?}\n  hyde:   {:?}",
                            want.get(lo..(i + 120).min(want.len())).unwrap_or(""),
                            o.get(lo..(i + 120).min(o.len())).unwrap_or("")
                        )
                    }
                    Err(e) => format!("hyde error: {e}"),
                };
                failures.push(format!("{} :: {path}\n  {detail}", dir.display()));
            }
        }
    }
    println!(
        "{} of {checked} corpus pages render as Jekyll ({skipped} where Jekyll itself errors skipped)",
        checked - failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
