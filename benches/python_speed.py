#!/usr/bin/env python3
"""Speed of the Python package against what a Python service would use
instead: json.loads + jsonschema_rs (PyPI `jsonschema-rs`) is_valid on the
exported schema, json.loads + fastjsonschema, json.loads + python-jsonschema;
and against what Python users know as fast: orjson.loads (the fastest JSON
to dict parse; it checks no rule) and pydantic v2 model_validate_json on
models of the same bodies (checking fewer rules: types, required members,
the type tag, GUID and name patterns).
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

from typing import Annotated, Literal, Optional, Union

import fastjsonschema
import jsonschema
import jsonschema_rs
import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

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

GUID = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
NAME = r"^[A-Za-z0-9._~-]{1,100}$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionRef(Strict):
    scid: Annotated[str, Field(pattern=GUID)]
    templateName: Annotated[str, Field(pattern=NAME)]
    name: Optional[Annotated[str, Field(pattern=NAME)]] = None


class Base(Strict):
    version: Literal[1]
    id: Optional[Annotated[str, Field(pattern=GUID)]] = None
    sessionRef: SessionRef


class Activity(Base):
    type: Literal["activity"]


class InviteAttributes(Strict):
    titleId: Union[Annotated[str, Field(pattern=r"^(0|[1-9][0-9]{0,9})$")], int]
    context: Optional[Annotated[str, Field(max_length=256)]] = None
    contextString: Optional[str] = None
    senderString: Optional[str] = None


class Invite(Base):
    type: Literal["invite"]
    invitedXuid: Annotated[str, Field(pattern=r"^[1-9][0-9]{0,19}$")]
    inviteAttributes: InviteAttributes


class Transfer(Base):
    type: Literal["transfer"]
    originSessionRef: SessionRef


class SearchAttributes(Strict):
    tags: Optional[list[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,98}$")]]] = None
    numbers: Optional[dict[str, float]] = None
    strings: Optional[dict[str, Annotated[str, Field(max_length=99)]]] = None


class Search(Base):
    type: Literal["search"]
    searchAttributes: Optional[SearchAttributes] = None


PYDANTIC = TypeAdapter(Annotated[Union[Activity, Invite, Transfer, Search], Field(discriminator="type")])


def pydantic_ok(body):
    try:
        PYDANTIC.validate_json(body)
        return True
    except ValueError:
        return False


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
    # The dict as built before issue 30 (the model's serde `Serialize`
    # into Python objects), kept in the package for its tests: the
    # same-run baseline of the member-by-member builder.
    "validate via serde (before)": lambda b: _validate_serde(b),
    "validate, errors read": lambda b: _validate_read(b),
    "mpsd_handles.is_valid": mpsd_handles.is_valid,
    "json.loads + jsonschema_rs": lambda b: rs.is_valid(json.loads(b)),
    "json.loads + fastjsonschema": fast_ok,
    "json.loads + python-jsonschema": lambda b: py.is_valid(json.loads(b)),
    "orjson.loads": orjson.loads,
    "pydantic v2 validate_json": pydantic_ok,
}


def _validate(body):
    try:
        return mpsd_handles.validate(body)
    except mpsd_handles.ValidationError as e:
        return e


def _validate_serde(body):
    try:
        return mpsd_handles._native._serde_reference(body)
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
    assert all(pydantic_ok(b) == mpsd_handles.is_valid(b) for b in BODIES.values())
    print("| body | " + " | ".join(names) + " | validate / (loads + jsonschema_rs) | validate / orjson.loads | before / orjson.loads | is_valid / orjson.loads |")
    print("|---" * (len(names) + 5) + "|")
    for label, body in BODIES.items():
        times = {n: per_call_us(CANDIDATES[n], body) for n in names}
        ratio = times["mpsd_handles.validate"] / times["json.loads + jsonschema_rs"]
        orjson_ratio = times["mpsd_handles.validate"] / times["orjson.loads"]
        before_ratio = times["validate via serde (before)"] / times["orjson.loads"]
        verdict_ratio = times["mpsd_handles.is_valid"] / times["orjson.loads"]
        cells = " | ".join(f"{times[n]:.2f} µs" for n in names)
        print(f"| {label} | {cells} | {ratio:.2f} | {orjson_ratio:.2f} | {before_ratio:.2f} | {verdict_ratio:.2f} |")


if __name__ == "__main__":
    main()
