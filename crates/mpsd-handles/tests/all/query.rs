//! Handle queries (docs/rules.md §8): the members of §8.2–§8.4 and their
//! codes (§8.8); `include`; the SDK's own bodies, byte for byte, and its
//! answers. The filter examples are in `query_filters.rs`.

use mpsd_handles::include::check_include;
use mpsd_handles::model::FilterRule;
use mpsd_handles::{
    Code, HandleQuery, is_valid_query, query_from_slice, query_from_str, query_from_value,
};
use serde_json::{Value, json};

const SCID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

fn search(extra: &Value) -> Value {
    let mut body = json!({"type": "search", "scid": SCID, "templateName": "lfg", "global": true});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

fn activity(owners: &Value) -> Value {
    json!({"type": "activity", "scid": SCID, "owners": owners})
}

/// The violations of `body` as (pointer, code), in order.
fn violations(body: &Value) -> Vec<(String, Code)> {
    let text = body.to_string();
    let from_text = query_from_str(&text);
    let from_value = query_from_value(body);
    assert_eq!(from_text.is_ok(), is_valid_query(text.as_bytes()), "{text}");
    match (from_text, from_value) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a, b);
            Vec::new()
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{text}");
            a.violations()
                .iter()
                .map(|v| (v.pointer().as_str().to_owned(), v.code()))
                .collect()
        }
        (a, b) => panic!("{text}: text {a:?}, value {b:?}"),
    }
}

fn one(pointer: &str, code: Code) -> Vec<(String, Code)> {
    vec![(pointer.to_owned(), code)]
}

#[test]
fn members_and_codes_of_section_8_8() {
    let people = json!({"moniker": "Favorites", "monikerXuid": "2533274792395670"});
    assert!(violations(&activity(&json!({"xuids": ["1", "1"]}))).is_empty());
    assert!(violations(&activity(&json!({"people": people}))).is_empty());
    assert!(
        violations(&search(&json!({"sessionMembers": {"people": people},
        "filter": "SearchQuery", "orderBy": "OrderBy asc"})))
        .is_empty()
    );

    let cases: Vec<(Value, Vec<(String, Code)>)> = vec![
        (
            activity(&json!({})),
            one("/owners", Code::OwnersNotExactlyOne),
        ),
        (
            activity(&json!({"xuids": ["1"], "people": people})),
            one("/owners", Code::OwnersNotExactlyOne),
        ),
        (
            activity(&json!({"xuids": []})),
            one("/owners/xuids", Code::XuidsEmpty),
        ),
        (
            activity(&json!({"xuids": ["01", 5, "0"]})),
            vec![
                ("/owners/xuids/0".into(), Code::XuidNotDecimal),
                ("/owners/xuids/1".into(), Code::InvalidType),
                ("/owners/xuids/2".into(), Code::XuidOutOfRange),
            ],
        ),
        (
            activity(&json!({"people": {"moniker": "", "monikerXuid": "18446744073709551616"}})),
            vec![
                ("/owners/people/moniker".into(), Code::UnknownMoniker),
                ("/owners/people/monikerXuid".into(), Code::XuidOutOfRange),
            ],
        ),
        (
            activity(&json!({"people": {"moniker": "friends"}})),
            one("/owners/people/monikerXuid", Code::MissingMember),
        ),
        (
            search(&json!({"global": false})),
            one("/global", Code::GlobalNotTrue),
        ),
        (
            search(&json!({"global": null})),
            one("/global", Code::InvalidType),
        ),
        (
            search(&json!({"filter": ""})),
            one("/filter", Code::InvalidFilter),
        ),
        (
            search(&json!({"filter": null})),
            one("/filter", Code::InvalidType),
        ),
        (
            search(&json!({"orderBy": ""})),
            one("/orderBy", Code::InvalidOrderBy),
        ),
        (
            search(&json!({"sessionMembers": {}})),
            one("/sessionMembers/people", Code::MissingMember),
        ),
        (
            search(&json!({"sessionMembers": {"xuids": ["1"], "people": people}})),
            one("/sessionMembers/xuids", Code::UnknownMember),
        ),
        (
            search(&json!({"sessionMembers": {"people": {"moniker": "all", "monikerXuid": "7"}}})),
            one("/sessionMembers/people/moniker", Code::UnknownMoniker),
        ),
        (
            search(&json!({"Filter": "a"})),
            one("/Filter", Code::UnknownMember),
        ),
        (
            search(&json!({"owners": {"xuids": []}})),
            vec![
                ("/owners".into(), Code::MemberNotAllowed),
                ("/owners/xuids".into(), Code::XuidsEmpty),
            ],
        ),
        (
            json!({"type": "activity", "scid": SCID, "owners": {"xuids": ["1"]}, "global": true}),
            one("/global", Code::MemberNotAllowed),
        ),
        (
            json!({"type": "search", "scid": SCID}),
            vec![
                ("/templateName".into(), Code::MissingMember),
                ("/global".into(), Code::MissingMember),
            ],
        ),
        (
            json!({"type": "invite", "scid": "x", "templateName": "lfg", "global": true}),
            vec![
                ("/type".into(), Code::UnknownHandleType),
                ("/scid".into(), Code::InvalidGuid),
            ],
        ),
        (
            json!({"type": "Search", "templateName": "a b", "filter": "not x"}),
            vec![
                ("/type".into(), Code::UnknownHandleType),
                ("/templateName".into(), Code::NameInvalidCharacter),
                ("/filter".into(), Code::InvalidFilter),
                ("/scid".into(), Code::MissingMember),
            ],
        ),
        (json!([]), one("", Code::InvalidType)),
    ];
    // The report's order is the pointers' order; the lists here are sorted
    // the same way.
    for (body, mut expected) in cases {
        expected.sort();
        assert_eq!(violations(&body), expected, "{body}");
    }
}

