//! `version`: exactly the JSON integer `1`.

use super::{Json, invalid_type};
use crate::{Code, InvalidValue};

/// Checks the JSON value of `version`.
pub(crate) fn check(value: &Json<'_>) -> Result<(), InvalidValue> {
    match value {
        Json::U64(1) => Ok(()),
        Json::U64(n) => Err(unsupported(&n.to_string())),
        Json::I64(n) => Err(unsupported(&n.to_string())),
        Json::F64(f) => Err(InvalidValue::new(
            Code::InvalidType,
            format!(
                "version must be the integer 1 written without a fraction or exponent, not {f:?}."
            ),
        )),
        other => Err(invalid_type("version", "the integer 1", other)),
    }
}

fn unsupported(n: &str) -> InvalidValue {
    InvalidValue::new(
        Code::UnsupportedVersion,
        format!("version {n} is not supported: the only version is 1."),
    )
}
