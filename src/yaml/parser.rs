//! Tokens → events, libyaml 0.2.5's parser state machine (an explicit state
//! stack: no recursion, however deep the document), with its tag directives
//! and its quirks (`[? : x]` is refused, as there).

use super::scanner::{Mark, Scanner, Style, Tok};
use super::YamlError;

type Result<T> = std::result::Result<T, YamlError>;

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias {
        anchor: String,
    },
    Scalar {
        anchor: Option<String>,
        tag: Option<String>,
        value: String,
        /// untagged and plain (or tagged `!`): resolved by the scalar rules
        plain_implicit: bool,
        /// untagged and not plain: a string
        quoted_implicit: bool,
        style: Style,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: Option<String>,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: Option<String>,
    },
    MappingEnd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

pub(super) struct Parser<'a> {
    scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    tag_directives: Vec<(String, String)>,
}

fn error<T>(problem: &str, at: Mark, context: Option<(&str, Mark)>) -> Result<T> {
    Err(YamlError::new(problem.to_string(), at, context))
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Parser<'a> {
        Parser {
            scanner: Scanner::new(src),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        }
    }

    /// The next event and where it starts; `None` after the stream's end.
    pub fn next_event(&mut self) -> Result<Option<(Event, Mark)>> {
        if self.state == State::End {
            return Ok(None);
        }
        self.state_machine().map(Some)
    }

    /// The next token's kind and place; its text (a scalar's, an anchor's, a
    /// tag's) is left for `take`.
    fn peek(&mut self) -> Result<(Tok, Mark, Mark)> {
        let t = self.scanner.peek()?;
        let tok = match &t.tok {
            Tok::Scalar(_, style) => Tok::Scalar(String::new(), *style),
            Tok::Alias(_) => Tok::Alias(String::new()),
            Tok::Anchor(_) => Tok::Anchor(String::new()),
            Tok::Tag(..) => Tok::Tag(String::new(), String::new()),
            other => other.clone(),
        };
        Ok((tok, t.start, t.end))
    }

    fn skip(&mut self) {
        self.scanner.skip_token();
    }

    /// Consume the next token (peeked already), with its text.
    fn take(&mut self) -> Tok {
        self.scanner.take_token().map_or(Tok::StreamEnd, |t| t.tok)
    }

    fn pop_state(&mut self) -> State {
        self.states.pop().unwrap_or(State::End)
    }

    fn pop_mark(&mut self) -> Mark {
        self.marks.pop().unwrap_or_default()
    }

    fn state_machine(&mut self) -> Result<(Event, Mark)> {
        match self.state {
            State::StreamStart => self.stream_start(),
            State::ImplicitDocumentStart => self.document_start(true),
            State::DocumentStart => self.document_start(false),
            State::DocumentContent => self.document_content(),
            State::DocumentEnd => self.document_end(),
            State::BlockNode => self.node(true, false),
            State::BlockSequenceFirstEntry => self.block_sequence_entry(true),
            State::BlockSequenceEntry => self.block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.block_mapping_key(true),
            State::BlockMappingKey => self.block_mapping_key(false),
            State::BlockMappingValue => self.block_mapping_value(),
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true),
            State::FlowSequenceEntry => self.flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => self.flow_sequence_entry_mapping_key(),
            State::FlowSequenceEntryMappingValue => self.flow_sequence_entry_mapping_value(),
            State::FlowSequenceEntryMappingEnd => self.flow_sequence_entry_mapping_end(),
            State::FlowMappingFirstKey => self.flow_mapping_key(true),
            State::FlowMappingKey => self.flow_mapping_key(false),
            State::FlowMappingValue => self.flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.flow_mapping_value(true),
            State::End => error("no event after the stream's end", Mark::default(), None),
        }
    }

    fn stream_start(&mut self) -> Result<(Event, Mark)> {
        let (tok, start, _) = self.peek()?;
        if tok != Tok::StreamStart {
            return error("did not find expected <stream-start>", start, None);
        }
        self.state = State::ImplicitDocumentStart;
        self.skip();
        Ok((Event::StreamStart, start))
    }

    fn document_start(&mut self, implicit: bool) -> Result<(Event, Mark)> {
        let (mut tok, mut start, _) = self.peek()?;
        if !implicit {
            while tok == Tok::DocumentEnd {
                self.skip();
                (tok, start, _) = self.peek()?;
            }
        }
        let directive = matches!(tok, Tok::VersionDirective(..) | Tok::TagDirective(..));
        if implicit && !directive && tok != Tok::DocumentStart && tok != Tok::StreamEnd {
            self.process_directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            return Ok((Event::DocumentStart, start));
        }
        if tok != Tok::StreamEnd {
            self.process_directives()?;
            let (tok, at, _) = self.peek()?;
            if tok != Tok::DocumentStart {
                return error("did not find expected <document start>", at, None);
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip();
            return Ok((Event::DocumentStart, start));
        }
        self.state = State::End;
        self.skip();
        Ok((Event::StreamEnd, start))
    }

    fn process_directives(&mut self) -> Result<()> {
        let mut version_seen = false;
        let mut directives: Vec<(String, String)> = Vec::new();
        loop {
            let (tok, start, _) = self.peek()?;
            match tok {
                Tok::VersionDirective(major, minor) => {
                    if version_seen {
                        return error("found duplicate %YAML directive", start, None);
                    }
                    if major != 1 || (minor != 1 && minor != 2) {
                        return error("found incompatible YAML document", start, None);
                    }
                    version_seen = true;
                }
                Tok::TagDirective(handle, prefix) => {
                    if directives.iter().any(|(h, _)| *h == handle) {
                        return error("found duplicate %TAG directive", start, None);
                    }
                    directives.push((handle, prefix));
                }
                _ => break,
            }
            self.skip();
        }
        for (h, p) in [("!", "!"), ("!!", "tag:yaml.org,2002:")] {
            if !directives.iter().any(|(dh, _)| dh == h) {
                directives.push((h.to_string(), p.to_string()));
            }
        }
        self.tag_directives = directives;
        Ok(())
    }

    fn document_content(&mut self) -> Result<(Event, Mark)> {
        let (tok, start, _) = self.peek()?;
        if matches!(
            tok,
            Tok::VersionDirective(..)
                | Tok::TagDirective(..)
                | Tok::DocumentStart
                | Tok::DocumentEnd
                | Tok::StreamEnd
        ) {
            self.state = self.pop_state();
            return Ok((empty_scalar(), start));
        }
        self.node(true, false)
    }

    fn document_end(&mut self) -> Result<(Event, Mark)> {
        let (tok, start, _) = self.peek()?;
        if tok == Tok::DocumentEnd {
            self.skip();
        }
        self.tag_directives.clear();
        self.state = State::DocumentStart;
        Ok((Event::DocumentEnd, start))
    }

    fn node(&mut self, block: bool, indentless_sequence: bool) -> Result<(Event, Mark)> {
        let (mut tok, mut start, _) = self.peek()?;
        if let Tok::Alias(_) = tok {
            self.state = self.pop_state();
            let Tok::Alias(name) = self.take() else {
                return error("an alias went missing", start, None);
            };
            return Ok((Event::Alias { anchor: name }, start));
        }
        let node_start = start;
        let mut anchor = None;
        let mut tag_parts: Option<(String, String, Mark)> = None;
        let take_tag = |p: &mut Parser, at: Mark| match p.take() {
            Tok::Tag(h, s) => Some((h, s, at)),
            _ => None,
        };
        let take_anchor = |p: &mut Parser| match p.take() {
            Tok::Anchor(name) => Some(name),
            _ => None,
        };
        if let Tok::Anchor(_) = &tok {
            anchor = take_anchor(self);
            (tok, start, _) = self.peek()?;
            if let Tok::Tag(..) = &tok {
                tag_parts = take_tag(self, start);
                (tok, start, _) = self.peek()?;
            }
        } else if let Tok::Tag(..) = &tok {
            tag_parts = take_tag(self, start);
            (tok, start, _) = self.peek()?;
            if let Tok::Anchor(_) = &tok {
                anchor = take_anchor(self);
                (tok, start, _) = self.peek()?;
            }
        }
        let mut tag = None;
        if let Some((handle, suffix, tag_mark)) = tag_parts {
            if handle.is_empty() {
                tag = Some(suffix);
            } else {
                match self.tag_directives.iter().find(|(h, _)| *h == handle) {
                    Some((_, prefix)) => tag = Some(format!("{prefix}{suffix}")),
                    None => {
                        return error(
                            "found undefined tag handle",
                            tag_mark,
                            Some(("while parsing a node", node_start)),
                        )
                    }
                }
            }
        }
        if indentless_sequence && tok == Tok::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            return Ok((Event::SequenceStart { anchor, tag }, node_start));
        }
        match tok {
            Tok::Scalar(_, style) => {
                let plain_implicit =
                    (style == Style::Plain && tag.is_none()) || tag.as_deref() == Some("!");
                let quoted_implicit = !plain_implicit && tag.is_none();
                self.state = self.pop_state();
                let Tok::Scalar(value, _) = self.take() else {
                    return error("a scalar went missing", start, None);
                };
                Ok((
                    Event::Scalar {
                        anchor,
                        tag,
                        value,
                        plain_implicit,
                        quoted_implicit,
                        style,
                    },
                    node_start,
                ))
            }
            Tok::FlowSequenceStart => {
                self.state = State::FlowSequenceFirstEntry;
                Ok((Event::SequenceStart { anchor, tag }, node_start))
            }
            Tok::FlowMappingStart => {
                self.state = State::FlowMappingFirstKey;
                Ok((Event::MappingStart { anchor, tag }, node_start))
            }
            Tok::BlockSequenceStart if block => {
                self.state = State::BlockSequenceFirstEntry;
                Ok((Event::SequenceStart { anchor, tag }, node_start))
            }
            Tok::BlockMappingStart if block => {
                self.state = State::BlockMappingFirstKey;
                Ok((Event::MappingStart { anchor, tag }, node_start))
            }
            _ if anchor.is_some() || tag.is_some() => {
                self.state = self.pop_state();
                Ok((
                    Event::Scalar {
                        anchor,
                        tag,
                        value: String::new(),
                        plain_implicit: true,
                        quoted_implicit: false,
                        style: Style::Plain,
                    },
                    node_start,
                ))
            }
            _ => {
                let context = if block {
                    "while parsing a block node"
                } else {
                    "while parsing a flow node"
                };
                error(
                    "did not find expected node content",
                    start,
                    Some((context, node_start)),
                )
            }
        }
    }

    fn block_sequence_entry(&mut self, first: bool) -> Result<(Event, Mark)> {
        if first {
            let (_, start, _) = self.peek()?;
            self.marks.push(start);
            self.skip();
        }
        let (tok, start, end) = self.peek()?;
        match tok {
            Tok::BlockEntry => {
                self.skip();
                let (tok, _, _) = self.peek()?;
                if tok != Tok::BlockEntry && tok != Tok::BlockEnd {
                    self.states.push(State::BlockSequenceEntry);
                    self.node(true, false)
                } else {
                    self.state = State::BlockSequenceEntry;
                    Ok((empty_scalar(), end))
                }
            }
            Tok::BlockEnd => {
                self.state = self.pop_state();
                self.pop_mark();
                self.skip();
                Ok((Event::SequenceEnd, start))
            }
            _ => {
                let m = self.pop_mark();
                error(
                    "did not find expected '-' indicator",
                    start,
                    Some(("while parsing a block collection", m)),
                )
            }
        }
    }

    fn indentless_sequence_entry(&mut self) -> Result<(Event, Mark)> {
        let (tok, start, end) = self.peek()?;
        if tok == Tok::BlockEntry {
            self.skip();
            let (tok, _, _) = self.peek()?;
            if !matches!(tok, Tok::BlockEntry | Tok::Key | Tok::Value | Tok::BlockEnd) {
                self.states.push(State::IndentlessSequenceEntry);
                self.node(true, false)
            } else {
                self.state = State::IndentlessSequenceEntry;
                Ok((empty_scalar(), end))
            }
        } else {
            self.state = self.pop_state();
            Ok((Event::SequenceEnd, start))
        }
    }

    fn block_mapping_key(&mut self, first: bool) -> Result<(Event, Mark)> {
        if first {
            let (_, start, _) = self.peek()?;
            self.marks.push(start);
            self.skip();
        }
        let (tok, start, end) = self.peek()?;
        match tok {
            Tok::Key => {
                self.skip();
                let (tok, _, _) = self.peek()?;
                if !matches!(tok, Tok::Key | Tok::Value | Tok::BlockEnd) {
                    self.states.push(State::BlockMappingValue);
                    self.node(true, true)
                } else {
                    self.state = State::BlockMappingValue;
                    Ok((empty_scalar(), end))
                }
            }
            Tok::BlockEnd => {
                self.state = self.pop_state();
                self.pop_mark();
                self.skip();
                Ok((Event::MappingEnd, start))
            }
            _ => {
                let m = self.pop_mark();
                error(
                    "did not find expected key",
                    start,
                    Some(("while parsing a block mapping", m)),
                )
            }
        }
    }

    fn block_mapping_value(&mut self) -> Result<(Event, Mark)> {
        let (tok, start, end) = self.peek()?;
        if tok == Tok::Value {
            self.skip();
            let (tok, _, _) = self.peek()?;
            if !matches!(tok, Tok::Key | Tok::Value | Tok::BlockEnd) {
                self.states.push(State::BlockMappingKey);
                self.node(true, true)
            } else {
                self.state = State::BlockMappingKey;
                Ok((empty_scalar(), end))
            }
        } else {
            self.state = State::BlockMappingKey;
            Ok((empty_scalar(), start))
        }
    }

    fn flow_sequence_entry(&mut self, first: bool) -> Result<(Event, Mark)> {
        if first {
            let (_, start, _) = self.peek()?;
            self.marks.push(start);
            self.skip();
        }
        let (mut tok, mut start, _) = self.peek()?;
        if tok != Tok::FlowSequenceEnd {
            if !first {
                if tok == Tok::FlowEntry {
                    self.skip();
                    (tok, start, _) = self.peek()?;
                } else {
                    let m = self.pop_mark();
                    return error(
                        "did not find expected ',' or ']'",
                        start,
                        Some(("while parsing a flow sequence", m)),
                    );
                }
            }
            if tok == Tok::Key {
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok((
                    Event::MappingStart {
                        anchor: None,
                        tag: None,
                    },
                    start,
                ));
            }
            if tok != Tok::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.pop_mark();
        self.skip();
        Ok((Event::SequenceEnd, start))
    }

    fn flow_sequence_entry_mapping_key(&mut self) -> Result<(Event, Mark)> {
        let (tok, _, end) = self.peek()?;
        if !matches!(tok, Tok::Value | Tok::FlowEntry | Tok::FlowSequenceEnd) {
            self.states.push(State::FlowSequenceEntryMappingValue);
            return self.node(false, false);
        }
        // libyaml consumes the token after an empty key here (so `[? : x]`
        // and `[? , x]` end up refused)
        self.skip();
        self.state = State::FlowSequenceEntryMappingValue;
        Ok((empty_scalar(), end))
    }

    fn flow_sequence_entry_mapping_value(&mut self) -> Result<(Event, Mark)> {
        let (tok, start, _) = self.peek()?;
        if tok == Tok::Value {
            self.skip();
            let (tok, start, _) = self.peek()?;
            if tok != Tok::FlowEntry && tok != Tok::FlowSequenceEnd {
                self.states.push(State::FlowSequenceEntryMappingEnd);
                return self.node(false, false);
            }
            self.state = State::FlowSequenceEntryMappingEnd;
            return Ok((empty_scalar(), start));
        }
        self.state = State::FlowSequenceEntryMappingEnd;
        Ok((empty_scalar(), start))
    }

    fn flow_sequence_entry_mapping_end(&mut self) -> Result<(Event, Mark)> {
        let (_, start, _) = self.peek()?;
        self.state = State::FlowSequenceEntry;
        Ok((Event::MappingEnd, start))
    }

    fn flow_mapping_key(&mut self, first: bool) -> Result<(Event, Mark)> {
        if first {
            let (_, start, _) = self.peek()?;
            self.marks.push(start);
            self.skip();
        }
        let (mut tok, mut start, _) = self.peek()?;
        if tok != Tok::FlowMappingEnd {
            if !first {
                if tok == Tok::FlowEntry {
                    self.skip();
                    (tok, start, _) = self.peek()?;
                } else {
                    let m = self.pop_mark();
                    return error(
                        "did not find expected ',' or '}'",
                        start,
                        Some(("while parsing a flow mapping", m)),
                    );
                }
            }
            if tok == Tok::Key {
                self.skip();
                let (tok, start, _) = self.peek()?;
                if !matches!(tok, Tok::Value | Tok::FlowEntry | Tok::FlowMappingEnd) {
                    self.states.push(State::FlowMappingValue);
                    return self.node(false, false);
                }
                self.state = State::FlowMappingValue;
                return Ok((empty_scalar(), start));
            }
            if tok != Tok::FlowMappingEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.pop_mark();
        self.skip();
        Ok((Event::MappingEnd, start))
    }

    fn flow_mapping_value(&mut self, empty: bool) -> Result<(Event, Mark)> {
        let (tok, start, _) = self.peek()?;
        if empty {
            self.state = State::FlowMappingKey;
            return Ok((empty_scalar(), start));
        }
        if tok == Tok::Value {
            self.skip();
            let (tok, start, _) = self.peek()?;
            if tok != Tok::FlowEntry && tok != Tok::FlowMappingEnd {
                self.states.push(State::FlowMappingKey);
                return self.node(false, false);
            }
            self.state = State::FlowMappingKey;
            return Ok((empty_scalar(), start));
        }
        self.state = State::FlowMappingKey;
        Ok((empty_scalar(), start))
    }
}

fn empty_scalar() -> Event {
    Event::Scalar {
        anchor: None,
        tag: None,
        value: String::new(),
        plain_implicit: true,
        quoted_implicit: false,
        style: Style::Plain,
    }
}
