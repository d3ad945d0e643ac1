//! `_data`: reading the folder into `site.data`, and the file formats
//! besides YAML: JSON, CSV and TSV (headers → hashes).

use std::path::Path;

use chrono::NaiveDateTime;

use super::entries::read_text;
use super::reader::split_ext;
use crate::error::{Error, Result};
use crate::liquid::{Map, Value};
use crate::yaml;

pub fn parse_json(text: &str) -> Result<Value, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "JSON error at line {}, column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    Ok(from_json(&v))
}

pub fn from_json(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Value::from(s.as_str()),
        serde_json::Value::Array(a) => Value::array(a.iter().map(from_json).collect()),
        serde_json::Value::Object(o) => {
            let mut m = Map::default();
            for (k, v) in o {
                m.insert(k.clone(), from_json(v));
            }
            Value::hash(m)
        }
    }
}

/// CSV with a header row, as `CSV.read(path, headers: true)` then `row.to_hash`.
pub fn parse_csv(text: &str, sep: u8) -> Value {
    let rows = split_rows(text, sep as char);
    let mut it = rows.into_iter();
    let header = match it.next() {
        Some(h) => h,
        None => return Value::array(Vec::new()),
    };
    let mut out = Vec::new();
    for row in it {
        let mut m = Map::default();
        for (i, h) in header.iter().enumerate() {
            // Ruby's CSV: an unquoted empty field is nil, `""` is an empty string.
            let v = match row.get(i) {
                Some(Some(s)) => Value::from(s.as_str()),
                _ => Value::Nil,
            };
            m.entry(h.clone().unwrap_or_default()).or_insert(v);
        }
        out.push(Value::hash(m));
    }
    Value::array(out)
}

/// Rows of fields; `None` is an unquoted empty field.
fn split_rows(text: &str, sep: char) -> Vec<Vec<Option<String>>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let take = |field: &mut String, was_quoted: &mut bool| {
        let f = std::mem::take(field);
        let q = std::mem::replace(was_quoted, false);
        (q || !f.is_empty()).then_some(f)
    };
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                quoted = true;
                was_quoted = true;
            }
            c if c == sep => row.push(take(&mut field, &mut was_quoted)),
            '\r' => {}
            '\n' => {
                row.push(take(&mut field, &mut was_quoted));
                rows.push(std::mem::take(&mut row));
                any = false;
            }
            c => field.push(c),
        }
    }
    if any {
        row.push(take(&mut field, &mut was_quoted));
        rows.push(row);
    }
    rows
}

impl super::reader::Reader<'_> {
    /// `site.data` from `dir`: every data file (memoized by stamp when the
    /// site has a memo) and sub-folder, keyed as Jekyll keys them.
    pub(super) fn read_data_dir(&mut self, dir: &Path) -> Result<Value> {
        let mut map = Map::default();
        let fs = self.fs();
        if !fs.is_dir(dir) {
            return Ok(Value::hash(map));
        }
        let rel_base = dir
            .strip_prefix(&self.site.config.source)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Jekyll's DataReader lists `Dir["*.{yaml,yml,json,csv,tsv}"]` (each
        // brace alternative sorted on its own) and then the sub-folders, so
        // `site.data` keys come in that order.
        let listing = fs.list(dir);
        let names: Vec<&String> = listing.iter().map(|(n, _)| n).collect();
        let mut entries: Vec<String> = Vec::new();
        for ext in [".yaml", ".yml", ".json", ".csv", ".tsv"] {
            entries.extend(
                names
                    .iter()
                    .filter(|n| !n.starts_with('.') && n.ends_with(ext) && !fs.is_dir(&dir.join(n)))
                    .map(|n| n.to_string()),
            );
        }
        entries.extend(
            names
                .iter()
                .filter(|n| !n.starts_with('.') && fs.is_dir(&dir.join(n)))
                .map(|n| n.to_string()),
        );
        for entry in entries {
            if !self.filter().keep(&rel_base, &entry) {
                continue;
            }
            let path = dir.join(&entry);
            let key = sanitize_data_key(&entry);
            if fs.is_dir(&path) {
                let v = self.read_data_dir(&path)?;
                map.insert(key, v);
                continue;
            }
            let (stem, ext) = split_ext(&entry);
            let key = sanitize_data_key(&stem);
            let memo = self.site.memo.clone();
            let stamp = memo.as_ref().and_then(|m| m.stamp(&path));
            if let (Some(m), Some(st)) = (&memo, stamp) {
                if let Some(v) = m.data(&path, st) {
                    map.insert(key, v);
                    continue;
                }
            }
            let text = read_text(&path)?;
            let cfg = &self.site.config;
            let tz = cfg.timezone;
            let local = move |t: &NaiveDateTime| crate::config::offset_at_utc(tz, t);
            let v = match ext.to_lowercase().as_str() {
                ".yml" | ".yaml" => yaml::parse(&text, &local)
                    .map_err(|e| Error::Yaml {
                        path: path.clone(),
                        line: e.line,
                        col: e.col,
                        message: e.message,
                    })
                    .and_then(|v| {
                        crate::liquid::value_depth::within_depth(v).ok_or_else(|| Error::Yaml {
                            path: path.clone(),
                            line: 1,
                            col: 0,
                            message: crate::liquid::value_depth::TOO_DEEP.into(),
                        })
                    })?,
                ".json" => crate::site::data::parse_json(&text).map_err(|m| Error::Config {
                    path: path.clone(),
                    message: m,
                })?,
                ".csv" => crate::site::data::parse_csv(&text, b','),
                ".tsv" => crate::site::data::parse_csv(&text, b'\t'),
                _ => continue,
            };
            if let (Some(m), Some(st)) = (&memo, stamp) {
                m.remember_data(&path, st, v.clone());
            }
            map.insert(key, v);
        }
        Ok(Value::hash(map))
    }
}

/// `DataReader#sanitize_filename`.
fn sanitize_data_key(name: &str) -> String {
    let kept: String = name
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    let trimmed = kept.trim();
    trimmed.split_whitespace().collect::<Vec<_>>().join("_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows() {
        let v = parse_csv("a,b\n1,\"x, y\"\n2,z\n", b',');
        let Value::Array(a) = v else { panic!() };
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].get("b").as_str(), Some("x, y"));
    }

    #[test]
    fn csv_empty_fields_as_ruby() {
        // ruby -rcsv -e 'p CSV.parse("a,b,c\n,\"\",x\n", headers: true).map(&:to_h)'
        // => [{"a"=>nil, "b"=>"", "c"=>"x"}]
        let v = parse_csv("a,b,c\n,\"\",x\n", b',');
        let Value::Array(a) = v else { panic!() };
        assert!(matches!(a[0].get("a"), Value::Nil));
        assert_eq!(a[0].get("b").as_str(), Some(""));
        assert_eq!(a[0].get("c").as_str(), Some("x"));
    }
}
