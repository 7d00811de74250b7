//! The pieces every sentence is written with (each kind's own sentence is
//! beside its data, in `kind.rs`).
//!
//! Values from the input appear only through [`Echo`]: escaped, and cut
//! after [`ECHO_LIMIT`](super::ECHO_LIMIT) characters.

use std::fmt::{self, Display, Formatter};

use super::Echo;
use super::kind::QUERY_TYPES;
use crate::model::HandleKind;
use crate::rules::expected::{ExpectedValue, JsonType};
use crate::rules::query::MONIKERS;

/// A GUID shown as an example in messages.
pub(super) const EXAMPLE_GUID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

/// `value` quoted and escaped: `"x\n"`.
pub(super) struct Quoted<'a>(pub(super) &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{:#}", Echo::new(self.0))
    }
}

/// `value` bare and escaped: for numbers as the sender wrote them.
pub(super) fn bare(value: &str) -> Echo<'_> {
    Echo::new(value)
}

pub(super) fn quoted(value: &str) -> Quoted<'_> {
    Quoted(value)
}

/// `" Did you mean "x"?"`, or nothing.
pub(super) struct Hint(pub(super) Option<&'static str>);

impl Display for Hint {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(s) => write!(f, " Did you mean {s:?}?"),
            None => Ok(()),
        }
    }
}

/// An object's name at the start of a sentence: `the handle` → `The handle`.
pub(super) struct Capitalized(pub(super) &'static str);

impl Display for Capitalized {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.strip_prefix("the ") {
            Some(rest) => write!(f, "The {rest}"),
            None => f.write_str(self.0),
        }
    }
}

/// `An invite handle`, `A transfer handle`.
pub(super) struct KindHandle<'n>(pub(super) HandleKind, pub(super) &'n str);

impl Display for KindHandle<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let kind = self.0.as_str();
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "An"
        } else {
            "A"
        };
        write!(f, "{article} {kind} {}", self.1)
    }
}

/// `"invite"`, or `"invite" or "search"`.
pub(super) struct KindList<'k>(pub(super) &'k [HandleKind]);

impl Display for KindList<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        list(f, self.0.iter().map(|k| k.as_str()), self.0.len())
    }
}

/// `"people", "favorites" or "friends"`.
pub(super) struct Alternatives<'k>(pub(super) &'k [&'k str]);

impl Display for Alternatives<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        list(f, self.0.iter().copied(), self.0.len())
    }
}

/// `items` quoted, joined by commas and a last "or".
fn list<'s>(
    f: &mut Formatter<'_>,
    items: impl Iterator<Item = &'s str>,
    len: usize,
) -> fmt::Result {
    for (i, item) in items.enumerate() {
        if i > 0 {
            f.write_str(if i + 1 == len { " or " } else { ", " })?;
        }
        write!(f, "{item:?}")?;
    }
    Ok(())
}

/// With its article, as a sentence says it: "a string", "an array".
impl Display for JsonType {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JsonType::Null => "null",
            JsonType::Boolean => "a boolean",
            JsonType::Number => "a number",
            JsonType::String => "a string",
            JsonType::Array => "an array",
            JsonType::Object => "an object",
        })
    }
}

/// As a sentence says it: "a GUID string", "the integer 1".
impl Display for ExpectedValue {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ExpectedValue::String => f.write_str("a string"),
            ExpectedValue::Guid => f.write_str("a GUID string"),
            ExpectedValue::DecimalString => f.write_str("a string of decimal digits"),
            ExpectedValue::DecimalStringOrInteger => {
                f.write_str("a string of decimal digits or an integer")
            }
            ExpectedValue::One => f.write_str("the integer 1"),
            ExpectedValue::AttributeName => f.write_str("a string (an attribute name)"),
            ExpectedValue::Number => f.write_str("a number"),
            ExpectedValue::HandleType => {
                write!(f, "a handle type: {}", KindList(HandleKind::ALL))
            }
            ExpectedValue::QueryType => write!(f, "a query type: {}", Alternatives(&QUERY_TYPES)),
            ExpectedValue::Moniker => write!(f, "a string: {}", Alternatives(&MONIKERS)),
            ExpectedValue::True => f.write_str("the boolean true"),
            ExpectedValue::Filter => f.write_str("a string (a filter)"),
            ExpectedValue::OrderBy => f.write_str("a string (an attribute and asc or desc)"),
            ExpectedValue::XuidArray => f.write_str("an array of Xbox user ids"),
            ExpectedValue::AttributeNameArray => f.write_str("an array of attribute names"),
        }
    }
}
