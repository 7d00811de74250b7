//! `version`: exactly the JSON integer `1`.
//!
//! Spelling first (docs/rules.md §2 "Numbers"): an integer spelling other than `1` is
//! unsupported whatever its size (`-0` and `18446744073709551616` included);
//! a fraction or an exponent (`1.0`, `1e400`) is the wrong type.

use super::expected::ExpectedValue;
use super::{Fault, Json, number};

/// Checks the JSON value of `version`.
pub(crate) fn check(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::U64(1) => Ok(()),
        Json::U64(_) | Json::I64(_) => Err(Fault::UnsupportedVersion),
        Json::Number(s) => match number::integer(s) {
            Some(_) if s == "1" => Ok(()),
            Some(_) => Err(Fault::UnsupportedVersion),
            None => Err(Fault::VersionNotInteger),
        },
        // Only a deserializer that cannot give the spelling gets here.
        Json::F64(_) => Err(Fault::VersionNotInteger),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::One,
        }),
    }
}
