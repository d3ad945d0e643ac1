//! kramdown's span parsing loop (`parse_spans`): the span parsers in
//! kramdown's order, the search for the next place one of them may start
//! (by hand where the stop pattern allows, else one regexp), the stop
//! patterns and their checks.

use foldhash::HashMap;

use super::add_text;
use super::Parser;
use crate::markdown::element::{El, T};
use crate::markdown::fast::{FinderStop, SpanStarts};

/// Span parser names (`@span_parsers`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sp {
    Emphasis,
    Codespan,
    Autolink,
    SpanHtml,
    FootnoteMarker,
    Link,
    SmartQuotes,
    InlineMath,
    SpanExtensions,
    HtmlEntity,
    TypographicSyms,
    LineBreak,
    EscapedChars,
    Strikethrough,
}

/// kramdown's span parsers with GFM's strikethrough, in their order
/// (`@span_parsers`).
pub const SPAN_PARSERS: [Sp; 14] = [
    Sp::Emphasis,
    Sp::Codespan,
    Sp::Autolink,
    Sp::SpanHtml,
    Sp::FootnoteMarker,
    Sp::Link,
    Sp::SmartQuotes,
    Sp::InlineMath,
    Sp::SpanExtensions,
    Sp::HtmlEntity,
    Sp::TypographicSyms,
    Sp::LineBreak,
    Sp::EscapedChars,
    Sp::Strikethrough,
];

impl Sp {
    fn span_start(self) -> &'static str {
        match self {
            Sp::Emphasis => r"\*|_",
            Sp::Codespan => "`",
            Sp::Autolink | Sp::SpanHtml => "<",
            Sp::FootnoteMarker => r"\[",
            Sp::Link => r"!?\[",
            Sp::SmartQuotes => r#"[^\\]?["']"#,
            Sp::InlineMath => r"\$",
            Sp::SpanExtensions => r"\{:",
            Sp::HtmlEntity => "&",
            Sp::TypographicSyms => r"--|\.\.\.|(?:\\| )?(?:<<|>>)",
            Sp::LineBreak => r"(?:  |\\\\)\n",
            Sp::EscapedChars => r"\\",
            Sp::Strikethrough => "~~",
        }
    }
}

/// The regexp kramdown builds to find the next span start (`@span_start`,
/// with a stop pattern first), in `regex` syntax.
pub fn span_finder_pattern(parsers: &[Sp], stop: Option<&str>) -> String {
    let mut pat = String::from("(?m)");
    let mut first = true;
    if let Some(s) = stop {
        pat.push_str(&format!("(?:{s})"));
        first = false;
    }
    for p in parsers {
        if !first {
            pat.push('|');
        }
        first = false;
        pat.push_str(&format!("(?:{})", p.span_start()));
    }
    pat
}

/// [`span_finder_pattern`] compiled (for tests).
#[cfg(test)]
pub fn span_finder_regex(parsers: &[Sp], stop: Option<&str>) -> regex::Regex {
    regex::Regex::new(&span_finder_pattern(parsers, stop)).expect("span patterns compile")
}

/// How `parse_spans` finds the next possible span start.
enum Finder {
    /// An index into `Parser::span_tables`.
    Hand(usize),
    Re(std::sync::Arc<regex::Regex>),
}

/// How a `parse_spans` with a stop regexp decides that the stop is real
/// (the Ruby block given to `parse_spans`).
#[derive(Debug, Clone)]
pub enum StopCheck {
    /// No block: stop at the first match.
    Always,
    /// `parse_link`'s bracket counting; `imgs` counts the images among
    /// the first `seen` children (kramdown counts them all at every
    /// bracket, which over many images is quadratic)
    Link { count: i64, imgs: i64, seen: usize },
    /// `parse_emphasis`'s closing-delimiter test.
    Emphasis {
        delim: &'static str,
        em: bool,
        underscore: bool,
    },
}

impl Parser {
    /// The `regex` that finds the next possible span start (`@span_start_re`),
    /// combined with a stop pattern (plain-regex syntax) when given.
    fn span_finder(&mut self, parsers: &[Sp], stop: Option<&str>) -> std::sync::Arc<regex::Regex> {
        let default = stop.is_none() && parsers == self.span_parsers.as_slice();
        if default {
            if let Some(f) = &self.default_finder {
                return f.clone();
            }
        }
        let f = self.build_span_finder(parsers, stop);
        if default {
            self.default_finder = Some(f.clone());
        }
        f
    }

    fn build_span_finder(
        &mut self,
        parsers: &[Sp],
        stop: Option<&str>,
    ) -> std::sync::Arc<regex::Regex> {
        // parsers as a bit set (order is always kramdown's) + the stop
        let mask: u32 = parsers.iter().fold(0, |m, p| m | (1 << (*p as u32)));
        let key = (mask, stop.unwrap_or("").to_string());
        if let Some(f) = self.finders.get(&key) {
            return f.clone();
        }
        thread_local! {
            /// The finders this thread has built, across documents (the
            /// pattern depends only on the parsers and the stop).
            static FINDERS: std::cell::RefCell<HashMap<(u32, String), std::sync::Arc<regex::Regex>>> =
                Default::default();
        }
        let f = match FINDERS.with(|m| m.borrow().get(&key).cloned()) {
            Some(f) => f,
            None => {
                let f = self.compile_span_finder(parsers, stop);
                FINDERS.with(|m| m.borrow_mut().insert(key.clone(), f.clone()));
                f
            }
        };
        self.finders.insert(key, f.clone());
        f
    }

    fn compile_span_finder(
        &mut self,
        parsers: &[Sp],
        stop: Option<&str>,
    ) -> std::sync::Arc<regex::Regex> {
        self.cache.plain(&span_finder_pattern(parsers, stop))
    }

