//! Regression tests of the issue "Hardening": numbers (docs/rules.md §2 "Numbers"),
//! syntax-error messages, and echoed input that cannot forge a line.

use mpsd_handles::{Code, HandleRequest, Report};
use serde_json::Value;

use crate::common::{SCID, activity, invite};

/// `(pointer, code)` of every violation of `text`, or empty when valid.
fn codes(text: &str) -> Vec<(String, Code)> {
    match mpsd_handles::from_str(text) {
        Ok(_) => Vec::new(),
        Err(r) => r
            .iter()
            .map(|v| (v.pointer().as_str().to_owned(), v.code()))
            .collect(),
    }
}

/// A valid body's text with `member` of `object` (a pointer) replaced by the raw JSON `raw`.
fn with_raw(base: &Value, pointer: &str, raw: &str) -> String {
    let mut doc = base.clone();
    crate::common::set(&mut doc, pointer, Value::String("@@".into()));
    serde_json::to_string(&doc).unwrap().replace("\"@@\"", raw)
}

fn report(text: &str) -> Report {
    mpsd_handles::from_str(text).unwrap_err()
}

#[test]
fn version_integer_spellings_are_unsupported_whatever_their_size() {
    for raw in [
        "18446744073709551616",
        "-0",
        "0",
        "2",
        "-1",
        &"9".repeat(400),
    ] {
        let text = with_raw(&activity(), "/version", raw);
        let r = report(&text);
        assert_eq!(
            codes(&text),
            [("/version".into(), Code::UnsupportedVersion)],
            "{raw}"
        );
        let message = &r.violations()[0].message().to_string();
        assert!(
            !message.contains("e19") && !message.contains("inf"),
            "{message}"
        );
    }
    let r = report(&with_raw(&activity(), "/version", "18446744073709551616"));
    assert!(
        r.violations()[0]
            .message()
            .to_string()
            .contains("18446744073709551616"),
        "{r}"
    );
}

#[test]
fn version_fractions_and_exponents_are_the_wrong_type() {
    for raw in ["1.0", "1e0", "1E0", "1e400", "-1e400", "0.1e1", "1.5"] {
        let text = with_raw(&activity(), "/version", raw);
        assert_eq!(
            codes(&text),
            [("/version".into(), Code::InvalidType)],
            "{raw}"
        );
        assert!(
            report(&text).violations()[0]
                .message()
                .to_string()
                .contains(raw),
            "{raw}"
        );
    }
}

#[test]
fn a_number_beyond_f64_is_json_judged_by_its_member() {
    let mut doc = activity();
    doc["x"] = Value::from(1);
    let text = serde_json::to_string(&doc)
        .unwrap()
        .replace("\"x\":1", "\"x\":1e400");
    assert_eq!(codes(&text), [("/x".into(), Code::UnknownMember)]);

    let text = with_raw(&activity(), "/sessionRef", "-1e400");
    assert_eq!(codes(&text), [("/sessionRef".into(), Code::InvalidType)]);
    let text = with_raw(&activity(), "/sessionRef/scid", "1e400");
    assert_eq!(
        codes(&text),
        [("/sessionRef/scid".into(), Code::InvalidType)]
    );
    let text = with_raw(&invite(), "/invitedXuid", &"9".repeat(400));
    assert_eq!(codes(&text), [("/invitedXuid".into(), Code::InvalidType)]);

    // Deep inside an unknown member, with other violations around it: all reported.
    let text = format!(
        r#"{{"version":2,"type":"activity","x":[{{"y":[1e400,-1E-400,{}]}}],
            "sessionRef":{{"scid":"{SCID}","templateName":"a b"}}}}"#,
        "9".repeat(500)
    );
    assert_eq!(
        codes(&text),
        [
            (
                "/sessionRef/templateName".into(),
                Code::NameInvalidCharacter
            ),
            ("/version".into(), Code::UnsupportedVersion),
            ("/x".into(), Code::UnknownMember),
        ]
    );
}

