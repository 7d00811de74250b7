//! The exact pass: every value read as its JSON text (`serde_json`'s raw
//! values), so that a number keeps its spelling and need not fit an `f64`.
//!
//! Only bodies that need it take this pass (a number written `1e400`, or a
//! `version` or `titleId` that `serde_json` hands over as an `f64`); it reads
//! each container's text again one level down, which costs time in the
//! depth of the body, never memory beyond the body's size.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde_json::value::RawValue;

use super::Ctx;
use super::container::Container;
use super::walk::AnySeed;
use crate::rules::Json;

/// A string, borrowed from the input when it can be.
pub(super) struct CowStr;

impl<'de> DeserializeSeed<'de> for CowStr {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for CowStr {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// The JSON text of the value `d` holds, through `serde_json`'s public
/// `RawValue`: borrowed from JSON text, or (`owned`: the walk reads a
/// `Value`, which has no text to borrow from) written out.
fn text<'de, D: Deserializer<'de>>(d: D, owned: bool) -> Result<Cow<'de, str>, D::Error> {
    if owned {
        let raw = <Box<RawValue>>::deserialize(d)?;
        Ok(Cow::Owned(String::from(Box::<str>::from(raw))))
    } else {
        let raw = <&'de RawValue>::deserialize(d)?;
        Ok(Cow::Borrowed(raw.get()))
    }
}

/// Reads any value at container depth `depth`.
#[cold]
#[inline(never)]
pub(super) fn any<'de, D: Deserializer<'de>>(
    d: D,
    ctx: &mut Ctx,
    depth: usize,
) -> Result<Json<'de>, D::Error> {
    let text = text(d, ctx.reads_value)?;
    judge(text, ctx, depth).map_err(de::Error::custom)
}

/// What the JSON text of one value is; a container's contents are walked
/// (for the depth limit, and so that any JSON inside is read exactly).
fn judge<'de>(text: Cow<'de, str>, ctx: &mut Ctx, depth: usize) -> serde_json::Result<Json<'de>> {
    Ok(match text.as_bytes().first() {
        Some(b'"') => Json::Str(Cow::Owned(serde_json::from_str::<String>(&text)?)),
        Some(b'[' | b'{') => {
            let mut de = serde_json::Deserializer::from_str(&text);
            let found = (&mut de).deserialize_any(AnySeed { ctx, depth })?;
            de.end()?;
            match found {
                Json::Array => Json::Array,
                _ => Json::Object,
            }
        }
        Some(b't') => Json::Bool(true),
        Some(b'f') => Json::Bool(false),
        Some(b'n') => Json::Null,
        _ => Json::Number(text),
    })
}

/// Reads the container (an object or an array) that `seed` expects.
#[cold]
#[inline(never)]
pub(super) fn container<'de, D: Deserializer<'de>, C: Container>(
    d: D,
    mut seed: C,
) -> Result<(), D::Error> {
    let text = text(d, seed.place().0.reads_value)?;
    if text.as_bytes().first() == Some(&C::OPEN) {
        let mut de = serde_json::Deserializer::from_str(&text);
        (&mut de)
            .deserialize_any(seed)
            .and_then(|()| de.end())
            .map_err(de::Error::custom)
    } else {
        let (ctx, depth) = seed.place();
        let found = judge(text, ctx, depth).map_err(de::Error::custom)?;
        seed.wrong_type(&found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_values_are_read_borrowed_from_text_and_written_from_a_value() {
        let mut de = serde_json::Deserializer::from_str(" 1e400 ");
        let borrowed = text(&mut de, false).unwrap();
        assert!(matches!(borrowed, Cow::Borrowed("1e400")), "{borrowed:?}");
        let value = serde_json::json!({"a": [1, "x"]});
        assert_eq!(text(&value, true).unwrap(), r#"{"a":[1,"x"]}"#);
        assert_eq!(text(value, true).unwrap(), r#"{"a":[1,"x"]}"#);
    }
}
