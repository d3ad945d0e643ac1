//! BibTeX values are LaTeX: `{\"o}`, `\&`, `--`, `{\em word}`. The script
//! (pubsFromBib.py) only deletes `{`, `}` and `\` from titles and venues, so
//! `G{\"o}del` becomes `G&quot;odel`; hyde turns the markup into the text it
//! stands for: Unicode letters and punctuation, and `<i>`/`<b>`/`<sup>`/
//! `<sub>` for the font commands (the front matter holds HTML already, as
//! academicpages' citations do).
//!
//! Text without a backslash, a brace, `$`, `~`, `--`, ``` `` ``` or `''`
//! comes back unchanged.

use unicode_normalization::UnicodeNormalization;

/// Deepest brace nesting followed; deeper groups are read as plain text
/// (no input legitimately nests this far; it bounds the recursion).
const MAX_DEPTH: usize = 64;

/// `latex` as plain text (with the HTML tags above), whitespace collapsed.
pub fn to_text(latex: &str) -> String {
    convert(latex, true)
}

/// `latex` as plain text without the tags (for a search query).
pub fn to_plain(latex: &str) -> String {
    convert(latex, false)
}

fn convert(latex: &str, tags: bool) -> String {
    let chars: Vec<char> = latex.chars().collect();
    let mut p = Reader {
        chars: &chars,
        pos: 0,
        math: false,
        tags,
        last_dollar: chars.iter().rposition(|&c| c == '$'),
    };
    let out = p.group(0, false);
    let out: String = out.nfc().collect();
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

struct Reader<'a> {
    chars: &'a [char],
    pos: usize,
    /// Inside `$...$`.
    math: bool,
    /// Whether font commands become `<i>`, `<b>`...
    tags: bool,
    /// Where the last `$` is: a `$` before it opens math, one after it is text.
    last_dollar: Option<usize>,
}

/// The combining mark of an accent command (`\'` → U+0301...).
fn accent_mark(cmd: &str) -> Option<char> {
    Some(match cmd {
        "'" => '\u{301}',
        "`" => '\u{300}',
        "^" => '\u{302}',
        "\"" => '\u{308}',
        "~" => '\u{303}',
        "=" => '\u{304}',
        "." => '\u{307}',
        "u" => '\u{306}',
        "v" => '\u{30c}',
        "H" => '\u{30b}',
        "c" => '\u{327}',
        "k" => '\u{328}',
        "r" => '\u{30a}',
        "d" => '\u{323}',
        "b" => '\u{331}',
        "t" => '\u{361}',
        _ => return None,
    })
}

/// Commands that stand for a character or a word.
fn symbol(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "ss" => "ß",
        "o" => "ø",
        "O" => "Ø",
        "ae" => "æ",
        "AE" => "Æ",
        "oe" => "œ",
        "OE" => "Œ",
        "aa" => "å",
        "AA" => "Å",
        "l" => "ł",
        "L" => "Ł",
        "i" => "ı",
        "j" => "ȷ",
        "dh" => "ð",
        "DH" => "Ð",
        "th" => "þ",
        "TH" => "Þ",
        "ng" => "ŋ",
        "NG" => "Ŋ",
        "dj" => "đ",
        "DJ" => "Đ",
        "&" => "&",
        "%" => "%",
        "$" => "$",
        "#" => "#",
        "_" => "_",
        "{" => "{",
        "}" => "}",
        " " | "," | ";" | ":" | "quad" | "qquad" | "\\" | "newline" | "par" => " ",
        "-" | "/" | "@" | "relax" | "protect" | "noopsort" | "nocase" | "!" => "",
        "copyright" | "textcopyright" => "©",
        "textregistered" => "®",
        "texttrademark" => "™",
        "pounds" | "textsterling" => "£",
        "euro" | "texteuro" => "€",
        "S" | "textsection" => "§",
        "P" | "textparagraph" => "¶",
        "dag" | "textdagger" => "†",
        "ddag" | "textdaggerdbl" => "‡",
        "ldots" | "dots" | "textellipsis" => "…",
        "textendash" => "–",
        "textemdash" => "—",
        "textquoteleft" => "‘",
        "textquoteright" => "’",
        "textquotedblleft" => "“",
        "textquotedblright" => "”",
        "guillemotleft" | "guillemetleft" => "«",
        "guillemotright" | "guillemetright" => "»",
        "textasciitilde" => "~",
        "textbackslash" => "\\",
        "textbar" => "|",
        "textless" => "<",
        "textgreater" => ">",
        "textdegree" | "degree" => "°",
        "textmu" => "µ",
        "LaTeX" => "LaTeX",
        "TeX" => "TeX",
        "BibTeX" => "BibTeX",
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" | "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "rho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" | "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        "times" => "×",
        "pm" => "±",
        "leq" | "le" => "≤",
        "geq" | "ge" => "≥",
        "neq" | "ne" => "≠",
        "approx" => "≈",
        "infty" => "∞",
        "cdot" => "·",
        "to" | "rightarrow" => "→",
        "leftarrow" => "←",
        "sim" => "∼",
        _ => return None,
    })
}

