//! hyde's YAML loader against Jekyll's own (Ruby: `Jekyll::Utils.safe_load_yaml`,
//! that is Psych 4 over libyaml 0.2.5), document by document: the same
//! documents accepted and refused, and the same values — types included
//! (Date, Time, Integer, Float, nil, String...).
//!
//! The documents: every front matter, `_config*.yml` and `_data` YAML file of
//! `../shared/corpus*` (skipped when absent), a list of hand-picked edge
//! cases, and thousands of generated ones (a seeded generator: YAML 1.1
//! scalars, anchors and merge keys, tags, multi-line scalars at every
//! indentation, block scalar indicators, tabs, byte order marks, CRLF,
//! flow collections, complex keys, markers — and random damage, to reach
//! the refusals). One Ruby process answers for a whole batch
//! (`tests/fixtures/yaml/oracle.rb`); skipped when Ruby or Jekyll is absent.
//!
//! Where `Value` cannot hold what Ruby builds, the comparison says so
//! explicitly (`normalize`): hash keys are text (Ruby's `to_s` of the key;
//! a collection used as a key is compared by content, its text being hyde's
//! `inspect` of it),
//! an Integer past 64 bits is its decimal text, bytes that are not UTF-8
//! (`!!binary`) are read lossily, a Time's UTC flag is not kept, and a
//! cyclic structure (`&a [*a]`) is an error.

mod common;

use common::Rng;
use indexmap::IndexMap;
use serde_json::{json, Value as J};

use hyde::liquid::Value;

/// The zone both sides read zone-less timestamps in (DST transitions
/// included) — when the machine's zone database (tzdata) has it for Ruby;
/// else UTC, said once.
fn tz() -> &'static str {
    static TZ: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    TZ.get_or_init(|| {
        if std::path::Path::new("/usr/share/zoneinfo/America/New_York").exists() {
            "America/New_York"
        } else {
            println!("no /usr/share/zoneinfo (tzdata): timestamps compared in UTC only");
            "UTC"
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// a page: front matter between `---` lines, then a body
    Front,
    /// `_config.yml` or a `_data` file: the whole file
    Yaml,
}

struct Case {
    kind: Kind,
    text: String,
    origin: String,
}

fn ruby_available() -> bool {
    common::ruby_has("json")
}

fn local() -> impl Fn(&chrono::NaiveDateTime) -> chrono::FixedOffset {
    let tz: chrono_tz::Tz = tz().parse().expect("a zone name");
    move |t| hyde::config::offset_at_utc(Some(tz), t)
}

/// hyde's answer, tagged as the oracle tags Ruby's.
fn hyde_result(c: &Case) -> J {
    let local = local();
    let yaml = match c.kind {
        Kind::Yaml => c.text.as_str(),
        Kind::Front => match hyde::frontmatter::split(&c.text) {
            Some((y, _, _)) => y,
            None => return json!(["nofm"]),
        },
    };
    match hyde::yaml::parse(yaml, &local) {
        Ok(v) => json!(["ok", tag(&v)]),
        Err(e) => {
            // where Psych would say: the context's start, else the problem's
            let (l, c) = e.context.unwrap_or((e.line, e.col));
            json!(["err", "hyde", e.to_string(), l, c])
        }
    }
}

fn tag(v: &Value) -> J {
    match v {
        Value::Nil => json!(["nil"]),
        Value::Bool(b) => json!(["bool", b]),
        Value::Int(i) => json!(["int", i.to_string()]),
        Value::Float(f) if f.is_nan() => json!(["float", "nan"]),
        Value::Float(f) => json!(["float", format!("{:016x}", f.to_bits())]),
        Value::Str(s) => json!(["str", &**s]),
        Value::Date(d) => {
            use chrono::Datelike;
            json!([
                "date",
                format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
            ])
        }
        Value::Time(t) => json!([
            "time",
            t.timestamp(),
            t.timestamp_subsec_nanos(),
            t.offset().local_minus_utc()
        ]),
        Value::Array(a) => json!(["arr", a.iter().map(tag).collect::<Vec<_>>()]),
        Value::Hash(h) => json!([
            "map",
            h.iter()
                .map(|(k, v)| json!([k, tag(v)]))
                .collect::<Vec<_>>()
        ]),
        other => json!(["other", format!("{other:?}")]),
    }
}

/// Ruby's value in `Value`'s terms (see the module comment).
fn normalize(v: &J) -> J {
    let t = v[0].as_str().unwrap_or("");
    match t {
        "int" => {
            let s = v[1].as_str().unwrap_or("");
            if s.parse::<i64>().is_ok() {
                v.clone()
            } else {
                json!(["str", s])
            }
        }
        "bin" => {
            let bytes = base64(v[1].as_str().unwrap_or(""));
            json!(["str", String::from_utf8_lossy(&bytes)])
        }
        "arr" => json!([
            "arr",
            v[1].as_array()
                .map(|a| a.iter().map(normalize).collect::<Vec<_>>())
                .unwrap_or_default()
        ]),
        "map" => {
            let mut m: IndexMap<String, J> = IndexMap::new();
            for pair in v[1].as_array().into_iter().flatten() {
                let k = match &pair[0] {
                    J::String(k) => k.clone(),
                    // ["ckey", value]: a collection as a key
                    ck => hyde::liquid::ruby::obj_to_s(&untag(&normalize(&ck[1]))),
                };
                m.insert(k, normalize(&pair[1]));
            }
            json!([
                "map",
                m.into_iter()
                    .map(|(k, v)| json!([k, v]))
                    .collect::<Vec<_>>()
            ])
        }
        _ => v.clone(),
    }
}

/// A tagged (normalized) value back to a `Value`.
fn untag(v: &J) -> Value {
    match v[0].as_str().unwrap_or("") {
        "nil" => Value::Nil,
        "bool" => Value::Bool(v[1].as_bool().unwrap_or(false)),
        "int" => Value::Int(v[1].as_str().and_then(|s| s.parse().ok()).unwrap_or(0)),
        "float" => match v[1].as_str() {
            Some("nan") | None => Value::Float(f64::NAN),
            Some(h) => Value::Float(f64::from_bits(u64::from_str_radix(h, 16).unwrap_or(0))),
        },
        "str" => Value::str(v[1].as_str().unwrap_or("")),
        "date" => chrono::NaiveDate::parse_from_str(v[1].as_str().unwrap_or(""), "%Y-%m-%d")
            .map(Value::Date)
            .unwrap_or(Value::Nil),
        "time" => {
            let off = chrono::FixedOffset::east_opt(v[3].as_i64().unwrap_or(0) as i32)
                .expect("an offset");
            chrono::DateTime::from_timestamp(
                v[1].as_i64().unwrap_or(0),
                v[2].as_u64().unwrap_or(0) as u32,
            )
            .map(|t| Value::Time(t.with_timezone(&off)))
            .unwrap_or(Value::Nil)
        }
        "arr" => Value::array(v[1].as_array().into_iter().flatten().map(untag).collect()),
        "map" => {
            let mut m = hyde::liquid::Map::default();
            for pair in v[1].as_array().into_iter().flatten() {
                m.insert(pair[0].as_str().unwrap_or("").to_string(), untag(&pair[1]));
            }
            Value::hash(m)
        }
        _ => Value::Nil,
    }
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let vals: Vec<u32> = s.bytes().filter_map(val).collect();
    let mut out = Vec::new();
    for ch in vals.chunks(4) {
        let n = ch
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..ch.len().saturating_sub(1)]);
    }
    out
}

