//! The Arrow route gives the conformance corpus's expected verdicts, kinds
//! and errors, for every string and binary column type, nulls kept.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Int16Type;
use arrow_array::{
    Array, ArrayRef, BinaryArray, DictionaryArray, LargeBinaryArray, LargeStringArray, StringArray,
    StringViewArray,
};
use mpsd_handles::Validator;
use mpsd_handles::arrow::{
    is_valid_array, is_valid_query_array, kind_array, query_kind_array, validate_array,
    validate_query_array,
};
use mpsd_handles_test_support::json_lines;
use serde_json::Value;

type ArrowFn<T> = fn(&Validator, &dyn Array) -> Result<T, arrow_schema::ArrowError>;

/// The three array functions of one endpoint.
struct Route {
    validate: ArrowFn<arrow_array::StructArray>,
    is_valid: ArrowFn<arrow_array::BooleanArray>,
    kind: ArrowFn<arrow_array::StringArray>,
}

#[test]
fn every_column_type_gives_the_corpus_expectations() {
    let corpus = json_lines("tests/conformance/corpus.jsonl");
    let texts = corpus.iter().map(|c| c["text"].as_str().unwrap());
    let route = Route {
        validate: validate_array,
        is_valid: is_valid_array,
        kind: kind_array,
    };
    check(
        &route,
        texts,
        &json_lines("tests/conformance/corpus-expected.jsonl"),
    );
}

#[test]
fn query_columns_give_the_query_corpus_expectations() {
    let expected = json_lines("tests/conformance/query-expected.jsonl");
    let texts = expected.iter().map(|e| e["text"].as_str().unwrap());
    let route = Route {
        validate: validate_query_array,
        is_valid: is_valid_query_array,
        kind: query_kind_array,
    };
    check(&route, texts, &expected);
}

/// Every body of `texts` in every column type, a null row after every tenth,
/// gives the verdict, kind and errors of `expected`, through each function.
fn check<'a>(route: &Route, texts: impl Iterator<Item = &'a str>, expected: &[Value]) {
    let mut rows: Vec<Option<&str>> = Vec::new();
    let mut want: Vec<Option<&Value>> = Vec::new();
    for (i, (text, e)) in texts.zip(expected).enumerate() {
        rows.push(Some(text));
        want.push(Some(e));
        if i % 10 == 0 {
            rows.push(None);
            want.push(None);
        }
    }
    assert_eq!(want.iter().flatten().count(), expected.len());
    let bytes: Vec<Option<&[u8]>> = rows.iter().map(|r| r.map(str::as_bytes)).collect();
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(rows.clone())),
        Arc::new(LargeStringArray::from(rows.clone())),
        Arc::new(StringViewArray::from(rows.clone())),
        Arc::new(BinaryArray::from(bytes.clone())),
        Arc::new(LargeBinaryArray::from(bytes)),
        // A dictionary (as Parquet and Polars categoricals give): each
        // row's value looked up.
        Arc::new(rows.iter().copied().collect::<DictionaryArray<Int16Type>>()),
    ];
    let validator = Validator::new();
    for column in columns {
        let results = (route.validate)(&validator, &column).unwrap();
        let verdicts = (route.is_valid)(&validator, &column).unwrap();
        let kinds = (route.kind)(&validator, &column).unwrap();
        assert_eq!(results.len(), want.len());
        let (valid, kind, errors) = (
            results.column(0).as_boolean(),
            results.column(1).as_string::<i32>(),
            results.column(2).as_list::<i32>(),
        );
        for (i, w) in want.iter().enumerate() {
            let Some(w) = w else {
                assert!(results.is_null(i) && verdicts.is_null(i) && kinds.is_null(i));
                continue;
            };
            let name = column.data_type();
            assert_eq!(
                valid.value(i),
                w["valid"].as_bool().unwrap(),
                "{name} row {i}"
            );
            assert_eq!(verdicts.value(i), valid.value(i));
            let got_kind = (!kind.is_null(i)).then(|| kind.value(i));
            assert_eq!(got_kind, w["kind"].as_str(), "{name} row {i}");
            assert_eq!((!kinds.is_null(i)).then(|| kinds.value(i)), got_kind);
            let list = errors.value(i);
            let list = list.as_struct();
            let got: Vec<(String, String, String)> = (0..list.len())
                .map(|j| {
                    let s = |k: usize| list.column(k).as_string::<i32>().value(j).to_owned();
                    (s(0), s(1), s(2))
                })
                .collect();
            let expected: Vec<(String, String, String)> = w["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let s = |k: &str| e[k].as_str().unwrap().to_owned();
                    (s("pointer"), s("code"), s("message"))
                })
                .collect();
            assert_eq!(got, expected, "{name} row {i}");
        }
    }
}

#[test]
fn other_column_types_are_an_error() {
    let numbers = arrow_array::Int32Array::from(vec![1, 2]);
    let dictionary: DictionaryArray<Int16Type> = DictionaryArray::new(
        arrow_array::Int16Array::from(vec![0]),
        Arc::new(numbers.clone()),
    );
    let e = validate_array(&Validator::new(), &dictionary).unwrap_err();
    assert!(e.to_string().contains("Int32"), "{e}");
    let e = validate_array(&Validator::new(), &numbers).unwrap_err();
    assert!(e.to_string().contains("Int32"), "{e}");
    assert!(is_valid_array(&Validator::new(), &numbers).is_err());
    assert!(kind_array(&Validator::new(), &numbers).is_err());
    assert!(validate_query_array(&Validator::new(), &numbers).is_err());
}
