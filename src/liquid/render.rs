//! The interpreter: renders an AST into one output buffer with Ruby
//! Liquid's scopes, lookups, conditions, loops, interrupts and includes,
//! under depth and iteration limits.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use super::ast::*;
use super::expr::{Expr, Lookup, VarLookup, Variable};
use super::filters;
use super::include_memo;
use super::lookup::{
    key_eq, lookup_index, lookup_key, lookup_key_ref, map_get, ForloopDrop, TablerowDrop, NIL,
};
use super::ruby;
use super::value::{Map, Value};
use super::{Context, Host};

/// Nested scopes (for, include, tablerow) allowed, as Ruby Liquid's MAX_DEPTH.
pub(super) const MAX_SCOPE_DEPTH: usize = 100;
/// Nested blocks and includes rendered at once: keeps the Rust stack bounded.
pub(super) const MAX_RENDER_DEPTH: usize = 250;
/// The most code one `{% highlight %}` tag highlights (16 MB).
const MAX_HIGHLIGHTED: usize = ruby::MAX_STRING / 8;
/// An error once a render's output passes [`ruby::MAX_STRING`].
fn within_limit(out: &str, line: u32) -> RResult<()> {
    if out.len() > ruby::MAX_STRING {
        return Err(rerr(ruby::too_long("the output"), line));
    }
    Ok(())
}

/// Loop iterations per top-level render.
pub const MAX_ITERATIONS: u64 = 20_000_000;

pub type Scope = Vec<(Arc<str>, Value)>;

/// An include render watched for reads that differ between pages.
pub(super) struct Frame {
    /// How many scopes there were with the include's own: its scope is
    /// `base - 1`, those it opens come after.
    pub(super) base: usize,
    /// How many loops were running when it started.
    pub(super) for_base: usize,
    /// What it assigned to the outermost scope, in order.
    pub(super) assigned: Vec<Arc<str>>,
    /// The values from outside it that it read: the same values make the
    /// same text (see `include_memo`).
    pub(super) deps: std::cell::RefCell<Vec<include_memo::Dep>>,
    /// A read of its own differed between pages in a way no value says (a
    /// document's field reached through its own variable).
    pub(super) tainted: std::cell::Cell<bool>,
    /// The includes rendered inside it, with the bytes each made (a
    /// profiled build only): served from the memo, it counts them again.
    pub(super) included: Vec<(String, usize)>,
}

/// A render-time failure: message (Ruby's wording) and template line.
#[derive(Debug)]
pub struct RenderError {
    pub message: String,
    pub line: u32,
    pub file: Option<String>,
}

/// Boxed so that `Result<Value, _>` stays small on the hot path.
pub type RResult<T> = Result<T, Box<RenderError>>;

pub(super) fn rerr(message: impl Into<String>, line: u32) -> Box<RenderError> {
    Box::new(RenderError {
        message: message.into(),
        line,
        file: None,
    })
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
    pub(super) scopes: Vec<Scope>,
    counters: Scope,
    cycles: HashMap<String, usize>,
    for_offsets: HashMap<String, i64>,
    for_stack: Vec<Value>,
    interrupt: Option<Interrupt>,
    pub(super) depth: usize,
    pub(super) iterations: u64,
    ifchanged: Option<String>,
    /// The include renders watched for reads that differ between pages,
    /// innermost last (see `include_memo`).
    pub(super) frames: Vec<Frame>,
    pub warned: std::collections::HashSet<String>,
    /// Text the filters made so far in this render (includes too), and how
    /// much they may make.
    pub(super) produced: usize,
    budget: usize,
    /// Where the includes' renders are counted (a profiled build only).
    pub(super) stats: Option<&'a crate::profiler::RenderStats>,
}

