//! Any text as a search query's `filter` and as its `orderBy`: a verdict
//! and never a panic (nesting is bounded by rule D1, so no input can
//! overflow the stack); an accepted one writes a canonical form that parses
//! back to the same tree and writes itself again; a refused one points
//! inside the text (or just past its end).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mpsd_handles::{Filter, OrderBy};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let chars = text.chars().count();
    match text.parse::<Filter>() {
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
