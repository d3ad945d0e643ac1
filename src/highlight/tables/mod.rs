//! rouge's lexer states as data, one generated file per lexer.

pub mod bibtex;
pub mod c;
pub mod cpp;
pub mod css;
pub mod html;
pub mod ini;
pub mod javascript;
pub mod json;
pub mod markdown;
pub mod matlab;
pub mod python;
pub mod r;
pub mod shell;
pub mod tex;
pub mod xml;
pub mod yaml;
