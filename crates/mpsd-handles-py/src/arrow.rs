//! `validate_arrow` and its kin: a column of bodies from any Arrow producer
//! (pyarrow, polars, duckdb, ...), taken through the Arrow C data (or
//! stream) interface without a copy, judged by the library's
//! [`mpsd_handles::arrow`] functions with the GIL released, and given back
//! as pyarrow.

use std::sync::Arc;

use arrow_buffer::{BooleanBuffer, Buffer, NullBuffer};
use arrow_data::ArrayData;
use arrow_schema::{ArrowError, DataType};
use mpsd_handles::Validator;
use mpsd_handles::arrow as columns;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyArray;
use pyo3_arrow::{PyArray, PyChunkedArray};

use crate::limits;

type ArrowFn = fn(&Validator, &dyn arrow_array::Array) -> Result<arrow_array::ArrayRef, String>;

/// `bodies` as an Arrow array or stream: a `TypeError` for an object that
/// exports neither (pyo3-arrow would also take the buffer protocol, which
/// `bytes` has, and answer a `ValueError`).
fn arrow_input(bodies: &Bound<'_, PyAny>) -> PyResult<AnyArray> {
    let py = bodies.py();
    if !bodies.hasattr(pyo3::intern!(py, "__arrow_c_array__"))?
        && !bodies.hasattr(pyo3::intern!(py, "__arrow_c_stream__"))?
    {
        let type_name = bodies.get_type().name()?.to_string();
        return Err(PyTypeError::new_err(format!(
            "bodies must be an Arrow array or stream (an object with __arrow_c_array__ or __arrow_c_stream__: a pyarrow Array or ChunkedArray, a polars Series, ...), not {}",
            mpsd_handles::Echo::new(&type_name)
        )));
    }
    // A capsule already imported once (its release callback gone) makes
    // arrow-rs assert: a ValueError, not a PanicException that `except
    // Exception` misses.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| bodies.extract()))
        .unwrap_or_else(|_| Err(released()))
}

/// The error for an Arrow capsule that cannot be imported (already used).
fn released() -> PyErr {
    PyValueError::new_err(
        "bodies: the Arrow capsule could not be imported (a capsule can be consumed once: was it used before?)",
    )
}

/// One of the four functions: which library function judges a chunk.
fn run<'py>(
    py: Python<'py>,
    bodies: &Bound<'py, PyAny>,
    validator: Validator,
    (judge, answer): (ArrowFn, DataType),
) -> PyResult<Bound<'py, PyAny>> {
    // A column from another library is memory that library describes, and
    // another Python thread may change it (a pyarrow array over a
    // `bytearray`, say) once the GIL is released: it is copied into memory
    // of this module's own first, with the GIL held, and checked whole as
    // it is rebuilt (offsets that go back or past the end the last one
    // gives, views outside their buffers, the UTF-8 of a string column).
    // Only the copy is read without the GIL. The C data interface carries
    // no buffer lengths (they follow from the offsets), so the producer is
    // trusted for those.
    let checked = |chunk: &arrow_array::ArrayRef| -> PyResult<arrow_array::ArrayRef> {
        owned_copy(chunk)
            .map_err(|e| PyValueError::new_err(format!("not a well-formed Arrow array: {e}")))
    };
    let judged = |chunk: arrow_array::ArrayRef| -> PyResult<arrow_array::ArrayRef> {
        py.detach(|| judge(&validator, chunk.as_ref()))
            .map_err(PyValueError::new_err)
    };
    match arrow_input(bodies)? {
        AnyArray::Array(array) => {
            let (array, _) = array.into_inner();
            let out = judged(checked(&array)?)?;
            // pyarrow.array(x) takes x through its __arrow_c_array__.
            py.import(pyo3::intern!(py, "pyarrow"))?
                .getattr(pyo3::intern!(py, "array"))?
                .call1((PyArray::from_array_ref(out),))
        }
        AnyArray::Stream(stream) => {
            let reader =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| stream.into_reader()))
                    .unwrap_or_else(|_| Err(released()))?;
            let mut chunks = Vec::new();
            for chunk in reader {
                let chunk = chunk.map_err(|e| PyValueError::new_err(e.to_string()))?;
                chunks.push(judged(checked(&chunk)?)?);
            }
            let field = Arc::new(arrow_schema::Field::new("", answer, true));
            PyChunkedArray::try_new(chunks, field)?.into_pyarrow(py)
        }
    }
}

