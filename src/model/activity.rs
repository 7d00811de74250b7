//! The set-activity body.

use serde::Serialize;

use super::{HandleId, SessionRef, Version};

/// A `"type": "activity"` body: sets the calling user's current activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityHandle {
    /// The body's version (always 1).
    pub version: Version,
    /// The handle id; clients normally leave it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<HandleId>,
    /// The session the activity points at.
    pub session_ref: SessionRef,
}
