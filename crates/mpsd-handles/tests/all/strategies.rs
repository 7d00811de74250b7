//! proptest strategies: valid bodies over the full value ranges, with member
//! order shuffled (mutations of them: `mutations.rs`).

#![allow(dead_code)] // shared by several test modules, each using a part

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

/// A JSON document that keeps member order (and so can be written shuffled).
#[derive(Clone, Debug)]
pub enum Node {
    Leaf(Value),
    Object(Vec<(String, Node)>),
}

impl Node {
    pub fn text(&self) -> String {
        match self {
            Node::Leaf(v) => serde_json::to_string(v).unwrap(),
            Node::Object(members) => {
                let inner: Vec<String> = members
                    .iter()
                    .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), v.text()))
                    .collect();
                format!("{{{}}}", inner.join(","))
            }
        }
    }

    pub fn value(&self) -> Value {
        match self {
            Node::Leaf(v) => v.clone(),
            Node::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(k, v)| (k.clone(), v.value()))
                    .collect(),
            ),
        }
    }

    pub fn members_mut(&mut self, path: &[&str]) -> Option<&mut Vec<(String, Node)>> {
        let Node::Object(members) = self else {
            return None;
        };
        match path.split_first() {
            None => Some(members),
            Some((first, rest)) => members
                .iter_mut()
                .find(|(k, _)| k == first)
                .and_then(|(_, v)| v.members_mut(rest)),
        }
    }

    pub fn has(&self, path: &[&str]) -> bool {
        let mut node = self;
        for key in path {
            let Node::Object(members) = node else {
                return false;
            };
            match members.iter().find(|(k, _)| k == key) {
                Some((_, v)) => node = v,
                None => return false,
            }
        }
        true
    }
}

/// A leaf member.
pub fn leaf(key: &str, value: Value) -> (String, Node) {
    (key.to_owned(), Node::Leaf(value))
}

/// The RFC 6901 pointer of `path`.
pub fn pointer(path: &[&str]) -> String {
    let mut out = String::new();
    for k in path {
        out.push('/');
        out.push_str(&k.replace('~', "~0").replace('/', "~1"));
    }
    out
}

pub fn guid() -> impl Strategy<Value = String> {
    (any::<u128>(), any::<bool>()).prop_map(|(n, upper)| {
        let s = uuid::Uuid::from_u128(n).hyphenated().to_string();
        if upper { s.to_uppercase() } else { s }
    })
}

pub fn name() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z0-9._~-]{1,20}", "[A-Za-z0-9._~-]{95,100}",]
}

pub fn xuid() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(1),
        Just(u64::MAX),
        Just(u64::MAX - 1),
        1..=u64::MAX,
        1..100_000u64
    ]
}

pub fn title_id() -> impl Strategy<Value = Value> {
    let n = prop_oneof![Just(0), Just(u32::MAX), any::<u32>()];
    (n, any::<bool>()).prop_map(|(n, as_string)| {
        if as_string {
            json!(n.to_string())
        } else {
            json!(n)
        }
    })
}

/// Characters of 1, 2, 3 and 4 UTF-8 bytes, some unreserved and some not.
fn context_char() -> impl Strategy<Value = char> {
    select(vec![
        'a', 'Z', '7', '-', '~', ' ', '/', '%', 'é', 'ß', '€', '✓', '😀', '\n', '"', '\\',
    ])
}

/// A context of at most `max` characters once URI-encoded, often right at the edge.
pub fn context_within(max: usize) -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(context_char(), 0..300),
        any::<bool>(),
    )
        .prop_map(move |(chars, fill)| {
            let mut s = String::new();
            for c in chars {
                let mut next = s.clone();
                next.push(c);
                if mpsd_handles::model::uri_encoded_len(&next) > max {
                    break;
                }
                s = next;
            }
            if fill {
                while mpsd_handles::model::uri_encoded_len(&s) < max {
                    s.push('a');
                }
            }
            s
        })
}

/// A context longer than 256 once encoded: 257, 258 or 259 at the edge, or far past it.
pub fn context_too_long() -> impl Strategy<Value = String> {
    (
        context_within(256),
        select(vec![
            "a",
            " ",
            "é",
            "€",
            "😀",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        ]),
    )
        .prop_map(|(mut s, tail)| {
            while mpsd_handles::model::uri_encoded_len(&s) <= 256 {
                s.push_str(tail);
            }
            s
        })
}

fn optional<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> {
    prop_oneof![Just(None), s.prop_map(Some)]
}

fn shuffled(members: Vec<Option<(String, Node)>>) -> impl Strategy<Value = Node> {
    Just(members.into_iter().flatten().collect::<Vec<_>>())
        .prop_shuffle()
        .prop_map(Node::Object)
}

fn session_ref() -> impl Strategy<Value = Node> {
    (guid(), name(), optional(name())).prop_flat_map(|(scid, template, name)| {
        shuffled(vec![
            Some(leaf("scid", json!(scid))),
            Some(leaf("templateName", json!(template))),
            name.map(|n| leaf("name", json!(n))),
        ])
    })
}

