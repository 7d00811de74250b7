//! The `filter` and `orderBy` of a search query (docs/rules.md §8.5–§8.7):
//! their syntax trees, the one-pass parser that checks every rule, and the
//! canonical form `Display` writes.
//!
//! - this file: the trees and what a broken rule says;
//! - `parse.rs`: the parser (grammar, typed paths, lambdas, one `or`, depth);
//! - `display.rs`: the canonical form (lower-case keywords, single spaces).

use std::fmt;

use compact_str::CompactString;

mod display;
mod parse;

/// A search query's `filter`, read into its syntax tree.
///
/// Parsing checks every rule of docs/rules.md §8.5–§8.6; `Display` writes a
/// canonical form (lower-case keywords, one space around operators, no
/// space inside parentheses, numbers as the shortest decimal that reads
/// back the same) that parses back to the same tree.
///
/// ```
/// use mpsd_handles::Filter;
/// let filter: Filter = "Numbers/rank GE 5  AND tags/any(d:tolower(d) eq 'o''brien')".parse()?;
/// assert_eq!(filter.to_string(), "Numbers/rank ge 5 and tags/any(d:tolower(d) eq 'o''brien')");
/// assert_eq!(filter.to_string().parse::<Filter>()?, filter);
///
/// let e = "numbers/rank eq '5'".parse::<Filter>().unwrap_err();
/// assert_eq!((e.offset(), e.rule().id()), (16, "T2"));
/// # Ok::<(), mpsd_handles::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    root: Expr,
}

impl Filter {
    /// The whole filter's expression.
    #[must_use]
    pub fn expr(&self) -> &Expr {
        &self.root
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
    Path(Path),
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
    Path(Path),
    /// `tolower(path)`.
    ToLower(Path),
}

impl Operand {
    /// The path compared, in `tolower(…)` or not.
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Operand::Path(p) | Operand::ToLower(p) => p,
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CompareOp {
    /// `eq`
    Eq,
    /// `ne`
    Ne,
    /// `gt`
    Gt,
    /// `ge`
    Ge,
    /// `lt`
    Lt,
    /// `le`
    Le,
}

impl CompareOp {
    /// The operator in lower case: `"eq"`, `"ne"`, …
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "eq",
            CompareOp::Ne => "ne",
            CompareOp::Gt => "gt",
            CompareOp::Ge => "ge",
            CompareOp::Lt => "lt",
            CompareOp::Le => "le",
        }
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
    pub collection: Path,
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
pub struct Path {
    text: CompactString,
    /// The type of a typed path (whose root, `numbers` or `strings`, is 7
    /// characters and a `/`), found once by the parser.
    typed: Option<AttributeType>,
}

impl Path {
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
/// use mpsd_handles::{Direction, OrderBy};
/// let order: OrderBy = "numbers/rank\tDESC".parse()?;
/// assert_eq!(order.direction, Direction::Desc);
/// assert_eq!(order.to_string(), "numbers/rank desc");
/// assert!("numbers/rank".parse::<OrderBy>().is_err());
/// # Ok::<(), mpsd_handles::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct OrderBy {
    /// The attribute sorted by.
    pub path: Path,
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

/// Why a `filter` or `orderBy` string was refused: the first rule it
/// breaks, and where (a 0-based count of Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterError {
    offset: usize,
    rule: FilterRule,
}

impl FilterError {
    /// Where the problem starts: characters (Unicode scalar values) from
    /// the start of the decoded string.
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The rule broken.
    #[must_use]
    pub const fn rule(&self) -> FilterRule {
        self.rule
    }
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at character {} ({}): {}",
            self.offset,
            self.rule.id(),
            self.rule.describe()
        )
    }
}

impl std::error::Error for FilterError {}

/// The rules of docs/rules.md §8.5–§8.7, as a broken one is named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FilterRule {
    /// The grammar cannot take the character there; it expected this.
    Expected(Expected),
    /// G4: a function other than `tolower`, or a lambda where none belongs.
    Function,
    /// G5: a path starting with a reserved word (`not`, `null`, `eq`, …).
    ReservedWord,
    /// G8: an identifier longer than 128 characters.
    IdentifierTooLong,
    /// O1: a second `or`, or an `or` below the root.
    OneOr,
    /// T1: a `numbers/` or `strings/` path that is not exactly the root and
    /// an attribute name.
    TypedPath,
    /// T2: a literal that does not fit its typed path or `tolower`.
    LiteralType,
    /// T3: `tolower` of a number path.
    ToLowerNumber,
    /// T4: a typed path standing as a Boolean or as a lambda's collection.
    TypedAsBoolean,
    /// T5: `gt`, `ge`, `lt` or `le` with `true` or `false`.
    OrderedBoolean,
    /// L1: a lambda variable that is reserved, `numbers`/`strings`, or the
    /// variable of an enclosing lambda.
    LambdaVariable,
    /// L2: a lambda whose predicate never uses its variable.
    LambdaUnused,
    /// N1: a number no double holds (`1e400`).
    NumberRange,
    /// D1: more than 32 parentheses open at once.
    TooDeep,
}

