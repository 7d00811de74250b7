//! The values the conformance corpus tries at each pointer, valid and not.

use serde_json::{Value, json};

use crate::common::NOT_DECIMAL;

/// Values worth trying at one pointer, valid and not.
pub fn values_for(pointer: &str) -> Vec<Value> {
    let mut common = vec![json!(null), json!(true), json!(1), json!([]), json!({})];
    let specific: Vec<Value> = match pointer {
        "/version" => vec![
            json!(1),
            json!(0),
            json!(2),
            json!(-1),
            json!("1"),
            json!(1.5),
        ],
        "/type" => [
            "activity",
            "invite",
            "transfer",
            "search",
            "Search",
            "transfers",
            "Activity",
            "INVITE",
            "",
            "activities",
            "invite ",
        ]
        .map(|s| json!(s))
        .to_vec(),
        "/originSessionRef" => vec![
            json!({"scid": crate::common::SCID, "templateName": "lobby"}),
            json!({"scid": crate::common::SCID}),
            json!({"scid": "MockScid", "templateName": "lobby"}),
        ],
        "/searchAttributes" => vec![
            json!({"tags": ["a"], "numbers": {"b": 1.5}, "strings": {"c": "d"}}),
            json!({"tags": []}),
            json!({"tag": []}),
        ],
        "/searchAttributes/tags" => vec![
            json!(["micsrequired", "girlsonly"]),
            json!(["Skill_D", "x9", "a".repeat(99)]),
            json!(["1a"]),
            json!(["a b"]),
            json!([""]),
            json!(["a".repeat(100)]),
            json!(["é"]),
            json!([1]),
            json!("a"),
        ],
        "/searchAttributes/numbers" => vec![
            json!({"Skill_D": 10.145, "Skill_I": 14}),
            json!({"a": -1e300, "b": 0}),
            json!({"a": "1"}),
            json!({"a b": 1}),
            json!({"_a": 1}),
            json!({"a/b": 1}),
            json!({"a": null}),
        ],
        "/searchAttributes/strings" => vec![
            json!({"Class": "A"}),
            json!({"a": "x".repeat(99)}),
            json!({"a": "x".repeat(100)}),
            json!({"a": 1}),
            json!({"1": "x"}),
        ],
        "/id" | "/sessionRef/scid" | "/originSessionRef/scid" => [
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13",
            "47CA0049-A5BA-4BC1-AA22-FCF834CE4C13",
            "00000000-0000-0000-0000-000000000000",
            "47ca0049a5ba4bc1aa22fcf834ce4c13",
            "{47ca0049-a5ba-4bc1-aa22-fcf834ce4c13}",
            "urn:uuid:47ca0049-a5ba-4bc1-aa22-fcf834ce4c13",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c13\n",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1\n",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1g",
            "47ca0049-a5ba-4bc1-aa22-fcf834ce4c1１",
            "47ca0049_a5ba_4bc1_aa22_fcf834ce4c13",
            "",
        ]
        .map(|s| json!(s))
        .to_vec(),
        "/sessionRef/templateName" | "/sessionRef/name" => {
            let mut v: Vec<Value> = [
                "a",
                "deathmatch",
                "A-Za-z0-9._~",
                "",
                "death match",
                "a/b",
                "ä",
                "a\n",
                "\na",
                "tab\t",
                "x:y",
                "a%20b",
                "１２３",
                "€",
            ]
            .map(|s| json!(s))
            .to_vec();
            v.extend([
                json!("x".repeat(100)),
                json!("x".repeat(101)),
                json!(format!("{}\n", "x".repeat(99))),
            ]);
            v
        }
        "/invitedXuid" => {
            let mut v: Vec<Value> = [
                "1",
                "3210",
                "0",
                "18446744073709551615",
                "18446744073709551616",
                "99999999999999999999",
                "184467440737095516150",
            ]
            .map(|s| json!(s))
            .to_vec();
            v.extend(NOT_DECIMAL.iter().map(|s| json!(s)));
            v.extend(decimal_edges(u64::MAX).into_iter().map(|s| json!(s)));
            v.push(json!(3210));
            v
        }
        "/inviteAttributes/titleId" => {
            let mut v: Vec<Value> = ["0", "1018096776", "4294967295", "4294967296"]
                .map(|s| json!(s))
                .to_vec();
            v.extend(NOT_DECIMAL.iter().map(|s| json!(s)));
            v.extend(
                decimal_edges(u64::from(u32::MAX))
                    .into_iter()
                    .map(|s| json!(s)),
            );
            v.extend([
                json!(0),
                json!(4_294_967_295_u64),
                json!(4_294_967_296_u64),
                json!(-1),
                json!(1.5),
            ]);
            v
        }
        "/inviteAttributes/context" => vec![
            json!("a".repeat(256)),
            json!("a".repeat(257)),
            json!(" ".repeat(85)),
            json!(" ".repeat(86)),
            json!("é"),
            json!(format!("{}aaaa", "€".repeat(42))),
            json!(format!("{}aaaa", "€".repeat(28))),
            json!(format!("{}aaaaa", "€".repeat(28))),
            json!("😀".repeat(21)),
            json!("😀".repeat(22)),
            json!(""),
        ],
        "/inviteAttributes/contextString" | "/inviteAttributes/senderString" => {
            vec![json!(""), json!("Ünïcødé ✓"), json!("x".repeat(1000))]
        }
        "/sessionRef" | "/inviteAttributes" => vec![json!("x")],
        _ => vec![],
    };
    common.extend(specific);
    common
}

/// Canonical digit strings around `max`: for each digit, one just under and
/// one just over, so every branch of a range pattern is tried.
fn decimal_edges(max: u64) -> Vec<String> {
    let digits = max.to_string();
    let mut out = Vec::new();
    for i in 0..digits.len() {
        let (head, tail) = digits.split_at(i);
        let d = tail.as_bytes()[0] - b'0';
        let rest = tail.len() - 1;
        if d > 0 && !(i == 0 && d == 1) {
            out.push(format!("{head}{}{}", d - 1, "9".repeat(rest)));
        }
        if d < 9 {
            out.push(format!("{head}{}{}", d + 1, "0".repeat(rest)));
        }
    }
    out.push("9".repeat(digits.len() - 1));
    out.push(format!("1{}", "0".repeat(digits.len())));
    out
}
