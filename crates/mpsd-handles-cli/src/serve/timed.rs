//! What bounds one connection's waits: its phase between requests (a new
//! connection, a request's head arriving, requests under way, idle between
//! them) and a stream that fails once the phase's deadline passes.
//!
//! hyper's own `header_read_timeout` starts whenever hyper waits for a
//! request head, so it would also close a keep-alive connection after the
//! header timeout; the phases here tell the two waits apart.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

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
pub(super) struct ConnState(Mutex<(Phase, Option<Waker>)>);

impl ConnState {
    pub(super) fn new() -> Self {
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
        self.with(|phase| match *phase {
            // A new connection's header timeout counts from its start, as
            // documented (it restarted at the first byte: a client silent
            // for 2.8 s of 3 had 3 s more).
            Phase::Waiting { since, fresh: true } => *phase = Phase::Head { since },
            Phase::Waiting { fresh: false, .. } => {
                *phase = Phase::Head {
                    since: Instant::now(),
                };
            }
            Phase::Head { .. } | Phase::Busy { .. } => {}
        });
    }

    /// Whether a request's head has begun and not ended.
    pub(super) fn in_head(&self) -> bool {
        self.with(|phase| matches!(phase, Phase::Head { .. }))
    }

    /// A request's headers are in; returns when its first byte came.
    pub(super) fn request_started(&self) -> Instant {
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

    pub(super) fn request_ended(&self) {
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
pub(super) struct TimedIo {
    stream: TcpStream,
    state: Arc<ConnState>,
    timeouts: Timeouts,
    sleep: Pin<Box<Sleep>>,
    armed: Option<Instant>,
    write_stalled: Option<Instant>,
}

impl TimedIo {
    pub(super) fn new(stream: TcpStream, state: Arc<ConnState>, timeouts: Timeouts) -> Self {
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
}
