//! The typed request bodies. Every value of these types is valid: the
//! constrained newtypes can only be built through their checks, so
//! serializing a model always writes a body that [`from_slice`](crate::from_slice) accepts.

#[macro_use]
mod checked;

pub(crate) mod activity;
#[cfg(feature = "arbitrary")]
mod arbitrary;
mod de;
mod ids;
pub(crate) mod invite;
mod names;
pub(crate) mod query;
pub(crate) mod request;
mod response;
mod results;
pub(crate) mod search;
pub(crate) mod session_ref;
pub(crate) mod transfer;

// The bodies a service handles are at the crate root (their one public
// path); inside the crate they are also reached from here.
pub(crate) use activity::ActivityHandle;
pub(crate) use invite::{InviteAttributes, InviteHandle};
pub(crate) use query::{ActivityQuery, HandleQuery, SearchQuery};
pub(crate) use request::{HandleKind, HandleRequest};
pub(crate) use search::SearchHandle;
pub(crate) use session_ref::SessionRef;
pub(crate) use transfer::TransferHandle;

// The parts of the bodies, and the answers MPSD gives: reached as
// `mpsd_handles::model::…`.
pub use crate::rules::context::uri_encoded_len;
pub use ids::{HandleId, Scid, TitleId, Xuid};
pub use invite::InviteContext;
pub use names::{SessionName, TemplateName};
pub use query::{
    AttributeType, CompareOp, Comparison, Direction, Expr, Filter, FilterError, FilterExpected,
    FilterPath, FilterRule, Lambda, Literal, Moniker, Operand, OrderBy, Owners, Quantifier,
    SocialGroup,
};
pub use request::HandleVersion;
pub use response::{InviteHandleResponse, ResponseAttributes};
pub use results::{ActivityResult, QueryResults, RelatedInfo, SearchResult};
pub use search::{AttributeName, AttributeNumber, AttributeString, Attributes, SearchAttributes};
