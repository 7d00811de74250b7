//! What `--metrics-listen` serves: `GET /metrics` (Prometheus' text format,
//! by prometheus-client) and `GET /healthz`. Counted whether or not it is
//! served; nothing of it is on the public listener.

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use mpsd_handles::Code;
use mpsd_handles::problem::ProblemKind;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use super::guard::Own;

/// A request's labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: &'static str,
    method: &'static str,
    status: u16,
    /// The problem type's last segment (`invalid-body`), or empty.
    problem: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ProblemLabels {
    problem: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct UpstreamLabels {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

type Latency = Family<RouteLabels, Histogram, fn() -> Histogram>;

struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Latency,
    violations: Family<CodeLabels, Counter>,
    would_refuse: Family<ProblemLabels, Counter>,
    upstream_errors: Family<UpstreamLabels, Counter>,
    connection_refusals: Family<ReasonLabels, Counter>,
    connections: Gauge,
    handles: Gauge,
}

fn latency_histogram() -> Histogram {
    // 100 µs to ~3.3 s.
    Histogram::new(exponential_buckets(0.000_1, 2.0, 16))
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let mut registry = Registry::with_prefix("mpsd_handles");
    let requests = Family::<RequestLabels, Counter>::default();
    registry.register(
        "requests",
        "Requests answered, by route, method, status and problem type",
        requests.clone(),
    );
    let latency: Latency = Family::new_with_constructor(latency_histogram);
    registry.register(
        "request_duration_seconds",
        "From a request's first byte to its answer's headers, by route",
        latency.clone(),
    );
    let violations = Family::<CodeLabels, Counter>::default();
    registry.register(
        "violations",
        "Violations found in refused (or, in report mode, forwarded) bodies, by code",
        violations.clone(),
    );
    let would_refuse = Family::<ProblemLabels, Counter>::default();
    registry.register(
        "would_refuse",
        "Requests report mode forwarded that enforce mode would refuse, by problem type",
        would_refuse.clone(),
    );
    let upstream_errors = Family::<UpstreamLabels, Counter>::default();
    registry.register(
        "upstream_errors",
        "Forwarded requests the upstream did not answer (unavailable, tls), not in time (timeout), or with an answer that cannot be passed on (invalid)",
        upstream_errors.clone(),
    );
    let connection_refusals = Family::<ReasonLabels, Counter>::default();
    registry.register(
        "connection_refusals",
        "Connections closed before any route saw a request, by reason (malformed-request, head-too-large, header-timeout, tls-handshake, plain-http-on-tls)",
        connection_refusals.clone(),
    );
    let connections = Gauge::default();
    registry.register(
        "connections_open",
        "Client connections open on the public listener",
        connections.clone(),
    );
    let handles = Gauge::default();
    registry.register(
        "handles_stored",
        "Handles the in-memory endpoint holds",
        handles.clone(),
    );
    Metrics {
        registry,
        requests,
        latency,
        violations,
        would_refuse,
        upstream_errors,
        connection_refusals,
        connections,
        handles,
    }
});

/// The last segment of a problem type URI (`urn:...:problem:invalid-body`),
/// for the types this program answers with (a label allocates nothing);
/// `other` for any else.
fn short(type_uri: &str) -> &'static str {
    ProblemKind::ALL
        .iter()
        .map(|kind| kind.type_uri())
        .chain(Own::ALL.iter().map(|own| own.type_uri()))
        .find(|known| *known == type_uri)
        .and_then(|known| known.rsplit(':').next())
        .unwrap_or("other")
}

/// A violation code as a label: the crate's own, or `other`.
fn code_label(code: &str) -> &'static str {
    Code::ALL
        .iter()
        .map(|c| c.as_str())
        .find(|known| *known == code)
        .unwrap_or("other")
}

