//! `type`: one of the handle types (`activity`, `invite`, `transfer`, `search`), exact case.

use super::{Fault, Json};
use crate::model::HandleKind;

/// Checks the JSON value of `type`.
pub(crate) fn check(value: &Json<'_>) -> Result<HandleKind, Fault> {
    match value {
        Json::Str(s) => HandleKind::from_wire(s).ok_or(Fault::UnknownHandleType),
        _ => Err(Fault::WrongType {
            expected: "a handle type: \"activity\", \"invite\", \"transfer\" or \"search\"",
        }),
    }
}
