//! `version`: exactly the JSON integer `1`.
//!
//! Spelling first (SPEC §2 "Numbers"): an integer spelling other than `1` is
//! unsupported whatever its size (`-0` and `18446744073709551616` included);
//! a fraction or an exponent (`1.0`, `1e400`) is the wrong type.

use super::{Json, invalid_type, number};
use crate::{Code, Echo, InvalidValue};

/// Checks the JSON value of `version`.
pub(crate) fn check(value: &Json<'_>) -> Result<(), InvalidValue> {
    match value {
        Json::U64(1) => Ok(()),
        Json::U64(n) => Err(unsupported(&n.to_string())),
        Json::I64(n) => Err(unsupported(&n.to_string())),
        Json::Number(s) => match number::integer(s) {
            Some(_) if s == "1" => Ok(()),
            Some(_) => Err(unsupported(s)),
            None => Err(not_integer(Some(s))),
        },
        // Only a deserializer that cannot give the spelling gets here.
        Json::F64(_) => Err(not_integer(None)),
        other => Err(invalid_type("version", "the integer 1", other)),
    }
}

fn unsupported(n: &str) -> InvalidValue {
    InvalidValue::new(
        Code::UnsupportedVersion,
        format!(
            "version {} is not supported: the only version is 1.",
            Echo::new(n)
        ),
    )
}

fn not_integer(spelling: Option<&str>) -> InvalidValue {
    let message = match spelling {
        Some(s) => format!(
            "version must be the integer 1 written without a fraction or exponent, not {}.",
            Echo::new(s)
        ),
        None => "version must be the integer 1 written without a fraction or exponent.".to_owned(),
    };
    InvalidValue::new(Code::InvalidType, message)
}
