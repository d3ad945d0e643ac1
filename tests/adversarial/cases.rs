//! The adversarial inputs: each a tiny site (file path → content) whose one
//! hostile file is at least 20,000 levels deep or about a megabyte long.

/// Levels of nesting for the deep cases.
pub const N: usize = 20_000;
/// About a megabyte, for the long cases.
pub const MB: usize = 1 << 20;

/// What a case must end in besides "no crash, no hang".
#[derive(Clone, Copy, Debug)]
pub enum Expect {
    /// The build succeeds (Jekyll's output, as Jekyll also builds it).
    Builds,
    /// The build fails with a message naming this file.
    FailsNaming(&'static str),
    /// Either, but a failure must name this file.
    EitherNaming(&'static str),
    /// A known problem in code another branch is rewriting: skipped unless
    /// `HYDE_ADVERSARIAL_ALL` is set (then judged as `EitherNaming` this
    /// file); the problem.
    Known(&'static str, &'static str),
}

pub struct Case {
    pub name: &'static str,
    pub files: Vec<(String, String)>,
    pub expect: Expect,
}

fn rep(s: &str, n: usize) -> String {
    s.repeat(n)
}

const FM: &str = "---\n---\n";

fn page(name: &'static str, file: &str, body: String, expect: Expect) -> Case {
    Case {
        name,
        files: vec![(file.to_string(), format!("{FM}{body}"))],
        expect,
    }
}

fn md(name: &'static str, body: String, expect: Expect) -> Case {
    page(name, "index.md", body, expect)
}

pub fn markdown() -> Vec<Case> {
    use Expect::*;
    let e = EitherNaming("index.md");
    let mut v = vec![
        md("md-blockquotes", rep("> ", N) + "x\n", e),
        md(
            "md-blockquote-lines",
            rep(">", N) + " x\n" + &rep(">", N) + " y\n",
            e,
        ),
        md("md-lists-dash", rep("- ", N) + "x\n", e),
        md("md-lists-ordered", rep("1. ", N) + "x\n", e),
        md(
            "md-lists-indented",
            {
                // 1,000 levels by indentation is already a megabyte
                let mut s = String::new();
                for i in 0..1_000 {
                    s.push_str(&" ".repeat(2 * i));
                    s.push_str("- x\n");
                }
                s
            },
            e,
        ),
        md("md-brackets", rep("[", N) + "x" + &rep("]", N) + "\n", e),
        md("md-links", rep("[", N) + "x" + &rep("](u)", N) + "\n", e),
        md("md-images", rep("![", N) + "x" + &rep("](u)", N) + "\n", e),
        md(
            "md-emphasis",
            rep("*_", N / 2) + "x" + &rep("_*", N / 2) + "\n",
            e,
        ),
        md("md-strong", rep("**", N) + "x" + &rep("**", N) + "\n", e),
        md(
            "md-div",
            rep("<div>", N) + "x" + &rep("</div>", N) + "\n",
            e,
        ),
        md(
            "md-div-markdown",
            rep("<div markdown=\"1\">\n", N) + "*x*\n" + &rep("</div>\n", N),
            e,
        ),
        md(
            "md-span",
            rep("<span>", N) + "x" + &rep("</span>", N) + "\n",
            e,
        ),
        md(
            "md-span-markdown",
            rep("<span markdown=\"1\">", N) + "*x*" + &rep("</span>", N) + "\n",
            e,
        ),
        md("md-html-unclosed", rep("<div>\n", N) + "x\n", e),
        md(
            "md-footnote-chain",
            {
                let mut s = String::from("x[^0]\n\n");
                for i in 0..N {
                    s.push_str(&format!("[^{i}]: y[^{}]\n\n", i + 1));
                }
                s
            },
            e,
        ),
        md(
            "md-footnote-nested",
            {
                // a definition inside a definition, 700 deep by indentation (a megabyte)
                let mut s = String::from("x[^0]\n\n");
                for i in 0..700 {
                    s.push_str(&" ".repeat(4 * i));
                    s.push_str(&format!("[^{i}]: y[^{}]\n\n", i + 1));
                }
                s
            },
            e,
        ),
        md(
            "md-abbreviations",
            {
                let mut s = String::new();
                for i in 0..N {
                    s.push_str(&format!("A{i} "));
                }
                s.push_str("\n\n");
                for i in 0..N {
                    s.push_str(&format!("*[A{i}]: a{i} *[A{}]\n", i + 1));
                }
                s
            },
            e,
        ),
        md("md-backticks", rep("`", MB) + "\n", e),
        md(
            "md-backtick-ladder",
            {
                let mut s = String::new();
                for i in 1..1_400 {
                    s.push_str(&"`".repeat(i));
                    s.push(' ');
                }
                s + "\n"
            },
            e,
        ),
        md("md-stars", rep("*", MB) + "\n", e),
        md("md-stars-words", rep("*a ", MB / 3) + "\n", e),
        md("md-underscores", rep("_", MB) + "\n", e),
        md("md-open-brackets", rep("[", MB) + "\n", e),
        md("md-open-angles", rep("<", MB) + "\n", e),
        md("md-angle-tags", rep("<a ", MB / 3) + "\n", e),
        md("md-ampersands", rep("&", MB) + "\n", e),
        md("md-backslashes", rep("\\", MB) + "\n", e),
        md("md-long-line", rep("word ", MB / 5) + "\n", e),
        md("md-many-lines", rep("a\n", MB / 2), e),
        md(
            "md-table-columns",
            {
                let row = rep("|a", N) + "|\n";
                row.clone() + &rep("|-", N) + "|\n" + &row
            },
            e,
        ),
        md("md-table-rows", rep("|a|b|\n", MB / 6), e),
        md("md-header-ids", rep("# a\n\n", N), e),
        md(
            "md-header-ids-numbered",
            {
                // ids that collide with the numbered ones kramdown generates
                let mut s = String::new();
                for i in 0..N {
                    s.push_str(&format!("# a\n\n# a-{}\n\n", i % 100));
                }
                s
            },
            e,
        ),
        md(
            "md-toc-deep",
            String::from("* toc\n{:toc}\n\n") + &rep("###### a\n\n", N),
            e,
        ),
        md("md-ial", rep("{: .a}", N) + "\n", e),
        md("md-setext", rep("a\n=\n", N), e),
        md(
            "md-link-defs",
            {
                let mut s = String::new();
                for i in 0..N {
                    s.push_str(&format!("[{i}][{}]\n\n", i + 1));
                }
                for i in 0..N {
                    s.push_str(&format!("[{i}]: /u{i}\n"));
                }
                s
            },
            e,
        ),
        md("md-codeblock-fence", rep("~~~\n", N), e),
        md("md-math", rep("$$", MB / 2) + "\n", e),
        md("md-comments", rep("<!--", N) + &rep("-->", N) + "\n", e),
        md("md-entities", rep("&#x41;", MB / 6) + "\n", e),
        md("md-quotes", rep("\"'", MB / 2) + "\n", e),
        md("md-definition-lists", rep("a\n: ", N) + "x\n", e),
        // kramdown pads every row to the widest: 20,000 rows × 500,000 cells
        md(
            "md-table-padding",
            rep("| a | b |\n", N) + "x" + &rep("|", MB / 2) + "\n",
            FailsNaming("index.md"),
        ),
        // a megabyte-long definition copied into 20,000 links, and an
        // abbreviation's title into 20,000 uses
        md(
            "md-link-copies",
            rep("[a][r] ", N) + "\n\n[r]: /" + &rep("u", MB) + "\n",
            FailsNaming("index.md"),
        ),
        // every nested image scans for its `)` to the end of the text,
        // and so again for each way of nesting them (hung the fuzz harness)
        md(
            "md-image-unclosed-parens",
            rep("![t ", 300) + &rep("](", N) + "\n",
            FailsNaming("index.md"),
        ),
        md(
            "md-abbreviation-copies",
            rep("HTML ", N) + "\n\n*[HTML]: " + &rep("u", MB) + "\n",
            FailsNaming("index.md"),
        ),
    ];
    v.push(Case {
        name: "md-markdownify-deep",
        files: vec![(
            "index.html".into(),
            format!(
                "---\nx: \"{}x\"\n---\n{{{{ page.x | markdownify }}}}",
                rep("> ", N)
            ),
        )],
        expect: EitherNaming("index.html"),
    });
    v
}

fn liq(name: &'static str, body: String, expect: Expect) -> Case {
    page(name, "index.html", body, expect)
}

pub fn liquid() -> Vec<Case> {
    use Expect::*;
    let f = FailsNaming("index.html");
    let e = EitherNaming("index.html");
    let mut v = vec![
        liq(
            "liquid-if",
            rep("{% if true %}", N) + "x" + &rep("{% endif %}", N),
            f,
        ),
        liq(
            "liquid-unless",
            rep("{% unless false %}", N) + "x" + &rep("{% endunless %}", N),
            f,
        ),
        liq(
            "liquid-for",
            rep("{% for i in (1..1) %}", N) + "x" + &rep("{% endfor %}", N),
            f,
        ),
        liq(
            "liquid-capture",
            rep("{% capture a %}", N) + "x" + &rep("{% endcapture %}", N),
            f,
        ),
        liq(
            "liquid-case",
            rep("{% case 1 %}{% when 1 %}", N) + "x" + &rep("{% endcase %}", N),
            f,
        ),
        liq(
            "liquid-raw",
            rep("{% raw %}", N) + "x" + &rep("{% endraw %}", N),
            f,
        ),
        liq(
            "liquid-comment",
            rep("{% comment %}", N) + "x" + &rep("{% endcomment %}", N),
            e,
        ),
        liq("liquid-unclosed-if", rep("{% if true %}", N), f),
        liq(
            "liquid-lookup",
            String::from("{{ a") + &rep(".b", N) + " }}",
            e,
        ),
        liq(
            "liquid-index",
            String::from("{{ a") + &rep("[0]", N) + " }}",
            e,
        ),
        liq(
            "liquid-index-nested",
            String::from("{{ a") + &rep("[a", N) + &rep("]", N) + " }}",
            e,
        ),
        liq(
            "liquid-index-nested-limit",
            String::from("{{ a") + &rep("[a", 490) + &rep("]", 490) + " }}",
            Builds,
        ),
        liq(
            "liquid-ranges-nested",
            String::from("{% for i in ") + &rep("(", N) + "1" + &rep("..2)", N) + " %}{% endfor %}",
            e,
        ),
        liq(
            "liquid-quotes",
            String::from("{{ ") + &rep("'\"", MB / 2) + " }}",
            e,
        ),
        liq(
            "liquid-unclosed-quotes",
            String::from("{{ 'x' | append: ") + &rep("'a ", MB / 3) + " }}",
            e,
        ),
        liq(
            "liquid-where-exp-deep",
            String::from("{% assign xs = 'a,b' | split: ',' %}{{ xs | where_exp: 'i', 'i")
                + &rep("[i", N)
                + &rep("]", N)
                + "' }}",
            e,
        ),
        liq(
            "liquid-ranges",
            rep("{% for i in (1..", N) + "2" + &rep(") %}", N),
            e,
        ),
        liq(
            "liquid-filters",
            String::from("{{ 'x'") + &rep(" | upcase", N) + " }}",
            e,
        ),
        liq(
            "liquid-filter-args",
            String::from("{{ 'x' | default: ") + &rep("'a', ", N) + "'b' }}",
            e,
        ),
        liq(
            "liquid-append",
            String::from("{{ 'xy'") + &rep(" | append: 'xy'", N) + " | size }}",
            e,
        ),
        liq(
            "liquid-conditions",
            String::from("{% if ") + &rep("true and ", MB / 9) + "true %}x{% endif %}",
            Builds,
        ),
        liq(
            "liquid-conditions-or",
            String::from("{% if ") + &rep("false or ", MB / 9) + "true %}x{% endif %}",
            Builds,
        ),
        liq(
            "liquid-assign-chain",
            {
                let mut s = String::from("{% assign a0 = 'x' %}");
                for i in 1..N {
                    s.push_str(&format!("{{% assign a{i} = a{} | append: 'x' %}}", i - 1));
                }
                s + "{{ a19999 | size }}"
            },
            e,
        ),
        liq("liquid-long-text", rep("{{ 'x' }}", MB / 9), e),
        liq("liquid-open-braces", rep("{{", MB / 2), e),
        liq("liquid-open-tags", rep("{%", MB / 2), e),
        // Cycle's NamedSyntax backtracks over a megabyte-long fragment
        liq(
            "liquid-cycle-long-fragment",
            String::from("{% cycle ") + &rep("a.b", MB / 3) + " 'x', 'y' %}",
            Builds,
        ),
        liq(
            "liquid-cycle-long-name",
            String::from("{% cycle ") + &rep("a.b", MB / 3) + ": 'x', 'y' %}",
            Builds,
        ),
        liq(
            "liquid-range-huge",
            String::from("{% for i in (1..10000000) %}{% endfor %}done"),
            e,
        ),
        liq(
            "liquid-range-huge-output",
            String::from("{% for i in (1..2000000) %}{{ i }}{% endfor %}"),
            e,
        ),
        liq(
            // each level highlights the one inside: the page grows
            // geometrically (Jekyll takes minutes and gigabytes)
            "liquid-highlight-nested",
            rep("{% highlight ruby linenos %}", 12) + "x" + &rep("{% endhighlight %}", 12),
            FailsNaming("index.html"),
        ),
        liq(
            "liquid-range-nested",
            String::from(
                "{% for i in (1..3000) %}{% for j in (1..3000) %}{% endfor %}{% endfor %}done",
            ),
            e,
        ),
    ];
    v.push(Case {
        name: "liquid-push-chain",
        files: vec![(
            "index.html".into(),
            format!("{FM}{{% assign a = '' | split: '' %}}{{% for i in (1..5000) %}}{{% assign a = a | push: a %}}{{% endfor %}}{{{{ a | size }}}}"),
        )],
        expect: e,
    });
    v.push(Case {
        name: "liquid-group-by-chain",
        files: vec![(
            "index.html".into(),
            format!(
                "{FM}{{% assign a = 'x,y' | split: ',' %}}{{{{ a{} | jsonify }}}}",
                rep(" | group_by: 'name'", 2_000)
            ),
        )],
        expect: e,
    });
    v.push(Case {
        name: "liquid-append-doubling",
        files: vec![(
            "index.html".into(),
            format!("{FM}{{% assign s = 'ab' %}}{{% for i in (1..40) %}}{{% assign s = s | append: s %}}{{% endfor %}}{{{{ s | size }}}}"),
        )],
        expect: e,
    });
    v.push(Case {
        name: "liquid-include-self",
        files: vec![
            (
                "index.html".into(),
                format!("{FM}{{% include self.html %}}"),
            ),
            (
                "_includes/self.html".into(),
                "x{% include self.html %}".into(),
            ),
        ],
        expect: FailsNaming("self.html"),
    });
    v.push(Case {
        name: "liquid-include-mutual",
        files: vec![
            ("index.html".into(), format!("{FM}{{% include a.html %}}")),
            ("_includes/a.html".into(), "a{% include b.html %}".into()),
            ("_includes/b.html".into(), "b{% include a.html %}".into()),
        ],
        expect: FailsNaming(".html"),
    });
    v.push(Case {
        name: "liquid-include-relative-self",
        files: vec![(
            "index.html".into(),
            format!("{FM}x{{% include_relative index.html %}}"),
        )],
        expect: FailsNaming("index.html"),
    });
    v.push(Case {
        name: "liquid-layout-chain",
        files: {
            let mut files = vec![("index.html".into(), "---\nlayout: l0\n---\nx".into())];
            for i in 0..2_000 {
                files.push((
                    format!("_layouts/l{i}.html"),
                    format!("---\nlayout: l{}\n---\n<{i}>{{{{ content }}}}", i + 1),
                ));
            }
            files
        },
        expect: e,
    });
    v.push(Case {
        name: "liquid-layout-loop",
        files: vec![
            ("index.html".into(), "---\nlayout: a\n---\nx".into()),
            (
                "_layouts/a.html".into(),
                "---\nlayout: b\n---\na{{ content }}".into(),
            ),
            (
                "_layouts/b.html".into(),
                "---\nlayout: a\n---\nb{{ content }}".into(),
            ),
        ],
        expect: Builds,
    });
    v
}

fn fm(name: &'static str, front: String, expect: Expect) -> Case {
    Case {
        name,
        files: vec![("index.md".into(), format!("---\n{front}\n---\nbody\n"))],
        expect,
    }
}

pub fn yaml() -> Vec<Case> {
    use Expect::*;
    let e = EitherNaming("index.md");
    let mut v = vec![
        fm(
            "yaml-flow-seq",
            String::from("x: ") + &rep("[", N) + &rep("]", N),
            e,
        ),
        fm(
            "yaml-flow-map",
            String::from("x: ") + &rep("{a: ", N) + "1" + &rep("}", N),
            e,
        ),
        fm("yaml-flow-unclosed", String::from("x: ") + &rep("[", N), e),
        fm(
            "yaml-block-seq",
            String::from("x:\n") + &rep("- ", N) + "1",
            e,
        ),
        fm(
            "yaml-complex-keys",
            String::from("x:\n") + &rep("? ", N) + "1",
            Known("index.md", "src/yaml.rs key_string writes a complex key with Debug escapes, doubling its length per nested `? ` (100 levels: minutes, gigabytes)"),
        ),
        fm(
            "yaml-block-map",
            {
                // 1,400 levels by indentation is about a megabyte
                let mut s = String::new();
                for i in 0..1_400 {
                    s.push_str(&" ".repeat(i));
                    s.push_str("a:\n");
                }
                s + &" ".repeat(1_400) + "b"
            },
            e,
        ),
        fm(
            "yaml-alias-bomb",
            {
                let mut s =
                    String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
                for i in 1..10 {
                    s.push_str(&format!("a{i}: &a{i} ["));
                    s.push_str(&vec![format!("*a{}", i - 1); 10].join(", "));
                    s.push_str("]\n");
                }
                s
            },
            e,
        ),
        fm(
            "yaml-anchors-many",
            {
                let mut s = String::from("x0: &x0 1\n");
                for i in 1..N {
                    s.push_str(&format!("x{i}: &x{i} [*x{}]\n", i - 1));
                }
                s
            },
            e,
        ),
        fm("yaml-long-scalar", String::from("x: ") + &rep("a", MB), e),
        fm(
            "yaml-long-quoted",
            String::from("x: \"") + &rep("\\\"", MB / 2) + "\"",
            e,
        ),
        fm(
            "yaml-many-keys",
            (0..N).map(|i| format!("k{i}: {i}\n")).collect(),
            e,
        ),
    ];
    v.push(Case {
        name: "yaml-block-seq-rendered",
        files: vec![(
            "index.html".into(),
            String::from("---\nx:\n") + &rep("- ", MB / 2) + "1\n---\n{{ page.x | jsonify }}",
        )],
        expect: EitherNaming("index.html"),
    });
    v.push(Case {
        name: "yaml-data-block-seq",
        files: vec![
            (
                "_data/deep.yml".into(),
                String::from("x:\n") + &rep("- ", MB / 2) + "1\n",
            ),
            (
                "index.html".into(),
                format!("{FM}{{{{ site.data.deep | jsonify }}}}"),
            ),
        ],
        expect: EitherNaming("deep.yml"),
    });
    v.push(Case {
        name: "yaml-alias-bomb-rendered",
        files: vec![("index.html".into(), {
            let mut s =
                String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
            for i in 1..10 {
                s.push_str(&format!("a{i}: &a{i} ["));
                s.push_str(&vec![format!("*a{}", i - 1); 10].join(", "));
                s.push_str("]\n");
            }
            s + "---\n{{ page.a9 | size }} {{ page.a9 | jsonify | size }}"
        })],
        expect: EitherNaming("index.html"),
    });
    v.push(Case {
        name: "yaml-data-deep",
        files: vec![
            (
                "_data/deep.yml".into(),
                String::from("x: ") + &rep("[", N) + &rep("]", N),
            ),
            (
                "index.html".into(),
                format!("{FM}{{{{ site.data.deep | jsonify | size }}}}"),
            ),
        ],
        expect: EitherNaming("deep.yml"),
    });
    v.push(Case {
        name: "yaml-config-deep",
        files: vec![(
            "_config.yml".into(),
            String::from("x: ") + &rep("[", N) + &rep("]", N),
        )],
        expect: EitherNaming("_config.yml"),
    });
    v
}

fn scss(name: &'static str, body: String, expect: Expect) -> Case {
    page(name, "assets/s.scss", body, expect)
}

pub fn sass() -> Vec<Case> {
    let e = Expect::EitherNaming("s.scss");
    vec![
        scss("sass-rules", rep("a{", N) + "b:c;" + &rep("}", N), e),
        scss(
            "sass-parens",
            String::from("a{b: ") + &rep("(", N) + "1" + &rep(")", N) + "}",
            e,
        ),
        scss(
            "sass-brackets",
            String::from("a{b: ") + &rep("[", N) + "1" + &rep("]", N) + "}",
            e,
        ),
        scss(
            "sass-media",
            rep("@media screen{", N) + "a{b:c}" + &rep("}", N),
            e,
        ),
        scss("sass-if", rep("@if true {", N) + "a{b:c}" + &rep("}", N), e),
        scss(
            "sass-calc",
            String::from("a{b: calc(") + &rep("(", N) + "1px" + &rep(")", N) + ")}",
            e,
        ),
        scss("sass-unclosed", rep("a{", N), e),
        scss(
            "sass-plus",
            String::from("a{b: 1") + &rep(" + 1", N) + "}",
            e,
        ),
        scss("sass-long-selector", rep("a ", MB / 2) + "{b:c}", e),
        scss("sass-comments", rep("/*", MB / 2), e),
        scss(
            "sass-function-recursion",
            String::from("@function f($n) { @return f($n + 1); }\na{b: f(0)}"),
            e,
        ),
        scss(
            "sass-mixin-recursion",
            String::from("@mixin m { @include m; }\na{@include m;}"),
            e,
        ),
    ]
}
