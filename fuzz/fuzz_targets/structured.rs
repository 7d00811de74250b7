//! `arbitrary` models (valid by construction): serialize, then the validator
//! accepts the body and gives back an equal model, which serializes to the
//! same bytes.
#![no_main]
// A fuzz target is an oracle: it panics when an invariant breaks.
#![allow(clippy::panic, clippy::expect_used, clippy::indexing_slicing)]

use libfuzzer_sys::fuzz_target;
use mpsd_handles::HandleRequest;

fuzz_target!(|model: HandleRequest| {
    let bytes = serde_json::to_vec(&model).expect("a model serializes");
    let parsed = match mpsd_handles::from_slice(&bytes) {
        Ok(parsed) => parsed,
        Err(report) => panic!("{}\n{report}", String::from_utf8_lossy(&bytes)),
    };
    assert_eq!(parsed, model);
    assert_eq!(
        serde_json::to_vec(&parsed).expect("a model serializes"),
        bytes
    );
});
