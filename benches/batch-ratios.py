#!/usr/bin/env python3
"""Prints issue 29's batch table from the estimates criterion left under
target/criterion after `cargo bench -p mpsd-handles --bench batch`: MB/s of
each reader over the same lines, and its ratio to the serde skim."""

import json
from pathlib import Path

GROUP = Path(__file__).resolve().parent.parent / "target" / "criterion" / "batch-lines"
NAMES = ["0-skim-IgnoredAny", "1v-is_valid", "1-from_slice", "3-value"]


def main() -> None:
    rows = {}
    for name in NAMES:
        bench = json.loads((GROUP / name / "new" / "benchmark.json").read_text())
        estimates = json.loads((GROUP / name / "new" / "estimates.json").read_text())
        nbytes = bench["throughput"]["Bytes"]
        rows[name] = nbytes / (estimates["mean"]["point_estimate"] / 1e9) / 1e6
    skim = rows[NAMES[0]]
    print("| reader | MB/s | × the skim |")
    print("|---|---|---|")
    for name in NAMES:
        print(f"| {name} | {rows[name]:.0f} | {rows[name] / skim:.2f} |")


if __name__ == "__main__":
    main()
