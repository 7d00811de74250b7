//! The objects of a query body (docs/rules.md §8.2–§8.4), each described
//! once by its table, as `objects.rs` does for handles.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, SeqAccess, Visitor};

use super::Ctx;
use super::container::{Container, container_seed, not_an_array, wrong_type_visits};
use super::leaf::{leaf, text_leaf};
use super::objects::Place;
use super::table::members;
use super::walk::{AnySeed, Object, ObjectSeed};
use crate::model::{
    ActivityQuery, Filter, HandleKind, HandleQuery, Moniker, OrderBy, Owners, Scid, SearchQuery,
    SocialGroup, TemplateName, Xuid,
};
use crate::report::{Pointer, Violation, ViolationKind};
use crate::rules::expected::ExpectedValue;
use crate::rules::members::{Member, Presence};
use crate::rules::{self, Json};

const ACTIVITY: &[HandleKind] = &[HandleKind::Activity];
const SEARCH: &[HandleKind] = &[HandleKind::Search];

members! {
    /// The members of a query body.
    enum QueryMember at "" {
        Type = "type": Presence::REQUIRED,
        Scid = "scid": Presence::REQUIRED,
        Owners = "owners": Presence::only(ACTIVITY),
        TemplateName = "templateName": Presence::only(SEARCH),
        Global = "global": Presence::only(SEARCH),
        Filter = "filter": Presence::optional_on(SEARCH),
        OrderBy = "orderBy": Presence::optional_on(SEARCH),
        SessionMembers = "sessionMembers": Presence::optional_on(SEARCH),
    }
}

members! {
    /// The members of `owners`.
    enum OwnersMember at "/owners" {
        Xuids = "xuids": Presence::OPTIONAL,
        People = "people": Presence::OPTIONAL,
    }
}

members! {
    /// The members of `sessionMembers`.
    enum SessionMembersMember at "/sessionMembers" {
        People = "people": Presence::REQUIRED,
    }
}

members! {
    /// The members of a social group, at `owners/people` and at
    /// `sessionMembers/people`.
    enum PeopleMember at "/owners/people", SESSION_MEMBERS_TABLE at "/sessionMembers/people" {
        Moniker = "moniker": Presence::REQUIRED,
        MonikerXuid = "monikerXuid": Presence::REQUIRED,
    }
}

/// The body of a query.
#[derive(Default)]
pub(super) struct QueryRoot {
    kind: Option<HandleKind>,
    scid: Option<Scid>,
    owners: Option<Owners>,
    template_name: Option<TemplateName>,
    global: Option<()>,
    filter: Option<Filter>,
    order_by: Option<OrderBy>,
    session_members: Option<SocialGroup>,
}

impl Object for QueryRoot {
    const NAME: &'static str = "the query";
    const NOUN: &'static str = "query";
    type Member = QueryMember;
    type Output = HandleQuery;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: QueryMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row();
        match member {
            QueryMember::Type => {
                self.kind = leaf(map, ctx, depth, row, false, rules::handle_type::check_query)?;
            }
            QueryMember::Scid => {
                self.scid = leaf(map, ctx, depth, row, false, rules::guid::check)?.map(Scid::new);
            }
            QueryMember::Owners => {
                map.next_value_seed(ObjectSeed::<OwnersObject>::new(
                    ctx,
                    depth,
                    &mut self.owners,
                ))?;
            }
            QueryMember::TemplateName => {
                self.template_name = text_leaf(map, ctx, depth, row, rules::name::check)?
                    .map(TemplateName::new_unchecked);
            }
            QueryMember::Global => {
                self.global = leaf(map, ctx, depth, row, false, rules::query::global)?;
            }
            QueryMember::Filter => {
                // The text is copied only when the walk builds the model.
                self.filter = text_leaf(map, ctx, depth, row, rules::query::filter)?
                    .map(Filter::from_checked);
            }
            QueryMember::OrderBy => {
                self.order_by = leaf(map, ctx, depth, row, false, rules::query::order_by)?;
            }
            QueryMember::SessionMembers => {
                map.next_value_seed(ObjectSeed::<SessionMembersObject>::new(
                    ctx,
                    depth,
                    &mut self.session_members,
                ))?;
            }
        }
        Ok(())
    }

    fn kind(&self) -> Option<HandleKind> {
        self.kind
    }

    fn build(&mut self, out: &mut Option<HandleQuery>) {
        let Some(scid) = self.scid else {
            return;
        };
        *out = match self.kind {
            Some(HandleKind::Activity) => self
                .owners
                .take()
                .map(|owners| HandleQuery::Activity(ActivityQuery { scid, owners })),
            Some(HandleKind::Search) => match (self.template_name.take(), self.global) {
                (Some(template_name), Some(())) => Some(HandleQuery::Search(SearchQuery {
                    scid,
                    template_name,
                    filter: self.filter.take(),
                    order_by: self.order_by.take(),
                    session_members: self.session_members.take(),
                })),
                _ => None,
            },
            _ => None,
        };
    }
}

/// `owners`: exactly one of `xuids` and `people`.
#[derive(Default)]
pub(super) struct OwnersObject {
    xuids: Option<Vec<Xuid>>,
    people: Option<SocialGroup>,
}

