//! Type/field consistency: invite fields belong to invites only.

use crate::{Code, Violation};

/// An invite-only member on an activity handle.
pub(crate) fn not_allowed(pointer: &str, name: &str) -> Violation {
    Violation::new(
        pointer,
        Code::MemberNotAllowed,
        format!("Member {name:?} is only allowed when type is \"invite\", not \"activity\"."),
    )
}
