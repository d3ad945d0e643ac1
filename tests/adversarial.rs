//! No input crashes or stalls a build (#12): generated hostile sites —
//! Markdown, Liquid, YAML and Sass nested 20,000 levels deep or a megabyte
//! long — each built by the `hyde` binary in a child process (so that a
//! stack overflow, which aborts, is seen as a failed case rather than taking
//! the test runner down). Each must end, within `LIMIT`, in Jekyll's output
//! or an error naming the file; the time of each is printed.
//!
//! `HYDE_ADVERSARIAL=substring` runs only the matching cases;
//! `HYDE_ADVERSARIAL_KEEP=dir` leaves each site in `dir/NAME` (to build it
//! with Jekyll for comparison).

mod common;

#[path = "adversarial/cases.rs"]
mod cases;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use cases::{Case, Expect};
use common::*;

/// What one case may take (release build, on a shared machine).
const LIMIT: Duration = Duration::from_secs(10);
/// When a case is killed as hung (`HYDE_ADVERSARIAL_KILL=seconds` to change).
fn kill_after() -> Duration {
    let secs = std::env::var("HYDE_ADVERSARIAL_KILL")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    Duration::from_secs(secs)
}

struct Outcome {
    secs: f64,
    code: Option<i32>,
    stderr: String,
}

fn write_site(dir: &Path, case: &Case) {
    std::fs::create_dir_all(dir).expect("site dir");
    std::fs::write(dir.join("_config.yml"), "title: adversarial\n").expect("config");
    for (path, text) in &case.files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a file in the site")).expect("mkdir");
        std::fs::write(&p, text).expect("write case file");
    }
}

