//! The search body (docs/rules.md §6): makes a session findable by its attributes.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::{HandleId, HandleVersion, SessionRef};
use crate::rules;
use crate::rules::InvalidValue;

/// A `"type": "search"` body: makes the session findable by tags, numbers
/// and strings.
///
/// Serializing writes the SDK's member order: `type`, `version`,
/// `sessionRef`, `searchAttributes` (`tags`, `numbers`, `strings`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(description = "A search body: makes the session findable by its attributes.")
)]
#[non_exhaustive]
pub struct SearchHandle {
    /// The handle id, a GUID; clients normally leave it out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "HandleId"))]
    pub id: Option<HandleId>,
    /// The body's version: exactly the integer 1.
    pub version: HandleVersion,
    /// The session to make findable.
    pub session_ref: SessionRef,
    /// What it can be found by; the SDK leaves it out when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "SearchAttributes"))]
    pub search_attributes: Option<SearchAttributes>,
}

/// `searchAttributes`: tags, numbers and strings, in the order written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[cfg_attr(
    feature = "schema",
    schemars(description = "What the session can be found by.")
)]
#[non_exhaustive]
pub struct SearchAttributes {
    /// Tags, each an attribute name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<AttributeName>,
    /// Numeric attributes, by name.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub numbers: Attributes<AttributeNumber>,
    /// String attributes, by name.
    #[serde(default, skip_serializing_if = "Attributes::is_empty")]
    pub strings: Attributes<AttributeString>,
}

/// Named attributes in the order written (a JSON object on the wire). No
/// two names are equal without regard to ASCII case.
///
/// ```
/// use mpsd_handles::model::{AttributeName, AttributeNumber, Attributes};
/// let mut numbers = Attributes::new();
/// numbers.insert("Skill".parse()?, AttributeNumber::new(10.5).unwrap())?;
/// assert!(numbers.insert("skill".parse()?, AttributeNumber::new(1.0).unwrap()).is_err());
/// assert_eq!(numbers.get("SKILL").map(|n| n.get()), Some(10.5));
/// assert_eq!(serde_json::to_string(&numbers).unwrap(), r#"{"Skill":10.5}"#);
/// # Ok::<(), mpsd_handles::InvalidValue>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attributes<V>(Vec<(AttributeName, V)>);

impl<V> Default for Attributes<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> Attributes<V> {
    /// No attributes.
    #[must_use]
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    /// Adds `value` under `name`, after the others.
    ///
    /// # Errors
    /// [`DuplicateMember`](crate::Code::DuplicateMember) when a name equal
    /// to `name` without regard to ASCII case is already there.
    pub fn insert(&mut self, name: AttributeName, value: V) -> Result<(), InvalidValue> {
        if self.get(name.as_str()).is_some() {
            return Err(rules::Fault::DuplicateAttribute.invalid("", name.as_str()));
        }
        self.0.push((name, value));
        Ok(())
    }

    pub(crate) fn push_unchecked(&mut self, name: AttributeName, value: V) {
        self.0.push((name, value));
    }

    /// The value named `name` (compared without regard to ASCII case).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&V> {
        self.0
            .iter()
            .find(|(n, _)| n.as_str().eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// The attributes in the order written.
    pub fn iter(&self) -> impl Iterator<Item = (&AttributeName, &V)> {
        self.0.iter().map(|(n, v)| (n, v))
    }

    /// How many there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for Attributes<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

checked_string!(
    /// An attribute name (a tag, or the name of a number or string): an ASCII
    /// letter, then ASCII letters, digits or `_`; 1 to 99 characters. Case is
    /// kept (MPSD compares names without regard to case).
    ///
    /// ```
    /// use mpsd_handles::model::AttributeName;
    /// assert!("Skill_D".parse::<AttributeName>().is_ok());
    /// assert!("1st".parse::<AttributeName>().is_err());
    /// assert!("with space".parse::<AttributeName>().is_err());
    /// ```
    AttributeName(compact_str::CompactString) {
        check: rules::attribute::name,
        member: "",
        /// Checks it.
        ///
        /// # Errors
        /// [`InvalidAttributeName`](crate::Code::InvalidAttributeName).
        new,
    }
);

/// A numeric attribute: a finite `f64` (what a JSON number becomes in MPSD).
///
/// ```
/// use mpsd_handles::model::AttributeNumber;
/// assert_eq!(AttributeNumber::new(10.145).map(AttributeNumber::get), Some(10.145));
/// assert!(AttributeNumber::new(f64::INFINITY).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttributeNumber(f64);

impl AttributeNumber {
    /// Zero.
    pub const ZERO: AttributeNumber = AttributeNumber(0.0);

    /// `value`, or `None` when it is not finite.
    #[must_use]
    pub fn new(value: f64) -> Option<Self> {
        value.is_finite().then_some(Self(value))
    }

    /// The value.
    #[must_use]
    pub const fn get(self) -> f64 {
        self.0
    }
}

// Finite, so equality is reflexive; `-0.0` and `0.0` are equal, and hash
// alike (both as `0.0`).
impl Eq for AttributeNumber {}

impl std::hash::Hash for AttributeNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let v = if self.0 == 0.0 { 0.0f64 } else { self.0 };
        v.to_bits().hash(state);
    }
}

impl fmt::Display for AttributeNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for AttributeNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

checked_string!(
    /// A string attribute: at most 99 UTF-8 bytes.
    ///
    /// ```
    /// use mpsd_handles::model::AttributeString;
    /// assert!(AttributeString::new("A").is_ok());
    /// assert!(AttributeString::new("é".repeat(50)).is_err()); // 100 bytes
    /// ```
    AttributeString(compact_str::CompactString) {
        check: rules::attribute::string,
        member: "",
        /// Checks its length.
        ///
        /// # Errors
        /// [`AttributeStringTooLong`](crate::Code::AttributeStringTooLong).
        new,
    }
);

impl SearchHandle {
    /// A search handle (version 1, no id, no attributes) for `session_ref`.
    #[must_use]
    pub fn new(session_ref: SessionRef) -> Self {
        Self {
            id: None,
            version: HandleVersion::V1,
            session_ref,
            search_attributes: None,
        }
    }
}