impl<'a> Renderer<'a> {
    pub fn new(globals: &'a Map, host: &'a dyn Host) -> Self {
        // a render inside a watched include (a `render` tag, a filter's
        // template) reads what the watch does not see
        if include_memo::watching() {
            include_memo::taint();
        }
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
            frames: Vec::new(),
            warned: Default::default(),
            produced: 0,
            budget: host.filter_text_budget(),
            stats: host.render_stats(),
        }
    }

    // ---- variables -------------------------------------------------------

    pub fn find_variable(&self, key: &str) -> Value {
        self.find_variable_ref(key).clone()
    }

    pub(super) fn for_stack_len(&self) -> usize {
        self.for_stack.len()
    }

    pub(super) fn interrupt_pending(&self) -> bool {
        self.interrupt.is_some()
    }

    /// A watched include read `key`, found in scope `found` (`None`: not
    /// in any scope): taint the watch unless every page reads the same.
    #[cold]
    fn note_read(&self, found: Option<usize>, key: &str) {
        let Some(f) = self.frames.last() else { return };
        let same = match found {
            // the include's own scope and those opened inside it
            Some(i) if i + 1 >= f.base => true,
            // the outermost scope, where the include assigned it
            Some(0) => f.assigned.iter().any(|k| &**k == key),
            Some(_) => false,
            // the site drop taints what differs between pages
            None => key == "site" && self.counters.iter().all(|(k, _)| &**k != key),
        };
        if !same {
            include_memo::taint();
        }
    }

    pub(super) fn set_in(scope: &mut Scope, key: &Arc<str>, v: Value) {
        if let Some(slot) = scope.iter_mut().find(|(k, _)| k == key) {
            slot.1 = v;
        } else {
            scope.push((key.clone(), v));
        }
    }

    /// `context[key] = v`: the innermost scope.
    pub(super) fn set_local(&mut self, key: &Arc<str>, v: Value) {
        if let Some(s) = self.scopes.last_mut() {
            Self::set_in(s, key, v);
        }
    }

    /// `assign`/`capture`: the outermost scope.
    pub(super) fn set_outer(&mut self, key: &Arc<str>, v: Value) {
        for f in &mut self.frames {
            if !f.assigned.contains(key) {
                f.assigned.push(key.clone());
            }
        }
        if let Some(s) = self.scopes.first_mut() {
            Self::set_in(s, key, v);
        }
    }

    pub(super) fn push_scope(&mut self, line: u32) -> RResult<()> {
        if self.scopes.len() > MAX_SCOPE_DEPTH {
            return Err(rerr("Nesting too deep", line));
        }
        self.scopes.push(Vec::new());
        Ok(())
    }

    pub(super) fn pop_scope(&mut self) {
        if self.scopes.len() > 1 {
            self.scopes.pop();
        }
    }

    /// Flattened local variables, innermost winning (for custom tags).
    fn locals(&self) -> Map {
        let mut m = Map::default();
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

    /// A variable by reference (no clone): scopes, counters, then globals.
    fn find_variable_ref(&self, key: &str) -> &Value {
        let (found, v) = self.resolve(key);
        if !self.frames.is_empty() {
            self.note_read(found, key);
        }
        v
    }

    /// A variable and the scope it was found in (`None`: a counter, a
    /// global or not set), nothing noted.
    pub(super) fn resolve(&self, key: &str) -> (Option<usize>, &Value) {
        let kb = key.as_bytes();
        let same = |k: &Arc<str>| key_eq(k.as_bytes(), kb);
        for (i, s) in self.scopes.iter().enumerate().rev() {
            if let Some((_, v)) = s.iter().rev().find(|(k, _)| same(k)) {
                return (Some(i), v);
            }
        }
        if let Some((_, v)) = self.counters.iter().find(|(k, _)| same(k)) {
            return (None, v);
        }
        (None, map_get(self.globals, key).unwrap_or(&NIL))
    }

    /// Whether `key` names a counter (`increment`, `decrement`).
    pub(super) fn is_counter(&self, key: &str) -> bool {
        self.counters.iter().any(|(k, _)| &**k == key)
    }

    /// `a.b.c` (dotted keys only) walked over shared data by reference.
    fn lookup_ref<'s>(&'s self, v: &VarLookup) -> Option<Cow<'s, Value>> {
        let Expr::Lit(Value::Str(name)) = &v.name else {
            return None;
        };
        if !v.lookups.iter().all(|l| matches!(l, Lookup::Key(..))) {
            return None;
        }
        if !self.frames.is_empty() {
            return Some(self.lookup_watched(name, &v.lookups));
        }
        let mut cur: Cow<'s, Value> = Cow::Borrowed(self.find_variable_ref(name));
        for l in &v.lookups {
            let Lookup::Key(k, command) = l else { break };
            cur = match cur {
                Cow::Borrowed(o) => lookup_key_ref(o, k, *command),
                Cow::Owned(o) => Cow::Owned(lookup_key(&o, k, *command)),
            };
            if cur.is_nil() {
                return Some(Cow::Borrowed(&NIL));
            }
        }
        Some(cur)
    }

    fn eval_lookup(&mut self, v: &VarLookup) -> RResult<Value> {
        // Fast path: clone only the result.
        if let Some(c) = self.lookup_ref(v) {
            return Ok(c.into_owned());
        }
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
            // up to three arguments live on the stack
            let mut small: [Value; 3] = Default::default();
            let mut big = Vec::new();
            if f.args.len() <= 3 {
                for (slot, a) in small.iter_mut().zip(&f.args) {
                    *slot = self.eval(a)?;
                }
            } else {
                for a in &f.args {
                    big.push(self.eval(a)?);
                }
            }
            let args: &[Value] = if f.args.len() <= 3 {
                &small[..f.args.len()]
            } else {
                &big
            };
            let mut kwargs = Vec::new();
            for (k, a) in &f.kwargs {
                kwargs.push((k.as_str(), self.eval(a)?));
            }
            val = filters::apply(self, &f.name, f.jekyll, val, args, &kwargs)
                .map_err(|m| rerr(m, line))?;
            if let Value::Str(s) = &val {
                if s.len() > ruby::MAX_STRING {
                    return Err(rerr(ruby::too_long(&format!("{}'s result", f.name)), line));
                }
                self.produced = self.produced.saturating_add(s.len());
                if self.produced > self.budget {
                    return Err(rerr(ruby::render_too_long(self.budget), line));
                }
            }
        }
        Ok(val)
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
                Node::Text(t) => {
                    out.push_str(t);
                    within_limit(out, 0)?;
                }
                Node::Output(v, line) | Node::Echo(v, line) => {
                    // `{{ a.b }}` without filters prints straight from the data.
                    if let (true, Some(Expr::Var(l))) = (v.filters.is_empty(), &v.expr) {
                        if let Some(c) = self.lookup_ref(l) {
                            ruby::write_to_s(&c, out);
                            within_limit(out, *line)?;
                            continue;
                        }
                    }
                    let val = self.eval_variable(v, *line)?;
                    ruby::write_to_s(&val, out);
                    within_limit(out, *line)?;
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
            Node::Cycle(t, _line) => {
                let key = match &t.name {
                    Some(e) => {
                        let v = self.eval(e)?;
                        ruby::inspect(&v)
                    }
                    None => t.key.clone(),
                };
                include_memo::taint();
                let it = self.cycles.get(&key).copied().unwrap_or(0);
                if let Some(e) = t.values.get(it) {
                    let v = self.eval(e)?;
                    ruby::write_to_s(&v, out);
                }
                let mut next = it + 1;
                if next >= t.values.len() {
                    next = 0;
                }
                self.cycles.insert(key, next);
            }
            node @ (Node::Increment(name) | Node::Decrement(name)) => {
                include_memo::taint();
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
                include_memo::taint();
                let mut s = String::new();
                self.render_block(body, &mut s)?;
                if self.ifchanged.as_deref() != Some(s.as_str()) {
                    out.push_str(&s);
                    self.ifchanged = Some(s);
                }
            }
            Node::Include(t, line) => self.render_include(t, *line, out)?,
            Node::Render(t, line) => self.render_render(t, *line, out)?,
            Node::Highlight(t, line) => {
                let mut code = String::new();
                self.render_block(&t.body, &mut code)?;
                // highlighted, code grows several times over (escapes, token
                // spans, a line-number table): nested highlight tags grow a
                // page geometrically, to gigabytes in ten levels
                if code.len() > MAX_HIGHLIGHTED {
                    return Err(rerr(
                        format!(
                            "the code of this highlight tag is {} MB, more than hyde highlights ({} MB): a highlight tag nested in another one?",
                            code.len() >> 20,
                            MAX_HIGHLIGHTED >> 20
                        ),
                        *line,
                    ));
                }
                let prefix = ruby::to_s(&self.find_variable("highlighter_prefix"));
                let suffix = ruby::to_s(&self.find_variable("highlighter_suffix"));
                out.push_str(&prefix);
                super::highlight_tag::render(&t.lang, t.linenos, &code, out)
                    .map_err(|e| rerr(e.to_string(), *line))?;
                out.push_str(&suffix);
                within_limit(out, *line)?;
            }
            Node::Custom(t) => {
                include_memo::taint();
                let mut combined = self.globals.clone();
                for (k, v) in self.locals() {
                    combined.insert(k, v);
                }
                let mut ctx = Context {
                    globals: &combined,
                    host: self.host,
                };
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

    pub(super) fn collection_items(
        &mut self,
        coll: &Value,
        from: i64,
        to: Option<i64>,
        line: u32,
    ) -> RResult<Vec<Value>> {
        let in_seg = |i: i64| i >= from && to.is_none_or(|t| i < t);
        Ok(match coll {
            Value::Range(a, b) => {
                let (a, b) = (*a as i128, *b as i128);
                let len = if b >= a { b - a + 1 } else { 0 };
                let start = (from as i128).max(0);
                let end = to.map_or(len, |t| (t as i128).min(len)).max(start);
                if end - start > MAX_ITERATIONS as i128 {
                    return Err(rerr(
                        format!("too many loop iterations (over {MAX_ITERATIONS})"),
                        line,
                    ));
                }
                (start..end).map(|i| Value::Int((a + i) as i64)).collect()
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
            // Ruby's slice_collection ignores offset and limit for strings
            Value::Str(s) => {
                if s.is_empty() {
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
            Offset::Continue => {
                include_memo::taint();
                self.for_offsets.get(&t.name).copied().unwrap_or(0)
            }
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
                        ruby::to_integer(&v)
                            .ok_or_else(|| rerr("invalid integer", t.line))?
                            .saturating_add(from),
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
            .insert(t.name.clone(), from.saturating_add(seg.len() as i64));
        if seg.is_empty() {
            if let Some(b) = &t.else_block {
                self.render_block(b, out)?;
            }
            return Ok(());
        }
        self.push_scope(t.line)?;
        // a watched include's outermost loop whose `parentloop` is a loop
        // outside it
        if self
            .frames
            .last()
            .is_some_and(|f| f.for_base > 0 && self.for_stack.len() == f.for_base)
        {
            include_memo::taint();
        }
        let parent = self.for_stack.last().cloned().unwrap_or(Value::Nil);
        let len = seg.len();
        let forloop_key: Arc<str> = Arc::from("forloop");
        // One drop per loop, advanced in place like Ruby's ForloopDrop (a
        // `forloop` kept after the loop sees the final index).
        let drop = Arc::new(ForloopDrop::new(Arc::from(t.name.as_str()), len, parent));
        let fl = Value::Object(drop.clone());
        self.for_stack.push(fl.clone());
        self.set_local(&forloop_key, fl);
        let mut result = Ok(());
        for (i, item) in seg.into_iter().enumerate() {
            if let Err(e) = self.tick(t.line) {
                result = Err(e);
                break;
            }
            drop.set_index(i);
            self.set_local(&t.var, item);
            let r = self.render_block(&t.body, out);
            drop.set_index(i + 1);
            if let Err(e) = r {
                result = Err(e);
                break;
            }
            match self.interrupt.take() {
                Some(Interrupt::Break) => break,
                Some(Interrupt::Continue) | None => {}
            }
        }
        self.for_stack.pop();
        self.pop_scope();
        result
    }

    fn render_tablerow(&mut self, t: &TableRowTag, out: &mut String) -> RResult<()> {
        let coll = self.eval(&t.collection)?;
        if !coll.is_truthy() {
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
                Some(from.saturating_add(to_i(&v)))
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
}

fn range_end(v: &Value) -> RResult<i64> {
    Ok(match v {
        Value::Int(i) => *i,
        Value::Nil => 0,
        Value::Str(s) => super::expr::ruby_to_i(s),
        other => ruby::to_integer(other).ok_or_else(|| rerr("invalid integer", 0))?,
    })
}
