#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build: every cargo-fuzz target, with its seed
# corpus, dictionary and options.
cd "$SRC/mpsd-handles"
cargo fuzz build -O
# The fuzz crate is a member of the workspace: its binaries land in the root target/.
release=target/x86_64-unknown-linux-gnu/release
for target in from_slice structured differential; do
  cp "$release/$target" "$OUT/"
  (cd "fuzz/corpus/$target" && zip -q -r "$OUT/${target}_seed_corpus.zip" .)
  cp fuzz/handles.dict "$OUT/$target.dict"
done
printf '[libfuzzer]\nmax_len = 66000\n' > "$OUT/from_slice.options"
printf '[libfuzzer]\nmax_len = 4096\n' > "$OUT/structured.options"
printf '[libfuzzer]\nmax_len = 16384\n' > "$OUT/differential.options"
