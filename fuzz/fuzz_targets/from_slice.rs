//! Any bytes: a verdict and never a panic; an accepted body serializes and
//! re-parses to an equal model; `from_str` agrees with `from_slice`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let result = mpsd_handles::from_slice(data);
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(mpsd_handles::from_str(text), result);
    }
    match result {
        Ok(model) => {
            let bytes = serde_json::to_vec(&model).expect("a model serializes");
            let again = mpsd_handles::from_slice(&bytes).expect("a serialized model is valid");
            assert_eq!(again, model);
        }
        Err(report) => assert!(!report.is_empty()),
    }
});
