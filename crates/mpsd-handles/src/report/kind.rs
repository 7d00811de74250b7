//! Every kind of violation in one place: its data, its [`Code`], the rule's
//! fault it is made from, and its English sentence.
//!
//! Adding a rule is a variant here (with its code arm, its sentence and,
//! for a rule on one value, its arm in [`ViolationKind::from_fault`]), a
//! row of the `codes!` table here if it needs a new code, the rule's
//! [`Fault`] in `rules/mod.rs`, and the call site in the rule's own file:
//! three files, and the tests.

use std::fmt::{self, Display, Formatter};

use super::ECHO_LIMIT;
use super::code::codes;
use super::detail::SyntaxError;
use super::wording::{EXAMPLE_GUID, Hint, KindHandle, KindList, Quoted, bare, quoted};
use crate::model::HandleKind;
use crate::rules::expected::{ExpectedValue, JsonType};
use crate::rules::filter::FilterError;
use crate::rules::handle_type::Kinds;
use crate::rules::members::suggest;
use crate::rules::{Fault, Json, attribute, context, name};

// The codes, each with its stable spelling: a code is a promise to users
// (it never changes meaning), so several kinds may share one.
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

/// What one violation is, with its facts as data: the member, the limit,
/// the length, the allowed types, a short copy of the offending value.
///
/// A caller can render or localise a violation from this without parsing
/// the English of [`Violation::message`](crate::Violation::message). Member
/// and object names are the wire names; values from the input are cut
/// after [`ECHO_LIMIT`] + 1 characters (enough to show that they were cut)
/// and are not escaped (escape them, for example with
/// [`Echo`](crate::Echo), before showing them).
///
/// MPSD may add rules, so kinds and their data may grow: both the enum
/// and each variant are `#[non_exhaustive]`.
///
/// ```
/// use mpsd_handles::{Code, ViolationKind};
/// let report = mpsd_handles::from_str(r#"{"version": 1, "type": "activity",
///     "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "x y"}}"#)
///     .unwrap_err();
/// let v = &report.violations()[0];
/// assert_eq!(v.code(), Code::NameInvalidCharacter);
/// match v.kind() {
///     ViolationKind::NameInvalidCharacter { member, ch, at, .. } => {
///         assert_eq!((*member, *ch, *at), ("templateName", ' ', 2));
///     }
///     other => panic!("{other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationKind {
    /// The body is not JSON: what is wrong, and where reading stopped.
    Syntax(SyntaxError),
    /// The body is larger than the byte limit.
    #[non_exhaustive]
    TooLarge {
        /// The limit, in bytes.
        max: usize,
    },
    /// The body nests deeper than the depth limit.
    #[non_exhaustive]
    TooDeep {
        /// The limit, in levels of arrays and objects.
        max: usize,
    },
    /// An object that is some other JSON type.
    #[non_exhaustive]
    NotAnObject {
        /// The object as the messages name it (`""` for the body).
        object: &'static str,
        /// The JSON type found.
        found: JsonType,
    },
    /// A member of the wrong JSON type.
    #[non_exhaustive]
    WrongType {
        /// The member.
        member: &'static str,
        /// What belongs there.
        expected: ExpectedValue,
        /// The JSON type found.
        found: JsonType,
    },
    /// A member that every body of its object must have.
    #[non_exhaustive]
    Missing {
        /// The object as the messages name it (`"the handle"`, `"sessionRef"`).
        object: &'static str,
        /// The missing member.
        member: &'static str,
    },
    /// A member that this `type` of body must have.
    #[non_exhaustive]
    MissingForKind {
        /// The body's `type`.
        kind: HandleKind,
        /// What the body is: `"handle"` or `"query"`.
        noun: &'static str,
        /// The missing member.
        member: &'static str,
    },
    /// A member that the object does not define.
    #[non_exhaustive]
    Unknown {
        /// The object as the messages name it.
        object: &'static str,
        /// The member's name, cut.
        name: Box<str>,
        /// The defined member it is most likely a typo of, if any.
        suggestion: Option<&'static str>,
    },
    /// A member given twice in one object.
    #[non_exhaustive]
    Duplicate {
        /// The member.
        member: &'static str,
    },
    /// A member that exists, but not for this `type`.
    #[non_exhaustive]
    NotAllowed {
        /// The member.
        member: &'static str,
        /// The body's `type`.
        kind: HandleKind,
        /// The types that allow it.
        allowed: &'static [HandleKind],
    },
    /// A `version` that is an integer other than 1.
    #[non_exhaustive]
    UnsupportedVersion {
        /// The number as the sender wrote it, cut.
        spelling: Box<str>,
    },
    /// A `version` that is not written as an integer.
    #[non_exhaustive]
    VersionNotInteger {
        /// The number as the sender wrote it, cut, when known.
        spelling: Option<Box<str>>,
    },
    /// A `type` that is not a handle type.
    #[non_exhaustive]
    UnknownHandleType {
        /// The value, cut.
        value: Box<str>,
        /// The handle type it is most likely a typo of, if any.
        suggestion: Option<&'static str>,
    },
    /// A GUID that is not `8-4-4-4-12` hexadecimal digits.
    #[non_exhaustive]
    InvalidGuid {
        /// The member (`""` for a value given to a constructor alone).
        member: &'static str,
        /// The value, cut.
        value: Box<str>,
    },
    /// An empty template or session name.
    #[non_exhaustive]
    NameEmpty {
        /// The member.
        member: &'static str,
        /// The longest name allowed, in characters.
        max: usize,
    },
    /// A template or session name that is too long.
    #[non_exhaustive]
    NameTooLong {
        /// The member.
        member: &'static str,
        /// The name's length, in characters.
        len: usize,
        /// The longest name allowed, in characters.
        max: usize,
    },
    /// A template or session name with a character it may not have.
    #[non_exhaustive]
    NameInvalidCharacter {
        /// The member.
        member: &'static str,
        /// The first character not allowed.
        ch: char,
        /// Its 1-based position, in characters.
        at: usize,
    },
    /// A `titleId` string that is not canonical decimal digits.
    #[non_exhaustive]
    TitleIdNotDecimal {
        /// The value, cut.
        value: Box<str>,
    },
    /// A `titleId` number written with a fraction or an exponent.
    #[non_exhaustive]
    TitleIdNotInteger {
        /// The number as the sender wrote it, cut, when known.
        spelling: Option<Box<str>>,
    },
    /// A `titleId` outside `0..=4294967295`.
    #[non_exhaustive]
    TitleIdOutOfRange {
        /// The value, cut.
        value: Box<str>,
    },
    /// A Xbox user id that is not canonical decimal digits.
    #[non_exhaustive]
    XuidNotDecimal {
        /// The member.
        member: &'static str,
        /// The value, cut.
        value: Box<str>,
    },
    /// A Xbox user id outside `1..=18446744073709551615`.
    #[non_exhaustive]
    XuidOutOfRange {
        /// The member.
        member: &'static str,
        /// The value, cut.
        value: Box<str>,
    },
    /// A Xbox user id given as a JSON number.
    #[non_exhaustive]
    XuidNumber {
        /// The member.
        member: &'static str,
    },
    /// A `context` too long once URI-encoded.
    #[non_exhaustive]
    ContextTooLong {
        /// Its length once URI-encoded, in characters.
        len: usize,
        /// The longest allowed.
        max: usize,
    },
    /// A search attribute name (or tag) that breaks the name rule.
    #[non_exhaustive]
    InvalidAttributeName {
        /// The name, cut.
        value: Box<str>,
        /// The longest name allowed, in characters.
        max: usize,
    },
    /// A string attribute that is too long.
    #[non_exhaustive]
    AttributeStringTooLong {
        /// Its length in UTF-8 bytes.
        len: usize,
        /// The longest allowed, in bytes.
        max: usize,
    },
    /// A numeric attribute that no finite double holds.
    #[non_exhaustive]
    AttributeNumberOutOfRange {
        /// The number as the sender wrote it, cut, when known.
        spelling: Option<Box<str>>,
    },
    /// An attribute name equal to an earlier one without regard to case.
    #[non_exhaustive]
    DuplicateAttribute {
        /// The name, cut.
        name: Box<str>,
    },
    /// A query's `type` that is not `activity` or `search`.
    #[non_exhaustive]
    UnknownQueryType {
        /// The value, cut.
        value: Box<str>,
        /// The query type it is most likely a typo of, if any.
        suggestion: Option<&'static str>,
    },
    /// A `moniker` that is not a social group.
    #[non_exhaustive]
    UnknownMoniker {
        /// The value, cut.
        value: Box<str>,
    },
    /// A search query's `global` that is not `true`.
    GlobalNotTrue,
    /// An `owners.xuids` with no Xbox user id.
    XuidsEmpty,
    /// An `owners` that holds neither or both of its members.
    OwnersNotExactlyOne,
    /// A search query's `filter` that does not parse or type-check.
    #[non_exhaustive]
    InvalidFilter {
        /// Where and why.
        error: FilterError,
    },
    /// A search query's `orderBy` that is not one attribute and a direction.
    #[non_exhaustive]
    InvalidOrderBy {
        /// Where and why.
        error: FilterError,
    },
    /// A `Value` or another deserializer that failed in a way JSON text cannot.
    #[non_exhaustive]
    Unreadable {
        /// What its error said.
        what: Box<str>,
    },
}

