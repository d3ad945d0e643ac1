//! The cases of the filter differential test, by filter group: string
//! filters (this file), dates and numbers (`dates.rs`), values (`values.rs`).

use crate::common::Rng;
use crate::gen::{input, int_arg, string, Vars, PIECES};
use serde_json::{json, Value as Json};

/// One case: a template and its variables, or a direct call of
/// `Jekyll::Utils.slugify` (string, mode, cased).
pub enum Case {
    Render { template: String, vars: Json },
    Slug { s: String, mode: Json, cased: bool },
}

pub struct Group {
    pub name: &'static str,
    /// Rendered in each time zone of the run (dates), or only in UTC.
    pub zoned: bool,
    pub cases: Vec<Case>,
}

fn render(template: String, vars: Vars) -> Case {
    Case::Render {
        template,
        vars: vars.json(),
    }
}

pub fn split(r: &mut Rng, n: usize) -> Group {
    let pats = [
        " ", " ", "", ",", "  ", "a", "\u{a0}", "\n", "<", "e\u{301}", "\t", "-", "\0",
    ];
    let cases = (0..n)
        .map(|_| {
            let mut v = Vars::new(input(r));
            let p = if r.chance(70) {
                Json::from(*r.pick(&pats))
            } else {
                Json::from(*r.pick(PIECES))
            };
            let p = v.arg(p, r);
            render(
                format!("{{% assign a = s | split: {p} %}}{{{{ a.size }}}}:{{% for x in a %}}[{{{{ x }}}}]{{% endfor %}}"),
                v,
            )
        })
        .collect();
    Group {
        name: "split",
        zoned: false,
        cases,
    }
}

pub fn number_of_words(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let mut v = Vars::new(input(r));
            let t = match r.below(5) {
                0 => "{{ s | number_of_words }}".to_string(),
                1 => "{{ s | number_of_words: \"cjk\" }}".to_string(),
                2 => "{{ s | number_of_words: 'auto' }}".to_string(),
                _ => {
                    let m = v.arg(
                        r.pick(&[
                            json!("cjk"),
                            json!("auto"),
                            json!(null),
                            json!("CJK"),
                            json!(1),
                        ])
                        .clone(),
                        r,
                    );
                    format!("{{{{ s | number_of_words: {m} }}}}")
                }
            };
            render(t, v)
        })
        .collect();
    Group {
        name: "number_of_words",
        zoned: false,
        cases,
    }
}

/// Filters of one string and no arguments: output in brackets.
pub fn unary(r: &mut Rng, name: &'static str, filters: &[&str], n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let v = Vars::new(input(r));
            let f = r.word(filters);
            render(format!("[{{{{ s | {f} }}}}]"), v)
        })
        .collect();
    Group {
        name,
        zoned: false,
        cases,
    }
}

pub fn truncate(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let mut v = Vars::new(input(r));
            let words = r.chance(50);
            let (f, hi) = if words {
                ("truncatewords", 12)
            } else {
                ("truncate", 40)
            };
            let t = match r.below(4) {
                0 => format!("[{{{{ s | {f} }}}}]"),
                1 => {
                    let k = v.arg(int_arg(r, -3, hi), r);
                    format!("[{{{{ s | {f}: {k} }}}}]")
                }
                _ => {
                    let k = v.arg(int_arg(r, -3, hi), r);
                    let e = if r.chance(50) {
                        Json::from(string(r, 2))
                    } else {
                        json!("…")
                    };
                    let e = v.arg(e, r);
                    format!("[{{{{ s | {f}: {k}, {e} }}}}]")
                }
            };
            render(t, v)
        })
        .collect();
    Group {
        name: "truncate",
        zoned: false,
        cases,
    }
}

pub fn slice(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let input = if r.chance(25) {
                Json::from(
                    (0..r.below(6))
                        .map(|_| Json::from(string(r, 1)))
                        .collect::<Vec<_>>(),
                )
            } else {
                input(r)
            };
            let mut v = Vars::new(input);
            let off = v.arg(int_arg(r, -12, 12), r);
            let t = if r.chance(60) {
                let len = v.arg(int_arg(r, -3, 12), r);
                format!("{{% assign x = s | slice: {off}, {len} %}}[{{{{ x }}}}]{{{{ x.size }}}}")
            } else {
                format!("{{% assign x = s | slice: {off} %}}[{{{{ x }}}}]{{{{ x.size }}}}")
            };
            render(t, v)
        })
        .collect();
    Group {
        name: "slice",
        zoned: false,
        cases,
    }
}

