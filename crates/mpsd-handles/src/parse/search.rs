//! `searchAttributes` (SPEC §6): its table, and the readers of its array of
//! tags and its objects of named numbers and strings.

use std::borrow::Cow;
use std::fmt;
use std::mem;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Ctx;
use super::raw::CowStr;
use super::table::members;
use super::walk::{AnySeed, Container, Object, container, wrong_type_visits};
use crate::model::{AttributeName, AttributeNumber, AttributeString, Attributes, SearchAttributes};
use crate::report::{Detail, Pointer, Violation};
use crate::rules::members::{Member, Presence};
use crate::rules::{Fault, Json, attribute};

members! {
    /// The members of `searchAttributes`.
    enum SearchMember at "/searchAttributes" {
        Tags = "tags": Presence::OPTIONAL,
        Numbers = "numbers": Presence::OPTIONAL,
        Strings = "strings": Presence::OPTIONAL,
    }
}

/// `searchAttributes`.
#[derive(Default)]
pub(super) struct SearchObject {
    tags: Vec<AttributeName>,
    numbers: Attributes<AttributeNumber>,
    strings: Attributes<AttributeString>,
}

impl Object for SearchObject {
    const POINTER: &'static str = "/searchAttributes";
    const NAME: &'static str = "searchAttributes";
    const MEMBERS: &'static [Member] = SearchMember::TABLE;
    type Member = SearchMember;
    type Output = SearchAttributes;

    fn member(name: &str) -> Option<SearchMember> {
        SearchMember::from_name(name)
    }

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: SearchMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row();
        match member {
            SearchMember::Tags => map.next_value_seed(TagsSeed {
                ctx,
                depth,
                row,
                out: &mut self.tags,
            }),
            SearchMember::Numbers => map.next_value_seed(AttributesSeed {
                ctx,
                depth,
                row,
                out: &mut self.numbers,
            }),
            SearchMember::Strings => map.next_value_seed(AttributesSeed {
                ctx,
                depth,
                row,
                out: &mut self.strings,
            }),
        }
    }

    fn build(&mut self, out: &mut Option<SearchAttributes>) {
        *out = Some(SearchAttributes {
            tags: mem::take(&mut self.tags),
            numbers: mem::take(&mut self.numbers),
            strings: mem::take(&mut self.strings),
        });
    }
}

/// `tags`: an array of attribute names.
struct TagsSeed<'c> {
    ctx: &'c mut Ctx,
    depth: usize,
    row: &'static Member,
    out: &'c mut Vec<AttributeName>,
}

impl<'de> DeserializeSeed<'de> for TagsSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        container(deserializer, self)
    }
}

impl Container for TagsSeed<'_> {
    const OPEN: u8 = b'[';
    fn place(&mut self) -> (&mut Ctx, usize) {
        (self.ctx, self.depth)
    }
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E> {
        let (row, found) = (self.row, found.kind());
        self.ctx.violation(|| {
            Violation::new(
                Pointer::known(row.pointer),
                Detail::WrongType {
                    member: row.name,
                    expected: "an array of attribute names",
                    found,
                },
            )
        })
    }
}

impl<'de> Visitor<'de> for TagsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of tags")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        let mut index = 0;
        while let Some(value) = seq.next_element_seed(AnySeed {
            ctx: self.ctx,
            depth,
        })? {
            match (attribute::tag(&value), value) {
                (Ok(()), Json::Str(s)) if self.ctx.builds() => {
                    self.out.push(AttributeName::new_unchecked(s.into_owned()));
                }
                (Ok(()), _) => {}
                (Err(fault), value) => {
                    let pointer = self.row.pointer;
                    self.ctx.violation(|| {
                        Violation::new(Pointer::index(pointer, index), fault.detail("Tag", &value))
                    })?;
                }
            }
            index += 1;
        }
        Ok(())
    }

    wrong_type_visits!(other: map);
}

