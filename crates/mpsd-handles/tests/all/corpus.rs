//! The conformance corpus: valid and invalid bodies that every validator
//! (this crate, jsonschema-rs, ajv, python-jsonschema) must judge alike.
//!
//! Committed as `tests/conformance/corpus.jsonl` so the Node and Python
//! runners read the very same texts; `UPDATE_GOLDEN=1 cargo test` rewrites it.

use serde_json::{Value, json};

use crate::common::{activity, data_files, invite, remove, search, set, transfer};
use crate::corpus_values::values_for;

/// One body of the corpus.
pub struct Entry {
    pub name: String,
    /// The body as text (texts may hold what a `Value` cannot: duplicates, `1.0`).
    pub text: String,
    /// Set when the schema is documented to disagree with the crate here.
    pub difference: Option<&'static str>,
}

fn entry(name: impl Into<String>, doc: &Value) -> Entry {
    Entry {
        name: name.into(),
        text: serde_json::to_string(doc).unwrap(),
        difference: None,
    }
}

/// Every body of the corpus, in a stable order.
pub fn generate() -> Vec<Entry> {
    let mut out = Vec::new();
    for dir in ["valid", "invalid", "seed"] {
        for path in data_files(dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            // Only JSON: the schema validators judge parsed documents.
            if serde_json::from_str::<Value>(&text).is_ok() {
                let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                out.push(Entry {
                    name,
                    text,
                    difference: None,
                });
            }
        }
    }
    let bases = [
        ("activity", activity()),
        ("invite", invite()),
        ("transfer", transfer()),
        ("search", search()),
    ];
    let pointers = [
        "/version",
        "/type",
        "/id",
        "/sessionRef",
        "/sessionRef/scid",
        "/sessionRef/templateName",
        "/sessionRef/name",
        "/invitedXuid",
        "/inviteAttributes",
        "/inviteAttributes/titleId",
        "/inviteAttributes/context",
        "/inviteAttributes/contextString",
        "/inviteAttributes/senderString",
        "/originSessionRef",
        "/originSessionRef/scid",
        "/searchAttributes",
        "/searchAttributes/tags",
        "/searchAttributes/numbers",
        "/searchAttributes/strings",
    ];
    for (base_name, base) in &bases {
        for pointer in pointers {
            let parent = pointer.rsplit_once('/').unwrap().0;
            if base.pointer(parent).is_none() {
                continue;
            }
            for (i, value) in values_for(pointer).into_iter().enumerate() {
                let mut doc = base.clone();
                set(&mut doc, pointer, value);
                out.push(entry(format!("{base_name}{pointer}={i}"), &doc));
            }
            if base.pointer(pointer).is_some() {
                let mut doc = base.clone();
                remove(&mut doc, pointer);
                out.push(entry(format!("{base_name}{pointer} removed"), &doc));
            }
        }
        for unknown in [
            "/invitedXUID",
            "/extra",
            "/sessionRef/nmae",
            "/inviteAttributes/titleID",
            "/a~1b",
            "/originSessionRefs",
        ] {
            let mut doc = base.clone();
            if doc.pointer(unknown.rsplit_once('/').unwrap().0).is_some() {
                set(&mut doc, unknown, json!("x"));
                out.push(entry(format!("{base_name}{unknown} unknown"), &doc));
            }
        }
        for top in [
            json!([]),
            json!("x"),
            json!(1),
            json!(null),
            json!([base.clone()]),
        ] {
            out.push(entry(format!("top level {top}"), &top));
        }
    }
    // Invite members moved onto an activity, and every combination of them.
    for (xuid, attrs) in [(true, false), (false, true), (true, true)] {
        let mut doc = activity();
        if xuid {
            set(&mut doc, "/invitedXuid", json!("3210"));
        }
        if attrs {
            set(&mut doc, "/inviteAttributes", json!({"titleId": "1"}));
        }
        out.push(entry(
            format!("activity with invite members {xuid} {attrs}"),
            &doc,
        ));
        let mut doc = invite();
        if xuid {
            remove(&mut doc, "/invitedXuid");
        }
        if attrs {
            remove(&mut doc, "/inviteAttributes");
        }
        out.push(entry(
            format!("invite without members {xuid} {attrs}"),
            &doc,
        ));
    }
    // The search base with attributes, for the rows below it.
    let mut full_search = search();
    set(
        &mut full_search,
        "/searchAttributes",
        json!({"tags": ["a"], "numbers": {"n": 1}, "strings": {"s": "x"}}),
    );
    for pointer in [
        "/searchAttributes/tags",
        "/searchAttributes/numbers",
        "/searchAttributes/strings",
    ] {
        for (i, value) in values_for(pointer).into_iter().enumerate() {
            let mut doc = full_search.clone();
            set(&mut doc, pointer, value);
            out.push(entry(format!("search+{pointer}={i}"), &doc));
        }
    }
    // Documented differences: texts a parsed document cannot tell apart.
    let activity_text = serde_json::to_string(&activity()).unwrap();
    let invite_text = serde_json::to_string(&invite()).unwrap();
    for (name, text, difference) in [
        (
            "version 1.0",
            activity_text.replace("\"version\":1", "\"version\":1.0"),
            "number_spelling",
        ),
        (
            "version 1e0",
            activity_text.replace("\"version\":1", "\"version\":1e0"),
            "number_spelling",
        ),
        (
            "titleId 5.0",
            invite_text.replace("\"1018096776\"", "5.0"),
            "number_spelling",
        ),
        (
            "titleId 1e3",
            invite_text.replace("\"1018096776\"", "1e3"),
            "number_spelling",
        ),
        (
            "duplicate type",
            activity_text.replace(
                "\"type\":\"activity\"",
                "\"type\":\"activity\",\"type\":\"activity\"",
            ),
            "duplicate_member",
        ),
        (
            "duplicate scid",
            activity_text.replace(
                "\"templateName\"",
                &format!("\"scid\":\"{}\",\"templateName\"", crate::common::SCID),
            ),
            "duplicate_member",
        ),
        (
            "attribute names equal without regard to case",
            serde_json::to_string(&with_attributes(
                json!({"numbers": {"Skill": 1, "skill": 2}}),
            ))
            .unwrap(),
            "attribute_case",
        ),
        (
            "string attribute of 50 two-byte characters",
            serde_json::to_string(&with_attributes(json!({"strings": {"s": "é".repeat(50)}})))
                .unwrap(),
            "attribute_bytes",
        ),
    ] {
        out.push(Entry {
            name: name.to_owned(),
            text,
            difference: Some(difference),
        });
    }
    out
}

