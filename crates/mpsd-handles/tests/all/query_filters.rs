//! Every filter and orderBy example of docs/rules.md §8.9 (and more), with
//! the rule and the offset each broken one reports; the canonical form.

use mpsd_handles::model::{Filter, OrderBy};

/// `(filter, None)` is valid; `(filter, Some((rule, offset)))` breaks `rule` at `offset`.
fn filters() -> Vec<(String, Option<(&'static str, usize)>)> {
    let deep = |n: usize| format!("{}numbers/a eq 1{}", "(".repeat(n), ")".repeat(n));
    let long = |n: usize| format!("numbers/a{} ge 0", "b".repeat(n));
    let mut rows: Vec<(String, Option<(&'static str, usize)>)> = vec![
        ("SearchQuery".into(), None),
        ("session/memberXuids/any(d:d eq '1234566')".into(), None),
        (
            "tags/any(d:tolower(d) eq 'coolpeopleonly') eq true and numbers/halokdratio eq 7.5"
                .into(),
            None,
        ),
        (
            "tags/any(a:tolower(a) eq 'elite') or number/guns gt 15 and string/clan eq 'purple'"
                .into(),
            None,
        ),
        (
            "Numbers/numberMetadataType eq 53 AND Tags/tagType eq 'value'".into(),
            None,
        ),
        ("tolower(strings/clan) eq 'o''brien'".into(), None),
        ("((numbers/a eq 1 or numbers/b eq 2))".into(), None),
        ("( (numbers/a eq 1 or numbers/b eq 2) )".into(), None),
        ("numbers/eq eq 1".into(), None),
        (deep(32), None),
        (deep(33), Some(("D1", 32))),
        ("not (numbers/rank eq 0)".into(), Some(("G5", 0))),
        (
            "numbers/a eq 1 or numbers/b eq 2 or numbers/c eq 3".into(),
            Some(("O1", 33)),
        ),
        (
            "(numbers/a eq 1 or numbers/b eq 2) and numbers/c eq 3".into(),
            Some(("O1", 16)),
        ),
        (
            "tags/any(d:tolower(d) eq 'a' or tolower(d) eq 'b')".into(),
            Some(("O1", 29)),
        ),
        ("contains(strings/map,'city')".into(), Some(("G4", 0))),
        ("toupper(strings/map) eq 'CITY'".into(), Some(("G4", 0))),
        ("strings/clan eq 'o'brien'".into(), Some(("grammar", 19))),
        ("numbers/rank eq '5'".into(), Some(("T2", 16))),
        ("strings/clan eq 5".into(), Some(("T2", 16))),
        ("tolower(numbers/rank) eq '5'".into(), Some(("T3", 8))),
        ("numbers/rank".into(), Some(("T4", 0))),
        ("session/closed gt true".into(), Some(("T5", 18))),
        ("session/closed eq true".into(), None),
        ("tags/any()".into(), Some(("grammar", 9))),
        ("tags/any(d:tolower(x) eq 'a')".into(), Some(("L2", 9))),
        ("tags/any(d:d/any(d:d eq 'x'))".into(), Some(("L1", 17))),
        ("tags/any(d: d/any(e: tolower(e) eq 'x'))".into(), None),
        ("numbers/rank lt 1e400".into(), Some(("N1", 16))),
        ("numbers/rank eq 007".into(), Some(("grammar", 17))),
        ("numbers/rank gt +1".into(), Some(("grammar", 16))),
        ("numbers/rank eq 1.5M".into(), Some(("grammar", 19))),
        (" numbers/rank eq 1".into(), Some(("grammar", 0))),
        ("numbers/rank eq 1 ".into(), Some(("grammar", 18))),
        (
            "numbers/rank eq 1\nand numbers/a eq 2".into(),
            Some(("grammar", 17)),
        ),
        (
            "numbers/rank eq 1and numbers/a eq 2".into(),
            Some(("grammar", 17)),
        ),
        ("numbers/_rank eq 1".into(), Some(("T1", 8))),
        (long(99), Some(("T1", 8))),
        (long(98), None),
        ("numbers/rank/x eq 1".into(), Some(("T1", 13))),
        // §8.8's own example, and more of §8.5's list.
        ("Price sub 1".into(), Some(("grammar", 6))),
        (String::new(), Some(("grammar", 0))),
        ("a eq b".into(), Some(("grammar", 5))),
        ("a eq null".into(), Some(("grammar", 5))),
        ("null eq 1".into(), Some(("G5", 0))),
        ("numbers/rank eq NaN".into(), Some(("grammar", 16))),
        ("a eq \"x\"".into(), Some(("grammar", 5))),
        ("a eq .5".into(), Some(("grammar", 5))),
        ("a eq 5.".into(), Some(("grammar", 7))),
        ("-a eq 1".into(), Some(("grammar", 0))),
        ("1 eq a".into(), Some(("grammar", 0))),
        ("a eq 1 eq 2".into(), Some(("grammar", 7))),
        ("(a) eq 1".into(), Some(("grammar", 4))),
        ("tags/any (d:d eq 'x')".into(), Some(("grammar", 9))),
        ("tags /any(d:d eq 'x')".into(), Some(("grammar", 5))),
        ("tolower (strings/a) eq 'x'".into(), Some(("grammar", 8))),
        ("any(d:d eq 'x')".into(), Some(("G4", 0))),
        ("tags/any(d:d eq 'x') eq 5".into(), Some(("grammar", 24))),
        ("tags/any(d:d eq 'x') ne FALSE".into(), None),
        ("tags/ALL(d:d eq 'x')".into(), None),
        ("numbers/x/any(d:d eq 1)".into(), Some(("T4", 0))),
        ("numbers/x/y/any(d:d eq 1)".into(), Some(("T1", 10))),
        ("strings/x eq 'a\u{1}'".into(), Some(("grammar", 15))),
        ("strings/x eq 'a''".into(), Some(("grammar", 17))),
        ("strings/x eq 'é''€'".into(), None),
        ("a eq 'é' and b eq 1x".into(), Some(("grammar", 19))),
        ("-0 eq a".into(), Some(("grammar", 0))),
        ("a eq -0".into(), None),
        ("a eq -1e-400".into(), None),
        ("a\u{a0}eq 1".into(), Some(("grammar", 1))),
        (format!("{} eq 1", "a".repeat(129)), Some(("G8", 0))),
        (format!("{} eq 1", "a".repeat(128)), None),
        ("tags/any(numbers:numbers eq 'x')".into(), Some(("L1", 9))),
        ("tags/any(eq:eq eq 'x')".into(), Some(("L1", 9))),
        ("eq1 eq 1".into(), None),
        ("a andx b".into(), Some(("grammar", 2))),
    ];
    rows.push(("a and(b)".into(), Some(("grammar", 5))));
    rows
}

#[test]
fn every_filter_example_of_section_8_9() {
    for (filter, expected) in filters() {
        let parsed = filter.parse::<Filter>();
        match (expected, parsed) {
            (None, Ok(tree)) => {
                let canonical = tree.to_string();
                let again: Filter = canonical
                    .parse()
                    .unwrap_or_else(|e| panic!("{filter:?} -> {canonical:?}: {e}"));
                assert_eq!(again, tree, "{filter:?} -> {canonical:?}");
                assert_eq!(again.to_string(), canonical);
            }
            (None, Err(e)) => panic!("{filter:?} should be valid: {e}"),
            (Some(rule), Ok(tree)) => panic!("{filter:?} should break {rule:?}: {tree:?}"),
            (Some((rule, offset)), Err(e)) => {
                assert_eq!(
                    (e.rule().id(), e.offset()),
                    (rule, offset),
                    "{filter:?}: {e}"
                );
            }
        }
    }
}

#[test]
fn every_order_by_example_of_section_8_9() {
    for valid in [
        "OrderBy asc",
        "numbers/rank DESC",
        "numbers/rank\tasc",
        "Timestamp  desc",
    ] {
        let order: OrderBy = valid.parse().unwrap_or_else(|e| panic!("{valid:?}: {e}"));
        assert_eq!(order.to_string().parse::<OrderBy>().unwrap(), order);
    }
    for (invalid, offset) in [
        ("numbers/rank", 12),
        ("numbers/a asc,numbers/b desc", 13),
        (" numbers/rank asc", 0),
        ("tolower(strings/map) asc", 0),
        ("", 0),
        ("numbers/rank asc ", 16),
        ("numbers/rank up", 13),
        ("numbers/_x asc", 8),
        ("not asc", 0),
        ("tags/any(d:d eq 'x') asc", 5),
    ] {
        let e = invalid.parse::<OrderBy>().unwrap_err();
        assert_eq!(e.offset(), offset, "{invalid:?}: {e}");
    }
}

#[test]
fn canonical_form_writes_keywords_lower_and_single_spaces() {
    let f: Filter = "Numbers/a  GE\t-0 AND tags/ANY( d : d EQ 'it''s' ) Ne TRUE OR (x)"
        .parse()
        .unwrap();
    assert_eq!(
        f.to_string(),
        "Numbers/a ge -0 and tags/any(d:d eq 'it''s') ne true or (x)"
    );
    let n: Filter = "a eq 1e2 and b eq 0.000001e-1 and c eq 12345678901234567890123"
        .parse()
        .unwrap();
    assert_eq!(
        n.to_string(),
        "a eq 100 and b eq 0.0000001 and c eq 12345678901234568000000"
    );
}

/// The fuzz dictionary of the filter target holds every operator of the
/// crate's table (issue 28: an operator is one row, and what lists
/// operators elsewhere follows it or fails here).
#[test]
fn the_fuzz_dictionary_has_every_operator() {
    let dict = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/filter.dict"),
    )
    .unwrap();
    for op in mpsd_handles::model::CompareOp::ALL {
        let line = format!("\"{}\"", op.as_str());
        assert!(
            dict.lines().any(|l| l == line),
            "fuzz/filter.dict lacks {line}"
        );
    }
}
