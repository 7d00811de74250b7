"""Validate Xbox Live MPSD ``POST /handles`` bodies with the mpsd-handles Rust
validator: the same verdicts, pointers, codes and messages as the Rust crate.

>>> import mpsd_handles
>>> mpsd_handles.is_valid(b'{"version": 2}')
False
"""

from __future__ import annotations

from typing import Any, Iterable, Union

from . import _native

__all__ = ["ValidationError", "validate", "is_valid", "validate_many", "schema", "__version__"]
__version__: str = _native.__version__

Body = Union[bytes, str]


class ValidationError(ValueError):
    """A body that breaks the rules. ``errors`` lists every violation, each a
    dict of ``pointer`` (RFC 6901), ``code`` (stable) and ``message``."""

    def __init__(self, errors: list[dict[str, str]]):
        self.errors = errors
        lines = [f"{e['pointer'] or '(root)'}: {e['message']} [{e['code']}]" for e in errors]
        super().__init__("\n".join(lines))


def validate(body: Body) -> dict[str, Any]:
    """The body as a dict (the typed model, written back as JSON) when valid;
    raises :class:`ValidationError` with every violation otherwise."""
    ok, payload = _native.check(body)
    if ok:
        return payload
    raise ValidationError(payload)


def is_valid(body: Body) -> bool:
    """Whether the body is valid; stops at the first violation."""
    return _native.is_valid(body)


def validate_many(bodies: Iterable[Body]) -> list[dict[str, Any] | ValidationError]:
    """:func:`validate` of every body, without holding the GIL while
    validating: each result is the body as a dict, or the ValidationError."""
    results: list[dict[str, Any] | ValidationError] = []
    for ok, payload in _native.check_many(list(bodies)):
        results.append(payload if ok else ValidationError(payload))
    return results


def schema(draft: str = "2020-12") -> str:
    """The JSON Schema of a request body: draft ``"2020-12"`` or ``"07"``."""
    return _native.schema(draft)
