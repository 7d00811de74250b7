//! "What would the validator have refused, by rule?" over a Parquet file
//! of captured `POST /handles` bodies, with SQL.
//!
//! ```sh
//! cargo run -p mpsd-handles-datafusion --example violations_by_code -- bodies.parquet [column]
//! ```
//!
//! With no file, it reads the repository's conformance corpus (1031
//! bodies) as an in-memory table (it wrote a fixed path in the temporary
//! folder once: a symlink there was followed, concurrent runs clobbered).
#![allow(clippy::print_stdout)]

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use mpsd_handles::Validator;

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let file = args.next();
    let column = args.next().unwrap_or_else(|| "body".to_owned());

    let ctx = SessionContext::new();
    mpsd_handles_datafusion::register(&ctx, Validator::new());
    if let Some(file) = file {
        ctx.register_parquet("captured", &file, ParquetReadOptions::default())
            .await?;
    } else {
        ctx.register_batch("captured", corpus()?)?;
        println!("the conformance corpus");
    }
    // The query reads a table `bodies` with a column `body`.
    let quoted = column.replace('"', "\"\"");
    ctx.sql(&format!(
        r#"CREATE VIEW bodies AS SELECT "{quoted}" AS body FROM captured"#
    ))
    .await?;
    ctx.sql("SELECT count(*) AS bodies, count(*) FILTER (WHERE NOT mpsd_is_valid(body)) AS refused FROM bodies")
        .await?
        .show()
        .await?;
    ctx.sql(mpsd_handles_datafusion::VIOLATIONS_BY_CODE)
        .await?
        .show()
        .await?;
    Ok(())
}

/// The conformance corpus's bodies, a column `body`.
fn corpus() -> Result<RecordBatch> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = std::fs::read_to_string(repo.join("tests/conformance/corpus.jsonl"))?;
    let mut bodies = Vec::new();
    for line in corpus.lines() {
        let row: serde_json::Value =
            serde_json::from_str(line).map_err(|e| DataFusionError::External(Box::new(e)))?;
        bodies.push(row.get("text").and_then(|t| t.as_str()).map(str::to_owned));
    }
    let schema = Arc::new(Schema::new(vec![Field::new("body", DataType::Utf8, true)]));
    Ok(RecordBatch::try_new(
        schema,
        vec![Arc::new(StringArray::from(bodies))],
    )?)
}
