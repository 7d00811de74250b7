//! `mpsd-handles serve` over real HTTP on loopback: every body of the
//! conformance corpus gets the library's verdict, with every violation in
//! the problem body; handles can be read and deleted; a slow client is cut
//! off; SIGTERM stops the server cleanly.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command as Std;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::net::{Server, exchange, http, log_lines, parse, take_log};
use super::repo;

pub(crate) const JSON: (&str, &str) = ("content-type", "application/json");
pub(crate) const CONTRACT: (&str, &str) = ("x-xbl-contract-version", "107");

#[test]
fn every_corpus_body_gets_the_librarys_verdict_over_http() {
    let server = Server::start(&[]);
    let corpus = std::fs::read_to_string(repo().join("tests/conformance/corpus.jsonl")).unwrap();
    let mut count = 0;
    for line in corpus.lines() {
        let entry: Value = serde_json::from_str(line).unwrap();
        let text = entry["text"].as_str().unwrap();
        let answer = http(
            &server.addr,
            "POST",
            "/handles",
            &[JSON, CONTRACT],
            text.as_bytes(),
        );
        match mpsd_handles::from_str(text) {
            Ok(request) => {
                let expected = if request.kind() == mpsd_handles::HandleKind::Invite {
                    201
                } else {
                    204
                };
                assert_eq!(answer.status, expected, "{}", entry["name"]);
            }
            Err(report) => {
                assert_eq!(answer.status, 400, "{}", entry["name"]);
                assert_eq!(
                    answer.header("content-type"),
                    Some("application/problem+json")
                );
                let problem = answer.json();
                let got: Vec<(String, String, String)> = problem["errors"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| {
                        let s = |k: &str| e[k].as_str().unwrap().to_owned();
                        (s("pointer"), s("code"), s("message"))
                    })
                    .collect();
                let expected: Vec<(String, String, String)> = report
                    .iter()
                    .map(|v| {
                        (
                            v.pointer().as_str().to_owned(),
                            v.code().as_str().to_owned(),
                            v.message().to_string(),
                        )
                    })
                    .collect();
                assert_eq!(got, expected, "{}", entry["name"]);
            }
        }
        count += 1;
    }
    assert!(count > 1000, "{count}");
}

#[test]
fn handles_are_created_read_and_deleted() {
    let server = Server::start(&[]);
    let invite = std::fs::read(repo().join("tests/data/valid/invite.json")).unwrap();
    let created = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &invite);
    assert_eq!(created.status, 201);
    let response: mpsd_handles::model::InviteHandleResponse =
        serde_json::from_slice(&created.body).unwrap();
    let text = String::from_utf8(created.body.clone()).unwrap();
    assert!(
        text.starts_with("{\"type\":\"invite\",\"sessionRef\""),
        "{text}"
    );
    let path = format!("/handles/{}", response.id);
    let read = http(&server.addr, "GET", &path, &[], b"");
    assert_eq!(
        (read.status, read.body.clone()),
        (200, created.body.clone())
    );
    assert_eq!(http(&server.addr, "DELETE", &path, &[], b"").status, 204);
    let gone = http(&server.addr, "GET", &path, &[], b"");
    assert_eq!(gone.status, 404);
    assert_eq!(gone.json()["type"], "urn:mpsd-handles:problem:not-found");
    // The other types: 204 and where to find the handle, which carries its id.
    let search = std::fs::read(repo().join("tests/data/valid/search.json")).unwrap();
    let created = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &search);
    assert_eq!(created.status, 204);
    let location = created.header("location").unwrap().to_owned();
    let read = http(&server.addr, "GET", &location, &[], b"");
    assert_eq!(read.status, 200);
    assert_eq!(read.json()["id"], location.trim_start_matches("/handles/"));
    assert_eq!(read.json()["type"], "search");
}

