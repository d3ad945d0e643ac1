//! Includes: Jekyll's `include`/`include_relative` (params as `include.*`,
//! a scope whose assigns still reach the outermost scope), Liquid's own
//! `include` (`with`/`for`/`as`) and `render` (isolated scope).

use std::sync::Arc;

use super::ast::*;
use super::include_memo::{IncludeMemo, Known, Rendered, Variant, Watch};
use super::lookup::ForloopDrop;
use super::render::{rerr, Frame, RResult, Renderer, MAX_RENDER_DEPTH, MAX_SCOPE_DEPTH};
use super::ruby;
use super::value::{Map, Value};
use super::Template;
use crate::profiler::{Probe, RenderStats, Sample};

impl Renderer<'_> {
    pub(super) fn render_partial(
        &mut self,
        tpl: &Template,
        line: u32,
        out: &mut String,
    ) -> RResult<()> {
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
    /// Render include `name` (its scope pushed) watching its reads, and
    /// remember its output when every page would render the same.
    fn render_watched(
        &mut self,
        memo: &IncludeMemo,
        name: &str,
        tpl: &Template,
        line: u32,
        out: &mut String,
    ) -> RResult<()> {
        let start = out.len();
        let (iterations, produced) = (self.iterations, self.produced);
        self.frames.push(Frame {
            base: self.scopes.len(),
            for_base: self.for_stack_len(),
            assigned: Vec::new(),
            deps: Default::default(),
            tainted: Default::default(),
            included: Vec::new(),
        });
        let watch = Watch::start();
        let r = self.render_partial(tpl, line, out);
        let same = watch.end();
        let frame = self.frames.pop();
        let same = same && frame.as_ref().is_some_and(|f| !f.tainted.get());
        self.pop_scope();
        // an error or a `break` leaving the include is this page's alone
        if r.is_err() || self.interrupt_pending() {
            return r;
        }
        let rendered = match frame {
            Some(f) if same => {
                let assigns = f
                    .assigned
                    .iter()
                    .map(|k| {
                        let v = self
                            .scopes
                            .first()
                            .and_then(|s| s.iter().find(|(n, _)| n == k))
                            .map_or(Value::Nil, |(_, v)| v.clone());
                        (k.clone(), v)
                    })
                    .collect();
                Some(Variant {
                    deps: f.deps.into_inner(),
                    rendered: Rendered {
                        output: out[start..].to_string(),
                        assigns,
                        iterations: self.iterations.saturating_sub(iterations),
                        produced: self.produced.saturating_sub(produced),
                        included: f.included,
                    },
                })
            }
            _ => None,
        };
        memo.put(name, rendered);
        r
    }

    pub(super) fn render_include(
        &mut self,
        t: &IncludeTag,
        line: u32,
        out: &mut String,
    ) -> RResult<()> {
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
                let looks_like_var = dynamic.is_none() && !*relative && name.contains('[');
                if !looks_like_var && (has_dot_or_slash_pair(&name) || !valid_include_name(&name)) {
                    return Err(rerr(
                        format!("Invalid syntax for include tag. File contains invalid characters or sequences:\n\n  {name}\n\nValid syntax:\n\n  {{% include file.ext param='value' param2='value' %}}\n\n"),
                        line,
                    ));
                }
                // Jekyll joins the name onto the includes dir with File.join,
                // which drops a leading slash (`{% include /a/b.html %}`).
                let name = name.trim_start_matches('/').to_string();
                let tpl = if *relative {
                    let page = self.find_variable("page");
                    let path = ruby::to_s(&page.get("path"));
                    self.host.include_relative(&path, &name)
                } else {
                    // Not Jekyll: a missing file named like a variable holding a
                    // name is looked up by that name (Liquid's dynamic include).
                    match self.host.include(&name) {
                        Ok(t) => Ok(t),
                        Err(e) if dynamic.is_none() => {
                            let expr = super::expr::parse_expression(&name);
                            if super::expr::take_too_deep() {
                                return Err(rerr("Nesting too deep", line));
                            }
                            match self.eval(&expr)? {
                                Value::Str(v) => self.host.include(&v),
                                _ => Err(e),
                            }
                        }
                        Err(e) => Err(e),
                    }
                }
                .map_err(|m| rerr(m, line))?;
                // an include without parameters, rendered once for all pages
                // when it reads nothing that differs between them
                let memo = match (
                    *has_params || *relative || dynamic.is_some(),
                    self.host.include_memo(),
                ) {
                    (false, Some(m)) => Some(m),
                    _ => None,
                };
                // Jekyll counts each include's render (one served from the
                // memo too: its time is the lookup's)
                let Some(stats) = self.stats else {
                    return self.render_found_include(
                        &name,
                        &tpl,
                        memo,
                        params,
                        *has_params,
                        line,
                        out,
                    );
                };
                let probe = Probe::start();
                let start = out.len();
                let r =
                    self.render_found_include(&name, &tpl, memo, params, *has_params, line, out);
                if r.is_ok() {
                    let bytes = out.len().saturating_sub(start);
                    self.count_include(stats, probe.sample(tpl.file.clone(), bytes));
                }
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
    /// Count one include's render, also for each watched include it is
    /// inside of.
    fn count_include(&mut self, stats: &RenderStats, sample: Sample) {
        for f in &mut self.frames {
            f.included.push((sample.file().to_string(), sample.bytes()));
        }
        stats.add(sample);
    }

    /// Jekyll's include of `tpl` (named `name`), found: served from `memo`
    /// when a page before rendered it the same, else rendered with its
    /// parameters as `include.*`.
    #[allow(clippy::too_many_arguments)]
    fn render_found_include(
        &mut self,
        name: &str,
        tpl: &Template,
        memo: Option<&IncludeMemo>,
        params: &[(String, IncludeParam)],
        has_params: bool,
        line: u32,
        out: &mut String,
    ) -> RResult<()> {
        let known = memo.map_or(Known::Volatile, |m| m.get(name));
        if let Known::Variants(list) = &known {
            if let Some(v) = list.iter().find(|v| self.deps_hold(&v.deps)) {
                let done = &v.rendered;
                if let Some(stats) = self.stats {
                    for (file, bytes) in &done.included {
                        self.count_include(stats, Sample::untimed(file.clone(), *bytes));
                    }
                }
                self.push_scope(line)?;
                self.pop_scope();
                out.push_str(&done.output);
                for (k, v) in &done.assigns {
                    self.set_outer(k, v.clone());
                }
                self.iterations = self.iterations.saturating_add(done.iterations);
                self.produced = self.produced.saturating_add(done.produced);
                return Ok(());
            }
        }
        self.push_scope(line)?;
        if let (Some(m), Known::Unknown | Known::Variants(_)) = (memo, known) {
            return self.render_watched(m, name, tpl, line, out);
        }
        if has_params {
            let mut m = Map::default();
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
        let r = self.render_partial(tpl, line, out);
        self.pop_scope();
        r
    }

    pub(super) fn render_render(
        &mut self,
        t: &RenderTag,
        line: u32,
        out: &mut String,
    ) -> RResult<()> {
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
                            Some({
                                let d =
                                    ForloopDrop::new(Arc::from(t.name.as_str()), len, Value::Nil);
                                d.set_index(i);
                                Value::Object(Arc::new(d))
                            }),
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
                            Some({
                                let d =
                                    ForloopDrop::new(Arc::from(t.name.as_str()), len, Value::Nil);
                                d.set_index(i);
                                Value::Object(Arc::new(d))
                            }),
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
            sub.produced = self.produced;
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
            self.produced = sub.produced;
        }
        Ok(())
    }
}

/// `..`, `//`, `./` or `/.` in `n` (one pass: four `contains` calls on
/// every include were 2% of a build's instructions).
fn has_dot_or_slash_pair(n: &str) -> bool {
    n.as_bytes()
        .windows(2)
        .any(|w| matches!(w, [b'.' | b'/', b'.' | b'/']))
}

fn valid_include_name(n: &str) -> bool {
    !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_/.-()+~#@".contains(c))
}

#[cfg(test)]
mod tests {
    use super::has_dot_or_slash_pair;

    #[test]
    fn dot_or_slash_pairs_are_the_four_sequences() {
        for n in ["a/b.html", "x.y.z", "/a", "a/", ".a", "a.", "a-b_c.html"] {
            assert!(!has_dot_or_slash_pair(n), "{n}");
        }
        for n in ["../a", "a//b", "./a", "a/.b", "a..b", "x/..", "//"] {
            let four = n.contains("..") || n.contains("//") || n.contains("./") || n.contains("/.");
            assert!(four && has_dot_or_slash_pair(n), "{n}");
        }
    }
}
