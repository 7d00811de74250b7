//! The integration tests, one binary: each file is one concern.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value,
    clippy::too_many_lines,
    missing_docs
)]

#[cfg(feature = "arrow")]
mod arrow;
mod common;
mod context;
#[cfg(feature = "jsonschema")]
mod corpus;
#[cfg(feature = "jsonschema")]
mod corpus_values;
#[cfg(feature = "jsonschema")]
mod differential;
mod endpoint;
mod fields;
mod filter_props;
mod floors;
mod hostile;
mod kinds;
#[cfg(feature = "axum")]
mod layer;
mod limits;
mod locate;
mod members;
mod mutations;
mod properties;
mod query;
mod query_filters;
#[cfg(feature = "jsonschema")]
mod query_schema;
mod readme;
#[cfg(feature = "jsonschema")]
mod schema;
mod seed;
#[cfg(feature = "axum")]
mod service;
mod strategies;
mod verdict;
