//! What validating a body costs, against what a service pays anyway.
//!
//! For each payload, in one run:
//! 1. `mpsd_handles::from_slice` (typed validation, full report on failure;
//!    its messages are worded lazily); 1v. `mpsd_handles::is_valid` (the
//!    verdict alone); 1m. `from_slice` with every message worded;
//! 2. plain `#[derive(Deserialize)]` structs with unchecked `String`s (the
//!    floor of any serde-based design);
//! 3. `serde_json::from_slice::<Value>` alone;
//! 4. `Value` parse + `jsonschema` on the exported 2020-12 schema (validator
//!    compiled once): `is_valid` (a verdict only), and, as 4b, every error
//!    with its message (what the crate's report gives).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainRequest {
    version: u32,
    r#type: String,
    id: Option<String>,
    session_ref: PlainSessionRef,
    invited_xuid: Option<String>,
    invite_attributes: Option<PlainAttributes>,
    origin_session_ref: Option<PlainSessionRef>,
    search_attributes: Option<PlainSearch>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct PlainSearch {
    tags: Option<Vec<String>>,
    numbers: Option<std::collections::BTreeMap<String, f64>>,
    strings: Option<std::collections::BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainSessionRef {
    scid: String,
    template_name: String,
    name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct PlainAttributes {
    title_id: String,
    context: Option<String>,
    context_string: Option<String>,
    sender_string: Option<String>,
}

/// The payloads, each to be written pretty and minified.
fn payloads() -> Vec<(&'static str, Value)> {
    let scid = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";
    vec![
        (
            "activity-minimal",
            json!({"version": 1, "type": "activity",
                   "sessionRef": {"scid": scid, "templateName": "deathmatch"}}),
        ),
        (
            "invite-full",
            json!({"id": "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13", "version": 1, "type": "invite",
                   "sessionRef": {"scid": scid, "templateName": "deathmatch", "name": "session-49"},
                   "inviteAttributes": {"titleId": "1018096776", "context": "lobby-49.map-dust.mode-ranked",
                                        "contextString": "JoinMyMatch", "senderString": "Matchmaking Service"},
                   "invitedXuid": "2533274792395670"}),
        ),
        (
            "invite-multibyte-context",
            json!({"version": 1, "type": "invite",
                   "sessionRef": {"scid": scid, "templateName": "deathmatch"},
                   "inviteAttributes": {"titleId": "1018096776", "context": format!("{}aaaa", "€".repeat(28))},
                   "invitedXuid": "2533274792395670"}),
        ),
        (
            // The shipped transfer body (tests/data/valid/transfer.json):
            // two session references, long session names.
            "transfer",
            json!({"type": "transfer",
                   "sessionRef": {"scid": scid, "templateName": "MockSessionTemplateName",
                                  "name": "XWIN_7ce12e85-594a-4b3b-9dc3-33b9a4ea57ce"},
                   "originSessionRef": {"scid": scid, "templateName": "samplelobbytemplate107",
                                        "name": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862"},
                   "version": 1}),
        ),
        (
            "search-all-attributes",
            json!({"type": "search", "version": 1,
                   "sessionRef": {"scid": scid, "templateName": "GlobalLFGSessionTemplateName", "name": "LFGSession"},
                   "searchAttributes": {"tags": ["micsrequired", "girlsonly", "ranked"],
                                        "numbers": {"Skill_D": 10.145, "Skill_I": 14, "Level": 42},
                                        "strings": {"Class": "A", "Region": "westeurope"}}}),
        ),
        (
            "invalid-several",
            json!({"version": 2, "type": "invite",
                   "sessionRef": {"scid": "{bd6c41c3-01c3-468a-a3b5-3e0fe8133862}", "templateName": "death match"},
                   "inviteAttributes": {"titleId": "4294967296", "context": "x".repeat(300)},
                   "invitedXUID": "3210"}),
        ),
    ]
}

fn bench(c: &mut Criterion) {
    let schema =
        mpsd_handles::schema::validator(mpsd_handles::schema::Draft::Draft2020_12).unwrap();
    for (name, doc) in payloads() {
        for (layout, text) in [
            ("pretty", serde_json::to_string_pretty(&doc).unwrap()),
            ("minified", serde_json::to_string(&doc).unwrap()),
        ] {
            let bytes = text.as_bytes();
            let valid = mpsd_handles::from_slice(bytes).is_ok();
            assert_eq!(valid, !name.starts_with("invalid"), "{name}");
            assert_eq!(schema.is_valid(&doc), valid, "{name}");
            let mut group = c.benchmark_group(format!("{name}/{layout}"));
            group.throughput(Throughput::Bytes(bytes.len() as u64));
            group.bench_function("1-mpsd_handles", |b| {
                b.iter(|| mpsd_handles::from_slice(black_box(bytes)));
            });
            // The verdict alone: stops at the first violation, builds nothing.
            group.bench_function("1v-is_valid", |b| {
                b.iter(|| mpsd_handles::is_valid(black_box(bytes)));
            });
            // The report with every message worded (what (4b) gives).
            group.bench_function("1m-mpsd_handles+messages", |b| {
                b.iter(|| match mpsd_handles::from_slice(black_box(bytes)) {
                    Ok(_) => Vec::new(),
                    Err(report) => report
                        .iter()
                        .map(|v| v.message().to_string())
                        .collect::<Vec<_>>(),
                });
            });
            group.bench_function("2-plain-serde", |b| {
                b.iter(|| serde_json::from_slice::<PlainRequest>(black_box(bytes)));
            });
            group.bench_function("3-value", |b| {
                b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)));
            });
            group.bench_function("4-value+jsonschema", |b| {
                b.iter(|| {
                    let v: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                    schema.is_valid(&v)
                });
            });
            // What a user who wants every error (as (1) gives) would pay.
            group.bench_function("4b-value+jsonschema-all-errors", |b| {
                b.iter(|| {
                    let v: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                    schema
                        .iter_errors(&v)
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                });
            });
            group.finish();
        }
    }
    queries(c);
}

