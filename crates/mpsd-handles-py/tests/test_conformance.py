"""The Python package gives the Rust crate's answer on every body of the
conformance corpus and every shipped example: verdict, the model a valid
body becomes, and each violation's pointer, code and message."""

import inspect
import json
import pickle
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
            assert model == expected["model"]
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


def test_the_model_keeps_the_sdk_member_order():
    invite = mpsd_handles.validate((ROOT / "tests/data/valid/invite.json").read_bytes())
    # The Rust model's order (serde writes the tag first), not the body's.
    assert list(invite) == ["type", "version", "id", "sessionRef", "invitedXuid", "inviteAttributes"]
    assert list(invite["sessionRef"]) == ["scid", "templateName", "name"]
    search = mpsd_handles.validate((ROOT / "tests/data/valid/search.json").read_bytes())
    assert list(search["searchAttributes"]["numbers"]) == ["Skill_D", "Skill_I"]
    assert search["searchAttributes"]["numbers"]["Skill_I"] == 14.0


def test_the_error_is_worded_when_read_and_pickles():
    with pytest.raises(mpsd_handles.ValidationError) as caught:
        mpsd_handles.validate('{"version": 2, "type": "activity", "x\\u202e": 1}')
    error = caught.value
    assert repr(error) == "<ValidationError: 3 violations>"
    assert repr(error.args[0]) == "<Report: 3 violations>"
    codes = [e["code"] for e in error.errors]
    assert codes == ["missing_member", "unsupported_version", "unknown_member"]
    assert error.errors[2]["pointer"] == "/x\u202e"  # exact
    assert error.errors is error.errors  # built once
    text = str(error)
    assert text.splitlines()[2].startswith("/x\\u{202e}: ")  # escaped, not a bidi control
    assert text.endswith("[unknown_member]")
    again = pickle.loads(pickle.dumps(error))
    assert isinstance(again, mpsd_handles.ValidationError)
    assert again.errors == error.errors
    assert str(again) == text
    # Made by hand, from a list.
    by_hand = mpsd_handles.ValidationError([{"pointer": "/a\n", "code": "c", "message": "m."}])
    assert str(by_hand) == "/a\\n: m. [c]"
    assert mpsd_handles.ValidationError().errors == []


def test_validate_many_matches_validate():
    bodies = [e["text"] for e in CORPUS]
    for result, expected in zip(mpsd_handles.validate_many(bodies), EXPECTED):
        if expected["valid"]:
            assert result == expected["model"]
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


def test_docstring_examples():
    import doctest

    result = doctest.testmod(mpsd_handles)
    assert result.attempted > 0 and result.failed == 0


def test_the_readme_example_runs(monkeypatch, capsys):
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Python package") :]
    example = section[section.index("```python\n") + len("```python\n") :]
    example = example[: example.index("```")]
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    exec(compile(example, "README.md", "exec"), namespace)
    assert "missing_member" in capsys.readouterr().out
    assert isinstance(namespace["results"][1], mpsd_handles.ValidationError)


def test_hostile_bodies():
    # A str UTF-8 cannot encode: judged as the bytes `surrogatepass` writes,
    # a ValidationError like any bad body, never a UnicodeEncodeError.
    lone = '{"version": 1, "x": "\ud800"}'
    assert not mpsd_handles.is_valid(lone)
    with pytest.raises(mpsd_handles.ValidationError) as caught:
        mpsd_handles.validate(lone)
    with pytest.raises(mpsd_handles.ValidationError) as as_bytes:
        mpsd_handles.validate(lone.encode("utf-8", "surrogatepass"))
    assert caught.value.errors == as_bytes.value.errors
    assert caught.value.errors[0]["code"] == "syntax_error"
    # A bytearray is read like bytes; other types are refused by name.
    body = (ROOT / "tests/data/valid/invite.json").read_bytes()
    assert mpsd_handles.validate(bytearray(body)) == mpsd_handles.validate(body)
    with pytest.raises(TypeError, match="memoryview"):
        mpsd_handles.validate(memoryview(body))
    forged = type("x\nfake: valid", (), {})()
    with pytest.raises(TypeError) as caught:
        mpsd_handles.validate(forged)
    assert "\n" not in str(caught.value)
    with pytest.raises(TypeError):
        mpsd_handles.validate_many([body, 42])


