//! kramdown's (and kramdown-parser-gfm's) parser regexps, ported one for one
//! from `kramdown/parser/kramdown/*.rb` and `kramdown/parser/html.rb`.
//!
//! The `*_S` functions return pattern source (Ruby syntax, translated by
//! [`crate::markdown::scanner::ruby_to_rust`]); Ruby interpolates a regexp
//! constant as `(?-mix:…)`, here `g()`/`gs()`.

use crate::lazy_re;
use crate::markdown::scanner::{Fast, LazyRe};

/// Interpolate a non-dotall constant.
pub fn g(s: &str) -> String {
    format!("(?-s:{s})")
}
/// Interpolate a dotall (`/m`) constant.
pub fn gs(s: &str) -> String {
    format!("(?s:{s})")
}

pub const OPT_SPACE: &str = " {0,3}";
pub const INDENT_S: &str = r"^(?:\t| {4})";
pub const BLANK_LINE_S: &str = r"(?>^\s*\n)+";
pub const EOB_MARKER_S: &str = r"^\^\s*?\n";
pub const ALD_ANY_CHARS: &str = r"\\\}|[^\}]";
pub const UNAME: &str = r"(?:[[:alpha:]_][-[:alnum:]._]*:)?[[:alpha:]_][-[:alnum:]._]*";
pub const PATTERN_TAIL: &str = r"[\t| ].*?\n";

pub fn ald_id_name() -> String {
    format!(r"\w{}*", g(r"[\w-]"))
}
pub fn ald_type_id_name() -> String {
    r"#([A-Za-z][\w:-]*)".to_string()
}
pub fn ald_type_class_name() -> String {
    format!(r"\.({})", g(r"[^\s\.#]+"))
}
pub fn ald_type_any() -> String {
    let kv = format!(
        r#"({})=("|')((?:\\\}}|\\\2|[^\}}\2])*?)\2"#,
        g(&ald_id_name())
    );
    let rf = format!("({})", g(&ald_id_name()));
    let multi = format!(
        "((?:{}|{})+)",
        g(&ald_type_id_name()),
        g(&ald_type_class_name())
    );
    format!(r"(?:\A|\s)(?:{}|{}|{})(?=\s|\Z)", g(&kv), g(&rf), g(&multi))
}
pub fn ald_type_id_or_class() -> String {
    format!("{}|{}", g(&ald_type_id_name()), g(&ald_type_class_name()))
}
pub fn ext_stop_str(name: &str) -> String {
    format!(r"\{{:/({name})?\}}")
}
pub fn ext_start_str() -> String {
    format!(r"\{{::(\w+)(?:\s({}*?)|)(\/)?\}}", g(ALD_ANY_CHARS))
}
pub fn ial_block_s() -> String {
    format!(r"\{{:(?!:|\/)({}+)\}}\s*?\n", g(ALD_ANY_CHARS))
}
pub fn ial_block_start_s() -> String {
    format!("^{OPT_SPACE}{}", g(&ial_block_s()))
}

pub const HTML_SPAN_ELEMENTS: &[&str] = &[
    "a", "abbr", "acronym", "b", "big", "bdo", "br", "button", "cite", "code", "del", "dfn", "em",
    "i", "img", "input", "ins", "kbd", "label", "mark", "option", "q", "rb", "rbc", "rp", "rt",
    "rtc", "ruby", "samp", "select", "small", "span", "strong", "sub", "sup", "tt", "u", "var",
];
pub const HTML_BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "applet",
    "body",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "head",
    "iframe",
    "legend",
    "menu",
    "li",
    "main",
    "map",
    "nav",
    "ol",
    "optgroup",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tfoot",
    "tr",
    "ul",
];
pub const HTML_ELEMENTS_WITHOUT_BODY: &[&str] = &[
    "area", "base", "br", "col", "command", "embed", "hr", "img", "input", "keygen", "link",
    "meta", "param", "source", "track", "wbr",
];
const CM_BLOCK: &[&str] = &[
    "address",
    "applet",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "fieldset",
    "figure",
    "figcaption",
    "footer",
    "form",
    "header",
    "hgroup",
    "iframe",
    "li",
    "main",
    "map",
    "menu",
    "nav",
    "noscript",
    "object",
    "section",
    "summary",
    "td",
];
const CM_SPAN: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "button", "cite", "caption", "del", "dfn", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "i", "ins", "label", "legend", "optgroup", "p", "q",
    "rb", "rbc", "rp", "rt", "rtc", "ruby", "select", "small", "span", "strong", "sub", "sup",
    "th", "tt",
];
#[cfg_attr(not(test), allow(dead_code))] // in is_html_element's match
const CM_RAW: &[&str] = &[
    "script", "style", "math", "option", "textarea", "pre", "code", "kbd", "samp", "var",
];

use crate::markdown::element::Cm;