#[test]
fn after_a_number_beyond_f64_limits_and_syntax_still_apply() {
    let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    let text = format!(r#"{{"x":1e400,"y":{deep}}}"#);
    assert_eq!(codes(&text), [(String::new(), Code::TooDeep)]);

    let text = r#"{"x":1e400,}"#;
    let r = report(text);
    assert_eq!(r.violations()[0].code(), Code::SyntaxError);
    assert!(
        r.violations()[0]
            .message()
            .to_string()
            .contains("line 1 column 12"),
        "{r}"
    );
}

#[test]
fn title_id_spelling_comes_first() {
    for (raw, expected) in [
        ("-5.0", Some(Code::TitleIdNotDecimal)),
        ("-1e3", Some(Code::TitleIdNotDecimal)),
        ("-1.5", Some(Code::TitleIdNotDecimal)),
        ("5.0", Some(Code::TitleIdNotDecimal)),
        ("1e400", Some(Code::TitleIdNotDecimal)),
        ("-0", None),
        ("0", None),
        ("4294967295", None),
        ("-7", Some(Code::TitleIdOutOfRange)),
        ("4294967296", Some(Code::TitleIdOutOfRange)),
        ("99999999999999999999999", Some(Code::TitleIdOutOfRange)),
        ("-99999999999999999999999", Some(Code::TitleIdOutOfRange)),
    ] {
        let text = with_raw(&invite(), "/inviteAttributes/titleId", raw);
        let found: Vec<Code> = codes(&text).into_iter().map(|(_, c)| c).collect();
        assert_eq!(found, expected.into_iter().collect::<Vec<_>>(), "{raw}");
    }
    let text = with_raw(&invite(), "/inviteAttributes/titleId", "-0");
    let Ok(HandleRequest::Invite(i)) = mpsd_handles::from_str(&text) else {
        panic!("-0 is a valid titleId");
    };
    assert_eq!(i.invite_attributes.title_id.get(), 0);
}

#[test]
fn an_out_of_range_number_is_echoed_as_written() {
    let raw = "99999999999999999999999";
    let text = with_raw(&invite(), "/inviteAttributes/titleId", raw);
    let message = report(&text).violations()[0].message().to_string().clone();
    assert!(message.contains(&format!("titleId {raw} is")), "{message}");
    let text = with_raw(&invite(), "/inviteAttributes/titleId", "-0.0");
    assert!(
        report(&text).violations()[0]
            .message()
            .to_string()
            .contains("-0.0")
    );
}

#[test]
fn numbers_from_a_value_agree_where_the_value_kept_the_spelling() {
    for raw in ["-5.0", "-1e3", "2", "-7", "4294967296", "1.0"] {
        for (base, pointer) in [
            (invite(), "/inviteAttributes/titleId"),
            (activity(), "/version"),
        ] {
            let text = with_raw(&base, pointer, raw);
            let value: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                mpsd_handles::from_value(&value).map_err(|r| r.violations()[0].code()),
                mpsd_handles::from_str(&text).map_err(|r| r.violations()[0].code()),
                "{text}"
            );
        }
    }
}

#[test]
fn the_deserialize_impl_judges_numbers_too() {
    let text = with_raw(&invite(), "/inviteAttributes/titleId", "-5.0");
    let e = serde_json::from_str::<HandleRequest>(&text).unwrap_err();
    assert!(e.to_string().contains("title_id_not_decimal"), "{e}");
    let text = with_raw(&activity(), "/version", "1.0");
    let e = serde_json::from_str::<HandleRequest>(&text).unwrap_err();
    assert!(e.to_string().contains("[invalid_type]"), "{e}");
}

#[test]
fn a_byte_order_mark_is_named() {
    let text = format!("\u{feff}{}", serde_json::to_string(&activity()).unwrap());
    let r = report(&text);
    assert_eq!(r.violations()[0].code(), Code::SyntaxError);
    assert_eq!(
        r.violations()[0].message().to_string(),
        "The body is not valid JSON at line 1 column 1: byte-order mark (U+FEFF) before the body; JSON text must not start with one."
    );
    let r = mpsd_handles::from_slice(text.as_bytes()).unwrap_err();
    assert!(
        r.violations()[0]
            .message()
            .to_string()
            .contains("byte-order mark (U+FEFF)")
    );
}

