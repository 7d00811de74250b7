#!/usr/bin/env bash
# Issue 29: the shipped transfer body (minified) validated by
# `mpsd_handles::from_slice` at several commits, each against plain serde
# structs in the same process (best of 15 × 400 000). Builds a throw-away
# crate in a temporary directory against a worktree of each commit.
#   benches/across-versions.sh [COMMIT ...]   (default: 0.2, 0.3.0, 0.4.0, HEAD)
set -euo pipefail
cd "$(dirname "$0")/.."
commits=("$@")
[ ${#commits[@]} -gt 0 ] || commits=(bd169e0 2e8419b 66caf39 HEAD)
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/crate/src"
cat > "$work/crate/Cargo.toml" <<TOML
[package]
name = "across-versions"
version = "0.0.0"
edition = "2021"
[dependencies]
mpsd-handles = { path = "$work/tree/crates/mpsd-handles" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
[workspace]
TOML
cat > "$work/crate/src/main.rs" <<'RS'
use std::hint::black_box;
use std::time::Instant;
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Plain { version: u32, r#type: String, id: Option<String>, session_ref: S, origin_session_ref: Option<S> }
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct S { scid: String, template_name: String, name: Option<String> }
fn main() {
    let body = br#"{"type":"transfer","sessionRef":{"scid":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862","templateName":"MockSessionTemplateName","name":"XWIN_7ce12e85-594a-4b3b-9dc3-33b9a4ea57ce"},"originSessionRef":{"scid":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862","templateName":"samplelobbytemplate107","name":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862"},"version":1}"#;
    assert!(mpsd_handles::from_slice(body).is_ok());
    let n = 400_000;
    let (mut a, mut p) = (f64::MAX, f64::MAX);
    for _ in 0..15 {
        let t = Instant::now();
        for _ in 0..n { black_box(mpsd_handles::from_slice(black_box(body)).is_ok()); }
        a = a.min(t.elapsed().as_nanos() as f64 / n as f64);
        let t = Instant::now();
        for _ in 0..n { black_box(serde_json::from_slice::<Plain>(black_box(body)).is_ok()); }
        p = p.min(t.elapsed().as_nanos() as f64 / n as f64);
    }
    println!("{:.0} ns against plain serde's {:.0} ns: {:.3}x", a, p, a / p);
}
RS
for c in "${commits[@]}"; do
  git worktree add -f -q --detach "$work/tree" "$c"
  printf '%s: ' "$c"
  (cd "$work/crate" && CARGO_TARGET_DIR="$work/target" cargo run -q --release)
  git worktree remove --force "$work/tree"
done