/// `HTML_CONTENT_MODEL[name]` (raw for unknown names).
pub fn content_model(name: &str) -> Cm {
    if CM_BLOCK.contains(&name) {
        Cm::Block
    } else if CM_SPAN.contains(&name) {
        Cm::Span
    } else {
        Cm::Raw
    }
}

/// `HTML_ELEMENT[name]`: a known HTML element name.
pub fn is_html_element(name: &str) -> bool {
    // the union of the lists above (a test checks it), as one `match`
    matches!(
        name,
        "a" | "abbr"
            | "acronym"
            | "address"
            | "applet"
            | "area"
            | "article"
            | "aside"
            | "b"
            | "base"
            | "bdo"
            | "big"
            | "blockquote"
            | "body"
            | "br"
            | "button"
            | "caption"
            | "cite"
            | "code"
            | "col"
            | "colgroup"
            | "command"
            | "dd"
            | "del"
            | "details"
            | "dfn"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "i"
            | "iframe"
            | "img"
            | "input"
            | "ins"
            | "kbd"
            | "keygen"
            | "label"
            | "legend"
            | "li"
            | "link"
            | "main"
            | "map"
            | "mark"
            | "math"
            | "menu"
            | "meta"
            | "nav"
            | "noscript"
            | "object"
            | "ol"
            | "optgroup"
            | "option"
            | "p"
            | "param"
            | "pre"
            | "q"
            | "rb"
            | "rbc"
            | "rp"
            | "rt"
            | "rtc"
            | "ruby"
            | "samp"
            | "script"
            | "section"
            | "select"
            | "small"
            | "source"
            | "span"
            | "strong"
            | "style"
            | "sub"
            | "summary"
            | "sup"
            | "table"
            | "tbody"
            | "td"
            | "textarea"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "track"
            | "tt"
            | "u"
            | "ul"
            | "var"
            | "wbr"
    )
}

fn lazy_end_names() -> String {
    let mut v: Vec<&str> = HTML_SPAN_ELEMENTS.to_vec();
    v.push("script");
    v.join("|")
}
pub fn lazy_end_html_start() -> String {
    format!(r"<(?>(?!(?:{})\b){UNAME})", lazy_end_names())
}
pub fn lazy_end_html_stop() -> String {
    format!(r"<\/(?!(?:{})\b){UNAME}\s*>", lazy_end_names())
}
pub fn lazy_end_s() -> String {
    format!(
        r"{}|{}|{}|^{OPT_SPACE}{}|^{OPT_SPACE}{}|\Z",
        g(BLANK_LINE_S),
        g(&ial_block_start_s()),
        g(EOB_MARKER_S),
        gs(&lazy_end_html_stop()),
        g(&lazy_end_html_start())
    )
}
pub fn list_start_ul() -> String {
    format!("^({OPT_SPACE}[+*-])({})", g(PATTERN_TAIL))
}
pub fn list_start_ol() -> String {
    format!(r"^({OPT_SPACE}\d+\.)({})", g(PATTERN_TAIL))
}
pub fn definition_list_start() -> String {
    format!("^({OPT_SPACE}:)({})", g(PATTERN_TAIL))
}
pub const ATX_HEADER_START_S: &str = r"^(#{1,6})[\t ]+(.*)\n";
pub const BLOCKQUOTE_START_S: &str = r"^ {0,3}> ?";
pub const FENCED_START_S: &str = r"^[ ]{0,3}[~`]{3,}";
pub fn codeblock_match() -> String {
    format!(
        r"(?:{}?(?:{}[ \t]*\S.*\n)+(?:(?!{}|{}|^{OPT_SPACE}{}|^{OPT_SPACE}{})^[ \t]*\S.*\n)*)*",
        g(BLANK_LINE_S),
        g(INDENT_S),
        g(&ial_block_start_s()),
        g(EOB_MARKER_S),
        gs(&lazy_end_html_stop()),
        g(&lazy_end_html_start())
    )
}

pub static BLANK_LINE: LazyRe = lazy_re!(BLANK_LINE_S, "", fast Fast::Blank);
pub static EOB_MARKER: LazyRe = lazy_re!(EOB_MARKER_S, "", fast Fast::Lit("^"));
pub static INDENT: LazyRe = lazy_re!(INDENT_S);
pub static LAZY_END: LazyRe = lazy_re!(lazy_end_s(), "", lines 4);
pub static PARAGRAPH_START: LazyRe =
    lazy_re!(format!(r"^{OPT_SPACE}[^ \t].*?\n"), "", fast Fast::ParaStart);
