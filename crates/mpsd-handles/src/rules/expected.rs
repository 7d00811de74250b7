//! What a member's value must be, as data: the JSON types, and what
//! belongs where a value of the wrong type was found. Their English is in
//! `report/wording.rs`.

/// A JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// What belongs in a member whose value has the wrong JSON type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExpectedValue {
    /// Any string.
    String,
    /// A GUID string.
    Guid,
    /// A string of decimal digits (a Xbox user id).
    DecimalString,
    /// A string of decimal digits or an integer (a title id).
    DecimalStringOrInteger,
    /// The integer 1 (`version`).
    One,
    /// A string holding an attribute name.
    AttributeName,
    /// A number.
    Number,
    /// A handle type (`type` of a handle).
    HandleType,
    /// A query type (`type` of a query).
    QueryType,
    /// A social group's moniker.
    Moniker,
    /// The boolean `true` (`global`).
    True,
    /// A string holding a filter.
    Filter,
    /// A string holding an attribute and a direction (`orderBy`).
    OrderBy,
    /// An array of Xbox user ids.
    XuidArray,
    /// An array of attribute names (`tags`).
    AttributeNameArray,
}

impl ExpectedValue {
    /// The JSON type that belongs there.
    ///
    /// ```
    /// use mpsd_handles::{ExpectedValue, JsonType};
    /// assert_eq!(ExpectedValue::Guid.json_type(), JsonType::String);
    /// ```
    #[must_use]
    pub const fn json_type(self) -> JsonType {
        match self {
            Self::String
            | Self::Guid
            | Self::DecimalString
            | Self::AttributeName
            | Self::HandleType
            | Self::QueryType
            | Self::Moniker
            | Self::Filter
            | Self::OrderBy
            // A title id may be either; its string form is the SDK's.
            | Self::DecimalStringOrInteger => JsonType::String,
            Self::One | Self::Number => JsonType::Number,
            Self::True => JsonType::Boolean,
            Self::XuidArray | Self::AttributeNameArray => JsonType::Array,
        }
    }
}
