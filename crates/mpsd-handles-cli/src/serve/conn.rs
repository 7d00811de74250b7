//! The accept loop and what bounds each connection: at most
//! `--max-connections` at once, the headers of a request within
//! `--header-timeout` of its first byte, at most `--idle-timeout` between
//! requests or with an answer left unread, and `--shutdown-grace` after a
//! stop signal.
//! (`timed.rs`: each connection's waits.)

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use super::log;
use super::timed::{ConnState, TimedIo};
pub(crate) use super::timed::{RequestStart, Timeouts};

/// Marks a request ended when its answer's body is dropped (written, or
/// given up with the connection).
struct InFlight(Arc<ConnState>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.request_ended();
    }
}

/// An answer's body, carrying its request's [`InFlight`] mark.
pub(crate) struct Tracked {
    body: Body,
    _in_flight: InFlight,
}

impl HttpBody for Tracked {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// One connection's service: the router, with each request's start put in
/// its extensions and its end tracked.
#[derive(Clone)]
pub(super) struct Service {
    router: Router,
    state: Arc<ConnState>,
}

impl hyper::service::Service<hyper::Request<Incoming>> for Service {
    type Response = hyper::Response<Tracked>;
    type Error = Infallible;
    type Future =
        Pin<Box<dyn Future<Output = Result<hyper::Response<Tracked>, Infallible>> + Send>>;

    fn call(&self, mut request: hyper::Request<Incoming>) -> Self::Future {
        let start = self.state.request_started();
        let in_flight = InFlight(Arc::clone(&self.state));
        request.extensions_mut().insert(RequestStart(start));
        let mut router = self.router.clone();
        Box::pin(async move {
            let response = match tower::Service::call(&mut router, request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            Ok(response.map(|body| Tracked {
                body,
                _in_flight: in_flight,
            }))
        })
    }
}

/// The most bytes of a request's head (request line and headers): hyper's
/// read buffer, and what the guard checks of the head it parsed (hyper's
/// buffer alone let a 100 KB header through).
pub(crate) const MAX_HEAD: usize = 64 * 1024;

/// How a server's run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ended {
    /// Every connection closed within the grace.
    Drained,
    /// The grace ran out with this many connections open.
    GraceExpired(usize),
}

/// What a listener serves and how.
pub(crate) struct Server {
    pub(crate) router: Router,
    pub(crate) timeouts: Timeouts,
    pub(crate) max_connections: usize,
    pub(crate) grace: Duration,
    /// TLS on the listener (`--tls-cert`, `--tls-key`): the handshake is
    /// the start of the first request, bound by the header timeout.
    pub(crate) tls: Option<tokio_rustls::TlsAcceptor>,
}

impl Server {
    /// Serves `listener` until `stop` turns true (or its sender is gone),
    /// then lets open connections finish within the grace.
    pub(crate) async fn run(self, listener: TcpListener, mut stop: watch::Receiver<bool>) -> Ended {
        let slots = Arc::new(Semaphore::new(self.max_connections));
        let graceful = GracefulShutdown::new();
        let mut builder = http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            // The phases above time the head; see the module's note.
            .header_read_timeout(None)
            .max_buf_size(MAX_HEAD);
        let mut warned_full = false;
        loop {
            if slots.available_permits() == 0 && !warned_full {
                warned_full = true;
                log::event("connections-full", self.max_connections);
            }
            let permit = tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                permit = Arc::clone(&slots).acquire_owned() => match permit {
                    Ok(permit) => permit,
                    Err(_) => break,
                },
            };
            let stream = tokio::select! {
                biased;
                () = stopped(&mut stop) => break,
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of descriptors or memory: wait, do not spin.
                        if !is_per_connection(&e) {
                            log::accept_failed(&e);
                            tokio::time::sleep(Duration::from_millis(100)).await;
                        }
                        continue;
                    }
                },
            };
            if slots.available_permits() > 0 {
                warned_full = false;
            }
            let _ = stream.set_nodelay(true);
            let state = Arc::new(ConnState::new());
            let service = Service {
                router: self.router.clone(),
                state: Arc::clone(&state),
            };
            let watcher = graceful.watcher();
            let builder = builder.clone();
            let tls = self.tls.clone();
            let timeouts = self.timeouts;
            super::metrics::connection_opened();
            tokio::spawn(async move {
                let ended = match tls {
                    None => {
                        let io = TimedIo::new(stream, Arc::clone(&state), timeouts);
                        serve_one(&builder, watcher, io, service).await
                    }
                    Some(acceptor) => {
                        serve_tls(stream, &acceptor, &builder, watcher, service, timeouts).await
                    }
                };
                if let Some(reason) = ended.and_then(|e| refusal(&e, &state)) {
                    log::connection_refused(reason);
                    super::metrics::connection_refused(reason);
                }
                super::metrics::connection_closed();
                drop(permit);
            });
        }
        drop(listener);
        match tokio::time::timeout(self.grace, graceful.shutdown()).await {
            Ok(()) => Ended::Drained,
            // Each open connection holds a slot.
            Err(_) => Ended::GraceExpired(self.max_connections - slots.available_permits()),
        }
    }
}

