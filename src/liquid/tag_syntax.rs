//! Tag markup in lax mode: `assign`, `cycle`, `when`, `for`, conditions
//! (and/or, right-associative), Liquid's and Jekyll's `include` (params,
//! `{{ var }}` file names), `render`, `highlight`.

use std::sync::Arc;

use super::ast::*;
use super::expr::{self, is_word, parse_condition_expression, parse_expression, Expr};
use super::lexer::is_space;

/// `VariableSignature+` at the first place it matches: `\(?[\w\-\.\[\]]\)?`.
pub(super) fn variable_signature_match(m: &str) -> Option<&str> {
    let b = m.as_bytes();
    let ok = |c: u8| is_word(c) || matches!(c, b'-' | b'.' | b'[' | b']');
    let st = b.iter().position(|&c| ok(c) || c == b'(')?;
    let mut i = st;
    loop {
        let save = i;
        if i < b.len() && b[i] == b'(' {
            i += 1;
        }
        if i < b.len() && ok(b[i]) {
            i += 1;
            if i < b.len() && b[i] == b')' {
                i += 1;
            }
        } else {
            i = save;
            break;
        }
    }
    if i == st {
        return variable_signature_match(&m[st + 1..]);
    }
    Some(&m[st..i])
}

/// `assign`: `(VariableSignature+)\s*=\s*(.*)`.
pub(super) fn parse_assign(m: &str) -> Option<(&str, &str)> {
    let eq = m.find('=')?;
    let lhs = &m[..eq];
    let to = variable_signature_match(lhs)?;
    // the signature must run up to the `=` (only spaces between)
    let after = &lhs[lhs.find(to)? + to.len()..];
    if !after.trim().is_empty() {
        // Ruby's regex would find a later signature; approximate with the last one.
        let last = lhs.trim_end();
        let st = last
            // Ruby's `\s` is ASCII (a no-break space is no separator)
            .rfind([' ', '\t', '\n', '\r', '\x0b', '\x0c'])
            .map(|p| p + 1)
            .unwrap_or(0);
        return Some((variable_signature_match(&last[st..])?, &m[eq + 1..]));
    }
    Some((to, &m[eq + 1..]))
}

pub(super) static CYCLE_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The end of `QuotedFragment` at 0 that is followed by `\s*:`, as
/// Ruby's backtracking finds it: the quoted string alone first, then the
/// fragment's runs of units, longest first. The candidate ends are the
/// unit boundaries of one walk (a quote only opens a string, which ends at
/// its first closing quote), so this is linear where cutting the fragment
/// at every length and parsing it again was quadratic.
pub(super) fn cycle_name_end(m: &str) -> Option<usize> {
    let b = m.as_bytes();
    let colon_after = |e: usize| {
        let k = e + b[e..].iter().take_while(|&&c| is_space(c)).count();
        b.get(k) == Some(&b':')
    };
    if let Some(e) = expr::quoted_string_at(b, 0) {
        if colon_after(e) {
            return Some(e);
        }
    }
    expr::quoted_fragment_unit_ends(b, 0)
        .into_iter()
        .rev()
        .find(|&e| m.is_char_boundary(e) && colon_after(e))
}

