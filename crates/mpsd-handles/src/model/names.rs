//! Template and session names.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::InvalidValue;
use crate::rules;

/// Defines a checked string newtype whose check is `rules::name::parse`.
macro_rules! name_newtype {
    ($(#[$doc:meta])* $name:ident, $member:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Checks `name`: 1 to 100 characters, each one of `A-Z a-z 0-9 - . _ ~`.
            ///
            /// # Errors
            /// [`NameEmpty`](crate::Code::NameEmpty), [`NameTooLong`](crate::Code::NameTooLong)
            /// or [`NameInvalidCharacter`](crate::Code::NameInvalidCharacter).
            pub fn new(name: impl Into<String>) -> Result<Self, InvalidValue> {
                let name = name.into();
                match rules::name::parse(&name) {
                    Ok(()) => Ok(Self(name)),
                    Err(f) => Err(f.invalid($member, &name)),
                }
            }

            pub(crate) fn new_unchecked(name: String) -> Self {
                Self(name)
            }

            /// The name.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    };
}

name_newtype!(
    /// A session template name (`sessionRef/templateName`).
    ///
    /// ```
    /// assert!(mpsd_handles::TemplateName::new("deathmatch").is_ok());
    /// assert!(mpsd_handles::TemplateName::new("death match").is_err());
    /// ```
    TemplateName,
    "templateName"
);

name_newtype!(
    /// A session name (`sessionRef/name`). MPSD compares session names without
    /// regard to case; see [`SessionName::same_session`].
    SessionName,
    "name"
);

impl SessionName {
    /// Whether two names designate the same session (ASCII case-insensitive).
    ///
    /// ```
    /// use mpsd_handles::SessionName;
    /// let a = SessionName::new("Session-49")?;
    /// assert!(a.same_session(&SessionName::new("session-49")?));
    /// # Ok::<(), mpsd_handles::InvalidValue>(())
    /// ```
    #[must_use]
    pub fn same_session(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(&other.0)
    }
}
