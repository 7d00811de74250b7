//! The axum extractor (feature `axum`): every refusal is an RFC 9457
//! problem body with its status, and a valid body comes through.

use axum_core::body::Body;
use axum_core::extract::{FromRequest, Request};
use axum_core::response::IntoResponse;
use http_body_util::BodyExt;
use mpsd_handles::axum::{HandleConfig, ValidHandle};
use mpsd_handles::problem::{Problem, ProblemKind};
use mpsd_handles::{HandleKind, Validator};
use serde_json::Value;

use crate::common::{data, invite};

fn request(content_type: Option<&str>, version: Option<&str>, body: Vec<u8>) -> Request {
    let mut builder = http::Request::builder().method("POST").uri("/handles");
    if let Some(t) = content_type {
        builder = builder.header("content-type", t);
    }
    if let Some(v) = version {
        builder = builder.header("x-xbl-contract-version", v);
    }
    builder.body(Body::from(body)).unwrap()
}

/// Extracts with `config`; on a refusal, the response's status, content type and problem.
async fn extract(config: HandleConfig, req: Request) -> Result<HandleKind, (u16, String, Problem)> {
    match ValidHandle::from_request(req, &config).await {
        Ok(ValidHandle(r)) => Ok(r.kind()),
        Err(rejection) => {
            let response = rejection.into_response();
            let status = response.status().as_u16();
            let content_type = response.headers()["content-type"]
                .to_str()
                .unwrap()
                .to_owned();
            let bytes = response.into_body().collect().await.unwrap().to_bytes();
            let problem: Problem = serde_json::from_slice(&bytes).unwrap();
            Err((status, content_type, problem))
        }
    }
}

fn body(doc: &Value) -> Vec<u8> {
    serde_json::to_vec(doc).unwrap()
}

#[tokio::test]
async fn a_valid_body_comes_through() {
    for t in [
        "application/json",
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/vnd.mpsd+json",
    ] {
        let r = request(Some(t), Some("107"), body(&invite()));
        assert_eq!(
            extract(HandleConfig::new(), r).await.unwrap(),
            HandleKind::Invite,
            "{t}"
        );
    }
    let search = std::fs::read(data("valid/search.json")).unwrap();
    let r = request(Some("application/json"), Some("104"), search);
    assert_eq!(
        extract(HandleConfig::new(), r).await.unwrap(),
        HandleKind::Search
    );
    // With no state, the defaults apply.
    let r = request(Some("application/json"), Some("107"), body(&invite()));
    assert!(ValidHandle::from_request(r, &()).await.is_ok());
}

/// A request (content type, contract version, body) and the status and
/// kind of problem it gets.
type Refusal = (
    Option<&'static str>,
    Option<&'static str>,
    Vec<u8>,
    u16,
    ProblemKind,
);

#[tokio::test]
async fn every_refusal_is_a_problem() {
    let cases: Vec<Refusal> = vec![
        (
            None,
            Some("107"),
            body(&invite()),
            415,
            ProblemKind::UnsupportedMediaType,
        ),
        (
            Some("text/plain"),
            Some("107"),
            body(&invite()),
            415,
            ProblemKind::UnsupportedMediaType,
        ),
        (
            Some("application/jsonx"),
            Some("107"),
            body(&invite()),
            415,
            ProblemKind::UnsupportedMediaType,
        ),
        (
            Some("application/+json"),
            Some("107"),
            body(&invite()),
            415,
            ProblemKind::UnsupportedMediaType,
        ),
        (
            Some("application/json"),
            None,
            body(&invite()),
            400,
            ProblemKind::ContractVersion,
        ),
        (
            Some("application/json"),
            Some("103"),
            body(&invite()),
            400,
            ProblemKind::ContractVersion,
        ),
        (
            Some("application/json"),
            Some("0107"),
            body(&invite()),
            400,
            ProblemKind::ContractVersion,
        ),
        (
            Some("application/json"),
            Some("107"),
            vec![b' '; 70_000],
            413,
            ProblemKind::BodyTooLarge,
        ),
        (
            Some("application/json"),
            Some("107"),
            b"{\"version\": 2}".to_vec(),
            400,
            ProblemKind::InvalidBody,
        ),
        (
            Some("application/json"),
            Some("107"),
            b"{".to_vec(),
            400,
            ProblemKind::InvalidBody,
        ),
    ];
    for (t, v, b, status, kind) in cases {
        let (got_status, content_type, problem) = extract(HandleConfig::new(), request(t, v, b))
            .await
            .unwrap_err();
        assert_eq!(
            (got_status, problem.status),
            (status, status),
            "{problem:?}"
        );
        assert_eq!(content_type, "application/problem+json");
        assert_eq!(problem.type_uri, kind.type_uri());
        assert_eq!(problem.title, kind.title());
        // A sentence of its own about this request, not the title again.
        assert!(
            problem.detail.ends_with('.') && problem.detail != problem.title,
            "{problem:?}"
        );
        assert!(
            problem.detail.starts_with(char::is_uppercase),
            "{problem:?}"
        );
    }
}

