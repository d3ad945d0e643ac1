//! hyde: Jekyll's pipeline in Rust — config → read → generate → render → write.

pub mod build;
pub mod cache;
pub mod config;
pub mod doctor;
pub mod error;
pub mod frontmatter;
pub mod highlight;
pub mod import;
pub mod init;
pub mod liquid;
pub mod markdown;
pub mod memo;
pub mod new;
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

/// mimalloc's options for a build: arenas committed as they are used and
/// freed memory returned at once (`MIMALLOC_ARENA_EAGER_COMMIT=0`,
/// `MIMALLOC_PURGE_DELAY=0`). A build allocates a page's worth, writes it
/// and frees it, thousands of times: with the defaults the freed memory
/// stays mapped and peak RSS grows with the site (150 MB at 1,000
/// documents against 75 MB so). Called first thing in `main`; an option
/// the user set in the environment is left alone.
pub fn tune_allocator() {
    // mimalloc 3's option numbers (`mi_option_e` in mimalloc.h)
    const ARENA_EAGER_COMMIT: i32 = 4;
    const PURGE_DELAY: i32 = 15;
    extern "C" {
        fn mi_option_set(option: i32, value: std::ffi::c_long);
    }
    for (option, env) in [
        (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT"),
        (PURGE_DELAY, "MIMALLOC_PURGE_DELAY"),
    ] {
        if std::env::var_os(env).is_none() {
            // SAFETY: mi_option_set only stores the value in mimalloc's
            // option table; any value is valid for these two options
            unsafe { mi_option_set(option, 0) };
        }
    }
}
