//! An axum extractor for `POST /handles` bodies (feature `axum`): checks
//! the media type and the contract header, reads the body within the byte
//! limit, validates it, and answers every refusal with an RFC 9457
//! [`Problem`] (`application/problem+json`).

use axum_core::extract::{FromRef, FromRequest, Request};
use axum_core::response::{IntoResponse, Response};
use http::{HeaderValue, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};

use crate::header::{CONTRACT_VERSION_HEADER, ContractVersionError, check_contract_version};
use crate::model::HandleRequest;
use crate::problem::{PROBLEM_JSON, Problem, ProblemKind};
use crate::validator::Validator;

mod judge;
mod layer;
mod query;
pub use judge::{Endpoint, Judge, Reported, Valid, Validated};
pub use layer::{Validate, ValidateLayer, WouldRefuse};
pub use query::{ValidQuery, ValidQueryBytes, check_query_string};

/// A validated `POST /handles` body.
///
/// Checks, in order ([`check_headers`]): `Content-Type` is given once and
/// is `application/json` or `application/*+json` (else 415); no content
/// coding but `identity` (else 415); `X-Xbl-Contract-Version` is given once
/// and is an integer of at least 104 (else 400); then the body is at most the byte limit, read
/// through `http_body_util::Limited`, never further (else 413); the body
/// keeps every rule (else 400, or 422 if configured, with every violation).
/// Its configuration is a [`HandleConfig`] taken from the state
/// (`FromRef`); with no state, the defaults.
///
/// ```
/// use mpsd_handles::axum::ValidHandle;
/// use mpsd_handles::HandleRequest;
///
/// async fn post_handle(ValidHandle(request): ValidHandle) -> String {
///     match request {
///         HandleRequest::Invite(invite) => format!("invite for {}", invite.invited_xuid),
///         other => format!("{} handle", other.kind()),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidHandle(pub HandleRequest);

/// How [`ValidHandle`] validates: the limits, and the status of a body that
/// breaks the rules (400 by default, as MPSD answers; or 422).
///
/// ```
/// use mpsd_handles::axum::HandleConfig;
/// use mpsd_handles::Validator;
/// let config = HandleConfig::new().with_validator(Validator::new().with_max_bytes(4096)).unprocessable();
/// assert_eq!(config.invalid_status(), 422);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HandleConfig {
    validator: Validator,
    invalid_status: u16,
}

impl Default for HandleConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl HandleConfig {
    /// The default limits; an invalid body is 400.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            validator: Validator::new(),
            invalid_status: 400,
        }
    }

    /// The same configuration with `validator`'s limits.
    #[must_use]
    pub const fn with_validator(mut self, validator: Validator) -> Self {
        self.validator = validator;
        self
    }

    /// The same configuration answering an invalid body with 422.
    #[must_use]
    pub const fn unprocessable(mut self) -> Self {
        self.invalid_status = 422;
        self
    }

    /// The status of an invalid body: 400 or 422.
    #[must_use]
    pub const fn invalid_status(&self) -> u16 {
        self.invalid_status
    }

    /// The limits.
    #[must_use]
    pub const fn validator(&self) -> &Validator {
        &self.validator
    }
}

impl FromRef<()> for HandleConfig {
    fn from_ref((): &()) -> Self {
        Self::new()
    }
}

/// Why [`ValidHandle`] refused a request: a [`Problem`], answered as
/// `application/problem+json` with its status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection(pub Problem);

impl Rejection {
    /// The answer, as [`IntoResponse`] gives it, without giving up the
    /// problem (a service that logs it after answering keeps it).
    #[must_use]
    pub fn to_response(&self) -> Response {
        let status = StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = self.0.to_json();
        let mut response = (status, body).into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        response
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.to_response()
    }
}

/// Reads a request body through `http_body_util::Limited`: at most `limit`
/// bytes, never further (a body-too-large problem past it; a body that
/// stops early is a body-unreadable problem). What [`ValidHandle`] and
/// [`ValidHandleBytes`] read with, for a handler that reads a body without
/// them (one that must forward the bytes as sent can take
/// [`ValidHandleBytes`] instead).
///
/// # Errors
/// The [`Rejection`] to answer with.
pub async fn read_body(
    body: axum_core::body::Body,
    limit: usize,
) -> Result<bytes::Bytes, Rejection> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
            Err(Rejection(Problem::too_large(limit)))
        }
        Err(_) => Err(Rejection(Problem::new(
            ProblemKind::BodyUnreadable,
            "The body stopped before its end.",
        ))),
    }
}

/// Whether a `Content-Type` value names JSON: `application/json` or
/// `application/*+json`, any parameters, any case.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split_once(';')
        .map_or(content_type, |(essence, _parameters)| essence)
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|sub| sub.ends_with("+json") && sub.len() > "+json".len())
}

/// The one value of a header that must not be repeated: `Ok(None)` when
/// absent, `Err(())` when given more than once (a proxy would forward every
/// copy, and the next hop may read another than the one checked here).
fn single(
    headers: &http::HeaderMap,
    name: impl http::header::AsHeaderName + Copy,
) -> Result<Option<&HeaderValue>, ()> {
    let mut all = headers.get_all(name).iter();
    match (all.next(), all.next()) {
        (first, None) => Ok(first),
        (_, Some(_)) => Err(()),
    }
}

