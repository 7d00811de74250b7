"""The Python package gives the Rust crate's answer on every body of the
conformance corpus and every shipped example: verdict, kind, and each
violation's pointer, code and message."""

import json
from pathlib import Path

import pytest

import mpsd_handles

ROOT = Path(__file__).resolve().parents[3]
CORPUS = [json.loads(line) for line in (ROOT / "tests/conformance/corpus.jsonl").read_text().splitlines()]
# Line N of the expectations is the crate's answer on line N of the corpus.
EXPECTED = [json.loads(line) for line in (ROOT / "tests/conformance/corpus-expected.jsonl").read_text().splitlines()]
CASES = list(zip(CORPUS, EXPECTED))


def test_the_corpus_is_there():
    assert len(CORPUS) > 1000
    assert len(EXPECTED) == len(CORPUS)


@pytest.mark.parametrize("entry,expected", CASES, ids=[f"{i}:{e['name']}" for i, e in enumerate(CORPUS)])
def test_same_answer_as_rust(entry, expected):
    assert entry["name"] == expected["name"]
    text = entry["text"]
    for body in (text, text.encode()):
        assert mpsd_handles.is_valid(body) == expected["valid"]
        if expected["valid"]:
            model = mpsd_handles.validate(body)
            assert model["type"] == expected["kind"]
        else:
            with pytest.raises(mpsd_handles.ValidationError) as caught:
                mpsd_handles.validate(body)
            assert caught.value.errors == expected["errors"]
            assert isinstance(caught.value, ValueError)


def test_shipped_examples():
    for path in sorted((ROOT / "tests/data/valid").glob("*.json")):
        model = mpsd_handles.validate(path.read_bytes())
        assert model["type"] in ("activity", "invite", "transfer", "search"), path
    for path in sorted((ROOT / "tests/data/invalid").glob("*.json")):
        with pytest.raises(mpsd_handles.ValidationError) as caught:
            mpsd_handles.validate(path.read_bytes())
        assert caught.value.errors, path


def test_validate_many_matches_validate():
    bodies = [e["text"] for e in CORPUS]
    for result, expected in zip(mpsd_handles.validate_many(bodies), EXPECTED):
        if expected["valid"]:
            assert isinstance(result, dict)
        else:
            assert isinstance(result, mpsd_handles.ValidationError)
            assert result.errors == expected["errors"]


def test_bad_input_types_and_schema():
    with pytest.raises(TypeError):
        mpsd_handles.validate(42)  # type: ignore[arg-type]
    schema = json.loads(mpsd_handles.schema())
    assert schema["$id"] == "urn:mpsd-handles:schema:handle-request:2020-12"
    assert json.loads(mpsd_handles.schema("07"))["$schema"] == "http://json-schema.org/draft-07/schema#"
    with pytest.raises(ValueError):
        mpsd_handles.schema("04")
