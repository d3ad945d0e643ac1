//! What keeps one conversion finite and on the stack.
//!
//! kramdown's parser recurses once per level of blockquote, list item,
//! HTML element, emphasis and link, and Ruby gives up with "stack level too
//! deep" somewhere between 700 nested lists and 2000 nested `<div>`s; this
//! port recurses the same way, so it counts the levels and stops at
//! [`MAX_NESTING`] instead of overflowing its stack. kramdown also rescans
//! the rest of a paragraph from every `[`, `*` or `_` that never closes,
//! and re-reads a nested block's whole text at each level: both are
//! quadratic (a megabyte of `[` would take kramdown hours), so the parser
//! also counts its steps against a budget proportional to the input.
//!
//! Past either limit the parser stops where it is and
//! [`crate::markdown::try_to_html`] returns a [`TooComplex`] naming the
//! line of the top-level block it was in.

/// Nesting levels the parser follows (blocks, spans and raw HTML elements
/// together). kramdown's own breaking points are 700 to 1000 nested lists
/// and 1000 to 2000 blockquotes, images or `<div>`s; at 500 a release build
/// parses and converts the deepest input on a 2 MB stack (lists, the
/// costliest, take about 2 KB a level; `tests/adversarial.rs` checks it).
pub const MAX_NESTING: usize = 500;

/// Steps allowed for an input of `len` bytes. A byte of a nested block's
/// text parsed again is a step (about 50 ns), a span start looked at is 4
/// (with a step per 16 bytes skipped on the way to it): a refused input of
/// a megabyte stops within a second or two. The documents of the project's
/// corpora and kramdown's test cases need at most 3.2 steps per byte.
pub fn budget(len: usize) -> u64 {
    (len as u64).saturating_mul(16).saturating_add(4 << 20)
}

/// Why a conversion stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Deeper than [`MAX_NESTING`].
    Nesting,
    /// Over budget, most of it rescanning spans.
    Rescan,
    /// Over budget, most of it parsing nested blocks' text again.
    Reread,
    /// Over budget, most of it empty cells padding a table's rows.
    Padding,
    /// Over budget, most of it link definitions copied into their links
    /// and abbreviation titles into their uses.
    Copies,
    /// Code too costly to highlight with this rouge lexer (the budget of
    /// `crate::highlight::budget`).
    Highlight(&'static str),
}

/// A Markdown input the converter refuses: nested too deeply, or too
/// costly to follow kramdown through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooComplex {
    pub why: Stop,
    /// 1-based line of the Markdown source (0 when unknown).
    pub line: usize,
}

impl TooComplex {
    /// What is wrong and what to do, without the line.
    pub fn reason(&self) -> String {
        match self.why {
            Stop::Nesting => format!(
                "Markdown nested more than {MAX_NESTING} levels deep (blockquotes, lists, HTML elements, emphasis or links): kramdown fails on it with 'stack level too deep'; nest less"
            ),
            Stop::Rescan => "Markdown too costly to convert: kramdown rescans the rest of a paragraph from every '[', '*', '_' or tag that is never closed, which here would take hours; close or escape (\\[, \\*, \\_) them, or split the paragraph".into(),
            Stop::Reread => "Markdown too costly to convert: kramdown parses the text of a nested blockquote, list or footnote again at every level, which here would take hours; nest less".into(),
            Stop::Padding => "Markdown too large to convert: kramdown pads every row of a table with empty cells up to its widest row, which here would make more cells than the whole page can hold; check the table's widest row for stray '|'s (escape a literal one as \\|)".into(),
            Stop::Copies => "Markdown too large to convert: kramdown copies a link definition's URL and title into every link that uses it, and an abbreviation's title (`*[NAME]: title`) into every use of its name, which here would make more text than the whole page can hold; shorten the definition or use it less often".into(),
            Stop::Highlight(lexer) => crate::highlight::TooCostly { lexer }.to_string(),
        }
    }
}

impl std::fmt::Display for TooComplex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.reason())
        } else {
            write!(f, "line {}: {}", self.line, self.reason())
        }
    }
}

impl std::error::Error for TooComplex {}

