//! What the test suites of the workspace share (a dev-dependency of the
//! library and the CLI, never published): where the repository's files
//! are, the shipped example bodies, and golden files.
#![forbid(unsafe_code)]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// The repository's root.
#[must_use]
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A file under the repository's `tests/data`.
#[must_use]
pub fn data(path: &str) -> PathBuf {
    repo().join("tests/data").join(path)
}

/// Every `.json` file under `tests/data/<dir>`, sorted.
///
/// # Panics
/// When the folder cannot be read (a test's fixture is missing).
#[must_use]
pub fn data_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(data(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Every line of a JSON-lines file (from the repository's root) parsed,
/// such as `tests/conformance/corpus-expected.jsonl`.
///
/// # Panics
/// When the file cannot be read or a line is not JSON.
#[must_use]
pub fn json_lines(path: &str) -> Vec<serde_json::Value> {
    std::fs::read_to_string(repo().join(path))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Compares `actual` with the committed file at `path` (from the
/// repository's root); `UPDATE_GOLDEN=1` (or `UPDATE_SCHEMAS=1`) rewrites
/// the file instead, and never otherwise.
///
/// # Panics
/// When the file differs from `actual`, or cannot be read or written.
pub fn golden(path: &str, actual: &str) {
    let file = repo().join(path);
    let update = ["UPDATE_GOLDEN", "UPDATE_SCHEMAS"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| x == "1"));
    if update {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{path}: {e}; run UPDATE_GOLDEN=1 cargo test --all-features"));
    assert!(
        committed == actual,
        "{path} differs from what the code writes now:\n{actual}\nrun UPDATE_GOLDEN=1 cargo test --all-features and review the diff"
    );
}
