//! MPSD's answer to an invite (docs/rules.md §7).

use serde::{Deserialize, Serialize};

use super::{HandleId, HandleKind, HandleVersion, SessionRef, TitleId, Xuid};

/// The invite handle MPSD returns for a successful invite. The SDK reads
/// only [`id`](InviteHandleResponse::id); the other members are read too.
/// Unknown members are ignored (responses grow over time), never rejected.
/// Writing it gives the SDK fixture's shape and member order.
///
/// ```
/// let text = r#"{"type": "invite", "version": 1, "id": "81A3C56E-543C-44C2-AD53-C8A9088FBEF8",
///   "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t", "name": "s"},
///   "inviteAttributes": {"titleId": "1234"}, "expiration": "2014-08-28T23:15:34.8852308Z",
///   "invitedXuid": "2533274792395670", "senderXuid": "2814679796296491", "somethingNew": [1]}"#;
/// let response: mpsd_handles::model::InviteHandleResponse = serde_json::from_str(text)?;
/// assert_eq!(response.id.to_string(), "81a3c56e-543c-44c2-ad53-c8a9088fbef8");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "The invite handle MPSD returns for an invite (docs/rules.md §7); id is the GUID the caller needs."
    )
)]
#[non_exhaustive]
pub struct InviteHandleResponse {
    /// The handle's type: `"invite"`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(schema_with = "invite_tag"))]
    pub kind: HandleKind,
    /// The session the invite is to.
    pub session_ref: SessionRef,
    /// The handle's version.
    pub version: HandleVersion,
    /// What the notification shows.
    pub invite_attributes: ResponseAttributes,
    /// When the invite expires: an RFC 3339 UTC timestamp, as MPSD wrote it.
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub expiration: String,
    /// The invite handle's id: the GUID the caller needs.
    pub id: HandleId,
    /// The invited user.
    pub invited_xuid: Xuid,
    /// The user who sent the invite.
    pub sender_xuid: Xuid,
}

/// The `inviteAttributes` of an invite response.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ResponseAttributes {
    /// The title the invite is for.
    pub title_id: TitleId,
}

impl InviteHandleResponse {
    /// MPSD's answer to an invite (type `invite`, version 1): handle `id` of
    /// `invited_xuid` to `session_ref`, sent by `sender_xuid`, with the
    /// attributes `invite_attributes`, expiring at `expiration`.
    #[must_use]
    pub fn new(
        id: HandleId,
        session_ref: SessionRef,
        invited_xuid: Xuid,
        sender_xuid: Xuid,
        invite_attributes: ResponseAttributes,
        expiration: String,
    ) -> Self {
        Self {
            kind: HandleKind::Invite,
            session_ref,
            version: HandleVersion::V1,
            invite_attributes,
            expiration,
            id,
            invited_xuid,
            sender_xuid,
        }
    }
}

impl ResponseAttributes {
    /// The attributes of an invite response for title `title_id`.
    #[must_use]
    pub const fn new(title_id: TitleId) -> Self {
        Self { title_id }
    }
}

/// The schema of an invite response's `type`: exactly `"invite"`.
#[cfg(feature = "schema")]
fn invite_tag(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"const": "invite"})
}
