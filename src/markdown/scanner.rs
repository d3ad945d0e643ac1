//! Ruby-flavoured regular expressions and a `StringScanner` work-alike: the
//! machinery the kramdown parser port is written in.
//!
//! kramdown's parser is a set of Ruby regexps run by `StringScanner`. Ruby's
//! `\s \w \d` are ASCII-only, `^`/`$` always match at lines, `\Z` is "end or
//! before a final newline", `[[:alpha:]]` is Unicode. [`ruby_to_rust`]
//! rewrites a Ruby pattern into fancy-regex syntax with those meanings, so the
//! patterns can be ported character for character. A [`Scanner`] matches them
//! against the rest of its string from the current position (Ruby's
//! non-fixed-anchor mode: `\A` and `^` match at the scan position).

use foldhash::HashMap;

mod hand;
pub use hand::Fast;

/// A Ruby regexp, anchored at the scan position or free (compiled lazily).
pub struct Re {
    anchored_src: String,
    free_src: String,
    /// Compiled on first use: many patterns are mostly decided by hand.
    anchored_re: std::sync::OnceLock<fancy_regex::Regex>,
    /// The anchored pattern as a fancy-regex program that only tries the
    /// scan position (see [`Re::anchored_captures`]).
    anchored_prog: std::sync::OnceLock<Option<fancy_regex::internal::Prog>>,
    free_re: std::sync::OnceLock<fancy_regex::Regex>,
    /// The anchored pattern in the `regex` crate when it needs no
    /// backtracking features: a failing match then costs a DFA scan only.
    plain_anchored_re: std::sync::OnceLock<Option<regex::Regex>>,
    /// The free pattern in the `regex` crate when it needs no backtracking
    /// (fancy-regex would delegate to the same engine, with more overhead).
    plain_free_re: std::sync::OnceLock<Option<regex::Regex>>,
    /// A match never spans more than this many lines (plus trailing blank
    /// lines): anchored matching may look at that window only. 0 = no bound.
    window: usize,
    /// A plain anchored regex every match must also match (a fast reject).
    prefilter: Option<regex::Regex>,
    /// A hand-written equivalent (or necessary condition) for hot patterns.
    fast: Option<Fast>,
}

impl std::fmt::Debug for Re {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Re({})", self.free_src)
    }
}

