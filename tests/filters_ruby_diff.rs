//! Liquid's and Jekyll's filters against Jekyll 4.3.1 itself: thousands of
//! generated templates (`{{ input | filter: args }}`, arguments as literals
//! or variables) over inputs mixing ASCII, Unicode spaces, CJK, combining
//! marks, emoji, RTL text, HTML, entities and URLs, rendered by hyde and by
//! Jekyll's own render path in one Ruby process
//! (tests/fixtures/liquid/filters_diff.rb). Dates and numbers are rendered in
//! a UTC site and again in one whose `timezone` is America/New_York. Every
//! difference fails: a different output, or one side failing the render
//! (Jekyll's `render!` raises) while the other does not. Skipped, saying so,
//! without `ruby -rjekyll`.

#[path = "filters_ruby_diff/cases.rs"]
mod cases;
mod common;
#[path = "filters_ruby_diff/dates.rs"]
mod dates;
#[path = "filters_ruby_diff/gen.rs"]
mod gen;
#[path = "filters_ruby_diff/values.rs"]
mod values;

use std::collections::BTreeMap;
use std::sync::Arc;

use cases::{Case, Group};
use chrono::{DateTime, FixedOffset, NaiveDateTime, Offset, TimeZone};
use hyde::liquid::{self, Context, Host, Map, Template, Value};
use serde_json::{json, Value as Json};

const SEED: u64 = 0x5eed_f117_e125;
/// Disagreements printed per group (all of them go to a file).
const SHOW: usize = 6;

struct TestHost {
    tz: chrono_tz::Tz,
}

impl Host for TestHost {
    fn include(&self, name: &str) -> Result<Arc<Template>, String> {
        Err(format!("Could not locate the included file '{name}'"))
    }
    fn include_relative(&self, _page: &str, name: &str) -> Result<Arc<Template>, String> {
        self.include(name)
    }
    fn markdownify(&self, input: &str) -> String {
        input.to_string()
    }
    fn custom_tag(&self, _n: &str, _m: &str, _c: &mut Context) -> Option<Result<String, String>> {
        None
    }
    fn now(&self) -> DateTime<FixedOffset> {
        // the oracle's clock is stopped at the same instant
        let utc = DateTime::from_timestamp(common::EPOCH as i64, 0).unwrap_or_default();
        utc.with_timezone(&self.local_offset(utc.naive_utc()))
    }
    fn warn(&self, _msg: &str) {}
    fn local_offset(&self, utc: NaiveDateTime) -> FixedOffset {
        self.tz.offset_from_utc_datetime(&utc).fix()
    }
    fn zone_abbreviation(&self, utc: NaiveDateTime) -> Option<String> {
        use chrono_tz::OffsetName;
        let o = self.tz.offset_from_utc_datetime(&utc);
        o.abbreviation().map(str::to_string)
    }
}

/// A case's variables as Liquid values (`$time` and `$date` as the oracle reads them).
fn value(j: &Json, tz: chrono_tz::Tz) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        Json::String(s) => Value::str(s),
        Json::Array(a) => Value::array(a.iter().map(|x| value(x, tz)).collect()),
        Json::Object(m) => {
            if let Some(t) = m.get("$time") {
                let secs = t[0].as_i64().unwrap_or(0);
                let nanos = t[1].as_u64().unwrap_or(0) as u32;
                let utc = DateTime::from_timestamp(secs, nanos).unwrap_or_default();
                let off = match t[2].as_str().unwrap_or("utc") {
                    "utc" => chrono::Utc.fix(),
                    "local" => tz.offset_from_utc_datetime(&utc.naive_utc()).fix(),
                    o => DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{o}"))
                        .map(|d| *d.offset())
                        .unwrap_or(chrono::Utc.fix()),
                };
                return Value::Time(utc.with_timezone(&off));
            }
            if let Some(d) = m.get("$date").and_then(Json::as_str) {
                if let Ok(d) = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    return Value::Date(d);
                }
            }
            let mut out = Map::default();
            for (k, x) in m {
                out.insert(k.clone(), value(x, tz));
            }
            Value::hash(out)
        }
    }
}

