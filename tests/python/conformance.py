"""Runs the committed schemas in python-jsonschema over the conformance
corpus and checks every verdict against the crate's.

Usage (from the repository root):
    python3 -m venv tests/python/.venv
    tests/python/.venv/bin/pip install -r tests/python/requirements.txt
    tests/python/.venv/bin/python tests/python/conformance.py
"""

import json
from importlib import metadata
import sys
from pathlib import Path

import jsonschema
from jsonschema import validators

ROOT = Path(__file__).resolve().parent.parent.parent
UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def uri_encoded_length(text: str) -> int:
    """docs/rules.md §3: UTF-8 bytes; unreserved count 1, every other byte 3."""
    return sum(1 if b in UNRESERVED else 3 for b in text.encode("utf-8"))


def max_uri_encoded_length(validator, maximum, instance, schema):
    if validator.is_type(instance, "string") and uri_encoded_length(instance) > maximum:
        yield jsonschema.ValidationError(
            f"{instance!r} is longer than {maximum} characters once URI-encoded"
        )


def with_keyword(base):
    return validators.extend(base, {"x-maxUriEncodedLength": max_uri_encoded_length})


DRAFTS = [
    ("2020-12", with_keyword(jsonschema.Draft202012Validator), "schemas/handle-request.schema.json"),
    ("draft-07", with_keyword(jsonschema.Draft7Validator), "schemas/draft-07/handle-request.schema.json"),
]


def main() -> int:
    corpus = [
        json.loads(line)
        for line in (ROOT / "tests/conformance/corpus.jsonl").read_text("utf-8").splitlines()
        if line
    ]
    passed = failed = 0
    for name, cls, path in DRAFTS:
        schema = json.loads((ROOT / path).read_text("utf-8"))
        cls.check_schema(schema)
        validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
        for entry in corpus:
            theirs = validator.is_valid(json.loads(entry["text"]))
            agrees = theirs == entry["valid"]
            # A documented difference must really differ; everything else must agree.
            if agrees == ("difference" not in entry):
                passed += 1
            else:
                failed += 1
                print(f"FAIL {name}: {entry['name']}: crate {entry['valid']}, python {theirs}")
    print(f"python-jsonschema {metadata.version('jsonschema')}: {len(corpus)} bodies x {len(DRAFTS)} drafts")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
