//! `Report::locate`: where each violation is in its body's text.

/// `POINTER CODE`, and the line, column and text of where it is.
type Place = (String, Option<(usize, usize, String)>);

fn places(text: &str) -> Vec<Place> {
    let report = mpsd_handles::from_str(text).unwrap_err();
    report
        .locate(text.as_bytes())
        .iter()
        .map(|l| {
            (
                format!("{} {}", l.violation().pointer(), l.violation().code()),
                l.location().map(|at| {
                    (
                        at.line(),
                        at.column(),
                        text.get(at.byte_range()).unwrap_or_default().to_owned(),
                    )
                }),
            )
        })
        .collect()
}

#[test]
fn each_violation_is_placed_by_what_it_is_about() {
    let text = "{\"version\": 1, \"type\": \"invite\", \"éx\": [1],\n \"sessionRef\": {\"scid\": \"x\"},\n \"type\": \"activity\"}";
    let got = places(text);
    let at = |key: &str| got.iter().find(|(k, _)| k == key).unwrap().1.clone();
    // The unknown member's name, columns in characters.
    assert_eq!(at("/éx unknown_member"), Some((1, 34, "\"éx\"".into())));
    // The value at the pointer.
    assert_eq!(
        at("/sessionRef/scid invalid_guid"),
        Some((2, 25, "\"x\"".into()))
    );
    // A missing member: the `{` of the object that lacks it.
    assert_eq!(
        at("/sessionRef/templateName missing_member"),
        Some((2, 16, "{".into()))
    );
    // A repeated member: its second occurrence.
    assert_eq!(
        at("/type duplicate_member"),
        Some((3, 2, "\"type\"".into()))
    );
}

#[test]
fn text_that_is_not_the_body_places_nothing_and_never_panics() {
    let report = mpsd_handles::from_str(r#"{"version": 2, "a~/b": 1}"#).unwrap_err();
    for text in [
        "",
        "{",
        "[[[[",
        "\"",
        "{\"a\"",
        "{\"version\": 2, \"a~0~1b\":",
        "\u{1f600}",
    ] {
        for located in report.locate(text.as_bytes()) {
            if let Some(at) = located.location() {
                assert!(at.byte_range().end <= text.len());
            }
        }
    }
    let text = r#"{"version": 2, "a~/b": 1}"#;
    let located = report.locate(text.as_bytes());
    let escaped = located
        .iter()
        .find(|l| l.violation().pointer() == "/a~0~1b")
        .unwrap();
    assert_eq!(&text[escaped.location().unwrap().byte_range()], "\"a~/b\"");
}

#[test]
fn limits_are_placed_where_reading_stopped() {
    let deep = format!("{{\"a\": {}{}}}", "[".repeat(40), "]".repeat(40));
    let report = mpsd_handles::Validator::new()
        .validate_str(&deep)
        .unwrap_err();
    let located = report.locate(deep.as_bytes());
    let at = located[0].location().unwrap();
    // The body is depth 1, `[` number 31 is depth 32, number 32 is too deep.
    assert_eq!(at.column(), 7 + 31);
    let big = " ".repeat(100);
    let report = mpsd_handles::Validator::new()
        .with_max_bytes(10)
        .validate_str(&big)
        .unwrap_err();
    assert_eq!(
        report.locate(big.as_bytes())[0]
            .location()
            .unwrap()
            .column(),
        11
    );
}

/// Thousands of violations, placed out of the report's order and across
/// lines of multi-byte text, each at the line and column counted afresh
/// from the start (locations are counted in one sweep of the text).
#[test]
fn many_violations_are_each_placed_as_if_alone() {
    let tags: Vec<String> = (0..3000)
        .map(|i| if i % 7 == 0 { "\n0".into() } else { "0".into() })
        .collect();
    let unknown: Vec<String> = (0..500).map(|i| format!("\"é{i}\": 1")).collect();
    let text = format!(
        "{{{},\n\"version\": 1, \"type\": \"search\", \"sessionRef\": {{\"scid\": \"ünknown\"}},\n\"searchAttributes\": {{\"tags\": [{}]}}, {}}}",
        unknown.join(", "),
        tags.join(", "),
        unknown.join(",\n"),
    );
    let report = mpsd_handles::from_str(&text).unwrap_err();
    let located = report.locate(text.as_bytes());
    assert!(located.len() > 3500, "{}", located.len());
    for l in &located {
        let at = l.location().unwrap();
        let before = &text[..at.byte_range().start];
        let line = 1 + before.matches('\n').count();
        let column = 1 + before.rsplit('\n').next().unwrap().chars().count();
        assert_eq!(
            (at.line(), at.column()),
            (line, column),
            "{}",
            l.violation()
        );
    }
}
