//! `mpsd-handles serve`: an in-memory MPSD handles endpoint for local
//! development and integration tests of game services (`store`), or with
//! `--upstream` a validating proxy in front of the real MPSD (`proxy`).
//! Both sit behind the same guard (`guard`: deadlines, slots, refusals as
//! problem bodies) and the same connection handling (`conn`: timeouts, a
//! connection cap, a bounded shutdown); refusals are logged (`log`) and
//! counted (`metrics`).

use std::fmt::Write as _;
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use crate::{ServeArgs, warn};

mod conn;
mod guard;
mod log;
mod metrics;
mod proxy;
mod search;
mod store;
mod timed;
mod upstream;

/// Descriptors kept free beside client connections (stdio, listeners, the
/// runtime's own).
const RESERVED_FILES: u64 = 64;

/// The connections the metrics listener holds at once.
const METRICS_CONNECTIONS: usize = 64;

/// The fewest client connections the server starts with: below it a
/// lowered cap serves clients one at a time (`ulimit -n 300` under a proxy
/// of `--concurrency 256` left one).
const MIN_CONNECTIONS: u64 = 16;

/// The cap on connections: as asked, but below the open-file limit with
/// room for `reserve` other descriptors; an error when that leaves fewer
/// than [`MIN_CONNECTIONS`].
fn connection_cap(asked: u64, reserve: u64, limit: Option<u64>) -> Result<usize, String> {
    let cap = match limit {
        Some(limit) if asked + reserve > limit => {
            let lowered = limit.saturating_sub(reserve);
            if lowered < MIN_CONNECTIONS.min(asked) {
                return Err(format!(
                    "the open-file limit is {limit}, which leaves {lowered} connections beside the {reserve} descriptors kept for the server's own use and upstream connections (one per --concurrency slot): raise it (ulimit -n {}) or lower --concurrency",
                    reserve + MIN_CONNECTIONS.max(asked.min(1024))
                ));
            }
            warn(format_args!(
                "--max-connections {asked} lowered to {lowered}: the open-file limit is {limit}"
            ));
            lowered
        }
        _ => asked,
    };
    Ok(usize::try_from(cap).unwrap_or(usize::MAX))
}

/// The public listener's server, everything it runs with checked before
/// anything is bound.
fn plan(args: &ServeArgs) -> Result<conn::Server, String> {
    let concurrency = usize::try_from(args.concurrency).unwrap_or(usize::MAX);
    let routes = match &args.upstream {
        None => store::routes(),
        Some(upstream) => {
            let proxy = proxy::Proxy::new(&proxy::Settings {
                upstream,
                ca: args.upstream_ca.as_deref(),
                timeout: Duration::from_secs(args.upstream_timeout),
                mode: args.mode,
                concurrency,
            })?;
            proxy::routes(Arc::new(proxy))
        }
    };
    let guard = Arc::new(guard::Guard {
        slots: Arc::new(Semaphore::new(concurrency)),
        body_deadline: Duration::from_secs(args.body_deadline),
    });
    let public = routes
        .route_layer(axum::middleware::from_fn_with_state(guard, guard::admit))
        .fallback(guard::no_route)
        .method_not_allowed_fallback(guard::method_not_allowed)
        .layer(axum::middleware::from_fn(guard::guard));
    // Upstream connections (at most one per request slot) need descriptors too.
    let upstream = if args.upstream.is_some() {
        args.concurrency
    } else {
        0
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls_acceptor(cert, key)?),
        _ => None,
    };
    Ok(conn::Server {
        router: public,
        tls,
        timeouts: conn::Timeouts {
            header: Duration::from_secs(args.header_timeout),
            idle: Duration::from_secs(args.idle_timeout),
        },
        max_connections: connection_cap(
            args.max_connections,
            RESERVED_FILES + upstream,
            conn::open_file_limit(),
        )?,
        grace: Duration::from_secs(args.shutdown_grace),
    })
}

/// The listener's TLS: the certificate chain and key of two PEM files.
fn tls_acceptor(
    cert: &std::path::Path,
    key: &std::path::Path,
) -> Result<tokio_rustls::TlsAcceptor, String> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let shown = |p: &std::path::Path| mpsd_handles::Echo::whole(&p.to_string_lossy()).to_string();
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(Iterator::collect::<Result<Vec<_>, _>>)
        .map_err(|e| format!("--tls-cert {}: {e}", shown(cert)))?;
    if chain.is_empty() {
        return Err(format!("--tls-cert {}: no certificate in it", shown(cert)));
    }
    let key =
        PrivateKeyDer::from_pem_file(key).map_err(|e| format!("--tls-key {}: {e}", shown(key)))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .and_then(|b| b.with_no_client_auth().with_single_cert(chain, key))
    .map_err(|e| format!("--tls-cert/--tls-key: {e}"))?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

