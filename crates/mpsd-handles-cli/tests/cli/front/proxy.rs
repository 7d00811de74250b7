//! What reaches the upstream, and how.

use std::time::Duration;

use super::super::net::{Server, exchange, http, log_lines, parse, take_log};
use super::super::serve::{CONTRACT, JSON};
use super::super::stub::Stub;
use super::{GUID, STUB_ANSWER, invite};

/// `serve --upstream` in front of a plain stub that answers `STUB_ANSWER`.
fn proxy_to_stub() -> (Stub, Server) {
    let stub = Stub::plain(STUB_ANSWER);
    let server = Server::start(&["--upstream", &format!("http://{}", stub.addr)]);
    (stub, server)
}

#[test]
fn a_repeated_checked_header_or_a_coded_body_never_reaches_the_upstream() {
    // Defects 4 and 5.
    let (stub, server) = proxy_to_stub();
    let body = invite();
    let cases: [(&[(&str, &str)], u16); 4] = [
        (&[JSON, CONTRACT, ("x-xbl-contract-version", "1")], 400),
        (&[JSON, ("content-type", "text/plain"), CONTRACT], 415),
        (&[JSON, CONTRACT, ("content-encoding", "gzip")], 415),
        (&[JSON, ("x-xbl-contract-version", "4294967296")], 400),
    ];
    for (headers, status) in cases {
        let answer = http(&server.addr, "POST", "/handles", headers, &body);
        assert_eq!(answer.status, status, "{headers:?}");
        assert_eq!(
            answer.header("content-type"),
            Some("application/problem+json")
        );
    }
    // A body on GET or DELETE, announced by length or by chunks.
    let path = format!("/handles/{GUID}");
    for method in ["GET", "DELETE"] {
        let answer = http(&server.addr, method, &path, &[], b"{}");
        assert_eq!(answer.status, 415, "{method}");
        assert_eq!(
            answer.json()["type"],
            "urn:mpsd-handles:problem:body-not-allowed"
        );
        let chunked = format!(
            "{method} {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n2\r\n{{}}\r\n0\r\n\r\n"
        );
        assert_eq!(
            parse(&exchange(&server.addr, chunked.as_bytes())).status,
            415
        );
    }
    assert!(
        stub.next(Duration::from_millis(300)).is_none(),
        "something was forwarded"
    );
    // Content-Length 0 on GET is no body.
    let answer = http(&server.addr, "GET", &path, &[], b"");
    assert_eq!(answer.status, 201);
    assert!(stub.next(Duration::from_secs(5)).is_some());
}

#[test]
fn hop_by_hop_headers_are_dropped_both_ways_and_http_1_0_goes_as_1_1() {
    // Defect 6, and HTTP/1.0 on a shared keep-alive pool.
    let (stub, server) = proxy_to_stub();
    let body = invite();
    let answer = http(
        &server.addr,
        "POST",
        "/handles",
        &[
            JSON,
            CONTRACT,
            ("authorization", "XBL3.0 x=1;token"),
            ("proxy-authorization", "Basic c2VjcmV0"),
            ("keep-alive", "timeout=100"),
            ("proxy-connection", "keep-alive"),
            ("connection", "x-secret"),
            ("x-secret", "for the proxy only"),
            ("te", "trailers"),
            ("upgrade", "websocket"),
        ],
        &body,
    );
    assert_eq!(answer.status, 201);
    assert_eq!(answer.header("x-upstream"), Some("stub"));
    for name in ["x-up", "keep-alive", "proxy-authenticate"] {
        assert_eq!(answer.header(name), None, "{name} reached the client");
    }
    let seen = stub.next(Duration::from_secs(5)).unwrap();
    for name in [
        "proxy-authorization",
        "keep-alive",
        "proxy-connection",
        "x-secret",
        "te:",
        "upgrade",
    ] {
        assert!(
            !seen.head.contains(name),
            "{name} reached the upstream:\n{}",
            seen.head
        );
    }
    assert!(
        seen.head.contains("authorization: xbl3.0 x=1;token"),
        "{}",
        seen.head
    );
    assert_eq!(seen.body, body);
    // HTTP/1.0 from the client, HTTP/1.1 to the upstream.
    let request = format!("GET /handles/{GUID} HTTP/1.0\r\nhost: x\r\n\r\n");
    assert_eq!(
        parse(&exchange(&server.addr, request.as_bytes())).status,
        201
    );
    let seen = stub.next(Duration::from_secs(5)).unwrap();
    assert!(
        seen.head
            .starts_with(&format!("get /handles/{GUID} http/1.1")),
        "{}",
        seen.head
    );
}

