//! The one place where the checks of a `POST /handles` or `POST
//! /handles/query` request are written, in their order: the query string
//! (queries only), the media type, the content coding, the contract
//! header, the size, the rules. The extractors ([`ValidHandle`],
//! [`ValidQuery`] and their `Bytes` forms), the tower layer
//! ([`ValidateLayer`]) and `mpsd-handles serve` (mock and proxy, enforce
//! and report) all judge through [`Judge`], so that a refusal is built in
//! one place.
//!
//! [`ValidHandle`]: super::ValidHandle
//! [`ValidQuery`]: super::ValidQuery
//! [`ValidateLayer`]: super::ValidateLayer

use bytes::Bytes;
use http::request::Parts;

use super::{HandleConfig, Rejection, ValidQuery, check_headers, check_query_string, read_body};
use crate::model::{HandleQuery, HandleRequest};
use crate::problem::Problem;

/// Which body a request carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// `POST /handles`: a handle request.
    Handles,
    /// `POST /handles/query`: a query, and its `include`.
    Query,
}

impl Endpoint {
    /// The endpoint a request's method and path name, if any: `POST
    /// /handles` or `POST /handles/query`, exactly.
    ///
    /// ```
    /// use mpsd_handles::axum::Endpoint;
    /// assert_eq!(Endpoint::of(&http::Method::POST, "/handles/query"), Some(Endpoint::Query));
    /// assert_eq!(Endpoint::of(&http::Method::GET, "/handles"), None);
    /// ```
    #[must_use]
    pub fn of(method: &http::Method, path: &str) -> Option<Endpoint> {
        if method != http::Method::POST {
            return None;
        }
        match path {
            "/handles" => Some(Endpoint::Handles),
            "/handles/query" => Some(Endpoint::Query),
            _ => None,
        }
    }

    /// The route: `"/handles"` or `"/handles/query"`.
    #[must_use]
    pub const fn route(self) -> &'static str {
        match self {
            Endpoint::Handles => "/handles",
            Endpoint::Query => "/handles/query",
        }
    }
}

/// What a request that passed carried.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Validated {
    /// A `POST /handles` body.
    Handle(HandleRequest),
    /// A `POST /handles/query` body and its `include` names.
    Query(ValidQuery),
}

/// A request that passed: what it carried, and its body as sent.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Valid {
    /// The validated body.
    pub validated: Validated,
    /// The body's bytes, as sent.
    pub bytes: Bytes,
}

/// A request judged in report mode: its body as sent (held whole, to be
/// passed on), and the first problem enforce mode would have answered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reported {
    /// The body's bytes, as sent.
    pub bytes: Bytes,
    /// What enforce mode would have refused it for, if anything.
    pub problem: Option<Problem>,
}

/// The judge of `POST /handles` and `POST /handles/query` requests.
///
/// ```
/// use mpsd_handles::axum::{Endpoint, HandleConfig, Judge, Validated};
///
/// # async fn demo() {
/// let body = r#"{"version": 1, "type": "activity",
///     "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}"#;
/// let (parts, body) = http::Request::builder()
///     .header("content-type", "application/json")
///     .header("x-xbl-contract-version", "107")
///     .body(axum_core::body::Body::from(body))
///     .unwrap()
///     .into_parts();
/// let judge = Judge::new(HandleConfig::new());
/// let valid = judge.judge(Endpoint::Handles, &parts, body).await.unwrap();
/// assert!(matches!(valid.validated, Validated::Handle(_)));
/// # }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Judge {
    config: HandleConfig,
}

impl Judge {
    /// A judge with `config`'s limits and invalid-body status.
    #[must_use]
    pub const fn new(config: HandleConfig) -> Self {
        Self { config }
    }

    /// Its configuration.
    #[must_use]
    pub const fn config(&self) -> &HandleConfig {
        &self.config
    }

