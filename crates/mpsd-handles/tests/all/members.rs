//! Across members: unknown, duplicate and escaped names, every violation at
//! once, the top level, and the round trip through the model.

use serde_json::json;

use crate::common::{activity, check, found, invite, pairs, set};

#[test]
fn unknown_members_suggest_the_nearest_name() {
    let cases = [
        ("/invitedXUID", "invitedXuid"),
        ("/Version", "version"),
        ("/sessionRef/templatename", "templateName"),
        ("/sessionRef/scId", "scid"),
        ("/inviteAttributes/titleID", "titleId"),
        ("/inviteAttributes/sender", "senderString"),
    ];
    for (pointer, suggestion) in cases {
        let mut doc = invite();
        set(&mut doc, pointer, json!("x"));
        let report = check(&doc).unwrap_err();
        let v = report.iter().find(|v| v.pointer() == pointer).unwrap();
        assert_eq!(v.code().as_str(), "unknown_member");
        assert!(
            v.message()
                .to_string()
                .contains(&format!("Did you mean {suggestion:?}?")),
            "{pointer}: {}",
            v.message()
        );
    }
    let mut doc = activity();
    set(&mut doc, "/zzzzzzzzzz", json!(1));
    let report = check(&doc).unwrap_err();
    assert!(
        !report.violations()[0]
            .message()
            .to_string()
            .contains("Did you mean")
    );
}

#[test]
fn pointers_escape_tilde_and_slash() {
    let mut doc = activity();
    set(&mut doc, "/a~1b~0c", json!(1));
    set(&mut doc, "/sessionRef/~0", json!(1));
    assert_eq!(
        found(&check(&doc)),
        pairs(&[
            ("/a~1b~0c", "unknown_member"),
            ("/sessionRef/~0", "unknown_member")
        ])
    );
}

#[test]
fn duplicate_members() {
    let text = format!(
        r#"{{"version":1,"type":"activity","type":"invite","sessionRef":{{"scid":"{s}","scid":"{s}","templateName":"t"}}}}"#,
        s = crate::common::SCID
    );
    let r = mpsd_handles::from_str(&text);
    assert_eq!(
        found(&r),
        pairs(&[
            ("/sessionRef/scid", "duplicate_member"),
            ("/type", "duplicate_member")
        ])
    );
}

#[test]
fn every_violation_is_reported() {
    let doc = json!({
        "version": 2,
        "type": "invite",
        "sessionRef": {"scid": "nope", "templateName": "", "extra": true},
        "invitedXuid": 3210,
        "inviteAttributes": {"titleId": "-1", "context": "x".repeat(300)}
    });
    assert_eq!(
        found(&check(&doc)),
        pairs(&[
            ("/inviteAttributes/context", "context_too_long"),
            ("/inviteAttributes/titleId", "title_id_not_decimal"),
            ("/invitedXuid", "invalid_type"),
            ("/sessionRef/extra", "unknown_member"),
            ("/sessionRef/scid", "invalid_guid"),
            ("/sessionRef/templateName", "name_empty"),
            ("/version", "unsupported_version"),
        ])
    );
}

#[test]
fn top_level_must_be_an_object() {
    for text in ["[]", "1", "\"x\"", "null", "true", "[[[]]]"] {
        let r = mpsd_handles::from_str(text);
        assert_eq!(found(&r), pairs(&[("", "invalid_type")]), "{text}");
    }
}

#[test]
fn round_trip_through_the_model() {
    for path in crate::common::data_files("valid") {
        let bytes = std::fs::read(&path).unwrap();
        let request =
            mpsd_handles::from_slice(&bytes).unwrap_or_else(|r| panic!("{}: {r}", path.display()));
        let written = serde_json::to_vec(&request).unwrap();
        let again = mpsd_handles::from_slice(&written).unwrap();
        assert_eq!(request, again, "{}", path.display());
        assert_eq!(serde_json::to_vec(&again).unwrap(), written);
        // serde's own entry point agrees.
        let via_serde: mpsd_handles::HandleRequest = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(via_serde, request);
    }
}

#[test]
fn invalid_files_are_invalid() {
    for path in crate::common::data_files("invalid") {
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            mpsd_handles::from_slice(&bytes).is_err(),
            "{}",
            path.display()
        );
    }
}
