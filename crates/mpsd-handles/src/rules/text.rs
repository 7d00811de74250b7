//! `contextString` and `senderString`: any string.

use super::expected::ExpectedValue;
use super::{Fault, Json, string};

/// Checks that the member is a string.
pub(crate) fn check(value: &Json<'_>) -> Result<(), Fault> {
    string(value, ExpectedValue::String)
}
