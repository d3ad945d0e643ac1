//! Lexers whose Ruby blocks are all plain calls (`groups`, `token`,
//! `push`, `pop!`, `goto`): their generated tables are the whole port.

macro_rules! auto_lexers {
    ($($m:ident => $tag:literal,)*) => {
        $(
            mod $m {
                use std::sync::LazyLock;

                use crate::highlight::engine::{Compiled, Hooks, Machine};
                use crate::highlight::tables::$m as t;

                static COMPILED: LazyLock<Compiled> =
                    LazyLock::new(|| Compiled::new(t::STATES));

                pub struct L;

                impl Hooks for L {
                    fn compiled() -> &'static Compiled {
                        &COMPILED
                    }
                }

                pub fn new() -> Machine<L> {
                    Machine::new(L)
                }
            }
        )*

        /// The tags of these lexers.
        #[cfg(test)]
        pub const TAGS: &[&str] = &[$($tag),*];

        /// A fresh lexer for , if it is one of these.
        pub fn new(tag: &str) -> Option<Box<dyn crate::highlight::engine::Lex>> {
            use crate::highlight::engine::Lex;
            Some(match tag {
                $($tag => Box::new($m::new()) as Box<dyn Lex>,)*
                _ => return None,
            })
        }

        /// The compiled tables of , if it is one of these.
        #[cfg(test)]
        pub fn compiled(tag: &str) -> Option<&'static crate::highlight::engine::Compiled> {
            use crate::highlight::engine::Hooks;
            Some(match tag {
                $($tag => $m::L::compiled(),)*
                _ => return None,
            })
        }
    };
}

auto_lexers! {
    applescript => "applescript",
    armasm => "armasm",
    bbcbasic => "bbcbasic",
    bsl => "bsl",
    cmhg => "cmhg",
    conf => "conf",
    csvs => "csvs",
    d => "d",
    eiffel => "eiffel",
    elm => "elm",
    fluent => "fluent",
    gdscript => "gdscript",
    hocon => "hocon",
    jsl => "jsl",
    json_doc => "json-doc",
    kotlin => "kotlin",
    mosel => "mosel",
    msgtrans => "msgtrans",
    nasm => "nasm",
    nim => "nim",
    pascal => "pascal",
    plist => "plist",
    postscript => "postscript",
    properties => "properties",
    ssh => "ssh",
    systemd => "systemd",
    tap => "tap",
    turtle => "turtle",
    vala => "vala",
    xojo => "xojo",
    bpf => "bpf",
    erlang => "erlang",
    ghc_core => "ghc-core",
    idris => "idris",
    magik => "magik",
    nginx => "nginx",
    praat => "praat",
    protobuf => "protobuf",
    scala => "scala",
    smalltalk => "smalltalk",
    tulip => "tulip",
    xpath => "xpath",
}
