//! The seed document's own two examples: verbatim they are not JSON.

use crate::common::data;

#[test]
fn verbatim_examples_are_syntax_errors_with_position() {
    for (file, position) in [
        ("seed/activity-verbatim.json", "line 7 column 5"),
        ("seed/invite-verbatim.json", "line 2 column 3"),
    ] {
        let bytes = std::fs::read(data(file)).unwrap();
        let report = mpsd_handles::from_slice(&bytes).unwrap_err();
        assert_eq!(report.len(), 1, "{file}");
        let v = &report.violations()[0];
        assert_eq!(
            (v.pointer().as_str(), v.code().as_str()),
            ("", "syntax_error"),
            "{file}"
        );
        assert!(
            v.message().to_string().contains(position),
            "{file}: {}",
            v.message()
        );
    }
}

#[test]
fn corrected_examples_are_valid() {
    for (file, kind) in [
        ("seed/activity-corrected.json", "activity"),
        ("seed/invite-corrected.json", "invite"),
    ] {
        let bytes = std::fs::read(data(file)).unwrap();
        let request = mpsd_handles::from_slice(&bytes).unwrap_or_else(|r| panic!("{file}: {r}"));
        assert_eq!(request.kind().as_str(), kind);
    }
}

#[test]
fn other_non_json() {
    use mpsd_handles::SyntaxCategory::{Eof, LoneSurrogate, NotUtf8, Syntax};
    // The text, what kind of error it is, and where reading stopped.
    let cases = [
        ("", Eof, 1, 1),
        (" ", Eof, 1, 1),
        ("{", Eof, 1, 1),
        ("{\"version\":1,}", Syntax, 1, 14),
        ("{'version':1}", Syntax, 1, 2),
        ("{\"a\":1}x", Syntax, 1, 8),
        ("NaN", Syntax, 1, 1),
        ("{\"a\":01}", Syntax, 1, 7),
        ("{\"a\":\"\\ud800\"}", LoneSurrogate, 1, 7),
        ("{\n\u{e9}\"a\":1}", Syntax, 2, 1),
    ];
    for (text, category, line, column) in cases {
        let report = mpsd_handles::from_str(text).unwrap_err();
        assert_eq!(report.len(), 1, "{text:?}");
        let syntax = report.violations()[0]
            .syntax_error()
            .unwrap_or_else(|| panic!("{text:?}: {report}"));
        let at = syntax.location().unwrap();
        assert_eq!(
            (syntax.category(), at.line(), at.column()),
            (category, line, column),
            "{text:?}: {report}"
        );
        // The message says the same place.
        let message = report.violations()[0].message().to_string();
        assert!(
            message.contains(&format!("at line {line} column {column}: ")),
            "{text:?}: {message}"
        );
    }
    let report = mpsd_handles::from_slice(b"{\"a\":\"\xff\"}").unwrap_err();
    let syntax = report.violations()[0].syntax_error().unwrap();
    assert_eq!(syntax.category(), NotUtf8);
    assert_eq!(syntax.location().unwrap().column(), 7);
}
