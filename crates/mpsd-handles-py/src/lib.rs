//! The Python module `mpsd_handles._native`: the Rust validator, called by
//! the pure-Python wrapper in `python/mpsd_handles/__init__.py`.
#![allow(missing_docs)] // PyO3 generates items; the Python API is documented in the .pyi stubs.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::Value;

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

/// `Ok(model as a JSON value)` or every violation.
fn check_bytes(bytes: &[u8]) -> Result<Value, Vec<Error>> {
    match mpsd_handles::from_slice(bytes) {
        Ok(request) => Ok(serde_json::to_value(&request).unwrap_or_default()),
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

/// A JSON value as Python objects (dict, list, str, int, float, bool, None),
/// built here rather than parsed again by `json.loads`.
fn to_py(py: Python<'_>, value: &Value) -> PyResult<Py<PyAny>> {
    Ok(match value {
        Value::Null => py.None(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => u.into_pyobject(py)?.into_any().unbind(),
            (None, Some(i)) => i.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(0.0)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (k, v) in members {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

/// Every violation as a list of `{"pointer", "code", "message"}` dicts.
fn errors_to_py(py: Python<'_>, errors: Vec<Error>) -> PyResult<Py<PyAny>> {
    let list = PyList::empty(py);
    for (pointer, code, message) in errors {
        let dict = PyDict::new(py);
        dict.set_item("pointer", pointer)?;
        dict.set_item("code", code)?;
        dict.set_item("message", message)?;
        list.append(dict)?;
    }
    Ok(list.into_any().unbind())
}

fn answer(py: Python<'_>, result: Result<Value, Vec<Error>>) -> PyResult<(bool, Py<PyAny>)> {
    Ok(match result {
        Ok(model) => (true, to_py(py, &model)?),
        Err(errors) => (false, errors_to_py(py, errors)?),
    })
}

/// `(True, dict)` for a valid body, `(False, [{pointer, code, message}])` otherwise.
#[pyfunction]
fn check(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<(bool, Py<PyAny>)> {
    let bytes = body_bytes(body)?;
    answer(py, check_bytes(&bytes))
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
    let results: Vec<Result<Value, Vec<Error>>> =
        py.detach(|| all.iter().map(|b| check_bytes(b)).collect());
    results.into_iter().map(|r| answer(py, r)).collect()
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
