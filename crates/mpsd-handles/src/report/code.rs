//! The violation codes: one table, from which the enum, its list and its
//! spellings are written.

use std::fmt;

use serde::Serialize;

/// Declares [`Code`] from one table: each code's doc and its stable
/// `snake_case` spelling, written once.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $code:ident => $spelling:literal;)+) => {
        /// A stable, machine-readable name for one kind of violation.
        ///
        /// Codes are part of the public API: once released, a code never
        /// changes meaning. [`Code::as_str`] gives the `snake_case` spelling
        /// used on the wire.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $code,)+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)+];

            /// The stable `snake_case` spelling of the code.
            ///
            /// ```
            /// assert_eq!(mpsd_handles::Code::TitleIdOutOfRange.as_str(), "title_id_out_of_range");
            /// ```
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => $spelling,)+
                }
            }
        }
    };
}

codes! {
    /// The input is not strict JSON (RFC 8259); the message has line and column.
    SyntaxError => "syntax_error";
    /// The input is larger than the byte limit ([`Validator::max_bytes`](crate::Validator::max_bytes)).
    BodyTooLarge => "body_too_large";
    /// The input nests deeper than the depth limit ([`Validator::max_depth`](crate::Validator::max_depth)).
    TooDeep => "too_deep";
    /// A value has the wrong JSON type (for example a number where a string belongs).
    InvalidType => "invalid_type";
    /// A required member is absent.
    MissingMember => "missing_member";
    /// A member that the object does not define.
    UnknownMember => "unknown_member";
    /// The same member appears twice in one object.
    DuplicateMember => "duplicate_member";
    /// A member that exists, but not for this handle `type` (invite members
    /// on an activity, `originSessionRef` on a search, ...).
    MemberNotAllowed => "member_not_allowed";
    /// `version` is an integer other than `1`.
    UnsupportedVersion => "unsupported_version";
    /// `type` is a string that is not a handle type.
    UnknownHandleType => "unknown_handle_type";
    /// A GUID that is not `8-4-4-4-12` hexadecimal digits.
    InvalidGuid => "invalid_guid";
    /// A template or session name that is empty.
    NameEmpty => "name_empty";
    /// A template or session name longer than 100 characters.
    NameTooLong => "name_too_long";
    /// A template or session name with a character outside `A-Z a-z 0-9 - . _ ~`.
    NameInvalidCharacter => "name_invalid_character";
    /// A `titleId` string that is not canonical decimal digits.
    TitleIdNotDecimal => "title_id_not_decimal";
    /// A `titleId` outside `0..=4294967295`.
    TitleIdOutOfRange => "title_id_out_of_range";
    /// An `invitedXuid` that is not canonical decimal digits.
    XuidNotDecimal => "xuid_not_decimal";
    /// An `invitedXuid` outside `1..=18446744073709551615`.
    XuidOutOfRange => "xuid_out_of_range";
    /// A `context` longer than 256 characters once URI-encoded.
    ContextTooLong => "context_too_long";
    /// A search tag or attribute name that is not an ASCII letter followed
    /// by ASCII letters, digits or `_` (1 to 99 characters).
    InvalidAttributeName => "invalid_attribute_name";
    /// A string search attribute longer than 99 UTF-8 bytes.
    AttributeStringTooLong => "attribute_string_too_long";
    /// A numeric search attribute that a double cannot hold (`1e400`).
    AttributeNumberOutOfRange => "attribute_number_out_of_range";
    /// A query's `filter` that breaks the filter grammar or its rules
    /// (docs/rules.md §8.5–§8.6); the message names the rule and a 0-based
    /// character offset.
    InvalidFilter => "invalid_filter";
    /// A query's `orderBy` that is not one attribute and `asc` or `desc`.
    InvalidOrderBy => "invalid_order_by";
    /// An activity query's `owners` holding neither or both of `xuids` and `people`.
    OwnersNotExactlyOne => "owners_not_exactly_one";
    /// An activity query's `owners/xuids` that is an empty array.
    XuidsEmpty => "xuids_empty";
    /// A social group's `moniker` other than `people`, `favorites` or `friends`.
    UnknownMoniker => "unknown_moniker";
    /// A search query's `global` that is `false`.
    GlobalNotTrue => "global_not_true";
    /// The `include` query parameter of `POST /handles/query` is not a list
    /// of `relatedInfo`, `roleInfo` and `customProperties` (from
    /// [`check_include`](crate::include::check_include), never in a body report).
    InvalidInclude => "invalid_include";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn spellings_are_snake_case_and_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
            assert!(seen.insert(s), "{s} twice");
        }
    }
}