/// Translate Ruby regexp syntax to fancy-regex syntax (see the module doc).
pub fn ruby_to_rust(src: &str) -> String {
    let mut out = String::with_capacity(src.len() + 16);
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut in_class = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && i + 1 < chars.len() {
            let n = chars[i + 1];
            i += 2;
            let rep: Option<&str> = if in_class > 0 {
                match n {
                    's' => Some(r" \t\n\x0B\x0C\r"),
                    'w' => Some("a-zA-Z0-9_"),
                    'd' => Some("0-9"),
                    'h' => Some("0-9a-fA-F"),
                    '1'..='7' => {
                        // Ruby reads `\2` in a class as an octal escape
                        out.push_str(&format!("\\x0{n}"));
                        continue;
                    }
                    _ => None,
                }
            } else {
                match n {
                    's' => Some(r"[ \t\n\x0B\x0C\r]"),
                    'S' => Some(r"[^ \t\n\x0B\x0C\r]"),
                    'w' => Some("[a-zA-Z0-9_]"),
                    'W' => Some("[^a-zA-Z0-9_]"),
                    'd' => Some("[0-9]"),
                    'D' => Some("[^0-9]"),
                    'h' => Some("[0-9a-fA-F]"),
                    'Z' => Some(r"(?=\n?\z)"),
                    // Ruby's \b and \B are Unicode-aware although \w is not
                    'b' => Some(r"(?:(?<=\w)(?!\w)|(?<!\w)(?=\w))"),
                    'B' => Some(r"(?:(?<=\w)(?=\w)|(?<!\w)(?!\w))"),
                    _ => None,
                }
            };
            match rep {
                Some(r) => out.push_str(r),
                None => {
                    if n == 'p' && chars.get(i) == Some(&'{') {
                        // \p{Word} → Unicode \w (Rust's default \w is Unicode)
                        let rest: String = chars[i..].iter().collect();
                        if rest.starts_with("{Word}") {
                            out.push_str(r"\w");
                            i += 6;
                            continue;
                        }
                    }
                    out.push('\\');
                    out.push(n);
                }
            }
            continue;
        }
        if c == '[' {
            let rest: String = chars[i..chars.len().min(i + 10)].iter().collect();
            if rest.starts_with("[:alpha:]") && in_class > 0 {
                out.push_str(r"\p{Alphabetic}");
                i += 9;
                continue;
            }
            if rest.starts_with("[:alnum:]") && in_class > 0 {
                out.push_str(r"\p{Alphabetic}\p{Nd}");
                i += 9;
                continue;
            }
            in_class += 1;
            out.push('[');
            i += 1;
            // a leading ']' or '^]' is literal in Ruby classes
            if chars.get(i) == Some(&'^') {
                out.push('^');
                i += 1;
            }
            continue;
        }
        if c == ']' && in_class > 0 {
            in_class -= 1;
            out.push(']');
            i += 1;
            continue;
        }
        if in_class > 0 && (c == '&' || c == '~' || c == '-' && chars.get(i + 1) == Some(&'-')) {
            // characters Rust would read as class set operations
            out.push('\\');
            out.push(c);
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

impl Re {
    /// Compile a Ruby pattern; `flags` may hold `m` (dot matches newline) and `i`.
    pub fn new(ruby: &str, flags: &str) -> Re {
        let body = ruby_to_rust(ruby);
        let mut pre = String::from("(?m");
        if flags.contains('m') {
            pre.push('s');
        }
        if flags.contains('i') {
            pre.push('i');
        }
        pre.push(')');
        let free_src = format!("{pre}(?:{body})");
        let anch_src = format!(r"{pre}\A(?:{body})");
        Re {
            window: 0,
            prefilter: None,
            fast: None,
            anchored_src: anch_src,
            free_src,
            anchored_re: std::sync::OnceLock::new(),
            anchored_prog: std::sync::OnceLock::new(),
            free_re: std::sync::OnceLock::new(),
            plain_anchored_re: std::sync::OnceLock::new(),
            plain_free_re: std::sync::OnceLock::new(),
        }
    }

    /// Compile a fancy-regex. The patterns are fixed strings of this module
    /// (or escaped names); a failure is a programming error the tests catch
    /// (`compiled`). Fall back to a never-matching pattern rather than panic.
    fn compile(src: &str) -> fancy_regex::Regex {
        fancy_regex::Regex::new(src).unwrap_or_else(|e| {
            debug_assert!(false, "bad regex {src}: {e}");
            // a constant pattern: compiling it cannot fail
            #[allow(clippy::expect_used)]
            fancy_regex::Regex::new(r"[^\s\S]").expect("constant pattern")
        })
    }

    fn anchored(&self) -> &fancy_regex::Regex {
        self.anchored_re
            .get_or_init(|| Re::compile(&self.anchored_src))
    }

    /// Captures of the anchored pattern at the start of `rest`, by
    /// fancy-regex's backtracking VM. `Regex::captures` would put a lazy
    /// `(?s:.)*?` in front of the pattern and retry at every later position
    /// once `\A` fails there: a check at each of n positions of a long text
    /// then costs n² (forty thousand `~` took 20 s). The program compiled
    /// here is the pattern alone, run at the start only. It stays within
    /// fancy-regex's backtracking limit; past it, no match (as before).
    fn anchored_captures(&self, rest: &str) -> Option<Vec<Option<(usize, usize)>>> {
        let prog = self.anchored_prog.get_or_init(|| {
            let mut tree = fancy_regex::Expr::parse_tree(&self.anchored_src).ok()?;
            // group 0: the whole match, as `Regex::new` wraps it
            let inner = std::mem::replace(&mut tree.expr, fancy_regex::Expr::Empty);
            tree.expr = fancy_regex::Expr::Group(Box::new(inner));
            let info = fancy_regex::internal::analyze(&tree).ok()?;
            fancy_regex::internal::compile(&info).ok()
        });
        let Some(prog) = prog else {
            // not compiled this way (cannot happen for the parser's
            // patterns, which compile with `Regex::new`): the searching form
            return self.anchored().captures(rest).ok().flatten().map(|c| {
                (0..c.len())
                    .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                    .collect()
            });
        };
        let saves = fancy_regex::internal::run_default(prog, rest, 0).ok()??;
        let groups = self.anchored().captures_len();
        Some(
            (0..groups)
                .map(|g| match (saves.get(2 * g), saves.get(2 * g + 1)) {
                    (Some(&a), Some(&b)) if a != usize::MAX && b != usize::MAX => Some((a, b)),
                    _ => None,
                })
                .collect(),
        )
    }

    fn free(&self) -> &fancy_regex::Regex {
        self.free_re.get_or_init(|| Re::compile(&self.free_src))
    }

    fn plain_anchored(&self) -> Option<&regex::Regex> {
        self.plain_anchored_re
            .get_or_init(|| regex::Regex::new(&self.anchored_src).ok())
            .as_ref()
    }

    fn plain_free(&self) -> Option<&regex::Regex> {
        self.plain_free_re
            .get_or_init(|| regex::Regex::new(&self.free_src).ok())
            .as_ref()
    }

    /// Capture offsets of the first match at or after `pos`: fancy-regex's
    /// `captures_from_pos`, in the `regex` crate when the pattern allows.
    fn captures_from_pos(&self, s: &str, pos: usize) -> Option<Vec<Option<(usize, usize)>>> {
        if let Some(p) = self.plain_free() {
            let mut locs = p.capture_locations();
            p.captures_read_at(&mut locs, s, pos)?;
            return Some((0..locs.len()).map(|i| locs.get(i)).collect());
        }
        let c = self.free().captures_from_pos(s, pos).ok()??;
        Some(
            (0..c.len())
                .map(|i| c.get(i).map(|m| (m.start(), m.end())))
                .collect(),
        )
    }

    /// Whether the pattern compiles (tests assert it for every pattern).
    pub fn compiled(&self) -> bool {
        fancy_regex::Regex::new(&self.anchored_src).is_ok()
            && fancy_regex::Regex::new(&self.free_src).is_ok()
    }

    /// Declare that matches span at most `lines` lines (see `window`).
    pub fn lines(mut self, lines: usize) -> Re {
        self.window = lines;
        self
    }

    /// Attach a hand-written matcher.
    pub fn fast(mut self, f: Fast) -> Re {
        self.fast = Some(f);
        self
    }

    /// A plain-regex (Rust syntax) necessary prefix checked first.
    pub fn prefilter(mut self, pat: &str) -> Re {
        self.prefilter = regex::Regex::new(&format!(r"\A(?:{pat})")).ok();
        self
    }

    /// The part of `rest` an anchored match of this pattern can depend on.
    fn window<'t>(&self, rest: &'t str) -> &'t str {
        if self.window == 0 {
            return rest;
        }
        let b = rest.as_bytes();
        let mut end = 0;
        let mut lines = 0;
        while lines < self.window {
            match memchr_nl(&b[end..]) {
                Some(i) => {
                    end += i + 1;
                    lines += 1;
                }
                None => return rest,
            }
        }
        while end < b.len() && matches!(b[end], b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
            end += 1;
        }
        if end >= b.len() {
            return rest;
        }
        // one more character, so that `$`, `\z` and lookaheads at the end
        // of the window see what follows
        let mut e = end + 1;
        while e < b.len() && !rest.is_char_boundary(e) {
            e += 1;
        }
        &rest[..e]
    }

    /// Whether anchored matching runs in the `regex` crate (no backtracking).
    pub fn is_plain(&self) -> bool {
        self.plain_anchored().is_some()
    }

    /// Does the pattern match anywhere in `s`?
    pub fn is_match(&self, s: &str) -> bool {
        match self.plain_free() {
            Some(p) => p.is_match(s),
            None => self.free().is_match(s).unwrap_or(false),
        }
    }

    /// Match positions (absolute in `s`) of the first match anywhere.
    pub fn captures(&self, s: &str) -> Option<Vec<Option<(usize, usize)>>> {
        self.captures_from_pos(s, 0)
    }

    /// All non-overlapping matches, as capture offset lists, found as
    /// fancy-regex's `captures_iter` finds them (an empty match right after
    /// a match is skipped).
    pub fn captures_all(&self, s: &str) -> Vec<Vec<Option<(usize, usize)>>> {
        let mut v = Vec::new();
        if let Some(p) = self.plain_free() {
            // the same loop, with one set of capture slots
            let mut locs = p.capture_locations();
            let mut last_end = 0;
            let mut last_match = None;
            while last_end <= s.len() {
                if p.captures_read_at(&mut locs, s, last_end).is_none() {
                    break;
                }
                let Some((a, b)) = locs.get(0) else { break };
                if a == b {
                    last_end = next_utf8(s, b);
                    if Some(b) == last_match {
                        continue;
                    }
                } else {
                    last_end = b;
                }
                last_match = Some(b);
                v.push((0..locs.len()).map(|i| locs.get(i)).collect());
            }
            return v;
        }
        let mut last_end = 0;
        let mut last_match = None;
        while last_end <= s.len() {
            let Some(c) = self.captures_from_pos(s, last_end) else {
                break;
            };
            let Some((a, b)) = c.first().copied().flatten() else {
                break;
            };
            if a == b {
                last_end = next_utf8(s, b);
                if Some(b) == last_match {
                    continue;
                }
            } else {
                last_end = b;
            }
            last_match = Some(b);
            v.push(c);
        }
        v
    }

    /// Ruby's `gsub` with a replacement closure given the captures.
    pub fn replace_all<F: FnMut(&[Option<&str>]) -> String>(&self, s: &str, mut f: F) -> String {
        let mut out = String::with_capacity(s.len());
        let mut last = 0;
        let mut groups: Vec<Option<&str>> = Vec::new();
        for c in self.captures_all(s) {
            let Some((a, b)) = c.first().copied().flatten() else {
                continue;
            };
            out.push_str(&s[last..a]);
            groups.clear();
            groups.extend(c.iter().map(|g| g.map(|(x, y)| &s[x..y])));
            out.push_str(&f(&groups));
            last = b;
        }
        out.push_str(&s[last..]);
        out
    }

    /// Ruby's `sub` (first match only).
    pub fn replace_first<F: FnOnce(&[Option<&str>]) -> String>(
        &self,
        s: &str,
        f: F,
    ) -> Option<String> {
        let c = self.captures(s)?;
        let (a, b) = c.first().copied().flatten()?;
        let groups: Vec<Option<&str>> = c.iter().map(|g| g.map(|(x, y)| &s[x..y])).collect();
        let mut out = String::with_capacity(s.len());
        out.push_str(&s[..a]);
        out.push_str(&f(&groups));
        out.push_str(&s[b..]);
        Some(out)
    }
}

