//! What bounds a client's time: deadlines, timeouts, connections, shutdown.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::super::net::{Server, http, parse, read_answer};
use super::super::serve::{CONTRACT, JSON};
use super::super::stub::Stub;
use super::{GUID, closed, connect, invite, post_head};

#[test]
fn a_trickling_body_is_cut_off_at_the_deadline_from_its_first_byte() {
    // Defect 1: the deadline restarted on every frame.
    let server = Server::start(&["--body-deadline", "2"]);
    let mut stream = connect(&server.addr);
    let start = Instant::now();
    stream.write_all(post_head(200).as_bytes()).unwrap();
    let writer = {
        let mut stream = stream.try_clone().unwrap();
        std::thread::spawn(move || {
            // One byte every 250 ms: 50 s for the whole body.
            for _ in 0..200 {
                if stream.write_all(b" ").is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(250));
            }
        })
    };
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let waited = start.elapsed();
    let answer = parse(&raw);
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["type"],
        "urn:mpsd-handles:problem:body-unreadable"
    );
    assert!(
        waited >= Duration::from_millis(1900) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
    drop(stream);
    writer.join().unwrap();
}

#[test]
fn a_request_waiting_for_a_slot_past_the_deadline_gets_503() {
    // An upstream that takes requests and never answers holds the one slot.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept() {
            held.push(stream);
        }
    });
    let server = Server::start(&[
        "--upstream",
        &format!("http://{upstream}"),
        "--upstream-timeout",
        "20",
        "--concurrency",
        "1",
        "--body-deadline",
        "1",
    ]);
    let addr = server.addr.clone();
    let body = invite();
    let holder =
        std::thread::spawn(move || http(&addr, "POST", "/handles", &[JSON, CONTRACT], &body));
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let waiting = http(&server.addr, "GET", &format!("/handles/{GUID}"), &[], b"");
    let waited = start.elapsed();
    assert_eq!(waiting.status, 503);
    assert_eq!(waiting.json()["type"], "urn:mpsd-handles:problem:busy");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    drop(server);
    let _ = holder.join();
}

#[test]
fn slow_headers_and_silent_connections_are_closed_but_idle_keep_alive_lasts_longer() {
    // Defect 2: nothing bounded the head or an idle connection.
    let server = Server::start(&["--header-timeout", "1", "--idle-timeout", "3"]);
    // Headers a byte at a time.
    let mut slow = connect(&server.addr);
    let start = Instant::now();
    let trickle = {
        let mut slow = slow.try_clone().unwrap();
        std::thread::spawn(move || {
            for b in b"GET /handles/x HTTP/1.1\r\nhost: x\r\nx-a: aaaaaaaaaaaaaaaaaaa\r\n\r\n" {
                if slow.write_all(&[*b]).is_err() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(200));
            }
        })
    };
    assert!(closed(&mut slow));
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    // A connection that sends nothing.
    let mut silent = connect(&server.addr);
    let start = Instant::now();
    assert!(closed(&mut silent));
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "{waited:?}"
    );
    // A kept-alive connection waits for its next request for the idle
    // timeout, not the header timeout.
    let mut kept = connect(&server.addr);
    let request = format!("GET /handles/{GUID} HTTP/1.1\r\nhost: x\r\n\r\n");
    kept.write_all(request.as_bytes()).unwrap();
    assert_eq!(read_answer(&mut kept).status, 404);
    std::thread::sleep(Duration::from_millis(1800));
    kept.write_all(request.as_bytes()).unwrap();
    assert_eq!(read_answer(&mut kept).status, 404);
    let start = Instant::now();
    assert!(closed(&mut kept));
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(2500) && waited < Duration::from_secs(6),
        "{waited:?}"
    );
    trickle.join().unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn idle_connections_past_the_file_limit_do_not_starve_others() {
    // Defect 2: more idle connections than descriptors stalled accept.
    let server = Server::start_with_file_limit(200, &["--header-timeout", "2"]);
    let idle: Vec<TcpStream> = (0..260)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let start = Instant::now();
    let answer = http(
        &server.addr,
        "POST",
        "/handles",
        &[JSON, CONTRACT],
        &invite(),
    );
    assert_eq!(answer.status, 201);
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    drop(idle);
}

