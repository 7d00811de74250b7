//! proptest strategies: single known mutations of a valid body, each with
//! the pointer and code it must be reported at.

use proptest::prelude::*;
use serde_json::{Value, json};

use proptest::sample::select;

use crate::strategies::{Node, context_too_long, guid, leaf, pointer, valid};

/// One change that breaks exactly one member.
#[derive(Clone, Debug)]
pub enum Mutation {
    /// Remove a required member.
    Remove(Vec<&'static str>),
    /// Set (or add) a member to a bad value.
    Set(Vec<&'static str>, Value),
    /// Add a member no object defines.
    Unknown(Vec<&'static str>, String),
}

impl Mutation {
    pub fn apply(&self, doc: &mut Node) {
        match self {
            Mutation::Remove(path) => {
                let (last, parent) = path.split_last().unwrap();
                doc.members_mut(parent).unwrap().retain(|(k, _)| k != last);
            }
            Mutation::Set(path, value) => {
                let (last, parent) = path.split_last().unwrap();
                let members = doc.members_mut(parent).unwrap();
                match members.iter_mut().find(|(k, _)| k == last) {
                    Some((_, v)) => *v = Node::Leaf(value.clone()),
                    None => members.push(leaf(last, value.clone())),
                }
            }
            Mutation::Unknown(parent, key) => {
                doc.members_mut(parent).unwrap().push(leaf(key, json!(1)));
            }
        }
    }

    /// The pointer that must be reported.
    pub fn pointer(&self) -> String {
        match self {
            Mutation::Remove(path) | Mutation::Set(path, _) => pointer(path),
            Mutation::Unknown(parent, key) => {
                let mut path: Vec<&str> = parent.clone();
                path.push(key);
                pointer(&path)
            }
        }
    }
}

fn wrong_type(except: &'static str) -> impl Strategy<Value = Value> {
    let all = vec![
        ("null", json!(null)),
        ("boolean", json!(true)),
        ("number", json!(42)),
        ("string", json!("x")),
        ("array", json!([1, [2]])),
        ("object", json!({"a": {}})),
    ];
    select(
        all.into_iter()
            .filter(|(t, _)| *t != except)
            .map(|(_, v)| v)
            .collect::<Vec<_>>(),
    )
}

fn bad_guid() -> impl Strategy<Value = Value> {
    (guid(), 0..5usize).prop_map(|(g, how)| {
        json!(match how {
            0 => format!("{{{g}}}"),
            1 => g.replace('-', ""),
            2 => format!("{g}\n"),
            3 => format!("urn:uuid:{g}"),
            _ => format!("{}g", &g[..35]),
        })
    })
}

fn bad_name() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("")),
        "[A-Za-z0-9._~-]{101,140}".prop_map(|s| json!(s)),
        (
            "[A-Za-z0-9._~-]{0,50}",
            select(vec![" ", "/", "é", "\n", "%", "+", ":", "１"]),
            "[A-Za-z0-9._~-]{0,49}"
        )
            .prop_map(|(a, bad, b)| json!(format!("{a}{bad}{b}"))),
    ]
}

fn bad_xuid() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("0")),
        Just(json!("18446744073709551616")),
        ((u128::from(u64::MAX) + 1)..u128::MAX).prop_map(|n| json!(n.to_string())),
        (1..=u64::MAX).prop_map(|n| json!(format!("0{n}"))),
        (1..=u64::MAX).prop_map(|n| json!(format!("+{n}"))),
        (1..=u64::MAX).prop_map(|n| json!(format!("{n}\n"))),
        (1..=u64::MAX).prop_map(|n| json!(n)),
        wrong_type("string"),
    ]
}

fn bad_title_id() -> impl Strategy<Value = Value> {
    let over = u64::from(u32::MAX) + 1;
    prop_oneof![
        (over..=u64::MAX).prop_map(|n| json!(n.to_string())),
        (over..=u64::MAX).prop_map(|n| json!(n)),
        (i64::MIN..0).prop_map(|n| json!(n)),
        any::<u32>().prop_map(|n| json!(format!("0{n}"))),
        any::<u32>().prop_map(|n| json!(format!("{n} "))),
        any::<u32>().prop_map(|n| json!(format!("-{n}"))),
        Just(json!("")),
        Just(json!(1.5)),
        select(vec![json!(null), json!(true), json!([]), json!({})]),
    ]
}