pub(super) fn parse_cycle(m: &str) -> Option<CycleTag> {
    let b = m.as_bytes();
    // NamedSyntax: \A(QuotedFragment)\s*:\s*(.*)
    if let Some(e) = cycle_name_end(m) {
        let rest = m[e..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
        let r = rest.strip_prefix(':').unwrap_or(rest);
        let values = cycle_values(r);
        return Some(CycleTag {
            name: Some(parse_expression(&m[..e])),
            key: String::new(),
            values,
        });
    }
    expr::quoted_fragment_at(b, 0)?;
    let values = cycle_values(m);
    // Ruby keys unnamed cycles by `@variables.to_s`: equal for literals,
    // unique per tag as soon as a variable is involved.
    let mut key = format!(
        "{:?}",
        values.iter().map(|v| format!("{v:?}")).collect::<Vec<_>>()
    );
    if values
        .iter()
        .any(|v| matches!(v, Expr::Var(_) | Expr::Range(..)))
    {
        let id = CYCLE_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        key.push_str(&format!("#{id}"));
    }
    Some(CycleTag {
        name: None,
        key,
        values,
    })
}

pub(super) fn cycle_values(m: &str) -> Vec<Expr> {
    m.split(',')
        .filter_map(|v| {
            expr::find_quoted_fragment(v.as_bytes(), 0).map(|(s, e)| parse_expression(&v[s..e]))
        })
        .collect()
}

/// `WhenSyntax`, repeatedly: values separated by `or` or commas.
pub(super) fn parse_when(m: &str) -> Option<Vec<Expr>> {
    let mut out = Vec::new();
    let mut rest = m;
    loop {
        let b = rest.as_bytes();
        let (s, e) = expr::find_quoted_fragment(b, 0)?;
        out.push(parse_condition_expression(&rest[s..e]));
        let tail = &rest[e..];
        // (?:\s+or\s+|\s*,\s*)(QuotedFragment.*)
        let t = tail.trim_start();
        let ws = tail.len() - t.len();
        let next = if let Some(r) = t.strip_prefix(',') {
            Some(r.trim_start())
        } else if ws > 0
            && t.starts_with("or")
            && t[2..].starts_with(|c: char| c.is_ascii_whitespace())
        {
            Some(t[2..].trim_start())
        } else {
            None
        };
        match next {
            Some(r) if expr::quoted_fragment_at(r.as_bytes(), 0).is_some() => rest = r,
            _ => break,
        }
    }
    Some(out)
}

/// For's lax `Syntax`: `\A(VariableSegment+)\s+in\s+(QuotedFragment+)\s*(reversed)?`.
pub(super) fn parse_for_syntax(m: &str) -> Option<(&str, &str, bool)> {
    let m = m.trim_start();
    let b = m.as_bytes();
    let mut i = 0;
    while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
        i += 1;
    }
    if i == 0 {
        return None;
    }
    let var = &m[..i];
    let rest = &m[i..];
    let r = rest.trim_start();
    if r.len() == rest.len() {
        return None;
    }
    let r = r.strip_prefix("in")?;
    let r2 = r.trim_start();
    if r2.len() == r.len() {
        return None;
    }
    // QuotedFragment+ : consecutive fragments (no spaces between)
    let rb = r2.as_bytes();
    let mut e = expr::quoted_fragment_at(rb, 0)?;
    while let Some(e2) = expr::quoted_fragment_at(rb, e) {
        e = e2;
    }
    let coll = &r2[..e];
    let after = r2[e..].trim_start();
    let reversed = after.starts_with("reversed");
    Some((var, coll, reversed))
}

pub(super) fn parse_tablerow_syntax(m: &str) -> Option<(&str, &str)> {
    let (v, c, _) = parse_for_syntax(m)?;
    if !v.bytes().all(is_word) {
        return None;
    }
    Some((v, c))
}

/// One comparison `a op b` (If's `Syntax`).
pub(super) fn parse_comparison(s: &str) -> Option<Cond> {
    let b = s.as_bytes();
    let (ls, le) = expr::find_quoted_fragment(b, 0)?;
    let left = parse_condition_expression(&s[ls..le]);
    let mut i = le;
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let os = i;
    while i < b.len()
        && (matches!(b[i], b'=' | b'!' | b'<' | b'>' | b'_') || b[i].is_ascii_lowercase())
    {
        i += 1;
    }
    if i == os {
        return Some(Cond {
            left,
            op: None,
            right: Expr::Lit(super::value::Value::Nil),
            child: None,
        });
    }
    let op_s = &s[os..i];
    while i < b.len() && is_space(b[i]) {
        i += 1;
    }
    let right = match expr::quoted_fragment_at(b, i) {
        Some(e) => parse_condition_expression(&s[i..e]),
        None => Expr::Lit(super::value::Value::Nil),
    };
    let op = match op_s {
        "==" => Op::Eq,
        "!=" | "<>" => Op::Ne,
        "<" => Op::Lt,
        ">" => Op::Gt,
        "<=" => Op::Le,
        ">=" => Op::Ge,
        "contains" => Op::Contains,
        _ => Op::Unknown,
    };
    Some(Cond {
        left,
        op: Some((op, op_s.into())),
        right,
        child: None,
    })
}

/// `ExpressionsAndOperators` scan: split the markup into operands and `and`/`or`.
pub(super) fn split_and_or(m: &str) -> Vec<&str> {
    // Tokenize into fragments (quoted-aware), then group runs between and/or words.
    let b = m.as_bytes();
    let mut parts: Vec<&str> = Vec::new();
    let mut seg_start: Option<usize> = None;
    let mut i = 0;
    while i < b.len() {
        if is_space(b[i]) {
            i += 1;
            continue;
        }
        let st = i;
        let e = expr::quoted_fragment_at(b, i).unwrap_or_else(|| {
            let mut j = i;
            while j < b.len() && !is_space(b[j]) {
                j += 1;
            }
            j
        });
        let word = &m[st..e];
        if word == "and" || word == "or" {
            if let Some(ss) = seg_start.take() {
                parts.push(m[ss..st].trim());
            }
            parts.push(word);
        } else if seg_start.is_none() {
            seg_start = Some(st);
        }
        i = e.max(st + 1);
    }
    if let Some(ss) = seg_start {
        parts.push(m[ss..].trim());
    }
    parts
}

