//! Sass/SCSS pages (files with front matter) compiled with grass, with the
//! site's `sass_dir` (and `sass.load_paths`) as load paths.

mod isolate;

pub use isolate::{use_worker_process, worker_main, WORKER_ENV};

use crate::error::{Error, Result};
use crate::site::document::Document;
use crate::site::Site;

pub fn compile(site: &Site, doc: &Document, body: &str) -> Result<String> {
    if let Some((line, col)) = too_deeply_nested(body) {
        return Err(Error::Sass {
            file: format!("{}:{}:{col}", doc.relative_path, line + doc.body_line - 1),
            message: format!(
                "Code too deeply nested (more than {MAX_NESTING} levels of braces, parentheses or brackets, as libsass allows)"
            ),
        });
    }
    let job = job(site, doc, body);
    let compiled = match site.sass_early.take(&job) {
        Some(early) => early,
        None => isolate::compile(&job),
    };
    let mut css = compiled.map_err(|e| sass_error(doc, &e))?;

    if sourcemap_required(site) {
        let name = format!("{}.css.map", doc.basename);
        let trimmed = css.trim_end().len();
        css.truncate(trimmed);
        css.push_str(&format!("\n\n/*# sourceMappingURL={name} */"));
    } else if !css.ends_with('\n') {
        css.push('\n');
    }
    Ok(css)
}

/// [`compile`] through the site's disk cache: keyed by everything the page
/// could import (the files under its load paths, by content), the page, and
/// every option the output depends on.
pub fn compile_cached(site: &Site, doc: &Document, body: &str) -> Result<String> {
    let Some(cache) = &site.disk_cache else {
        return compile(site, doc, body);
    };
    let inputs = *site.sass_inputs.get_or_init(|| inputs_fingerprint(site));
    let cfg = &site.config;
    let options = format!(
        "{:?}|{}|{}|{}",
        cfg.get("sass"),
        cfg.sass_style,
        cfg.sass_dir,
        sourcemap_required(site)
    );
    let k = crate::cache::key(&[
        b"sass",
        &inputs.to_le_bytes(),
        doc.path.to_string_lossy().as_bytes(),
        doc.basename.as_bytes(),
        doc.ext.as_bytes(),
        options.as_bytes(),
        body.as_bytes(),
    ]);
    cache
        .get_or(crate::cache::Kind::Sass, k, || compile(site, doc, body))
        .map(|css| css.to_string())
}

/// `sass.load_paths` of the configuration, in the source.
fn configured_load_paths(cfg: &crate::config::Config) -> Vec<std::path::PathBuf> {
    match cfg.get("sass").get("load_paths") {
        crate::liquid::Value::Array(paths) => paths
            .iter()
            .filter_map(|p| p.as_str())
            .map(|p| cfg.source.join(p))
            .collect(),
        _ => Vec::new(),
    }
}

/// What grass is given for `doc` with `body` (its text after Liquid).
fn job(site: &Site, doc: &Document, body: &str) -> isolate::Job {
    let cfg = &site.config;
    let mut load_paths = configured_load_paths(cfg);
    load_paths.push(cfg.source.join(&cfg.sass_dir));
    if let Some(parent) = doc.path.parent() {
        load_paths.push(parent.to_path_buf());
    }
    isolate::Job {
        compressed: cfg.sass_style.trim_start_matches(':') == "compressed",
        indented: doc.ext.eq_ignore_ascii_case(".sass"),
        load_paths,
        source: body.to_string(),
    }
}

/// Sass compiles started while the site is still being read ([`start_early`]),
/// each taken by the render that asks for the same job.
#[derive(Default)]
pub struct Early(std::sync::Mutex<Vec<EarlyJob>>);

impl std::fmt::Debug for Early {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.0.lock().map(|s| s.len()).unwrap_or(0);
        write!(f, "Early({n} started)")
    }
}

struct EarlyJob {
    job: isolate::Job,
    done: std::thread::JoinHandle<std::result::Result<String, String>>,
}

impl Early {
    /// The early compile of `job`, waited for, if one was started.
    fn take(&self, job: &isolate::Job) -> Option<std::result::Result<String, String>> {
        let early = {
            let mut started = self.0.lock().ok()?;
            let i = started.iter().position(|e| e.job == *job)?;
            started.swap_remove(i)
        };
        Some(early.done.join().unwrap_or_else(|_| {
            Err("the Sass compiler failed on this stylesheet (internal error)".into())
        }))
    }
}

