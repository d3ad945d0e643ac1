//! A BibTeX file read as pybtex 0.26 reads it (`pybtex.database.input.bibtex`,
//! which pubsFromBib.py uses): text outside `@...` is ignored, `@comment`
//! and `@preamble` are skipped, `@string{name = value}` defines a macro,
//! month macros (`jan` → `January`) are predefined, a value is parts joined
//! by `#` (`"..."`, `{...}`, a number or a macro name), the outer delimiters
//! are dropped and inner braces kept, and whitespace runs become one space.
//! Field names, entry types and macro names are case-insensitive.
//!
//! Where pybtex stops with an exception (a duplicate field or key, an
//! undefined macro), hyde warns, naming the entry, and goes on. A syntax
//! error is an [`Error`] naming the file, the line and the entry.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::{Error, Warning};

/// A parsed BibTeX file: its entries in file order, and the warnings.
#[derive(Debug, Default)]
pub struct Bib {
    pub entries: Vec<Entry>,
    pub warnings: Vec<Warning>,
}

/// One `@type{key, field = value, ...}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry type, lowercase (`article`).
    pub kind: String,
    pub key: String,
    /// The line the `@` is on.
    pub line: usize,
    /// Fields in file order, names lowercase, values as pybtex gives them.
    pub fields: Vec<(String, String)>,
}

impl Entry {
    /// The value of field `name` (lowercase), as pybtex's `fields[name]`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A line inside a value that looks like the start of a field.
static FIELD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    // A constant pattern: it compiles.
    Regex::new(r"[\r\n][ \t]*[A-Za-z]+[ \t]*=").expect("a valid pattern")
});

/// pybtex's `month_names`: the predefined macros.
const MONTHS: [(&str, &str); 12] = [
    ("jan", "January"),
    ("feb", "February"),
    ("mar", "March"),
    ("apr", "April"),
    ("may", "May"),
    ("jun", "June"),
    ("jul", "July"),
    ("aug", "August"),
    ("sep", "September"),
    ("oct", "October"),
    ("nov", "November"),
    ("dec", "December"),
];

/// pybtex's `NAME_CHARS`: what a type, field or macro name is made of
/// (digits too, but not first).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphabetic() || "@!$&*+-./:;<>?[\\]^_`|~\x7f".contains(c)
}

struct Parser<'a> {
    chars: Vec<char>,
    /// The line each character is on: `\r\n`, `\n` and a lone `\r` each
    /// end a line (pybtex's update_lineno).
    lines: Vec<usize>,
    pos: usize,
    file: &'a Path,
    macros: HashMap<String, String>,
    /// The key of the entry being read, for messages.
    key: Option<String>,
    /// The line of the first value in this entry that runs over a line
    /// that looks like the next field (`  name = ...`): where an unclosed
    /// brace most likely is, when the entry then never ends.
    suspect: Option<usize>,
    warnings: Vec<Warning>,
}

/// Parse `text` (the contents of `file`).
pub fn parse(text: &str, file: &Path) -> Result<Bib, Error> {
    let chars: Vec<char> = text.chars().collect();
    let mut line = 1;
    let mut lines = Vec::with_capacity(chars.len() + 1);
    for (i, &c) in chars.iter().enumerate() {
        lines.push(line);
        if c == '\n' || (c == '\r' && chars.get(i + 1) != Some(&'\n')) {
            line += 1;
        }
    }
    lines.push(line);
    let mut p = Parser {
        chars,
        lines,
        pos: 0,
        file,
        macros: MONTHS
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        key: None,
        suspect: None,
        warnings: Vec::new(),
    };
    let mut entries: Vec<Entry> = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    // pybtex's parse_bibliography: skip to the next `@`, read a command.
    while let Some(at) = p.chars[p.pos..].iter().position(|&c| c == '@') {
        p.pos += at + 1;
        let line = p.line_at(p.pos - 1);
        p.key = None;
        p.suspect = None;
        if let Some(entry) = p.command(line)? {
            if let Some(&first) = first_line.get(&entry.key.to_lowercase()) {
                let msg = format!(
                    "the key is used again (first on line {first}): this entry is skipped; \
                     give it a key of its own"
                );
                p.warnings
                    .push(Warning::new(file, Some(line), msg).entry(entry.key.clone()));
                continue;
            }
            first_line.insert(entry.key.to_lowercase(), entry.line);
            entries.push(entry);
        }
    }
    Ok(Bib {
        entries,
        warnings: p.warnings,
    })
}

