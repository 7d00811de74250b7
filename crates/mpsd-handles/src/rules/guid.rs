//! GUIDs (`scid`, `id`): exactly `8-4-4-4-12` hexadecimal digits.

use uuid::Uuid;

use super::expected::ExpectedValue;
use super::{Fault, Json};

/// The GUID pattern, shared with the JSON Schema.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) const PATTERN: &str =
    "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";

/// The value of a hexadecimal digit, or 16 or more for any other byte.
const fn hex_digit(c: u8) -> u8 {
    let digit = c.wrapping_sub(b'0');
    let letter = (c | 0x20).wrapping_sub(b'a');
    if digit < 10 {
        digit
    } else if letter < 6 {
        letter + 10
    } else {
        u8::MAX
    }
}

/// [`hex_digit`] of every byte, looked up rather than computed.
// Evaluated at compile time: an index out of bounds would fail the build.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const HEX: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = hex_digit(b as u8);
        b += 1;
    }
    table
};

/// One group of `N` hexadecimal digits as a number, or `None`. The length
/// is a constant, so the loop unrolls into independent table lookups.
#[inline]
fn hex<const N: usize>(group: &[u8; N]) -> Option<u64> {
    let (value, bad) = group.iter().fold((0u64, 0u8), |(value, bad), &c| {
        let d = HEX.get(usize::from(c)).copied().unwrap_or(u8::MAX);
        ((value << 4) | u64::from(d & 0xf), bad | d)
    });
    (bad < 16).then_some(value)
}

/// What follows a leading hyphen, or `None`.
fn after_hyphen(bytes: &[u8]) -> Option<&[u8]> {
    match bytes.split_first()? {
        (b'-', rest) => Some(rest),
        _ => None,
    }
}

/// Decodes `8-4-4-4-12` hexadecimal digits, or `None`. The five groups are
/// decoded independently of one another (short dependency chains) and
/// nothing is checked twice.
fn decode(bytes: &[u8]) -> Option<Uuid> {
    let (g0, rest) = bytes.split_first_chunk::<8>()?;
    let (g1, rest) = after_hyphen(rest)?.split_first_chunk::<4>()?;
    let (g2, rest) = after_hyphen(rest)?.split_first_chunk::<4>()?;
    let (g3, rest) = after_hyphen(rest)?.split_first_chunk::<4>()?;
    let g4: &[u8; 12] = after_hyphen(rest)?.try_into().ok()?;
    let high = (hex(g0)? << 32) | (hex(g1)? << 16) | hex(g2)?;
    let low = (hex(g3)? << 48) | hex(g4)?;
    Some(Uuid::from_u64_pair(high, low))
}

/// Parses the hyphenated form only: no braces, no `urn:uuid:`, no simple form.
pub(crate) fn parse(s: &str) -> Result<Uuid, Fault> {
    decode(s.as_bytes()).ok_or(Fault::InvalidGuid)
}

/// Checks the JSON value of a GUID member.
pub(crate) fn check(value: &Json<'_>) -> Result<Uuid, Fault> {
    match value {
        Json::Str(s) => parse(s),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::Guid,
        }),
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
        for s in [
            "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "0123ABCD-4567-89ef-aBcD-0123456789Ef",
        ] {
            assert_eq!(parse(s).unwrap(), Uuid::try_parse(s).unwrap(), "{s}");
        }
        for bad in [
            "bd6c41c3-01c3-468a-a3b5-3e0fe813386",
            "bd6c41c3-01c3-468a-a3b5-3e0fe81338620",
            "bd6c41c3-01c3-468a-a3b5_3e0fe8133862",
            "bd6c41c3-01c3-468a-a3b53-e0fe8133862",
            "bd6c41c3-01c3-468a-a3b5-3e0fe813386:",
            "bd6c41c3-01c3-468a-a3b5-3e0fe813386@",
            "bd6c41c3-01c3-468a-a3b5-3e0fe813386`",
            "bd6c41c3-01c3-468a-a3b5-3e0fe813386/",
            "bd6c41c3-01c3-468a-a3b5-3e0fe813386G",
            "g d6c41c3-01c3-468a-a3b5-3e0fe8133862",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        for c in 0..=u8::MAX {
            assert_eq!(hex_digit(c) < 16, c.is_ascii_hexdigit(), "byte {c:#04x}");
        }
    }
}
