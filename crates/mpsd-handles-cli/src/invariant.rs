//! Steps that cannot fail by construction, each saying why, in one place:
//! writing values that always serialize, and slicing ranges the caller
//! has proven. Debug builds (the tests) stop where an invariant breaks; a
//! release build, which must not panic, writes nothing there instead.

use serde::Serialize;

/// `value` as compact JSON text.
#[expect(
    clippy::expect_used,
    reason = "the values written here (models, reports, strings, logs) have no map with non-string keys and write to memory, so serializing cannot fail"
)]
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).expect("a model, report or string always serializes")
}

/// `value` as one line of JSON, U+2028 and U+2029 escaped.
#[expect(
    clippy::expect_used,
    reason = "as `json`; and serde_json writes only UTF-8"
)]
pub(crate) fn json_line<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, mpsd_handles::LineSafe);
    value
        .serialize(&mut ser)
        .expect("a log line's values always serialize");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `text[range]`, for a range proven to lie on character boundaries.
#[allow(clippy::needless_pass_by_value)] // a range, written where it is made
pub(crate) fn within<I>(text: &str, range: I) -> &str
where
    I: std::slice::SliceIndex<str, Output = str> + Clone + std::fmt::Debug,
{
    if let Some(part) = text.get(range.clone()) {
        return part;
    }
    debug_assert!(false, "{range:?} is not within {} bytes", text.len());
    ""
}

/// `bytes[range]`, for a range proven to lie within `bytes`.
#[allow(clippy::needless_pass_by_value)] // a range, written where it is made
pub(crate) fn within_bytes<I>(bytes: &[u8], range: I) -> &[u8]
where
    I: std::slice::SliceIndex<[u8], Output = [u8]> + Clone + std::fmt::Debug,
{
    if let Some(part) = bytes.get(range.clone()) {
        return part;
    }
    debug_assert!(false, "{range:?} is not within {} bytes", bytes.len());
    &[]
}
