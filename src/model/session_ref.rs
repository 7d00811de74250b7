//! `sessionRef`: which session a handle points at.

use serde::Serialize;

use super::{Scid, SessionName, TemplateName};

/// A reference to a session (`sessionRef`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionRef {
    /// The service configuration id.
    pub scid: Scid,
    /// The session template.
    pub template_name: TemplateName,
    /// The session name; when absent, MPSD fills in a GUID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<SessionName>,
}
