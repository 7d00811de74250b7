//! The one-pass validator: serde drives it straight from the JSON text into
//! the typed model, recording violations instead of stopping at the first.
//!
//! Nothing is allocated for a valid body beyond the model itself; pointers
//! and messages are built only when a rule is broken.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::mem;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::model::{
    ActivityHandle, Context, HandleId, HandleKind, HandleRequest, InviteAttributes, InviteHandle,
    Scid, SessionName, SessionRef, TemplateName, TitleId, Version, Xuid,
};
use crate::report::push_token;
use crate::rules::{self, Json};
use crate::{Code, InvalidValue, Limits, Report, Violation};

mod raw;
mod syntax;

/// How numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// As serde gives them (the fast first pass over text or a `Value`).
    /// A number whose spelling matters and that arrives as an `f64` stops
    /// the walk and asks for an [`Mode::Exact`] pass.
    Fast,
    /// Every value read through `serde_json`'s raw text, so every number
    /// keeps its spelling and none has to fit an `f64` (`1e400`).
    Exact,
    /// Any other deserializer: it cannot be read twice, so an `f64` is
    /// judged as given, without its spelling.
    Generic,
}

/// What the walk has found so far.
struct Ctx {
    violations: Vec<Violation>,
    max_depth: usize,
    /// A limit breach that stopped the walk; it alone is reported.
    fatal: Option<Violation>,
    mode: Mode,
    /// Set when a [`Mode::Fast`] walk stopped for a number's spelling.
    needs_exact: bool,
}

impl Ctx {
    fn new(limits: &Limits, mode: Mode) -> Self {
        Self {
            violations: Vec::new(),
            max_depth: limits.depth(),
            fatal: None,
            mode,
            needs_exact: false,
        }
    }

    /// Enters a container at `depth`, or stops the walk past the limit.
    fn enter<E: de::Error>(&mut self, depth: usize) -> Result<(), E> {
        if depth > self.max_depth {
            let max = self.max_depth;
            self.fatal = Some(Violation::new(
                "",
                Code::TooDeep,
                format!(
                    "The body nests arrays and objects more than {max} level{} deep.",
                    if max == 1 { "" } else { "s" }
                ),
            ));
            return Err(E::custom(format_args!("nesting deeper than {max}")));
        }
        Ok(())
    }

    fn push(&mut self, violation: Violation) {
        self.violations.push(violation);
    }
}

/// A member's state after the walk.
#[derive(Debug, Default)]
enum Slot<T> {
    #[default]
    Absent,
    /// Present, and a violation says why it is unusable.
    Invalid,
    Valid(T),
}

impl<T> Slot<T> {
    fn is_absent(&self) -> bool {
        matches!(self, Slot::Absent)
    }

    /// An optional member: `Ok(None)` when absent, `Err` when invalid.
    fn optional(self) -> Result<Option<T>, ()> {
        match self {
            Slot::Absent => Ok(None),
            Slot::Invalid => Err(()),
            Slot::Valid(t) => Ok(Some(t)),
        }
    }
}

// ---------------------------------------------------------------------------
// Any value, walked with a depth bound.

/// Reads one value of any type at container depth `depth`.
struct AnySeed<'c> {
    ctx: &'c mut Ctx,
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for AnySeed<'_> {
    type Value = Json<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Json<'de>, D::Error> {
        if self.ctx.mode == Mode::Exact {
            raw::any(deserializer, self.ctx, self.depth)
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for AnySeed<'_> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(Json::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::U64(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Json<'de>, E> {
        Ok(Json::F64(v))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }
    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        while seq
            .next_element_seed(AnySeed {
                ctx: self.ctx,
                depth,
            })?
            .is_some()
        {}
        Ok(Json::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        while map.next_key::<de::IgnoredAny>()?.is_some() {
            map.next_value_seed(AnySeed {
                ctx: self.ctx,
                depth,
            })?;
        }
        Ok(Json::Object)
    }
}

// ---------------------------------------------------------------------------
// Objects with known members.

