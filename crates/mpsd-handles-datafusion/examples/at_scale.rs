//! Rows per second on a Parquet file of bodies (column `body`), for the
//! "At scale" table in docs/performance.md (`benches/at-scale.sh` runs it).
//!
//! ```sh
//! cargo run --release -p mpsd-handles-datafusion --example at_scale -- bodies.parquet
//! ```
//!
//! Prints one tab-separated line per measure (name, rows, best seconds of
//! three, rows per second): the Arrow API on one core against per-row
//! serde skims in the same run, then DataFusion SQL in 1 and 2 partitions
//! against a scan that reads every body and judges none.
#![allow(clippy::print_stdout, clippy::cast_precision_loss)]

use std::time::{Duration, Instant};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use mpsd_handles::Validator;
use serde::de::IgnoredAny;

const RUNS: usize = 3;

/// The rows `f` counts and its best time of [`RUNS`].
async fn best(mut f: impl AsyncFnMut() -> Result<usize>) -> Result<(usize, Duration)> {
    let mut best = Duration::MAX;
    let mut rows = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        rows = f().await?;
        best = best.min(start.elapsed());
    }
    Ok((rows, best))
}

fn report(name: &str, (rows, took): (usize, Duration)) {
    let per_second = rows as f64 / took.as_secs_f64();
    println!("{name}\t{rows}\t{:.3}\t{per_second:.0}", took.as_secs_f64());
}

/// Calls `f` with every body of every batch.
fn each_body(batches: &[RecordBatch], mut f: impl FnMut(&[u8])) -> Result<usize> {
    let mut rows = 0;
    for batch in batches {
        let column = batch
            .column_by_name("body")
            .ok_or_else(|| DataFusionError::Plan("no column `body`".into()))?;
        let bodies = column.as_string_view_opt().ok_or_else(|| {
            DataFusionError::Plan(format!("`body` is {}, not Utf8View", column.data_type()))
        })?;
        for body in bodies.iter().flatten() {
            f(body.as_bytes());
        }
        rows += column.len();
    }
    Ok(rows)
}

#[tokio::main]
async fn main() -> Result<()> {
    let file = std::env::args()
        .nth(1)
        .ok_or_else(|| DataFusionError::Plan("usage: at_scale <bodies.parquet>".into()))?;
    arrow_api(&file).await?;
    sql(&file).await
}

/// The Arrow API, one core, on batches already in memory, against per-row
/// calls and serde skims.
async fn arrow_api(file: &str) -> Result<()> {
    let validator = Validator::new();
    let batches = SessionContext::new()
        .read_parquet(file, ParquetReadOptions::default())
        .await?
        .collect()
        .await?;
    let column = |b: &RecordBatch| b.column_by_name("body").cloned();
    let arrow = async |f: fn(&Validator, &dyn Array) -> bool| {
        best(async || {
            let mut rows = 0;
            for b in &batches {
                if let Some(c) = column(b) {
                    rows += c.len();
                    std::hint::black_box(f(&validator, &c));
                }
            }
            Ok(rows)
        })
        .await
    };
    report(
        "arrow validate_array",
        arrow(|v, c| mpsd_handles::arrow::validate_array(v, c).is_ok()).await?,
    );
    report(
        "arrow is_valid_array",
        arrow(|v, c| mpsd_handles::arrow::is_valid_array(v, c).is_ok()).await?,
    );
    report(
        "per row: Validator::is_valid",
        best(async || {
            each_body(&batches, |b| {
                std::hint::black_box(validator.is_valid(b));
            })
        })
        .await?,
    );
    report(
        "per row: serde_json::from_slice::<IgnoredAny> (skim)",
        best(async || {
            each_body(&batches, |b| {
                drop(std::hint::black_box(serde_json::from_slice::<IgnoredAny>(
                    b,
                )));
            })
        })
        .await?,
    );
    report(
        "per row: serde_json::from_slice::<Value>",
        best(async || {
            each_body(&batches, |b| {
                drop(std::hint::black_box(serde_json::from_slice::<
                    serde_json::Value,
                >(b)));
            })
        })
        .await?,
    );
    Ok(())
}

/// The first column of the first row a query answers: the rows it counted.
async fn count(ctx: &SessionContext, query: &str) -> Result<usize> {
    let out = ctx.sql(query).await?.collect().await?;
    Ok(out
        .first()
        .and_then(|b| {
            b.column(0)
                .as_primitive_opt::<datafusion::arrow::datatypes::Int64Type>()
                .map(|c| c.value(0))
        })
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0))
}

/// DataFusion SQL over the Parquet file, in 1 and 2 partitions, against a
/// scan that reads every body.
async fn sql(file: &str) -> Result<()> {
    let validator = Validator::new();
    for partitions in [1, 2] {
        let ctx = SessionContext::new_with_config(
            SessionConfig::new().with_target_partitions(partitions),
        );
        mpsd_handles_datafusion::register(&ctx, validator);
        ctx.register_parquet("bodies", file, ParquetReadOptions::default())
            .await?;
        let sql = async |q: &str| best(async || count(&ctx, q).await).await;
        report(
            &format!("sql scan, {partitions} partition(s): sum(octet_length(body))"),
            sql("SELECT count(*), sum(octet_length(body)) FROM bodies").await?,
        );
        report(
            &format!("sql mpsd_is_valid, {partitions} partition(s)"),
            sql("SELECT count(*), count(*) FILTER (WHERE mpsd_is_valid(body)) FROM bodies").await?,
        );
        report(
            &format!("sql mpsd_validate, {partitions} partition(s)"),
            sql(
                "SELECT count(*), count(*) FILTER (WHERE mpsd_validate(body)['valid']) FROM bodies",
            )
            .await?,
        );
    }
    Ok(())
}
