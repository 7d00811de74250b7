//! `invitedXuid`: a string of the canonical decimal digits of a non-zero u64.

use std::num::NonZeroU64;

use super::decimal::{DecimalError, parse_canonical};
use super::{Json, invalid_type};
use crate::{Code, Echo, InvalidValue};

/// Parses a string of canonical decimal digits in `1..=u64::MAX`.
pub(crate) fn parse(s: &str) -> Result<NonZeroU64, InvalidValue> {
    let out_of_range = || {
        InvalidValue::new(
            Code::XuidOutOfRange,
            format!(
                "invitedXuid {} is out of range: it must be between 1 and 18446744073709551615.",
                Echo::new(s)
            ),
        )
    };
    match parse_canonical(s, u64::MAX) {
        Ok(v) => NonZeroU64::new(v).ok_or_else(out_of_range),
        Err(DecimalError::OutOfRange) => Err(out_of_range()),
        Err(DecimalError::NotDecimal) => Err(InvalidValue::new(
            Code::XuidNotDecimal,
            format!(
                "invitedXuid {:#} is not a decimal u64: use ASCII digits only, with no sign, space, leading zero or exponent.",
                Echo::new(s)
            ),
        )),
    }
}

/// Checks the JSON value of `invitedXuid`.
pub(crate) fn check(value: &Json<'_>) -> Result<NonZeroU64, InvalidValue> {
    match value {
        Json::Str(s) => parse(s),
        Json::U64(_) | Json::I64(_) | Json::F64(_) | Json::Number(_) => Err(InvalidValue::new(
            Code::InvalidType,
            "invitedXuid must be a string of decimal digits, not a JSON number (a u64 does not survive a double).",
        )),
        other => Err(invalid_type(
            "invitedXuid",
            "a string of decimal digits",
            other,
        )),
    }
}
