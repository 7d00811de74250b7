#!/usr/bin/env python3
"""Speed of the Python package against what a Python service would use
instead: json.loads + jsonschema_rs (PyPI `jsonschema-rs`) is_valid on the
exported schema, json.loads + fastjsonschema, json.loads + python-jsonschema;
and against what Python users know as fast: orjson.loads (the fastest JSON
to dict parse; it checks no rule), msgspec (a Struct tagged union, and a
TypedDict of the body's own type, chosen before decoding, with the checks
msgspec's Meta allows: patterns, lengths, the tag) and pydantic v2
model_validate_json on
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

from typing import Annotated, Literal, Optional, Required, TypedDict, Union

import fastjsonschema
import jsonschema
import jsonschema_rs
import msgspec
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


# msgspec: the same checks as the pydantic models, as far as Meta allows.
Guid = Annotated[str, msgspec.Meta(pattern=GUID)]
Name = Annotated[str, msgspec.Meta(pattern=NAME)]
TitleIdText = Annotated[str, msgspec.Meta(pattern=r"^(0|[1-9][0-9]{0,9})$")]
XuidText = Annotated[str, msgspec.Meta(pattern=r"^[1-9][0-9]{0,19}$")]
Tag = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,98}$")]


class MSessionRef(msgspec.Struct, forbid_unknown_fields=True):
    scid: Guid
    templateName: Name
    name: Optional[Name] = None


class MInviteAttributes(msgspec.Struct, forbid_unknown_fields=True):
    titleId: Union[TitleIdText, int]
    context: Optional[Annotated[str, msgspec.Meta(max_length=256)]] = None
    contextString: Optional[str] = None
    senderString: Optional[str] = None


class MSearchAttributes(msgspec.Struct, forbid_unknown_fields=True):
    tags: Optional[list[Tag]] = None
    numbers: Optional[dict[str, float]] = None
    strings: Optional[dict[str, Annotated[str, msgspec.Meta(max_length=99)]]] = None


class MBase(msgspec.Struct, forbid_unknown_fields=True, tag_field="type"):
    version: Literal[1]
    sessionRef: MSessionRef
    id: Optional[Guid] = None


class MActivity(MBase, tag="activity"):
    pass


class MInvite(MBase, tag="invite"):
    invitedXuid: XuidText = ""
    inviteAttributes: Optional[MInviteAttributes] = None


class MTransfer(MBase, tag="transfer"):
    originSessionRef: Optional[MSessionRef] = None


class MSearch(MBase, tag="search"):
    searchAttributes: Optional[MSearchAttributes] = None


MSGSPEC_STRUCT = msgspec.json.Decoder(Union[MActivity, MInvite, MTransfer, MSearch])


class TSessionRef(TypedDict, total=False):
    scid: Required[Guid]
    templateName: Required[Name]
    name: Name


class TActivity(TypedDict, total=False):
    type: Required[Literal["activity"]]
    version: Required[Literal[1]]
    id: Guid
    sessionRef: Required[TSessionRef]


class TInviteAttributes(TypedDict, total=False):
    titleId: Required[Union[TitleIdText, int]]
    context: Annotated[str, msgspec.Meta(max_length=256)]
    contextString: str
    senderString: str


class TInvite(TActivity, total=False):
    type: Required[Literal["invite"]]  # type: ignore[misc]
    invitedXuid: Required[XuidText]
    inviteAttributes: Required[TInviteAttributes]


class TTransfer(TActivity, total=False):
    type: Required[Literal["transfer"]]  # type: ignore[misc]
    originSessionRef: Required[TSessionRef]


class TSearchAttributes(TypedDict, total=False):
    tags: list[Tag]
    numbers: dict[str, float]
    strings: dict[str, Annotated[str, msgspec.Meta(max_length=99)]]


class TSearch(TActivity, total=False):
    type: Required[Literal["search"]]  # type: ignore[misc]
    searchAttributes: TSearchAttributes


# A TypedDict union cannot be told apart by msgspec: the decoder of the
# body's own type is chosen before decoding (in msgspec's favour).
MSGSPEC_TYPEDDICT = {
    "activity": msgspec.json.Decoder(TActivity),
    "invite": msgspec.json.Decoder(TInvite),
    "transfer": msgspec.json.Decoder(TTransfer),
    "search": msgspec.json.Decoder(TSearch),
    "invalid": msgspec.json.Decoder(TInvite),
}


def msgspec_ok(decode, body):
    try:
        decode(body)
        return True
    except msgspec.ValidationError:
        return False


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
    "msgspec Struct": lambda b: msgspec_ok(MSGSPEC_STRUCT.decode, b),
    # Filled in per body: the TypedDict decoder of the body's own type.
    "msgspec TypedDict": None,
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
        typed = MSGSPEC_TYPEDDICT[label].decode
        candidates = dict(CANDIDATES, **{"msgspec TypedDict": lambda b, d=typed: msgspec_ok(d, b)})
        assert msgspec_ok(MSGSPEC_STRUCT.decode, body) == mpsd_handles.is_valid(body), label
        times = {n: per_call_us(candidates[n], body) for n in names}
        ratio = times["mpsd_handles.validate"] / times["json.loads + jsonschema_rs"]
        orjson_ratio = times["mpsd_handles.validate"] / times["orjson.loads"]
        before_ratio = times["validate via serde (before)"] / times["orjson.loads"]
        verdict_ratio = times["mpsd_handles.is_valid"] / times["orjson.loads"]
        cells = " | ".join(f"{times[n]:.2f} µs" for n in names)
        print(f"| {label} | {cells} | {ratio:.2f} | {orjson_ratio:.2f} | {before_ratio:.2f} | {verdict_ratio:.2f} |")

    queries = {
        "activity query": (ROOT / "tests/data/queries/valid/activity-query-users.json").read_bytes(),
        "search query (docs filter)": (ROOT / "tests/data/queries/valid/search-query-docs-filter.json").read_bytes(),
    }
    print()
    print("| query body | validate_query | is_valid_query | orjson.loads | validate_query / orjson.loads | is_valid_query / orjson.loads |")
    print("|---|---|---|---|---|---|")
    for label, body in queries.items():
        v = per_call_us(mpsd_handles.validate_query, body)
        i = per_call_us(mpsd_handles.is_valid_query, body)
        o = per_call_us(orjson.loads, body)
        print(f"| {label} | {v:.2f} µs | {i:.2f} µs | {o:.2f} µs | {v / o:.2f} | {i / o:.2f} |")


if __name__ == "__main__":
    main()
