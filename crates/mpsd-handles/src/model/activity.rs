//! The set-activity body.

use serde::Serialize;

use super::{HandleId, HandleVersion, SessionRef};

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
#[non_exhaustive]
pub struct ActivityHandle {
    /// The body's version: exactly the integer 1.
    pub version: HandleVersion,
    /// The handle id, a GUID; clients normally leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "HandleId"))]
    pub id: Option<HandleId>,
    /// The session the activity points at.
    pub session_ref: SessionRef,
}

impl ActivityHandle {
    /// An activity handle (version 1, no id) for `session_ref`.
    ///
    /// ```
    /// use mpsd_handles::{ActivityHandle, HandleRequest, SessionRef};
    /// let handle = ActivityHandle::new(SessionRef::new("bd6c41c3-01c3-468a-a3b5-3e0fe8133862".parse()?, "t".parse()?));
    /// let body = serde_json::to_vec(&HandleRequest::Activity(handle)).unwrap();
    /// assert!(mpsd_handles::is_valid(&body));
    /// # Ok::<(), mpsd_handles::InvalidValue>(())
    /// ```
    #[must_use]
    pub fn new(session_ref: SessionRef) -> Self {
        Self {
            version: HandleVersion::V1,
            id: None,
            session_ref,
        }
    }
}
