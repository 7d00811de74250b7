//! `inviteAttributes/titleId`: a decimal uint32, as a string of canonical
//! digits or as a JSON integer.

use super::decimal::{DecimalError, parse_canonical};
use super::{Json, invalid_type, number};
use crate::{Code, Echo, InvalidValue};

const MEMBER: &str = "titleId";

fn out_of_range(shown: &str) -> InvalidValue {
    InvalidValue::new(
        Code::TitleIdOutOfRange,
        format!(
            "titleId {} is out of range: it must be between 0 and 4294967295.",
            Echo::new(shown)
        ),
    )
}

/// Parses a string of canonical decimal digits.
pub(crate) fn parse(s: &str) -> Result<u32, InvalidValue> {
    match parse_canonical(s, u64::from(u32::MAX)) {
        Ok(v) => u32::try_from(v).map_err(|_| out_of_range(s)),
        Err(DecimalError::OutOfRange) => Err(out_of_range(s)),
        Err(DecimalError::NotDecimal) => Err(InvalidValue::new(
            Code::TitleIdNotDecimal,
            format!(
                "titleId {:#} is not a decimal uint32: use ASCII digits only, with no sign, space, leading zero or exponent.",
                Echo::new(s)
            ),
        )),
    }
}

/// Checks the JSON value of `titleId`.
///
/// A JSON number is judged by its spelling first (SPEC §2 "Numbers"): a
/// fraction or an exponent is not decimal, even when negative; an integer
/// spelling is then judged by value (`-0` is 0).
pub(crate) fn check(value: &Json<'_>) -> Result<u32, InvalidValue> {
    match value {
        Json::Str(s) => parse(s),
        Json::U64(n) => u32::try_from(*n).map_err(|_| out_of_range(&n.to_string())),
        Json::I64(n) => Err(out_of_range(&n.to_string())),
        Json::Number(s) => match number::integer(s) {
            Some((true, "0")) => Ok(0),
            Some((true, _)) => Err(out_of_range(s)),
            Some((false, digits)) => match parse_canonical(digits, u64::from(u32::MAX)) {
                Ok(v) => u32::try_from(v).map_err(|_| out_of_range(s)),
                Err(_) => Err(out_of_range(s)),
            },
            None => Err(not_integer(Some(s))),
        },
        // Only a deserializer that cannot give the spelling gets here.
        Json::F64(_) => Err(not_integer(None)),
        other => Err(invalid_type(
            MEMBER,
            "a string of decimal digits or an integer",
            other,
        )),
    }
}

fn not_integer(spelling: Option<&str>) -> InvalidValue {
    let shown = spelling
        .map(|s| format!(" {}", Echo::new(s)))
        .unwrap_or_default();
    InvalidValue::new(
        Code::TitleIdNotDecimal,
        format!(
            "titleId{shown} is written with a fraction or an exponent: write a decimal uint32 such as \"1018096776\"."
        ),
    )
}
