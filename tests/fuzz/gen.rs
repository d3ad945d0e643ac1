//! The fuzzer's inputs: a seed text for the target (built in, or a real file
//! of the corpus when `../shared` is there), changed by a few mutations
//! drawn from a dictionary of the target's syntax. Everything comes from
//! `(run seed, index)`, so the parent can remake the input a child was on
//! when it died.

use std::path::Path;

use crate::common::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// `hyde::yaml::parse` alone.
    Yaml,
    /// `hyde::markdown::try_to_html` alone.
    Markdown,
    /// A whole build of a page whose body is the input (Liquid with
    /// Jekyll's filters and tags, an include, a layout).
    Liquid,
    /// A whole build of `index.md` = the input: front matter, Liquid and
    /// Markdown together.
    Page,
    /// A whole build of `assets/s.scss` = front matter + the input, through
    /// the Sass worker process.
    Sass,
    /// A whole build with the input as `_config.yml`.
    Config,
}

pub const TARGETS: [Target; 6] = [
    Target::Yaml,
    Target::Markdown,
    Target::Liquid,
    Target::Page,
    Target::Sass,
    Target::Config,
];

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Target::Yaml => "yaml",
            Target::Markdown => "markdown",
            Target::Liquid => "liquid",
            Target::Page => "page",
            Target::Sass => "sass",
            Target::Config => "config",
        }
    }

    pub fn from_name(s: &str) -> Option<Target> {
        TARGETS.iter().copied().find(|t| t.name() == s)
    }

    fn dictionary(self) -> &'static [&'static str] {
        match self {
            Target::Yaml | Target::Config => YAML,
            Target::Markdown => MARKDOWN,
            Target::Liquid => LIQUID,
            Target::Page => PAGE,
            Target::Sass => SASS,
        }
    }
}

const YAML: &[&str] = &[
    ": ",
    "- ",
    "&a ",
    "*a",
    "<<: ",
    "<<: *a\n",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!binary ",
    "!foo ",
    "? ",
    "|",
    "|-",
    ">+",
    ">2",
    "'",
    "\"",
    "''",
    "\\\"",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "#",
    "\n",
    "\n  ",
    "  ",
    "\t",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "%TAG ! !x\n",
    "2020-01-31",
    "2020-01-31 10:20:30 +05:00",
    "2020-02-30",
    "0x1F",
    "0o17",
    "017",
    "1:30:00",
    "1_000",
    ".inf",
    "-.nan",
    "~",
    "null",
    "yes",
    "No",
    "on",
    "\\u00e9",
    "\\x41",
    "\u{feff}",
    "\r\n",
    "é",
    "日本",
    "\u{2028}",
    "\u{85}",
    "a: &b [*b]\n",
    "key",
    "title: ",
    "tags: ",
    "date: ",
    "permalink: ",
    "categories: ",
    "published: ",
    "layout: ",
];

const MARKDOWN: &[&str] = &[
    "> ",
    "- ",
    "* ",
    "+ ",
    "1. ",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "```",
    "~~~",
    "```ruby\n",
    "[",
    "]",
    "](",
    ")",
    "![",
    "[x]: /u\n",
    "[x]",
    "<div>",
    "</div>",
    "<div markdown=\"1\">",
    "<span>",
    "</span>",
    "<!--",
    "-->",
    "<pre>",
    "</pre>",
    "{: .c}",
    "{:#id}",
    "{::nomarkdown}",
    "{:/}",
    "{::comment}",
    "[^1]",
    "[^1]: note\n",
    "\n",
    "\n\n",
    "    ",
    "\t",
    "|",
    "| a | b |\n",
    "|---|---|\n",
    "---",
    "***",
    "$$",
    "$$x$$",
    "\\",
    "&amp;",
    "&#x41;",
    "&",
    "<",
    ">",
    "*[HTML]: Hyper\n",
    "# ",
    "## ",
    "Title\n===\n",
    ": def\n",
    "term\n: def\n",
    "^",
    "~~",
    "http://x.y",
    "<http://x.y>",
    "<a@b.c>",
    "é",
    "日本",
    "\u{a0}",
    "\r\n",
];