impl Parser<'_> {
    fn line_at(&self, pos: usize) -> usize {
        match self.lines.get(pos) {
            Some(&l) => l,
            None => self.lines.last().map_or(1, |&l| l),
        }
    }

    fn error(&self, message: impl Into<String>) -> Error {
        let e = Error::new(self.file, Some(self.line_at(self.pos)), message);
        match &self.key {
            Some(k) => e.entry(k.clone()),
            None => e,
        }
    }

    fn skip_space(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.pos).copied()
    }

    fn expect(&mut self, want: char, what: &str) -> Result<(), Error> {
        match self.peek() {
            Some(c) if c == want => {
                self.pos += 1;
                Ok(())
            }
            Some(c) => Err(self.error(format!("expected {what}, found '{c}'"))),
            None => Err(self.error(format!(
                "the file ends where {what} was expected: close the entry"
            ))),
        }
    }

    /// A name (`NAME` in pybtex), or `None` if none starts here.
    fn name(&mut self) -> Option<String> {
        self.skip_space();
        let start = self.pos;
        if !self.chars.get(start).copied().is_some_and(is_name_char) {
            return None;
        }
        while self
            .chars
            .get(self.pos)
            .is_some_and(|&c| is_name_char(c) || c.is_ascii_digit())
        {
            self.pos += 1;
        }
        Some(self.chars[start..self.pos].iter().collect())
    }

    /// One `@command`, its `@` read: an entry, or `None` for `@string`,
    /// `@preamble` and `@comment`.
    fn command(&mut self, line: usize) -> Result<Option<Entry>, Error> {
        // An `@` not followed by `name{` or `name(` is text between entries
        // (an e-mail address in a `%` comment): BibTeX reports it and goes
        // on, pybtex stops; hyde skips it.
        let at = self.pos;
        let Some(kind) = self.name() else {
            return Ok(None);
        };
        let close = match self.peek() {
            Some('{') => '}',
            Some('(') => ')',
            _ => {
                self.pos = at;
                return Ok(None);
            }
        };
        self.pos += 1;
        let kind = kind.to_lowercase();
        match kind.as_str() {
            // pybtex raises SkipEntry and goes on from the next `@`.
            "comment" => return Ok(None),
            "preamble" => {
                self.value()?;
                self.expect(close, &format!("'{close}' closing the @preamble"))?;
                return Ok(None);
            }
            "string" => {
                let Some(name) = self.name() else {
                    return Err(self.error("expected a macro name in @string"));
                };
                self.expect('=', "'=' after the macro name")?;
                let value = self.value()?;
                self.expect(close, &format!("'{close}' closing the @string"))?;
                self.macros.insert(name.to_lowercase(), value);
                return Ok(None);
            }
            _ => {}
        }
        // The key: pybtex's KEY_BRACE `[^\s,}]+` / KEY_PAREN `[^\s,]+`.
        self.skip_space();
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|&c| !c.is_whitespace() && c != ',' && (close == ')' || c != '}'))
        {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(self.error(format!("@{kind} has no key: write @{kind}{{key, ...}}")));
        }
        let key: String = self.chars[start..self.pos].iter().collect();
        self.key = Some(key.clone());
        let mut fields: Vec<(String, String)> = Vec::new();
        loop {
            // pybtex's parse_entry_fields: an optional `name = value`, then
            // an optional comma; no comma ends the entry.
            if let Some(name) = self.name() {
                self.expect('=', &format!("'=' after the field name '{name}'"))?;
                let value = self.value()?;
                let lower = name.to_lowercase();
                if fields.iter().any(|(n, _)| *n == lower) {
                    let w = Warning::new(
                        self.file,
                        Some(self.line_at(self.pos)),
                        format!("the field '{name}' is given twice: the first one is used"),
                    )
                    .entry(key.clone());
                    self.warnings.push(w);
                } else {
                    fields.push((lower, value));
                }
            }
            if self.peek() == Some(',') {
                self.pos += 1;
            } else {
                break;
            }
        }
        match self.peek() {
            Some(c) if c == close => self.pos += 1,
            Some(c) => {
                return Err(self.error(format!(
                    "expected ',' or '{close}' after a field, found '{c}': \
                     is a comma missing, or a value not in braces or quotes?"
                )))
            }
            None => {
                let mut e = self.error(format!(
                    "the file ends inside this entry: close it with '{close}'"
                ));
                e.line = Some(line);
                if let Some(l) = self.suspect {
                    e.line = Some(l);
                    e.message = "the value that starts on this line is never closed where it \
                                 should be (it runs over the next fields to the end of the \
                                 file): balance its braces"
                        .into();
                }
                return Err(e);
            }
        }
        Ok(Some(Entry {
            kind,
            key,
            line,
            fields,
        }))
    }

    /// A value: parts joined by `#`, whitespace normalized (pybtex's
    /// parse_value, flatten_value_list and normalize_whitespace).
    fn value(&mut self) -> Result<String, Error> {
        let mut out = String::new();
        loop {
            out.push_str(&self.value_part()?);
            if self.peek() == Some('#') {
                self.pos += 1;
            } else {
                break;
            }
        }
        Ok(out.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    fn value_part(&mut self) -> Result<String, Error> {
        match self.peek() {
            Some('"') => {
                self.pos += 1;
                self.delimited('"')
            }
            Some('{') => {
                self.pos += 1;
                self.delimited('}')
            }
            Some(c) if c.is_ascii_digit() => {
                let start = self.pos;
                while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_digit()) {
                    self.pos += 1;
                }
                Ok(self.chars[start..self.pos].iter().collect())
            }
            Some(c) if is_name_char(c) => {
                let line = self.line_at(self.pos);
                let name = self.name().unwrap_or_default();
                match self.macros.get(&name.to_lowercase()) {
                    Some(v) => Ok(v.clone()),
                    None => {
                        let mut w = Warning::new(
                            self.file,
                            Some(line),
                            format!(
                                "'{name}' is not a defined @string macro: it is read as empty; \
                                 define it with @string{{{name} = {{...}}}} or put the value in braces"
                            ),
                        );
                        if let Some(k) = &self.key {
                            w = w.entry(k.clone());
                        }
                        self.warnings.push(w);
                        Ok(String::new())
                    }
                }
            }
            Some(c) => Err(self.error(format!(
                "expected a field value ({{...}}, \"...\", a number or a macro), found '{c}'"
            ))),
            None => Err(self.error("the file ends where a field value was expected")),
        }
    }

    /// The text up to the `end` that closes it at brace level 0 (its
    /// opening delimiter read): inner braces kept, the delimiters dropped.
    fn delimited(&mut self, end: char) -> Result<String, Error> {
        let start = self.pos;
        let mut level = 0usize;
        while let Some(&c) = self.chars.get(self.pos) {
            self.pos += 1;
            match c {
                '{' => level += 1,
                '}' if level > 0 => level -= 1,
                c if c == end && level == 0 => {
                    let value: String = self.chars[start..self.pos - 1].iter().collect();
                    if self.suspect.is_none() && FIELD_LINE.is_match(&value) {
                        self.suspect = Some(self.line_at(start));
                    }
                    return Ok(value);
                }
                '}' => {
                    self.pos -= 1;
                    return Err(self.error("unbalanced braces: a '}' closes nothing in this value"));
                }
                _ => {}
            }
        }
        self.pos = start;
        Err(self.error(format!(
            "this value is never closed (no matching '{end}'): balance its braces"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bib(s: &str) -> Bib {
        parse(s, Path::new("t.bib")).expect("parses")
    }

    #[test]
    fn values_macros_months() {
        let b = bib("junk\n@String{jn = \"J. of \" # {X}}\n@Article{k1,\n  Title = {A {B}  c},\n  journal = jn # { 2},\n  month = sep, year = 2020,\n}\n");
        let e = &b.entries[0];
        assert_eq!(
            (e.kind.as_str(), e.key.as_str(), e.line),
            ("article", "k1", 3)
        );
        assert_eq!(e.get("title"), Some("A {B} c"));
        assert_eq!(e.get("journal"), Some("J. of X 2"));
        assert_eq!(e.get("month"), Some("September"));
        assert_eq!(e.get("year"), Some("2020"));
    }

    #[test]
    fn errors_name_line_and_entry() {
        let e = parse(
            "@article{a, title = {x}}\n\n@book{b,\n title = {unclosed,\n}\n",
            Path::new("t.bib"),
        )
        .expect_err("unbalanced");
        assert_eq!(e.entry.as_deref(), Some("b"));
        assert_eq!(e.line, Some(3));
        let e =
            parse("@book{b,\n title = {a {b c,\n}", Path::new("t.bib")).expect_err("unbalanced");
        assert_eq!(e.line, Some(2));
        let e =
            parse("@article{a, title = {x} year = 2000}", Path::new("t.bib")).expect_err("comma");
        assert!(e.to_string().contains("t.bib:1: entry 'a'"), "{e}");
    }

    #[test]
    fn stray_at_signs_are_text() {
        let b = bib("% mail me@example.org\n@ misc{k, title = {T}}\n@@article{j, title={U}}");
        let keys: Vec<&str> = b.entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["k", "j"]);
    }

    #[test]
    fn duplicates_and_undefined_macros_warn() {
        let b = bib("@misc{a, title = x, title = {y}}\n@misc{A, title={z}}");
        assert_eq!(b.entries.len(), 1);
        assert_eq!(b.entries[0].get("title"), Some(""));
        assert_eq!(b.warnings.len(), 3);
    }
}
