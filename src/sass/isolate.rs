//! grass run in a child process of its own.
//!
//! grass parses and evaluates recursively and has no limit of its own: a
//! stylesheet nested twenty thousand levels deep, a long `1 + 1 + …` chain or
//! a `@function` that calls itself forever overflows the stack, which aborts
//! the whole process (in `hyde serve`, the server). libsass, which Jekyll
//! uses, stops such input with an error. So the `hyde` binary compiles each
//! Sass page in a copy of itself (started with [`WORKER_ENV`] set): a crash
//! or a stall there becomes an error naming the page, and the build goes on.
//! A compile costs a process start (about a millisecond) more, and the
//! results are cached (`compile_cached`).
//!
//! Library users that do not call [`use_worker_process`] (tests, benches)
//! compile in their own process, as before.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Set in a child's environment: the child is a Sass worker.
pub const WORKER_ENV: &str = "HYDE_INTERNAL_SASS_WORKER";

/// How long one stylesheet may take before the worker is stopped (an
/// endless `@while`): far past what real stylesheets need (academicpages'
/// `main.scss` compiles in a third of a second).
/// `HYDE_SASS_TIMEOUT=SECONDS` changes it (the fuzz harness, whose own
/// limit per input is shorter, sets it lower).
fn timeout() -> Duration {
    static T: OnceLock<Duration> = OnceLock::new();
    *T.get_or_init(|| {
        std::env::var("HYDE_SASS_TIMEOUT")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
            .map_or(Duration::from_secs(30), Duration::from_secs_f64)
    })
}

/// The worker's own stack: deep enough for any real stylesheet, small
/// enough that endless recursion fails fast.
pub(super) const WORKER_STACK: usize = 64 << 20;

static WORKER: OnceLock<PathBuf> = OnceLock::new();

/// Compile Sass in child processes running `exe` (the `hyde` binary).
pub fn use_worker_process(exe: PathBuf) {
    let _ = WORKER.set(exe);
}

/// One compile: what grass needs.
#[derive(Clone, PartialEq)]
pub struct Job {
    pub compressed: bool,
    pub indented: bool,
    pub load_paths: Vec<PathBuf>,
    pub source: String,
}

impl Job {
    fn options(&self) -> grass::Options<'static> {
        let mut opts = grass::Options::default()
            .style(if self.compressed {
                grass::OutputStyle::Compressed
            } else {
                grass::OutputStyle::Expanded
            })
            .input_syntax(if self.indented {
                grass::InputSyntax::Sass
            } else {
                grass::InputSyntax::Scss
            });
        for p in &self.load_paths {
            opts = opts.load_path(p);
        }
        opts
    }

    fn in_process(&self) -> Result<String, String> {
        grass::from_string(self.source.clone(), &self.options()).map_err(|e| e.to_string())
    }

    fn to_json(&self) -> String {
        serde_json::json!({
            "compressed": self.compressed,
            "indented": self.indented,
            "load_paths": self.load_paths.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>(),
            "source": self.source,
        })
        .to_string()
    }

    fn from_json(s: &str) -> Option<Job> {
        let v: serde_json::Value = serde_json::from_str(s).ok()?;
        Some(Job {
            compressed: v.get("compressed")?.as_bool()?,
            indented: v.get("indented")?.as_bool()?,
            load_paths: v
                .get("load_paths")?
                .as_array()?
                .iter()
                .filter_map(|p| p.as_str().map(PathBuf::from))
                .collect(),
            source: v.get("source")?.as_str()?.to_string(),
        })
    }
}

/// Compile `job`: in a worker process when one is set up, else here. The
/// error is grass's message, or what became of the worker.
pub fn compile(job: &Job) -> Result<String, String> {
    match WORKER.get() {
        Some(exe) => in_worker(exe, job),
        None => job.in_process(),
    }
}

fn in_worker(exe: &PathBuf, job: &Job) -> Result<String, String> {
    let spawned = Command::new(exe)
        .env(WORKER_ENV, "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match spawned {
        Ok(c) => c,
        // no process to spare (a limit on processes): compile here
        Err(_) => return job.in_process(),
    };
    let input = job.to_json();
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            // a worker that died early closes the pipe: its exit says why
            let _ = s.write_all(input.as_bytes());
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_string(&mut out);
        }
        out
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(st)) => break Some(st),
            Ok(None) if start.elapsed() > timeout() => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(_) => break None,
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(format!(
            "the stylesheet took longer than {} seconds and was stopped (an endless @while or @for?)",
            timeout().as_secs_f64()
        ));
    };
    let reply: Option<serde_json::Value> = serde_json::from_str(&out).ok();
    match reply {
        Some(v) if status.success() => {
            if let Some(css) = v.get("css").and_then(|c| c.as_str()) {
                Ok(css.to_string())
            } else {
                Err(v
                    .get("error")
                    .and_then(|e| e.as_str())
                    .unwrap_or("the Sass compiler gave no answer")
                    .to_string())
            }
        }
        _ => Err(
            "the Sass compiler crashed on this stylesheet: nesting or recursion too deep \
             (a @function or @mixin that calls itself without end?)"
                .to_string(),
        ),
    }
}

/// The worker: a [`Job`] as JSON on stdin, `{"css": …}` or `{"error": …}`
/// on stdout.
pub fn worker_main() -> ExitCode {
    // a worker whose parent died (killed, or crashed) is not waited for:
    // it stops itself a little after the parent would have stopped it
    std::thread::spawn(|| {
        std::thread::sleep(timeout() + Duration::from_secs(5));
        std::process::exit(3);
    });
    let mut input = String::new();
    if std::io::stdin().read_to_string(&mut input).is_err() {
        return ExitCode::FAILURE;
    }
    let Some(job) = Job::from_json(&input) else {
        return ExitCode::FAILURE;
    };
    let run = std::thread::Builder::new()
        .stack_size(WORKER_STACK)
        .spawn(move || job.in_process());
    let result = match run.map(|h| h.join()) {
        Ok(Ok(r)) => r,
        // grass panicked: an internal error of the compiler
        Ok(Err(_)) => Err("the Sass compiler failed on this stylesheet (internal error)".into()),
        Err(_) => Err("the Sass worker could not start a thread".into()),
    };
    let reply = match result {
        Ok(css) => serde_json::json!({ "css": css }),
        Err(e) => serde_json::json!({ "error": e }),
    };
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(reply.to_string().as_bytes()).is_err() {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_round_trips_through_json() {
        let job = Job {
            compressed: true,
            indented: false,
            load_paths: vec![PathBuf::from("/a/b"), PathBuf::from("c d")],
            source: "a { b: \"c\n\" }".into(),
        };
        let back = Job::from_json(&job.to_json()).expect("parses");
        assert!(back.compressed && !back.indented);
        assert_eq!(back.load_paths, job.load_paths);
        assert_eq!(back.source, job.source);
    }

    #[test]
    fn in_process_compiles() {
        let job = Job {
            compressed: false,
            indented: false,
            load_paths: vec![],
            source: "$c: red; a { b { color: $c } }".into(),
        };
        assert_eq!(compile(&job).as_deref(), Ok("a b {\n  color: red;\n}\n"));
    }
}
