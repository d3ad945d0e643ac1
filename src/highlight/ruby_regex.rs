//! Translation of Ruby (Onigmo) regex source, as rouge writes it, into the
//! syntax of the `fancy-regex` crate with the same meaning.
//!
//! Ruby's `\w`, `\s`, `\d`, `\h` are ASCII-only while Rust's are Unicode;
//! `^`/`$` are always line anchors in Ruby; Ruby's `m` flag is Rust's `s`;
//! extended (`x`) mode is resolved here (whitespace and comments dropped)
//! because the two engines treat whitespace inside classes differently.

/// Ruby `Regexp#options` bits.
pub const IGNORECASE: u8 = 1;
/// Ruby `Regexp::EXTENDED`.
pub const EXTENDED: u8 = 2;
/// Ruby `Regexp::MULTILINE` (dot matches newline).
pub const MULTILINE: u8 = 4;

const SPACE: &str = r"\t\n\x0B\x0C\r ";
const WORD: &str = "0-9A-Za-z_";
const DIGIT: &str = "0-9";
const HEX: &str = "0-9a-fA-F";

/// A pattern for `fancy_regex::Regex::new` that matches what the Ruby regex
/// `src` with `opts` matches, anchored at the start of the haystack.
pub fn translate(src: &str, opts: u8) -> String {
    let mut out = String::with_capacity(src.len() + 32);
    out.push_str("(?m");
    if opts & IGNORECASE != 0 {
        out.push('i');
    }
    if opts & MULTILINE != 0 {
        out.push('s');
    }
    out.push_str(r")\A(?:");
    // Onigmo's `\p{Word}` (only met inside classes) is Rust's Unicode `\w`
    let src = src.replace(r"\p{Word}", r"\p{Alphabetic}\p{M}\p{Nd}\p{Pc}");
    let chars: Vec<char> = src.chars().collect();
    let mut t = Tr {
        c: &chars,
        i: 0,
        out: &mut out,
        x: vec![opts & EXTENDED != 0],
    };
    t.run();
    out.push(')');
    out
}

struct Tr<'a> {
    c: &'a [char],
    i: usize,
    out: &'a mut String,
    /// extended mode per open group
    x: Vec<bool>,
}

