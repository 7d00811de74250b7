"""The PySpark route (mapInArrow and validate_arrow, local mode) gives the
crate's answers on the conformance corpus, in one and in two partitions."""

import collections
import json
import os
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

sys.path.insert(0, str(Path(__file__).parent))
import validate_spark  # noqa: E402

ROOT = Path(__file__).resolve().parents[3]


def lines(path):
    return [json.loads(line) for line in (ROOT / path).read_text().splitlines()]


CORPUS = [c["text"] for c in lines("tests/conformance/corpus.jsonl")]
EXPECTED = lines("tests/conformance/corpus-expected.jsonl")


@pytest.fixture(scope="module")
def spark():
    # Spark's Python workers: this interpreter (its venv has the package),
    # and the example module shipped to them.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("mpsd-handles-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.addPyFile(validate_spark.__file__)
    yield session
    session.stop()


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    """The corpus with an id, and a null body after every tenth."""
    ids, bodies, want = [], [], []
    for i, (text, e) in enumerate(zip(CORPUS, EXPECTED)):
        ids.append(len(ids))
        bodies.append(text)
        want.append(e)
        if i % 10 == 0:
            ids.append(len(ids))
            bodies.append(None)
            want.append(None)
    path = tmp_path_factory.mktemp("spark") / "bodies.parquet"
    pq.write_table(pa.table({"id": ids, "body": bodies}), path, row_group_size=300)
    return str(path), want


@pytest.mark.parametrize("partitions", [1, 2])
def test_every_row_gets_the_crates_answer(spark, parquet, partitions):
    path, want = parquet
    frame = spark.read.parquet(path).repartition(partitions).sortWithinPartitions("id")
    # mapInArrow keeps the rows of a partition in order; ids carry them out.
    got = {}
    judged = frame.mapInArrow(
        lambda batches: (
            # flatten(): the fields, null where the struct is null.
            pa.RecordBatch.from_arrays([b.column("id"), *r.flatten()], names=["id", "valid", "kind", "errors"])
            for b in batches
            for r in [validate_spark.mpsd_handles.validate_arrow(b.column("body"))]
        ),
        f"id long, {validate_spark.RESULT}",
    )
    for row in judged.collect():
        got[row["id"]] = row
    assert len(got) == len(want)
    for i, w in enumerate(want):
        row = got[i]
        if w is None:
            # A null body's struct is null: its fields read as null.
            assert row["valid"] is None and row["errors"] is None
            continue
        assert row["valid"] == w["valid"], i
        assert row["kind"] == w["kind"], i
        assert [e.asDict() for e in row["errors"]] == [
            {k: e[k] for k in ("pointer", "code", "message")} for e in w["errors"]
        ], i


def test_violations_by_code(spark, parquet):
    path, _ = parquet
    got = {r["code"]: r["count"] for r in validate_spark.violations_by_code(spark.read.parquet(path)).collect()}
    want = collections.Counter(e["code"] for x in EXPECTED for e in x["errors"])
    assert len(want) > 10
    assert got == dict(want)


def test_refused_count(spark, parquet):
    path, _ = parquet
    results = validate_spark.validate_frame(spark.read.parquet(path))
    assert results.filter("NOT result.valid").count() == sum(not e["valid"] for e in EXPECTED)
    assert results.filter("result IS NULL").count() == len(range(0, len(CORPUS), 10))


def test_a_text_line_that_is_not_utf8_is_one_refused_row(spark, tmp_path):
    # Issue 27: Spark strings are unchecked bytes; one captured line that
    # is not UTF-8 (spark.read.text) failed the whole job ("Invalid UTF8").
    valid = next(t for t, e in zip(CORPUS, EXPECTED) if e["valid"]).replace("\n", " ")
    path = tmp_path / "captured.txt"
    path.write_bytes(valid.encode() + b"\n" + b'{"version": \xff}\n' + valid.encode() + b"\n")
    frame = spark.read.text(str(path))
    rows = validate_spark.validate_frame(frame, "value").collect()
    verdicts = [r["result"]["valid"] for r in rows]
    assert sorted(verdicts) == [False, True, True]
    refused = [r["result"] for r in rows if not r["result"]["valid"]]
    assert refused[0]["errors"][0]["code"] == "syntax_error"