/// The index after the character at `i` (fancy-regex's `next_utf8`: one
/// past the end at the end).
fn next_utf8(text: &str, i: usize) -> usize {
    let b = match text.as_bytes().get(i) {
        None => return i + 1,
        Some(&b) => b,
    };
    let inc = if b <= 0x7F {
        1
    } else if b <= 0xDF {
        2
    } else if b <= 0xEF {
        3
    } else {
        4
    };
    i + inc
}

/// Lazily compiled static Ruby regexp: `static X: LazyRe = lazy_re!(r"…", "m");`
pub type LazyRe = std::sync::LazyLock<Re>;

fn memchr_nl(b: &[u8]) -> Option<usize> {
    crate::markdown::fast::find_nl(b)
}

#[macro_export]
#[doc(hidden)]
macro_rules! lazy_re {
    ($pat:expr, $flags:expr, fast $f:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, $flags).fast($f))
    };
    ($pat:expr, $flags:expr, lines $n:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, $flags).lines($n))
    };
    ($pat:expr, $flags:expr, prefilter $p:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, $flags).prefilter($p))
    };
    ($pat:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, ""))
    };
    ($pat:expr, $flags:expr) => {
        std::sync::LazyLock::new(|| $crate::markdown::scanner::Re::new(&$pat, $flags))
    };
}

