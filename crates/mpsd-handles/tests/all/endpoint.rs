//! docs/rules.md §6 and §7: transfer and search handles, and the invite response.
//! Every row of §6, verdict and pointer, for the type it concerns; type and
//! member consistency in every direction; the SDK's bodies and member order.

use mpsd_handles::model::{AttributeName, InviteHandleResponse};
use mpsd_handles::{HandleKind, HandleRequest};
use serde_json::{Value, json};

use crate::common::{
    activity, check, data, expect_missing, found, invite, pairs, search, set, transfer,
};

fn expect(doc: &Value, expected: &[(&str, &'static str)]) {
    assert_eq!(found(&check(doc)), pairs(expected), "{doc}");
}

fn with(mut doc: Value, pointer: &str, value: Value) -> Value {
    set(&mut doc, pointer, value);
    doc
}

#[test]
fn bases_are_valid() {
    assert_eq!(check(&transfer()).unwrap().kind(), HandleKind::Transfer);
    assert_eq!(check(&search()).unwrap().kind(), HandleKind::Search);
}

#[test]
fn origin_session_ref_row() {
    expect_missing(&transfer(), "/originSessionRef");
    for bad in [json!([]), json!("x"), json!(null), json!(1)] {
        expect(
            &with(transfer(), "/originSessionRef", bad),
            &[("/originSessionRef", "invalid_type")],
        );
    }
    // Same members and rules as sessionRef.
    expect_missing(&transfer(), "/originSessionRef/scid");
    expect_missing(&transfer(), "/originSessionRef/templateName");
    expect(
        &with(transfer(), "/originSessionRef/scid", json!("MockScid")),
        &[("/originSessionRef/scid", "invalid_guid")],
    );
    expect(
        &with(transfer(), "/originSessionRef/templateName", json!("a b")),
        &[("/originSessionRef/templateName", "name_invalid_character")],
    );
    expect(
        &with(transfer(), "/originSessionRef/name", json!("")),
        &[("/originSessionRef/name", "name_empty")],
    );
    expect(
        &with(transfer(), "/originSessionRef/nmae", json!("x")),
        &[("/originSessionRef/nmae", "unknown_member")],
    );
    assert!(
        check(&with(
            transfer(),
            "/originSessionRef/name",
            json!("lobby-1")
        ))
        .is_ok()
    );
}

#[test]
fn search_attributes_row() {
    let p = "/searchAttributes";
    assert!(check(&with(search(), p, json!({}))).is_ok());
    for bad in [json!([]), json!("x"), json!(null), json!(1)] {
        expect(&with(search(), p, bad), &[(p, "invalid_type")]);
    }
    expect(
        &with(search(), p, json!({"tag": []})),
        &[("/searchAttributes/tag", "unknown_member")],
    );
    let report = check(&with(search(), p, json!({"tag": []}))).unwrap_err();
    assert!(
        report.to_string().contains("Did you mean \"tags\"?"),
        "{report}"
    );
}

#[test]
fn tags_row() {
    let p = "/searchAttributes/tags";
    assert!(
        check(&with(
            search(),
            "/searchAttributes",
            json!({"tags": ["a", "Skill_D", "x9"]})
        ))
        .is_ok()
    );
    expect(
        &with(search(), "/searchAttributes", json!({"tags": "a"})),
        &[(p, "invalid_type")],
    );
    expect(
        &with(
            search(),
            "/searchAttributes",
            json!({"tags": ["ok", 1, "1a", "", "a b", "a".repeat(100)]}),
        ),
        &[
            ("/searchAttributes/tags/1", "invalid_type"),
            ("/searchAttributes/tags/2", "invalid_attribute_name"),
            ("/searchAttributes/tags/3", "invalid_attribute_name"),
            ("/searchAttributes/tags/4", "invalid_attribute_name"),
            ("/searchAttributes/tags/5", "invalid_attribute_name"),
        ],
    );
    // Tags may repeat (a set on MPSD's side; spec silent, README decision).
    assert!(
        check(&with(
            search(),
            "/searchAttributes",
            json!({"tags": ["a", "a", "A"]})
        ))
        .is_ok()
    );
    // 99 characters is the longest name.
    assert!(
        check(&with(
            search(),
            "/searchAttributes",
            json!({"tags": ["a".repeat(99)]})
        ))
        .is_ok()
    );
}

#[test]
fn numbers_row() {
    let sa = "/searchAttributes";
    assert!(
        check(&with(
            search(),
            sa,
            json!({"numbers": {"a": 1, "b": -2.5, "c": 1e300}})
        ))
        .is_ok()
    );
    expect(
        &with(search(), sa, json!({"numbers": []})),
        &[("/searchAttributes/numbers", "invalid_type")],
    );
    expect(
        &with(
            search(),
            sa,
            json!({"numbers": {"a": "1", "b": null, "a/b": 1, "_x": 2}}),
        ),
        &[
            ("/searchAttributes/numbers/_x", "invalid_attribute_name"),
            ("/searchAttributes/numbers/a", "invalid_type"),
            ("/searchAttributes/numbers/a~1b", "invalid_attribute_name"),
            ("/searchAttributes/numbers/b", "invalid_type"),
        ],
    );
    // 1e400 is JSON: a violation at its pointer, not a syntax error.
    let text = serde_json::to_string(&with(
        search(),
        sa,
        json!({"numbers": {"big": 777, "tiny": 888}}),
    ))
    .unwrap()
    .replace("777", "1e400")
    .replace("888", "-1e-400");
    let report = mpsd_handles::from_str(&text).unwrap_err();
    let got: Vec<(&str, &str)> = report
        .iter()
        .map(|v| (v.pointer().as_str(), v.code().as_str()))
        .collect();
    assert!(
        got.contains(&(
            "/searchAttributes/numbers/big",
            "attribute_number_out_of_range"
        )),
        "{report}"
    );
    // Names that differ only in case are the same attribute to MPSD.
    expect(
        &with(search(), sa, json!({"numbers": {"Skill": 1, "skill": 2}})),
        &[("/searchAttributes/numbers/skill", "duplicate_member")],
    );
}

#[test]
fn strings_row() {
    let sa = "/searchAttributes";
    assert!(
        check(&with(
            search(),
            sa,
            json!({"strings": {"Class": "A", "e": "é".repeat(49), "f": "x".repeat(99)}})
        ))
        .is_ok()
    );
    expect(
        &with(
            search(),
            sa,
            json!({"strings": {"e": "é".repeat(50), "n": 1, "x": "x".repeat(100)}}),
        ),
        &[
            ("/searchAttributes/strings/e", "attribute_string_too_long"),
            ("/searchAttributes/strings/n", "invalid_type"),
            ("/searchAttributes/strings/x", "attribute_string_too_long"),
        ],
    );
    expect(
        &with(search(), sa, json!({"strings": "A"})),
        &[("/searchAttributes/strings", "invalid_type")],
    );
}

/// A base body, a member to set on it, and the value.
type Case = (fn() -> Value, &'static str, Value);

#[test]
fn type_and_members_agree_in_every_direction() {
    let origin = json!({"scid": crate::common::SCID, "templateName": "lobby"});
    let cases: [Case; 9] = [
        (activity, "/originSessionRef", origin.clone()),
        (invite, "/originSessionRef", origin.clone()),
        (search, "/originSessionRef", origin),
        (activity, "/searchAttributes", json!({})),
        (invite, "/searchAttributes", json!({})),
        (transfer, "/searchAttributes", json!({})),
        (transfer, "/invitedXuid", json!("1")),
        (search, "/invitedXuid", json!("1")),
        (search, "/inviteAttributes", json!({"titleId": "1"})),
    ];
    for (base, pointer, value) in cases {
        expect(
            &with(base(), pointer, value),
            &[(pointer, "member_not_allowed")],
        );
    }
    let report = check(&with(search(), "/originSessionRef", json!({}))).unwrap_err();
    assert!(
        report.to_string().contains(
            "Member \"originSessionRef\" is only allowed when type is \"transfer\", not \"search\"."
        ),
        "{report}"
    );
    // A misspelled member gets its suggestion.
    let mut doc = transfer();
    let origin = doc
        .as_object_mut()
        .unwrap()
        .remove("originSessionRef")
        .unwrap();
    doc["originSessionRefs"] = origin;
    let report = check(&doc).unwrap_err();
    assert!(
        report
            .to_string()
            .contains("Did you mean \"originSessionRef\"?"),
        "{report}"
    );
}

#[test]
fn unknown_type_names_all_four() {
    let report = check(&with(activity(), "/type", json!("tranfser"))).unwrap_err();
    let text = report.to_string();
    assert!(
        text.contains(
            "use \"activity\", \"invite\", \"transfer\" or \"search\". Did you mean \"transfer\"?"
        ),
        "{text}"
    );
}

/// The SDK's own bodies (a GUID for its placeholder scid) are valid, and
/// serializing writes the SDK's member order; the output parses back equal
/// and serializes to the same bytes.
#[test]
fn sdk_bodies_round_trip_in_sdk_order() {
    for (file, order) in [
        (
            "valid/transfer.json",
            &["type", "sessionRef", "version", "originSessionRef"][..],
        ),
        (
            "valid/search.json",
            &["type", "version", "sessionRef", "searchAttributes"][..],
        ),
    ] {
        let bytes = std::fs::read(data(file)).unwrap();
        let model = mpsd_handles::from_slice(&bytes).unwrap();
        let text = serde_json::to_string(&model).unwrap();
        let again = mpsd_handles::from_str(&text).unwrap();
        assert_eq!(again, model, "{file}");
        assert_eq!(serde_json::to_string(&again).unwrap(), text, "{file}");
        let positions: Vec<usize> = order
            .iter()
            .map(|k| text.find(&format!("\"{k}\"")).unwrap())
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{file}: {text}");
    }
    let HandleRequest::Search(s) =
        mpsd_handles::from_slice(&std::fs::read(data("valid/search.json")).unwrap()).unwrap()
    else {
        panic!("not a search");
    };
    let attributes = s.search_attributes.unwrap();
    let tags: Vec<&str> = attributes.tags.iter().map(AttributeName::as_str).collect();
    assert_eq!(tags, ["micsrequired", "girlsonly"]);
    assert_eq!(
        attributes.numbers.get("skill_d").map(|n| n.get()),
        Some(10.145)
    );
    let text = serde_json::to_string(&attributes).unwrap();
    assert!(
        text.find("\"tags\"") < text.find("\"numbers\"")
            && text.find("\"numbers\"") < text.find("\"strings\""),
        "{text}"
    );
}

#[test]
fn the_invite_response_reads_the_sdk_fixture_and_writes_its_shape() {
    let text = std::fs::read_to_string(data("responses/invite.json")).unwrap();
    let response: InviteHandleResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(
        response.id.to_string(),
        "81a3c56e-543c-44c2-ad53-c8a9088fbef8"
    );
    assert_eq!(response.sender_xuid.get(), 2_814_679_796_296_491);
    let written: Value = serde_json::to_value(&response).unwrap();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(written, fixture);
    let text_out = serde_json::to_string(&response).unwrap();
    let order = [
        "type",
        "sessionRef",
        "version",
        "inviteAttributes",
        "expiration",
        "id",
        "invitedXuid",
        "senderXuid",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| text_out.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{text_out}");
    // Unknown members are ignored; an id that is not a GUID is refused.
    let mut grown = fixture.clone();
    grown["newMember"] = json!({"x": [1]});
    grown["sessionRef"]["newToo"] = json!(1);
    let again: InviteHandleResponse = serde_json::from_value(grown).unwrap();
    assert_eq!(again, response);
    let mut bad = fixture;
    bad["id"] = json!("");
    assert!(serde_json::from_value::<InviteHandleResponse>(bad).is_err());
}
