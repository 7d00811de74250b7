//! What a refused `filter` or `orderBy` says: the rule broken, and where.

use std::fmt;

/// Why a `filter` or `orderBy` string was refused: the first rule it
/// breaks, and where (a 0-based count of Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterError {
    pub(super) offset: usize,
    pub(super) rule: FilterRule,
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
    Expected(FilterExpected),
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
pub enum FilterExpected {
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

impl FilterExpected {
    /// What was expected, in a few words.
    #[must_use]
    pub const fn describe(self) -> &'static str {
        match self {
            FilterExpected::Term => "expected a comparison, a path, a lambda or `(`",
            FilterExpected::Path => "expected a path",
            FilterExpected::Identifier => "expected an identifier",
            FilterExpected::Literal => "expected a string, a number, true or false",
            FilterExpected::Boolean => "expected true or false",
            FilterExpected::Digit => "expected a digit",
            FilterExpected::Quote => "expected the closing `'` of the string",
            FilterExpected::StringCharacter => "a string cannot hold a control character",
            FilterExpected::Whitespace => "expected a space or a tab",
            FilterExpected::Colon => "expected `:` after the lambda variable",
            FilterExpected::CloseParen => "expected `)`",
            FilterExpected::Operator => "expected a comparison operator (eq, ne, gt, ge, lt, le)",
            FilterExpected::AndOrEnd => {
                "expected `and`, `or` or the end (no whitespace at either end)"
            }
            FilterExpected::Direction => "expected asc or desc",
            FilterExpected::End => "expected the end",
        }
    }
}
