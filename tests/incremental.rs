//! The dev server's incremental rebuilds are exact: after each edit of a
//! sequence (page, post and publication bodies and front matter, dates that
//! reorder neighbours, new, deleted and renamed files, `published: false`,
//! includes, layouts, data, Sass, static files), the destination the
//! `Rebuilder` keeps equals a fresh full build of the same files, byte for
//! byte — and the incremental path (not a fallback to a full build) is the
//! one taken. Runs on the repository's own site, and on academicpages-2025
//! from ../shared/corpus when it is there, in both profiles; the GitHub
//! Pages plugins' inputs are edited too (a README without front matter that
//! becomes its folder's index, a page's first heading that becomes its
//! title, a link to a `.md` file).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hyde::config::{Config, Overrides};
use hyde::profile::Profile;
use hyde::serve::rebuild::Rebuilder;

fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(root).into_iter().flatten() {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .into_owned();
            out.insert(rel, std::fs::read(e.path()).expect("read"));
        }
    }
    out
}

struct Run {
    src: PathBuf,
    dest: PathBuf,
    fresh: PathBuf,
    builder: Rebuilder,
    steps: usize,
    profile: Option<Profile>,
}

impl Run {
    fn new(name: &str, from: &Path, profile: Option<Profile>) -> Run {
        let tmp = common::tempdir(name);
        let src = tmp.join("site");
        common::copy_site(from, &src, &["_site", "target", ".git", ".jekyll-cache"]);
        let dest = tmp.join("served");
        let fresh = tmp.join("fresh");
        let mut builder = Rebuilder::new(Overrides {
            source: Some(src.clone()),
            destination: Some(dest.clone()),
            quiet: true,
            profile,
            ..Overrides::default()
        });
        let first = builder.rebuild(&[]);
        assert_eq!(first.error, None, "{name}: first build");
        Run {
            src,
            dest,
            fresh,
            builder,
            steps: 0,
            profile,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.src.join(rel)
    }

    /// Rebuild after `changed` (relative paths) and compare with a full build.
    fn check(&mut self, step: &str, changed: &[&str]) {
        let paths: Vec<PathBuf> = changed.iter().map(|c| self.path(c)).collect();
        let out = self.builder.rebuild(&paths);
        assert_eq!(out.error, None, "{step}: rebuild failed");
        assert_eq!(out.kind, "incremental", "{step}: the incremental path");
        self.compare(step);
    }

    /// The destination equals a fresh full build of the current files.
    fn compare(&mut self, step: &str) {
        let _ = std::fs::remove_dir_all(&self.fresh);
        let config = Config::load(&Overrides {
            source: Some(self.src.clone()),
            destination: Some(self.fresh.clone()),
            quiet: true,
            profile: self.profile,
            ..Overrides::default()
        })
        .expect("config");
        hyde::build::build(config).expect("fresh build");
        let (got, want) = (files(&self.dest), files(&self.fresh));
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "{step}: file set");
        for (name, bytes) in &want {
            assert!(
                got.get(name) == Some(bytes),
                "{step}: {name} differs from a fresh build:\n--- incremental\n{}\n--- fresh\n{}",
                String::from_utf8_lossy(got.get(name).map(|v| &v[..]).unwrap_or(b"")),
                String::from_utf8_lossy(bytes)
            );
        }
        self.steps += 1;
    }

    fn edit(&self, rel: &str, f: impl FnOnce(String) -> String) {
        let p = self.path(rel);
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, f(text)).expect("write");
    }

    /// Replace the front-matter line starting with `key:` (or add it).
    fn set_front(&self, rel: &str, key: &str, value: &str) {
        self.edit(rel, |t| {
            let rest = t.strip_prefix("---\n").expect("front matter");
            let end = rest.find("\n---").expect("closing line");
            let (fm, body) = rest.split_at(end);
            let mut lines: Vec<String> = fm
                .lines()
                .filter(|l| !l.starts_with(&format!("{key}:")))
                .map(String::from)
                .collect();
            lines.push(format!("{key}: {value}"));
            format!("---\n{}{}", lines.join("\n"), body)
        });
    }
}

