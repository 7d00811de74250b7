//! `contextString` and `senderString`: any string.

use super::{Fault, Json, string};

/// Checks that the member is a string.
pub(crate) fn check(value: &Json<'_>) -> Result<(), Fault> {
    string(value, "a string")
}
