//! Bulk validation of Arrow columns (feature `arrow`): a column of bodies
//! (`Utf8`, `LargeUtf8`, `Utf8View`, `Binary`, `LargeBinary`, `BinaryView`,
//! or a `Dictionary` of one, as Parquet readers, Polars and categoricals
//! give) in, one result per row out, nulls kept as nulls. A valid row costs the verdict
//! pass alone (nothing allocated per row); only an invalid row is walked
//! again for its report.
//!
//! Each function has a twin for `POST /handles/query` bodies
//! (`*_query_array`), as [`Validator`] has.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, StringArray, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Fields};

use crate::report::Report;
use crate::rules::handle_type::HandleKind;
use crate::validator::Validator;

/// The two passes over one body: its kind when valid, its report when not.
#[derive(Clone, Copy)]
struct Passes {
    kind: fn(&Validator, &[u8]) -> Option<HandleKind>,
    report: fn(&Validator, &[u8]) -> Option<Report>,
}

const HANDLES: Passes = Passes {
    kind: Validator::valid_kind,
    report: |v, body| v.validate_slice(body).err(),
};

const QUERIES: Passes = Passes {
    kind: Validator::valid_query_kind,
    report: |v, body| v.validate_query_slice(body).err(),
};

/// The column types [`validate_array`] and its kin read bodies from (and
/// dictionaries of them), as a message names them.
const BODY_TYPES: &str = "Utf8, LargeUtf8, Utf8View, Binary, LargeBinary or BinaryView";

/// Whether [`validate_array`] and its kin read bodies from a column of
/// `data_type`: a string or binary type, or a dictionary of one. Lets a
/// caller refuse another column before any row is read (a SQL planner, say).
///
/// ```
/// use arrow_schema::DataType;
/// use mpsd_handles::arrow::is_body_type;
/// assert!(is_body_type(&DataType::BinaryView));
/// let dictionary = DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Binary));
/// assert!(is_body_type(&dictionary));
/// assert!(!is_body_type(&DataType::Int64));
/// ```
#[must_use]
pub fn is_body_type(data_type: &DataType) -> bool {
    match data_type {
        DataType::Utf8
        | DataType::LargeUtf8
        | DataType::Utf8View
        | DataType::Binary
        | DataType::LargeBinary
        | DataType::BinaryView => true,
        DataType::Dictionary(_, values) => {
            !matches!(**values, DataType::Dictionary(..)) && is_body_type(values)
        }
        _ => false,
    }
}

/// The most bytes one `Utf8` column of a result holds (its offsets are
/// 32-bit): past it, the batch is refused with what to do rather than the
/// builder's panic.
const MAX_TEXT: usize = i32::MAX as usize;

