use super::*;

fn urls(p: &str) -> Option<String> {
    match p {
        "about.md" => Some("/about/".into()),
        "_pages/cv.md" => Some("/cv/".into()),
        "docs/a b.md" => Some("/docs/a%20b.html".into()),
        "files/x.pdf" => Some("/files/x.pdf".into()),
        _ => None,
    }
}

fn rw(c: &str, rel: &str) -> String {
    rewrite(c, rel, &urls).unwrap_or_else(|| c.to_string())
}

#[test]
fn inline_links() {
    assert_eq!(rw("[A](about.md)", "index.md"), "[A](/about/)");
    assert_eq!(
        rw("[A](../about.md#x \"T\")", "_pages/cv.md"),
        "[A](/about/#x \"T\")"
    );
    assert_eq!(
        rw("![i](/files/x.pdf)", "_pages/cv.md"),
        "![i](/files/x.pdf)"
    );
    assert_eq!(
        rw("[A](a%20b.md) [B](a+b.md)", "docs/i.md"),
        "[A](/docs/a%20b.html) [B](/docs/a%20b.html)"
    );
    assert_eq!(
        rw("[A](#about.md) [B](http://x/about.md)", "index.md"),
        "[A](#about.md) [B](http://x/about.md)"
    );
    assert_eq!(rw("[A](../about.md)", "index.md"), "[A](../about.md)");
    assert_eq!(rw("[A [B](about.md)", "index.md"), "[A [B](/about/)");
    assert_eq!(rewrite("[A](nothing.md)", "index.md", &urls), None);
}

#[test]
fn reference_links() {
    assert_eq!(rw("x\n[a]: about.md\n", "index.md"), "x\n\n[a]: /about/\n");
    // the match starts at the blank line before and takes the trailing spaces;
    // a title opens with `"`
    assert_eq!(
        rw("x\n\n  [a]: about.md \"T\"  \ny", "index.md"),
        "x\n\n[a]: /about/ \"T\"\ny"
    );
    assert_eq!(rw("[a]: about.md 'T'", "index.md"), "[a]: about.md 'T'");
    assert_eq!(rw("[a]: about.md#top", "index.md"), "\n[a]: /about/#top");
}

#[test]
fn regex_corners() {
    // the title's second alternative opens with " and closes with '
    assert_eq!(rw("[A](about.md \"x')", "index.md"), "[A](/about/ \"x')");
    // the shortest path that lets the rest match: ")" ends it, titles may hold ")"
    assert_eq!(
        rw("[A](about.md \"a)b\")", "index.md"),
        "[A](/about/ \"a)b\")"
    );
    assert_eq!(rw("[A](about.md#a)b)", "index.md"), "[A](/about/#a)b)");
    // the path may span lines; the text may not
    assert_eq!(rw("[A\n](about.md)", "index.md"), "[A\n](about.md)");
}

#[test]
fn absolute_uris() {
    for a in [
        "mailto:x",
        "c:x.md",
        "C:/x",
        "x:/../a.md",
        "http://h:%31/",
        "\u{212A}:x",
    ] {
        assert!(addressable_absolute(a), "{a}");
    }
    for r in [
        "http:",
        "http://",
        "http://a b/x",
        "http://h:xx/",
        ":x",
        "a b:c",
        "http://[a b]/",
        "./a:b",
        "//host/x",
    ] {
        assert!(!addressable_absolute(r), "{r}");
    }
}

#[test]
fn paths() {
    assert_eq!(path_from_root("a//b/./c/", "x").as_deref(), Some("x/a/b/c"));
    assert_eq!(path_from_root("/a.md", "x").as_deref(), Some("a.md"));
    assert_eq!(path_from_root("../a.md", "x/y").as_deref(), Some("x/a.md"));
    assert_eq!(path_from_root("../../a.md", "x"), None);
    assert_eq!(path_from_root("..", "x"), None);
    assert_eq!(path_from_root("~/a.md", "."), None);
    assert_eq!(dirname("a.md"), ".");
    assert_eq!(dirname("a/b/c.md"), "a/b");
}

#[test]
fn settings_read() {
    let y = crate::yaml::parse(
        "relative_links: {enabled: false, collections: true, exclude: [a, 1]}",
        &|_| crate::config::utc(),
    );
    let Ok(Value::Hash(m)) = y else {
        panic!("yaml")
    };
    let st = settings(&m);
    assert_eq!(
        st,
        Settings {
            enabled: false,
            collections: true,
            exclude: vec!["a".into()]
        }
    );
    let d = settings(&Map::default());
    assert!(d.enabled && !d.collections && d.exclude.is_empty());
}

#[test]
fn linear_on_hostile_input() {
    let mut c = String::new();
    for _ in 0..20000 {
        c.push_str("[x](\n[r]: a.md \"q\n");
    }
    let t = std::time::Instant::now();
    let _ = rewrite(&c, "index.md", &urls);
    assert!(t.elapsed().as_secs_f64() < 2.0);
}
