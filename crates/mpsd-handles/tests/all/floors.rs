//! The library's modules have floors, one way only: no module uses one
//! above it, and inside the crate a name is imported from the module that
//! defines it, never through the crate root's re-exports. Read from the
//! source, so that a new `use` that breaks it fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, lowest floor first: each may use only those
/// before it.
const FLOORS: [&str; 11] = [
    "rules",
    "model",
    "report",
    "header",
    "include",
    "parse",
    "validator",
    "problem",
    "schema",
    "axum",
    "arrow",
];

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code of `text` without its comments (doc links name modules freely).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first segment of every `crate::` path in `code`, braces expanded.
fn crate_paths(code: &str) -> Vec<String> {
    let path = regex::Regex::new(r"crate::(\{[^;]*?\}|[A-Za-z_][A-Za-z0-9_]*)").unwrap();
    let mut firsts = Vec::new();
    for m in path.captures_iter(code) {
        let body = &m[1];
        if let Some(inner) = body.strip_prefix('{') {
            for part in inner.trim_end_matches('}').split(',') {
                let first = part.trim().split("::").next().unwrap_or_default();
                if !first.is_empty() {
                    firsts.push(first.trim_matches(|c| c == '{' || c == ' ').to_owned());
                }
            }
        } else {
            firsts.push(body.to_owned());
        }
    }
    firsts
}

#[test]
fn every_module_uses_only_the_floors_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let floor = |m: &str| FLOORS.iter().position(|f| *f == m);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        if rel == Path::new("lib.rs") {
            continue;
        }
        let me = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let my_floor = floor(&me).unwrap_or_else(|| panic!("{me}: add it to FLOORS"));
        for first in crate_paths(&code(&std::fs::read_to_string(&file).unwrap())) {
            match floor(&first) {
                Some(f) if f > my_floor => {
                    wrong.push(format!(
                        "{}: uses {first}, a floor above {me}",
                        rel.display()
                    ));
                }
                Some(f) if f < my_floor => {
                    edges.entry(me.clone()).or_default().insert(first);
                }
                Some(_) => {}
                None => wrong.push(format!(
                    "{}: crate::{first} goes through the crate root; import it from its module",
                    rel.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The floors are really used this way (the test reads what it thinks).
    assert!(edges["model"].contains("rules"), "{edges:?}");
    assert!(edges["validator"].contains("parse"), "{edges:?}");
    assert!(!edges.contains_key("rules"), "{edges:?}");
}
