//! The fast path against the engines.

use super::super::anchored::Anchored;
use super::super::lexers;
use super::*;

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Characters worth trying against `pat`: those it names, and a few
/// that tell classes, words, lines and non-ASCII apart.
fn alphabet(pat: &str) -> Vec<char> {
    let mut a: Vec<char> = " \n\ta_Z0.-\\'\"é\u{212A}".chars().collect();
    for c in pat.chars() {
        if c.is_ascii_graphic() && !a.contains(&c) {
            a.push(c);
        }
    }
    a
}

/// Words worth trying: runs of letters the pattern names (keywords).
fn words(pat: &str) -> Vec<String> {
    let mut w: Vec<String> = pat
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .filter(|w| w.len() > 1)
        .map(str::to_string)
        .collect();
    w.sort();
    w.dedup();
    w
}

fn check(re: &Anchored, fast: &Matcher, pat: &str, hay: &str) {
    let mut saves = [UNSET; MAX_GROUPS * 2];
    let Ok(found) = fast.captures(hay, &mut saves) else {
        return;
    };
    let got = found.then(|| {
        (0..fast.groups())
            .map(|g| {
                let (a, b) = (saves[g * 2], saves[g * 2 + 1]);
                (a != UNSET && b != UNSET && a <= b).then_some((a, b))
            })
            .collect::<Vec<_>>()
    });
    // groups past the last that took part are absent either way; the
    // VM's save slots past the pattern's groups are its own
    let trim = |mut v: Vec<Option<(usize, usize)>>| {
        v.truncate(fast.groups);
        while v.last() == Some(&None) {
            v.pop();
        }
        v
    };
    let got = got.map(trim);
    let want = re.slow_captures(hay, true).map(|s| trim(s.to_vec()));
    let end = want
        .as_ref()
        .and_then(|w| w.first().copied().flatten())
        .map(|(_, e)| e);
    if let Ok(e) = fast.match_end(hay) {
        assert_eq!(e, end, "end of pattern {pat:?} on {hay:?}");
    }
    assert_eq!(got, want, "pattern {pat:?} on {hay:?}");
}

/// Long repetitions of a sub-pattern give up (to the engines) before
/// they need much stack: this runs on a thread with 2 MiB, the default
/// for spawned threads (debug builds included).
#[test]
fn deep_repetition_gives_up_within_a_small_stack() {
    let run = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(|| {
            let lazy = Matcher::new(r"(?m)\A(?:(?:\\.|[^\\\n])*?c)").expect("in the subset");
            let greedy = Matcher::new(r"(?m)\A(?:(?:ab|a)*c)").expect("in the subset");
            let long = "ab".repeat(5000);
            let mut saves = [UNSET; MAX_GROUPS * 2];
            (
                lazy.captures(&long, &mut saves),
                greedy.captures(&long, &mut saves),
                lazy.match_end("abc"),
            )
        })
        .expect("spawn");
    let (a, b, c) = run.join().expect("no stack overflow");
    // one way forward per round: walked in a loop, to the end
    assert_eq!(a, Ok(false));
    assert_eq!(b, Err(GiveUp));
    assert_eq!(c, Ok(Some(3)));
}

/// The fast path gives what the `regex` crate / fancy-regex give, for
/// every rule of every ported lexer, on all short strings over the
/// characters each pattern names and on random longer ones.
#[test]
fn fast_path_agrees_with_the_engines() {
    let mut names: Vec<&str> = lexers::PORTED.to_vec();
    names.extend(lexers::auto::TAGS);
    let mut pats: Vec<String> = names
        .iter()
        .filter_map(|n| lexers::compiled(n))
        .flat_map(|c| c.patterns())
        .collect();
    pats.sort();
    pats.dedup();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut fast_n, mut total, mut lin) = (0, 0, 0);
    for pat in &pats {
        total += 1;
        let Ok(re) = Anchored::new(pat, true) else {
            continue;
        };
        let Some(fast) = re.fast() else { continue };
        fast_n += 1;
        lin += usize::from(fast.linear.is_some());
        let al = alphabet(pat);
        let ws = words(pat);
        // exhaustive up to two characters
        check(&re, fast, pat, "");
        for &a in &al {
            check(&re, fast, pat, &a.to_string());
            for &b in &al {
                check(&re, fast, pat, &format!("{a}{b}"));
            }
        }
        // random strings from the alphabet and the pattern's words
        for _ in 0..1000 {
            let mut h = String::new();
            for _ in 0..1 + rng.below(16) {
                if !ws.is_empty() && rng.below(3) == 0 {
                    h.push_str(&ws[rng.below(ws.len())]);
                } else {
                    h.push(al[rng.below(al.len())]);
                }
            }
            check(&re, fast, pat, &h);
        }
    }
    println!("fast path: {fast_n} of {total} patterns ({lin} linear)");
    assert!(fast_n * 10 > total * 8, "{fast_n} of {total}");
}

/// A string scanned to its closing delimiter (rouge's backtick strings)
/// is walked in a loop however long: no give-up, no recursion.
#[test]
fn a_long_string_is_scanned_without_giving_up() {
    let re = Matcher::new(r"(?m)\A(?:(`+)(?:(?-si:\\.|[^\\\n])|\n)+?\1)").expect("in the subset");
    let mut body = "x\\`y\n".repeat(20_000);
    let mut saves = [UNSET; MAX_GROUPS * 2];
    assert_eq!(re.captures(&format!("``{body}"), &mut saves), Ok(false));
    body.push_str("``z");
    let mut saves = [UNSET; MAX_GROUPS * 2];
    assert_eq!(re.captures(&format!("``{body}"), &mut saves), Ok(true));
    assert_eq!((saves[0], saves[1]), (0, body.len() - 1 + 2));
    assert_eq!((saves[2], saves[3]), (0, 2));
}
