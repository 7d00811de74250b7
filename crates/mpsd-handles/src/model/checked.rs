//! The checked string newtypes (names, the invite context, search attribute
//! names and strings) are one shape: a `String` that only its check lets in.

/// Defines a checked string newtype: `new` (the check), `as_str`,
/// `FromStr`, `AsRef<str>`, `Display` and `Serialize` (the string itself).
/// A crate-internal `new_unchecked` serves the parser, which has already
/// checked the value. The representation is a `String`, or a
/// `CompactString` for the short strings a body has many of (search
/// attribute names and values: measured, 12 % off a search body, where
/// the other names gained nothing).
macro_rules! checked_string {
    (
        $(#[$doc:meta])*
        $name:ident($repr:ty) {
            check: $check:path,
            member: $member:literal,
            $(#[$new_doc:meta])*
            new,
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name($repr);

        impl $name {
            $(#[$new_doc])*
            pub fn new(value: impl Into<String>) -> Result<Self, $crate::rules::InvalidValue> {
                let value = value.into();
                match $check(&value) {
                    Ok(()) => Ok(Self(value.into())),
                    Err(f) => Err(f.invalid($member, &value)),
                }
            }

            pub(crate) fn new_unchecked(value: $repr) -> Self {
                Self(value)
            }

            /// The string, as checked.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::rules::InvalidValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }
    };
}
