#!/usr/bin/env python3
"""Writes the "At scale" benchmark's Parquet file: N bodies (default
1 000 000) in a column `body`, nine valid to one invalid, cycled from the
conformance corpus's valid and invalid bodies (145 and 886 of them), in
row groups of 65 536 rows. Needs pyarrow.

    python3 benches/at_scale_data.py out.parquet [N]
"""

import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent


def main(argv):
    out = argv[1]
    n = int(argv[2]) if len(argv) > 2 else 1_000_000
    corpus = (ROOT / "tests/conformance/corpus.jsonl").read_text().splitlines()
    expected = (ROOT / "tests/conformance/corpus-expected.jsonl").read_text().splitlines()
    valid, invalid = [], []
    for c, e in zip(corpus, expected):
        (valid if json.loads(e)["valid"] else invalid).append(json.loads(c)["text"])
    bodies = [invalid[(i // 10) % len(invalid)] if i % 10 == 9 else valid[i % len(valid)] for i in range(n)]
    pq.write_table(pa.table({"body": pa.array(bodies, pa.string())}), out, row_group_size=65_536)
    size = sum(len(b) for b in bodies)
    print(f"{out}: {n} bodies, {size / 1e6:.0f} MB of JSON, {sum(i % 10 != 9 for i in range(n))} valid")


if __name__ == "__main__":
    main(sys.argv)