/// One object type of the body: its members and what to make of them.
trait Members: Default {
    /// The object's pointer.
    const POINTER: &'static str;
    /// The object's name in messages.
    const NAME: &'static str;
    /// The member names, indexed by the `field` argument of [`Members::member`].
    const FIELDS: &'static [&'static str];
    type Output;

    /// The index of member `name` in [`Members::FIELDS`].
    fn field(name: &str) -> Option<usize>;

    /// Reads the value of member `field` (depth is the object's own depth).
    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        field: usize,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error>;

    /// Checks required members and, if everything is valid, builds the
    /// output straight into `out` (no copy of the model on the way).
    fn finish(&mut self, ctx: &mut Ctx, out: &mut Slot<Self::Output>);

    /// The pointer of member `name` of this object.
    fn pointer_of(name: &str) -> String {
        let mut p = String::from(Self::POINTER);
        push_token(&mut p, name);
        p
    }
}

/// Reads a leaf member with `check`, recording its violation at `pointer`.
fn leaf<'de, A, T>(
    map: &mut A,
    ctx: &mut Ctx,
    depth: usize,
    pointer: &str,
    check: impl FnOnce(Json<'de>) -> Result<T, InvalidValue>,
) -> Result<Slot<T>, A::Error>
where
    A: MapAccess<'de>,
{
    let value = map.next_value_seed(AnySeed { ctx, depth })?;
    Ok(match check(value) {
        Ok(t) => Slot::Valid(t),
        Err(e) => {
            ctx.push(e.at(pointer));
            Slot::Invalid
        }
    })
}

/// Reads a numeric leaf member whose spelling decides its verdict
/// (`version`, `titleId`): in a [`Mode::Fast`] walk, an `f64` (whose
/// spelling is lost) stops the walk for an exact pass.
fn spelled_leaf<'de, A, T>(
    map: &mut A,
    ctx: &mut Ctx,
    depth: usize,
    pointer: &str,
    check: impl FnOnce(Json<'de>) -> Result<T, InvalidValue>,
) -> Result<Slot<T>, A::Error>
where
    A: MapAccess<'de>,
{
    let value = map.next_value_seed(AnySeed { ctx, depth })?;
    if ctx.mode == Mode::Fast && matches!(value, Json::F64(_)) {
        ctx.needs_exact = true;
        return Err(de::Error::custom("a number's spelling is needed"));
    }
    Ok(match check(value) {
        Ok(t) => Slot::Valid(t),
        Err(e) => {
            ctx.push(e.at(pointer));
            Slot::Invalid
        }
    })
}

/// A member name: one of the known ones, or another.
enum Key<'de> {
    Known(usize),
    Unknown(Cow<'de, str>),
}

/// Reads a member name of object type `M`.
struct KeySeed<M>(PhantomData<M>);

impl<M: Members> KeySeed<M> {
    fn key<'de>(name: &str) -> Option<Key<'de>> {
        M::field(name).map(Key::Known)
    }
}

impl<'de, M: Members> DeserializeSeed<'de> for KeySeed<M> {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, M: Members> Visitor<'de> for KeySeed<M> {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Self::key(v).unwrap_or(Key::Unknown(Cow::Borrowed(v))))
    }
    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Self::key(v).unwrap_or_else(|| Key::Unknown(Cow::Owned(v.to_owned()))))
    }
}

/// Reads an object of type `M` at depth `depth` into `out`.
///
/// The result goes through `out` rather than serde's return value, so the
/// (large) model is built in place instead of being copied up every layer.
struct ObjectSeed<'c, M: Members> {
    ctx: &'c mut Ctx,
    depth: usize,
    out: &'c mut Slot<M::Output>,
}

impl<'c, M: Members> ObjectSeed<'c, M> {
    fn new(ctx: &'c mut Ctx, depth: usize, out: &'c mut Slot<M::Output>) -> Self {
        Self { ctx, depth, out }
    }
}

impl<'de, M: Members> DeserializeSeed<'de> for ObjectSeed<'_, M> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        if self.ctx.mode == Mode::Exact {
            raw::object(deserializer, self)
        } else {
            deserializer.deserialize_any(self)
        }
    }
}

