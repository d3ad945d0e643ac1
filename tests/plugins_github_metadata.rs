//! jekyll-github-metadata, differential: generated cases (repository name,
//! `JEKYLL_ENV`, `PAGES_*` variables, config keys, git checkouts, and a
//! sequence of template reads) run through `hyde::plugins::github_metadata`
//! and through the Ruby plugin (tests/fixtures/plugins/github_metadata.rb,
//! one Ruby process for all cases). Compared: the log lines of the munger,
//! of `pre_render` and of each read, the error `pre_render` raises, and each
//! read's `jsonify` output or error.

mod common;

use common::Rng;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;

use hyde::liquid::{Map, Value};
use hyde::plugins::github_metadata::{GitHubMetadata, DROP_KEYS};
use serde_json::{json, Value as Json};

fn ruby_ok() -> bool {
    common::ruby_has("jekyll-github-metadata")
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(ok, "git {args:?} in {}", dir.display());
}

/// Working directories: no checkout, and checkouts with various remotes.
fn checkouts(tmp: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let plain = tmp.join("plain");
    std::fs::create_dir_all(&plain).unwrap();
    dirs.push(plain);
    // (directory, remote name, remote URL, whether HEAD has a commit)
    let remotes = [
        (
            "https",
            "origin",
            "https://github.com/remote-owner/remote.repo.git",
            true,
        ),
        ("ssh", "origin", "git@github.com:Own_er/re.po-x.git", false),
        (
            "upstream",
            "upstream",
            "https://github.com/up/stream.git",
            true,
        ),
        (
            "ghe",
            "origin",
            "https://ghe.example.com/ent/repo.git",
            false,
        ),
        ("weird", "origin", "https://notgithub.com/x/y.git.git", true),
    ];
    for (name, remote, url, commit) in remotes {
        let d = tmp.join(name);
        std::fs::create_dir_all(&d).unwrap();
        git(&d, &["init", "-q"]);
        git(&d, &["remote", "add", remote, url]);
        if commit {
            git(&d, &["commit", "-q", "--allow-empty", "-m", "c"]);
        }
        dirs.push(d);
    }
    dirs
}

