//! MPSD's answers to handle queries (docs/rules.md §8.10): read leniently,
//! like the invite answer of §7. What is known is typed; everything else,
//! and every member added later, is ignored.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

use super::{HandleId, HandleKind, HandleVersion, SessionRef, Xuid};

/// The answer to `POST /handles/query`: `{"results": [...]}`, at most 100.
///
/// ```
/// use mpsd_handles::model::{ActivityResult, QueryResults};
/// let text = r#"{"results": [{"type": "activity", "id": "7a4d0a99-4e23-4eba-9894-5173cf123fb4",
///     "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t", "name": "s"},
///     "version": 1, "ownerXuid": "2814679796296491", "somethingNew": true}]}"#;
/// let answer: QueryResults<ActivityResult> = serde_json::from_str(text)?;
/// assert_eq!(answer.results[0].owner_xuid.unwrap().get(), 2814679796296491);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct QueryResults<T> {
    /// The handles found.
    pub results: Vec<T>,
}

/// One result of an activity query: a user's activity handle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ActivityResult {
    /// `"activity"`.
    #[serde(rename = "type")]
    pub kind: HandleKind,
    /// The session the user is in.
    pub session_ref: SessionRef,
    /// The handle's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<HandleVersion>,
    /// The title the user plays, as MPSD writes it (decimal digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_id: Option<String>,
    /// Whose activity it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_xuid: Option<Xuid>,
    /// The handle's id.
    pub id: HandleId,
    /// With `include=relatedInfo`: the session's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_info: Option<RelatedInfo>,
    /// With `include=customProperties`: the session's custom properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_properties: Option<Map<String, Value>>,
}

/// One result of a search query: a search handle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SearchResult {
    /// `"search"`, which the SDK compares ignoring case.
    #[serde(rename = "type", deserialize_with = "search_kind")]
    pub kind: HandleKind,
    /// The session searched for.
    pub session_ref: SessionRef,
    /// The handle's version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<HandleVersion>,
    /// The handle's `searchAttributes`, as MPSD wrote them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_attributes: Option<Value>,
    /// The handle's id.
    pub id: HandleId,
    /// When the handle was made, as MPSD wrote it (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create_time: Option<String>,
    /// The session's custom properties.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_properties: Option<Map<String, Value>>,
    /// The session's state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_info: Option<RelatedInfo>,
    /// With `include=roleInfo`: the session's role types.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_info: Option<Value>,
}

/// `"search"` in any ASCII case, as the SDK reads it.
fn search_kind<'de, D: Deserializer<'de>>(deserializer: D) -> Result<HandleKind, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.eq_ignore_ascii_case("search") {
        Ok(HandleKind::Search)
    } else {
        Err(serde::de::Error::custom(
            "a search result's type must be \"search\"",
        ))
    }
}

/// A result's `relatedInfo`: the state of the session behind the handle.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RelatedInfo {
    /// `open`, `private`, … as MPSD writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// `none`, `local`, `followed`, … as MPSD writes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_restriction: Option<String>,
    /// Whether the session is closed to new members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
    /// The session's capacity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_members_count: Option<u64>,
    /// How many members it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members_count: Option<u64>,
    /// A search result's session owners, as MPSD writes them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_owners: Option<Vec<String>>,
}
