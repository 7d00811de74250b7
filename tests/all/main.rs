//! The integration tests, one binary: each file is one concern.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::needless_pass_by_value,
    missing_docs
)]

mod cli;
mod common;
mod context;
mod fields;
mod limits;
mod readme;
mod seed;
