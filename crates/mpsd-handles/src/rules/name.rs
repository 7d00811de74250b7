//! `sessionRef/templateName` and `sessionRef/name`: 1..=100 RFC 3986
//! unreserved characters (`A-Z a-z 0-9 - . _ ~`).

use super::context::is_unreserved;
use super::{Json, invalid_type};
use crate::{Code, Echo, InvalidValue};

/// The longest name, in characters.
pub(crate) const MAX_LEN: usize = 100;

/// The name pattern, shared with the JSON Schema.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) const PATTERN: &str = "^[A-Za-z0-9._~-]{1,100}$";

/// Checks one name; `member` names it in messages.
pub(crate) fn parse(member: &str, s: &str) -> Result<(), InvalidValue> {
    // The common case in one pass over the bytes; the slow path below finds
    // out what is wrong.
    if (1..=MAX_LEN).contains(&s.len()) && s.bytes().all(is_unreserved) {
        return Ok(());
    }
    if s.is_empty() {
        return Err(InvalidValue::new(
            Code::NameEmpty,
            format!("{member} is empty: it needs 1 to 100 characters."),
        ));
    }
    if let Some((i, c)) = s
        .chars()
        .enumerate()
        .find(|&(_, c)| !u8::try_from(c).is_ok_and(is_unreserved))
    {
        return Err(InvalidValue::new(
            Code::NameInvalidCharacter,
            format!(
                "{member} has {:#} at character {}: only A-Z a-z 0-9 - . _ ~ are allowed.",
                Echo::new(c.encode_utf8(&mut [0; 4])),
                i + 1
            ),
        ));
    }
    // Only ASCII remains, so bytes are characters.
    if s.len() > MAX_LEN {
        return Err(InvalidValue::new(
            Code::NameTooLong,
            format!(
                "{member} is {} characters long: at most 100 are allowed.",
                s.len()
            ),
        ));
    }
    Ok(())
}

/// Checks the JSON value of a name member and returns the owned name.
pub(crate) fn check(member: &str, value: Json<'_>) -> Result<String, InvalidValue> {
    match value {
        Json::Str(s) => parse(member, &s).map(|()| s.into_owned()),
        other => Err(invalid_type(member, "a string", &other)),
    }
}
