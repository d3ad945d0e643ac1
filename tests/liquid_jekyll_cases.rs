//! Templates checked against Jekyll 4.3.1 itself: each case's expected output
//! was produced by `tests/fixtures/liquid/jekyll_cases.rb` (Jekyll's filters,
//! include tag and Liquid 5.4, site baseurl "/base", url "https://ex.com").

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};
use hyde::liquid::{self, Context, Host, Map, Template, Value};
use serde_yaml_ng::Value as Y;

struct CaseHost {
    includes: HashMap<String, String>,
}

impl Host for CaseHost {
    fn include(&self, name: &str) -> Result<Arc<Template>, String> {
        let src = self
            .includes
            .get(name)
            .ok_or_else(|| format!("Could not locate the included file '{name}'"))?;
        liquid::parse(src, &format!("_includes/{name}"), 1)
            .map(Arc::new)
            .map_err(|e| e.message)
    }
    fn include_relative(&self, _page_path: &str, name: &str) -> Result<Arc<Template>, String> {
        self.include(name)
    }
    fn markdownify(&self, input: &str) -> String {
        format!("<p>{input}</p>\n")
    }
    fn custom_tag(&self, _n: &str, _m: &str, _c: &mut Context) -> Option<Result<String, String>> {
        None
    }
    fn now(&self) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").expect("fixed instant")
    }
    fn warn(&self, _msg: &str) {}
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
            if let (1, Some(Y::String(t))) = (m.len(), m.get("$time")) {
                let (utc, now) = (
                    hyde::ruby_time::TzZone(None),
                    DateTime::UNIX_EPOCH.fixed_offset(),
                );
                let t = hyde::ruby_time::time_parse(t, now, &utc).expect("time");
                return Value::Time(t);
            }
            if let (1, Some(Y::String(d))) = (m.len(), m.get("$date")) {
                return Value::Date(NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date"));
            }
            let mut out = Map::default();
            for (k, v) in m {
                if let Y::String(k) = k {
                    out.insert(k.clone(), conv(v));
                }
            }
            Value::hash(out)
        }
        Y::Tagged(_) => Value::Nil,
    }
}

/// A hyde error without the parts Ruby's message lacks here (line, file).
fn bare(msg: &str) -> String {
    let m = msg.rsplit_once(" in ").map(|(a, _)| a).unwrap_or(msg);
    match (m.find(" (line "), m.find("): ")) {
        (Some(a), Some(b)) if a < b => format!("{}{}", &m[..a], &m[b + 1..]),
        _ => m.to_string(),
    }
}

#[test]
fn jekyll_reference_cases() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/liquid/jekyll_cases.json");
    let text = std::fs::read_to_string(p).expect("fixture");
    let data: Y = serde_yaml_ng::from_str(&text).expect("json");
    let includes = data
        .get("includes")
        .and_then(|i| i.as_mapping())
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    let host = CaseHost { includes };
    let mut failures = Vec::new();
    let cases = data
        .get("cases")
        .and_then(|c| c.as_sequence())
        .cloned()
        .unwrap_or_default();
    for c in &cases {
        let tpl = c
            .get("template")
            .and_then(|t| t.as_str())
            .unwrap_or_default();
        let want = c
            .get("expected")
            .and_then(|t| t.as_str())
            .unwrap_or_default();
        let Value::Hash(env) = conv(c.get("env").unwrap_or(&Y::Null)) else {
            panic!("env must be a hash")
        };
        let got = liquid::parse(tpl, "case", 1).and_then(|t| t.render(&env, &host));
        let ok = match (&got, want.strip_prefix("ERR ")) {
            (Ok(o), None) => o == want,
            (Err(e), Some(w)) => bare(&e.to_string()) == w,
            _ => false,
        };
        if !ok {
            failures.push(format!(
                "template {tpl:?}\n  jekyll: {want:?}\n  hyde:   {:?}",
                got.map_err(|e| e.to_string())
            ));
        }
    }
    println!(
        "{} of {} Jekyll reference cases match",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
