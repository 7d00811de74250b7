//! Identifiers: GUIDs (`scid`, `id`), `titleId` and xuids.

use std::fmt;
use std::num::NonZeroU64;
use std::str::FromStr;

use serde::{Serialize, Serializer};
use uuid::Uuid;

use crate::rules;
use crate::rules::InvalidValue;

/// Defines a GUID newtype written in the hyphenated form.
macro_rules! guid_newtype {
    ($(#[$doc:meta])* $name:ident, $member:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps a UUID; every UUID is a valid value.
            #[must_use]
            pub const fn new(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// The UUID.
            #[must_use]
            pub const fn as_uuid(&self) -> &Uuid {
                &self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(uuid: Uuid) -> Self {
                Self(uuid)
            }
        }

        impl FromStr for $name {
            type Err = InvalidValue;
            /// Accepts the hyphenated `8-4-4-4-12` form only, in either case.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                rules::guid::parse(s).map(Self).map_err(|f| f.invalid($member, s))
            }
        }

        impl fmt::Display for $name {
            /// The hyphenated lowercase form.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0.hyphenated(), f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.0.hyphenated().encode_lower(&mut Uuid::encode_buffer()))
            }
        }
    };
}

guid_newtype!(
    /// A service configuration id (`sessionRef/scid`): a GUID.
    ///
    /// ```
    /// let scid: mpsd_handles::model::Scid = "BD6C41C3-01C3-468A-A3B5-3E0FE8133862".parse()?;
    /// assert_eq!(scid.to_string(), "bd6c41c3-01c3-468a-a3b5-3e0fe8133862");
    /// assert!("{bd6c41c3-01c3-468a-a3b5-3e0fe8133862}".parse::<mpsd_handles::model::Scid>().is_err());
    /// # Ok::<(), mpsd_handles::InvalidValue>(())
    /// ```
    Scid,
    "scid"
);

guid_newtype!(
    /// A handle id (`id`): a GUID. Clients normally leave it out.
    HandleId,
    "id"
);

/// A title id (`inviteAttributes/titleId`): any `u32`, written on the wire as a
/// string of decimal digits.
///
/// ```
/// let id: mpsd_handles::model::TitleId = "1018096776".parse()?;
/// assert_eq!(id.get(), 1_018_096_776);
/// assert_eq!(mpsd_handles::model::TitleId::new(7).to_string(), "7");
/// assert_eq!(serde_json::to_string(&id).unwrap(), r#""1018096776""#);
/// assert!("0x10".parse::<mpsd_handles::model::TitleId>().is_err());
/// # Ok::<(), mpsd_handles::InvalidValue>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TitleId(u32);

impl TitleId {
    /// The title id `value` (every `u32` is one).
    #[must_use]
    pub const fn new(value: u32) -> Self {
        Self(value)
    }

    /// The numeric value.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }
}

impl From<u32> for TitleId {
    fn from(value: u32) -> Self {
        Self(value)
    }
}

impl FromStr for TitleId {
    type Err = InvalidValue;
    /// Accepts canonical decimal digits only: no sign, space, leading zero or exponent.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        rules::title_id::parse(s)
            .map(Self)
            .map_err(|f| f.invalid("titleId", s))
    }
}

impl fmt::Display for TitleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for TitleId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// An Xbox user id (`invitedXuid`): a non-zero `u64`, written on the wire as a
/// string of decimal digits (a JSON number would not survive a double).
///
/// ```
/// let xuid: mpsd_handles::model::Xuid = "18446744073709551615".parse()?;
/// assert_eq!(xuid.get(), u64::MAX);
/// assert!("0".parse::<mpsd_handles::model::Xuid>().is_err());
/// # Ok::<(), mpsd_handles::InvalidValue>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Xuid(NonZeroU64);

impl Xuid {
    /// The xuid `value`, or `None` for 0.
    #[must_use]
    pub const fn new(value: u64) -> Option<Self> {
        match NonZeroU64::new(value) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// The numeric value.
    #[must_use]
    pub const fn get(self) -> u64 {
        self.0.get()
    }
}

impl From<NonZeroU64> for Xuid {
    fn from(value: NonZeroU64) -> Self {
        Self(value)
    }
}

impl FromStr for Xuid {
    type Err = InvalidValue;
    /// Accepts canonical decimal digits of `1..=u64::MAX` only.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        rules::xuid::parse(s)
            .map(Self)
            .map_err(|f| f.invalid("invitedXuid", s))
    }
}

impl fmt::Display for Xuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Xuid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}
