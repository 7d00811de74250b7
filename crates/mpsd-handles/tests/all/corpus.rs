//! The conformance corpus: valid and invalid bodies that every validator
//! (this crate, jsonschema-rs, ajv, python-jsonschema) must judge alike.
//!
//! Committed as `tests/conformance/corpus.jsonl` so the Node and Python
//! runners read the very same texts; `UPDATE_GOLDEN=1 cargo test` rewrites it.

use serde_json::{Value, json};

use crate::common::{NOT_DECIMAL, activity, data_files, invite, remove, set};

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

/// Values worth trying at one pointer, valid and not.
fn values_for(pointer: &str) -> Vec<Value> {
    let mut common = vec![json!(null), json!(true), json!(1), json!([]), json!({})];
    let specific: Vec<Value> = match pointer {
        "/version" => vec![
            json!(1),
            json!(0),
            json!(2),
            json!(-1),
            json!("1"),
            json!(1.5),
        ],
        "/type" => [
            "activity",
            "invite",
            "Activity",
            "INVITE",
            "",
            "activities",
            "invite ",
        ]
        .map(|s| json!(s))
        .to_vec(),
        "/id" | "/sessionRef/scid" => [
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13",
            "47CA0049-A5BA-4BC1-AA22-FCF834CE4C13",
            "00000000-0000-0000-0000-000000000000",
            "47ca0049a5ba4bc1aa22fcf834ce4c13",
            "{47ca0049-a5ba-4bc1-aa22-fcf834ce4c13}",
            "urn:uuid:47ca0049-a5ba-4bc1-aa22-fcf834ce4c13",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13\n",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1\n",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1g",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1１",
            "47ca0049_a5ba_4bc1_aa22_fcf834ce4c13",
            "",
        ]
        .map(|s| json!(s))
        .to_vec(),
        "/sessionRef/templateName" | "/sessionRef/name" => {
            let mut v: Vec<Value> = [
                "a",
                "deathmatch",
                "A-Za-z0-9._~",
                "",
                "death match",
                "a/b",
                "ä",
                "a\n",
                "\na",
                "tab\t",
                "x:y",
                "a%20b",
                "１２３",
                "€",
            ]
            .map(|s| json!(s))
            .to_vec();
            v.extend([
                json!("x".repeat(100)),
                json!("x".repeat(101)),
                json!(format!("{}\n", "x".repeat(99))),
            ]);
            v
        }
        "/invitedXuid" => {
            let mut v: Vec<Value> = [
                "1",
                "3210",
                "0",
                "18446744073709551615",
                "18446744073709551616",
                "99999999999999999999",
                "184467440737095516150",
            ]
            .map(|s| json!(s))
            .to_vec();
            v.extend(NOT_DECIMAL.iter().map(|s| json!(s)));
            v.extend(decimal_edges(u64::MAX).into_iter().map(|s| json!(s)));
            v.push(json!(3210));
            v
        }
        "/inviteAttributes/titleId" => {
            let mut v: Vec<Value> = ["0", "1018096776", "4294967295", "4294967296"]
                .map(|s| json!(s))
                .to_vec();
            v.extend(NOT_DECIMAL.iter().map(|s| json!(s)));
            v.extend(
                decimal_edges(u64::from(u32::MAX))
                    .into_iter()
                    .map(|s| json!(s)),
            );
            v.extend([
                json!(0),
                json!(4_294_967_295_u64),
                json!(4_294_967_296_u64),
                json!(-1),
                json!(1.5),
            ]);
            v
        }
        "/inviteAttributes/context" => vec![
            json!("a".repeat(256)),
            json!("a".repeat(257)),
            json!(" ".repeat(85)),
            json!(" ".repeat(86)),
            json!("é"),
            json!(format!("{}aaaa", "€".repeat(42))),
            json!(format!("{}aaaa", "€".repeat(28))),
            json!(format!("{}aaaaa", "€".repeat(28))),
            json!("😀".repeat(21)),
            json!("😀".repeat(22)),
            json!(""),
        ],
        "/inviteAttributes/contextString" | "/inviteAttributes/senderString" => {
            vec![json!(""), json!("Ünïcødé ✓"), json!("x".repeat(1000))]
        }
        "/sessionRef" | "/inviteAttributes" => vec![json!("x")],
        _ => vec![],
    };
    common.extend(specific);
    common
}

/// Canonical digit strings around `max`: for each digit, one just under and
/// one just over, so every branch of a range pattern is tried.
fn decimal_edges(max: u64) -> Vec<String> {
    let digits = max.to_string();
    let mut out = Vec::new();
    for i in 0..digits.len() {
        let (head, tail) = digits.split_at(i);
        let d = tail.as_bytes()[0] - b'0';
        let rest = tail.len() - 1;
        if d > 0 && !(i == 0 && d == 1) {
            out.push(format!("{head}{}{}", d - 1, "9".repeat(rest)));
        }
        if d < 9 {
            out.push(format!("{head}{}{}", d + 1, "0".repeat(rest)));
        }
    }
    out.push("9".repeat(digits.len() - 1));
    out.push(format!("1{}", "0".repeat(digits.len())));
    out
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
    let bases = [("activity", activity()), ("invite", invite())];
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
    ] {
        out.push(Entry {
            name: name.to_owned(),
            text,
            difference: Some(difference),
        });
    }
    out
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
