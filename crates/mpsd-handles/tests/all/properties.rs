//! Property tests (issue "Fuzzing and property tests"): generated valid bodies
//! and single mutations of them.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use proptest::prelude::*;
use serde_json::Value;

use crate::mutations::mutated;
use crate::strategies::{Node, pointer, valid};

/// What `percent-encoding` escapes in a URI component: every byte but the
/// RFC 3986 unreserved characters.
const URI_COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// JSON of the handles' vocabulary: objects keyed by their member names,
/// leaves the values those members take (and some they must not).
fn near_json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "version",
        "type",
        "sessionRef",
        "scid",
        "templateName",
        "name",
        "id",
        "invitedXuid",
        "inviteAttributes",
        "titleId",
        "context",
        "contextString",
        "originSessionRef",
        "searchAttributes",
        "tags",
        "numbers",
        "strings",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-2i64..3).prop_map(Value::from),
        (0.5f64..2e9).prop_map(Value::from),
        prop::sample::select(vec![
            "activity",
            "invite",
            "transfer",
            "search",
            "lfg",
            "",
            "a b",
            "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
            "2533274792395670",
            "1234567",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..7).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                )
            }),
        ]
    })
}

/// Every pointer of a report must resolve in the document, or name a missing
/// member of an object that exists.
fn resolves(doc: &Value, p: &str) -> bool {
    if doc.pointer(p).is_some() {
        return true;
    }
    match p.rsplit_once('/') {
        Some((parent, _)) => doc.pointer(parent).is_some_and(Value::is_object),
        None => false,
    }
}

/// What every report promises: sorted by pointer then code; a syntax error
/// or a limit breach alone, at `""`; every message a sentence of bounded
/// length with nothing that could start a line of its own.
fn report_is_well_formed(report: &mpsd_handles::Report) -> Result<(), TestCaseError> {
    use mpsd_handles::Code;
    let v = report.violations();
    for pair in v.windows(2) {
        prop_assert!((&pair[0].pointer(), pair[0].code()) <= (&pair[1].pointer(), pair[1].code()));
    }
    for x in v {
        if matches!(
            x.code(),
            Code::SyntaxError | Code::BodyTooLarge | Code::TooDeep
        ) {
            prop_assert_eq!(v.len(), 1, "{} not alone", x.code());
            prop_assert_eq!(x.pointer().as_str(), "");
        }
        prop_assert!(
            x.message().to_string().ends_with(['.', '?']),
            "{}",
            x.message().to_string()
        );
        prop_assert!(
            !x.message().to_string().chars().any(char::is_control),
            "{:?}",
            x.message().to_string()
        );
        prop_assert!(
            x.message().to_string().chars().count() < 400,
            "{}",
            x.message().to_string()
        );
    }
    prop_assert!(report.to_string().lines().count() == v.len());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// 1. Every generated valid document is accepted.
    #[test]
    fn valid_bodies_are_accepted(doc in valid()) {
        let text = doc.text();
        let result = mpsd_handles::from_str(&text);
        prop_assert!(result.is_ok(), "{}: {}", text, result.unwrap_err());
    }

    /// 2. serialize → from_slice gives back an equal model; serializing
    /// again gives the same bytes.
    #[test]
    fn round_trip(doc in valid()) {
        let model = mpsd_handles::from_str(&doc.text()).unwrap();
        let bytes = serde_json::to_vec(&model).unwrap();
        let again = mpsd_handles::from_slice(&bytes).unwrap();
        prop_assert_eq!(&again, &model);
        prop_assert_eq!(serde_json::to_vec(&again).unwrap(), bytes);
    }

    /// 3. A single mutation is rejected at the mutated member's pointer, and
    /// nowhere else.
    #[test]
    fn a_mutation_is_reported_where_it_is((mut doc, m) in mutated()) {
        m.apply(&mut doc);
        let text = doc.text();
        let report = mpsd_handles::from_str(&text).unwrap_err();
        let expected = m.pointer();
        for v in &report {
            prop_assert_eq!(v.pointer().as_str(), &expected, "{:?} on {}: {}", m, text, report);
        }
    }

    /// 3 (duplicates). A member written twice is reported at its pointer only.
    #[test]
    fn a_duplicate_is_reported_where_it_is(doc in valid(), pick in any::<prop::sample::Index>()) {
        let Node::Object(mut members) = doc else { unreachable!() };
        let (key, value) = pick.get(&members).clone();
        members.push((key.clone(), value));
        let text = Node::Object(members).text();
        let report = mpsd_handles::from_str(&text).unwrap_err();
        prop_assert_eq!(report.len(), 1, "{}", report);
        prop_assert_eq!(report.violations()[0].pointer().as_str(), &pointer(&[&key]));
        prop_assert_eq!(report.violations()[0].code(), mpsd_handles::Code::DuplicateMember);
    }

    /// 4. Every reported pointer resolves (or names a missing member of an
    /// object that exists).
    #[test]
    fn pointers_resolve((mut doc, m) in mutated()) {
        m.apply(&mut doc);
        let value = doc.value();
        let report = mpsd_handles::from_value(&value).unwrap_err();
        for v in &report {
            prop_assert!(resolves(&value, v.pointer().as_str()), "{} in {}", v.pointer(), value);
        }
    }

    /// 5. from_slice, from_str and from_value agree on verdict and violations.
    #[test]
    fn entry_points_agree((mut doc, m) in mutated(), mutate in any::<bool>()) {
        if mutate {
            m.apply(&mut doc);
        }
        let text = doc.text();
        let from_str = mpsd_handles::from_str(&text);
        prop_assert_eq!(&mpsd_handles::from_slice(text.as_bytes()), &from_str);
        // A `Value` does not keep member order, so search attributes come
        // in its order: compare the models as JSON values (maps unordered).
        let as_value = |r: Result<mpsd_handles::HandleRequest, mpsd_handles::Report>| {
            r.map(|m| serde_json::to_value(m).unwrap())
        };
        prop_assert_eq!(as_value(mpsd_handles::from_value(&doc.value())), as_value(from_str));
    }

    /// 6. The context length equals the length of percent-encoding's output.
    #[test]
    fn context_length_is_percent_encodings(s in any::<String>()) {
        let encoded = utf8_percent_encode(&s, URI_COMPONENT).to_string();
        prop_assert_eq!(mpsd_handles::model::uri_encoded_len(&s), encoded.len());
        let by_hand: usize = s
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { 1 } else { 3 })
            .sum();
        prop_assert_eq!(encoded.len(), by_hand);
    }

    /// Any bytes at all: a verdict, never a panic, and a report that keeps
    /// its promises (see `report_is_well_formed`).
    #[test]
    fn any_bytes_get_a_verdict(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Err(report) = mpsd_handles::from_slice(&bytes) {
            report_is_well_formed(&report)?;
        }
    }

    /// JSON made of the handles' own members and values, nested at random
    /// (issue 28: random bytes are nearly always a syntax error, so that
    /// test never reaches the rules): every report is well formed, no
    /// violation is a syntax error, and every pointer resolves.
    #[test]
    fn near_json_gets_a_verdict_from_the_rules(doc in near_json()) {
        let text = doc.to_string();
        if let Err(report) = mpsd_handles::from_str(&text) {
            report_is_well_formed(&report)?;
            for v in report.violations() {
                prop_assert_ne!(v.code(), mpsd_handles::Code::SyntaxError, "{}", text);
                prop_assert!(resolves(&doc, v.pointer().as_str()), "{} in {}", v.pointer().as_str(), text);
            }
        }
    }

    /// A valid body with bytes flipped: a verdict, never a panic, and an
    /// accepted result is really valid (it serializes and re-parses).
    #[test]
    fn flipped_bytes_get_a_verdict(doc in valid(), flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4)) {
        let mut bytes = doc.text().into_bytes();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        match mpsd_handles::from_slice(&bytes) {
            Ok(model) => {
                let again = mpsd_handles::from_slice(&serde_json::to_vec(&model).unwrap()).unwrap();
                prop_assert_eq!(again, model);
            }
            Err(report) => report_is_well_formed(&report)?,
        }
    }
}

