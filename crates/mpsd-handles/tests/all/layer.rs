//! The request judge and its tower layer (feature `axum`): the layer
//! refuses exactly what the extractors refuse, with the same answer, and
//! passes what they pass with its bytes as sent.

use std::convert::Infallible;

use axum_core::body::Body;
use axum_core::extract::FromRequest;
use axum_core::response::{IntoResponse, Response};
use http_body_util::BodyExt;
use mpsd_handles::axum::{
    HandleConfig, Valid, ValidHandle, ValidQuery, ValidateLayer, Validated, WouldRefuse,
};
use tower::{Layer, Service, ServiceExt};

use crate::common::{data, invite};

fn invite_bytes() -> Vec<u8> {
    serde_json::to_vec(&invite()).unwrap()
}

const SCID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

fn post(path: &str, headers: &[(&str, &str)], body: &[u8]) -> http::Request<Body> {
    let mut builder = http::Request::builder().method("POST").uri(path);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    builder.body(Body::from(body.to_vec())).unwrap()
}

/// A response's status and body.
async fn read(response: Response) -> (u16, Vec<u8>) {
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, bytes.to_vec())
}

/// The inner service: echoes the body it got, and what the layer said.
fn echo()
-> impl Service<http::Request<Body>, Response = Response, Error = Infallible, Future = impl Send>
+ Clone
+ Send
+ 'static {
    tower::service_fn(|request: http::Request<Body>| async move {
        let said = match (
            request.extensions().get::<Valid>(),
            request.extensions().get::<WouldRefuse>(),
        ) {
            (Some(valid), _) => match &valid.validated {
                Validated::Handle(h) => format!("handle {}", h.kind()),
                Validated::Query(q) => format!("query {:?}", q.include),
                _ => "other".to_owned(),
            },
            (None, Some(WouldRefuse(problem))) => format!("would refuse {}", problem.type_uri),
            (None, None) => "untouched".to_owned(),
        };
        let body = request.into_body().collect().await.unwrap().to_bytes();
        let mut answer = said.into_bytes();
        answer.push(b'|');
        answer.extend_from_slice(&body);
        Ok::<_, Infallible>(answer.into_response())
    })
}

/// A request: its path, headers and body.
type Case = (&'static str, Vec<(&'static str, &'static str)>, Vec<u8>);

/// Requests each check refuses (and two that pass), for both routes.
fn cases() -> Vec<Case> {
    let json = ("content-type", "application/json");
    let contract = ("x-xbl-contract-version", "107");
    let query = format!(r#"{{"type":"activity","scid":"{SCID}","owners":{{"xuids":["1"]}}}}"#);
    let mut big = invite_bytes();
    big.extend(std::iter::repeat_n(b' ', 70_000));
    vec![
        ("/handles", vec![json, contract], invite_bytes()),
        ("/handles", vec![contract], invite_bytes()),
        ("/handles", vec![json], invite_bytes()),
        (
            "/handles",
            vec![json, contract, ("content-encoding", "gzip")],
            invite_bytes(),
        ),
        ("/handles", vec![json, contract], big),
        (
            "/handles",
            vec![json, contract],
            br#"{"version":2}"#.to_vec(),
        ),
        (
            "/handles",
            vec![json, contract],
            std::fs::read(data("invalid/many-violations.json")).unwrap(),
        ),
        (
            "/handles/query?include=roleInfo",
            vec![json, contract],
            query.clone().into_bytes(),
        ),
        (
            "/handles/query?take=1",
            vec![json, contract],
            query.clone().into_bytes(),
        ),
        ("/handles/query", vec![contract], query.clone().into_bytes()),
        ("/handles/query", vec![json, contract], b"{}".to_vec()),
    ]
}

/// What the extractor answers for a request: its refusal, or `None`.
async fn extractor(path: &str, request: http::Request<Body>) -> Option<(u16, Vec<u8>)> {
    let config = HandleConfig::new();
    let refusal = if path.starts_with("/handles/query") {
        ValidQuery::from_request(request, &config).await.err()
    } else {
        ValidHandle::from_request(request, &config).await.err()
    };
    match refusal {
        Some(rejection) => Some(read(rejection.into_response()).await),
        None => None,
    }
}

#[tokio::test]
async fn the_layer_refuses_what_the_extractors_refuse_with_the_same_answer() {
    let mut layered = ValidateLayer::new(HandleConfig::new()).layer(echo());
    let mut refused = 0;
    for (path, headers, body) in cases() {
        let by_extractor = extractor(path, post(path, &headers, &body)).await;
        let service = ServiceExt::<http::Request<Body>>::ready(&mut layered)
            .await
            .unwrap();
        let (status, answer) = read(service.call(post(path, &headers, &body)).await.unwrap()).await;
        if let Some(refusal) = by_extractor {
            refused += 1;
            assert_eq!((status, answer), refusal, "{path} {headers:?}");
        } else {
            assert_eq!(status, 200, "{path}");
            let text = String::from_utf8(answer).unwrap();
            let (said, echoed) = text.split_once('|').unwrap();
            assert!(
                said.starts_with("handle") || said.starts_with("query"),
                "{said}"
            );
            assert_eq!(echoed.as_bytes(), body, "the body as sent");
        }
    }
    assert_eq!(refused, 9);
}

#[tokio::test]
async fn report_only_passes_what_it_would_refuse_and_says_so() {
    let mut layered = ValidateLayer::new(HandleConfig::new())
        .report_only(1 << 20)
        .layer(echo());
    for (path, headers, body) in cases() {
        let by_extractor = extractor(path, post(path, &headers, &body)).await;
        let service = ServiceExt::<http::Request<Body>>::ready(&mut layered)
            .await
            .unwrap();
        let (status, answer) = read(service.call(post(path, &headers, &body)).await.unwrap()).await;
        assert_eq!(status, 200, "{path} {headers:?}");
        let text = String::from_utf8(answer).unwrap();
        let (said, echoed) = text.split_once('|').unwrap();
        assert_eq!(echoed.as_bytes(), body, "the body as sent");
        match by_extractor {
            Some((_, problem)) => {
                let problem: serde_json::Value = serde_json::from_slice(&problem).unwrap();
                assert_eq!(
                    said,
                    format!("would refuse {}", problem["type"].as_str().unwrap())
                );
            }
            None => assert!(!said.starts_with("would"), "{said}"),
        }
    }
    // A body past the read limit cannot be passed on: refused even here.
    let mut small = ValidateLayer::new(HandleConfig::new())
        .report_only(0)
        .layer(echo());
    let huge = vec![b' '; 200_000];
    let service = ServiceExt::<http::Request<Body>>::ready(&mut small)
        .await
        .unwrap();
    let (status, _) = read(service.call(post("/handles", &[], &huge)).await.unwrap()).await;
    assert_eq!(status, 413);
}

#[tokio::test]
async fn other_requests_pass_untouched() {
    let mut layered = ValidateLayer::new(HandleConfig::new()).layer(echo());
    for (method, path) in [
        ("GET", "/handles"),
        ("POST", "/handles/"),
        ("POST", "/other"),
        ("DELETE", "/handles/query"),
    ] {
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .body(Body::from("not json"))
            .unwrap();
        let service = ServiceExt::<http::Request<Body>>::ready(&mut layered)
            .await
            .unwrap();
        let (status, answer) = read(service.call(request).await.unwrap()).await;
        assert_eq!(
            (status, answer),
            (200, b"untouched|not json".to_vec()),
            "{method} {path}"
        );
    }
}
