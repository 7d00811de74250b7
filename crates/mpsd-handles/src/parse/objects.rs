//! The objects of the body, each described once by the table of its members
//! (name, and which handle types require or allow it): the table drives
//! member matching, duplicates, missing and not-allowed members, and
//! suggestions; the code here only reads each member's value and builds the
//! model.

use std::marker::PhantomData;

use serde::de::MapAccess;

use super::Ctx;
use super::leaf::{leaf, text_leaf};
use super::search::SearchObject;
use super::table::members;
use super::walk::{Object, ObjectSeed};
use crate::model::{
    ActivityHandle, HandleId, HandleKind, HandleRequest, HandleVersion, InviteAttributes,
    InviteContext, InviteHandle, Scid, SearchAttributes, SearchHandle, SessionName, SessionRef,
    TemplateName, TitleId, TransferHandle, Xuid,
};
use crate::rules;
use crate::rules::members::{Member, Presence};

const INVITE: &[HandleKind] = &[HandleKind::Invite];
const TRANSFER: &[HandleKind] = &[HandleKind::Transfer];
const SEARCH: &[HandleKind] = &[HandleKind::Search];

members! {
    /// The members of the body.
    enum RootMember at "" {
        HandleVersion = "version": Presence::REQUIRED,
        Type = "type": Presence::REQUIRED,
        Id = "id": Presence::OPTIONAL,
        SessionRef = "sessionRef": Presence::REQUIRED,
        InvitedXuid = "invitedXuid": Presence::only(INVITE),
        InviteAttributes = "inviteAttributes": Presence::only(INVITE),
        OriginSessionRef = "originSessionRef": Presence::only(TRANSFER),
        SearchAttributes = "searchAttributes": Presence::optional_on(SEARCH),
    }
}

members! {
    /// The members of `sessionRef`, and of `originSessionRef`.
    enum SessionRefMember at "/sessionRef", ORIGIN_TABLE at "/originSessionRef" {
        Scid = "scid": Presence::REQUIRED,
        TemplateName = "templateName": Presence::REQUIRED,
        Name = "name": Presence::OPTIONAL,
    }
}

members! {
    /// The members of `inviteAttributes`.
    enum AttributesMember at "/inviteAttributes" {
        TitleId = "titleId": Presence::REQUIRED,
        InviteContext = "context": Presence::OPTIONAL,
        ContextString = "contextString": Presence::OPTIONAL,
        SenderString = "senderString": Presence::OPTIONAL,
    }
}

/// The body.
#[derive(Default)]
pub(super) struct Root {
    version: Option<()>,
    kind: Option<HandleKind>,
    id: Option<HandleId>,
    session_ref: Option<SessionRef>,
    invited_xuid: Option<Xuid>,
    invite_attributes: Option<InviteAttributes>,
    origin_session_ref: Option<SessionRef>,
    search_attributes: Option<SearchAttributes>,
}

