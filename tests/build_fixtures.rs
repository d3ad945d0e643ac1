//! The project's own build fixtures: small sites under tests/fixtures/build,
//! each with Jekyll 4.3.1's output (made by scripts/regen-build-fixtures.sh).
//! `hyde build` of each must equal Jekyll's as ../shared/tools/sitediff judges,
//! with no extra files either.

mod common;

use std::path::{Path, PathBuf};

use common::*;

fn cases_dir() -> PathBuf {
    root().join("tests/fixtures/build")
}

fn read_opt(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok()
}

/// Build one case with hyde as the regen script builds it with Jekyll, and
/// return what differs from Jekyll's output (empty when equal).
fn check_case(name: &str) -> Vec<String> {
    let dir = cases_dir().join(name);
    let src_case = read_opt(&dir.join("case.src"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| name.to_string());
    let tmp = tempdir(&format!("fx-{name}"));
    let src = tmp.join("site");
    copy_site(&cases_dir().join(&src_case).join("src"), &src, &[]);
    for line in read_opt(&dir.join("case.mtimes"))
        .unwrap_or_default()
        .lines()
    {
        let mut w = line.split_whitespace();
        if let (Some(p), Some(t)) = (w.next(), w.next().and_then(|t| t.parse::<u64>().ok())) {
            let f = std::fs::File::options()
                .write(true)
                .open(src.join(p))
                .expect("case.mtimes names a file");
            f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(t))
                .expect("mtime");
        }
    }
    if let Some(origin) = read_opt(&dir.join("case.git-origin")) {
        // a git checkout with this `origin` remote (jekyll-github-metadata reads it)
        for args in [
            vec!["init", "-q", "."],
            vec!["remote", "add", "origin", origin.trim()],
        ] {
            let ok = std::process::Command::new("git")
                .args(&args)
                .current_dir(&src)
                .output()
                .is_ok_and(|o| o.status.success());
            if !ok {
                eprintln!("skipped {name}: git is not available");
                return Vec::new();
            }
        }
    }
    let out = tmp.join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let pre = dir.join("predest");
    if pre.is_dir() {
        copy_site(&pre, &out, &[]);
    }
    // Flags; --config paths are relative to the site folder (the regen script
    // runs Jekyll there).
    let words: Vec<String> = read_opt(&dir.join("case.args"))
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut args = Vec::new();
    let mut i = 0;
    while i < words.len() {
        args.push(words[i].clone());
        if words[i] == "--config" && i + 1 < words.len() {
            let joined: Vec<String> = words[i + 1]
                .split(',')
                .map(|f| src.join(f).to_string_lossy().into_owned())
                .collect();
            args.push(joined.join(","));
            i += 1;
        }
        i += 1;
    }
    // the reference was made by plain Jekyll unless the case says GitHub Pages
    // (scripts/regen-build-fixtures.sh then builds it with jekyll-pages)
    let profile = read_opt(&dir.join("case.profile"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| "jekyll".to_string());
    // `auto:PROFILE`: hyde must choose PROFILE itself (from the Gemfile)
    if !profile.starts_with("auto:") {
        args.push("--profile".into());
        args.push(profile);
    }
    let arg_refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut cmd = hyde();
    cmd.arg("build")
        .arg("-s")
        .arg(&src)
        .arg("-d")
        .arg(&out)
        .args(&arg_refs)
        .current_dir(&src);
    for line in read_opt(&dir.join("case.env")).unwrap_or_default().lines() {
        if let Some((k, v)) = line.split_once('=') {
            cmd.env(k.trim(), v.trim());
        }
    }
    let o = cmd.output().expect("the hyde binary runs");
    if !o.status.success() {
        return vec![format!(
            "hyde build failed: {}",
            String::from_utf8_lossy(&o.stderr)
        )];
    }
    let expected = dir.join("expected");
    let mut bad = site_diff(&expected, &out);
    // Jekyll's warnings (missing layouts, skipped posts, conflicts) are
    // printed with the same words.
    let said =
        String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    let ansi = regex::Regex::new(r"\x1b\[[0-9;]*m").expect("re");
    for line in read_opt(&dir.join("jekyll.log"))
        .unwrap_or_default()
        .lines()
    {
        let line = ansi.replace_all(line, "");
        let t = line.trim_start();
        if ["Build Warning:", "Skipping:", "Conflict:"]
            .iter()
            .any(|w| t.starts_with(w))
            && !said.lines().any(|l| l.trim_end() == line.trim_end())
        {
            bad.push(format!(
                "Jekyll printed {:?}; hyde did not",
                line.trim_end()
            ));
        }
    }
    let want = file_list(&expected);
    for f in file_list(&out) {
        if !want.contains(&f) && !f.ends_with(".map") {
            bad.push(format!("extra {f}"));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    bad
}

macro_rules! cases {
    ($($test:ident => $name:literal,)* ; also: $($more:literal,)*) => {
        $(
            #[test]
            fn $test() {
                let bad = check_case($name);
                assert!(
                    bad.is_empty(),
                    "case {}: hyde's build differs from Jekyll's: {:#?}",
                    $name,
                    bad
                );
            }
        )*

        /// Every case folder has a test.
        #[test]
        fn every_case_is_tested() {
            let known = [$($name,)* $($more,)*];
            for e in std::fs::read_dir(cases_dir()).expect("fixtures") {
                let e = e.expect("entry");
                let n = e.file_name().to_string_lossy().into_owned();
                assert!(known.contains(&n.as_str()), "case {n} has no test in build_fixtures.rs");
                assert!(e.path().join("expected").is_dir(), "case {n} has no expected/ (run scripts/regen-build-fixtures.sh {n})");
            }
        }
    };
}

cases! {
    posts => "posts",
    posts_flags => "posts-flags",
    posts_limit => "posts-limit",
    frontmatter_shapes => "frontmatter-shapes",
    output_read => "output-read",
    permalinks => "permalinks",
    permalinks_date => "permalinks-date",
    permalinks_ordinal => "permalinks-ordinal",
    permalinks_none => "permalinks-none",
    permalinks_custom => "permalinks-custom",
    collections => "collections",
    collections_order => "collections-order",
    defaults => "defaults",
    config => "config",
    data => "data",
    static_files => "static",
    layouts => "layouts",
    sass => "sass",
    sass_dir => "sass-dir",
    plugin_feed => "plugins-feed",
    plugin_sitemap => "plugins-sitemap",
    plugin_redirect => "plugins-redirect",
    plugin_paginate => "plugins-paginate",
    links => "links",
    permalink_dots => "permalink-dots",
    site_vars => "site-vars",
    site_vars_production => "site-vars-production",
    config_baseurl_flag => "config-baseurl-flag",
    plugin_paginate_root => "plugins-paginate-root",
    pages_plugins => "pages-plugins",
    gems_jekyll => "gems-jekyll",
    gems_pages => "gems-pages",
    profile_gemfile_pages => "profile-gemfile-pages",
    profile_gemfile_jekyll => "profile-gemfile-jekyll",
    profile_no_gemfile => "profile-no-gemfile",
    github_env => "github-env",
    github_repository => "github-repository",
    github_remote => "github-remote",
    pages_mentions => "pages-mentions",
    ; also: "plugins-seo", "config-toml",
}

/// `--config _config.toml`: Jekyll reads TOML configs, and so does hyde.
#[test]
fn config_toml() {
    let bad = check_case("config-toml");
    assert!(bad.is_empty(), "case config-toml: {bad:#?}");
}

/// jekyll-seo-tag's `{% seo %}`.
#[test]
fn plugin_seo() {
    let bad = check_case("plugins-seo");
    assert!(bad.is_empty(), "case plugins-seo: {bad:#?}");
}

// ---------------------------------------------------------------------------
// hyde-only behaviour (no Jekyll output to compare with): assertions on what
// the build does and says.

/// Write `files` (path, content) under a fresh temp dir's `site/`; returns
/// (temp dir, site dir).
fn make_site(name: &str, files: &[(&str, &str)]) -> (PathBuf, PathBuf) {
    let tmp = tempdir(name);
    let src = tmp.join("site");
    for (p, text) in files {
        let f = src.join(p);
        std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
        std::fs::write(&f, text).expect("write");
    }
    (tmp, src)
}

fn build_plain(src: &Path, dest: &Path) -> std::process::Output {
    let mut c = hyde();
    c.arg("build").arg("-s").arg(src).arg("-d").arg(dest);
    c.output().expect("the hyde binary runs")
}

fn text(o: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `../` in a permalink is neutralised as Jekyll's URL sanitising does (the
/// `permalink-dots` fixture pins that against Jekyll); a path that only
/// escapes once percent-decoded is refused with an error naming the file, and
/// nothing is written outside the destination.
#[test]
fn permalink_escaping_the_destination_is_refused() {
    for (i, permalink) in [
        "/%2e%2e/%2e%2e/outside.html",
        "/%2E%2E/%2e%2e/%2e%2e/outside.html",
        "/a/%2e%2e/%2e%2e/%2e%2e/outside/",
    ]
    .iter()
    .enumerate()
    {
        let (tmp, src) = make_site(
            &format!("escape-{i}"),
            &[
                (
                    "evil.md",
                    &format!("---\npermalink: \"{permalink}\"\n---\nx\n"),
                ),
                ("fine.md", "---\n---\nfine\n"),
            ],
        );
        let dest = tmp.join("a/b/out");
        let o = build_plain(&src, &dest);
        let said = text(&o);
        assert!(!o.status.success(), "{permalink}: accepted\n{said}");
        assert!(
            said.contains("evil.md") && said.contains("outside the destination"),
            "{permalink}: the error does not name the file: {said}"
        );
        for f in file_list(&tmp) {
            assert!(
                f.starts_with("site/") || f.starts_with("a/b/out/"),
                "{permalink}: wrote {f}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_source_are_not_followed() {
    let (tmp, src) = make_site("symlink", &[("index.md", "---\n---\nhome\n")]);
    let outside = tmp.join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("secret.txt"), "SECRET").expect("write");
    std::fs::write(outside.join("page.md"), "---\n---\nSECRET PAGE\n").expect("write");
    std::os::unix::fs::symlink(&outside, src.join("linked-dir")).expect("symlink");
    std::os::unix::fs::symlink(outside.join("secret.txt"), src.join("leak.txt")).expect("symlink");
    let dest = tmp.join("out");
    let o = build_plain(&src, &dest);
    let said = text(&o);
    for f in file_list(&dest) {
        let body = std::fs::read_to_string(dest.join(&f)).unwrap_or_default();
        assert!(
            !body.contains("SECRET"),
            "{f} holds content from outside the source\n{said}"
        );
    }
    if o.status.success() {
        assert!(dest.join("index.html").is_file(), "{said}");
    } else {
        assert!(
            said.contains("leak.txt") || said.contains("linked-dir"),
            "{said}"
        );
    }
}

/// A symlink left in the destination, where a folder or a page of the build
/// belongs, is replaced: nothing is written through it, at any depth (the
/// clean-up before rendering removes it; the writer checks again for one
/// made since).
#[cfg(unix)]
#[test]
fn symlinks_in_the_destination_are_replaced_not_followed() {
    let (tmp, src) = make_site(
        "destlinks",
        &[
            ("index.md", "---\n---\nhome\n"),
            (
                "blog/post.md",
                "---\npermalink: /blog/deep/post/\n---\npost\n",
            ),
            ("a/one.md", "---\npermalink: /a/one/\n---\none\n"),
            ("a/two.md", "---\npermalink: /a/b/two/\n---\ntwo\n"),
        ],
    );
    let outside = tmp.join("outside");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("index.html"), "OUTSIDE").expect("write");
    let dest = tmp.join("out");
    std::fs::create_dir_all(dest.join("a")).expect("mkdir");
    std::os::unix::fs::symlink(&outside, dest.join("blog")).expect("symlink");
    // below a folder that is made and checked for the page before it
    std::os::unix::fs::symlink(&outside, dest.join("a/b")).expect("symlink");
    std::os::unix::fs::symlink(outside.join("index.html"), dest.join("index.html"))
        .expect("symlink");
    let o = build_plain(&src, &dest);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    let mut left: Vec<_> = std::fs::read_dir(&outside)
        .expect("outside")
        .map(|e| e.expect("entry").file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["index.html"], "written through a symlink\n{said}");
    assert_eq!(
        std::fs::read_to_string(outside.join("index.html")).expect("read"),
        "OUTSIDE"
    );
    for (page, body) in [
        ("index.html", "home"),
        ("blog/deep/post/index.html", "post"),
        ("a/one/index.html", "one"),
        ("a/b/two/index.html", "two"),
    ] {
        let path = dest.join(page);
        let meta = std::fs::symlink_metadata(&path).expect(page);
        assert!(meta.is_file(), "{page} is not a plain file");
        let text = std::fs::read_to_string(&path).expect(page);
        assert!(text.contains(body), "{page}: {text}");
    }
    for dir in ["blog", "a/b"] {
        let meta = std::fs::symlink_metadata(dest.join(dir)).expect(dir);
        assert!(meta.is_dir(), "{dir} is still a symlink");
    }
}

#[test]
fn ruby_plugins_are_reported_once_and_the_rest_builds() {
    let (tmp, src) = make_site(
        "rubyplugins",
        &[
            ("_plugins/one.rb", "module Jekyll; end\n"),
            ("_plugins/two.rb", "module Jekyll; end\n"),
            ("index.md", "---\n---\n*home*\n"),
        ],
    );
    let dest = tmp.join("out");
    let o = build_plain(&src, &dest);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    assert_eq!(
        std::fs::read_to_string(dest.join("index.html")).expect("built"),
        "<p><em>home</em></p>\n"
    );
    let mentions = said.lines().filter(|l| l.contains("_plugins")).count();
    assert_eq!(mentions, 1, "want one line about _plugins, got:\n{said}");
}

#[test]
fn yaml_error_names_file_and_line() {
    let (tmp, src) = make_site(
        "yamlerr",
        &[
            ("ok.md", "---\ntitle: ok\n---\nfine\n"),
            ("bad.md", "---\ntitle: x\nbad: [unclosed\n---\nbody\n"),
        ],
    );
    let dest = tmp.join("out");
    let o = build_plain(&src, &dest);
    let said = text(&o);
    // Jekyll: "YAML Exception reading .../bad.md: (<unknown>): did not find
    // expected ',' or ']' while parsing a flow sequence at line 3 column 6"
    // (a line of the front matter); hyde names the file's line where the
    // parser stopped: the closing `---`, line 4.
    assert!(said.contains("YAML Exception reading"), "{said}");
    assert!(said.contains("bad.md:4:"), "file:line not named: {said}");
    // As Jekyll, the build goes on (exit 0) and bad.md is built without its
    // front matter data (`hyde serve` shows the error in its overlay).
    assert!(o.status.success(), "{said}");
    assert_eq!(
        std::fs::read_to_string(dest.join("bad.html")).expect("bad.md built"),
        "<p>body</p>\n"
    );
    assert_eq!(
        std::fs::read_to_string(dest.join("ok.html")).expect("ok.md built"),
        "<p>fine</p>\n"
    );
}

#[test]
fn destination_conflicts_are_reported_as_jekyll_words_them() {
    let (tmp, src) = make_site(
        "conflict",
        &[
            ("a.md", "---\npermalink: /same/\n---\na\n"),
            ("b.md", "---\npermalink: /same/\n---\nb\n"),
        ],
    );
    let dest = tmp.join("out");
    let o = build_plain(&src, &dest);
    let said = text(&o);
    assert!(o.status.success(), "{said}");
    // Jekyll 4.3.1 prints (and the last one read wins: b.md):
    //   Conflict: The following destination is shared by multiple files.
    //             The written file may end up with unexpected contents.
    //             DEST/same/index.html
    //              - a.md
    //              - b.md
    for want in [
        "Conflict: The following destination is shared by multiple files.",
        "The written file may end up with unexpected contents.",
        "same/index.html",
        " - a.md",
        " - b.md",
    ] {
        assert!(said.contains(want), "missing {want:?} in:\n{said}");
    }
    assert_eq!(
        std::fs::read_to_string(dest.join("same/index.html")).expect("written"),
        "<p>b</p>\n"
    );
}

/// jekyll-gist fetches the gist's code over the network for a <noscript>
/// fallback; offline Jekyll prints a warning and emits only the script tag
/// (preceded by a stray `true`, the warning's return value), so only the
/// script part is pinned here.
#[test]
fn gist_tag_emits_the_script_tag() {
    let (tmp, src) = make_site(
        "gist",
        &[
            ("_config.yml", "plugins: [jekyll-gist]\n"),
            (
                "index.html",
                "---\n---\n{% gist parkr/931c1c8d465a04042403 %}\n{% gist 931c1c8d465a04042403 jekyll-private-gist.markdown %}\n",
            ),
        ],
    );
    let dest = tmp.join("out");
    let o = build_plain(&src, &dest);
    assert!(o.status.success(), "{}", text(&o));
    let html = std::fs::read_to_string(dest.join("index.html")).expect("built");
    for want in [
        r#"<script src="https://gist.github.com/parkr/931c1c8d465a04042403.js"> </script>"#,
        r#"<script src="https://gist.github.com/931c1c8d465a04042403.js?file=jekyll-private-gist.markdown"> </script>"#,
    ] {
        assert!(html.contains(want), "missing {want} in {html}");
    }
}

/// Jekyll's `ensure_not_in_dest`: a destination that is, or contains, the
/// source is refused before anything is written or cleaned.
#[test]
fn destination_containing_the_source_is_refused() {
    let tmp = tempdir("dest-contains-source");
    let src = tmp.join("site");
    std::fs::create_dir_all(&src).expect("mkdir");
    std::fs::write(src.join("index.md"), "---\n---\nhi\n").expect("write");
    std::fs::write(tmp.join("keep.txt"), "mine").expect("write");
    for dest in [tmp.clone(), src.clone(), src.join("..")] {
        let o = run_build(&src, &dest, &[]);
        assert!(
            !o.status.success(),
            "a destination containing the source was accepted"
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("cannot be or contain the Source directory"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read_to_string(tmp.join("keep.txt")).expect("kept"),
        "mine"
    );
    assert!(src.join("index.md").exists());
}
