//! Jekyll's `--profile` tables (the config key `profile: true`), built
//! through the `hyde` binary from tests/fixtures/liquid-profile/site: the
//! two tables' layout, each file's Count and Bytes (against what
//! `jekyll build --profile` prints for the same site when Jekyll is
//! installed), the same output with and without profiling, and nothing
//! printed by a quiet build.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// The fixture site (its `_config.yml` sets `profile: true`).
fn fixture() -> PathBuf {
    root().join("tests/fixtures/liquid-profile/site")
}

/// A fresh copy of the fixture in a temporary folder named after `name`,
/// with its source and destination.
fn copy(name: &str) -> (PathBuf, PathBuf) {
    let dir = tempdir(name);
    let src = dir.join("src");
    copy_site(&fixture(), &src, &[]);
    (src, dir.join("_site"))
}

/// Build `src` into `dest` with the plain Jekyll profile (`extra` added);
/// standard output back, the build having succeeded.
fn build(src: &Path, dest: &Path, extra: &[&str]) -> String {
    let out = hyde()
        .args(["build", "--profile", "jekyll", "-s"])
        .arg(src)
        .arg("-d")
        .arg(dest)
        .args(extra)
        .output()
        .expect("the hyde binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "hyde build failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The "Site Render Stats" rows: file name → (Count, Bytes), the totals
/// row left out.
fn render_rows(stdout: &str) -> BTreeMap<String, (String, String)> {
    let mut rows = BTreeMap::new();
    let mut lines = stdout.lines().skip_while(|l| *l != "Site Render Stats: ");
    for l in lines.by_ref() {
        if l.starts_with("+-") {
            break;
        }
    }
    for l in lines {
        let Some(inner) = l.strip_prefix("| ").and_then(|l| l.strip_suffix(" |")) else {
            break;
        };
        let cells: Vec<&str> = inner.split(" | ").map(str::trim).collect();
        if cells[0].starts_with("TOTAL (for ") {
            break;
        }
        rows.insert(
            cells[0].to_string(),
            (cells[1].to_string(), cells[2].to_string()),
        );
    }
    rows
}

/// jekyll-redirect-from's layout is named after where its gem is
/// installed (`usr/lib/ruby/vendor_ruby/…` for Debian's package,
/// `jekyll-redirect-from-0.16.0/lib/…` for a gem): one name for both.
fn same_install(rows: BTreeMap<String, (String, String)>) -> BTreeMap<String, (String, String)> {
    rows.into_iter()
        .map(
            |(name, v)| match name.ends_with("/jekyll-redirect-from/redirect.html") {
                true => ("jekyll-redirect-from/redirect.html".to_string(), v),
                false => (name, v),
            },
        )
        .collect()
}

/// The table lines from `first` to the next line that is not a row.
fn table<'a>(lines: &[&'a str], first: usize) -> Vec<&'a str> {
    lines[first..]
        .iter()
        .take_while(|l| l.starts_with('|') || l.starts_with('+'))
        .copied()
        .collect()
}

/// A table line's last cell (the time), trimmed.
fn time_cell(line: &str) -> &str {
    line.rsplit('|').nth(1).map_or("", str::trim)
}

#[test]
fn profile_tables_are_laid_out_as_jekylls() {
    let (src, dest) = copy("profile-layout");
    let stdout = build(&src, &dest, &[]);
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| *l == "Build Process Summary: ")
        .unwrap_or_else(|| panic!("no profile printed:\n{stdout}"));
    assert_eq!(lines[at - 1], "", "a blank line before the summary");
    assert_eq!(lines[at + 1], "");

    let phases = table(&lines, at + 2);
    assert_eq!(phases.len(), 9, "{phases:#?}");
    assert_eq!(phases[0], "| PHASE      |   TIME |");
    assert_eq!(phases[1], "+------------+--------+");
    let mut sum = 0.0;
    for (line, name) in phases[2..8]
        .iter()
        .zip(["RESET", "READ", "GENERATE", "RENDER", "CLEANUP", "WRITE"])
    {
        assert!(line.starts_with(&format!("| {name:<10} | ")), "{line}");
        let t = time_cell(line);
        assert_eq!(t.split('.').nth(1).map(str::len), Some(4), "{line}");
        sum += t.parse::<f64>().expect("a time");
    }
    assert!(phases[8].starts_with("| TOTAL TIME | "));
    let total: f64 = time_cell(phases[8]).parse().expect("a total");
    assert!((total - sum).abs() < 0.0002, "{total} is not the sum {sum}");
    let after = at + 2 + phases.len();
    assert_eq!(
        &lines[after..after + 4],
        [" ", "", "Site Render Stats: ", ""],
        "{stdout}"
    );

    let renders = table(&lines, after + 4);
    assert_eq!(
        renders[0].split('|').map(str::trim).collect::<Vec<_>>(),
        ["", "Filename", "Count", "Bytes", "Time", ""]
    );
    assert!(renders[0].starts_with("| Filename "));
    assert!(renders[1].starts_with("+--") && renders[1].ends_with("-+"));
    let width = renders[0].len();
    assert!(renders.iter().all(|l| l.len() == width), "{renders:#?}");
    // slowest first, totals last
    let times: Vec<f64> = renders[2..]
        .iter()
        .map(|l| time_cell(l).parse().expect("a time"))
        .collect();
    let rows = &times[..times.len() - 1];
    assert!(rows.windows(2).all(|w| w[0] >= w[1]), "{renders:#?}");
    let last = renders.last().expect("a totals row");
    assert!(last.starts_with("| TOTAL (for 18 files) "), "{last}");
    assert!(last.contains("|    47 | 7.13K |"), "{last}");
    assert_eq!(lines[after + 4 + renders.len()], " ");
}

