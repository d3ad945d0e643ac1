pub use args::*;
pub(crate) use css::*;
pub use expr::*;
pub use interpolation::*;
pub(crate) use media::*;
pub(crate) use mixin::*;
pub use stmt::*;
pub(crate) use style::*;
pub(crate) use unknown::*;

pub use args::ArgumentResult;

mod args;
mod css;
mod expr;
mod interpolation;
mod media;
mod mixin;
mod stmt;
mod style;
mod unknown;
