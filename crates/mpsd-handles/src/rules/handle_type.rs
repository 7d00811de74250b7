//! `type`: one of the handle types, exact case.

use super::{Fault, Json};
use crate::model::HandleKind;

/// Checks the JSON value of `type`.
pub(crate) fn check(value: &Json<'_>) -> Result<HandleKind, Fault> {
    match value {
        Json::Str(s) => HandleKind::from_wire(s).ok_or(Fault::UnknownHandleType),
        _ => Err(Fault::WrongType {
            expected: "the string \"activity\" or \"invite\"",
        }),
    }
}
