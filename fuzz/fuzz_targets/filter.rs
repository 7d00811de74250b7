//! Any text as a search query's `filter` and as its `orderBy`: a verdict
//! and never a panic (nesting is bounded by rule D1, so no input can
//! overflow the stack); an accepted one writes a canonical form that parses
//! back to the same tree and writes itself again; a refused one points
//! inside the text (or just past its end); the validator's check (no
//! tree) agrees with the parser.
#![no_main]
// A fuzz target is an oracle: it panics when an invariant breaks.
#![allow(clippy::panic, clippy::expect_used, clippy::indexing_slicing)]

use libfuzzer_sys::fuzz_target;
use mpsd_handles::model::{Filter, OrderBy};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let chars = text.chars().count();
    // The validator checks a filter without building its tree: it agrees
    // with the parser, message for message.
    let body = serde_json::json!({"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
        "templateName": "lfg", "global": true, "filter": text});
    let checked = mpsd_handles::query_from_value(&body);
    let parsed = text.parse::<Filter>();
    match (&checked, &parsed) {
        (Ok(mpsd_handles::HandleQuery::Search(q)), Ok(tree)) => {
            assert_eq!(q.filter.as_ref(), Some(tree));
        }
        (Err(report), Err(e)) => {
            let message = report.violations()[0].message().to_string();
            assert!(message.contains(&e.to_string()), "{message} / {e}");
        }
        _ => panic!("the check and the parser disagree on {text:?}"),
    }
    match parsed {
        Ok(filter) => {
            let canonical = filter.to_string();
            let again: Filter = canonical.parse().expect("the canonical form parses");
            assert_eq!(again, filter, "{canonical}");
            assert_eq!(again.to_string(), canonical);
        }
        Err(e) => assert!(e.offset() <= chars, "{e} in {chars} characters"),
    }
    match text.parse::<OrderBy>() {
        Ok(order) => {
            let canonical = order.to_string();
            assert_eq!(canonical.parse::<OrderBy>().expect("parses"), order);
        }
        Err(e) => assert!(e.offset() <= chars, "{e} in {chars} characters"),
    }
});