/// If's lax condition: comparisons chained by and/or, evaluated right to left.
pub fn parse_condition(m: &str) -> Option<Cond> {
    let mut parts = split_and_or(m);
    let last = parts.pop()?;
    let mut cond = parse_comparison(last)?;
    while let Some(op) = parts.pop() {
        let lhs = parts.pop()?;
        let mut c = parse_comparison(lhs)?;
        match op {
            "and" => c.child = Some((true, Box::new(cond))),
            "or" => c.child = Some((false, Box::new(cond))),
            _ => return None,
        }
        cond = c;
    }
    Some(cond)
}

pub(super) fn parse_render(m: &str) -> Option<RenderTag> {
    let b = m.trim_start().as_bytes();
    let m = m.trim_start();
    let e = expr::quoted_string_at(b, 0)?;
    let name = m[1..e - 1].to_string();
    let rest = &m[e..];
    let (variable, is_for, alias) = with_for_as(rest);
    let attrs = expr::scan_tag_attributes(rest)
        .into_iter()
        .map(|(k, v)| (k.to_string(), parse_expression(v)))
        .collect();
    Some(RenderTag {
        name,
        variable,
        is_for,
        alias,
        attrs,
    })
}

/// `(\s+(with|for)\s+(QuotedFragment+))?(\s+as\s+(VariableSegment+))?` after the name.
pub(super) fn with_for_as(rest: &str) -> (Option<Expr>, bool, Option<String>) {
    let words: Vec<&str> = expr::scan_quoted_fragments(rest);
    let mut variable = None;
    let mut is_for = false;
    let mut alias = None;
    let mut i = 0;
    if words.first().is_some_and(|w| *w == "with" || *w == "for") && words.len() > 1 {
        is_for = words[0] == "for";
        variable = Some(parse_expression(words[1].trim_end_matches(',')));
        i = 2;
    }
    if words.get(i) == Some(&"as") {
        if let Some(a) = words.get(i + 1) {
            let a: String = a
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !a.is_empty() {
                alias = Some(a);
            }
        }
    }
    (variable, is_for, alias)
}

/// Jekyll's `VALID_SYNTAX` params: `key="v"`, `key='v'`, `key=var`.
pub(super) fn jekyll_params(p: &str) -> Result<Vec<(String, IncludeParam)>, ()> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let ks = i;
        while i < b.len() && (is_word(b[i]) || b[i] == b'-') {
            i += 1;
        }
        if i == ks {
            return Err(());
        }
        let key = p[ks..i].to_string();
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() || b[i] != b'=' {
            return Err(());
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            return Err(());
        }
        let q = b[i];
        if q == b'"' || q == b'\'' {
            let mut j = i + 1;
            let mut val = String::new();
            let mut closed = false;
            while j < b.len() {
                if b[j] == b'\\' && j + 1 < b.len() {
                    // only `\<quote>` is unescaped; other escapes stay as written
                    if b[j + 1] == q {
                        val.push(q as char);
                    } else {
                        val.push_str(&p[j..j + 2]);
                    }
                    j += 2;
                    continue;
                }
                if b[j] == q {
                    closed = true;
                    break;
                }
                let ch = p[j..].chars().next().unwrap_or(' ');
                val.push(ch);
                j += ch.len_utf8();
            }
            if !closed {
                return Err(());
            }
            i = j + 1;
            out.push((key, IncludeParam::Str(val)));
        } else {
            let vs = i;
            while i < b.len() && (is_word(b[i]) || b[i] == b'.' || b[i] == b'-') {
                i += 1;
            }
            if i == vs {
                return Err(());
            }
            out.push((key, IncludeParam::Var(parse_expression(&p[vs..i]))));
        }
        if i < b.len() && !is_space(b[i]) {
            return Err(());
        }
    }
    Ok(out)
}

/// Jekyll's `VARIABLE_SYNTAX`: a file name containing `{{ var }}`; returns (file, params).
pub(super) fn jekyll_variable_file(m: &str) -> Option<(&str, &str)> {
    let open = m.find("{{")?;
    if m[..open].contains('{') {
        return None;
    }
    // extend over `{{ ... }}[^\s{}]*` groups
    let mut end = open;
    let mut rest = &m[open..];
    while let Some(r) = rest.strip_prefix("{{") {
        let close = r.find("}}")?;
        let mut e = end + 2 + close + 2;
        let after = &m[e..];
        let tail = after
            .find(|c: char| c.is_whitespace() || c == '{' || c == '}')
            .unwrap_or(after.len());
        e += tail;
        end = e;
        rest = &m[end..];
        // next group may start after non-brace characters
        let nb = rest.find('{').unwrap_or(rest.len());
        if rest[..nb].contains(char::is_whitespace) || !rest[nb..].starts_with("{{") {
            break;
        }
        end += nb;
        rest = &m[end..];
    }
    Some((m[..end].trim(), m[end..].trim()))
}