#[test]
fn a_search_handle_sent_here_is_an_invalid_query() {
    let handle = json!({"version": 1, "type": "search",
        "sessionRef": {"scid": SCID, "templateName": "lfg"}, "searchAttributes": {}});
    let codes = violations(&handle);
    let unknown = codes
        .iter()
        .filter(|(_, c)| *c == Code::UnknownMember)
        .count();
    let missing = codes
        .iter()
        .filter(|(_, c)| *c == Code::MissingMember)
        .count();
    assert_eq!((unknown, missing), (3, 3), "{codes:?}");
}

#[test]
fn duplicate_members_and_messages() {
    let text = format!(
        r#"{{"type":"search","scid":"{SCID}","templateName":"lfg","global":true,"global":true,"orderBy":"a"}}"#
    );
    let report = query_from_str(&text).unwrap_err();
    let got: Vec<_> = report
        .violations()
        .iter()
        .map(|v| {
            (
                v.pointer().as_str().to_owned(),
                v.code(),
                v.message().to_string(),
            )
        })
        .collect();
    assert_eq!(got[0].0, "/global");
    assert_eq!(got[0].1, Code::DuplicateMember);
    assert_eq!(got[1].1, Code::InvalidOrderBy);
    assert_eq!(
        got[1].2,
        "orderBy must be one attribute, whitespace, then asc or desc: it is not valid at character 1 (grammar): expected a space or a tab."
    );
}

