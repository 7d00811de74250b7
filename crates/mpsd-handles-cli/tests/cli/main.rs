//! The real `mpsd-handles` binary: exit codes, the JSON-lines contract,
//! golden output, and the regression tests of the issue "Hardening".
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::too_many_lines,
    missing_docs
)]

use assert_cmd::Command;
use serde_json::Value;

use mpsd_handles_test_support::{data, data_files, repo};

fn bin() -> Command {
    Command::cargo_bin("mpsd-handles").unwrap()
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(stdout).unwrap();
    for line in text.lines() {
        let keys = serde_json::from_str::<Keys>(line).unwrap().0;
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        assert!(
            keys == ["file", "valid", "kind", "errors"]
                || keys == ["file", "line", "valid", "kind", "errors"]
                || keys == ["file", "valid", "kind", "errors", "error"],
            "member order of {line}"
        );
    }
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The member names of a JSON object, in the order written.
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

/// The contract of one `--format json` line.
fn assert_contract(line: &Value) {
    let obj = line.as_object().unwrap();
    let keys = serde_json::from_str::<Keys>(&line.to_string()).unwrap().0;
    assert_eq!(keys.len(), 4, "{line}");
    let valid = obj["valid"].as_bool().unwrap();
    let errors = obj["errors"].as_array().unwrap();
    assert_eq!(valid, errors.is_empty(), "{line}");
    assert_eq!(valid, obj["kind"].is_string(), "{line}");
    for e in errors {
        let keys = serde_json::from_str::<Keys>(&e.to_string()).unwrap().0;
        assert_eq!(keys.len(), 5, "{line}");
        for k in ["pointer", "code", "message"] {
            assert!(e[k].is_string(), "{line}");
        }
        // Where it is in the body: 1-based, or null where unknown.
        for k in ["line", "column"] {
            assert!(
                e[k].is_null() || e[k].as_u64().is_some_and(|n| n >= 1),
                "{line}"
            );
        }
    }
}

mod contract;
mod front;
mod golden;
mod hardening;
mod net;
mod queries;
mod serve;
mod stub;