/// Start compiling Sass page `id` now, while the reader goes on: a page
/// without Liquid is its file's text, and the compile (in a worker
/// process, [`isolate`]) is the longest single job of a typical site, so
/// it no longer waits for the whole site to be read. Only when the result
/// is sure to be needed: no dev-server memo, and no cache that may hold it
/// (disabled, or holding no Sass yet). The render takes the result when
/// its job is the same ([`Early::take`]); otherwise it compiles as before.
pub fn start_early(site: &Site, id: usize) {
    let Some(doc) = site.docs.get(id) else { return };
    let cache_may_hold = site
        .disk_cache
        .as_ref()
        .is_some_and(|c| c.may_hold(crate::cache::Kind::Sass));
    if !doc.sass
        || doc.render_liquid
        || site.memo.is_some()
        || cache_may_hold
        || too_deeply_nested(&doc.content).is_some()
    {
        return;
    }
    let job = job(site, doc, &doc.content);
    let copy = job.clone();
    // the worker's stack: without a worker process (tests, benches) the
    // compile runs on this thread
    let Ok(done) = std::thread::Builder::new()
        .name("sass".into())
        .stack_size(isolate::WORKER_STACK)
        .spawn(move || isolate::compile(&copy))
    else {
        return; // no thread to spare: the render compiles it
    };
    if let Ok(mut started) = site.sass_early.0.lock() {
        started.push(EarlyJob { job, done });
    }
}

/// libsass's nesting limit ("Code too deeply nested"): grass has none, and
/// nesting far past it is slow (rules nested twenty thousand deep take
/// minutes) or overflows its stack.
const MAX_NESTING: usize = 512;

/// Where `src` first opens more than [`MAX_NESTING`] braces, parentheses
/// and brackets at once (line and column, from 1), outside strings and
/// comments.
fn too_deeply_nested(src: &str) -> Option<(usize, usize)> {
    let b = src.as_bytes();
    let (mut depth, mut line, mut line_start, mut i) = (0usize, 1usize, 0usize, 0usize);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                line += 1;
                line_start = i + 1;
            }
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some((line, i - line_start + 1));
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q && b[i] != b'\n' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = src[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 1);
                let comment = &b[i..end.min(b.len())];
                if let Some(nl) = memchr::memrchr(b'\n', comment) {
                    line += memchr::memchr_iter(b'\n', comment).count();
                    line_start = i + nl + 1;
                }
                i = end;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// jekyll-sass-converter's `sourcemap` option: always (default), development, never.
pub fn sourcemap_required(site: &Site) -> bool {
    match site
        .config
        .get("sass")
        .get("sourcemap")
        .as_str()
        .map(|s| s.trim_start_matches(':'))
    {
        Some("never") => false,
        Some("development") => site.config.environment == "development",
        _ => true,
    }
}

/// The source-map page Jekyll adds to `site.pages` for each Sass page.
/// grass has no source maps, so the map names the entry file with no mappings:
/// valid for browsers, not libsass's bytes.
pub fn add_source_map_pages(site: &mut Site) -> Result<()> {
    if !sourcemap_required(site) {
        return Ok(());
    }
    let sass_pages: Vec<usize> = site
        .pages
        .iter()
        .copied()
        .filter(|&i| site.docs[i].sass)
        .collect();
    for id in sass_pages {
        let (dir, basename, data, rel) = {
            let d = &site.docs[id];
            (
                d.url_dir(),
                d.basename.clone(),
                d.data.clone(),
                d.relative_path.clone(),
            )
        };
        let name = format!("{basename}.css.map");
        let src_name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
        let map = serde_json::json!({
            "version": 3,
            "file": format!("{basename}.css"),
            "sources": [src_name],
            "names": [],
            "mappings": "",
        });
        let content = serde_json::to_string_pretty(&map).unwrap_or_default();
        let mut doc = Document::generated(dir.trim_end_matches('/'), &name, content, data);
        doc.render_liquid = false;
        doc.map_for = Some(id);

        doc.relative_path = format!("{}{}", dir.trim_start_matches('/'), name);
        crate::site::reader::assign_page_url(&mut doc, &site.config.permalink_style)?;
        site.add_generated(doc);
    }
    Ok(())
}