/// The query types, as `type` spells them.
pub(super) const QUERY_TYPES: [&str; 2] = ["activity", "search"];

/// A short copy of an offending value: its first [`ECHO_LIMIT`] + 1
/// characters, enough for an echo to show it, or to show that it was cut.
pub(crate) fn short(s: &str) -> Box<str> {
    let end = s
        .char_indices()
        .nth(ECHO_LIMIT + 1)
        .map_or(s.len(), |(i, _)| i);
    s.get(..end).unwrap_or(s).into()
}

impl ViolationKind {
    /// The kind's stable code.
    ///
    /// ```
    /// let e = "x y".parse::<mpsd_handles::model::TemplateName>().unwrap_err();
    /// assert_eq!(e.kind().code(), mpsd_handles::Code::NameInvalidCharacter);
    /// ```
    #[must_use]
    pub fn code(&self) -> Code {
        match self {
            Self::Syntax(_) => Code::SyntaxError,
            Self::TooLarge { .. } => Code::BodyTooLarge,
            Self::TooDeep { .. } => Code::TooDeep,
            Self::NotAnObject { .. }
            | Self::WrongType { .. }
            | Self::VersionNotInteger { .. }
            | Self::XuidNumber { .. }
            | Self::Unreadable { .. } => Code::InvalidType,
            Self::Missing { .. } | Self::MissingForKind { .. } => Code::MissingMember,
            Self::Unknown { .. } => Code::UnknownMember,
            Self::Duplicate { .. } | Self::DuplicateAttribute { .. } => Code::DuplicateMember,
            Self::NotAllowed { .. } => Code::MemberNotAllowed,
            Self::UnsupportedVersion { .. } => Code::UnsupportedVersion,
            Self::UnknownHandleType { .. } | Self::UnknownQueryType { .. } => {
                Code::UnknownHandleType
            }
            Self::UnknownMoniker { .. } => Code::UnknownMoniker,
            Self::GlobalNotTrue => Code::GlobalNotTrue,
            Self::XuidsEmpty => Code::XuidsEmpty,
            Self::OwnersNotExactlyOne => Code::OwnersNotExactlyOne,
            Self::InvalidFilter { .. } => Code::InvalidFilter,
            Self::InvalidOrderBy { .. } => Code::InvalidOrderBy,
            Self::InvalidGuid { .. } => Code::InvalidGuid,
            Self::NameEmpty { .. } => Code::NameEmpty,
            Self::NameTooLong { .. } => Code::NameTooLong,
            Self::NameInvalidCharacter { .. } => Code::NameInvalidCharacter,
            Self::TitleIdNotDecimal { .. } | Self::TitleIdNotInteger { .. } => {
                Code::TitleIdNotDecimal
            }
            Self::TitleIdOutOfRange { .. } => Code::TitleIdOutOfRange,
            Self::XuidNotDecimal { .. } => Code::XuidNotDecimal,
            Self::XuidOutOfRange { .. } => Code::XuidOutOfRange,
            Self::ContextTooLong { .. } => Code::ContextTooLong,
            Self::InvalidAttributeName { .. } => Code::InvalidAttributeName,
            Self::AttributeStringTooLong { .. } => Code::AttributeStringTooLong,
            Self::AttributeNumberOutOfRange { .. } => Code::AttributeNumberOutOfRange,
        }
    }

