//! `POST /handles/query` on `mpsd-handles serve`: the mock answers from the
//! handles it holds (search by filter and order, activity by owner), every
//! refusal is a problem body, and the proxy forwards only checked queries.

use serde_json::{Value, json};

use std::time::Duration;

use super::net::{Server, http};
use super::serve::{CONTRACT, JSON};
use super::stub::Stub;

const SCID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";
const GUID: &str = SCID;

fn post(server: &Server, path: &str, extra: &[(&str, &str)], body: &Value) -> (u16, Value) {
    let mut headers = vec![JSON, CONTRACT];
    headers.extend_from_slice(extra);
    let answer = http(
        &server.addr,
        "POST",
        path,
        &headers,
        body.to_string().as_bytes(),
    );
    let json = if answer.body.is_empty() {
        Value::Null
    } else {
        answer.json()
    };
    (answer.status, json)
}

fn search_handle(name: &str, rank: f64, tags: &[&str], template: &str) -> Value {
    json!({"version": 1, "type": "search",
        "sessionRef": {"scid": SCID, "templateName": template, "name": name},
        "searchAttributes": {"tags": tags, "numbers": {"Rank": rank}, "strings": {"Region": "WestEurope"}}})
}

fn names(results: &Value) -> Vec<String> {
    results["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sessionRef"]["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_mock_answers_search_queries_from_its_handles() {
    let server = Server::start(&[]);
    for (name, rank, tags, template) in [
        ("a", 5.0, &["ranked"][..], "lfg"),
        ("b", 12.5, &["Ranked", "mics"][..], "LFG"),
        ("c", 9.0, &[][..], "lfg"),
        ("d", 30.0, &["ranked"][..], "other"),
    ] {
        let (status, _) = post(
            &server,
            "/handles",
            &[],
            &search_handle(name, rank, tags, template),
        );
        assert_eq!(status, 204);
    }
    let query = |filter: Option<&str>, order: Option<&str>| {
        let mut q = json!({"type": "search", "scid": SCID, "templateName": "lfg", "global": true});
        if let Some(f) = filter {
            q["filter"] = json!(f);
        }
        if let Some(o) = order {
            q["orderBy"] = json!(o);
        }
        let (status, answer) = post(
            &server,
            "/handles/query?include=relatedInfo,roleInfo",
            &[],
            &q,
        );
        assert_eq!(status, 200, "{answer}");
        answer
    };
    assert_eq!(names(&query(None, None)), ["a", "b", "c"]);
    assert_eq!(
        names(&query(Some("numbers/rank gt 6"), Some("numbers/RANK desc"))),
        ["b", "c"]
    );
    assert_eq!(
        names(&query(
            Some("tags/any(t:tolower(t) eq 'ranked')"),
            Some("numbers/rank asc")
        )),
        ["a", "b"]
    );
    assert_eq!(
        names(&query(
            Some("numbers/rank lt 6 or tags/any(t:t eq 'mics')"),
            None
        )),
        ["a", "b"]
    );
    assert!(names(&query(Some("SearchQuery"), None)).is_empty());
    let first = &query(None, None)["results"][0];
    assert!(
        first["id"].is_string() && first["createTime"].is_string(),
        "{first}"
    );
}

#[test]
fn the_mock_answers_activity_queries_by_owner() {
    let server = Server::start(&[]);
    let activity = json!({"version": 1, "type": "activity",
        "sessionRef": {"scid": SCID, "templateName": "lobby", "name": "s1"}});
    for caller in ["1234", "5678"] {
        let (status, _) = post(
            &server,
            "/handles",
            &[("x-mpsd-caller-xuid", caller)],
            &activity,
        );
        assert_eq!(status, 204);
    }
    let (status, _) = post(&server, "/handles", &[], &activity);
    assert_eq!(status, 204);
    let (status, problem) = post(
        &server,
        "/handles",
        &[("x-mpsd-caller-xuid", "01")],
        &activity,
    );
    assert_eq!(
        (status, problem["type"].as_str()),
        (400, Some("urn:mpsd-handles:problem:bad-caller"))
    );
    let owners = |xuids: Value| {
        let (status, answer) = post(
            &server,
            "/handles/query",
            &[],
            &json!({"type": "activity", "scid": SCID, "owners": xuids}),
        );
        assert_eq!(status, 200, "{answer}");
        let mut got: Vec<String> = answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ownerXuid"].as_str().unwrap().to_owned())
            .collect();
        got.sort();
        got
    };
    assert_eq!(
        owners(json!({"xuids": ["5678", "1234", "9"]})),
        ["1234", "5678"]
    );
    assert_eq!(
        owners(json!({"xuids": ["2814679796296491"]})),
        ["2814679796296491"]
    );
    assert!(owners(json!({"people": {"moniker": "friends", "monikerXuid": "1234"}})).is_empty());
}

#[test]
fn invalid_queries_and_includes_are_problems() {
    let server = Server::start(&[]);
    let valid = json!({"type": "activity", "scid": SCID, "owners": {"xuids": ["1"]}});
    for (path, body, kind) in [
        (
            "/handles/query",
            json!({"type": "search", "scid": SCID, "templateName": "lfg",
            "global": true, "filter": "a or b or c"}),
            "invalid-query",
        ),
        (
            "/handles/query?include=session",
            valid.clone(),
            "invalid-include",
        ),
        (
            "/handles/query?include=roleInfo&take=5",
            valid.clone(),
            "invalid-include",
        ),
        (
            "/handles/query?include=roleInfo,roleInfo",
            valid.clone(),
            "invalid-include",
        ),
        (
            "/handles?include=roleInfo",
            valid.clone(),
            "query-not-allowed",
        ),
    ] {
        let (status, problem) = post(&server, path, &[], &body);
        assert_eq!(status, 400, "{path}: {problem}");
        assert_eq!(
            problem["type"],
            format!("urn:mpsd-handles:problem:{kind}"),
            "{path}"
        );
    }
    let (_, problem) = post(
        &server,
        "/handles/query",
        &[],
        &json!({"type": "search", "scid": SCID,
        "templateName": "lfg", "global": true, "filter": "a or b or c"}),
    );
    assert_eq!(problem["errors"][0]["code"], "invalid_filter");
    let answer = http(&server.addr, "GET", "/handles/query", &[], b"");
    assert_eq!(answer.status, 405);
}

#[test]
fn a_query_is_forwarded_with_its_checked_include_and_refused_otherwise() {
    let stub = Stub::plain(b"HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n");
    let server = Server::start(&["--upstream", &format!("http://{}", stub.addr)]);
    let body = format!(
        r#"{{"type":"search","scid":"{GUID}","templateName":"lfg","global":true,"filter":"numbers/rank ge 5"}}"#
    );
    let answer = http(
        &server.addr,
        "POST",
        "/handles/query?include=roleInfo%2CrelatedInfo",
        &[JSON, CONTRACT],
        body.as_bytes(),
    );
    assert_eq!(answer.status, 201);
    let seen = stub.next(Duration::from_secs(5)).expect("forwarded");
    assert!(
        seen.head
            .starts_with("post /handles/query?include=roleinfo,relatedinfo http/1.1"),
        "{}",
        seen.head
    );
    assert_eq!(seen.body, body.as_bytes());
    for (path, body) in [
        ("/handles/query?include=session", body.clone()),
        ("/handles/query?include=roleInfo&take=1", body.clone()),
        ("/handles/query", body.replace("ge 5", "ge 5 or x or y")),
        (
            "/handles/query",
            format!(r#"{{"type":"invite","scid":"{GUID}"}}"#),
        ),
    ] {
        let answer = http(
            &server.addr,
            "POST",
            path,
            &[JSON, CONTRACT],
            body.as_bytes(),
        );
        assert_eq!(answer.status, 400, "{path} {body}");
    }
    assert!(
        stub.next(Duration::from_millis(300)).is_none(),
        "a refused query was forwarded"
    );
}

/// A search handle with `tags` and `numbers` (each `name: 0`).
fn search_with(tags: &[String], numbers: &[String]) -> Value {
    let numbers: serde_json::Map<String, Value> =
        numbers.iter().map(|n| (n.clone(), json!(0))).collect();
    json!({"version": 1, "type": "search",
        "sessionRef": {"scid": SCID, "templateName": "lfg"},
        "searchAttributes": {"tags": tags, "numbers": numbers}})
}

/// Issue 27: nine nested lambdas over ten tags, each reading every
/// variable (10^9 predicate evaluations) froze the mock for half a minute,
/// under the store's lock: `GET`, `/healthz` and shutdown waited. Now the
/// query is refused past its evaluation steps with a problem, and the
/// other requests answer meanwhile.
#[test]
fn a_query_past_its_evaluation_steps_is_refused_and_holds_nobody_up() {
    let server = Server::start(&["--metrics-listen", "127.0.0.1:0"]);
    let tags: Vec<String> = (0..10).map(|i| format!("t{i}")).collect();
    let (status, _) = post(&server, "/handles", &[], &search_with(&tags, &[]));
    assert_eq!(status, 204);
    let depth = 9;
    let mut filter = (0..depth)
        .rev()
        .map(|v| format!("v{v} eq 'zz'"))
        .collect::<Vec<_>>()
        .join(" and ");
    for v in (0..depth).rev() {
        filter = format!("tags/any(v{v}:{filter})");
    }
    let body = json!({"type": "search", "scid": SCID, "templateName": "lfg",
        "global": true, "filter": filter});
    let addr = server.addr.clone();
    let hostile = std::thread::spawn(move || {
        let answer = http(
            &addr,
            "POST",
            "/handles/query",
            &[JSON, CONTRACT],
            body.to_string().as_bytes(),
        );
        (answer.status, answer.json())
    });
    let metrics = server.metrics.clone().unwrap();
    while !hostile.is_finished() {
        let start = std::time::Instant::now();
        assert_eq!(http(&metrics, "GET", "/healthz", &[], b"").status, 200);
        let missing = format!("/handles/{GUID}");
        assert_eq!(http(&server.addr, "GET", &missing, &[], b"").status, 404);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "held up for {:?}",
            start.elapsed()
        );
    }
    let (status, problem) = hostile.join().unwrap();
    assert_eq!(
        (status, problem["type"].as_str()),
        (422, Some("urn:mpsd-handles:problem:query-too-costly")),
        "{problem}"
    );
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("evaluation steps"),
        "{problem}"
    );
}

