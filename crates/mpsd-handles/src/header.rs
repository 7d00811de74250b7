//! The `X-Xbl-Contract-Version` request header.

use std::fmt;

use crate::report::{Code, Echo};

/// The header's name. Header names are case-insensitive.
pub const CONTRACT_VERSION_HEADER: &str = "X-Xbl-Contract-Version";

/// The lowest contract version `POST /handles` accepts.
pub const MIN_CONTRACT_VERSION: u32 = 104;

/// Why an `X-Xbl-Contract-Version` value was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContractVersionError {
    /// Not a canonical decimal integer (sign, space, leading zero, other characters).
    NotDecimal(String),
    /// A version older than [`MIN_CONTRACT_VERSION`].
    Unsupported(String),
    /// A canonical integer larger than any contract version (`u32::MAX`).
    OutOfRange(String),
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
                "{CONTRACT_VERSION_HEADER} {} is not supported: POST /handles needs {MIN_CONTRACT_VERSION} or higher.",
                Echo::new(v)
            ),
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
/// use mpsd_handles::check_contract_version;
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

/// The names the `include` query parameter of `POST /handles/query` may
/// list (docs/rules.md §8.1).
pub const INCLUDE_NAMES: [&str; 3] = ["relatedInfo", "roleInfo", "customProperties"];

/// Why an `include` value was refused: the first bad item, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IncludeError {
    /// An empty item (`""`, `"a,,b"`, a leading or trailing comma).
    Empty {
        /// The 0-based index of the item.
        index: usize,
    },
    /// A name that is not one of [`INCLUDE_NAMES`] (exact case, no spaces).
    Unknown {
        /// The item as given.
        name: String,
    },
    /// A name listed twice.
    Repeated {
        /// The name.
        name: String,
    },
}

impl IncludeError {
    /// The code: always [`Code::InvalidInclude`](crate::Code::InvalidInclude).
    #[must_use]
    pub const fn code(&self) -> Code {
        Code::InvalidInclude
    }
}

impl fmt::Display for IncludeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IncludeError::Empty { index } => {
                write!(f, "include has an empty item at position {index}.")
            }
            IncludeError::Unknown { name } => write!(
                f,
                "include lists {:#}: only relatedInfo, roleInfo and customProperties may be listed.",
                Echo::new(name)
            ),
            IncludeError::Repeated { name } => {
                write!(f, "include lists {:#} twice.", Echo::new(name))
            }
        }
    }
}

impl std::error::Error for IncludeError {}

/// Checks the `include` query parameter of `POST /handles/query` (its
/// decoded value): one or more of [`INCLUDE_NAMES`] joined by `,`, no
/// spaces, no empty item, no name twice. Returns the names in order.
///
/// ```
/// use mpsd_handles::{IncludeError, check_include};
/// assert_eq!(check_include("relatedInfo,customProperties").unwrap(), ["relatedInfo", "customProperties"]);
/// assert!(matches!(check_include("relatedInfo,session"), Err(IncludeError::Unknown { .. })));
/// assert!(matches!(check_include("roleInfo,,relatedInfo"), Err(IncludeError::Empty { index: 1 })));
/// assert!(check_include("roleInfo,roleInfo").is_err());
/// ```
///
/// # Errors
/// The first bad item.
pub fn check_include(value: &str) -> Result<Vec<&'static str>, IncludeError> {
    let mut names: Vec<&'static str> = Vec::new();
    for (index, item) in value.split(',').enumerate() {
        if item.is_empty() {
            return Err(IncludeError::Empty { index });
        }
        let Some(name) = INCLUDE_NAMES.iter().find(|n| **n == item) else {
            return Err(IncludeError::Unknown { name: item.into() });
        };
        if names.contains(name) {
            return Err(IncludeError::Repeated { name: item.into() });
        }
        names.push(name);
    }
    Ok(names)
}
