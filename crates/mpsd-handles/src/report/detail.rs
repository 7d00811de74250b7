//! What a violation keeps: the facts, never the sentence. The sentence is
//! written by `wording.rs` when somebody asks for it.

use super::locate::Location;
use crate::model::HandleKind;
use crate::report::{Code, ECHO_LIMIT};
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

/// Where a body stops being JSON, and what `serde_json` (or the crate)
/// says is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Syntax {
    /// What is wrong, without the position.
    pub(crate) what: Box<str>,
    /// Where reading stopped (`None` for an input that is not text).
    pub(crate) at: Option<Location>,
}

/// One broken rule, as data. Member and object names are the wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Detail {
    /// Not JSON: what is wrong, and where reading stopped.
    Syntax(Syntax),
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
        value: Short,
    },
    XuidOutOfRange {
        value: Short,
    },
    XuidNumber,
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
            | Detail::XuidNumber
            | Detail::Unreadable(_) => Code::InvalidType,
            Detail::Missing { .. } | Detail::MissingForKind { .. } => Code::MissingMember,
            Detail::Unknown { .. } => Code::UnknownMember,
            Detail::Duplicate { .. } | Detail::DuplicateAttribute { .. } => Code::DuplicateMember,
            Detail::NotAllowed { .. } => Code::MemberNotAllowed,
            Detail::UnsupportedVersion { .. } => Code::UnsupportedVersion,
            Detail::UnknownHandleType { .. } => Code::UnknownHandleType,
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
            Fault::XuidNotDecimal => Detail::XuidNotDecimal { value: short() },
            Fault::XuidOutOfRange => Detail::XuidOutOfRange { value: short() },
            Fault::XuidNumber => Detail::XuidNumber,
            Fault::ContextTooLong { len } => Detail::ContextTooLong { len },
            Fault::InvalidAttributeName => Detail::InvalidAttributeName { value: short() },
            Fault::AttributeStringTooLong { len } => Detail::AttributeStringTooLong { len },
            Fault::AttributeNumberOutOfRange => Detail::AttributeNumberOutOfRange {
                spelling: spelling(),
            },
            Fault::DuplicateAttribute => Detail::DuplicateAttribute { name: short() },
        }
    }
}