/// The parser's counters.
#[derive(Debug, Default)]
pub struct Guard {
    depth: usize,
    rescan: u64,
    reread: u64,
    padding: u64,
    copies: u64,
    limit: u64,
    pub stopped: Option<Stop>,
    /// 1-based line of the top-level block being parsed.
    pub line: usize,
    /// The root text's position `line` was counted up to.
    line_pos: usize,
    /// (number of root children before a top-level block, its line), in order.
    pub marks: Vec<(usize, usize)>,
}

impl Guard {
    pub fn new(len: usize) -> Guard {
        Guard {
            limit: budget(len),
            line: 1,
            ..Guard::default()
        }
    }

    pub fn ok(&self) -> bool {
        self.stopped.is_none()
    }

    /// One level deeper; false (and stopped) past the limit or after a stop.
    #[must_use]
    pub fn enter(&mut self) -> bool {
        if self.stopped.is_some() {
            return false;
        }
        if self.depth >= MAX_NESTING {
            self.stopped = Some(Stop::Nesting);
            return false;
        }
        self.depth += 1;
        true
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// The span-start steps spent so far (to take back work that is
    /// redone, see `raw_html.rs`).
    pub fn rescan_spent(&self) -> u64 {
        self.rescan
    }

    /// Back to `rescan_spent`'s count.
    pub fn set_rescan_spent(&mut self, spent: u64) {
        self.rescan = spent;
    }

    /// Whether the parser is in the root block parse (not nested).
    pub fn at_root(&self) -> bool {
        self.depth == 1
    }

    /// A span start looked at after skipping `skipped` bytes; false (and
    /// stopped) once over the budget.
    pub fn spend_scan(&mut self, skipped: usize) -> bool {
        self.rescan = self.rescan.saturating_add(4 + skipped as u64 / 16);
        self.check()
    }

    /// A nested block's text of `len` bytes to parse; false (and stopped)
    /// once over the budget.
    pub fn spend_reread(&mut self, len: usize) -> bool {
        self.reread = self.reread.saturating_add(len as u64);
        self.check()
    }

    /// `cells` empty cells to add to a table's rows; false (and stopped)
    /// once over the budget. A cell is a step: its output is about 16 bytes.
    pub fn spend_padding(&mut self, cells: u64) -> bool {
        self.padding = self.padding.saturating_add(cells);
        self.check()
    }

    /// `bytes` of a link definition or abbreviation title copied into a
    /// use of it; false (and stopped) once over the budget. 16 bytes are a
    /// step.
    pub fn spend_copy(&mut self, bytes: usize) -> bool {
        self.copies = self.copies.saturating_add(bytes as u64 / 16);
        self.check()
    }

    fn check(&mut self) -> bool {
        let spent = self
            .rescan
            .saturating_add(self.reread)
            .saturating_add(self.padding)
            .saturating_add(self.copies);
        if self.stopped.is_none() && spent > self.limit {
            let most = self
                .rescan
                .max(self.reread)
                .max(self.padding)
                .max(self.copies);
            self.stopped = Some(if most == self.padding {
                Stop::Padding
            } else if most == self.copies {
                Stop::Copies
            } else if most == self.rescan {
                Stop::Rescan
            } else {
                Stop::Reread
            });
        }
        self.stopped.is_none()
    }

    /// The root block parse is at `pos` of `text`: the line of the block
    /// starting there, and a mark for the root's next child.
    pub fn root_block(&mut self, text: &str, pos: usize, children: usize) {
        if pos > self.line_pos && pos <= text.len() {
            self.line += memchr::memchr_iter(b'\n', &text.as_bytes()[self.line_pos..pos]).count();
            self.line_pos = pos;
        }
        while self.marks.last().is_some_and(|m| m.0 > children) {
            self.marks.pop();
        }
        match self.marks.last_mut() {
            Some(m) if m.0 == children => m.1 = self.line,
            _ => self.marks.push((children, self.line)),
        }
    }

    /// The line of the root's child `i`, from the marks.
    pub fn line_of_child(marks: &[(usize, usize)], i: usize) -> Option<usize> {
        let k = marks.partition_point(|m| m.0 <= i);
        k.checked_sub(1).map(|k| marks[k].1)
    }

    pub fn result(&self) -> Result<(), TooComplex> {
        match self.stopped {
            None => Ok(()),
            Some(why) => Err(TooComplex {
                why,
                line: self.line,
            }),
        }
    }
}