/// A search query with the docs' longest filter (docs/rules.md §8.9): the
/// query validator against a `Value` parse of the same body, and the
/// jsonschema query validator (with the crate's grammar keyword).
fn queries(c: &mut Criterion) {
    let schema =
        mpsd_handles::schema::query_validator(mpsd_handles::schema::Draft::Draft2020_12).unwrap();
    let doc = json!({"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
        "templateName": "GlobalLFGSessionTemplateName", "global": true,
        "filter": "tags/any(d:tolower(d) eq 'coolpeopleonly') eq true and numbers/halokdratio eq 7.5",
        "orderBy": "numbers/halokdratio desc"});
    for (layout, text) in [
        ("pretty", serde_json::to_string_pretty(&doc).unwrap()),
        ("minified", serde_json::to_string(&doc).unwrap()),
    ] {
        let bytes = text.as_bytes();
        assert!(mpsd_handles::query_from_slice(bytes).is_ok());
        assert!(schema.is_valid(&doc));
        let mut group = c.benchmark_group(format!("query-search-docs-filter/{layout}"));
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function("1-mpsd_handles", |b| {
            b.iter(|| mpsd_handles::query_from_slice(black_box(bytes)));
        });
        group.bench_function("1v-is_valid", |b| {
            b.iter(|| mpsd_handles::is_valid_query(black_box(bytes)));
        });
        group.bench_function("3-value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)));
        });
        group.bench_function("4-value+jsonschema", |b| {
            b.iter(|| {
                let v: Value = serde_json::from_slice(black_box(bytes)).unwrap();
                schema.is_valid(&v)
            });
        });
        // Where the time goes: the filter and the order parsed alone.
        let text = |key: &str| doc.get(key).and_then(Value::as_str).unwrap();
        let (filter, order) = (text("filter"), text("orderBy"));
        group.bench_function("5-filter+orderBy-alone", |b| {
            b.iter(|| {
                (
                    black_box(filter).parse::<mpsd_handles::model::Filter>(),
                    black_box(order).parse::<mpsd_handles::model::OrderBy>(),
                )
            });
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
