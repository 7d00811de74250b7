//! Bytes parsed to a `Value`: the crate (`from_value`) and jsonschema-rs on the
//! exported 2020-12 schema (with `x-maxUriEncodedLength`) give the same verdict,
//! except where the README documents a difference.
#![no_main]
// A fuzz target is an oracle: it panics when an invariant breaks.
#![allow(clippy::panic, clippy::expect_used, clippy::indexing_slicing)]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use mpsd_handles::schema::{Draft, validator};
use serde_json::Value;

static SCHEMA: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| validator(Draft::Draft2020_12).expect("the exported schema compiles"));

/// Documented difference 3: numbers written with a fraction or exponent.
fn float_at(doc: &Value, pointer: &str) -> bool {
    doc.pointer(pointer).is_some_and(Value::is_f64)
}

/// Documented differences of search attributes: names equal without regard
/// to case (one object), and strings longer than 99 bytes in UTF-8 but not
/// 99 characters.
fn attribute_difference(doc: &Value) -> bool {
    ["/searchAttributes/numbers", "/searchAttributes/strings"]
        .iter()
        .filter_map(|p| doc.pointer(p).and_then(Value::as_object))
        .any(|object| {
            let names: Vec<String> = object.keys().map(|k| k.to_ascii_lowercase()).collect();
            let mut unique = names.clone();
            unique.sort();
            unique.dedup();
            unique.len() != names.len()
                || object
                    .values()
                    .filter_map(Value::as_str)
                    .any(|s| s.len() > 99 && s.chars().count() <= 99)
        })
}

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    if float_at(&doc, "/version")
        || float_at(&doc, "/inviteAttributes/titleId")
        || attribute_difference(&doc)
    {
        return;
    }
    let ours = mpsd_handles::from_value(&doc);
    let theirs = SCHEMA.is_valid(&doc);
    assert_eq!(ours.is_ok(), theirs, "{doc}\ncrate: {ours:?}");
});
