//! What every request of the public listener goes through, before and
//! after its route: query strings and bodies where none is taken refused,
//! a slot among `--concurrency` within the deadline (else 503), the body
//! bound by one deadline from the request's first byte, and every refusal
//! answered as a problem body, logged and counted.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Body as HttpBody, Frame, SizeHint};
use mpsd_handles::Echo;
use mpsd_handles::problem::Problem;
use tokio::sync::Semaphore;
use tokio::time::{Instant, Sleep};

use super::conn::{MAX_HEAD, RequestStart};
use super::{log, metrics};

/// Declares [`Own`] from one table: each kind's `type` URI suffix, title
/// and status, written once.
macro_rules! own_problems {
    ($($(#[doc = $doc:literal])* $kind:ident => $suffix:literal, $title:literal, $status:literal;)+) => {
        /// This program's own kinds of refusal (the library's
        /// `ProblemKind`s are those any service answers).
        #[derive(Clone, Copy, Debug)]
        pub(crate) enum Own {
            $($(#[doc = $doc])* $kind,)+
        }

        impl Own {
            /// Every kind.
            pub(crate) const ALL: &'static [Own] = &[$(Own::$kind,)+];

            pub(crate) const fn type_uri(self) -> &'static str {
                match self {
                    $(Own::$kind => concat!("urn:mpsd-handles:problem:", $suffix),)+
                }
            }

            const fn title(self) -> &'static str {
                match self {
                    $(Own::$kind => $title,)+
                }
            }

            pub(crate) const fn status(self) -> u16 {
                match self {
                    $(Own::$kind => $status,)+
                }
            }
        }
    };
}

own_problems! {
    /// No route has this path.
    NoRoute => "no-route", "No such route", 404;
    /// The route does not take this method.
    MethodNotAllowed => "method-not-allowed", "The route does not take this method", 405;
    /// A query string where the route takes none.
    QueryNotAllowed => "query-not-allowed", "The route takes no query string", 400;
    /// A body where the route takes none.
    BodyNotAllowed => "body-not-allowed", "The route takes no body", 415;
    /// No slot came free within the deadline.
    Busy => "busy", "The server is busy", 503;
    /// `Host` is missing (HTTP/1.1) or repeated.
    BadHost => "bad-host", "The request's Host is missing or repeated", 400;
    /// The request's head is past the limit.
    HeadTooLarge => "head-too-large", "The request's head is too large", 431;
    /// No handle has the id asked for (or the id is no GUID).
    NotFound => "not-found", "No such handle", 404;
    /// The mock's caller header is repeated or not an Xbox user id.
    BadCaller => "bad-caller", "The caller header is not an Xbox user id", 400;
    /// The mock's evaluation of a query went past its steps (README).
    QueryTooCostly => "query-too-costly", "The query is too costly to evaluate here", 422;
    /// The server failed to answer (a bug: it is logged).
    Internal => "internal", "The server failed", 500;
    /// The proxy's upstream did not answer, or its certificate is not trusted.
    UpstreamUnavailable => "upstream-unavailable", "The upstream did not answer", 502;
    /// The proxy's upstream did not start its answer in time.
    UpstreamTimeout => "upstream-timeout", "The upstream did not answer in time", 504;
}

impl Own {
    pub(crate) fn problem(self, detail: impl Into<String>) -> Problem {
        Problem::custom(self.type_uri(), self.title(), self.status(), detail)
    }
}

/// A refusal, carried from the handler to [`guard`], which logs it.
#[derive(Clone)]
struct Refused(Arc<Problem>);

/// The answer to a refused request: the problem body, with the problem
/// kept for the log and the metrics.
pub(crate) fn refuse(problem: Problem) -> Response {
    // The answer as the library writes every refusal; the problem kept
    // for the log (not cloned: a refusal can list 30 000 violations).
    let rejection = mpsd_handles::axum::Rejection(problem);
    let mut response = rejection.to_response();
    response
        .extensions_mut()
        .insert(Refused(Arc::new(rejection.0)));
    response
}

/// What [`admit`] holds: the request slots and the body deadline.
pub(crate) struct Guard {
    pub(crate) slots: Arc<Semaphore>,
    pub(crate) body_deadline: Duration,
}

/// The route a path belongs to, for logs and metrics (never the path
/// itself: it is the client's).
fn route_of(path: &str) -> &'static str {
    match path.strip_prefix("/handles") {
        Some("") => "/handles",
        Some("/query") => "/handles/query",
        Some(rest) => match rest.strip_prefix('/') {
            Some(id) if !id.is_empty() && !id.contains('/') => "/handles/{id}",
            _ => "other",
        },
        None => "other",
    }
}

/// Whether a request announces a body (`Content-Length` other than 0, or
/// any `Transfer-Encoding`).
fn has_body(request: &Request) -> bool {
    let headers = request.headers();
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get_all(header::CONTENT_LENGTH)
            .iter()
            .any(|v| v.as_bytes() != b"0")
}

/// When the request's first byte came (the connection layer says), or now.
fn start_of(request: &Request) -> Instant {
    request
        .extensions()
        .get::<RequestStart>()
        .map_or_else(Instant::now, |s| s.0)
}

/// The outer middleware of the public listener (every request, fallbacks
/// included): logs and counts each answer.
pub(crate) async fn guard(request: Request, next: Next) -> Response {
    let start = start_of(&request);
    let route = route_of(request.uri().path());
    let method = request.method().clone();
    if let Some(problem) = head_problem(&request) {
        return finish(refuse(problem), route, &method, start);
    }
    let response = next.run(request).await;
    finish(response, route, &method, start)
}

/// What is wrong with a request's head before any route sees it: `Host`
/// missing from an HTTP/1.1 request, or given more than once (RFC 9112
/// §3.2: 400), and a head past [`MAX_HEAD`] (431).
fn head_problem(request: &Request) -> Option<Problem> {
    let hosts = request.headers().get_all(header::HOST).iter().count();
    if hosts > 1 {
        return Some(Own::BadHost.problem("Host is given more than once: send it once."));
    }
    if hosts == 0 && request.version() == axum::http::Version::HTTP_11 {
        return Some(Own::BadHost.problem("An HTTP/1.1 request must send Host."));
    }
    // The request line as sent (method, target, version), without
    // writing the URI out again on every request.
    let uri = request.uri();
    let target = uri
        .authority()
        .map_or(0, |a| a.as_str().len() + "http://".len())
        + uri.path_and_query().map_or(1, |p| p.as_str().len());
    let line = request.method().as_str().len() + target + 11;
    let head = request.headers().iter().fold(line, |sum, (name, value)| {
        sum + name.as_str().len() + value.len() + 4
    });
    (head > MAX_HEAD).then(|| {
        Own::HeadTooLarge.problem(format!(
            "The request's head is {head} bytes; at most {MAX_HEAD} are taken."
        ))
    })
}

/// The inner middleware, on routes only (a path or method no route takes
/// is 404 or 405 first): no query string (but on `/handles/query`, whose
/// extractor judges its `include`), no body on GET/DELETE, a slot within
/// the deadline, and the body bound by it.
pub(crate) async fn admit(
    State(guard): State<Arc<Guard>>,
    request: Request,
    next: Next,
) -> Response {
    let start = start_of(&request);
    if let Some(query) = request
        .uri()
        .query()
        .filter(|_| request.uri().path() != "/handles/query")
    {
        return refuse(Own::QueryNotAllowed.problem(format!(
            "The query string {:#} is not taken: no route here takes one.",
            Echo::new(query)
        )));
    }
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::DELETE
    ) && has_body(&request)
    {
        return refuse(Own::BodyNotAllowed.problem(format!(
            "{} takes no body: send none (Content-Length 0 or absent).",
            request.method()
        )));
    }
    let deadline = start + guard.body_deadline;
    let waiting = tokio::time::timeout_at(deadline, Arc::clone(&guard.slots).acquire_owned());
    let Ok(Ok(permit)) = waiting.await else {
        return refuse(Own::Busy.problem(format!(
            "No request slot came free within {} s; try again later.",
            guard.body_deadline.as_secs()
        )));
    };
    let request = request.map(|body| Body::new(DeadlineBody::new(body, deadline)));
    let response = next.run(request).await;
    drop(permit);
    response
}

