//! The typed request bodies. Every value of these types is valid: the
//! constrained newtypes can only be built through their checks, so
//! serializing a model always writes a body that [`from_slice`](crate::from_slice) accepts.

/// `impl JsonSchema` (feature `schema`) for a constrained type whose schema
/// is written out wherever it is used: `inline_json_schema!(Type, "Name", schema)`.
macro_rules! inline_json_schema {
    ($ty:ty, $name:expr, $schema:expr) => {
        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                $name.into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $schema
            }
        }
    };
}

mod activity;
#[cfg(feature = "arbitrary")]
mod arbitrary;
mod ids;
mod invite;
mod names;
mod request;
mod session_ref;

pub use activity::ActivityHandle;
pub use ids::{HandleId, Scid, TitleId, Xuid};
pub use invite::{Context, InviteAttributes, InviteHandle};
pub use names::{SessionName, TemplateName};
pub use request::{HandleKind, HandleRequest, Version};
pub use session_ref::SessionRef;
