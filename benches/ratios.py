#!/usr/bin/env python3
"""Prints the table of `cargo bench --bench validate` results with the
issue's ratios, read from criterion's estimates under target/criterion."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "target" / "criterion"
NAMES = ["1-mpsd_handles", "2-plain-serde", "3-value", "4-value+jsonschema", "4b-value+jsonschema-all-errors"]


def mean_ns(group: Path, name: str) -> float:
    est = json.loads((group / name / "new" / "estimates.json").read_text())
    return est["mean"]["point_estimate"]


def fmt(ns: float) -> str:
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def main() -> int:
    rows = []
    for group in sorted(ROOT.glob("*_*/")):
        if not (group / NAMES[0] / "new").exists():
            continue
        t = [mean_ns(group, n) for n in NAMES]
        rows.append((group.name.replace("_", "/"), t))
    print("| payload | (1) mpsd-handles | (2) plain serde | (3) Value | (4) Value + jsonschema `is_valid` | (4b) Value + jsonschema, every error | (1)/(2) | (1)/(3) | (1)/(4) | (1)/(4b) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, t in rows:
        r = [t[0] / t[1], t[0] / t[2], t[0] / t[3], t[0] / t[4]]
        print(f"| {name} | {' | '.join(fmt(x) for x in t)} | {' | '.join(f'{x:.2f}' for x in r)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