/// Font commands that take an argument (`\emph{x}`), and the tag they become
/// (`""`: none, the argument is kept as it is).
fn font_command(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "emph" | "textit" | "textsl" | "mathit" => "i",
        "textbf" | "mathbf" | "boldsymbol" => "b",
        "textsuperscript" => "sup",
        "textsubscript" => "sub",
        "textsc" | "textrm" | "texttt" | "textsf" | "textup" | "textmd" | "textnormal" | "mbox"
        | "hbox" | "text" | "mathrm" | "mathsf" | "mathtt" | "mathcal" | "mathbb" | "url"
        | "NoCaseChange" | "MakeUppercase" | "MakeLowercase" | "uppercase" | "lowercase" => "",
        _ => return None,
    })
}

/// Font switches (`{\em x}`): they apply to the rest of their group.
fn font_switch(cmd: &str) -> Option<&'static str> {
    Some(match cmd {
        "em" | "it" | "itshape" | "sl" | "slshape" => "i",
        "bf" | "bfseries" => "b",
        "sc" | "scshape" | "rm" | "sf" | "tt" | "normalfont" | "upshape" | "small"
        | "footnotesize" | "large" | "Large" | "scriptsize" | "tiny" | "huge" => "",
        _ => return None,
    })
}

impl Reader<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// Text up to the end of the current group (a `}` when `braced`, else
    /// the end of the input), which the `}` closes.
    fn group(&mut self, depth: usize, braced: bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                '}' if braced => return out,
                '}' => {} // an unbalanced `}`: dropped
                '{' if depth < MAX_DEPTH => out.push_str(&self.group(depth + 1, true)),
                '{' => {}
                '\\' => {
                    let cmd = self.command_name();
                    if let (Some(tag), true) = (font_switch(&cmd), depth < MAX_DEPTH) {
                        let rest = self.group(depth + 1, braced);
                        out.push_str(&self.wrap(tag, &rest));
                        return out;
                    }
                    out.push_str(&self.command(&cmd, depth));
                }
                '$' if self.math || self.last_dollar.is_some_and(|l| l >= self.pos) => {
                    self.math = !self.math;
                }
                '~' => out.push(' '),
                '-' if self.peek() == Some('-') => {
                    self.pos += 1;
                    if self.peek() == Some('-') {
                        self.pos += 1;
                        out.push('—');
                    } else {
                        out.push('–');
                    }
                }
                '`' if self.peek() == Some('`') => {
                    self.pos += 1;
                    out.push('“');
                }
                '\'' if self.peek() == Some('\'') => {
                    self.pos += 1;
                    out.push('”');
                }
                c => out.push(c),
            }
        }
        out
    }

    /// The name after a `\`: a run of letters, or one other character.
    fn command_name(&mut self) -> String {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.pos += 1;
        }
        if self.pos == start {
            if let Some(c) = self.peek() {
                self.pos += 1;
                return c.to_string();
            }
            return String::new();
        }
        let name: String = self.chars[start..self.pos].iter().collect();
        // A space after a command word only ends the word.
        while self.peek().is_some_and(|c| c == ' ') {
            self.pos += 1;
        }
        name
    }

    /// One argument: a `{group}`, or else the next character.
    fn argument(&mut self, depth: usize) -> String {
        while self.peek() == Some(' ') {
            self.pos += 1;
        }
        match self.peek() {
            Some('{') if depth < MAX_DEPTH => {
                self.pos += 1;
                self.group(depth + 1, true)
            }
            Some('\\') => {
                self.pos += 1;
                let cmd = self.command_name();
                self.command(&cmd, depth + 1)
            }
            Some(c) => {
                self.pos += 1;
                c.to_string()
            }
            None => String::new(),
        }
    }

    fn wrap(&self, tag: &str, text: &str) -> String {
        if !self.tags || tag.is_empty() || text.trim().is_empty() {
            text.to_string()
        } else {
            format!("<{tag}>{text}</{tag}>")
        }
    }

    /// What the command `\cmd` (its name read) stands for, with its arguments.
    fn command(&mut self, cmd: &str, depth: usize) -> String {
        if depth >= MAX_DEPTH {
            return String::new();
        }
        if let Some(mark) = accent_mark(cmd) {
            let arg = self.argument(depth);
            let mut chars = arg.chars();
            return match chars.next() {
                // `\"{\i}` → ï: the accent sits on a dotless i, which NFC
                // cannot compose, so use the plain letter.
                Some(first) => {
                    let base = match first {
                        'ı' => 'i',
                        'ȷ' => 'j',
                        c => c,
                    };
                    let mut s = String::new();
                    s.push(base);
                    s.push(mark);
                    s.extend(chars);
                    s
                }
                None => String::new(),
            };
        }
        if let Some(s) = symbol(cmd) {
            return s.to_string();
        }
        if let Some(tag) = font_command(cmd) {
            let arg = self.argument(depth);
            return self.wrap(tag, &arg);
        }
        if cmd == "href" {
            let _url = self.argument(depth);
            return self.argument(depth);
        }
        // Anything else: the command is dropped, its argument (if braced) kept.
        String::new()
    }
}

