//! The query schema: committed and drift-checked, valid against its
//! meta-schema, and, with its `x-grammar` keyword registered, agreeing with
//! the validator on every query body the tests ship.

use mpsd_handles::schema::{Draft, handle_query, query_to_string_pretty, query_validator};
use mpsd_handles_test_support::golden;
use serde_json::Value;

const DRAFTS: [(Draft, &str); 2] = [
    (Draft::Draft2020_12, "schemas/handle-query.schema.json"),
    (Draft::Draft07, "schemas/draft-07/handle-query.schema.json"),
];

#[test]
fn committed_query_schemas_have_not_drifted() {
    for (draft, path) in DRAFTS {
        golden(path, &format!("{}\n", query_to_string_pretty(draft)));
    }
}

#[test]
fn query_schemas_pass_their_meta_schema() {
    for (draft, _) in DRAFTS {
        let schema = handle_query(draft);
        assert!(jsonschema::meta::is_valid(&schema), "{draft:?}");
    }
}

/// Every query body of the tests: the shipped files and the corpus lines.
fn bodies() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for dir in ["queries/valid", "queries/invalid"] {
        for path in crate::common::data_files(dir) {
            let text = std::fs::read_to_string(&path).unwrap();
            out.push((
                path.display().to_string(),
                serde_json::from_str(&text).unwrap(),
            ));
        }
    }
    let corpus = std::fs::read_to_string(crate::common::data("queries/corpus.jsonl")).unwrap();
    for (i, line) in corpus.lines().enumerate() {
        out.push((
            format!("corpus line {}", i + 1),
            serde_json::from_str(line).unwrap(),
        ));
    }
    out
}

#[test]
fn jsonschema_rs_agrees_with_the_crate_on_query_bodies() {
    for (draft, _) in DRAFTS {
        let schema = query_validator(draft).unwrap();
        let mut valid = 0;
        for (name, body) in bodies() {
            let crate_says = mpsd_handles::query_from_value(&body).is_ok();
            assert_eq!(
                schema.is_valid(&body),
                crate_says,
                "{draft:?} {name}: {body}"
            );
            valid += usize::from(crate_says);
        }
        assert!(valid >= 5, "{valid}");
    }
}

#[test]
fn without_the_grammar_keyword_only_filters_and_orders_differ() {
    let plain = jsonschema::validator_for(&handle_query(Draft::Draft2020_12)).unwrap();
    for (name, body) in bodies() {
        let schema_says = plain.is_valid(&body);
        match mpsd_handles::query_from_value(&body) {
            Ok(_) => assert!(schema_says, "{name}"),
            Err(report) if schema_says => assert!(
                report
                    .iter()
                    .all(|v| matches!(v.code().as_str(), "invalid_filter" | "invalid_order_by")),
                "{name}: {report}"
            ),
            Err(_) => {}
        }
    }
}

/// The crate's full answer on every line of the query corpus, for the
/// Python and JavaScript packages to match exactly.
#[test]
fn query_expectations_are_golden() {
    use std::fmt::Write;
    let corpus = std::fs::read_to_string(crate::common::data("queries/corpus.jsonl")).unwrap();
    let mut out = String::new();
    for text in corpus.lines() {
        let line = match mpsd_handles::query_from_str(text) {
            Ok(query) => serde_json::json!({
                "text": text, "valid": true, "kind": query.kind().as_str(), "errors": [],
                "model": query
            }),
            Err(report) => serde_json::json!({
                "text": text, "valid": false, "kind": null,
                "errors": report.locate(text.as_bytes())
            }),
        };
        writeln!(out, "{line}").unwrap();
    }
    golden("tests/conformance/query-expected.jsonl", &out);
}
