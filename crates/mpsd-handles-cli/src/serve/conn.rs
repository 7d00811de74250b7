//! The accept loop and what bounds each connection: at most
//! `--max-connections` at once, the headers of a request within
//! `--header-timeout` of its first byte, at most `--idle-timeout` between
//! requests or with an answer left unread, and `--shutdown-grace` after a
//! stop signal.
//!
//! hyper's own `header_read_timeout` starts whenever hyper waits for a
//! request head, so it would also close a keep-alive connection after the
//! header timeout; the phases here tell the two waits apart.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tokio::time::{Instant, Sleep};

use super::log;

/// The waits a connection is allowed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Timeouts {
    /// From a request's first byte (or the connection's start) to the end
    /// of its headers.
    pub(crate) header: Duration,
    /// Between requests on a kept-alive connection, and for a client to
    /// take an answer it is sent.
    pub(crate) idle: Duration,
}

/// When a request's first byte arrived: the body deadline counts from it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RequestStart(pub(crate) Instant);

/// Where a connection is between requests.
#[derive(Clone, Copy, Debug)]
enum Phase {
    /// No request under way: since the connection started (`fresh`) or
    /// since the last answer ended.
    Waiting { since: Instant, fresh: bool },
    /// A request's first bytes arrived; its headers have not all.
    Head { since: Instant },
    /// Requests are being answered (their bodies bound by the body deadline).
    Busy { in_flight: usize },
}

/// A connection's phase, shared by its I/O and its requests, and the
/// reader to wake when the last request ends (it waits with no deadline
/// while requests are under way, and must start the idle one then).
#[derive(Debug)]
struct ConnState(Mutex<(Phase, Option<Waker>)>);

impl ConnState {
    fn new() -> Self {
        Self(Mutex::new((
            Phase::Waiting {
                since: Instant::now(),
                fresh: true,
            },
            None,
        )))
    }

    fn with<T>(&self, f: impl FnOnce(&mut Phase) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner).0)
    }

    /// The deadline, or (with none) `waker` kept to be woken when the
    /// connection turns idle.
    fn deadline_or_park(&self, timeouts: Timeouts, waker: &Waker) -> Option<Instant> {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let deadline = deadline_of(state.0, timeouts);
        if deadline.is_none() {
            match &mut state.1 {
                Some(parked) if parked.will_wake(waker) => {}
                parked => *parked = Some(waker.clone()),
            }
        }
        deadline
    }

    /// When the connection is closed unless something happens first.
    #[cfg(test)]
    fn deadline(&self, timeouts: Timeouts) -> Option<Instant> {
        self.with(|phase| deadline_of(*phase, timeouts))
    }

    fn bytes_arrived(&self) {
        self.with(|phase| {
            if let Phase::Waiting { .. } = phase {
                *phase = Phase::Head {
                    since: Instant::now(),
                };
            }
        });
    }

    /// A request's headers are in; returns when its first byte came.
    fn request_started(&self) -> Instant {
        self.with(|phase| match *phase {
            Phase::Head { since } => {
                *phase = Phase::Busy { in_flight: 1 };
                since
            }
            Phase::Waiting { .. } => {
                *phase = Phase::Busy { in_flight: 1 };
                Instant::now()
            }
            Phase::Busy { in_flight } => {
                *phase = Phase::Busy {
                    in_flight: in_flight + 1,
                };
                Instant::now()
            }
        })
    }

    fn request_ended(&self) {
        let parked = {
            let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
            match state.0 {
                Phase::Busy { in_flight } if in_flight > 1 => {
                    state.0 = Phase::Busy {
                        in_flight: in_flight - 1,
                    };
                    None
                }
                Phase::Busy { .. } => {
                    state.0 = Phase::Waiting {
                        since: Instant::now(),
                        fresh: false,
                    };
                    state.1.take()
                }
                _ => None,
            }
        };
        if let Some(reader) = parked {
            reader.wake();
        }
    }
}

/// When a connection in `phase` is closed unless something happens first.
fn deadline_of(phase: Phase, timeouts: Timeouts) -> Option<Instant> {
    match phase {
        Phase::Waiting { since, fresh: true } | Phase::Head { since } => {
            Some(since + timeouts.header)
        }
        Phase::Waiting {
            since,
            fresh: false,
        } => Some(since + timeouts.idle),
        Phase::Busy { .. } => None,
    }
}

