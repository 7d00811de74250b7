//! Batch validation against the cheapest serde read (issue 29's anchor).
//!
//! The shipped valid bodies (`tests/data/valid`), minified, one per line,
//! cycled to about 32 MB, read line by line in one run by:
//! 0. `serde_json::from_slice::<IgnoredAny>` (the skim: checks JSON
//!    syntax, reads strings for escapes, checks no rule, builds nothing);
//! 1v. `Validator::is_valid` (every rule, the verdict alone);
//! 1. `Validator::validate_slice` (every rule, the typed model);
//! 3. `serde_json::from_slice::<Value>` (a tree, no rule).
//!
//! Criterion reports each as MB/s; `benches/batch-ratios.py` prints the
//! ratios to the skim the issue states its goals in. The CLI's
//! `validate --lines` on the same file is timed by `benches/batch-lines.sh`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::de::IgnoredAny;
use serde_json::Value;

/// About this many bytes of lines.
const TARGET_BYTES: usize = 32 << 20;

/// The shipped valid bodies, minified, cycled to [`TARGET_BYTES`], one per
/// line.
fn lines() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/valid");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    let bodies: Vec<String> = paths
        .iter()
        .map(|p| {
            let value: Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
            serde_json::to_string(&value).unwrap()
        })
        .collect();
    let mut out = Vec::with_capacity(TARGET_BYTES + 4096);
    while out.len() < TARGET_BYTES {
        for body in &bodies {
            out.extend_from_slice(body.as_bytes());
            out.push(b'\n');
        }
    }
    out
}

fn batch(c: &mut Criterion) {
    let text = lines();
    let rows: Vec<&[u8]> = text
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    let validator = mpsd_handles::Validator::new();
    assert!(
        rows.iter().all(|r| validator.is_valid(r)),
        "a shipped body is invalid"
    );
    let mut group = c.benchmark_group("batch-lines");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("0-skim-IgnoredAny", |b| {
        b.iter(|| {
            for row in &rows {
                black_box(serde_json::from_slice::<IgnoredAny>(row).is_ok());
            }
        });
    });
    group.bench_function("1v-is_valid", |b| {
        b.iter(|| {
            for row in &rows {
                black_box(validator.is_valid(row));
            }
        });
    });
    group.bench_function("1-from_slice", |b| {
        b.iter(|| {
            for row in &rows {
                black_box(validator.validate_slice(row).is_ok());
            }
        });
    });
    group.bench_function("3-value", |b| {
        b.iter(|| {
            for row in &rows {
                black_box(serde_json::from_slice::<Value>(row).is_ok());
            }
        });
    });
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
