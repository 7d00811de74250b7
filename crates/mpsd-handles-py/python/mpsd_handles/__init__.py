"""Validate Xbox Live MPSD ``POST /handles`` bodies with the mpsd-handles Rust
validator: the same verdicts, pointers, codes and messages as the Rust crate.

>>> import mpsd_handles
>>> mpsd_handles.is_valid(b'{"version": 2}')
False
>>> try:
...     mpsd_handles.validate(b'{"version": 2}')
... except mpsd_handles.ValidationError as e:
...     print(e.errors[0]["code"])
missing_member
"""

from __future__ import annotations

from typing import Any

from . import _native
from ._native import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    is_valid,
    is_valid_arrow,
    is_valid_query,
    is_valid_query_arrow,
    schema,
    validate,
    validate_arrow,
    validate_many,
    validate_query,
    validate_query_arrow,
)

__all__ = [
    "ValidationError",
    "validate",
    "is_valid",
    "validate_many",
    "validate_query",
    "is_valid_query",
    "validate_arrow",
    "validate_query_arrow",
    "is_valid_arrow",
    "is_valid_query_arrow",
    "schema",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "__version__",
]
__version__: str = _native.__version__


class ValidationError(ValueError):
    """A body that breaks the rules. ``errors`` lists every violation, each a
    dict of ``pointer`` (RFC 6901), ``code`` (stable), ``message``, and
    ``line`` and ``column`` (1-based, the column in code points; ``None``
    where unknown): where it is in the body.

    ``validate`` raises it holding the validator's report; the dicts are
    built, and the messages worded, the first time ``errors`` (or ``str``)
    is read, so that a caller who only needs the verdict does not pay for
    them. It pickles as its list of errors.
    """

    # No __init__: ``args[0]`` is the list of dicts, or the native report
    # they are made from (raising costs no Python-level call).

    @property
    def errors(self) -> list[dict[str, str]]:
        errors = self.__dict__.get("_errors")
        if errors is None:
            source = self._source()
            if isinstance(source, list):
                errors = source
            elif isinstance(source, _native.Report):
                errors = source.errors()
            else:
                # Raised by hand with a message: no violation to list.
                errors = []
            self._errors = errors
        return errors

    def __str__(self) -> str:
        """One violation per line, ``POINTER: message [code]``; a pointer
        is escaped, so that a member name cannot forge a line."""
        text = self.__dict__.get("_text")
        if text is None:
            source = self._source()
            if isinstance(source, list):
                text = "\n".join(f"{_escape(e['pointer']) or '(root)'}: {e['message']} [{e['code']}]" for e in source)
            else:
                text = str(source)
            self._text = text
        return text

    def __repr__(self) -> str:
        source = self._source()
        if not isinstance(source, (list, _native.Report)):
            return f"ValidationError({str(source)[:200]!r})"
        n = len(source)
        return f"<ValidationError: {n} violation{'' if n == 1 else 's'}>"

    def _source(self) -> Any:
        return self.args[0] if self.args else []

    def __reduce__(self) -> tuple[Any, ...]:
        return (ValidationError, (self.errors,), {"_text": str(self)})


def _escape(pointer: str) -> str:
    # For errors made by hand: the library's own text escapes pointers itself.
    return pointer.encode("unicode_escape").decode("ascii")
