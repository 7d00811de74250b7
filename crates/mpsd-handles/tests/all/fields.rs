//! Every row of docs/rules.md §2, for every handle type: verdict and pointer.

use serde_json::{Value, json};

use crate::common::{
    NOT_DECIMAL, activity, bases, check, expect_missing, found, invite, pairs, set,
};

/// Sets `pointer` to `value` in both bases and expects `codes` at `pointer`
/// (an empty list means valid).
fn both(pointer: &str, value: Value, code: Option<&'static str>) {
    for (name, mut doc) in bases() {
        set(&mut doc, pointer, value.clone());
        let expected = code
            .map(|c| vec![(pointer.to_owned(), c)])
            .unwrap_or_default();
        assert_eq!(
            found(&check(&doc)),
            expected,
            "{name} with {pointer} = {value}"
        );
    }
}

fn invite_only(pointer: &str, value: Value, code: Option<&'static str>) {
    let mut doc = invite();
    set(&mut doc, pointer, value.clone());
    let expected = code
        .map(|c| vec![(pointer.to_owned(), c)])
        .unwrap_or_default();
    assert_eq!(
        found(&check(&doc)),
        expected,
        "invite with {pointer} = {value}"
    );
}

#[test]
fn bases_are_valid() {
    for (name, doc) in bases() {
        let request = check(&doc).unwrap_or_else(|r| panic!("{name}: {r}"));
        assert_eq!(request.kind().as_str(), name);
    }
}

#[test]
fn version() {
    both("/version", json!(1), None);
    both("/version", json!(2), Some("unsupported_version"));
    both("/version", json!(0), Some("unsupported_version"));
    both("/version", json!(-1), Some("unsupported_version"));
    both("/version", json!(1.0), Some("invalid_type"));
    both("/version", json!("1"), Some("invalid_type"));
    both("/version", json!(null), Some("invalid_type"));
    for (_, doc) in bases() {
        expect_missing(&doc, "/version");
    }
}

#[test]
fn version_spellings_in_text() {
    // Spellings a Value cannot keep apart: checked on the text itself.
    for spelling in ["1.0", "1e0", "10e-1", "1.00"] {
        let text = format!(
            r#"{{"version":{spelling},"type":"activity","sessionRef":{{"scid":"{}","templateName":"t"}}}}"#,
            crate::common::SCID
        );
        let r = mpsd_handles::from_str(&text);
        assert_eq!(
            found(&r),
            pairs(&[("/version", "invalid_type")]),
            "{spelling}"
        );
    }
}

#[test]
fn handle_type() {
    for (name, mut doc) in bases() {
        for bad in ["Activity", "INVITE", "", "activities", " invite"] {
            set(&mut doc, "/type", json!(bad));
            let codes = found(&check(&doc));
            assert!(
                codes.contains(&("/type".to_owned(), "unknown_handle_type")),
                "{name} type {bad:?}: {codes:?}"
            );
            // Without a usable type, no consistency rule fires.
            assert_eq!(codes.len(), 1, "{name} type {bad:?}: {codes:?}");
        }
        set(&mut doc, "/type", json!(1));
        assert_eq!(found(&check(&doc)), pairs(&[("/type", "invalid_type")]));
        expect_missing(&doc, "/type");
    }
    let mut doc = activity();
    set(&mut doc, "/type", json!("Activity"));
    let report = check(&doc).unwrap_err();
    assert!(
        report.violations()[0]
            .message()
            .to_string()
            .contains("Did you mean \"activity\"?")
    );
}

#[test]
fn id() {
    both("/id", json!("47ca0049-a5ba-4bc1-aa22-fcf834ce4c13"), None);
    both("/id", json!("47CA0049-A5BA-4BC1-AA22-FCF834CE4C13"), None);
    both(
        "/id",
        json!("47ca0049a5ba4bc1aa22fcf834ce4c13"),
        Some("invalid_guid"),
    );
    both(
        "/id",
        json!("{47ca0049-a5ba-4bc1-aa22-fcf834ce4c13}"),
        Some("invalid_guid"),
    );
    both("/id", json!(""), Some("invalid_guid"));
    both("/id", json!(42), Some("invalid_type"));
    both("/id", json!(null), Some("invalid_type"));
}

#[test]
fn session_ref() {
    for (_, mut doc) in bases() {
        expect_missing(&doc, "/sessionRef");
        for bad in [json!([]), json!("x"), json!(null), json!(1)] {
            set(&mut doc, "/sessionRef", bad.clone());
            assert_eq!(
                found(&check(&doc)),
                pairs(&[("/sessionRef", "invalid_type")]),
                "{bad}"
            );
        }
        set(&mut doc, "/sessionRef", json!({}));
        assert_eq!(
            found(&check(&doc)),
            pairs(&[
                ("/sessionRef/scid", "missing_member"),
                ("/sessionRef/templateName", "missing_member")
            ])
        );
    }
}

