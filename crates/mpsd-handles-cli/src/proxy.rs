//! `serve --upstream URL`: a validating proxy. A valid `POST /handles` is
//! forwarded with its headers (Authorization included) and the upstream's
//! answer passed back unchanged; an invalid one is answered with the problem
//! body and never reaches the upstream. `GET`/`DELETE /handles/{id}` are
//! forwarded as they are.

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRef, Request, State};
use axum::http::request::Parts;
use axum::http::uri::{Authority, PathAndQuery, Scheme, Uri};
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use mpsd_handles::axum::{HandleConfig, Rejection, ValidHandleBytes};
use mpsd_handles::problem::{Problem, ProblemKind};
use tower_http::timeout::TimeoutBody;

use crate::serve::problem_response;

/// The proxy's state.
#[derive(Clone)]
pub(crate) struct Proxy {
    config: HandleConfig,
    scheme: Scheme,
    authority: Authority,
    client: Client<HttpConnector, Body>,
    /// How long the upstream has to start its answer, and may pause in it.
    timeout: Duration,
}

impl Proxy {
    /// A proxy to `upstream` (`http://host:port`), or why not.
    pub(crate) fn new(
        upstream: &Uri,
        config: HandleConfig,
        timeout: Duration,
    ) -> Result<Self, String> {
        let scheme = upstream.scheme().cloned().unwrap_or(Scheme::HTTP);
        if scheme != Scheme::HTTP {
            return Err(format!("upstream {upstream}: only http:// is supported"));
        }
        let authority = upstream
            .authority()
            .cloned()
            .ok_or_else(|| format!("upstream {upstream}: no host"))?;
        let client = Client::builder(TokioExecutor::new()).build_http();
        Ok(Self {
            config,
            scheme,
            authority,
            client,
            timeout,
        })
    }
}

impl FromRef<Proxy> for HandleConfig {
    fn from_ref(proxy: &Proxy) -> Self {
        proxy.config
    }
}

/// The proxy's routes.
pub(crate) fn router(proxy: Proxy) -> Router {
    Router::new()
        .route("/handles", post(create))
        .route("/handles/{id}", get(forward_as_is).delete(forward_as_is))
        .with_state(proxy)
}

/// Headers that belong to one connection, not to the request (RFC 9110 §7.6.1).
const HOP_BY_HOP: [HeaderName; 5] = [
    header::CONNECTION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

async fn forward(proxy: &Proxy, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    let uri = Uri::builder()
        .scheme(proxy.scheme.clone())
        .authority(proxy.authority.clone())
        .path_and_query(path)
        .build();
    let Ok(uri) = uri else {
        return problem_response(Problem::new(
            ProblemKind::UpstreamUnavailable,
            "The request could not be forwarded.",
        ));
    };
    parts.uri = uri;
    for name in &HOP_BY_HOP {
        parts.headers.remove(name);
    }
    if let Ok(host) = HeaderValue::from_str(proxy.authority.as_str()) {
        parts.headers.insert(header::HOST, host);
    }
    let answer = proxy.client.request(Request::from_parts(parts, body));
    match tokio::time::timeout(proxy.timeout, answer).await {
        // The answer streams through; an upstream that stops sending it for
        // as long as the timeout ends it (the connection is closed).
        Ok(Ok(answer)) => answer
            .map(|body| Body::new(TimeoutBody::new(proxy.timeout, body)))
            .into_response(),
        Ok(Err(e)) => problem_response(Problem::new(
            ProblemKind::UpstreamUnavailable,
            format!("The upstream did not answer: {e}."),
        )),
        Err(_) => problem_response(Problem::new(
            ProblemKind::UpstreamTimeout,
            format!(
                "The upstream did not start its answer within {} s.",
                proxy.timeout.as_secs()
            ),
        )),
    }
}

async fn forward_as_is(State(proxy): State<Proxy>, request: Request) -> Response {
    forward(&proxy, request).await
}

/// A `POST /handles`: the headers checked, the body read within the limit
/// and validated by the extractor, which keeps the bytes as sent for the
/// upstream.
async fn create(
    State(proxy): State<Proxy>,
    parts: Parts,
    body: Result<ValidHandleBytes, Rejection>,
) -> Response {
    match body {
        Ok(valid) => forward(&proxy, Request::from_parts(parts, Body::from(valid.bytes))).await,
        Err(rejection) => problem_response(rejection.0),
    }
}
