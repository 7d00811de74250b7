"""validate_arrow and its kin give the crate's answers on the conformance
corpora, for every string and binary Arrow type, from pyarrow and polars,
and refuse what is not a well-formed column of bodies."""

import json
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest

import mpsd_handles

ROOT = Path(__file__).resolve().parents[3]


def lines(path):
    return [json.loads(line) for line in (ROOT / path).read_text().splitlines()]


HANDLES = [c["text"] for c in lines("tests/conformance/corpus.jsonl")]
HANDLES_EXPECTED = lines("tests/conformance/corpus-expected.jsonl")
QUERIES_EXPECTED = lines("tests/conformance/query-expected.jsonl")
QUERIES = [e["text"] for e in QUERIES_EXPECTED]

TYPES = [pa.string(), pa.large_string(), pa.string_view(), pa.binary(), pa.large_binary(), pa.binary_view()]


def with_nulls(texts, expected):
    """A null after every tenth body, as the expectation None."""
    rows, want = [], []
    for i, (t, e) in enumerate(zip(texts, expected)):
        rows.append(t)
        want.append(e)
        if i % 10 == 0:
            rows.append(None)
            want.append(None)
    return rows, want


def column(rows, type_):
    if pa.types.is_binary(type_) or pa.types.is_large_binary(type_) or pa.types.is_binary_view(type_):
        rows = [None if r is None else r.encode() for r in rows]
    return pa.array(rows, type=type_)


def check(results, verdicts, want):
    assert len(results) == len(want) == len(verdicts)
    for got, ok, w in zip(results.to_pylist(), verdicts.to_pylist(), want):
        if w is None:
            assert got is None and ok is None
            continue
        assert ok == w["valid"]
        assert got["valid"] == w["valid"]
        assert got["kind"] == w["kind"]
        assert got["errors"] == [{k: e[k] for k in ("pointer", "code", "message")} for e in w["errors"]]


@pytest.mark.parametrize("type_", TYPES, ids=str)
def test_handles_in_every_column_type(type_):
    rows, want = with_nulls(HANDLES, HANDLES_EXPECTED)
    bodies = column(rows, type_)
    results = mpsd_handles.validate_arrow(bodies)
    assert isinstance(results, pa.StructArray)
    assert results.type.names == ["valid", "kind", "errors"]
    check(results, mpsd_handles.is_valid_arrow(bodies), want)


@pytest.mark.parametrize("type_", TYPES, ids=str)
def test_queries_in_every_column_type(type_):
    rows, want = with_nulls(QUERIES, QUERIES_EXPECTED)
    bodies = column(rows, type_)
    check(mpsd_handles.validate_query_arrow(bodies), mpsd_handles.is_valid_query_arrow(bodies), want)


def test_a_chunked_array_gives_a_chunked_array():
    rows, want = with_nulls(HANDLES, HANDLES_EXPECTED)
    chunked = pa.chunked_array([pa.array(rows[:500]), pa.array(rows[500:])])
    results = mpsd_handles.validate_arrow(chunked)
    assert isinstance(results, pa.ChunkedArray)
    assert [len(c) for c in results.chunks] == [500, len(rows) - 500]
    check(results, mpsd_handles.is_valid_arrow(chunked), want)


def test_an_empty_stream():
    results = mpsd_handles.validate_arrow(pa.chunked_array([], type=pa.string()))
    assert isinstance(results, pa.ChunkedArray) and len(results) == 0
    assert results.type.names == ["valid", "kind", "errors"]


def test_a_dictionary_column():
    # As Parquet readers and polars Categorical give: each row's value.
    rows, want = with_nulls(HANDLES, HANDLES_EXPECTED)
    bodies = pa.array(rows).dictionary_encode()
    assert pa.types.is_dictionary(bodies.type)
    check(mpsd_handles.validate_arrow(bodies), mpsd_handles.is_valid_arrow(bodies), want)
    categorical = pl.Series("body", HANDLES, dtype=pl.Categorical)
    got = mpsd_handles.is_valid_arrow(categorical).to_pylist()
    assert got == [e["valid"] for e in HANDLES_EXPECTED]


