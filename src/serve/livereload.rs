//! Live reload over Server-Sent Events: the hub that fans build events out to
//! every connected browser (`GET /__hyde/events`, one thread per client), the
//! script those browsers run, and its injection into HTML responses.

use std::io::Write;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Mutex;
use std::time::Duration;

/// The script served at [`SCRIPT_PATH`].
pub const SCRIPT: &str = include_str!("livereload.js");
pub const SCRIPT_PATH: &str = "/__hyde/livereload.js";
pub const EVENTS_PATH: &str = "/__hyde/events";

/// How often an idle stream gets a comment line (finds clients that left).
const KEEPALIVE: Duration = Duration::from_secs(10);

/// One build's news, as the browsers receive it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Outputs changed (destination paths with a leading `/`); pages showing one reload.
    Reload {
        generation: u64,
        changed: Vec<String>,
    },
    /// Only stylesheets changed: swap them without a reload.
    Css {
        generation: u64,
        changed: Vec<String>,
    },
    /// The first part of a rebuild: the pages browsers show changed (a
    /// `reload` frame with `"partial": true`; the rest follows).
    Partial {
        generation: u64,
        changed: Vec<String>,
    },
    /// The build failed: show the overlay, keep the last good output.
    Error { generation: u64, message: String },
}

impl Event {
    /// The event as an SSE frame.
    pub fn frame(&self) -> String {
        let (name, data) = match self {
            Event::Reload {
                generation,
                changed,
            } => (
                "reload",
                serde_json::json!({"generation": generation, "changed": changed}),
            ),
            Event::Partial {
                generation,
                changed,
            } => (
                "reload",
                serde_json::json!({"generation": generation, "changed": changed, "partial": true}),
            ),
            Event::Css {
                generation,
                changed,
            } => (
                "css",
                serde_json::json!({"generation": generation, "changed": changed}),
            ),
            Event::Error {
                generation,
                message,
            } => (
                "builderror",
                serde_json::json!({"generation": generation, "message": message}),
            ),
        };
        format!("event: {name}\ndata: {data}\n\n")
    }
}

/// The connected browsers, and the state a newcomer is told first.
#[derive(Default)]
pub struct Hub {
    /// Each client's channel, and the destinations its page may be (`/x/index.html`).
    clients: Mutex<Vec<(Sender<String>, Vec<String>)>>,
    /// The current build error, if the last build failed.
    error: Mutex<Option<String>>,
    generation: Mutex<u64>,
}

impl Hub {
    pub fn new() -> Hub {
        Hub::default()
    }

    /// Record a build's outcome and tell every client.
    pub fn publish(&self, event: Event) {
        let generation = match &event {
            Event::Reload { generation, .. }
            | Event::Partial { generation, .. }
            | Event::Css { generation, .. }
            | Event::Error { generation, .. } => *generation,
        };
        if let Ok(mut g) = self.generation.lock() {
            *g = generation;
        }
        if let Ok(mut e) = self.error.lock() {
            *e = match &event {
                Event::Error { message, .. } => Some(message.clone()),
                _ => None,
            };
        }
        let frame = event.frame();
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|(c, _)| c.send(frame.clone()).is_ok());
        }
    }

    /// The destinations connected browsers show (what a rebuild renders first).
    pub fn viewed(&self) -> std::collections::HashSet<String> {
        self.clients
            .lock()
            .map(|c| c.iter().flat_map(|(_, p)| p.iter().cloned()).collect())
            .unwrap_or_default()
    }

    /// The first frame a new client gets: the generation and any current error.
    pub fn hello(&self) -> String {
        let generation = self.generation.lock().map(|g| *g).unwrap_or(0);
        let error = self.error.lock().ok().and_then(|e| e.clone());
        let data = serde_json::json!({"generation": generation, "error": error});
        format!("event: hello\ndata: {data}\n\n")
    }

    pub fn current_error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }

    pub fn client_count(&self) -> usize {
        self.clients.lock().map(|c| c.len()).unwrap_or(0)
    }

    fn subscribe(&self, pages: Vec<String>) -> Receiver<String> {
        let (tx, rx) = mpsc::channel();
        if let Ok(mut c) = self.clients.lock() {
            c.push((tx, pages));
        }
        rx
    }

    /// Hold an event stream open on `request` until the client goes away.
    /// Runs on the request's own thread. `?pages=["/a/index.html",...]`
    /// (JSON, percent-encoded) names the destinations the client's page may be.
    pub fn stream(&self, request: tiny_http::Request) {
        let pages = pages_of(request.url());
        let rx = self.subscribe(pages);
        let mut w = request.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                    Cache-Control: no-cache, no-store\r\nConnection: keep-alive\r\n\
                    X-Accel-Buffering: no\r\n\r\nretry: 500\n\n";
        if w.write_all(head.as_bytes())
            .and_then(|_| w.write_all(self.hello().as_bytes()))
            .and_then(|_| w.flush())
            .is_err()
        {
            return;
        }
        loop {
            let frame = match rx.recv_timeout(KEEPALIVE) {
                Ok(f) => f,
                Err(RecvTimeoutError::Timeout) => ": keepalive\n\n".to_string(),
                Err(RecvTimeoutError::Disconnected) => return,
            };
            if w.write_all(frame.as_bytes())
                .and_then(|_| w.flush())
                .is_err()
            {
                return;
            }
        }
    }
}