/// The stop signals: SIGINT, SIGTERM and SIGHUP (a closed terminal, or a
/// supervisor's stop: it ended the process at once, with no grace and no
/// log line). The handlers are installed when this is made (before
/// `listening on` is printed), so a signal sent right after that line is
/// never lost.
#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
    hangup: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    fn new() -> std::io::Result<Self> {
        use tokio::signal::unix::{SignalKind, signal};
        Ok(Self {
            interrupt: signal(SignalKind::interrupt())?,
            terminate: signal(SignalKind::terminate())?,
            hangup: signal(SignalKind::hangup())?,
        })
    }

    /// The name of the next stop signal.
    async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.interrupt.recv() => "SIGINT",
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.hangup.recv() => "SIGHUP",
        }
    }
}

/// Ctrl-C.
#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> std::io::Result<Self> {
        Ok(Self)
    }

    async fn next(&mut self) -> &'static str {
        let _ = tokio::signal::ctrl_c().await;
        "Ctrl-C"
    }
}

async fn bind(addr: SocketAddr) -> Result<(TcpListener, SocketAddr), String> {
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let bound = listener.local_addr().unwrap_or(addr);
    Ok((listener, bound))
}

/// Runs `serve` until SIGINT or SIGTERM, then gives open connections
/// `--shutdown-grace` seconds.
pub(crate) fn run(args: &ServeArgs) -> ExitCode {
    let _log = log::init(args.log_format);
    let server = match plan(args) {
        Ok(server) => server,
        Err(e) => {
            warn(format_args!("{e}"));
            return ExitCode::from(2);
        }
    };
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
    let code = runtime.block_on(serve(args, server));
    // Connections past the grace are dropped with the runtime.
    runtime.shutdown_timeout(Duration::from_millis(100));
    code
}

/// What the metrics listener's `/readyz` checks: the upstream, if any.
fn readiness(args: &ServeArgs) -> metrics::Readiness {
    match args.upstream.as_deref().map(upstream::parse_upstream) {
        Some(Ok((scheme, authority))) => {
            let port =
                authority
                    .port_u16()
                    .unwrap_or(if scheme == axum::http::uri::Scheme::HTTPS {
                        443
                    } else {
                        80
                    });
            let host = authority
                .host()
                .trim_start_matches('[')
                .trim_end_matches(']');
            metrics::Readiness::upstream(host, port)
        }
        _ => metrics::Readiness::default(),
    }
}

async fn serve(args: &ServeArgs, server: conn::Server) -> ExitCode {
    let (public, public_addr) = match bind(args.listen).await {
        Ok(bound) => bound,
        Err(e) => {
            warn(format_args!("{e}"));
            return ExitCode::from(2);
        }
    };
    let metrics = match args.metrics_listen {
        None => None,
        Some(addr) => match bind(addr).await {
            Ok(bound) => Some(bound),
            Err(e) => {
                warn(format_args!("{e}"));
                return ExitCode::from(2);
            }
        },
    };
    let mut signals = match Signals::new() {
        Ok(signals) => signals,
        Err(e) => {
            warn(format_args!("cannot handle signals: {e}"));
            return ExitCode::from(2);
        }
    };
    let (stopping, stopped) = watch::channel(false);
    let scheme = if server.tls.is_some() {
        "https"
    } else {
        "http"
    };
    let (timeouts, grace) = (server.timeouts, server.grace);
    let public_task = tokio::spawn(server.run(public, stopped.clone()));
    let mut lines = format!("listening on {scheme}://{public_addr}\n");
    let readiness = readiness(args);
    let metrics_task = metrics.map(|(listener, addr)| {
        let _ = writeln!(lines, "metrics on http://{addr}");
        let server = conn::Server {
            router: metrics::router(readiness.clone())
                .fallback(guard::no_route)
                .method_not_allowed_fallback(guard::method_not_allowed),
            timeouts,
            max_connections: METRICS_CONNECTIONS,
            grace,
            tls: None,
        };
        tokio::spawn(server.run(listener, stopped))
    });
    // Printed once both listeners are served, never before.
    let mut out = std::io::stdout().lock();
    if out
        .write_all(lines.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    drop(out);
    let first = signals.next().await;
    log::stopping(first, grace.as_secs());
    let _ = stopping.send(true);
    // A second stop signal ends the wait for open connections at once.
    let drained = async {
        let ended = public_task.await;
        if let Some(task) = metrics_task {
            let _ = task.await;
        }
        ended
    };
    let ended = tokio::select! {
        ended = drained => ended,
        second = signals.next() => {
            log::stopping(second, 0);
            return ExitCode::from(1);
        }
    };
    match ended {
        Ok(conn::Ended::Drained) => ExitCode::SUCCESS,
        Ok(conn::Ended::GraceExpired(open)) => {
            log::event("grace-expired", open);
            ExitCode::SUCCESS
        }
        Err(e) => {
            warn(format_args!("the server stopped: {e}"));
            ExitCode::from(2)
        }
    }
}
