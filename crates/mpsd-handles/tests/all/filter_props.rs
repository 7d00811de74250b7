//! Property tests of the filter grammar (docs/rules.md §8.5–§8.7): filters
//! generated from the EBNF, keeping every rule, are accepted, and their
//! canonical form parses back to the same tree; mutations never panic, and
//! the ones whose broken rule is known are refused for that rule.

use mpsd_handles::model::{Filter, OrderBy};
use proptest::prelude::*;

/// A keyword in a random ASCII case.
fn keyword(word: &'static str) -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<bool>(), word.len()).prop_map(move |upper| {
        word.chars()
            .zip(upper)
            .map(|(c, u)| if u { c.to_ascii_uppercase() } else { c })
            .collect()
    })
}

/// Required whitespace: spaces and tabs.
fn rws() -> impl Strategy<Value = String> {
    "[ \t]{1,3}"
}

/// Optional whitespace.
fn bws() -> impl Strategy<Value = String> {
    "[ \t]{0,2}"
}

/// An identifier that is not reserved, nor `numbers`/`strings`, nor a
/// lambda variable of the generator (`v0`…`v3`).
fn name() -> impl Strategy<Value = String> {
    "[A-Za-z_][A-Za-z0-9_]{0,12}".prop_filter("not reserved or typed", |s| {
        let lower = s.to_ascii_lowercase();
        let two = lower.starts_with('v') && lower.len() == 2;
        !two && ![
            "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "true", "false", "null", "inf",
            "nan", "numbers", "strings", "tolower", "any", "all",
        ]
        .contains(&lower.as_str())
    })
}

/// An attribute name of §6.
fn attribute() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9_]{0,20}"
}

fn untyped_path() -> impl Strategy<Value = String> {
    (
        name(),
        proptest::collection::vec("[A-Za-z_][A-Za-z0-9_]{0,8}", 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut path = first;
            for segment in rest {
                path.push('/');
                path.push_str(&segment);
            }
            path
        })
}

fn string_literal() -> impl Strategy<Value = String> {
    "[^\u{0}-\u{1f}]{0,12}".prop_map(|s| format!("'{}'", s.replace('\'', "''")))
}

fn number_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        (any::<i16>(), 0u32..1000).prop_map(|(i, f)| format!("{i}.{f}")),
        (-9i32..10, 0u32..100, -300i32..300).prop_map(|(i, f, e)| format!("{i}.{f}e{e}")),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:e}")),
    ]
}

fn operator() -> impl Strategy<Value = String> {
    prop_oneof![
        keyword("eq"),
        keyword("ne"),
        keyword("gt"),
        keyword("ge"),
        keyword("lt"),
        keyword("le")
    ]
}

/// A comparison keeping T1–T5.
fn comparison() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            keyword("numbers"),
            attribute(),
            rws(),
            operator(),
            rws(),
            number_literal()
        )
            .prop_map(|(n, a, w1, op, w2, lit)| format!("{n}/{a}{w1}{op}{w2}{lit}")),
        (
            keyword("strings"),
            attribute(),
            rws(),
            operator(),
            rws(),
            string_literal()
        )
            .prop_map(|(n, a, w1, op, w2, lit)| format!("{n}/{a}{w1}{op}{w2}{lit}")),
        (
            keyword("tolower"),
            bws(),
            untyped_path(),
            bws(),
            rws(),
            operator(),
            rws(),
            string_literal()
        )
            .prop_map(|(t, b1, p, b2, w1, op, w2, lit)| format!(
                "{t}({b1}{p}{b2}){w1}{op}{w2}{lit}"
            )),
        (
            untyped_path(),
            rws(),
            operator(),
            rws(),
            prop_oneof![string_literal(), number_literal()]
        )
            .prop_map(|(p, w1, op, w2, lit)| format!("{p}{w1}{op}{w2}{lit}")),
        (
            untyped_path(),
            rws(),
            prop_oneof![keyword("eq"), keyword("ne")],
            rws(),
            prop_oneof![keyword("true"), keyword("false")]
        )
            .prop_map(|(p, w1, op, w2, lit)| format!("{p}{w1}{op}{w2}{lit}")),
    ]
}

/// A lambda over an untyped collection whose predicate uses its variable
/// `v{depth}` (L1, L2) and holds no `or` (O1).
fn lambda(depth: u32) -> BoxedStrategy<String> {
    let var = format!("v{depth}");
    let uses = {
        let var = var.clone();
        prop_oneof![
            (rws(), operator(), rws(), string_literal()).prop_map({
                let var = var.clone();
                move |(w1, op, w2, lit)| format!("{var}{w1}{op}{w2}{lit}")
            }),
            (rws(), operator(), rws(), string_literal())
                .prop_map(move |(w1, op, w2, lit)| format!("tolower({var}){w1}{op}{w2}{lit}")),
        ]
        .boxed()
    };
    let predicate = if depth < 2 {
        prop_oneof![
            3 => uses.clone(),
            1 => (uses.clone(), rws(), keyword("and"), rws(), comparison())
                .prop_map(|(u, w1, k, w2, c)| format!("{u}{w1}{k}{w2}{c}")),
            1 => lambda(depth + 1).prop_map({
                let var = var.clone();
                move |inner| inner.replacen(&inner[..inner.find('/').unwrap_or(0)], &var, 1)
            }),
        ]
        .boxed()
    } else {
        uses
    };
    (
        untyped_path(),
        prop_oneof![keyword("any"), keyword("all")],
        bws(),
        bws(),
        bws(),
        predicate,
        bws(),
        proptest::option::of((
            rws(),
            prop_oneof![keyword("eq"), keyword("ne")],
            rws(),
            prop_oneof![keyword("true"), keyword("false")],
        )),
    )
        .prop_map(move |(path, q, b1, b2, b3, pred, b4, cmp)| {
            let tail = cmp.map_or_else(String::new, |(w1, op, w2, b)| format!("{w1}{op}{w2}{b}"));
            format!("{path}/{q}({b1}{var}{b2}:{b3}{pred}{b4}){tail}")
        })
        .boxed()
}

