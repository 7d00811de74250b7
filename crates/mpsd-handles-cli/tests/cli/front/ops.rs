//! Refusals, the store, metrics and logs.

use std::io::Write;

use serde_json::Value;

use super::super::net::{Server, http, log_lines, read_answer, take_log};
use super::super::repo;
use super::super::serve::{CONTRACT, JSON};
use super::{GUID, connect, invite, post_head};

#[test]
fn unrouted_requests_are_logged_problems() {
    // Defect 9.
    let log =
        std::env::temp_dir().join(format!("mpsd-handles-unrouted-{}.log", std::process::id()));
    let server = Server::start_logging(&[], Some(&log));
    let cases = [
        ("GET", "/nope", 404, "no-route"),
        ("GET", "/handles/", 404, "no-route"),
        ("PUT", "/handles", 405, "method-not-allowed"),
        (
            "POST",
            &*format!("/handles/{GUID}"),
            405,
            "method-not-allowed",
        ),
    ];
    for (method, path, status, kind) in cases {
        let answer = http(&server.addr, method, path, &[], b"");
        assert_eq!(answer.status, status, "{method} {path}");
        assert_eq!(
            answer.header("content-type"),
            Some("application/problem+json")
        );
        assert_eq!(
            answer.json()["type"],
            format!("urn:mpsd-handles:problem:{kind}")
        );
        if status == 405 {
            assert!(
                answer.header("allow").is_some(),
                "{method} {path}: no Allow"
            );
        }
    }
    let text = take_log(server, &log);
    let lines = log_lines(&text);
    assert_eq!(lines.len(), cases.len(), "{text}");
    for (line, (_, _, status, _)) in lines.iter().zip(cases) {
        assert_eq!(line["event"], "rejected");
        assert_eq!(line["status"], status);
    }
    assert_eq!(lines[0]["route"], "other");
}

#[test]
fn the_store_stays_bounded_and_says_when_it_forgets() {
    // Defect 3 (churn) is the store's unit test; here: past 10 000
    // handles, the oldest is forgotten and the log says so.
    let log = std::env::temp_dir().join(format!("mpsd-handles-evict-{}.log", std::process::id()));
    let server = Server::start_logging(&[], Some(&log));
    let body = std::fs::read(repo().join("tests/data/valid/activity-minimal.json")).unwrap();
    let mut stream = connect(&server.addr);
    let mut first = None;
    let head = post_head(body.len());
    let mut request = head.into_bytes();
    request.extend_from_slice(&body);
    for n in 0..10_001 {
        stream.write_all(&request).unwrap();
        let answer = read_answer(&mut stream);
        assert_eq!(answer.status, 204);
        if n == 0 {
            first = answer.header("location").map(str::to_owned);
        }
    }
    let first = first.unwrap();
    assert_eq!(http(&server.addr, "GET", &first, &[], b"").status, 404);
    let text = take_log(server, &log);
    let evicted: Vec<Value> = log_lines(&text)
        .into_iter()
        .filter(|l| l["event"] == "evicted")
        .collect();
    assert_eq!(evicted.len(), 1, "{text}");
    assert_eq!(evicted[0]["held"], 10_000);
}

#[test]
fn metrics_and_health_are_served_apart_from_the_public_listener() {
    let server = Server::start(&["--metrics-listen", "127.0.0.1:0"]);
    let metrics = server.metrics.clone().unwrap();
    assert_ne!(metrics, server.addr);
    assert_eq!(
        http(
            &server.addr,
            "POST",
            "/handles",
            &[JSON, CONTRACT],
            &invite()
        )
        .status,
        201
    );
    assert_eq!(
        http(&server.addr, "POST", "/handles", &[JSON, CONTRACT], b"{}").status,
        400
    );
    let health = http(&metrics, "GET", "/healthz", &[], b"");
    assert_eq!((health.status, health.body.as_slice()), (200, &b"ok\n"[..]));
    let answer = http(&metrics, "GET", "/metrics", &[], b"");
    assert_eq!(answer.status, 200);
    let text = String::from_utf8(answer.body).unwrap();
    for expected in [
        "mpsd_handles_requests_total{route=\"/handles\",method=\"POST\",status=\"201\",problem=\"\"} 1",
        "mpsd_handles_requests_total{route=\"/handles\",method=\"POST\",status=\"400\",problem=\"invalid-body\"} 1",
        "mpsd_handles_violations_total{code=\"missing_member\"}",
        "mpsd_handles_request_duration_seconds_count{route=\"/handles\"} 2",
        "mpsd_handles_handles_stored 1",
    ] {
        assert!(text.contains(expected), "{expected} not in:\n{text}");
    }
    // Nothing of it on the public listener.
    assert_eq!(http(&server.addr, "GET", "/metrics", &[], b"").status, 404);
    assert_eq!(http(&server.addr, "GET", "/healthz", &[], b"").status, 404);
}