/// Ruby's `StringScanner`: a string, a position and the last match.
#[derive(Debug, Clone, Default)]
pub struct Scanner {
    pub s: String,
    pub pos: usize,
    m: Vec<Option<(usize, usize)>>,
    /// `scan_until` patterns (by source) known to match nowhere from this
    /// position on: kramdown scans for an extension's stop tag from every
    /// start tag, which repeated over a long text is quadratic
    misses: Vec<(String, usize)>,
    /// (`Fast::Between`'s closing literal, a position from which it does
    /// not occur): an unclosed `<!--` is looked for from every later
    /// `<!--`, which over a long text is quadratic
    unclosed: Vec<(&'static str, usize)>,
    /// fenced-code opening lines known to have no closing line after the
    /// position given: the same unclosed fence repeated is otherwise
    /// followed to the end of the text from each copy
    unfenced: HashMap<Vec<u8>, usize>,
    /// Raw HTML elements starting before this position are parsed as
    /// nodes, not written ahead as HTML (see `parser/raw_html.rs`).
    pub raw_tree_until: usize,
}

impl Scanner {
    pub fn new(s: impl Into<String>) -> Scanner {
        Scanner {
            s: s.into(),
            pos: 0,
            m: Vec::new(),
            misses: Vec::new(),
            unclosed: Vec::new(),
            unfenced: HashMap::default(),
            raw_tree_until: 0,
        }
    }

