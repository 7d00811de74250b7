//! The JSON Schema of `POST /handles/query` bodies (docs/rules.md §8),
//! built from the same newtype schemas as the handle schema. A filter and
//! an order are strings whose grammar JSON Schema cannot state: the
//! extension keyword [`GRAMMAR`] names it (`"filter"` or `"orderBy"`), and
//! [`query_validator`] registers it so that `jsonschema` applies the
//! crate's own parser.

use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};
use serde_json::{Value, json};

use super::{Draft, anchored_string};
use crate::model::{Scid, TemplateName, Xuid};

/// The extension keyword naming the grammar a string keeps: `"filter"`
/// (docs/rules.md §8.5–§8.6) or `"orderBy"` (§8.7).
pub const GRAMMAR: &str = "x-grammar";

/// What the schema cannot say, written into its description.
const DIFFERENCES: &str = " Beyond standard JSON Schema: filter and orderBy keep grammars \
(docs/rules.md §8.5-§8.7) named by the extension keyword x-grammar, which validators apply only \
when it is registered as a custom keyword (the schema alone checks that a filter is a non-empty \
string and that an orderBy is a path, whitespace and asc or desc); a member present twice in \
one object is rejected, which a validator of parsed JSON cannot see; and the 64 KiB body and \
depth-32 limits are not expressed.";

/// The `$id` of the query schema for `draft`.
#[must_use]
pub const fn query_id(draft: Draft) -> &'static str {
    match draft {
        Draft::Draft2020_12 => "urn:mpsd-handles:schema:handle-query:2020-12",
        Draft::Draft07 => "urn:mpsd-handles:schema:handle-query:draft-07",
    }
}

/// `^(?:w1|w2)$` matching each word in any ASCII case, portably (no inline flags).
fn any_case(words: &[&str]) -> String {
    let alternatives: Vec<String> = words
        .iter()
        .map(|w| {
            w.chars().fold(String::new(), |mut out, c| {
                out.push('[');
                out.push(c.to_ascii_uppercase());
                out.push(c.to_ascii_lowercase());
                out.push(']');
                out
            })
        })
        .collect();
    alternatives.join("|")
}

/// A social group (`owners/people`, `sessionMembers/people`).
fn social_group(xuid: &Value) -> Value {
    let mut moniker = anchored_string(&format!(
        "^(?:{})$",
        any_case(&crate::rules::query::MONIKERS)
    ));
    moniker.insert(
        "description".into(),
        "A social group: people, favorites or friends, in any ASCII case.".into(),
    );
    let moniker = moniker.to_value();
    json!({
        "description": "A social group: its moniker and the Xbox user id of its owner.",
        "type": "object",
        "properties": {"moniker": moniker, "monikerXuid": xuid},
        "required": ["moniker", "monikerXuid"],
        "additionalProperties": false
    })
}

/// `orderBy`: the necessary pattern, and the grammar by name.
fn order_by() -> Value {
    let identifier = "[A-Za-z_][A-Za-z0-9_]{0,127}";
    let mut order_by = anchored_string(&format!(
        "^{identifier}(?:/{identifier})*[ \\t]+(?:{})$",
        any_case(&["asc", "desc"])
    ));
    order_by.insert(
        "description".into(),
        "One attribute path, whitespace, then asc or desc (docs/rules.md §8.7).".into(),
    );
    order_by.insert(GRAMMAR.into(), "orderBy".into());
    order_by.to_value()
}