fn gen_case(rng: &mut Rng, cwds: &[PathBuf]) -> Json {
    let mut env = serde_json::Map::default();
    let nwos = [
        "foo/bar",
        "Foo/Foo.github.io",
        "foo/foo.github.io",
        "foo/FOO.GitHub.com",
        "github/bar",
        "github/github.github.com",
        "a/b/c",
        "o-x/n_y.z",
        "ent/ent.ghe.example.com",
        "user/user.pages.example.com",
        "x/",
    ];
    if rng.chance(80) {
        env.insert("PAGES_REPO_NWO".into(), json!(rng.pick(&nwos)));
    }
    if let Some(e) = rng.pick(&[
        None,
        None,
        Some("production"),
        Some("test"),
        Some("development"),
    ]) {
        env.insert("JEKYLL_ENV".into(), json!(e));
    }
    if let Some(e) = rng.pick(&[
        None,
        None,
        None,
        Some("dotcom"),
        Some("enterprise"),
        Some("test"),
        Some("production"),
    ]) {
        env.insert("PAGES_ENV".into(), json!(e));
    }
    let extras: [(&str, &[&str]); 13] = [
        ("PAGE_BUILD_ID", &["1", ""]),
        ("SSL", &["true", "false"]),
        ("SUBDOMAIN_ISOLATION", &["true"]),
        ("PAGES_PAGES_HOSTNAME", &["pages.example.com/", ""]),
        ("PAGES_HOSTNAME", &["ph.example.com", ""]),
        ("GITHUB_HOSTNAME", &["ghe.example.com", "github.com/"]),
        ("PAGES_GITHUB_HOSTNAME", &["ghe.example.com/", ""]),
        ("API_URL", &["https://ghe.example.com/api/v3/", ""]),
        ("PAGES_API_URL", &["https://api.example.com", ""]),
        ("HELP_URL", &["https://help.example.com/"]),
        ("JEKYLL_GITHUB_TOKEN", &["t", ""]),
        ("JEKYLL_BUILD_REVISION", &["abc123", ""]),
        ("PAGES_HELP_URL", &["https://h.example.com//"]),
    ];
    for _ in 0..rng.below(4) {
        let (k, vs) = rng.pick(&extras);
        env.insert(k.to_string(), json!(rng.pick(vs)));
    }
    let mut config = serde_json::Map::default();
    let options: [(&str, &[Json]); 8] = [
        ("title", &[json!("T"), json!(false), Json::Null, json!("")]),
        ("name", &[json!("N"), json!(false)]),
        ("description", &[json!("D"), Json::Null]),
        (
            "url",
            &[json!("https://x.org"), json!(""), Json::Null, json!(false)],
        ),
        (
            "baseurl",
            &[json!("/"), json!("/b"), json!(""), Json::Null, json!(false)],
        ),
        (
            "repository",
            &[json!("cfg/repo"), json!("noslash"), json!(5)],
        ),
        (
            "github",
            &[
                json!("str"),
                json!(false),
                json!([1]),
                json!({"url": "x"}),
                json!({}),
                json!({"zz": null}),
            ],
        ),
        ("other", &[json!(1)]),
    ];
    for (k, vs) in options {
        let pct = if k == "github" { 8 } else { 35 };
        if rng.chance(pct) {
            config.insert(k.to_string(), rng.pick(vs).clone());
        }
    }
    let mut pool: Vec<String> = [
        "site.title",
        "site.description",
        "site.url",
        "site.baseurl",
        "site.name",
        "github",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    pool.extend(DROP_KEYS.iter().map(|k| format!("github.{k}")));
    pool.extend(["github.nope", "github.owner.login", "github.source.branch"].map(String::from));
    let steps: Vec<String> = if rng.chance(15) {
        let mut all: Vec<String> = DROP_KEYS.iter().map(|k| format!("github.{k}")).collect();
        all.extend(
            ["site.title", "site.description", "site.url", "site.baseurl"].map(String::from),
        );
        all
    } else {
        (0..rng.below(10))
            .map(|_| rng.pick(&pool).clone())
            .collect()
    };
    json!({
        "env": env,
        "config": config,
        "cwd": rng.pick(cwds).to_string_lossy(),
        "steps": steps,
    })
}

fn to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => n
            .as_i64()
            .map_or(Value::Float(n.as_f64().unwrap_or(0.0)), Value::Int),
        Json::String(s) => Value::from(s.as_str()),
        Json::Array(a) => Value::array(a.iter().map(to_value).collect()),
        Json::Object(o) => Value::hash(o.iter().map(|(k, v)| (k.clone(), to_value(v))).collect()),
    }
}

