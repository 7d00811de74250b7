#!/usr/bin/env python3
"""Validate a Parquet file of captured MPSD request bodies with PySpark,
through Arrow (``mapInArrow``): each partition's batches go to
``mpsd_handles.validate_arrow`` whole, with no Python object per row.

    python validate_spark.py bodies.parquet [column]

prints how many bodies the validator would have refused, and the
violations by code. Needs ``pip install pyspark mpsd-handles[arrow]`` and
Java 17 or later.
"""

from __future__ import annotations

import os
import sys

import pyarrow as pa

import mpsd_handles

# The Spark type of validate_arrow's answer.
RESULT = "valid boolean, kind string, errors array<struct<pointer: string, code: string, message: string>>"


def judge(column: str, query: bool = False):
    """The mapInArrow function: a batch of rows in, a batch of one struct
    column ``result`` out, row for row."""
    validate = mpsd_handles.validate_query_arrow if query else mpsd_handles.validate_arrow

    def run(batches):
        for batch in batches:
            result = validate(batch.column(column))
            yield pa.RecordBatch.from_arrays([result], names=["result"])

    return run


def validate_frame(frame, column: str = "body", query: bool = False):
    """``frame`` with its ``column`` of bodies replaced by ``result``, the
    validator's answer for each row (null for a null body)."""
    return frame.select(column).mapInArrow(judge(column, query), f"result struct<{RESULT}>")


def violations_by_code(frame, column: str = "body"):
    """The number of violations of each code, most frequent first."""
    from pyspark.sql import functions as F

    errors = validate_frame(frame, column).select(F.explode("result.errors").alias("e"))
    return errors.groupBy(F.col("e.code").alias("code")).count().orderBy(F.desc("count"), "code")


def main(argv: list[str]) -> int:
    from pyspark.sql import SparkSession

    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    column = argv[2] if len(argv) > 2 else "body"
    # Spark's Python workers run this interpreter, which has the package.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = SparkSession.builder.master("local[*]").appName("mpsd-handles").getOrCreate()
    try:
        frame = spark.read.parquet(argv[1])
        results = validate_frame(frame, column)
        refused = results.filter("NOT result.valid").count()
        print(f"{frame.count()} bodies, {refused} refused")
        violations_by_code(frame, column).show(100, truncate=False)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
