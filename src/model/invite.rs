//! The send-invite body.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{HandleId, SessionRef, TitleId, Version, Xuid};
use crate::InvalidValue;
use crate::rules;

/// A `"type": "invite"` body: invites one user to a session.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteHandle {
    /// The body's version (always 1).
    pub version: Version,
    /// The handle id; clients normally leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<HandleId>,
    /// The session the invite is to.
    pub session_ref: SessionRef,
    /// The invited user.
    pub invited_xuid: Xuid,
    /// What the invite notification shows.
    pub invite_attributes: InviteAttributes,
}

/// `inviteAttributes`: what the invite notification shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InviteAttributes {
    /// The title being invited to.
    pub title_id: TitleId,
    /// The title-defined context token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
    /// The name of a custom invite string to show in the notification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_string: Option<String>,
    /// The sender's name when the sender is a service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender_string: Option<String>,
}

/// A title-defined context token: at most 256 characters once URI-encoded.
///
/// ```
/// use mpsd_handles::Context;
/// assert!(Context::new(" ".repeat(85)).is_ok()); // 255 once encoded
/// assert!(Context::new(" ".repeat(86)).is_err()); // 258 once encoded
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Context(String);

impl Context {
    /// Checks the URI-encoded length of `context`.
    ///
    /// # Errors
    /// [`ContextTooLong`](crate::Code::ContextTooLong) past 256 encoded characters.
    pub fn new(context: impl Into<String>) -> Result<Self, InvalidValue> {
        let context = context.into();
        rules::context::parse(&context).map(|()| Self(context))
    }

    pub(crate) fn new_unchecked(context: String) -> Self {
        Self(context)
    }

    /// The context token.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Context {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}