#[test]
fn scid() {
    both(
        "/sessionRef/scid",
        json!("00000000-0000-0000-0000-000000000000"),
        None,
    );
    both(
        "/sessionRef/scid",
        json!("BD6C41C3-01C3-468A-A3B5-3E0FE8133862"),
        None,
    );
    for bad in [
        "urn:uuid:bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
        "{bd6c41c3-01c3-468a-a3b5-3e0fe8133862}",
        "bd6c41c301c3468aa3b53e0fe8133862",
        "bd6c41c3-01c3-468a-a3b5-3e0fe813386",
        "bd6c41c3-01c3-468a-a3b5-3e0fe81338622",
        "bd6c41c3-01c3-468a-a3b5-3e0fe813386g",
        "bd6c41c3_01c3_468a_a3b5_3e0fe8133862",
        "bd6c41c3-01c3-468a-a3b5-3e0fe8133862\n",
        " bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
    ] {
        both("/sessionRef/scid", json!(bad), Some("invalid_guid"));
    }
    both("/sessionRef/scid", json!(7), Some("invalid_type"));
    for (_, doc) in bases() {
        expect_missing(&doc, "/sessionRef/scid");
    }
}

fn name_rules(pointer: &str) {
    both(pointer, json!("a"), None);
    both(pointer, json!("A-Za-z0-9._~"), None);
    both(pointer, json!("x".repeat(100)), None);
    both(pointer, json!("x".repeat(101)), Some("name_too_long"));
    both(pointer, json!(""), Some("name_empty"));
    for bad in [
        "death match",
        "a/b",
        "a%20",
        "ä",
        "a\n",
        "tab\t",
        "€",
        "a+b",
        "x:y",
    ] {
        both(pointer, json!(bad), Some("name_invalid_character"));
    }
    both(pointer, json!(["deathmatch"]), Some("invalid_type"));
}

#[test]
fn template_name() {
    name_rules("/sessionRef/templateName");
    for (_, doc) in bases() {
        expect_missing(&doc, "/sessionRef/templateName");
    }
}

#[test]
fn session_name() {
    name_rules("/sessionRef/name");
    // Optional: both bases omit it and are valid.
    let mut doc = activity();
    set(&mut doc, "/sessionRef/name", json!("Session-49"));
    let request = check(&doc).unwrap();
    assert_eq!(
        request.session_ref().name.as_ref().unwrap().as_str(),
        "Session-49"
    );
}

#[test]
fn invited_xuid() {
    invite_only("/invitedXuid", json!("1"), None);
    invite_only("/invitedXuid", json!("18446744073709551615"), None);
    invite_only(
        "/invitedXuid",
        json!("18446744073709551616"),
        Some("xuid_out_of_range"),
    );
    invite_only(
        "/invitedXuid",
        json!("99999999999999999999999"),
        Some("xuid_out_of_range"),
    );
    invite_only("/invitedXuid", json!("0"), Some("xuid_out_of_range"));
    for bad in NOT_DECIMAL {
        invite_only("/invitedXuid", json!(bad), Some("xuid_not_decimal"));
    }
    invite_only("/invitedXuid", json!(3210), Some("invalid_type"));
    invite_only("/invitedXuid", json!(null), Some("invalid_type"));
    expect_missing(&invite(), "/invitedXuid");
    let mut doc = activity();
    set(&mut doc, "/invitedXuid", json!("3210"));
    assert_eq!(
        found(&check(&doc)),
        pairs(&[("/invitedXuid", "member_not_allowed")])
    );
}

#[test]
fn invite_attributes() {
    expect_missing(&invite(), "/inviteAttributes");
    invite_only("/inviteAttributes", json!([]), Some("invalid_type"));
    invite_only("/inviteAttributes", json!("x"), Some("invalid_type"));
    let mut doc = activity();
    set(&mut doc, "/inviteAttributes", json!({"titleId": "1"}));
    assert_eq!(
        found(&check(&doc)),
        pairs(&[("/inviteAttributes", "member_not_allowed")])
    );
}

#[test]
fn title_id() {
    let p = "/inviteAttributes/titleId";
    for good in [
        json!("0"),
        json!("1018096776"),
        json!("4294967295"),
        json!(0),
        json!(4_294_967_295_u64),
    ] {
        invite_only(p, good, None);
    }
    for bad in [
        json!("4294967296"),
        json!("99999999999999999999"),
        json!(4_294_967_296_u64),
        json!(-1),
    ] {
        invite_only(p, bad, Some("title_id_out_of_range"));
    }
    for bad in NOT_DECIMAL {
        invite_only(p, json!(bad), Some("title_id_not_decimal"));
    }
    invite_only(p, json!(1.5), Some("title_id_not_decimal"));
    invite_only(p, json!(true), Some("invalid_type"));
    invite_only(p, json!(null), Some("invalid_type"));
    expect_missing(&invite(), p);
    // The typed model always writes the string form.
    let mut doc = invite();
    set(&mut doc, p, json!(7));
    let written = serde_json::to_value(check(&doc).unwrap()).unwrap();
    assert_eq!(written.pointer(p), Some(&json!("7")));
}

#[test]
fn optional_strings() {
    for p in [
        "/inviteAttributes/contextString",
        "/inviteAttributes/senderString",
        "/inviteAttributes/context",
    ] {
        invite_only(p, json!(""), None);
        invite_only(p, json!("Ünïcødé ✓"), None);
        invite_only(p, json!(1), Some("invalid_type"));
        invite_only(p, json!(null), Some("invalid_type"));
        invite_only(p, json!({}), Some("invalid_type"));
    }
}
