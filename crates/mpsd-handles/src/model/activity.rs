//! The set-activity body.

use serde::Serialize;

use super::{HandleId, SessionRef, Version};

/// A `"type": "activity"` body: sets the calling user's current activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(
        description = "A set-activity body: sets the calling user's current activity to the session."
    )
)]
pub struct ActivityHandle {
    /// The body's version: exactly the integer 1.
    pub version: Version,
    /// The handle id, a GUID; clients normally leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "HandleId"))]
    pub id: Option<HandleId>,
    /// The session the activity points at.
    pub session_ref: SessionRef,
}
