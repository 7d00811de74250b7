//! `inviteAttributes/context`: at most 256 characters once URI-encoded (docs/rules.md §3).

use super::expected::ExpectedValue;
use super::{Fault, Json};

/// The longest URI-encoded context.
pub(crate) const MAX_URI_ENCODED_LEN: usize = 256;

/// The length of `s` once URI-encoded: 1 per unreserved byte, 3 per other byte.
///
/// ```
/// assert_eq!(mpsd_handles::model::uri_encoded_len("a b"), 5);
/// assert_eq!(mpsd_handles::model::uri_encoded_len("é"), 6);
/// ```
#[must_use]
pub fn uri_encoded_len(s: &str) -> usize {
    // A count of comparisons, which the compiler vectorizes (a test proves
    // `is_unreserved` is exactly what `percent-encoding` leaves unescaped), kept in
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
/// `percent-encoding` leaves as it is in a URI component.
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
pub(crate) fn parse(s: &str) -> Result<(), Fault> {
    let len = uri_encoded_len(s);
    if len > MAX_URI_ENCODED_LEN {
        return Err(Fault::ContextTooLong { len });
    }
    Ok(())
}

/// Checks the JSON value of `context`.
pub(crate) fn check(value: &Json<'_>) -> Result<(), Fault> {
    match value {
        Json::Str(s) => parse(s),
        _ => Err(Fault::WrongType {
            expected: ExpectedValue::String,
        }),
    }
}

#[cfg(test)]
mod tests {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

    use super::*;

    /// Every byte but the RFC 3986 unreserved characters: what
    /// `percent-encoding` escapes in a URI component.
    const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');

    #[test]
    fn unreserved_is_what_percent_encoding_leaves() {
        for b in 0..=u8::MAX {
            let encoded: usize = percent_encoding::percent_encode(&[b], URI_COMPONENT)
                .map(str::len)
                .sum();
            assert_eq!(encoded == 1, is_unreserved(b), "byte {b:#04x}");
        }
    }
}