    /// The English sentence, written when displayed (the same as
    /// `Display`).
    #[must_use]
    pub fn message(&self) -> impl Display + '_ {
        self
    }

    /// The kind of the rule's fault `fault` on member `member` whose value
    /// is `value` (the rules know nothing of reports).
    pub(crate) fn from_fault(fault: Fault, member: &'static str, value: &Json<'_>) -> Self {
        // Only faults of strings and numbers copy their value; a value with
        // no text of its own would show as empty.
        let value_text = || value.text().map_or_else(|| short(""), |text| short(&text));
        let spelling = || value.text().map(|s| short(&s));
        match fault {
            Fault::WrongType { expected } => Self::WrongType {
                member,
                expected,
                found: value.kind(),
            },
            Fault::UnsupportedVersion => Self::UnsupportedVersion {
                spelling: value_text(),
            },
            Fault::VersionNotInteger => Self::VersionNotInteger {
                spelling: spelling(),
            },
            Fault::UnknownHandleType => {
                let value = value_text();
                let kinds: Vec<&'static str> = Kinds::ALL.iter().map(HandleKind::as_str).collect();
                let suggestion = suggest(&value, &kinds);
                Self::UnknownHandleType { value, suggestion }
            }
            Fault::InvalidGuid => Self::InvalidGuid {
                member,
                value: value_text(),
            },
            Fault::NameEmpty => Self::NameEmpty {
                member,
                max: name::MAX_LEN,
            },
            Fault::NameTooLong { len } => Self::NameTooLong {
                member,
                len,
                max: name::MAX_LEN,
            },
            Fault::NameInvalidCharacter { ch, at } => Self::NameInvalidCharacter { member, ch, at },
            Fault::TitleIdNotDecimal => Self::TitleIdNotDecimal {
                value: value_text(),
            },
            Fault::TitleIdNotInteger => Self::TitleIdNotInteger {
                spelling: spelling(),
            },
            Fault::TitleIdOutOfRange => Self::TitleIdOutOfRange {
                value: value_text(),
            },
            Fault::XuidNotDecimal => Self::XuidNotDecimal {
                member,
                value: value_text(),
            },
            Fault::XuidOutOfRange => Self::XuidOutOfRange {
                member,
                value: value_text(),
            },
            Fault::XuidNumber => Self::XuidNumber { member },
            Fault::ContextTooLong { len } => Self::ContextTooLong {
                len,
                max: context::MAX_URI_ENCODED_LEN,
            },
            Fault::InvalidAttributeName => Self::InvalidAttributeName {
                value: value_text(),
                max: attribute::MAX_NAME_LEN,
            },
            Fault::AttributeStringTooLong { len } => Self::AttributeStringTooLong {
                len,
                max: attribute::MAX_STRING_BYTES,
            },
            Fault::AttributeNumberOutOfRange => Self::AttributeNumberOutOfRange {
                spelling: spelling(),
            },
            Fault::DuplicateAttribute => Self::DuplicateAttribute { name: value_text() },
            Fault::UnknownQueryType => {
                let value = value_text();
                let suggestion = suggest(&value, &QUERY_TYPES);
                Self::UnknownQueryType { value, suggestion }
            }
            Fault::UnknownMoniker => Self::UnknownMoniker {
                value: value_text(),
            },
            Fault::GlobalNotTrue => Self::GlobalNotTrue,
            Fault::InvalidFilter(error) => Self::InvalidFilter { error },
            Fault::InvalidOrderBy(error) => Self::InvalidOrderBy { error },
        }
    }
}

