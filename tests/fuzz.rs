//! The fuzz harness (#12): generated and mutated inputs (see `fuzz/gen.rs`)
//! through YAML, Markdown, and whole builds of pages, Liquid, Sass and
//! `_config.yml`, looking for crashes (a panic, an abort, a stack overflow)
//! and hangs (an input that takes more than ten seconds).
//!
//! Inputs run in a child process (this binary with `--child`), which says
//! each input's number before running it; the parent remakes the input a
//! child died or stalled on and keeps it in `tests/fuzz/regressions/`
//! (`TARGET-SEED-INDEX.txt`), which every `cargo test` replays.
//!
//! - `cargo test --release --test fuzz`: replays the regressions, then 300
//!   generated inputs through the parent/child machinery.
//! - `scripts/fuzz.sh SECONDS [JOBS]`: fuzzes for that long
//!   (`--seconds N --jobs J --seed S` here).
//! - `--replay FILE`: runs one saved input in this process.

mod common;

#[path = "fuzz/gen.rs"]
mod gen;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use gen::{Pools, Target};

/// An input that takes longer than this is a hang.
const HANG: Duration = Duration::from_secs(10);

fn regressions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/regressions")
}

fn main() {
    // hyde stops a stylesheet that runs past its Sass timeout (an endless
    // `@while`) with an error; here that has to happen well within `HANG`
    // (inherited by the children and their Sass workers)
    if std::env::var_os("HYDE_SASS_TIMEOUT").is_none() {
        std::env::set_var("HYDE_SASS_TIMEOUT", "3");
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let num = |k: usize| {
            args.get(i + k)
                .and_then(|s| s.parse::<u64>().ok())
                .unwrap_or(0)
        };
        child(num(1), num(2), num(3));
        return;
    }
    if let Some(file) = flag("--replay") {
        let ok = replay(Path::new(&file));
        std::process::exit(if ok { 0 } else { 1 });
    }
    if let Some(secs) = flag("--seconds").and_then(|s| s.parse::<u64>().ok()) {
        let jobs = flag("--jobs").and_then(|s| s.parse().ok()).unwrap_or(1);
        let seed = flag("--seed")
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_secs())
            });
        let found = fuzz(Duration::from_secs(secs), jobs, seed, u64::MAX);
        std::process::exit(if found == 0 { 0 } else { 1 });
    }
    // `cargo test`: the regressions, then a short run
    let mut failed = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(regressions_dir())
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|x| x == "txt"));
    files.sort();
    for f in &files {
        // each in a child, so that one that still crashes is reported by name
        let st = Command::new(std::env::current_exe().expect("own path"))
            .arg("--replay")
            .arg(f)
            .stdout(Stdio::null())
            .status()
            .expect("replay runs");
        if !st.success() {
            println!("fuzz regression {} fails: {st}", f.display());
            failed += 1;
        }
    }
    println!(
        "fuzz: {} regressions replayed, {failed} failed",
        files.len()
    );
    let found = fuzz(Duration::from_secs(600), 1, 1, 300);
    assert!(
        failed == 0 && found == 0,
        "{failed} regressions failed, {found} new crashes or hangs"
    );
}

/// Fuzz for `time` (or `count` inputs per job) with `jobs` children;
/// returns how many crashes and hangs were found (and saved).
fn fuzz(time: Duration, jobs: u64, seed: u64, count: u64) -> usize {
    let pools = Pools::load();
    let start = Instant::now();
    let workers: Vec<_> = (0..jobs)
        .map(|j| {
            let seed = seed.wrapping_add(j.wrapping_mul(1_000_003));
            std::thread::spawn(move || run_job(seed, time, count, start))
        })
        .collect();
    let mut total = Stats::default();
    for w in workers {
        let s = w.join().expect("a fuzz job");
        total.inputs += s.inputs;
        total.found.extend(s.found);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "fuzz: seed {seed}, {jobs} job(s), {} inputs in {secs:.0} s ({:.0}/s), {} crashes or hangs",
        total.inputs,
        total.inputs as f64 / secs.max(0.001),
        total.found.len()
    );
    for (index, seed, why) in &total.found {
        let (target, text) = gen::input(&pools, *seed, *index);
        let name = format!("{}-{seed}-{index}.txt", target.name());
        let dir = regressions_dir();
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(&name), text);
        println!("fuzz: {why}: saved as tests/fuzz/regressions/{name}");
    }
    total.found.len()
}

#[derive(Default)]
struct Stats {
    inputs: u64,
    /// (index, seed, what happened)
    found: Vec<(u64, u64, String)>,
}

/// A child, the numbers it announces, and (once it ends) the tail of its
/// stderr, read as it comes so that a chatty child never blocks on it.
fn spawn_child(
    seed: u64,
    from: u64,
    count: u64,
) -> (Child, mpsc::Receiver<u64>, std::thread::JoinHandle<String>) {
    let mut c = Command::new(std::env::current_exe().expect("own path"))
        .args([
            "--child",
            &seed.to_string(),
            &from.to_string(),
            &count.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("a fuzz child");
    let out = c.stdout.take().expect("stdout");
    let mut err = c.stderr.take().expect("stderr");
    let tail = std::thread::spawn(move || {
        let mut keep: Vec<u8> = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            keep.extend_from_slice(&buf[..n]);
            if keep.len() > 16_384 {
                keep.drain(..keep.len() - 8192);
            }
        }
        let s = String::from_utf8_lossy(&keep).into_owned();
        let lines: Vec<&str> = s.lines().rev().take(3).collect();
        lines.into_iter().rev().collect::<Vec<_>>().join(" / ")
    });
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Ok(i) = line.trim().parse::<u64>() {
                if tx.send(i).is_err() {
                    break;
                }
            }
        }
    });
    (c, rx, tail)
}

