//! Bytes cut into rows at each 0xFF byte, an empty row a null, as a
//! `Binary` column and as a dictionary of it: `arrow::validate_array`,
//! `is_valid_array` and `kind_array` give every row the verdict, kind and
//! violations (pointer, code, message) of `from_slice`, and a null row a
//! null; the query twins agree with `query_from_slice` likewise.
#![no_main]
// A fuzz target is an oracle: it panics when an invariant breaks.
#![allow(clippy::panic, clippy::expect_used, clippy::indexing_slicing)]

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, BinaryArray, DictionaryArray, StructArray};
use libfuzzer_sys::fuzz_target;
use mpsd_handles::arrow::{
    is_valid_array, is_valid_query_array, kind_array, query_kind_array, validate_array,
    validate_query_array,
};
use mpsd_handles::{Report, Validator};

fuzz_target!(|data: &[u8]| {
    let rows: Vec<Option<&[u8]>> = data
        .split(|b| *b == 0xFF)
        .map(|r| (!r.is_empty()).then_some(r))
        .collect();
    let binary = BinaryArray::from(rows.clone());
    let dictionary: DictionaryArray<Int32Type> = DictionaryArray::new(
        (0..).take(rows.len()).collect::<Vec<i32>>().into(),
        std::sync::Arc::new(binary.clone()),
    );
    let v = Validator::new();
    for column in [&binary as &dyn Array, &dictionary] {
        let results = validate_array(&v, column).expect("a binary column");
        let verdicts = is_valid_array(&v, column).expect("a binary column");
        let kinds = kind_array(&v, column).expect("a binary column");
        check(&rows, &results, &verdicts, &kinds, |b| {
            mpsd_handles::from_slice(b).map(|r| r.kind().as_str())
        });
        let results = validate_query_array(&v, column).expect("a binary column");
        let verdicts = is_valid_query_array(&v, column).expect("a binary column");
        let kinds = query_kind_array(&v, column).expect("a binary column");
        check(&rows, &results, &verdicts, &kinds, |b| {
            mpsd_handles::query_from_slice(b).map(|q| q.kind().as_str())
        });
    }
});

fn check(
    rows: &[Option<&[u8]>],
    results: &StructArray,
    verdicts: &arrow_array::BooleanArray,
    kinds: &arrow_array::StringArray,
    judge: impl Fn(&[u8]) -> Result<&'static str, Report>,
) {
    assert_eq!(results.len(), rows.len());
    let valid = results.column(0).as_boolean();
    let kind = results.column(1).as_string::<i32>();
    let errors = results.column(2).as_list::<i32>();
    for (i, row) in rows.iter().enumerate() {
        let Some(body) = row else {
            assert!(results.is_null(i) && verdicts.is_null(i) && kinds.is_null(i));
            continue;
        };
        let expected = judge(body);
        assert_eq!(valid.value(i), expected.is_ok());
        assert_eq!(verdicts.value(i), expected.is_ok());
        let got_kind = (!kind.is_null(i)).then(|| kind.value(i));
        assert_eq!(got_kind, expected.as_ref().ok().copied());
        assert_eq!((!kinds.is_null(i)).then(|| kinds.value(i)), got_kind);
        let list = errors.value(i);
        let list = list.as_struct();
        let report = expected.err();
        let want: Vec<(String, String, String)> = report
            .iter()
            .flat_map(|r| r.iter())
            .map(|v| {
                (
                    v.pointer().to_string(),
                    v.code().to_string(),
                    v.message().to_string(),
                )
            })
            .collect();
        let got: Vec<(String, String, String)> = (0..list.len())
            .map(|j| {
                let s = |k: usize| list.column(k).as_string::<i32>().value(j).to_owned();
                (s(0), s(1), s(2))
            })
            .collect();
        assert_eq!(got, want);
    }
}
