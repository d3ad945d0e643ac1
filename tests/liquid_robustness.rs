//! Rendering never panics: thousands of generated templates built from
//! Liquid's syntax fragments (and multi-byte text) parse and render to a
//! value or an error.

use std::sync::Arc;

use chrono::{DateTime, FixedOffset};
use hyde::liquid::{self, Context, Host, Map, Template, Value};

struct NoFiles;

impl Host for NoFiles {
    fn include(&self, name: &str) -> Result<Arc<Template>, String> {
        if name.len() < 3 {
            liquid::parse("{{ include.a }}{% include x.html %}", "inc", 1)
                .map(Arc::new)
                .map_err(|e| e.message)
        } else {
            Err(format!("no include {name}"))
        }
    }
    fn include_relative(&self, _p: &str, name: &str) -> Result<Arc<Template>, String> {
        self.include(name)
    }
    fn markdownify(&self, input: &str) -> String {
        input.to_string()
    }
    fn custom_tag(&self, _n: &str, m: &str, ctx: &mut Context) -> Option<Result<String, String>> {
        Some(ctx.render_markup(m))
    }
    fn now(&self) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").expect("fixed instant")
    }
    fn warn(&self, _msg: &str) {}
}

const PIECES: &[&str] = &[
    "{%",
    "%}",
    "{{",
    "}}",
    "{%-",
    "-%}",
    "{{-",
    "-}}",
    " if ",
    " elsif ",
    " else ",
    " endif ",
    " for ",
    " in ",
    " endfor ",
    " case ",
    " when ",
    " endcase ",
    " unless ",
    " endunless ",
    " assign ",
    " capture ",
    " endcapture ",
    " raw ",
    " endraw ",
    " comment ",
    " endcomment ",
    " include ",
    " x.html ",
    " a=",
    "'q'",
    "\"d\"",
    " | ",
    ":",
    ",",
    ".",
    "[",
    "]",
    "(",
    ")",
    "..",
    "1",
    "-2",
    "3.5",
    " x ",
    " y ",
    " arr ",
    " h ",
    " == ",
    " != ",
    " < ",
    " > ",
    " contains ",
    " and ",
    " or ",
    " size ",
    " first ",
    " last ",
    " upcase",
    " date: '%Y %-d %:z'",
    " split: ','",
    " slice: -1, 2",
    " truncate: 3",
    " plus: 1",
    " divided_by: 0",
    " modulo: 2.5",
    " round: 2",
    " sort",
    " where: 'a'",
    " map: 'a'",
    " join: '-'",
    " default: 1",
    " forloop.index ",
    " break ",
    " continue ",
    " cycle 'a','b' ",
    " increment c ",
    " tablerow ",
    " endtablerow ",
    " cols:2 ",
    " limit:1 ",
    " offset:continue ",
    " reversed ",
    " liquid ",
    "\n",
    " echo ",
    " # ",
    "é",
    "中文",
    "🙂",
    "'",
    "\"",
    "}",
    "{",
    "%",
    "-",
    " highlight ",
    " endhighlight ",
    " linenos ",
    " link ",
    " {{ x }} ",
    " slugify",
    " jsonify",
    " where_exp: 'i', 'i > 1'",
    " group_by: 'a'",
    " relative_url",
    " date_to_xmlschema",
    " strip_html",
    " escape_once",
    " url_decode",
];

fn globals() -> Map {
    let mut g = Map::default();
    g.insert("x".into(), Value::str("2024-01-02"));
    g.insert("y".into(), Value::Float(2.5));
    g.insert(
        "arr".into(),
        Value::array(vec![Value::Int(3), Value::str("b"), Value::Nil]),
    );
    let mut h = Map::default();
    h.insert("a".into(), Value::Int(1));
    g.insert("h".into(), Value::hash(h.clone()));
    g.insert("hs".into(), Value::array(vec![Value::hash(h)]));
    g
}

#[test]
fn generated_templates_never_panic() {
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let g = globals();
    let host = NoFiles;
    let (mut ok, mut err) = (0, 0);
    for _ in 0..30_000 {
        let n = (next() % 24) as usize + 1;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
        }
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            liquid::parse(&src, "gen", 1).and_then(|t| t.render(&g, &host))
        }));
        match r {
            Ok(Ok(_)) => ok += 1,
            Ok(Err(_)) => err += 1,
            Err(_) => panic!("panic on template {src:?}"),
        }
    }
    println!("{ok} rendered, {err} errors, no panic");
    assert!(
        ok > 1000 && err > 1000,
        "the generator should exercise both paths"
    );
}