impl Object for Root {
    const NAME: &'static str = "the handle";
    type Member = RootMember;
    type Output = HandleRequest;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: RootMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row();
        match member {
            RootMember::HandleVersion => {
                self.version = leaf(map, ctx, depth, row, true, rules::version::check)?;
            }
            RootMember::Type => {
                self.kind = leaf(map, ctx, depth, row, false, rules::handle_type::check)?;
            }
            RootMember::Id => {
                self.id = leaf(map, ctx, depth, row, false, rules::guid::check)?.map(HandleId::new);
            }
            RootMember::SessionRef => {
                let out = &mut self.session_ref;
                map.next_value_seed(ObjectSeed::<SessionRefObject<AtSessionRef>>::new(
                    ctx, depth, out,
                ))?;
            }
            RootMember::OriginSessionRef => {
                let out = &mut self.origin_session_ref;
                map.next_value_seed(ObjectSeed::<SessionRefObject<AtOriginSessionRef>>::new(
                    ctx, depth, out,
                ))?;
            }
            RootMember::SearchAttributes => {
                let out = &mut self.search_attributes;
                map.next_value_seed(ObjectSeed::<SearchObject>::new(ctx, depth, out))?;
            }
            RootMember::InvitedXuid => {
                self.invited_xuid =
                    leaf(map, ctx, depth, row, false, rules::xuid::check)?.map(Xuid::from);
            }
            RootMember::InviteAttributes => {
                map.next_value_seed(ObjectSeed::<AttributesObject>::new(
                    ctx,
                    depth,
                    &mut self.invite_attributes,
                ))?;
            }
        }
        Ok(())
    }

    fn kind(&self) -> Option<HandleKind> {
        self.kind
    }

    fn build(&mut self, out: &mut Option<HandleRequest>) {
        let (Some(()), Some(kind), Some(session_ref)) =
            (self.version, self.kind, self.session_ref.take())
        else {
            return;
        };
        let version = HandleVersion::V1;
        let id = self.id;
        *out = match kind {
            HandleKind::Activity => Some(HandleRequest::Activity(ActivityHandle {
                version,
                id,
                session_ref,
            })),
            HandleKind::Invite => match (self.invited_xuid, self.invite_attributes.take()) {
                (Some(invited_xuid), Some(invite_attributes)) => {
                    Some(HandleRequest::Invite(InviteHandle {
                        version,
                        id,
                        session_ref,
                        invited_xuid,
                        invite_attributes,
                    }))
                }
                _ => None,
            },
            HandleKind::Transfer => self.origin_session_ref.take().map(|origin_session_ref| {
                HandleRequest::Transfer(TransferHandle {
                    id,
                    session_ref,
                    version,
                    origin_session_ref,
                })
            }),
            HandleKind::Search => Some(HandleRequest::Search(SearchHandle {
                id,
                version,
                session_ref,
                search_attributes: self.search_attributes.take(),
            })),
        };
    }
}

/// Where a session reference is: `sessionRef` or `originSessionRef`.
pub(super) trait Place {
    const POINTER: &'static str;
    const NAME: &'static str;
    const TABLE: &'static [Member];
}

/// `sessionRef`.
pub(super) struct AtSessionRef;

impl Place for AtSessionRef {
    const POINTER: &'static str = "/sessionRef";
    const NAME: &'static str = "sessionRef";
    const TABLE: &'static [Member] = SessionRefMember::TABLE;
}

/// `originSessionRef` (a transfer's lobby).
pub(super) struct AtOriginSessionRef;

impl Place for AtOriginSessionRef {
    const POINTER: &'static str = "/originSessionRef";
    const NAME: &'static str = "originSessionRef";
    const TABLE: &'static [Member] = SessionRefMember::ORIGIN_TABLE;
}

/// A session reference at place `P`.
pub(super) struct SessionRefObject<P> {
    scid: Option<Scid>,
    template_name: Option<TemplateName>,
    name: Option<SessionName>,
    place: PhantomData<P>,
}

impl<P> Default for SessionRefObject<P> {
    fn default() -> Self {
        Self {
            scid: None,
            template_name: None,
            name: None,
            place: PhantomData,
        }
    }
}

impl<P: Place> Object for SessionRefObject<P> {
    const POINTER: &'static str = P::POINTER;
    const NAME: &'static str = P::NAME;
    const MEMBERS: &'static [Member] = P::TABLE;
    type Member = SessionRefMember;
    type Output = SessionRef;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: SessionRefMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row_in(P::TABLE);
        match member {
            SessionRefMember::Scid => {
                self.scid = leaf(map, ctx, depth, row, false, rules::guid::check)?.map(Scid::new);
            }
            SessionRefMember::TemplateName => {
                self.template_name = text_leaf(map, ctx, depth, row, rules::name::check)?
                    .map(TemplateName::new_unchecked);
            }
            SessionRefMember::Name => {
                self.name = text_leaf(map, ctx, depth, row, rules::name::check)?
                    .map(SessionName::new_unchecked);
            }
        }
        Ok(())
    }

    fn build(&mut self, out: &mut Option<SessionRef>) {
        if let (Some(scid), Some(template_name)) = (self.scid, self.template_name.take()) {
            *out = Some(SessionRef {
                scid,
                template_name,
                name: self.name.take(),
            });
        }
    }
}

