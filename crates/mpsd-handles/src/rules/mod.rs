//! The rules of SPEC §2–§3, one concern per file.
//!
//! Each rule takes one JSON value (already read by the parser, see
//! [`Json`]) and returns the typed value or a [`Fault`]: a few bytes that
//! say which rule broke, without copying or formatting anything (so that a
//! verdict-only validation allocates nothing). Rules never see pointers;
//! the parser places a fault in the document, and only then turns it into a
//! [`Detail`] that keeps a short copy of the value.

use std::borrow::Cow;

use crate::report::{Detail, Short};

pub(crate) mod attribute;
pub(crate) mod context;
pub(crate) mod decimal;
pub(crate) mod guid;
pub(crate) mod handle_type;
pub(crate) mod members;
pub(crate) mod name;
pub(crate) mod number;
pub(crate) mod text;
pub(crate) mod title_id;
pub(crate) mod version;
pub(crate) mod xuid;

/// One JSON value as the rules see it: scalars in full, containers only by kind
/// (the parser has already walked past their contents).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    /// A number as the sender spelled it (read when its spelling matters,
    /// or when no `f64` holds it, such as `1e400`).
    Number(Cow<'a, str>),
    Str(Cow<'a, str>),
    Array,
    Object,
}

impl Json<'_> {
    /// The JSON type with an article, for messages: "a string", "an array".
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::U64(_) | Json::I64(_) | Json::F64(_) | Json::Number(_) => "a number",
            Json::Str(_) => "a string",
            Json::Array => "an array",
            Json::Object => "an object",
        }
    }

    /// The value as the sender wrote it, when that is known: a string's
    /// contents, a number's spelling.
    fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Json::Str(s) | Json::Number(s) => Some(Cow::Borrowed(s)),
            Json::U64(n) => Some(Cow::Owned(n.to_string())),
            Json::I64(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        }
    }
}

/// Which rule a value broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The wrong JSON type; `expected` says what belongs there ("a string").
    WrongType {
        expected: &'static str,
    },
    UnsupportedVersion,
    VersionNotInteger,
    UnknownHandleType,
    InvalidGuid,
    NameEmpty,
    NameTooLong {
        len: usize,
    },
    NameInvalidCharacter {
        ch: char,
        at: usize,
    },
    TitleIdNotDecimal,
    TitleIdNotInteger,
    TitleIdOutOfRange,
    XuidNotDecimal,
    XuidOutOfRange,
    XuidNumber,
    ContextTooLong {
        len: usize,
    },
    InvalidAttributeName,
    AttributeStringTooLong {
        len: usize,
    },
    AttributeNumberOutOfRange,
    DuplicateAttribute,
}

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

    /// The fault of the string `s` given to a checked constructor.
    pub(crate) fn invalid(self, member: &'static str, s: &str) -> crate::InvalidValue {
        crate::InvalidValue::new(self.detail(member, &Json::Str(Cow::Borrowed(s))))
    }
}

/// The rule for a member that must be a string: `Ok(())` or the wrong type.
pub(crate) fn string(value: &Json<'_>, expected: &'static str) -> Result<(), Fault> {
    match value {
        Json::Str(_) => Ok(()),
        _ => Err(Fault::WrongType { expected }),
    }
}