def test_a_huge_str_is_refused_without_being_encoded():
    import resource

    huge = "é" * 50_000_000  # 100 MB once UTF-8
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(mpsd_handles.ValidationError) as caught:
        mpsd_handles.validate(huge)
    assert [e["code"] for e in caught.value.errors] == ["body_too_large"]
    assert not mpsd_handles.is_valid(huge)
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 20_000, grown_kb
    huge_array = bytearray(50_000_000)  # its pages are touched (zeroed) now
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert not mpsd_handles.is_valid(huge_array)
    results = mpsd_handles.validate_many([huge, huge_array, bytearray(70_000), b" " * 70_000])
    assert [r.errors[0]["code"] for r in results] == ["body_too_large"] * 4
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 20_000, grown_kb


def test_limits_can_be_set():
    body = (ROOT / "tests/data/valid/invite.json").read_bytes()
    assert mpsd_handles.DEFAULT_MAX_BYTES == 65536 and mpsd_handles.DEFAULT_MAX_DEPTH == 32
    for f in (mpsd_handles.validate, mpsd_handles.is_valid, mpsd_handles.validate_many):
        parameters = inspect.signature(f).parameters
        assert parameters["max_bytes"].default == mpsd_handles.DEFAULT_MAX_BYTES
        assert parameters["max_depth"].default == mpsd_handles.DEFAULT_MAX_DEPTH
    for given in (body, body.decode(), bytearray(body)):
        with pytest.raises(mpsd_handles.ValidationError) as caught:
            mpsd_handles.validate(given, max_bytes=100)
        assert [e["code"] for e in caught.value.errors] == ["body_too_large"]
        assert "100 bytes" in caught.value.errors[0]["message"]
        assert not mpsd_handles.is_valid(given, max_bytes=100)
        assert mpsd_handles.validate(given, max_bytes=len(body)) == mpsd_handles.validate(body)
    nested = '{"version": 1, "x": [[[1]]]}'
    with pytest.raises(mpsd_handles.ValidationError) as caught:
        mpsd_handles.validate(nested, max_depth=3)
    assert [e["code"] for e in caught.value.errors] == ["too_deep"]
    with pytest.raises(mpsd_handles.ValidationError) as caught:
        mpsd_handles.validate(nested, max_depth=4)
    assert "too_deep" not in [e["code"] for e in caught.value.errors]
    # A str far past a small limit is cut, not encoded: the same report.
    results = mpsd_handles.validate_many(["é" * 1000, body], max_bytes=100)
    assert [r.errors[0]["code"] for r in results] == ["body_too_large"] * 2
    # A larger limit admits a larger body.
    big = b'{"version": 1, "type": "activity", "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"}}' + b" " * 70_000
    assert not mpsd_handles.is_valid(big)
    assert mpsd_handles.is_valid(big, max_bytes=100_000)
    with pytest.raises(OverflowError):
        mpsd_handles.validate(body, max_bytes=-1)
    with pytest.raises(TypeError):
        mpsd_handles.validate(body, 100)  # keyword-only


# Line N of the query expectations is the crate's answer on line N of the
# query corpus (tests/data/queries/corpus.jsonl), its text included.
QUERIES = [json.loads(line) for line in (ROOT / "tests/conformance/query-expected.jsonl").read_text().splitlines()]


def test_the_query_corpus_is_there():
    assert len(QUERIES) > 50
    assert any(q["valid"] for q in QUERIES) and not all(q["valid"] for q in QUERIES)


@pytest.mark.parametrize("expected", QUERIES, ids=[str(i) for i in range(len(QUERIES))])
def test_same_query_answer_as_rust(expected):
    text = expected["text"]
    for body in (text, text.encode()):
        assert mpsd_handles.is_valid_query(body) == expected["valid"]
        if expected["valid"]:
            model = mpsd_handles.validate_query(body)
            assert model["type"] == expected["kind"]
            assert model == expected["model"]
        else:
            with pytest.raises(mpsd_handles.ValidationError) as caught:
                mpsd_handles.validate_query(body)
            assert caught.value.errors == expected["errors"]