/// The fields of one violation: `pointer`, `code`, `message` (all `Utf8`).
#[must_use]
pub fn violation_fields() -> Fields {
    Fields::from(vec![
        Field::new("pointer", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("message", DataType::Utf8, false),
    ])
}

/// The fields of [`validate_array`]'s result: `valid` (`Boolean`), `kind`
/// (`Utf8`, null for an invalid row), `errors` (a list of
/// [`violation_fields`] structs, empty for a valid row).
#[must_use]
pub fn result_fields() -> Fields {
    let item = Field::new("item", DataType::Struct(violation_fields()), true);
    Fields::from(vec![
        Field::new("valid", DataType::Boolean, false),
        Field::new("kind", DataType::Utf8, true),
        Field::new("errors", DataType::List(Arc::new(item)), false),
    ])
}

/// Calls `f` with each row's bytes (`None` for a null row) of a string or
/// binary column, or of a dictionary of one (each row's value, looked up).
fn each_row(array: &dyn Array, mut f: impl FnMut(Option<&[u8]>)) -> Result<(), ArrowError> {
    if let Some(dictionary) = array.as_any_dictionary_opt() {
        let mut values = Vec::with_capacity(dictionary.values().len());
        each_plain_row(dictionary.values().as_ref(), |v| {
            values.push(v.map(<[u8]>::to_vec));
        })?;
        for (row, key) in dictionary.normalized_keys().into_iter().enumerate() {
            let value = if array.is_null(row) {
                None
            } else {
                values.get(key).and_then(Option::as_deref)
            };
            f(value);
        }
        return Ok(());
    }
    each_plain_row(array, f)
}

/// [`each_row`] of a string or binary column.
fn each_plain_row(array: &dyn Array, mut f: impl FnMut(Option<&[u8]>)) -> Result<(), ArrowError> {
    match array.data_type() {
        DataType::Utf8 => array
            .as_string::<i32>()
            .iter()
            .for_each(|v| f(v.map(str::as_bytes))),
        DataType::LargeUtf8 => array
            .as_string::<i64>()
            .iter()
            .for_each(|v| f(v.map(str::as_bytes))),
        DataType::Utf8View => array
            .as_string_view()
            .iter()
            .for_each(|v| f(v.map(str::as_bytes))),
        DataType::Binary => array.as_binary::<i32>().iter().for_each(f),
        DataType::LargeBinary => array.as_binary::<i64>().iter().for_each(f),
        DataType::BinaryView => array.as_binary_view().iter().for_each(f),
        other => {
            return Err(ArrowError::InvalidArgumentError(format!(
                "a column of bodies must be {BODY_TYPES} (or a dictionary of one), not {other}"
            )));
        }
    }
    Ok(())
}

/// Validates every row of a column of `POST /handles` bodies into a
/// `StructArray` of [`result_fields`]; a null row gives a null result.
///
/// ```
/// use arrow_array::{Array, StringArray, cast::AsArray};
/// use mpsd_handles::Validator;
///
/// let bodies = StringArray::from(vec![
///     Some(r#"{"version": 1, "type": "activity", "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}"#),
///     Some(r#"{"version": 2}"#),
///     None,
/// ]);
/// let results = mpsd_handles::arrow::validate_array(&Validator::new(), &bodies)?;
/// let valid = results.column(0).as_boolean();
/// assert!(valid.value(0) && !valid.value(1) && results.is_null(2));
/// assert_eq!(results.column(1).as_string::<i32>().value(0), "activity");
/// # Ok::<(), arrow_schema::ArrowError>(())
/// ```
///
/// # Errors
/// A column that is not of a string or binary type; a batch whose
/// violations pass 2 GiB of text in one result column (Arrow's 32-bit
/// offsets; the message says to validate smaller batches).
pub fn validate_array(validator: &Validator, array: &dyn Array) -> Result<StructArray, ArrowError> {
    validate_with(HANDLES, validator, array)
}

/// [`validate_array`] for a column of `POST /handles/query` bodies.
///
/// ```
/// use arrow_array::{StringArray, cast::AsArray};
/// use mpsd_handles::Validator;
///
/// let bodies = StringArray::from(vec![
///     r#"{"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "lfg", "global": true, "filter": "numbers/rank ge 5"}"#,
///     r#"{"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "lfg", "global": true, "filter": "rank ge"}"#,
/// ]);
/// let results = mpsd_handles::arrow::validate_query_array(&Validator::new(), &bodies)?;
/// assert_eq!(results.column(1).as_string::<i32>().value(0), "search");
/// let errors = results.column(2).as_list::<i32>().value(1);
/// assert_eq!(errors.as_struct().column(1).as_string::<i32>().value(0), "invalid_filter");
/// # Ok::<(), arrow_schema::ArrowError>(())
/// ```
///
/// # Errors
/// As [`validate_array`].
pub fn validate_query_array(
    validator: &Validator,
    array: &dyn Array,
) -> Result<StructArray, ArrowError> {
    validate_with(QUERIES, validator, array)
}

fn validate_with(
    passes: Passes,
    validator: &Validator,
    array: &dyn Array,
) -> Result<StructArray, ArrowError> {
    validate_within(passes, validator, array, MAX_TEXT)
}

/// [`validate_with`], with at most `max_text` bytes in a text column.
fn validate_within(
    passes: Passes,
    validator: &Validator,
    array: &dyn Array,
    max_text: usize,
) -> Result<StructArray, ArrowError> {
    let violation = || {
        StructBuilder::new(
            violation_fields(),
            vec![
                Box::new(StringBuilder::new()) as Box<dyn arrow_array::builder::ArrayBuilder>,
                Box::new(StringBuilder::new()),
                Box::new(StringBuilder::new()),
            ],
        )
    };
    let mut valid = BooleanBuilder::with_capacity(array.len());
    let mut kind = StringBuilder::with_capacity(array.len(), array.len() * 8);
    let mut errors = ListBuilder::new(violation());
    let mut nulls = arrow_buffer::NullBufferBuilder::new(array.len());
    let mut message = String::new();
    // The row whose violations would pass MAX_TEXT in a column, if any.
    let mut overflow = None;
    let mut row_number = 0usize;
    each_row(array, |row| {
        row_number += 1;
        if overflow.is_some() {
            return;
        }
        let Some(body) = row else {
            // Null through and through: a null row's `valid` is no verdict
            // (SQL's `mpsd_validate(body)['valid']` reads the child).
            valid.append_null();
            kind.append_null();
            errors.append_null();
            nulls.append_null();
            return;
        };
        nulls.append_non_null();
        if let Some(k) = (passes.kind)(validator, body) {
            valid.append_value(true);
            kind.append_value(k.as_str());
            errors.append(true);
            return;
        }
        valid.append_value(false);
        kind.append_null();
        if let Some(report) = (passes.report)(validator, body) {
            let items = errors.values();
            for v in &report {
                use std::fmt::Write;
                message.clear();
                let _ = write!(message, "{}", v.message());
                let texts = [v.pointer().as_str(), v.code().as_str(), message.as_str()];
                for (i, text) in texts.into_iter().enumerate() {
                    let Some(b) = items.field_builder::<StringBuilder>(i) else {
                        continue;
                    };
                    if b.values_slice().len().saturating_add(text.len()) > max_text {
                        overflow = Some(row_number);
                        return;
                    }
                    b.append_value(text);
                }
                items.append(true);
            }
        }
        errors.append(true);
    })?;
    if let Some(row) = overflow {
        return Err(ArrowError::InvalidArgumentError(format!(
            "the violations of the first {row} of {} rows pass 2 GiB of text in one column of the result (Arrow's 32-bit offsets): validate this column in smaller batches (a tenth of the rows, say), or ask for the verdicts alone (they have no such limit)",
            array.len()
        )));
    }
    let columns: Vec<ArrayRef> = vec![
        Arc::new(valid.finish()),
        Arc::new(kind.finish()),
        Arc::new(errors.finish()),
    ];
    StructArray::try_new(result_fields(), columns, nulls.finish())
}

/// The verdict alone for every row: a `BooleanArray`, null for a null row.
///
/// # Errors
/// A column that is not of a string or binary type.
pub fn is_valid_array(
    validator: &Validator,
    array: &dyn Array,
) -> Result<BooleanArray, ArrowError> {
    verdicts(HANDLES, validator, array, |kind| Some(kind.is_some()))
}

/// [`is_valid_array`] for a column of `POST /handles/query` bodies.
///
/// # Errors
/// A column that is not of a string or binary type.
pub fn is_valid_query_array(
    validator: &Validator,
    array: &dyn Array,
) -> Result<BooleanArray, ArrowError> {
    verdicts(QUERIES, validator, array, |kind| Some(kind.is_some()))
}

/// The handle type of every valid row (`"activity"`, `"invite"`, …): a
/// `Utf8` array, null for an invalid or null row. As fast as
/// [`is_valid_array`].
///
/// ```
/// use arrow_array::{Array, StringArray};
/// use mpsd_handles::Validator;
///
/// let bodies = StringArray::from(vec![Some(r#"{"version": 2}"#), None]);
/// let kinds = mpsd_handles::arrow::kind_array(&Validator::new(), &bodies)?;
/// assert!(kinds.is_null(0) && kinds.is_null(1));
/// # Ok::<(), arrow_schema::ArrowError>(())
/// ```
///
/// # Errors
/// A column that is not of a string or binary type.
pub fn kind_array(validator: &Validator, array: &dyn Array) -> Result<StringArray, ArrowError> {
    verdicts(HANDLES, validator, array, |kind| {
        kind.map(HandleKind::as_str)
    })
}

/// [`kind_array`] for a column of `POST /handles/query` bodies
/// (`"activity"` or `"search"`).
///
/// # Errors
/// A column that is not of a string or binary type.
pub fn query_kind_array(
    validator: &Validator,
    array: &dyn Array,
) -> Result<StringArray, ArrowError> {
    verdicts(QUERIES, validator, array, |kind| {
        kind.map(HandleKind::as_str)
    })
}

/// One value per row from the verdict pass: `answer` turns a row's kind
/// (`None`: invalid) into the value or a null; a null row gives a null.
fn verdicts<T, A>(
    passes: Passes,
    validator: &Validator,
    array: &dyn Array,
    answer: impl Fn(Option<HandleKind>) -> Option<T>,
) -> Result<A, ArrowError>
where
    A: FromIterator<Option<T>>,
{
    let mut out = Vec::with_capacity(array.len());
    each_row(array, |row| {
        out.push(row.and_then(|body| answer((passes.kind)(validator, body))));
    })?;
    Ok(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::BinaryArray;

    /// Issue 27: a batch whose messages passed 2 GiB panicked in the
    /// string builder (`byte array offset overflow`) in every route. The
    /// same check with a small limit: an error that says what to do.
    #[test]
    fn text_past_the_offsets_is_an_error_not_a_panic() {
        let bad: &[u8] = br#"{"version": 2, "a": 1, "b": 2}"#;
        let bodies = BinaryArray::from(vec![Some(bad); 50]);
        let v = Validator::new();
        let whole = validate_within(HANDLES, &v, &bodies, MAX_TEXT).unwrap();
        let messages = whole
            .column(2)
            .as_list::<i32>()
            .values()
            .as_struct()
            .column(2)
            .as_string::<i32>()
            .value_data()
            .len();
        assert!(messages > 1000);
        let error = validate_within(HANDLES, &v, &bodies, messages - 1).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("smaller batches"), "{text}");
        assert!(text.contains("first 50 of 50 rows"), "{text}");
        let error = validate_within(HANDLES, &v, &bodies, messages / 2).unwrap_err();
        assert!(error.to_string().contains("of 50 rows"), "{error}");
        assert!(validate_within(HANDLES, &v, &bodies, messages).is_ok());
    }

    /// Issue 27: a null row's `valid` was `false` (the struct was null,
    /// its child was not), so reading the child counted nulls as invalid.
    #[test]
    fn a_null_row_is_null_in_every_child() {
        let bodies = BinaryArray::from(vec![None, Some(&b"{}"[..])]);
        let out = validate_array(&Validator::new(), &bodies).unwrap();
        assert!(out.is_null(0) && out.is_valid(1));
        for column in out.columns() {
            assert!(column.is_null(0), "{:?}", column.data_type());
        }
        assert!(!out.column(0).as_boolean().value(1));
    }

    /// Issue 27: Parquet binary read by DataFusion and Polars `Binary`
    /// arrive as `BinaryView`; a row that is not UTF-8 is judged, not a
    /// failed query.
    #[test]
    fn binary_views_and_their_dictionaries_are_columns_of_bodies() {
        use arrow_array::{BinaryViewArray, DictionaryArray, types::Int32Type};
        let rows: Vec<Option<&[u8]>> = vec![Some(b"\xff{}"), None, Some(b"{}")];
        let views = BinaryViewArray::from(rows.clone());
        let plain = BinaryArray::from(rows);
        let v = Validator::new();
        assert_eq!(
            validate_array(&v, &views).unwrap(),
            validate_array(&v, &plain).unwrap()
        );
        let keys = arrow_array::Int32Array::from(vec![Some(0), Some(1), None, Some(2)]);
        let dictionary = DictionaryArray::<Int32Type>::try_new(keys, Arc::new(views)).unwrap();
        let verdicts = is_valid_array(&v, &dictionary).unwrap();
        // A key to a null value is a null row, as a null key is.
        assert_eq!(
            verdicts.iter().collect::<Vec<_>>(),
            [Some(false), None, None, Some(false)]
        );
        let codes = validate_array(&v, &dictionary).unwrap();
        let first = codes.column(2).as_list::<i32>().value(0);
        assert_eq!(
            first.as_struct().column(1).as_string::<i32>().value(0),
            "syntax_error"
        );
    }
}