/// A URL from a `url` field: LaTeX escapes a URL does not need (`\_`, `\%`,
/// `\&`, `\#`, `\~`) undone, and braces dropped.
pub fn url(latex: &str) -> String {
    let mut out = String::with_capacity(latex.len());
    let mut chars = latex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| "_%&#~$".contains(*n)) => {}
            '{' | '}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_text;

    #[test]
    fn accents_and_symbols() {
        assert_eq!(to_text(r#"G{\"o}del"#), "Gödel");
        assert_eq!(to_text(r#"\"{O}zt\"urk"#), "Öztürk");
        assert_eq!(to_text(r"Garc{\'\i}a"), "García");
        assert_eq!(
            to_text(r"{\v{S}}koda \c{c}a \ss{} \o{} \AA"),
            "Škoda ça ß ø Å"
        );
        assert_eq!(to_text(r"Q\~{n}"), "Qñ");
        assert_eq!(to_text(r"Pages 1--10 --- so"), "Pages 1–10 — so");
        assert_eq!(to_text(r"A \& B 50\%"), "A & B 50%");
    }

    #[test]
    fn fonts_and_math() {
        assert_eq!(to_text(r"On {\em deep} nets"), "On <i>deep</i> nets");
        assert_eq!(
            to_text(r"\emph{Really} \textbf{big}"),
            "<i>Really</i> <b>big</b>"
        );
        assert_eq!(to_text(r"The $\alpha$-rule"), "The α-rule");
        assert_eq!(to_text(r"{{DNA}} and {RNA}"), "DNA and RNA");
        assert_eq!(to_text("US$ 5"), "US$ 5");
    }

    #[test]
    fn plain_text_unchanged() {
        let s = "Paper Title Number 1: a 'study' & more (2009)";
        assert_eq!(to_text(s), s);
    }

    #[test]
    fn no_panic_on_odd_input() {
        for s in [
            "\\",
            "{",
            "}",
            "\\\"",
            "$",
            "{{{{",
            "\\emph",
            "\\'{}",
            "--",
            "\\href{a}",
        ] {
            let _ = to_text(s);
        }
        let deep = "{".repeat(10_000) + &"}".repeat(10_000);
        assert_eq!(to_text(&deep), "");
        let _ = to_text(&"{\\em ".repeat(10_000));
        let _ = to_text(&"\\'".repeat(10_000));
    }
}
