//! Includes rendered once for all pages (`src/liquid/include_memo.rs`): a
//! build must be byte for byte the same with the memo on and off
//! (`HYDE_INTERNAL_NO_INCLUDE_MEMO=1`), over includes that read every kind
//! of thing that differs between pages, and over the 22 corpus sites.

mod common;

use std::path::Path;

use common::*;

/// Build `src` into `dest` with the include memo on or off: stdout+stderr.
fn build(src: &Path, dest: &Path, memo: bool, extra: &[&str]) -> String {
    let mut c = hyde();
    // a corpus site's environment (`PAGES_REPO_NWO=...`, `JEKYLL_ENV=...`)
    if let Some(env) = src.parent().map(|p| p.join("env")) {
        for line in std::fs::read_to_string(env).unwrap_or_default().lines() {
            if let Some((k, v)) = line.split_once('=') {
                c.env(k.trim(), v.trim());
            }
        }
    }
    c.arg("build")
        .arg("-s")
        .arg(src)
        .arg("-d")
        .arg(dest)
        .args(extra);
    if !memo {
        c.env("HYDE_INTERNAL_NO_INCLUDE_MEMO", "1");
    }
    let o = c.output().expect("the hyde binary runs");
    assert!(
        o.status.success(),
        "build of {} failed: {}",
        src.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    // the timing line differs from run to run
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    text.replace(&dest.display().to_string(), "DEST")
        .lines()
        .filter(|l| !l.contains("done in"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file under `a` and `b` the same, and no file in one only.
fn same_trees(a: &Path, b: &Path) -> Vec<String> {
    let (fa, fb) = (file_list(a), file_list(b));
    let mut bad = Vec::new();
    if fa != fb {
        bad.push(format!("file lists differ: {fa:?} vs {fb:?}"));
    }
    for f in fa.iter().filter(|f| fb.contains(f)) {
        let (x, y) = (
            std::fs::read(a.join(f)).expect("read"),
            std::fs::read(b.join(f)).expect("read"),
        );
        if x != y {
            bad.push(format!(
                "{f} differs:\n--- memo\n{}\n--- no memo\n{}",
                String::from_utf8_lossy(&x),
                String::from_utf8_lossy(&y)
            ));
        }
    }
    bad
}

const LAYOUT: &str = r#"<html>{% include pure.html %}|after:{{ base }}/{{ last_nav }}|
{% include nested_pure.html %}|{% include reads_page.html %}|{% include nested_outer.html %}|
{% include posts.html %}|{% include related.html %}|{% include layout_reader.html %}|
{% include counter.html %}{% include counter.html %}|{% include cycle.html %}{% include cycle.html %}|
{% include read_before_assign.html %}{% include read_before_assign.html %}|
{% for y in (1..2) %}{% include parentloop.html %}{% endfor %}|
{% for i in (1..3) %}{{ i }}{% include breaks.html %}{% endfor %}|
{% include unknown_filter.html %}|{% include site_pages.html %}|
{% include flag.html %}|{% include number.html %}|{% include who_outer.html %}|
{% include shade.html %}shade={{ shade }}|{% include when.html %}|{% include body_size.html %}|
{% include who_by_index.html %}|{% for post in site.posts %}{% include item.html %}{% endfor %}|
{{ content }}</html>
"#;

/// (include name, text): each reads something the memo must see.
const INCLUDES: &[(&str, &str)] = &[
    // the same for every page: site data, its own assigns, its own loop
    (
        "pure.html",
        "{% assign base = site.url | append: site.baseurl %}{% for l in site.data.nav %}\
         <a href=\"{{ base }}{{ l.url }}\">{{ l.title }}</a>{{ forloop.index }}\
         {% assign last_nav = l.title %}{% endfor %}{% assign n = 'x' %}{{ n }}",
    ),
    ("nested_pure.html", "{% include pure.html %}[{{ base }}]"),
    ("reads_page.html", "<h1>{{ page.title }}</h1>"),
    (
        "nested_outer.html",
        "{% include pure.html %}{% include reads_page.html %}",
    ),
    ("reads_outer.html", "[{{ greeting }}]"),
    (
        "posts.html",
        "{{ site.posts.first.title }}/{{ site.posts | size }}/{{ site.posts.last.output | size }}",
    ),
    ("related.html", "{{ site.related_posts | size }}"),
    ("layout_reader.html", "{{ layout.flavour }}"),
    ("counter.html", "{% increment hits %}"),
    ("cycle.html", "{% cycle 'a', 'b' %}"),
    ("read_before_assign.html", "({{ m }}){% assign m = 'set' %}"),
    (
        "parentloop.html",
        "{% for x in (1..2) %}{{ forloop.parentloop.index }}{% endfor %}",
    ),
    ("breaks.html", "{% if i == 2 %}{% break %}{% endif %}"),
    ("unknown_filter.html", "{{ 'x' | no_such_filter }}"),
    ("site_pages.html", "{{ site.pages | size }}"),
    // reused where the page values it read are the same (a dep each)
    (
        "flag.html",
        "{% if page.flag == 1 %}int:{% endif %}{% if page.flag %}F{{ page.flag }}{% else %}none{% endif %}",
    ),
    ("number.html", "n={{ page.num }}"),
    (
        "who_outer.html",
        "{% assign who = page.who %}{% include who_inner.html %}",
    ),
    ("who_inner.html", "<{{ who }}>"),
    ("shade.html", "{% assign shade = page.shade | default: 'none' %}"),
    ("when.html", "{{ page.date | date: '%Y-%m-%d %H' }}"),
    ("body_size.html", "{{ content | size }}"),
    ("who_by_index.html", "{{ site.data.names[page.who] }}"),
    ("item.html", "({{ post.title }}{{ post.tags | size }})"),
];

#[test]
fn includes_render_the_same_with_the_memo_on_and_off() {
    let mut files: Vec<(String, String)> = vec![
        (
            "_config.yml".into(),
            "url: https://example.org\nbaseurl: /b\n".into(),
        ),
        (
            "_data/nav.yml".into(),
            "- {title: One, url: /one/}\n- {title: Two, url: /two/}\n".into(),
        ),
        ("_data/names.yml".into(), "a: Alice\nb: Bob\n".into()),
        (
            "_layouts/default.html".into(),
            format!("---\nflavour: plain\n---\n{LAYOUT}"),
        ),
        (
            "_layouts/post.html".into(),
            "---\nlayout: default\nflavour: post\n---\n<article>{{ content }}</article>\n".into(),
        ),
    ];
    for (name, text) in INCLUDES {
        files.push((format!("_includes/{name}"), (*text).into()));
    }
    for i in 1..=4 {
        let greet = if i % 2 == 0 {
            format!("{{% assign greeting = 'hello {i}' %}}")
        } else {
            String::new()
        };
        // values that pages share, or that print alike but differ
        let (flag, num, who, shade) = [
            ("x", "1", "a", "dark"),
            ("x", "1.0", "a", "dark"),
            ("1", "1", "b", "light"),
            ("'1'", "2", "~", "~"),
        ][i - 1];
        let values = format!("flag: {flag}\nnum: {num}\nwho: {who}\nshade: {shade}\n");
        files.push((
            format!("p{i}.md"),
            format!(
                "---\nlayout: default\ntitle: Page {i}\n{values}---\n{greet}{{% include reads_outer.html %}} \
                 {{% include pure.html %}} body {i}\n"
            ),
        ));
        // two posts on the same day
        let date = if i <= 2 {
            format!("2024-01-01 10:00:00 +0{i}00")
        } else {
            format!("2024-01-0{i}")
        };
        files.push((
            format!("_posts/2024-01-0{i}-post-{i}.md"),
            format!(
                "---\nlayout: post\ntitle: Post {i}\ndate: {date}\ntags: [t{i}]\n{values}---\n\
                 Post body {i}.\n\n<!--more-->\n\nMore.\n"
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let tmp = tempdir("include-memo");
    let src = tmp.join("site");
    for (p, text) in &refs {
        let f = src.join(p);
        std::fs::create_dir_all(f.parent().expect("parent")).expect("mkdir");
        std::fs::write(&f, text).expect("write");
    }
    let (on, off) = (tmp.join("on"), tmp.join("off"));
    let said_on = build(&src, &on, true, &[]);
    let said_off = build(&src, &off, false, &[]);
    let bad = same_trees(&on, &off);
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
    assert_eq!(said_on, said_off, "the build's messages differ");
    // and the pages are what each page's own reads make them
    let p2 = std::fs::read_to_string(on.join("p2.html")).expect("p2");
    let p3 = std::fs::read_to_string(on.join("p3.html")).expect("p3");
    assert!(p2.contains("<h1>Page 2</h1>") && p3.contains("<h1>Page 3</h1>"));
    assert!(p2.contains("[hello 2]") && p3.contains("[]"));
    assert!(p2.contains("|after:https://example.org/b/Two|"), "{p2}");
    assert!(p2.contains("01|") && p2.contains("ab|"), "{p2}");
    assert!(p2.contains("()(set)"), "{p2}");
    assert!(p2.contains("1122|"), "{p2}");
    let post = std::fs::read_to_string(on.join("2024/01/01/post-2.html")).expect("post");
    assert!(post.contains("|post|") && p2.contains("|plain|"), "{post}");
    let p1 = std::fs::read_to_string(on.join("p1.html")).expect("p1");
    let p4 = std::fs::read_to_string(on.join("p4.html")).expect("p4");
    // the same values reused, different ones rendered again
    assert!(p1.contains("|\nFx|n=1|<a>|\nshade=dark||"), "{p1}");
    assert!(p2.contains("|\nFx|n=1.0|<a>|\nshade=dark||"), "{p2}");
    assert!(p3.contains("|\nint:F1|n=1|<b>|\nshade=light||"), "{p3}");
    assert!(p4.contains("|\nF1|n=2|<>|\nshade=none||"), "{p4}");
    assert!(
        p1.contains("\nAlice|(Post 41)(Post 31)(Post 11)(Post 21)|"),
        "{p1}"
    );
    assert!(p3.contains("\nBob|") && p4.contains("\n|(Post 41)"), "{p4}");
    let post1 = std::fs::read_to_string(on.join("2024/01/01/post-1.html")).expect("post");
    assert!(
        post1.contains("|2024-01-01 09|") && post.contains("|2024-01-01 08|"),
        "{post}"
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// Every corpus site (`../shared/corpus` and `corpus-wide`), both profiles.
#[test]
fn corpus_sites_build_the_same_with_the_memo_on_and_off() {
    let Some(sites) = corpus_sites() else {
        println!("skipped: ../shared/corpus absent");
        return;
    };
    let tmp = tempdir("include-memo-corpus");
    let mut bad = Vec::new();
    for site in &sites {
        for profile in ["jekyll", "github-pages"] {
            let (on, off) = (tmp.join("on"), tmp.join("off"));
            let _ = std::fs::remove_dir_all(&on);
            let _ = std::fs::remove_dir_all(&off);
            let extra = ["--profile", profile, "--disable-disk-cache", "-q"];
            build(site, &on, true, &extra);
            build(site, &off, false, &extra);
            for b in same_trees(&on, &off) {
                bad.push(format!("{} ({profile}): {}", site.display(), b));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(!sites.is_empty(), "no corpus sites found");
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}