/// What the grammar expected where it stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Expected {
    /// A comparison, a path, a lambda or `(`.
    Term,
    /// A path (an identifier).
    Path,
    /// An identifier (after `/`, or a lambda variable).
    Identifier,
    /// A string, a number, `true` or `false`.
    Literal,
    /// `true` or `false`.
    Boolean,
    /// A digit.
    Digit,
    /// The closing `'` of a string.
    Quote,
    /// A string character (not a control character).
    StringCharacter,
    /// A space or a tab.
    Whitespace,
    /// `:` after a lambda variable.
    Colon,
    /// `)`.
    CloseParen,
    /// A comparison operator (`eq`, `ne`, `gt`, `ge`, `lt`, `le`).
    Operator,
    /// `and`, `or`, or the end of the filter (no whitespace at either end).
    AndOrEnd,
    /// `asc` or `desc`.
    Direction,
    /// The end of the string.
    End,
}

impl FilterRule {
    /// The rule's name in docs/rules.md: `"grammar"`, `"G4"`, `"O1"`, …
    #[must_use]
    pub const fn id(self) -> &'static str {
        match self {
            FilterRule::Expected(_) => "grammar",
            FilterRule::Function => "G4",
            FilterRule::ReservedWord => "G5",
            FilterRule::IdentifierTooLong => "G8",
            FilterRule::OneOr => "O1",
            FilterRule::TypedPath => "T1",
            FilterRule::LiteralType => "T2",
            FilterRule::ToLowerNumber => "T3",
            FilterRule::TypedAsBoolean => "T4",
            FilterRule::OrderedBoolean => "T5",
            FilterRule::LambdaVariable => "L1",
            FilterRule::LambdaUnused => "L2",
            FilterRule::NumberRange => "N1",
            FilterRule::TooDeep => "D1",
        }
    }

    /// What the rule says, in a few words.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            FilterRule::Expected(e) => e.describe(),
            FilterRule::Function => "no function but tolower(path), and no lambda here",
            FilterRule::ReservedWord => "a path cannot start with a reserved word",
            FilterRule::IdentifierTooLong => "an identifier has at most 128 characters",
            FilterRule::OneOr => "at most one `or`, at the root of the filter",
            FilterRule::TypedPath => {
                "numbers/ and strings/ take exactly one attribute name (a letter, then letters, digits or _, at most 99)"
            }
            FilterRule::LiteralType => {
                "a number path takes a number; a string path and tolower(...) take a string"
            }
            FilterRule::ToLowerNumber => "tolower(...) cannot take a number path",
            FilterRule::TypedAsBoolean => {
                "a numbers/ or strings/ path cannot stand alone or be a lambda's collection"
            }
            FilterRule::OrderedBoolean => "gt, ge, lt and le cannot take true or false",
            FilterRule::LambdaVariable => {
                "a lambda variable cannot be a reserved word, numbers, strings, or an enclosing lambda's variable"
            }
            FilterRule::LambdaUnused => "a lambda's predicate must use its variable",
            FilterRule::NumberRange => "a number must fit a double",
            FilterRule::TooDeep => "at most 32 parentheses open at once",
        }
    }
}

impl Expected {
    /// What was expected, in a few words.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            Expected::Term => "expected a comparison, a path, a lambda or `(`",
            Expected::Path => "expected a path",
            Expected::Identifier => "expected an identifier",
            Expected::Literal => "expected a string, a number, true or false",
            Expected::Boolean => "expected true or false",
            Expected::Digit => "expected a digit",
            Expected::Quote => "expected the closing `'` of the string",
            Expected::StringCharacter => "a string cannot hold a control character",
            Expected::Whitespace => "expected a space or a tab",
            Expected::Colon => "expected `:` after the lambda variable",
            Expected::CloseParen => "expected `)`",
            Expected::Operator => "expected a comparison operator (eq, ne, gt, ge, lt, le)",
            Expected::AndOrEnd => "expected `and`, `or` or the end (no whitespace at either end)",
            Expected::Direction => "expected asc or desc",
            Expected::End => "expected the end",
        }
    }
}

impl std::str::FromStr for Filter {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Self, FilterError> {
        parse::filter(s)
    }
}

impl std::str::FromStr for OrderBy {
    type Err = FilterError;
    fn from_str(s: &str) -> Result<Self, FilterError> {
        parse::order_by(s)
    }
}
