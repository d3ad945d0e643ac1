//! jemoji: Debian has no jemoji, so Jekyll cannot be the oracle here. The
//! expectations below are jemoji's own (spec/jemoji_spec.rb and
//! spec/fixtures/index.html in jekyll/jemoji 0.13): the `<img>` markup and
//! asset URL, code blocks left alone, pages, posts and written collection
//! documents emojified, non-HTML and unwritten documents untouched, Liquid
//! kept, only the `<body>` of a full page processed, `emoji.src` honoured.
//! The fixture site mirrors jemoji's spec/fixture_site.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_site, root, run_build, tempdir};

const PLUS_ONE: &str = "<img class=\"emoji\" title=\":+1:\" alt=\":+1:\" src=\"https://github.githubassets.com/images/icons/emoji/unicode/1f44d.png\" height=\"20\" width=\"20\">";

fn para(s: &str) -> String {
    format!("<p>{s}</p>\n")
}

/// Build the fixture with `config` as its `_config.yml`.
fn build(name: &str, config: &str) -> PathBuf {
    let tmp = tempdir(&format!("jemoji-{name}"));
    let src = tmp.join("src");
    copy_site(&root().join("tests/fixtures/jemoji/src"), &src, &[]);
    std::fs::write(src.join("_config.yml"), config).expect("config");
    let out = tmp.join("out");
    // jemoji's spec runs plain Jekyll (GitHub Pages would add default layouts)
    let o = run_build(&src, &out, &["--profile", "jekyll"]);
    assert!(
        o.status.success(),
        "hyde build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

fn read(out: &Path, f: &str) -> String {
    std::fs::read_to_string(out.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"))
}

const CONFIG: &str = "plugins: [jemoji]\ncollections:\n  docs:\n    output: true\n  secret: {}\n";

#[test]
fn jemoji_spec_expectations() {
    let out = build("spec", CONFIG);
    // "correctly replaces the emoji with the img in posts"
    assert_eq!(read(&out, "2014/12/02/refactor.html"), para(PLUS_ONE));
    // "doesn't replace emoji in a code block"
    let code = read(&out, "2014/03/08/code-block.html");
    assert!(
        code.contains("<span class=\"s2\">\":smile: every day\"</span>"),
        "{code}"
    );
    assert!(code.contains(PLUS_ONE), "{code}");
    // "correctly replaces the emoji with the img in pages"
    assert_eq!(read(&out, "index.html"), para(PLUS_ONE));
    // "... in collection documents"
    assert_eq!(read(&out, "docs/file.html"), para(PLUS_ONE));
    // "leaves non-HTML files alone"
    assert_eq!(read(&out, "docs/dont_touch_me.txt"), ":+1:");
    // unwritten collection documents: nothing is written
    assert!(!out.join("secret").exists());
    // "does not mangle liquid templates"
    assert_eq!(
        read(&out, "docs/with_liquid.html"),
        para(&format!("{PLUS_ONE} /docs/with_liquid.html"))
    );
    // "does not mangle layouts": spec/fixtures/index.html
    let want = format!(
        "<!DOCTYPE HTML>\n<html lang=\"en-US\">\n  <head>\n    <meta charset=\"UTF-8\">\n    <title>Jemoji</title>\n    <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n    <link rel=\"stylesheet\" href=\"/css/screen.css\">\n  </head>\n  <body class=\"wrap\">\n  <p>{PLUS_ONE}</p>\n\n</body>\n\n</html>\n"
    );
    assert_eq!(read(&out, "layout_page.html"), want);
}

/// The head, attributes, inline code and unknown names stay; custom GitHub
/// emoji use `<name>.png`; keycaps drop the variation selector.
#[test]
fn body_text_only() {
    let out = build("mixed", CONFIG);
    let m = read(&out, "mixed.html");
    assert!(m.contains("<title>:smile: in the head</title>"), "{m}");
    assert!(m.contains("<span title=\":smile:\">"), "{m}");
    assert!(
        m.contains("<code class=\"language-plaintext highlighter-rouge\">:smile:</code>"),
        "{m}"
    );
    assert!(m.contains(" and :not_an_emoji: and "), "{m}");
    assert!(m.contains("<img class=\"emoji\" title=\":shipit:\" alt=\":shipit:\" src=\"https://github.githubassets.com/images/icons/emoji/shipit.png\" height=\"20\" width=\"20\">"), "{m}");
    assert!(
        m.contains(
            "src=\"https://github.githubassets.com/images/icons/emoji/unicode/0023-20e3.png\""
        ),
        "{m}"
    );
}

/// "respects the new base when emojifying": `emoji.src` without `asset`
/// serves from `<src>/emoji/`.
#[test]
fn custom_src() {
    let out = build(
        "src",
        &format!("{CONFIG}emoji:\n  src: http://mine.club/\n"),
    );
    assert_eq!(
        read(&out, "2014/12/02/refactor.html"),
        para(&PLUS_ONE.replace(
            "https://github.githubassets.com/images/icons/",
            "http://mine.club/"
        ))
    );
}

/// Without jemoji under `plugins`, Jekyll leaves the text.
#[test]
fn inactive_without_plugin() {
    let out = build("off", "collections:\n  docs:\n    output: true\n");
    assert_eq!(read(&out, "index.html"), para(":+1:"));
}