/// What hyde renders: `Ok(output)` or `Err(message)`.
fn hyde_render(case: &Case, host: &TestHost) -> Result<String, String> {
    match case {
        Case::Slug { s, mode, cased } => {
            let mode = mode.as_str().unwrap_or("default");
            Ok(hyde::utils::slugify(s, mode, *cased))
        }
        Case::Render { template, vars } => {
            let t = liquid::parse(template, "case.html", 1).map_err(|e| e.message)?;
            let globals = match value(vars, host.tz) {
                Value::Hash(h) => (*h).clone(),
                _ => Map::default(),
            };
            t.render(&globals, host).map_err(|e| e.message)
        }
    }
}

/// The oracle's answer: `Ok(output)` or `Err(message)`.
fn ruby_result(j: &Json) -> Result<String, String> {
    if let Some(o) = j.get("o").and_then(Json::as_str) {
        return Ok(o.to_string());
    }
    if let Some(x) = j.get("x").and_then(Json::as_str) {
        return Ok(format!("<invalid UTF-8 {x}>"));
    }
    Err(j.get("e").and_then(Json::as_str).unwrap_or("?").to_string())
}

fn request(cases: &[&Case], tz: &str) -> String {
    let list: Vec<Json> = cases
        .iter()
        .map(|c| match c {
            Case::Render { template, vars } => json!({"t": template, "v": vars}),
            Case::Slug { s, mode, cased } => json!({"slug": [s, mode, cased]}),
        })
        .collect();
    json!({"timezone": tz, "cases": list}).to_string()
}

fn describe(case: &Case) -> String {
    match case {
        Case::Render { template, vars } => format!("{template:?} with {vars}"),
        Case::Slug { s, mode, cased } => {
            format!("Jekyll::Utils.slugify({s:?}, mode: {mode}, cased: {cased})")
        }
    }
}

#[test]
fn filters_agree_with_jekyll() {
    if !common::ruby_has("json") {
        println!("SKIPPED filters_agree_with_jekyll: `ruby -rjekyll` is not available");
        return;
    }
    let mut r = common::Rng(SEED);
    let mut groups: Vec<Group> = cases::strings(&mut r);
    groups.push(dates::date(&mut r, 2500));
    groups.push(dates::jekyll_dates(&mut r, 1000));
    groups.push(dates::numbers(&mut r, 1500));
    groups.push(values::json(&mut r, 600));
    groups.push(values::arrays(&mut r, 900));

    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut message_diffs = 0;
    for tz in ["UTC", "America/New_York"] {
        let zone: chrono_tz::Tz = tz.parse().expect("a known zone");
        let host = TestHost { tz: zone };
        let run: Vec<(&str, &Case)> = groups
            .iter()
            .filter(|g| tz == "UTC" || g.zoned)
            .flat_map(|g| g.cases.iter().map(move |c| (g.name, c)))
            .collect();
        let cases: Vec<&Case> = run.iter().map(|(_, c)| *c).collect();
        let out = common::ruby_oracle(
            "tests/fixtures/liquid/filters_diff.rb",
            &request(&cases, tz),
        );
        let answers: Vec<Json> = serde_json::from_slice(&out).expect("the oracle's JSON");
        assert_eq!(answers.len(), run.len(), "one answer per case");
        for ((group, case), answer) in run.iter().zip(&answers) {
            let want = ruby_result(answer);
            let got = hyde_render(case, &host);
            let entry = counts.entry(group).or_default();
            entry.0 += 1;
            let same = match (&want, &got) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => {
                    if !a.contains(b.as_str()) {
                        message_diffs += 1;
                    }
                    true
                }
                _ => false,
            };
            if !same {
                entry.1 += 1;
                failures.push((
                    *group,
                    format!(
                        "[{tz}] {group}: {}\n    jekyll: {want:?}\n    hyde:   {got:?}",
                        describe(case)
                    ),
                ));
            }
        }
    }
    for (g, (n, bad)) in &counts {
        println!("{g:>16}: {n:>5} cases, {bad} disagreements");
    }
    println!("(both failing with differently worded messages: {message_diffs})");
    let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
    for (g, f) in &failures {
        let k = shown.entry(g).or_default();
        *k += 1;
        if *k <= SHOW {
            println!("{f}");
        }
    }
    let all = std::env::temp_dir().join("hyde-filters-ruby-diff.txt");
    let text: Vec<&str> = failures.iter().map(|(_, f)| f.as_str()).collect();
    let _ = std::fs::write(&all, text.join("\n"));
    assert!(
        failures.is_empty(),
        "{} of the cases disagree with Jekyll (the first {SHOW} of each group above, all in {})",
        failures.len(),
        all.display()
    );
}