/// `array` in buffers of this module's own, checked whole as it is built.
/// An empty array is a new empty one: arrow-rs imports an empty slice at a
/// non-zero offset with an empty values buffer, which its own check then
/// calls malformed.
fn owned_copy(array: &arrow_array::ArrayRef) -> Result<arrow_array::ArrayRef, ArrowError> {
    if array.is_empty() {
        return Ok(arrow_array::new_empty_array(array.data_type()));
    }
    let data = array.to_data();
    match copy_data(&data, data.data_type()) {
        Ok(copy) => Ok(arrow_array::make_array(copy)),
        // Strings that are not all UTF-8 (Spark's strings are unchecked
        // bytes) are read as the binary column of the same layout: each
        // row is judged, one that is not UTF-8 a syntax error, instead of
        // the whole column refused.
        Err(e) => {
            let binary = match data.data_type() {
                DataType::Utf8 => DataType::Binary,
                DataType::LargeUtf8 => DataType::LargeBinary,
                DataType::Utf8View => DataType::BinaryView,
                _ => return Err(e),
            };
            copy_data(&data, &binary).map(arrow_array::make_array)
        }
    }
}

fn copy_data(data: &ArrayData, data_type: &DataType) -> Result<ArrayData, ArrowError> {
    let copy = |b: &Buffer| Buffer::from_slice_ref(b.as_slice());
    let children = data
        .child_data()
        .iter()
        .map(|child| copy_data(child, child.data_type()))
        .collect::<Result<Vec<_>, _>>()?;
    let nulls = data
        .nulls()
        .map(|n| NullBuffer::new(BooleanBuffer::new(copy(n.buffer()), n.offset(), n.len())));
    // `build` validates the whole: layout, offsets, views, UTF-8.
    ArrayData::builder(data_type.clone())
        .len(data.len())
        .offset(data.offset())
        .nulls(nulls)
        .buffers(data.buffers().iter().map(copy).collect())
        .child_data(children)
        .build()
}

macro_rules! arrow_fn {
    ($(#[$doc:meta])* $name:ident, $judge:path, $answer:expr) => {
        $(#[$doc])*
        #[pyfunction]
        #[pyo3(
            signature = (bodies, *, max_bytes = None, max_depth = None),
            text_signature = "(bodies, *, max_bytes=65536, max_depth=32)"
        )]
        pub(crate) fn $name<'py>(
            py: Python<'py>,
            bodies: &Bound<'py, PyAny>,
            max_bytes: Option<&Bound<'py, PyAny>>,
            max_depth: Option<&Bound<'py, PyAny>>,
        ) -> PyResult<Bound<'py, PyAny>> {
            let validator = limits(max_bytes, max_depth)?;
            let judge: ArrowFn = |v, a| {
                $judge(v, a)
                    .map(|out| Arc::new(out) as arrow_array::ArrayRef)
                    .map_err(|e| e.to_string())
            };
            run(py, bodies, validator, (judge, $answer))
        }
    };
}

arrow_fn!(
    /// Every body of an Arrow string or binary column (anything with
    /// __arrow_c_array__ or __arrow_c_stream__) judged: a pyarrow
    /// StructArray (a ChunkedArray for a stream) of {valid, kind, errors:
    /// list<{pointer, code, message}>}, null where the body is null.
    validate_arrow,
    columns::validate_array,
    DataType::Struct(columns::result_fields())
);
arrow_fn!(
    /// validate_arrow for POST /handles/query bodies.
    validate_query_arrow,
    columns::validate_query_array,
    DataType::Struct(columns::result_fields())
);
arrow_fn!(
    /// The verdict alone for every body of an Arrow column: a pyarrow
    /// BooleanArray (a ChunkedArray for a stream), null where the body is null.
    is_valid_arrow,
    columns::is_valid_array,
    DataType::Boolean
);
arrow_fn!(
    /// is_valid_arrow for POST /handles/query bodies.
    is_valid_query_arrow,
    columns::is_valid_query_array,
    DataType::Boolean
);