const LIQUID: &[&str] = &[
    "{% if a %}",
    "{% elsif b %}",
    "{% else %}",
    "{% endif %}",
    "{% unless a %}",
    "{% endunless %}",
    "{% for x in (1..3) %}",
    "{% for p in site.pages %}",
    "{% for i in site.data.d.list limit: 2 offset: 1 reversed %}",
    "{% endfor %}",
    "{% break %}",
    "{% continue %}",
    "{{",
    "}}",
    "{%",
    "%}",
    "{%-",
    "-%}",
    "{{-",
    "-}}",
    "{% raw %}",
    "{% endraw %}",
    "{% capture c %}",
    "{% endcapture %}",
    "{% case a %}{% when 1 %}",
    "{% when 'x', 2 %}",
    "{% endcase %}",
    "{% assign a = ",
    "{% increment n %}",
    "{% decrement n %}",
    "{% cycle 'a', 'b' %}",
    "{% tablerow x in (1..4) cols: 2 %}",
    "{% endtablerow %}",
    "{% comment %}",
    "{% endcomment %}",
    "{% include inc.html %}",
    "{% include inc.html x=page.title %}",
    "{% include_relative index.html %}",
    "{% highlight ruby %}",
    "{% highlight ruby linenos %}",
    "{% endhighlight %}",
    "{% link index.html %}",
    "{% post_url 2020-01-01-a %}",
    "{% seo %}",
    "{% feed_meta %}",
    "| append: 'x'",
    "| split: ','",
    "| join: '-'",
    "| where: 'a', 1",
    "| where_exp: 'i', 'i > 1'",
    "| group_by: 'a'",
    "| sort",
    "| sort: 'title'",
    "| map: 'url'",
    "| first",
    "| last",
    "| size",
    "| date: '%Y %B %-d %e %Z'",
    "| date_to_xmlschema",
    "| jsonify",
    "| slugify",
    "| slugify: 'latin'",
    "| markdownify",
    "| strip_html",
    "| number_of_words",
    "| truncate: 5",
    "| truncatewords: 2",
    "| plus: 1",
    "| times: 1.5",
    "| divided_by: 0",
    "| modulo: 0",
    "| round: 2",
    "| escape",
    "| xml_escape",
    "| uri_escape",
    "| cgi_escape",
    "| relative_url",
    "| absolute_url",
    "| default: 'd'",
    "| push: 1",
    "| concat: site.pages",
    "| inspect",
    "| upcase",
    "| capitalize",
    "| slice: 1, 2",
    "| replace: 'a', 'b'",
    "| remove: 'a'",
    "site.posts",
    "site.pages",
    "site.data.d",
    "page.title",
    "page",
    "forloop.index",
    "paginator",
    "'",
    "\"",
    "..",
    "[",
    "]",
    "(",
    ")",
    "nil",
    "true",
    "empty",
    "blank",
    " contains ",
    " and ",
    " or ",
    " == ",
    " != ",
    " < ",
    "-1",
    "1.5",
    "é",
    "日本",
    "\n",
];

