//! hyde: Jekyll's pipeline in Rust — config → read → generate → render → write.

pub mod build;
pub mod cache;
pub mod clean;
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
pub mod profiler;
pub mod render;
pub mod ruby_time;
pub mod sass;
pub mod serve;
pub mod site;
pub mod slugify;
pub mod timings;
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

/// mimalloc's options for a build: arenas committed as they are used
/// (`MIMALLOC_ARENA_EAGER_COMMIT=0`) and freed memory returned after 10 ms
/// (`MIMALLOC_PURGE_DELAY=10`). A build allocates a page's worth, writes it
/// and frees it, thousands of times. Kept mapped for the whole build
/// (`-1`), peak RSS grew with the site (150 MB at 1,000 documents);
/// returned at once (`0`), the kernel zeroed it again for the next page:
/// 400,000 page faults and a third of the CPU time at 10,000 documents.
/// 10 ms halves the faults for a few MB more. Called first thing in
/// `main`; an option the user set in the environment is left alone.
pub fn tune_allocator() {
    set_allocator_options(&[
        (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT", 0),
        (PURGE_DELAY, "MIMALLOC_PURGE_DELAY", 10),
    ]);
}

/// The stack of each thread that renders: Markdown and Liquid recurse once
/// per level of nesting, up to `markdown::parser::guard::MAX_NESTING`
/// levels, which takes about 2 MB; Rust's default for a spawned thread (and
/// so rayon's) is 2 MB, where an unrelated change that made a frame larger
/// overflowed it. Only the pages a thread touches are ever mapped in.
pub const THREAD_STACK: usize = 16 << 20;

/// Start rayon's threads with [`THREAD_STACK`] each (as many as rayon
/// chooses, `RAYON_NUM_THREADS` included). Called first thing in `main`;
/// a library user who started rayon before keeps its threads.
pub fn start_threads() {
    let _ = rayon::ThreadPoolBuilder::new()
        .stack_size(THREAD_STACK)
        .build_global();
}

/// The dev server keeps the memory its rebuilds free (`MIMALLOC_PURGE_DELAY
/// =-1`): returned after 10 ms, it is gone by the next save, and the kernel
/// zeroes it again while that rebuild runs. Measured on academicpages-2025
/// grown to 1,000 documents: about 11,700 page faults per rebuild after
/// saving a publication, against about 1,000 kept; resident memory stays at
/// the peak of a rebuild (200 MB there, 140 MB returning it).
pub fn keep_freed_memory() {
    set_allocator_options(&[(PURGE_DELAY, "MIMALLOC_PURGE_DELAY", -1)]);
}

// mimalloc 3's option numbers (`mi_option_e` in mimalloc.h)
const ARENA_EAGER_COMMIT: i32 = 4;
const PURGE_DELAY: i32 = 15;

/// Set mimalloc options, except those the user set in the environment.
fn set_allocator_options(options: &[(i32, &str, std::ffi::c_long)]) {
    extern "C" {
        fn mi_option_set(option: i32, value: std::ffi::c_long);
    }
    for &(option, env, value) in options {
        if std::env::var_os(env).is_none() {
            // SAFETY: mi_option_set only stores the value in mimalloc's
            // option table; any value is valid for these two options
            unsafe { mi_option_set(option, value) };
        }
    }
}
