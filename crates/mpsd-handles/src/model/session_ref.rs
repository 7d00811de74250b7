//! `sessionRef`: which session a handle points at.

use serde::{Deserialize, Serialize};

use super::{Scid, SessionName, TemplateName};

/// A reference to a session (`sessionRef`, `originSessionRef`).
///
/// `Deserialize` (for reading MPSD's responses) checks every value and
/// ignores unknown members; a request body is read by the validator.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(
    feature = "schema",
    schemars(deny_unknown_fields, description = "The session a handle points at.")
)]
#[non_exhaustive]
pub struct SessionRef {
    /// The service configuration id: a GUID, `8-4-4-4-12` hexadecimal digits.
    pub scid: Scid,
    /// The session template: 1 to 100 of `A-Z a-z 0-9 - . _ ~`.
    pub template_name: TemplateName,
    /// The session name, with the rule of `templateName`; when absent, MPSD
    /// fills in a GUID. Session names are case-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "SessionName"))]
    pub name: Option<SessionName>,
}

impl SessionRef {
    /// A reference to the session of template `template_name` in `scid`,
    /// without a name (MPSD fills one in). Set [`name`](Self::name) to name it.
    ///
    /// ```
    /// use mpsd_handles::SessionRef;
    /// let mut session = SessionRef::new("bd6c41c3-01c3-468a-a3b5-3e0fe8133862".parse()?, "deathmatch".parse()?);
    /// session.name = Some("lobby-1".parse()?);
    /// assert_eq!(session.name.unwrap().as_str(), "lobby-1");
    /// # Ok::<(), mpsd_handles::InvalidValue>(())
    /// ```
    #[must_use]
    pub const fn new(scid: Scid, template_name: TemplateName) -> Self {
        Self {
            scid,
            template_name,
            name: None,
        }
    }
}