pub static PARAGRAPH_MATCH: LazyRe = lazy_re!(r"^.*?\n", "", fast Fast::Line);
pub static PARAGRAPH_END_GFM: LazyRe = lazy_re!(format!(
    "{}|{}|{}|{}|{}|{}",
    g(&lazy_end_s()),
    g(&format!("{}|{}", g(&list_start_ul()), g(&list_start_ol()))),
    g(ATX_HEADER_START_S),
    g(&definition_list_start()),
    g(BLOCKQUOTE_START_S),
    g(FENCED_START_S)
), "", lines 4);
pub static SETEXT_HEADER_START: LazyRe = lazy_re!(
    format!(r"^{OPT_SPACE}([^ \t].*)\n([-=])[-=]*[ \t\r\f\v]*\n"),
    "",
    fast Fast::Setext
);
pub static ATX_HEADER_START: LazyRe = lazy_re!(ATX_HEADER_START_S, "", fast Fast::AtxHeader);
/// `HEADER_ID` with REXML's name characters.
pub static HEADER_ID: LazyRe = lazy_re!(format!(
    r"[\t ]\{{#([{NS}][{NC}]*)\}}\z",
    NS = NAME_START_CHAR,
    NC = NAME_CHAR
));
pub const NAME_START_CHAR: &str = r":A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}";
pub const NAME_CHAR: &str = r":A-Z_a-z\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{2FF}\x{370}-\x{37D}\x{37F}-\x{1FFF}\x{200C}-\x{200D}\x{2070}-\x{218F}\x{2C00}-\x{2FEF}\x{3001}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFFD}\x{10000}-\x{EFFFF}\-\.0-9\x{B7}\x{300}-\x{36F}\x{203F}-\x{2040}";
pub static BLOCKQUOTE_START: LazyRe = lazy_re!(BLOCKQUOTE_START_S);
pub static CODEBLOCK_MATCH: LazyRe = lazy_re!(codeblock_match(), "", fast Fast::Codeblock);
pub static FENCED_START: LazyRe = lazy_re!(FENCED_START_S);
pub const FENCED_MATCH_S: &str =
    r"^[ ]{0,3}(([~`]){3,})\s*?((\S+?)(?:\?\S*)?)?\s*?\n(.*?)^[ ]{0,3}\1\2*\s*?\n";
pub static FENCED_MATCH: LazyRe = lazy_re!(FENCED_MATCH_S, "m", fast Fast::Fenced);
pub static HR_START: LazyRe = lazy_re!(format!(
    r"^{OPT_SPACE}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n"
), "", fast Fast::Hr);
pub static LIST_START_UL: LazyRe = lazy_re!(list_start_ul(), "", fast Fast::ListMarker(0, 3));
pub static LIST_START_OL: LazyRe = lazy_re!(list_start_ol(), "", fast Fast::ListMarker(1, 3));
pub static LIST_START: LazyRe = lazy_re!(
    format!("{}|{}", g(&list_start_ul()), g(&list_start_ol())),
    "",
    fast Fast::ListStart
);
pub static DEFINITION_LIST_START: LazyRe =
    lazy_re!(definition_list_start(), "", fast Fast::ListMarker(2, 3));
pub static LIST_ITEM_IAL: LazyRe = lazy_re!(format!(
    r"^\s*(?:\{{:(?!(?:{})?:|\/)({}+)\}})\s*",
    g(&ald_id_name()),
    g(ALD_ANY_CHARS)
));
pub static LIST_ITEM_IAL_CHECK: LazyRe = lazy_re!(format!(
    r"^{}?\s*\n",
    g(&format!(
        r"^\s*(?:\{{:(?!(?:{})?:|\/)({}+)\}})\s*",
        g(&ald_id_name()),
        g(ALD_ANY_CHARS)
    ))
));
pub static HTML_BLOCK_START: LazyRe = lazy_re!(
    format!(r"^{OPT_SPACE}<({UNAME}|!--|\/)"),
    "",
    fast Fast::HtmlStart(true)
);
pub static BLOCK_MATH_START: LazyRe =
    lazy_re!(format!(r"^{OPT_SPACE}(\\)?\$\$(.*?)\$\$(\s*?\n)?"), "m");