/// A mutation that applies to `doc`.
pub fn mutation(doc: &Node) -> BoxedStrategy<Mutation> {
    let invite = doc.has(&["invitedXuid"]);
    let transfer = doc.has(&["originSessionRef"]);
    let search = doc.has(&["type"]) && doc.text().contains("\"search\"");
    let origin = json!({"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "lobby"});
    let mut options: Vec<BoxedStrategy<Mutation>> = vec![
        Just(Mutation::Remove(vec!["version"])).boxed(),
        Just(Mutation::Remove(vec!["type"])).boxed(),
        Just(Mutation::Remove(vec!["sessionRef"])).boxed(),
        Just(Mutation::Remove(vec!["sessionRef", "scid"])).boxed(),
        Just(Mutation::Remove(vec!["sessionRef", "templateName"])).boxed(),
        prop_oneof![
            (2..u64::MAX).prop_map(|n| json!(n)),
            Just(json!(0)),
            Just(json!(1.5)),
            wrong_type("number")
        ]
        .prop_map(|v| Mutation::Set(vec!["version"], v))
        .boxed(),
        prop_oneof![
            select(vec![
                json!("Activity"),
                json!("INVITE"),
                json!(""),
                json!("handle")
            ]),
            wrong_type("string")
        ]
        .prop_map(|v| Mutation::Set(vec!["type"], v))
        .boxed(),
        prop_oneof![bad_guid(), wrong_type("string")]
            .prop_map(|v| Mutation::Set(vec!["id"], v))
            .boxed(),
        prop_oneof![bad_guid(), wrong_type("string")]
            .prop_map(|v| Mutation::Set(vec!["sessionRef", "scid"], v))
            .boxed(),
        prop_oneof![bad_name(), wrong_type("string")]
            .prop_map(|v| Mutation::Set(vec!["sessionRef", "templateName"], v))
            .boxed(),
        prop_oneof![bad_name(), wrong_type("string")]
            .prop_map(|v| Mutation::Set(vec!["sessionRef", "name"], v))
            .boxed(),
        wrong_type("object")
            .prop_map(|v| Mutation::Set(vec!["sessionRef"], v))
            .boxed(),
        ("[a-zA-Z]{1,12}", select(vec![vec![], vec!["sessionRef"]]))
            .prop_filter("a known name", |(k, _)| {
                ![
                    "version",
                    "type",
                    "id",
                    "sessionRef",
                    "invitedXuid",
                    "inviteAttributes",
                    "scid",
                    "templateName",
                    "name",
                ]
                .contains(&k.as_str())
            })
            .prop_map(|(k, parent)| Mutation::Unknown(parent, k))
            .boxed(),
    ];
    if invite {
        options.extend([
            Just(Mutation::Remove(vec!["invitedXuid"])).boxed(),
            Just(Mutation::Remove(vec!["inviteAttributes"])).boxed(),
            Just(Mutation::Remove(vec!["inviteAttributes", "titleId"])).boxed(),
            bad_xuid()
                .prop_map(|v| Mutation::Set(vec!["invitedXuid"], v))
                .boxed(),
            bad_title_id()
                .prop_map(|v| Mutation::Set(vec!["inviteAttributes", "titleId"], v))
                .boxed(),
            prop_oneof![
                context_too_long().prop_map(|s| json!(s)),
                wrong_type("string")
            ]
            .prop_map(|v| Mutation::Set(vec!["inviteAttributes", "context"], v))
            .boxed(),
            wrong_type("string")
                .prop_map(|v| Mutation::Set(vec!["inviteAttributes", "contextString"], v))
                .boxed(),
            wrong_type("string")
                .prop_map(|v| Mutation::Set(vec!["inviteAttributes", "senderString"], v))
                .boxed(),
            wrong_type("object")
                .prop_map(|v| Mutation::Set(vec!["inviteAttributes"], v))
                .boxed(),
            "[a-z]{1,12}"
                .prop_filter("a known name", |k| {
                    !["titleid", "context", "contextstring", "senderstring"].contains(&k.as_str())
                })
                .prop_map(|k| Mutation::Unknown(vec!["inviteAttributes"], k))
                .boxed(),
        ]);
    } else {
        options.extend([
            Just(Mutation::Set(vec!["invitedXuid"], json!("3210"))).boxed(),
            Just(Mutation::Set(
                vec!["inviteAttributes"],
                json!({"titleId": "1"}),
            ))
            .boxed(),
        ]);
    }
    if transfer {
        options.extend([
            Just(Mutation::Remove(vec!["originSessionRef"])).boxed(),
            Just(Mutation::Remove(vec!["originSessionRef", "scid"])).boxed(),
            prop_oneof![bad_guid(), wrong_type("string")]
                .prop_map(|v| Mutation::Set(vec!["originSessionRef", "scid"], v))
                .boxed(),
            prop_oneof![bad_name(), wrong_type("string")]
                .prop_map(|v| Mutation::Set(vec!["originSessionRef", "templateName"], v))
                .boxed(),
            wrong_type("object")
                .prop_map(|v| Mutation::Set(vec!["originSessionRef"], v))
                .boxed(),
        ]);
    } else {
        options.push(Just(Mutation::Set(vec!["originSessionRef"], origin)).boxed());
    }
    if search {
        options.push(
            wrong_type("object")
                .prop_map(|v| Mutation::Set(vec!["searchAttributes"], v))
                .boxed(),
        );
        if doc.has(&["searchAttributes"]) {
            options.extend([
                wrong_type("array")
                    .prop_map(|v| Mutation::Set(vec!["searchAttributes", "tags"], v))
                    .boxed(),
                wrong_type("object")
                    .prop_map(|v| Mutation::Set(vec!["searchAttributes", "numbers"], v))
                    .boxed(),
                wrong_type("object")
                    .prop_map(|v| Mutation::Set(vec!["searchAttributes", "strings"], v))
                    .boxed(),
            ]);
        }
    } else {
        options.push(Just(Mutation::Set(vec!["searchAttributes"], json!({}))).boxed());
    }
    proptest::strategy::Union::new(options).boxed()
}

/// A valid body and one mutation of it.
pub fn mutated() -> impl Strategy<Value = (Node, Mutation)> {
    valid().prop_flat_map(|doc| {
        let m = mutation(&doc);
        (Just(doc), m)
    })
}
