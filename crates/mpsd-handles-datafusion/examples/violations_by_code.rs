//! "What would the validator have refused, by rule?" over a Parquet file
//! of captured `POST /handles` bodies, with SQL.
//!
//! ```sh
//! cargo run -p mpsd-handles-datafusion --example violations_by_code -- bodies.parquet [column]
//! ```
//!
//! With no file, it writes the repository's conformance corpus (1031
//! bodies) to a Parquet file in the temporary folder and reads that.
#![allow(clippy::print_stdout)]

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::error::{DataFusionError, Result};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use mpsd_handles::Validator;

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let file = match args.next() {
        Some(file) => file,
        None => corpus_parquet()?,
    };
    let column = args.next().unwrap_or_else(|| "body".to_owned());

    let ctx = SessionContext::new();
    mpsd_handles_datafusion::register(&ctx, Validator::new());
    ctx.register_parquet("captured", &file, ParquetReadOptions::default())
        .await?;
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

/// Writes the conformance corpus's bodies to a Parquet file; its path.
fn corpus_parquet() -> Result<String> {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let corpus = std::fs::read_to_string(repo.join("tests/conformance/corpus.jsonl"))?;
    let mut bodies = Vec::new();
    for line in corpus.lines() {
        let row: serde_json::Value =
            serde_json::from_str(line).map_err(|e| DataFusionError::External(Box::new(e)))?;
        bodies.push(row.get("text").and_then(|t| t.as_str()).map(str::to_owned));
    }
    let schema = Arc::new(Schema::new(vec![Field::new("body", DataType::Utf8, true)]));
    let batch = RecordBatch::try_new(schema.clone(), vec![Arc::new(StringArray::from(bodies))])?;
    let path = std::env::temp_dir().join("mpsd-handles-corpus.parquet");
    let mut writer = ArrowWriter::try_new(std::fs::File::create(&path)?, schema, None)?;
    writer.write(&batch)?;
    writer.close()?;
    println!("{}: the conformance corpus", path.display());
    Ok(path.display().to_string())
}
