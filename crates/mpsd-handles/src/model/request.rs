//! The request body: one of the four handle types.

use serde::{Serialize, Serializer};

use super::{ActivityHandle, InviteHandle, SearchHandle, SessionRef, TransferHandle};
pub(crate) use crate::rules::handle_type::HandleKind;

/// A `POST /handles` body, told apart by its `type` member.
///
/// Serializing writes the wire JSON; deserializing validates every rule
/// (with the default [`Validator`](crate::Validator)'s depth) and fails with the
/// whole [`Report`](crate::Report) as its message.
///
/// Deserializing does **not** apply `max_bytes` (a deserializer does not say
/// how large its input is), and it judges a `version` or `titleId` that
/// serde hands over as an `f64` without its spelling. A service should read
/// the body into bytes with its own cap and call
/// [`from_slice`](crate::from_slice), which applies both.
///
/// ```
/// use mpsd_handles::HandleRequest;
/// let body = r#"{"version":1,"type":"activity","sessionRef":{
///     "scid":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862","templateName":"deathmatch"}}"#;
/// let request: HandleRequest = serde_json::from_str(body)?;
/// assert_eq!(request.kind().as_str(), "activity");
/// assert!(serde_json::from_str::<HandleRequest>(r#"{"version":2}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        title = "MPSD POST /handles request body",
        description = "The body of an Xbox Live Multiplayer Session Directory POST /handles request: a set-activity handle (type \"activity\"), a send-invite handle (type \"invite\"), a transfer handle (type \"transfer\") or a search handle (type \"search\")."
    )
)]
#[non_exhaustive]
pub enum HandleRequest {
    /// `"type": "activity"`.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = "A set-activity body: sets the calling user's current activity to the session."
        )
    )]
    Activity(ActivityHandle),
    /// `"type": "invite"`.
    #[cfg_attr(
        feature = "schema",
        schemars(description = "A send-invite body: invites one user to the session.")
    )]
    Invite(InviteHandle),
    /// `"type": "transfer"`.
    #[cfg_attr(
        feature = "schema",
        schemars(
            description = "A transfer body: moves the players of originSessionRef (a lobby) to sessionRef."
        )
    )]
    Transfer(TransferHandle),
    /// `"type": "search"`.
    #[cfg_attr(
        feature = "schema",
        schemars(description = "A search body: makes the session findable by its attributes.")
    )]
    Search(SearchHandle),
}

impl HandleRequest {
    /// Which of the two bodies this is.
    #[must_use]
    pub const fn kind(&self) -> HandleKind {
        match self {
            HandleRequest::Activity(_) => HandleKind::Activity,
            HandleRequest::Invite(_) => HandleKind::Invite,
            HandleRequest::Transfer(_) => HandleKind::Transfer,
            HandleRequest::Search(_) => HandleKind::Search,
        }
    }

    /// The session the handle points at.
    #[must_use]
    pub const fn session_ref(&self) -> &SessionRef {
        match self {
            HandleRequest::Activity(a) => &a.session_ref,
            HandleRequest::Invite(i) => &i.session_ref,
            HandleRequest::Transfer(t) => &t.session_ref,
            HandleRequest::Search(s) => &s.session_ref,
        }
    }
}

impl From<ActivityHandle> for HandleRequest {
    fn from(h: ActivityHandle) -> Self {
        HandleRequest::Activity(h)
    }
}

impl From<InviteHandle> for HandleRequest {
    fn from(h: InviteHandle) -> Self {
        HandleRequest::Invite(h)
    }
}

impl From<TransferHandle> for HandleRequest {
    fn from(h: TransferHandle) -> Self {
        HandleRequest::Transfer(h)
    }
}

impl From<SearchHandle> for HandleRequest {
    fn from(h: SearchHandle) -> Self {
        HandleRequest::Search(h)
    }
}

/// The body's `version`. Only version 1 exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum HandleVersion {
    /// `"version": 1`.
    #[default]
    V1,
}

impl Serialize for HandleVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            HandleVersion::V1 => serializer.serialize_u8(1),
        }
    }
}