def test_a_slice_is_judged_as_sliced():
    bodies = pa.array(HANDLES)
    got = mpsd_handles.is_valid_arrow(bodies.slice(100, 50)).to_pylist()
    assert got == [e["valid"] for e in HANDLES_EXPECTED[100:150]]


@pytest.mark.parametrize("type_", TYPES, ids=str)
def test_empty_slices_anywhere(type_):
    # An empty slice past the first row: arrow-rs imports it with an empty
    # values buffer, which its full check called malformed.
    bodies = column(["{}", '{"version": 1}', None], type_)
    for start in range(4):
        assert mpsd_handles.is_valid_arrow(bodies.slice(start, 0)).to_pylist() == []
        assert len(mpsd_handles.validate_arrow(bodies.slice(start, 0))) == 0
    chunks = pa.chunked_array([bodies.slice(1, 0), bodies.slice(1, 1), bodies.slice(3, 0)])
    assert mpsd_handles.is_valid_arrow(chunks).to_pylist() == [False]


def test_polars_series_and_dataframe():
    series = pl.Series("body", HANDLES)
    results = mpsd_handles.validate_arrow(series)
    back = pl.from_arrow(results)
    assert back.struct.field("valid").to_list() == [e["valid"] for e in HANDLES_EXPECTED]
    # In a query: a column of verdicts, through map_batches.
    frame = pl.DataFrame({"body": HANDLES}).with_columns(
        pl.col("body")
        .map_batches(lambda s: pl.from_arrow(mpsd_handles.is_valid_arrow(s)), return_dtype=pl.Boolean)
        .alias("ok")
    )
    assert frame["ok"].sum() == sum(e["valid"] for e in HANDLES_EXPECTED)


def test_limits_apply():
    bodies = pa.array([HANDLES[0]])
    assert mpsd_handles.is_valid_arrow(bodies).to_pylist() == [True]
    assert mpsd_handles.is_valid_arrow(bodies, max_bytes=10).to_pylist() == [False]
    got = mpsd_handles.validate_arrow(bodies, max_bytes=10).to_pylist()
    assert got[0]["errors"][0]["code"] == "body_too_large"
    with pytest.raises(TypeError):
        mpsd_handles.validate_arrow(bodies, max_bytes=True)


def test_other_types_are_a_value_error():
    with pytest.raises(ValueError, match="Int64"):
        mpsd_handles.validate_arrow(pa.array([1, 2]))
    with pytest.raises(TypeError, match="an Arrow array or stream"):
        mpsd_handles.validate_arrow([b"{}"])
    with pytest.raises(TypeError, match="not bytes"):
        mpsd_handles.validate_arrow(b"{}")


def test_offsets_that_go_back_are_refused_not_read():
    # Offsets [0, 2, 1]: the second string would end before it starts, and
    # the first past the data the last offset says there is. pyarrow's
    # from_buffers (its cheap validation) takes it; the package refuses it.
    offsets = pa.py_buffer(b"".join(i.to_bytes(4, "little") for i in (0, 2, 1)))
    lying = pa.Array.from_buffers(pa.string(), 2, [None, offsets, pa.py_buffer(b"{}")])
    with pytest.raises(ValueError, match="not a well-formed Arrow array"):
        mpsd_handles.validate_arrow(lying)
    with pytest.raises(ValueError, match="not a well-formed Arrow array"):
        mpsd_handles.is_valid_arrow(pa.chunked_array([lying]))


