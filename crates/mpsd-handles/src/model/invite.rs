//! The send-invite body.

use serde::Serialize;

use super::{HandleId, SessionRef, TitleId, Version, Xuid};
use crate::rules;

/// A `"type": "invite"` body: invites one user to a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(description = "A send-invite body: invites one user to the session.")
)]
pub struct InviteHandle {
    /// The body's version: exactly the integer 1.
    pub version: Version,
    /// The handle id, a GUID; clients normally leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "HandleId"))]
    pub id: Option<HandleId>,
    /// The session the invite is to.
    pub session_ref: SessionRef,
    /// The invited user's xuid: decimal digits of 1 to 18446744073709551615, as a string.
    pub invited_xuid: Xuid,
    /// What the invite notification shows.
    pub invite_attributes: InviteAttributes,
}

/// `inviteAttributes`: what the invite notification shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(description = "What the invite notification shows.")
)]
pub struct InviteAttributes {
    /// The title being invited to: a decimal uint32, as a string of digits
    /// (what the SDK sends) or a JSON integer.
    pub title_id: TitleId,
    /// The title-defined context token: at most 256 characters once URI-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Context"))]
    pub context: Option<Context>,
    /// The name of a custom invite string to show in the notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub context_string: Option<String>,
    /// The sender's name when the sender is a service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub sender_string: Option<String>,
}

checked_string!(
    /// A title-defined context token: at most 256 characters once URI-encoded.
    ///
    /// ```
    /// use mpsd_handles::Context;
    /// assert!(Context::new(" ".repeat(85)).is_ok()); // 255 once encoded
    /// assert!(Context::new(" ".repeat(86)).is_err()); // 258 once encoded
    /// ```
    Context(String) {
        check: rules::context::parse,
        member: "context",
        /// Checks its URI-encoded length.
        ///
        /// # Errors
        /// [`ContextTooLong`](crate::Code::ContextTooLong) past 256 encoded characters.
        new,
    }
);