fn build(dir: &Path) -> Outcome {
    let start = Instant::now();
    let mut child = hyde()
        .args(["build", "-q", "--profile", "jekyll", "-s"])
        .arg(dir)
        .arg("-d")
        .arg(dir.join("_site"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the hyde binary runs");
    // read stderr on a thread so that a chatty child cannot block on a full pipe
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err_pipe, &mut s);
        s
    });
    let status = loop {
        if let Some(st) = child.try_wait().expect("wait") {
            break Some(st);
        }
        if start.elapsed() > kill_after() {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let secs = start.elapsed().as_secs_f64();
    let stderr = reader.join().unwrap_or_default();
    Outcome {
        secs,
        code: status.and_then(|s| s.code()),
        stderr,
    }
}

/// Why the outcome is not acceptable, if it is not.
fn judge(case: &Case, o: &Outcome) -> Option<String> {
    let first_line = o.stderr.lines().next().unwrap_or("").to_string();
    let Some(code) = o.code else {
        return Some(format!(
            "killed by a signal or hung past {:?} (stack overflow?): {first_line}",
            kill_after()
        ));
    };
    if o.secs > LIMIT.as_secs_f64() {
        return Some(format!("took {:.2}s", o.secs));
    }
    if o.stderr.contains("panicked") || o.stderr.contains("internal error") {
        return Some(format!("panicked: {}", o.stderr.trim()));
    }
    let expect = match case.expect {
        Expect::Known(file, _) => Expect::EitherNaming(file),
        e => e,
    };
    match (expect, code) {
        (Expect::Builds, 0) => None,
        (Expect::Builds, _) => Some(format!("failed: {first_line}")),
        (Expect::FailsNaming(_), 0) => Some("built, but it should fail".into()),
        (Expect::FailsNaming(f) | Expect::EitherNaming(f), c) if c != 0 => {
            (!o.stderr.contains(f)).then(|| format!("the error does not name {f}: {first_line}"))
        }
        _ => None,
    }
}

fn short(s: &str) -> String {
    let s = s.lines().next().unwrap_or("");
    let mut t: String = s.chars().take(110).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

fn run(cases: Vec<Case>) {
    let only = std::env::var("HYDE_ADVERSARIAL").ok();
    let keep = std::env::var_os("HYDE_ADVERSARIAL_KEEP").map(std::path::PathBuf::from);
    // one folder per test: the tests run in parallel and each removes its own
    let tmp = tempdir(&format!(
        "adversarial-{}",
        cases.first().map_or("none", |c| c.name)
    ));
    let mut bad = Vec::new();
    for case in cases {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        if let Expect::Known(_, why) = case.expect {
            if std::env::var_os("HYDE_ADVERSARIAL_ALL").is_none() {
                println!("  skipped  {:<28} known: {why}", case.name);
                continue;
            }
        }
        let dir = match &keep {
            Some(k) => k.join(case.name),
            None => tmp.join(case.name),
        };
        let _ = std::fs::remove_dir_all(&dir);
        write_site(&dir, &case);
        let o = build(&dir);
        let verdict = judge(&case, &o);
        let result = match o.code {
            Some(0) => "built".to_string(),
            Some(_) => format!("error: {}", short(&o.stderr)),
            None => "CRASHED/HUNG".to_string(),
        };
        println!(
            "{:>7.3}s  {:<28} {}{}",
            o.secs,
            case.name,
            result,
            if verdict.is_some() { "  <-- FAIL" } else { "" }
        );
        if let Some(v) = verdict {
            bad.push(format!("{}: {v}", case.name));
        }
        if keep.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(
        bad.is_empty(),
        "adversarial cases failed:\n{}",
        bad.join("\n")
    );
}

#[test]
fn adversarial_markdown() {
    run(cases::markdown());
}

#[test]
fn adversarial_liquid() {
    run(cases::liquid());
}

#[test]
fn adversarial_yaml() {
    run(cases::yaml());
}

#[test]
fn adversarial_sass() {
    run(cases::sass());
}

/// Markdown nested right up to the parser's limit converts on a thread
/// with a quarter of the stack hyde gives its rendering threads, and one
/// level more is refused as too deep: the limit, not the stack, stops deep
/// input, with room to spare for frames that grow.
#[test]
fn markdown_nesting_limit_fits_a_small_stack() {
    use hyde::markdown::parser::guard::{Stop, MAX_NESTING};
    type Gen = fn(usize) -> String;
    let kinds: &[(&str, Gen)] = &[
        ("blockquotes", |n| "> ".repeat(n) + "x\n"),
        ("lists", |n| "- ".repeat(n) + "x\n"),
        ("ordered lists", |n| "1. ".repeat(n) + "x\n"),
        ("blockquoted lists", |n| "> - ".repeat(n) + "x\n"),
        ("raw html", |n| {
            "<div>".repeat(n) + "x" + &"</div>".repeat(n)
        }),
        ("block html", |n| {
            "<div markdown=\"1\">\n".repeat(n) + "*x*\n" + &"</div>\n".repeat(n)
        }),
        ("span html", |n| {
            "<span>".repeat(n) + "x" + &"</span>".repeat(n)
        }),
        ("images", |n| "![".repeat(n) + "x" + &"](u)".repeat(n)),
        ("emphasis in images", |n| {
            "![*".repeat(n) + "x" + &"*](u)".repeat(n)
        }),
        ("footnotes", |n| {
            let mut s = String::from("x[^0]\n\n");
            for i in 0..n {
                s.push_str(&" ".repeat(4 * i));
                s.push_str(&format!("[^{i}]: y[^{}]\n\n", i + 1));
            }
            s
        }),
    ];
    let opts = hyde::markdown::Options::default();
    let on_small_stack = |doc: String| {
        let opts = opts.clone();
        std::thread::Builder::new()
            .stack_size(hyde::THREAD_STACK / 4)
            .spawn(move || hyde::markdown::try_to_html(&doc, &opts).map(|h| h.len()))
            .expect("spawn")
            .join()
            .expect("no panic")
    };
    for (name, make) in kinds {
        // the deepest document that converts (by bisection; the parser
        // follows at most MAX_NESTING levels, so that is below it)
        let (mut lo, mut hi) = (1usize, MAX_NESTING + 1);
        assert!(
            on_small_stack(make(lo)).is_ok(),
            "{name}: one level converts"
        );
        // refused as too deep (or, for footnotes, whose indentation makes
        // the input quadratic, as too costly to re-read)
        let deep = on_small_stack(make(hi));
        assert!(
            matches!(
                deep.as_ref().map_err(|e| e.why),
                Err(Stop::Nesting | Stop::Reread)
            ),
            "{name}: {hi} levels are refused"
        );
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if on_small_stack(make(mid)).is_ok() {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let t = std::time::Instant::now();
        let ok = on_small_stack(make(lo));
        println!(
            "{name}: {lo} levels convert ({} bytes of HTML, {:.3}s)",
            ok.expect("the deepest accepted converts"),
            t.elapsed().as_secs_f64()
        );
        // far past the limit: refused, no overflow
        let far = make(20 * MAX_NESTING);
        if far.len() < 4 << 20 {
            assert!(on_small_stack(far).is_err(), "{name}: far too deep");
        }
    }
}

/// A panic in hyde's own code while rendering a page (a bug; forced here
/// with `HYDE_INTERNAL_PANIC_IN`) fails that page with an error naming it:
/// the process does not abort, and the other pages are written.
#[test]
fn a_panic_fails_its_page_only() {
    let dir = tempdir("adversarial-panic");
    std::fs::write(dir.join("_config.yml"), "title: panic\n").expect("config");
    std::fs::write(dir.join("index.md"), "---\n---\nhome\n").expect("index");
    std::fs::write(dir.join("other.md"), "---\n---\nother\n").expect("other");
    let out = hyde()
        .args(["build", "--profile", "jekyll", "-s"])
        .arg(&dir)
        .arg("-d")
        .arg(dir.join("_site"))
        .env("HYDE_INTERNAL_PANIC_IN", "other.md")
        .output()
        .expect("hyde runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "fails cleanly: {stderr}");
    assert!(
        stderr.contains("Internal error while processing other.md"),
        "names the page: {stderr}"
    );
    let home = std::fs::read_to_string(dir.join("_site/index.html")).expect("index written");
    assert!(home.contains("home"));
    assert!(!dir.join("_site/other.html").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Code whose highlighting runs out of its budget (a tiny one here, set
/// with `HYDE_INTERNAL_HIGHLIGHT_STEPS`, so that ordinary code reaches the
/// path costly code takes) fails its page with an error naming the file,
/// the line and the lexer, in Markdown and in `{% highlight %}`; the other
/// pages are written. With the normal budget the same site builds.
#[test]
fn code_too_costly_to_highlight_fails_its_page_only() {
    let dir = tempdir("adversarial-highlight-budget");
    std::fs::write(dir.join("_config.yml"), "title: budget\n").expect("config");
    std::fs::write(dir.join("index.md"), "---\n---\nhome\n").expect("index");
    std::fs::write(
        dir.join("fenced.md"),
        "---\ntitle: fenced\n---\nSome text.\n\n```python\ndef f(x):\n    return [x, 'y', 3.0]\n```\n",
    )
    .expect("fenced");
    std::fs::write(
        dir.join("tag.html"),
        "---\n---\n{% highlight python %}\ndef f(x):\n    return [x, 'y', 3.0]\n{% endhighlight %}\n",
    )
    .expect("tag");
    let run = |steps: Option<&str>| {
        let _ = std::fs::remove_dir_all(dir.join("_site"));
        let mut cmd = hyde();
        // (no disk cache: it would hand back the first build's highlighting)
        cmd.args(["build", "--profile", "jekyll", "--disable-disk-cache", "-s"])
            .arg(&dir)
            .arg("-d")
            .arg(dir.join("_site"));
        if let Some(s) = steps {
            cmd.env("HYDE_INTERNAL_HIGHLIGHT_STEPS", s);
        }
        let out = cmd.output().expect("hyde runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };

    let (code, stderr) = run(None);
    assert_eq!(code, Some(0), "builds with the normal budget: {stderr}");
    let fenced = std::fs::read_to_string(dir.join("_site/fenced.html")).expect("fenced written");
    assert!(
        fenced.contains(r#"<span class="k">return</span>"#),
        "{fenced}"
    );
    let tag = std::fs::read_to_string(dir.join("_site/tag.html")).expect("tag written");
    assert!(tag.contains(r#"<span class="k">return</span>"#), "{tag}");

    // a failed build reports its first error: one costly page at a time
    let tag_html = std::fs::read_to_string(dir.join("tag.html")).expect("tag source");
    std::fs::remove_file(dir.join("tag.html")).expect("tag put aside");
    let (code, stderr) = run(Some("20"));
    assert_eq!(code, Some(1), "fails cleanly: {stderr}");
    assert!(
        stderr.contains("fenced.md")
            && stderr.contains("line 7")
            && stderr.contains("too costly to highlight with rouge's 'python' lexer"),
        "names the Markdown file, line and lexer: {stderr}"
    );
    let home = std::fs::read_to_string(dir.join("_site/index.html")).expect("index written");
    assert!(home.contains("home"));
    assert!(!dir.join("_site/fenced.html").exists());

    std::fs::write(dir.join("tag.html"), tag_html).expect("tag back");
    std::fs::remove_file(dir.join("fenced.md")).expect("fenced put aside");
    let (code, stderr) = run(Some("20"));
    assert_eq!(code, Some(1), "fails cleanly: {stderr}");
    assert!(
        stderr.contains("tag.html:3")
            && stderr.contains("too costly to highlight with rouge's 'python' lexer"),
        "names the page and line of the highlight tag and its lexer: {stderr}"
    );
    assert!(dir.join("_site/index.html").exists());
    assert!(!dir.join("_site/tag.html").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A stylesheet that never ends (an endless `@while`, which libsass would
/// run forever) is stopped at the Sass timeout (`HYDE_SASS_TIMEOUT`, one
/// second here) with an error naming it; the other pages are written.
#[test]
fn an_endless_stylesheet_is_stopped() {
    let dir = tempdir("adversarial-sass-timeout");
    std::fs::write(dir.join("_config.yml"), "title: sass\n").expect("config");
    std::fs::write(dir.join("index.md"), "---\n---\nhome\n").expect("index");
    std::fs::create_dir_all(dir.join("assets")).expect("assets");
    std::fs::write(
        dir.join("assets/s.scss"),
        "---\n---\n$i: 0;\n@while $i < 1 {\n  .a { b: $i; }\n}\n",
    )
    .expect("scss");
    let start = Instant::now();
    let out = hyde()
        .args(["build", "--profile", "jekyll", "--disable-disk-cache", "-s"])
        .arg(&dir)
        .arg("-d")
        .arg(dir.join("_site"))
        .env("HYDE_SASS_TIMEOUT", "1")
        .output()
        .expect("hyde runs");
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "fails cleanly: {stderr}");
    assert!(
        stderr.contains("assets/s.scss")
            && stderr.contains("took longer than 1 seconds and was stopped"),
        "names the stylesheet and why: {stderr}"
    );
    assert!(secs < LIMIT.as_secs_f64(), "stopped in {secs:.1} s");
    assert!(dir.join("_site/index.html").exists());
    assert!(!dir.join("_site/assets/s.css").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
