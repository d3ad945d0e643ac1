//! The scanner's Ruby-to-Rust pattern translation, checked against fancy-regex.

use super::*;
use crate::markdown::test_strings::all_strings;

/// The `regex`-crate path of `captures_all`/`captures`/`is_match`
/// finds what fancy-regex's iterator finds, empty matches included, on
/// every short string over an alphabet with a multi-byte character.
#[test]
fn plain_free_matching_equals_fancy() {
    let pats = [
        r"a*", r"\s*", r"(x)|", r"^", r"$", r"\d*", r"é*", r"(a)(x)?", r".", r"\n?", r"x*$",
    ];
    let alphabet = ['a', 'x', ' ', '\n', 'é'];
    let all = all_strings(&alphabet, 4);
    for pat in pats {
        let re = Re::new(pat, "");
        assert!(re.plain_free().is_some(), "{pat} runs in the regex crate");
        let fancy = re.free();
        for s in &all {
            let want: Vec<Vec<Option<(usize, usize)>>> = fancy
                .captures_iter(s)
                .map(|c| {
                    let c = c.expect("no backtracking limit on these");
                    (0..c.len())
                        .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                        .collect()
                })
                .collect();
            assert_eq!(re.captures_all(s), want, "{pat} on {s:?}");
            assert_eq!(re.captures(s), want.first().cloned(), "{pat} on {s:?}");
            assert_eq!(re.is_match(s), !want.is_empty(), "{pat} on {s:?}");
        }
    }
}

#[test]
fn ascii_classes_and_anchors() {
    let re = Re::new(r"\w+\s", "");
    let mut sc = Scanner::new("abc def");
    assert_eq!(sc.scan(&re).as_deref(), Some("abc "));
    let re2 = Re::new(r"^d", "");
    assert!(sc.check(&re2));
    let z = Re::new(r"f\Z", "");
    assert!(z.is_match("abcf\n"));
    assert!(!z.is_match("abcf\n\n"));
    assert!(!Re::new(r"\w", "").is_match("é"));
    assert!(Re::new(r"[[:alpha:]]", "").is_match("é"));
}