/// The schema's uint32 and u64 patterns match exactly the canonical spellings
/// of their ranges (checked with Rust's `regex`, one of the three engines).
#[cfg(feature = "schema")]
mod range_patterns {
    use std::sync::LazyLock;

    use proptest::prelude::*;
    use regex::Regex;

    fn pattern_at(pointer: &str) -> Regex {
        let schema =
            mpsd_handles::schema::handle_request(mpsd_handles::schema::Draft::Draft2020_12);
        let p = schema.pointer(pointer).and_then(|v| v.as_str()).unwrap();
        Regex::new(p).unwrap()
    }

    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| pattern_at("/$defs/InviteAttributes/properties/titleId/anyOf/0/pattern"));
    static XUID: LazyLock<Regex> = LazyLock::new(|| {
        let schema =
            mpsd_handles::schema::handle_request(mpsd_handles::schema::Draft::Draft2020_12);
        let variants = schema["oneOf"].as_array().unwrap();
        let invite = variants
            .iter()
            .find(|v| v["properties"]["invitedXuid"].is_object())
            .unwrap();
        Regex::new(
            invite["properties"]["invitedXuid"]["pattern"]
                .as_str()
                .unwrap(),
        )
        .unwrap()
    });

    fn canonical(n: u128) -> String {
        n.to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn uint32(n in prop_oneof![0..=u128::from(u32::MAX) + 10, any::<u64>().prop_map(u128::from), any::<u128>()]) {
            prop_assert_eq!(TITLE.is_match(&canonical(n)), n <= u128::from(u32::MAX), "{}", n);
            let padded = format!("0{n}");
            prop_assert!(!TITLE.is_match(&padded));
        }

        #[test]
        fn u64(n in prop_oneof![0..=1000u128, any::<u64>().prop_map(u128::from), (u128::from(u64::MAX) - 1000)..=(u128::from(u64::MAX) + 1000), any::<u128>()]) {
            prop_assert_eq!(XUID.is_match(&canonical(n)), n >= 1 && n <= u128::from(u64::MAX), "{}", n);
            let padded = format!("0{n}");
            prop_assert!(!XUID.is_match(&padded));
        }

        #[test]
        fn patterns_and_rules_agree_on_any_string(s in "[0-9]{0,22}|[0-9 +\\-x.e１]{0,12}") {
            let rule = s.parse::<mpsd_handles::model::TitleId>().is_ok();
            prop_assert_eq!(TITLE.is_match(&s), rule, "{:?}", s);
            let rule = s.parse::<mpsd_handles::model::Xuid>().is_ok();
            prop_assert_eq!(XUID.is_match(&s), rule, "{:?}", s);
        }
    }
}
