//! rouge's `ruby` lexer (rb): heredoc queue, `%`-sigil strings (states
//! rouge builds at run time, here `Sigil`s) and method/class names.

use std::sync::LazyLock;

use regex::Regex;

use crate::highlight::engine::{Compiled, Cx, Hooks, Machine, Tok, M};
use crate::highlight::tables::ruby as t;

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| Compiled::new(t::STATES));

/// First index of the run-time sigil states.
const SIGIL_BASE: usize = 1 << 20;

/// A `%q(...)`-style string's state: delimiters, interpolation, token.
struct Sigil {
    open: char,
    close: char,
    interp: bool,
    tok: Tok,
}

/// The ruby lexer's instance variables.
#[derive(Default)]
pub struct Ruby {
    /// (tolerant `<<-`/`<<~`, name) of the heredocs still to read
    heredocs: Vec<(bool, String)>,
    sigils: Vec<Sigil>,
}

/// A fresh ruby lexer.
pub fn new() -> Machine<Ruby> {
    Machine::new(Ruby::default())
}

fn ruby_strip(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r' | '\0'))
}

fn ruby_rstrip(s: &str) -> &str {
    s.trim_end_matches([' ', '\t', '\n', '\x0B', '\x0C', '\r', '\0'])
}

fn closing(open: char) -> char {
    match open {
        '{' => '}',
        '[' => ']',
        '(' => ')',
        '<' => '>',
        c => c,
    }
}

/// `string_intp_escaped`'s rules: (regex, token, push in_interp).
static INTP_ESCAPED: LazyLock<Vec<(Option<Regex>, Tok, bool)>> = LazyLock::new(|| {
    [
        (r"\A#\{", "si", true),
        (r"\A#(?:@@?|\$)[a-zA-Z_][0-9A-Za-z_]*", "si", false),
        (
            r#"\A\\(?:[\\abefnrstv#"']|x[a-fA-F0-9]{1,2}|[0-7]{1,3})"#,
            "se",
            false,
        ),
        (r"\A\\.", "se", false),
    ]
    .into_iter()
    .map(|(p, tok, push)| (Regex::new(p).ok(), tok, push))
    .collect()
});