    /// A scanner over `s` whose match record reuses `m`'s buffer.
    pub fn with_matches(s: String, mut m: Vec<Option<(usize, usize)>>) -> Scanner {
        m.clear();
        Scanner {
            s,
            pos: 0,
            m,
            misses: Vec::new(),
            unclosed: Vec::new(),
            unfenced: HashMap::default(),
            raw_tree_until: 0,
        }
    }

    /// The match record's buffer, for reuse.
    pub fn into_matches(self) -> Vec<Option<(usize, usize)>> {
        self.m
    }

    pub fn eos(&self) -> bool {
        self.pos >= self.s.len()
    }

    pub fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    pub fn terminate(&mut self) {
        self.pos = self.s.len();
        self.m.clear();
    }

    fn set(&mut self, c: Option<Vec<Option<(usize, usize)>>>, base: usize) -> bool {
        match c {
            Some(v) => {
                self.m.clear();
                self.m
                    .extend(v.into_iter().map(|g| g.map(|(a, b)| (a + base, b + base))));
                true
            }
            None => {
                self.m.clear();
                false
            }
        }
    }

    /// `Fast::Between` at `base`, remembering where its closing literal
    /// is known to be missing.
    fn check_between(&mut self, base: usize, open: &'static str, close: &'static str) -> bool {
        self.m.clear();
        let b = &self.s.as_bytes()[base..];
        if !b.starts_with(open.as_bytes()) {
            return false;
        }
        let from = base + open.len();
        if self
            .unclosed
            .iter()
            .any(|&(c, at)| c == close && at <= from)
        {
            return false;
        }
        match hand::between(b, open, close) {
            Some(groups) => {
                self.m
                    .extend(groups.iter().map(|g| g.map(|(a, z)| (base + a, base + z))));
                true
            }
            None => {
                match self.unclosed.iter_mut().find(|(c, _)| *c == close) {
                    Some((_, at)) => *at = (*at).min(from),
                    None => self.unclosed.push((close, from)),
                }
                false
            }
        }
    }

    /// `Fast::Fenced` at `base`. A fence's match depends only on its
    /// opening line and the lines after it, so an opening line that found
    /// no closing line cannot find one again further on.
    fn check_fenced(&mut self, base: usize) -> bool {
        self.m.clear();
        let rest = &self.s[base..];
        let line = match crate::markdown::fast::find_nl(rest.as_bytes()) {
            Some(i) => &rest.as_bytes()[..i],
            None => return false,
        };
        if self.unfenced.get(line).is_some_and(|&at| at <= base) {
            return false;
        }
        match hand::fenced(rest) {
            Some(groups) => {
                self.m
                    .extend(groups.iter().map(|g| g.map(|(a, z)| (base + a, base + z))));
                true
            }
            None => {
                let at = self.unfenced.entry(line.to_vec()).or_insert(base);
                *at = (*at).min(base);
                false
            }
        }
    }

