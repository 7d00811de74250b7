//! `contextString` and `senderString`: any string.

use super::{Json, invalid_type};
use crate::InvalidValue;

/// Checks that the member is a string and returns it owned.
pub(crate) fn check(member: &str, value: Json<'_>) -> Result<String, InvalidValue> {
    match value {
        Json::Str(s) => Ok(s.into_owned()),
        other => Err(invalid_type(member, "a string", &other)),
    }
}
