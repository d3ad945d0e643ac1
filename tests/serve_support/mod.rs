//! Helpers shared by the serve end-to-end test, the browser test and the
//! latency benchmark: temp folders, a `hyde serve` child process, a tiny
//! HTTP/1.1 GET client and a Server-Sent Events reader (std only).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// A folder under the system temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let p = std::env::temp_dir().join(format!("hyde-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("create temp dir");
        TempDir(p)
    }
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let t = to.join(e.file_name());
        if e.file_type().expect("type").is_dir() {
            copy_dir(&e.path(), &t);
        } else {
            std::fs::copy(e.path(), &t).expect("copy");
        }
    }
}

/// Every file under `root`, relative, with `/` separators, sorted.
pub fn list_files(root: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(rel) = p.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}

/// A running `hyde serve`, killed on drop.
pub struct Serve {
    pub child: Child,
    /// `127.0.0.1:PORT`
    pub addr: String,
    pub port: u16,
    /// The lines it printed (stdout and stderr), as they come.
    pub log: Receiver<String>,
}

impl Serve {
    /// Start `hyde serve -P 0 ARGS...` and wait for its address line.
    pub fn start(bin: &str, args: &[&str], envs: &[(&str, &str)]) -> Serve {
        let mut cmd = Command::new(bin);
        cmd.arg("serve").args(["-P", "0"]).args(args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hyde serve");
        let (tx, log) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let tx2 = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                eprintln!("[hyde serve] {line}");
                let _ = tx2.send(line);
            }
        });
        // the initial build comes first: wait as long as the child lives
        let mut port = 0;
        let started = std::time::Instant::now();
        while port == 0 && started.elapsed() < Duration::from_secs(3600) {
            let line = match log.recv_timeout(Duration::from_secs(1)) {
                Ok(l) => l,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Ok(Some(status)) = child.try_wait() {
                        panic!("hyde serve exited before serving: {status}");
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            };
            if let Some(rest) = line.trim().strip_prefix("Server address: http://") {
                let hostport = rest.split('/').next().unwrap_or("");
                port = hostport
                    .rsplit(':')
                    .next()
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0);
            }
        }
        if port == 0 {
            let _ = child.kill();
            let _ = child.wait();
            panic!("hyde serve did not print its address");
        }
        Serve {
            child,
            addr: format!("127.0.0.1:{port}"),
            port,
            log,
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response: status, headers (lower-case names), body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `GET target` (sent as is, unnormalised) over a fresh connection.
pub fn get(addr: &str, target: &str) -> Response {
    request(addr, "GET", target, None).expect("GET")
}

/// One HTTP/1.1 request with an optional JSON body; `None` when the
/// connection fails.
pub fn request(addr: &str, method: &str, target: &str, json: Option<&str>) -> Option<Response> {
    let mut s = TcpStream::connect(addr).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(120))).ok();
    let body = json.unwrap_or("");
    let typ = if json.is_some() {
        "Content-Type: application/json\r\n"
    } else {
        ""
    };
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{typ}Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    // read the head, then the body by Content-Length (some servers keep the
    // connection open despite `Connection: close`), chunks, or to the end
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = s.read(&mut buf).ok()?;
        if n == 0 {
            return None;
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut body = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: Option<usize> = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok());
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if method == "HEAD" {
        body.clear();
    } else if let Some(len) = length {
        while body.len() < len {
            let n = s.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buf[..n]);
        }
        body.truncate(len);
    } else if chunked {
        while !body.windows(5).any(|w| w == b"0\r\n\r\n") {
            let n = s.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buf[..n]);
        }
        body = dechunk(&body);
    } else {
        s.read_to_end(&mut body).ok()?;
    }
    Some(Response {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 2 + n + 2..];
    }
    out
}

/// One server-sent event.
#[derive(Debug, Clone)]
pub struct Sse {
    pub event: String,
    pub data: String,
}

/// An open `GET /__hyde/events` stream read on its own thread.
pub struct Events {
    pub rx: Receiver<Sse>,
}

impl Events {
    pub fn connect(addr: &str) -> Events {
        Events::connect_viewing(addr, &[])
    }

    /// Connect as a browser showing the page whose destination may be one of `pages`.
    pub fn connect_viewing(addr: &str, pages: &[String]) -> Events {
        let mut s = TcpStream::connect(addr).expect("connect events");
        let query = if pages.is_empty() {
            String::new()
        } else {
            let json = serde_json::to_string(pages).expect("json");
            let enc: String = json
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("?pages={enc}")
        };
        write!(
            s,
            "GET /__hyde/events{query} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .expect("send");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(s);
            let mut line = String::new();
            // headers
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == "\r\n" || line == "\n" {
                    break;
                }
            }
            let (mut event, mut data) = (String::new(), String::new());
            loop {
                line.clear();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let l = line.trim_end_matches(['\r', '\n']);
                if l.is_empty() {
                    if !event.is_empty() || !data.is_empty() {
                        let ev = Sse {
                            event: std::mem::take(&mut event),
                            data: std::mem::take(&mut data),
                        };
                        if tx.send(ev).is_err() {
                            return;
                        }
                    }
                } else if let Some(v) = l.strip_prefix("event: ") {
                    event = v.to_string();
                } else if let Some(v) = l.strip_prefix("data: ") {
                    data = v.to_string();
                }
            }
        });
        Events { rx }
    }

    /// The next event other than `hello` (panics after `secs`).
    pub fn next(&self, secs: u64) -> Sse {
        loop {
            let ev = self
                .rx
                .recv_timeout(Duration::from_secs(secs))
                .expect("no event arrived in time");
            if ev.event != "hello" {
                return ev;
            }
        }
    }

    /// The `hello` event sent on connect.
    pub fn hello(&self, secs: u64) -> Sse {
        self.rx
            .recv_timeout(Duration::from_secs(secs))
            .expect("no hello event")
    }
}

/// Write `text` to `path` the way editors do: a temp file, then a rename over.
pub fn save_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("hyde-tmp");
    std::fs::write(&tmp, text).expect("write temp");
    std::fs::rename(&tmp, path).expect("rename");
}