/// The first file (sorted) in `dir` of `src` ending with `ext`, relative to `src`.
fn first(src: &Path, dir: &str, ext: &str, nth: usize) -> Option<String> {
    let mut names: Vec<String> = std::fs::read_dir(src.join(dir))
        .ok()?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext) && !n.starts_with('.'))
        .collect();
    names.sort();
    names.get(nth).map(|n| format!("{dir}/{n}"))
}

fn exercise(name: &str, from: &Path, profile: Profile) {
    let name = &format!("{name}-{profile:?}");
    let mut r = Run::new(name, from, Some(profile));
    if first(&r.src, "_posts", ".md", 1).is_none() {
        let extra = "_posts/2000-01-01-hyde-second.md";
        std::fs::write(
            r.path(extra),
            "---\ntitle: Second\n---\nA second post.\n\n<!--more-->\n\nRest.\n",
        )
        .expect("write");
        r.check("second post added", &[extra]);
    }
    // every post shows its neighbours' titles: a post added between two
    // changes both, though neither read it before
    let layout_rel = "_layouts/hyde-neighbours.html";
    std::fs::write(
        r.path(layout_rel),
        "<p>{{ page.previous.title }} | {{ page.next.title }}</p>\n{{ content }}\n",
    )
    .expect("write layout");
    let mut touched = vec![layout_rel.to_string()];
    for i in 0.. {
        let Some(p) = first(&r.src, "_posts", ".md", i) else {
            break;
        };
        r.set_front(&p, "layout", "hyde-neighbours");
        touched.push(p);
    }
    let touched_refs: Vec<&str> = touched.iter().map(|s| s.as_str()).collect();
    r.check("posts show their neighbours", &touched_refs);

    let post = first(&r.src, "_posts", ".md", 0).expect("a post");
    let post2 = first(&r.src, "_posts", ".md", 1).expect("a second post");

    r.edit(&post, |t| t + "\nA new closing paragraph.\n");
    r.check("post body", &[&post]);

    r.set_front(&post, "title", "\"A retitled post\"");
    r.check("post title", &[&post]);

    r.set_front(&post2, "date", "1999-06-01");
    r.check("post date (neighbours reorder)", &[&post2]);

    let added = "_posts/2030-01-01-hyde-added.md";
    std::fs::write(
        r.path(added),
        "---\ntitle: Added\ndate: 2001-02-03\n---\nAdded *post*.\n",
    )
    .expect("write");
    r.check("new post", &[added]);

    r.set_front(added, "published", "false");
    r.check("post unpublished", &[added]);

    std::fs::remove_file(r.path(&post)).expect("delete");
    r.check("post deleted", &[&post]);

    if let Some(publication) = first(&r.src, "_publications", ".md", 0) {
        r.edit(&publication, |t| {
            t.replacen("---\n", "---\nvenue: 'Renamed Venue'\n", 1)
        });
        r.check("publication front matter", &[&publication]);
        let renamed = publication.replace(".md", "-renamed.md");
        std::fs::rename(r.path(&publication), r.path(&renamed)).expect("rename");
        r.check("publication renamed", &[&publication, &renamed]);
    }

    if let Some(page) = first(&r.src, "_pages", ".md", 0) {
        r.edit(&page, |t| t + "\nOne more line on a page.\n");
        r.check("page body", &[&page]);
    }

    let include = first(&r.src, "_includes", ".html", 0).expect("an include");
    r.edit(&include, |t| t + "\n<!-- include edited -->\n");
    r.check("include", &[&include]);

    let layout = first(&r.src, "_layouts", ".html", 0).expect("a layout");
    r.edit(&layout, |t| t + "\n<!-- layout edited -->\n");
    r.check("layout", &[&layout]);

    // a data file: the first `title:` value changes (academicpages' navigation)
    if let Some(data) = first(&r.src, "_data", ".yml", 0) {
        r.edit(&data, |t| {
            let mut done = false;
            t.lines()
                .map(|l| match l.find("title:") {
                    Some(k) if !done => {
                        done = true;
                        format!("{}title: \"Hyde Edited\"", &l[..k])
                    }
                    _ => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        });
        r.check("data file", &[&data]);
    }

    let sass = walkdir::WalkDir::new(r.path("_sass"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "scss"))
        .map(|e| {
            e.path()
                .strip_prefix(&r.src)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        });
    if let Some(sass) = sass {
        r.edit(&sass, |t| t + "\n.hyde-incremental-test { color: red; }\n");
        r.check("Sass partial", &[&sass]);
    }

    let stat = "assets/hyde-incremental.txt";
    std::fs::create_dir_all(r.path("assets")).expect("assets");
    std::fs::write(r.path(stat), "new static file\n").expect("write");
    r.check("static file added", &[stat]);

    // the GitHub Pages plugins' inputs (plain files in the jekyll profile)
    let readme = "hyde-notes/README.md";
    std::fs::create_dir_all(r.path("hyde-notes")).expect("mkdir");
    std::fs::write(
        r.path(readme),
        "# Notes folder\n\nA README without front matter.\n",
    )
    .expect("write");
    r.check("README without front matter added", &[readme]);
    r.edit(readme, |t| t.replace("# Notes folder", "# Renamed notes"));
    r.check("README heading edited", &[readme]);

    let plain = "hyde-plain.md";
    std::fs::write(
        r.path(plain),
        "Plain title\n===========\n\nNo front matter.\n",
    )
    .expect("write");
    r.check("page without front matter added", &[plain]);
    r.edit(plain, |t| t.replace("Plain title", "Another title"));
    r.check("first heading edited", &[plain]);
    r.edit(plain, |t| {
        t + "\nSee [the notes](hyde-notes/README.md) and [the page](hyde-linked.md).\n"
    });
    r.check("link to .md files added", &[plain]);
    let linked = "hyde-linked.md";
    std::fs::write(
        r.path(linked),
        "---\npermalink: /linked-here/\n---\nLinked.\n",
    )
    .expect("write");
    r.check("a link's target added", &[linked]);
    r.set_front(linked, "permalink", "/linked-elsewhere/");
    r.check("a link's target moved", &[linked]);

    println!("{name}: {} incremental rebuilds equal full builds", r.steps);
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    std::env::set_var("SOURCE_DATE_EPOCH", common::EPOCH.to_string());
    std::env::set_var("TZ", "UTC");
    for profile in [Profile::GithubPages, Profile::Jekyll] {
        exercise("self-site", &common::root(), profile);
        match common::shared() {
            Some(shared) => exercise(
                "academicpages-2025",
                &shared.join("corpus/academicpages-2025/site"),
                profile,
            ),
            None => println!("skipped academicpages-2025: ../shared/corpus absent"),
        }
    }
}

/// The page a browser shows is rendered, written and announced first; the
/// outputs still to come are named as pending; the final outcome lists only
/// the rest; the result still equals a full build.
#[test]
fn pages_shown_in_browsers_come_first() {
    std::env::set_var("SOURCE_DATE_EPOCH", common::EPOCH.to_string());
    std::env::set_var("TZ", "UTC");
    let mut r = Run::new("hot", &common::root(), None);
    let publication = first(&r.src, "_publications", ".md", 0).expect("a publication");
    let stem = publication
        .trim_start_matches("_publications/")
        .trim_end_matches(".md")
        .to_string();
    let shown = format!("/publications/{stem}/index.html");
    assert!(
        r.dest.join(shown.trim_start_matches('/')).is_file(),
        "{shown} is an output"
    );
    r.edit(&publication, |t| {
        t + "\nA sentence the list shows no trace of.\n"
    });
    r.set_front(&publication, "title", "\"A new title the list shows\"");
    let hot = std::collections::HashSet::from([shown.clone()]);
    let mut early = Vec::new();
    let out = r
        .builder
        .rebuild_hot(&[r.path(&publication)], &hot, &mut |e| early.push(e));
    assert_eq!(out.error, None);
    assert_eq!(early.len(), 1, "one early announcement");
    assert_eq!(early[0].changed, vec![shown.clone()]);
    assert!(!early[0].pending.contains(&shown));
    assert!(
        early[0].pending.contains("/publications/index.html"),
        "the list is pending: {:?}",
        early[0].pending
    );
    assert!(
        !out.changed.contains(&shown),
        "announced once: {:?}",
        out.changed
    );
    assert!(
        out.changed
            .contains(&"/publications/index.html".to_string()),
        "the list follows: {:?}",
        out.changed
    );
    // and the whole is exact
    r.compare("after the hot rebuild");
}
