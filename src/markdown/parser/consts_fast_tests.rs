//! The hand-written fenced-block and tag matchers of `scanner::hand`
//! against the regexps they stand for.
use super::*;
use crate::markdown::scanner::{Re, Scanner};

/// The hand-written fenced-block matcher agrees with the regexp.
#[test]
fn hand_fenced_equals_regexp() {
    let slow = Re::new(FENCED_MATCH_S, "m");
    let alphabet = ['`', '~', ' ', '\n', 'a', '?', '\t'];
    let mut strings: Vec<String> = ["```", " ```", "   ~~~", "    ```", "``", "~`~"]
        .iter()
        .map(|x| x.to_string())
        .collect();
    for _ in 0..6 {
        let mut next = Vec::new();
        for s in &strings {
            for c in alphabet {
                let mut t = s.clone();
                t.push(c);
                next.push(t);
            }
        }
        strings = next;
        for s in &strings {
            let mut a = Scanner::new(s.clone());
            let mut b = Scanner::new(s.clone());
            let ra = a.check(&slow);
            let rb = b.check(&FENCED_MATCH);
            let g = |x: &Scanner| {
                (
                    x.matched().to_string(),
                    (1..=5).map(|i| x.group_s(i)).collect::<Vec<_>>(),
                )
            };
            assert_eq!((ra, g(&a)), (rb, g(&b)), "on {s:?}");
        }
    }
}

/// ... and on longer random strings of several lines (fences of mixed
/// characters and lengths, closing lines among others).
#[test]
fn hand_fenced_equals_regexp_random() {
    let slow = Re::new(FENCED_MATCH_S, "m");
    let pieces = [
        "`",
        "~",
        "```",
        "````",
        "~~~",
        " ",
        "\n",
        "a",
        "?",
        "\t",
        "  ",
        "\n```",
        "\n````\n",
        "\n~~~~",
        "\n ``~`\n",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut matched = 0;
    for _ in 0..20_000 {
        let mut s = String::from(["```", "````", "~~~~", "``~`", " ```"][(seed % 5) as usize]);
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let n = (seed % 24) as usize;
        let mut x = seed;
        for _ in 0..n {
            s.push_str(pieces[(x % pieces.len() as u64) as usize]);
            x /= pieces.len() as u64;
            if x == 0 {
                x = seed.rotate_left(29) | 1;
            }
        }
        let mut a = Scanner::new(s.clone());
        let mut b = Scanner::new(s.clone());
        let ra = a.check(&slow);
        let rb = b.check(&FENCED_MATCH);
        let g = |x: &Scanner| {
            (
                x.matched().to_string(),
                (1..=5).map(|i| x.group_s(i)).collect::<Vec<_>>(),
            )
        };
        assert_eq!((ra, g(&a)), (rb, g(&b)), "on {s:?}");
        matched += usize::from(ra);
    }
    assert!(
        matched > 1000,
        "the strings should often be fenced blocks ({matched})"
    );
}

/// The hand-written tag matchers agree with the tag regexps (groups
/// included) on every short string over the characters they look at.
#[test]
fn hand_tags_equal_regexps() {
    let tag = Re::new(&HTML_TAG_BODY.replace("UNAME", UNAME), "m");
    let close = Re::new(&format!(r"<\/({UNAME})\s*>"), "m");
    let alphabet = [
        'a', ' ', '=', '"', '\'', '/', '>', ':', '-', '\n', 'é', '1', '<',
    ];
    let mut strings = vec![String::from("<")];
    for _ in 0..6 {
        let mut next = Vec::new();
        for s in &strings {
            for c in alphabet {
                let mut t = s.clone();
                t.push(c);
                next.push(t);
            }
        }
        strings = next;
        for s in &strings {
            for (slow, fast) in [(&tag, &*HTML_TAG_RE), (&close, &*HTML_TAG_CLOSE_RE)] {
                let mut a = Scanner::new(s.clone());
                let mut b = Scanner::new(s.clone());
                let ra = a.check(slow);
                let rb = b.check(fast);
                assert_eq!(
                    (ra, a.matched(), a.group(1), a.group(2), a.group(4)),
                    (rb, b.matched(), b.group(1), b.group(2), b.group(4)),
                    "on {s:?}"
                );
            }
        }
    }
}
