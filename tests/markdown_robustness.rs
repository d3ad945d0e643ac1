//! Markdown conversion never panics and always terminates: pseudo-random
//! documents made of the characters and fragments kramdown's rules react to.

const FRAGMENTS: &[&str] = &[
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "    ",
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "~~",
    "#",
    "## ",
    "> ",
    "- ",
    "* ",
    "1. ",
    ": ",
    "|",
    "| a | b |\n|---|:-:|\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "[^1]",
    "[^1]: note\n",
    "[ref]: http://x \"t\"\n",
    "{: .c}",
    "{:toc}",
    "{::options auto_ids=\"false\" /}",
    "{::comment}",
    "{:/comment}",
    "{:/}",
    "<div>",
    "</div>",
    "<div markdown=\"1\">",
    "<span>",
    "</span>",
    "<!--",
    "-->",
    "<?x ?>",
    "<script>",
    "</script>",
    "<br>",
    "<a href='x'>",
    "&amp;",
    "&#x27;",
    "&#999999999;",
    "&bogus;",
    "\"",
    "'",
    "--",
    "---",
    "...",
    "<<",
    ">>",
    "\\",
    "\\\n",
    "$$",
    "$$x$$",
    "*[HTML]: Hyper\n",
    "HTML",
    "===",
    "---\n",
    "^\n",
    "é",
    "中文",
    "\u{a0}",
    "\r\n",
    "<http://a.b>",
    "<me@x.y>",
    "[x](y)",
    "[x][y]",
    "\\|",
    "`a|b`",
    "- [ ] ",
    "- [x] ",
    "text",
    "word ",
    "1.",
    ":",
    "{",
    "}",
    "<",
    ">",
];

#[test]
fn random_documents_convert() {
    let opts = hyde::markdown::Options::default();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let n = (next() % 40) as usize;
        let mut doc = String::new();
        for _ in 0..n {
            doc.push_str(FRAGMENTS[(next() % FRAGMENTS.len() as u64) as usize]);
        }
        let html = hyde::markdown::to_html(&doc, &opts);
        // no internal placeholder leaks into the page
        assert!(!html.contains('\u{1}'), "{doc:?}");
    }
}

/// Each way the converter refuses a document names the line of the block
/// it stopped in, whether it stopped parsing blocks or, later, their spans
/// (the span phase used to go on to the last block and name that one).
#[test]
fn refusals_name_the_line_they_stop_on() {
    use hyde::markdown::parser::guard::Stop;
    let def = format!("[r]: /{}\n", "u".repeat(100_000));
    let cases: Vec<(String, Stop, usize)> = vec![
        // spans: an unclosed '[' rescanned from each of them
        (
            format!("x\n\n{}\n\nz\n", "[".repeat(500_000)),
            Stop::Rescan,
            3,
        ),
        // spans: a long definition copied into every link using it
        (
            format!("x\n\ny\n\n{}\n\n{def}\nz\n", "[a][r] ".repeat(20_000)),
            Stop::Copies,
            5,
        ),
        (
            format!("{def}\n{}\n\nz\n", "[a][r] ".repeat(20_000)),
            Stop::Copies,
            3,
        ),
        // after the spans: a long abbreviation title at every use
        (
            format!(
                "x\n\n{}\n\nz\n\n*[HTML]: {}\n",
                "HTML ".repeat(20_000),
                "u".repeat(100_000)
            ),
            Stop::Copies,
            3,
        ),
        // blocks: a table padded to its widest row
        (
            format!(
                "x\n\n{}x{}\n\nz\n",
                "| a |\n".repeat(20_000),
                "|".repeat(100_000)
            ),
            Stop::Padding,
            3,
        ),
    ];
    for (doc, why, line) in cases {
        let opts = hyde::markdown::Options::default();
        let e = hyde::markdown::try_to_html(&doc, &opts).expect_err("the document is refused");
        assert_eq!(
            (e.why, e.line),
            (why, line),
            "{}",
            &doc[..60.min(doc.len())]
        );
    }
}