/// Logs and counts the answer; a refusal's problem leaves the response.
fn finish(
    mut response: Response,
    route: &'static str,
    method: &Method,
    start: Instant,
) -> Response {
    let refused = response.extensions_mut().remove::<Refused>();
    let problem = refused.as_ref().map(|r| r.0.as_ref());
    if let Some(problem) = problem {
        log::refused(problem, route, false);
        metrics::violations(problem.errors.iter().map(|e| e.code.as_str()));
    }
    metrics::request(
        route,
        method,
        response.status(),
        problem.map(|p| p.type_uri.as_str()),
        start.elapsed(),
    );
    response
}

/// A request body that fails once its deadline passes, however it trickles
/// (tower-http's `RequestBodyTimeout` restarts on every frame).
struct DeadlineBody {
    body: Body,
    deadline: Pin<Box<Sleep>>,
}

impl DeadlineBody {
    fn new(body: Body, deadline: Instant) -> Self {
        Self {
            body,
            deadline: Box::pin(tokio::time::sleep_until(deadline)),
        }
    }
}

/// The error a body past its deadline ends with.
#[derive(Debug)]
struct DeadlinePassed;

impl std::fmt::Display for DeadlinePassed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the body did not arrive within the deadline")
    }
}

impl std::error::Error for DeadlinePassed {}

impl HttpBody for DeadlineBody {
    type Data = axum::body::Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(Box::new(DeadlinePassed))));
        }
        Pin::new(&mut this.body)
            .poll_frame(cx)
            .map_err(axum::BoxError::from)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The fallback for a path no route has: a 404 problem.
pub(crate) async fn no_route() -> Response {
    refuse(Own::NoRoute.problem(
        "No route has this path: this server answers POST /handles and GET or DELETE /handles/{id}.",
    ))
}

/// The fallback for a method a route does not take: a 405 problem (axum
/// adds `Allow`).
pub(crate) async fn method_not_allowed(method: Method) -> Response {
    refuse(Own::MethodNotAllowed.problem(format!(
        "This route does not take {:#}.",
        Echo::new(method.as_str())
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_of_paths() {
        assert_eq!(route_of("/handles"), "/handles");
        assert_eq!(route_of("/handles/abc"), "/handles/{id}");
        assert_eq!(route_of("/handles/query"), "/handles/query");
        assert_eq!(route_of("/handles/"), "other");
        assert_eq!(route_of("/handles/a/b"), "other");
        assert_eq!(route_of("/handlesx"), "other");
        assert_eq!(route_of("/"), "other");
    }

    #[test]
    fn own_problems_have_their_status() {
        for own in Own::ALL {
            let p = own.problem("x");
            assert_eq!(p.status, own.status());
            assert!(p.type_uri.starts_with("urn:mpsd-handles:problem:"));
        }
    }
}
