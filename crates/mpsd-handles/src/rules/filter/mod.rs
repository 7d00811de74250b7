//! The `filter` and `orderBy` of a search query (docs/rules.md §8.5–§8.7):
//! their syntax trees, the one-pass parser that checks every rule, and the
//! canonical form `Display` writes.
//!
//! - this file: the trees and what a broken rule says;
//! - `parse.rs`: the parser (grammar, typed paths, lambdas, one `or`, depth);
//! - `display.rs`: the canonical form (lower-case keywords, single spaces).

use std::fmt;
use std::sync::OnceLock;

use compact_str::CompactString;

pub use error::{FilterError, FilterExpected, FilterRule};

mod display;
mod error;
mod lex;
mod parse;
mod tree;

/// A search query's `filter`, read into its syntax tree.
///
/// Parsing checks every rule of docs/rules.md §8.5–§8.6; `Display` writes a
/// canonical form (lower-case keywords, one space around operators, no
/// space inside parentheses, numbers as the shortest decimal that reads
/// back the same) that parses back to the same tree.
///
/// ```
/// use mpsd_handles::model::Filter;
/// let filter: Filter = "Numbers/rank GE 5  AND tags/any(d:tolower(d) eq 'o''brien')".parse()?;
/// assert_eq!(filter.to_string(), "Numbers/rank ge 5 and tags/any(d:tolower(d) eq 'o''brien')");
/// assert_eq!(filter.to_string().parse::<Filter>()?, filter);
///
/// let e = "numbers/rank eq '5'".parse::<Filter>().unwrap_err();
/// assert_eq!((e.offset(), e.rule().id()), (16, "T2"));
/// # Ok::<(), mpsd_handles::model::FilterError>(())
/// ```
///
/// A filter read by the validator keeps its text and builds its tree only
/// when asked ([`Filter::expr`], `Display`, equality): judging a body costs
/// the check, not the tree.
#[derive(Clone)]
pub struct Filter {
    text: String,
    /// Boxed: a model holding an unbuilt filter stays small to move.
    root: OnceLock<Box<Expr>>,
}

impl Filter {
    /// Checks `text` as a filter, building nothing (the validator's check).
    pub(crate) fn check(text: &str) -> Result<(), FilterError> {
        parse::check_filter(text)
    }

    /// A filter whose text [`Filter::check`] accepted: its tree is built
    /// when asked.
    pub(crate) fn from_checked(text: String) -> Self {
        Self {
            text,
            root: OnceLock::new(),
        }
    }

    /// The whole filter's expression.
    #[must_use]
    pub fn expr(&self) -> &Expr {
        self.root.get_or_init(|| Box::new(parse::tree(&self.text)))
    }

    /// The filter as it was written (before the canonical form).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for Filter {
    /// Equal trees: equal filters, however they were written.
    fn eq(&self, other: &Self) -> bool {
        self.expr() == other.expr()
    }
}

impl fmt::Debug for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Filter").field(self.expr()).finish()
    }
}

/// One expression of a filter. A [`Filter`] is built only by parsing, so
/// that every filter keeps the rules.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Expr {
    /// Two or more expressions joined by `or` (a filter has at most one `or`).
    Or(Vec<Expr>),
    /// Two or more expressions joined by `and`.
    And(Vec<Expr>),
    /// An expression in parentheses.
    Group(Box<Expr>),
    /// `operand op literal`.
    Compare(Comparison),
    /// `path/any(v:…)` or `path/all(v:…)`, perhaps compared with a boolean.
    Lambda(Lambda),
    /// A bare untyped path, read as a Boolean property.
    Path(FilterPath),
}

/// `operand op literal`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// What is compared.
    pub operand: Operand,
    /// How.
    pub op: CompareOp,
    /// With what.
    pub literal: Literal,
}

/// The left side of a comparison.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Operand {
    /// A path.
    Path(FilterPath),
    /// `tolower(path)`.
    ToLower(FilterPath),
}

impl Operand {
    /// The path compared, in `tolower(…)` or not.
    #[must_use]
    pub fn path(&self) -> &FilterPath {
        match self {
            Operand::Path(p) | Operand::ToLower(p) => p,
        }
    }
}

