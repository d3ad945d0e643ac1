//! The interpreter: renders an AST into one output buffer with Ruby
//! Liquid's scopes, lookups, conditions, loops, interrupts and includes,
//! under depth and iteration limits.

use std::collections::HashMap;
use std::sync::Arc;

use super::ast::*;
use super::expr::{Expr, Lookup, VarLookup, Variable};
use super::filters;
use super::ruby;
use super::value::{Map, Object, Value};
use super::{Context, Host, Template};

/// Nested scopes (for, include, tablerow) allowed, as Ruby Liquid's MAX_DEPTH.
const MAX_SCOPE_DEPTH: usize = 100;
/// Nested blocks and includes rendered at once: keeps the Rust stack bounded.
const MAX_RENDER_DEPTH: usize = 250;
/// Loop iterations per top-level render.
pub const MAX_ITERATIONS: u64 = 20_000_000;

pub type Scope = Vec<(Arc<str>, Value)>;

/// A render-time failure: message (Ruby's wording) and template line.
#[derive(Debug)]
pub struct RenderError {
    pub message: String,
    pub line: u32,
    pub file: Option<String>,
}

pub type RResult<T> = Result<T, RenderError>;

fn rerr(message: impl Into<String>, line: u32) -> RenderError {
    RenderError {
        message: message.into(),
        line,
        file: None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Interrupt {
    Break,
    Continue,
}

pub struct Renderer<'a> {
    pub globals: &'a Map,
    pub host: &'a dyn Host,
    /// `[0]` is the outermost scope (where `assign` writes).
    scopes: Vec<Scope>,
    counters: Scope,
    cycles: HashMap<String, usize>,
    for_offsets: HashMap<String, i64>,
    for_stack: Vec<Value>,
    interrupt: Option<Interrupt>,
    depth: usize,
    iterations: u64,
    ifchanged: Option<String>,
    pub warned: std::collections::HashSet<String>,
}

impl<'a> Renderer<'a> {
    pub fn new(globals: &'a Map, host: &'a dyn Host) -> Self {
        Renderer {
            globals,
            host,
            scopes: vec![Vec::new()],
            counters: Vec::new(),
            cycles: HashMap::new(),
            for_offsets: HashMap::new(),
            for_stack: Vec::new(),
            interrupt: None,
            depth: 0,
            iterations: 0,
            ifchanged: None,
            warned: Default::default(),
        }
    }

    // ---- variables -------------------------------------------------------

    pub fn find_variable(&self, key: &str) -> Value {
        for s in self.scopes.iter().rev() {
            if let Some((_, v)) = s.iter().rev().find(|(k, _)| &**k == key) {
                return v.clone();
            }
        }
        if let Some((_, v)) = self.counters.iter().find(|(k, _)| &**k == key) {
            return v.clone();
        }
        self.globals.get(key).cloned().unwrap_or(Value::Nil)
    }

    fn set_in(scope: &mut Scope, key: &Arc<str>, v: Value) {
        if let Some(slot) = scope.iter_mut().find(|(k, _)| k == key) {
            slot.1 = v;
        } else {
            scope.push((key.clone(), v));
        }
    }

    /// `context[key] = v`: the innermost scope.
    fn set_local(&mut self, key: &Arc<str>, v: Value) {
        if let Some(s) = self.scopes.last_mut() {
            Self::set_in(s, key, v);
        }
    }

    /// `assign`/`capture`: the outermost scope.
    fn set_outer(&mut self, key: &Arc<str>, v: Value) {
        if let Some(s) = self.scopes.first_mut() {
            Self::set_in(s, key, v);
        }
    }

    fn push_scope(&mut self, line: u32) -> RResult<()> {
        if self.scopes.len() > MAX_SCOPE_DEPTH {
            return Err(rerr("Nesting too deep", line));
        }
        self.scopes.push(Vec::new());
        Ok(())
    }

    fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// Flattened local variables, innermost winning (for custom tags).
    fn locals(&self) -> Map {
        let mut m = Map::new();
        for (k, v) in self.counters.iter() {
            m.insert(k.to_string(), v.clone());
        }
        for s in self.scopes.iter() {
            for (k, v) in s {
                m.insert(k.to_string(), v.clone());
            }
        }
        m
    }

    // ---- expressions -----------------------------------------------------

    pub fn eval(&mut self, e: &Expr) -> RResult<Value> {
        Ok(match e {
            Expr::Lit(v) => v.clone(),
            Expr::Var(v) => self.eval_lookup(v)?,
            Expr::Range(a, b) => {
                let a = self.eval(a)?;
                let b = self.eval(b)?;
                Value::Range(range_end(&a)?, range_end(&b)?)
            }
            Expr::Blank | Expr::Empty => Value::str(""),
        })
    }

    fn eval_lookup(&mut self, v: &VarLookup) -> RResult<Value> {
        let mut obj = match &v.name {
            Expr::Lit(Value::Str(s)) => self.find_variable(s),
            other => {
                let k = self.eval(other)?;
                match k {
                    Value::Str(s) => self.find_variable(&s),
                    _ => Value::Nil,
                }
            }
        };
        for l in &v.lookups {
            obj = match l {
                Lookup::Key(k, command) => lookup_key(&obj, k, *command),
                Lookup::Index(e) => {
                    let k = self.eval(e)?;
                    lookup_index(&obj, &k)
                }
            };
            if obj.is_nil() {
                return Ok(Value::Nil);
            }
        }
        Ok(obj)
    }

    pub fn eval_variable(&mut self, v: &Variable, line: u32) -> RResult<Value> {
        let mut val = match &v.expr {
            Some(e) => self.eval(e)?,
            None => Value::Nil,
        };
        for f in &v.filters {
            let mut args = Vec::with_capacity(f.args.len());
            for a in &f.args {
                args.push(self.eval(a)?);
            }
            let mut kwargs = Vec::new();
            for (k, a) in &f.kwargs {
                kwargs.push((k.as_str(), self.eval(a)?));
            }
            val = filters::apply(self, &f.name, val, &args, &kwargs).map_err(|m| rerr(m, line))?;
        }
        Ok(val)
    }

    fn eval_cond(&mut self, c: &Cond, line: u32) -> RResult<bool> {
        let mut c = c;
        loop {
            let r = self.interpret(c, line)?;
            match &c.child {
                Some((true, next)) => {
                    if !r {
                        return Ok(false);
                    }
                    c = next;
                }
                Some((false, next)) => {
                    if r {
                        return Ok(true);
                    }
                    c = next;
                }
                None => return Ok(r),
            }
        }
    }

    fn interpret(&mut self, c: &Cond, line: u32) -> RResult<bool> {
        let Some((op, op_s)) = &c.op else {
            return Ok(match &c.left {
                Expr::Blank | Expr::Empty => true,
                e => self.eval(e)?.is_truthy(),
            });
        };
        let lit = |e: &Expr| matches!(e, Expr::Blank | Expr::Empty);
        if matches!(op, Op::Eq | Op::Ne) && (lit(&c.left) || lit(&c.right)) {
            let (m, other) = if lit(&c.left) {
                (&c.left, &c.right)
            } else {
                (&c.right, &c.left)
            };
            let v = if lit(other) {
                Value::Nil
            } else {
                self.eval(other)?
            };
            // Ruby Liquid 5.4: `blank?` exists on nothing (no ActiveSupport); `empty?` on strings, arrays, hashes.
            let r = match m {
                Expr::Empty => ruby::is_empty(&v).unwrap_or(false),
                _ => false,
            };
            let responds = matches!(m, Expr::Empty) && ruby::is_empty(&v).is_some();
            return Ok(if *op == Op::Eq { r } else { !(r && responds) });
        }
        let l = self.eval(&c.left)?;
        let r = self.eval(&c.right)?;
        Ok(match op {
            Op::Eq => ruby::equal(&l, &r),
            Op::Ne => !ruby::equal(&l, &r),
            Op::Contains => contains(&l, &r),
            Op::Lt | Op::Gt | Op::Le | Op::Ge => {
                let comparable = |v: &Value| {
                    matches!(
                        v,
                        Value::Int(_)
                            | Value::Float(_)
                            | Value::Str(_)
                            | Value::Time(_)
                            | Value::Date(_)
                    )
                };
                if !comparable(&l) || !comparable(&r) {
                    return Ok(false);
                }
                let Some(o) = ruby::compare(&l, &r) else {
                    return Err(rerr(format!("{}", ruby::comparison_error(&l, &r)), line));
                };
                match op {
                    Op::Lt => o.is_lt(),
                    Op::Gt => o.is_gt(),
                    Op::Le => o.is_le(),
                    _ => o.is_ge(),
                }
            }
            Op::Unknown => return Err(rerr(format!("Unknown operator {op_s}"), line)),
        })
    }

    // ---- rendering -------------------------------------------------------

    pub fn render_block(&mut self, nodes: &[Node], out: &mut String) -> RResult<()> {
        self.depth += 1;
        if self.depth > MAX_RENDER_DEPTH {
            self.depth -= 1;
            return Err(rerr("Nesting too deep", 0));
        }
        let r = self.render_nodes(nodes, out);
        self.depth -= 1;
        r
    }

    fn render_nodes(&mut self, nodes: &[Node], out: &mut String) -> RResult<()> {
        for n in nodes {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Output(v, line) | Node::Echo(v, line) => {
                    let val = self.eval_variable(v, *line)?;
                    ruby::write_to_s(&val, out);
                }
                _ => {
                    self.render_node(n, out)?;
                    if self.interrupt.is_some() {
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    fn render_node(&mut self, n: &Node, out: &mut String) -> RResult<()> {
        match n {
            Node::Text(_) | Node::Output(..) | Node::Echo(..) => {
                self.render_nodes(std::slice::from_ref(n), out)?
            }
            Node::Assign(to, v, line) => {
                let val = self.eval_variable(v, *line)?;
                self.set_outer(to, val);
            }
            Node::Capture(to, body) => {
                let mut s = String::new();
                self.render_block(body, &mut s)?;
                self.set_outer(to, Value::from(s));
            }
            Node::If(t) => {
                for (i, (c, body)) in t.branches.iter().enumerate() {
                    let mut r = self.eval_cond(c, t.line)?;
                    if t.unless && i == 0 {
                        r = !r;
                    }
                    if r {
                        return self.render_block(body, out);
                    }
                }
                if let Some(b) = &t.else_block {
                    self.render_block(b, out)?;
                }
            }
            Node::Case(t) => {
                let left = self.eval(&t.left)?;
                let mut run_else = true;
                for (cond, idx) in &t.arms {
                    let Some(body) = t.bodies.get(*idx) else {
                        continue;
                    };
                    match cond {
                        None => {
                            if run_else {
                                self.render_block(body, out)?;
                            }
                        }
                        Some(e) => {
                            let hit = match e {
                                Expr::Empty => ruby::is_empty(&left).unwrap_or(false),
                                Expr::Blank => false,
                                e => {
                                    let r = self.eval(e)?;
                                    ruby::equal(&left, &r)
                                }
                            };
                            if hit {
                                run_else = false;
                                self.render_block(body, out)?;
                            }
                        }
                    }
                }
            }
            Node::For(t) => self.render_for(t, out)?,
            Node::TableRow(t) => self.render_tablerow(t, out)?,
            Node::Cycle(t, line) => {
                let key = match &t.name {
                    Some(e) => {
                        let v = self.eval(e)?;
                        ruby::inspect(&v)
                    }
                    None => t.key.clone(),
                };
                let it = self.cycles.get(&key).copied().unwrap_or(0);
                if let Some(e) = t.values.get(it) {
                    let v = self.eval(e)?;
                    ruby::write_to_s(&v, out);
                }
                let mut next = it + 1;
                if next >= t.values.len() {
                    next = 0;
                }
                let _ = line;
                self.cycles.insert(key, next);
            }
            node @ (Node::Increment(name) | Node::Decrement(name)) => {
                let cur = self
                    .counters
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .or_else(|| self.globals.get(&**name).cloned())
                    .unwrap_or(Value::Int(0));
                let cur = match cur {
                    Value::Nil => Value::Int(0),
                    v => v,
                };
                let n = match &cur {
                    Value::Int(i) => *i,
                    Value::Float(f) => *f as i64,
                    _ => 0,
                };
                let (shown, stored) = if let Node::Increment(_) = node {
                    (cur.clone(), Value::Int(n + 1))
                } else {
                    (Value::Int(n - 1), Value::Int(n - 1))
                };
                ruby::write_to_s(&shown, out);
                Self::set_in(&mut self.counters, name, stored);
            }
            Node::Break => self.interrupt = Some(Interrupt::Break),
            Node::Continue => self.interrupt = Some(Interrupt::Continue),
            Node::IfChanged(body) => {
                let mut s = String::new();
                self.render_block(body, &mut s)?;
                if self.ifchanged.as_deref() != Some(s.as_str()) {
                    out.push_str(&s);
                    self.ifchanged = Some(s);
                }
            }
            Node::Include(t, line) => self.render_include(t, *line, out)?,
            Node::Render(t, line) => self.render_render(t, *line, out)?,
            Node::Highlight(t, _line) => {
                let mut code = String::new();
                self.render_block(&t.body, &mut code)?;
                let prefix = ruby::to_s(&self.find_variable("highlighter_prefix"));
                let suffix = ruby::to_s(&self.find_variable("highlighter_suffix"));
                out.push_str(&prefix);
                super::highlight_tag::render(&t.lang, t.linenos, &code, out);
                out.push_str(&suffix);
            }
            Node::Custom(t) => {
                let mut combined = self.globals.clone();
                for (k, v) in self.locals() {
                    combined.insert(k, v);
                }
                let mut ctx = Context { globals: &combined };
                match self.host.custom_tag(&t.name, &t.markup, &mut ctx) {
                    Some(Ok(s)) => out.push_str(&s),
                    Some(Err(m)) => return Err(rerr(m, t.line)),
                    None => {
                        return Err(rerr(
                            format!("Liquid syntax error: Unknown tag '{}'", t.name),
                            t.line,
                        ))
                    }
                }
            }
        }
        Ok(())
    }

    fn tick(&mut self, line: u32) -> RResult<()> {
        self.iterations += 1;
        if self.iterations > MAX_ITERATIONS {
            return Err(rerr(
                format!("too many loop iterations (over {MAX_ITERATIONS})"),
                line,
            ));
        }
        Ok(())
    }

    fn collection_items(
        &mut self,
        coll: &Value,
        from: i64,
        to: Option<i64>,
        line: u32,
    ) -> RResult<Vec<Value>> {
        let in_seg = |i: i64| i >= from && to.is_none_or(|t| i < t);
        Ok(match coll {
            Value::Range(a, b) => {
                let len = if b >= a { b - a + 1 } else { 0 };
                let start = from.max(0);
                let end = to.map_or(len, |t| t.min(len)).max(start);
                if (end - start) as u64 > MAX_ITERATIONS {
                    return Err(rerr(
                        format!("too many loop iterations (over {MAX_ITERATIONS})"),
                        line,
                    ));
                }
                (start..end).map(|i| Value::Int(a + i)).collect()
            }
            Value::Array(items) => {
                let start = from.max(0) as usize;
                let end = to.map_or(items.len(), |t| (t.max(0) as usize).min(items.len()));
                if start >= end {
                    Vec::new()
                } else {
                    items[start..end].to_vec()
                }
            }
            Value::Hash(h) => h
                .iter()
                .enumerate()
                .filter(|(i, _)| in_seg(*i as i64))
                .map(|(_, (k, v))| Value::array(vec![Value::str(k), v.clone()]))
                .collect(),
            Value::Object(o) => o
                .keys()
                .into_iter()
                .enumerate()
                .filter(|(i, _)| in_seg(*i as i64))
                .map(|(_, k)| {
                    let v = o.get(&k).unwrap_or_default();
                    Value::array(vec![Value::from(k), v])
                })
                .collect(),
            Value::Str(s) => {
                if s.is_empty() || !in_seg(0) {
                    Vec::new()
                } else {
                    vec![coll.clone()]
                }
            }
            _ => Vec::new(),
        })
    }

    fn render_for(&mut self, t: &ForTag, out: &mut String) -> RResult<()> {
        let from = match &t.offset {
            Offset::Continue => self.for_offsets.get(&t.name).copied().unwrap_or(0),
            Offset::Expr(e) => {
                let v = self.eval(e)?;
                if v.is_nil() {
                    0
                } else {
                    ruby::to_integer(&v).ok_or_else(|| rerr("invalid integer", t.line))?
                }
            }
            Offset::None => 0,
        };
        let coll = self.eval(&t.collection)?;
        let to = match &t.limit {
            Some(e) => {
                let v = self.eval(e)?;
                if v.is_nil() {
                    None
                } else {
                    Some(
                        ruby::to_integer(&v).ok_or_else(|| rerr("invalid integer", t.line))? + from,
                    )
                }
            }
            None => None,
        };
        let mut seg = self.collection_items(&coll, from, to, t.line)?;
        if t.reversed {
            seg.reverse();
        }
        self.for_offsets
            .insert(t.name.clone(), from + seg.len() as i64);
        if seg.is_empty() {
            if let Some(b) = &t.else_block {
                self.render_block(b, out)?;
            }
            return Ok(());
        }
        self.push_scope(t.line)?;
        let parent = self.for_stack.last().cloned().unwrap_or(Value::Nil);
        let len = seg.len();
        let forloop_key: Arc<str> = Arc::from("forloop");
        let mut result = Ok(());
        for (i, item) in seg.into_iter().enumerate() {
            if let Err(e) = self.tick(t.line) {
                result = Err(e);
                break;
            }
            let fl = Value::Object(Arc::new(ForloopDrop {
                name: t.name.clone(),
                length: len,
                index0: i,
                parent: parent.clone(),
            }));
            self.for_stack.push(fl.clone());
            self.set_local(&forloop_key, fl);
            self.set_local(&t.var, item);
            let r = self.render_block(&t.body, out);
            self.for_stack.pop();
            if let Err(e) = r {
                result = Err(e);
                break;
            }
            match self.interrupt.take() {
                Some(Interrupt::Break) => break,
                Some(Interrupt::Continue) | None => {}
            }
        }
        self.pop_scope();
        result
    }

    fn render_tablerow(&mut self, t: &TableRowTag, out: &mut String) -> RResult<()> {
        let coll = self.eval(&t.collection)?;
        if coll.is_nil() {
            return Ok(());
        }
        let attr = |name: &str| {
            t.attrs
                .iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, e)| e)
        };
        let to_i = |v: &Value| match v {
            Value::Int(i) => *i,
            Value::Float(f) => *f as i64,
            Value::Str(s) => super::expr::ruby_to_i(s),
            _ => 0,
        };
        let from = match attr("offset") {
            Some(e) => {
                let v = self.eval(e)?;
                to_i(&v)
            }
            None => 0,
        };
        let to = match attr("limit") {
            Some(e) => {
                let v = self.eval(e)?;
                Some(from + to_i(&v))
            }
            None => None,
        };
        let cols = match attr("cols") {
            Some(e) => {
                let v = self.eval(e)?;
                to_i(&v)
            }
            None => 0,
        };
        let seg = self.collection_items(&coll, from, to, t.line)?;
        let len = seg.len();
        out.push_str("<tr class=\"row1\">\n");
        self.push_scope(t.line)?;
        let (mut col, mut row) = (1i64, 1i64);
        let key: Arc<str> = Arc::from("tablerowloop");
        let mut result = Ok(());
        for (i, item) in seg.into_iter().enumerate() {
            if let Err(e) = self.tick(t.line) {
                result = Err(e);
                break;
            }
            let drop = TablerowDrop {
                length: len,
                index0: i,
                col,
                row,
                cols,
            };
            self.set_local(&key, Value::Object(Arc::new(drop)));
            self.set_local(&t.var, item);
            out.push_str(&format!("<td class=\"col{col}\">"));
            if let Err(e) = self.render_block(&t.body, out) {
                result = Err(e);
                break;
            }
            out.push_str("</td>");
            if col == cols && i + 1 != len {
                out.push_str(&format!("</tr>\n<tr class=\"row{}\">", row + 1));
            }
            if col == cols {
                col = 1;
                row += 1;
            } else {
                col += 1;
            }
            // an interrupt stops the row loop's body but not the loop (Ruby 5.4 tablerow ignores it)
            if self.interrupt.take() == Some(Interrupt::Break) {
                break;
            }
        }
        self.pop_scope();
        result?;
        out.push_str("</tr>\n");
        Ok(())
    }

    fn render_partial(&mut self, tpl: &Template, line: u32, out: &mut String) -> RResult<()> {
        tpl.render_with(self, out).map_err(|mut e| {
            if e.file.is_none() {
                e.file = Some(tpl.file.clone());
            }
            if e.line == 0 {
                e.line = line;
            }
            e
        })
    }

    fn render_include(&mut self, t: &IncludeTag, line: u32, out: &mut String) -> RResult<()> {
        match t {
            IncludeTag::Jekyll {
                relative,
                file,
                dynamic,
                params,
                has_params,
            } => {
                let name = match dynamic {
                    Some(tpl) => {
                        let mut s = String::new();
                        tpl.render_with(self, &mut s)?;
                        s.trim().to_string()
                    }
                    None => file.clone(),
                };
                if name.contains("..")
                    || name.contains("//")
                    || name.contains("./")
                    || name.contains("/.")
                    || !valid_include_name(&name)
                {
                    return Err(rerr(
                        format!("Invalid syntax for include tag. File contains invalid characters or sequences:\n\n  {name}\n\nValid syntax:\n\n  {{% include file.ext param='value' param2='value' %}}\n\n"),
                        line,
                    ));
                }
                let tpl = if *relative {
                    let page = self.find_variable("page");
                    let path = ruby::to_s(&page.get("path"));
                    self.host.include_relative(&path, &name)
                } else {
                    self.host.include(&name)
                }
                .map_err(|m| rerr(m, line))?;
                self.push_scope(line)?;
                if *has_params {
                    let mut m = Map::new();
                    for (k, p) in params {
                        let v = match p {
                            IncludeParam::Str(s) => Value::str(s),
                            IncludeParam::Var(e) => match self.eval(e) {
                                Ok(v) => v,
                                Err(e) => {
                                    self.pop_scope();
                                    return Err(e);
                                }
                            },
                        };
                        m.insert(k.clone(), v);
                    }
                    self.set_local(&Arc::from("include"), Value::hash(m));
                }
                let r = self.render_partial(&tpl, line, out);
                self.pop_scope();
                r
            }
            IncludeTag::Liquid {
                name,
                variable,
                is_for: _,
                alias,
                attrs,
            } => {
                let n = self.eval(name)?;
                let Value::Str(n) = n else {
                    return Err(rerr(
                        "Argument error in tag 'include' - Illegal template name",
                        line,
                    ));
                };
                let tpl = self.host.include(&n).map_err(|m| rerr(m, line))?;
                let var_name: Arc<str> = Arc::from(
                    alias
                        .clone()
                        .unwrap_or_else(|| n.rsplit('/').next().unwrap_or("").to_string()),
                );
                let val = match variable {
                    Some(e) => self.eval(e)?,
                    None => self.find_variable(&n),
                };
                self.push_scope(line)?;
                let mut r = Ok(());
                for (k, e) in attrs {
                    match self.eval(e) {
                        Ok(v) => self.set_local(&Arc::from(k.as_str()), v),
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                if r.is_ok() {
                    if let Value::Array(items) = &val {
                        for it in items.iter() {
                            self.set_local(&var_name, it.clone());
                            r = self.render_partial(&tpl, line, out);
                            if r.is_err() {
                                break;
                            }
                        }
                    } else {
                        self.set_local(&var_name, val);
                        r = self.render_partial(&tpl, line, out);
                    }
                }
                self.pop_scope();
                r
            }
        }
    }

    fn render_render(&mut self, t: &RenderTag, line: u32, out: &mut String) -> RResult<()> {
        let tpl = self.host.include(&t.name).map_err(|m| rerr(m, line))?;
        let var_name: Arc<str> = Arc::from(
            t.alias
                .clone()
                .unwrap_or_else(|| t.name.rsplit('/').next().unwrap_or("").to_string()),
        );
        let val = match &t.variable {
            Some(e) => self.eval(e)?,
            None => Value::Nil,
        };
        let mut attrs = Vec::new();
        for (k, e) in &t.attrs {
            attrs.push((Arc::<str>::from(k.as_str()), self.eval(e)?));
        }
        if self.depth > MAX_RENDER_DEPTH / 2 || self.scopes.len() > MAX_SCOPE_DEPTH {
            return Err(rerr("Nesting too deep", line));
        }
        let items: Vec<(Value, Option<Value>)> = match (&val, t.is_for) {
            (Value::Array(a), true) => {
                let len = a.len();
                a.iter()
                    .enumerate()
                    .map(|(i, v)| {
                        (
                            v.clone(),
                            Some(Value::Object(Arc::new(ForloopDrop {
                                name: t.name.clone(),
                                length: len,
                                index0: i,
                                parent: Value::Nil,
                            }))),
                        )
                    })
                    .collect()
            }
            (Value::Range(..), true) => {
                let items = self.collection_items(&val, 0, None, line)?;
                let len = items.len();
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| {
                        (
                            v,
                            Some(Value::Object(Arc::new(ForloopDrop {
                                name: t.name.clone(),
                                length: len,
                                index0: i,
                                parent: Value::Nil,
                            }))),
                        )
                    })
                    .collect()
            }
            _ => vec![(val, None)],
        };
        for (v, forloop) in items {
            let mut sub = Renderer::new(self.globals, self.host);
            sub.depth = self.depth + 1;
            sub.iterations = self.iterations;
            sub.scopes = vec![Vec::new()];
            if let Some(f) = forloop {
                sub.set_local(&Arc::from("forloop"), f);
            }
            for (k, a) in &attrs {
                sub.set_local(k, a.clone());
            }
            if !v.is_nil() {
                sub.set_local(&var_name, v);
            }
            sub.render_partial(&tpl, line, out)?;
            self.iterations = sub.iterations;
        }
        Ok(())
    }

    /// Run `f` with `key` bound in a new innermost scope (where_exp, group_by_exp).
    pub fn with_local<T>(
        &mut self,
        key: &Arc<str>,
        v: Value,
        f: impl FnOnce(&mut Self) -> RResult<T>,
    ) -> RResult<T> {
        self.push_scope(0)?;
        self.set_local(key, v);
        let r = f(self);
        self.pop_scope();
        r
    }

    pub fn eval_cond_pub(&mut self, c: &Cond) -> RResult<bool> {
        self.eval_cond(c, 0)
    }

    pub fn clear_interrupt(&mut self) {
        self.interrupt = None;
    }
}

fn valid_include_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars()
            .all(|c| c.is_alphanumeric() || "_/.-()+~#@".contains(c))
}

fn range_end(v: &Value) -> RResult<i64> {
    Ok(match v {
        Value::Int(i) => *i,
        Value::Nil => 0,
        Value::Str(s) => super::expr::ruby_to_i(s),
        other => ruby::to_integer(other).ok_or_else(|| rerr("invalid integer", 0))?,
    })
}

/// `.key` on a value, with `size`/`first`/`last` as commands.
pub fn lookup_key(obj: &Value, k: &str, command: bool) -> Value {
    match obj {
        Value::Hash(h) => match h.get(k) {
            Some(v) => v.clone(),
            None if command => match k {
                "size" => Value::Int(h.len() as i64),
                "first" => h
                    .first()
                    .map(|(k, v)| Value::array(vec![Value::str(k), v.clone()]))
                    .unwrap_or(Value::Nil),
                _ => Value::Nil,
            },
            None => Value::Nil,
        },
        Value::Object(o) => match o.get(k) {
            Some(v) => v,
            None if command && k == "size" => ruby::size(obj).map(Value::Int).unwrap_or(Value::Nil),
            None => Value::Nil,
        },
        _ if command => match (k, obj) {
            ("size", _) => ruby::size(obj).map(Value::Int).unwrap_or(Value::Nil),
            ("first", Value::Array(a)) => a.first().cloned().unwrap_or(Value::Nil),
            ("last", Value::Array(a)) => a.last().cloned().unwrap_or(Value::Nil),
            ("first", Value::Range(a, b)) => {
                if b >= a {
                    Value::Int(*a)
                } else {
                    Value::Nil
                }
            }
            ("last", Value::Range(_, b)) => Value::Int(*b),
            _ => Value::Nil,
        },
        _ => Value::Nil,
    }
}

/// `[key]` on a value.
pub fn lookup_index(obj: &Value, k: &Value) -> Value {
    match (obj, k) {
        (Value::Hash(h), Value::Str(s)) => h.get(&**s).cloned().unwrap_or(Value::Nil),
        (Value::Object(o), Value::Str(s)) => o.get(s).unwrap_or(Value::Nil),
        (Value::Array(a), Value::Int(i)) => {
            let i = if *i < 0 { a.len() as i64 + i } else { *i };
            if i < 0 {
                Value::Nil
            } else {
                a.get(i as usize).cloned().unwrap_or(Value::Nil)
            }
        }
        _ => Value::Nil,
    }
}

pub fn contains(l: &Value, r: &Value) -> bool {
    if l.is_nil() || r.is_nil() {
        return false;
    }
    match l {
        Value::Str(s) => {
            let needle = ruby::to_s(r);
            s.contains(needle.as_str())
        }
        Value::Array(a) => a.iter().any(|x| ruby::equal(x, r)),
        Value::Hash(h) => matches!(r, Value::Str(k) if h.contains_key(&**k)),
        Value::Range(a, b) => match r {
            Value::Int(i) => i >= a && i <= b,
            Value::Float(f) => *f >= *a as f64 && *f <= *b as f64,
            _ => false,
        },
        _ => false,
    }
}

/// `forloop`.
pub struct ForloopDrop {
    name: String,
    length: usize,
    index0: usize,
    parent: Value,
}

impl Object for ForloopDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let (l, i) = (self.length as i64, self.index0 as i64);
        Some(match key {
            "name" => Value::str(&self.name),
            "length" => Value::Int(l),
            "index" => Value::Int(i + 1),
            "index0" => Value::Int(i),
            "rindex" => Value::Int(l - i),
            "rindex0" => Value::Int(l - i - 1),
            "first" => Value::Bool(i == 0),
            "last" => Value::Bool(i == l - 1),
            "parentloop" => self.parent.clone(),
            _ => return None,
        })
    }
    fn keys(&self) -> Vec<String> {
        [
            "name",
            "length",
            "index",
            "index0",
            "rindex",
            "rindex0",
            "first",
            "last",
            "parentloop",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
    fn to_liquid_string(&self) -> Option<String> {
        Some("ForloopDrop".into())
    }
    fn type_name(&self) -> &'static str {
        "forloop"
    }
}

/// `tablerowloop`.
struct TablerowDrop {
    length: usize,
    index0: usize,
    col: i64,
    row: i64,
    cols: i64,
}

impl Object for TablerowDrop {
    fn get(&self, key: &str) -> Option<Value> {
        let (l, i) = (self.length as i64, self.index0 as i64);
        Some(match key {
            "length" => Value::Int(l),
            "index" => Value::Int(i + 1),
            "index0" => Value::Int(i),
            "rindex" => Value::Int(l - i),
            "rindex0" => Value::Int(l - i - 1),
            "first" => Value::Bool(i == 0),
            "last" => Value::Bool(i == l - 1),
            "col" => Value::Int(self.col),
            "col0" => Value::Int(self.col - 1),
            "row" => Value::Int(self.row),
            "col_first" => Value::Bool(self.col == 1),
            "col_last" => Value::Bool(self.col == self.cols),
            _ => return None,
        })
    }
    fn keys(&self) -> Vec<String> {
        [
            "length",
            "index",
            "index0",
            "rindex",
            "rindex0",
            "first",
            "last",
            "col",
            "col0",
            "row",
            "col_first",
            "col_last",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }
    fn to_liquid_string(&self) -> Option<String> {
        Some("TablerowloopDrop".into())
    }
}
