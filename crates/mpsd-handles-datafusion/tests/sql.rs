//! The SQL functions give the conformance corpora's expected verdicts,
//! kinds and errors, over an in-memory table and over a Parquet file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use mpsd_handles::Validator;
use mpsd_handles_test_support::json_lines;
use serde_json::{Value, json};

/// A table `bodies(id, body)` of `texts`, with a null body after every tenth.
fn batch(texts: &[&str]) -> RecordBatch {
    let mut rows: Vec<Option<&str>> = Vec::new();
    for (i, t) in texts.iter().enumerate() {
        rows.push(Some(t));
        if i % 10 == 0 {
            rows.push(None);
        }
    }
    let ids: Vec<i64> = (0..).take(rows.len()).collect();
    let schema = Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new("body", DataType::Utf8, true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(datafusion::arrow::array::Int64Array::from(ids)),
            Arc::new(StringArray::from(rows)),
        ],
    )
    .unwrap()
}

fn context(partitions: usize) -> SessionContext {
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    mpsd_handles_datafusion::register(&ctx, Validator::new());
    ctx
}

async fn rows(ctx: &SessionContext, sql: &str) -> Vec<Value> {
    let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
    let mut out = Vec::new();
    for b in &batches {
        let mut writer = datafusion::arrow::json::ArrayWriter::new(Vec::new());
        writer.write(b).unwrap();
        writer.finish().unwrap();
        let text = writer.into_inner();
        if let Value::Array(rows) = serde_json::from_slice(&text).unwrap() {
            out.extend(rows);
        }
    }
    out
}