impl Hooks for Ruby {
    fn compiled() -> &'static Compiled {
        &COMPILED
    }

    fn start(h: &mut Self, stack: &mut Vec<usize>) {
        h.heredocs.clear();
        h.sigils.clear();
        stack.push(t::EXPR_START);
    }

    fn cb(cx: &mut Cx<'_, Self>, id: u32, m: &M<'_>) {
        let m0 = m.g(0);
        match id {
            42 => {
                let open = m.g(2).chars().next().unwrap_or('(');
                let interp = matches!(m.g(1), "r" | "Q" | "W" | "x" | "I");
                let mut tok = "sx";
                if m.g(1) == "r" {
                    tok = "sr";
                    cx.push(t::REGEX_FLAGS);
                }
                cx.token(tok, m0);
                cx.h.sigils.push(Sigil {
                    open,
                    close: closing(open),
                    interp,
                    tok,
                });
                cx.push(SIGIL_BASE + cx.h.sigils.len() - 1);
            }
            192 => cx.groups(m, &["k", "", "nn"]),
            200 => {
                cx.groups(m, &["k", ""]);
                cx.push(t::FUNCNAME);
            }
            205 => {
                cx.groups(m, &["k", ""]);
                cx.push(t::CLASSNAME);
            }
            222 => {
                cx.groups(m, &["p", "", "nf"]);
                cx.push(t::METHOD_CALL);
            }
            232 => {
                cx.token("p", m0);
                cx.push(t::TERNARY);
                cx.push(t::EXPR_START);
            }
            238 | 245 => {
                cx.token("o", m.g(1));
                let name = format!("{}{}{}", m.g(2), m.g(3), m.g(4));
                cx.token("no", &name);
                let tolerant = matches!(m.g(1), "<<-" | "<<~");
                let word = if id == 238 { m.g(3) } else { "" };
                cx.h.heredocs.push((tolerant, word.to_string()));
                if cx.state() != t::HEREDOC_QUEUE {
                    cx.push(t::HEREDOC_QUEUE);
                }
            }
            254 => cx.goto(t::RESOLVE_HEREDOCS),
            270 => {
                let (tolerant, name) = cx.h.heredocs.first().cloned().unwrap_or_default();
                let check = if tolerant {
                    ruby_strip(m0)
                } else {
                    ruby_rstrip(m0)
                };
                if !cx.h.heredocs.is_empty() && check == name {
                    cx.h.heredocs.remove(0);
                    if cx.h.heredocs.is_empty() {
                        cx.pop(1);
                    }
                    cx.token("no", m0);
                } else {
                    cx.token("sh", m0);
                }
                cx.pop(1);
            }
            294 => {
                cx.groups(m, &["nc", "o", "nf"]);
                cx.pop(1);
            }
            314 | 350 => {
                cx.token("p", m0);
                cx.push(t::DEFEXPR);
                cx.push(t::EXPR_START);
            }
            321 | 377 | 390 => {
                cx.token("o", m0);
                cx.goto(t::EXPR_START);
            }
            332 => {
                cx.groups(m, &["p", ""]);
                cx.goto(t::EXPR_START);
            }
            337 => {
                cx.token("p", m0);
                cx.goto(t::EXPR_START);
            }
            346 => {
                cx.groups(m, &["p", "o"]);
                cx.pop(1);
            }
            384 => cx.goto(t::METHOD_CALL_SPACED),
            395 | 411 => {
                cx.token("sr", m0);
                cx.goto(t::SLASH_REGEX);
            }
            404 => {
                cx.token("", m0);
                cx.goto(t::EXPR_START);
            }
            426 => {
                cx.groups(m, &["", "sx"]);
                cx.pop(1);
            }
            442 => {
                cx.token("sr", m0);
                cx.goto(t::REGEX_FLAGS);
            }
            _ => {}
        }
    }

    /// A sigil string's rules (see rouge's `sigil_strings`).
    fn dyn_step(cx: &mut Cx<'_, Self>, st: usize) -> Option<usize> {
        let sig = cx.h.sigils.get(st.checked_sub(SIGIL_BASE)?)?;
        let (open, close, interp, tok) = (sig.open, sig.close, sig.interp, sig.tok);
        let rest = &cx.text[cx.pos..];
        let mut chars = rest.chars();
        let c0 = chars.next()?;
        let special = |c: char| c == '#' || c == '\\' || c == open || c == close;
        // \\[#open close \\]
        if c0 == '\\' {
            if let Some(c1) = chars.next().filter(|c| special(*c)) {
                let n = 1 + c1.len_utf8();
                cx.token("se", &rest[..n]);
                return Some(n);
            }
        }
        if open != close && c0 == open {
            cx.token(tok, &rest[..c0.len_utf8()]);
            cx.push(st);
            return Some(c0.len_utf8());
        }
        if c0 == close {
            cx.token(tok, &rest[..c0.len_utf8()]);
            cx.pop(1);
            return Some(c0.len_utf8());
        }
        if interp {
            for (re, t, push) in INTP_ESCAPED.iter() {
                if let Some(m) = re.as_ref().and_then(|re| re.find(rest)) {
                    cx.token(t, m.as_str());
                    if *push {
                        cx.push(t::IN_INTERP);
                    }
                    return Some(m.end());
                }
            }
            if c0 == '#' {
                cx.token(tok, "#");
                return Some(1);
            }
        } else if c0 == '\\' || c0 == '#' {
            cx.token(tok, &rest[..1]);
            return Some(1);
        }
        let n = rest.find(special).unwrap_or(rest.len());
        if n == 0 {
            return None;
        }
        cx.token(tok, &rest[..n]);
        Some(n)
    }
}