/// grass's message (`Error: …`, an excerpt, `./stdin:11:9`) as
/// `assets/css/main.scss:13:9: …` with the excerpt kept below: the line is the
/// file's (front matter counted).
fn sass_error(doc: &Document, msg: &str) -> Error {
    let first = msg
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("Error: ")
        .to_string();
    let loc = msg.lines().rev().find_map(|l| {
        let l = l.trim();
        let rest = l
            .strip_prefix("./stdin:")
            .or_else(|| l.strip_prefix("stdin:"))?;
        let mut it = rest.split(':');
        Some((
            it.next()?.parse::<usize>().ok()?,
            it.next()?.parse::<usize>().ok()?,
        ))
    });
    let excerpt: Vec<&str> = msg
        .lines()
        .skip(1)
        .filter(|l| !l.trim_start().starts_with("./stdin"))
        .collect();
    let place = match loc {
        Some((line, col)) => format!("{}:{}:{}", doc.relative_path, line + doc.body_line - 1, col),
        None => doc.relative_path.clone(),
    };
    Error::Sass {
        file: place,
        message: format!("{first}\n{}", excerpt.join("\n")),
    }
}

/// Everything a Sass page of this site could import, fingerprinted (the
/// sass_dir, `sass.load_paths`, and the folders holding Sass pages).
pub fn inputs_fingerprint(site: &Site) -> u64 {
    let dirs = input_dirs(site);
    let refs: Vec<&std::path::Path> = dirs.iter().map(|d| d.as_path()).collect();
    crate::memo::tree_fingerprint(&refs)
}

