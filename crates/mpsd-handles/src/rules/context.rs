//! `inviteAttributes/context`: at most 256 characters once URI-encoded (SPEC §3).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

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
    // A count of comparisons, which the compiler vectorizes (a test proves
    // `is_unreserved` is exactly the complement of `URI_COMPONENT`), kept in
    // a `u8` per block of 255 bytes so each vector step covers 16 bytes.
    let escaped: usize = s
        .as_bytes()
        .chunks(usize::from(u8::MAX))
        .map(|block| {
            let n = block
                .iter()
                .fold(0u8, |n, &b| n + u8::from(!is_unreserved(b)));
            usize::from(n)
        })
        .sum();
    s.len() + 2 * escaped
}

/// Whether `b` is an RFC 3986 unreserved character: one that
/// `percent-encoding` leaves as it is under [`URI_COMPONENT`].
///
/// Written without branches (`|`, not `||`) so that a loop over it becomes
/// vector code.
#[allow(clippy::needless_bitwise_bool)] // branch-free on purpose
pub(crate) const fn is_unreserved(b: u8) -> bool {
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    let digit = b.wrapping_sub(b'0') < 10;
    let mark = (b == b'-') | (b == b'.') | (b == b'_') | (b == b'~');
    letter | digit | mark
}

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
    fn unreserved_is_what_percent_encoding_leaves() {
        for b in 0..=u8::MAX {
            let encoded: usize = percent_encoding::percent_encode(&[b], URI_COMPONENT)
                .map(str::len)
                .sum();
            assert_eq!(encoded == 1, is_unreserved(b), "byte {b:#04x}");
        }
    }

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
