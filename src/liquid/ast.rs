//! The parsed form of a template: nodes, conditions and tag payloads.

use std::sync::Arc;

use super::expr::{Expr, Variable};

pub type Block = Vec<Node>;

#[derive(Debug)]
pub enum Node {
    Text(Box<str>),
    Output(Box<Variable>, u32),
    Assign(Arc<str>, Box<Variable>, u32),
    Capture(Arc<str>, Block),
    If(Box<IfTag>),
    Case(Box<CaseTag>),
    For(Box<ForTag>),
    TableRow(Box<TableRowTag>),
    Cycle(Box<CycleTag>, u32),
    Increment(Arc<str>),
    Decrement(Arc<str>),
    Echo(Box<Variable>, u32),
    Break,
    Continue,
    IfChanged(Block),
    Include(Box<IncludeTag>, u32),
    Render(Box<RenderTag>, u32),
    Highlight(Box<HighlightTag>, u32),
    Custom(Box<CustomTag>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Contains,
    /// An operator Ruby Liquid doesn't know: an error when evaluated.
    Unknown,
}

#[derive(Debug)]
pub struct Cond {
    pub left: Expr,
    pub op: Option<(Op, Box<str>)>,
    pub right: Expr,
    /// `and` (true) / `or` (false) with the rest of the chain (right-associative).
    pub child: Option<(bool, Box<Cond>)>,
}

/// A chain of a hundred thousand `and`s (Ruby evaluates those) is dropped
/// link by link, not by a recursion as deep as the chain.
impl Drop for Cond {
    fn drop(&mut self) {
        let mut next = self.child.take();
        while let Some((_, mut c)) = next {
            next = c.child.take();
        }
    }
}

#[derive(Debug)]
pub struct IfTag {
    pub unless: bool,
    pub branches: Vec<(Cond, Block)>,
    pub else_block: Option<Block>,
    pub line: u32,
}

#[derive(Debug)]
#[allow(dead_code)] // kept for error locations
pub struct CaseTag {
    pub left: Expr,
    /// `(None, body)` is an else; bodies are indexes into `bodies`.
    pub arms: Vec<(Option<Expr>, usize)>,
    pub bodies: Vec<Block>,
    pub line: u32,
}

#[derive(Debug)]
pub enum Offset {
    None,
    Continue,
    Expr(Expr),
}

#[derive(Debug)]
pub struct ForTag {
    pub var: Arc<str>,
    pub collection: Expr,
    pub name: String,
    pub reversed: bool,
    pub limit: Option<Expr>,
    pub offset: Offset,
    pub body: Block,
    pub else_block: Option<Block>,
    pub line: u32,
}

#[derive(Debug)]
pub struct TableRowTag {
    pub var: Arc<str>,
    pub collection: Expr,
    pub attrs: Vec<(String, Expr)>,
    pub body: Block,
    pub line: u32,
}

#[derive(Debug)]
pub struct CycleTag {
    pub name: Option<Expr>,
    pub key: String,
    pub values: Vec<Expr>,
}

/// Jekyll's include (bare file names, `key=value` params) or Liquid's
/// (quoted name, `with`/`for`, `key: value`).
#[derive(Debug)]
#[allow(dead_code)] // `is_for`: Liquid 5.4 iterates arrays for `with` too
pub enum IncludeTag {
    Jekyll {
        relative: bool,
        /// The file name, or a template rendering to it (`{{ var }}.html`).
        file: String,
        dynamic: Option<Arc<super::Template>>,
        params: Vec<(String, IncludeParam)>,
        has_params: bool,
    },
    Liquid {
        name: Expr,
        variable: Option<Expr>,
        is_for: bool,
        alias: Option<String>,
        attrs: Vec<(String, Expr)>,
    },
}

#[derive(Debug)]
pub enum IncludeParam {
    Str(String),
    Var(Expr),
}

#[derive(Debug)]
pub struct RenderTag {
    pub name: String,
    pub variable: Option<Expr>,
    pub is_for: bool,
    pub alias: Option<String>,
    pub attrs: Vec<(String, Expr)>,
}

#[derive(Debug)]
pub struct HighlightTag {
    pub lang: String,
    pub linenos: bool,
    pub body: Block,
}

#[derive(Debug)]
pub struct CustomTag {
    pub name: String,
    pub markup: String,
    pub line: u32,
}
