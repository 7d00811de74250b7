//! `type`: `"activity"` or `"invite"`, exact case.

use super::{Json, invalid_type};
use crate::model::HandleKind;
use crate::{Code, Echo, InvalidValue};

/// Checks the JSON value of `type`.
pub(crate) fn check(value: &Json<'_>) -> Result<HandleKind, InvalidValue> {
    match value {
        Json::Str(s) => match s.as_ref() {
            "activity" => Ok(HandleKind::Activity),
            "invite" => Ok(HandleKind::Invite),
            other => {
                let hint = super::members::suggest(other, &["activity", "invite"])
                    .map(|s| format!(" Did you mean {s:?}?"))
                    .unwrap_or_default();
                Err(InvalidValue::new(
                    Code::UnknownHandleType,
                    format!(
                        "type {:#} is not a handle type: use \"activity\" or \"invite\".{hint}",
                        Echo::new(other)
                    ),
                ))
            }
        },
        other => Err(invalid_type(
            "type",
            "the string \"activity\" or \"invite\"",
            other,
        )),
    }
}