const SASS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    ";",
    ":",
    "@mixin m($a: 1) {",
    "@include m;",
    "@include m(2);",
    "@function f($a) {",
    "@return $a;",
    "@return f($a);",
    "@if $a == 1 {",
    "@else {",
    "@each $x in a, b {",
    "@for $i from 1 through 3 {",
    "@while $i > 0 {",
    "#{",
    "#{$a}",
    "$a: 1;",
    "$a: 1 !default;",
    "&",
    "&:hover",
    "@media screen and (min-width: 1px) {",
    "@import 'x';",
    "@use 'sass:math';",
    "@extend .a;",
    "%p {",
    "@extend %p;",
    "calc(",
    "calc(1px + 2%)",
    "math.div(1, 0)",
    "+",
    "-",
    "*",
    "/",
    "%",
    "/*",
    "*/",
    "//",
    "\n",
    "url(",
    "!important",
    "a { b: c; }",
    ".a",
    "#id",
    "> ",
    "~ ",
    "1px",
    "1e3",
    "#fff",
    "rgba(0,0,0,.5)",
    "lighten(#fff, 10%)",
    "nth((1 2), 3)",
    "map-get((a: 1), a)",
    "@debug 1;",
    "@warn 'w';",
    "@at-root",
    "@supports (a: b) {",
    "\"",
    "'",
    "\\",
    "é",
];

const PAGE: &[&str] = &[
    "---\n",
    "title: ",
    "layout: page\n",
    "permalink: /x/\n",
    "\n",
];

/// The built-in seeds of a target, beside the corpus files.
fn builtin(t: Target) -> &'static [&'static str] {
    match t {
        Target::Yaml | Target::Config => &[
            "title: Site\nurl: https://x.y\nbaseurl: ''\nauthor:\n  name: A\n  links: [a, b]\n",
            "a: &x\n  b: 1\nc:\n  <<: *x\n  d: [1, 2, {e: f}]\n",
            "- 2020-01-01\n- 1:30\n- yes\n- !!str 12\n- |\n  block\n  text\n- >-\n  folded\n",
            "key: 'single ''quoted''\n  continued'\nother: \"double \\u00e9\n\n  more\"\n",
        ],
        Target::Markdown => &[
            "# Title\n\nSome *text* with [a link](/x) and `code`.\n\n> quote\n> - list\n\n1. one\n2. two\n",
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\nTerm\n: definition\n",
            "<div markdown=\"1\">\n*inner*\n</div>\n\nText[^1]\n\n[^1]: note\n\n*[HTML]: abbr\n",
        ],
        Target::Liquid => &[
            "{% for p in site.pages %}{{ p.url | relative_url }}{% endfor %}",
            "{% assign xs = site.data.d.list | sort %}{% for x in xs %}{% if x > 1 %}{{ x }}{% endif %}{% endfor %}",
            "{% capture c %}{{ page.title | upcase }}{% endcapture %}{{ c | size }}{% include inc.html a=c %}",
        ],
        Target::Page => &[
            "---\ntitle: \"A page\"\ndate: 2020-01-01\ntags: [a, b]\n---\n# {{ page.title }}\n\n{% for t in page.tags %}- {{ t }}\n{% endfor %}",
            "---\nlayout: default\nexcerpt: 'x'\n---\nText *em* {{ site.title | escape }}\n\n> {% include inc.html %}\n",
        ],
        Target::Sass => &[
            "$c: #333;\n@mixin m($a) { color: $a; }\n.a { @include m($c); &:hover { b: c; } }\n",
            "@function f($n) { @if $n > 0 { @return f($n - 1); } @return 0; }\n.a { w: f(3); }\n",
            "@media screen { .a { .b { c: d; } } }\n%p { x: y; }\n.q { @extend %p; }\n",
        ],
    }
}

/// Text files of the corpus that suit `t` (capped, sorted: the pool is the
/// same in the parent and in every child).
fn corpus_seeds(t: Target) -> Vec<String> {
    let Some(shared) = crate::common::shared() else {
        return Vec::new();
    };
    let exts: &[&str] = match t {
        Target::Yaml | Target::Config => &["yml", "yaml"],
        Target::Markdown | Target::Page => &["md", "markdown"],
        Target::Liquid => &["html"],
        Target::Sass => &["scss"],
    };
    let mut files = Vec::new();
    let root = shared.join("corpus");
    for e in walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let p = e.path();
        let in_site = p.components().any(|c| c.as_os_str() == "site");
        let ok_ext = p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| exts.contains(&x));
        if in_site && ok_ext && e.file_type().is_file() {
            files.push(p.to_path_buf());
        }
        if files.len() >= 400 {
            break;
        }
    }
    files
        .iter()
        .filter_map(|p: &std::path::PathBuf| read_capped(p))
        .collect()
}