impl<M: Members> ObjectSeed<'_, M> {
    /// Any value but an object: walk past it and record the wrong type.
    fn wrong_type(self, found: &Json<'_>) {
        let message = if M::POINTER.is_empty() {
            format!(
                "The body must be a JSON object, but it is {}.",
                found.kind()
            )
        } else {
            format!("{} must be an object, but it is {}.", M::NAME, found.kind())
        };
        self.ctx
            .push(Violation::new(M::POINTER, Code::InvalidType, message));
        *self.out = Slot::Invalid;
    }

    fn any(&mut self) -> AnySeed<'_> {
        AnySeed {
            ctx: self.ctx,
            depth: self.depth,
        }
    }
}

impl<'de, M: Members> Visitor<'de> for ObjectSeed<'_, M> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the object {}", M::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        let mut members = M::default();
        let mut seen: u32 = 0;
        while let Some(key) = map.next_key_seed(KeySeed::<M>(PhantomData))? {
            match key {
                Key::Known(field) => {
                    let bit = 1u32 << field;
                    if seen & bit == 0 {
                        seen |= bit;
                        members.member(field, &mut map, self.ctx, depth)?;
                    } else {
                        let name = M::FIELDS.get(field).copied().unwrap_or_default();
                        self.ctx
                            .push(rules::members::duplicate(&M::pointer_of(name), name));
                        map.next_value_seed(AnySeed {
                            ctx: self.ctx,
                            depth,
                        })?;
                    }
                }
                Key::Unknown(name) => {
                    self.ctx.push(rules::members::unknown(
                        M::pointer_of(&name),
                        M::NAME,
                        &name,
                        M::FIELDS,
                    ));
                    map.next_value_seed(AnySeed {
                        ctx: self.ctx,
                        depth,
                    })?;
                }
            }
        }
        members.finish(self.ctx, self.out);
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, seq: A) -> Result<(), A::Error> {
        let found = self.any().visit_seq(seq)?;
        self.wrong_type(&found);
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.wrong_type(&Json::Bool(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.wrong_type(&Json::I64(v));
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.wrong_type(&Json::U64(v));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.wrong_type(&Json::F64(v));
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.wrong_type(&Json::Str(Cow::Borrowed("")));
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.wrong_type(&Json::Null);
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.wrong_type(&Json::Null);
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// The three objects of the body.

/// The member names of an object type, written once: `FIELDS` for messages,
/// and `field` as a `match`, which compiles to inline comparisons where a
/// search of the slice calls `memcmp` per name.
macro_rules! fields {
    ($($index:literal => $name:literal),+ $(,)?) => {
        const FIELDS: &'static [&'static str] = &[$($name),+];
        fn field(name: &str) -> Option<usize> {
            match name {
                $($name => Some($index),)+
                _ => None,
            }
        }
    };
}

#[derive(Default)]
struct Root {
    version: Slot<()>,
    kind: Slot<HandleKind>,
    id: Slot<HandleId>,
    session_ref: Slot<SessionRef>,
    invited_xuid: Slot<Xuid>,
    invite_attributes: Slot<InviteAttributes>,
}

impl Members for Root {
    const POINTER: &'static str = "";
    const NAME: &'static str = "the handle";
    fields! {
        0 => "version",
        1 => "type",
        2 => "id",
        3 => "sessionRef",
        4 => "invitedXuid",
        5 => "inviteAttributes",
    }
    type Output = HandleRequest;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        field: usize,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        match field {
            0 => {
                self.version =
                    spelled_leaf(map, ctx, depth, "/version", |v| rules::version::check(&v))?;
            }
            1 => self.kind = leaf(map, ctx, depth, "/type", |v| rules::handle_type::check(&v))?,
            2 => {
                self.id = leaf(map, ctx, depth, "/id", |v| {
                    rules::guid::check("id", &v).map(HandleId::new)
                })?;
            }
            3 => {
                map.next_value_seed(ObjectSeed::<SessionRefMembers>::new(
                    ctx,
                    depth,
                    &mut self.session_ref,
                ))?;
            }
            4 => {
                self.invited_xuid = leaf(map, ctx, depth, "/invitedXuid", |v| {
                    rules::xuid::check(&v).map(Xuid::from)
                })?;
            }
            _ => {
                map.next_value_seed(ObjectSeed::<AttributesMembers>::new(
                    ctx,
                    depth,
                    &mut self.invite_attributes,
                ))?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, ctx: &mut Ctx, out: &mut Slot<HandleRequest>) {
        for (slot_absent, name) in [
            (self.version.is_absent(), "version"),
            (self.kind.is_absent(), "type"),
            (self.session_ref.is_absent(), "sessionRef"),
        ] {
            if slot_absent {
                ctx.push(rules::members::missing(
                    &Self::pointer_of(name),
                    Self::NAME,
                    name,
                ));
            }
        }
        let invite_members = [
            (self.invited_xuid.is_absent(), "invitedXuid"),
            (self.invite_attributes.is_absent(), "inviteAttributes"),
        ];
        match self.kind {
            Slot::Valid(HandleKind::Activity) => {
                for (absent, name) in invite_members {
                    if !absent {
                        ctx.push(rules::consistency::not_allowed(
                            &Self::pointer_of(name),
                            name,
                        ));
                    }
                }
            }
            Slot::Valid(HandleKind::Invite) => {
                for (absent, name) in invite_members {
                    if absent {
                        ctx.push(rules::members::missing(
                            &Self::pointer_of(name),
                            "an invite handle",
                            name,
                        ));
                    }
                }
            }
            _ => {
                *out = Slot::Invalid;
                return;
            }
        }
        let (Slot::Valid(kind), Slot::Valid(()), Ok(id), Slot::Valid(session_ref)) = (
            mem::take(&mut self.kind),
            mem::take(&mut self.version),
            mem::take(&mut self.id).optional(),
            mem::take(&mut self.session_ref),
        ) else {
            *out = Slot::Invalid;
            return;
        };
        let version = Version::V1;
        *out = match kind {
            HandleKind::Activity => Slot::Valid(HandleRequest::Activity(ActivityHandle {
                version,
                id,
                session_ref,
            })),
            HandleKind::Invite => match (
                mem::take(&mut self.invited_xuid),
                mem::take(&mut self.invite_attributes),
            ) {
                (Slot::Valid(invited_xuid), Slot::Valid(invite_attributes)) => {
                    Slot::Valid(HandleRequest::Invite(InviteHandle {
                        version,
                        id,
                        session_ref,
                        invited_xuid,
                        invite_attributes,
                    }))
                }
                _ => Slot::Invalid,
            },
        };
    }
}

#[derive(Default)]
struct SessionRefMembers {
    scid: Slot<Scid>,
    template_name: Slot<TemplateName>,
    name: Slot<SessionName>,
}

impl Members for SessionRefMembers {
    const POINTER: &'static str = "/sessionRef";
    const NAME: &'static str = "sessionRef";
    fields! { 0 => "scid", 1 => "templateName", 2 => "name" }
    type Output = SessionRef;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        field: usize,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        match field {
            0 => {
                self.scid = leaf(map, ctx, depth, "/sessionRef/scid", |v| {
                    rules::guid::check("scid", &v).map(Scid::new)
                })?;
            }
            1 => {
                self.template_name = leaf(map, ctx, depth, "/sessionRef/templateName", |v| {
                    rules::name::check("templateName", v).map(TemplateName::new_unchecked)
                })?;
            }
            _ => {
                self.name = leaf(map, ctx, depth, "/sessionRef/name", |v| {
                    rules::name::check("name", v).map(SessionName::new_unchecked)
                })?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, ctx: &mut Ctx, out: &mut Slot<SessionRef>) {
        for (absent, name) in [
            (self.scid.is_absent(), "scid"),
            (self.template_name.is_absent(), "templateName"),
        ] {
            if absent {
                ctx.push(rules::members::missing(
                    &Self::pointer_of(name),
                    Self::NAME,
                    name,
                ));
            }
        }
        *out = match (
            mem::take(&mut self.scid),
            mem::take(&mut self.template_name),
            mem::take(&mut self.name).optional(),
        ) {
            (Slot::Valid(scid), Slot::Valid(template_name), Ok(name)) => Slot::Valid(SessionRef {
                scid,
                template_name,
                name,
            }),
            _ => Slot::Invalid,
        };
    }
}

#[derive(Default)]
struct AttributesMembers {
    title_id: Slot<TitleId>,
    context: Slot<Context>,
    context_string: Slot<String>,
    sender_string: Slot<String>,
}

impl Members for AttributesMembers {
    const POINTER: &'static str = "/inviteAttributes";
    const NAME: &'static str = "inviteAttributes";
    fields! { 0 => "titleId", 1 => "context", 2 => "contextString", 3 => "senderString" }
    type Output = InviteAttributes;

    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        field: usize,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        match field {
            0 => {
                self.title_id = spelled_leaf(map, ctx, depth, "/inviteAttributes/titleId", |v| {
                    rules::title_id::check(&v).map(TitleId)
                })?;
            }
            1 => {
                self.context = leaf(map, ctx, depth, "/inviteAttributes/context", |v| {
                    rules::context::check(v).map(Context::new_unchecked)
                })?;
            }
            2 => {
                self.context_string =
                    leaf(map, ctx, depth, "/inviteAttributes/contextString", |v| {
                        rules::text::check("contextString", v)
                    })?;
            }
            _ => {
                self.sender_string =
                    leaf(map, ctx, depth, "/inviteAttributes/senderString", |v| {
                        rules::text::check("senderString", v)
                    })?;
            }
        }
        Ok(())
    }

    fn finish(&mut self, ctx: &mut Ctx, out: &mut Slot<InviteAttributes>) {
        if self.title_id.is_absent() {
            ctx.push(rules::members::missing(
                "/inviteAttributes/titleId",
                Self::NAME,
                "titleId",
            ));
        }
        *out = match (
            mem::take(&mut self.title_id),
            mem::take(&mut self.context).optional(),
            mem::take(&mut self.context_string).optional(),
            mem::take(&mut self.sender_string).optional(),
        ) {
            (Slot::Valid(title_id), Ok(context), Ok(context_string), Ok(sender_string)) => {
                Slot::Valid(InviteAttributes {
                    title_id,
                    context,
                    context_string,
                    sender_string,
                })
            }
            _ => Slot::Invalid,
        };
    }
}

// ---------------------------------------------------------------------------
// Entry points.

/// Walks the body from `deserializer` into `out`; `Err` when the deserializer stopped.
fn walk<'de, D: Deserializer<'de>>(
    deserializer: D,
    ctx: &mut Ctx,
    out: &mut Slot<HandleRequest>,
) -> Result<(), D::Error> {
    ObjectSeed::<Root>::new(ctx, 0, out).deserialize(deserializer)
}

/// The verdict once the walk is over.
fn conclude(ctx: Ctx, slot: &mut Slot<HandleRequest>) -> Result<HandleRequest, Report> {
    match (Report::from_violations(ctx.violations), mem::take(slot)) {
        (Some(report), _) => Err(report),
        (None, Slot::Valid(request)) => Ok(request),
        (None, _) => Err(Report::single(Violation::new(
            "",
            Code::InvalidType,
            "The body could not be read as a handle.",
        ))),
    }
}

/// Validates JSON text: a fast pass, then, only when a number's spelling
/// matters or a number does not fit an `f64`, an exact pass.
fn from_text(text: &str, limits: &Limits) -> Result<HandleRequest, Report> {
    let mut ctx = Ctx::new(limits, Mode::Fast);
    let mut out = Slot::Absent;
    let mut de = serde_json::Deserializer::from_str(text);
    match walk(&mut de, &mut ctx, &mut out).and_then(|()| de.end()) {
        Ok(()) => return conclude(ctx, &mut out),
        Err(_) if ctx.fatal.is_some() => return Err(Report::single(fatal(ctx))),
        Err(_) if ctx.needs_exact => {}
        // Either a syntax error, or a number beyond `f64` (valid JSON).
        Err(_) => {
            if let Some(v) = syntax::error(text) {
                return Err(Report::single(v));
            }
        }
    }
    let mut ctx = Ctx::new(limits, Mode::Exact);
    let mut out = Slot::Absent;
    let mut de = serde_json::Deserializer::from_str(text);
    match walk(&mut de, &mut ctx, &mut out).and_then(|()| de.end()) {
        Ok(()) => conclude(ctx, &mut out),
        Err(_) if ctx.fatal.is_some() => Err(Report::single(fatal(ctx))),
        Err(e) => Err(Report::single(
            syntax::error(text).unwrap_or_else(|| syntax::unexpected(&e)),
        )),
    }
}

/// The limit breach that stopped a walk.
fn fatal(ctx: Ctx) -> Violation {
    ctx.fatal
        .unwrap_or_else(|| Violation::new("", Code::TooDeep, "The body nests too deeply."))
}

fn too_large(limits: &Limits) -> Report {
    Report::single(Violation::new(
        "",
        Code::BodyTooLarge,
        format!(
            "The body is larger than the limit of {} bytes.",
            limits.max_bytes
        ),
    ))
}

pub(crate) fn from_slice(bytes: &[u8], limits: &Limits) -> Result<HandleRequest, Report> {
    if bytes.len() > limits.max_bytes {
        return Err(too_large(limits));
    }
    // One UTF-8 check of the whole body (SIMD) is cheaper than one per
    // string; `std` finds where a bad body goes wrong.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => checked_text(text, limits),
        Err(_) => Err(Report::single(syntax::not_utf8(bytes))),
    }
}

pub(crate) fn from_str(text: &str, limits: &Limits) -> Result<HandleRequest, Report> {
    if text.len() > limits.max_bytes {
        return Err(too_large(limits));
    }
    checked_text(text, limits)
}

fn checked_text(text: &str, limits: &Limits) -> Result<HandleRequest, Report> {
    if text.starts_with('\u{feff}') {
        return Err(Report::single(syntax::byte_order_mark()));
    }
    from_text(text, limits)
}

pub(crate) fn from_value(value: &Value, limits: &Limits) -> Result<HandleRequest, Report> {
    let mut ctx = Ctx::new(limits, Mode::Fast);
    let mut out = Slot::Absent;
    let first = walk(value, &mut ctx, &mut out);
    let (ctx, result) = if ctx.needs_exact {
        let mut exact = Ctx::new(limits, Mode::Exact);
        let result = walk(value, &mut exact, &mut out);
        (exact, result)
    } else {
        (ctx, first)
    };
    match result {
        Ok(()) => conclude(ctx, &mut out),
        Err(_) if ctx.fatal.is_some() => Err(Report::single(fatal(ctx))),
        Err(e) => Err(Report::single(Violation::new(
            "",
            Code::InvalidType,
            format!("The body could not be read: {e}."),
        ))),
    }
}

/// `Deserialize for HandleRequest`: the same walk over any deserializer.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
    limits: &Limits,
) -> Result<HandleRequest, D::Error> {
    let mut ctx = Ctx::new(limits, Mode::Generic);
    let mut out = Slot::Absent;
    walk(deserializer, &mut ctx, &mut out).map_err(|e| match ctx.fatal.take() {
        Some(v) => de::Error::custom(v.message),
        None => e,
    })?;
    conclude(ctx, &mut out).map_err(de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexes_agree<M: Members>() {
        for (i, name) in M::FIELDS.iter().enumerate() {
            assert_eq!(M::field(name), Some(i), "{name}");
        }
        assert!(M::FIELDS.len() <= 32, "the duplicate mask is a u32");
        assert_eq!(M::field("Version"), None);
        assert_eq!(M::field(""), None);
    }

    #[test]
    fn field_indexes_match_the_names() {
        indexes_agree::<Root>();
        indexes_agree::<SessionRefMembers>();
        indexes_agree::<AttributesMembers>();
    }
}
