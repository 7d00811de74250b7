//! JSON Schema export, derived from the models with schemars.
//!
//! The constrained newtypes carry their own `JsonSchema` impls built from the
//! same constants as the validator's rules.

use schemars::generate::SchemaSettings;
use schemars::{Schema, json_schema};
use serde_json::Value;

use crate::model::HandleRequest;
use crate::rules;

mod impls;
mod query;

#[cfg(feature = "jsonschema")]
pub use query::query_validator;
pub use query::{GRAMMAR, handle_query, query_id, query_to_string_pretty};

/// A JSON Schema draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Draft {
    /// Draft 2020-12 (`schemas/handle-request.schema.json`).
    Draft2020_12,
    /// Draft-07, for tools that stop there (`schemas/draft-07/handle-request.schema.json`).
    Draft07,
}

/// The name of the extension keyword that carries docs/rules.md §3's exact rule.
pub const MAX_URI_ENCODED_LENGTH: &str = "x-maxUriEncodedLength";

/// What the schema cannot say, written into its root description.
const DIFFERENCES: &str = " Two rules of the mpsd-handles validator are beyond standard JSON Schema: \
(1) inviteAttributes.context must be at most 256 characters once URI-encoded (UTF-8 bytes; \
A-Z a-z 0-9 - . _ ~ count 1, every other byte 3); the schema says maxLength 256, a necessary \
condition, and carries the exact rule in the extension keyword x-maxUriEncodedLength, which \
validators apply only when it is registered as a custom keyword; \
(2) a member present twice in one object is rejected, which a validator of parsed JSON cannot see, \
and so are two search attribute names equal without regard to case; \
(3) a string search attribute is at most 99 UTF-8 bytes, where maxLength counts characters. \
Also, JSON numbers are compared by value, so version 1.0 passes here while the validator asks for \
the integer 1 written as such, a numeric attribute must fit a double (1e400 does not), and the \
64 KiB body and depth-32 limits are not expressed.";

/// The valid bodies shipped with the tests, used as `examples` (copies kept
/// inside the crate, so that its packaged form builds; a test keeps them
/// equal to `tests/data`).
const EXAMPLES: [&str; 2] = [
    include_str!("examples/activity.json"),
    include_str!("examples/invite.json"),
];

/// The `$id` of the schema for `draft`.
#[must_use]
pub const fn id(draft: Draft) -> &'static str {
    match draft {
        Draft::Draft2020_12 => "urn:mpsd-handles:schema:handle-request:2020-12",
        Draft::Draft07 => "urn:mpsd-handles:schema:handle-request:draft-07",
    }
}

/// The JSON Schema of an `X-Xbl-Contract-Version` header value: a
/// canonical decimal integer from 104 to 4294967295 (what
/// [`check_contract_version`](crate::header::check_contract_version) accepts), for
/// an `OpenAPI` document's header parameter.
///
/// ```
/// let schema = mpsd_handles::schema::contract_version();
/// assert_eq!(schema["type"], "string");
/// assert!(schema["not"]["pattern"].is_string());
/// ```
#[must_use]
pub fn contract_version() -> Value {
    use crate::header::MIN_CONTRACT_VERSION;
    use crate::rules::decimal::range_pattern;
    serde_json::json!({
        "type": "string",
        "pattern": format!("^(?:{})$", range_pattern(1, u64::from(u32::MAX))),
        "not": {"pattern": format!("^(?:{})$", range_pattern(1, u64::from(MIN_CONTRACT_VERSION) - 1))}
    })
}

/// The schema (draft 2020-12) of the RFC 9457 problem body that answers a
/// refused request ([`crate::problem::Problem`]), committed as
/// `schemas/problem.schema.json`.
///
/// ```
/// let schema = mpsd_handles::schema::problem();
/// assert_eq!(schema["$id"], "urn:mpsd-handles:schema:problem");
/// assert!(schema["required"].as_array().unwrap().iter().any(|r| r == "type"));
/// ```
#[must_use]
pub fn problem() -> Value {
    draft2020_12::<crate::problem::Problem>(Some("urn:mpsd-handles:schema:problem"))
}

/// The schema of MPSD's answer to an invite
/// ([`InviteHandleResponse`](crate::model::InviteHandleResponse)), from
/// the same model the crate reads it with.
///
/// ```
/// let schema = mpsd_handles::schema::invite_response();
/// assert_eq!(schema["properties"]["type"]["const"], "invite");
/// assert!(schema["required"].as_array().unwrap().iter().any(|r| r == "senderXuid"));
/// ```
#[must_use]
pub fn invite_response() -> Value {
    draft2020_12::<crate::model::InviteHandleResponse>(None)
}

/// The 2020-12 schema of `T`, with the `$id` `id` if given, its
/// descriptions unwrapped.
fn draft2020_12<T: schemars::JsonSchema>(id: Option<&str>) -> Value {
    let mut schema = SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>();
    if let Some(id) = id {
        schema.insert("$id".into(), id.into());
    }
    let mut value = schema.to_value();
    unwrap_descriptions(&mut value);
    value
}

/// The schema of a `POST /handles` body, as a `serde_json::Value`.
///
/// ```
/// use mpsd_handles::schema::{Draft, handle_request};
/// let schema = handle_request(Draft::Draft2020_12);
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// assert_eq!(handle_request(Draft::Draft07)["$schema"], "http://json-schema.org/draft-07/schema#");
/// ```
#[must_use]
pub fn handle_request(draft: Draft) -> Value {
    let settings = match draft {
        Draft::Draft2020_12 => SchemaSettings::draft2020_12(),
        Draft::Draft07 => SchemaSettings::draft07(),
    };
    let mut schema = settings
        .into_generator()
        .into_root_schema_for::<HandleRequest>();
    schema.insert("$id".into(), id(draft).into());
    if let Some(Value::String(description)) = schema.get_mut("description") {
        description.push_str(DIFFERENCES);
    }
    let examples: Vec<Value> = EXAMPLES
        .iter()
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect();
    schema.insert("examples".into(), examples.into());
    let mut value = schema.to_value();
    describe_type_tags(&mut value);
    unwrap_descriptions(&mut value);
    value
}

