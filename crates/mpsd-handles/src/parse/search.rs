//! `searchAttributes` (docs/rules.md §6): its table, and the readers of its array of
//! tags and its objects of named numbers and strings.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::mem;

use compact_str::CompactString;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

use super::Ctx;
use super::container::{Container, container_seed, not_an_array, wrong_type_visits};
use super::raw::CowStr;
use super::table::members;
use super::walk::{AnySeed, Object};
use crate::model::{AttributeName, AttributeNumber, AttributeString, Attributes, SearchAttributes};
use crate::report::{Pointer, Violation, ViolationKind};
use crate::rules::expected::ExpectedValue;
use crate::rules::members::{Member, Presence};
use crate::rules::within_slice;
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
    const NAME: &'static str = "searchAttributes";
    type Member = SearchMember;
    type Output = SearchAttributes;

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

container_seed!([] TagsSeed<'_>);

impl Container for TagsSeed<'_> {
    const OPEN: u8 = b'[';
    fn place(&mut self) -> (&mut Ctx, usize) {
        (self.ctx, self.depth)
    }
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E> {
        not_an_array(self.ctx, self.row, ExpectedValue::AttributeNameArray, found)
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
                    self.out.push(AttributeName::new_unchecked(s.into()));
                }
                (Ok(()), _) => {}
                (Err(fault), value) => {
                    let pointer = self.row.pointer;
                    self.ctx.violation(|| {
                        Violation::new(
                            Pointer::index(pointer, index),
                            ViolationKind::from_fault(fault, "Tag", &value),
                        )
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
trait AttributeValue: Sized {
    /// What a valid value is checked into.
    type Checked;
    /// Checks a value.
    fn check(value: &Json<'_>) -> Result<Self::Checked, Fault>;
    /// The model's value.
    fn build(value: Json<'_>, checked: Self::Checked) -> Self;
}

impl AttributeValue for AttributeNumber {
    type Checked = f64;
    fn check(value: &Json<'_>) -> Result<f64, Fault> {
        attribute::number(value)
    }
    fn build(_: Json<'_>, checked: f64) -> Self {
        // Checked finite.
        AttributeNumber::new(checked).unwrap_or(AttributeNumber::ZERO)
    }
}

impl AttributeValue for AttributeString {
    type Checked = ();
    fn check(value: &Json<'_>) -> Result<(), Fault> {
        attribute::string_value(value)
    }
    fn build(value: Json<'_>, (): ()) -> Self {
        match value {
            Json::Str(s) => AttributeString::new_unchecked(s.into()),
            _ => AttributeString::new_unchecked(CompactString::const_new("")),
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

container_seed!([V: AttributeValue] AttributesSeed<'_, V>);

impl<V: AttributeValue> Container for AttributesSeed<'_, V> {
    const OPEN: u8 = b'{';
    fn place(&mut self) -> (&mut Ctx, usize) {
        (self.ctx, self.depth)
    }
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E> {
        let (row, found) = (self.row, found.kind());
        self.ctx.violation(|| {
            Violation::new(
                Pointer::known(row.pointer),
                ViolationKind::NotAnObject {
                    object: row.name,
                    found,
                },
            )
        })
    }
}

impl<'de, V: AttributeValue> Visitor<'de> for AttributesSeed<'_, V> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of attributes")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        let parent = self.row.pointer;
        let mut names = Names::default();
        while let Some(name) = map.next_key_seed(CowStr)? {
            let value = map.next_value_seed(AnySeed {
                ctx: self.ctx,
                depth,
            })?;
            let name_ok = attribute::name(&name).is_ok();
            if !name_ok {
                self.ctx.violation(|| {
                    Violation::new(
                        Pointer::member(parent, &name),
                        ViolationKind::from_fault(
                            Fault::InvalidAttributeName,
                            "",
                            &Json::Str(Cow::Borrowed(&name)),
                        ),
                    )
                })?;
            } else if !names.insert(&name) {
                self.ctx.violation(|| {
                    Violation::new(
                        Pointer::member(parent, &name),
                        ViolationKind::from_fault(
                            Fault::DuplicateAttribute,
                            "",
                            &Json::Str(Cow::Borrowed(&name)),
                        ),
                    )
                })?;
                continue;
            }
            match V::check(&value) {
                Ok(checked) if name_ok && self.ctx.builds() => {
                    let value = V::build(value, checked);
                    self.out
                        .push_unchecked(AttributeName::new_unchecked(name.into()), value);
                }
                Ok(_) => {}
                Err(fault) => {
                    self.ctx.violation(|| {
                        Violation::new(
                            Pointer::member(parent, &name),
                            ViolationKind::from_fault(fault, "Attribute", &value),
                        )
                    })?;
                }
            }
        }
        Ok(())
    }

    wrong_type_visits!(other: seq);
}

/// The attribute names of one object so far, to find one equal (without
/// regard to ASCII case) to an earlier one. A few names borrowed from the
/// body are compared one by one (nothing allocated, nothing to drop); past
/// [`Names::SMALL`], or for a name the body escaped (so not borrowed), a
/// hash set of their lower-case forms keeps a body of thousands of names
/// linear.
struct Names<'de> {
    few: [&'de str; Names::SMALL],
    len: usize,
    many: Option<HashSet<String>>,
}

impl Default for Names<'_> {
    fn default() -> Self {
        Self {
            few: [""; Names::SMALL],
            len: 0,
            many: None,
        }
    }
}

impl<'de> Names<'de> {
    const SMALL: usize = 16;

    /// Adds `name`; `false` when an equal name is already there.
    // Whether the name is borrowed decides where it goes: a `Cow` it is.
    #[allow(clippy::ptr_arg)]
    fn insert(&mut self, name: &Cow<'de, str>) -> bool {
        let borrowed = match name {
            Cow::Borrowed(b) if self.many.is_none() && self.len < Self::SMALL => *b,
            _ => return self.insert_many(name),
        };
        let few = within_slice(&self.few, ..self.len);
        if few.iter().any(|n| n.eq_ignore_ascii_case(borrowed)) {
            return false;
        }
        if let Some(slot) = self.few.get_mut(self.len) {
            *slot = borrowed;
            self.len += 1;
        }
        true
    }

    /// Adds `name` to the hash set, moving the few there first.
    #[cold]
    fn insert_many(&mut self, name: &str) -> bool {
        let few = within_slice(&self.few, ..self.len);
        let many = self
            .many
            .get_or_insert_with(|| few.iter().map(|n| n.to_ascii_lowercase()).collect());
        many.insert(name.to_ascii_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_equal_without_regard_to_case() {
        let given: Vec<String> = (0..40).map(|i| format!("Name{i}")).collect();
        let uppers: Vec<String> = given.iter().map(|n| n.to_ascii_uppercase()).collect();
        // Borrowed (the few, then the set past them), owned (the set), mixed.
        for (count, borrowed) in [(3, true), (40, true), (3, false), (40, false)] {
            let mut names = Names::default();
            for (i, name) in given.iter().take(count).enumerate() {
                let name = if borrowed {
                    Cow::Borrowed(name.as_str())
                } else {
                    Cow::Owned(name.clone())
                };
                assert!(names.insert(&name), "{i}");
            }
            for (i, upper) in uppers.iter().take(count).enumerate() {
                assert!(!names.insert(&Cow::Owned(format!("nAME{i}"))), "{i}");
                assert!(!names.insert(&Cow::Borrowed(upper.as_str())), "{i}");
            }
            assert!(names.insert(&Cow::Borrowed("other")));
            assert!(!names.insert(&Cow::Owned("OTHER".to_owned())));
        }
    }
}