/// The search base with `attributes`.
fn with_attributes(attributes: Value) -> Value {
    let mut doc = search();
    set(&mut doc, "/searchAttributes", attributes);
    doc
}

/// The corpus as JSON lines, with the crate's verdict on each body.
pub fn to_jsonl(entries: &[Entry]) -> String {
    let mut out = String::new();
    for e in entries {
        let valid = mpsd_handles::from_str(&e.text).is_ok();
        let mut line = json!({"name": e.name, "text": e.text, "valid": valid});
        if let Some(d) = e.difference {
            line["difference"] = json!(d);
        }
        out.push_str(&serde_json::to_string(&line).unwrap());
        out.push('\n');
    }
    out
}

/// The conformance expectations are what Python, npm, DataFusion and the
/// installed CLI are checked against, and the crate writes them itself: a
/// change in them is a change of behaviour. Their digest is pinned in
/// CHANGELOG.md (the newest `Conformance expectations: sha256 …` line), so
/// that a diff in them fails here until the CHANGELOG names it.
#[test]
fn expectations_are_pinned_by_the_changelog() {
    use sha2::{Digest, Sha256};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut hasher = Sha256::new();
    for file in [
        "tests/conformance/corpus-expected.jsonl",
        "tests/conformance/query-expected.jsonl",
    ] {
        // Line endings as committed, whatever a checkout did to them.
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        hasher.update(text.replace("\r\n", "\n").as_bytes());
    }
    let digest = hasher.finalize().iter().fold(String::new(), |mut hex, b| {
        use std::fmt::Write;
        let _ = write!(hex, "{b:02x}");
        hex
    });
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).unwrap();
    let pinned = changelog
        .lines()
        .find_map(|l| l.strip_prefix("Conformance expectations: sha256 "))
        .map(|d| d.trim_end_matches('.').trim());
    assert_eq!(
        pinned,
        Some(digest.as_str()),
        "the conformance expectations changed: name the change in CHANGELOG.md and pin the new digest there"
    );
}
