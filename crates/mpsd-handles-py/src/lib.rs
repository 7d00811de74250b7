//! The Python module `mpsd_handles._native`: the Rust validator, called by
//! the pure-Python wrapper in `python/mpsd_handles/__init__.py`.
#![allow(missing_docs)] // PyO3 generates items; the Python API is documented in the .pyi stubs.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// One violation as `(pointer, code, message)`.
type Error = (String, String, String);

/// A body's bytes: `bytes` or `str`.
fn body_bytes(body: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(b) = body.cast::<PyBytes>() {
        return Ok(b.as_bytes().to_vec());
    }
    if let Ok(s) = body.cast::<PyString>() {
        return Ok(s.to_str()?.as_bytes().to_vec());
    }
    Err(PyTypeError::new_err("body must be bytes or str"))
}

/// `Ok(model as JSON text)` or every violation.
fn check_bytes(bytes: &[u8]) -> Result<String, Vec<Error>> {
    match mpsd_handles::from_slice(bytes) {
        Ok(request) => Ok(serde_json::to_string(&request).unwrap_or_default()),
        Err(report) => Err(report
            .iter()
            .map(|v| {
                (
                    v.pointer().as_str().to_owned(),
                    v.code().as_str().to_owned(),
                    v.message().to_string(),
                )
            })
            .collect()),
    }
}

/// `(True, json_text)` for a valid body, `(False, [(pointer, code, message)])` otherwise.
#[pyfunction]
fn check(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<(bool, Py<PyAny>)> {
    let bytes = body_bytes(body)?;
    Ok(match check_bytes(&bytes) {
        Ok(text) => (true, text.into_pyobject(py)?.into_any().unbind()),
        Err(errors) => (false, errors.into_pyobject(py)?.into_any().unbind()),
    })
}

/// Whether the body is valid (stops at the first violation).
#[pyfunction]
fn is_valid(body: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(mpsd_handles::is_valid(&body_bytes(body)?))
}

/// [`check`] of every body, the validation done without the GIL.
#[pyfunction]
#[allow(clippy::needless_pass_by_value)] // PyO3 hands arguments over by value
fn check_many(py: Python<'_>, bodies: Vec<Bound<'_, PyAny>>) -> PyResult<Vec<(bool, Py<PyAny>)>> {
    let all: Vec<Vec<u8>> = bodies.iter().map(body_bytes).collect::<PyResult<_>>()?;
    let results: Vec<Result<String, Vec<Error>>> =
        py.detach(|| all.iter().map(|b| check_bytes(b)).collect());
    results
        .into_iter()
        .map(|r| {
            Ok(match r {
                Ok(text) => (true, text.into_pyobject(py)?.into_any().unbind()),
                Err(errors) => (false, errors.into_pyobject(py)?.into_any().unbind()),
            })
        })
        .collect()
}

/// The request's JSON Schema: draft "2020-12" or "07".
#[pyfunction]
#[pyo3(signature = (draft = "2020-12"))]
fn schema(draft: &str) -> PyResult<String> {
    let draft = match draft {
        "2020-12" => mpsd_handles::schema::Draft::Draft2020_12,
        "07" => mpsd_handles::schema::Draft::Draft07,
        other => return Err(PyValueError::new_err(format!("unknown draft {other:?}"))),
    };
    Ok(mpsd_handles::schema::to_string_pretty(draft))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(is_valid, m)?)?;
    m.add_function(wrap_pyfunction!(check_many, m)?)?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
