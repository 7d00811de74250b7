//! `members!`: an object's members declared once, as an enum of its rows
//! and the table of their names, pointers and presence rules.

/// Declares the members of an object: an enum of its rows, and the table.
/// Each member's wire name is written here and nowhere else.
macro_rules! members {
    (
        $(#[$doc:meta])*
        enum $Member:ident at $pointer:literal, $ALSO:ident at $also:literal {
            $($Variant:ident = $json:literal: $presence:expr,)+
        }
    ) => {
        members! {
            $(#[$doc])*
            enum $Member at $pointer {
                $($Variant = $json: $presence,)+
            }
        }

        impl $Member {
            /// The same members' table at another place.
            pub(super) const $ALSO: &'static [Member] = &[$(Member {
                name: $json,
                pointer: concat!($also, "/", $json),
                presence: $presence,
            },)+];
        }
    };
    (
        $(#[$doc:meta])*
        enum $Member:ident at $pointer:literal {
            $($Variant:ident = $json:literal: $presence:expr,)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(super) enum $Member {
            $($Variant,)+
        }

        impl $Member {
            /// The table: one row per variant, in order.
            pub(super) const TABLE: &'static [Member] = &[$(Member {
                name: $json,
                pointer: concat!($pointer, "/", $json),
                presence: $presence,
            },)+];
            const _FITS_A_U64_MASK: () = assert!(Self::TABLE.len() <= 64);

            pub(super) fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($json => Some(Self::$Variant),)+
                    _ => None,
                }
            }

            /// This member's row of the table.
            #[allow(dead_code)] // a table used at several places reads `row_in`
            pub(super) const fn row(self) -> &'static Member {
                self.row_in(Self::TABLE)
            }

            /// This member's row of `table`, one of this enum's tables.
            // The enum and its tables are written from the same list, so a
            // variant's index is always a row.
            #[allow(clippy::indexing_slicing, dead_code)]
            pub(super) const fn row_in(self, table: &'static [Member]) -> &'static Member {
                &table[self as usize]
            }
        }

        impl From<$Member> for usize {
            fn from(m: $Member) -> usize {
                m as usize
            }
        }

        impl $crate::parse::table::Members for $Member {
            const TABLE: &'static [Member] = <$Member>::TABLE;
            const POINTER: &'static str = $pointer;
            fn from_name(name: &str) -> Option<Self> {
                <$Member>::from_name(name)
            }
        }
    };
}

/// A member enum written by `members!`: its table, the object's pointer,
/// and the member a name is. What an object's walk needs of its members.
pub(super) trait Members: Copy + Into<usize> {
    /// One row per variant, in order.
    const TABLE: &'static [crate::rules::members::Member];
    /// The pointer of the object the members belong to (`""`: the body).
    const POINTER: &'static str;
    /// The member named `name`, if any.
    fn from_name(name: &str) -> Option<Self>;
}

pub(super) use members;
