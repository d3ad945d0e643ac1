//! `hyde serve --detach` (`-B`): the server runs on in the background, as
//! Jekyll's forked one does. hyde starts itself again without `--detach`
//! (and, as Jekyll's detached server, without watching or live reload), in a
//! process group of its own so that the terminal's ctrl-c leaves it running,
//! with its messages going to `serve.log` in hyde's cache folder (it holds
//! none of the terminal's streams, so a script reading them ends); it relays
//! them until the server serves, then says how to stop it and exits.

use std::io::Write;
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// How long the server may take to start (its first build included).
const START_WAIT: Duration = Duration::from_secs(600);

/// The arguments this process was given, less the detach flag, with
/// watching and live reload turned off.
fn child_args() -> Vec<std::ffi::OsString> {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os()
        .skip(1)
        .filter(|a| a != "-B" && a != "--detach")
        .collect();
    args.push("--no-watch".into());
    args.push("--no-livereload".into());
    args
}

/// Start the detached server of the site `overrides` name and report it;
/// the exit code is the server's own when it stopped before serving.
pub fn run(overrides: &crate::config::Overrides) -> ExitCode {
    let fail = |m: String| {
        eprintln!("{}", crate::site::format_log("Error:", &m));
        ExitCode::FAILURE
    };
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => return fail(format!("cannot find hyde's own program to detach: {e}")),
    };
    let config = match crate::config::Config::load(overrides) {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let folder = crate::cache::folder(&config);
    let log_path = folder.join("serve.log");
    let log = crate::cache::ensure_folder(&folder).and_then(|()| std::fs::File::create(&log_path));
    let (log, log_err) = match log.and_then(|f| Ok((f.try_clone()?, f))) {
        Ok(pair) => pair,
        Err(e) => return fail(format!("could not write {}: {e}", log_path.display())),
    };
    let mut cmd = Command::new(exe);
    cmd.args(child_args())
        .stdin(Stdio::null())
        .stdout(Stdio::from(log))
        .stderr(Stdio::from(log_err));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => return fail(format!("could not start the detached server: {e}")),
    };
    let pid = child.id();
    // relay the server's lines until it serves (with messages on,
    // "Server running..." follows its address; quiet, the address is last)
    let quiet = config.quiet;
    let mut shown = 0;
    let start = Instant::now();
    let serving = loop {
        let exited = matches!(child.try_wait(), Ok(Some(_)));
        let (lines, up) = relay(&log_path, &mut shown, quiet);
        let stdout = std::io::stdout();
        for l in lines {
            let _ = writeln!(stdout.lock(), "{l}");
        }
        if up {
            break true;
        }
        if exited || start.elapsed() > START_WAIT {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if !serving {
        let _ = child.kill();
        return match child.wait() {
            Ok(s) if s.success() => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        };
    }
    println!(
        "{}",
        crate::site::format_log(
            &format!("Server detached with pid '{pid}'."),
            &format!("Run `pkill -f hyde' or `kill -9 {pid}' to stop the server."),
        )
    );
    println!(
        "{}",
        crate::site::format_log("", &format!("Its messages go to {}", log_path.display()))
    );
    ExitCode::SUCCESS
}

/// The whole lines of the log past the first `shown`, and whether the
/// server said it serves.
fn relay(log: &Path, shown: &mut usize, quiet: bool) -> (Vec<String>, bool) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    let lines: Vec<String> = complete.lines().skip(*shown).map(str::to_string).collect();
    *shown += lines.len();
    let up = lines.iter().any(|l| {
        let l = l.trim_start();
        l.starts_with("Server running...") || (quiet && l.starts_with("Server address:"))
    });
    (lines, up)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_child_neither_detaches_nor_watches() {
        let args = super::child_args();
        assert!(!args.iter().any(|a| a == "-B" || a == "--detach"));
        assert!(args.iter().any(|a| a == "--no-watch"));
        assert!(args.iter().any(|a| a == "--no-livereload"));
    }
}
