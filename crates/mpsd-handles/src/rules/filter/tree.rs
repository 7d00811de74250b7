//! What the parser makes of a filter: the syntax tree ([`Build`]), or
//! nothing but the verdict ([`Check`], what validation needs: no node is
//! allocated or moved).

use compact_str::CompactString;

use super::{
    AttributeType, CompareOp, Comparison, Expr, FilterPath, Lambda, Literal, Operand, Quantifier,
};

/// A literal as read, its string as the tree keeps it.
pub(super) enum Lit<S> {
    String(S),
    Number(f64),
    Boolean(bool),
}

/// A lambda's parts, before what may follow it (`eq true`).
pub(super) struct LambdaParts<'s, B: Tree> {
    pub(super) collection: B::Path,
    pub(super) quantifier: Quantifier,
    pub(super) variable: &'s str,
    pub(super) predicate: B::Expr,
}

/// How the parser's findings become a result.
pub(super) trait Tree: Sized {
    type Expr;
    type Path;
    type Str: Default;
    /// The items of an `and`.
    type List;

    fn path(text: &str, typed: Option<AttributeType>) -> Self::Path;
    fn push_str(s: &mut Self::Str, part: &str);
    fn bare(path: Self::Path) -> Self::Expr;
    fn compare(
        path: Self::Path,
        tolower: bool,
        op: CompareOp,
        literal: Lit<Self::Str>,
    ) -> Self::Expr;
    fn lambda(parts: LambdaParts<'_, Self>, compared: Option<(CompareOp, bool)>) -> Self::Expr;
    fn group(inner: Self::Expr) -> Self::Expr;
    fn list(first: Self::Expr, second: Self::Expr) -> Self::List;
    fn push(list: &mut Self::List, item: Self::Expr);
    fn and(list: Self::List) -> Self::Expr;
    fn or(first: Self::Expr, second: Self::Expr) -> Self::Expr;
    /// Whether `expr` is an `or`, perhaps inside groups (O1).
    fn or_at_root(expr: &Self::Expr) -> bool;
}

/// The syntax tree.
pub(super) struct Build;

impl Tree for Build {
    type Expr = Expr;
    type Path = FilterPath;
    type Str = String;
    type List = Vec<Expr>;

    fn path(text: &str, typed: Option<AttributeType>) -> FilterPath {
        FilterPath {
            text: CompactString::from(text),
            typed,
        }
    }
    fn push_str(s: &mut String, part: &str) {
        s.push_str(part);
    }
    fn bare(path: FilterPath) -> Expr {
        Expr::Path(path)
    }
    fn compare(path: FilterPath, tolower: bool, op: CompareOp, literal: Lit<String>) -> Expr {
        let operand = if tolower {
            Operand::ToLower(path)
        } else {
            Operand::Path(path)
        };
        let literal = match literal {
            Lit::String(s) => Literal::String(s),
            Lit::Number(n) => Literal::Number(n),
            Lit::Boolean(b) => Literal::Boolean(b),
        };
        Expr::Compare(Comparison {
            operand,
            op,
            literal,
        })
    }
    fn lambda(parts: LambdaParts<'_, Self>, compared: Option<(CompareOp, bool)>) -> Expr {
        Expr::Lambda(Lambda {
            collection: parts.collection,
            quantifier: parts.quantifier,
            variable: CompactString::from(parts.variable),
            predicate: Box::new(parts.predicate),
            compared,
        })
    }
    fn group(inner: Expr) -> Expr {
        Expr::Group(Box::new(inner))
    }
    fn list(first: Expr, second: Expr) -> Vec<Expr> {
        let mut items = Vec::with_capacity(4);
        items.push(first);
        items.push(second);
        items
    }
    fn push(list: &mut Vec<Expr>, item: Expr) {
        list.push(item);
    }
    fn and(list: Vec<Expr>) -> Expr {
        Expr::And(list)
    }
    fn or(first: Expr, second: Expr) -> Expr {
        Expr::Or(vec![first, second])
    }
    fn or_at_root(expr: &Expr) -> bool {
        let mut top = expr;
        while let Expr::Group(inner) = top {
            top = inner;
        }
        matches!(top, Expr::Or(_))
    }
}

/// The verdict alone: an expression is only whether it is an `or` under
/// groups (all O1 needs).
pub(super) struct Check;

impl Tree for Check {
    type Expr = bool;
    type Path = ();
    type Str = ();
    type List = ();

    fn path(_: &str, _: Option<AttributeType>) {}
    fn push_str((): &mut (), _: &str) {}
    fn bare((): ()) -> bool {
        false
    }
    fn compare((): (), _: bool, _: CompareOp, _: Lit<()>) -> bool {
        false
    }
    fn lambda(_: LambdaParts<'_, Self>, _: Option<(CompareOp, bool)>) -> bool {
        false
    }
    fn group(inner: bool) -> bool {
        inner
    }
    fn list(_: bool, _: bool) {}
    fn push((): &mut (), _: bool) {}
    fn and((): ()) -> bool {
        false
    }
    fn or(_: bool, _: bool) -> bool {
        true
    }
    fn or_at_root(expr: &bool) -> bool {
        *expr
    }
}
