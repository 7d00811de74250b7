//! `invitedXuid`: a string of the canonical decimal digits of a non-zero u64.

use std::num::NonZeroU64;

use super::decimal::{DecimalError, parse_canonical};
use super::expected::ExpectedValue;
use super::{Fault, Json};

/// Parses a string of canonical decimal digits in `1..=u64::MAX`.
pub(crate) fn parse(s: &str) -> Result<NonZeroU64, Fault> {
    match parse_canonical(s, u64::MAX) {
        Ok(v) => NonZeroU64::new(v).ok_or(Fault::XuidOutOfRange),
        Err(DecimalError::OutOfRange) => Err(Fault::XuidOutOfRange),
        Err(DecimalError::NotDecimal) => Err(Fault::XuidNotDecimal),
    }
}

/// Checks the JSON value of `invitedXuid`.
pub(crate) fn check(value: &Json<'_>) -> Result<NonZeroU64, Fault> {
    match value {
        Json::Str(s) => parse(s),
        Json::U64(_) | Json::I64(_) | Json::F64(_) | Json::Number(_) => Err(Fault::XuidNumber),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::DecimalString,
        }),
    }
}
