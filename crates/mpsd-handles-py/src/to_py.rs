//! A serde `Serializer` that writes a value straight into Python objects
//! (dict, list, str, int, float, bool, None): the model becomes the dict
//! `validate` returns without JSON text or a `serde_json::Value` between.
//! Member names are `&'static str` in the model's `Serialize`, so each is
//! made a Python string once and reused (see [`key`]).

use std::fmt;
use std::sync::{Mutex, PoisonError};

use pyo3::IntoPyObjectExt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde::ser::{self, Serialize};

/// A Python error met while building (a failed allocation, in practice).
pub struct Error(pub PyErr);

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(PyValueError::new_err(msg.to_string()))
    }
}

impl From<PyErr> for Error {
    fn from(e: PyErr) -> Self {
        Error(e)
    }
}

/// `value` as Python objects.
pub fn to_py<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    value.serialize(ToPy(py)).map_err(|Error(e)| e)
}

/// The member names made Python strings so far, by address: a model has a
/// few dozen, all `&'static str`. Creating a `str` runs no Python code (it
/// is not a GC-tracked object), so the lock is never taken twice by one
/// thread, and it is only ever taken with the GIL held.
static KEYS: Mutex<Vec<(usize, usize, Py<PyString>)>> = Mutex::new(Vec::new());
/// Past this many names, new ones are not kept (the model has far fewer).
const MAX_KEYS: usize = 256;

/// The Python string for the static name `name` (a member name, a code),
/// interned and made once.
pub fn key<'py>(py: Python<'py>, name: &'static str) -> Bound<'py, PyString> {
    let id = (name.as_ptr() as usize, name.len());
    let mut keys = KEYS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, _, s)) = keys.iter().find(|(p, l, _)| (*p, *l) == id) {
        return s.bind(py).clone();
    }
    let s = PyString::intern(py, name);
    if keys.len() < MAX_KEYS {
        keys.push((id.0, id.1, s.clone().unbind()));
    }
    s
}

#[derive(Clone, Copy)]
struct ToPy<'py>(Python<'py>);

/// A dict being filled: by a struct (static names) or a map (any keys).
struct Dict<'py> {
    py: Python<'py>,
    target: Bound<'py, PyDict>,
    pending: Option<Bound<'py, PyAny>>,
    /// For a `*_variant`: the dict becomes `{variant: dict}`.
    variant: Option<&'static str>,
}

/// A list being filled.
struct List<'py> {
    py: Python<'py>,
    items: Bound<'py, PyList>,
    variant: Option<&'static str>,
}

fn wrap<'py>(
    py: Python<'py>,
    variant: Option<&'static str>,
    value: Bound<'py, PyAny>,
) -> Result<Bound<'py, PyAny>, Error> {
    match variant {
        None => Ok(value),
        Some(name) => {
            let outer = PyDict::new(py);
            outer.set_item(key(py, name), value)?;
            Ok(outer.into_any())
        }
    }
}

impl<'py> ToPy<'py> {
    fn any<T: IntoPyObject<'py>>(self, v: T) -> Result<Bound<'py, PyAny>, Error> {
        Ok(v.into_bound_py_any(self.0)?)
    }

    fn dict(self, variant: Option<&'static str>) -> Dict<'py> {
        Dict {
            py: self.0,
            target: PyDict::new(self.0),
            pending: None,
            variant,
        }
    }

    fn list(self, variant: Option<&'static str>) -> List<'py> {
        List {
            py: self.0,
            items: PyList::empty(self.0),
            variant,
        }
    }
}

impl<'py> ser::Serializer for ToPy<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    type SerializeSeq = List<'py>;
    type SerializeTuple = List<'py>;
    type SerializeTupleStruct = List<'py>;
    type SerializeTupleVariant = List<'py>;
    type SerializeMap = Dict<'py>;
    type SerializeStruct = Dict<'py>;
    type SerializeStructVariant = Dict<'py>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, Error> {
        self.any(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, Error> {
        self.any(v)
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, Error> {
        Ok(PyString::new(self.0, v).into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, Error> {
        Ok(PyBytes::new(self.0, v).into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok, Error> {
        Ok(self.0.None().into_bound(self.0))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Error> {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Error> {
        self.serialize_none()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Error> {
        Ok(key(self.0, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Error> {
        let inner = value.serialize(self)?;
        wrap(self.0, Some(variant), inner)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<List<'py>, Error> {
        Ok(self.list(None))
    }
    fn serialize_tuple(self, _: usize) -> Result<List<'py>, Error> {
        Ok(self.list(None))
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<List<'py>, Error> {
        Ok(self.list(None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<List<'py>, Error> {
        Ok(self.list(Some(variant)))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Dict<'py>, Error> {
        Ok(self.dict(None))
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Dict<'py>, Error> {
        Ok(self.dict(None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Dict<'py>, Error> {
        Ok(self.dict(Some(variant)))
    }
}

impl<'py> List<'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.append(value.serialize(ToPy(self.py))?)?;
        Ok(())
    }
    fn done(self) -> Result<Bound<'py, PyAny>, Error> {
        wrap(self.py, self.variant, self.items.into_any())
    }
}

macro_rules! list_impl {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<'py> ser::$trait for List<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }
            fn end(self) -> Result<Self::Ok, Error> {
                self.done()
            }
        }
    )*};
}

list_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<'py> Dict<'py> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), Error> {
        let value = value.serialize(ToPy(self.py))?;
        self.target.set_item(key(self.py, name), value)?;
        Ok(())
    }
    fn done(self) -> Result<Bound<'py, PyAny>, Error> {
        wrap(self.py, self.variant, self.target.into_any())
    }
}

impl<'py> ser::SerializeMap for Dict<'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.pending = Some(k.serialize(ToPy(self.py))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let k = self
            .pending
            .take()
            .ok_or_else(|| <Error as ser::Error>::custom("a map value without its key"))?;
        self.target.set_item(k, value.serialize(ToPy(self.py))?)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, Error> {
        self.done()
    }
}

macro_rules! struct_impl {
    ($($trait:ident),*) => {$(
        impl<'py> ser::$trait for Dict<'py> {
            type Ok = Bound<'py, PyAny>;
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), Error> {
                self.field(name, value)
            }
            fn end(self) -> Result<Self::Ok, Error> {
                self.done()
            }
        }
    )*};
}

struct_impl!(SerializeStruct, SerializeStructVariant);