impl Tr<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    fn xmode(&self) -> bool {
        self.x.last().copied().unwrap_or(false)
    }

    fn run(&mut self) {
        while let Some(ch) = self.peek(0) {
            match ch {
                '\\' => self.escape_outside(),
                '[' => {
                    self.i += 1;
                    self.class();
                }
                '(' => self.group_open(),
                ')' => {
                    self.i += 1;
                    if self.x.len() > 1 {
                        self.x.pop();
                    }
                    self.out.push(')');
                }
                '{' => {
                    if let Some(q) = self.quantifier() {
                        self.out.push_str(&q);
                    } else {
                        self.i += 1;
                        self.out.push_str(r"\{");
                    }
                }
                '}' => {
                    self.i += 1;
                    self.out.push_str(r"\}");
                }
                c if self.xmode() && c.is_whitespace() => self.i += 1,
                '#' if self.xmode() => {
                    while let Some(c) = self.peek(0) {
                        self.i += 1;
                        if c == '\n' {
                            break;
                        }
                    }
                }
                c => {
                    self.i += 1;
                    self.out.push(c);
                }
            }
        }
    }

    /// `{n}`, `{n,}`, `{n,m}`, `{,m}` at the cursor, consumed and rewritten.
    fn quantifier(&mut self) -> Option<String> {
        let mut j = self.i + 1;
        let mut a = String::new();
        while let Some(c) = self.c.get(j).filter(|c| c.is_ascii_digit()) {
            a.push(*c);
            j += 1;
        }
        let mut q = String::from("{");
        match self.c.get(j) {
            Some('}') if !a.is_empty() => {
                q.push_str(&a);
            }
            Some(',') => {
                j += 1;
                let mut b = String::new();
                while let Some(c) = self.c.get(j).filter(|c| c.is_ascii_digit()) {
                    b.push(*c);
                    j += 1;
                }
                if self.c.get(j) != Some(&'}') || (a.is_empty() && b.is_empty()) {
                    return None;
                }
                q.push_str(if a.is_empty() { "0" } else { &a });
                q.push(',');
                q.push_str(&b);
            }
            _ => return None,
        }
        q.push('}');
        self.i = j + 1;
        Some(q)
    }

    fn group_open(&mut self) {
        self.i += 1;
        let cur = self.xmode();
        if self.peek(0) != Some('?') {
            self.out.push('(');
            self.x.push(cur);
            return;
        }
        // (?flags) / (?flags:...) / (?<name> / lookaround / atomic
        let mut j = self.i + 1;
        let mut on = true;
        let mut flags = String::new();
        let mut newx = cur;
        let mut is_flags = false;
        while let Some(&c) = self.c.get(j) {
            match c {
                'i' | 'm' | 'x' => {
                    match c {
                        'x' => newx = on,
                        'm' => flags.push('s'),
                        _ => flags.push('i'),
                    }
                    j += 1;
                }
                '-' => {
                    on = false;
                    flags.push('-');
                    j += 1;
                }
                ':' | ')' => {
                    is_flags = true;
                    break;
                }
                _ => break,
            }
        }
        if !is_flags {
            // (?: (?= (?! (?<= (?<! (?> (?<name>
            self.out.push_str("(?");
            self.i += 1;
            self.x.push(cur);
            return;
        }
        let end = self.c.get(j).copied();
        self.i = j + 1;
        let flags = flags.trim_end_matches('-').to_string();
        if end == Some(')') {
            // flags for the rest of the enclosing group
            if !flags.is_empty() {
                self.out.push_str(&format!("(?{flags})"));
            }
            if let Some(last) = self.x.last_mut() {
                *last = newx;
            }
        } else {
            if flags.is_empty() {
                self.out.push_str("(?:");
            } else {
                self.out.push_str(&format!("(?{flags}:"));
            }
            self.x.push(newx);
        }
    }

    fn escape_outside(&mut self) {
        let Some(c) = self.peek(1) else {
            self.i += 1;
            self.out.push_str(r"\\");
            return;
        };
        self.i += 2;
        let o = &mut *self.out;
        match c {
            'h' => o.push_str(&format!("[{HEX}]")),
            'H' => o.push_str(&format!("[^{HEX}]")),
            's' => o.push_str(&format!("[{SPACE}]")),
            'S' => o.push_str(&format!("[^{SPACE}]")),
            'w' => o.push_str(&format!("[{WORD}]")),
            'W' => o.push_str(&format!("[^{WORD}]")),
            'd' => o.push_str(&format!("[{DIGIT}]")),
            'D' => o.push_str(&format!("[^{DIGIT}]")),
            'Z' => o.push_str(r"(?=\n?\z)"),
            'G' => o.push_str(r"\A"),
            'p' | 'P' | 'x' | 'u' if self.c.get(self.i) == Some(&'{') => {
                // `\p{Name}`, `\x{7F}`: copied through the closing brace
                o.push('\\');
                o.push(c);
                while let Some(&d) = self.c.get(self.i) {
                    self.i += 1;
                    o.push(d);
                    if d == '}' {
                        break;
                    }
                }
            }
            'e' => o.push_str(r"\x1B"),
            'a' => o.push_str(r"\x07"),
            '0' => o.push_str(r"\x00"),
            c if c.is_ascii_alphanumeric() => {
                o.push('\\');
                o.push(c);
            }
            c => push_literal(o, c),
        }
    }

    /// Body of a character class; the opening `[` is consumed.
    fn class(&mut self) {
        self.out.push('[');
        if self.peek(0) == Some('^') {
            self.i += 1;
            self.out.push('^');
        }
        let mut first = true;
        while let Some(ch) = self.peek(0) {
            match ch {
                ']' if !first => {
                    self.i += 1;
                    self.out.push(']');
                    return;
                }
                ']' => {
                    self.i += 1;
                    self.out.push_str(r"\]");
                }
                '[' if self.peek(1) == Some(':') => {
                    let rest: String = self.c[self.i..].iter().take(12).collect();
                    let mut done = false;
                    for (name, rep) in POSIX {
                        let pat = format!("[:{name}:]");
                        if rest.starts_with(&pat) {
                            self.i += pat.chars().count();
                            self.out.push_str(rep);
                            done = true;
                            break;
                        }
                    }
                    if !done {
                        self.i += 1;
                        self.out.push_str(r"\[");
                    }
                }
                '[' => {
                    self.i += 1;
                    self.class();
                }
                '\\' => {
                    let Some(c) = self.peek(1) else {
                        self.i += 1;
                        self.out.push_str(r"\\");
                        continue;
                    };
                    self.i += 2;
                    let o = &mut *self.out;
                    match c {
                        'h' => o.push_str(HEX),
                        'H' => o.push_str(&format!("[^{HEX}]")),
                        's' => o.push_str(SPACE),
                        'S' => o.push_str(&format!("[^{SPACE}]")),
                        'w' => o.push_str(WORD),
                        'W' => o.push_str(&format!("[^{WORD}]")),
                        'd' => o.push_str(DIGIT),
                        'D' => o.push_str(&format!("[^{DIGIT}]")),
                        'e' => o.push_str(r"\x1B"),
                        'b' => o.push_str(r"\x08"),
                        'a' => o.push_str(r"\x07"),
                        '0' => o.push_str(r"\x00"),
                        c if c.is_ascii_alphanumeric() => {
                            o.push('\\');
                            o.push(c);
                        }
                        c => push_class_literal(o, c),
                    }
                }
                '&' if self.peek(1) == Some('&') => {
                    self.i += 2;
                    self.out.push_str("&&");
                }
                '-' if self.peek(1) == Some(']') || self.peek(1) == Some('-') || first => {
                    self.i += 1;
                    self.out.push_str(r"\-");
                }
                '-' => {
                    self.i += 1;
                    self.out.push('-');
                }
                c => {
                    self.i += 1;
                    push_class_literal(self.out, c);
                }
            }
            first = false;
        }
    }
}

