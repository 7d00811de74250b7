//! The `include` query parameter of `POST /handles/query` (docs/rules.md
//! §8.1): which extra parts of each handle the answer carries.

use std::fmt;

use crate::report::{Code, Echo};

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
    /// The code: always [`Code::InvalidInclude`].
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
/// use mpsd_handles::include::{IncludeError, check_include};
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
