//! The dict `validate` returns, built from the model member by member
//! (issue 30's first step): no serde `Serializer` between, each member
//! name a Python string made once per interpreter and indexed by the
//! member, and the fixed values (the type tags, `version`'s 1, `global`'s
//! `True`) made once too.
//!
//! The dict has the key order and the values of the model's `Serialize`
//! (what `to_py` wrote before): `tests/test_conformance.py` compares the
//! two on both corpora, key order included.

use mpsd_handles::model::{
    AttributeNumber, AttributeString, Attributes, HandleId, HandleVersion, Owners,
    SearchAttributes, SocialGroup,
};
use mpsd_handles::{
    ActivityHandle, ActivityQuery, HandleQuery, HandleRequest, InviteAttributes, InviteHandle,
    SearchHandle, SearchQuery, SessionRef, TransferHandle,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};

/// Declares [`Keys`]: one interned Python string per name, made once.
macro_rules! keys {
    ($($field:ident => $name:literal,)+) => {
        /// The member names and fixed strings, as Python strings.
        struct Keys {
            $($field: Py<PyString>,)+
            one: Py<PyAny>,
        }

        impl Keys {
            fn new(py: Python<'_>) -> Self {
                Keys {
                    $($field: PyString::intern(py, $name).unbind(),)+
                    one: 1u8.into_pyobject(py).map_or_else(|e| match e {}, |o| o.into_any().unbind()),
                }
            }
        }
    };
}

keys! {
    kind => "type",
    version => "version",
    id => "id",
    session_ref => "sessionRef",
    scid => "scid",
    template_name => "templateName",
    name => "name",
    invited_xuid => "invitedXuid",
    invite_attributes => "inviteAttributes",
    title_id => "titleId",
    context => "context",
    context_string => "contextString",
    sender_string => "senderString",
    origin_session_ref => "originSessionRef",
    search_attributes => "searchAttributes",
    tags => "tags",
    numbers => "numbers",
    strings => "strings",
    owners => "owners",
    xuids => "xuids",
    people => "people",
    moniker => "moniker",
    moniker_xuid => "monikerXuid",
    global => "global",
    filter => "filter",
    order_by => "orderBy",
    session_members => "sessionMembers",
    activity => "activity",
    invite => "invite",
    transfer => "transfer",
    search => "search",
}

static KEYS: PyOnceLock<Keys> = PyOnceLock::new();

/// Builds dicts with the interpreter's keys at hand.
struct Builder<'py> {
    py: Python<'py>,
    keys: &'py Keys,
}

/// `validate`'s dict of `request`.
pub fn request<'py>(py: Python<'py>, request: &HandleRequest) -> PyResult<Bound<'py, PyAny>> {
    let b = Builder::new(py);
    let k = b.keys;
    let dict = PyDict::new(py);
    match request {
        HandleRequest::Activity(h) => b.activity(&dict, &k.activity, h)?,
        HandleRequest::Invite(h) => b.invite(&dict, &k.invite, h)?,
        HandleRequest::Transfer(h) => b.transfer(&dict, &k.transfer, h)?,
        HandleRequest::Search(h) => b.search(&dict, &k.search, h)?,
        // A kind this build does not know: the model's own `Serialize`.
        other => return crate::to_py::to_py(py, other),
    }
    Ok(dict.into_any())
}

/// `validate_query`'s dict of `query`.
pub fn query<'py>(py: Python<'py>, query: &HandleQuery) -> PyResult<Bound<'py, PyAny>> {
    let b = Builder::new(py);
    let k = b.keys;
    let dict = PyDict::new(py);
    match query {
        HandleQuery::Activity(q) => b.activity_query(&dict, &k.activity, q)?,
        HandleQuery::Search(q) => b.search_query(&dict, &k.search, q)?,
        other => return crate::to_py::to_py(py, other),
    }
    Ok(dict.into_any())
}

impl<'py> Builder<'py> {
    fn new(py: Python<'py>) -> Self {
        Builder {
            py,
            keys: KEYS.get_or_init(py, || Keys::new(py)),
        }
    }

