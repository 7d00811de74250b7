#!/usr/bin/env bash
# The "At scale" table (docs/performance.md): rows per second on the same
# N generated bodies (nine valid to one invalid, default 1 000 000) through
# the Rust Arrow API (one core, against per-row serde skims), DataFusion SQL
# (1 and 2 partitions, against a scan) and PySpark (mapInArrow +
# validate_arrow against a json.loads + jsonschema_rs UDF, 1 and 2
# partitions). Not a test: numbers depend on the machine.
#   benches/at-scale.sh              N=1000000 by default
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000000}
venv=target/at-scale-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  -r crates/mpsd-handles-py/tests/requirements.txt -r crates/mpsd-handles-py/spark/requirements.txt \
  "$(grep jsonschema-rs benches/requirements-python.txt)"
"$venv/bin/pip" install --quiet --disable-pip-version-check ./crates/mpsd-handles-py
cargo build --quiet --release -p mpsd-handles-datafusion --example at_scale
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$venv/bin/python" benches/at_scale_data.py "$data/bodies.parquet" "$N"
echo
echo "Rust (name, rows, best seconds of 3, rows/s):"
"$(.ci/target-dir)/release/examples/at_scale" "$data/bodies.parquet"
echo
echo "PySpark:"
"$venv/bin/python" benches/at_scale_spark.py "$data/bodies.parquet"
