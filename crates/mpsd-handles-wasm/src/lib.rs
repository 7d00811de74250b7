//! The validator for JavaScript (wasm-bindgen): each function answers JSON
//! text, `{"valid", "kind", "errors": [{"pointer", "code", "message"}]}`,
//! which the package's `index.js` parses (see `build.sh`).

use wasm_bindgen::prelude::wasm_bindgen;

/// The answer for one body, as JSON text.
fn answer(result: Result<mpsd_handles::HandleRequest, mpsd_handles::Report>) -> String {
    let value = match result {
        Ok(request) => serde_json::json!({
            "valid": true, "kind": request.kind().as_str(), "errors": []
        }),
        Err(report) => serde_json::json!({
            "valid": false, "kind": null, "errors": report.violations()
        }),
    };
    value.to_string()
}

/// Validates a body given as UTF-8 bytes.
#[wasm_bindgen(js_name = validateBytes)]
#[must_use]
pub fn validate_bytes(body: &[u8]) -> String {
    answer(mpsd_handles::from_slice(body))
}

/// Validates a body given as a string.
#[wasm_bindgen(js_name = validateString)]
#[must_use]
pub fn validate_string(body: &str) -> String {
    answer(mpsd_handles::from_str(body))
}

/// Whether a body given as UTF-8 bytes is valid (stops at the first violation).
#[wasm_bindgen(js_name = isValid)]
#[must_use]
pub fn is_valid(body: &[u8]) -> bool {
    mpsd_handles::is_valid(body)
}