/// A request answered.
pub(crate) fn request(
    route: &'static str,
    method: &axum::http::Method,
    status: StatusCode,
    problem: Option<&str>,
    elapsed: Duration,
) {
    let method = match *method {
        axum::http::Method::GET => "GET",
        axum::http::Method::POST => "POST",
        axum::http::Method::DELETE => "DELETE",
        _ => "other",
    };
    METRICS
        .requests
        .get_or_create(&RequestLabels {
            route,
            method,
            status: status.as_u16(),
            problem: problem.map_or("", short),
        })
        .inc();
    METRICS
        .latency
        .get_or_create(&RouteLabels { route })
        .observe(elapsed.as_secs_f64());
}

/// The violations of a refused or reported body.
pub(crate) fn violations<'a>(codes: impl Iterator<Item = &'a str>) {
    for code in codes {
        METRICS
            .violations
            .get_or_create(&CodeLabels {
                code: code_label(code),
            })
            .inc();
    }
}

/// A request report mode forwarded though enforce mode would refuse it.
pub(crate) fn would_refuse(type_uri: &str) {
    METRICS
        .would_refuse
        .get_or_create(&ProblemLabels {
            problem: short(type_uri),
        })
        .inc();
}

/// The upstream did not answer (`unavailable`) or not in time (`timeout`).
pub(crate) fn upstream_error(kind: &'static str) {
    METRICS
        .upstream_errors
        .get_or_create(&UpstreamLabels { kind })
        .inc();
}

/// A connection closed before any route saw its request, and why.
pub(crate) fn connection_refused(reason: &'static str) {
    METRICS
        .connection_refusals
        .get_or_create(&ReasonLabels { reason })
        .inc();
}

pub(crate) fn connection_opened() {
    METRICS.connections.inc();
}

pub(crate) fn connection_closed() {
    METRICS.connections.dec();
}

/// How many handles the in-memory endpoint holds.
pub(crate) fn handles_stored(n: usize) {
    METRICS.handles.set(i64::try_from(n).unwrap_or(i64::MAX));
}

async fn metrics() -> Response {
    let mut text = String::with_capacity(4096);
    if prometheus_client::encoding::text::encode(&mut text, &METRICS.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

async fn healthz() -> &'static str {
    "ok\n"
}

/// What `/readyz` checks: the upstream's host and port (a proxy), or
/// nothing (the mock is ready while it serves).
#[derive(Clone, Default)]
pub(crate) struct Readiness {
    upstream: Option<Arc<Upstream>>,
}

struct Upstream {
    host: String,
    port: u16,
    /// The last check and its answer: at most one connection a second,
    /// however often `/readyz` is asked.
    last: tokio::sync::Mutex<Option<(tokio::time::Instant, bool)>>,
}

/// How long a readiness check is trusted, and how long a connect may take.
const READY_FOR: Duration = Duration::from_secs(1);
const CONNECT_WITHIN: Duration = Duration::from_secs(2);

impl Readiness {
    /// Readiness that follows whether `host:port` takes a TCP connection.
    pub(crate) fn upstream(host: &str, port: u16) -> Self {
        Self {
            upstream: Some(Arc::new(Upstream {
                host: host.to_owned(),
                port,
                last: tokio::sync::Mutex::new(None),
            })),
        }
    }
}

/// `GET /readyz`: 200 while the server can answer (a proxy: while its
/// upstream takes a TCP connection, checked at most once a second), else
/// 503. `/healthz` stays the liveness answer: the process serves.
async fn readyz(State(readiness): State<Readiness>) -> Response {
    let Some(upstream) = readiness.upstream else {
        return "ready\n".into_response();
    };
    let mut last = upstream.last.lock().await;
    let ready = match *last {
        Some((at, ready)) if at.elapsed() < READY_FOR => ready,
        _ => {
            let connect = tokio::net::TcpStream::connect((upstream.host.as_str(), upstream.port));
            let ready = matches!(
                tokio::time::timeout(CONNECT_WITHIN, connect).await,
                Ok(Ok(_))
            );
            *last = Some((tokio::time::Instant::now(), ready));
            ready
        }
    };
    if ready {
        "ready\n".into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "the upstream does not take connections\n",
        )
            .into_response()
    }
}

/// The metrics listener's routes.
pub(crate) fn router(readiness: Readiness) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(readiness)
}