    /// The checks before the body, in order: the query string (a query's
    /// `include`; the names it lists), then the headers.
    fn head(endpoint: Endpoint, parts: &Parts) -> Result<Vec<&'static str>, Rejection> {
        let include = match endpoint {
            Endpoint::Query => check_query_string(parts.uri.query())?,
            Endpoint::Handles => Vec::new(),
        };
        check_headers(&parts.headers)?;
        Ok(include)
    }

    /// The rules, on a body within the limit.
    fn rules(
        &self,
        endpoint: Endpoint,
        include: Vec<&'static str>,
        bytes: &[u8],
    ) -> Result<Validated, Problem> {
        match endpoint {
            Endpoint::Handles => self.handle_rules(bytes).map(Validated::Handle),
            Endpoint::Query => self.query_rules(include, bytes).map(Validated::Query),
        }
    }

    fn handle_rules(&self, bytes: &[u8]) -> Result<HandleRequest, Problem> {
        self.config
            .validator()
            .validate_slice(bytes)
            .map_err(|report| Problem::from_report(&report, self.config.invalid_status()))
    }

    fn query_rules(&self, include: Vec<&'static str>, bytes: &[u8]) -> Result<ValidQuery, Problem> {
        self.config
            .validator()
            .validate_query_slice(bytes)
            .map(|query: HandleQuery| ValidQuery { query, include })
            .map_err(|report| Problem::from_query_report(&report, self.config.invalid_status()))
    }

    /// Judges a request (enforce): every check in order, the first refusal
    /// ends it; the body is not waited for after a refusal of the head,
    /// and never read past the byte limit.
    ///
    /// # Errors
    /// The [`Rejection`] to answer with.
    pub async fn judge(
        &self,
        endpoint: Endpoint,
        parts: &Parts,
        body: axum_core::body::Body,
    ) -> Result<Valid, Rejection> {
        let include = Self::head(endpoint, parts)?;
        let bytes = read_body(body, self.config.validator().max_bytes()).await?;
        let validated = self.rules(endpoint, include, &bytes).map_err(Rejection)?;
        Ok(Valid { validated, bytes })
    }

    /// [`judge`](Self::judge) of a `POST /handles` request.
    pub(super) async fn handle(
        &self,
        parts: &Parts,
        body: axum_core::body::Body,
    ) -> Result<(HandleRequest, Bytes), Rejection> {
        check_headers(&parts.headers)?;
        let bytes = read_body(body, self.config.validator().max_bytes()).await?;
        let request = self.handle_rules(&bytes).map_err(Rejection)?;
        Ok((request, bytes))
    }

    /// [`judge`](Self::judge) of a `POST /handles/query` request.
    pub(super) async fn query(
        &self,
        parts: &Parts,
        body: axum_core::body::Body,
    ) -> Result<(ValidQuery, Bytes), Rejection> {
        let include = Self::head(Endpoint::Query, parts)?;
        let bytes = read_body(body, self.config.validator().max_bytes()).await?;
        let query = self.query_rules(include, &bytes).map_err(Rejection)?;
        Ok((query, bytes))
    }

    /// Judges a request without refusing it (report mode, for turning
    /// validation on in front of live traffic): the body is read whatever
    /// the head says, up to `read_limit` bytes (at least the byte limit: a
    /// body must be held whole to be passed on), and the first problem
    /// [`judge`](Self::judge) would have answered comes back beside it.
    ///
    /// # Errors
    /// A body past `read_limit`, or one that stops before its end: it
    /// cannot be passed on, so it is refused even here.
    pub async fn report(
        &self,
        endpoint: Endpoint,
        parts: &Parts,
        body: axum_core::body::Body,
        read_limit: usize,
    ) -> Result<Reported, Rejection> {
        let limit = self.config.validator().max_bytes();
        let head = Self::head(endpoint, parts);
        let bytes = read_body(body, read_limit.max(limit)).await?;
        let problem = match head {
            Err(rejection) => Some(rejection.0),
            Ok(_) if bytes.len() > limit => Some(Problem::too_large(limit)),
            Ok(include) => self.rules(endpoint, include, &bytes).err(),
        };
        Ok(Reported { bytes, problem })
    }
}
