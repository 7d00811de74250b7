//! What a violation keeps: the facts, never the sentence. The sentence is
//! written by `wording.rs` when somebody asks for it.

use super::locate::Location;
use crate::model::HandleKind;
use crate::report::{Code, ECHO_LIMIT};
use crate::rules::filter::FilterError;
use crate::rules::handle_type::Kinds;
use crate::rules::members::Member;
use crate::rules::{Fault, Json};

/// A short copy of an offending value: its first [`ECHO_LIMIT`] + 1
/// characters, enough for an echo to show it, or to show that it was cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Short(Box<str>);

impl Short {
    pub(crate) fn new(s: &str) -> Self {
        let end = s
            .char_indices()
            .nth(ECHO_LIMIT + 1)
            .map_or(s.len(), |(i, _)| i);
        Self(s.get(..end).unwrap_or(s).into())
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// What kind of syntax error a body has: `serde_json`'s categories, and
/// the checks this crate makes before it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SyntaxCategory {
    /// Not JSON text here (`serde_json`'s `Category::Syntax`).
    Syntax,
    /// The body ends before its value does (`Category::Eof`).
    Eof,
    /// JSON text that `serde_json` would not read (`Category::Data`).
    Data,
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// A UTF-8 byte order mark before the body.
    ByteOrderMark,
    /// A `\u` escape of half a UTF-16 surrogate pair.
    LoneSurrogate,
}

/// Where a body stops being JSON, what kind of error it is, and what
/// `serde_json` (or the crate) says is wrong there: the data of a
/// `syntax_error` violation ([`Violation::syntax_error`](crate::Violation::syntax_error)).
///
/// ```
/// let report = mpsd_handles::from_str("{\n  \"a\": 1,\n}").unwrap_err();
/// let syntax = report.violations()[0].syntax_error().unwrap();
/// assert_eq!(syntax.category(), mpsd_handles::SyntaxCategory::Syntax);
/// let at = syntax.location().unwrap();
/// assert_eq!((at.line(), at.column()), (3, 1));
/// assert_eq!(syntax.description(), "key must be a string");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub(crate) category: SyntaxCategory,
    /// What is wrong, without the position.
    pub(crate) what: Box<str>,
    /// Where reading stopped (`None` when not known).
    pub(crate) at: Option<Location>,
}

impl SyntaxError {
    /// What kind of error it is.
    #[must_use]
    pub const fn category(&self) -> SyntaxCategory {
        self.category
    }

    /// Where reading stopped: 1-based line and column in characters.
    #[must_use]
    pub const fn location(&self) -> Option<&Location> {
        self.at.as_ref()
    }

    /// What is wrong, in `serde_json`'s words (or the crate's), without
    /// the position.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.what
    }
}

/// One broken rule, as data. Member and object names are the wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Not JSON: what is wrong, and where reading stopped.
    Syntax(SyntaxError),
    TooLarge {
        max: usize,
    },
    TooDeep {
        max: usize,
    },
    /// An object (`""` for the body) that is some other JSON type.
    NotAnObject {
        object: &'static str,
        found: &'static str,
    },
    WrongType {
        member: &'static str,
        expected: &'static str,
        found: &'static str,
    },
    Missing {
        object: &'static str,
        member: &'static str,
    },
    /// A member that the handle's type requires.
    MissingForKind {
        kind: HandleKind,
        /// What the body is: "handle" or "query".
        noun: &'static str,
        member: &'static str,
    },
    Unknown {
        object: &'static str,
        name: Short,
        known: &'static [Member],
    },
    Duplicate {
        member: &'static str,
    },
    NotAllowed {
        member: &'static str,
        kind: HandleKind,
        allowed: Kinds,
    },
    UnsupportedVersion {
        spelling: Short,
    },
    VersionNotInteger {
        spelling: Option<Short>,
    },
    UnknownHandleType {
        value: Short,
    },
    InvalidGuid {
        member: &'static str,
        value: Short,
    },
    NameEmpty {
        member: &'static str,
    },
    NameTooLong {
        member: &'static str,
        len: usize,
    },
    NameInvalidCharacter {
        member: &'static str,
        ch: char,
        at: usize,
    },
    TitleIdNotDecimal {
        value: Short,
    },
    TitleIdNotInteger {
        spelling: Option<Short>,
    },
    TitleIdOutOfRange {
        value: Short,
    },
    XuidNotDecimal {
        member: &'static str,
        value: Short,
    },
    XuidOutOfRange {
        member: &'static str,
        value: Short,
    },
    XuidNumber {
        member: &'static str,
    },
    ContextTooLong {
        len: usize,
    },
    InvalidAttributeName {
        value: Short,
    },
    AttributeStringTooLong {
        len: usize,
    },
    AttributeNumberOutOfRange {
        spelling: Option<Short>,
    },
    /// An attribute name equal to an earlier one without regard to case.
    DuplicateAttribute {
        name: Short,
    },
    /// A query's `type` that is not `activity` or `search`.
    UnknownQueryType {
        value: Short,
    },
    UnknownMoniker {
        value: Short,
    },
    GlobalNotTrue,
    XuidsEmpty,
    /// `owners` holds neither or both of its members.
    OwnersNotExactlyOne,
    InvalidFilter {
        error: FilterError,
    },
    InvalidOrderBy {
        error: FilterError,
    },
    /// A `Value` or another deserializer that failed in a way JSON text cannot.
    Unreadable(Box<str>),
}

