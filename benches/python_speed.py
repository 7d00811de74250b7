#!/usr/bin/env python3
"""Speed of the Python package against what a Python service would use
instead: json.loads + jsonschema_rs (PyPI `jsonschema-rs`) is_valid on the
exported schema, json.loads + fastjsonschema, json.loads + python-jsonschema.
Each body is given as bytes. Prints a table of microseconds per body and the
ratio to json.loads + jsonschema_rs (goal: ≤ 0.5). An invalid body's
ValidationError words its violations when `.errors` is first read: the
column "validate, errors read" pays for that too. Not a test.

  pip install ./crates/mpsd-handles-py -r benches/requirements-python.txt
  python3 benches/python_speed.py
"""

import json
import timeit
from pathlib import Path

import fastjsonschema
import jsonschema
import jsonschema_rs

import mpsd_handles

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "handle-request.schema.json").read_text())
BODIES = {
    "activity": (ROOT / "tests/data/valid/activity-minimal.json").read_bytes(),
    "invite": (ROOT / "tests/data/valid/invite.json").read_bytes(),
    "transfer": (ROOT / "tests/data/valid/transfer.json").read_bytes(),
    "search": (ROOT / "tests/data/valid/search.json").read_bytes(),
    "invalid": (ROOT / "tests/data/invalid/many-violations.json").read_bytes(),
}

rs = jsonschema_rs.validator_for(SCHEMA)
fast = fastjsonschema.compile(SCHEMA)
py = jsonschema.Draft202012Validator(SCHEMA)


def fast_ok(body):
    try:
        fast(json.loads(body))
        return True
    except fastjsonschema.JsonSchemaException:
        return False


CANDIDATES = {
    "mpsd_handles.validate": lambda b: _validate(b),
    "validate, errors read": lambda b: _validate_read(b),
    "mpsd_handles.is_valid": mpsd_handles.is_valid,
    "json.loads + jsonschema_rs": lambda b: rs.is_valid(json.loads(b)),
    "json.loads + fastjsonschema": fast_ok,
    "json.loads + python-jsonschema": lambda b: py.is_valid(json.loads(b)),
}


def _validate(body):
    try:
        return mpsd_handles.validate(body)
    except mpsd_handles.ValidationError as e:
        return e


def _validate_read(body):
    try:
        return mpsd_handles.validate(body)
    except mpsd_handles.ValidationError as e:
        return e.errors


def per_call_us(f, body) -> float:
    timer = timeit.Timer(lambda: f(body))
    n, _ = timer.autorange()
    return min(timer.repeat(5, n)) / n * 1e6


def main() -> None:
    names = list(CANDIDATES)
    print("| body | " + " | ".join(names) + " | validate / (loads + jsonschema_rs) |")
    print("|---" * (len(names) + 2) + "|")
    for label, body in BODIES.items():
        times = {n: per_call_us(CANDIDATES[n], body) for n in names}
        ratio = times["mpsd_handles.validate"] / times["json.loads + jsonschema_rs"]
        print(f"| {label} | " + " | ".join(f"{times[n]:.2f} µs" for n in names) + f" | {ratio:.2f} |")


if __name__ == "__main__":
    main()
