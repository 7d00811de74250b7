//! `inviteAttributes/titleId`: a decimal uint32, as a string of canonical
//! digits or as a JSON integer.

use super::decimal::{DecimalError, parse_canonical};
use super::{Json, invalid_type};
use crate::{Code, InvalidValue};

const MEMBER: &str = "titleId";

fn out_of_range(shown: &str) -> InvalidValue {
    InvalidValue::new(
        Code::TitleIdOutOfRange,
        format!("titleId {shown} is out of range: it must be between 0 and 4294967295."),
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
                "titleId {s:?} is not a decimal uint32: use ASCII digits only, with no sign, space, leading zero or exponent."
            ),
        )),
    }
}

/// Checks the JSON value of `titleId`.
pub(crate) fn check(value: &Json<'_>) -> Result<u32, InvalidValue> {
    match value {
        Json::Str(s) => parse(s),
        Json::U64(n) => u32::try_from(*n).map_err(|_| out_of_range(&n.to_string())),
        Json::I64(n) => Err(out_of_range(&n.to_string())),
        Json::F64(f) if f.fract() == 0.0 && (*f < 0.0 || *f > f64::from(u32::MAX)) => {
            Err(out_of_range(&f.to_string()))
        }
        Json::F64(f) => Err(InvalidValue::new(
            Code::TitleIdNotDecimal,
            format!(
                "titleId {f} is written with a fraction or an exponent: write a decimal uint32 such as \"1018096776\"."
            ),
        )),
        other => Err(invalid_type(
            MEMBER,
            "a string of decimal digits or an integer",
            other,
        )),
    }
}
