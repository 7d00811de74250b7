#!/usr/bin/env python3
"""Prints the README's Performance tables from the estimates criterion left
under target/criterion after `cargo bench --all-features --bench validate`:
times, then the ratios the goals are stated in."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "target" / "criterion"
NAMES = {
    "1": "1-mpsd_handles",
    "1v": "1v-is_valid",
    "1m": "1m-mpsd_handles+messages",
    "2": "2-plain-serde",
    "3": "3-value",
    "4": "4-value+jsonschema",
    "4b": "4b-value+jsonschema-all-errors",
}
QUERY_NAMES = {
    "1": "1-mpsd_handles",
    "1v": "1v-is_valid",
    "3": "3-value",
    "4": "4-value+jsonschema",
    "5": "5-filter+orderBy-alone",
}
RATIOS = [("1", "2"), ("1", "3"), ("1", "4"), ("1", "4b"), ("1m", "4b"), ("1v", "4")]


def mean_ns(group: Path, name: str) -> float:
    est = json.loads((group / name / "new" / "estimates.json").read_text())
    return est["mean"]["point_estimate"]


def fmt(ns: float) -> str:
    return f"{ns / 1000:.2f} µs" if ns >= 1000 else f"{ns:.0f} ns"


def main() -> int:
    rows = []
    for group in sorted(ROOT.glob("*_*/")):
        if not all((group / n / "new").exists() for n in NAMES.values()):
            continue
        rows.append((group.name.replace("_", "/"), {k: mean_ns(group, n) for k, n in NAMES.items()}))
    if not rows:
        print("no results: run `cargo bench --all-features --bench validate` first", file=sys.stderr)
        return 1
    keys = list(NAMES)
    print("| payload | " + " | ".join(f"({k})" for k in keys) + " |")
    print("|---" * (len(keys) + 1) + "|")
    for name, t in rows:
        print(f"| {name} | " + " | ".join(fmt(t[k]) for k in keys) + " |")
    print()
    print("| payload | " + " | ".join(f"({a})/({b})" for a, b in RATIOS) + " |")
    print("|---" * (len(RATIOS) + 1) + "|")
    for name, t in rows:
        print(f"| {name} | " + " | ".join(f"{t[a] / t[b]:.2f}" for a, b in RATIOS) + " |")
    queries = QUERY_NAMES
    qrows = []
    for group in sorted(ROOT.glob("query-*/")):
        if all((group / n / "new").exists() for n in queries.values()):
            qrows.append((group.name.replace("_", "/"), {k: mean_ns(group, n) for k, n in queries.items()}))
    if qrows:
        print()
        print("| query | " + " | ".join(f"({k})" for k in queries) + " | (1)/(3) | (1v)/(3) |")
        print("|---" * (len(queries) + 3) + "|")
        for name, t in qrows:
            cells = [fmt(t[k]) for k in queries] + [f"{t['1'] / t['3']:.2f}", f"{t['1v'] / t['3']:.2f}"]
            print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
