//! Golden output: what the CLI prints for the many-violations body, in both
//! formats, word for word. `UPDATE_GOLDEN=1 cargo test --all-features`
//! rewrites the files; review the diff.

use super::{bin, repo};

use mpsd_handles_test_support::golden as golden_at;

/// Compares `actual` with the committed file `tests/golden/<name>`, or
/// rewrites it under `UPDATE_GOLDEN=1`.
fn golden(name: &str, actual: &str) {
    golden_at(&format!("tests/golden/{name}"), actual);
}

#[test]
fn many_violations_in_both_formats() {
    for (format, name) in [
        ("human", "many-violations.human.txt"),
        ("json", "many-violations.jsonl"),
    ] {
        let out = bin()
            .current_dir(repo())
            .args(["validate", "--format", format])
            .arg("tests/data/invalid/many-violations.json")
            .assert()
            .code(1);
        golden(
            name,
            &String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        );
    }
}

#[test]
fn query_violations_in_both_formats() {
    for (format, name) in [
        ("human", "query-violations.human.txt"),
        ("json", "query-violations.jsonl"),
    ] {
        let out = bin()
            .current_dir(repo())
            .args(["validate", "--query", "--lines", "--format", format])
            .arg("tests/data/queries/corpus.jsonl")
            .assert()
            .code(1);
        golden(
            name,
            &String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        );
    }
}

#[test]
fn lines_of_hostile_bodies_in_both_formats() {
    let input = [
        r#"{"version":1e400,"type":"Activity","x\ny":1}"#,
        "\u{c}",
        r#"{"version":-0,"type":"invite","invitedXuid":18446744073709551616,"inviteAttributes":{"titleId":-5.0}}"#,
        r#"{"a":"\ud800"}"#,
        "\u{feff}{}",
    ]
    .join("\n");
    for (format, name) in [
        ("human", "hostile-lines.human.txt"),
        ("json", "hostile-lines.jsonl"),
    ] {
        let out = bin()
            .args(["validate", "--lines", "--format", format, "-"])
            .write_stdin(input.clone())
            .assert()
            .code(1);
        golden(
            name,
            &String::from_utf8(out.get_output().stdout.clone()).unwrap(),
        );
    }
}

/// `schemas/openapi.json` is what `mpsd-handles schema --openapi` writes
/// (the document of `serve`, built by the CLI from the library's schemas),
/// and every `$ref` in it resolves inside it.
#[test]
fn the_openapi_document_has_not_drifted_and_its_refs_resolve() {
    fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::String(r)) = o.get("$ref") {
                    out.push(r.clone());
                }
                o.values().for_each(|v| refs(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let out = bin().args(["schema", "--openapi"]).assert().code(0);
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    golden_at("schemas/openapi.json", &text);
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 5);
    for r in all {
        let pointer = r.strip_prefix('#').unwrap();
        assert!(doc.pointer(pointer).is_some(), "{r}");
    }
}
