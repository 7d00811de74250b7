//! `inviteAttributes/context`: at most 256 characters once URI-encoded (SPEC §3).

use std::sync::LazyLock;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_encode};

use super::{Json, invalid_type};
use crate::{Code, InvalidValue};

/// The longest URI-encoded context.
pub const MAX_URI_ENCODED_LEN: usize = 256;

/// Every byte but the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
pub const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The length of `s` once URI-encoded: 1 per unreserved byte, 3 per other byte.
///
/// ```
/// assert_eq!(mpsd_handles::uri_encoded_len("a b"), 5);
/// assert_eq!(mpsd_handles::uri_encoded_len("é"), 6);
/// ```
#[must_use]
pub fn uri_encoded_len(s: &str) -> usize {
    let table = &*ENCODED_LEN;
    s.bytes()
        .map(|b| usize::from(table.get(usize::from(b)).copied().unwrap_or(3)))
        .sum()
}

/// The encoded length of each byte, read once off `percent-encoding`'s own
/// output for [`URI_COMPONENT`], so the set stays the single source of truth.
static ENCODED_LEN: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let mut table = [3; 256];
    for (b, len) in (0..=u8::MAX).zip(table.iter_mut()) {
        let encoded: usize = percent_encode(&[b], URI_COMPONENT).map(str::len).sum();
        *len = u8::try_from(encoded).unwrap_or(3);
    }
    table
});

/// Checks one context string.
pub(crate) fn parse(s: &str) -> Result<(), InvalidValue> {
    let len = uri_encoded_len(s);
    if len > MAX_URI_ENCODED_LEN {
        return Err(InvalidValue::new(
            Code::ContextTooLong,
            format!("context is {len} characters long once URI-encoded: at most 256 are allowed."),
        ));
    }
    Ok(())
}

/// Checks the JSON value of `context` and returns the owned string.
pub(crate) fn check(value: Json<'_>) -> Result<String, InvalidValue> {
    match value {
        Json::Str(s) => parse(&s).map(|()| s.into_owned()),
        other => Err(invalid_type("context", "a string", &other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_table() {
        let euro = format!("{}aaaa", "€".repeat(42));
        let rows: [(String, usize, bool); 7] = [
            ("a".repeat(256), 256, true),
            ("a".repeat(257), 257, false),
            (" ".repeat(85), 255, true),
            (" ".repeat(86), 258, false),
            ("é".to_owned(), 6, true),
            (euro, 382, false),
            (String::new(), 0, true),
        ];
        for (s, len, ok) in rows {
            assert_eq!(uri_encoded_len(&s), len, "{s:?}");
            assert_eq!(parse(&s).is_ok(), ok, "{s:?}");
        }
    }
}
