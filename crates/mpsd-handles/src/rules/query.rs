//! The values of a query body (docs/rules.md §8.2–§8.4) beyond those it
//! shares with handles: `moniker`, `global`, `filter` and `orderBy`.

use super::expected::ExpectedValue;
use super::filter::{Filter, OrderBy};
use super::{Fault, Json};

/// The social groups a `moniker` names, compared ignoring ASCII case.
pub(crate) const MONIKERS: [&str; 3] = ["people", "favorites", "friends"];

/// `people`, `favorites` or `friends`, in any ASCII case.
pub(crate) fn moniker_str(s: &str) -> Result<(), Fault> {
    if MONIKERS.iter().any(|m| s.eq_ignore_ascii_case(m)) {
        Ok(())
    } else {
        Err(Fault::UnknownMoniker)
    }
}

/// Checks the JSON value of `moniker`.
pub(crate) fn moniker(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Str(s) => moniker_str(s),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::Moniker,
        }),
    }
}

/// Checks the JSON value of `global`: exactly `true`.
pub(crate) fn global(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Bool(true) => Ok(()),
        Json::Bool(false) => Err(Fault::GlobalNotTrue),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::True,
        }),
    }
}

/// Checks the JSON value of `filter` (its tree is built later, when the
/// model is read).
pub(crate) fn filter(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Str(s) => Filter::check(s).map_err(Fault::InvalidFilter),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::Filter,
        }),
    }
}

/// Checks the JSON value of `orderBy` and reads it into its tree.
pub(crate) fn order_by(value: &Json<'_>) -> Result<OrderBy, Fault> {
    match value {
        Json::Str(s) => s.parse().map_err(Fault::InvalidOrderBy),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::OrderBy,
        }),
    }
}