#[test]
fn text_logs_and_json_logs_say_the_same() {
    let log = std::env::temp_dir().join(format!("mpsd-handles-text-{}.log", std::process::id()));
    let server = Server::start_logging(&["--log-format", "text"], Some(&log));
    let body = "{\"version\":2,\"a\u{2028}\\n\":1}";
    assert_eq!(
        http(
            &server.addr,
            "POST",
            "/handles",
            &[JSON, CONTRACT],
            body.as_bytes()
        )
        .status,
        400
    );
    let text = take_log(server, &log);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(
            "rejected route=/handles status=400 type=urn:mpsd-handles:problem:invalid-body errors=\"["
        ),
        "{text}"
    );
    assert!(!text.contains('\u{2028}'), "{text}");
}

/// The fields of a logfmt line (`key=value`, `key="quoted \" value"`), as
/// a logfmt parser reads them.
fn logfmt_fields(line: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        let mut key = String::new();
        let mut has_value = false;
        for c in chars.by_ref() {
            match c {
                '=' => {
                    has_value = true;
                    break;
                }
                ' ' => break,
                c => key.push(c),
            }
        }
        if key.is_empty() {
            return fields;
        }
        let mut value = String::new();
        if has_value && chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else if has_value {
            value = chars.by_ref().take_while(|c| *c != ' ').collect();
        }
        fields.push((key, value));
    }
}

/// Issue 27: a member named `x status=204 type=ok error_count=0` was
/// written bare inside `errors=[…]`, and a logfmt parser took its fields
/// as the line's own.
#[test]
fn a_text_log_line_cannot_be_forged_by_a_member_name() {
    let log = std::env::temp_dir().join(format!("mpsd-handles-forge-{}.log", std::process::id()));
    let server = Server::start_logging(&["--log-format", "text"], Some(&log));
    let body = r#"{"x status=204 type=ok error_count=0 \"q\\":1}"#;
    let answer = http(
        &server.addr,
        "POST",
        "/handles",
        &[JSON, CONTRACT],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 400);
    let text = take_log(server, &log);
    let fields = logfmt_fields(text.lines().next().unwrap());
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "rejected",
            "route",
            "status",
            "type",
            "errors",
            "error_count"
        ],
        "{text}"
    );
    let value = |key: &str| &fields.iter().find(|(k, _)| k == key).unwrap().1;
    assert_eq!(value("status"), "400");
    assert_ne!(value("error_count"), "0");
    let errors: serde_json::Value = serde_json::from_str(value("errors")).unwrap();
    let pointers: Vec<&str> = errors
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["pointer"].as_str().unwrap())
        .collect();
    assert!(
        pointers.contains(&r#"/x status=204 type=ok error_count=0 "q\\"#),
        "{errors}"
    );
}

/// Issue 27: `/healthz` stayed 200 with the upstream unreachable while
/// every request got 502. `/readyz` follows the upstream; `/healthz`
/// stays the liveness answer.
#[test]
fn readiness_follows_the_upstream() {
    let stub = super::super::stub::Stub::plain(super::STUB_ANSWER);
    for (upstream, ready) in [
        (format!("http://{}", stub.addr), 200),
        ("http://127.0.0.1:9".to_owned(), 503),
    ] {
        let server = Server::start(&["--upstream", &upstream, "--metrics-listen", "127.0.0.1:0"]);
        let metrics = server.metrics.as_ref().unwrap();
        assert_eq!(
            http(metrics, "GET", "/readyz", &[], b"").status,
            ready,
            "{upstream}"
        );
        assert_eq!(http(metrics, "GET", "/healthz", &[], b"").status, 200);
    }
    let mock = Server::start(&["--metrics-listen", "127.0.0.1:0"]);
    let answer = http(mock.metrics.as_ref().unwrap(), "GET", "/readyz", &[], b"");
    assert_eq!(answer.status, 200);
}