impl Detail {
    pub(crate) fn code(&self) -> Code {
        match self {
            Detail::Syntax(_) => Code::SyntaxError,
            Detail::TooLarge { .. } => Code::BodyTooLarge,
            Detail::TooDeep { .. } => Code::TooDeep,
            Detail::NotAnObject { .. }
            | Detail::WrongType { .. }
            | Detail::VersionNotInteger { .. }
            | Detail::XuidNumber { .. }
            | Detail::Unreadable(_) => Code::InvalidType,
            Detail::Missing { .. } | Detail::MissingForKind { .. } => Code::MissingMember,
            Detail::Unknown { .. } => Code::UnknownMember,
            Detail::Duplicate { .. } | Detail::DuplicateAttribute { .. } => Code::DuplicateMember,
            Detail::NotAllowed { .. } => Code::MemberNotAllowed,
            Detail::UnsupportedVersion { .. } => Code::UnsupportedVersion,
            Detail::UnknownHandleType { .. } | Detail::UnknownQueryType { .. } => {
                Code::UnknownHandleType
            }
            Detail::UnknownMoniker { .. } => Code::UnknownMoniker,
            Detail::GlobalNotTrue => Code::GlobalNotTrue,
            Detail::XuidsEmpty => Code::XuidsEmpty,
            Detail::OwnersNotExactlyOne => Code::OwnersNotExactlyOne,
            Detail::InvalidFilter { .. } => Code::InvalidFilter,
            Detail::InvalidOrderBy { .. } => Code::InvalidOrderBy,
            Detail::InvalidGuid { .. } => Code::InvalidGuid,
            Detail::NameEmpty { .. } => Code::NameEmpty,
            Detail::NameTooLong { .. } => Code::NameTooLong,
            Detail::NameInvalidCharacter { .. } => Code::NameInvalidCharacter,
            Detail::TitleIdNotDecimal { .. } | Detail::TitleIdNotInteger { .. } => {
                Code::TitleIdNotDecimal
            }
            Detail::TitleIdOutOfRange { .. } => Code::TitleIdOutOfRange,
            Detail::XuidNotDecimal { .. } => Code::XuidNotDecimal,
            Detail::XuidOutOfRange { .. } => Code::XuidOutOfRange,
            Detail::ContextTooLong { .. } => Code::ContextTooLong,
            Detail::InvalidAttributeName { .. } => Code::InvalidAttributeName,
            Detail::AttributeStringTooLong { .. } => Code::AttributeStringTooLong,
            Detail::AttributeNumberOutOfRange { .. } => Code::AttributeNumberOutOfRange,
        }
    }
}

/// A fault as report data (the rules know nothing of reports).
impl Fault {
    /// The fault of member `member` whose value is `value`, as report data.
    pub(crate) fn detail(self, member: &'static str, value: &Json<'_>) -> Detail {
        let short = || Short::new(value.text().as_deref().unwrap_or_default());
        let spelling = || value.text().map(|s| Short::new(&s));
        match self {
            Fault::WrongType { expected } => Detail::WrongType {
                member,
                expected,
                found: value.kind(),
            },
            Fault::UnsupportedVersion => Detail::UnsupportedVersion { spelling: short() },
            Fault::VersionNotInteger => Detail::VersionNotInteger {
                spelling: spelling(),
            },
            Fault::UnknownHandleType => Detail::UnknownHandleType { value: short() },
            Fault::InvalidGuid => Detail::InvalidGuid {
                member,
                value: short(),
            },
            Fault::NameEmpty => Detail::NameEmpty { member },
            Fault::NameTooLong { len } => Detail::NameTooLong { member, len },
            Fault::NameInvalidCharacter { ch, at } => {
                Detail::NameInvalidCharacter { member, ch, at }
            }
            Fault::TitleIdNotDecimal => Detail::TitleIdNotDecimal { value: short() },
            Fault::TitleIdNotInteger => Detail::TitleIdNotInteger {
                spelling: spelling(),
            },
            Fault::TitleIdOutOfRange => Detail::TitleIdOutOfRange { value: short() },
            Fault::XuidNotDecimal => Detail::XuidNotDecimal {
                member,
                value: short(),
            },
            Fault::XuidOutOfRange => Detail::XuidOutOfRange {
                member,
                value: short(),
            },
            Fault::XuidNumber => Detail::XuidNumber { member },
            Fault::ContextTooLong { len } => Detail::ContextTooLong { len },
            Fault::InvalidAttributeName => Detail::InvalidAttributeName { value: short() },
            Fault::AttributeStringTooLong { len } => Detail::AttributeStringTooLong { len },
            Fault::AttributeNumberOutOfRange => Detail::AttributeNumberOutOfRange {
                spelling: spelling(),
            },
            Fault::DuplicateAttribute => Detail::DuplicateAttribute { name: short() },
            Fault::UnknownQueryType => Detail::UnknownQueryType { value: short() },
            Fault::UnknownMoniker => Detail::UnknownMoniker { value: short() },
            Fault::GlobalNotTrue => Detail::GlobalNotTrue,
            Fault::InvalidFilter(error) => Detail::InvalidFilter { error },
            Fault::InvalidOrderBy(error) => Detail::InvalidOrderBy { error },
        }
    }
}
