#!/usr/bin/env python3
"""The PySpark rows of the "At scale" table (docs/performance.md): rows per
second on the Parquet file benches/at_scale_data.py writes, in local mode,
with the bodies cached in 1 and then 2 partitions:

- mapInArrow + mpsd_handles.validate_arrow (the full report) and
  is_valid_arrow (the verdict), and mapInArrow doing nothing (what the
  route costs Spark);
- validate_arrow in one and two Python threads, without Spark;
- what a user would write otherwise, a Python UDF doing json.loads +
  jsonschema_rs on the package's own schema: is_valid, and the messages
  of iter_errors.

    python3 benches/at_scale_spark.py bodies.parquet

Needs pyspark, pyarrow, jsonschema-rs and the package (benches/at-scale.sh
installs them). Best of three runs each; prints a Markdown table.
"""

import json
import os
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, BooleanType, StringType

import mpsd_handles

# The PySpark example's validate_frame is the route measured.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "crates/mpsd-handles-py/spark"))
import validate_spark  # noqa: E402

SCHEMA = json.loads(mpsd_handles.schema("2020-12"))
RUNS = 3


def arrow_is_valid(batches):
    for b in batches:
        yield pa.RecordBatch.from_arrays([mpsd_handles.is_valid_arrow(b.column(0))], names=["ok"])


def arrow_nothing(batches):
    # Spark's own cost of the route: the batches in and a boolean column
    # out, no body read.
    for b in batches:
        yield pa.RecordBatch.from_arrays([pc.is_null(b.column(0))], names=["ok"])


def _validator():
    # One per Python worker, built on first use.
    global _rs
    try:
        return _rs
    except NameError:
        import jsonschema_rs

        _rs = jsonschema_rs.validator_for(SCHEMA)
        return _rs


def udf_is_valid(body):
    try:
        return _validator().is_valid(json.loads(body))
    except ValueError:
        return False


def udf_errors(body):
    try:
        value = json.loads(body)
    except ValueError as e:
        return [str(e)]
    return [e.message for e in _validator().iter_errors(value)]


def best(make):
    # A new DataFrame each run: collecting one DataFrame again reuses the
    # shuffle stages its first run materialized.
    times = []
    for _ in range(RUNS):
        frame = make()
        start = time.perf_counter()
        frame.collect()
        times.append(time.perf_counter() - start)
    return min(times)


def threads(path):
    """validate_arrow on the column read by pyarrow, in one Python thread
    and in two (each half the batches): the GIL is released while judging,
    so this is the package's own scaling, without Spark."""
    import concurrent.futures
    import pyarrow.parquet as pq

    column = pq.read_table(path, columns=["body"]).column(0).combine_chunks()
    n = len(column)
    halves = [column.slice(0, n // 2), column.slice(n // 2)]
    print("| Python, no Spark | threads | rows/s | 2 / 1 |")
    print("|---|---|---|---|")
    for name, fn in (("validate_arrow", mpsd_handles.validate_arrow), ("is_valid_arrow", mpsd_handles.is_valid_arrow)):
        one = min(_timed(lambda: fn(column)) for _ in range(RUNS))
        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            two = min(_timed(lambda: list(pool.map(fn, halves))) for _ in range(RUNS))
        print(f"| {name} | 1 | {n / one:,.0f} | |")
        print(f"| {name} | 2 | {n / two:,.0f} | {one / two:.2f}× |")
    print()


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main(path):
    threads(path)
    # Spark's Python workers run this interpreter, which has the package.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("mpsd-handles-at-scale")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "10000")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.addPyFile(validate_spark.__file__)
    routes = {
        "mapInArrow + validate_arrow": lambda f: validate_spark.validate_frame(f).agg(
            F.count(F.when(~F.col("result.valid"), 1))
        ),
        "mapInArrow + is_valid_arrow": lambda f: f.mapInArrow(arrow_is_valid, "ok boolean").agg(
            F.count(F.when(~F.col("ok"), 1))
        ),
        "mapInArrow, no validation (Spark's own cost)": lambda f: f.mapInArrow(arrow_nothing, "ok boolean").agg(
            F.count(F.when(F.col("ok"), 1))
        ),
        "UDF json.loads + jsonschema_rs is_valid": lambda f: f.select(
            F.udf(udf_is_valid, BooleanType())("body").alias("ok")
        ).agg(F.count(F.when(~F.col("ok"), 1))),
        "UDF json.loads + jsonschema_rs iter_errors": lambda f: f.select(
            F.udf(udf_errors, ArrayType(StringType()))("body").alias("e")
        ).agg(F.sum(F.size("e"))),
    }
    rows = {}
    print("| route | partitions | rows/s | rows/s per core | × the UDF |")
    print("|---|---|---|---|---|")
    for partitions in (1, 2):
        frame = spark.read.parquet(path).select("body").repartition(partitions).cache()
        n = frame.count()
        per_second = {}
        for name, route in routes.items():
            per_second[name] = n / best(lambda: route(frame))
        for name, rate in per_second.items():
            baseline = "UDF json.loads + jsonschema_rs " + ("iter_errors" if "validate" in name else "is_valid")
            ratio = f"{rate / per_second[baseline]:.1f}×" if name.startswith("mapInArrow +") else ""
            print(f"| {name} | {partitions} | {rate:,.0f} | {rate / partitions:,.0f} | {ratio} |")
            rows[(name, partitions)] = rate
        frame.unpersist()
    for name in routes:
        print(f"{name}: 2 partitions / 1 = {rows[(name, 2)] / rows[(name, 1)]:.2f}×")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