/// The schema of a `POST /handles/query` body, as a `serde_json::Value`.
///
/// ```
/// use mpsd_handles::schema::{Draft, handle_query};
/// let schema = handle_query(Draft::Draft2020_12);
/// assert_eq!(schema["$id"], "urn:mpsd-handles:schema:handle-query:2020-12");
/// assert_eq!(schema["oneOf"].as_array().unwrap().len(), 2);
/// ```
#[must_use]
pub fn handle_query(draft: Draft) -> Value {
    let (settings, meta) = match draft {
        Draft::Draft2020_12 => (
            SchemaSettings::draft2020_12(),
            "https://json-schema.org/draft/2020-12/schema",
        ),
        Draft::Draft07 => (
            SchemaSettings::draft07(),
            "http://json-schema.org/draft-07/schema#",
        ),
    };
    let mut generator = settings.into_generator();
    let value = |schema: Schema| schema.to_value();
    let scid = value(Scid::json_schema(&mut generator));
    let template = value(TemplateName::json_schema(&mut generator));
    let xuid = value(Xuid::json_schema(&mut generator));
    let people = social_group(&xuid);
    let order_by = order_by();
    let activity = json!({
        "description": "An activity query: the activity handles of some users, or of a user's social group.",
        "type": "object",
        "properties": {
            "type": {"description": "The query type: exactly \"activity\".", "type": "string", "const": "activity"},
            "scid": scid,
            "owners": {
                "description": "Whose activities: exactly one of xuids and people.",
                "type": "object",
                "properties": {
                    "xuids": {"description": "Xbox user ids, at least one.", "type": "array", "minItems": 1, "items": xuid},
                    "people": people
                },
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": false
            }
        },
        "required": ["type", "scid", "owners"],
        "additionalProperties": false
    });
    let search = json!({
        "description": "A search query: the search handles of one template that match a filter.",
        "type": "object",
        "properties": {
            "type": {"description": "The query type: exactly \"search\".", "type": "string", "const": "search"},
            "scid": scid,
            "templateName": template,
            "global": {"description": "Exactly true.", "type": "boolean", "const": true},
            "filter": {
                "description": "An OData-style filter (docs/rules.md §8.5-§8.6).",
                "type": "string",
                "minLength": 1,
                GRAMMAR: "filter"
            },
            "orderBy": order_by,
            "sessionMembers": {
                "description": "Only sessions with members of this social group.",
                "type": "object",
                "properties": {"people": people},
                "required": ["people"],
                "additionalProperties": false
            }
        },
        "required": ["type", "scid", "templateName", "global"],
        "additionalProperties": false
    });
    let examples: Vec<Value> = [
        include_str!("examples/activity-query-users.json"),
        include_str!("examples/search-query-docs-filter.json"),
    ]
    .iter()
    .filter_map(|text| serde_json::from_str(text).ok())
    .collect();
    json!({
        "$schema": meta,
        "$id": query_id(draft),
        "title": "MPSD POST /handles/query request body",
        "description": format!("The body of an Xbox Live Multiplayer Session Directory POST /handles/query request: an activity query (type \"activity\") or a search query (type \"search\").{DIFFERENCES}"),
        "oneOf": [activity, search],
        "examples": examples
    })
}

/// The query schema as pretty-printed JSON text, as committed under `schemas/`.
#[must_use]
pub fn query_to_string_pretty(draft: Draft) -> String {
    format!("{:#}", handle_query(draft))
}

/// A `jsonschema` validator for the query schema of `draft`, with
/// [`GRAMMAR`] registered (the crate's filter and orderBy parsers).
///
/// ```
/// use mpsd_handles::schema::{Draft, query_validator};
/// let v = query_validator(Draft::Draft2020_12).unwrap();
/// let mut body = serde_json::json!({"type": "search", "scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862",
///     "templateName": "lfg", "global": true, "filter": "numbers/rank ge 5"});
/// assert!(v.is_valid(&body));
/// body["filter"] = "numbers/rank ge '5'".into(); // T2
/// assert!(!v.is_valid(&body));
/// ```
///
/// # Errors
/// Only if the exported schema were not a valid schema (a bug).
#[cfg(feature = "jsonschema")]
pub fn query_validator(
    draft: Draft,
) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    jsonschema::options()
        .with_keyword(GRAMMAR, grammar::factory)
        .build(&handle_query(draft))
}

#[cfg(feature = "jsonschema")]
mod grammar {
    use jsonschema::paths::Location;
    use jsonschema::{Keyword, ValidationError};
    use serde_json::{Map, Value};

    use crate::model::{Filter, OrderBy};

    /// `x-grammar: "filter" | "orderBy"`: the string parses as one.
    pub(super) struct Grammar(bool);

    impl<'i> Keyword<'i> for Grammar {
        fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
            let Some(s) = instance.as_str() else {
                return Ok(());
            };
            let parsed = if self.0 {
                s.parse::<Filter>().map(|_| ())
            } else {
                s.parse::<OrderBy>().map(|_| ())
            };
            parsed.map_err(|e| ValidationError::custom(format!("is not valid {e}")))
        }

        fn is_valid(&self, instance: &'i Value) -> bool {
            self.validate(instance).is_ok()
        }
    }

    pub(super) fn factory<'a>(
        _parent: &'a Map<String, Value>,
        value: &'a Value,
        _path: Location,
    ) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
        match value.as_str() {
            Some("filter") => Ok(Box::new(Grammar(true))),
            Some("orderBy") => Ok(Box::new(Grammar(false))),
            _ => Err(ValidationError::custom(format!(
                "{} must be \"filter\" or \"orderBy\"",
                super::GRAMMAR
            ))),
        }
    }
}