fn invite_attributes() -> impl Strategy<Value = Node> {
    (
        title_id(),
        optional(context_within(256)),
        optional(any::<String>()),
        optional(any::<String>()),
    )
        .prop_flat_map(|(title, context, context_string, sender)| {
            shuffled(vec![
                Some(leaf("titleId", title)),
                context.map(|c| leaf("context", json!(c))),
                context_string.map(|c| leaf("contextString", json!(c))),
                sender.map(|c| leaf("senderString", json!(c))),
            ])
        })
}

/// A valid activity body.
pub fn activity() -> impl Strategy<Value = Node> {
    (optional(guid()), session_ref()).prop_flat_map(|(id, session)| {
        shuffled(vec![
            Some(leaf("version", json!(1))),
            Some(leaf("type", json!("activity"))),
            id.map(|id| leaf("id", json!(id))),
            Some(("sessionRef".to_owned(), session)),
        ])
    })
}

/// A valid invite body.
pub fn invite() -> impl Strategy<Value = Node> {
    (optional(guid()), session_ref(), xuid(), invite_attributes()).prop_flat_map(
        |(id, session, xuid, attributes)| {
            shuffled(vec![
                Some(leaf("version", json!(1))),
                Some(leaf("type", json!("invite"))),
                id.map(|id| leaf("id", json!(id))),
                Some(("sessionRef".to_owned(), session)),
                Some(leaf("invitedXuid", json!(xuid.to_string()))),
                Some(("inviteAttributes".to_owned(), attributes)),
            ])
        },
    )
}

/// An attribute name: an ASCII letter, then letters, digits or `_`; 1..=99.
pub fn attribute_name() -> impl Strategy<Value = String> {
    prop_oneof!["[A-Za-z][A-Za-z0-9_]{0,12}", "[A-Za-z][A-Za-z0-9_]{90,98}",]
}

/// Names that differ from one another without regard to case.
fn attribute_names(max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(attribute_name(), 0..max).prop_map(|names| {
        let mut unique: Vec<String> = Vec::new();
        for n in names {
            if !unique.iter().any(|u| u.eq_ignore_ascii_case(&n)) {
                unique.push(n);
            }
        }
        unique
    })
}

/// A string attribute: at most 99 UTF-8 bytes, often at the edge.
fn attribute_string() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-z]{99}", "[é€😀a]{20,40}",].prop_map(|mut s| {
        let mut end = s.len().min(99);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s
    })
}

fn search_attributes() -> impl Strategy<Value = Node> {
    (
        optional(prop::collection::vec(attribute_name(), 0..4)),
        optional(attribute_names(4).prop_flat_map(|names| {
            let n = names.len();
            (
                Just(names),
                prop::collection::vec(any::<f64>().prop_filter("finite", |f| f.is_finite()), n),
            )
        })),
        optional(attribute_names(4).prop_flat_map(|names| {
            let n = names.len();
            (Just(names), prop::collection::vec(attribute_string(), n))
        })),
    )
        .prop_flat_map(|(tags, numbers, strings)| {
            let object = |pairs: Vec<(String, Value)>| {
                Node::Object(pairs.into_iter().map(|(k, v)| leaf(&k, v)).collect())
            };
            shuffled(vec![
                tags.map(|t| leaf("tags", json!(t))),
                numbers.map(|(names, values)| {
                    let pairs = names
                        .into_iter()
                        .zip(values.into_iter().map(|v| json!(v)))
                        .collect();
                    ("numbers".to_owned(), object(pairs))
                }),
                strings.map(|(names, values)| {
                    let pairs = names
                        .into_iter()
                        .zip(values.into_iter().map(|v| json!(v)))
                        .collect();
                    ("strings".to_owned(), object(pairs))
                }),
            ])
        })
}

/// A valid transfer body.
pub fn transfer() -> impl Strategy<Value = Node> {
    (optional(guid()), session_ref(), session_ref()).prop_flat_map(|(id, session, origin)| {
        shuffled(vec![
            Some(leaf("type", json!("transfer"))),
            id.map(|id| leaf("id", json!(id))),
            Some(("sessionRef".to_owned(), session)),
            Some(leaf("version", json!(1))),
            Some(("originSessionRef".to_owned(), origin)),
        ])
    })
}

/// A valid search body.
pub fn search() -> impl Strategy<Value = Node> {
    (
        optional(guid()),
        session_ref(),
        optional(search_attributes()),
    )
        .prop_flat_map(|(id, session, attributes)| {
            shuffled(vec![
                Some(leaf("type", json!("search"))),
                Some(leaf("version", json!(1))),
                id.map(|id| leaf("id", json!(id))),
                Some(("sessionRef".to_owned(), session)),
                attributes.map(|a| ("searchAttributes".to_owned(), a)),
            ])
        })
}

/// A valid body of any type.
pub fn valid() -> impl Strategy<Value = Node> {
    prop_oneof![activity(), invite(), transfer(), search()]
}