#[test]
fn a_lone_surrogate_is_named_with_its_position() {
    for (text, escape, at) in [
        (r#"{"a":"\ud800"}"#, r"\ud800", "line 1 column 7"),
        ("{\n  \"b\": \"x\\uDC00y\"}", r"\uDC00", "line 2 column 10"),
        (r#"{"\ud83d\u0041":1}"#, r"\ud83d", "line 1 column 3"),
    ] {
        let r = report(text);
        let v = &r.violations()[0];
        assert_eq!(v.code(), Code::SyntaxError, "{text}");
        assert!(
            v.message()
                .to_string()
                .contains(&format!("at {at}: the escape {escape} ")),
            "{}",
            v.message().to_string()
        );
    }
    // A pair is a character, not an error.
    let text = with_raw(&invite(), "/inviteAttributes/context", r#""\ud83d\ude00""#);
    assert!(mpsd_handles::from_str(&text).is_ok());
}

#[test]
fn echoed_names_and_values_cannot_forge_a_line() {
    let mut doc = activity();
    doc["a\nfake.json: valid activity handle"] = Value::from(1);
    doc["sessionRef"]["scid"] = Value::from("x\u{202e}\r\n");
    let text = serde_json::to_string(&doc).unwrap();
    let r = report(&text);
    for v in &r {
        assert!(
            !v.message().to_string().contains(['\n', '\r', '\u{202e}']),
            "{:?}",
            v.message().to_string()
        );
    }
    let shown = r.to_string();
    assert_eq!(shown.lines().count(), r.len(), "{shown}");
    assert!(shown.contains(r"/a\nfake.json: valid activity handle: The handle has no member "));
    assert!(
        shown.contains(r#""x\u{202e}\r\n" is not a GUID"#),
        "{shown}"
    );
}

#[test]
fn echoed_values_are_cut() {
    let long = "z".repeat(60_000);
    let mut doc = invite();
    doc["sessionRef"]["scid"] = Value::from(long.clone());
    doc["type"] = Value::from(long.clone());
    doc["invitedXuid"] = Value::from("9".repeat(60_000));
    doc["inviteAttributes"]["titleId"] = Value::from("7".repeat(60_000));
    doc[long.as_str()] = Value::from(1);
    let text = serde_json::to_string(&doc).unwrap();
    let r = mpsd_handles::Validator::new()
        .with_max_bytes(1 << 20)
        .validate_str(&text)
        .unwrap_err();
    assert_eq!(r.len(), 5, "{r}");
    for line in r.to_string().lines() {
        assert!(line.chars().count() < 400, "{line}");
        assert!(line.contains('…'), "{line}");
    }
}

mod spellings {
    use mpsd_handles::Code;
    use proptest::prelude::*;

    use super::{activity, codes, invite, with_raw};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// docs/rules.md §2 "Numbers", written out independently: any spelling the
        /// JSON grammar allows, at `version` and at `titleId`.
        #[test]
        fn number_spellings_follow_the_spec(
            negative in any::<bool>(),
            int in "0|[1-9][0-9]{0,30}",
            frac in proptest::option::of("[0-9]{1,3}"),
            exp in proptest::option::of("[eE][+-]?[0-9]{1,3}"),
        ) {
            let spelled_as_integer = frac.is_none() && exp.is_none();
            let spelling = format!(
                "{}{int}{}{}",
                if negative { "-" } else { "" },
                frac.map(|f| format!(".{f}")).unwrap_or_default(),
                exp.unwrap_or_default()
            );
            let version = if !spelled_as_integer {
                vec![Code::InvalidType]
            } else if spelling == "1" {
                vec![]
            } else {
                vec![Code::UnsupportedVersion]
            };
            let found: Vec<Code> = codes(&with_raw(&activity(), "/version", &spelling))
                .into_iter().map(|(_, c)| c).collect();
            prop_assert_eq!(found, version, "version {}", spelling);

            let value = int.parse::<u128>().ok();
            let title = if !spelled_as_integer {
                vec![Code::TitleIdNotDecimal]
            } else if negative && int != "0" || value.is_none_or(|v| v > u128::from(u32::MAX)) {
                vec![Code::TitleIdOutOfRange]
            } else {
                vec![]
            };
            let found: Vec<Code> = codes(&with_raw(&invite(), "/inviteAttributes/titleId", &spelling))
                .into_iter().map(|(_, c)| c).collect();
            prop_assert_eq!(found, title, "titleId {}", spelling);
        }
    }
}