/// Declares [`CompareOp`] from one table: each operator's word, whether
/// it orders (and so refuses booleans, rule T3), and the orderings that
/// meet it. The lexer, the reserved words, the typing rule, the canonical
/// form, every evaluator (through [`CompareOp::holds`]) and the fuzz
/// dictionary's test read this table.
macro_rules! compare_ops {
    ($($(#[doc = $doc:literal])* $op:ident => $word:literal, ordered: $ordered:literal, holds: [$($holds:ident),+];)+) => {
        /// A comparison operator.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CompareOp {
            $($(#[doc = $doc])* $op,)+
        }

        impl CompareOp {
            /// Every operator, in declaration order.
            pub const ALL: &'static [CompareOp] = &[$(CompareOp::$op,)+];

            /// Whether a value that compares `ordering` to the literal meets the
            /// operator (`Less` meets `lt`, `le` and `ne`). An evaluator asks this
            /// rather than matching the operators itself, so an operator added
            /// here is evaluated wherever filters are.
            ///
            /// ```
            /// use mpsd_handles::model::CompareOp;
            /// use std::cmp::Ordering;
            /// assert!(CompareOp::Ge.holds(Ordering::Equal));
            /// assert!(!CompareOp::Ne.holds(Ordering::Equal));
            /// ```
            #[must_use]
            pub const fn holds(self, ordering: std::cmp::Ordering) -> bool {
                #[allow(unused_imports)] // each row names only some
                use std::cmp::Ordering::{Equal, Greater, Less};
                match self {
                    $(CompareOp::$op => matches!(ordering, $($holds)|+),)+
                }
            }

            /// The operator in lower case: `"eq"`, `"ne"`, …
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(CompareOp::$op => $word,)+
                }
            }

            /// Whether the operator orders values (`gt`, `ge`, `lt`, `le`):
            /// such an operator takes no boolean (rule T3).
            #[must_use]
            pub const fn is_ordered(self) -> bool {
                match self {
                    $(CompareOp::$op => $ordered,)+
                }
            }
        }
    };
}

compare_ops! {
    /// `eq`
    Eq => "eq", ordered: false, holds: [Equal];
    /// `ne`
    Ne => "ne", ordered: false, holds: [Less, Greater];
    /// `gt`
    Gt => "gt", ordered: true, holds: [Greater];
    /// `ge`
    Ge => "ge", ordered: true, holds: [Greater, Equal];
    /// `lt`
    Lt => "lt", ordered: true, holds: [Less];
    /// `le`
    Le => "le", ordered: true, holds: [Less, Equal];
}

impl CompareOp {
    /// The operator spelled `word`, in any ASCII case.
    pub(crate) fn from_word(word: &[u8]) -> Option<CompareOp> {
        CompareOp::ALL
            .iter()
            .copied()
            .find(|op| op.as_str().as_bytes().eq_ignore_ascii_case(word))
    }
}

/// A literal: a string (quotes undone), a finite number, or a boolean.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Literal {
    /// `'text'`, with `''` read as one quote.
    String(String),
    /// A number, as the double it denotes.
    Number(f64),
    /// `true` or `false`.
    Boolean(bool),
}

/// A lambda: `collection/any(variable:predicate)`, perhaps `eq true`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Lambda {
    /// The (untyped) collection.
    pub collection: FilterPath,
    /// `any` or `all`.
    pub quantifier: Quantifier,
    /// The variable ([`Lambda::variable`]).
    variable: CompactString,
    /// What each element is tested with.
    pub predicate: Box<Expr>,
    /// `eq true`, `ne false`, … after the lambda, if written.
    pub compared: Option<(CompareOp, bool)>,
}

impl Lambda {
    /// The variable, used in the predicate.
    #[must_use]
    pub fn variable(&self) -> &str {
        &self.variable
    }
}

/// A lambda's quantifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quantifier {
    /// `any`
    Any,
    /// `all`
    All,
}

/// A path: identifiers joined by `/`, case kept (held as written, inline
/// when short: no allocation for a typical path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FilterPath {
    text: CompactString,
    /// The type of a typed path (whose root, `numbers` or `strings`, is 7
    /// characters and a `/`), found once by the parser.
    typed: Option<AttributeType>,
}

impl FilterPath {
    /// The identifiers, in order.
    pub fn segments(&self) -> impl Iterator<Item = &str> {
        self.text.split('/')
    }

    /// The path as written: its identifiers joined by `/`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// What a typed path names: `numbers/<name>` or `strings/<name>`.
    #[must_use]
    pub fn typed(&self) -> Option<(AttributeType, &str)> {
        let name = self.text.get("numbers/".len()..)?;
        self.typed.map(|t| (t, name))
    }
}

/// Which typed root a path starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AttributeType {
    /// `numbers/…`
    Number,
    /// `strings/…`
    String,
}

/// The typed root `root` names, ignoring ASCII case.
fn attribute_type(root: &str) -> Option<AttributeType> {
    if root.eq_ignore_ascii_case("numbers") {
        Some(AttributeType::Number)
    } else if root.eq_ignore_ascii_case("strings") {
        Some(AttributeType::String)
    } else {
        None
    }
}

/// A search query's `orderBy`: one path and a direction.
///
/// ```
/// use mpsd_handles::model::{Direction, OrderBy};
/// let order: OrderBy = "numbers/rank\tDESC".parse()?;
/// assert_eq!(order.direction, Direction::Desc);
/// assert_eq!(order.to_string(), "numbers/rank desc");
/// assert!("numbers/rank".parse::<OrderBy>().is_err());
/// # Ok::<(), mpsd_handles::model::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OrderBy {
    /// The attribute sorted by.
    pub path: FilterPath,
    /// Which way.
    pub direction: Direction,
}

/// A sort direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Direction {
    /// `asc`
    Asc,
    /// `desc`
    Desc,
}

impl std::str::FromStr for Filter {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Self, FilterError> {
        let root = parse::filter(s)?;
        Ok(Self {
            text: s.to_owned(),
            root: OnceLock::from(Box::new(root)),
        })
    }
}

impl std::str::FromStr for OrderBy {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Self, FilterError> {
        parse::order_by(s)
    }
}
