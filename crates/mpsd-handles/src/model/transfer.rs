//! The transfer body (docs/rules.md §6): moves a party from a lobby to a game session.

use serde::Serialize;

use super::{HandleId, HandleVersion, SessionRef};

/// A `"type": "transfer"` body: the players of `origin_session_ref` (a
/// lobby) move to `session_ref`.
///
/// Serializing writes the SDK's member order: `type`, `sessionRef`,
/// `version`, `originSessionRef`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "A transfer body: moves the players of originSessionRef (a lobby) to sessionRef."
    )
)]
#[non_exhaustive]
pub struct TransferHandle {
    /// The handle id, a GUID; clients normally leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "HandleId"))]
    pub id: Option<HandleId>,
    /// The session the players move to.
    pub session_ref: SessionRef,
    /// The body's version: exactly the integer 1.
    pub version: HandleVersion,
    /// The session the players come from.
    pub origin_session_ref: SessionRef,
}

impl TransferHandle {
    /// A transfer handle (version 1, no id) from `origin_session_ref` to
    /// `session_ref`.
    #[must_use]
    pub fn new(session_ref: SessionRef, origin_session_ref: SessionRef) -> Self {
        Self {
            id: None,
            session_ref,
            version: HandleVersion::V1,
            origin_session_ref,
        }
    }
}
