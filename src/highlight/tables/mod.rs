//! rouge's lexer states as data, one generated file per lexer.

pub mod bibtex;
pub mod c;
pub mod cpp;
pub mod csharp;
pub mod css;
pub mod diff;
pub mod docker;
pub mod fortran;
pub mod go;
pub mod html;
pub mod ini;
pub mod java;
pub mod javascript;
pub mod json;
pub mod julia;
pub mod markdown;
pub mod matlab;
pub mod python;
pub mod r;
pub mod rust;
pub mod shell;
pub mod sql;
pub mod tex;
pub mod toml;
pub mod xml;
pub mod yaml;
