//! `serve --upstream URL`: a validating proxy. A `POST /handles` is judged
//! (headers, size, rules) and, when it passes, forwarded with its
//! end-to-end headers (Authorization included) and its bytes as sent; in
//! enforce mode anything else is answered here with its problem body and
//! never reaches the upstream, in report mode it is forwarded and logged as
//! would-refuse. A `POST /handles/query` likewise, judged as a query, its
//! `include` forwarded as checked (rewritten from the names it lists, never
//! as sent). `GET`/`DELETE /handles/{id}` are forwarded only for a GUID
//! id, with no body and no query string. Hop-by-hop headers are dropped
//! both ways. The upstream is `https://` (rustls) or, for tests, `http://`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::request::Parts;
use axum::http::uri::{Authority, PathAndQuery, Scheme, Uri};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Version, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use mpsd_handles::Echo;
use mpsd_handles::axum::{Endpoint, HandleConfig, Judge, Validated, check_query_string};
use mpsd_handles::model::HandleId;
use tower_http::timeout::TimeoutBody;

use super::guard::{Own, refuse};
use super::store::not_found;
use super::{log, metrics, upstream};
use crate::Mode;

/// In report mode a body is read up to this many times the byte limit
/// (it must be held whole to be forwarded); past that it is refused.
const REPORT_READ_FACTOR: usize = 16;

/// The proxy's state.
pub(crate) struct Proxy {
    config: HandleConfig,
    scheme: Scheme,
    authority: Authority,
    host: HeaderValue,
    client: Client<HttpsConnector<HttpConnector>, Body>,
    /// How long the upstream has to start its answer, and may pause in it.
    timeout: Duration,
    mode: Mode,
}

/// What the proxy is built from.
pub(crate) struct Settings<'a> {
    pub(crate) upstream: &'a str,
    pub(crate) ca: Option<&'a Path>,
    pub(crate) timeout: Duration,
    pub(crate) mode: Mode,
    pub(crate) concurrency: usize,
}

impl Proxy {
    /// A proxy as `settings` say, or why not (checked before anything is
    /// bound).
    pub(crate) fn new(settings: &Settings<'_>) -> Result<Self, String> {
        let (scheme, authority) = upstream::parse_upstream(settings.upstream)?;
        let host = HeaderValue::from_str(authority.as_str())
            .map_err(|_| format!("--upstream {}: not a host", Echo::whole(settings.upstream)))?;
        let tls = upstream::tls_config(settings.ca)?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .build();
        let client = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(settings.concurrency)
            .pool_idle_timeout(Duration::from_secs(30))
            .build(connector);
        Ok(Self {
            config: HandleConfig::new(),
            scheme,
            authority,
            host,
            client,
            timeout: settings.timeout,
            mode: settings.mode,
        })
    }
}

/// The proxy's routes.
pub(crate) fn routes(proxy: Arc<Proxy>) -> Router {
    Router::new()
        .route("/handles", post(create))
        .route("/handles/query", post(query))
        .route("/handles/{id}", get(by_id).delete(by_id))
        .with_state(proxy)
}

/// Headers that belong to one connection, not to the request or answer
/// (RFC 9110 §7.6.1), with those a proxy keeps for itself
/// (`Transfer-Encoding` too: hyper frames each hop itself).
const HOP_BY_HOP: [HeaderName; 9] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::TRANSFER_ENCODING,
    header::UPGRADE,
];

/// Removes the hop-by-hop headers and every header `Connection` names.
pub(crate) fn strip_hop_by_hop(headers: &mut HeaderMap) {
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|name| HeaderName::from_bytes(name.trim().as_bytes()).ok())
        .collect();
    for name in named.iter().chain(&HOP_BY_HOP) {
        headers.remove(name);
    }
}

/// Why an upstream answer cannot be passed on, if it cannot (nginx answers
/// these 502 too): a `101 Switching Protocols` to a request that asked for
/// no upgrade (the proxy drops `Upgrade`), and `Transfer-Encoding` beside
/// `Content-Length` (RFC 9112 §6.3: a smuggling attempt, or a broken
/// upstream; the length would cut the body it frames differently).
fn unframed<B>(answer: &axum::http::Response<B>) -> Option<&'static str> {
    if answer.status() == axum::http::StatusCode::SWITCHING_PROTOCOLS {
        return Some("The upstream switched protocols, which was not asked for.");
    }
    let headers = answer.headers();
    if headers.contains_key(header::TRANSFER_ENCODING)
        && headers.contains_key(header::CONTENT_LENGTH)
    {
        return Some("The upstream's answer had both Transfer-Encoding and Content-Length.");
    }
    None
}