#[derive(Default)]
struct Tally {
    accepted: usize,
    refused: usize,
    cyclic: usize,
    no_front_matter: usize,
    failures: Vec<String>,
}

fn compare(cases: &[Case]) -> Tally {
    let input = json!({
        "tz": tz(),
        "cases": cases.iter().map(|c| json!({
            "k": if c.kind == Kind::Front { "front" } else { "yaml" },
            "t": c.text,
        })).collect::<Vec<_>>(),
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/yaml/oracle.rb");
    let out = common::ruby_oracle(script, &input.to_string());
    let want: Vec<J> = serde_json::from_slice(&out).expect("the oracle's JSON");
    if let Ok(path) = std::env::var("HYDE_YAML_DIFF_ANSWERS") {
        let _ = std::fs::write(
            format!("{path}.{}", cases.len()),
            serde_json::to_string(&want).unwrap_or_default(),
        );
    }
    assert_eq!(want.len(), cases.len(), "one answer per document");
    let mut t = Tally::default();
    for (c, want) in cases.iter().zip(&want) {
        let got = hyde_result(c);
        let (w, g) = (want[0].as_str(), got[0].as_str());
        let agree = match (w, g) {
            (Some("nofm"), Some("nofm")) => {
                t.no_front_matter += 1;
                true
            }
            (Some("err"), Some("err")) => {
                t.refused += 1;
                same_error(want, &got)
            }
            (Some("ok"), Some("err")) if want[1][0] == "cyclic" => {
                t.cyclic += 1;
                true
            }
            (Some("ok"), Some("ok")) => {
                let same = normalize(&want[1]) == got[1];
                if same {
                    t.accepted += 1;
                }
                same
            }
            _ => false,
        };
        if !agree {
            t.failures.push(format!(
                "{} ({:?}):\n  document: {:?}\n  ruby: {}\n  hyde: {}",
                c.origin,
                c.kind,
                c.text,
                clip(&want.to_string()),
                clip(&got.to_string())
            ));
        }
    }
    t
}

/// A syntax error is the same one: libyaml's words for the problem, and its
/// place — Psych reports libyaml's context mark (where the construct in
/// trouble starts), or the problem's mark when there is no context; for the
/// few errors whose context libyaml leaves unset (the reader's, and
/// document-level ones) it says line 1, column 1, and those places are not
/// compared.
fn same_error(want: &J, got: &J) -> bool {
    if want[1] != "Psych::SyntaxError" {
        return true;
    }
    let msg = want[2].as_str().unwrap_or("");
    let said = got[2].as_str().unwrap_or("");
    let problem = said.split([':', '(']).next().unwrap_or("").trim();
    if !msg.contains(problem) {
        return false;
    }
    let Some((_, at)) = msg.rsplit_once(" at line ") else {
        return true;
    };
    let mut nums = at.split(" column ").map(|n| n.trim().parse::<u64>().ok());
    let (Some(Some(line)), Some(Some(col))) = (nums.next(), nums.next()) else {
        return true;
    };
    let unset = [
        "control characters are not allowed",
        "did not find expected <document start>",
        "found incompatible YAML document",
        "found duplicate %YAML directive",
        "found duplicate %TAG directive",
    ];
    if unset.iter().any(|u| msg.contains(u)) {
        return true;
    }
    got[3].as_u64() == Some(line) && got[4].as_u64() == Some(col)
}

fn clip(s: &str) -> String {
    if s.len() > 600 {
        let mut end = 600;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    } else {
        s.to_string()
    }
}

fn report(what: &str, cases: &[Case], t: &Tally) {
    println!(
        "{what}: {} documents — {} accepted with the same value, {} refused by both, {} cyclic (Ruby builds a cycle, hyde refuses), {} without front matter for both; {} disagreements",
        cases.len(),
        t.accepted,
        t.refused,
        t.cyclic,
        t.no_front_matter,
        t.failures.len()
    );
    for f in t.failures.iter().take(25) {
        println!("{f}");
    }
    // all of them, for whoever is fixing them
    if let Ok(path) = std::env::var("HYDE_YAML_DIFF_DUMP") {
        let _ = std::fs::write(format!("{path}.{what}"), t.failures.join("\n"));
    }
    assert!(
        t.failures.is_empty(),
        "{what}: {} documents where hyde and Jekyll disagree (the first are printed above)",
        t.failures.len()
    );
}

// ---------------------------------------------------------------- corpus

fn corpus_cases() -> Option<(Vec<Case>, usize)> {
    let shared = common::shared()?;
    let mut cases = Vec::new();
    let mut not_utf8 = 0;
    for corpus in ["corpus", "corpus-wide"] {
        let Ok(sites) = std::fs::read_dir(shared.join(corpus)) else {
            continue;
        };
        let mut sites: Vec<_> = sites.flatten().map(|e| e.path().join("site")).collect();
        sites.sort();
        for site in sites.iter().filter(|s| s.is_dir()) {
            for rel in common::file_list(site) {
                let name = rel.rsplit('/').next().unwrap_or(&rel);
                let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
                let kind = match ext.as_deref() {
                    Some("md" | "markdown" | "html") => Kind::Front,
                    Some("yml") if name.starts_with("_config") => Kind::Yaml,
                    Some("yml" | "yaml")
                        if rel.starts_with("_data/") || rel.contains("/_data/") =>
                    {
                        Kind::Yaml
                    }
                    _ => continue,
                };
                let bytes = std::fs::read(site.join(&rel)).expect("read a corpus file");
                if kind == Kind::Front && !hyde::frontmatter::has_header(&bytes) {
                    continue;
                }
                let Ok(text) = String::from_utf8(bytes) else {
                    not_utf8 += 1;
                    continue;
                };
                let site_name = site
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                cases.push(Case {
                    kind,
                    text,
                    origin: format!("{corpus}/{site_name}/{rel}"),
                });
            }
        }
    }
    Some((cases, not_utf8))
}

#[test]
fn corpus_documents_as_ruby() {
    let Some((cases, not_utf8)) = corpus_cases() else {
        println!("skipped: ../shared (the corpora) is absent");
        return;
    };
    if !ruby_available() {
        println!("skipped: ruby -rjekyll is absent");
        return;
    }
    let front = cases.iter().filter(|c| c.kind == Kind::Front).count();
    println!(
        "corpus: {front} front matters, {} _config/_data files ({not_utf8} files skipped: not UTF-8)",
        cases.len() - front
    );
    let t = compare(&cases);
    report("corpus", &cases, &t);
}

// ---------------------------------------------------------------- edge cases

/// Documents picked by hand: each pins one of libyaml's or Psych's rules.
const EDGE: &[&str] = &[
    "",
    "# only a comment\n",
    "---\n",
    "--- a\n--- b\n",
    "a: 1\n--- [\n",
    "a: 1\n...\n@@@\n",
    "...\na: 1\n",
    "%YAML 1.1\n--- a\n",
    "%YAML 1.2\n--- a\n",
    "%YAML 1.3\n--- a\n",
    "%YAML 1.1\n%YAML 1.1\n--- a\n",
    "%TAG !e! tag:example.com,2000:\n--- !e!foo bar\n",
    "%FOO bar\n--- a\n",
    "\u{feff}a: 1\nb: 2\n",
    "a: 1\n\u{feff}b: 2\n",
    "a: x\n\u{feff} b: 2\n",
    "a: \"\u{feff}x\"\n",
    "a: 1\u{2028}b: 2\n",
    "a: x\u{2028}y\n",
    "\"a\u{2028}b\"\n",
    "a: b\u{85}c: d\n",
    "a: \x0c\n",
    "a: \x7f\n",
    "a: \u{fffe}\n",
    "a: \u{9f}\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\rb: 2\r",
    "a: |\r\n  x\r\n  y\r\n",
    "a:\tb\n",
    "a: 1\n\t\nb: 2\n",
    "a:\n\tb: 1\n",
    "a: b\n\tc\n",
    "- a\n-\tb\n",
    "a: [b,\n\tc]\n",
    "[b\n\tc]\n",
    "a: 'x\ny'\n",
    "a: 'x\n\n\n  y'\n",
    "a: \"x\\\n  y\\\n\n z\"\n",
    "citation: 'A \nB'\nvenue: x\n",
    "list:\n  - \"one\ntwo\"\n  - b\n",
    "links: [\"/a\", \n\"/b\",\n\"/c\"]\nnext: 'q'\n",
    "a:\n  b: 'x\ny'\n  c: 2\n",
    "a: x\ny\n",
    "a:\n  b\n c\n",
    "a: 'x\n---\ny'\n",
    "a: \"x\n...\"\n",
    "{\"a\nb\": c}\n",
    "[a\nb: c]\n",
    "\"a\nb\": c\n",
    "[? : b]\n",
    "[ ? , x]\n",
    "[? a : b]\n",
    "[a: b, c]\n",
    "{a, b: c}\n",
    "[a?b, c]\n",
    "[a:?]\n",
    "[a:b, c: d, e:]\n",
    "[:b]\n",
    "{a: :b}\n",
    "a: [b, c]d\n",
    "[!foo,bar]\n",
    "[!foo]\n",
    "! '12'\n",
    "!!str\n",
    "a: !!float ~\n",
    "a: !!float 1\n",
    "a: !!float 0x1p3\n",
    "a: !!float abc\n",
    "a: !!float 2024-01-01\n",
    "a: !!float 2024-01-01 10:00:00.5Z\n",
    "a: !!int \"12\"\n",
    "a: !!int abc\n",
    "a: !!bool yes\n",
    "a: !!null x\n",
    "a: !foo 1\n",
    "a: !<tag:yaml.org,2002:str> 1\n",
    "a: !<!> 1\n",
    "a: ! 1\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!binary |\n  aGVs\n  bG8=\n",
    "a: !binary /w==\n",
    "a: !ruby/string 1\n",
    "a: !str:Foo 1\n",
    "a: !ruby/object:Foo 1\n",
    "a: !ruby/object:Foo {b: 1}\n",
    "a: !ruby/object:Hash {b: 1}\n",
    "a: !ruby/sym foo\n",
    "a: !ruby/regexp /x/\n",
    "a: !ruby/class ''\n",
    "a: !ruby/class String\n",
    "!!omap [{a: 1}, {b: 2, c: 3}]\n",
    "!!omap [[a, b, c]]\n",
    "!!omap [a]\n",
    "!!omap {a: 1}\n",
    "!!set {a: 1}\n",
    "!!seq {a: 1}\n",
    "!!map [a]\n",
    "!seq:Foo [a]\n",
    "!!str {str: x}\n",
    "!!str {}\n",
    "&a [*a]\n",
    "&a {b: *a}\n",
    "a: &x 1\nb: *y\n",
    "a: &x 1\nb: &x [*x]\n",
    "&a a: *a\n",
    "a: &a\nb: *a\n",
    "base: &b {x: 1, y: 2}\nd:\n  y: 3\n  <<: *b\n  z: 4\n",
    "a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n",
    "a: &a [1]\nc:\n  <<: *a\n",
    "c:\n  <<: 1\n",
    "c:\n  '<<': {x: 1}\n",
    "c:\n  !!str <<: {x: 1}\n",
    "c:\n  <<: [{x: 1}, 2]\n",
    "c:\n  <<: []\n",
    "k0: &a0\n  x: 1\n  <<: *a0\n",
    "a: &a0\n  x: 1\n  b:\n    <<: *a0\n",
    "a: &a0\n  x: 1\n  <<: [*a0, {y: 2}]\n",
    "a: &a0\n  x: 1\n  <<: [*a0, 2]\n",
    "a: &a0\n  - 1\n  - &a0 2\nb: *a0\n",
    "a: &a0\n  - 1\n  - <<: *a0\n",
    "a: &a0 [1, *a0]\n",
    "a: &a0 {*a0: 1}\n",
    "k0: &a0\n  k0: *a0\nk0: 1\n",
    "k0: &a0\n  k0: *a0\nk1: *a0\n",
    "k0: &a0\n  k0: *a0\n  k0: 2\n",
    "k0: &a0 [*a0]\nk0: 1\n",
    "- &a0 [*a0]\n- 1\n",
    "a: 1\na: 2\nb: 3\n",
    "1: a\n'1': b\n",
    "? - a\n  - b\n: c\n",
    "? a\n? b\n: c\n",
    "? |\n  x\n: y\n",
    "a: |2\n   x\n  y\n",
    "a: >\n\n  x\n  y\n\n   z\n\n  w\n",
    "- |\n  x\n -\n",
    "a: |0\n  x\n",
    "a: |-2\n    x\n",
    "a: >+\n  x\n\n\n",
    "a: |\n    x\n  y\n",
    "a: |\n  \n    \n  x\n",
    "a: |\n \tx\n",
    "a: >\n  x\u{2028}  y\n",
    "a: \"\\x41\\u00e9\\/\\N\\_\\L\\P\\e\\0\\ \\\t\"\n",
    "a: \"\\q\"\n",
    "a: \"\\'\"\n",
    "a: \"\\ud800\"\n",
    "a: \"\\x4\"\n",
    "a: \"\\U0001F600\"\n",
    "a: \"\\U00110000\"\n",
    "a: 'unterminated\n",
    "a: \"unterminated\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "&a.b x\n",
    "*\n",
    "a: *\n",
    "a: &\n",
    "- a\nb: c\n",
    "a:\n- b\n- c\nd: e\n",
    "a:\n  - b\n -c\n",
    "- - a\n  - b\n- c\n",
    "a: b: c\n",
    "a:\n  b: 1\n c: 2\n",
    "  a: 1\nb: 2\n",
    "a: 1 # c\nb: 2#c\n",
    "a: b #c\n  d\n",
    "a: -\n",
    "a: - b\n",
    "- -\n",
    "-\n-\n",
    "? \n",
    ": a\n",
    "a: :\n",
    "a: [1, 2, ]\n",
    "a: [,]\n",
    "a: {,}\n",
    "a: {b}\n",
    "a: {b: }\n",
    "a: [b: ]\n",
    "a: [[[]]]\n",
    "a: {b: {c: [d, {e: f}]}}\n",
    // zone-less times: the instant read as UTC, shown at New York's offset then
    "a: 2024-03-10 06:59:59\n",
    "a: 2024-03-10 07:00:00\n",
    "a: 2024-11-03 05:59:59\n",
    "a: 2024-11-03 06:00:00\n",
    "a: 2024-11-03 06:30:00.25\n",
    "a: 1850-01-01 00:00:00\n",
    "a: 1883-11-18 17:00:00\n",
    "a: 2100-07-01 12:00:00\n",
    "a: 2400-07-01 12:00:00\n",
    "a: 2101-03-13 07:30:00\n",
    "a: 2101-03-13 06:30:00\n",
    "a: 9999-12-31 23:59:59\n",
    "a: -0001-01-01 00:00:00\n",
    "a: 0000-02-29 00:00:00\n",
    "a: 1969-12-31 23:59:59.5\n",
    "a: 1969-12-31 23:59:59.5Z\n",
    "a: 2024-01-01 10:00:00.123456789123\n",
    "a: 2024-02-30 24:00:00\n",
    "a: 2024-12-31 23:59:60.5 +01:00\n",
    // Ruby carries the 31st of a 30-day month back to the 30th of the one before
    "a: 1905-11-31t17:47:19.000001 -08:00\n",
    "a: 2035-02-31 19:17:11 -05:00\n",
    "a: 2035-02-31 01:17:11 +05:00\n",
    "a: 2024-02-30 23:00:00 -01:30\n",
    "a: 2024-12-31 23:00:00 -01:00\n",
    "a: 2024-01-01 00:30:00 +01:00\n",
    "a: 2024-03-01 00:30:00 +01:00\n",
    "a: 2024-04-31 24:00:00 -01:00\n",
    "a: 2024-01-01 10:00:00 +0530\n",
    "a: 2024-01-01 10:00:00 +530\n",
    "a: 2024-01-01 10:00:00 +123\n",
    "a: 2024-01-01 10:00:00 -0:30\n",
    "a: 2024-01-01 10:00:00 +23:59\n",
    "a: 2024-01-01 10:00:00 +24\n",
    "a: 2024-01-01\t 10:00:00\n",
    "a: 2024-01-01 \t10:00:00\n",
    "a: 2024-01-01\t10:00:00 +01:00\n",
    "a: 1500-02-28\n",
    "a: 1600-02-29\n",
    "a: 1582-10-04\n",
    "a: 1582-10-05\n",
    "a: 1582-10-15\n",
    "a: 0000-01-01\n",
    "a: 2023-02-29\n",
    "a: 2024-1-5\n",
    "a: 2024-01-00\n",
    // the reader checks 16 KiB at a time, and only what the scanner reaches
    "a: 1\n--- \x01\n",
    "a: 1\n--- xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\x01\n",
];

/// Long edge cases: where the reader's 16 KiB chunks and the simple key's
/// 1024-character limit fall.
fn long_edge_cases() -> Vec<String> {
    let mut v = vec![
        format!("a: 1\n--- {}\x01", "x".repeat(20000)),
        format!("a: 1\n{}\n--- {}\x01", "#".repeat(16370), "x".repeat(20000)),
        format!("a: 1\n{}\n--- \x01", "#".repeat(16380)),
        format!("a: 1\n{}\n--- \x01", "#".repeat(16374)),
        format!("a: 1\n# {}\n--- \x01", "é".repeat(8190)),
        format!("{}: v\n", "k".repeat(1024)),
        format!("{}: v\n", "k".repeat(1025)),
        format!("a:\n  {}: v\n", "k".repeat(1030)),
        format!("{}: v\n", "é".repeat(1024)),
        format!("\"{}\": v\n", "k".repeat(1023)),
        format!("- {}\n", "long ".repeat(5000)),
        format!("a: '{}'\n", "x\n".repeat(3000)),
    ];
    for n in [16382usize, 16383, 16384, 16385, 16386] {
        v.push(format!("a: {}\nb: {}\x02\n", "y".repeat(n - 6), '\u{85}'));
        v.push(format!("a: 1\n#{}\n--- x\n\x01", "z".repeat(n - 7)));
    }
    v
}

#[test]
fn edge_cases_as_ruby() {
    if !ruby_available() {
        println!("skipped: ruby -rjekyll is absent");
        return;
    }
    let mut cases = Vec::new();
    let long = long_edge_cases();
    for (i, e) in EDGE
        .iter()
        .copied()
        .chain(long.iter().map(String::as_str))
        .enumerate()
    {
        cases.push(Case {
            kind: Kind::Yaml,
            text: e.to_string(),
            origin: format!("edge case {i}"),
        });
        cases.push(Case {
            kind: Kind::Front,
            text: format!("---\n{e}---\nbody\n"),
            origin: format!("edge case {i} as front matter"),
        });
    }
    let t = compare(&cases);
    report("edge cases", &cases, &t);
}

// ---------------------------------------------------------------- generated

const PLAIN: &[&str] = &[
    "hello",
    "hello world",
    "Hello, World!",
    "a:b",
    "a#b",
    "x.y",
    "~",
    "~x",
    "null",
    "Null",
    "NULL",
    "nUll",
    "nulls",
    "yes",
    "Yes",
    "YES",
    "yEs",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "true",
    "True",
    "TRUE",
    "tRuE",
    "false",
    "False",
    "FALSE",
    "y",
    "Y",
    "n",
    "N",
    "yess",
    "0",
    "-0",
    "+0",
    "12",
    "+12",
    "-12",
    "017",
    "-017",
    "08",
    "0o17",
    "0x1F",
    "0x1f",
    "-0x1F",
    "0xG",
    "0x_",
    "0b101",
    "-0b101",
    "0b_",
    "0b2",
    "0_",
    "0_7",
    "1_000",
    "1__0",
    "1,000",
    "1,,0",
    "_1",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "99999999999999999999",
    "0x123456789abcdef0123",
    "1.5",
    ".5",
    "-.5",
    "+.5",
    "1.",
    "-1.",
    "1.0e+5",
    "1.e+5",
    "1e5",
    "1.5e-3",
    "1.5E+3",
    ".e+1",
    "-.e-5",
    "1_0.5",
    "1,5.0",
    "1.5_5",
    ".",
    "-.",
    "+.",
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "-.inf",
    "-.Inf",
    ".nan",
    ".NaN",
    ".NAN",
    "nan",
    "inf",
    "1:30",
    "-1:30",
    "+1:30",
    "1:30:45",
    "190:20:30",
    "1:60",
    "1:5",
    "-0:30",
    "1__0:30",
    "9999999999999999999999:00",
    "1:30.5",
    "-1:30.5",
    "1:30.",
    "1:30.5_5",
    "1:30:59.99",
    "12:30:00",
    ":sym",
    "::",
    ":\"q\"",
    ":",
    "a:",
    "-x",
    "-",
    "--",
    "---x",
    "?x",
    "é",
    "日本語",
    "naïve café",
    "x\u{a0}y",
    "\\",
    "a\\nb",
    "a'b",
    "a\"b",
    "a b  c",
    "<<",
    "=",
    "a=b",
    "@@",
    "1a",
    "a1",
    "2024",
    "20:24",
    "v1.2.3",
    "1.2.3",
    "192.168.0.1",
    "10%",
    "$5",
    "#",
    "C#",
    "f(x)",
    "[x]",
    "{x}",
];

const ZONES: &[&str] = &[
    "", "", "", "Z", " Z", "z", "+05:30", "-05:30", " +0530", "-0800", "+5", "-5", "+05", "-0:30",
    "+0:30", "+123", "+24", "-24:00", "+1:99", " -08:00", "+12:5", "+14", "\t+01:00",
];

fn date(rng: &mut Rng) -> String {
    let y = match rng.below(10) {
        0 => rng.below(10000),
        1 => 1582,
        2 => 1500 + rng.below(200),
        _ => 1900 + rng.below(200),
    };
    let m = if rng.chance(90) {
        1 + rng.below(12)
    } else {
        rng.below(14)
    };
    let mut d = if rng.chance(85) {
        1 + rng.below(28)
    } else {
        rng.below(33)
    };
    // Julian-only leap days (1500-02-29) are a Ruby Date hyde keeps as text
    if y < 1583 && y % 100 == 0 && y % 400 != 0 && m == 2 && d == 29 {
        d = 28;
    }
    let pad = |n: usize, rng: &mut Rng| {
        if n < 10 && rng.chance(30) {
            n.to_string()
        } else {
            format!("{n:02}")
        }
    };
    let (ms, ds) = (pad(m, rng), pad(d, rng));
    format!("{y:04}-{ms}-{ds}")
}

fn time(rng: &mut Rng) -> String {
    let sep = if rng.chance(5) {
        *rng.pick(&["\t", " \t", "\t "])
    } else {
        *rng.pick(&["T", "t", " ", "  ", "T", " "])
    };
    let h = if rng.chance(90) {
        rng.below(24)
    } else {
        rng.below(26)
    };
    let mi = if rng.chance(95) {
        rng.below(60)
    } else {
        rng.below(62)
    };
    let s = if rng.chance(95) {
        rng.below(60)
    } else {
        rng.below(62)
    };
    let hs = if h < 10 && rng.chance(30) {
        h.to_string()
    } else {
        format!("{h:02}")
    };
    let frac = *rng.pick(&[
        "",
        "",
        "",
        ".",
        ".5",
        ".123456",
        ".123456789",
        ".1234567891",
        ".000001",
    ]);
    let zone = *rng.pick(ZONES);
    let neg = if rng.chance(3) { "-" } else { "" };
    format!("{neg}{}{sep}{hs}:{mi:02}:{s:02}{frac}{zone}", date(rng))
}

/// A scalar as it may follow `key: ` or `- ` (one line).
fn scalar(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=5 => rng.word(PLAIN).to_string(),
        6 | 7 => date(rng),
        8 | 9 => time(rng),
        10 => format!("'{}'", rng.word(PLAIN).replace('\'', "''")),
        11 => format!(
            "\"{}\"",
            rng.word(PLAIN).replace('\\', "\\\\").replace('"', "\\\"")
        ),
        12 => format!(
            "\"{}\"",
            rng.word(&[
                "\\x41",
                "\\u00e9",
                "\\U0001F600",
                "\\/",
                "\\N",
                "\\_",
                "\\L",
                "\\P",
                "\\t",
                "\\\t",
                "\\e",
                "\\0",
                "\\ ",
                "\\q",
                "\\'",
                "\\ud800",
                "\\x4",
                "a\\\"b",
                "\\\\",
            ])
        ),
        13 => {
            let tag = rng.word(&[
                "!!str",
                "!!int",
                "!!float",
                "!!bool",
                "!!null",
                "!!timestamp",
                "!",
                "!foo",
                "!<tag:yaml.org,2002:str>",
                "!!binary",
                "!ruby/object:Foo",
                "!ruby/sym",
                "!str",
                "!float",
                "!!omap",
                "!e!x",
            ]);
            let v = if rng.chance(70) {
                rng.word(PLAIN).to_string()
            } else {
                format!("'{}'", rng.word(PLAIN).replace('\'', "''"))
            };
            format!("{tag} {v}")
        }
        14 => format!("{} # a comment", rng.word(PLAIN)),
        15 => "x".repeat(1 + rng.below(1100)),
        16 => format!("{}, {}", rng.word(PLAIN), rng.word(PLAIN)),
        17 => String::new(),
        18 => rng
            .word(&["~", "''", "\"\"", "' '", "'''", "'a''b'", "\"a'b\"", "'\"'"])
            .to_string(),
        _ => flow(rng, 0),
    }
}

fn key(rng: &mut Rng, n: usize) -> String {
    match rng.below(14) {
        0 => rng.word(PLAIN).to_string(),
        1 => format!("'k{n}'"),
        2 => format!("\"k {n}\""),
        3 => rng
            .word(&["1", "2020", "1.5", "true", "~", "2024-01-02", "0x10", "-"])
            .to_string(),
        4 if rng.chance(20) => "k".repeat(1020 + rng.below(10)),
        5 => format!("k{}", n % 3),
        _ => format!("k{n}"),
    }
}

fn flow(rng: &mut Rng, depth: usize) -> String {
    let n = rng.below(4);
    let mut items = Vec::new();
    for i in 0..n {
        let item = if depth < 3 && rng.chance(25) {
            flow(rng, depth + 1)
        } else if rng.chance(20) {
            format!("{}: {}", key(rng, i), rng.word(PLAIN))
        } else if rng.chance(10) {
            format!("'{}'", rng.word(PLAIN).replace('\'', "''"))
        } else {
            rng.word(PLAIN).to_string()
        };
        items.push(item);
    }
    let sep = *rng.pick(&[", ", ",", " , ", ",\n", ",\n  ", ",\n\t", " ,\n"]);
    let body = items.join(sep);
    if rng.chance(50) {
        format!("[{body}]")
    } else {
        format!("{{{body}}}")
    }
}

/// A multi-line scalar after `key:` on a line at `indent`, continuation
/// lines at any column.
fn multiline(rng: &mut Rng, indent: usize) -> String {
    let lines = 2 + rng.below(3);
    let quote = *rng.pick(&["", "'", "\""]);
    let mut s = String::from(quote);
    for i in 0..lines {
        if i > 0 {
            s.push('\n');
            if rng.chance(15) {
                s.push('\n');
            }
            let col = match rng.below(4) {
                0 => 0,
                1 => indent,
                2 => indent + 1,
                _ => indent + 2 + rng.below(3),
            };
            s.push_str(&" ".repeat(col));
            if rng.chance(5) {
                s.push('\t');
            }
        }
        s.push_str(rng.word(&[
            "text",
            "more text",
            "a: b",
            "x # y",
            "- z",
            "yes",
            "1:30",
            "'q'",
            "end",
        ]));
    }
    s.push_str(quote);
    s
}

fn block_scalar(rng: &mut Rng, indent: usize) -> String {
    let ind = *rng.pick(&[
        "|", ">", "|-", "|+", ">-", ">+", "|2", ">1", "|-2", "|2-", ">+1", "|0", "| # c",
    ]);
    let mut s = format!("{ind}\n");
    let base = indent + 1 + rng.below(3);
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 => s.push('\n'),
            1 => s.push_str(&format!("{}more indented\n", " ".repeat(base + 2))),
            2 => s.push_str(&format!("{}\ttab\n", " ".repeat(base))),
            3 => s.push_str(&format!("{}\n", " ".repeat(base + 1))),
            _ => s.push_str(&format!("{}line {}\n", " ".repeat(base), rng.below(9))),
        }
    }
    if rng.chance(30) {
        s.push('\n');
    }
    s
}

