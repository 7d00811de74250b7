//! The exported JSON Schemas: drift, meta-schemas, portability, and agreement
//! with the crate's own validator on the conformance corpus.

use mpsd_handles::schema::{Draft, handle_request, to_string_pretty, validator};
use serde_json::Value;

use crate::corpus;

const DRAFTS: [(Draft, &str); 2] = [
    (Draft::Draft2020_12, "schemas/handle-request.schema.json"),
    (
        Draft::Draft07,
        "schemas/draft-07/handle-request.schema.json",
    ),
];

use mpsd_handles_test_support::golden;

#[test]
fn committed_schemas_have_not_drifted() {
    for (draft, path) in DRAFTS {
        golden(path, &format!("{}\n", to_string_pretty(draft)));
    }
    let problem = serde_json::to_string_pretty(&mpsd_handles::schema::problem()).unwrap();
    golden("schemas/problem.schema.json", &format!("{problem}\n"));
}

/// The problem schema accepts what `Problem` writes.
#[test]
fn problem_bodies_match_their_schema() {
    let schema = jsonschema::validator_for(&mpsd_handles::schema::problem()).unwrap();
    let report = mpsd_handles::from_str(r#"{"version": 2, "x": 1}"#).unwrap_err();
    let problem = mpsd_handles::problem::Problem::from_report(&report, 422);
    assert!(schema.is_valid(&serde_json::to_value(&problem).unwrap()));
    let too_large = mpsd_handles::problem::Problem::too_large(10);
    assert!(schema.is_valid(&serde_json::to_value(&too_large).unwrap()));
    assert!(!schema.is_valid(&serde_json::json!({"type": "x"})));
}

#[test]
fn schemas_pass_their_meta_schema() {
    for (draft, _) in DRAFTS {
        let schema = handle_request(draft);
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{draft:?}: {e}"));
    }
}

#[test]
fn schemas_have_ids_titles_descriptions_and_examples() {
    for (draft, _) in DRAFTS {
        let schema = handle_request(draft);
        for key in ["$schema", "$id", "title", "description"] {
            assert!(schema[key].is_string(), "{draft:?} lacks {key}");
        }
        let examples = schema["examples"].as_array().unwrap();
        assert_eq!(examples.len(), 2);
        for example in examples {
            mpsd_handles::from_value(example).unwrap();
        }
        let mut missing = Vec::new();
        each_property(&schema, "", &mut |pointer, property| {
            if !property["description"].is_string() {
                missing.push(pointer.to_owned());
            }
        });
        assert!(
            missing.is_empty(),
            "{draft:?}: no description on {missing:?}"
        );
    }
}

/// Calls `f` with every property schema under `properties`, anywhere.
fn each_property(schema: &Value, at: &str, f: &mut impl FnMut(&str, &Value)) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map {
                if key == "examples" {
                    continue;
                }
                if key == "properties" {
                    for (name, property) in value.as_object().unwrap() {
                        f(&format!("{at}/properties/{name}"), property);
                    }
                }
                each_property(value, &format!("{at}/{key}"), f);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                each_property(item, &format!("{at}/{i}"), f);
            }
        }
        _ => {}
    }
}