impl Object for OwnersObject {
    const NAME: &'static str = "owners";
    type Member = OwnersMember;
    type Output = Owners;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: OwnersMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        match member {
            OwnersMember::Xuids => map.next_value_seed(XuidsSeed {
                ctx,
                depth,
                row: member.row(),
                out: &mut self.xuids,
            }),
            OwnersMember::People => map.next_value_seed(ObjectSeed::<PeopleObject<AtOwners>>::new(
                ctx,
                depth,
                &mut self.people,
            )),
        }
    }

    fn together<E: de::Error>(&self, seen: u64, ctx: &mut Ctx) -> Result<(), E> {
        if seen.is_power_of_two() {
            return Ok(());
        }
        ctx.violation(|| {
            Violation::new(
                Pointer::known("/owners"),
                ViolationKind::OwnersNotExactlyOne,
            )
        })
    }

    fn build(&mut self, out: &mut Option<Owners>) {
        *out = match (self.xuids.take(), self.people.take()) {
            (Some(xuids), None) => Some(Owners::Xuids(xuids)),
            (None, Some(people)) => Some(Owners::People(people)),
            _ => None,
        };
    }
}

/// `owners/xuids`: a non-empty array of Xbox user ids.
struct XuidsSeed<'c> {
    ctx: &'c mut Ctx,
    depth: usize,
    row: &'static Member,
    out: &'c mut Option<Vec<Xuid>>,
}

container_seed!([] XuidsSeed<'_>);

impl Container for XuidsSeed<'_> {
    const OPEN: u8 = b'[';
    fn place(&mut self) -> (&mut Ctx, usize) {
        (self.ctx, self.depth)
    }
    fn wrong_type<E: de::Error>(self, found: &Json<'_>) -> Result<(), E> {
        not_an_array(self.ctx, self.row, ExpectedValue::XuidArray, found)
    }
}

impl<'de> Visitor<'de> for XuidsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of Xbox user ids")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.depth + 1;
        self.ctx.enter(depth)?;
        let mut xuids = Vec::new();
        let mut index = 0;
        while let Some(value) = seq.next_element_seed(AnySeed {
            ctx: self.ctx,
            depth,
        })? {
            match rules::xuid::check(&value) {
                Ok(xuid) => xuids.push(Xuid::from(xuid)),
                Err(fault) => {
                    let pointer = self.row.pointer;
                    self.ctx.violation(|| {
                        Violation::new(
                            Pointer::index(pointer, index),
                            ViolationKind::from_fault(fault, "xuid", &value),
                        )
                    })?;
                }
            }
            index += 1;
        }
        if index == 0 {
            let pointer = self.row.pointer;
            self.ctx
                .violation(|| Violation::new(Pointer::known(pointer), ViolationKind::XuidsEmpty))?;
        }
        if self.ctx.builds() {
            *self.out = Some(xuids);
        }
        Ok(())
    }

    wrong_type_visits!(other: map);
}

/// `sessionMembers`: one member, `people`.
#[derive(Default)]
pub(super) struct SessionMembersObject {
    people: Option<SocialGroup>,
}

impl Object for SessionMembersObject {
    const NAME: &'static str = "sessionMembers";
    type Member = SessionMembersMember;
    type Output = SocialGroup;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: SessionMembersMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        match member {
            SessionMembersMember::People => map.next_value_seed(ObjectSeed::<
                PeopleObject<AtSessionMembers>,
            >::new(
                ctx, depth, &mut self.people
            )),
        }
    }

    fn build(&mut self, out: &mut Option<SocialGroup>) {
        *out = self.people.take();
    }
}

/// `owners/people`.
pub(super) struct AtOwners;

impl Place for AtOwners {
    const POINTER: &'static str = "/owners/people";
    const NAME: &'static str = "people";
    const TABLE: &'static [Member] = PeopleMember::TABLE;
}

/// `sessionMembers/people`.
pub(super) struct AtSessionMembers;

impl Place for AtSessionMembers {
    const POINTER: &'static str = "/sessionMembers/people";
    const NAME: &'static str = "people";
    const TABLE: &'static [Member] = PeopleMember::SESSION_MEMBERS_TABLE;
}

/// A social group at place `P`.
pub(super) struct PeopleObject<P> {
    moniker: Option<Moniker>,
    moniker_xuid: Option<Xuid>,
    place: PhantomData<P>,
}

impl<P> Default for PeopleObject<P> {
    fn default() -> Self {
        Self {
            moniker: None,
            moniker_xuid: None,
            place: PhantomData,
        }
    }
}

impl<P: Place> Object for PeopleObject<P> {
    const POINTER: &'static str = P::POINTER;
    const NAME: &'static str = P::NAME;
    const MEMBERS: &'static [Member] = P::TABLE;
    type Member = PeopleMember;
    type Output = SocialGroup;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: PeopleMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row_in(P::TABLE);
        match member {
            PeopleMember::Moniker => {
                self.moniker = text_leaf(map, ctx, depth, row, rules::query::moniker)?
                    .map(Moniker::new_unchecked);
            }
            PeopleMember::MonikerXuid => {
                self.moniker_xuid =
                    leaf(map, ctx, depth, row, false, rules::xuid::check)?.map(Xuid::from);
            }
        }
        Ok(())
    }

    fn build(&mut self, out: &mut Option<SocialGroup>) {
        if let (Some(moniker), Some(moniker_xuid)) = (self.moniker.take(), self.moniker_xuid) {
            *out = Some(SocialGroup {
                moniker,
                moniker_xuid,
            });
        }
    }
}
