//! `Arbitrary` for the models (feature `arbitrary`): every generated value is
//! valid by construction, so a fuzzer can drive the serializer and the
//! validator with well-formed bodies.

use arbitrary::{Arbitrary, Result, Unstructured};
use uuid::Uuid;

use super::{Context, HandleId, Scid, SessionName, TemplateName, TitleId, Xuid};

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

impl<'a> Arbitrary<'a> for Context {
    /// Any string, cut at the last character that keeps it within 256
    /// URI-encoded characters.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let text: String = u.arbitrary()?;
        let mut encoded = 0;
        let mut end = 0;
        for (i, c) in text.char_indices() {
            let mut buf = [0; 4];
            encoded += crate::uri_encoded_len(c.encode_utf8(&mut buf));
            if encoded > crate::MAX_URI_ENCODED_LEN {
                break;
            }
            end = i + c.len_utf8();
        }
        Ok(Self::new_unchecked(
            text.get(..end).unwrap_or_default().to_owned(),
        ))
    }
}