    /// Match at the position without moving (`check`/`match?`).
    pub fn check(&mut self, re: &Re) -> bool {
        let base = self.pos;
        if let Some(Fast::Between(open, close)) = re.fast {
            return self.check_between(base, open, close);
        }
        if let Some(Fast::Fenced) = re.fast {
            return self.check_fenced(base);
        }
        let c = {
            let rest = &self.s[base..];
            if let Some(f) = re.fast.filter(|f| f.is_tag()) {
                match f.run_tag(rest) {
                    Some(Some((groups, n))) => {
                        self.m.clear();
                        self.m.extend(
                            groups[..n]
                                .iter()
                                .map(|g| g.map(|(a, b)| (base + a, base + b))),
                        );
                        return true;
                    }
                    Some(None) => {
                        self.m.clear();
                        return false;
                    }
                    // undecided: the regexp below (`run` leaves tags to it)
                    None => {}
                }
            } else if let Some(f) = re.fast {
                match f.run_groups(rest) {
                    Some(Some(groups)) => {
                        self.m.clear();
                        self.m
                            .extend(groups.iter().map(|g| g.map(|(a, b)| (base + a, base + b))));
                        return true;
                    }
                    Some(None) => {
                        self.m.clear();
                        return false;
                    }
                    None => {}
                }
                match f.run(rest) {
                    Some(Some(len)) => {
                        self.m.clear();
                        self.m.push(Some((base, base + len)));
                        return true;
                    }
                    Some(None) => {
                        self.m.clear();
                        return false;
                    }
                    None => {}
                }
            }
            if let Some(p) = &re.prefilter {
                if !p.is_match(rest) {
                    self.m.clear();
                    return false;
                }
            }
            let rest = re.window(rest);
            if let Some(p) = re.plain_anchored() {
                // no allocation when there is no match or no group
                self.m.clear();
                if p.captures_len() == 1 {
                    return match p.find(rest) {
                        Some(m) => {
                            self.m.push(Some((base + m.start(), base + m.end())));
                            true
                        }
                        None => false,
                    };
                }
                if !p.is_match(rest) {
                    return false;
                }
                let mut locs = p.capture_locations();
                if p.captures_read(&mut locs, rest).is_none() {
                    return false;
                }
                self.m.extend(
                    (0..locs.len()).map(|i| locs.get(i).map(|(a, b)| (base + a, base + b))),
                );
                return true;
            } else {
                re.anchored_captures(rest)
            }
        };
        self.set(c, base)
    }

    /// Match at the position and move past the match.
    pub fn scan(&mut self, re: &Re) -> Option<String> {
        if self.check(re) {
            let (a, b) = self.m[0]?;
            self.pos = b;
            Some(self.s[a..b].to_string())
        } else {
            None
        }
    }

    /// Like `scan` but only reports success (no copy of the match).
    pub fn skip(&mut self, re: &Re) -> bool {
        self.scan_range(re).is_some()
    }

    /// Like `scan`, giving the byte range of the match instead of a copy.
    pub fn scan_range(&mut self, re: &Re) -> Option<(usize, usize)> {
        if self.check(re) {
            let (a, b) = self.m[0]?;
            self.pos = b;
            Some((a, b))
        } else {
            None
        }
    }