/// Joins the lines of doc-comment descriptions into one line each.
fn unwrap_descriptions(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match value {
                    Value::String(text) if key == "description" => {
                        *text = text.split('\n').collect::<Vec<_>>().join(" ");
                    }
                    Value::Object(_) | Value::Array(_) if key != "examples" => {
                        unwrap_descriptions(value);
                    }
                    _ => {}
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(unwrap_descriptions),
        _ => {}
    }
}

/// Gives the `type` member of each variant a description.
fn describe_type_tags(schema: &mut Value) {
    let Some(Value::Array(variants)) = schema.get_mut("oneOf") else {
        return;
    };
    for variant in variants {
        if let Some(Value::Object(tag)) = variant.pointer_mut("/properties/type") {
            // Every variant's tag is a `const` (schemars writes a unit
            // variant's rename so); the committed schemas show each one
            // described.
            let Some(kind) = tag.get("const").and_then(Value::as_str) else {
                continue;
            };
            let description = format!("The handle type: exactly \"{kind}\".");
            tag.insert("description".into(), description.into());
        }
    }
}

/// The schema as pretty-printed JSON text, as committed under `schemas/`.
#[must_use]
pub fn to_string_pretty(draft: Draft) -> String {
    // `Value`'s alternate `Display` is `to_string_pretty`, without its
    // `Result` (writing a `Value` to a `String` cannot fail).
    format!("{:#}", handle_request(draft))
}

/// `{"type": "string", "pattern": P}` guarded against Python's `$`, which
/// also matches before a final newline: `not` rejects any newline outright.
pub(crate) fn anchored_string(pattern: &str) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": pattern,
        "not": { "type": "string", "pattern": "\n" }
    })
}

pub(crate) fn guid(description: &str) -> Schema {
    json_schema!({
        "description": description,
        "type": "string",
        "format": "uuid",
        "minLength": 36,
        "maxLength": 36,
        "pattern": rules::guid::PATTERN
    })
}

pub(crate) fn name(name: &str) -> Schema {
    let mut schema = anchored_string(rules::name::PATTERN);
    schema.insert("minLength".into(), 1.into());
    schema.insert("maxLength".into(), rules::name::MAX_LEN.into());
    schema.insert(
        "description".into(),
        format!("{name}: 1 to 100 RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~).").into(),
    );
    schema
}

/// A `jsonschema` validator for the exported schema of `draft`, with
/// [`MAX_URI_ENCODED_LENGTH`] registered so it applies docs/rules.md §3's exact rule.
///
/// ```
/// use mpsd_handles::schema::{Draft, validator};
/// let v = validator(Draft::Draft2020_12).unwrap();
/// let mut body = serde_json::json!({"version": 1, "type": "invite", "invitedXuid": "3210",
///     "sessionRef": {"scid": "bd6c41c3-01c3-468a-a3b5-3e0fe8133862", "templateName": "t"},
///     "inviteAttributes": {"titleId": "7", "context": " ".repeat(85)}});
/// assert!(v.is_valid(&body));
/// body["inviteAttributes"]["context"] = " ".repeat(86).into(); // 258 once encoded
/// assert!(!v.is_valid(&body));
/// ```
///
/// # Errors
/// Only if the exported schema were not a valid schema (a bug).
#[cfg(feature = "jsonschema")]
pub fn validator(
    draft: Draft,
) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    with_uri_length_keyword(jsonschema::options()).build(&handle_request(draft))
}

/// Registers [`MAX_URI_ENCODED_LENGTH`] on `options`, for users who build
/// their own `jsonschema` validator from the schema.
#[cfg(feature = "jsonschema")]
#[must_use]
pub fn with_uri_length_keyword(
    options: jsonschema::ValidationOptions,
) -> jsonschema::ValidationOptions {
    options.with_keyword(MAX_URI_ENCODED_LENGTH, uri_length::factory)
}

#[cfg(feature = "jsonschema")]
mod uri_length {
    use jsonschema::paths::Location;
    use jsonschema::{Keyword, ValidationError};
    use serde_json::{Map, Value};

    use crate::rules::context::uri_encoded_len;

    /// `x-maxUriEncodedLength: N`: a string is at most N characters once URI-encoded.
    pub(super) struct MaxUriEncodedLength(usize);

    impl<'i> Keyword<'i> for MaxUriEncodedLength {
        fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
            if self.is_valid(instance) {
                Ok(())
            } else {
                Err(ValidationError::custom(format!(
                    "is longer than {} characters once URI-encoded",
                    self.0
                )))
            }
        }

        fn is_valid(&self, instance: &'i Value) -> bool {
            instance
                .as_str()
                .is_none_or(|s| uri_encoded_len(s) <= self.0)
        }
    }

    pub(super) fn factory<'a>(
        _parent: &'a Map<String, Value>,
        value: &'a Value,
        _path: Location,
    ) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
        value
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .map(|n| Box::new(MaxUriEncodedLength(n)) as Box<dyn for<'i> Keyword<'i>>)
            .ok_or_else(|| {
                ValidationError::custom(format!(
                    "{} must be a non-negative integer",
                    super::MAX_URI_ENCODED_LENGTH
                ))
            })
    }
}