/// The value type of an object of named attributes.
trait Value: Sized {
    /// What a valid value is checked into.
    type Checked;
    /// Checks a value.
    fn check(value: &Json<'_>) -> Result<Self::Checked, Fault>;
    /// The model's value.
    fn build(value: Json<'_>, checked: Self::Checked) -> Self;
}

impl Value for AttributeNumber {
    type Checked = f64;
    fn check(value: &Json<'_>) -> Result<f64, Fault> {
        attribute::number(value)
    }
    fn build(_: Json<'_>, checked: f64) -> Self {
        // Checked finite.
        AttributeNumber::new(checked).unwrap_or(AttributeNumber::ZERO)
    }
}

impl Value for AttributeString {
    type Checked = ();
    fn check(value: &Json<'_>) -> Result<(), Fault> {
        attribute::string_value(value)
    }
    fn build(value: Json<'_>, (): ()) -> Self {
        match value {
            Json::Str(s) => AttributeString::new_unchecked(s.into_owned()),
            _ => AttributeString::new_unchecked(String::new()),
        }
    }
}

/// `numbers` or `strings`: an object of attribute name → value. Names must
/// differ without regard to ASCII case (MPSD compares them that way).
struct AttributesSeed<'c, V> {
    ctx: &'c mut Ctx,
    depth: usize,
    row: &'static Member,
    out: &'c mut Attributes<V>,
}

impl<'de, V: Value> DeserializeSeed<'de> for AttributesSeed<'_, V> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        container(deserializer, self)
    }
}

impl<V: Value> Container for AttributesSeed<'_, V> {
    const OPEN: u8 = b'{';
    fn place(&mut self) -> (&mut Ctx, usize) {
        (self.ctx, self.depth)
    }
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E> {
        let (row, found) = (self.row, found.kind());
        self.ctx.violation(|| {
            Violation::new(
                Pointer::known(row.pointer),
                Detail::NotAnObject {
                    object: row.name,
                    found,
                },
            )
        })
    }
}

impl<'de, V: Value> Visitor<'de> for AttributesSeed<'_, V> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of attributes")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        let parent = self.row.pointer;
        let mut names: Vec<Cow<'de, str>> = Vec::new();
        let mut values: Vec<Option<V>> = Vec::new();
        while let Some(name) = map.next_key_seed(CowStr)? {
            let value = map.next_value_seed(AnySeed {
                ctx: self.ctx,
                depth,
            })?;
            let mut ok = true;
            if let Err(fault) = attribute::name(&name) {
                ok = false;
                self.ctx.violation(|| {
                    Violation::new(
                        Pointer::member(parent, &name),
                        fault.detail("", &Json::Str(Cow::Borrowed(&name))),
                    )
                })?;
            }
            match V::check(&value) {
                Ok(checked) if ok && self.ctx.builds() => {
                    values.push(Some(V::build(value, checked)));
                }
                Ok(_) => values.push(None),
                Err(fault) => {
                    values.push(None);
                    self.ctx.violation(|| {
                        Violation::new(
                            Pointer::member(parent, &name),
                            fault.detail("Attribute", &value),
                        )
                    })?;
                }
            }
            names.push(name);
        }
        for later in duplicates(&names) {
            if let (Some(name), Some(value)) = (names.get(later), values.get_mut(later)) {
                *value = None;
                self.ctx.violation(|| {
                    Violation::new(
                        Pointer::member(parent, name),
                        Fault::DuplicateAttribute.detail("", &Json::Str(Cow::Borrowed(name))),
                    )
                })?;
            }
        }
        for (name, value) in names.into_iter().zip(values) {
            if let Some(value) = value {
                self.out
                    .push_unchecked(AttributeName::new_unchecked(name.into_owned()), value);
            }
        }
        Ok(())
    }

    wrong_type_visits!(other: seq);
}

/// The indexes of names equal (without regard to ASCII case) to an earlier
/// one: sorted, not compared pairwise, so a body of thousands of names costs
/// `n log n`.
fn duplicates(names: &[Cow<'_, str>]) -> Vec<usize> {
    let folded = |i: &usize| {
        names
            .get(*i)
            .map(|n| n.bytes().map(|b| b.to_ascii_lowercase()))
            .into_iter()
            .flatten()
    };
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|a, b| folded(a).cmp(folded(b)).then(a.cmp(b)));
    let mut later: Vec<usize> = order
        .windows(2)
        .filter_map(|pair| match pair {
            [a, b] if folded(a).eq(folded(b)) => Some(*b),
            _ => None,
        })
        .collect();
    later.sort_unstable();
    later
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_without_regard_to_case() {
        let names: Vec<Cow<'_, str>> = ["a", "B", "A", "b", "c", "a"]
            .into_iter()
            .map(Cow::Borrowed)
            .collect();
        assert_eq!(duplicates(&names), [2, 3, 5]);
        assert!(duplicates(&[]).is_empty());
    }
}
