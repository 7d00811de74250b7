//! `Deserialize` for the model's newtypes, through their checks: a value
//! deserialized this way is valid like one built by its constructor. (The
//! request bodies themselves deserialize through the validator, see
//! `HandleRequest`.) Used to read MPSD's responses.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use super::{HandleId, HandleKind, HandleVersion, Scid, SessionName, TemplateName, TitleId, Xuid};

/// Reads a string and parses it with `T::from_str`.
struct Parsed<T>(PhantomData<T>);

impl<T: FromStr<Err: fmt::Display>> Visitor<'_> for Parsed<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
}

macro_rules! deserialize_from_str {
    ($($ty:ty),+) => {$(
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str(Parsed::<$ty>(PhantomData))
            }
        }
    )+};
}

deserialize_from_str!(Scid, HandleId, TemplateName, SessionName, Xuid);

impl FromStr for HandleKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        HandleKind::from_wire(s).ok_or_else(|| format!("{s:?} is not a handle type"))
    }
}

deserialize_from_str!(HandleKind);

/// `titleId`: a string of canonical digits, or an integer in range.
struct TitleIdVisitor;

impl Visitor<'_> for TitleIdVisitor {
    type Value = TitleId;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal uint32, as a string or an integer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<TitleId, E> {
        v.parse().map_err(E::custom)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<TitleId, E> {
        u32::try_from(v)
            .map(TitleId::new)
            .map_err(|_| E::custom("titleId out of range"))
    }
}

impl<'de> Deserialize<'de> for TitleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TitleIdVisitor)
    }
}

/// `version`: the integer 1.
struct VersionVisitor;

impl Visitor<'_> for VersionVisitor {
    type Value = HandleVersion;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the integer 1")
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<HandleVersion, E> {
        match v {
            1 => Ok(HandleVersion::V1),
            _ => Err(E::custom(format_args!("version {v} is not supported"))),
        }
    }
}

impl<'de> Deserialize<'de> for HandleVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_u64(VersionVisitor)
    }
}