/// Serves one connection (plain, or once its TLS handshake is done) until
/// it closes, or the shutdown asks it to; what ended it.
async fn serve_one<I>(
    builder: &http1::Builder,
    watcher: Watcher,
    io: I,
    service: Service,
) -> Option<Ended1>
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    watcher
        .watch(builder.serve_connection(TokioIo::new(io), service))
        .await
        .err()
        .map(Ended1::Http)
}

/// Why a connection ended early.
enum Ended1 {
    /// hyper's error (it answered 400 or 431 itself where it could).
    Http(hyper::Error),
    /// The TLS handshake failed.
    Handshake,
    /// Plain HTTP came to the TLS listener (answered 400 here, as nginx).
    PlainHttp,
}

/// The first byte of a TLS connection is a handshake record's (22).
const TLS_HANDSHAKE: u8 = 0x16;

/// The problem body answered to plain HTTP on the TLS listener (nginx
/// answers a 400 that says so; a TLS alert alone tells a curl user nothing).
const PLAIN_HTTP_PROBLEM: &str = "{\"type\":\"urn:mpsd-handles:problem:plain-http-on-tls\",\"title\":\"Plain HTTP sent to the HTTPS port\",\"status\":400,\"detail\":\"This port speaks HTTPS: use https://.\"}";

/// A connection to the TLS listener: plain HTTP answered 400, else the
/// handshake (within the header timeout, as the `TimedIo` bounds it) and
/// the connection served.
async fn serve_tls(
    stream: tokio::net::TcpStream,
    acceptor: &tokio_rustls::TlsAcceptor,
    builder: &http1::Builder,
    watcher: Watcher,
    service: Service,
    timeouts: Timeouts,
) -> Option<Ended1> {
    let mut first = [0u8; 1];
    let peeked = tokio::time::timeout(timeouts.header, stream.peek(&mut first)).await;
    match peeked {
        Ok(Ok(1)) if first[0] != TLS_HANDSHAKE => {
            use tokio::io::AsyncWriteExt;
            let mut stream = stream;
            let answer = format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{PLAIN_HTTP_PROBLEM}",
                PLAIN_HTTP_PROBLEM.len()
            );
            let _ =
                tokio::time::timeout(timeouts.header, stream.write_all(answer.as_bytes())).await;
            let _ = stream.shutdown().await;
            return Some(Ended1::PlainHttp);
        }
        Ok(Ok(1)) => {}
        // Closed, failed, or silent for the header timeout.
        _ => return None,
    }
    let io = TimedIo::new(stream, Arc::clone(&service.state), timeouts);
    match acceptor.accept(io).await {
        Ok(io) => serve_one(builder, watcher, io, service).await,
        Err(_) => Some(Ended1::Handshake),
    }
}

/// The reason to log and count for a connection that `ended` this way
/// before a route saw its request; `None` for a connection that simply
/// closed, went idle past its timeout, or was silent from the start.
fn refusal(ended: &Ended1, state: &ConnState) -> Option<&'static str> {
    let e = match ended {
        Ended1::Handshake => return Some("tls-handshake"),
        Ended1::PlainHttp => return Some("plain-http-on-tls"),
        Ended1::Http(e) => e,
    };
    if e.is_parse_too_large() {
        Some("head-too-large")
    } else if e.is_parse() || e.is_parse_version_h2() {
        Some("malformed-request")
    } else if state.in_head() && timed_out(e) {
        Some("header-timeout")
    } else {
        None
    }
}

/// Whether `e` comes from a connection's deadline (`TimedIo`'s `TimedOut`).
fn timed_out(e: &hyper::Error) -> bool {
    let mut source = std::error::Error::source(e);
    while let Some(inner) = source {
        if inner
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        source = inner.source();
    }
    e.is_timeout()
}

/// Resolves once `stop` turns true, or its sender is gone.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    let _ = stop.wait_for(|stopped| *stopped).await;
}

/// Accept errors about one connection only (it went away before it was
/// taken): the listener is fine.
fn is_per_connection(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// The open-file (descriptor) limit of this process, where it can be read.
#[must_use]
pub(crate) fn open_file_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line.split_whitespace().nth(3)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_open_file_limit_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(open_file_limit().is_some_and(|n| n > 0));
        }
    }
}