pub fn slugify(r: &mut Rng, n: usize) -> Group {
    let modes = [
        "raw", "default", "pretty", "ascii", "latin", "none", "", "Pretty", "x",
    ];
    let cases = (0..n)
        .map(|i| {
            if i % 3 == 0 {
                let mode = match r.below(10) {
                    0 => Json::Null,
                    _ => Json::from(*r.pick(&modes)),
                };
                return Case::Slug {
                    s: string(r, 7),
                    mode,
                    cased: r.chance(50),
                };
            }
            let mut v = Vars::new(input(r));
            let t = if r.chance(20) {
                "{{ s | slugify }}".to_string()
            } else {
                let m = v.arg(Json::from(*r.pick(&modes)), r);
                format!("{{{{ s | slugify: {m} }}}}")
            };
            render(t, v)
        })
        .collect();
    Group {
        name: "slugify",
        zoned: false,
        cases,
    }
}

/// Percent-escaped or not: what URL filters decode and encode.
fn url_input(r: &mut Rng) -> Json {
    if r.chance(30) {
        let mut s = String::new();
        for _ in 0..r.below(8) {
            s.push_str(r.word(&[
                "%41",
                "%e2%82%ac",
                "%E2",
                "%",
                "%4",
                "%g1",
                "+",
                "%2B",
                "a",
                "%C3%A9",
                "%FF",
                "%00",
                " ",
                "é",
                "%0A",
            ]));
        }
        Json::from(s)
    } else {
        input(r)
    }
}

pub fn urls(r: &mut Rng, n: usize) -> Group {
    let filters = [
        "cgi_escape",
        "uri_escape",
        "url_encode",
        "url_decode",
        "xml_escape",
    ];
    let cases = (0..n)
        .map(|_| {
            let v = Vars::new(url_input(r));
            let f = r.word(&filters);
            render(format!("[{{{{ s | {f} }}}}]"), v)
        })
        .collect();
    Group {
        name: "escapes",
        zoned: false,
        cases,
    }
}

pub fn replace(r: &mut Rng, n: usize) -> Group {
    let cases = (0..n)
        .map(|_| {
            let s = string(r, 6);
            // a pattern that occurs: a piece of the input, often
            let pat = if r.chance(60) && !s.is_empty() {
                let cs: Vec<char> = s.chars().collect();
                let a = r.below(cs.len());
                let b = a + r.below((cs.len() - a).min(4)) + 1;
                cs[a..b].iter().collect::<String>()
            } else if r.chance(15) {
                String::new()
            } else {
                r.word(PIECES).to_string()
            };
            let rep = if r.chance(25) {
                r.word(&[
                    "\\0", "\\&", "\\\\", "\\1", "\\`", "\\'", "x\\", "\\k<a>", "\\\\0",
                ])
                .to_string()
            } else {
                string(r, 2)
            };
            let mut v = Vars::new(if r.chance(5) {
                json!(12121)
            } else {
                Json::from(s)
            });
            let p = v.arg(Json::from(pat), r);
            let q = v.arg(Json::from(rep), r);
            let f = r.word(&[
                "replace",
                "replace_first",
                "replace_last",
                "remove",
                "remove_first",
                "remove_last",
                "append",
                "prepend",
            ]);
            let t = match f {
                "replace" | "replace_first" | "replace_last" => {
                    format!("[{{{{ s | {f}: {p}, {q} }}}}]")
                }
                _ => format!("[{{{{ s | {f}: {p} }}}}]"),
            };
            render(t, v)
        })
        .collect();
    Group {
        name: "replace",
        zoned: false,
        cases,
    }
}

/// Every string group.
pub fn strings(r: &mut Rng) -> Vec<Group> {
    vec![
        split(r, 700),
        number_of_words(r, 600),
        unary(
            r,
            "strip",
            &["strip", "lstrip", "rstrip", "strip_newlines"],
            600,
        ),
        truncate(r, 700),
        unary(
            r,
            "html",
            &["strip_html", "escape", "escape_once", "newline_to_br", "h"],
            600,
        ),
        unary(r, "size", &["size"], 300),
        slice(r, 600),
        unary(r, "case", &["upcase", "downcase", "capitalize"], 700),
        slugify(r, 1200),
        urls(r, 800),
        replace(r, 900),
    ]
}