def test_a_handle_is_not_a_query_and_a_query_not_a_handle():
    handle = (ROOT / "tests/data/valid/search.json").read_bytes()
    query = (ROOT / "tests/data/queries/valid/search-query.json").read_bytes()
    assert mpsd_handles.is_valid(handle) and not mpsd_handles.is_valid_query(handle)
    assert mpsd_handles.is_valid_query(query) and not mpsd_handles.is_valid(query)
    assert mpsd_handles.validate_query(query)["filter"] == "SearchQuery"


# Hostile callers (issue "Release 0.3", defects 5 and 6): a subclass cannot
# decide its own verdict, and misuse is a clear TypeError.
VALID = (ROOT / "tests/data/valid/invite.json").read_bytes()


class LyingStr(str):
    def __len__(self):
        return 10**9

    def __getitem__(self, item):
        return VALID.decode()

    def encode(self, *args, **kwargs):
        return VALID


class LyingBytes(bytes):
    def __len__(self):
        return 10**9

    def __getitem__(self, item):
        return VALID


class LyingByteArray(bytearray):
    def __len__(self):
        return 10**9

    def __getitem__(self, item):
        return bytearray(VALID)


@pytest.mark.parametrize("body", [LyingStr("not json"), LyingBytes(b"not json"), LyingByteArray(b"not json")])
def test_a_subclass_cannot_decide_its_verdict(body):
    for call in (mpsd_handles.validate, mpsd_handles.is_valid, mpsd_handles.validate_query, mpsd_handles.is_valid_query):
        with pytest.raises(TypeError, match="subclass"):
            call(body)
    with pytest.raises(TypeError):
        mpsd_handles.validate_many([body])


def test_a_validation_error_made_by_hand():
    e = mpsd_handles.ValidationError("msg")
    assert e.errors == []
    assert str(e) == "msg"
    assert repr(e) == "ValidationError('msg')"
    assert mpsd_handles.ValidationError().errors == []


@pytest.mark.parametrize("bodies", ["{}", b"{}", bytearray(b"{}"), {"{}": 1}])
def test_validate_many_wants_a_list_of_bodies(bodies):
    with pytest.raises(TypeError, match="iterable of bodies"):
        mpsd_handles.validate_many(bodies)


def test_limits_are_ints_not_bools():
    for call in (mpsd_handles.validate, mpsd_handles.is_valid, mpsd_handles.validate_query):
        with pytest.raises(TypeError, match="not bool"):
            call(VALID, max_bytes=True)
        with pytest.raises(TypeError, match="not bool"):
            call(VALID, max_depth=False)
        with pytest.raises(OverflowError):
            call(VALID, max_bytes=-1)
        with pytest.raises(TypeError):
            call(VALID, max_bytes="1")
    assert mpsd_handles.is_valid(VALID, max_bytes=None)
    assert not mpsd_handles.is_valid(VALID, max_bytes=10)


def ordered(value):
    """`value` with each dict as the list of its items and each scalar with
    its type, so that == compares key order and int against float too."""
    if isinstance(value, dict):
        return [(key, ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [ordered(item) for item in value]
    return (type(value).__name__, value)


def test_dicts_are_the_models_serialization_key_order_included():
    """Issue 30: `validate` builds its dicts member by member; they are
    what the model's own `Serialize` wrote before (kept as
    `_native._serde_reference`), keys in the same order, values of the same types,
    on both corpora."""
    handles = [e["text"] for e, x in CASES if x["valid"]]
    handles += [p.read_text() for p in sorted((ROOT / "tests/data/valid").glob("*.json"))]
    assert len(handles) > 100
    for text in handles:
        assert ordered(mpsd_handles.validate(text)) == ordered(mpsd_handles._native._serde_reference(text)), text
    queries = [q["text"] for q in QUERIES if q["valid"]]
    assert len(queries) > 20
    for text in queries:
        got = mpsd_handles.validate_query(text)
        assert ordered(got) == ordered(mpsd_handles._native._serde_reference(text, query=True)), text
    many = mpsd_handles.validate_many(handles)
    assert [ordered(m) for m in many] == [ordered(mpsd_handles._native._serde_reference(t)) for t in handles]