/// The folders a Sass page can import from: `sass_dir`, `sass.load_paths`
/// and each Sass page's own folder.
pub fn input_dirs(site: &Site) -> Vec<std::path::PathBuf> {
    let cfg = &site.config;
    let mut dirs = vec![cfg.source.join(&cfg.sass_dir)];
    dirs.extend(configured_load_paths(cfg));
    for d in &site.docs {
        if d.sass {
            if let Some(parent) = d.path.parent() {
                if !dirs.iter().any(|x| x == parent) {
                    dirs.push(parent.to_path_buf());
                }
            }
        }
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::too_deeply_nested;

    fn css(src: &str) -> std::result::Result<String, String> {
        grass::from_string(src.to_string(), &grass::Options::default()).map_err(|e| e.to_string())
    }

    /// The vendored grass_compiler's map-literal change (vendor/README.md):
    /// repeated keys still fail, whatever their quotes or type, and maps
    /// keep their keys, values and order.
    #[test]
    fn map_literals_keep_their_meaning() {
        for repeated in [
            r#"$m: ("a": 1, a: 2);"#,
            "$m: (a: 1, b: 2, a: 3);",
            "$m: (1px: a, 2px: b, 1px: c);",
            "$m: (null: a, null: b);",
            "$m: ((a b): 1, (a b): 2);",
        ] {
            let e = css(&format!("{repeated} x {{ y: map-get($m, a) }}"))
                .expect_err("a repeated key is an error");
            assert!(e.contains("Duplicate key."), "{repeated}: {e}");
        }
        let out = css(
            r#"$m: (b: 1, "a": 2, 3px: c, null: d, (x y): e, "3px": f);
x { k: map-keys($m); v: map-values($m); a: map-get($m, a); n: map-get($m, 3px); s: map-get($m, "3px"); }"#,
        )
        .expect("compiles");
        assert!(out.contains("k: b, \"a\", 3px, x y, \"3px\";"), "{out}");
        assert!(out.contains("v: 1, 2, c, d, e, f;"), "{out}");
        assert!(
            out.contains("a: 2;") && out.contains("n: c;") && out.contains("s: f;"),
            "{out}"
        );
        // thousands of keys, as font-awesome's icon maps have
        let big: Vec<String> = (0..3000).map(|i| format!("\"icon-{i}\": {i}")).collect();
        let out = css(&format!(
            "$m: ({}); x {{ y: map-get($m, \"icon-2999\"); n: length($m); }}",
            big.join(", ")
        ))
        .expect("compiles");
        assert!(
            out.contains("y: 2999;") && out.contains("n: 3000;"),
            "{out}"
        );
    }

    /// The vendored grass shares a map's pairs between its copies: a change
    /// made through one copy (merge, remove, set, a function's argument)
    /// never shows in another.
    #[test]
    fn map_copies_stay_apart() {
        let out = css(r#"@use "sass:map";
$a: (x: 1, y: 2);
$d: $a;
$b: map-merge($a, (x: 10, z: 3));
$c: map-remove($a, y);
$e: map.set($d, y, 20);
@function grow($m) { $m: map-merge($m, (w: 0)); @return $m; }
$f: grow($a);
$g: ();
@each $k, $v in $a { $g: map-merge($g, ($k: $v * 2)); }
x { a: inspect($a); b: inspect($b); c: inspect($c); d: inspect($d); e: inspect($e); f: inspect($f); g: inspect($g); }"#)
        .expect("compiles");
        for want in [
            "a: (x: 1, y: 2);",
            "b: (x: 10, y: 2, z: 3);",
            "c: (x: 1);",
            "d: (x: 1, y: 2);",
            "e: (x: 1, y: 20);",
            "f: (x: 1, y: 2, w: 0);",
            "g: (x: 2, y: 4);",
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
    }

    /// The vendored grass runs a function's and an `@each` loop's body in
    /// place (`visit_stmt`): `@if` chains, `@return` from any depth,
    /// variables scoped to a branch and errors behave as before.
    #[test]
    fn function_bodies_run_in_place() {
        let out = css(r#"
$g: 0;
@function pick($n) {
  $local: 1;
  @if $n == 0 { @return zero; }
  @else if $n == 1 { $local: 10; @return $local + $n; }
  @else if $n < 5 {
    @each $i in 1, 2, 3 { @if $i == $n { @return list-#{$i}; } }
    @return none-#{$n};
  }
  @else { $g: $n !global; }
  @return $local + $n;
}
@function first-big($xs) { @each $x in $xs { @if $x > 2 { @return $x; } } @return -1; }
x { a: pick(0); b: pick(1); c: pick(2); d: pick(4); e: pick(7); f: $g; h: first-big(1 2 3 4); i: first-big(1 2); }"#)
        .expect("compiles");
        for want in [
            "a: zero;",
            "b: 11;",
            "c: list-2;",
            "d: none-4;",
            "e: 8;",
            "f: 7;",
            "h: 3;",
            "i: -1;",
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
        let e =
            css(r#"@function f($n) { @if $n { @error "boom #{$n}"; } @return 0; } x { y: f(3) }"#)
                .expect_err("an error inside an @if of a function");
        assert!(e.contains("boom 3"), "{e}");
        let e = css("@function f() { @if true { $x: 1; } @return $x; } x { y: f() }")
            .expect_err("a branch's variable does not outlive it");
        assert!(e.contains("Undefined variable"), "{e}");
    }

    /// The vendored grass evaluates a function call's arguments where the
    /// stylesheet holds them (`eval_args`): positional, named, defaults,
    /// `...` rest and keyword rest, built-in and plain CSS functions, and
    /// the same call made again, all as before.
    #[test]
    fn function_arguments_are_read_in_place() {
        let out = css(r#"@use "sass:map";
@function f($a, $b: 2, $c: 3) { @return $a + $b * 10 + $c * 100; }
@function all($xs...) { @return length($xs) + length(keywords($xs)); }
$m: (k: v, n: w);
$args: (1, 2);
$kw: (b: 5);
x { a: f(1); b: f(1, $c: 4); c: f($b: 7, $a: 1); d: f($args...); e: f(1, $kw...);
    g: all(1, 2, $z: 3); h: map-get($map: $m, $key: n); i: rgba($color: red, $alpha: 0.5);
    j: foo(1, 2px); k: f(1) + f(1); }"#)
        .expect("compiles");
        for want in [
            "a: 321;",
            "b: 421;",
            "c: 371;",
            "d: 321;",
            "e: 351;",
            "g: 3;",
            "h: w;",
            "i: rgba(255, 0, 0, 0.5);",
            "j: foo(1, 2px);",
            "k: 642;",
        ] {
            assert!(out.contains(want), "{want} in {out}");
        }
        let e = css("@function f($a) { @return $a; } x { y: f(1, $b: 1) }")
            .expect_err("an unknown named argument");
        assert!(e.contains("No argument named $b"), "{e}");
        let e = css("x { y: foo($a: 1) }").expect_err("named arguments to plain CSS");
        assert!(e.contains("keyword arguments"), "{e}");
    }

    /// The vendored grass evaluates statements and expressions where the
    /// stylesheet holds them (`visit_stmt`, `visit_expr` by reference):
    /// nested expressions, variables, maps, function calls, `@include` with
    /// arguments, rest arguments and content blocks (`using` too), the
    /// control-flow rules and the same mixin run again give the CSS grass
    /// gave when it copied them.
    #[test]
    fn statements_and_expressions_are_evaluated_in_place() {
        let out = css(r#"@use "sass:map";
@use "sass:math";
$base: 4px !default;
$base: 100px !default;
$breakpoints: (small: 600px, large: (min: 1024px, max: 1440px));
$theme: (primary: #336699, spacing: (s: $base, m: $base * 2, l: ($base * 2) + $base));
$count: 0;
@function space($key, $scale: 1) {
  $value: map-get(map-get($theme, spacing), $key);
  @if $value == null { @return 0; }
  @else if $scale > 1 { @return $value * $scale; }
  @return $value;
}
@function total($xs...) {
  $sum: 0;
  @each $x in $xs { $sum: $sum + $x; }
  @return $sum;
}
@function countdown($n) {
  $out: ();
  @while $n > 0 { $out: append($out, $n); $n: $n - 1; }
  @return $out;
}
@mixin box($pad, $border: 1px, $sides...) {
  padding: $pad (-$pad) math.div($pad, 2);
  border: $border solid if($border > 1px, red, blue);
  @if length($sides) > 0 { sides: $sides; }
  $count: $count + 1 !global;
  @content;
}
@mixin at($name) {
  $bp: map.get($breakpoints, $name);
  @if type-of($bp) == map {
    @media (min-width: map-get($bp, min)) and (max-width: map-get($bp, max)) { @content; }
  } @else {
    @media (min-width: $bp) { @content; }
  }
}
@mixin each-size($sizes...) {
  @each $name, $size in $sizes { @content($name, $size); }
}
.a {
  @include box(space(m), $border: 2px) { color: map-get($theme, primary); }
  @include at(small) { width: calc(100% - #{space(s)}); }
  @include at(large) { width: 50%; }
}
.b { @include box(space(l, 2), 1px, top, left); margin: total(1px, 2px, 3px) not (1 > 2); }
@for $i from 1 through 3 {
  .col-#{$i} { width: percentage(math.div($i, 3)); order: -$i; #{if($i % 2 == 0, even, odd)}: ($i * 2 + 1) * 3; }
}
@each $k, $v in map-get($theme, spacing) { .m-#{$k} { margin: $v; } }
@include each-size((s, 1px), (m, 2px)) using ($n, $s) { .gap-#{$n} { gap: $s * 10; } }
.c { list: countdown(3); n: $count; str: "x-#{1 + 1}-" + unquote("y"); u: foo(1 + 1, $base...); }
.d { @include box(1px) { @at-root .e { w: min(10px, 2px + 3px); } } }
/* #{$count} boxes */
@supports (display: #{grid}) { .f { display: grid; } }"#)
        .expect("compiles");
        assert_eq!(
            out,
            r#".a {
  padding: 8px -8px 4px;
  border: 2px solid red;
  color: #336699;
}
@media (min-width: 600px) {
  .a {
    width: calc(100% - 4px);
  }
}
@media (min-width: 1024px) and (max-width: 1440px) {
  .a {
    width: 50%;
  }
}

.b {
  padding: 24px -24px 12px;
  border: 1px solid blue;
  sides: top, left;
  margin: 6px true;
}

.col-1 {
  width: 33.3333333333%;
  order: -1;
  odd: 9;
}

.col-2 {
  width: 66.6666666667%;
  order: -2;
  even: 15;
}

.col-3 {
  width: 100%;
  order: -3;
  odd: 21;
}

.m-s {
  margin: 4px;
}

.m-m {
  margin: 8px;
}

.m-l {
  margin: 12px;
}

.gap-s {
  gap: 10px;
}

.gap-m {
  gap: 20px;
}

.c {
  list: 3 2 1;
  n: 2;
  str: "x-2-y";
  u: foo(2, 4px);
}

.d {
  padding: 1px -1px 0.5px;
  border: 1px solid blue;
}
.e {
  w: 5px;
}

/* 3 boxes */
@supports (display: grid) {
  .f {
    display: grid;
  }
}
"#
        );
    }

    /// The vendored grass keeps a nested scope's members in one `Frame`,
    /// gives an `@if` clause a scope only when it declares something,
    /// counts the positions a built-in read in bits and lexes bytes
    /// directly: closures see members declared after them, shadowing,
    /// `!global`, content blocks, `*-exists`, variadic built-ins, non-ASCII
    /// text, `\r\n` and form feeds give the CSS (and error position) grass
    /// gave before.
    #[test]
    fn scopes_and_lexing_keep_their_meaning() {
        let out = css(r##"$g: global;
$shadow: outer;
@function add($a, $b: 2) { @return $a + $b; }
.a {
  $shadow: inner;
  @function twice($x) { @return add($x, $x); }
  @mixin late-user { used: late(); }
  @function late() { @return "late #{$shadow}"; }
  @mixin box($w) { $local: $w * 2; width: $local; v: twice($w); }
  @include box(3px);
  @include late-user;
  s: $shadow;
  @if true { plain: yes; n: add(1); }
  @if $g == global { $made: here; m: $made; }
  @else { nope: nope; }
  @each $i in 1, 2 { @if $i == 2 { $shadow: "set-in-if" !global; } e: $i; }
  k: variable-exists(made) mixin-exists(box) function-exists(twice) function-exists(late);
}
.b { s: $shadow; f: function-exists(twice); m: mixin-exists(box); g: global-variable-exists(shadow); }
@if true { $top: 1; .c { t: $top; } }
@if true { .d { t: global-variable-exists(top); } }
@mixin outer { $o: 1; @content; o: $o; }
.e { $o: 5; @include outer { in: $o; $o: 6 !global; } after: $o; }
.f { o: $o; x: map-get((a: (b: 1)), a, b); y: nth(1 2 3, 2); z: join(1 2, 3 4, comma); }
$list: ();
@for $i from 1 through 3 { $list: append($list, $i); }
.g { l: $list; q: "é\"x"; }
"##)
        .expect("compiles");
        assert_eq!(
            out,
            r##"@charset "UTF-8";
.a {
  width: 6px;
  v: 6px;
  used: "late inner";
  s: inner;
  plain: yes;
  n: 3;
  m: here;
  e: 1;
  e: 2;
  k: false true true true;
}

.b {
  s: "set-in-if";
  f: false;
  m: false;
  g: true;
}

.c {
  t: 1;
}

.d {
  t: false;
}

.e {
  in: 5;
  o: 1;
  after: 5;
}

.f {
  o: 6;
  x: 1;
  y: 2;
  z: 1, 2, 3, 4;
}

.g {
  l: 1 2 3;
  q: 'é"x';
}
"##
        );
        let out =
            css(".h {\r\n  a: 1;\r\n\x0c  b: \"caf\u{e9}\";\r}\r\n.i { c: 2 }").expect("compiles");
        assert_eq!(
            out,
            r##"@charset "UTF-8";
.h {
  a: 1;
  b: "café";
}

.i {
  c: 2;
}
"##
        );
        let e = css(".h {\r\n  a: 1;\x0c\r\n  b: \"caf\u{e9}\" $nope;\r\n}")
            .expect_err("an undefined variable");
        assert!(e.contains("./stdin:3:13"), "{e}");
    }

    #[test]
    fn nesting_past_libsass_limit_is_found() {
        let deep = |n: usize| "a{".repeat(n) + "b:c;" + &"}".repeat(n);
        assert_eq!(too_deeply_nested(&deep(512)), None);
        assert_eq!(too_deeply_nested(&deep(513)), Some((1, 1026)));
        let parens = format!("x{{\n y: {}1{} }}", "(".repeat(600), ")".repeat(600));
        assert_eq!(too_deeply_nested(&parens), Some((2, 516)));
        // strings and comments do not count
        let quoted = format!(
            "a{{b: \"{}\"}} /* {} */ // {}",
            "(".repeat(600),
            "[".repeat(600),
            "{".repeat(600)
        );
        assert_eq!(too_deeply_nested(&quoted), None);
    }
}