/// `inviteAttributes`.
#[derive(Default)]
pub(super) struct AttributesObject {
    title_id: Option<TitleId>,
    context: Option<InviteContext>,
    context_string: Option<String>,
    sender_string: Option<String>,
}

impl Object for AttributesObject {
    const NAME: &'static str = "inviteAttributes";
    type Member = AttributesMember;
    type Output = InviteAttributes;

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: AttributesMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row();
        match member {
            AttributesMember::TitleId => {
                self.title_id =
                    leaf(map, ctx, depth, row, true, rules::title_id::check)?.map(TitleId::new);
            }
            AttributesMember::InviteContext => {
                self.context = text_leaf(map, ctx, depth, row, rules::context::check)?
                    .map(InviteContext::new_unchecked);
            }
            AttributesMember::ContextString => {
                self.context_string = text_leaf(map, ctx, depth, row, rules::text::check)?;
            }
            AttributesMember::SenderString => {
                self.sender_string = text_leaf(map, ctx, depth, row, rules::text::check)?;
            }
        }
        Ok(())
    }

    fn build(&mut self, out: &mut Option<InviteAttributes>) {
        if let Some(title_id) = self.title_id {
            *out = Some(InviteAttributes {
                title_id,
                context: self.context.take(),
                context_string: self.context_string.take(),
                sender_string: self.sender_string.take(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::table::Members;

    fn rows_match_variants<O: Object>() {
        for (i, row) in O::MEMBERS.iter().enumerate() {
            let member = O::Member::from_name(row.name).unwrap();
            assert_eq!(member.into(), i, "{}", row.name);
            assert!(
                !row.name.contains(['~', '/']),
                "{} needs escaping",
                row.name
            );
            assert_eq!(row.pointer, format!("{}/{}", O::POINTER, row.name));
            assert!(row.presence.allowed.contains_all(row.presence.required));
        }
        assert!(O::Member::from_name("HandleVersion").is_none());
        assert!(O::Member::from_name("").is_none());
    }

    /// The masks say what the presence loop would find, for every set of
    /// present members and every handle type.
    fn masks_agree<O: Object>() {
        use crate::rules::handle_type::Kinds;
        let rows = O::MEMBERS;
        let kinds = std::iter::once(None).chain(HandleKind::ALL.iter().copied().map(Some));
        for kind in kinds {
            for seen in 0..(1u64 << rows.len()) {
                let expected = rows.iter().enumerate().all(|(i, m)| {
                    if seen & (1 << i) != 0 {
                        kind.is_none_or(|k| m.presence.allowed.contains(k))
                    } else {
                        m.presence.required != Kinds::ALL
                            && !kind.is_some_and(|k| m.presence.required.contains(k))
                    }
                });
                assert_eq!(O::MASKS.accept(seen, kind), expected, "{seen:b} {kind:?}");
            }
        }
    }

    #[test]
    fn masks_are_the_tables() {
        masks_agree::<Root>();
        masks_agree::<SessionRefObject<AtSessionRef>>();
        masks_agree::<SessionRefObject<AtOriginSessionRef>>();
        masks_agree::<SearchObject>();
        masks_agree::<AttributesObject>();
    }

    #[test]
    fn tables_are_consistent() {
        rows_match_variants::<Root>();
        rows_match_variants::<SessionRefObject<AtSessionRef>>();
        rows_match_variants::<SessionRefObject<AtOriginSessionRef>>();
        rows_match_variants::<SearchObject>();
        rows_match_variants::<AttributesObject>();
    }
}
