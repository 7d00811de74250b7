//! The objects of the body, each described once by the table of its members
//! (name, and which handle types require or allow it): the table drives
//! member matching, duplicates, missing and not-allowed members, and
//! suggestions; the code here only reads each member's value and builds the
//! model.

use serde::de::MapAccess;

use super::Ctx;
use super::leaf::{leaf, text_leaf};
use super::walk::{Object, ObjectSeed};
use crate::model::{
    ActivityHandle, Context, HandleId, HandleKind, HandleRequest, InviteAttributes, InviteHandle,
    Scid, SessionName, SessionRef, TemplateName, TitleId, Version, Xuid,
};
use crate::rules;
use crate::rules::members::{Member, Presence};

/// Declares the members of an object: an enum of its rows, and the table.
/// Each member's wire name is written here and nowhere else.
macro_rules! members {
    (
        $(#[$doc:meta])*
        enum $Member:ident at $pointer:literal {
            $($Variant:ident = $json:literal: $presence:expr,)+
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(super) enum $Member {
            $($Variant,)+
        }

        impl $Member {
            /// The table: one row per variant, in order.
            pub(super) const TABLE: &'static [Member] = &[$(Member {
                name: $json,
                pointer: concat!($pointer, "/", $json),
                presence: $presence,
            },)+];
            const _FITS_A_U64_MASK: () = assert!(Self::TABLE.len() <= 64);

            pub(super) fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($json => Some(Self::$Variant),)+
                    _ => None,
                }
            }

            /// This member's row of the table.
            // The enum and the table are written from the same list, so a
            // variant's index is always a row.
            #[allow(clippy::indexing_slicing)]
            pub(super) const fn row(self) -> &'static Member {
                &Self::TABLE[self as usize]
            }
        }

        impl From<$Member> for usize {
            fn from(m: $Member) -> usize {
                m as usize
            }
        }
    };
}

const INVITE: &[HandleKind] = &[HandleKind::Invite];

members! {
    /// The members of the body.
    enum RootMember at "" {
        Version = "version": Presence::REQUIRED,
        Type = "type": Presence::REQUIRED,
        Id = "id": Presence::OPTIONAL,
        SessionRef = "sessionRef": Presence::REQUIRED,
        InvitedXuid = "invitedXuid": Presence::only(INVITE),
        InviteAttributes = "inviteAttributes": Presence::only(INVITE),
    }
}

members! {
    /// The members of `sessionRef`.
    enum SessionRefMember at "/sessionRef" {
        Scid = "scid": Presence::REQUIRED,
        TemplateName = "templateName": Presence::REQUIRED,
        Name = "name": Presence::OPTIONAL,
    }
}

members! {
    /// The members of `inviteAttributes`.
    enum AttributesMember at "/inviteAttributes" {
        TitleId = "titleId": Presence::REQUIRED,
        Context = "context": Presence::OPTIONAL,
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
}

impl Object for Root {
    const POINTER: &'static str = "";
    const NAME: &'static str = "the handle";
    const MEMBERS: &'static [Member] = RootMember::TABLE;
    type Member = RootMember;
    type Output = HandleRequest;

    fn member(name: &str) -> Option<RootMember> {
        RootMember::from_name(name)
    }

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: RootMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row();
        match member {
            RootMember::Version => {
                self.version = leaf(map, ctx, depth, row, true, rules::version::check)?;
            }
            RootMember::Type => {
                self.kind = leaf(map, ctx, depth, row, false, rules::handle_type::check)?;
            }
            RootMember::Id => {
                self.id = leaf(map, ctx, depth, row, false, rules::guid::check)?.map(HandleId::new);
            }
            RootMember::SessionRef => map.next_value_seed(ObjectSeed::<SessionRefObject>::new(
                ctx,
                depth,
                &mut self.session_ref,
            ))?,
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
        let version = Version::V1;
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
        };
    }
}

/// `sessionRef`.
#[derive(Default)]
pub(super) struct SessionRefObject {
    scid: Option<Scid>,
    template_name: Option<TemplateName>,
    name: Option<SessionName>,
}

impl Object for SessionRefObject {
    const POINTER: &'static str = "/sessionRef";
    const NAME: &'static str = "sessionRef";
    const MEMBERS: &'static [Member] = SessionRefMember::TABLE;
    type Member = SessionRefMember;
    type Output = SessionRef;

    fn member(name: &str) -> Option<SessionRefMember> {
        SessionRefMember::from_name(name)
    }

    fn read<'de, A: MapAccess<'de>>(
        &mut self,
        member: SessionRefMember,
        map: &mut A,
        ctx: &mut Ctx,
        depth: usize,
    ) -> Result<(), A::Error> {
        let row = member.row();
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
    context: Option<Context>,
    context_string: Option<String>,
    sender_string: Option<String>,
}

impl Object for AttributesObject {
    const POINTER: &'static str = "/inviteAttributes";
    const NAME: &'static str = "inviteAttributes";
    const MEMBERS: &'static [Member] = AttributesMember::TABLE;
    type Member = AttributesMember;
    type Output = InviteAttributes;

    fn member(name: &str) -> Option<AttributesMember> {
        AttributesMember::from_name(name)
    }

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
            AttributesMember::Context => {
                self.context = text_leaf(map, ctx, depth, row, rules::context::check)?
                    .map(Context::new_unchecked);
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

    fn rows_match_variants<O: Object>() {
        for (i, row) in O::MEMBERS.iter().enumerate() {
            let member = O::member(row.name).unwrap();
            assert_eq!(member.into(), i, "{}", row.name);
            assert!(
                !row.name.contains(['~', '/']),
                "{} needs escaping",
                row.name
            );
            assert_eq!(row.pointer, format!("{}/{}", O::POINTER, row.name));
            assert!(row.presence.allowed.contains_all(row.presence.required));
        }
        assert!(O::member("Version").is_none());
        assert!(O::member("").is_none());
    }

    #[test]
    fn tables_are_consistent() {
        rows_match_variants::<Root>();
        rows_match_variants::<SessionRefObject>();
        rows_match_variants::<AttributesObject>();
    }
}