#[test]
fn profile_counts_and_bytes_per_file() {
    let (src, dest) = copy("profile-counts");
    let rows = render_rows(&build(&src, &dest, &[]));
    let expected = [
        // pages and documents: their own Liquid (none for a page without any)
        ("index.html", "1", "0.21K"),
        ("about.md", "1", "0.05K"),
        ("_posts/2024-01-01-first.md", "1", "0.05K"),
        ("_posts/2024-03-01-third.md", "1", "0.07K"),
        // excerpts, rendered where a template (the feed) reads them
        ("_posts/2024-01-01-first.md/#excerpt", "1", "0.02K"),
        ("_posts/2024-03-01-third.md/#excerpt", "1", "0.07K"),
        // plugin pages and the redirect layout
        ("feed.xml", "1", "2.02K"),
        ("sitemap.xml", "1", "0.76K"),
        ("robots.txt", "1", "0.04K"),
        (
            "jekyll-redirect-from-0.16.0/lib/jekyll-redirect-from/redirect.html",
            "1",
            "0.50K",
        ),
        // layouts: once per page they wrap
        ("_layouts/default.html", "5", "1.56K"),
        ("_layouts/post.html", "3", "0.35K"),
        // includes: every render, those served from the include memo and
        // those inside them too
        ("_includes/head.html", "5", "0.36K"),
        ("_includes/footer.html", "5", "0.34K"),
        ("_includes/parts/icon.html", "12", "0.45K"),
        ("_includes/meta.html", "3", "0.10K"),
        ("_includes/item.html", "3", "0.15K"),
        ("notes/snippet.txt", "1", "0.04K"),
    ];
    let expected: BTreeMap<String, (String, String)> = expected
        .iter()
        .map(|(f, c, b)| (f.to_string(), (c.to_string(), b.to_string())))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn profile_counts_and_bytes_match_jekylls() {
    let jekyll_runs = Command::new("jekyll")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !jekyll_runs {
        eprintln!(
            "skipped: `jekyll` is not installed, so hyde's profile is not compared with Jekyll's"
        );
        return;
    }
    let (src, dest) = copy("profile-jekyll");
    let ours = same_install(render_rows(&build(&src, &dest, &[])));
    let (jsrc, jdest) = copy("profile-jekyll-ref");
    let out = Command::new("jekyll")
        .args(["build", "-s"])
        .arg(&jsrc)
        .arg("-d")
        .arg(&jdest)
        .env("TZ", "UTC")
        .env_remove("JEKYLL_ENV")
        .output()
        .expect("jekyll runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "jekyll build failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs = same_install(render_rows(&stdout));
    assert!(
        !theirs.is_empty(),
        "Jekyll printed no render table:\n{stdout}"
    );
    assert_eq!(ours, theirs);
}

#[test]
fn profiling_leaves_the_output_as_it_is() {
    let (src, dest) = copy("profile-on");
    build(&src, &dest, &[]);
    let (plain_src, plain_dest) = copy("profile-off");
    let config = plain_src.join("_config.yml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, text.replace("profile: true\n", "")).expect("config");
    let stdout = build(&plain_src, &plain_dest, &[]);
    assert!(!stdout.contains("Site Render Stats"), "{stdout}");

    let files = file_list(&dest);
    assert_eq!(files, file_list(&plain_dest));
    for f in &files {
        let a = std::fs::read(dest.join(f)).expect("read");
        let b = std::fs::read(plain_dest.join(f)).expect("read");
        assert!(a == b, "{f} differs with profiling on");
    }
}

#[test]
fn quiet_build_prints_no_profile() {
    let (src, dest) = copy("profile-quiet");
    let stdout = build(&src, &dest, &["-q"]);
    assert_eq!(stdout, "");
}