#[cfg(unix)]
#[test]
fn sigterm_with_a_slow_client_exits_within_the_grace() {
    let mut server = Server::start(&[
        "--shutdown-grace",
        "1",
        "--body-deadline",
        "60",
        "--header-timeout",
        "60",
    ]);
    // A request whose body never comes, and headers that never end.
    let mut body = connect(&server.addr);
    body.write_all(post_head(100).as_bytes()).unwrap();
    let mut head = connect(&server.addr);
    head.write_all(b"POST /handles HTTP/1.1\r\nhost: x\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let (code, took) = server
        .terminate(Duration::from_secs(8))
        .expect("still running 8 s after SIGTERM");
    assert_eq!(code, 0);
    assert!(took < Duration::from_secs(4), "{took:?}");
}

#[test]
fn a_client_that_does_not_take_its_answer_is_closed_at_the_idle_timeout() {
    // Beyond the list: a client that sends a request and never
    // reads the answer, larger than the socket buffers.
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        8 << 20
    )
    .into_bytes();
    answer.extend(std::iter::repeat_n(b' ', 8 << 20));
    let stub = Stub::plain(Box::leak(answer.into_boxed_slice()));
    let server = Server::start(&[
        "--upstream",
        &format!("http://{}", stub.addr),
        "--idle-timeout",
        "2",
    ]);
    let mut stream = connect(&server.addr);
    stream
        .write_all(format!("GET /handles/{GUID} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
        .unwrap();
    std::thread::sleep(Duration::from_secs(4));
    // Whatever was sent before the server gave up can still be read; then
    // the connection ends well before the 8 MiB do.
    stream
        .set_read_timeout(Some(Duration::from_secs(3)))
        .unwrap();
    let mut got = 0usize;
    let mut sink = vec![0u8; 1 << 16];
    let ended = loop {
        match stream.read(&mut sink) {
            Ok(0) => break true,
            Ok(n) => got += n,
            Err(e) => {
                break !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    };
    assert!(ended, "still open after {got} bytes");
    assert!(got < 8 << 20, "{got}");
}

#[test]
fn the_listener_can_speak_tls_and_a_stalled_handshake_is_closed() {
    let dir = std::env::temp_dir().join(format!("mpsd-handles-tls-{}", std::process::id()));
    let (ca, cert, key) = super::super::stub::cert_files(&dir);
    let server = Server::start(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
        "--header-timeout",
        "1",
    ]);
    let body = invite();
    let mut request = post_head(body.len())
        .replace("\r\n\r\n", "\r\nconnection: close\r\n\r\n")
        .into_bytes();
    request.extend_from_slice(&body);
    let answer = parse(&super::super::stub::https_exchange(
        &server.addr,
        &ca,
        &request,
    ));
    assert_eq!(answer.status, 201);
    // Plain HTTP on the TLS listener is no request; a handshake that stops
    // half-way is closed at the header timeout.
    let mut stalled = connect(&server.addr);
    stalled
        .write_all(&[0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
        .unwrap();
    let start = Instant::now();
    assert!(closed(&mut stalled));
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    drop(server);
    std::fs::remove_dir_all(&dir).unwrap();
    // A key that is missing is refused before anything listens.
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mpsd-handles"))
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&cert)
        .args(["--tls-key", "/nonexistent.pem"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// Issue 27: plain HTTP on the TLS listener got only a TLS alert; nginx
/// answers a 400 that says so. Each such connection, and every other one
/// closed before a route saw its request, is logged and counted.
#[test]
fn plain_http_on_the_tls_port_is_a_400_that_says_so() {
    let dir = std::env::temp_dir().join(format!("mpsd-handles-plain-{}", std::process::id()));
    let (_, cert, key) = super::super::stub::cert_files(&dir);
    let log = dir.join("log");
    let server = Server::start_logging(
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
            "--metrics-listen",
            "127.0.0.1:0",
        ],
        Some(&log),
    );
    let answer = http(&server.addr, "GET", "/healthz", &[], b"");
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["type"],
        "urn:mpsd-handles:problem:plain-http-on-tls"
    );
    // A handshake that fails (garbage after the record type) is counted.
    let mut garbage = connect(&server.addr);
    garbage.write_all(&[0x16; 64]).unwrap();
    assert!(closed(&mut garbage));
    let text = metrics_once_counted(
        server.metrics.as_ref().unwrap(),
        &["reason=\"plain-http-on-tls\"", "reason=\"tls-handshake\""],
    );
    for reason in ["plain-http-on-tls", "tls-handshake"] {
        assert!(
            text.contains(&format!(
                "mpsd_handles_connection_refusals_total{{reason=\"{reason}\"}} 1"
            )),
            "{reason}: {text}"
        );
    }
    let text = super::super::net::take_log(server, &log);
    assert_eq!(
        text.matches("\"event\":\"connection-refused\"").count(),
        2,
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 27: refusals made before the router (hyper's own 400 and 431,
/// a head that stops) left no log line and no metric.
#[test]
fn refusals_before_the_router_are_logged_and_counted() {
    let log = std::env::temp_dir().join(format!("mpsd-handles-pre-{}.log", std::process::id()));
    let server = Server::start_logging(
        &["--metrics-listen", "127.0.0.1:0", "--header-timeout", "1"],
        Some(&log),
    );
    let many = "x-h: 1\r\n".repeat(150);
    let cases: Vec<(String, &str)> = vec![
        (
            "POST /handles HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n{}"
                .into(),
            "malformed-request",
        ),
        (
            "POST /handles HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked, identity\r\n\r\n"
                .into(),
            "malformed-request",
        ),
        (
            "GET / HTTP/1.1\r\nhost: x\r\nx-a: 1\r\n folded\r\n\r\n".into(),
            "malformed-request",
        ),
        (
            "GET / HTTP/9.9\r\nhost: x\r\n\r\n".into(),
            "malformed-request",
        ),
        (
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".into(),
            "malformed-request",
        ),
        (
            format!("GET / HTTP/1.1\r\nhost: x\r\n{many}\r\n"),
            "head-too-large",
        ),
        ("GET / HTTP/1.1\r\nhost: x\r\n".into(), "header-timeout"),
    ];
    for (request, _) in &cases {
        let mut stream = connect(&server.addr);
        stream.write_all(request.as_bytes()).unwrap();
        assert!(closed(&mut stream), "{request:?}");
    }
    let text = metrics_once_counted(
        server.metrics.as_ref().unwrap(),
        &[
            "reason=\"malformed-request\"} 5",
            "reason=\"head-too-large\"} 1",
            "reason=\"header-timeout\"} 1",
        ],
    );
    for (reason, count) in [
        ("malformed-request", 5),
        ("head-too-large", 1),
        ("header-timeout", 1),
    ] {
        assert!(
            text.contains(&format!(
                "mpsd_handles_connection_refusals_total{{reason=\"{reason}\"}} {count}"
            )),
            "{reason}: {text}"
        );
    }
    let text = super::super::net::take_log(server, &log);
    assert_eq!(
        text.matches("\"event\":\"connection-refused\"").count(),
        cases.len(),
        "{text}"
    );
}

/// Issue 27: a new connection's header timeout restarted at its first
/// byte (silent for 2.8 s of 3, it was closed at 5.8 s); it counts from
/// the connection's start, as documented.
#[test]
fn a_new_connections_header_timeout_counts_from_its_start() {
    let server = Server::start(&["--header-timeout", "2"]);
    let mut stream = connect(&server.addr);
    let start = Instant::now();
    std::thread::sleep(Duration::from_millis(1500));
    stream.write_all(b"GET / HTTP/1.1\r\n").unwrap();
    assert!(closed(&mut stream));
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_millis(3200),
        "closed {waited:?} after the connection's start"
    );
}

/// The metrics text once it has every one of `wanted` (a connection is
/// counted a moment after the client sees it close), or after 2.5 s.
fn metrics_once_counted(addr: &str, wanted: &[&str]) -> String {
    let mut text = String::new();
    for _ in 0..50 {
        text = String::from_utf8(http(addr, "GET", "/metrics", &[], b"").body).unwrap();
        if wanted.iter().all(|w| text.contains(w)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    text
}
