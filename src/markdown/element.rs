//! kramdown's element tree (`Kramdown::Element`): what the parser builds and
//! the HTML converter walks.

/// Attributes in insertion order, as a Ruby hash keeps them. Elements carry
/// a handful at most, so a list searched in order beats a hash map: no
/// hashing, no table, and an empty one is three words that never allocate.
#[derive(Debug, Clone, Default)]
pub struct Attr(Vec<(String, String)>);

impl Attr {
    pub fn new() -> Attr {
        Attr(Vec::new())
    }

    /// Room for `n` attributes (a parsed tag knows how many it has).
    pub fn with_capacity(n: usize) -> Attr {
        Attr(Vec::with_capacity(n))
    }

    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }

    pub fn get(&self, k: &str) -> Option<&String> {
        self.0.iter().find(|(a, _)| a == k).map(|(_, v)| v)
    }

    pub fn contains_key(&self, k: &str) -> bool {
        self.0.iter().any(|(a, _)| a == k)
    }

    /// Set `k`; an existing key keeps its place (Ruby's `Hash#[]=`).
    pub fn insert(&mut self, k: String, v: String) -> Option<String> {
        match self.0.iter_mut().find(|(a, _)| *a == k) {
            Some((_, old)) => Some(std::mem::replace(old, v)),
            None => {
                self.0.push((k, v));
                None
            }
        }
    }

    /// Remove `k`, keeping the order of the others (`Hash#delete`).
    pub fn shift_remove(&mut self, k: &str) -> Option<String> {
        let i = self.0.iter().position(|(a, _)| a == k)?;
        Some(self.0.remove(i).1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut String> {
        self.0.iter_mut().map(|(_, v)| v)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// Equal when they hold the same pairs, in any order (as Ruby hashes).
impl PartialEq for Attr {
    fn eq(&self, other: &Attr) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<'a> IntoIterator for &'a Attr {
    type Item = (&'a String, &'a String);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, String)>,
        fn(&'a (String, String)) -> (&'a String, &'a String),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl IntoIterator for Attr {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl FromIterator<(String, String)> for Attr {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(it: I) -> Attr {
        let mut a = Attr::new();
        for (k, v) in it {
            a.insert(k, v);
        }
        a
    }
}

/// Element types (`el.type` in kramdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum T {
    Root,
    Blank,
    Text,
    RawText,
    P,
    Header,
    Blockquote,
    Codeblock,
    Hr,
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    HtmlElement,
    XmlComment,
    XmlPi,
    Comment,
    Raw,
    Math,
    Eob,
    A,
    Img,
    Em,
    Strong,
    Codespan,
    Footnote,
    Entity,
    SmartQuote,
    TypographicSym,
    Br,
    Abbreviation,
    Temp,
}

impl T {
    /// `Element.category`: block-level types.
    pub fn is_block(self) -> bool {
        matches!(
            self,
            T::Blank
                | T::P
                | T::Header
                | T::Blockquote
                | T::Codeblock
                | T::Hr
                | T::Ul
                | T::Ol
                | T::Li
                | T::Dl
                | T::Dt
                | T::Dd
                | T::Table
                | T::Td
        )
    }
}

/// An inline attribute list: `{: #id .class key="v" ref}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ial {
    pub attrs: Attr,
    pub refs: Vec<String>,
}

/// HTML content model of an HTML element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cm {
    Block,
    Span,
    Raw,
}

/// Table column alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Default,
    Left,
    Right,
    Center,
}

/// What an end-of-block marker stands for (`eob` element value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Eob {
    #[default]
    Plain,
    Ald,
    Ial,
    LinkDef,
    AbbrevDef,
    FootnoteDef,
    Extension,
}

/// `el.options` that are rare (an IAL, a code block's language, a table's
/// alignment...): boxed on the first write, see [`LazyOpts`].
#[derive(Debug, Clone, Default)]
pub struct Opts {
    pub ial: Option<Ial>,
    pub raw_text: String,
    pub lang: Option<String>,
    pub alignment: Vec<Align>,
    /// Footnote name.
    pub name: String,
    /// Entity as written in the source.
    pub original: Option<String>,
    /// `{::nomarkdown type="…"}`.
    pub raw_type: Option<Vec<String>>,
    /// Index into the parser's side table of IALs of definitions.
    pub eob_id: Option<usize>,
    /// Entity code point.
    pub code_point: u32,
}

/// The defaults every element starts with (what an unset `LazyOpts` reads).
static NO_OPTS: Opts = Opts {
    ial: None,
    raw_text: String::new(),
    lang: None,
    alignment: Vec::new(),
    name: String::new(),
    original: None,
    raw_type: None,
    eob_id: None,
    code_point: 0,
};

/// `el.options`: the small ones in place (an HTML element's category and
/// content model, a header's level), the rest ([`Opts`], reached through
/// `Deref`) allocated on the first write. Most elements set none of the
/// rare ones: a 45 MB page of HTML blocks made 224,000 boxes of 224 bytes
/// when every option was boxed.
#[derive(Debug, Clone, Default)]
pub struct LazyOpts {
    pub transparent: bool,
    /// `category: :span` (otherwise block where it matters).
    pub span: bool,
    pub content_model: Option<Cm>,
    pub is_closed: bool,
    pub level: u8,
    pub eob: Eob,
    pub first_as_para: bool,
    rare: Option<Box<Opts>>,
}

impl std::ops::Deref for LazyOpts {
    type Target = Opts;
    fn deref(&self) -> &Opts {
        self.rare.as_deref().unwrap_or(&NO_OPTS)
    }
}

impl std::ops::DerefMut for LazyOpts {
    fn deref_mut(&mut self) -> &mut Opts {
        self.rare.get_or_insert_with(Box::default)
    }
}

/// One node.
#[derive(Debug, Clone)]
pub struct El {
    pub t: T,
    pub value: String,
    pub attr: Attr,
    pub o: LazyOpts,
    pub children: Vec<El>,
}

impl El {
    pub fn new(t: T) -> El {
        El {
            t,
            value: String::new(),
            attr: Attr::new(),
            o: LazyOpts::default(),
            children: Vec::new(),
        }
    }

    pub fn with_value(t: T, value: impl Into<String>) -> El {
        let mut e = El::new(t);
        e.value = value.into();
        e
    }

    /// Span or block, as `Element.category` decides it.
    pub fn is_block(&self) -> bool {
        match self.t {
            T::HtmlElement | T::XmlComment | T::XmlPi | T::Comment | T::Raw | T::Math => {
                !self.o.span
            }
            t => t.is_block(),
        }
    }
}