fn run_job(seed: u64, time: Duration, count: u64, start: Instant) -> Stats {
    let mut stats = Stats::default();
    let mut from = 0u64;
    while start.elapsed() < time && from < count {
        let (mut c, rx, tail) = spawn_child(seed, from, count - from);
        let mut current: Option<u64> = None;
        loop {
            let left = time.saturating_sub(start.elapsed());
            if left.is_zero() {
                let _ = c.kill();
                let _ = c.wait();
                from = u64::MAX;
                break;
            }
            match rx.recv_timeout(HANG.min(left + Duration::from_millis(1))) {
                Ok(i) => {
                    if current.is_some() {
                        stats.inputs += 1;
                    }
                    current = Some(i);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if start.elapsed() >= time {
                        continue;
                    }
                    let _ = c.kill();
                    let _ = c.wait();
                    if let Some(i) = current {
                        stats
                            .found
                            .push((i, seed, format!("input {i} hung past {HANG:?}")));
                        from = i + 1;
                    }
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let st = c.wait().expect("wait");
                    let words = tail.join().unwrap_or_default();
                    match current {
                        Some(i) if !st.success() => {
                            stats.found.push((
                                i,
                                seed,
                                format!("input {i} crashed ({st}): {words}"),
                            ));
                            from = i + 1;
                        }
                        // done with its count
                        Some(i) => {
                            stats.inputs += 1;
                            from = i + 1;
                            if from >= count {
                                return stats;
                            }
                        }
                        None => panic!("a fuzz child failed to start: {st}: {words}"),
                    }
                    break;
                }
            }
        }
        // a child killed when time ran out: its current input did not finish
        if from == u64::MAX {
            break;
        }
    }
    stats
}

/// The child: inputs `from..from+count` of `seed` (count 0: no end), each
/// number printed before the input runs.
fn child(seed: u64, from: u64, count: u64) {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("panic: {info}");
        std::process::abort();
    }));
    hyde::sass::use_worker_process(PathBuf::from(env!("CARGO_BIN_EXE_hyde")));
    let pools = Pools::load();
    let site = common::tempdir(&format!("fuzz-{seed}-{from}"));
    let mut out = std::io::stdout().lock();
    let mut i = from;
    while count == 0 || i < from.saturating_add(count) {
        let _ = writeln!(out, "{i}");
        let _ = out.flush();
        let (target, text) = gen::input(&pools, seed, i);
        run_one(target, &text, &site);
        i += 1;
    }
    let _ = writeln!(out, "done");
    let _ = std::fs::remove_dir_all(&site);
}

fn replay(file: &Path) -> bool {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let Some(target) = name.split('-').next().and_then(Target::from_name) else {
        eprintln!("{}: the name does not start with a target", file.display());
        return false;
    };
    let Ok(bytes) = std::fs::read(file) else {
        return false;
    };
    hyde::sass::use_worker_process(PathBuf::from(env!("CARGO_BIN_EXE_hyde")));
    let site = common::tempdir(&format!("fuzz-replay-{name}"));
    let start = Instant::now();
    run_one(target, &String::from_utf8_lossy(&bytes), &site);
    let _ = std::fs::remove_dir_all(&site);
    start.elapsed() < HANG
}

/// Run one input; errors are fine, only crashes and hangs count.
fn run_one(target: Target, text: &str, site: &Path) {
    let utc = |_: &chrono::NaiveDateTime| chrono::FixedOffset::east_opt(0).expect("zero offset");
    match target {
        Target::Yaml => {
            let _ = hyde::yaml::parse(text, &utc);
        }
        Target::Markdown => {
            let _ = hyde::markdown::try_to_html(text, &hyde::markdown::Options::default());
        }
        Target::Liquid => build_site(
            site,
            &[("index.html", &format!("---\nlayout: l\n---\n{text}"))],
        ),
        Target::Page => build_site(site, &[("index.md", text)]),
        Target::Sass => build_site(site, &[("assets/s.scss", &format!("---\n---\n{text}"))]),
        Target::Config => build_site(site, &[("_config.yml", text)]),
    }
}

/// A small site with `files` over its defaults, built in this process.
fn build_site(dir: &Path, files: &[(&str, &str)]) {
    let _ = std::fs::remove_dir_all(dir);
    let defaults: [(&str, &str); 6] = [
        ("_config.yml", "title: fuzz\ncollections: [talks]\n"),
        (
            "_layouts/l.html",
            "<body>{{ content }}{% include inc.html %}</body>\n",
        ),
        (
            "_includes/inc.html",
            "{{ include.a | default: page.title | escape }}\n",
        ),
        ("_data/d.yml", "list: [3, 1, 2]\nname: data\n"),
        (
            "_posts/2020-01-01-a.md",
            "---\ntitle: A post\ntags: [x]\n---\nPost *body*.\n",
        ),
        (
            "_talks/t.md",
            "---\ntitle: Talk\ndate: 2021-02-03\n---\nTalk.\n",
        ),
    ];
    for (path, text) in defaults.iter().chain(files) {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(p, text);
    }
    let ov = hyde::config::Overrides {
        source: Some(dir.to_path_buf()),
        destination: Some(dir.join("_site")),
        quiet: true,
        profile: Some(hyde::profile::Profile::Jekyll),
        disable_disk_cache: true,
        ..Default::default()
    };
    if let Ok(config) = hyde::build::load_config(&ov) {
        let _ = hyde::build::build(config);
    }
}
