//! A violation's kind carries the facts its message states, as data
//! (issue 28): a caller can render a violation without parsing English.

use mpsd_handles::{Code, ExpectedValue, HandleKind, JsonType, ViolationKind};

const SCID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

/// The kinds of the violations of `body`, with their pointers.
fn kinds(body: &str) -> Vec<(String, ViolationKind)> {
    let report = mpsd_handles::from_str(body).expect_err(body);
    report
        .iter()
        .map(|v| {
            assert_eq!(v.kind().code(), v.code(), "{v}");
            assert_eq!(v.kind().to_string(), v.message().to_string());
            (v.pointer().as_str().to_owned(), v.kind().clone())
        })
        .collect()
}

fn activity(session_ref: &str, more: &str) -> String {
    format!(r#"{{"version": 1, "type": "activity", "sessionRef": {session_ref}{more}}}"#)
}

#[test]
fn a_wrong_type_says_what_belongs_and_what_was_found() {
    let found = kinds(&activity(r#"{"scid": 7, "templateName": "t"}"#, ""));
    let [(pointer, kind)] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert_eq!(pointer, "/sessionRef/scid");
    match kind {
        ViolationKind::WrongType {
            member,
            expected,
            found,
            ..
        } => {
            assert_eq!(*member, "scid");
            assert_eq!(*expected, ExpectedValue::Guid);
            assert_eq!(expected.json_type(), JsonType::String);
            assert_eq!(*found, JsonType::Number);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn limits_and_lengths_are_data() {
    let long = "a".repeat(101);
    let found = kinds(&activity(
        &format!(r#"{{"scid": "{SCID}", "templateName": "{long}"}}"#),
        "",
    ));
    assert!(
        matches!(
            found.as_slice(),
            [(
                _,
                ViolationKind::NameTooLong {
                    member: "templateName",
                    len: 101,
                    max: 100,
                    ..
                }
            )]
        ),
        "{found:?}"
    );

    let context = " ".repeat(86);
    let body = format!(
        r#"{{"version": 1, "type": "invite", "invitedXuid": "1", "sessionRef": {{"scid": "{SCID}", "templateName": "t"}}, "inviteAttributes": {{"titleId": "1", "context": "{context}"}}}}"#
    );
    let found = kinds(&body);
    assert!(
        matches!(
            found.as_slice(),
            [(
                _,
                ViolationKind::ContextTooLong {
                    len: 258,
                    max: 256,
                    ..
                }
            )]
        ),
        "{found:?}"
    );
}

#[test]
fn members_allowed_elsewhere_list_the_types_that_allow_them() {
    let found = kinds(&activity(
        &format!(r#"{{"scid": "{SCID}", "templateName": "t"}}"#),
        r#", "invitedXuid": "1""#,
    ));
    let [
        (
            pointer,
            ViolationKind::NotAllowed {
                member,
                kind,
                allowed,
                ..
            },
        ),
    ] = found.as_slice()
    else {
        panic!("{found:?}")
    };
    assert_eq!((pointer.as_str(), *member), ("/invitedXuid", "invitedXuid"));
    assert_eq!(*kind, HandleKind::Activity);
    assert_eq!(*allowed, [HandleKind::Invite]);
}

#[test]
fn typos_carry_their_suggestion() {
    let found = kinds(&activity(
        &format!(r#"{{"scid": "{SCID}", "templateNmae": "t"}}"#),
        "",
    ));
    assert!(
        found.iter().any(|(_, k)| matches!(
            k,
            ViolationKind::Unknown { name, suggestion: Some("templateName"), .. } if &**name == "templateNmae"
        )),
        "{found:?}"
    );
    let found = kinds(r#"{"version": 1, "type": "activty"}"#);
    assert!(
        found.iter().any(|(_, k)| matches!(
            k,
            ViolationKind::UnknownHandleType {
                suggestion: Some("activity"),
                ..
            }
        )),
        "{found:?}"
    );
}

#[test]
fn a_syntax_error_keeps_where_and_what() {
    let report = mpsd_handles::from_str("{\n  \"version\": 1,\n}").unwrap_err();
    let v = &report.violations()[0];
    assert_eq!(v.code(), Code::SyntaxError);
    let ViolationKind::Syntax(syntax) = v.kind() else {
        panic!("{v}")
    };
    assert_eq!(
        syntax.location().map(|l| (l.line(), l.column())),
        Some((3, 1))
    );
}
