//! One test per Markdown construct met in academicpages sites. Each fixture
//! pair in tests/fixtures/markdown was made by Jekyll 4.3.1's own converter
//! (kramdown 2.4 GFM, academicpages' options; see
//! ../shared/kramdown-cases/README.md for the one-liner); the output must be
//! byte-identical (a final newline aside).

fn check(md: &str, want: &str) {
    let got = hyde::markdown::to_html(md, &hyde::markdown::Options::default());
    assert_eq!(
        got.trim_end_matches('\n'),
        want.trim_end_matches('\n'),
        "\n--- got\n{got}\n--- want\n{want}"
    );
}

macro_rules! fixture {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            check(
                include_str!(concat!("fixtures/markdown/", stringify!($name), ".md")),
                include_str!(concat!("fixtures/markdown/", stringify!($name), ".html")),
            );
        }
    )*};
}

fixture!(
    abbreviation,
    atx_headings_dup,
    autolinks_urls,
    blank_html_mix,
    blockquote_lazy,
    code_blocks,
    comments_and_escapes,
    definition_list,
    details_block,
    emphasis_mix,
    entities_escapes,
    footnotes,
    header_ids_unicode,
    headings_links,
    highlighter_opts,
    highlighter_opts_no_default,
    hr_and_br,
    html_inline,
    html_markdown_attr,
    html_table_block,
    ial_notice,
    iframe_and_images,
    kramdown_options,
    links_images,
    list_with_code,
    lists_nested,
    math_blocks,
    paragraph_list_boundary,
    setext_heading,
    smart_quotes,
    table_align,
    table_inline,
    task_list,
    toc,
);