    /// The span-start search for these parsers and stop: by hand where
    /// `fast::span_start` knows the stop, else the regexp.
    fn finder(&mut self, parsers: &[Sp], stop: Option<&str>) -> Finder {
        let mask: u32 = parsers.iter().fold(0, |m, p| m | (1 << (*p as u32)));
        let angle = mask & (1 << Sp::Autolink as u32 | 1 << Sp::SpanHtml as u32) != 0;
        let hand = match stop {
            None => Some(FinderStop::None),
            Some(r"\]|!?\[") => Some(FinderStop::Link),
            Some(r"\*") => Some(FinderStop::Lit("*")),
            Some(r"\*\*") => Some(FinderStop::Lit("**")),
            Some("_") => Some(FinderStop::Lit("_")),
            Some("__") => Some(FinderStop::Lit("__")),
            // an end tag starts with `<`, which the parsers find already
            Some(s) if angle && (s.starts_with("</") || s.starts_with("(?i)</")) => {
                Some(FinderStop::None)
            }
            Some(_) => None,
        };
        match hand {
            Some(h) => {
                let i = match self
                    .span_tables
                    .iter()
                    .position(|t| t.mask == mask && t.stop == h)
                {
                    Some(i) => i,
                    None => {
                        self.span_tables.push(SpanStarts::new(mask, h));
                        self.span_tables.len() - 1
                    }
                };
                Finder::Hand(i)
            }
            None => Finder::Re(self.span_finder(parsers, stop)),
        }
    }

    /// `parse_spans(el, stop_re, parsers, text_type)`. `stop` is given twice:
    /// as a Ruby pattern (checked at a position) and as plain-regex syntax
    /// (searched for).
    pub fn parse_spans(
        &mut self,
        el: &mut El,
        stop: Option<(&str, &str)>,
        parsers: Option<&[Sp]>,
        text_type: T,
        check: &mut StopCheck,
    ) -> bool {
        if !self.guard.enter() {
            return false;
        }
        let saved_tt = self.text_type;
        self.text_type = text_type;
        self.span_stack.push(el.t);
        // the default parsers copied to the stack (at most 14 of them):
        // `self` stays free for the span parsers
        let mut default_buf = [Sp::Emphasis; 16];
        let parsers: &[Sp] = match parsers {
            Some(p) => p,
            None => {
                let n = self.span_parsers.len().min(default_buf.len());
                default_buf[..n].copy_from_slice(&self.span_parsers[..n]);
                &default_buf[..n]
            }
        };
        let finder = self.finder(parsers, stop.map(|s| s.1));
        let stop_re = stop.map(|s| self.stop_re(s.0));
        let mut stop_found = false;
        while !self.src.eos() && !stop_found {
            let found = match &finder {
                Finder::Hand(i) => match self.span_tables.get(*i) {
                    Some(t) => self.src.skip_until_hand(t),
                    None => None,
                },
                Finder::Re(re) => self.src.skip_until_start(re),
            };
            let skipped = found.map_or(self.src.rest().len(), |(a, b)| b - a);
            if !self.guard.spend_scan(skipped) {
                break;
            }
            if let Some((a, b)) = found {
                add_text(el, &self.src.s[a..b], self.text_type);
                if let Some(sr) = &stop_re {
                    if self.src.check(sr) {
                        stop_found = self.stop_check(el, check);
                    }
                }
                let mut processed = false;
                if !stop_found {
                    for p in parsers {
                        if self.span_try(*p, el) {
                            processed = true;
                            break;
                        }
                    }
                }
                if !processed && !stop_found {
                    let start = self.src.pos;
                    self.src.getch();
                    add_text(el, &self.src.s[start..self.src.pos], self.text_type);
                }
            } else {
                if stop.is_none() {
                    add_text(el, self.src.rest(), self.text_type);
                    self.src.terminate();
                }
                break;
            }
        }
        self.span_stack.pop();
        self.text_type = saved_tt;
        self.guard.leave();
        stop_found
    }

    fn stop_check(&mut self, el: &El, check: &mut StopCheck) -> bool {
        match check {
            StopCheck::Always => true,
            StopCheck::Link { count, imgs, seen } => {
                *count += if self.src.group(1).is_some() { -1 } else { 1 };
                // children are appended (the last text one grows): count
                // the new ones, or all again if some went away
                if el.children.len() < *seen {
                    *imgs = 0;
                    *seen = 0;
                }
                *imgs += el.children[*seen..]
                    .iter()
                    .filter(|c| c.t == T::Img)
                    .count() as i64;
                *seen = el.children.len();
                *count - *imgs == 0
            }
            StopCheck::Emphasis {
                delim,
                em,
                underscore,
            } => {
                let pre_ws = self
                    .src
                    .pre_match()
                    .chars()
                    .last()
                    .map(|c| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r'))
                    .unwrap_or(false);
                if pre_ws {
                    return false;
                }
                let rest = self.src.rest();
                if *em {
                    // /#{delim * 2}(?!#{delim})/
                    let two = delim.repeat(2);
                    if rest.starts_with(&two) && !rest[two.len()..].starts_with(*delim) {
                        return false;
                    }
                }
                if *underscore {
                    // /#{delim}[[:alnum:]]/
                    if let Some(after) = rest.strip_prefix(*delim) {
                        if after
                            .chars()
                            .next()
                            .map(|c| c.is_alphanumeric())
                            .unwrap_or(false)
                        {
                            return false;
                        }
                    }
                }
                // restore the match of the stop regexp for the caller
                !el.children.is_empty()
            }
        }
    }

    /// Is any enclosing span element (or the current one) of type `t`?
    pub fn in_span(&self, t: T) -> bool {
        self.span_stack.contains(&t)
    }
}
