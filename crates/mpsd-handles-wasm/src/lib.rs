//! The validator for JavaScript (wasm-bindgen). The package's `index.js`
//! asks for the verdict first ([`kind_of_string`], [`kind_of_bytes`]: a
//! number, nothing built, nothing to decode), and only for an invalid body
//! for the violations ([`report_of_string`], [`report_of_bytes`]: JSON
//! text, `[{"pointer", "code", "message", "line", "column"}]`). Each takes the limits
//! (`max_bytes`, `max_depth`), which `index.js` checks. See `build.sh`.

use mpsd_handles::{HandleKind, Validator};
use wasm_bindgen::prelude::wasm_bindgen;

/// A valid body's handle type as `1 + its index in` [`HandleKind::ALL`]
/// (see [`kind_names`]); 0 for an invalid body.
fn code(kind: Option<HandleKind>) -> u32 {
    kind.and_then(|kind| HandleKind::ALL.iter().position(|&k| k == kind))
        .and_then(|index| u32::try_from(index + 1).ok())
        .unwrap_or(0)
}

/// The names of the handle types, in the order of [`kind_of_string`]'s
/// codes (code `n` is `kindNames()[n - 1]`).
#[wasm_bindgen(js_name = kindNames)]
#[must_use]
pub fn kind_names() -> Vec<String> {
    HandleKind::ALL
        .iter()
        .map(|k| k.as_str().to_owned())
        .collect()
}

/// The default byte limit.
#[wasm_bindgen(js_name = defaultMaxBytes)]
#[must_use]
pub fn default_max_bytes() -> u32 {
    u32::try_from(Validator::DEFAULT_MAX_BYTES).unwrap_or(u32::MAX)
}

/// The default nesting limit.
#[wasm_bindgen(js_name = defaultMaxDepth)]
#[must_use]
pub fn default_max_depth() -> u32 {
    u32::try_from(Validator::DEFAULT_MAX_DEPTH).unwrap_or(u32::MAX)
}

fn limits(max_bytes: u32, max_depth: u32) -> Validator {
    let size = |n: u32| usize::try_from(n).unwrap_or(usize::MAX);
    Validator::new()
        .with_max_bytes(size(max_bytes))
        .with_max_depth(size(max_depth))
}

/// The verdict on a body given as a string: its handle type's code, or 0.
#[wasm_bindgen(js_name = kindOfString)]
#[must_use]
pub fn kind_of_string(body: &str, max_bytes: u32, max_depth: u32) -> u32 {
    code(limits(max_bytes, max_depth).valid_kind(body.as_bytes()))
}

/// The verdict on a body given as UTF-8 bytes: its handle type's code, or 0.
#[wasm_bindgen(js_name = kindOfBytes)]
#[must_use]
pub fn kind_of_bytes(body: &[u8], max_bytes: u32, max_depth: u32) -> u32 {
    code(limits(max_bytes, max_depth).valid_kind(body))
}

/// The violations, as a JSON array, for a body given as a string (`[]`
/// when valid).
#[wasm_bindgen(js_name = reportOfString)]
#[must_use]
pub fn report_of_string(body: &str, max_bytes: u32, max_depth: u32) -> String {
    report(
        limits(max_bytes, max_depth).validate_str(body),
        body.as_bytes(),
    )
}

/// The violations, as a JSON array, for a body given as UTF-8 bytes (`[]`
/// when valid).
#[wasm_bindgen(js_name = reportOfBytes)]
#[must_use]
pub fn report_of_bytes(body: &[u8], max_bytes: u32, max_depth: u32) -> String {
    report(limits(max_bytes, max_depth).validate_slice(body), body)
}

/// The violations of `body`, each with where it is in it.
#[expect(
    clippy::expect_used,
    reason = "a report is pointers, codes, strings and numbers: writing it to memory cannot fail"
)]
fn report<T>(result: Result<T, mpsd_handles::Report>, body: &[u8]) -> String {
    match result {
        Ok(_) => "[]".to_owned(),
        Err(report) => {
            serde_json::to_string(&report.locate(body)).expect("a report always serializes")
        }
    }
}

/// The verdict on a query body (`POST /handles/query`) given as a string:
/// its type's code (as [`kind_of_string`]'s), or 0.
#[wasm_bindgen(js_name = queryKindOfString)]
#[must_use]
pub fn query_kind_of_string(body: &str, max_bytes: u32, max_depth: u32) -> u32 {
    code(limits(max_bytes, max_depth).valid_query_kind(body.as_bytes()))
}

/// The verdict on a query body given as UTF-8 bytes.
#[wasm_bindgen(js_name = queryKindOfBytes)]
#[must_use]
pub fn query_kind_of_bytes(body: &[u8], max_bytes: u32, max_depth: u32) -> u32 {
    code(limits(max_bytes, max_depth).valid_query_kind(body))
}

/// The violations of a query body given as a string, as a JSON array.
#[wasm_bindgen(js_name = queryReportOfString)]
#[must_use]
pub fn query_report_of_string(body: &str, max_bytes: u32, max_depth: u32) -> String {
    report(
        limits(max_bytes, max_depth).validate_query_str(body),
        body.as_bytes(),
    )
}

/// The violations of a query body given as UTF-8 bytes, as a JSON array.
#[wasm_bindgen(js_name = queryReportOfBytes)]
#[must_use]
pub fn query_report_of_bytes(body: &[u8], max_bytes: u32, max_depth: u32) -> String {
    report(
        limits(max_bytes, max_depth).validate_query_slice(body),
        body,
    )
}