/// `jsonify`, canonicalized through serde_json.
fn to_json(v: &Value) -> Json {
    match v {
        Value::Nil => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Str(s) => json!(&**s),
        Value::Array(a) => Json::Array(a.iter().map(to_json).collect()),
        Value::Hash(h) => Json::Object(h.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        Value::Object(o) => Json::Object(
            o.keys()
                .into_iter()
                .map(|k| {
                    let v = o.get(&k).unwrap_or_default();
                    (k, to_json(&v))
                })
                .collect(),
        ),
        other => json!(format!("{other:?}")),
    }
}

fn logs(meta: &GitHubMetadata) -> Json {
    Json::Array(
        meta.take_log()
            .iter()
            .map(|l| json!(format!("{} {}", l.level, l.formatted())))
            .collect(),
    )
}

fn run_rust(case: &Json) -> Json {
    let env: BTreeMap<String, String> = case["env"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let lookup = |k: &str| env.get(k).cloned();
    let environment = lookup("JEKYLL_ENV").unwrap_or_else(|| "development".to_string());
    let Value::Hash(h) = to_value(&case["config"]) else {
        panic!("config")
    };
    let mut raw: Map = (*h).clone();
    let cwd = PathBuf::from(case["cwd"].as_str().unwrap_or("/"));
    let meta = Arc::new(GitHubMetadata::new(&raw, &cwd, &environment, &lookup));
    meta.munge_config(&mut raw);
    let mut res = serde_json::Map::default();
    res.insert("init_log".into(), logs(&meta));
    let gh = meta.site_github(&raw);
    res.insert(
        "pre_render".into(),
        gh.as_ref().err().map_or(Json::Null, |e| json!(e)),
    );
    res.insert("pre_render_log".into(), logs(&meta));
    let Ok(gh) = gh else { return Json::Object(res) };
    let mut steps = Vec::new();
    for step in case["steps"].as_array().into_iter().flatten() {
        let step = step.as_str().unwrap_or_default();
        let mut r = serde_json::Map::default();
        let out: Result<Value, String> = if let Some(key) = step.strip_prefix("site.") {
            meta.config_access(key)
                .map(|()| raw.get(key).cloned().unwrap_or_default())
        } else {
            let mut v = gh.clone();
            for k in step.split('.').skip(1) {
                v = v.get(k);
            }
            let j = to_json(&v);
            match meta.take_errors().into_iter().next() {
                Some(e) => Err(e),
                None => Ok(to_value(&j)),
            }
        };
        match out {
            Ok(v) => r.insert("out".into(), to_json(&v)),
            Err(e) => r.insert("err".into(), json!(e)),
        };
        r.insert("log".into(), logs(&meta));
        steps.push(Json::Object(r));
    }
    res.insert("steps".into(), Json::Array(steps));
    Json::Object(res)
}

/// Ruby's "out" is jsonify's text: parsed, so that both sides compare as JSON
/// values with their key order.
fn normalize_ruby(mut r: Json) -> Json {
    if let Some(steps) = r.get_mut("steps").and_then(Json::as_array_mut) {
        for s in steps {
            if let Some(o) = s.get("out").and_then(Json::as_str) {
                let parsed: Json = serde_json::from_str(o).unwrap_or_else(|e| panic!("{o}: {e}"));
                s["out"] = parsed;
            }
        }
    }
    r
}

fn run_ruby(cases: &[Json], tmp: &Path) -> Vec<Json> {
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plugins/github_metadata.rb");
    let mut child = Command::new("ruby")
        .arg(&script)
        .current_dir(tmp)
        .env_remove("OCTOKIT_ACCESS_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("ruby");
    let input = serde_json::to_string(cases).unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().expect("ruby output");
    assert!(out.status.success(), "ruby failed");
    let v: Vec<Json> = serde_json::from_slice(&out.stdout).expect("ruby JSON");
    v.into_iter().map(normalize_ruby).collect()
}

#[test]
fn github_metadata_matches_ruby() {
    if !ruby_ok() {
        println!("skipped: ruby with jekyll and jekyll-github-metadata absent");
        return;
    }
    if !Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        println!("skipped: git absent");
        return;
    }
    let tmp = std::env::temp_dir().join(format!("hyde-ghm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let cwds = checkouts(&tmp);
    let mut rng = Rng(0x5EED_0001);
    let cases: Vec<Json> = (0..700).map(|_| gen_case(&mut rng, &cwds)).collect();
    // The Rust side runs with OCTOKIT_ACCESS_TOKEN unset too (Ruby reads it
    // when Octokit loads).
    let ruby = run_ruby(&cases, &tmp);
    assert_eq!(ruby.len(), cases.len());
    let mut failures = Vec::new();
    let (mut steps, mut errors, mut pre_errors, mut logged) = (0, 0, 0, 0);
    for (case, want) in cases.iter().zip(&ruby) {
        let got = run_rust(case);
        steps += want["steps"].as_array().map_or(0, Vec::len);
        errors += want["steps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|s| s.get("err").is_some())
            .count();
        pre_errors += usize::from(!want["pre_render"].is_null());
        logged += want.to_string().matches("GitHub Metadata:").count();
        if &got != want {
            failures.push(format!("case {}\n  ruby: {}\n  hyde: {}", case, want, got));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    println!(
        "{} of {} cases match Ruby ({steps} reads, {errors} raising, {pre_errors} pre_render errors, {logged} plugin log lines)",
        cases.len() - failures.len(),
        cases.len()
    );
    assert!(
        errors > 20 && pre_errors > 5 && logged > 200,
        "the generator covers too little"
    );
    assert!(
        failures.is_empty(),
        "{} mismatches; first ones:\n{}",
        failures.len(),
        failures
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
