//! GUIDs (`scid`, `id`): exactly `8-4-4-4-12` hexadecimal digits.

use uuid::Uuid;

use super::{Json, invalid_type};
use crate::{Code, InvalidValue};

/// Where the hyphens of a hyphenated GUID are.
const HYPHENS: [usize; 4] = [8, 13, 18, 23];

/// The GUID pattern, shared with the JSON Schema.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) const PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// The value of each hexadecimal digit; `NOT_HEX` for every other byte.
// Evaluated at compile time: an index out of bounds would fail the build.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const HEX: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            d @ b'0'..=b'9' => d - b'0',
            d @ b'a'..=b'f' => d - b'a' + 10,
            d @ b'A'..=b'F' => d - b'A' + 10,
            _ => NOT_HEX,
        };
        b += 1;
    }
    table
};
const NOT_HEX: u8 = 0xff;

/// Where the 32 hexadecimal digits of a hyphenated GUID are.
// Evaluated at compile time: an index out of bounds would fail the build.
#[allow(clippy::indexing_slicing)]
const DIGITS: [usize; 32] = {
    let mut at = [0; 32];
    let (mut i, mut n) = (0, 0);
    while i < 36 {
        if i != 8 && i != 13 && i != 18 && i != 23 {
            at[n] = i;
            n += 1;
        }
        i += 1;
    }
    at
};

/// Decodes `8-4-4-4-12` hexadecimal digits, or `None`.
fn decode(bytes: &[u8]) -> Option<Uuid> {
    let bytes: &[u8; 36] = bytes.try_into().ok()?;
    if HYPHENS.iter().any(|&i| bytes.get(i) != Some(&b'-')) {
        return None;
    }
    let mut value: u128 = 0;
    let mut bad = 0;
    for &i in &DIGITS {
        let d = bytes
            .get(i)
            .and_then(|&b| HEX.get(usize::from(b)))
            .copied()
            .unwrap_or(NOT_HEX);
        bad |= d;
        value = (value << 4) | u128::from(d & 0x0f);
    }
    (bad & 0xf0 == 0).then(|| Uuid::from_u128(value))
}

/// Parses the hyphenated form only: no braces, no `urn:uuid:`, no simple form.
/// One pass: the hyphens are checked and the hex digits decoded together.
pub(crate) fn parse(s: &str) -> Result<Uuid, InvalidValue> {
    if let Some(uuid) = decode(s.as_bytes()) {
        return Ok(uuid);
    }
    Err(InvalidValue::new(
        Code::InvalidGuid,
        format!(
            "{s:?} is not a GUID: expected 8-4-4-4-12 hexadecimal digits such as \"bd6c41c3-01c3-468a-a3b5-3e0fe8133862\"."
        ),
    ))
}

/// Checks the JSON value of the member `member`.
pub(crate) fn check(member: &str, value: &Json<'_>) -> Result<Uuid, InvalidValue> {
    match value {
        Json::Str(s) => {
            parse(s).map_err(|e| InvalidValue::new(e.code, format!("{member} {}", e.message)))
        }
        other => Err(invalid_type(member, "a GUID string", other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        assert!(parse("bd6c41c3-01c3-468a-a3b5-3e0fe8133862").is_ok());
        assert!(parse("BD6C41C3-01C3-468A-A3B5-3E0FE8133862").is_ok());
        assert!(parse("{bd6c41c3-01c3-468a-a3b5-3e0fe8133862}").is_err());
        assert!(parse("urn:uuid:bd6c41c3-01c3-468a-a3b5-3e0fe8133862").is_err());
        assert!(parse("bd6c41c301c3468aa3b53e0fe8133862").is_err());
        assert!(parse("bd6c41c3-01c3-468a-a3b5-3e0fe813386g").is_err());
        assert!(parse("bd6c41c3-01c3-468a-a3b5-3e0fe8133862\n").is_err());
        assert!(parse("").is_err());
        assert_eq!(
            parse("bd6c41c3-01c3-468a-a3b5-3e0fe8133862").unwrap(),
            Uuid::try_parse("bd6c41c3-01c3-468a-a3b5-3e0fe8133862").unwrap()
        );
    }
}
