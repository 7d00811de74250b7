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
    let at = regex::Regex::new(r"line (\d+) column (\d+)").unwrap();
    for text in [
        "",
        " ",
        "{",
        "{\"version\":1,}",
        "{'version':1}",
        "{\"a\":1}x",
        "NaN",
        "{\"a\":01}",
        "{\"a\":\"\\ud800\"}",
    ] {
        let report = mpsd_handles::from_str(text).unwrap_err();
        assert_eq!(report.len(), 1, "{text:?}");
        assert_eq!(
            report.violations()[0].code().as_str(),
            "syntax_error",
            "{text:?}"
        );
        let message = report.violations()[0].message().to_string();
        let caps = at
            .captures(&message)
            .unwrap_or_else(|| panic!("{text:?}: {message}"));
        // One line each: the column is within the text.
        assert_eq!(&caps[1], "1", "{text:?}: {message}");
        let column: usize = caps[2].parse().unwrap();
        assert!(
            column >= 1 && column <= text.chars().count() + 1,
            "{text:?}: {message}"
        );
    }
    let report = mpsd_handles::from_slice(b"{\"a\":\"\xff\"}").unwrap_err();
    assert_eq!(report.violations()[0].code().as_str(), "syntax_error");
}