/// The SDK's query bodies (Microsoft's Xbox Live SDK unit-test fixtures,
/// in the member order the SDK writes), with their placeholders (`MockScid`,
/// `TestXboxUserId`) replaced by a GUID and a decimal xuid.
#[test]
fn sdk_bodies_round_trip_byte_for_byte() {
    for name in [
        "search-query.json",
        "search-query-social-group.json",
        "activity-query-users.json",
        "activity-query-social-group.json",
    ] {
        let bytes = std::fs::read(crate::common::data(&format!("queries/valid/{name}"))).unwrap();
        let query = query_from_slice(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let minified = minify(std::str::from_utf8(&bytes).unwrap());
        assert_eq!(serde_json::to_string(&query).unwrap(), minified, "{name}");
        let again: HandleQuery = serde_json::from_str(&minified).unwrap();
        assert_eq!(again, query);
    }
}

#[test]
fn include_parameter() {
    assert_eq!(
        check_include("relatedInfo,roleInfo,customProperties")
            .unwrap()
            .len(),
        3
    );
    for bad in [
        "",
        ",",
        "relatedInfo,",
        "relatedInfo, roleInfo",
        "RelatedInfo",
        "session",
        "roleInfo,roleInfo",
    ] {
        let e = check_include(bad).unwrap_err();
        assert_eq!(e.code(), Code::InvalidInclude, "{bad:?}");
    }
    let long = "x".repeat(60_000);
    let message = check_include(&long).unwrap_err().to_string();
    assert!(message.len() < 300, "{}", message.len());
}

#[test]
fn rule_ids_are_distinct() {
    let rules = [
        FilterRule::Function,
        FilterRule::ReservedWord,
        FilterRule::IdentifierTooLong,
        FilterRule::OneOr,
        FilterRule::TypedPath,
        FilterRule::LiteralType,
        FilterRule::ToLowerNumber,
        FilterRule::TypedAsBoolean,
        FilterRule::OrderedBoolean,
        FilterRule::LambdaVariable,
        FilterRule::LambdaUnused,
        FilterRule::NumberRange,
        FilterRule::TooDeep,
    ];
    let ids: std::collections::BTreeSet<_> = rules.iter().map(|r| r.id()).collect();
    assert_eq!(ids.len(), rules.len());
}

/// `text` without the whitespace between tokens (member order kept).
fn minify(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            (in_string, escaped) = match (escaped, c) {
                (false, '\\') => (true, true),
                (false, '"') => (false, false),
                _ => (true, false),
            };
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The SDK's own answers to its queries (its unit-test fixtures, the
/// placeholder scid replaced by a GUID) read into the answer models.
#[test]
fn sdk_answers_are_read() {
    use mpsd_handles::model::{ActivityResult, QueryResults, SearchResult};
    let read = |name: &str| {
        std::fs::read(crate::common::data(&format!("queries/responses/{name}"))).unwrap()
    };
    let search: QueryResults<SearchResult> = serde_json::from_slice(&read("search.json")).unwrap();
    let found = &search.results[0];
    assert_eq!(
        found.session_ref.name.as_ref().unwrap().as_str(),
        "LFGSession_A"
    );
    let info = found.related_info.as_ref().unwrap();
    assert_eq!(
        (info.closed, info.max_members_count, info.members_count),
        (Some(false), Some(10), Some(1))
    );
    assert_eq!(info.session_owners.as_deref().unwrap().len(), 2);
    assert!(found.role_info.as_ref().unwrap()["roleTypes"]["lfg"].is_object());
    let activity: QueryResults<ActivityResult> =
        serde_json::from_slice(&read("activity.json")).unwrap();
    let one = &activity.results[0];
    assert_eq!(one.owner_xuid.unwrap().get(), 2_814_679_796_296_491);
    assert_eq!(one.title_id.as_deref(), Some("171127034"));
    assert_eq!(
        one.custom_properties.as_ref().unwrap()["Map"],
        "Helmand Valley"
    );
    let none: QueryResults<ActivityResult> =
        serde_json::from_slice(&read("activity-social-group.json")).unwrap();
    assert!(none.results.is_empty());
    // The SDK reads a search result's type ignoring case; other types are refused.
    let mut text = String::from_utf8(read("search.json")).unwrap();
    text = text.replacen("\"type\": \"search\"", "\"type\": \"Search\"", 1);
    assert!(serde_json::from_str::<QueryResults<SearchResult>>(&text).is_ok());
    text = text.replacen("\"type\": \"Search\"", "\"type\": \"activity\"", 1);
    assert!(serde_json::from_str::<QueryResults<SearchResult>>(&text).is_err());
}
