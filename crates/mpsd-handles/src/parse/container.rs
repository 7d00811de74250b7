//! Containers the walk expects (an object or an array): how one is read
//! (through raw text in an exact walk) and how any other JSON type in its
//! place is recorded as the wrong type.

use serde::de::{self, Deserializer, Visitor};

use super::{Ctx, Mode, raw};
use crate::report::{Pointer, Violation, ViolationKind};
use crate::rules::Json;
use crate::rules::expected::ExpectedValue;
use crate::rules::members::Member;

/// A value the walk expects to be an object or an array, read by a
/// visitor that handles the container and records any other type as
/// `invalid_type`.
pub(super) trait Container: for<'de> Visitor<'de, Value = ()> + Sized {
    /// The container's opening byte: `{` or `[`.
    const OPEN: u8;
    /// The walk's state and the container's depth.
    fn place(&mut self) -> (&mut Ctx, usize);
    /// Records that the value is `found` instead.
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E>;
}

/// Records that the member of `row`, which must be `expected` (an array
/// of some values), is `found` instead: what an array member's
/// [`Container::wrong_type`] says.
pub(super) fn not_an_array<E: de::Error>(
    ctx: &mut Ctx,
    row: &'static Member,
    expected: ExpectedValue,
    found: &Json<'_>,
) -> Result<(), E> {
    let found = found.kind();
    ctx.violation(|| {
        Violation::new(
            Pointer::known(row.pointer),
            ViolationKind::WrongType {
                member: row.name,
                expected,
                found,
            },
        )
    })
}

/// Reads the container `seed` expects, through raw text in an exact walk.
pub(super) fn container<'de, D: Deserializer<'de>, C: Container>(
    deserializer: D,
    mut seed: C,
) -> Result<(), D::Error> {
    if seed.place().0.mode == Mode::Exact {
        raw::container(deserializer, seed)
    } else {
        deserializer.deserialize_any(seed)
    }
}

/// `DeserializeSeed` for a [`Container`] visitor (generics in brackets):
/// it reads through [`container`], so an exact walk reads raw text.
macro_rules! container_seed {
    ([$($generics:tt)*] $seed:ty) => {
        impl<'de, $($generics)*> serde::de::DeserializeSeed<'de> for $seed {
            type Value = ();
            fn deserialize<D: serde::Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<(), D::Error> {
                $crate::parse::container::container(deserializer, self)
            }
        }
    };
}
pub(super) use container_seed;

/// The `visit_*` methods of a [`Container`] visitor for every JSON type
/// but its own (`seq` or `map`, given first): each records the wrong type.
macro_rules! wrong_type_visits {
    (other: seq) => {
        fn visit_seq<A: SeqAccess<'de>>(mut self, seq: A) -> Result<(), A::Error> {
            let (ctx, depth) = self.place();
            let found = AnySeed { ctx, depth }.visit_seq(seq)?;
            self.wrong_type(&found)
        }
        wrong_type_visits!(scalars);
    };
    (other: map) => {
        fn visit_map<A: MapAccess<'de>>(mut self, map: A) -> Result<(), A::Error> {
            let (ctx, depth) = self.place();
            let found = AnySeed { ctx, depth }.visit_map(map)?;
            self.wrong_type(&found)
        }
        wrong_type_visits!(scalars);
    };
    (scalars) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
            self.wrong_type(&Json::Bool(v))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
            self.wrong_type(&Json::I64(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
            self.wrong_type(&Json::U64(v))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
            self.wrong_type(&Json::F64(v))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.wrong_type(&Json::Str(std::borrow::Cow::Borrowed("")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.wrong_type(&Json::Null)
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            self.wrong_type(&Json::Null)
        }
    };
}
pub(super) use wrong_type_visits;
