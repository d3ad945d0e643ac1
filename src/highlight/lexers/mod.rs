//! The ported lexers: each file holds one lexer's Ruby blocks.

use super::engine::Lex;
#[cfg(test)]
use super::engine::{Compiled, Hooks};

pub mod auto;
pub mod bibtex;
pub mod c;
pub mod console;
pub mod csharp;
pub mod css;
pub mod diff;
pub mod docker;
pub mod fortran;
pub mod go;
pub mod guess;
pub mod html;
pub mod ini;
pub mod java;
pub mod javascript;
pub mod json;
pub mod jsx;
pub mod julia;
pub mod liquid;
pub mod lua;
pub mod markdown;
pub mod matlab;
pub mod python;
pub mod r;
pub mod ruby;
pub mod rust;
pub mod shell;
pub mod sql;
pub mod tex;
pub mod toml;
pub mod xml;
pub mod yaml;

/// Lexers implemented here (besides plaintext).
#[cfg(test)]
pub const PORTED: &[&str] = &[
    "shell",
    "console",
    "python",
    "yaml",
    "json",
    "javascript",
    "css",
    "html",
    "xml",
    "markdown",
    "c",
    "cpp",
    "matlab",
    "r",
    "ini",
    "tex",
    "bibtex",
    "diff",
    "sql",
    "java",
    "go",
    "csharp",
    "julia",
    "toml",
    "rust",
    "fortran",
    "docker",
    "liquid",
    "ruby",
    "lua",
    "jsx",
    "tsx",
];

/// A fresh lexer for rouge tag `name`.
pub fn new(name: &str) -> Option<Box<dyn Lex>> {
    Some(match name {
        "shell" => Box::new(shell::new()),
        "console" => Box::new(console::Console::new()),
        "python" => Box::new(python::new()),
        "yaml" => Box::new(yaml::new()),
        "json" => Box::new(json::new()),
        "javascript" => Box::new(javascript::new()),
        "css" => Box::new(css::new()),
        "html" => Box::new(html::new()),
        "xml" => Box::new(xml::new()),
        "markdown" => Box::new(markdown::new()),
        "c" => Box::new(c::new_c()),
        "cpp" => Box::new(c::new_cpp()),
        "bibtex" => Box::new(bibtex::new()),
        "tex" => Box::new(tex::new()),
        "ini" => Box::new(ini::new()),
        "r" => Box::new(r::new()),
        "matlab" => Box::new(matlab::new()),
        "diff" => Box::new(diff::new()),
        "sql" => Box::new(sql::new()),
        "java" => Box::new(java::new()),
        "go" => Box::new(go::new()),
        "csharp" => Box::new(csharp::new()),
        "julia" => Box::new(julia::new()),
        "toml" => Box::new(toml::new()),
        "rust" => Box::new(rust::new()),
        "fortran" => Box::new(fortran::new()),
        "docker" => Box::new(docker::new()),
        "liquid" => Box::new(liquid::new()),
        "ruby" => Box::new(ruby::new()),
        "lua" => Box::new(lua::new()),
        "jsx" => Box::new(jsx::new_jsx()),
        "tsx" => Box::new(jsx::new_tsx()),
        "plaintext" => Box::new(PlainLex("")),
        _ => return auto::new(name),
    })
}

/// The compiled table of lexer `name`.
#[cfg(test)]
pub fn compiled(name: &str) -> Option<&'static Compiled> {
    Some(match name {
        "shell" | "console" => shell::Shell::compiled(),
        "python" => python::Python::compiled(),
        "yaml" => yaml::Yaml::compiled(),
        "json" => json::Json::compiled(),
        "javascript" => javascript::Javascript::compiled(),
        "css" => css::Css::compiled(),
        "html" => html::Html::compiled(),
        "xml" => xml::Xml::compiled(),
        "markdown" => markdown::Markdown::compiled(),
        "lua" => lua::Lua::compiled(),
        "jsx" => jsx::Jsx::compiled(),
        "tsx" => jsx::Tsx::compiled(),
        _ if auto::compiled(name).is_some() => return auto::compiled(name),
        "ruby" => ruby::Ruby::compiled(),
        "liquid" => liquid::Liquid::compiled(),
        "docker" => docker::Docker::compiled(),
        "fortran" => fortran::Fortran::compiled(),
        "rust" => rust::Rust::compiled(),
        "toml" => toml::Toml::compiled(),
        "julia" => julia::Julia::compiled(),
        "csharp" => csharp::CSharp::compiled(),
        "go" => go::Go::compiled(),
        "java" => java::Java::compiled(),
        "sql" => sql::Sql::compiled(),
        "diff" => diff::Diff::compiled(),
        "c" => c::C::compiled(),
        "cpp" => c::Cpp::compiled(),
        "bibtex" => bibtex::Bibtex::compiled(),
        "tex" => tex::Tex::compiled(),
        "ini" => ini::Ini::compiled(),
        "r" => r::R::compiled(),
        "matlab" => matlab::Matlab::compiled(),
        _ => return None,
    })
}

/// Patterns of lexer `name` that failed to compile.
#[cfg(test)]
pub fn compile_errors(name: &str) -> Vec<String> {
    match compiled(name) {
        Some(c) => c.errors(),
        None => vec![format!("{name} not ported")],
    }
}

/// rouge's `PlainText` lexer with its `token` option.
pub struct PlainLex(pub &'static str);

impl Lex for PlainLex {
    fn continue_lex(&mut self, text: &str, out: &mut super::engine::Out) {
        out.token(self.0, text);
    }
}
