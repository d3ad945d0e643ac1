//! rouge's `console` lexer (terminal, shell_session): lines with a prompt
//! are lexed as shell after the prompt, other lines are `Generic::Output`.
//! Only the default options (no `?prompt=`, `?lang=`, `?error=`).

use super::shell;
use crate::highlight::engine::{Lex, Machine, Out};

/// The console lexer: its shell lexer keeps state across prompt lines.
pub struct Console {
    shell: Machine<shell::Shell>,
}

impl Console {
    pub fn new() -> Self {
        Console {
            shell: shell::new(),
        }
    }
}

fn ruby_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r')
}

/// `\A\s*(?:<[.]+>|[.]+)\s*\z`
fn is_snip(line: &str) -> bool {
    let t = line.trim_matches(ruby_space);
    let dots = |s: &str| !s.is_empty() && s.bytes().all(|b| b == b'.');
    dots(t)
        || t.strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .is_some_and(dots)
}

impl Lex for Console {
    fn continue_lex(&mut self, text: &str, out: &mut Out) {
        self.shell = shell::new();
        for line in text.split_inclusive('\n') {
            if is_snip(line) {
                self.shell = shell::new();
                out.token("c", line);
            } else if let Some(i) = line.find(['$', '#', '>', ';']) {
                out.token("gp", &line[..=i]);
                let rest = &line[i + 1..];
                let ws = rest.len() - rest.trim_start_matches(ruby_space).len();
                out.token("w", &rest[..ws]);
                self.shell.continue_lex(&rest[ws..], out);
            } else {
                // (rouge's comment branch needs a `#`, which is a prompt)
                self.shell = shell::new();
                out.token("go", line);
            }
        }
    }
}