    /// Search from the position; move past the match and return the text up
    /// to its end.
    pub fn scan_until(&mut self, re: &Re) -> Option<String> {
        let base = self.pos;
        // A `regex` crate pattern (no look-behind) that matched nowhere
        // from an earlier position cannot match after `base` either: only
        // a match at `base` itself (where `\A` holds now) is left to try.
        let plain = re.plain_free().is_some();
        let known_miss = plain
            && self
                .misses
                .iter()
                .any(|(src, from)| *from <= base && *src == re.free_src);
        if known_miss {
            if self.check(re) {
                let (_, b) = self.m[0]?;
                self.pos = b;
                return Some(self.s[base..b].to_string());
            }
            return None;
        }
        let c = {
            let rest = &self.s[base..];
            re.captures(rest)
        };
        if self.set(c, base) {
            let (_, b) = self.m[0]?;
            self.pos = b;
            Some(self.s[base..b].to_string())
        } else {
            if plain {
                match self.misses.iter_mut().find(|(src, _)| *src == re.free_src) {
                    Some((_, from)) => *from = (*from).min(base),
                    None => self.misses.push((re.free_src.clone(), base)),
                }
            }
            None
        }
    }

    /// `scan_until(/(?=P)/)`: move to where `P` first matches and return the
    /// text before it. `P` is a plain `regex` (leftmost match start).
    pub fn scan_until_start(&mut self, re: &regex::Regex) -> Option<String> {
        let base = self.pos;
        let m = re.find(&self.s[base..])?;
        let start = base + m.start();
        self.m.clear();
        self.m.push(Some((start, start)));
        self.pos = start;
        Some(self.s[base..start].to_string())
    }

    /// `scan_until_start` without copying: the byte range of the text
    /// passed over.
    pub fn skip_until_start(&mut self, re: &regex::Regex) -> Option<(usize, usize)> {
        let base = self.pos;
        let m = re.find(&self.s[base..])?;
        let start = base + m.start();
        self.m.clear();
        self.m.push(Some((start, start)));
        self.pos = start;
        Some((base, start))
    }

    /// `skip_until_start` with kramdown's span-start regexp decided by
    /// hand (`fast::span_start`).
    pub fn skip_until_hand(
        &mut self,
        starts: &crate::markdown::fast::SpanStarts,
    ) -> Option<(usize, usize)> {
        let base = self.pos;
        let i = starts.find(&self.s.as_bytes()[base..])?;
        let start = base + i;
        self.m.clear();
        self.m.push(Some((start, start)));
        self.pos = start;
        Some((base, start))
    }

    /// Move `off` bytes on, as `scan_until_start` does when its pattern
    /// was found there: the byte range passed over.
    pub fn jump(&mut self, off: usize) -> (usize, usize) {
        let base = self.pos;
        let start = base + off;
        self.m.clear();
        self.m.push(Some((start, start)));
        self.pos = start;
        (base, start)
    }

    pub fn matched(&self) -> &str {
        match self.m.first() {
            Some(Some((a, b))) => &self.s[*a..*b],
            _ => "",
        }
    }

    pub fn matched_size(&self) -> usize {
        match self.m.first() {
            Some(Some((a, b))) => b - a,
            _ => 0,
        }
    }

    /// Capture group `i` of the last match (`@src[i]`).
    pub fn group(&self, i: usize) -> Option<&str> {
        match self.m.get(i) {
            Some(Some((a, b))) => Some(&self.s[*a..*b]),
            _ => None,
        }
    }

    pub fn group_s(&self, i: usize) -> Option<String> {
        self.group(i).map(str::to_string)
    }

    /// The string before the last match (`pre_match`).
    pub fn pre_match(&self) -> &str {
        match self.m.first() {
            Some(Some((a, _))) => &self.s[..*a],
            _ => "",
        }
    }

    /// Record a match found by hand: `len` bytes at `start`, with groups.
    pub fn set_match(&mut self, start: usize, len: usize, groups: &[Option<(usize, usize)>]) {
        self.m.clear();
        self.m.push(Some((start, start + len)));
        self.m.extend_from_slice(groups);
    }

    /// Move past the last match.
    pub fn advance(&mut self) {
        if let Some(Some((_, b))) = self.m.first() {
            self.pos = *b;
        }
    }

