//! Bulk validation of Arrow columns (feature `arrow`): a column of bodies
//! (`Utf8`, `LargeUtf8`, `Utf8View`, `Binary`, `LargeBinary`) in, one
//! result per row out, nulls kept as nulls. A valid row costs the verdict
//! pass alone (nothing allocated per row); only an invalid row is walked
//! again for its report.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, ListBuilder, StringBuilder, StructBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{Array, ArrayRef, BooleanArray, StructArray};
use arrow_schema::{ArrowError, DataType, Field, Fields};

use crate::validator::Validator;

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
/// binary column.
fn each_row(array: &dyn Array, mut f: impl FnMut(Option<&[u8]>)) -> Result<(), ArrowError> {
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
        other => {
            return Err(ArrowError::InvalidArgumentError(format!(
                "a column of bodies must be Utf8, LargeUtf8, Utf8View, Binary or LargeBinary, not {other}"
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
/// A column that is not of a string or binary type.
pub fn validate_array(validator: &Validator, array: &dyn Array) -> Result<StructArray, ArrowError> {
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
    each_row(array, |row| {
        let Some(body) = row else {
            valid.append_value(false);
            kind.append_null();
            errors.append(true);
            nulls.append_null();
            return;
        };
        nulls.append_non_null();
        if let Some(k) = validator.valid_kind(body) {
            valid.append_value(true);
            kind.append_value(k.as_str());
            errors.append(true);
            return;
        }
        valid.append_value(false);
        kind.append_null();
        if let Err(report) = validator.validate_slice(body) {
            let items = errors.values();
            for v in &report {
                use std::fmt::Write;
                message.clear();
                let _ = write!(message, "{}", v.message());
                if let Some(b) = items.field_builder::<StringBuilder>(0) {
                    b.append_value(v.pointer().as_str());
                }
                if let Some(b) = items.field_builder::<StringBuilder>(1) {
                    b.append_value(v.code().as_str());
                }
                if let Some(b) = items.field_builder::<StringBuilder>(2) {
                    b.append_value(&message);
                }
                items.append(true);
            }
        }
        errors.append(true);
    })?;
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
    let mut out = BooleanBuilder::with_capacity(array.len());
    each_row(array, |row| match row {
        Some(body) => out.append_value(validator.is_valid(body)),
        None => out.append_null(),
    })?;
    Ok(out.finish())
}
