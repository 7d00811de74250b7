//! Violations and the report that collects them; what they say is worded
//! in `wording.rs`, lazily.

use std::fmt;

use serde::Serialize;

pub(crate) mod detail;
mod echo;
pub(crate) mod line_safe;
mod pointer;
mod wording;

pub(crate) use detail::{Detail, Short};
pub use echo::{ECHO_LIMIT, Echo};
pub use line_safe::LineSafe;

use crate::rules::InvalidValue;
pub use pointer::Pointer;

/// A stable, machine-readable name for one kind of violation.
///
/// Codes are part of the public API: once released, a code never changes
/// meaning. [`Code::as_str`] gives the `snake_case` spelling used on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Code {
    /// The input is not strict JSON (RFC 8259); the message has line and column.
    SyntaxError,
    /// The input is larger than the byte limit ([`Validator::max_bytes`](crate::Validator::max_bytes)).
    BodyTooLarge,
    /// The input nests deeper than the depth limit ([`Validator::max_depth`](crate::Validator::max_depth)).
    TooDeep,
    /// A value has the wrong JSON type (for example a number where a string belongs).
    InvalidType,
    /// A required member is absent.
    MissingMember,
    /// A member that the object does not define.
    UnknownMember,
    /// The same member appears twice in one object.
    DuplicateMember,
    /// A member that exists, but not for this handle `type` (invite members
    /// on an activity, `originSessionRef` on a search, ...).
    MemberNotAllowed,
    /// `version` is an integer other than `1`.
    UnsupportedVersion,
    /// `type` is a string that is not a handle type.
    UnknownHandleType,
    /// A GUID that is not `8-4-4-4-12` hexadecimal digits.
    InvalidGuid,
    /// A template or session name that is empty.
    NameEmpty,
    /// A template or session name longer than 100 characters.
    NameTooLong,
    /// A template or session name with a character outside `A-Z a-z 0-9 - . _ ~`.
    NameInvalidCharacter,
    /// A `titleId` string that is not canonical decimal digits.
    TitleIdNotDecimal,
    /// A `titleId` outside `0..=4294967295`.
    TitleIdOutOfRange,
    /// An `invitedXuid` that is not canonical decimal digits.
    XuidNotDecimal,
    /// An `invitedXuid` outside `1..=18446744073709551615`.
    XuidOutOfRange,
    /// A `context` longer than 256 characters once URI-encoded.
    ContextTooLong,
    /// A search tag or attribute name that is not an ASCII letter followed
    /// by ASCII letters, digits or `_` (1 to 99 characters).
    InvalidAttributeName,
    /// A string search attribute longer than 99 UTF-8 bytes.
    AttributeStringTooLong,
    /// A numeric search attribute that a double cannot hold (`1e400`).
    AttributeNumberOutOfRange,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: &'static [Code] = &[
        Code::SyntaxError,
        Code::BodyTooLarge,
        Code::TooDeep,
        Code::InvalidType,
        Code::MissingMember,
        Code::UnknownMember,
        Code::DuplicateMember,
        Code::MemberNotAllowed,
        Code::UnsupportedVersion,
        Code::UnknownHandleType,
        Code::InvalidGuid,
        Code::NameEmpty,
        Code::NameTooLong,
        Code::NameInvalidCharacter,
        Code::TitleIdNotDecimal,
        Code::TitleIdOutOfRange,
        Code::XuidNotDecimal,
        Code::XuidOutOfRange,
        Code::ContextTooLong,
        Code::InvalidAttributeName,
        Code::AttributeStringTooLong,
        Code::AttributeNumberOutOfRange,
    ];

    /// The stable `snake_case` spelling of the code.
    ///
    /// ```
    /// assert_eq!(mpsd_handles::Code::TitleIdOutOfRange.as_str(), "title_id_out_of_range");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::SyntaxError => "syntax_error",
            Code::BodyTooLarge => "body_too_large",
            Code::TooDeep => "too_deep",
            Code::InvalidType => "invalid_type",
            Code::MissingMember => "missing_member",
            Code::UnknownMember => "unknown_member",
            Code::DuplicateMember => "duplicate_member",
            Code::MemberNotAllowed => "member_not_allowed",
            Code::UnsupportedVersion => "unsupported_version",
            Code::UnknownHandleType => "unknown_handle_type",
            Code::InvalidGuid => "invalid_guid",
            Code::NameEmpty => "name_empty",
            Code::NameTooLong => "name_too_long",
            Code::NameInvalidCharacter => "name_invalid_character",
            Code::TitleIdNotDecimal => "title_id_not_decimal",
            Code::TitleIdOutOfRange => "title_id_out_of_range",
            Code::XuidNotDecimal => "xuid_not_decimal",
            Code::XuidOutOfRange => "xuid_out_of_range",
            Code::ContextTooLong => "context_too_long",
            Code::InvalidAttributeName => "invalid_attribute_name",
            Code::AttributeStringTooLong => "attribute_string_too_long",
            Code::AttributeNumberOutOfRange => "attribute_number_out_of_range",
        }
    }
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

