//! Conditions (`if`, `unless`, `elsif`, `case`/`when`, `where_exp`): a
//! chain of comparisons joined by `and`/`or`, evaluated right to left as
//! Ruby Liquid does, link by link.

use super::ast::*;
use super::expr::Expr;
use super::lookup::contains;
use super::render::{rerr, RResult, Renderer};
use super::ruby;
use super::value::Value;

impl Renderer<'_> {
    pub(super) fn eval_cond(&mut self, c: &Cond, line: u32) -> RResult<bool> {
        let mut c = c;
        loop {
            let r = self.interpret(c, line)?;
            match &c.child {
                Some((true, next)) => {
                    if !r {
                        return Ok(false);
                    }
                    c = next;
                }
                Some((false, next)) => {
                    if r {
                        return Ok(true);
                    }
                    c = next;
                }
                None => return Ok(r),
            }
        }
    }

    fn interpret(&mut self, c: &Cond, line: u32) -> RResult<bool> {
        let Some((op, op_s)) = &c.op else {
            return Ok(match &c.left {
                Expr::Blank | Expr::Empty => true,
                e => self.eval(e)?.is_truthy(),
            });
        };
        let lit = |e: &Expr| matches!(e, Expr::Blank | Expr::Empty);
        if matches!(op, Op::Eq | Op::Ne) && (lit(&c.left) || lit(&c.right)) {
            let (m, other) = if lit(&c.left) {
                (&c.left, &c.right)
            } else {
                (&c.right, &c.left)
            };
            let v = if lit(other) {
                Value::Nil
            } else {
                self.eval(other)?
            };
            // Ruby Liquid 5.4: `blank?` exists on nothing (no ActiveSupport); `empty?` on strings, arrays, hashes.
            let r = match m {
                Expr::Empty => ruby::is_empty(&v).unwrap_or(false),
                _ => false,
            };
            let responds = matches!(m, Expr::Empty) && ruby::is_empty(&v).is_some();
            return Ok(if *op == Op::Eq { r } else { !(r && responds) });
        }
        let l = self.eval(&c.left)?;
        let r = self.eval(&c.right)?;
        Ok(match op {
            Op::Eq => ruby::equal(&l, &r),
            Op::Ne => !ruby::equal(&l, &r),
            Op::Contains => contains(&l, &r),
            Op::Lt | Op::Gt | Op::Le | Op::Ge => {
                let comparable = |v: &Value| {
                    matches!(
                        v,
                        Value::Int(_)
                            | Value::Float(_)
                            | Value::Str(_)
                            | Value::Time(_)
                            | Value::Date(_)
                    )
                };
                if !comparable(&l) || !comparable(&r) {
                    return Ok(false);
                }
                let Some(o) = ruby::compare(&l, &r) else {
                    return Err(rerr(ruby::comparison_error(&l, &r), line));
                };
                match op {
                    Op::Lt => o.is_lt(),
                    Op::Gt => o.is_gt(),
                    Op::Le => o.is_le(),
                    _ => o.is_ge(),
                }
            }
            Op::Unknown => return Err(rerr(format!("Unknown operator {op_s}"), line)),
        })
    }

    pub fn eval_cond_pub(&mut self, c: &Cond) -> RResult<bool> {
        self.eval_cond(c, 0)
    }
}