    /// The next character (`getch`), empty at the end.
    pub fn getch(&mut self) -> String {
        match self.s[self.pos..].chars().next() {
            Some(c) => {
                self.pos += c.len_utf8();
                self.m.clear();
                self.m.push(Some((self.pos - c.len_utf8(), self.pos)));
                c.to_string()
            }
            None => String::new(),
        }
    }
}

type ReMap = HashMap<String, std::sync::Arc<Re>>;
type PlainMap = HashMap<String, std::sync::Arc<regex::Regex>>;

static GLOBAL_RES: std::sync::LazyLock<std::sync::Mutex<(ReMap, PlainMap)>> =
    std::sync::LazyLock::new(|| std::sync::Mutex::new((HashMap::default(), HashMap::default())));

thread_local! {
    /// This thread's view of `GLOBAL_RES`, plus a key buffer: a pattern
    /// already seen on this thread is found without locking (rayon renders
    /// pages on every core) and without allocating its key.
    static LOCAL_RES: std::cell::RefCell<(ReMap, PlainMap, String)> =
        std::cell::RefCell::new((HashMap::default(), HashMap::default(), String::new()));
}

/// A process-wide cache for patterns built at run time (tag names,
/// indentations): compiled once, shared by every conversion; each thread
/// keeps its own lock-free index of the patterns it has used.
#[derive(Default)]
pub struct ReCache;

impl ReCache {
    pub fn get(&mut self, pat: &str, flags: &str) -> std::sync::Arc<Re> {
        self.get_lines(pat, flags, 0)
    }

    /// Like `get`, for a pattern whose matches span at most `lines` lines.
    pub fn get_lines(&mut self, pat: &str, flags: &str, lines: usize) -> std::sync::Arc<Re> {
        self.get_with(pat, flags, lines, None)
    }

    /// Like `get_lines`, with a hand-written matcher.
    pub fn get_with(
        &mut self,
        pat: &str,
        flags: &str,
        lines: usize,
        fast: Option<Fast>,
    ) -> std::sync::Arc<Re> {
        use std::fmt::Write;
        LOCAL_RES.with(|local| {
            let mut local = local.borrow_mut();
            let (map, _, key) = &mut *local;
            key.clear();
            // writing into a String cannot fail
            let _ = write!(key, "{flags}/{lines}/{fast:?}/{pat}");
            if let Some(re) = map.get(key.as_str()) {
                return re.clone();
            }
            let key = key.clone();
            let re = {
                let mut g = match GLOBAL_RES.lock() {
                    Ok(g) => g,
                    Err(p) => p.into_inner(),
                };
                g.0.entry(key.clone())
                    .or_insert_with(|| {
                        let re = Re::new(pat, flags).lines(lines);
                        std::sync::Arc::new(match fast {
                            Some(f) => re.fast(f),
                            None => re,
                        })
                    })
                    .clone()
            };
            local.0.insert(key, re.clone());
            re
        })
    }

    /// A plain-regex (already Rust syntax) used with `scan_until_start`.
    pub fn plain(&mut self, pat: &str) -> std::sync::Arc<regex::Regex> {
        LOCAL_RES.with(|local| {
            let mut local = local.borrow_mut();
            if let Some(re) = local.1.get(pat) {
                return re.clone();
            }
            let re = {
                let mut g = match GLOBAL_RES.lock() {
                    Ok(g) => g,
                    Err(p) => p.into_inner(),
                };
                g.1.entry(pat.to_string())
                    .or_insert_with(|| {
                        std::sync::Arc::new(regex::Regex::new(pat).unwrap_or_else(|e| {
                            debug_assert!(false, "bad regex {pat}: {e}");
                            regex::Regex::new(r"[^\s\S]").expect("constant pattern")
                        }))
                    })
                    .clone()
            };
            local.1.insert(pat.to_string(), re.clone());
            re
        })
    }
}

/// Escape text for use inside a Ruby/Rust pattern.
pub fn escape(s: &str) -> String {
    regex::escape(s)
}

/// Compile check used by tests: the error for a Ruby pattern, if any.
pub fn compile_error(ruby: &str, flags: &str) -> Option<String> {
    let body = ruby_to_rust(ruby);
    let f = if flags.contains('m') { "(?ms)" } else { "(?m)" };
    fancy_regex::Regex::new(&format!(r"{f}\A(?:{body})"))
        .err()
        .map(|e| format!("{e}: {body}"))
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod fast_tests;