/// Request headers, a body, and the status it must get.
type Case = (&'static [(&'static str, &'static str)], Vec<u8>, u16);

#[test]
fn refusals_are_problems_and_are_logged() {
    let log_path =
        std::env::temp_dir().join(format!("mpsd-handles-serve-{}.log", std::process::id()));
    let server = Server::start_logging(&[], Some(&log_path));
    let invite = std::fs::read(repo().join("tests/data/valid/invite.json")).unwrap();
    let unknown: Vec<String> = (0..1000).map(|i| format!("\"m{i}\": 0")).collect();
    let cases: [Case; 5] = [
        (&[CONTRACT], invite.clone(), 415),
        (&[JSON], invite.clone(), 400),
        (&[JSON, CONTRACT], vec![b' '; 70_000], 413),
        (
            &[JSON, CONTRACT],
            br#"{"version":2,"x\ny":"2533274792395670"}"#.to_vec(),
            400,
        ),
        (
            &[JSON, CONTRACT],
            format!("{{{}}}", unknown.join(",")).into_bytes(),
            400,
        ),
    ];
    for (headers, body, status) in cases {
        let answer = http(&server.addr, "POST", "/handles", headers, &body);
        assert_eq!(answer.status, status);
        assert_eq!(
            answer.header("content-type"),
            Some("application/problem+json")
        );
        assert_eq!(answer.json()["status"], status);
        if body.starts_with(b"{\"m0\"") {
            assert_eq!(answer.json()["errors"].as_array().unwrap().len(), 1003);
        }
    }
    let log = take_log(server, &log_path);
    let lines = log_lines(&log);
    assert_eq!(lines.len(), 5, "{log}");
    assert!(lines.iter().all(|l| l["event"] == "rejected"));
    // Codes and pointers, never the values (a xuid identifies a person).
    assert!(!log.contains("2533274792395670"), "{log}");
    assert!(log.contains(r"/x\\ny"), "{log}");
    let last = &lines[3];
    assert_eq!(last["status"], 400);
    assert_eq!(last["type"], "urn:mpsd-handles:problem:invalid-body");
    let codes: Vec<&str> = last["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "missing_member",
            "missing_member",
            "unsupported_version",
            "unknown_member"
        ]
    );
    assert_eq!(last["errors"][3]["pointer"], r"/x\ny");
    assert_eq!(last["error_count"], 4);
    // 1 003 violations: the answer lists them all, the log line the first
    // 20 and their count.
    let many = &lines[4];
    assert_eq!(many["error_count"], 1003);
    assert_eq!(many["errors"].as_array().unwrap().len(), 20);
    assert!(log.lines().all(|l| l.len() < 2000), "{log}");
}

#[test]
fn a_slow_client_is_cut_off_at_the_body_deadline() {
    let server = Server::start(&["--body-deadline", "1"]);
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let start = Instant::now();
    stream
        .write_all(b"POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-xbl-contract-version: 107\r\ncontent-length: 100\r\n\r\n{")
        .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    assert!(start.elapsed() < Duration::from_secs(15));
    let answer = parse(&raw);
    assert_eq!(answer.status, 400);
    assert_eq!(
        answer.json()["type"],
        "urn:mpsd-handles:problem:body-unreadable"
    );
    // The server still answers others.
    let other = http(&server.addr, "GET", "/handles/x", &[], b"");
    assert_eq!(other.status, 404);
}

