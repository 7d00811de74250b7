//! The Python module `mpsd_handles._native`: the Rust validator, re-exported
//! by the package `mpsd_handles` (`python/mpsd_handles/__init__.py`).
//!
//! A valid body becomes its dict straight from the typed model ([`to_py`]);
//! an invalid one raises `mpsd_handles.ValidationError` holding the
//! [`Report`], whose violations become dicts (and are worded) only when the
//! caller asks for them.
#![allow(missing_docs)] // PyO3 generates items; the Python API is documented in the .pyi stubs.
#![allow(clippy::doc_markdown)] // the functions' docs are their Python docstrings

use mpsd_handles::Validator;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyList, PySlice, PyString, PyType};

mod arrow;
mod build;
mod to_py;

/// A body as Python gave it: borrowed when it can be.
enum Body<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
    /// A `bytearray`, a `str` that UTF-8 cannot encode (lone surrogates,
    /// written as `surrogatepass` does, so that the validator reports them
    /// as it reports those bytes), or the first `limit + 1` characters of a
    /// `str` longer than the limit.
    Owned(Vec<u8>),
}

impl<'a> Body<'a> {
    /// `body`, read no further than needed to judge it under `validator`:
    /// a body known to be past the byte limit is cut to the limit plus one
    /// (the report is the same: the size is judged first), so that a huge
    /// one is never encoded or copied whole.
    ///
    /// Only `bytes`, `bytearray` and `str` themselves are taken, never a
    /// subclass: a subclass's `__len__`, `__getitem__` or `encode` would
    /// decide what is judged.
    fn of(body: &'a Bound<'_, PyAny>, validator: &Validator) -> PyResult<Self> {
        let past = validator.max_bytes().saturating_add(1);
        if let Ok(b) = body.cast_exact::<PyBytes>() {
            let bytes = b.as_bytes();
            return Ok(Body::Bytes(bytes.get(..past).unwrap_or(bytes)));
        }
        // `body[:limit + 1]`, made by Python: only that much is copied.
        let cut = || {
            let end = isize::try_from(past).unwrap_or(isize::MAX);
            body.get_item(PySlice::new(body.py(), 0, end, 1))
        };
        if let Ok(s) = body.cast_exact::<PyString>() {
            // Each character is at least one byte of UTF-8.
            if s.len()? >= past {
                return Ok(Body::Owned(
                    utf8(cut()?.cast::<PyString>()?)?.as_bytes().to_vec(),
                ));
            }
            return Ok(match s.to_str() {
                Ok(text) => Body::Text(text),
                Err(_) => Body::Owned(utf8(s)?.as_bytes().to_vec()),
            });
        }
        if let Ok(b) = body.cast_exact::<PyByteArray>() {
            if b.len() >= past {
                return Ok(Body::Owned(cut()?.cast::<PyByteArray>()?.to_vec()));
            }
            return Ok(Body::Owned(b.to_vec()));
        }
        let type_name = body.get_type().name()?.to_string();
        let shown = mpsd_handles::Echo::new(&type_name);
        let subclass = body.is_instance_of::<PyBytes>()
            || body.is_instance_of::<PyString>()
            || body.is_instance_of::<PyByteArray>();
        let hint = if subclass {
            " (a subclass is not taken: pass bytes(body) or str(body))"
        } else {
            ""
        };
        Err(PyTypeError::new_err(format!(
            "body must be bytes, bytearray or str, not {shown}{hint}"
        )))
    }

    fn validate(
        &self,
        validator: &Validator,
    ) -> Result<mpsd_handles::HandleRequest, mpsd_handles::Report> {
        match self {
            Body::Text(t) => validator.validate_str(t),
            _ => validator.validate_slice(self.bytes()),
        }
    }