/// A term with no `or` below it.
fn term() -> BoxedStrategy<String> {
    let leaf = prop_oneof![4 => comparison(), 1 => untyped_path(), 1 => lambda(0)];
    leaf.prop_recursive(3, 24, 4, |inner| {
        (
            bws(),
            proptest::collection::vec((inner, rws(), keyword("and"), rws()), 1..4),
            bws(),
        )
            .prop_map(|(b1, items, b2)| {
                let n = items.len();
                let mut body = String::new();
                for (i, (item, w1, k, w2)) in items.into_iter().enumerate() {
                    body.push_str(&item);
                    if i + 1 < n {
                        body.extend([w1, k, w2]);
                    }
                }
                format!("({b1}{body}{b2})")
            })
    })
    .boxed()
}

fn and_expr() -> impl Strategy<Value = String> {
    proptest::collection::vec((term(), rws(), keyword("and"), rws()), 1..4).prop_map(|items| {
        let n = items.len();
        let mut out = String::new();
        for (i, (item, w1, k, w2)) in items.into_iter().enumerate() {
            out.push_str(&item);
            if i + 1 < n {
                out.extend([w1, k, w2]);
            }
        }
        out
    })
}

/// A whole filter: one `or` at most, at the root, perhaps wrapped in groups.
fn filter() -> impl Strategy<Value = String> {
    (
        and_expr(),
        proptest::option::of((rws(), keyword("or"), rws(), and_expr())),
        0usize..3,
    )
        .prop_map(|(first, or, wraps)| {
            let mut f = match or {
                Some((w1, k, w2, second)) => format!("{first}{w1}{k}{w2}{second}"),
                None => first,
            };
            for _ in 0..wraps {
                f = format!("({f})");
            }
            f
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn generated_filters_are_accepted_and_round_trip(text in filter()) {
        let tree: Filter = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        let canonical = tree.to_string();
        let again: Filter = canonical.parse().map_err(|e| TestCaseError::fail(format!("{canonical:?}: {e}")))?;
        prop_assert_eq!(&again, &tree);
        prop_assert_eq!(again.to_string(), canonical);
    }

    #[test]
    fn generated_orders_are_accepted(path in prop_oneof![untyped_path(), attribute().prop_map(|a| format!("numbers/{a}"))],
                                     w in rws(), dir in prop_oneof![keyword("asc"), keyword("desc")]) {
        let text = format!("{path}{w}{dir}");
        let order: OrderBy = text.parse().map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
        prop_assert_eq!(order.to_string().parse::<OrderBy>().unwrap(), order);
    }

    #[test]
    fn mutations_never_panic_and_point_inside(text in filter(), at in any::<prop::sample::Index>(),
                                              with in prop_oneof![Just("'"), Just("("), Just(")"), Just(" "), Just("/"),
                                                                  Just(" or "), Just("\n"), Just("é"), Just("-"), Just("")]) {
        let chars: Vec<char> = text.chars().collect();
        let i = at.index(chars.len() + 1);
        let mut mutated: String = chars[..i].iter().collect();
        mutated.push_str(with);
        mutated.extend(chars.iter().skip(i + usize::from(with.is_empty() && i < chars.len())));
        let parsed = mutated.parse::<Filter>();
        if let Err(e) = &parsed {
            prop_assert!(e.offset() <= mutated.chars().count(), "{e} in {mutated:?}");
        }
        // The validator's check (no tree) agrees with the parser (a tree).
        let body = serde_json::json!({"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
            "templateName": "lfg", "global": true, "filter": mutated});
        match (mpsd_handles::query_from_value(&body), parsed) {
            (Ok(mpsd_handles::HandleQuery::Search(q)), Ok(tree)) => prop_assert_eq!(q.filter, Some(tree)),
            (Err(report), Err(e)) => {
                let message = report.violations()[0].message().to_string();
                prop_assert!(message.contains(&e.to_string()), "{message} / {e}");
            }
            (a, b) => prop_assert!(false, "{mutated:?}: {a:?} / {b:?}"),
        }
    }

    #[test]
    fn known_mutations_break_their_rule(text in filter()) {
        let rule = |t: &str| t.parse::<Filter>().err().map(|e| e.rule().id());
        prop_assert_eq!(rule(&format!("{text} or a eq 1 or b eq 2")), Some("O1"));
        prop_assert_eq!(rule(&format!("not {text}")), Some("G5"));
        prop_assert_eq!(rule(&format!("{}{text}{}", "(".repeat(33), ")".repeat(33))), Some("D1"));
        prop_assert_eq!(rule(&format!("{text} ")), Some("grammar"));
        prop_assert_eq!(rule(&format!("\t{text}")), Some("grammar"));
        let e = format!("{text} ").parse::<Filter>().unwrap_err();
        prop_assert_eq!(e.offset(), text.chars().count() + 1);
    }
}
