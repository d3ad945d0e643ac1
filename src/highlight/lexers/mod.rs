//! The ported lexers: each file holds one lexer's Ruby blocks.

use super::engine::Lex;

pub mod console;
pub mod python;
pub mod shell;
pub mod yaml;

/// Lexers implemented here (besides plaintext).
pub const PORTED: &[&str] = &["shell", "console", "python", "yaml"];

/// A fresh lexer for rouge tag `name`.
pub fn new(name: &str) -> Option<Box<dyn Lex>> {
    Some(match name {
        "shell" => Box::new(shell::new()),
        "console" => Box::new(console::Console::new()),
        "python" => Box::new(python::new()),
        "yaml" => Box::new(yaml::new()),
        _ => return None,
    })
}

/// Patterns of lexer `name` that failed to compile.
pub fn compile_errors(name: &str) -> Vec<String> {
    use super::engine::Hooks;
    match name {
        "shell" | "console" => shell::Shell::compiled().errors.clone(),
        "python" => python::Python::compiled().errors.clone(),
        "yaml" => yaml::Yaml::compiled().errors.clone(),
        _ => vec![format!("{name} not ported")],
    }
}