/// What the corpus's expectation says for a row, in the shape the SQL below
/// selects.
fn expected_row(e: &Value) -> Value {
    let errors: Vec<Value> = e["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| json!({"pointer": v["pointer"], "code": v["code"], "message": v["message"]}))
        .collect();
    json!({"valid": e["valid"], "kind": e["kind"], "errors": errors})
}

async fn check_corpus(texts: &[&str], expected: &[Value], query: bool) {
    let ctx = context(2);
    ctx.register_batch("bodies", batch(texts)).unwrap();
    let (validate, is_valid, kind) = if query {
        (
            "mpsd_validate_query",
            "mpsd_is_valid_query",
            "mpsd_query_kind",
        )
    } else {
        ("mpsd_validate", "mpsd_is_valid", "mpsd_kind")
    };
    let sql = format!(
        "SELECT id, {validate}(body) AS r, {is_valid}(body) AS ok, {kind}(body) AS k, body IS NULL AS null_body FROM bodies ORDER BY id"
    );
    let got = rows(&ctx, &sql).await;
    let mut want = expected.iter();
    assert_eq!(got.len(), texts.len() + texts.len().div_ceil(10));
    for row in &got {
        if row["null_body"] == json!(true) {
            // Nulls stay nulls: the JSON writer leaves null members out.
            assert!(row.get("r").is_none() && row.get("ok").is_none() && row.get("k").is_none());
            continue;
        }
        let e = want.next().unwrap();
        let mut r = row["r"].clone();
        if r["kind"].is_null() {
            r.as_object_mut()
                .unwrap()
                .insert("kind".into(), Value::Null);
        }
        assert_eq!(r, expected_row(e), "row {}", row["id"]);
        assert_eq!(row["ok"], e["valid"]);
        assert_eq!(row.get("k").unwrap_or(&Value::Null), &e["kind"]);
    }
    assert!(want.next().is_none());
}

#[tokio::test]
async fn handle_functions_give_the_corpus_expectations() {
    let corpus = json_lines("tests/conformance/corpus.jsonl");
    let texts: Vec<&str> = corpus.iter().map(|c| c["text"].as_str().unwrap()).collect();
    check_corpus(
        &texts,
        &json_lines("tests/conformance/corpus-expected.jsonl"),
        false,
    )
    .await;
}

#[tokio::test]
async fn query_functions_give_the_query_corpus_expectations() {
    let expected = json_lines("tests/conformance/query-expected.jsonl");
    let texts: Vec<&str> = expected
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    check_corpus(&texts, &expected, true).await;
}

/// The README's "violations by code" query over a Parquet file counts what
/// the corpus's expectations count.
#[tokio::test]
async fn violations_by_code_over_parquet() {
    let corpus = json_lines("tests/conformance/corpus.jsonl");
    let texts: Vec<&str> = corpus.iter().map(|c| c["text"].as_str().unwrap()).collect();
    let dir = std::env::temp_dir().join(format!("mpsd-df-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bodies.parquet");
    let batch = batch(&texts);
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(&file).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();

    for partitions in [1, 2] {
        let ctx = context(partitions);
        ctx.register_parquet(
            "bodies",
            file.to_str().unwrap(),
            ParquetReadOptions::default(),
        )
        .await
        .unwrap();
        let got = rows(&ctx, mpsd_handles_datafusion::VIOLATIONS_BY_CODE).await;
        let got: BTreeMap<String, u64> = got
            .iter()
            .map(|r| {
                (
                    r["code"].as_str().unwrap().to_owned(),
                    r["violations"].as_u64().unwrap(),
                )
            })
            .collect();
        let mut want: BTreeMap<String, u64> = BTreeMap::new();
        for e in json_lines("tests/conformance/corpus-expected.jsonl") {
            for v in e["errors"].as_array().unwrap() {
                *want
                    .entry(v["code"].as_str().unwrap().to_owned())
                    .or_default() += 1;
            }
        }
        assert!(want.len() > 10, "the corpus breaks many rules");
        assert_eq!(got, want, "{partitions} partitions");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_literal_body_and_a_wrong_type() {
    let ctx = context(1);
    let got = rows(
        &ctx,
        r#"SELECT mpsd_kind('{"version": 1, "type": "activity", "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}') AS k,
                  mpsd_validate(CAST('{"version": 2}' AS BYTEA))['valid'] AS ok"#,
    )
    .await;
    assert_eq!(got, vec![json!({"k": "activity", "ok": false})]);
    // A dictionary-encoded column (DataFusion casts it to a string type).
    let got = rows(
        &ctx,
        r#"SELECT mpsd_kind(arrow_cast('{"version": 1, "type": "activity", "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}', 'Dictionary(Int32, Utf8)')) AS k"#,
    )
    .await;
    assert_eq!(got, vec![json!({"k": "activity"})]);
    // A number or a list is no body: refused when planned (DataFusion's
    // coercion turned them into their text).
    for sql in [
        "SELECT mpsd_validate(42)",
        "SELECT mpsd_is_valid(make_array('{}', '{}'))",
        "SELECT mpsd_kind(arrow_cast(1, 'Dictionary(Int32, Int64)'))",
    ] {
        let err = ctx.sql(sql).await.err().map(|e| e.to_string());
        let err = err.unwrap_or_else(|| panic!("{sql}: planned"));
        assert!(
            err.contains("takes a string or binary body"),
            "{sql}: {err}"
        );
    }
    let err = match ctx.sql("SELECT mpsd_is_valid('{}', '{}')").await {
        Ok(frame) => frame.collect().await.err(),
        Err(e) => Some(e),
    };
    let err = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(err.contains("mpsd_is_valid"), "{err}");
}

/// Hostile arguments answer as the library does, never an error: a NULL
/// literal, bytes that are not UTF-8, nesting past the depth limit, and a
/// body past the byte limit (neither is walked).
#[tokio::test]
async fn hostile_literals() {
    let ctx = context(1);
    let got = rows(
        &ctx,
        "SELECT mpsd_validate(NULL) IS NULL AS v, mpsd_is_valid(NULL) IS NULL AS ok, mpsd_kind(NULL) IS NULL AS k,
                mpsd_validate(X'7BFFFE7D')['errors'][1]['code'] AS not_utf8,
                mpsd_validate(repeat('[', 30000))['errors'][1]['code'] AS deep,
                mpsd_is_valid_query(repeat('[', 30000)) AS deep_query,
                mpsd_validate(repeat(' ', 10000000))['errors'][1]['code'] AS large",
    )
    .await;
    assert_eq!(
        got,
        vec![
            json!({"v": true, "ok": true, "k": true, "not_utf8": "syntax_error",
                    "deep": "too_deep", "deep_query": false, "large": "body_too_large"})
        ]
    );
}

/// Issue 27: one body that is not UTF-8 in a Parquet `binary` column (read
/// as `BinaryView`) failed the whole query, the shipped
/// `VIOLATIONS_BY_CODE` included; a binary dictionary likewise, and a null
/// row's `['valid']` was `false`. Each row is judged now, nulls stay null.
#[tokio::test]
async fn binary_parquet_with_a_row_that_is_not_utf8() {
    use datafusion::arrow::array::{BinaryArray, DictionaryArray};
    use datafusion::arrow::datatypes::Int32Type;
    let valid = br#"{"version": 1, "type": "activity", "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}"#;
    let bodies: Vec<Option<&[u8]>> =
        vec![Some(valid), Some(b"{\"version\": \xff}"), None, Some(valid)];
    let keys = datafusion::arrow::array::Int32Array::from(vec![Some(1), Some(2), Some(0), None]);
    let values = BinaryArray::from(vec![Some(&valid[..]), Some(b"\xfe"), None]);
    let schema = Schema::new(vec![
        Field::new("body", DataType::Binary, true),
        Field::new(
            "coded",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Binary)),
            true,
        ),
    ]);
    let batch = RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(BinaryArray::from(bodies)),
            Arc::new(DictionaryArray::<Int32Type>::try_new(keys, Arc::new(values)).unwrap()),
        ],
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("mpsd-df-bin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bodies.parquet");
    let mut writer =
        ArrowWriter::try_new(std::fs::File::create(&file).unwrap(), batch.schema(), None).unwrap();
    writer.write(&batch).unwrap();
    writer.close().unwrap();
    let ctx = context(1);
    ctx.register_parquet(
        "bodies",
        file.to_str().unwrap(),
        ParquetReadOptions::default(),
    )
    .await
    .unwrap();
    let got = rows(&ctx, mpsd_handles_datafusion::VIOLATIONS_BY_CODE).await;
    assert_eq!(got, vec![json!({"code": "syntax_error", "violations": 1})]);
    let got = rows(
        &ctx,
        "SELECT mpsd_validate(body)['valid'] AS v, mpsd_kind(body) AS k,
                mpsd_validate(coded)['valid'] AS cv, mpsd_is_valid(coded) AS ci FROM bodies",
    )
    .await;
    assert_eq!(
        got,
        vec![
            json!({"v": true, "k": "activity", "cv": false, "ci": false}),
            json!({"v": false}),
            json!({"cv": true, "ci": true}),
            json!({"v": true, "k": "activity"}),
        ]
    );
    let got = rows(
        &ctx,
        "SELECT count(*) FILTER (WHERE NOT mpsd_validate(body)['valid']) AS a,
                count(*) FILTER (WHERE NOT mpsd_is_valid(body)) AS b FROM bodies",
    )
    .await;
    assert_eq!(got, vec![json!({"a": 1, "b": 1})]);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Each function describes itself to `information_schema` (`SHOW FUNCTIONS`).
#[tokio::test]
async fn the_functions_are_documented() {
    let ctx = SessionContext::new_with_config(SessionConfig::new().with_information_schema(true));
    mpsd_handles_datafusion::register(&ctx, Validator::new());
    let got = rows(
        &ctx,
        "SELECT routine_name, description, syntax_example FROM information_schema.routines WHERE routine_name LIKE 'mpsd%' ORDER BY routine_name",
    )
    .await;
    let names: Vec<&str> = got
        .iter()
        .map(|r| r["routine_name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "mpsd_is_valid",
            "mpsd_is_valid_query",
            "mpsd_kind",
            "mpsd_query_kind",
            "mpsd_validate",
            "mpsd_validate_query"
        ]
    );
    for r in &got {
        let name = r["routine_name"].as_str().unwrap();
        assert_eq!(r["syntax_example"], json!(format!("{name}(body)")));
        let query = r["description"]
            .as_str()
            .unwrap()
            .contains("/handles/query");
        assert_eq!(query, name.contains("query"), "{name}");
    }
}
