#!/usr/bin/env bash
# Issue 29: `mpsd-handles validate --lines --format json` on the batch
# bench's lines (the shipped valid bodies, minified, cycled to about 32 MB;
# a result line is written per body). The anchor is the criterion skim of
# the same lines (`cargo bench -p mpsd-handles --bench batch`, then
# benches/batch-ratios.py). Prints MB/s, best of 5.
set -euo pipefail
cd "$(dirname "$0")/.."
file=$(mktemp)
trap 'rm -f "$file"' EXIT
python3 - "$file" <<'PY'
import json, pathlib, sys
bodies = [json.dumps(json.loads(p.read_text()), separators=(",", ":"))
          for p in sorted(pathlib.Path("tests/data/valid").glob("*.json"))]
out, size = [], 0
while size < 32 << 20:
    for b in bodies:
        out.append(b); size += len(b) + 1
pathlib.Path(sys.argv[1]).write_text("\n".join(out) + "\n")
PY
cargo build -q --release -p mpsd-handles-cli
bin=$(.ci/target-dir)/release/mpsd-handles
bytes=$(stat -c %s "$file")
best=999999
for _ in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "$bin" validate --lines --format json "$file" > /dev/null || true
  end=$(date +%s.%N)
  t=$(python3 -c "print($end - $start)")
  best=$(python3 -c "print(min($best, $t))")
done
python3 -c "print(f'validate --lines: {$bytes / $best / 1e6:.0f} MB/s ({$bytes} bytes, best of 5: {$best:.3f} s)')"