#[test]
fn a_bad_upstream_is_refused_before_anything_listens() {
    // Defect 7.
    for (upstream, says) in [
        ("http://user:pw@127.0.0.1:9/", "user or password"),
        ("http://127.0.0.1:9/prefix", "path or query"),
        ("ftp://x", "https://"),
        ("https://127.0.0.1:99999", "not a port"),
    ] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mpsd-handles"))
            .args(["serve", "--listen", "127.0.0.1:0", "--upstream", upstream])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{upstream}");
        assert!(
            out.stdout.is_empty(),
            "{upstream}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{upstream}: {stderr}");
    }
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("mpsd-handles"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "https://x",
            "--upstream-ca",
            "/nonexistent.pem",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn only_a_guid_id_and_no_query_string_is_forwarded() {
    // Defect 8.
    let (stub, server) = proxy_to_stub();
    for path in [
        "/handles/..",
        "/handles/%2e%2e",
        "/handles/..%2fadmin%3fx",
        "/handles/not-a-guid",
        "/handles/%7Bbd6c41c3-01c3-468a-a3b5-3e0fe8133862%7D%2F..",
    ] {
        let answer = http(&server.addr, "GET", path, &[], b"");
        assert_eq!(answer.status, 404, "{path}");
        assert_eq!(
            answer.json()["type"],
            "urn:mpsd-handles:problem:not-found",
            "{path}"
        );
    }
    for (method, path, body) in [
        ("DELETE", format!("/handles/{GUID}?x=1"), Vec::new()),
        ("POST", "/handles?x=1".to_owned(), invite()),
    ] {
        let answer = http(&server.addr, method, &path, &[JSON, CONTRACT], &body);
        assert_eq!(answer.status, 400, "{path}");
        assert_eq!(
            answer.json()["type"],
            "urn:mpsd-handles:problem:query-not-allowed"
        );
    }
    assert!(
        stub.next(Duration::from_millis(300)).is_none(),
        "something was forwarded"
    );
    // An upper-case GUID goes in its canonical form.
    let upper = GUID.to_ascii_uppercase();
    assert_eq!(
        http(
            &server.addr,
            "DELETE",
            &format!("/handles/{upper}"),
            &[],
            b""
        )
        .status,
        201
    );
    let seen = stub.next(Duration::from_secs(5)).unwrap();
    assert!(
        seen.head
            .starts_with(&format!("delete /handles/{GUID} http/1.1")),
        "{}",
        seen.head
    );
}

#[test]
fn an_https_upstream_is_trusted_through_its_ca_and_refused_without_it() {
    let (stub, ca_pem) = Stub::tls(STUB_ANSWER);
    let ca = std::env::temp_dir().join(format!("mpsd-handles-ca-{}.pem", std::process::id()));
    std::fs::write(&ca, ca_pem).unwrap();
    let port = stub.addr.rsplit(':').next().unwrap();
    let upstream = format!("https://localhost:{port}");
    let body = invite();
    // Trusted: forwarded over TLS.
    let server = Server::start(&[
        "--upstream",
        &upstream,
        "--upstream-ca",
        ca.to_str().unwrap(),
    ]);
    let answer = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &body);
    assert_eq!(answer.status, 201);
    assert_eq!(answer.body, br#"{"id":"stub"}"#);
    let seen = stub.next(Duration::from_secs(5)).unwrap();
    assert!(
        seen.head.contains(&format!("host: localhost:{port}")),
        "{}",
        seen.head
    );
    assert_eq!(seen.body, body);
    drop(server);
    // The bundled web roots do not know the test CA: 502, nothing sent.
    let server = Server::start(&["--upstream", &upstream]);
    let answer = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &body);
    assert_eq!(answer.status, 502);
    let problem = answer.json();
    assert_eq!(
        problem["type"],
        "urn:mpsd-handles:problem:upstream-unavailable"
    );
    assert!(
        problem["detail"].as_str().unwrap().contains("not trusted"),
        "{problem}"
    );
    assert!(stub.next(Duration::from_millis(300)).is_none());
    // Another CA: refused as well.
    let (other, _) = super::super::stub::make_ca();
    std::fs::write(&ca, other.pem()).unwrap();
    let server = Server::start(&[
        "--upstream",
        &upstream,
        "--upstream-ca",
        ca.to_str().unwrap(),
    ]);
    let answer = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &body);
    assert_eq!(answer.status, 502);
    let _ = std::fs::remove_file(&ca);
}

