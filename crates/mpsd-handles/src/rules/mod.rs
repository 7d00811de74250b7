//! The rules of SPEC §2–§3, one concern per file.
//!
//! Each rule takes one JSON value (already read by the parser, see
//! [`Json`]) and returns either the typed value or an [`InvalidValue`](crate::InvalidValue).
//! Rules never see pointers: the parser places their findings in the document.

use std::borrow::Cow;

pub(crate) mod consistency;
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
}

/// The "found X" half of an `invalid_type` message.
pub(crate) fn invalid_type(member: &str, expected: &str, found: &Json<'_>) -> crate::InvalidValue {
    crate::InvalidValue::new(
        crate::Code::InvalidType,
        format!("{member} must be {expected}, but it is {}.", found.kind()),
    )
}
