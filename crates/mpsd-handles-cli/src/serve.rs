//! `mpsd-handles serve`: an in-memory MPSD handles endpoint for local
//! development and for integration tests of game services. Every body is
//! validated by the library's axum extractor; a refusal is an RFC 9457
//! problem body, and one structured log line on stderr.

use std::collections::{HashMap, VecDeque};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{FromRef, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mpsd_handles::axum::{HandleConfig, Rejection, ValidHandle};
use mpsd_handles::problem::{Problem, ProblemError, ProblemKind};
use mpsd_handles::{
    Echo, HandleId, HandleKind, HandleRequest, InviteHandleResponse, ResponseAttributes, Xuid,
};
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::{ServeArgs, warn};

/// The sender of every invite (the endpoint has no authentication to take
/// it from): a fixed, documented xuid.
const SENDER_XUID: u64 = 2_814_679_796_296_491;

/// How long an invite handle lives, as MPSD's fixtures show (≈ 2 h).
const INVITE_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// The most handles held at once; past it the oldest is forgotten, so a
/// long-running endpoint's memory stays bounded.
const MAX_HANDLES: usize = 10_000;

/// The handles held: each one's JSON text (as answered to `GET`), and the
/// order they came in.
#[derive(Default)]
struct Handles {
    by_id: HashMap<HandleId, String>,
    order: VecDeque<HandleId>,
}

impl Handles {
    fn insert(&mut self, id: HandleId, handle: String) {
        if self.by_id.len() >= MAX_HANDLES {
            while let Some(oldest) = self.order.pop_front() {
                if self.by_id.remove(&oldest).is_some() {
                    break;
                }
            }
        }
        self.by_id.insert(id, handle);
        self.order.push_back(id);
    }
}

/// The endpoint's state: its configuration and the handles it holds.
#[derive(Clone, Default)]
struct App {
    config: HandleConfig,
    handles: Arc<Mutex<Handles>>,
}

impl FromRef<App> for HandleConfig {
    fn from_ref(app: &App) -> Self {
        app.config
    }
}

/// The in-memory endpoint: `POST /handles`, `GET` and `DELETE /handles/{id}`.
fn routes(app: App) -> Router {
    Router::new()
        .route("/handles", post(create))
        .route("/handles/{id}", get(read).delete(remove))
        .with_state(app)
}

/// One JSON line on stderr for a refused request: its status, problem type
/// and every violation's code and pointer (the pointer escaped and cut: a
/// member name can carry anything).
fn log_rejection(problem: &Problem) {
    /// One refusal's log line: codes and escaped, cut pointers, never values.
    #[derive(serde::Serialize)]
    struct Line<'a> {
        event: &'static str,
        status: u16,
        #[serde(rename = "type")]
        type_uri: &'a str,
        #[serde(serialize_with = "logged_errors")]
        errors: &'a [ProblemError],
    }
    fn logged_errors<S: serde::Serializer>(
        errors: &&[ProblemError],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Logged<'a> {
            #[serde(serialize_with = "echoed")]
            pointer: &'a str,
            code: &'a str,
        }
        fn echoed<S: serde::Serializer>(pointer: &&str, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&Echo::new(pointer))
        }
        s.collect_seq(errors.iter().map(|e| Logged {
            pointer: &e.pointer,
            code: &e.code,
        }))
    }
    let line = Line {
        event: "rejected",
        status: problem.status,
        type_uri: &problem.type_uri,
        errors: &problem.errors,
    };
    // One write per line: stderr is unbuffered, and a line written piece
    // by piece costs a system call per piece (and can interleave).
    let mut text = serde_json::to_vec(&line).unwrap_or_default();
    text.push(b'\n');
    let _ = std::io::stderr().lock().write_all(&text);
}

pub(crate) fn problem_response(problem: Problem) -> Response {
    log_rejection(&problem);
    Rejection(problem).into_response()
}

async fn create(State(app): State<App>, body: Result<ValidHandle, Rejection>) -> Response {
    let request = match body {
        Ok(ValidHandle(request)) => request,
        Err(rejection) => return problem_response(rejection.0),
    };
    let id = HandleId::new(uuid::Uuid::new_v4());
    match with_id(request, id) {
        HandleRequest::Invite(invite) => {
            let response = InviteHandleResponse {
                kind: HandleKind::Invite,
                session_ref: invite.session_ref,
                version: invite.version,
                invite_attributes: ResponseAttributes {
                    title_id: invite.invite_attributes.title_id,
                },
                expiration: rfc3339(SystemTime::now() + INVITE_LIFETIME),
                id,
                invited_xuid: invite.invited_xuid,
                sender_xuid: Xuid::new(SENDER_XUID).unwrap_or(invite.invited_xuid),
            };
            let text = serde_json::to_string(&response).unwrap_or_default();
            store(&app, id, text.clone());
            (StatusCode::CREATED, json_body(text)).into_response()
        }
        other => {
            store(&app, id, serde_json::to_string(&other).unwrap_or_default());
            (
                StatusCode::NO_CONTENT,
                [(header::LOCATION, format!("/handles/{id}"))],
            )
                .into_response()
        }
    }
}