pub static BLOCK_BOUNDARY: LazyRe = lazy_re!(format!(
    r"{}|{}|{}|\Z",
    g(BLANK_LINE_S),
    g(EOB_MARKER_S),
    g(&ial_block_start_s())
), "", lines 4);
pub const TABLE_PIPE_CHECK: &str = r"(?:\||.*?[^\\\n]\|)";
pub static TABLE_START: LazyRe = lazy_re!(table_start_s(), "", fast Fast::TableStart);
/// `TABLE_START`'s pattern (the hand matcher's tests run it).
pub fn table_start_s() -> String {
    format!(
        r"^{OPT_SPACE}(?=\S){}",
        g(&format!(r"{}.*?\n", g(TABLE_PIPE_CHECK)))
    )
}
pub static TABLE_LINE: LazyRe = lazy_re!(table_line_s(), "", fast Fast::TableLine);
/// `TABLE_LINE`'s pattern.
pub fn table_line_s() -> String {
    format!(r"{}.*?\n", g(TABLE_PIPE_CHECK))
}
pub static TABLE_SEP_LINE: LazyRe =
    lazy_re!(r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n", "", fast Fast::TableSep);
pub static TABLE_HSEP_ALIGN: LazyRe = lazy_re!(r"[ \t]?(:?)-+(:?)[ \t]?");
pub static TABLE_FSEP_LINE: LazyRe =
    lazy_re!(r"^[+|: \t=]*?=[+|: \t=]*?[ \t]*\n", "", fast Fast::TableFsep);
pub static TABLE_ROW_LINE: LazyRe = lazy_re!(r"^(.*?)[ \t]*\n", "", fast Fast::TableRow);
pub static TABLE_PIPE_CHECK_LINE: LazyRe = lazy_re!(format!("^{TABLE_PIPE_CHECK}"));
pub static FOOTNOTE_DEFINITION_START: LazyRe = std::sync::LazyLock::new(|| {
    crate::markdown::scanner::Re::new(
        &format!(
            r"^{OPT_SPACE}\[\^({})\]:\s*?(.*?\n{})",
            g(&ald_id_name()),
            g(&codeblock_match())
        ),
        "",
    )
    .prefilter(r"^ {0,3}\[\^")
    .fast(Fast::FootnoteDef)
});
/// kramdown's `LINK_DEFINITION_START` (Ruby syntax).
pub fn link_definition_start_s() -> String {
    format!(
        r#"^{OPT_SPACE}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?(["'])(.+?)\4)?[ \t]*?\n"#
    )
}
pub static LINK_DEFINITION_START: LazyRe = std::sync::LazyLock::new(|| {
    crate::markdown::scanner::Re::new(&link_definition_start_s(), "")
        .lines(3)
        .fast(Fast::LinkDef)
});
pub static ABBREV_DEFINITION_START: LazyRe = lazy_re!(format!(r"^{OPT_SPACE}\*\[(.+?)\]:(.*?)\n"));
pub static BLOCK_EXTENSIONS_START: LazyRe = lazy_re!(format!(r"^{OPT_SPACE}\{{:"));
pub static ALD_START: LazyRe = lazy_re!(format!(
    r"^{OPT_SPACE}\{{:({}):({}+)\}}\s*?\n",
    g(&ald_id_name()),
    g(ALD_ANY_CHARS)
));
pub static EXT_BLOCK_START: LazyRe = lazy_re!(format!(
    r"^{OPT_SPACE}(?:{}|{})\s*?\n",
    ext_start_str(),
    ext_stop_str(&ald_id_name())
));
pub static IAL_BLOCK_START: LazyRe = lazy_re!(ial_block_start_s(), "", fast Fast::IalBlock);
pub static EXT_SPAN_START: LazyRe = lazy_re!(format!(
    "{}|{}",
    ext_start_str(),
    ext_stop_str(&ald_id_name())
));
pub static IAL_SPAN_START: LazyRe = lazy_re!(format!(r"\{{:({}+)\}}", g(ALD_ANY_CHARS)));
pub static ALD_TYPE_ANY: LazyRe = lazy_re!(ald_type_any());
pub static ALD_TYPE_ID_OR_CLASS: LazyRe = lazy_re!(ald_type_id_or_class());
pub static TRAILING_WHITESPACE: LazyRe = lazy_re!(r"[ \t]*\n");

// HTML
pub static HTML_COMMENT_RE: LazyRe =
    lazy_re!(r"<!--(.*?)-->", "m", fast Fast::Between("<!--", "-->"));
pub static HTML_INSTRUCTION_RE: LazyRe =
    lazy_re!(r"<\?(.*?)\?>", "m", fast Fast::Between("<?", "?>"));
/// kramdown's `HTML_ATTRIBUTE_RE` with its back-reference `("|')(.*?)\3`
/// written as the equivalent `"()([^"]*)"|'()([^']*)'` (groups: 1 name,
/// 2 bare value, 4 double-quoted value, 6 single-quoted value), so that
/// it runs in the `regex` crate.
pub static HTML_ATTRIBUTE_RE: LazyRe = lazy_re!(
    format!(r#"\s*({UNAME})(?:\s*=\s*(?:(\p{{Word}}+)|"()([^"]*)"|'()([^']*)'))?"#),
    "m"
);
/// kramdown's original attribute pattern (the oracle for the tests).
pub const HTML_ATTRIBUTE_RUBY: &str = r#"\s*(UNAME)(?:\s*=\s*(?:(\p{Word}+)|("|')(.*?)\3))?"#;
/// kramdown's `HTML_TAG_RE` without its atomic groups and back-reference
/// (equivalent here: see the test against the original below); group 3 is
/// an empty placeholder so that the self-closing slash stays group 4.
pub const HTML_TAG_BODY: &str =
    r#"<((?:UNAME))\s*((?:\s+UNAME(?:\s*=\s*(?:\p{Word}+|"[^"]*"|'[^']*'))?)*)()\s*(\/)?>"#;
/// kramdown's original tag pattern (the oracle for the tests).
pub const HTML_TAG_RUBY: &str =
    r#"<((?>UNAME))\s*((?>\s+UNAME(?:\s*=\s*(?:\p{Word}+|("|').*?\3))?)*)\s*(\/)?>"#;
pub static HTML_TAG_RE: LazyRe = lazy_re!(
    HTML_TAG_BODY.replace("UNAME", UNAME),
    "m",
    fast Fast::HtmlTag
);
pub static HTML_TAG_CLOSE_RE: LazyRe =
    lazy_re!(format!(r"<\/({UNAME})\s*>"), "m", fast Fast::HtmlTagClose);
pub static BLOCK_HTML_TAG: LazyRe = std::sync::LazyLock::new(|| {
    crate::markdown::scanner::Re::new(
        &format!("^{OPT_SPACE}{}", HTML_TAG_BODY.replace("UNAME", UNAME)),
        "m",
    )
    .prefilter(r" {0,3}<[\p{Alphabetic}_]")
    .fast(Fast::BlockHtmlTag)
});
pub static BLOCK_HTML_TAG_CLOSE: LazyRe = lazy_re!(
    format!(r"^{OPT_SPACE}<\/({UNAME})\s*>"),
    "m",
    fast Fast::BlockHtmlTagClose
);
pub const HTML_ENTITY_S: &str = r"&([\w:][\-\w\.:]*);|&#(\d+);|&\#x([0-9a-fA-F]+);";
pub static HTML_ENTITY_RE: LazyRe = lazy_re!(HTML_ENTITY_S, "", fast Fast::Entity);
pub static HTML_SPAN_START: LazyRe =
    lazy_re!(format!(r"<({UNAME}|!--|\/)"), "", fast Fast::HtmlStart(false));

// Spans
pub static EMPHASIS_START: LazyRe =
    lazy_re!(r"(?:\*\*?|__?)", "", fast Fast::Literals(&["**", "*", "__", "_"]));
pub static CODESPAN_DELIMITER: LazyRe = lazy_re!(r"`+", "", fast Fast::Backticks);
pub const AUTOLINK_START_S: &str =
    r"<((mailto|https?|ftps?):.+?|[\p{Alphabetic}\p{Nd}\-_.]+?@[\p{Alphabetic}\p{Nd}\-_.]+?)>";
pub static AUTOLINK_START: LazyRe = lazy_re!(AUTOLINK_START_S, "", fast Fast::Autolink);
pub static FOOTNOTE_MARKER_START: LazyRe = lazy_re!(format!(r"\[\^({})\]", g(&ald_id_name())));
pub static LINK_START: LazyRe = lazy_re!(r"!?\[(?=[^^])", "", fast Fast::LinkStart);
pub const LINK_BRACKET_STOP_S: &str = r"(\])|!?\[";
pub static LINK_PAREN_STOP_RE: LazyRe = lazy_re!(r#"(\()|(\))|\s(?=['"])"#);
pub static LINK_INLINE_ID_RE: LazyRe = lazy_re!(r"\s*?\[([^\]]+)?\]", "", fast Fast::LinkId);
pub static LINK_INLINE_TITLE_RE: LazyRe = lazy_re!(r#"\s*?(["'])(.+?)\1\s*?\)"#, "m");
pub static SMART_QUOTES_RE: LazyRe = lazy_re!(r#"[^\\]?["']"#, "", fast Fast::SmartQuoteStart);
pub static INLINE_MATH_START: LazyRe = lazy_re!(r"\$\$(.*?)\$\$", "m", fast Fast::Lit("$$"));
pub static SPAN_EXTENSIONS_START: LazyRe = lazy_re!(r"\{:", "", fast Fast::Literals(&["{:"]));
pub static TYPOGRAPHIC_SYMS_RE: LazyRe = lazy_re!(
    r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>",
    "",
    fast Fast::Literals(&["---", "--", "...", "\\<<", "\\>>", "<< ", " >>", "<<", ">>"])
);
pub static LINE_BREAK: LazyRe = lazy_re!(r"(  |\\\\)(?=\n)", "", fast Fast::LineBreak);
pub static ESCAPED_CHARS_GFM: LazyRe =
    lazy_re!(r#"\\([\\.*_+`<>()\[\]{}#!:\|"'\$=\-~])"#, "", fast Fast::EscapedChar);
pub static ESCAPED_CHARS: LazyRe = lazy_re!(r#"\\([\\.*_+`<>()\[\]{}#!:|"'\$=-])"#);
pub static STRIKETHROUGH_MATCH: LazyRe =
    lazy_re!(r"~~(?!\s|~).*?[^\s~]~~", "m", fast Fast::Lit("~~"));

pub const SQ_PUNCT: &str = r##"[!"#$%'()*+,\-./:;<=>?@\[\\\]^_`{|}~]"##;
pub const SQ_CLOSE: &str = r"[^ \\\t\r\n\[{(\-]";

/// What a smart-quote rule produces, in order.
#[derive(Debug, Clone, Copy)]
pub enum Sq {
    Group(usize),
    Lquote1,
    Rquote1,
    Lquote2,
    Rquote2,
    Q(&'static str),
}

pub static SQ_RULES: std::sync::LazyLock<Vec<(crate::markdown::scanner::Re, Vec<Sq>)>> =
    std::sync::LazyLock::new(|| {
        use crate::markdown::scanner::Re;
        vec![
            (
                Re::new(r#"("|')(?=[_*]{1,2}\S)"#, "").lines(2),
                vec![Sq::Lquote1],
            ),
            (
                Re::new(&format!(r#"("|')(?={SQ_PUNCT}(?!\.\.)\B)"#), "").lines(2),
                vec![Sq::Rquote1],
            ),
            (
                Re::new(r#"(\s?)"'(?=\w)"#, "").lines(2),
                vec![Sq::Group(1), Sq::Q("ldquo"), Sq::Q("lsquo")],
            ),
            (
                Re::new(r#"(\s?)'"(?=\w)"#, "").lines(2),
                vec![Sq::Group(1), Sq::Q("lsquo"), Sq::Q("ldquo")],
            ),
            (
                Re::new(r"(\s?)'(?=\d\ds)", "").lines(2),
                vec![Sq::Group(1), Sq::Q("rsquo")],
            ),
            (
                Re::new(r#"(\s)('|")(?=\w)"#, "").lines(2),
                vec![Sq::Group(1), Sq::Lquote2],
            ),
            (
                Re::new(&format!(r#"({SQ_CLOSE})('|")"#), "").lines(2),
                vec![Sq::Group(1), Sq::Rquote2],
            ),
            (
                Re::new(r#"("|')(?=\s|s\b|$)"#, "").lines(2),
                vec![Sq::Rquote1],
            ),
            (
                Re::new(r"(.?)'", "m").lines(2),
                vec![Sq::Group(1), Sq::Q("lsquo")],
            ),
            (
                Re::new(r#"(.?)""#, "m").lines(2),
                vec![Sq::Group(1), Sq::Q("ldquo")],
            ),
        ]
    });

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::scanner::compile_error;

    /// The back-reference-free tag and attribute patterns agree with
    /// kramdown's originals on every short string of the characters that
    /// matter to them.
    #[test]
    fn html_patterns_equal_kramdown_originals() {
        use crate::markdown::scanner::{Re, Scanner};
        let orig_tag = Re::new(&HTML_TAG_RUBY.replace("UNAME", UNAME), "m");
        let orig_attr = Re::new(&HTML_ATTRIBUTE_RUBY.replace("UNAME", UNAME), "m");
        let alphabet = ['<', 'a', ' ', '=', '"', '\'', '/', '>', ':', '-', '\n', 'é'];
        let mut strings = vec![String::from("<")];
        for _ in 0..5 {
            let mut next = Vec::new();
            for s in &strings {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(c);
                    next.push(t);
                }
            }
            strings = next;
            for s in &strings {
                let mut a = Scanner::new(s.clone());
                let mut b = Scanner::new(s.clone());
                let ra = a.check(&orig_tag);
                let rb = b.check(&HTML_TAG_RE);
                assert_eq!(
                    (ra, a.matched(), a.group(1), a.group(2), a.group(4)),
                    (rb, b.matched(), b.group(1), b.group(2), b.group(4)),
                    "tag on {s:?}"
                );
                let body = &s[1..];
                let va: Vec<(String, String)> = orig_attr
                    .captures_all(body)
                    .iter()
                    .map(|c| {
                        let g = |i: usize| c[i].map(|(x, y)| body[x..y].to_string());
                        (g(1).unwrap_or_default(), g(2).or(g(4)).unwrap_or_default())
                    })
                    .collect();
                let vb: Vec<(String, String)> = HTML_ATTRIBUTE_RE
                    .captures_all(body)
                    .iter()
                    .map(|c| {
                        let g = |i: usize| c[i].map(|(x, y)| body[x..y].to_string());
                        (
                            g(1).unwrap_or_default(),
                            g(2).or(g(4)).or(g(6)).unwrap_or_default(),
                        )
                    })
                    .collect();
                assert_eq!(va, vb, "attributes of {body:?}");
            }
        }
    }

    #[test]
    fn is_html_element_is_the_union_of_the_lists() {
        let lists = [
            HTML_SPAN_ELEMENTS,
            HTML_BLOCK_ELEMENTS,
            HTML_ELEMENTS_WITHOUT_BODY,
            CM_BLOCK,
            CM_SPAN,
            CM_RAW,
        ];
        for l in lists {
            for n in l {
                assert!(is_html_element(n), "{n}");
            }
        }
        for n in ["x", "divx", "DIV", "", "scrip", "tbody2"] {
            assert!(!is_html_element(n), "{n}");
        }
    }

    #[test]
    fn every_static_pattern_compiles() {
        let all: &[(&str, &LazyRe)] = &[
            ("BLANK_LINE", &BLANK_LINE),
            ("EOB_MARKER", &EOB_MARKER),
            ("INDENT", &INDENT),
            ("LAZY_END", &LAZY_END),
            ("PARAGRAPH_START", &PARAGRAPH_START),
            ("PARAGRAPH_MATCH", &PARAGRAPH_MATCH),
            ("PARAGRAPH_END_GFM", &PARAGRAPH_END_GFM),
            ("SETEXT_HEADER_START", &SETEXT_HEADER_START),
            ("ATX_HEADER_START", &ATX_HEADER_START),
            ("HEADER_ID", &HEADER_ID),
            ("BLOCKQUOTE_START", &BLOCKQUOTE_START),
            ("CODEBLOCK_MATCH", &CODEBLOCK_MATCH),
            ("FENCED_START", &FENCED_START),
            ("FENCED_MATCH", &FENCED_MATCH),
            ("HR_START", &HR_START),
            ("LIST_START_UL", &LIST_START_UL),
            ("LIST_START_OL", &LIST_START_OL),
            ("LIST_START", &LIST_START),
            ("DEFINITION_LIST_START", &DEFINITION_LIST_START),
            ("LIST_ITEM_IAL", &LIST_ITEM_IAL),
            ("LIST_ITEM_IAL_CHECK", &LIST_ITEM_IAL_CHECK),
            ("HTML_BLOCK_START", &HTML_BLOCK_START),
            ("BLOCK_MATH_START", &BLOCK_MATH_START),
            ("BLOCK_BOUNDARY", &BLOCK_BOUNDARY),
            ("TABLE_START", &TABLE_START),
            ("TABLE_LINE", &TABLE_LINE),
            ("TABLE_SEP_LINE", &TABLE_SEP_LINE),
            ("TABLE_HSEP_ALIGN", &TABLE_HSEP_ALIGN),
            ("TABLE_FSEP_LINE", &TABLE_FSEP_LINE),
            ("TABLE_ROW_LINE", &TABLE_ROW_LINE),
            ("TABLE_PIPE_CHECK_LINE", &TABLE_PIPE_CHECK_LINE),
            ("FOOTNOTE_DEFINITION_START", &FOOTNOTE_DEFINITION_START),
            ("LINK_DEFINITION_START", &LINK_DEFINITION_START),
            ("ABBREV_DEFINITION_START", &ABBREV_DEFINITION_START),
            ("BLOCK_EXTENSIONS_START", &BLOCK_EXTENSIONS_START),
            ("ALD_START", &ALD_START),
            ("EXT_BLOCK_START", &EXT_BLOCK_START),
            ("IAL_BLOCK_START", &IAL_BLOCK_START),
            ("EXT_SPAN_START", &EXT_SPAN_START),
            ("IAL_SPAN_START", &IAL_SPAN_START),
            ("ALD_TYPE_ANY", &ALD_TYPE_ANY),
            ("ALD_TYPE_ID_OR_CLASS", &ALD_TYPE_ID_OR_CLASS),
            ("TRAILING_WHITESPACE", &TRAILING_WHITESPACE),
            ("HTML_COMMENT_RE", &HTML_COMMENT_RE),
            ("HTML_INSTRUCTION_RE", &HTML_INSTRUCTION_RE),
            ("HTML_ATTRIBUTE_RE", &HTML_ATTRIBUTE_RE),
            ("HTML_TAG_RE", &HTML_TAG_RE),
            ("HTML_TAG_CLOSE_RE", &HTML_TAG_CLOSE_RE),
            ("BLOCK_HTML_TAG", &BLOCK_HTML_TAG),
            ("BLOCK_HTML_TAG_CLOSE", &BLOCK_HTML_TAG_CLOSE),
            ("HTML_ENTITY_RE", &HTML_ENTITY_RE),
            ("HTML_SPAN_START", &HTML_SPAN_START),
            ("EMPHASIS_START", &EMPHASIS_START),
            ("CODESPAN_DELIMITER", &CODESPAN_DELIMITER),
            ("AUTOLINK_START", &AUTOLINK_START),
            ("FOOTNOTE_MARKER_START", &FOOTNOTE_MARKER_START),
            ("LINK_START", &LINK_START),
            ("LINK_PAREN_STOP_RE", &LINK_PAREN_STOP_RE),
            ("LINK_INLINE_ID_RE", &LINK_INLINE_ID_RE),
            ("LINK_INLINE_TITLE_RE", &LINK_INLINE_TITLE_RE),
            ("SMART_QUOTES_RE", &SMART_QUOTES_RE),
            ("INLINE_MATH_START", &INLINE_MATH_START),
            ("SPAN_EXTENSIONS_START", &SPAN_EXTENSIONS_START),
            ("TYPOGRAPHIC_SYMS_RE", &TYPOGRAPHIC_SYMS_RE),
            ("LINE_BREAK", &LINE_BREAK),
            ("ESCAPED_CHARS_GFM", &ESCAPED_CHARS_GFM),
            ("ESCAPED_CHARS", &ESCAPED_CHARS),
            ("STRIKETHROUGH_MATCH", &STRIKETHROUGH_MATCH),
        ];
        for (name, re) in all {
            assert!(re.compiled(), "{name} does not compile");
        }
        for (re, _) in SQ_RULES.iter() {
            assert!(re.compiled());
        }
    }

    #[test]
    fn hot_html_patterns_avoid_backtracking() {
        assert!(HTML_TAG_RE.is_plain());
        assert!(BLOCK_HTML_TAG.is_plain());
        assert!(HTML_ATTRIBUTE_RE.is_plain());
    }

    #[test]
    fn all_patterns_compile() {
        let pats: Vec<(String, &str)> = vec![
            (lazy_end_s(), ""),
            (codeblock_match(), ""),
            (ald_type_any(), ""),
            (ial_block_start_s(), ""),
            (list_start_ul(), ""),
            (definition_list_start(), ""),
            (lazy_end_html_start(), ""),
            (lazy_end_html_stop(), ""),
            (ext_start_str(), ""),
            (format!("{}|{}|{}|{}|{}|{}", g(&lazy_end_s()), g(&format!("{}|{}", g(&list_start_ul()), g(&list_start_ol()))), g(ATX_HEADER_START_S), g(&definition_list_start()), g(BLOCKQUOTE_START_S), g(FENCED_START_S)), ""),
            (format!(r"[\t ]\{{#({NAME_START_CHAR}{NAME_CHAR}*)\}}\z"), ""),
            (HTML_TAG_BODY.replace("UNAME", UNAME), "m"),
            (HTML_ENTITY_S.to_string(), ""),
            (format!(r#"("|')(?={SQ_PUNCT}(?!\.\.)\B)"#), ""),
            (format!(r#"({SQ_CLOSE})('|")"#), ""),
            (r#"\\([\\.*_+`<>()\[\]{}#!:\|"'\$=\-~])"#.to_string(), ""),
            (r"<((mailto|https?|ftps?):.+?|[\p{Alphabetic}\p{Nd}\-_.]+?@[\p{Alphabetic}\p{Nd}\-_.]+?)>".to_string(), ""),
            (format!(r"^{OPT_SPACE}(\*|-|_)[ \t]*\1[ \t]*\1(\1|[ \t])*\n"), ""),
            (r"^[ ]{0,3}(([~`]){3,})\s*?((\S+?)(?:\?\S*)?)?\s*?\n(.*?)^[ ]{0,3}\1\2*\s*?\n".to_string(), "m"),
            (format!(r#"^{OPT_SPACE}\[([^\n\]]+)\]:[ \t]*(?:<(.*?)>|([^\n]*?\S[^\n]*?))(?:(?:[ \t]*?\n|[ \t]+?)[ \t]*?(["'])(.+?)\4)?[ \t]*?\n"#), ""),
            (format!(r"^\s*(?:\{{:(?!(?:{})?:|\/)({}+)\}})\s*", g(&ald_id_name()), g(ALD_ANY_CHARS)), ""),
            (format!(r"^{OPT_SPACE}\[\^({})\]:\s*?(.*?\n{})", g(&ald_id_name()), g(&codeblock_match())), ""),
            (r"---|--|\.\.\.|\\<<|\\>>|<< | >>|<<|>>".to_string(), ""),
            (format!(r"^{OPT_SPACE}(?=\S){}", g(&format!(r"{}.*?\n", g(TABLE_PIPE_CHECK)))), ""),
            (r"^([+|: \t-]*?-[+|: \t-]*?)[ \t]*\n".to_string(), ""),
            (format!(r"^{OPT_SPACE}(?:{}|{})\s*?\n", ext_start_str(), ext_stop_str(&ald_id_name())), ""),
        ];
        let errs: Vec<String> = pats
            .iter()
            .filter_map(|(p, f)| compile_error(p, f))
            .collect();
        assert!(errs.is_empty(), "{}", errs.join("\n"));
    }
}

#[cfg(test)]
#[path = "consts_fast_tests.rs"]
mod html_fast_tests;
