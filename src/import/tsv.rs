//! A TSV file read as the scripts read it: `pd.read_csv(FILE, sep="\t",
//! header=0)` (publications.py:37, talks.py:36). pandas' C
//! tokenizer with its defaults: `"` quotes a field only when it opens the
//! field (`""` inside is one `"`; text after the closing quote is kept),
//! `\n`, `\r\n` and `\r` end a row, empty lines and lines of spaces are
//! skipped, a UTF-8 BOM is dropped (by [`super::read_input`]), a row with
//! fewer fields than the header is filled with missing values, and a field
//! that is empty or one of pandas' NA words (`NA`, `nan`, `null`...) is
//! missing (`NaN`).

use std::path::Path;

use super::Error;

/// The header and the rows of a TSV file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

/// One row: the line it starts on, and its fields (`None`: missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<Option<String>>,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

impl Row {
    /// The field in column `col` (`None` when missing or past the row).
    pub fn get(&self, col: Option<usize>) -> Option<&str> {
        col.and_then(|c| self.fields.get(c))
            .and_then(|f| f.as_deref())
    }
}

/// pandas' default `na_values` (`pandas._libs.parsers.STR_NA_VALUES`).
const NA_WORDS: &[&str] = &[
    "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
    "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
];

/// Where the tokenizer is (pandas' `tokenizer.c` states).
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    StartRecord,
    /// A line that so far holds only spaces (skipped if it ends so).
    SpaceLine,
    StartField,
    InField,
    InQuoted,
    QuoteInQuoted,
}

/// Split `text` into records of raw fields, each with the line it starts on.
fn records(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let mut fields: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut state = State::StartRecord;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // `\r\n` is one line end (kept as is in a quoted field), as is a lone `\r`.
        let c = if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            if state == State::InQuoted {
                field.push('\r');
            }
            '\n'
        } else {
            c
        };
        if c == '\n' || c == '\r' {
            line += 1;
        }
        let newline = c == '\n' || c == '\r';
        state = match state {
            State::StartRecord if newline => State::StartRecord,
            State::StartRecord if c == ' ' => {
                start_line = line;
                field.push(c);
                State::SpaceLine
            }
            State::SpaceLine if c == ' ' => {
                field.push(c);
                State::SpaceLine
            }
            State::SpaceLine if newline => {
                field.clear();
                State::StartRecord
            }
            State::StartRecord | State::StartField | State::SpaceLine => {
                if state == State::StartRecord {
                    start_line = line;
                }
                // A quote opens a quoted field only as its first character.
                if c == '"' && field.is_empty() {
                    State::InQuoted
                } else {
                    end_or_push(c, &mut field, &mut fields, &mut out, start_line)
                }
            }
            State::InField => end_or_push(c, &mut field, &mut fields, &mut out, start_line),
            State::InQuoted if c == '"' => State::QuoteInQuoted,
            State::InQuoted => {
                field.push(c);
                State::InQuoted
            }
            // `""` in a quoted field is one `"`; other text after the
            // closing quote joins the field.
            State::QuoteInQuoted if c == '"' => {
                field.push('"');
                State::InQuoted
            }
            State::QuoteInQuoted => end_or_push(c, &mut field, &mut fields, &mut out, start_line),
        };
    }
    if !matches!(state, State::StartRecord | State::SpaceLine) {
        fields.push(field);
        out.push((start_line, fields));
    }
    out
}

/// A character in an unquoted field: a tab ends the field, a line end the
/// record; anything else belongs to the field.
fn end_or_push(
    c: char,
    field: &mut String,
    fields: &mut Vec<String>,
    out: &mut Vec<(usize, Vec<String>)>,
    start_line: usize,
) -> State {
    match c {
        '\t' => {
            fields.push(std::mem::take(field));
            State::StartField
        }
        '\n' | '\r' => {
            fields.push(std::mem::take(field));
            out.push((start_line, std::mem::take(fields)));
            State::StartRecord
        }
        _ => {
            field.push(c);
            State::InField
        }
    }
}

/// Parse a TSV file: the first record is the header (`header=0`).
pub fn parse(text: &str, file: &Path) -> Result<Table, Error> {
    let mut recs = records(text).into_iter();
    let Some((_, header)) = recs.next() else {
        return Err(Error::new(
            file,
            Some(1),
            "the file is empty: it needs a header row (column names, tab-separated)",
        ));
    };
    let mut rows = Vec::new();
    for (line, raw) in recs {
        if raw.len() > header.len() {
            // pandas: "Error tokenizing data. C error: Expected 8 fields in line 5, saw 9"
            let first = raw.first().cloned().unwrap_or_default();
            return Err(Error::new(
                file,
                Some(line),
                format!(
                    "expected {} tab-separated fields (as in the header), saw {}: \
                     remove the extra tabs or quote the field",
                    header.len(),
                    raw.len()
                ),
            )
            .entry(first));
        }
        let fields = raw
            .into_iter()
            .map(|f| (!NA_WORDS.contains(&f.as_str())).then_some(f))
            .collect();
        rows.push(Row { line, fields });
    }
    Ok(Table { header, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_pandas() {
        // Each expectation printed by pandas 3.0's read_csv(sep="\\t", header=0).
        let text = "a\tb\tc\n1x\t\"q\"z\t\"multi\nline \"\"x\"\"\"\n   \n\t\t\n\n2x\tNA\n3x\t  \"q\"\t\r\n4x\tN/A\tnull\r";
        let t = parse(text, Path::new("e.tsv")).expect("parses");
        let rows: Vec<(usize, Vec<Option<&str>>)> = t
            .rows
            .iter()
            .map(|r| (r.line, r.fields.iter().map(|f| f.as_deref()).collect()))
            .collect();
        assert_eq!(
            rows,
            [
                (2, vec![Some("1x"), Some("qz"), Some("multi\nline \"x\"")]),
                (5, vec![None, None, None]),
                (7, vec![Some("2x"), None]),
                (8, vec![Some("3x"), Some("  \"q\""), None]),
                (9, vec![Some("4x"), None, None]),
            ]
        );
    }
}