const POSIX: &[(&str, &str)] = &[
    ("alpha", r"\p{Alphabetic}"),
    ("alnum", r"\p{Alphabetic}\p{Nd}"),
    ("upper", r"\p{Uppercase}"),
    ("lower", r"\p{Lowercase}"),
    ("digit", r"\p{Nd}"),
    ("space", r"\s"),
    ("word", r"\w"),
    ("punct", r"\p{P}"),
    ("xdigit", HEX),
    ("cntrl", r"\p{Cc}"),
    ("blank", r"\t\p{Zs}"),
];

fn push_literal(o: &mut String, c: char) {
    if c.is_whitespace() {
        o.push_str(&format!(r"\x{{{:X}}}", c as u32));
        return;
    }
    if "\\.+*?()|[]{}^$#&-~".contains(c) {
        o.push('\\');
    }
    o.push(c);
}

fn push_class_literal(o: &mut String, c: char) {
    if "\\[]^-&~".contains(c) || c.is_whitespace() {
        if c.is_whitespace() {
            o.push_str(&format!(r"\x{{{:X}}}", c as u32));
            return;
        }
        o.push('\\');
    }
    o.push(c);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_escapes() {
        assert_eq!(translate(r"\s+", 0), r"(?m)\A(?:[\t\n\x0B\x0C\r ]+)");
        assert_eq!(
            translate(r"[^\w\s]", 0),
            r"(?m)\A(?:[^0-9A-Za-z_\t\n\x0B\x0C\r ])"
        );
        assert_eq!(translate(r"\${#?", 0), r"(?m)\A(?:\$\{#?)");
        assert_eq!(translate(r"a{2,}", 1), r"(?mi)\A(?:a{2,})");
        assert_eq!(translate("a # c\n b", EXTENDED), r"(?m)\A(?:ab)");
        assert_eq!(translate(r"(?-mix:a b)", 0), r"(?m)\A(?:(?-si:a b))");
        assert_eq!(translate(r"[a-z\-]", 0), r"(?m)\A(?:[a-z\-])");
        assert_eq!(translate(r"\p{L}+", 0), r"(?m)\A(?:\p{L}+)");
    }
}
