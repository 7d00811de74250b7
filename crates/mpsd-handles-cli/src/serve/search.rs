//! How the in-memory MPSD answers a search query: a filter evaluated on a
//! search handle's attributes, and an `orderBy` as a sort key.
//!
//! What a path means here: `numbers/<name>` and `strings/<name>` are the
//! handle's attributes (names compared ignoring ASCII case), `tags` (any
//! case) is its tags, and a lambda's variable is the element at hand. Any
//! other path has no value: a comparison with it, or the bare path, is
//! false, and a lambda over it has no elements (`any` false, `all` true).

use std::cmp::Ordering;

use mpsd_handles::model::{
    AttributeName, AttributeType, CompareOp, Comparison, Direction, Expr, Filter, Lambda, Literal,
    Operand, OrderBy, Path, Quantifier, SearchAttributes,
};

/// A value a path has.
#[derive(Clone, Copy)]
enum Value<'a> {
    Number(f64),
    Text(&'a str),
}

/// The lambda variables in scope: name and element.
type Scope<'a> = Vec<(&'a str, &'a str)>;

/// Whether `filter` holds for a handle with `attributes`.
pub(crate) fn matches(filter: &Filter, attributes: &SearchAttributes) -> bool {
    eval(filter.expr(), attributes, &mut Vec::new())
}

fn eval<'a>(expr: &'a Expr, attributes: &'a SearchAttributes, scope: &mut Scope<'a>) -> bool {
    match expr {
        Expr::Or(items) => items.iter().any(|e| eval(e, attributes, scope)),
        Expr::And(items) => items.iter().all(|e| eval(e, attributes, scope)),
        Expr::Group(inner) => eval(inner, attributes, scope),
        Expr::Compare(c) => compare(c, attributes, scope),
        Expr::Lambda(l) => lambda(l, attributes, scope),
        // A Boolean property: none is known here.
        _ => false,
    }
}

/// The value `path` has on the handle, if any.
fn resolve<'a>(
    path: &Path,
    attributes: &'a SearchAttributes,
    scope: &Scope<'a>,
) -> Option<Value<'a>> {
    match path.typed() {
        Some((AttributeType::Number, name)) => {
            attributes.numbers.get(name).map(|n| Value::Number(n.get()))
        }
        Some((AttributeType::String, name)) => attributes
            .strings
            .get(name)
            .map(|s| Value::Text(s.as_str())),
        _ => scope
            .iter()
            .rev()
            .find(|(v, _)| *v == path.as_str())
            .map(|(_, element)| Value::Text(element)),
    }
}

fn compare<'a>(c: &'a Comparison, attributes: &'a SearchAttributes, scope: &Scope<'a>) -> bool {
    let Some(value) = resolve(c.operand.path(), attributes, scope) else {
        return false;
    };
    let ordering = match (value, &c.literal) {
        (Value::Number(n), Literal::Number(l)) => n.partial_cmp(l),
        (Value::Text(t), Literal::String(l)) => match &c.operand {
            Operand::ToLower(_) => Some(t.to_lowercase().as_str().cmp(l.as_str())),
            _ => Some(t.cmp(l.as_str())),
        },
        _ => None,
    };
    ordering.is_some_and(|o| holds(c.op, o))
}

fn holds(op: CompareOp, o: Ordering) -> bool {
    match op {
        CompareOp::Eq => o == Ordering::Equal,
        CompareOp::Ne => o != Ordering::Equal,
        CompareOp::Gt => o == Ordering::Greater,
        CompareOp::Ge => o != Ordering::Less,
        CompareOp::Lt => o == Ordering::Less,
        CompareOp::Le => o != Ordering::Greater,
        _ => false,
    }
}

fn lambda<'a>(l: &'a Lambda, attributes: &'a SearchAttributes, scope: &mut Scope<'a>) -> bool {
    let elements: &[AttributeName] = if l.collection.as_str().eq_ignore_ascii_case("tags") {
        &attributes.tags
    } else {
        &[]
    };
    let mut test = |element: &'a str| {
        scope.push((l.variable(), element));
        let held = eval(&l.predicate, attributes, scope);
        scope.pop();
        held
    };
    let result = match l.quantifier {
        Quantifier::All => elements.iter().all(|e| test(e.as_str())),
        _ => elements.iter().any(|e| test(e.as_str())),
    };
    match l.compared {
        Some((CompareOp::Ne, value)) => result != value,
        Some((_, value)) => result == value,
        None => result,
    }
}

/// Sorts `(arrival, attributes)` rows by `order` (rows without the
/// attribute last, arrival order among equals); `Timestamp` and any path
/// the mock does not know sort by arrival.
pub(crate) fn sort<T>(rows: &mut [(u64, &SearchAttributes, T)], order: Option<&OrderBy>) {
    let Some(order) = order else {
        return;
    };
    let key = |attributes: &SearchAttributes| -> Option<Result<f64, String>> {
        match order.path.typed() {
            Some((AttributeType::Number, name)) => {
                attributes.numbers.get(name).map(|n| Ok(n.get()))
            }
            Some((AttributeType::String, name)) => attributes
                .strings
                .get(name)
                .map(|s| Err(s.as_str().to_owned())),
            _ => None,
        }
    };
    let desc = order.direction == Direction::Desc;
    rows.sort_by(|a, b| {
        let by_key = match (key(a.1), key(b.1)) {
            (Some(x), Some(y)) => {
                let o = match (x, y) {
                    (Ok(x), Ok(y)) => x.total_cmp(&y),
                    (Err(x), Err(y)) => x.cmp(&y),
                    _ => Ordering::Equal,
                };
                if desc { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let by_arrival = if desc { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) };
        by_key.then(by_arrival)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attributes() -> SearchAttributes {
        let body = r#"{"version": 1, "type": "search",
            "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "lfg"},
            "searchAttributes": {"tags": ["Ranked", "micsrequired"],
                "numbers": {"Skill": 10.5, "level": 3}, "strings": {"Region": "WestEurope"}}}"#;
        match mpsd_handles::from_str(body) {
            Ok(mpsd_handles::HandleRequest::Search(h)) => h.search_attributes.unwrap_or_default(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn filters_on_attributes() {
        let a = attributes();
        for (filter, expected) in [
            ("numbers/skill gt 10", true),
            ("numbers/SKILL ge 10.5 and numbers/level lt 3", false),
            ("numbers/level le 3 or numbers/missing eq 1", true),
            ("strings/region eq 'WestEurope'", true),
            ("tolower(strings/region) eq 'westeurope'", true),
            ("strings/region eq 'westeurope'", false),
            ("tags/any(t:t eq 'micsrequired')", true),
            ("tags/any(t:tolower(t) eq 'ranked') eq true", true),
            ("tags/all(t:t eq 'Ranked')", false),
            ("tags/all(t:t ne 'x') ne false", true),
            ("session/any(t:t eq 'x')", false),
            ("SearchQuery", false),
            ("x eq 1", false),
            ("(numbers/skill gt 100 or (numbers/level eq 3))", true),
        ] {
            let parsed: Filter = filter.parse().unwrap_or_else(|e| panic!("{filter}: {e}"));
            assert_eq!(matches(&parsed, &a), expected, "{filter}");
        }
    }
}
