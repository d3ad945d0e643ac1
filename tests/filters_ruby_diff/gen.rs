//! Generated inputs for the filter differential test: strings mixing the
//! characters Ruby and Rust disagree about, numbers, dates, arrays, and the
//! templates that apply the filters to them (arguments written as literals
//! when Liquid can spell them, as variables otherwise).

use crate::common::Rng;
use serde_json::{json, Map, Value as Json};

/// The pieces strings are made of.
pub const PIECES: &[&str] = &[
    // ASCII words and numbers
    "hello",
    "World",
    "a",
    "Foo-bar",
    "it's",
    "x_y",
    "123",
    "3.14",
    "CamelCase",
    "UPPER",
    "-7",
    "007",
    "1e3",
    "and",
    "The",
    "o'clock",
    "C++",
    "node.js",
    "e-mail",
    "rock&roll",
    // spaces of every kind
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\u{a0}",
    "\u{3000}",
    "\u{2003}",
    "\u{2009}",
    "\u{200b}",
    "\u{feff}",
    "\u{0b}",
    "\u{0c}",
    "\0",
    "\u{85}",
    "\u{2028}",
    "\u{1680}",
    // CJK
    "日本語",
    "中文字",
    "ひらがな",
    "カタカナ",
    "한국어",
    "ｶﾀｶﾅ",
    "々",
    "〇",
    "ー",
    "、",
    "。",
    // combining marks, Latin with diacritics, special casing
    "e\u{301}",
    "a\u{308}",
    "\u{301}",
    "Ærøskøbing",
    "straße",
    "Ĳssel",
    "ǅemal",
    "İstanbul",
    "ΣΊΣΥΦΟΣ",
    "ﬁne",
    "ŉ",
    "Åström",
    "Ω",
    "K",
    "Ça",
    "ÉCOLE",
    "Ñandú",
    "Łódź",
    "Þór",
    "ǰ",
    "ΐ",
    "Ǆ",
    "ß",
    "ẞ",
    "ﬀ",
    "Ⓐ",
    "ǈ",
    "\u{1e9e}",
    "ⅷ",
    "Ⅻ",
    "ｱ",
    "Ａｂ",
    "𝔄",
    // emoji, ZWJ sequences, flags, RTL
    "😀",
    "👍🏽",
    "👨‍👩‍👧",
    "🏳️‍🌈",
    "🇯🇵",
    "❤️",
    "שלום",
    "مرحبا",
    "\u{200f}",
    "\u{202e}",
    // HTML, entities, quotes
    "<p>",
    "</p>",
    "<b>bold</b>",
    "<script>alert(1)</script>",
    "<style>p{}</style>",
    "<!-- c -->",
    "<a href=\"x\">",
    "<br/>",
    "< notatag",
    "a<b",
    "<",
    ">",
    "<SCRIPT>x</SCRIPT>",
    "<!--",
    "-->",
    "&amp;",
    "&lt;",
    "&#39;",
    "&#x27;",
    "&nbsp;",
    "&copy;",
    "&",
    "&;",
    "&#;",
    "&AMP;",
    "&#12;",
    "\"",
    "'",
    "`",
    "“",
    "”",
    "‘",
    "«»",
    // URLs and escapes
    "https://example.com/a b?x=1&y=2#frag",
    "http://ü.example/ä",
    "mailto:a@b.c",
    "/path/to/page.html",
    "%20",
    "%E2%82%AC",
    "%zz",
    "%",
    "+",
    "a+b",
    "%C3",
    "%2F",
    "~user",
    "[x]",
    "{y}",
    "|",
    "\\",
    "\\n",
    "$",
    "#",
    "@",
    "^",
    "*",
    "(",
    ")",
    "!",
    "?",
    ";",
    ":",
    ",",
    ".",
    "..",
    "-",
    "--",
    "_",
    "/",
    "=",
];

const SPACES: &[&str] = &[
    " ", " ", " ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{3000}", "\u{2003}", "\0",
];

/// A string of up to `max` pieces, often space-separated.
pub fn string(r: &mut Rng, max: usize) -> String {
    let n = r.below(max + 1);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 && r.chance(45) {
            s.push_str(r.word(SPACES));
        }
        s.push_str(r.word(PIECES));
    }
    s
}

/// Values that are not strings, as filters meet them too.
pub fn other_value(r: &mut Rng) -> Json {
    match r.below(9) {
        0 => Json::Null,
        1 => json!(r.below(2000) as i64 - 1000),
        2 => json!(2.5),
        3 => json!(-0.0),
        4 => json!(true),
        5 => json!(["a", "b c", 1]),
        6 => json!({"k": "v"}),
        7 => json!(1e20),
        _ => json!(""),
    }
}

/// A filter input: mostly strings, sometimes other values.
pub fn input(r: &mut Rng) -> Json {
    if r.chance(8) {
        other_value(r)
    } else {
        Json::from(string(r, 7))
    }
}

/// A case under construction: the template's variables.
#[derive(Default)]
pub struct Vars {
    pub map: Map<String, Json>,
}

impl Vars {
    pub fn new(input: Json) -> Vars {
        let mut v = Vars::default();
        v.map.insert("s".into(), input);
        v
    }

    /// `v` as a filter argument: a literal when Liquid can write it and the
    /// dice say so, a variable otherwise.
    pub fn arg(&mut self, v: Json, r: &mut Rng) -> String {
        if r.chance(50) {
            if let Some(lit) = literal(&v) {
                return lit;
            }
        }
        let name = format!("a{}", self.map.len());
        self.map.insert(name.clone(), v);
        name
    }

    pub fn json(self) -> Json {
        Json::Object(self.map)
    }
}

/// A Liquid literal for `v`, when it has one that reads back as the same value.
fn literal(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => {
            if s.contains(['{', '}', '\n', '\r', '%']) {
                None
            } else if !s.contains('"') {
                Some(format!("\"{s}\""))
            } else if !s.contains('\'') {
                Some(format!("'{s}'"))
            } else {
                None
            }
        }
        Json::Number(n) if n.is_i64() => Some(n.to_string()),
        Json::Number(n) => {
            let f = n.as_f64()?;
            let t = format!("{f:?}");
            (f.is_finite() && !t.contains('e') && f != 0.0).then_some(t)
        }
        Json::Null => Some("nil".into()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// An integer argument as templates pass them: numbers, numeric strings,
/// now and then something `Integer()` refuses.
pub fn int_arg(r: &mut Rng, lo: i64, hi: i64) -> Json {
    let n = lo + r.below((hi - lo + 1) as usize) as i64;
    match r.below(12) {
        0 => Json::from(n.to_string()),
        1 => Json::from(format!(" {n} ")),
        2 => r
            .pick(&[
                json!(2.0),
                json!("3.5"),
                json!("x"),
                json!(null),
                json!("0x1f"),
                json!("1_0"),
            ])
            .clone(),
        _ => Json::from(n),
    }
}