#[test]
fn report_mode_forwards_what_enforce_mode_refuses_and_logs_it() {
    let stub = Stub::plain(STUB_ANSWER);
    let log = std::env::temp_dir().join(format!("mpsd-handles-report-{}.log", std::process::id()));
    let server = Server::start_logging(
        &[
            "--upstream",
            &format!("http://{}", stub.addr),
            "--mode",
            "report",
            "--metrics-listen",
            "127.0.0.1:0",
        ],
        Some(&log),
    );
    let invalid = br#"{"version":2,"x":"2533274792395670"}"#;
    let answer = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], invalid);
    assert_eq!(answer.status, 201, "the client gets the upstream's answer");
    assert_eq!(stub.next(Duration::from_secs(5)).unwrap().body, invalid);
    let answer = http(&server.addr, "POST", "/handles", &[CONTRACT], &invite());
    assert_eq!(answer.status, 201);
    assert!(stub.next(Duration::from_secs(5)).is_some());
    // What is never forwarded, even here: a path that is no GUID.
    assert_eq!(
        http(&server.addr, "GET", "/handles/..", &[], b"").status,
        404
    );
    let metrics = http(
        server.metrics.as_ref().unwrap(),
        "GET",
        "/metrics",
        &[],
        b"",
    );
    let text = String::from_utf8(metrics.body).unwrap();
    assert!(
        text.contains("mpsd_handles_would_refuse_total{problem=\"invalid-body\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("mpsd_handles_would_refuse_total{problem=\"unsupported-media-type\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("mpsd_handles_violations_total{code=\"unknown_member\"} 1"),
        "{text}"
    );
    let text = take_log(server, &log);
    let events: Vec<String> = log_lines(&text)
        .iter()
        .map(|l| l["event"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        events,
        ["would-refuse", "would-refuse", "rejected"],
        "{text}"
    );
    assert!(!text.contains("2533274792395670"), "{text}");
}

#[test]
fn a_smuggled_length_beside_chunks_is_not_forwarded() {
    // Beyond the issue's list: `Content-Length` before `Transfer-Encoding:
    // chunked`. hyper reads the chunks and (1.12) drops the length; the
    // proxy drops it too, so the upstream's framing is the body's own.
    let (stub, server) = proxy_to_stub();
    let body = invite();
    let mut request = format!(
        "POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-xbl-contract-version: 107\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n{:x}\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    request.extend_from_slice(b"\r\n0\r\n\r\n");
    let answer = parse(&exchange(&server.addr, &request));
    if answer.status == 201 {
        let seen = stub.next(Duration::from_secs(5)).unwrap();
        assert!(
            seen.head
                .contains(&format!("content-length: {}", body.len())),
            "{}",
            seen.head
        );
        assert!(!seen.head.contains("content-length: 5"), "{}", seen.head);
        assert_eq!(seen.body, body);
    } else {
        assert_eq!(answer.status, 400);
        assert!(stub.next(Duration::from_millis(300)).is_none());
    }
}

#[test]
fn an_absolute_form_request_goes_to_the_upstream_only() {
    // Beyond the issue's list: `POST http://elsewhere/handles` is routed by
    // its path; what is forwarded names the upstream, never `elsewhere`.
    let (stub, server) = proxy_to_stub();
    let body = invite();
    let mut request = format!(
        "POST http://elsewhere.example/handles HTTP/1.1\r\nhost: elsewhere.example\r\ncontent-type: application/json\r\nx-xbl-contract-version: 107\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(&body);
    let answer = parse(&exchange(&server.addr, &request));
    assert_eq!(answer.status, 201);
    let seen = stub.next(Duration::from_secs(5)).unwrap();
    assert!(
        seen.head.starts_with("post /handles http/1.1"),
        "{}",
        seen.head
    );
    assert!(
        seen.head.contains(&format!("host: {}", stub.addr)),
        "{}",
        seen.head
    );
    assert!(!seen.head.contains("elsewhere"), "{}", seen.head);
}

/// Issue 27: `Connection` naming the contract's headers passed the checks
/// (which saw them) and then stripped them from what was forwarded. The
/// request is judged as it will be forwarded: refused here.
#[test]
fn a_header_connection_names_is_judged_as_gone() {
    let (stub, server) = proxy_to_stub();
    for (connection, status) in [
        ("X-Xbl-Contract-Version, Content-Type", 415),
        ("x-xbl-contract-version", 400),
        ("keep-alive, content-type", 415),
    ] {
        let answer = http(
            &server.addr,
            "POST",
            "/handles",
            &[JSON, CONTRACT, ("connection", connection)],
            &invite(),
        );
        assert_eq!(answer.status, status, "{connection}");
    }
    assert!(
        stub.next(Duration::from_millis(300)).is_none(),
        "a request without its checked headers was forwarded"
    );
    // Connection naming another header still passes, and that header goes.
    let answer = http(
        &server.addr,
        "POST",
        "/handles",
        &[JSON, CONTRACT, ("connection", "x-trace"), ("x-trace", "1")],
        &invite(),
    );
    assert_eq!(answer.status, 201);
    let seen = stub.next(Duration::from_secs(5)).unwrap();
    assert!(!seen.head.contains("x-trace"), "{}", seen.head);
}

/// Issue 27: report mode forwarded a refused query string as sent, and
/// logged and counted a request with two problems twice.
#[test]
fn report_mode_forwards_only_the_checked_include_and_counts_a_request_once() {
    let stub = Stub::plain(STUB_ANSWER);
    let log =
        std::env::temp_dir().join(format!("mpsd-handles-report-q-{}.log", std::process::id()));
    let server = Server::start_logging(
        &[
            "--upstream",
            &format!("http://{}", stub.addr),
            "--mode",
            "report",
            "--metrics-listen",
            "127.0.0.1:0",
        ],
        Some(&log),
    );
    let body = format!(r#"{{"type":"activity","scid":"{GUID}","owners":{{"xuids":["1"]}}}}"#);
    for (query, forwarded) in [
        (
            "include=roleInfo&$top=100000&admin=true",
            "post /handles/query?include=roleinfo http/1.1",
        ),
        ("admin=true", "post /handles/query http/1.1"),
        (
            "include=roleInfo&include=relatedInfo",
            "post /handles/query http/1.1",
        ),
        ("include=session", "post /handles/query http/1.1"),
    ] {
        let answer = http(
            &server.addr,
            "POST",
            &format!("/handles/query?{query}"),
            &[JSON, CONTRACT],
            body.as_bytes(),
        );
        assert_eq!(answer.status, 201, "{query}");
        let seen = stub.next(Duration::from_secs(5)).unwrap();
        assert!(seen.head.starts_with(forwarded), "{query}: {}", seen.head);
    }
    // A bad query string and a bad content type: one request, one count.
    let answer = http(
        &server.addr,
        "POST",
        "/handles/query?admin=true",
        &[("content-type", "text/plain"), CONTRACT],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 201);
    assert!(stub.next(Duration::from_secs(5)).is_some());
    let metrics = http(
        server.metrics.as_ref().unwrap(),
        "GET",
        "/metrics",
        &[],
        b"",
    );
    let text = String::from_utf8(metrics.body).unwrap();
    assert!(
        text.contains("mpsd_handles_would_refuse_total{problem=\"invalid-include\"} 5"),
        "{text}"
    );
    assert!(
        !text.contains("would_refuse_total{problem=\"unsupported-media-type\"}"),
        "{text}"
    );
    let text = take_log(server, &log);
    let would: Vec<_> = log_lines(&text)
        .into_iter()
        .filter(|l| l["event"] == "would-refuse")
        .collect();
    assert_eq!(would.len(), 5, "{text}");
}

/// Issue 27: what an upstream answers that cannot be passed on is a 502,
/// as nginx answers: `Transfer-Encoding` beside `Content-Length` (the
/// client got the length and 5 of 30 bytes), and a `101` to a POST.
#[test]
fn an_upstream_answer_that_cannot_be_passed_on_is_a_502() {
    for answer in [
        &b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\ncontent-length: 5\r\n\r\n1e\r\n012345678901234567890123456789\r\n0\r\n\r\n"[..],
        b"HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: upgrade\r\n\r\n",
    ] {
        let stub = Stub::plain(answer);
        let server = Server::start(&["--upstream", &format!("http://{}", stub.addr)]);
        let got = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &invite());
        assert_eq!(got.status, 502, "{}", String::from_utf8_lossy(answer));
        assert_eq!(
            got.json()["type"],
            "urn:mpsd-handles:problem:upstream-unavailable"
        );
    }
}

/// Issue 27: an HTTP/1.0 upstream's answer reached the HTTP/1.1 client as
/// `HTTP/1.0`, close-delimited, and a pipelined second request was lost.
#[test]
fn an_http_1_0_upstream_is_answered_as_1_1_on_a_kept_connection() {
    let stub = Stub::plain(b"HTTP/1.0 201 Created\r\ncontent-length: 2\r\n\r\n{}");
    let server = Server::start(&["--upstream", &format!("http://{}", stub.addr)]);
    let path = format!("/handles/{GUID}");
    let one = format!("GET {path} HTTP/1.1\r\nhost: x\r\n\r\n");
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    std::io::Write::write_all(&mut stream, format!("{one}{one}").as_bytes()).unwrap();
    for _ in 0..2 {
        let answer = super::super::net::read_answer(&mut stream);
        assert_eq!((answer.status, answer.body.as_slice()), (201, &b"{}"[..]));
    }
}

/// Issue 27: under `ulimit -n 300` a proxy of `--concurrency 256` started
/// with its connections "lowered to 1" and served one client at a time.
/// It refuses to start now, saying what to raise or lower.
#[cfg(target_os = "linux")]
#[test]
fn a_file_limit_that_leaves_too_few_connections_refuses_to_start() {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -n 300 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("mpsd-handles"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--upstream",
            "http://127.0.0.1:9",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("open-file limit is 300") && stderr.contains("--concurrency"),
        "{stderr}"
    );
    // A lower --concurrency leaves room: it starts.
    let server = Server::start_with_file_limit(
        300,
        &["--upstream", "http://127.0.0.1:9", "--concurrency", "64"],
    );
    assert_eq!(http(&server.addr, "GET", "/nope", &[], b"").status, 404);
}
