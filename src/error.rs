//! hyde's errors: every error a user can cause names the file (and line and
//! column where known) and what to do.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("YAML Exception reading {}:{line}:{col}: {message}", path.display())]
    Yaml {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Config { path: PathBuf, message: String },
    #[error("Liquid Exception: {message} in {file}{}", loc(*line, *col))]
    Liquid {
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("Conversion error: {file}: {message}")]
    Sass { file: String, message: String },
    /// Jekyll: "Conversion error: Jekyll::Converters::Markdown encountered
    /// an error while converting 'FILE':", then kramdown's message.
    #[error("Conversion error: Jekyll::Converters::Markdown encountered an error while converting '{file}'{}: {message}", at_line(*line))]
    Markdown {
        file: String,
        line: usize,
        message: String,
    },
    #[error("{}: {message}", path.display())]
    Path { path: PathBuf, message: String },
    #[error("{0}")]
    Other(String),
    /// A bug in hyde (a panic) while processing one file: the build goes on
    /// without it, and the message asks for a report.
    #[error("Internal error while processing {file}: {message}. This is a bug in hyde: please report it with the file.")]
    Internal { file: String, message: String },
}

/// What a caught panic said.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic".to_string()
    }
}

fn at_line(line: usize) -> String {
    match line {
        0 => String::new(),
        l => format!(" at line {l}"),
    }
}

fn loc(line: usize, col: usize) -> String {
    match (line, col) {
        (0, _) => String::new(),
        (l, 0) => format!(":{l}"),
        (l, c) => format!(":{l}:{c}"),
    }
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<crate::liquid::Error> for Error {
    fn from(e: crate::liquid::Error) -> Error {
        Error::Liquid {
            file: e.file,
            line: e.line,
            col: e.col,
            message: e.message,
        }
    }
}
