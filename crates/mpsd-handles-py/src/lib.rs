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
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyType};

mod to_py;

/// A body as Python gave it: borrowed when it can be.
enum Body<'a> {
    Bytes(&'a [u8]),
    Text(&'a str),
    /// A `bytearray`, or a `str` that UTF-8 cannot encode (lone
    /// surrogates, written as `surrogatepass` does, so that the validator
    /// reports them as it reports those bytes).
    Owned(Vec<u8>),
}

/// More bytes than the byte limit allows: what a body known to be too
/// large is validated as, instead of being encoded or copied first (the
/// report is the same: the size is checked before anything else). Zeroes,
/// so it costs no space in the binary.
static OVERSIZE: [u8; Validator::DEFAULT_MAX_BYTES + 1] = [0; Validator::DEFAULT_MAX_BYTES + 1];

impl<'a> Body<'a> {
    fn of(body: &'a Bound<'_, PyAny>) -> PyResult<Self> {
        if let Ok(b) = body.cast::<PyBytes>() {
            return Ok(Body::Bytes(b.as_bytes()));
        }
        if let Ok(s) = body.cast::<PyString>() {
            // Each character is at least one byte in UTF-8: a string with
            // more characters than the limit allows bytes is too large
            // whatever it holds, and is not encoded.
            if s.len()? > Validator::DEFAULT_MAX_BYTES {
                return Ok(Body::Bytes(&OVERSIZE));
            }
            if let Ok(text) = s.to_str() {
                return Ok(Body::Text(text));
            }
            let encoded =
                s.call_method1(pyo3::intern!(s.py(), "encode"), ("utf-8", "surrogatepass"))?;
            return Ok(Body::Owned(encoded.cast::<PyBytes>()?.as_bytes().to_vec()));
        }
        if let Ok(b) = body.cast::<PyByteArray>() {
            if b.len() > Validator::DEFAULT_MAX_BYTES {
                return Ok(Body::Bytes(&OVERSIZE));
            }
            return Ok(Body::Owned(b.to_vec()));
        }
        let type_name = body.get_type().name()?;
        Err(PyTypeError::new_err(format!(
            "body must be bytes, bytearray or str, not {type_name}"
        )))
    }

    fn validate(&self) -> Result<mpsd_handles::HandleRequest, mpsd_handles::Report> {
        match self {
            Body::Text(t) => mpsd_handles::from_str(t),
            _ => mpsd_handles::from_slice(self.bytes()),
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Body::Bytes(b) => b,
            Body::Text(t) => t.as_bytes(),
            Body::Owned(v) => v,
        }
    }
}

/// The violations of an invalid body, as `mpsd_handles.ValidationError`
/// holds them until asked.
#[pyclass(frozen, module = "mpsd_handles._native")]
struct Report(mpsd_handles::Report);

#[pymethods]
impl Report {
    /// Every violation as a dict of `pointer`, `code` and `message`.
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        use std::fmt::Write;
        let list = PyList::empty(py);
        let mut message = String::new();
        for v in &self.0 {
            let dict = PyDict::new(py);
            dict.set_item(pyo3::intern!(py, "pointer"), v.pointer().as_str())?;
            // Codes are few and static: made once, like member names.
            dict.set_item(pyo3::intern!(py, "code"), to_py::key(py, v.code().as_str()))?;
            message.clear();
            // Writing to a String cannot fail.
            let _ = write!(message, "{}", v.message());
            dict.set_item(pyo3::intern!(py, "message"), message.as_str())?;
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
fn validation_error(py: Python<'_>, report: mpsd_handles::Report) -> PyResult<Bound<'_, PyAny>> {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    CLASS
        .import(py, "mpsd_handles", "ValidationError")?
        .call1((Report(report),))
}

fn answer(
    py: Python<'_>,
    result: Result<mpsd_handles::HandleRequest, mpsd_handles::Report>,
) -> PyResult<Bound<'_, PyAny>> {
    match result {
        Ok(request) => to_py::to_py(py, &request),
        Err(report) => Err(PyErr::from_value(validation_error(py, report)?)),
    }
}

/// validate(body: bytes | bytearray | str) -> dict
/// --
///
/// The body as a dict (the typed model written back as JSON) when valid;
/// raises ValidationError with every violation otherwise.
#[pyfunction]
fn validate<'py>(py: Python<'py>, body: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    answer(py, Body::of(body)?.validate())
}

/// is_valid(body: bytes | bytearray | str) -> bool
/// --
///
/// Whether the body is valid; stops at the first violation.
#[pyfunction]
fn is_valid(body: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(mpsd_handles::is_valid(Body::of(body)?.bytes()))
}

/// validate_many(bodies: Iterable[bytes | bytearray | str]) -> list[dict | ValidationError]
/// --
///
/// validate() of every body, without holding the GIL while validating:
/// each result is the body as a dict, or the ValidationError (not raised).
#[pyfunction]
fn validate_many<'py>(py: Python<'py>, bodies: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    // Copies, to validate without the GIL; a body past the limit is not
    // copied (`None`): any oversize bytes get its report.
    let mut owned: Vec<Option<Vec<u8>>> = Vec::new();
    for body in bodies.try_iter()? {
        let body = body?;
        let body = Body::of(&body)?;
        let bytes = body.bytes();
        owned.push((bytes.len() <= Validator::DEFAULT_MAX_BYTES).then(|| bytes.to_vec()));
    }
    let results: Vec<_> = py.detach(|| {
        owned
            .iter()
            .map(|b| mpsd_handles::from_slice(b.as_deref().unwrap_or(&OVERSIZE)))
            .collect()
    });
    let list = PyList::empty(py);
    for result in results {
        list.append(match result {
            Ok(request) => to_py::to_py(py, &request)?,
            Err(report) => validation_error(py, report)?,
        })?;
    }
    Ok(list)
}

/// schema(draft: str = "2020-12") -> str
/// --
///
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
    m.add_function(wrap_pyfunction!(validate_many, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
