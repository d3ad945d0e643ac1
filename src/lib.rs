//! hyde: Jekyll's pipeline in Rust — config → read → generate → render → write.

pub mod build;
pub mod config;
pub mod error;
pub mod frontmatter;
pub mod highlight;
pub mod liquid;
pub mod markdown;
pub mod memo;
pub mod plugins;
pub mod render;
pub mod sass;
pub mod serve;
pub mod site;
pub mod utils;
pub mod writer;
pub mod yaml;