fn anchor(rng: &mut Rng) -> String {
    if rng.chance(15) {
        format!("&a{} ", rng.below(4))
    } else {
        String::new()
    }
}

/// A block mapping at `indent`.
fn mapping(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for i in 0..1 + rng.below(5) {
        if rng.chance(8) {
            out.push_str(&format!("{pad}# comment {i}\n"));
        }
        if rng.chance(5) {
            out.push('\n');
        }
        if rng.chance(6) {
            let target = rng.word(&["*a0", "*a1", "[*a0, *a1]", "{m: 1}", "*a3", "1", "[]"]);
            out.push_str(&format!("{pad}<<: {target}\n"));
            continue;
        }
        if rng.chance(4) {
            out.push_str(&format!(
                "{pad}? {}\n{pad}: {}\n",
                key(rng, i),
                rng.word(PLAIN)
            ));
            continue;
        }
        let k = key(rng, i);
        out.push_str(&format!("{pad}{k}:"));
        value(rng, indent, depth, out);
    }
}

/// A block sequence at `indent`.
fn sequence(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for _ in 0..1 + rng.below(4) {
        out.push_str(&format!("{pad}-"));
        value(rng, indent, depth, out);
    }
}

/// What follows `key:` or `-` (on a line at `indent`), through its line end.
fn value(rng: &mut Rng, indent: usize, depth: usize, out: &mut String) {
    let a = anchor(rng);
    match rng.below(16) {
        0..=6 => out.push_str(&format!(" {a}{}\n", scalar(rng))),
        7 if depth < 4 => {
            out.push_str(&format!(" {a}\n"));
            let inner = indent + *rng.pick(&[1, 2, 2, 4]);
            mapping(rng, inner, depth + 1, out);
        }
        8 if depth < 4 => {
            out.push_str(&format!(" {a}\n"));
            // sequences may sit at the key's own column
            let inner = indent + *rng.pick(&[0, 2, 2, 1]);
            sequence(rng, inner, depth + 1, out);
        }
        9 => out.push_str(&format!(" {a}{}\n", multiline(rng, indent))),
        10 => out.push_str(&format!(" {a}{}", block_scalar(rng, indent))),
        11 => out.push_str(&format!(" {a}{}\n", flow(rng, 0))),
        12 => out.push_str(&format!(" *a{}\n", rng.below(4))),
        13 => out.push_str(&format!(" {a}!!omap [{{x: 1}}, {{y: 2}}]\n")),
        _ => out.push_str(&format!(" {a}{}\n", rng.word(PLAIN))),
    }
}

