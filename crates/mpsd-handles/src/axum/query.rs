//! The extractors for `POST /handles/query` bodies (docs/rules.md §8): the
//! same header and body checks as for handles, the query string's one
//! `include` parameter, and the query rules.

use axum_core::extract::{FromRef, FromRequest, Request};

use super::{HandleConfig, Rejection};
use crate::include::check_include;
use crate::model::HandleQuery;
use crate::problem::{Problem, ProblemKind};
use crate::report::Echo;

/// A validated `POST /handles/query` body, with the `include` names the
/// query string asked for (in order; empty when it has none).
///
/// Checks, in order: the query string ([`check_query_string`], else 400
/// `invalid-include`), the headers ([`check_headers`](super::check_headers)), the body within
/// the byte limit (else 413), and the query rules (else 400, or 422 if
/// configured, kind `invalid-query`, with every violation).
///
/// ```
/// use axum_core::extract::FromRequest;
/// use mpsd_handles::axum::ValidQuery;
/// use mpsd_handles::HandleQuery;
///
/// # async fn demo() {
/// let body = r#"{"type": "activity", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
///     "owners": {"xuids": ["2533274792395670"]}}"#;
/// let request = http::Request::builder()
///     .uri("/handles/query?include=relatedInfo,customProperties")
///     .header("content-type", "application/json")
///     .header("x-xbl-contract-version", "107")
///     .body(axum_core::body::Body::from(body))
///     .unwrap();
/// let ValidQuery { query, include, .. } = ValidQuery::from_request(request, &()).await.unwrap();
/// assert!(matches!(query, HandleQuery::Activity(_)));
/// assert_eq!(include, ["relatedInfo", "customProperties"]);
/// # }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidQuery {
    /// The validated query.
    pub query: HandleQuery,
    /// The names `include` listed.
    pub include: Vec<&'static str>,
}

/// A validated `POST /handles/query` body with the bytes it arrived as,
/// for a handler that forwards them (a validating proxy).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ValidQueryBytes {
    /// The validated query.
    pub query: HandleQuery,
    /// The names `include` listed.
    pub include: Vec<&'static str>,
    /// The body's bytes, as sent.
    pub bytes: bytes::Bytes,
}

/// Checks the query string of `POST /handles/query` (without its `?`;
/// `None` when there is none): at most one parameter, `include`, whose
/// percent-decoded value [`check_include`] accepts. Returns its names.
///
/// ```
/// use mpsd_handles::axum::check_query_string;
/// assert_eq!(check_query_string(None).unwrap(), Vec::<&str>::new());
/// assert_eq!(check_query_string(Some("include=roleInfo%2CrelatedInfo")).unwrap(), ["roleInfo", "relatedInfo"]);
/// assert!(check_query_string(Some("include=roleInfo&take=5")).is_err());
/// assert!(check_query_string(Some("include=session")).is_err());
/// ```
///
/// # Errors
/// The [`Rejection`] to answer with (400, `invalid-include`).
pub fn check_query_string(query: Option<&str>) -> Result<Vec<&'static str>, Rejection> {
    let Some(query) = query else {
        return Ok(Vec::new());
    };
    let refuse = |detail: String| Rejection(Problem::new(ProblemKind::InvalidInclude, detail));
    let mut include = None;
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if name != "include" {
            return Err(refuse(format!(
                "The query string has {:#}: POST /handles/query takes only include.",
                Echo::new(name)
            )));
        }
        if include.is_some() {
            return Err(refuse(
                "include is given more than once: give it once.".into(),
            ));
        }
        let decoded = percent_encoding::percent_decode_str(value).decode_utf8();
        let Ok(decoded) = decoded else {
            return Err(refuse("include is not UTF-8 once decoded.".into()));
        };
        include = Some(check_include(&decoded).map_err(|e| refuse(e.to_string()))?);
    }
    // No `include` asks for no extra parts.
    Ok(include.unwrap_or_else(Vec::new))
}

/// Every check of [`ValidQuery`], by the [`Judge`](super::Judge).
async fn extract(
    req: Request,
    config: &HandleConfig,
) -> Result<(ValidQuery, bytes::Bytes), Rejection> {
    let (parts, body) = req.into_parts();
    super::Judge::new(*config).query(&parts, body).await
}

impl<S> FromRequest<S> for ValidQuery
where
    S: Send + Sync,
    HandleConfig: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        Ok(extract(req, &HandleConfig::from_ref(state)).await?.0)
    }
}

impl<S> FromRequest<S> for ValidQueryBytes
where
    S: Send + Sync,
    HandleConfig: FromRef<S>,
{
    type Rejection = Rejection;

    async fn from_request(req: Request, state: &S) -> Result<Self, Rejection> {
        let (ValidQuery { query, include }, bytes) =
            extract(req, &HandleConfig::from_ref(state)).await?;
        Ok(ValidQueryBytes {
            query,
            include,
            bytes,
        })
    }
}
