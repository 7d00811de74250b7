//! `inviteAttributes/titleId`: a decimal uint32, as a string of canonical
//! digits or as a JSON integer.

use super::decimal::{DecimalError, parse_canonical};
use super::expected::ExpectedValue;
use super::{Fault, Json, number};

/// Parses a string of canonical decimal digits.
pub(crate) fn parse(s: &str) -> Result<u32, Fault> {
    match parse_canonical(s, u64::from(u32::MAX)) {
        Ok(v) => u32::try_from(v).map_err(|_| Fault::TitleIdOutOfRange),
        Err(DecimalError::OutOfRange) => Err(Fault::TitleIdOutOfRange),
        Err(DecimalError::NotDecimal) => Err(Fault::TitleIdNotDecimal),
    }
}

/// Checks the JSON value of `titleId`.
///
/// A JSON number is judged by its spelling first (docs/rules.md §2 "Numbers"): a
/// fraction or an exponent is not decimal, even when negative; an integer
/// spelling is then judged by value (`-0` is 0).
pub(crate) fn check(value: &Json<'_>) -> Result<u32, Fault> {
    match value {
        Json::Str(s) => parse(s),
        Json::U64(n) => u32::try_from(*n).map_err(|_| Fault::TitleIdOutOfRange),
        Json::I64(_) => Err(Fault::TitleIdOutOfRange),
        Json::Number(s) => match number::integer(s) {
            Some((true, "0")) => Ok(0),
            Some((true, _)) => Err(Fault::TitleIdOutOfRange),
            Some((false, digits)) => parse(digits),
            None => Err(Fault::TitleIdNotInteger),
        },
        // Only a deserializer that cannot give the spelling gets here.
        Json::F64(_) => Err(Fault::TitleIdNotInteger),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::DecimalStringOrInteger,
        }),
    }
}
