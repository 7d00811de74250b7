//! RFC 6901 JSON pointers.

use std::fmt;

use serde::{Serialize, Serializer};

/// Where a violation is: an RFC 6901 JSON pointer using the wire (JSON)
/// member names; `""` is the whole body.
///
/// A pointer to a member the crate knows is a `&'static str` (no
/// allocation); one that names an unknown member is built from its name,
/// with `~` written `~0` and `/` written `~1`.
///
/// `Display` writes it as it is, like [`Pointer::as_str`]; what shows a
/// pointer to people ([`Violation`](crate::Violation)'s `Display`) escapes
/// it as an [`Echo`](crate::Echo), so a member name cannot forge a line.
///
/// ```
/// let report = mpsd_handles::from_str(r#"{"a/b~": 1}"#).unwrap_err();
/// let unknown = report.iter().find(|v| v.code() == mpsd_handles::Code::UnknownMember).unwrap();
/// assert_eq!(unknown.pointer().as_str(), "/a~1b~0");
/// assert_eq!(unknown.pointer(), "/a~1b~0");
/// assert_eq!(unknown.pointer().to_string(), "/a~1b~0");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    Static(&'static str),
    Owned(Box<str>),
}

impl Repr {
    fn as_str(&self) -> &str {
        match self {
            Repr::Static(s) => s,
            Repr::Owned(s) => s,
        }
    }
}

impl PartialOrd for Repr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Repr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Pointer {
    /// The whole body: `""`.
    pub const ROOT: Pointer = Pointer(Repr::Static(""));

    /// A pointer known at compile time (already escaped).
    pub(crate) const fn known(pointer: &'static str) -> Self {
        Pointer(Repr::Static(pointer))
    }

    /// The pointer of member `name` of the object at `parent`.
    pub(crate) fn member(parent: &str, name: &str) -> Self {
        let mut p = String::with_capacity(parent.len() + name.len() + 1);
        p.push_str(parent);
        p.push('/');
        for c in name.chars() {
            match c {
                '~' => p.push_str("~0"),
                '/' => p.push_str("~1"),
                c => p.push(c),
            }
        }
        Pointer(Repr::Owned(p.into_boxed_str()))
    }

    /// The pointer of element `index` of the array at `parent`.
    pub(crate) fn index(parent: &str, index: usize) -> Self {
        Pointer(Repr::Owned(format!("{parent}/{index}").into_boxed_str()))
    }

    /// The pointer, exactly.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Whether this is the whole body (`""`).
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Pointer {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Pointer {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Pointer {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl Serialize for Pointer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
