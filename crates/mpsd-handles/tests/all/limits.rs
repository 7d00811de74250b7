//! docs/rules.md §4 limits: body size and nesting depth.

use mpsd_handles::{Code, Validator};

fn nested(depth: usize) -> String {
    format!(
        "{{\"x\":{}1{}}}",
        "[".repeat(depth - 1),
        "]".repeat(depth - 1)
    )
}

#[test]
fn default_limits() {
    let limits = Validator::new();
    assert_eq!((limits.max_bytes(), limits.max_depth()), (65_536, 32));
}

#[test]
fn body_size() {
    let pad = " ".repeat(65_537);
    let report = mpsd_handles::from_str(&pad).unwrap_err();
    assert_eq!(report.violations()[0].code(), Code::BodyTooLarge);
    let ok = Validator::new()
        .with_max_bytes(1 << 20)
        .validate_str(&pad)
        .unwrap_err();
    assert_eq!(ok.violations()[0].code(), Code::SyntaxError);
}

#[test]
fn depth_at_and_past_the_limit() {
    // depth 32: the unknown member is reported, not the depth.
    let report = mpsd_handles::from_str(&nested(32)).unwrap_err();
    assert!(!report.has(Code::TooDeep), "{report}");
    let report = mpsd_handles::from_str(&nested(33)).unwrap_err();
    assert_eq!(report.len(), 1);
    assert_eq!(report.violations()[0].code(), Code::TooDeep);
    let value: serde_json::Value = serde_json::from_str(&nested(33)).unwrap();
    assert_eq!(mpsd_handles::from_value(&value).unwrap_err(), report);
    let shallow = Validator::new().with_max_depth(2);
    assert!(
        shallow
            .validate_str(&nested(3))
            .unwrap_err()
            .has(Code::TooDeep)
    );
}

#[test]
fn very_deep_input_is_an_error_not_a_crash() {
    for open in ["[", "{\"a\":"] {
        let text = open.repeat(200_000);
        let limits = Validator::new()
            .with_max_bytes(usize::MAX)
            .with_max_depth(usize::MAX);
        let report = limits.validate_str(&text).unwrap_err();
        assert_eq!(report.len(), 1);
        assert_eq!(report.violations()[0].code(), Code::TooDeep, "{report}");
    }
}