fn document(rng: &mut Rng) -> String {
    if rng.chance(2) {
        // empty, or nothing but comments and markers
        return rng
            .word(&[
                "",
                "\n",
                "# c\n",
                "---\n",
                "--- # c\n...\n",
                "...\n",
                "\n\n# c\n\n",
                "---\n---\n",
            ])
            .to_string();
    }
    let mut out = String::new();
    if rng.chance(5) {
        out.push_str(rng.word(&[
            "%YAML 1.1\n---\n",
            "%TAG !e! tag:e.com,2000:\n---\n",
            "--- \n",
            "---\n",
        ]));
    }
    // anchors the aliases below mostly find
    let defs = rng.chance(60);
    match rng.below(10) {
        0 => {
            if defs {
                out.push_str("- &a0 {m: 1, n: 2}\n- &a1 {n: 3, o: 4}\n- &a2 [1, 2]\n- &a3 x\n");
            }
            sequence(rng, 0, 0, &mut out)
        }
        1 => out.push_str(&format!("{}\n", scalar(rng))),
        2 => out.push_str(&format!("{}\n", flow(rng, 0))),
        3 | 4 => {
            // many scalars: values and types
            for _ in 0..1 + rng.below(12) {
                let v = match rng.below(4) {
                    0 => date(rng),
                    1 => time(rng),
                    _ => scalar(rng),
                };
                out.push_str(&format!("- {v}\n"));
            }
        }
        _ => {
            if defs {
                out.push_str("defs:\n  - &a0 {m: 1, n: 2}\n  - &a1 {n: 3, o: 4}\n  - &a2 [1, 2]\n  - &a3 x\n");
            }
            mapping(rng, 0, 0, &mut out)
        }
    }
    if rng.chance(5) {
        out.push_str(rng.word(&["...\n", "--- x\n", "...\n@@@\n", "---\n[\n"]));
    }
    out
}

