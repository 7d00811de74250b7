//! Helpers shared by the integration tests.

use mpsd_handles::{HandleRequest, Report};
use serde_json::{Value, json};

/// Spellings that are not canonical decimal digits, for `titleId` and
/// `invitedXuid` alike: sign, space, leading zero, hex, exponent, fraction,
/// a final newline (Python's `$`), non-ASCII digits (`\d` elsewhere).
pub const NOT_DECIMAL: &[&str] = &[
    "",
    "00",
    "01",
    "0123",
    "+1",
    "-1",
    " 1",
    "1 ",
    "1\n",
    "0x10",
    "1e3",
    "1.0",
    "1.5",
    "１２３",
    "٣",
];

pub const SCID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

/// The smallest valid activity body.
pub fn activity() -> Value {
    json!({
        "version": 1,
        "type": "activity",
        "sessionRef": {"scid": SCID, "templateName": "deathmatch"}
    })
}

/// The smallest valid invite body.
pub fn invite() -> Value {
    json!({
        "version": 1,
        "type": "invite",
        "sessionRef": {"scid": SCID, "templateName": "deathmatch"},
        "invitedXuid": "3210",
        "inviteAttributes": {"titleId": "1018096776"}
    })
}

/// The smallest valid transfer body.
pub fn transfer() -> Value {
    json!({
        "type": "transfer",
        "sessionRef": {"scid": SCID, "templateName": "deathmatch"},
        "version": 1,
        "originSessionRef": {"scid": SCID, "templateName": "lobby"}
    })
}

/// The smallest valid search body.
pub fn search() -> Value {
    json!({
        "type": "search",
        "version": 1,
        "sessionRef": {"scid": SCID, "templateName": "deathmatch"}
    })
}

/// Both bases, by name.
pub fn bases() -> [(&'static str, Value); 2] {
    [("activity", activity()), ("invite", invite())]
}

/// Sets the member at `pointer` (its parent must exist).
pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    let name = name.replace("~1", "/").replace("~0", "~");
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap()
        .insert(name, value);
}

/// Removes the member at `pointer`.
pub fn remove(doc: &mut Value, pointer: &str) {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove(name);
}

/// `doc` without the member at `pointer` has exactly one violation: that
/// member is missing.
pub fn expect_missing(doc: &Value, pointer: &str) {
    let mut doc = doc.clone();
    remove(&mut doc, pointer);
    assert_eq!(
        found(&check(&doc)),
        pairs(&[(pointer, "missing_member")]),
        "{pointer} removed from {doc}"
    );
}

/// Validates `doc` through its text, and checks `from_value` agrees.
pub fn check(doc: &Value) -> Result<HandleRequest, Report> {
    let text = serde_json::to_string(doc).unwrap();
    let from_text = mpsd_handles::from_str(&text);
    assert_eq!(
        from_text,
        mpsd_handles::from_value(doc),
        "from_value disagrees on {text}"
    );
    from_text
}

/// `(pointer, code)` of every violation, or empty when valid.
pub fn found(result: &Result<HandleRequest, Report>) -> Vec<(String, &'static str)> {
    match result {
        Ok(_) => Vec::new(),
        Err(r) => r
            .iter()
            .map(|v| (v.pointer().as_str().to_owned(), v.code().as_str()))
            .collect(),
    }
}

/// `(pointer, code)` pairs from literals.
pub fn pairs(expected: &[(&str, &'static str)]) -> Vec<(String, &'static str)> {
    expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), *c))
        .collect()
}

pub use mpsd_handles_test_support::{data, data_files};
