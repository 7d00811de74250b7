//! Search attributes (docs/rules.md §6): attribute names, string values of at most
//! 99 UTF-8 bytes, and numbers a double holds finitely.

use super::expected::ExpectedValue;
use super::{Fault, Json};

/// The longest attribute name, in characters (ASCII, so bytes).
pub(crate) const MAX_NAME_LEN: usize = 99;

/// The longest string attribute, in UTF-8 bytes.
pub(crate) const MAX_STRING_BYTES: usize = 99;

/// The attribute name pattern, shared with the JSON Schema.
#[cfg_attr(not(feature = "schema"), allow(dead_code))]
pub(crate) const NAME_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_]{0,98}$";

/// An ASCII letter, then ASCII letters, digits or `_`; 1 to 99 characters.
pub(crate) fn name(s: &str) -> Result<(), Fault> {
    let bytes = s.as_bytes();
    let ok = matches!(bytes.first(), Some(b) if b.is_ascii_alphabetic())
        && bytes.len() <= MAX_NAME_LEN
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Fault::InvalidAttributeName)
    }
}

/// Checks a tag: a string that is an attribute name.
pub(crate) fn tag(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Str(s) => name(s),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::AttributeName,
        }),
    }
}

/// At most 99 UTF-8 bytes.
pub(crate) fn string(s: &str) -> Result<(), Fault> {
    if s.len() > MAX_STRING_BYTES {
        return Err(Fault::AttributeStringTooLong { len: s.len() });
    }
    Ok(())
}

/// Checks the value of a string attribute.
pub(crate) fn string_value(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Str(s) => string(s),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::String,
        }),
    }
}

/// Checks the value of a numeric attribute: the `f64` it is.
#[allow(clippy::cast_precision_loss)] // what MPSD does with a JSON number
pub(crate) fn number(value: &Json<'_>) -> Result<f64, Fault> {
    let n = match value {
        Json::U64(n) => *n as f64,
        Json::I64(n) => *n as f64,
        Json::F64(n) => *n,
        // The exact pass: a spelling that may be beyond `f64` (`1e400`).
        Json::Number(s) => s.parse::<f64>().unwrap_or(f64::INFINITY),
        _ => {
            return Err(Fault::WrongType {
                expected: ExpectedValue::Number,
            });
        }
    };
    if n.is_finite() {
        Ok(n)
    } else {
        Err(Fault::AttributeNumberOutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in ["a", "Skill_D", "Class", "x9", &"a".repeat(99)] {
            assert_eq!(name(ok), Ok(()), "{ok}");
        }
        for bad in ["", "1a", "_a", "a b", "a-b", "é", "aé", &"a".repeat(100)] {
            assert_eq!(name(bad), Err(Fault::InvalidAttributeName), "{bad}");
        }
    }

    #[test]
    fn strings_and_numbers() {
        assert_eq!(string(&"a".repeat(99)), Ok(()));
        assert!(string(&"é".repeat(50)).is_err());
        assert_eq!(number(&Json::Number("1e-400".into())), Ok(0.0));
        assert_eq!(
            number(&Json::Number("-1e400".into())),
            Err(Fault::AttributeNumberOutOfRange)
        );
        assert_eq!(number(&Json::U64(14)), Ok(14.0));
    }
}
