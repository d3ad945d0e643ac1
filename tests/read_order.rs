//! Documents are made on every core, but what reading them reports comes out
//! in Jekyll's read order: by file name within a folder, posts before the
//! other collections.

mod common;

use std::fs;

/// The numbers `NN` of the lines of `text` that contain `marker` and
/// `{prefix}NN`, in the order they were printed.
fn order(text: &str, marker: &str, prefix: &str) -> Vec<usize> {
    text.lines()
        .filter(|l| l.contains(marker))
        .filter_map(|l| {
            let at = l.find(prefix)? + prefix.len();
            l[at..at + 2].parse().ok()
        })
        .collect()
}

#[test]
fn warnings_and_errors_keep_the_read_order() {
    let tmp = common::tempdir("read-order");
    let src = tmp.join("site");
    fs::create_dir_all(src.join("_posts")).expect("mkdir");
    fs::create_dir_all(src.join("_things")).expect("mkdir");
    fs::write(
        src.join("_config.yml"),
        "collections:\n  things:\n    output: true\n",
    )
    .expect("config");
    let n = 60;
    for i in 0..n {
        // dated after the build's clock (2026-01-01): skipped, with a warning
        fs::write(
            src.join(format!("_posts/2030-01-01-future-{i:02}.md")),
            format!("---\ntitle: p{i}\n---\nbody {i}\n"),
        )
        .expect("post");
        // YAML that does not parse: an error naming the file
        fs::write(
            src.join(format!("_things/broken-{i:02}.md")),
            format!("---\ntitle: [unclosed {i}\n---\nbody {i}\n"),
        )
        .expect("thing");
    }
    let mut c = common::hyde();
    c.arg("build")
        .arg("-s")
        .arg(&src)
        .arg("-d")
        .arg(tmp.join("out"));
    let o = c.output().expect("the hyde binary runs");
    let said =
        String::from_utf8_lossy(&o.stderr).into_owned() + &String::from_utf8_lossy(&o.stdout);
    let expected: Vec<usize> = (0..n).collect();
    assert_eq!(
        order(&said, "has a future date", "future-"),
        expected,
        "{said}"
    );
    assert_eq!(order(&said, "Error", "broken-"), expected, "{said}");
    // the posts are read before the other collections
    let last_skip = said.rfind("has a future date").expect("skips printed");
    let first_error = said.find("broken-").expect("errors printed");
    assert!(last_skip < first_error, "{said}");
}
