//! `type`: one of the handle types (`activity`, `invite`, `transfer`, `search`), exact case;
//! the handle types themselves, and sets of them.

use std::fmt;

use serde::{Serialize, Serializer};

use super::expected::ExpectedValue;
use super::{Fault, Json};

/// The value of `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HandleKind {
    /// `"activity"`.
    Activity,
    /// `"invite"`.
    Invite,
    /// `"transfer"`.
    Transfer,
    /// `"search"`.
    Search,
}

impl HandleKind {
    /// Every handle type, in declaration order.
    pub const ALL: &'static [HandleKind] = &[
        HandleKind::Activity,
        HandleKind::Invite,
        HandleKind::Transfer,
        HandleKind::Search,
    ];

    /// The handle type spelled `s` on the wire (exact case), if any.
    ///
    /// ```
    /// use mpsd_handles::HandleKind;
    /// assert_eq!(HandleKind::from_wire("invite"), Some(HandleKind::Invite));
    /// assert_eq!(HandleKind::from_wire("Invite"), None);
    /// ```
    #[must_use]
    pub fn from_wire(s: &str) -> Option<Self> {
        match s {
            "activity" => Some(HandleKind::Activity),
            "invite" => Some(HandleKind::Invite),
            "transfer" => Some(HandleKind::Transfer),
            "search" => Some(HandleKind::Search),
            _ => None,
        }
    }

    /// The wire spelling: `"activity"`, `"invite"`, `"transfer"` or `"search"`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            HandleKind::Activity => "activity",
            HandleKind::Invite => "invite",
            HandleKind::Transfer => "transfer",
            HandleKind::Search => "search",
        }
    }
}

impl fmt::Display for HandleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HandleKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A set of handle types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Kinds(pub(crate) u8);

impl Kinds {
    pub(crate) const NONE: Kinds = Kinds(0);
    pub(crate) const ALL: Kinds = Kinds::of(HandleKind::ALL);

    /// The set of `kinds`.
    pub(crate) const fn of(kinds: &[HandleKind]) -> Kinds {
        let mut bits = 0;
        let mut rest = kinds;
        while let [first, tail @ ..] = rest {
            bits |= Kinds::bit(*first);
            rest = tail;
        }
        Kinds(bits)
    }

    const fn bit(kind: HandleKind) -> u8 {
        1 << (kind as u8)
    }

    pub(crate) const fn contains(self, kind: HandleKind) -> bool {
        self.0 & Kinds::bit(kind) != 0
    }

    /// Whether every type of `other` is in the set.
    #[cfg(test)]
    pub(crate) const fn contains_all(self, other: Kinds) -> bool {
        self.0 & other.0 == other.0
    }

    /// The handle types in the set, in declaration order, as a slice that
    /// lives for ever (one of the 16 subsets, made at compile time).
    // The table is built in const evaluation, where an index out of range
    // fails the build; at run time the index is masked to the table's 16
    // rows and a length is at most 4.
    #[allow(clippy::indexing_slicing)]
    pub(crate) fn as_slice(self) -> &'static [HandleKind] {
        const fn subset(bits: u8) -> ([HandleKind; 4], usize) {
            let mut out = [HandleKind::Activity; 4];
            let mut len = 0;
            let mut i = 0;
            while i < HandleKind::ALL.len() {
                let kind = HandleKind::ALL[i];
                if bits & Kinds::bit(kind) != 0 {
                    out[len] = kind;
                    len += 1;
                }
                i += 1;
            }
            (out, len)
        }
        static SUBSETS: [([HandleKind; 4], usize); 16] = {
            let mut all = [([HandleKind::Activity; 4], 0); 16];
            let mut bits: u8 = 0;
            while bits < 16 {
                all[bits as usize] = subset(bits);
                bits += 1;
            }
            all
        };
        let (kinds, len) = &SUBSETS[usize::from(self.0 & 0xf)];
        &kinds[..*len]
    }

    /// The handle types in the set, in declaration order.
    pub(crate) fn iter(self) -> impl Iterator<Item = HandleKind> {
        HandleKind::ALL
            .iter()
            .copied()
            .filter(move |k| self.contains(*k))
    }
}

/// Checks the JSON value of `type`.
pub(crate) fn check(value: &Json<'_>) -> Result<HandleKind, Fault> {
    match value {
        Json::Str(s) => HandleKind::from_wire(s).ok_or(Fault::UnknownHandleType),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::HandleType,
        }),
    }
}

/// Checks the JSON value of a query's `type` (docs/rules.md §8.1): only
/// `"activity"` and `"search"` are query types.
pub(crate) fn check_query(value: &Json<'_>) -> Result<HandleKind, Fault> {
    match value {
        Json::Str(s) => match HandleKind::from_wire(s) {
            Some(kind @ (HandleKind::Activity | HandleKind::Search)) => Ok(kind),
            _ => Err(Fault::UnknownQueryType),
        },
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::QueryType,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::{HandleKind, Kinds};

    #[test]
    fn every_set_as_a_slice_is_its_members_in_order() {
        for bits in 0..16u8 {
            let set = Kinds(bits);
            let listed: Vec<HandleKind> = set.iter().collect();
            assert_eq!(set.as_slice(), listed.as_slice(), "set {bits:04b}");
        }
        assert_eq!(Kinds::ALL.as_slice(), HandleKind::ALL);
    }
}