/// The `pages` query parameter of an events request.
fn pages_of(url: &str) -> Vec<String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("pages="))
        .filter_map(super::resolve::percent_decode)
        .filter_map(|json| serde_json::from_str::<Vec<String>>(&json).ok())
        .flatten()
        .filter(|p| p.starts_with('/') && p.len() < 4096)
        .take(16)
        .collect()
}

/// The tag injected into HTML responses. `missing` marks a 404 page, which
/// reloads after any build (the page asked for may exist now).
pub fn script_tag(baseurl: &str, missing: bool) -> String {
    let base: String = baseurl
        .chars()
        .map(|c| match c {
            '"' => "&quot;".to_string(),
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            c => c.to_string(),
        })
        .collect();
    format!(
        "<script src=\"{SCRIPT_PATH}\" data-base=\"{base}\"{}></script>",
        if missing { " data-missing" } else { "" }
    )
}

/// Insert `tag` before the last `</body` (any case), or append it.
pub fn inject(html: &[u8], tag: &str) -> Vec<u8> {
    let needle = b"</body";
    let at = html
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_last_body_close() {
        let t = "<s>";
        assert_eq!(
            inject(b"<body>a</BODY>\n</body>\n", t),
            b"<body>a</BODY>\n<s></body>\n".to_vec()
        );
        assert_eq!(inject(b"<p>frag</p>", t), b"<p>frag</p><s>".to_vec());
    }

    #[test]
    fn tag_escapes_base() {
        assert_eq!(
            script_tag("/a\"b", true),
            "<script src=\"/__hyde/livereload.js\" data-base=\"/a&quot;b\" data-missing></script>"
        );
    }

    #[test]
    fn pages_from_the_events_query() {
        assert_eq!(
            pages_of("/__hyde/events?pages=%5B%22%2Fa%2Findex.html%22%2C%22%2Fa.html%22%5D"),
            vec!["/a/index.html".to_string(), "/a.html".to_string()]
        );
        assert!(pages_of("/__hyde/events").is_empty());
        assert!(pages_of("/__hyde/events?pages=%5Bnot-json").is_empty());
        assert!(pages_of("/__hyde/events?pages=%5B%22relative%22%5D").is_empty());
    }

    #[test]
    fn frames_and_hello() {
        let hub = Hub::new();
        let rx = hub.subscribe(Vec::new());
        hub.publish(Event::Error {
            generation: 3,
            message: "x.md:2: bad".into(),
        });
        assert_eq!(
            rx.recv().ok().as_deref(),
            Some("event: builderror\ndata: {\"generation\":3,\"message\":\"x.md:2: bad\"}\n\n")
        );
        assert_eq!(
            hub.hello(),
            "event: hello\ndata: {\"generation\":3,\"error\":\"x.md:2: bad\"}\n\n"
        );
        hub.publish(Event::Css {
            generation: 4,
            changed: vec!["/a.css".into()],
        });
        assert_eq!(hub.current_error(), None);
        assert_eq!(
            rx.recv().ok().as_deref(),
            Some("event: css\ndata: {\"generation\":4,\"changed\":[\"/a.css\"]}\n\n")
        );
        drop(rx);
        hub.publish(Event::Reload {
            generation: 5,
            changed: vec![],
        });
        assert_eq!(hub.client_count(), 0);
    }
}
