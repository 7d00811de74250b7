//! The violation codes: the macro that writes the enum, its list and its
//! spellings from one table (the table itself is in `kind.rs`, beside the
//! kinds that have each code).

use std::fmt;

use serde::Serialize;

use super::kind::Code;

/// Declares [`Code`] from one table: each code's doc and its stable
/// `snake_case` spelling, written once.
macro_rules! codes {
    ($($(#[doc = $doc:literal])* $code:ident => $spelling:literal;)+) => {
        /// A stable, machine-readable name for one kind of violation.
        ///
        /// Codes are part of the public API: once released, a code never
        /// changes meaning. [`Code::as_str`] gives the `snake_case` spelling
        /// used on the wire.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $code,)+
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$code,)+];

            /// The stable `snake_case` spelling of the code.
            ///
            /// ```
            /// assert_eq!(mpsd_handles::Code::TitleIdOutOfRange.as_str(), "title_id_out_of_range");
            /// ```
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$code => $spelling,)+
                }
            }
        }
    };
}

pub(super) use codes;

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use crate::report::Code;

    #[test]
    fn spellings_are_snake_case_and_distinct() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{s}"
            );
            assert!(seen.insert(s), "{s} twice");
        }
    }
}