/// Whether an error, or one of its sources, is a TLS refusal (an untrusted
/// certificate, say).
fn is_tls(error: &(dyn std::error::Error + 'static)) -> bool {
    if error.is::<rustls::Error>() {
        return true;
    }
    // `io::Error::source` skips the error it wraps: look inside.
    if let Some(inner) = error
        .downcast_ref::<std::io::Error>()
        .and_then(std::io::Error::get_ref)
    {
        if is_tls(inner) {
            return true;
        }
    }
    error.source().is_some_and(is_tls)
}

/// An error and its sources, `: `-joined and cut (for the log).
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut next = error.source();
    while let Some(e) = next {
        text.push_str(": ");
        text.push_str(&e.to_string());
        next = e.source();
    }
    text.chars().take(300).collect()
}

async fn forward(proxy: &Proxy, mut parts: Parts, body: Body, path: PathAndQuery) -> Response {
    let uri = Uri::builder()
        .scheme(proxy.scheme.clone())
        .authority(proxy.authority.clone())
        .path_and_query(path)
        .build();
    let Ok(uri) = uri else {
        return refuse(Own::UpstreamUnavailable.problem("The request could not be forwarded."));
    };
    parts.uri = uri;
    // One HTTP/1.1 connection pool: an HTTP/1.0 client's request is sent
    // as HTTP/1.1 like the others.
    parts.version = Version::HTTP_11;
    // (`create` and `query` stripped them before judging; `by_id` here.)
    strip_hop_by_hop(&mut parts.headers);
    // The body is whole here: nothing to wait for a 100 Continue about.
    parts.headers.remove(header::EXPECT);
    // The length of what is forwarded is the body's own, set by hyper: a
    // client's `Content-Length` beside `Transfer-Encoding: chunked` would
    // otherwise frame the forwarded body differently (request smuggling).
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::HOST, proxy.host.clone());
    let answer = proxy
        .client
        .request(axum::http::Request::from_parts(parts, body));
    match tokio::time::timeout(proxy.timeout, answer).await {
        // The answer streams through; an upstream that stops sending it for
        // as long as the timeout ends it (the connection is closed).
        Ok(Ok(mut answer)) => {
            if let Some(problem) = unframed(&answer) {
                log::upstream_failed(problem);
                metrics::upstream_error("invalid");
                return refuse(Own::UpstreamUnavailable.problem(problem));
            }
            // This hop's version is this server's (RFC 9110 §6.2): an
            // HTTP/1.0 upstream's answer goes to an HTTP/1.1 client as 1.1,
            // framed by hyper, the connection kept.
            *answer.version_mut() = Version::HTTP_11;
            strip_hop_by_hop(answer.headers_mut());
            answer
                .map(|body| Body::new(TimeoutBody::new(proxy.timeout, body)))
                .into_response()
        }
        Ok(Err(e)) => {
            log::upstream_failed(&chain(&e));
            let detail = if is_tls(&e) {
                metrics::upstream_error("tls");
                "The upstream's TLS certificate is not trusted: the request was not sent."
            } else {
                metrics::upstream_error("unavailable");
                "The upstream did not answer."
            };
            refuse(Own::UpstreamUnavailable.problem(detail))
        }
        Err(_) => {
            metrics::upstream_error("timeout");
            refuse(Own::UpstreamTimeout.problem(format!(
                "The upstream did not start its answer within {} s.",
                proxy.timeout.as_secs()
            )))
        }
    }
}

/// `GET`/`DELETE /handles/{id}`: forwarded for a GUID id (written in its
/// canonical form, never as sent), with no body; anything else is 404 here.
async fn by_id(
    State(proxy): State<Arc<Proxy>>,
    UrlPath(id): UrlPath<String>,
    request: Request,
) -> Response {
    let Ok(handle) = id.parse::<HandleId>() else {
        return not_found(&id);
    };
    let Ok(path) = PathAndQuery::try_from(format!("/handles/{handle}")) else {
        return not_found(&id);
    };
    let (parts, _) = request.into_parts();
    forward(&proxy, parts, Body::empty(), path).await
}