def test_a_string_column_that_is_not_utf8_is_judged_row_by_row():
    # Issue 27: Spark strings are unchecked bytes; one row that is not
    # UTF-8 refused the whole column. It is judged as the same bytes in a
    # binary column are: a syntax error for that row, the others as ever.
    valid = HANDLES[[e["valid"] for e in HANDLES_EXPECTED].index(True)].encode()
    data = b"\xff{" + valid
    offsets = b"".join(i.to_bytes(4, "little") for i in (0, 2, 2 + len(valid)))
    bad = pa.Array.from_buffers(pa.string(), 2, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    got = mpsd_handles.validate_arrow(bad).to_pylist()
    assert got[0]["valid"] is False and got[0]["errors"][0]["code"] == "syntax_error"
    assert got[1]["valid"] is True
    assert got == mpsd_handles.validate_arrow(pa.array([b"\xff{", valid])).to_pylist()
    assert mpsd_handles.is_valid_arrow(pa.chunked_array([bad])).to_pylist() == [False, True]


def test_polars_binary_and_binary_view():
    # Issue 27: Polars Binary is exported as binary_view, which was refused.
    rows, want = with_nulls(HANDLES, HANDLES_EXPECTED)
    encoded = [None if r is None else r.encode() for r in rows]
    series = pl.Series("body", encoded, dtype=pl.Binary)
    check(
        mpsd_handles.validate_arrow(series),
        mpsd_handles.is_valid_arrow(series),
        want,
    )
    frame = pl.DataFrame({"body": encoded})
    out = frame.select(pl.col("body").map_batches(lambda s: pl.from_arrow(mpsd_handles.is_valid_arrow(s))))
    assert out["body"].to_list() == [None if w is None else w["valid"] for w in want]


def test_a_null_row_is_null_in_every_field():
    # Issue 27: .field("valid") of a null row was False.
    out = mpsd_handles.validate_arrow(pa.array([None, "{}"]))
    assert out.field("valid").to_pylist() == [None, False]
    assert out.field("errors").to_pylist()[0] is None


def test_a_capsule_used_twice_is_a_value_error():
    # Issue 27: the second import of a consumed capsule was a PanicException
    # (not an Exception subclass: `except Exception` missed it).
    capsules = pa.array(["{}"]).__arrow_c_array__()

    class Twice:
        def __arrow_c_array__(self, requested_schema=None):
            return capsules

    assert mpsd_handles.is_valid_arrow(Twice()).to_pylist() == [False]
    with pytest.raises(ValueError, match="capsule"):
        mpsd_handles.is_valid_arrow(Twice())


def test_another_thread_rewriting_the_buffers_changes_nothing_read():
    # Issue 27: with the GIL released, another thread could rewrite a
    # bytearray-backed array's offsets after they were checked: SIGSEGV
    # within seconds. The column is copied with the GIL held; what is
    # judged is what was checked.
    import threading

    body = HANDLES[[e["valid"] for e in HANDLES_EXPECTED].index(True)].encode()
    rows = 20_000
    data = body * rows
    good = b"".join((i * len(body)).to_bytes(4, "little") for i in range(rows + 1))
    hostile = b"".join(((0x7FFFFFF0 if i % 2 else i * len(body))).to_bytes(4, "little") for i in range(rows + 1))
    offsets = bytearray(good)
    array = pa.Array.from_buffers(pa.binary(), rows, [None, pa.py_buffer(offsets), pa.py_buffer(data)])
    stop = threading.Event()

    def flip():
        while not stop.is_set():
            offsets[:] = hostile
            offsets[:] = good

    writer = threading.Thread(target=flip)
    writer.start()
    try:
        for _ in range(30):
            try:
                out = mpsd_handles.is_valid_arrow(array).to_pylist()
            except ValueError as e:
                assert "not a well-formed Arrow array" in str(e)
                continue
            assert out == [True] * rows
    finally:
        stop.set()
        writer.join()


class Liar:
    """Claims to be an Arrow array and is not."""

    def __arrow_c_array__(self, requested_schema=None):
        return ("not", "capsules")


class Raiser:
    def __arrow_c_stream__(self, requested_schema=None):
        raise RuntimeError("producer failed")


def test_objects_that_lie_about_arrow():
    with pytest.raises((TypeError, ValueError)):
        mpsd_handles.validate_arrow(Liar())
    with pytest.raises((RuntimeError, TypeError, ValueError)):
        mpsd_handles.validate_arrow(Raiser())


@pytest.mark.parametrize("type_", [pa.string(), pa.large_binary()], ids=str)
def test_slices_are_judged_as_their_rows(type_):
    # The column is copied before it is judged; a slice is copied as its
    # own rows (offsets rebased, nulls included), so judging a large column
    # slice by slice costs the column once, not once per slice.
    rows, want = with_nulls(HANDLES, HANDLES_EXPECTED)
    whole = column(rows, type_)
    for start, length in [(0, 5), (7, 30), (len(rows) - 3, 3), (100, 0)]:
        part = whole.slice(start, length)
        check(mpsd_handles.validate_arrow(part), mpsd_handles.is_valid_arrow(part), want[start:start + length])
