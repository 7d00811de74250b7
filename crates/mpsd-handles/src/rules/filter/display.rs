//! The canonical form: keywords in lower case, one space around `and`,
//! `or` and operators, none inside parentheses, strings with `''` for a
//! quote, numbers as Rust writes a double (the shortest decimal that reads
//! back the same, never with an exponent, so always within the grammar).

use std::fmt::{self, Display, Formatter, Write};

use super::{
    Comparison, Direction, Expr, Filter, FilterPath, Lambda, Literal, Operand, OrderBy, Quantifier,
};

impl Display for Filter {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        self.expr().fmt(f)
    }
}

fn joined(f: &mut Formatter<'_>, items: &[Expr], with: &str) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(with)?;
        }
        item.fmt(f)?;
    }
    Ok(())
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Or(items) => joined(f, items, " or "),
            Expr::And(items) => joined(f, items, " and "),
            Expr::Group(inner) => write!(f, "({inner})"),
            Expr::Compare(c) => c.fmt(f),
            Expr::Lambda(l) => l.fmt(f),
            Expr::Path(p) => p.fmt(f),
        }
    }
}

impl Display for Comparison {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.operand {
            Operand::Path(p) => p.fmt(f)?,
            Operand::ToLower(p) => write!(f, "tolower({p})")?,
        }
        write!(f, " {} {}", self.op.as_str(), self.literal)
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::String(s) => {
                f.write_char('\'')?;
                for part in s.split_inclusive('\'') {
                    f.write_str(part)?;
                    if part.ends_with('\'') {
                        f.write_char('\'')?;
                    }
                }
                f.write_char('\'')
            }
            Literal::Number(n) => write!(f, "{n}"),
            Literal::Boolean(b) => write!(f, "{b}"),
        }
    }
}

impl Display for Lambda {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let quantifier = match self.quantifier {
            Quantifier::Any => "any",
            Quantifier::All => "all",
        };
        write!(
            f,
            "{}/{quantifier}({}:{})",
            self.collection, self.variable, self.predicate
        )?;
        if let Some((op, value)) = self.compared {
            write!(f, " {} {value}", op.as_str())?;
        }
        Ok(())
    }
}

impl Display for FilterPath {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Display for OrderBy {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let direction = match self.direction {
            Direction::Asc => "asc",
            Direction::Desc => "desc",
        };
        write!(f, "{} {direction}", self.path)
    }
}