fn read_capped(p: &Path) -> Option<String> {
    let bytes = std::fs::read(p).ok()?;
    let s = String::from_utf8_lossy(&bytes[..bytes.len().min(64 << 10)]).into_owned();
    Some(s)
}

/// Every target's seed pool.
pub struct Pools {
    pools: Vec<Vec<String>>,
}

impl Pools {
    pub fn load() -> Pools {
        Pools {
            pools: TARGETS
                .iter()
                .map(|&t| {
                    let mut v: Vec<String> = builtin(t).iter().map(|s| s.to_string()).collect();
                    v.extend(corpus_seeds(t));
                    v
                })
                .collect(),
        }
    }

    fn of(&self, t: Target) -> &[String] {
        &self.pools[TARGETS.iter().position(|&x| x == t).unwrap_or(0)]
    }
}

/// The input number `index` of the run `seed`.
pub fn input(pools: &Pools, seed: u64, index: u64) -> (Target, String) {
    let mut rng = Rng(seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let _ = rng.next();
    let target = *rng.pick(&TARGETS);
    let pool = pools.of(target);
    let mut s = rng.pick(pool).clone();
    let rounds = 1 + rng.below(6);
    for _ in 0..rounds {
        mutate(&mut rng, target, pool, &mut s);
    }
    (target, s)
}

/// The largest input a mutation makes (a little over a megabyte).
const MAX_LEN: usize = 1 << 20;

fn mutate(rng: &mut Rng, t: Target, pool: &[String], s: &mut String) {
    let dict = t.dictionary();
    let at = boundary(s, rng.below(s.len() + 1));
    match rng.below(9) {
        // a token of the syntax
        0..=2 => {
            let tok = rng.word(dict);
            s.insert_str(at, tok);
        }
        // a token repeated: deep nesting, long runs
        3 => {
            let tok = rng.word(dict);
            let n = [2, 10, 100, 1000, 20_000][rng.below(5)];
            let close = rng.word(dict);
            let mid = format!("{}x{}", tok.repeat(n), close.repeat(n));
            if s.len() + mid.len() <= MAX_LEN {
                s.insert_str(at, &mid);
            }
        }
        // a slice of the text repeated
        4 => {
            let end = boundary(s, at + rng.below(64).min(s.len() - at));
            let piece = s[at..end].to_string();
            let n = 1 + rng.below(200);
            if s.len() + piece.len() * n <= MAX_LEN {
                s.insert_str(end, &piece.repeat(n));
            }
        }
        // a range removed
        5 => {
            let end = boundary(s, at + rng.below(32).min(s.len() - at));
            s.replace_range(at..end, "");
        }
        // one character changed
        6 => {
            let end = boundary(s, at + 1);
            let c = [
                '{', '}', '%', '[', ']', '(', ')', '*', '_', '<', '>', '"', '\'', '\n', '\t', ':',
                '-', '|', '\\', '#', '&', '\u{a0}', '\u{3000}', 'é', '\u{301}', '😀', '\u{202e}',
                '\0',
            ][rng.below(28)];
            s.replace_range(at..end, c.encode_utf8(&mut [0; 4]));
        }
        // spliced with another seed
        7 => {
            let other = rng.pick(pool);
            let from = boundary(other, rng.below(other.len() + 1));
            let to = boundary(other, from + rng.below(512).min(other.len() - from));
            if s.len() + (to - from) <= MAX_LEN {
                s.insert_str(at, &other[from..to]);
            }
        }
        // cut short
        _ => s.truncate(at),
    }
}

/// The char boundary at or before `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
