//! Test support for the parser's shortcuts (HTML blocks settled early, raw
//! HTML written ahead): random documents must convert the same with a
//! shortcut and without it, under the option sets that change HTML blocks.

use super::Parser;
use crate::markdown::Options;

/// A seeded xorshift: `next(n)` picks a number below `n`.
pub(super) fn picker(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

/// Raw HTML blocks (Jekyll's default), parsed ones, hard wraps.
pub(super) fn option_sets() -> [Options; 3] {
    [
        Options::default(),
        Options {
            parse_block_html: true,
            ..Options::default()
        },
        Options {
            hard_wrap: true,
            ..Options::default()
        },
    ]
}

/// `src` converted by a parser that `set` configured.
pub(super) fn to_html(opts: &Options, src: &str, set: impl FnOnce(&mut Parser)) -> String {
    let mut p = Parser::new(opts);
    set(&mut p);
    let doc = p.parse(src).expect("small input");
    crate::markdown::convert::Converter::new(&doc).convert_doc()
}