    fn validate_query(
        &self,
        validator: &Validator,
    ) -> Result<mpsd_handles::HandleQuery, mpsd_handles::Report> {
        match self {
            Body::Text(t) => validator.validate_query_str(t),
            _ => validator.validate_query_slice(self.bytes()),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Body::Bytes(b) => b,
            Body::Text(t) => t.as_bytes(),
            Body::Owned(v) => v,
        }
    }

    /// `judge` of the body, with the GIL released while it runs when the
    /// body is at least `detach_at` bytes (no Python object is touched:
    /// `bytes` and `str` are immutable, a `bytearray` was copied).
    fn judged<T: Send>(
        &self,
        py: Python<'_>,
        detach_at: usize,
        judge: impl FnOnce(&Self) -> T + Send,
    ) -> T {
        if self.bytes().len() >= detach_at {
            py.detach(|| judge(self))
        } else {
            judge(self)
        }
    }
}

/// `is_valid` judges bodies at least this long with the GIL released.
/// Releasing and taking it back costs about what judging a small body does,
/// so a body of a few hundred bytes (every body the SDK sends) keeps it;
/// past this size two threads run side by side (1.8× one thread at 4.8 KB,
/// docs/performance.md).
const VERDICT_DETACH_AT: usize = 4 << 10;

/// `validate` judges bodies at least this long with the GIL released. It
/// then builds the dict with the GIL held, and a thread that let the GIL go
/// waits for it while the other builds: below about 25 KB two threads ran
/// slower than one (0.69× at 4.8 KB, 0.89× at 15 KB; 1.12× at 32 KB, 1.55×
/// at 55 KB, docs/performance.md).
const MODEL_DETACH_AT: usize = 32 << 10;

/// A `str` as UTF-8, lone surrogates written as `surrogatepass` does.
fn utf8<'py>(s: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyBytes>> {
    Ok(
        s.call_method1(pyo3::intern!(s.py(), "encode"), ("utf-8", "surrogatepass"))?
            .cast_into::<PyBytes>()?,
    )
}

/// The validator for the limits a call was given.
/// One limit as given: a non-negative `int` (not a `bool`, which Python
/// would take as 0 or 1), or `None` for the default.
fn limit(value: Option<&Bound<'_, PyAny>>, name: &str, default: usize) -> PyResult<usize> {
    match value {
        None => Ok(default),
        Some(v) if v.is_none() => Ok(default),
        Some(v) if v.is_instance_of::<PyBool>() => Err(PyTypeError::new_err(format!(
            "{name} must be an int, not bool"
        ))),
        // A negative one is an OverflowError, a non-int a TypeError (PyO3's).
        Some(v) => v.extract::<usize>(),
    }
}

pub(crate) fn limits(
    max_bytes: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
) -> PyResult<Validator> {
    Ok(Validator::new()
        .with_max_bytes(limit(max_bytes, "max_bytes", Validator::DEFAULT_MAX_BYTES)?)
        .with_max_depth(limit(max_depth, "max_depth", Validator::DEFAULT_MAX_DEPTH)?))
}

/// The violations of an invalid body, as `mpsd_handles.ValidationError`
/// holds them until asked, with the body (as judged: at most the limit
/// plus one byte) to find where each is.
#[pyclass(frozen, module = "mpsd_handles._native")]
struct Report(mpsd_handles::Report, Box<[u8]>);