/// The media type, content coding and contract header checks, in that
/// order: the request headers [`ValidHandle`] judges before it waits for
/// any of the body. A service that reads the body itself (say, one that
/// forwards bodies it only reports on) can call it first.
///
/// ```
/// use mpsd_handles::axum::check_headers;
/// let mut headers = http::HeaderMap::new();
/// headers.insert("content-type", "application/json".parse().unwrap());
/// headers.insert("x-xbl-contract-version", "107".parse().unwrap());
/// assert!(check_headers(&headers).is_ok());
/// headers.append("x-xbl-contract-version", "1".parse().unwrap());
/// assert_eq!(check_headers(&headers).unwrap_err().0.status, 400);
/// headers.insert("content-encoding", "gzip".parse().unwrap());
/// assert_eq!(check_headers(&headers).unwrap_err().0.status, 415);
/// ```
///
/// # Errors
/// The [`Rejection`] to answer with: 415 for a media type that is not JSON
/// (or is given twice) and for any content coding but `identity`; 400 for
/// a contract header that is missing, repeated, or not 104 or higher.
pub fn check_headers(headers: &http::HeaderMap) -> Result<(), Rejection> {
    match single(headers, &header::CONTENT_TYPE).map(|v| v.map(HeaderValue::to_str)) {
        Ok(Some(Ok(t))) if is_json(t) => {}
        Ok(Some(Ok(t))) => return Err(Rejection(Problem::unsupported_media_type(Some(t)))),
        Ok(Some(Err(_))) => {
            return Err(Rejection(Problem::unsupported_media_type(Some(
                "(not text)",
            ))));
        }
        Ok(None) => return Err(Rejection(Problem::unsupported_media_type(None))),
        Err(()) => {
            return Err(Rejection(Problem::new(
                ProblemKind::UnsupportedMediaType,
                "Content-Type is given more than once: send it once.",
            )));
        }
    }
    for coding in headers.get_all(header::CONTENT_ENCODING) {
        let identity = coding.to_str().is_ok_and(|codings| {
            codings
                .split(',')
                .all(|c| c.trim().eq_ignore_ascii_case("identity"))
        });
        if !identity {
            let shown = coding.to_str().unwrap_or("(not text)");
            return Err(Rejection(Problem::new(
                ProblemKind::UnsupportedMediaType,
                format!(
                    "Content-Encoding {:#} is not accepted: send the JSON text itself (identity), since the body is judged as it arrives.",
                    crate::report::Echo::new(shown)
                ),
            )));
        }
    }
    let refused = match single(headers, CONTRACT_VERSION_HEADER).map(|v| v.map(HeaderValue::to_str))
    {
        Ok(Some(Ok(v))) => match check_contract_version(v) {
            Ok(_) => return Ok(()),
            Err(e) => e,
        },
        Ok(Some(Err(_))) => ContractVersionError::NotText,
        Ok(None) => ContractVersionError::Missing,
        Err(()) => ContractVersionError::Repeated,
    };
    Err(Rejection(Problem::new(
        ProblemKind::ContractVersion,
        refused.to_string(),
    )))
}

/// Every check of [`ValidHandle`], by the [`Judge`].
async fn extract(
    req: Request,
    config: &HandleConfig,
) -> Result<(HandleRequest, bytes::Bytes), Rejection> {
    let (parts, body) = req.into_parts();
    Judge::new(*config).handle(&parts, body).await
}

impl<S> FromRequest<S> for ValidHandle
where
    S: Send + Sync,
    HandleConfig: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let (request, _) = extract(req, &HandleConfig::from_ref(state)).await?;
        Ok(ValidHandle(request))
    }
}

/// A validated `POST /handles` body together with the bytes it arrived as:
/// the checks of [`ValidHandle`], for a handler that must also keep the
/// body exactly as sent (a validating proxy forwards those bytes).
///
/// ```
/// use axum_core::extract::FromRequest;
/// use mpsd_handles::axum::ValidHandleBytes;
///
/// # async fn demo() {
/// let body = r#"{"version": 1, "type": "activity",
///     "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}"#;
/// let request = http::Request::builder()
///     .header("content-type", "application/json")
///     .header("x-xbl-contract-version", "107")
///     .body(axum_core::body::Body::from(body))
///     .unwrap();
/// let valid = ValidHandleBytes::from_request(request, &()).await.unwrap();
/// assert_eq!(valid.bytes, body.as_bytes());
/// assert_eq!(valid.request.kind(), mpsd_handles::HandleKind::Activity);
/// # }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidHandleBytes {
    /// The validated request.
    pub request: HandleRequest,
    /// The body's bytes, as sent.
    pub bytes: bytes::Bytes,
}

impl<S> FromRequest<S> for ValidHandleBytes
where
    S: Send + Sync,
    HandleConfig: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let (request, bytes) = extract(req, &HandleConfig::from_ref(state)).await?;
        Ok(ValidHandleBytes { request, bytes })
    }
}
