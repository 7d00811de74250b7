//! The serde machinery of the walk: any value (depth-bounded), member
//! names, and objects described by a table of their members.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::container::{Container, container_seed, wrong_type_visits};
use super::table::Members;
use super::{Ctx, Mode, raw};
use crate::model::HandleKind;
use crate::report::{Pointer, Violation, ViolationKind, short};
use crate::rules::Json;
use crate::rules::handle_type::Kinds;
use crate::rules::members::suggest_member;
use crate::rules::members::{Masks, Member};

/// Reads one value of any type at container depth `depth`.
pub(super) struct AnySeed<'c> {
    pub(super) ctx: &'c mut Ctx,
    pub(super) depth: usize,
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

/// One object type of the body, described by the table of its members.
pub(super) trait Object: Default {
    /// Which member a name is (an enum of the table's rows).
    type Member: Members;
    /// What a valid object becomes.
    type Output;
    /// The object's name in messages ("the handle", "sessionRef").
    const NAME: &'static str;
    /// What the body is, for a root object's messages: "handle" or "query".
    const NOUN: &'static str = "handle";
    /// The object's pointer (`""` for the body): its members' own, unless
    /// the same members sit at several places.
    const POINTER: &'static str = <Self::Member as Members>::POINTER;
    /// Its members, in the order of [`Object::Member`].
    const MEMBERS: &'static [Member] = <Self::Member as Members>::TABLE;
    /// The members' presence rules as bit masks.
    const MASKS: Masks = Masks::of(Self::MEMBERS);

    /// Reads the value of `member` (at the object's own depth `depth`).
    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: Self::Member,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error>;

    /// The handle type that decides which members are required and
    /// allowed; `None` when unknown or not the root.
    fn kind(&self) -> Option<HandleKind> {
        None
    }

    /// Checks what only the members present together say, once the table's
    /// presence rules have run (`owners` holds exactly one member); `seen`
    /// has a bit per row present.
    fn together<E: de::Error>(&self, _seen: u64, _ctx: &mut Ctx) -> Result<(), E> {
        Ok(())
    }

    /// Builds the model into `out` (in place: no copy of it on the way up),
    /// when every member it needs is present and valid.
    fn build(&mut self, out: &mut Option<Self::Output>);
}

/// A member name: one of the known ones, or another.
enum Key<'de, M> {
    Known(M),
    Unknown(Cow<'de, str>),
}

/// Reads a member name of object type `O`.
struct KeySeed<O>(PhantomData<O>);

impl<'de, O: Object> DeserializeSeed<'de> for KeySeed<O> {
    type Value = Key<'de, O::Member>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, O: Object> Visitor<'de> for KeySeed<O> {
    type Value = Key<'de, O::Member>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(O::Member::from_name(v).map_or(Key::Unknown(Cow::Borrowed(v)), Key::Known))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(O::Member::from_name(v)
            .map_or_else(|| Key::Unknown(Cow::Owned(v.to_owned())), Key::Known))
    }
}

/// Reads an object of type `O` at depth `depth` into `out`.
///
/// The result goes through `out` rather than serde's return value, so the
/// (large) model is built in place instead of being copied up every layer.
pub(super) struct ObjectSeed<'c, O: Object> {
    pub(super) ctx: &'c mut Ctx,
    pub(super) depth: usize,
    pub(super) out: &'c mut Option<O::Output>,
}

impl<'c, O: Object> ObjectSeed<'c, O> {
    pub(super) fn new(ctx: &'c mut Ctx, depth: usize, out: &'c mut Option<O::Output>) -> Self {
        Self { ctx, depth, out }
    }
}

container_seed!([O: Object] ObjectSeed<'_, O>);

impl<O: Object> Container for ObjectSeed<'_, O> {
    const OPEN: u8 = b'{';
    fn place(&mut self) -> (&mut Ctx, usize) {
        (self.ctx, self.depth)
    }
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E> {
        let found = found.kind();
        self.ctx.violation(|| {
            let object = if O::POINTER.is_empty() { "" } else { O::NAME };
            Violation::new(
                Pointer::known(O::POINTER),
                ViolationKind::NotAnObject { object, found },
            )
        })
    }
}

impl<'de, O: Object> Visitor<'de> for ObjectSeed<'_, O> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the object {}", O::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        let mut object = O::default();
        let mut seen: u64 = 0;
        while let Some(key) = map.next_key_seed(KeySeed::<O>(PhantomData))? {
            match key {
                Key::Known(member) => {
                    let index: usize = member.into();
                    // A table has at most 64 rows (checked where it is defined).
                    let bit = 1u64 << index;
                    if seen & bit == 0 {
                        seen |= bit;
                        object.read(member, &mut map, self.ctx, depth)?;
                    } else {
                        if let Some(m) = O::MEMBERS.get(index) {
                            self.ctx.violation(|| {
                                Violation::new(
                                    Pointer::known(m.pointer),
                                    ViolationKind::Duplicate { member: m.name },
                                )
                            })?;
                        }
                        map.next_value_seed(AnySeed {
                            ctx: self.ctx,
                            depth,
                        })?;
                    }
                }
                Key::Unknown(name) => {
                    self.ctx.violation(|| {
                        Violation::new(
                            Pointer::member(O::POINTER, &name),
                            ViolationKind::Unknown {
                                object: O::NAME,
                                name: short(&name),
                                suggestion: suggest_member(&name, O::MEMBERS),
                            },
                        )
                    })?;
                    map.next_value_seed(AnySeed {
                        ctx: self.ctx,
                        depth,
                    })?;
                }
            }
        }
        let kind = object.kind();
        presence::<O, A::Error>(self.ctx, seen, kind)?;
        object.together::<A::Error>(seen, self.ctx)?;
        if self.ctx.builds() {
            object.build(self.out);
        } else if kind.is_some() {
            // Only the root knows a handle type.
            self.ctx.kind = kind;
        }
        Ok(())
    }

    wrong_type_visits!(other: seq);
}

/// The table's presence rules for the members `seen` (a bit per row):
/// required members that are absent, and members that the handle type
/// `kind` does not allow. With no usable `kind`, only the members every
/// type requires are checked.
fn presence<O: Object, E: de::Error>(
    ctx: &mut Ctx,
    seen: u64,
    kind: Option<HandleKind>,
) -> Result<(), E> {
    if O::MASKS.accept(seen, kind) {
        return Ok(());
    }
    for (i, m) in O::MEMBERS.iter().enumerate() {
        let present = seen & (1 << i) != 0;
        if present {
            if let Some(kind) = kind.filter(|k| !m.presence.allowed.contains(*k)) {
                ctx.violation(|| {
                    Violation::new(
                        Pointer::known(m.pointer),
                        ViolationKind::NotAllowed {
                            member: m.name,
                            kind,
                            allowed: m.presence.allowed.as_slice(),
                        },
                    )
                })?;
            }
        } else if m.presence.required == Kinds::ALL {
            ctx.violation(|| {
                Violation::new(
                    Pointer::known(m.pointer),
                    ViolationKind::Missing {
                        object: O::NAME,
                        member: m.name,
                    },
                )
            })?;
        } else if let Some(kind) = kind.filter(|k| m.presence.required.contains(*k)) {
            ctx.violation(|| {
                Violation::new(
                    Pointer::known(m.pointer),
                    ViolationKind::MissingForKind {
                        kind,
                        noun: O::NOUN,
                        member: m.name,
                    },
                )
            })?;
        }
    }
    Ok(())
}