/// A TCP stream that fails with `TimedOut` when its connection's deadline
/// passes while it waits to read, or when a write makes no progress for the
/// idle timeout (a client that does not take its answer).
struct TimedIo {
    stream: TcpStream,
    state: Arc<ConnState>,
    timeouts: Timeouts,
    sleep: Pin<Box<Sleep>>,
    armed: Option<Instant>,
    write_stalled: Option<Instant>,
}

impl TimedIo {
    fn new(stream: TcpStream, state: Arc<ConnState>, timeouts: Timeouts) -> Self {
        Self {
            stream,
            state,
            timeouts,
            sleep: Box::pin(tokio::time::sleep(Duration::ZERO)),
            armed: None,
            write_stalled: None,
        }
    }

    /// Pending until `deadline`, then `TimedOut`.
    fn poll_deadline(&mut self, cx: &mut Context<'_>, deadline: Instant) -> Poll<io::Error> {
        if self.armed != Some(deadline) {
            self.sleep.as_mut().reset(deadline);
            self.armed = Some(deadline);
        }
        ready!(self.sleep.as_mut().poll(cx));
        Poll::Ready(io::Error::new(
            io::ErrorKind::TimedOut,
            "the connection's time ran out",
        ))
    }

    fn poll_write_progress<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        match result {
            Poll::Pending => {
                let since = *self.write_stalled.get_or_insert_with(Instant::now);
                self.poll_deadline(cx, since + self.timeouts.idle).map(Err)
            }
            ready @ Poll::Ready(_) => {
                self.write_stalled = None;
                ready
            }
        }
    }
}

impl AsyncRead for TimedIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.state.bytes_arrived();
                }
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => match this.state.deadline_or_park(this.timeouts, cx.waker()) {
                Some(deadline) => this.poll_deadline(cx, deadline).map(Err),
                None => Poll::Pending,
            },
        }
    }
}

impl AsyncWrite for TimedIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.poll_write_progress(cx, result)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.poll_write_progress(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let result = Pin::new(&mut this.stream).poll_flush(cx);
        this.poll_write_progress(cx, result)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

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
struct Service {
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
            .max_buf_size(64 * 1024);
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
            let io = TimedIo::new(stream, Arc::clone(&state), self.timeouts);
            let service = Service {
                router: self.router.clone(),
                state,
            };
            let watcher = graceful.watcher();
            let builder = builder.clone();
            let tls = self.tls.clone();
            super::metrics::connection_opened();
            tokio::spawn(async move {
                match tls {
                    None => {
                        let _ = watcher
                            .watch(builder.serve_connection(TokioIo::new(io), service))
                            .await;
                    }
                    Some(acceptor) => {
                        if let Ok(io) = acceptor.accept(io).await {
                            let _ = watcher
                                .watch(builder.serve_connection(TokioIo::new(io), service))
                                .await;
                        }
                    }
                }
                super::metrics::connection_closed();
                drop(permit);
            });
        }
        drop(listener);
        let open = self.max_connections - slots.available_permits();
        match tokio::time::timeout(self.grace, graceful.shutdown()).await {
            Ok(()) => Ended::Drained,
            Err(_) => {
                Ended::GraceExpired((self.max_connections - slots.available_permits()).min(open))
            }
        }
    }
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
    fn phases_pick_the_wait() {
        let timeouts = Timeouts {
            header: Duration::from_secs(10),
            idle: Duration::from_secs(60),
        };
        let state = ConnState::new();
        let fresh = state.deadline(timeouts).unwrap();
        assert!(fresh <= Instant::now() + timeouts.header);
        state.bytes_arrived();
        assert!(state.deadline(timeouts).unwrap() >= fresh);
        let start = state.request_started();
        assert!(start <= Instant::now());
        assert_eq!(state.deadline(timeouts), None);
        state.request_started();
        state.request_ended();
        assert_eq!(
            state.deadline(timeouts),
            None,
            "one request still in flight"
        );
        state.request_ended();
        let idle = state.deadline(timeouts).unwrap();
        assert!(
            idle > Instant::now() + Duration::from_secs(50),
            "idle, not header"
        );
    }

    #[test]
    fn the_open_file_limit_is_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(open_file_limit().is_some_and(|n| n > 0));
        }
    }
}
