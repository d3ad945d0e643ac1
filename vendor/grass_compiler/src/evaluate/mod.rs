pub(crate) use bin_op::{cmp, div};
pub(crate) use env::Environment;
pub use visitor::Visitor;

mod bin_op;
mod css_tree;
mod env;
mod scope;
mod visitor;