    fn set(
        &self,
        dict: &Bound<'py, PyDict>,
        key: &Py<PyString>,
        value: impl IntoPyObject<'py>,
    ) -> PyResult<()> {
        dict.set_item(key.bind(self.py), value)
    }

    fn text(&self, s: &str) -> Bound<'py, PyString> {
        PyString::new(self.py, s)
    }

    /// A value's `Display` text (a GUID, an id's digits, a canonical
    /// filter), as its model's `Serialize` writes it.
    fn shown(&self, value: impl std::fmt::Display) -> Bound<'py, PyString> {
        self.text(&value.to_string())
    }

    fn version(&self, dict: &Bound<'py, PyDict>, version: HandleVersion) -> PyResult<()> {
        match version {
            HandleVersion::V1 => self.set(dict, &self.keys.version, self.keys.one.bind(self.py)),
            // A version this build does not know: as its model writes it.
            other => self.set(
                dict,
                &self.keys.version,
                crate::to_py::to_py(self.py, &other)?,
            ),
        }
    }

    fn id(&self, dict: &Bound<'py, PyDict>, id: Option<HandleId>) -> PyResult<()> {
        match id {
            Some(id) => self.set(dict, &self.keys.id, self.shown(id)),
            None => Ok(()),
        }
    }

    fn session_ref(&self, session: &SessionRef) -> PyResult<Bound<'py, PyDict>> {
        let k = self.keys;
        let dict = PyDict::new(self.py);
        self.set(&dict, &k.scid, self.shown(session.scid))?;
        self.set(
            &dict,
            &k.template_name,
            self.text(session.template_name.as_str()),
        )?;
        if let Some(name) = &session.name {
            self.set(&dict, &k.name, self.text(name.as_str()))?;
        }
        Ok(dict)
    }

    fn activity(
        &self,
        dict: &Bound<'py, PyDict>,
        tag: &Py<PyString>,
        h: &ActivityHandle,
    ) -> PyResult<()> {
        let k = self.keys;
        self.set(dict, &k.kind, tag.bind(self.py))?;
        self.version(dict, h.version)?;
        self.id(dict, h.id)?;
        self.set(dict, &k.session_ref, self.session_ref(&h.session_ref)?)
    }

    fn invite(
        &self,
        dict: &Bound<'py, PyDict>,
        tag: &Py<PyString>,
        h: &InviteHandle,
    ) -> PyResult<()> {
        let k = self.keys;
        self.set(dict, &k.kind, tag.bind(self.py))?;
        self.version(dict, h.version)?;
        self.id(dict, h.id)?;
        self.set(dict, &k.session_ref, self.session_ref(&h.session_ref)?)?;
        self.set(dict, &k.invited_xuid, self.shown(h.invited_xuid))?;
        self.set(
            dict,
            &k.invite_attributes,
            self.invite_attributes(&h.invite_attributes)?,
        )
    }

    fn invite_attributes(&self, a: &InviteAttributes) -> PyResult<Bound<'py, PyDict>> {
        let k = self.keys;
        let dict = PyDict::new(self.py);
        self.set(&dict, &k.title_id, self.shown(a.title_id))?;
        if let Some(context) = &a.context {
            self.set(&dict, &k.context, self.text(context.as_str()))?;
        }
        if let Some(s) = &a.context_string {
            self.set(&dict, &k.context_string, self.text(s))?;
        }
        if let Some(s) = &a.sender_string {
            self.set(&dict, &k.sender_string, self.text(s))?;
        }
        Ok(dict)
    }

    fn transfer(
        &self,
        dict: &Bound<'py, PyDict>,
        tag: &Py<PyString>,
        h: &TransferHandle,
    ) -> PyResult<()> {
        let k = self.keys;
        self.set(dict, &k.kind, tag.bind(self.py))?;
        self.id(dict, h.id)?;
        self.set(dict, &k.session_ref, self.session_ref(&h.session_ref)?)?;
        self.version(dict, h.version)?;
        self.set(
            dict,
            &k.origin_session_ref,
            self.session_ref(&h.origin_session_ref)?,
        )
    }

    fn search(
        &self,
        dict: &Bound<'py, PyDict>,
        tag: &Py<PyString>,
        h: &SearchHandle,
    ) -> PyResult<()> {
        let k = self.keys;
        self.set(dict, &k.kind, tag.bind(self.py))?;
        self.id(dict, h.id)?;
        self.version(dict, h.version)?;
        self.set(dict, &k.session_ref, self.session_ref(&h.session_ref)?)?;
        if let Some(attributes) = &h.search_attributes {
            self.set(
                dict,
                &k.search_attributes,
                self.search_attributes(attributes)?,
            )?;
        }
        Ok(())
    }

    fn search_attributes(&self, a: &SearchAttributes) -> PyResult<Bound<'py, PyDict>> {
        let k = self.keys;
        let dict = PyDict::new(self.py);
        if !a.tags.is_empty() {
            let tags = PyList::empty(self.py);
            for tag in &a.tags {
                tags.append(self.text(tag.as_str()))?;
            }
            self.set(&dict, &k.tags, tags)?;
        }
        if !a.numbers.is_empty() {
            self.set(&dict, &k.numbers, self.numbers(&a.numbers)?)?;
        }
        if !a.strings.is_empty() {
            self.set(&dict, &k.strings, self.strings(&a.strings)?)?;
        }
        Ok(dict)
    }

    fn numbers(&self, numbers: &Attributes<AttributeNumber>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(self.py);
        for (name, value) in numbers.iter() {
            dict.set_item(self.text(name.as_str()), PyFloat::new(self.py, value.get()))?;
        }
        Ok(dict)
    }

    fn strings(&self, strings: &Attributes<AttributeString>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(self.py);
        for (name, value) in strings.iter() {
            dict.set_item(self.text(name.as_str()), self.text(value.as_str()))?;
        }
        Ok(dict)
    }

    fn activity_query(
        &self,
        dict: &Bound<'py, PyDict>,
        tag: &Py<PyString>,
        q: &ActivityQuery,
    ) -> PyResult<()> {
        let k = self.keys;
        self.set(dict, &k.kind, tag.bind(self.py))?;
        self.set(dict, &k.scid, self.shown(q.scid))?;
        let owners = PyDict::new(self.py);
        match &q.owners {
            Owners::Xuids(xuids) => {
                let list = PyList::empty(self.py);
                for xuid in xuids {
                    list.append(self.shown(*xuid))?;
                }
                self.set(&owners, &k.xuids, list)?;
            }
            Owners::People(group) => self.set(&owners, &k.people, self.group(group)?)?,
            other => return self.set(dict, &k.owners, crate::to_py::to_py(self.py, other)?),
        }
        self.set(dict, &k.owners, owners)
    }

    fn group(&self, group: &SocialGroup) -> PyResult<Bound<'py, PyDict>> {
        let k = self.keys;
        let dict = PyDict::new(self.py);
        self.set(&dict, &k.moniker, self.text(group.moniker.as_str()))?;
        self.set(&dict, &k.moniker_xuid, self.shown(group.moniker_xuid))?;
        Ok(dict)
    }

    fn search_query(
        &self,
        dict: &Bound<'py, PyDict>,
        tag: &Py<PyString>,
        q: &SearchQuery,
    ) -> PyResult<()> {
        let k = self.keys;
        self.set(dict, &k.kind, tag.bind(self.py))?;
        self.set(dict, &k.scid, self.shown(q.scid))?;
        self.set(dict, &k.template_name, self.text(q.template_name.as_str()))?;
        self.set(dict, &k.global, true)?;
        if let Some(filter) = &q.filter {
            self.set(dict, &k.filter, self.shown(filter))?;
        }
        if let Some(order_by) = &q.order_by {
            self.set(dict, &k.order_by, self.shown(order_by))?;
        }
        if let Some(group) = &q.session_members {
            let members = PyDict::new(self.py);
            self.set(&members, &k.people, self.group(group)?)?;
            self.set(dict, &k.session_members, members)?;
        }
        Ok(())
    }
}
