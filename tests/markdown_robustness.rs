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
