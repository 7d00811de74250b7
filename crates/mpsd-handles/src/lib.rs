//! Validate the JSON bodies of Xbox Live MPSD `POST /handles` requests
//! (activity, invite, transfer and search handles) and `POST
//! /handles/query` requests (activity and search queries) before they
//! reach MPSD, and read MPSD's answer to an invite.
//!
//! One pass over the JSON text builds the typed [`HandleRequest`] or a
//! [`Report`] of *every* violation, each with an RFC 6901 pointer, a stable
//! [`Code`] and an English message. The rules are written out for users in
//! the repository's `docs/rules.md`; the README lists the codes and the
//! decisions taken where the sources are silent.
//!
//! ```
//! let report = mpsd_handles::from_str(r#"{"version": 1, "type": "activity",
//!     "sessionRef": {"scid": "not-a-guid", "templateName": "deathmatch"}}"#).unwrap_err();
//! let v = &report.violations()[0];
//! assert_eq!((v.pointer().as_str(), v.code().as_str()), ("/sessionRef/scid", "invalid_guid"));
//! ```
//!
//! Entry points: [`from_slice`], [`from_str`], [`from_value`] and
//! [`is_valid`] with the default limits, and the same on a configured
//! [`Validator`] (and `query_from_*` for query bodies). Features, all off
//! by default: `schema` (JSON Schema export, `schema` module), `jsonschema`
//! (a ready `jsonschema` validator with the `x-maxUriEncodedLength`
//! keyword), `arbitrary` (valid-by-construction models for fuzzing),
//! `arrow` (bulk validation of Arrow columns, `arrow` module) and `axum`
//! (the extractors, the request `Judge` and the tower `ValidateLayer`,
//! `axum` module). The library depends on
//! `serde`, `serde_json` (with `raw_value` and `float_roundtrip`), `uuid`,
//! `simdutf8`, `strsim` and `compact_str`
//! only; the command-line tool is the separate crate `mpsd-handles-cli`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

#[cfg(feature = "arrow")]
pub mod arrow;
#[cfg(feature = "axum")]
pub mod axum;
pub mod header;
pub mod include;
pub mod model;
mod parse;
pub mod problem;
mod report;
mod rules;
#[cfg(feature = "schema")]
pub mod schema;
mod validator;

// The root holds what a service uses: the entry points, the bodies, and
// the report. Each item has this one public path; the parts of the bodies
// are in `model`, the request's other parts in `header` and `include`.
pub use model::activity::ActivityHandle;
pub use model::invite::{InviteAttributes, InviteHandle};
pub use model::query::{ActivityQuery, HandleQuery, SearchQuery};
pub use model::request::HandleRequest;
pub use model::search::SearchHandle;
pub use model::session_ref::SessionRef;
pub use model::transfer::TransferHandle;
pub use report::{
    Code, ECHO_LIMIT, Echo, LineSafe, Located, Location, Pointer, Report, SyntaxCategory,
    SyntaxError, Violation, ViolationKind,
};
pub use rules::InvalidValue;
pub use rules::expected::{ExpectedValue, JsonType};
pub use rules::handle_type::HandleKind;
pub use validator::Validator;

/// Validates a body given as bytes, with the default limits (64 KiB, depth 32).
///
/// ```
/// let body = br#"{"version": 1, "type": "invite", "invitedXuid": "3210",
///   "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "deathmatch"},
///   "inviteAttributes": {"titleId": "1018096776"}}"#;
/// let request = mpsd_handles::from_slice(body)?;
/// assert_eq!(request.kind(), mpsd_handles::HandleKind::Invite);
/// # Ok::<(), mpsd_handles::Report>(())
/// ```
///
/// # Errors
/// A [`Report`] of every violation.
pub fn from_slice(bytes: &[u8]) -> Result<HandleRequest, Report> {
    Validator::new().validate_slice(bytes)
}

/// Validates a body given as text, with the default limits.
///
/// ```
/// let report = mpsd_handles::from_str(r#"{"version": 1, "type": "activity", "invitedXUID": "1"}"#)
///     .unwrap_err();
/// let codes: Vec<&str> = report.iter().map(|v| v.code().as_str()).collect();
/// assert_eq!(codes, ["unknown_member", "missing_member"]);
/// assert!(report.violations()[0].message().to_string().ends_with("Did you mean \"invitedXuid\"?"));
/// ```
///
/// # Errors
/// A [`Report`] of every violation.
pub fn from_str(text: &str) -> Result<HandleRequest, Report> {
    Validator::new().validate_str(text)
}

/// Validates a body already parsed into a [`serde_json::Value`], with the
/// default limits (the byte limit does not apply).
///
/// ```
/// let value = serde_json::json!({"version": 1.0, "type": "activity"});
/// let report = mpsd_handles::from_value(&value).unwrap_err();
/// assert_eq!(report.violations()[0].pointer(), "/sessionRef");
/// assert_eq!(report.violations()[1].pointer(), "/version");
/// ```
///
/// # Errors
/// A [`Report`] of every violation.
pub fn from_value(value: &serde_json::Value) -> Result<HandleRequest, Report> {
    Validator::new().validate_value(value)
}

/// Whether a body given as bytes is valid, with the default limits: the
/// verdict of [`from_slice`], found faster (it stops at the first violation
/// and builds nothing; see [`Validator::is_valid`]).
///
/// ```
/// assert!(!mpsd_handles::is_valid(br#"{"version": 2}"#));
/// ```
#[must_use]
pub fn is_valid(bytes: &[u8]) -> bool {
    Validator::new().is_valid(bytes)
}

/// Validates a `POST /handles/query` body given as bytes, with the default
/// limits (docs/rules.md §8).
///
/// ```
/// let body = br#"{"type": "activity", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
///   "owners": {"xuids": ["2533274792395670", "2533274792395671"]}}"#;
/// let query = mpsd_handles::query_from_slice(body)?;
/// assert_eq!(query.kind(), mpsd_handles::HandleKind::Activity);
/// # Ok::<(), mpsd_handles::Report>(())
/// ```
///
/// # Errors
/// A [`Report`] of every violation.
pub fn query_from_slice(bytes: &[u8]) -> Result<HandleQuery, Report> {
    Validator::new().validate_query_slice(bytes)
}

/// Validates a `POST /handles/query` body given as text, with the default limits.
///
/// ```
/// let report = mpsd_handles::query_from_str(r#"{"type": "search",
///   "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "lfg", "global": true,
///   "filter": "numbers/a eq 1 or numbers/b eq 2 or numbers/c eq 3"}"#).unwrap_err();
/// let v = &report.violations()[0];
/// assert_eq!((v.pointer().as_str(), v.code().as_str()), ("/filter", "invalid_filter"));
/// assert!(v.message().to_string().contains("at character 33 (O1)"));
/// ```
///
/// # Errors
/// A [`Report`] of every violation.
pub fn query_from_str(text: &str) -> Result<HandleQuery, Report> {
    Validator::new().validate_query_str(text)
}

/// Validates a `POST /handles/query` body already parsed into a `Value`,
/// with the default limits.
///
/// # Errors
/// A [`Report`] of every violation.
pub fn query_from_value(value: &serde_json::Value) -> Result<HandleQuery, Report> {
    Validator::new().validate_query_value(value)
}

/// Whether a `POST /handles/query` body is valid, with the default limits.
#[must_use]
pub fn is_valid_query(bytes: &[u8]) -> bool {
    Validator::new().is_valid_query(bytes)
}
