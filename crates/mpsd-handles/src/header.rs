//! The `X-Xbl-Contract-Version` request header, which `POST /handles` and
//! `POST /handles/query` both need.

use std::fmt;

use crate::report::Echo;

/// The header's name. Header names are case-insensitive.
pub const CONTRACT_VERSION_HEADER: &str = "X-Xbl-Contract-Version";

/// The lowest contract version `POST /handles` and `POST /handles/query` accept.
pub const MIN_CONTRACT_VERSION: u32 = 104;

/// Why an `X-Xbl-Contract-Version` header was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContractVersionError {
    /// Not a canonical decimal integer (sign, space, leading zero, other characters).
    NotDecimal(String),
    /// A version older than [`MIN_CONTRACT_VERSION`].
    Unsupported(String),
    /// A canonical integer larger than any contract version (`u32::MAX`).
    OutOfRange(String),
    /// No header at all.
    Missing,
    /// The header given more than once.
    Repeated,
    /// A header value that is not visible ASCII text.
    NotText,
}

impl fmt::Display for ContractVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContractVersionError::NotDecimal(v) => write!(
                f,
                "{CONTRACT_VERSION_HEADER} {:#} is not a canonical decimal integer.",
                Echo::new(v)
            ),
            ContractVersionError::Unsupported(v) => write!(
                f,
                "{CONTRACT_VERSION_HEADER} {} is not supported: the handle routes need {MIN_CONTRACT_VERSION} or higher.",
                Echo::new(v)
            ),
            ContractVersionError::Missing => write!(
                f,
                "{CONTRACT_VERSION_HEADER} is missing: the handle routes need {MIN_CONTRACT_VERSION} or higher."
            ),
            ContractVersionError::Repeated => write!(
                f,
                "{CONTRACT_VERSION_HEADER} is given more than once: send it once."
            ),
            ContractVersionError::NotText => write!(f, "{CONTRACT_VERSION_HEADER} is not text."),
            ContractVersionError::OutOfRange(v) => write!(
                f,
                "{CONTRACT_VERSION_HEADER} {} is larger than any contract version (at most {}).",
                Echo::new(v),
                u32::MAX
            ),
        }
    }
}

impl std::error::Error for ContractVersionError {}

/// Checks an `X-Xbl-Contract-Version` header value: a canonical decimal
/// integer of at least 104. Returns the version.
///
/// ```
/// use mpsd_handles::header::check_contract_version;
/// assert_eq!(check_contract_version("107"), Ok(107));
/// assert!(check_contract_version("103").is_err());
/// assert!(check_contract_version("0107").is_err());
/// assert!(check_contract_version(" 107").is_err());
/// assert!(check_contract_version("4294967296").unwrap_err().to_string().contains("larger than"));
/// ```
///
/// # Errors
/// [`ContractVersionError`] says why the value is refused.
pub fn check_contract_version(value: &str) -> Result<u32, ContractVersionError> {
    use crate::rules::decimal::{DecimalError, parse_canonical};
    match parse_canonical(value, u64::from(u32::MAX)) {
        Err(DecimalError::NotDecimal) => Err(ContractVersionError::NotDecimal(value.to_owned())),
        Err(DecimalError::OutOfRange) => Err(ContractVersionError::OutOfRange(value.to_owned())),
        Ok(v) => match u32::try_from(v) {
            Ok(v) if v >= MIN_CONTRACT_VERSION => Ok(v),
            _ => Err(ContractVersionError::Unsupported(value.to_owned())),
        },
    }
}