// `InvalidValue` is defined with the rules; its wording lives here.
impl InvalidValue {
    fn detail(&self) -> Detail {
        let value = crate::rules::Json::Str(std::borrow::Cow::Borrowed(&self.value));
        self.fault.detail(self.member, &value)
    }

    /// Which rule was broken.
    #[must_use]
    pub fn code(&self) -> Code {
        self.detail().code()
    }

    /// An English sentence that says how, written when displayed.
    #[must_use]
    pub fn message(&self) -> impl fmt::Display + '_ {
        self.detail()
    }
}

impl fmt::Display for InvalidValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let detail = self.detail();
        write!(f, "{} [{}]", detail, detail.code())
    }
}

impl std::error::Error for InvalidValue {}

/// One broken rule at one place in a request body.
///
/// It keeps the facts (the code, the pointer, a short copy of the offending
/// value); its English sentence is written only when asked for, by
/// [`Violation::message`] or `Display`. `Serialize` writes
/// `{"pointer", "code", "message"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pointer: Pointer,
    code: Code,
    detail: Detail,
}

impl Violation {
    pub(crate) fn new(pointer: Pointer, detail: Detail) -> Self {
        Self {
            pointer,
            code: detail.code(),
            detail,
        }
    }

    /// Where: an RFC 6901 JSON pointer using the wire (JSON) member names;
    /// `""` is the whole body. A missing member is reported at the pointer
    /// it would have.
    #[must_use]
    pub fn pointer(&self) -> &Pointer {
        &self.pointer
    }

    /// What: a stable code.
    #[must_use]
    pub fn code(&self) -> Code {
        self.code
    }

    /// Why: an English sentence fit for a log line. Echoed input in it is
    /// escaped and cut (see [`Echo`]).
    ///
    /// ```
    /// let report = mpsd_handles::from_str(r#"{"version": 2}"#).unwrap_err();
    /// let v = report.iter().find(|v| v.pointer() == "/version").unwrap();
    /// assert_eq!(v.message().to_string(), "version 2 is not supported: the only version is 1.");
    /// ```
    #[must_use]
    pub fn message(&self) -> impl fmt::Display + '_ {
        &self.detail
    }
}

impl fmt::Display for Violation {
    /// `POINTER: message [code]`, with the whole body shown as `(root)` and
    /// the pointer escaped and cut as an [`Echo`] (so that a member name
    /// cannot forge a line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_root() {
            f.write_str("(root)")?;
        } else {
            write!(f, "{}", self.pointer)?;
        }
        write!(f, ": {} [{}]", self.detail, self.code)
    }
}

impl Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Violation", 3)?;
        s.serialize_field("pointer", &self.pointer)?;
        s.serialize_field("code", &self.code)?;
        s.serialize_field("message", &Message(&self.detail))?;
        s.end()
    }
}

/// Serializes a detail's sentence without building a `String` first.
struct Message<'a>(&'a Detail);

impl Serialize for Message<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// Every violation found in one request body: never empty.
///
/// Violations are ordered by pointer (then code), so two ways of reading
/// the same document give equal reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    violations: Vec<Violation>,
}

impl Report {
    /// A report of `violations`, sorted; `None` when there are none.
    pub(crate) fn from_violations(mut violations: Vec<Violation>) -> Option<Self> {
        if violations.is_empty() {
            return None;
        }
        violations.sort_by(|a, b| (a.pointer.as_str(), a.code).cmp(&(b.pointer.as_str(), b.code)));
        Some(Self { violations })
    }

    pub(crate) fn single(violation: Violation) -> Self {
        Self {
            violations: vec![violation],
        }
    }

    /// The violations, ordered by pointer.
    #[must_use]
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// How many violations there are (at least one).
    #[must_use]
    pub fn len(&self) -> usize {
        self.violations.len()
    }

    /// Always `false`: a report holds at least one violation.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.violations.is_empty()
    }

    /// An iterator over the violations.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.violations.iter()
    }

    /// Whether any violation has `code`.
    #[must_use]
    pub fn has(&self, code: Code) -> bool {
        self.violations.iter().any(|v| v.code == code)
    }
}

impl fmt::Display for Report {
    /// One violation per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, v) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}

impl IntoIterator for Report {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.into_iter()
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.violations.iter()
    }
}