#[cfg(unix)]
#[test]
fn sigterm_stops_the_server_cleanly() {
    let mut server = Server::start(&[]);
    let pid = server.child.id().to_string();
    let status = Std::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Issue 27: SIGHUP ended the process at once with no grace and no log
/// line, and a second SIGINT did not hasten the exit. SIGHUP now stops as
/// SIGTERM does (a `stopping` line, the grace for a client mid-body), and
/// a second signal ends the grace at once (exit 1).
#[cfg(unix)]
#[test]
fn sighup_stops_with_the_grace_and_a_second_signal_cuts_it_short() {
    let log = std::env::temp_dir().join(format!("mpsd-handles-hup-{}.log", std::process::id()));
    let mut server = Server::start_logging(
        &["--shutdown-grace", "30", "--body-deadline", "60"],
        Some(&log),
    );
    // A client mid-body holds the server in its grace.
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.write_all(b"POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-xbl-contract-version: 107\r\ncontent-length: 100\r\n\r\n{")
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let pid = server.child.id().to_string();
    let kill = |signal: &str| {
        assert!(
            Std::new("kill")
                .args([signal, &pid])
                .status()
                .unwrap()
                .success()
        );
    };
    kill("-HUP");
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "SIGHUP ended the process without its grace"
    );
    let start = Instant::now();
    kill("-INT");
    let code = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status.code();
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the second signal was not heeded"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(code, Some(1));
    drop(slow);
    let text = std::fs::read_to_string(&log).unwrap();
    let _ = std::fs::remove_file(&log);
    let stops: Vec<Value> = log_lines(&text)
        .into_iter()
        .filter(|l| l["event"] == "stopping")
        .collect();
    assert_eq!(stops.len(), 2, "{text}");
    assert_eq!(
        (stops[0]["signal"].as_str(), stops[0]["grace"].as_u64()),
        (Some("SIGHUP"), Some(30))
    );
    assert_eq!(stops[1]["signal"], "SIGINT");
}

/// A one-connection upstream on loopback: records the request it gets and
/// answers with a distinctive response.
fn stub_upstream() -> (String, std::thread::JoinHandle<Vec<u8>>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the head, then as many bytes as content-length says.
        loop {
            let n = stream.read(&mut buf).unwrap();
            got.extend_from_slice(&buf[..n]);
            if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if got.len() >= end + 4 + length {
                    break;
                }
            }
            assert!(n > 0, "the proxy closed early");
        }
        stream
            .write_all(b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nx-upstream: stub\r\ncontent-length: 13\r\nconnection: close\r\n\r\n{\"id\":\"stub\"}")
            .unwrap();
        got
    });
    (addr, handle)
}

#[test]
fn as_a_proxy_it_forwards_valid_requests_unchanged_and_refuses_the_others() {
    let (upstream, recorded) = stub_upstream();
    let server = Server::start(&["--upstream", &format!("http://{upstream}")]);
    // Invalid: answered here, never forwarded (the stub would record it).
    let invalid = http(
        &server.addr,
        "POST",
        "/handles",
        &[JSON, CONTRACT],
        br#"{"version":2}"#,
    );
    assert_eq!(invalid.status, 400);
    assert_eq!(
        invalid.header("content-type"),
        Some("application/problem+json")
    );
    let no_header = http(&server.addr, "POST", "/handles", &[JSON], b"{}");
    assert_eq!(no_header.status, 400);
    // The headers are judged before any of the body is waited for: a body
    // announced and never sent gets its 415 at once, not at the deadline.
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let started = Instant::now();
    stream
        .write_all(b"POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: text/plain\r\ncontent-length: 1000\r\n\r\n")
        .unwrap();
    let mut raw = [0u8; 512];
    let n = stream.read(&mut raw).unwrap();
    assert!(
        raw[..n].starts_with(b"HTTP/1.1 415"),
        "{:?}",
        String::from_utf8_lossy(&raw[..n])
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // Valid: forwarded with its headers and bytes; the answer comes back as is.
    let body = std::fs::read(repo().join("tests/data/valid/invite.json")).unwrap();
    let auth = ("authorization", "XBL3.0 x=2533274792395670;token");
    let answer = http(
        &server.addr,
        "POST",
        "/handles",
        &[JSON, CONTRACT, auth],
        &body,
    );
    assert_eq!(answer.status, 201);
    assert_eq!(answer.header("x-upstream"), Some("stub"));
    assert_eq!(answer.body, br#"{"id":"stub"}"#);
    let got = recorded.join().unwrap();
    let split = got.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&got[..split]).to_ascii_lowercase();
    assert!(head.starts_with("post /handles http/1.1"), "{head}");
    assert!(
        head.contains("authorization: xbl3.0 x=2533274792395670;token"),
        "{head}"
    );
    assert!(head.contains("x-xbl-contract-version: 107"), "{head}");
    assert!(head.contains(&format!("host: {upstream}")), "{head}");
    assert_eq!(&got[split + 4..], &body[..]);
    // The stub is gone: a valid request now gets a 502 problem.
    let down = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &body);
    assert_eq!(down.status, 502);
    let problem = down.json();
    assert_eq!(
        problem["type"],
        "urn:mpsd-handles:problem:upstream-unavailable"
    );
    assert_eq!(problem["status"], 502);
    assert_eq!(problem["title"], "The upstream did not answer");
}