#[pymethods]
impl Report {
    /// Every violation as a dict of `pointer`, `code`, `message`, and the
    /// 1-based `line` and `column` (characters) in the body, or `None`.
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        use std::fmt::Write;
        let list = PyList::empty(py);
        let mut message = String::new();
        for located in self.0.locate(&self.1) {
            let v = located.violation();
            let at = located.location();
            let dict = PyDict::new(py);
            dict.set_item(pyo3::intern!(py, "pointer"), v.pointer().as_str())?;
            // Codes are few and static: made once, like member names.
            dict.set_item(pyo3::intern!(py, "code"), to_py::key(py, v.code().as_str()))?;
            message.clear();
            // Writing to a String cannot fail.
            let _ = write!(message, "{}", v.message());
            dict.set_item(pyo3::intern!(py, "message"), message.as_str())?;
            dict.set_item(
                pyo3::intern!(py, "line"),
                at.map(mpsd_handles::Location::line),
            )?;
            dict.set_item(
                pyo3::intern!(py, "column"),
                at.map(mpsd_handles::Location::column),
            )?;
            list.append(dict)?;
        }
        Ok(list)
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        let n = self.0.len();
        format!("<Report: {n} violation{}>", if n == 1 { "" } else { "s" })
    }

    /// One violation per line, `POINTER: message [code]`, the pointer
    /// escaped as the Rust crate's `Display` writes it.
    fn __str__(&self) -> String {
        self.0.to_string()
    }
}

/// `mpsd_handles.ValidationError(report)`, not raised.
fn validation_error<'py>(
    py: Python<'py>,
    report: mpsd_handles::Report,
    body: &[u8],
) -> PyResult<Bound<'py, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    CLASS
        .import(py, "mpsd_handles", "ValidationError")?
        .call1((Report(report, body.into()),))
}

fn answer<'py, T>(
    py: Python<'py>,
    result: Result<T, mpsd_handles::Report>,
    body: &[u8],
    build: fn(Python<'py>, &T) -> PyResult<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    match result {
        Ok(model) => build(py, &model),
        Err(report) => Err(PyErr::from_value(validation_error(py, report, body)?)),
    }
}

/// The body as a dict (the typed model written back as JSON) when valid;
/// raises ValidationError with every violation otherwise. `body` is bytes,
/// bytearray or str; `max_bytes` and `max_depth` are the limits.
#[pyfunction]
#[pyo3(
    signature = (body, *, max_bytes = None, max_depth = None),
    text_signature = "(body, *, max_bytes=65536, max_depth=32)"
)]
fn validate<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    max_bytes: Option<&Bound<'py, PyAny>>,
    max_depth: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let validator = limits(max_bytes, max_depth)?;
    let body = Body::of(body, &validator)?;
    let result = body.judged(py, MODEL_DETACH_AT, |b| b.validate(&validator));
    answer(py, result, body.bytes(), build::request)
}

/// Whether the body is valid; stops at the first violation.
#[pyfunction]
#[pyo3(
    signature = (body, *, max_bytes = None, max_depth = None),
    text_signature = "(body, *, max_bytes=65536, max_depth=32)"
)]
fn is_valid(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    max_bytes: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let validator = limits(max_bytes, max_depth)?;
    let body = Body::of(body, &validator)?;
    Ok(body.judged(py, VERDICT_DETACH_AT, |b| validator.is_valid(b.bytes())))
}

/// The query body (POST /handles/query) as a dict when valid; raises
/// ValidationError with every violation otherwise.
#[pyfunction]
#[pyo3(
    signature = (body, *, max_bytes = None, max_depth = None),
    text_signature = "(body, *, max_bytes=65536, max_depth=32)"
)]
fn validate_query<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    max_bytes: Option<&Bound<'py, PyAny>>,
    max_depth: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let validator = limits(max_bytes, max_depth)?;
    let body = Body::of(body, &validator)?;
    let result = body.judged(py, MODEL_DETACH_AT, |b| b.validate_query(&validator));
    answer(py, result, body.bytes(), build::query)
}

/// Whether the query body (POST /handles/query) is valid.
#[pyfunction]
#[pyo3(
    signature = (body, *, max_bytes = None, max_depth = None),
    text_signature = "(body, *, max_bytes=65536, max_depth=32)"
)]
fn is_valid_query(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    max_bytes: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
) -> PyResult<bool> {
    let validator = limits(max_bytes, max_depth)?;
    let body = Body::of(body, &validator)?;
    Ok(body.judged(py, VERDICT_DETACH_AT, |b| {
        validator.is_valid_query(b.bytes())
    }))
}

