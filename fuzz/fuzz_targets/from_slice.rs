//! Any bytes: a verdict and never a panic; an accepted body serializes and
//! re-parses to an equal model; `from_str` agrees with `from_slice`, and
//! `valid_kind` (the verdict-only walk) with both; every violation of a
//! refused body is placed inside it, at the line and column counted afresh.
#![no_main]
// A fuzz target is an oracle: it panics when an invariant breaks.
#![allow(clippy::panic, clippy::expect_used, clippy::indexing_slicing)]
// The oracle counts lines the plain way, as a reader would check them.
#![allow(clippy::naive_bytecount)]

use libfuzzer_sys::fuzz_target;
use mpsd_handles::Code;

fuzz_target!(|data: &[u8]| {
    let result = mpsd_handles::from_slice(data);
    assert_eq!(
        mpsd_handles::Validator::new().valid_kind(data),
        result.as_ref().ok().map(mpsd_handles::HandleRequest::kind)
    );
    if let Ok(text) = std::str::from_utf8(data) {
        assert_eq!(mpsd_handles::from_str(text), result);
    }
    match result {
        Ok(model) => {
            let bytes = serde_json::to_vec(&model).expect("a model serializes");
            let again = mpsd_handles::from_slice(&bytes).expect("a serialized model is valid");
            assert_eq!(again, model);
        }
        Err(report) => {
            // Sorted; a syntax error or limit breach alone; nothing that
            // could forge a line in any message.
            let v = report.violations();
            assert!(
                v.windows(2)
                    .all(|p| (&p[0].pointer(), p[0].code()) <= (&p[1].pointer(), p[1].code()))
            );
            let fatal = |c| matches!(c, Code::SyntaxError | Code::BodyTooLarge | Code::TooDeep);
            assert!(v.len() == 1 || !v.iter().any(|x| fatal(x.code())));
            assert!(
                v.iter()
                    .all(|x| !x.message().to_string().chars().any(char::is_control))
            );
            assert_eq!(report.to_string().lines().count(), v.len());
            // Every violation is placed inside the body, and a syntax error
            // or a limit (found without the text) is always placed.
            for located in report.locate(data) {
                if let Some(at) = located.location() {
                    let bytes = at.byte_range();
                    assert!(bytes.start <= bytes.end && bytes.end <= data.len());
                    // The line and column, counted afresh from the start
                    // (locate counts them in one sweep for all).
                    let before = &data[..bytes.start];
                    let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
                    let line_start = before
                        .iter()
                        .rposition(|&b| b == b'\n')
                        .map_or(0, |i| i + 1);
                    let column = 1 + before[line_start..]
                        .iter()
                        .filter(|&&b| b & 0xC0 != 0x80)
                        .count();
                    assert_eq!((at.line(), at.column()), (line, column));
                } else {
                    assert!(located.violation().code() != Code::SyntaxError);
                }
            }
        }
    }
});
