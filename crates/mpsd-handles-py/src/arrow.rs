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
    // of this module's own first, with the GIL held (a memcpy per buffer),
    // and only the copy is checked whole and judged, without the GIL. The
    // C data interface carries no buffer lengths (they follow from the
    // offsets), so the producer is trusted for those.
    let judged = |chunk: &arrow_array::ArrayRef| -> PyResult<arrow_array::ArrayRef> {
        let copied = Copied::of(chunk);
        py.detach(|| {
            let chunk = copied
                .build()
                .map_err(|e| format!("not a well-formed Arrow array: {e}"))?;
            judge(&validator, chunk.as_ref())
        })
        .map_err(PyValueError::new_err)
    };
    match arrow_input(bodies)? {
        AnyArray::Array(array) => {
            let (array, _) = array.into_inner();
            let out = judged(&array)?;
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
                chunks.push(judged(&chunk)?);
            }
            let field = Arc::new(arrow_schema::Field::new("", answer, true));
            PyChunkedArray::try_new(chunks, field)?.into_pyarrow(py)
        }
    }
}

/// A column's parts copied into buffers of this module's own, not yet
/// checked: copied with the GIL held (nothing else can change them then),
/// checked without it ([`Copied::build`]).
struct Copied {
    data_type: DataType,
    len: usize,
    offset: usize,
    nulls: Option<NullBuffer>,
    buffers: Vec<Buffer>,
    children: Vec<Copied>,
}

impl Copied {
    /// `array`'s buffers copied (a memcpy each), typed as its binary twin:
    /// the bodies are judged as bytes either way, so a string column needs
    /// no UTF-8 check, and one that is not all UTF-8 (Spark's strings are
    /// unchecked bytes) is judged row by row, each such row a syntax
    /// error, instead of refused whole.
    fn of(array: &arrow_array::ArrayRef) -> Self {
        Self::of_data(&array.to_data())
    }

    fn of_data(data: &ArrayData) -> Self {
        if let Some(rows) = Self::rows_of(data) {
            return rows;
        }
        let copy = |b: &Buffer| Buffer::from_slice_ref(b.as_slice());
        Copied {
            data_type: binary_twin(data.data_type()),
            len: data.len(),
            offset: data.offset(),
            nulls: data.nulls().map(|n| {
                NullBuffer::new(BooleanBuffer::new(copy(n.buffer()), n.offset(), n.len()))
            }),
            buffers: data.buffers().iter().map(copy).collect(),
            children: data.child_data().iter().map(Self::of_data).collect(),
        }
    }

    /// An offset-indexed column (strings and binaries, 32- or 64-bit
    /// offsets) copied as its rows only: its offsets from the first row
    /// to past the last, rebased to 0, and the bytes between. A slice of
    /// a large column costs its own size, not the column's (copying whole
    /// buffers made judging a column slice by slice quadratic). `None`
    /// for any other layout, or offsets that do not describe a range of
    /// the values buffer (the whole copy is then made, and its check
    /// refuses them).
    fn rows_of(data: &ArrayData) -> Option<Self> {
        let width = match data.data_type() {
            DataType::Utf8 | DataType::Binary => 4,
            DataType::LargeUtf8 | DataType::LargeBinary => 8,
            _ => return None,
        };
        // Read byte by byte: an imported buffer need not be aligned.
        let at = |bytes: &[u8], i: usize| -> Option<i64> {
            let b = bytes.get(i.checked_mul(width)?..i.checked_add(1)?.checked_mul(width)?)?;
            Some(match width {
                4 => i64::from(i32::from_le_bytes(b.try_into().ok()?)),
                _ => i64::from_le_bytes(b.try_into().ok()?),
            })
        };
        let offsets = data.buffers().first()?.as_slice();
        let values = data.buffers().get(1)?.as_slice();
        let (first, rows) = (data.offset(), data.len());
        // The offsets the rows need are there (so what is allocated below
        // is bounded by a buffer that exists, whatever length is claimed).
        let needed = first
            .checked_add(rows)?
            .checked_add(1)?
            .checked_mul(width)?;
        if offsets.len() < needed {
            return None;
        }
        let start = at(offsets, first)?;
        let end = at(offsets, first.checked_add(rows)?)?;
        let bytes = values.get(usize::try_from(start).ok()?..usize::try_from(end).ok()?)?;
        let mut rebased = Vec::with_capacity(needed - first * width);
        for i in first..=first + rows {
            let offset = at(offsets, i)?.checked_sub(start)?;
            match width {
                4 => rebased.extend_from_slice(&i32::try_from(offset).ok()?.to_le_bytes()),
                _ => rebased.extend_from_slice(&offset.to_le_bytes()),
            }
        }
        Some(Copied {
            data_type: binary_twin(data.data_type()),
            len: rows,
            offset: 0,
            nulls: data
                .nulls()
                .map(|n| NullBuffer::new(BooleanBuffer::new(n.inner().sliced(), 0, rows))),
            buffers: vec![Buffer::from_vec(rebased), Buffer::from_slice_ref(bytes)],
            children: Vec::new(),
        })
    }

    /// The array, checked whole as it is built (layout, offsets going
    /// back or past the end the last one gives, views outside their
    /// buffers). An empty array is a new empty one: arrow-rs imports an
    /// empty slice at a non-zero offset with an empty values buffer, which
    /// its own check then calls malformed.
    fn build(self) -> Result<arrow_array::ArrayRef, ArrowError> {
        if self.len == 0 {
            return Ok(arrow_array::new_empty_array(&self.data_type));
        }
        self.build_data().map(arrow_array::make_array)
    }

    fn build_data(self) -> Result<ArrayData, ArrowError> {
        let children = self
            .children
            .into_iter()
            .map(Self::build_data)
            .collect::<Result<Vec<_>, _>>()?;
        ArrayData::builder(self.data_type)
            .len(self.len)
            .offset(self.offset)
            .nulls(self.nulls)
            .buffers(self.buffers)
            .child_data(children)
            .build()
    }
}

/// The binary type of a string type's layout (and a dictionary's values
/// likewise); any other type as it is.
fn binary_twin(data_type: &DataType) -> DataType {
    match data_type {
        DataType::Utf8 => DataType::Binary,
        DataType::LargeUtf8 => DataType::LargeBinary,
        DataType::Utf8View => DataType::BinaryView,
        DataType::Dictionary(keys, values) => {
            DataType::Dictionary(keys.clone(), Box::new(binary_twin(values)))
        }
        other => other.clone(),
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
