//! RFC 9457 problem details for a refused `POST /handles`: a framework-free
//! serde type, built from a [`Report`] or from one [`ProblemKind`]. The
//! `axum` feature answers with it; actix, hyper or anything else can too.

use serde::{Deserialize, Serialize};

use crate::report::{Echo, Report};

/// The media type of a problem body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Declares [`ProblemKind`] from one table: each kind's doc, `type` URI
/// suffix, title and status, written once.
macro_rules! problem_kinds {
    ($($(#[doc = $doc:literal])* $kind:ident => $suffix:literal, $title:literal, $status:literal;)+) => {
        /// What kind of failure a problem reports; each has a stable `type` URI.
        ///
        /// These are the refusals of any service that takes `POST /handles`
        /// bodies; a service's own (a route it does not serve, a busy queue)
        /// are [`Problem::custom`].
        ///
        /// ```
        /// use mpsd_handles::problem::ProblemKind;
        /// assert_eq!(ProblemKind::InvalidBody.type_uri(), "urn:mpsd-handles:problem:invalid-body");
        /// assert_eq!(ProblemKind::BodyTooLarge.status(), 413);
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ProblemKind {
            $($(#[doc = $doc])* $kind,)+
        }

        impl ProblemKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ProblemKind] = &[$(ProblemKind::$kind,)+];

            /// The stable `type` URI.
            #[must_use]
            pub const fn type_uri(self) -> &'static str {
                match self {
                    $(ProblemKind::$kind => concat!("urn:mpsd-handles:problem:", $suffix),)+
                }
            }

            /// The short, fixed `title`.
            #[must_use]
            pub const fn title(self) -> &'static str {
                match self {
                    $(ProblemKind::$kind => $title,)+
                }
            }

            /// The HTTP status it is answered with (an invalid body: 400, as
            /// MPSD answers; a service may choose 422, see
            /// [`Problem::from_report`]).
            #[must_use]
            pub const fn status(self) -> u16 {
                match self {
                    $(ProblemKind::$kind => $status,)+
                }
            }
        }
    };
}

problem_kinds! {
    /// The body breaks rules of the endpoint: `errors` lists every violation.
    InvalidBody => "invalid-body", "The handle breaks the rules of POST /handles", 400;
    /// The body is larger than the limit; it was not read past the limit.
    BodyTooLarge => "body-too-large", "The body is too large", 413;
    /// `Content-Type` is missing, repeated or not `application/json` (or
    /// `application/*+json`), or `Content-Encoding` is not `identity`.
    UnsupportedMediaType => "unsupported-media-type", "The body is not JSON", 415;
    /// `X-Xbl-Contract-Version` is missing, repeated, or not an integer of
    /// at least 104.
    ContractVersion => "contract-version", "Unsupported X-Xbl-Contract-Version", 400;
    /// The body did not arrive (the client stopped, took too long, or a
    /// read failed).
    BodyUnreadable => "body-unreadable", "The body could not be read", 400;
    /// A `POST /handles/query` body breaks rules of the endpoint: `errors`
    /// lists every violation.
    InvalidQuery => "invalid-query", "The query breaks the rules of POST /handles/query", 400;
    /// The query string of `POST /handles/query` is not one valid `include`
    /// parameter (docs/rules.md §8.1).
    InvalidInclude => "invalid-include", "The include parameter is not valid", 400;
}

/// An RFC 9457 problem body.
///
/// ```
/// use mpsd_handles::problem::Problem;
/// let report = mpsd_handles::from_str(r#"{"version": 2}"#).unwrap_err();
/// let problem = Problem::from_report(&report, 400);
/// assert_eq!(problem.status, 400);
/// assert_eq!(problem.errors.len(), report.len());
/// assert_eq!(problem.errors.last().unwrap().pointer, "/version");
/// let json = serde_json::to_value(&problem).unwrap();
/// assert_eq!(json["type"], "urn:mpsd-handles:problem:invalid-body");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(
        title = "mpsd-handles problem",
        description = "An RFC 9457 problem details body for a refused POST /handles request."
    )
)]
#[non_exhaustive]
pub struct Problem {
    /// A stable URI per kind of failure (`ProblemKind::type_uri`).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// A short summary of the kind of failure.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// Every violation of an invalid body, in the report's order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemError>,
}