const DAMAGE: &[&str] = &[
    " ", "  ", "\t", "\n", ":", ": ", "-", "- ", "#", " #", "'", "\"", "[", "]", "{", "}", ",",
    "? ", "&", "*", "!", "|", ">", "%", "@", "`", "\u{feff}", "\u{2028}", "\u{85}", "\x0c", "\r",
    "\r\n", "\\", "...", "---", "\n---\n", "\n...\n", "<<: ", "&a0 ", "*a0",
];

/// Random damage: characters inserted, deleted, lines re-indented.
fn damage(rng: &mut Rng, doc: &str) -> String {
    let mut chars: Vec<char> = doc.chars().collect();
    for _ in 0..1 + rng.below(3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => {
                // re-indent the line `at` is on
                let start = chars[..at]
                    .iter()
                    .rposition(|c| *c == '\n')
                    .map_or(0, |i| i + 1);
                if rng.chance(50) {
                    chars.insert(start, ' ');
                } else if chars.get(start) == Some(&' ') {
                    chars.remove(start);
                }
            }
            _ => {
                for (i, c) in rng.word(DAMAGE).chars().enumerate() {
                    chars.insert(at + i, c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

fn generated(seed: u64, n: usize) -> Vec<Case> {
    let mut rng = Rng(seed);
    let mut cases = Vec::with_capacity(n);
    for i in 0..n {
        let mut doc = document(&mut rng);
        if rng.chance(30) {
            doc = damage(&mut rng, &doc);
        }
        if rng.chance(8) {
            doc = doc.replace('\n', "\r\n");
        }
        if rng.chance(3) {
            doc.insert(0, '\u{feff}');
        }
        let (kind, text) = if rng.chance(40) {
            let open = rng.word(&["---\n", "---  \n", "---\r\n", "--- \t\n"]);
            let close = rng.word(&["---\n", "...\n", "---   \n", "---"]);
            (Kind::Front, format!("{open}{doc}{close}\nbody\n"))
        } else {
            (Kind::Yaml, doc)
        };
        cases.push(Case {
            kind,
            text,
            origin: format!("generated #{i} (seed {seed})"),
        });
    }
    cases
}

#[test]
fn generated_documents_as_ruby() {
    if !ruby_available() {
        println!("skipped: ruby -rjekyll is absent");
        return;
    }
    let (seed, n) = seed_and_count(SEED, 8000);
    let cases = generated(seed, n);
    let t = compare(&cases);
    report("generated", &cases, &t);
}

/// The generator's seed.
const SEED: u64 = 0x5EED_1A3B;

/// HYDE_YAML_DIFF_SEED=n[,count] explores other documents.
fn seed_and_count(seed: u64, n: usize) -> (u64, usize) {
    match std::env::var("HYDE_YAML_DIFF_SEED") {
        Ok(v) => {
            let mut it = v.split(',').map(|x| x.trim().parse::<u64>().unwrap_or(1));
            (it.next().unwrap_or(1), it.next().map_or(n, |c| c as usize))
        }
        Err(_) => (seed, n),
    }
}

/// Real front matter and data files, damaged at random (1 to 3 edits each).
#[test]
fn damaged_corpus_documents_as_ruby() {
    let Some((docs, _)) = corpus_cases() else {
        println!("skipped: ../shared (the corpora) is absent");
        return;
    };
    if !ruby_available() {
        println!("skipped: ruby -rjekyll is absent");
        return;
    }
    let docs: Vec<&Case> = docs.iter().filter(|c| c.text.len() < 64 * 1024).collect();
    let mut rng = Rng(SEED ^ 0xC0FF_EE00);
    let cases: Vec<Case> = (0..3000)
        .map(|i| {
            let c = docs[rng.below(docs.len())];
            // damage the YAML, not a page's body
            let text = match c.kind {
                Kind::Front => match hyde::frontmatter::split(&c.text) {
                    Some((y, body, _)) => format!("{}---\n{body}", damage(&mut rng, y)),
                    None => c.text.clone(),
                },
                Kind::Yaml => damage(&mut rng, &c.text),
            };
            Case {
                kind: c.kind,
                text,
                origin: format!("damaged #{i} of {}", c.origin),
            }
        })
        .collect();
    let t = compare(&cases);
    report("damaged corpus", &cases, &t);
}

/// Character soup from YAML's alphabet.
fn soup(seed: u64, n: usize) -> Vec<Case> {
    const ALPHABET: &[&str] = &[
        " ",
        " ",
        "  ",
        "\t",
        "\n",
        "\n",
        "\r",
        "\r\n",
        "-",
        "- ",
        "? ",
        ":",
        ": ",
        ",",
        "[",
        "]",
        "{",
        "}",
        "#",
        "&a",
        "*a",
        "!",
        "!!",
        "|",
        ">",
        "'",
        "\"",
        "%",
        "@",
        "`",
        "\\",
        "---",
        "...",
        "a",
        "b",
        "1",
        "0x",
        ".",
        "~",
        "<<",
        "\u{feff}",
        "\u{2028}",
        "\u{85}",
        "é",
        "2024-01-02",
        " 10:00:00",
        "+05",
        "|2-",
        ">+",
        "%YAML 1.1",
        "%TAG ! !",
        "\\x",
        "\\u00",
        "&",
        "*",
        "!<",
        ">",
        "\n  ",
        "\n    ",
        "a: ",
        "- a",
        "x: y\n",
    ];
    let mut rng = Rng(seed);
    (0..n)
        .map(|i| {
            let doc: String = (0..rng.below(40))
                .map(|_| {
                    if rng.chance(1) {
                        *rng.pick(&["\x01", "\u{fffe}", "\x7f", "\u{9f}"])
                    } else {
                        *rng.pick(ALPHABET)
                    }
                })
                .collect();
            let (kind, text) = if rng.chance(30) {
                (Kind::Front, format!("---\n{doc}\n---\n"))
            } else {
                (Kind::Yaml, doc)
            };
            Case {
                kind,
                text,
                origin: format!("soup #{i} (seed {seed})"),
            }
        })
        .collect()
}

/// Whatever comes in, the loader answers (a value or an error with a
/// position) without panicking.
#[test]
fn character_soup_never_panics() {
    for c in soup(SEED ^ 0x50_0B, 20_000) {
        let _ = hyde_result(&c);
        if let Err(e) = hyde::yaml::parse(&c.text, &local()) {
            assert!(e.line >= 1 && e.col >= 1, "{:?}: {e}", c.text);
        }
    }
}

#[test]
fn character_soup_as_ruby() {
    if !ruby_available() {
        println!("skipped: ruby -rjekyll is absent");
        return;
    }
    let (seed, n) = seed_and_count(SEED ^ 0x50_0B, 10_000);
    let cases = soup(seed, n);
    let t = compare(&cases);
    report("character soup", &cases, &t);
}

// ---------------------------------------------------------------- depth

/// Deep nesting is an error value or a value — never a stack overflow, on
/// a thread with a small stack.
#[test]
fn deep_nesting_is_a_value_or_an_error() {
    let run = |doc: String| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let r =
                    hyde::yaml::parse(&doc, &|_| chrono::FixedOffset::east_opt(0).expect("UTC"));
                r.map(|_| ()).map_err(|e| e.to_string())
            })
            .expect("a thread")
            .join()
            .expect("no stack overflow")
    };
    let n = 20_000;
    let e = run(format!("{}{}", "[".repeat(n), "]".repeat(n))).unwrap_err();
    assert!(e.contains("line 1"), "{e}");
    assert!(run(format!("{}1{}", "{a: ".repeat(n), "}".repeat(n))).is_err());
    let block: String = (0..2000)
        .map(|i| format!("{}a:\n", " ".repeat(i)))
        .collect();
    assert!(run(block).is_err());
    let seq: String = (0..2000).map(|i| format!("{}-\n", " ".repeat(i))).collect();
    assert!(run(seq).is_err());
    // unclosed, and just under the limit (dropped on a 2 MiB thread)
    assert!(run("[".repeat(n)).is_err());
    let ok = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let d = hyde::yaml::MAX_DEPTH - 1;
            let doc = format!("{}{}", "[".repeat(d), "]".repeat(d));
            hyde::yaml::parse(&doc, &|_| chrono::FixedOffset::east_opt(0).expect("UTC")).is_ok()
        })
        .expect("a thread")
        .join()
        .expect("no stack overflow");
    assert!(ok);
}
