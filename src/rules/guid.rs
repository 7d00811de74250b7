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

/// Decodes `8-4-4-4-12` hexadecimal digits, or `None`. The length and the
/// hyphens pin down the hyphenated form; `uuid`'s table-driven decoder does
/// the digits (it takes no braces, `urn:` or simple form at length 36).
fn decode(bytes: &[u8]) -> Option<Uuid> {
    if bytes.len() != 36 || HYPHENS.iter().any(|&i| bytes.get(i) != Some(&b'-')) {
        return None;
    }
    Uuid::try_parse_ascii(bytes).ok()
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