/// One violation in a problem body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct ProblemError {
    /// The RFC 6901 pointer of the violation.
    pub pointer: String,
    /// The stable violation code (`snake_case`).
    pub code: String,
    /// The violation's message (echoed input escaped and cut), as
    /// [`Violation::message`](crate::Violation::message) writes it: the
    /// same name as everywhere else a violation is written.
    pub message: String,
}

impl Problem {
    /// A problem of `kind` with its status and `detail`.
    #[must_use]
    pub fn new(kind: ProblemKind, detail: impl Into<String>) -> Self {
        Self {
            type_uri: kind.type_uri().to_owned(),
            title: kind.title().to_owned(),
            status: kind.status(),
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// A problem of a kind this crate does not define: a service's own
    /// refusals (a route it does not serve, a full queue) answered in the
    /// same shape. `type_uri` should be a stable URI of the service's.
    ///
    /// ```
    /// use mpsd_handles::problem::Problem;
    /// let p = Problem::custom("urn:example:problem:busy", "Busy", 503, "Try again.");
    /// assert_eq!((p.status, p.type_uri.as_str()), (503, "urn:example:problem:busy"));
    /// ```
    #[must_use]
    pub fn custom(
        type_uri: impl Into<String>,
        title: impl Into<String>,
        status: u16,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            type_uri: type_uri.into(),
            title: title.into(),
            status,
            detail: detail.into(),
            errors: Vec::new(),
        }
    }

    /// The body as one line of JSON text, U+2028 and U+2029 escaped (see
    /// [`LineSafe`](crate::LineSafe)): what [`axum`](crate::axum) answers with.
    ///
    /// ```
    /// use mpsd_handles::problem::Problem;
    /// let report = mpsd_handles::from_str("{\"a\u{2028}\": 1}").unwrap_err();
    /// let text = String::from_utf8(Problem::from_report(&report, 400).to_json()).unwrap();
    /// assert!(text.contains("/a\\u2028") && !text.contains('\u{2028}'));
    /// ```
    ///
    /// # Panics
    /// Never: a problem is strings, numbers and violations, and writing
    /// them to memory cannot fail.
    #[must_use]
    #[expect(
        clippy::expect_used,
        reason = "a problem is strings, numbers and violations: serializing it to memory cannot fail"
    )]
    pub fn to_json(&self) -> Vec<u8> {
        crate::report::line_safe::to_vec(self).expect("a problem always serializes")
    }

    /// The problem for a body that breaks the rules: every violation of
    /// `report`, answered with `status` (400 as MPSD does, or 422).
    #[must_use]
    pub fn from_report(report: &Report, status: u16) -> Self {
        Self::of_report(ProblemKind::InvalidBody, "POST /handles", report, status)
    }

    /// The problem for a `POST /handles/query` body that breaks the rules:
    /// kind [`ProblemKind::InvalidQuery`], otherwise as [`Problem::from_report`].
    #[must_use]
    pub fn from_query_report(report: &Report, status: u16) -> Self {
        Self::of_report(
            ProblemKind::InvalidQuery,
            "POST /handles/query",
            report,
            status,
        )
    }

    fn of_report(kind: ProblemKind, endpoint: &str, report: &Report, status: u16) -> Self {
        let n = report.len();
        let mut problem = Self::new(
            kind,
            format!(
                "The body breaks {n} rule{} of {endpoint}; see errors.",
                if n == 1 { "" } else { "s" }
            ),
        );
        problem.status = status;
        problem.errors = report
            .iter()
            .map(|v| ProblemError {
                pointer: v.pointer().as_str().to_owned(),
                code: v.code().as_str().to_owned(),
                message: v.message().to_string(),
            })
            .collect();
        problem
    }

    /// The problem for a body past the byte limit.
    #[must_use]
    pub fn too_large(limit: usize) -> Self {
        Self::new(
            ProblemKind::BodyTooLarge,
            format!("The body is larger than the limit of {limit} bytes."),
        )
    }

    /// The problem for a `Content-Type` that is not JSON (`None`: absent).
    #[must_use]
    pub fn unsupported_media_type(content_type: Option<&str>) -> Self {
        let detail = match content_type {
            Some(t) => format!(
                "Content-Type {:#} is not application/json (or application/*+json).",
                Echo::new(t)
            ),
            None => "Content-Type is missing: send application/json.".to_owned(),
        };
        Self::new(ProblemKind::UnsupportedMediaType, detail)
    }
}