#[tokio::test]
async fn an_invalid_body_lists_every_violation_in_the_reports_order() {
    let text = std::fs::read(data("invalid/many-violations.json")).unwrap();
    let report = mpsd_handles::from_slice(&text).unwrap_err();
    for (config, status) in [
        (HandleConfig::new(), 400),
        (HandleConfig::new().unprocessable(), 422),
    ] {
        let r = request(Some("application/json"), Some("107"), text.clone());
        let (got, _, problem) = extract(config, r).await.unwrap_err();
        assert_eq!((got, problem.status), (status, status));
        let errors: Vec<(String, String, String)> = problem
            .errors
            .iter()
            .map(|e| (e.pointer.clone(), e.code.clone(), e.message.clone()))
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
        assert_eq!(errors, expected);
    }
}

#[tokio::test]
async fn the_limit_comes_from_the_state_and_the_body_is_not_read_past_it() {
    let config = HandleConfig::new().with_validator(Validator::new().with_max_bytes(64));
    let r = request(Some("application/json"), Some("107"), body(&invite()));
    let (status, _, problem) = extract(config, r).await.unwrap_err();
    assert_eq!(status, 413);
    assert!(problem.detail.contains("64 bytes"), "{}", problem.detail);
    // An endless body: refused once the limit is crossed.
    let endless = futures_endless();
    let r = http::Request::builder()
        .method("POST")
        .header("content-type", "application/json")
        .header("x-xbl-contract-version", "107")
        .body(endless)
        .unwrap();
    let (status, _, _) = extract(config, r).await.unwrap_err();
    assert_eq!(status, 413);
}

/// A body that never ends: chunks of spaces, forever.
fn futures_endless() -> Body {
    use std::pin::Pin;
    use std::task::{Context, Poll};
    struct Endless;
    impl http_body::Body for Endless {
        type Data = bytes::Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
            Poll::Ready(Some(Ok(http_body::Frame::data(bytes::Bytes::from_static(
                &[b' '; 1024],
            )))))
        }
    }
    Body::new(Endless)
}

#[tokio::test]
async fn echoed_header_values_are_cut() {
    let long = "9".repeat(300);
    let r = request(Some("application/json"), Some(&long), body(&invite()));
    let (_, _, problem) = extract(HandleConfig::new(), r).await.unwrap_err();
    assert!(problem.detail.len() < 200, "{}", problem.detail);
    assert!(problem.detail.contains('…'), "{}", problem.detail);
}

/// A request with every header given as is (names may repeat).
fn request_with(headers: &[(&str, &str)], body: Vec<u8>) -> Request {
    let mut builder = http::Request::builder().method("POST").uri("/handles");
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    builder.body(Body::from(body)).unwrap()
}

/// Request headers, and the status, kind and words of the refusal.
type HeaderCase = (
    &'static [(&'static str, &'static str)],
    u16,
    ProblemKind,
    &'static str,
);

#[tokio::test]
async fn a_repeated_checked_header_or_a_content_coding_is_refused() {
    const J: (&str, &str) = ("content-type", "application/json");
    const C: (&str, &str) = ("x-xbl-contract-version", "107");
    let (json, contract) = (J, C);
    let cases: [HeaderCase; 6] = [
        // The first copy passes; the next hop may read the second.
        (
            &[J, C, ("x-xbl-contract-version", "1")],
            400,
            ProblemKind::ContractVersion,
            "more than once",
        ),
        (
            &[J, ("content-type", "text/plain"), C],
            415,
            ProblemKind::UnsupportedMediaType,
            "more than once",
        ),
        (
            &[J, C, ("content-encoding", "gzip")],
            415,
            ProblemKind::UnsupportedMediaType,
            "\"gzip\"",
        ),
        (
            &[J, C, ("content-encoding", "identity, br")],
            415,
            ProblemKind::UnsupportedMediaType,
            "identity, br",
        ),
        (
            &[
                J,
                C,
                ("content-encoding", "identity"),
                ("content-encoding", "x"),
            ],
            415,
            ProblemKind::UnsupportedMediaType,
            "\"x\"",
        ),
        (
            &[J, ("x-xbl-contract-version", "4294967296")],
            400,
            ProblemKind::ContractVersion,
            "larger than any contract version",
        ),
    ];
    for (headers, status, kind, says) in cases {
        let r = request_with(headers, body(&invite()));
        let (got, _, problem) = extract(HandleConfig::new(), r).await.unwrap_err();
        assert_eq!(
            (got, problem.type_uri.as_str()),
            (status, kind.type_uri()),
            "{headers:?}"
        );
        assert!(
            problem.detail.contains(says),
            "{headers:?}: {}",
            problem.detail
        );
    }
    // identity, in any case, is the body as it is.
    let r = request_with(
        &[json, contract, ("content-encoding", "Identity")],
        body(&invite()),
    );
    assert_eq!(
        extract(HandleConfig::new(), r).await.unwrap(),
        HandleKind::Invite
    );
}

#[tokio::test]
async fn a_problem_body_is_one_line_whatever_the_member_names_hold() {
    let r = request(
        Some("application/json"),
        Some("107"),
        "{\"a\u{2028}b\u{2029}\": 1}".as_bytes().to_vec(),
    );
    let rejection = ValidHandle::from_request(r, &()).await.unwrap_err();
    let bytes = rejection
        .into_response()
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes();
    let text = std::str::from_utf8(&bytes).unwrap();
    assert!(!text.contains(['\u{2028}', '\u{2029}']), "{text}");
    assert!(text.contains(r"/a\u2028b\u2029"), "{text}");
    let problem: Problem = serde_json::from_str(text).unwrap();
    assert!(
        problem
            .errors
            .iter()
            .any(|e| e.pointer == "/a\u{2028}b\u{2029}")
    );
}