#[test]
fn character_soup_never_panics() {
    const CHARS: &[&str] = &[
        "{", "}", "%", "|", "'", "\"", "-", ".", " ", ":", ",", "[", "]", "(", ")", "a", "x", "1",
        "é", "中", "\n", "#", "=", "<", ">", "!", "if", "for", "in", "end", "raw", "liquid",
        "include", "assign", "_",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let g = globals();
    let host = NoFiles;
    for _ in 0..50_000 {
        let n = (next() % 40) as usize + 1;
        let src: String = (0..n)
            .map(|_| CHARS[(next() % CHARS.len() as u64) as usize])
            .collect();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            liquid::parse(&src, "soup", 1).and_then(|t| t.render(&g, &host))
        }));
        assert!(r.is_ok(), "panic on template {src:?}");
    }
}

#[test]
fn extreme_numbers_are_values_or_errors() {
    let g = globals();
    let host = NoFiles;
    for src in [
        "{% for i in (-9223372036854775808..9223372036854775807) limit:2 %}{{ i }}{% endfor %}",
        "{% for i in (1..3) offset:9223372036854775807 limit:9223372036854775807 %}{{ i }}{% endfor %}",
        "{% for i in arr offset:-9223372036854775808 %}{{ i }}{% endfor %}",
        "{% tablerow i in arr offset:9223372036854775807 limit:9223372036854775807 %}{{ i }}{% endtablerow %}",
        "{{ (-9223372036854775808..9223372036854775807).size }}{{ (-9223372036854775808..9223372036854775807) | size }}",
        "{{ 'abc' | slice: -9223372036854775808, 9223372036854775807 }}{{ arr | slice: -9223372036854775808 }}",
        "{{ arr[-9223372036854775808] }}{{ 'abc' | truncate: -9223372036854775808 }}{{ 'a b' | truncatewords: 9223372036854775807 }}",
        "{{ -9223372036854775808 | abs }}{{ 9223372036854775807 | plus: 1 }}{{ -9223372036854775808 | minus: 1 }}",
        "{{ -9223372036854775808 | divided_by: -1 }}{{ -9223372036854775808 | modulo: -1 }}{{ 9223372036854775807 | times: 2 }}",
        "{{ 5 | round: -9223372036854775808 }}{{ 5.5 | round: 9223372036854775807 }}{{ 1e308 | times: 10 | ceil }}",
        "{% increment n %}{{ 9223372036854775807 | date: '%Y' }}{{ -9223372036854775808 | date: '%Y' }}",
        "{{ arr | pop: 9223372036854775807 | shift: -1 }}{{ arr | sort: 'k', 'zzz' }}",
    ] {
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            liquid::parse(src, "extreme", 1).and_then(|t| t.render(&g, &host))
        }));
        assert!(r.is_ok(), "panic on template {src:?}");
    }
}

/// Filters that lengthen their input, chained thousands of times or
/// applied again in a loop, grow the text at every step (cubic work: Jekyll
/// takes hours). A render (its includes too) has a ceiling on the text its
/// filters make; past it the render is an error naming why, in seconds.
#[test]
fn growing_text_stops_at_the_ceiling() {
    let chain = format!(
        "{{{{ \"&\"{} | size }}}}",
        " | escape | inspect".repeat(20_000)
    );
    let looped = "{% assign x = \"a\" %}{% for i in (1..20000) %}{% assign x = x | inspect %}{% endfor %}{{ x | size }}";
    for (src, why) in [
        (
            chain.as_str(),
            "made more than 1024 MB of text in all (a filter that lengthens its input, chained",
        ),
        (
            looped,
            "the filters of this page made more than 1024 MB of text in all",
        ),
    ] {
        let start = std::time::Instant::now();
        let t = liquid::parse(src, "t", 1).expect("parses");
        let err = t.render(&globals(), &NoFiles).expect_err("stops");
        assert!(err.to_string().contains(why), "{err}");
        // no timing assertion: the figure is printed for the closing notes
        println!("stopped in {:.2} s: {err}", start.elapsed().as_secs_f64());
    }
    // a chain that does not grow runs to its end
    let fine = format!(
        "{{{{ \"a&b\"{} }}}}",
        " | escape | remove: \"amp;\"".repeat(5_000)
    );
    let t = liquid::parse(&fine, "t", 1).expect("parses");
    assert_eq!(t.render(&globals(), &NoFiles).expect("renders"), "a&b");
}
