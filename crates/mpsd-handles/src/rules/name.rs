//! `sessionRef/templateName` and `sessionRef/name`: 1..=100 RFC 3986
//! unreserved characters (`A-Z a-z 0-9 - . _ ~`).

use super::context::is_unreserved;
use super::expected::ExpectedValue;
use super::{Fault, Json};

/// The longest name, in characters.
pub(crate) const MAX_LEN: usize = 100;

/// The name pattern, shared with the JSON Schema.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) const PATTERN: &str = "^[A-Za-z0-9._~-]{1,100}$";

/// Checks one name.
pub(crate) fn parse(s: &str) -> Result<(), Fault> {
    // The common case in one pass over the bytes; the slow path below finds
    // out what is wrong.
    if (1..=MAX_LEN).contains(&s.len()) && s.bytes().all(is_unreserved) {
        return Ok(());
    }
    if s.is_empty() {
        return Err(Fault::NameEmpty);
    }
    if let Some((i, ch)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| !u8::try_from(c).is_ok_and(is_unreserved))
    {
        return Err(Fault::NameInvalidCharacter { ch, at: i + 1 });
    }
    // Only ASCII remains, so bytes are characters.
    Err(Fault::NameTooLong { len: s.len() })
}

/// Checks the JSON value of a name member.
pub(crate) fn check(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Str(s) => parse(s),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::String,
        }),
    }
}
