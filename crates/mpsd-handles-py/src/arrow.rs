//! `validate_arrow` and its kin: a column of bodies from any Arrow producer
//! (pyarrow, polars, duckdb, ...), taken through the Arrow C data (or
//! stream) interface without a copy, judged by the library's
//! [`mpsd_handles::arrow`] functions with the GIL released, and given back
//! as pyarrow.

use std::sync::Arc;

use arrow_schema::DataType;
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
    bodies.extract()
}

/// One of the four functions: which library function judges a chunk.
fn run<'py>(
    py: Python<'py>,
    bodies: &Bound<'py, PyAny>,
    validator: Validator,
    (judge, answer): (ArrowFn, DataType),
) -> PyResult<Bound<'py, PyAny>> {
    // A column from another library is memory that library describes. The
    // C data interface carries no buffer lengths (they follow from the
    // offsets), so the producer is trusted for those; what can be checked
    // is checked whole before a row is read: offsets that go back or past
    // the end the last one gives, views outside their buffers, and the
    // UTF-8 of a string column.
    // An empty chunk has no row to read, and is not checked: arrow-rs
    // imports an empty slice at a non-zero offset with an empty values
    // buffer, which its own check then calls malformed.
    let checked = |chunk: &arrow_array::ArrayRef| -> PyResult<arrow_array::ArrayRef> {
        if !chunk.is_empty() {
            chunk.to_data().validate_full().map_err(|e| {
                PyValueError::new_err(format!("not a well-formed Arrow array: {e}"))
            })?;
        }
        judge(&validator, chunk.as_ref()).map_err(PyValueError::new_err)
    };
    match arrow_input(bodies)? {
        AnyArray::Array(array) => {
            let (array, _) = array.into_inner();
            let out = py.detach(|| checked(&array))?;
            // pyarrow.array(x) takes x through its __arrow_c_array__.
            py.import(pyo3::intern!(py, "pyarrow"))?
                .getattr(pyo3::intern!(py, "array"))?
                .call1((PyArray::from_array_ref(out),))
        }
        AnyArray::Stream(stream) => {
            let reader = stream.into_reader()?;
            let mut chunks = Vec::new();
            for chunk in reader {
                let chunk = chunk.map_err(|e| PyValueError::new_err(e.to_string()))?;
                chunks.push(py.detach(|| checked(&chunk))?);
            }
            let field = Arc::new(arrow_schema::Field::new("", answer, true));
            PyChunkedArray::try_new(chunks, field)?.into_pyarrow(py)
        }
    }
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
