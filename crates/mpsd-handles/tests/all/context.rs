//! Every row of docs/rules.md §3: the URI-encoded length of `context`.

use serde_json::json;

use crate::common::{check, found, invite, pairs, set};

#[test]
fn spec_table() {
    let rows = [
        ("a".repeat(256), 256, true),
        ("a".repeat(257), 257, false),
        (" ".repeat(85), 255, true),
        (" ".repeat(86), 258, false),
        ("é".to_owned(), 6, true),
        (format!("{}aaaa", "€".repeat(42)), 382, false),
        (String::new(), 0, true),
    ];
    for (context, len, valid) in rows {
        assert_eq!(
            mpsd_handles::model::uri_encoded_len(&context),
            len,
            "{context:?}"
        );
        let mut doc = invite();
        set(&mut doc, "/inviteAttributes/context", json!(context));
        let expected = if valid {
            vec![]
        } else {
            pairs(&[("/inviteAttributes/context", "context_too_long")])
        };
        assert_eq!(found(&check(&doc)), expected, "{context:?}");
        assert_eq!(
            mpsd_handles::model::InviteContext::new(context.clone()).is_ok(),
            valid
        );
    }
}

#[test]
fn unreserved_characters_count_once() {
    assert_eq!(mpsd_handles::model::uri_encoded_len("AZaz09-._~"), 10);
    for reserved in [
        "!", "*", "'", "(", ")", ";", ":", "@", "&", "=", "+", "$", ",", "/", "?", "#", "[", "]",
        "%",
    ] {
        assert_eq!(
            mpsd_handles::model::uri_encoded_len(reserved),
            3,
            "{reserved}"
        );
    }
    // 4-byte UTF-8: 12 once encoded.
    assert_eq!(mpsd_handles::model::uri_encoded_len("😀"), 12);
}

#[test]
fn multibyte_edges() {
    // 85 × "é" = 170 bytes = 510 encoded; 42 × "é" = 252 + "aaaa" = 256.
    let at_limit = format!("{}aaaa", "é".repeat(42));
    assert_eq!(mpsd_handles::model::uri_encoded_len(&at_limit), 256);
    assert!(mpsd_handles::model::InviteContext::new(at_limit.clone()).is_ok());
    assert!(mpsd_handles::model::InviteContext::new(format!("{at_limit}a")).is_err());
}