/// validate() of every body, without holding the GIL while validating:
/// each result is the body as a dict, or the ValidationError (not raised).
#[pyfunction]
#[pyo3(
    signature = (bodies, *, max_bytes = None, max_depth = None),
    text_signature = "(bodies, *, max_bytes=65536, max_depth=32)"
)]
fn validate_many<'py>(
    py: Python<'py>,
    bodies: &Bound<'py, PyAny>,
    max_bytes: Option<&Bound<'py, PyAny>>,
    max_depth: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let validator = limits(max_bytes, max_depth)?;
    // A single body, or a mapping, is not a list of bodies (iterating it
    // would judge its characters or its keys).
    if bodies.is_instance_of::<PyString>()
        || bodies.is_instance_of::<PyBytes>()
        || bodies.is_instance_of::<PyByteArray>()
        || bodies.is_instance_of::<PyDict>()
    {
        let type_name = bodies.get_type().name()?.to_string();
        return Err(PyTypeError::new_err(format!(
            "bodies must be an iterable of bodies (a list of bytes or str), not {}",
            mpsd_handles::Echo::new(&type_name)
        )));
    }
    // Copies, to validate without the GIL (each at most the limit plus one
    // byte: `Body::of` cuts a longer one).
    let mut owned: Vec<Vec<u8>> = Vec::new();
    for body in bodies.try_iter()? {
        let body = body?;
        owned.push(Body::of(&body, &validator)?.bytes().to_vec());
    }
    let results: Vec<_> = py.detach(|| owned.iter().map(|b| validator.validate_slice(b)).collect());
    let list = PyList::empty(py);
    for (result, body) in results.into_iter().zip(&owned) {
        list.append(match result {
            Ok(request) => build::request(py, &request)?,
            Err(report) => validation_error(py, report, body)?,
        })?;
    }
    Ok(list)
}

/// The model's own `Serialize` output for `body` (a query's when `query`),
/// the dict `validate` built before it built dicts member by member: kept
/// for the package's tests, which hold the two to the same keys, order and
/// values. Not part of the API.
#[pyfunction]
#[pyo3(signature = (body, *, query = false))]
fn _serde_reference<'py>(
    py: Python<'py>,
    body: &Bound<'py, PyAny>,
    query: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let validator = Validator::new();
    let body = Body::of(body, &validator)?;
    if query {
        answer(
            py,
            body.validate_query(&validator),
            body.bytes(),
            |py, q| to_py::to_py(py, q),
        )
    } else {
        answer(py, body.validate(&validator), body.bytes(), |py, r| {
            to_py::to_py(py, r)
        })
    }
}

/// The JSON Schema of a request body: draft "2020-12" or "07".
#[pyfunction]
#[pyo3(signature = (draft = "2020-12"))]
fn schema(draft: &str) -> PyResult<String> {
    let draft = match draft {
        "2020-12" => mpsd_handles::schema::Draft::Draft2020_12,
        "07" => mpsd_handles::schema::Draft::Draft07,
        other => {
            let shown = mpsd_handles::Echo::new(other);
            return Err(PyValueError::new_err(format!(
                "unknown draft {shown:#} (\"2020-12\" or \"07\")"
            )));
        }
    };
    Ok(mpsd_handles::schema::to_string_pretty(draft))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(validate, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(validate_query, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid_query, m)?)?;
    m.add_function(wrap_pyfunction!(validate_many, m)?)?;
    m.add_function(wrap_pyfunction!(_serde_reference, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::validate_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::validate_query_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::is_valid_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::is_valid_query_arrow, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DEFAULT_MAX_BYTES", Validator::DEFAULT_MAX_BYTES)?;
    m.add("DEFAULT_MAX_DEPTH", Validator::DEFAULT_MAX_DEPTH)?;
    Ok(())
}