impl Display for ViolationKind {
    #[allow(clippy::too_many_lines)] // one arm per kind of violation, on purpose
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(syntax) => {
                f.write_str("The body is not valid JSON")?;
                if let Some(at) = syntax.location() {
                    write!(f, " at line {} column {}", at.line(), at.column())?;
                }
                write!(f, ": {}.", syntax.description())
            }
            Self::TooLarge { max } => {
                write!(f, "The body is larger than the limit of {max} bytes.")
            }
            Self::TooDeep { max } => write!(
                f,
                "The body nests arrays and objects more than {max} level{} deep.",
                if *max == 1 { "" } else { "s" }
            ),
            Self::NotAnObject { object: "", found } => {
                write!(f, "The body must be a JSON object, but it is {found}.")
            }
            Self::NotAnObject { object, found } => {
                write!(f, "{object} must be an object, but it is {found}.")
            }
            Self::WrongType {
                member,
                expected,
                found,
            } => write!(f, "{member} must be {expected}, but it is {found}."),
            Self::Missing { object, member } => write!(
                f,
                "{} is missing the required member {member:?}.",
                super::wording::Capitalized(object)
            ),
            Self::MissingForKind { kind, noun, member } => write!(
                f,
                "{} is missing the required member {member:?}.",
                KindHandle(*kind, noun)
            ),
            Self::Unknown {
                object,
                name,
                suggestion,
            } => write!(
                f,
                "{} has no member {}.{}",
                super::wording::Capitalized(object),
                quoted(name),
                Hint(*suggestion)
            ),
            Self::Duplicate { member } => write!(
                f,
                "Member {member:?} appears more than once; it may appear only once."
            ),
            Self::NotAllowed {
                member,
                kind,
                allowed,
            } => write!(
                f,
                "Member {member:?} is only allowed when type is {}, not {:?}.",
                KindList(allowed),
                kind.as_str()
            ),
            Self::UnsupportedVersion { spelling } => write!(
                f,
                "version {} is not supported: the only version is 1.",
                bare(spelling)
            ),
            Self::VersionNotInteger { spelling: Some(s) } => write!(
                f,
                "version must be the integer 1 written without a fraction or exponent, not {}.",
                bare(s)
            ),
            Self::VersionNotInteger { spelling: None } => {
                f.write_str("version must be the integer 1 written without a fraction or exponent.")
            }
            Self::UnknownHandleType { value, suggestion } => write!(
                f,
                "type {} is not a handle type: use {}.{}",
                quoted(value),
                KindList(HandleKind::ALL),
                Hint(*suggestion)
            ),
            Self::InvalidGuid { member, value } => {
                if !member.is_empty() {
                    write!(f, "{member} ")?;
                }
                write!(
                    f,
                    "{} is not a GUID: expected 8-4-4-4-12 hexadecimal digits such as {EXAMPLE_GUID:?}.",
                    quoted(value)
                )
            }
            Self::NameEmpty { member, max } => {
                write!(f, "{member} is empty: it needs 1 to {max} characters.")
            }
            Self::NameTooLong { member, len, max } => write!(
                f,
                "{member} is {len} characters long: at most {max} are allowed."
            ),
            Self::NameInvalidCharacter { member, ch, at } => write!(
                f,
                "{member} has {} at character {at}: only A-Z a-z 0-9 - . _ ~ are allowed.",
                Quoted(ch.encode_utf8(&mut [0; 4]))
            ),
            Self::TitleIdNotDecimal { value } => write!(
                f,
                "titleId {} is not a decimal uint32: use ASCII digits only, with no sign, space, leading zero or exponent.",
                quoted(value)
            ),
            Self::TitleIdNotInteger { spelling } => {
                f.write_str("titleId")?;
                if let Some(s) = spelling {
                    write!(f, " {}", bare(s))?;
                }
                f.write_str(
                    " is written with a fraction or an exponent: write a decimal uint32 such as \"1018096776\".",
                )
            }
            Self::TitleIdOutOfRange { value } => write!(
                f,
                "titleId {} is out of range: it must be between 0 and {}.",
                bare(value),
                u32::MAX
            ),
            Self::XuidNotDecimal { member, value } => write!(
                f,
                "{member} {} is not a decimal u64: use ASCII digits only, with no sign, space, leading zero or exponent.",
                quoted(value)
            ),
            Self::XuidOutOfRange { member, value } => write!(
                f,
                "{member} {} is out of range: it must be between 1 and {}.",
                bare(value),
                u64::MAX
            ),
            Self::XuidNumber { member } => write!(
                f,
                "{member} must be a string of decimal digits, not a JSON number (a u64 does not survive a double)."
            ),
            Self::ContextTooLong { len, max } => write!(
                f,
                "context is {len} characters long once URI-encoded: at most {max} are allowed."
            ),
            Self::InvalidAttributeName { value, max } => write!(
                f,
                "{} is not an attribute name: use an ASCII letter, then ASCII letters, digits or _, 1 to {max} characters in all.",
                quoted(value)
            ),
            Self::AttributeStringTooLong { len, max } => write!(
                f,
                "The string attribute is {len} bytes long in UTF-8: at most {max} are allowed."
            ),
            Self::AttributeNumberOutOfRange { spelling } => {
                f.write_str("The number")?;
                if let Some(s) = spelling {
                    write!(f, " {}", bare(s))?;
                }
                f.write_str(" does not fit a double: a numeric attribute must be finite.")
            }
            Self::DuplicateAttribute { name } => write!(
                f,
                "Attribute {} appears more than once (names are compared without regard to case); it may appear only once.",
                quoted(name)
            ),
            Self::UnknownQueryType { value, suggestion } => write!(
                f,
                "type {} is not a query type: use {}.{}",
                quoted(value),
                super::wording::Alternatives(&QUERY_TYPES),
                Hint(*suggestion)
            ),
            Self::UnknownMoniker { value } => write!(
                f,
                "moniker {} is not a social group: use {} (in any case).",
                quoted(value),
                super::wording::Alternatives(&crate::rules::query::MONIKERS)
            ),
            Self::GlobalNotTrue => f.write_str("global must be true."),
            Self::XuidsEmpty => f.write_str("xuids must hold at least one Xbox user id."),
            Self::OwnersNotExactlyOne => {
                f.write_str("owners must hold exactly one of \"xuids\" and \"people\".")
            }
            Self::InvalidFilter { error } => write!(f, "The filter is not valid {error}."),
            Self::InvalidOrderBy { error } => write!(
                f,
                "orderBy must be one attribute, whitespace, then asc or desc: it is not valid {error}."
            ),
            Self::Unreadable { what } => write!(f, "The body could not be read: {what}."),
        }
    }
}