#[test]
fn as_a_proxy_it_answers_504_when_the_upstream_hangs() {
    // An upstream that takes the request and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream = listener.local_addr().unwrap().to_string();
    let hold = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut sink = [0u8; 4096];
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    });
    let server = Server::start(&[
        "--upstream",
        &format!("http://{upstream}"),
        "--upstream-timeout",
        "1",
    ]);
    let body = std::fs::read(repo().join("tests/data/valid/invite.json")).unwrap();
    let started = Instant::now();
    let answer = http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], &body);
    let waited = started.elapsed();
    assert_eq!(answer.status, 504);
    let problem = answer.json();
    assert_eq!(problem["type"], "urn:mpsd-handles:problem:upstream-timeout");
    assert_eq!(problem["status"], 504);
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    drop(server);
    hold.join().unwrap();
}

#[test]
fn as_a_proxy_it_ends_an_answer_the_upstream_stops_sending() {
    // An upstream that starts its answer, sends 10 of 100 bytes, and stalls.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let upstream = listener.local_addr().unwrap().to_string();
    let hold = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = [0u8; 4096];
        let _ = stream.read(&mut request);
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        while matches!(stream.read(&mut request), Ok(n) if n > 0) {}
    });
    let server = Server::start(&[
        "--upstream",
        &format!("http://{upstream}"),
        "--upstream-timeout",
        "1",
    ]);
    let started = Instant::now();
    let answer = http(
        &server.addr,
        "GET",
        "/handles/bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
        &[],
        b"",
    );
    let waited = started.elapsed();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"0123456789");
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    drop(server);
    hold.join().unwrap();
}

/// Issue 27: an HTTP/1.1 request without `Host`, or with two, passed
/// (RFC 9112 §3.2: 400); a 100 KB header passed the 64 KiB head limit.
#[test]
fn a_bad_host_or_a_head_past_its_limit_is_refused() {
    let server = Server::start(&[]);
    let path = format!("/handles/{}", "bd6c41c3-01c3-468a-a3b5-3e0fe8133862");
    for (request, status, kind) in [
        (
            format!("GET {path} HTTP/1.1\r\nconnection: close\r\n\r\n"),
            400,
            "bad-host",
        ),
        (
            format!("GET {path} HTTP/1.1\r\nhost: a\r\nhost: b\r\nconnection: close\r\n\r\n"),
            400,
            "bad-host",
        ),
        (
            format!("GET {path} HTTP/1.0\r\nhost: a\r\nhost: a\r\n\r\n"),
            400,
            "bad-host",
        ),
        (
            format!(
                "GET {path} HTTP/1.1\r\nhost: a\r\nx-big: {}\r\nconnection: close\r\n\r\n",
                "b".repeat(100_000)
            ),
            431,
            "head-too-large",
        ),
    ] {
        let answer = parse(&exchange(&server.addr, request.as_bytes()));
        assert_eq!(answer.status, status, "{}", &request[..60]);
        assert_eq!(
            answer.json()["type"],
            format!("urn:mpsd-handles:problem:{kind}")
        );
    }
    // HTTP/1.0 may leave Host out.
    let answer = parse(&exchange(
        &server.addr,
        format!("GET {path} HTTP/1.0\r\n\r\n").as_bytes(),
    ));
    assert_eq!(answer.status, 404);
}
