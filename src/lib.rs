//! hyde: Jekyll's pipeline in Rust — config → read → generate → render → write.

pub mod build;
pub mod cache;
pub mod config;
pub mod error;
pub mod frontmatter;
pub mod highlight;
pub mod import;
pub mod liquid;
pub mod markdown;
pub mod memo;
pub mod plugins;
pub mod profile;
pub mod render;
pub mod ruby_time;
pub mod sass;
pub mod serve;
pub mod site;
pub mod slugify;
pub mod utils;
pub mod writer;
pub mod yaml;

/// mimalloc as the process allocator of every binary built on this
/// library (the `hyde` command, its tests and benchmarks alike, so that the
/// benchmarks measure what users run): on this workload it makes
/// `cargo bench --bench markdown` about a fifth faster and a full build's
/// CPU time about a sixth smaller than glibc's malloc.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
