//! `Arbitrary` for the models (feature `arbitrary`): every generated value is
//! valid by construction, so a fuzzer can drive the serializer and the
//! validator with well-formed bodies.

use arbitrary::{Arbitrary, Result, Unstructured};
use uuid::Uuid;

use super::{
    AttributeName, AttributeNumber, AttributeString, Attributes, HandleId, InviteContext, Scid,
    SessionName, TemplateName, TitleId, Xuid,
};
use crate::rules::within;

/// The RFC 3986 unreserved characters, the alphabet of names.
const UNRESERVED: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

fn name(u: &mut Unstructured<'_>) -> Result<String> {
    let len = u.int_in_range(1..=100usize)?;
    (0..len)
        .map(|_| u.choose(UNRESERVED).map(|&b| char::from(b)))
        .collect()
}

impl<'a> Arbitrary<'a> for Scid {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self::new(Uuid::from_u128(u.arbitrary()?)))
    }
}

impl<'a> Arbitrary<'a> for HandleId {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self::new(Uuid::from_u128(u.arbitrary()?)))
    }
}

impl<'a> Arbitrary<'a> for TitleId {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self::new(u.arbitrary()?))
    }
}

impl<'a> Arbitrary<'a> for Xuid {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self::from(u.arbitrary::<std::num::NonZeroU64>()?))
    }
}

impl<'a> Arbitrary<'a> for TemplateName {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        name(u).map(Self::new_unchecked)
    }
}

impl<'a> Arbitrary<'a> for SessionName {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        name(u).map(Self::new_unchecked)
    }
}

impl<'a> Arbitrary<'a> for InviteContext {
    /// Any string, cut at the last character that keeps it within 256
    /// URI-encoded characters.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let text: String = u.arbitrary()?;
        let mut encoded = 0;
        let mut end = 0;
        for (i, c) in text.char_indices() {
            let mut buf = [0; 4];
            encoded += crate::rules::context::uri_encoded_len(c.encode_utf8(&mut buf));
            if encoded > crate::rules::context::MAX_URI_ENCODED_LEN {
                break;
            }
            end = i + c.len_utf8();
        }
        Ok(Self::new_unchecked(within(&text, ..end).to_owned()))
    }
}

impl<'a> Arbitrary<'a> for AttributeName {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        const REST: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
        let mut name = String::from(char::from(*u.choose(LETTERS)?));
        for _ in 0..u.int_in_range(0..=98usize)? {
            name.push(char::from(*u.choose(REST)?));
        }
        Ok(Self::new_unchecked(name.into()))
    }
}

impl<'a> Arbitrary<'a> for AttributeNumber {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Self::new(u.arbitrary()?).unwrap_or(Self::ZERO))
    }
}

impl<'a> Arbitrary<'a> for AttributeString {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut s: String = u.arbitrary()?;
        let mut end = s.len().min(99);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        Ok(Self::new_unchecked(s.into()))
    }
}

impl<'a, V: Arbitrary<'a>> Arbitrary<'a> for Attributes<V> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut attributes = Attributes::new();
        for _ in 0..u.int_in_range(0..=4usize)? {
            // A name equal to an earlier one is dropped, as MPSD would refuse it.
            let _ = attributes.insert(u.arbitrary()?, u.arbitrary()?);
        }
        Ok(attributes)
    }
}