/// Issue 27: attribute lookups were a linear scan (1 000 terms over 10 000
/// handles of 500 numbers: 20 s). They are a binary search now; this
/// checks the answer is right with many names and many terms.
#[test]
fn many_terms_over_many_attributes_are_answered() {
    let server = Server::start(&[]);
    let numbers: Vec<String> = (0..500).map(|i| format!("a{i}")).collect();
    for _ in 0..20 {
        let (status, _) = post(&server, "/handles", &[], &search_with(&[], &numbers));
        assert_eq!(status, 204);
    }
    let terms = |name: &str| vec![format!("numbers/{name} ge 0"); 1_000].join(" and ");
    for (filter, found) in [(terms("A499"), 20), (terms("a500"), 0)] {
        let (status, answer) = post(
            &server,
            "/handles/query",
            &[],
            &json!({"type": "search", "scid": SCID, "templateName": "lfg",
                "global": true, "filter": filter}),
        );
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["results"].as_array().unwrap().len(), found);
    }
}

/// Issue 27: an invite's `senderXuid` ignored `X-Mpsd-Caller-Xuid`, while
/// activity handles took their owner from it.
#[test]
fn an_invite_is_sent_by_the_caller() {
    let server = Server::start(&[]);
    let invite: Value =
        serde_json::from_slice(&super::front::invite()).expect("the shipped invite is JSON");
    for (caller, sender) in [(Some("1234"), "1234"), (None, "2814679796296491")] {
        let extra: Vec<(&str, &str)> = caller
            .map(|c| ("x-mpsd-caller-xuid", c))
            .into_iter()
            .collect();
        let (status, answer) = post(&server, "/handles", &extra, &invite);
        assert_eq!(status, 201, "{answer}");
        assert_eq!(answer["senderXuid"], sender);
    }
}
