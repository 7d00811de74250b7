//! The send-invite body.

use serde::Serialize;

use super::{HandleId, HandleVersion, SessionRef, TitleId, Xuid};
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
#[non_exhaustive]
pub struct InviteHandle {
    /// The body's version: exactly the integer 1.
    pub version: HandleVersion,
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
#[non_exhaustive]
pub struct InviteAttributes {
    /// The title being invited to: a decimal uint32, as a string of digits
    /// (what the SDK sends) or a JSON integer.
    pub title_id: TitleId,
    /// The title-defined context token: at most 256 characters once URI-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "InviteContext"))]
    pub context: Option<InviteContext>,
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
    /// use mpsd_handles::model::InviteContext;
    /// assert!(InviteContext::new(" ".repeat(85)).is_ok()); // 255 once encoded
    /// assert!(InviteContext::new(" ".repeat(86)).is_err()); // 258 once encoded
    /// ```
    InviteContext(String) {
        check: rules::context::parse,
        member: "context",
        /// Checks its URI-encoded length.
        ///
        /// # Errors
        /// [`ContextTooLong`](crate::Code::ContextTooLong) past 256 encoded characters.
        new,
    }
);

impl InviteContext {
    /// The longest context allowed, in characters once URI-encoded (see
    /// [`uri_encoded_len`](crate::model::uri_encoded_len)).
    ///
    /// ```
    /// use mpsd_handles::model::{InviteContext, uri_encoded_len};
    /// let at_limit = "a".repeat(InviteContext::MAX_URI_ENCODED_LEN);
    /// assert_eq!(uri_encoded_len(&at_limit), InviteContext::MAX_URI_ENCODED_LEN);
    /// assert!(InviteContext::new(at_limit).is_ok());
    /// ```
    pub const MAX_URI_ENCODED_LEN: usize = rules::context::MAX_URI_ENCODED_LEN;
}

impl InviteHandle {
    /// An invite handle (version 1, no id) of `invited_xuid` to `session_ref`.
    ///
    /// ```
    /// use mpsd_handles::{HandleRequest, InviteAttributes, InviteHandle, SessionRef};
    /// let handle = InviteHandle::new(
    ///     SessionRef::new("bd6c41c3-01c3-468a-a3b5-3e0fe8133862".parse()?, "t".parse()?),
    ///     "2533274792395670".parse()?,
    ///     InviteAttributes::new("1018096776".parse()?),
    /// );
    /// let body = serde_json::to_vec(&HandleRequest::Invite(handle)).unwrap();
    /// assert!(mpsd_handles::is_valid(&body));
    /// # Ok::<(), mpsd_handles::InvalidValue>(())
    /// ```
    #[must_use]
    pub fn new(
        session_ref: SessionRef,
        invited_xuid: Xuid,
        invite_attributes: InviteAttributes,
    ) -> Self {
        Self {
            version: HandleVersion::V1,
            id: None,
            session_ref,
            invited_xuid,
            invite_attributes,
        }
    }
}

impl InviteAttributes {
    /// The attributes of an invite for title `title_id`, with no context
    /// or strings (set the fields to add them).
    #[must_use]
    pub const fn new(title_id: TitleId) -> Self {
        Self {
            title_id,
            context: None,
            context_string: None,
            sender_string: None,
        }
    }
}