pub(super) fn parse_include(
    markup: &str,
    relative: bool,
    file: &str,
) -> Result<IncludeTag, String> {
    let m = markup.trim();
    let tag = if relative {
        "include_relative"
    } else {
        "include"
    };
    if !relative && (m.starts_with('\'') || m.starts_with('"')) {
        // Liquid's own include: `'name' with x as y, key: value`.
        let b = m.as_bytes();
        let mut e = expr::quoted_fragment_at(b, 0).ok_or("Error in tag 'include' - Valid syntax: include '[template]' (with|for) [object|collection]")?;
        while let Some(e2) = expr::quoted_fragment_at(b, e) {
            e = e2;
        }
        let rest = &m[e..];
        let (variable, is_for, alias) = with_for_as(rest);
        let attrs = expr::scan_tag_attributes(rest)
            .into_iter()
            .map(|(k, v)| (k.to_string(), parse_expression(v)))
            .collect();
        return Ok(IncludeTag::Liquid {
            name: parse_expression(&m[..e]),
            variable,
            is_for,
            alias,
            attrs,
        });
    }
    let (fname, params) = match jekyll_variable_file(m) {
        Some((f, p)) => (f, p),
        None => match m.split_once(|c: char| c.is_whitespace()) {
            Some((f, p)) => (f, p.trim()),
            None => (m, ""),
        },
    };
    let has_params = !params.is_empty() || m.split_whitespace().count() > 1;
    let liquid_style = params.starts_with("with ")
        || params.starts_with("for ")
        || params.starts_with("as ")
        || params.starts_with(',')
        || fname.ends_with(',')
        || (jekyll_params(params).is_err() && !expr::scan_tag_attributes(params).is_empty());
    if !relative && !fname.contains("{{") && liquid_style {
        let fname = fname.trim_end_matches(',');
        // Liquid's own include with a variable name (`include tpl with x`): not Jekyll syntax.
        let (variable, is_for, alias) = with_for_as(params);
        let attrs = expr::scan_tag_attributes(params)
            .into_iter()
            .map(|(k, v)| (k.to_string(), parse_expression(v)))
            .collect();
        return Ok(IncludeTag::Liquid {
            name: parse_expression(fname),
            variable,
            is_for,
            alias,
            attrs,
        });
    }
    let params = jekyll_params(params).map_err(|_| {
        format!("Invalid syntax for include tag:\n\n  {params}\n\nValid syntax:\n\n  {{% {tag} file.ext param='value' param2='value' %}}\n\n")
    })?;
    let dynamic = if fname.contains("{{") {
        Some(Arc::new(
            super::parse(fname, file, 0).map_err(|e| e.message)?,
        ))
    } else {
        None
    };
    Ok(IncludeTag::Jekyll {
        relative,
        file: fname.to_string(),
        dynamic,
        params,
        has_params,
    })
}

/// Jekyll highlight `SYNTAX`: language then options (`linenos`, `key=value`).
pub(super) fn parse_highlight(m: &str) -> Option<(String, bool)> {
    let m = m.trim();
    let mut it = m.split_whitespace();
    let lang = it.next()?;
    if !lang
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b".+#_-".contains(&c))
    {
        return None;
    }
    let mut linenos = false;
    for opt in it {
        let key = opt.split('=').next().unwrap_or("");
        if !key.bytes().all(is_word) || key.is_empty() {
            return None;
        }
        if key == "linenos" {
            linenos = true;
        }
    }
    Some((lang.to_ascii_lowercase(), linenos))
}

#[cfg(test)]
mod tests {
    use super::cycle_name_end;

    /// Every string of up to 6 characters over the characters that matter
    /// gets the same name end from `cycle_name_end` as from Ruby's
    /// `NamedSyntax` (`\A(QuotedFragment)\s*:`) run by a backtracking engine.
    #[test]
    fn cycle_name_end_equals_named_syntax() {
        let re = fancy_regex::Regex::new(
            r#"\A("[^"]*"|'[^']*'|(?:[^\s,|'"]|"[^"]*"|'[^']*')+)[ \t\n\r\x0b\x0c]*:"#,
        )
        .expect("the pattern compiles");
        let alphabet = ['a', '\'', '"', ':', ' ', ',', '|', 'é'];
        let all = crate::markdown::test_strings::all_strings(&alphabet, 6);
        for t in &all {
            let want = re
                .captures(t)
                .expect("the regexp runs")
                .and_then(|c| c.get(1))
                .map(|g| g.end());
            assert_eq!(cycle_name_end(t), want, "{t:?}");
        }
        assert_eq!(all.len(), 299_593); // 1 + 8 + 8² + … + 8⁶
    }
}