/// `request` with the id MPSD gives it.
fn with_id(mut request: HandleRequest, id: HandleId) -> HandleRequest {
    match &mut request {
        HandleRequest::Activity(h) => h.id = Some(id),
        HandleRequest::Invite(h) => h.id = Some(id),
        HandleRequest::Transfer(h) => h.id = Some(id),
        HandleRequest::Search(h) => h.id = Some(id),
        _ => {}
    }
    request
}

/// JSON text as a response body (written as stored: member order kept).
fn json_body(text: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], text)
}

fn store(app: &App, id: HandleId, handle: String) {
    if let Ok(mut handles) = app.handles.lock() {
        handles.insert(id, handle);
    }
}

fn not_found(id: &str) -> Response {
    problem_response(Problem::new(
        ProblemKind::NotFound,
        format!("No handle {:#} is held here.", Echo::new(id)),
    ))
}

async fn read(State(app): State<App>, Path(id): Path<String>) -> Response {
    let handle = id
        .parse::<HandleId>()
        .ok()
        .and_then(|key| app.handles.lock().ok()?.by_id.get(&key).cloned());
    match handle {
        Some(handle) => (StatusCode::OK, json_body(handle)).into_response(),
        None => not_found(&id),
    }
}

async fn remove(State(app): State<App>, Path(id): Path<String>) -> Response {
    let removed = id
        .parse::<HandleId>()
        .ok()
        .and_then(|key| app.handles.lock().ok()?.by_id.remove(&key));
    match removed {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(&id),
    }
}

/// `t` as an RFC 3339 UTC timestamp with 7 fractional digits, as MPSD writes.
fn rfc3339(t: SystemTime) -> String {
    let since = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:07}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_nanos() / 100
    )
}

/// Resolves on SIGINT or SIGTERM: in-flight requests then finish. The
/// handlers are installed when this is called (before `listening on` is
/// printed), so a signal sent right after that line is never lost.
#[cfg(unix)]
fn shutdown() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Runs `serve` until SIGINT or SIGTERM.
pub(crate) fn run(args: &ServeArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            warn(format_args!("cannot start: {e}"));
            return ExitCode::from(2);
        }
    };
    runtime.block_on(async {
        let listener = match tokio::net::TcpListener::bind(args.listen).await {
            Ok(l) => l,
            Err(e) => {
                warn(format_args!("cannot listen on {}: {e}", args.listen));
                return ExitCode::from(2);
            }
        };
        let addr: SocketAddr = listener.local_addr().unwrap_or(args.listen);
        let stop = match shutdown() {
            Ok(stop) => stop,
            Err(e) => {
                warn(format_args!("cannot handle signals: {e}"));
                return ExitCode::from(2);
            }
        };
        let mut out = std::io::stdout().lock();
        if writeln!(out, "listening on http://{addr}")
            .and_then(|()| out.flush())
            .is_err()
        {
            return ExitCode::from(2);
        }
        drop(out);
        let body_deadline = Duration::from_secs(args.body_deadline);
        let concurrency = usize::try_from(args.concurrency).unwrap_or(usize::MAX);
        let routes = match &args.upstream {
            None => routes(App::default()),
            Some(upstream) => match crate::proxy::Proxy::new(
                upstream,
                HandleConfig::new(),
                Duration::from_secs(args.upstream_timeout),
            ) {
                Ok(proxy) => crate::proxy::router(proxy),
                Err(e) => {
                    warn(format_args!("{e}"));
                    return ExitCode::from(2);
                }
            },
        };
        let app = routes
            .layer(RequestBodyTimeoutLayer::new(body_deadline))
            .layer(GlobalConcurrencyLimitLayer::new(concurrency));
        match axum::serve(listener, app)
            .with_graceful_shutdown(stop)
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                warn(format_args!("the server stopped: {e}"));
                ExitCode::from(2)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_forgets_the_oldest_past_its_cap() {
        let mut handles = Handles::default();
        let ids: Vec<HandleId> = (0..=MAX_HANDLES as u128)
            .map(|n| HandleId::new(uuid::Uuid::from_u128(n)))
            .collect();
        for id in &ids {
            handles.insert(*id, String::new());
        }
        assert_eq!(handles.by_id.len(), MAX_HANDLES);
        assert!(!handles.by_id.contains_key(&ids[0]));
        assert!(handles.by_id.contains_key(&ids[MAX_HANDLES]));
    }

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.0000000Z");
        let t = UNIX_EPOCH + Duration::new(1_409_267_734, 885_230_800);
        assert_eq!(rfc3339(t), "2014-08-28T23:15:34.8852308Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.0000000Z");
    }
}
