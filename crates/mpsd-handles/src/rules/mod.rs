//! The rules of docs/rules.md §2–§3, one concern per file.
//!
//! Each rule takes one JSON value (already read by the parser, see
//! [`Json`]) and returns the typed value or a [`Fault`]: a few bytes that
//! say which rule broke, without copying or formatting anything (so that a
//! verdict-only validation allocates nothing). Rules never see pointers;
//! the parser places a fault in the document, and only then turns it into a
//! `ViolationKind` (in `report`) that keeps a short copy of the value.

use std::borrow::Cow;

use expected::{ExpectedValue, JsonType};

pub(crate) mod attribute;
pub(crate) mod context;
pub(crate) mod decimal;
pub(crate) mod expected;
pub(crate) mod filter;
pub(crate) mod guid;
pub(crate) mod handle_type;
pub(crate) mod members;
pub(crate) mod name;
pub(crate) mod number;
pub(crate) mod query;
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
    /// The JSON type.
    pub(crate) fn kind(&self) -> JsonType {
        match self {
            Json::Null => JsonType::Null,
            Json::Bool(_) => JsonType::Boolean,
            Json::U64(_) | Json::I64(_) | Json::F64(_) | Json::Number(_) => JsonType::Number,
            Json::Str(_) => JsonType::String,
            Json::Array => JsonType::Array,
            Json::Object => JsonType::Object,
        }
    }

    /// The value as the sender wrote it, when that is known: a string's
    /// contents, a number's spelling.
    pub(crate) fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Json::Str(s) | Json::Number(s) => Some(Cow::Borrowed(s)),
            Json::U64(n) => Some(Cow::Owned(n.to_string())),
            Json::I64(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        }
    }
}

// A fault travels by value out of every rule, on the hot path: it stays
// within three words, and copying it costs what returning a `Result` does.
const _: () = assert!(size_of::<Fault>() <= 24);

/// Which rule a value broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// The wrong JSON type; `expected` says what belongs there.
    WrongType {
        expected: ExpectedValue,
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
    UnknownQueryType,
    UnknownMoniker,
    GlobalNotTrue,
    InvalidFilter(filter::FilterError),
    InvalidOrderBy(filter::FilterError),
}

impl Fault {
    /// The fault of the string `s` given to a checked constructor (for
    /// member `member`, `""` for none).
    pub(crate) fn invalid(self, member: &'static str, s: &str) -> InvalidValue {
        InvalidValue {
            fault: self,
            member,
            value: s.into(),
        }
    }
}

/// A value that breaks one rule, before it is placed in a document.
///
/// Returned by the checked constructors of the model's newtypes
/// (for example [`TemplateName::new`](crate::model::TemplateName::new)).
/// `Display` gives the sentence and the code: `message [code]`.
///
/// ```
/// let e = "death match".parse::<mpsd_handles::model::TemplateName>().unwrap_err();
/// assert_eq!(e.code(), mpsd_handles::Code::NameInvalidCharacter);
/// assert_eq!(e.message().to_string(), r#"templateName has " " at character 6: only A-Z a-z 0-9 - . _ ~ are allowed."#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidValue {
    pub(crate) fault: Fault,
    pub(crate) member: &'static str,
    /// The value given (the caller's own; worded cut, like every echo).
    pub(crate) value: Box<str>,
}

/// The rule for a member that must be a string: `Ok(())` or the wrong type.
pub(crate) fn string(value: &Json<'_>, expected: ExpectedValue) -> Result<(), Fault> {
    match value {
        Json::Str(_) => Ok(()),
        _ => Err(Fault::WrongType { expected }),
    }
}

/// `text[range]` for a range the caller has proven to lie within `text`
/// on character boundaries: an invariant, not a fallback. Debug builds
/// (the tests, the property tests and the fuzz targets) stop on a range
/// that breaks it; a release build, which must not panic, shows nothing
/// there instead.
#[allow(clippy::needless_pass_by_value)] // a range, written where it is made
pub(crate) fn within<I>(text: &str, range: I) -> &str
where
    I: std::slice::SliceIndex<str, Output = str> + Clone + std::fmt::Debug,
{
    if let Some(part) = text.get(range.clone()) {
        return part;
    }
    debug_assert!(
        false,
        "{range:?} is not within {} bytes on character boundaries",
        text.len()
    );
    ""
}

/// `items[range]` for a range the caller has proven to lie within
/// `items`: the invariant of [`within`], for slices.
#[allow(clippy::needless_pass_by_value)] // a range, written where it is made
pub(crate) fn within_slice<T, I>(items: &[T], range: I) -> &[T]
where
    I: std::slice::SliceIndex<[T], Output = [T]> + Clone + std::fmt::Debug,
{
    if let Some(part) = items.get(range.clone()) {
        return part;
    }
    debug_assert!(false, "{range:?} is not within {} items", items.len());
    &[]
}
