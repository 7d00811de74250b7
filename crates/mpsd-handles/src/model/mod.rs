//! The typed request bodies. Every value of these types is valid: the
//! constrained newtypes can only be built through their checks, so
//! serializing a model always writes a body that [`from_slice`](crate::from_slice) accepts.

#[macro_use]
mod checked;

mod activity;
#[cfg(feature = "arbitrary")]
mod arbitrary;
mod de;
mod ids;
mod invite;
mod names;
mod query;
mod request;
mod response;
mod results;
mod search;
mod session_ref;
mod transfer;

pub use activity::ActivityHandle;
pub use ids::{HandleId, Scid, TitleId, Xuid};
pub use invite::{Context, InviteAttributes, InviteHandle};
pub use names::{SessionName, TemplateName};
pub use query::{
    ActivityQuery, AttributeType, CompareOp, Comparison, Direction, Expected, Expr, Filter,
    FilterError, FilterRule, HandleQuery, Lambda, Literal, Moniker, Operand, OrderBy, Owners, Path,
    Quantifier, SearchQuery, SocialGroup,
};
pub use request::{HandleKind, HandleRequest, Version};
pub use response::{InviteHandleResponse, ResponseAttributes};
pub use results::{ActivityResult, QueryResults, RelatedInfo, SearchResult};
pub use search::{
    AttributeName, AttributeNumber, AttributeString, Attributes, SearchAttributes, SearchHandle,
};
pub use session_ref::SessionRef;
pub use transfer::TransferHandle;