/// Every `(pointer, schema object)` of the schema.
fn each_schema_object<'a>(schema: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    match schema {
        Value::Object(map) => {
            out.push((at.clone(), schema));
            for (key, value) in map {
                if key != "examples" {
                    each_schema_object(value, format!("{at}/{key}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                each_schema_object(item, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn schema_objects(schema: &Value) -> Vec<(String, &Value)> {
    let mut objects = Vec::new();
    each_schema_object(schema, String::new(), &mut objects);
    objects
}

#[test]
fn format_is_never_the_only_check() {
    for (draft, _) in DRAFTS {
        let schema = handle_request(draft);
        for (at, object) in schema_objects(&schema) {
            if object.get("format").is_some() {
                assert!(
                    object["pattern"].is_string(),
                    "{draft:?} {at}: format without pattern"
                );
            }
        }
    }
}

#[test]
fn patterns_are_portable() {
    for (draft, _) in DRAFTS {
        let schema = handle_request(draft);
        let mut anchored = 0;
        for (at, object) in schema_objects(&schema) {
            let Some(pattern) = object.get("pattern").and_then(Value::as_str) else {
                continue;
            };
            // Classes whose meaning differs between ECMA-262, Python and Rust.
            for trap in [
                r"\d", r"\w", r"\s", r"\b", r"\Z", r"\z", r"\A", "(?<", "(?=", "(?!",
            ] {
                assert!(!pattern.contains(trap), "{at}: {pattern} uses {trap}");
            }
            if pattern == "\n" {
                continue;
            }
            assert!(
                pattern.starts_with('^') && pattern.ends_with('$'),
                "{at}: {pattern}"
            );
            anchored += 1;
            // Python's `$` matches before a final newline: every anchored
            // pattern needs a guard that rejects it.
            let guarded = object["not"]["pattern"] == "\n"
                || (object["maxLength"].is_u64() && object["maxLength"] == object["minLength"]);
            assert!(
                guarded,
                "{at}: {pattern} is not guarded against a final newline"
            );
        }
        assert!(anchored >= 5, "{draft:?}: only {anchored} patterns");
    }
}

#[test]
fn committed_corpus_is_current() {
    golden(
        "tests/conformance/corpus.jsonl",
        &corpus::to_jsonl(&corpus::generate()),
    );
}

/// Every message the crate writes for the corpus, word for word: a change of
/// wording shows up as a diff of `tests/golden/corpus-reports.txt`.
#[test]
fn corpus_reports_are_golden() {
    use std::fmt::Write;
    let mut out = String::new();
    for entry in corpus::generate() {
        writeln!(out, "== {}", entry.name).unwrap();
        match mpsd_handles::from_str(&entry.text) {
            Ok(request) => writeln!(out, "valid {} handle", request.kind()).unwrap(),
            Err(report) => writeln!(out, "{report}").unwrap(),
        }
    }
    golden("tests/golden/corpus-reports.txt", &out);
}

/// The crate's full answer on every corpus body, for the Python and
/// JavaScript packages to match exactly (with the model a valid body
/// becomes, which the Python package returns).
#[test]
fn corpus_expectations_are_golden() {
    use std::fmt::Write;
    let mut out = String::new();
    for entry in corpus::generate() {
        let line = match mpsd_handles::from_str(&entry.text) {
            Ok(request) => serde_json::json!({
                "name": entry.name, "valid": true, "kind": request.kind().as_str(), "errors": [],
                "model": request
            }),
            Err(report) => serde_json::json!({
                "name": entry.name, "valid": false, "kind": null,
                "errors": report.locate(entry.text.as_bytes())
            }),
        };
        writeln!(out, "{line}").unwrap();
    }
    golden("tests/conformance/corpus-expected.jsonl", &out);
}

#[test]
fn jsonschema_rs_agrees_with_the_crate_on_the_corpus() {
    let entries = corpus::generate();
    assert!(entries.len() > 300, "corpus has {} entries", entries.len());
    for (draft, _) in DRAFTS {
        let v = validator(draft).unwrap();
        let mut disagreements = Vec::new();
        for e in &entries {
            let ours = mpsd_handles::from_str(&e.text).is_ok();
            let doc: Value = serde_json::from_str(&e.text).unwrap();
            // from_value sees the same document as the schema validator.
            if e.difference != Some("duplicate_member") && e.difference != Some("number_spelling") {
                assert_eq!(mpsd_handles::from_value(&doc).is_ok(), ours, "{}", e.name);
            }
            let theirs = v.is_valid(&doc);
            let expected_same = e.difference.is_none();
            if (ours == theirs) != expected_same {
                disagreements.push(format!("{} (crate {ours}, schema {theirs})", e.name));
            }
        }
        assert!(disagreements.is_empty(), "{draft:?}: {disagreements:#?}");
    }
}

#[test]
fn without_the_custom_keyword_only_context_differs() {
    let entries = corpus::generate();
    let schema = handle_request(Draft::Draft2020_12);
    let plain = jsonschema::validator_for(&schema).unwrap();
    for e in entries.iter().filter(|e| e.difference.is_none()) {
        let ours = mpsd_handles::from_str(&e.text).is_ok();
        let doc: Value = serde_json::from_str(&e.text).unwrap();
        let theirs = plain.is_valid(&doc);
        if ours != theirs {
            assert!(
                theirs,
                "{}: the plain schema is stricter than the crate",
                e.name
            );
            let report = mpsd_handles::from_str(&e.text).unwrap_err();
            assert!(
                report
                    .iter()
                    .all(|v| v.code() == mpsd_handles::Code::ContextTooLong),
                "{}: {report}",
                e.name
            );
        }
    }
}

/// The schema's examples are copies inside the crate (its packaged form
/// cannot reach `tests/data`): they stay equal to the shipped bodies.
#[test]
fn schema_examples_are_the_shipped_bodies() {
    let crate_dir =
        mpsd_handles_test_support::repo().join("crates/mpsd-handles/src/schema/examples");
    for (copy, shipped) in [
        ("activity.json", "valid/activity.json"),
        ("invite.json", "valid/invite.json"),
        (
            "activity-query-users.json",
            "queries/valid/activity-query-users.json",
        ),
        (
            "search-query-docs-filter.json",
            "queries/valid/search-query-docs-filter.json",
        ),
    ] {
        let a = std::fs::read(crate_dir.join(copy)).unwrap();
        let b = std::fs::read(crate::common::data(shipped)).unwrap();
        assert_eq!(a, b, "{copy} differs from tests/data/{shipped}");
    }
}