/// A `POST /handles/query`: its query string and body judged (once, by
/// the judge), then forwarded with the `include` it checked. In report
/// mode a refused query string is logged and counted with the rest of the
/// request (one line, one count), and what is forwarded is only its
/// `include`, if that alone passes, else no query string: report mode
/// never relaxes query strings.
async fn query(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    strip_hop_by_hop(&mut parts.headers);
    let (bytes, names) = match judge(&proxy, &parts, body, Endpoint::Query).await {
        Ok(judged) => judged,
        Err(refusal) => return refusal,
    };
    let path = if names.is_empty() {
        PathAndQuery::from_static("/handles/query")
    } else {
        let Ok(path) =
            PathAndQuery::try_from(format!("/handles/query?include={}", names.join(",")))
        else {
            return refuse(Own::UpstreamUnavailable.problem("The request could not be forwarded."));
        };
        path
    };
    forward(&proxy, parts, Body::from(bytes), path).await
}

/// The names of a refused query string's one `include` parameter, if it
/// has exactly one and that passes alone; else none.
fn checked_include(query: Option<&str>) -> Vec<&'static str> {
    let mut includes = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|pair| pair.split_once('=').map_or(*pair, |(name, _)| name) == "include");
    match (includes.next(), includes.next()) {
        // An `include` that fails alone is not forwarded.
        (Some(include), None) => check_query_string(Some(include)).unwrap_or_else(|_| Vec::new()),
        _ => Vec::new(),
    }
}

/// A `POST /handles`: judged, then forwarded as sent.
async fn create(State(proxy): State<Arc<Proxy>>, request: Request) -> Response {
    let (mut parts, body) = request.into_parts();
    strip_hop_by_hop(&mut parts.headers);
    match judge(&proxy, &parts, body, Endpoint::Handles).await {
        Ok((bytes, _)) => {
            forward(
                &proxy,
                parts,
                Body::from(bytes),
                PathAndQuery::from_static("/handles"),
            )
            .await
        }
        Err(refusal) => refusal,
    }
}

/// The body to forward, or the refusal to answer with, for a request whose
/// hop-by-hop headers are gone (it is judged as it will be forwarded: a
/// `Connection` naming `Content-Type` must not pass the header checks and
/// then forward without it). The library's [`Judge`] makes every refusal,
/// as it does for the extractors and the `ValidateLayer`. Enforce mode:
/// its checks in order (headers before the body is waited for). Report
/// mode: the first problem enforce mode would answer (the query string's
/// first) is logged and counted once, and the body is forwarded anyway.
async fn judge(
    proxy: &Proxy,
    parts: &Parts,
    body: Body,
    endpoint: Endpoint,
) -> Result<(axum::body::Bytes, Vec<&'static str>), Response> {
    let judge = Judge::new(proxy.config);
    match proxy.mode {
        Mode::Enforce => {
            let valid = judge
                .judge(endpoint, parts, body)
                .await
                .map_err(|rejection| refuse(rejection.0))?;
            let include = match valid.validated {
                Validated::Query(query) => query.include,
                _ => Vec::new(),
            };
            Ok((valid.bytes, include))
        }
        Mode::Report => {
            let read_limit = proxy
                .config
                .validator()
                .max_bytes()
                .saturating_mul(REPORT_READ_FACTOR);
            let reported = judge
                .report(endpoint, parts, body, read_limit)
                .await
                .map_err(|rejection| refuse(rejection.0))?;
            if let Some(problem) = &reported.problem {
                log::refused(problem, endpoint.route(), true);
                metrics::would_refuse(&problem.type_uri);
                metrics::violations(problem.errors.iter().map(|e| e.code.as_str()));
            }
            let include = match endpoint {
                Endpoint::Query => checked_include(parts.uri.query()),
                _ => Vec::new(),
            };
            Ok((reported.bytes, include))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hop_by_hop_headers_go_both_ways() {
        let mut headers = HeaderMap::new();
        for (n, v) in [
            ("connection", "keep-alive, X-Secret"),
            ("connection", "x-other"),
            ("x-secret", "1"),
            ("x-other", "1"),
            ("keep-alive", "timeout=5"),
            ("proxy-connection", "keep-alive"),
            ("proxy-authorization", "Basic eDp5"),
            ("proxy-authenticate", "Basic"),
            ("te", "trailers"),
            ("trailer", "x"),
            ("upgrade", "h2c"),
            ("transfer-encoding", "chunked"),
            ("authorization", "XBL3.0 x=1;t"),
            ("x-xbl-contract-version", "107"),
        ] {
            headers.append(n, HeaderValue::from_static(v));
        }
        strip_hop_by_hop(&mut headers);
        let mut left: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        left.sort_unstable();
        assert_eq!(left, ["authorization", "x-xbl-contract-version"]);
    }
}
