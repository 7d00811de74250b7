//! The `JsonSchema` impls of the constrained newtypes, built from the same
//! constants as the validator's rules. (The structs derive theirs.)

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::{anchored_string, guid, name};
use crate::model::{
    AttributeName, AttributeNumber, AttributeString, Attributes, HandleId, HandleVersion,
    InviteContext, Scid, SessionName, TemplateName, TitleId, Xuid,
};
use crate::rules;

/// `impl JsonSchema` for a type whose schema is written out wherever it is
/// used: `inline_json_schema!(Type, schema)`.
macro_rules! inline_json_schema {
    ($ty:ident, $schema:expr) => {
        impl JsonSchema for $ty {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

inline_json_schema!(
    Scid,
    guid("Service configuration id: a GUID, 8-4-4-4-12 hexadecimal digits.")
);
inline_json_schema!(
    HandleId,
    guid("Handle id: a GUID, 8-4-4-4-12 hexadecimal digits. Clients normally leave it out.")
);
inline_json_schema!(TemplateName, name("templateName"));
inline_json_schema!(SessionName, name("name"));

inline_json_schema!(HandleVersion, {
    json_schema!({
        "description": "The body's version: exactly the integer 1.",
        "type": "integer",
        "const": 1
    })
});

inline_json_schema!(TitleId, {
    let mut digits = anchored_string(&format!(
        "^(?:{})$",
        rules::decimal::range_pattern(0, u64::from(u32::MAX))
    ));
    digits.insert(
        "description".into(),
        "Canonical decimal digits of a uint32, as the SDK sends.".into(),
    );
    json_schema!({
        "description": "The title being invited to: a decimal uint32 (0 to 4294967295), as a string of canonical decimal digits or as a JSON integer.",
        "anyOf": [
            digits,
            {
                "description": "A JSON integer in the uint32 range.",
                "type": "integer",
                "minimum": 0,
                "maximum": u32::MAX
            }
        ]
    })
});

inline_json_schema!(Xuid, {
    let mut schema = anchored_string(&format!(
        "^(?:{})$",
        rules::decimal::range_pattern(1, u64::MAX)
    ));
    schema.insert(
        "description".into(),
        "Xbox user id: canonical decimal digits of 1 to 18446744073709551615, as a string (a JSON number would not survive a double).".into(),
    );
    schema
});

inline_json_schema!(InviteContext, {
    json_schema!({
        "description": "The title-defined context token: at most 256 characters once URI-encoded (UTF-8 bytes; A-Z a-z 0-9 - . _ ~ count 1, every other byte 3). Standard JSON Schema cannot say this: maxLength 256 is a necessary condition, and the extension keyword x-maxUriEncodedLength carries the exact rule for validators that register it.",
        "type": "string",
        "maxLength": rules::context::MAX_URI_ENCODED_LEN,
        "x-maxUriEncodedLength": rules::context::MAX_URI_ENCODED_LEN
    })
});

inline_json_schema!(AttributeName, {
    let mut schema = anchored_string(rules::attribute::NAME_PATTERN);
    schema.insert("minLength".into(), 1.into());
    schema.insert("maxLength".into(), rules::attribute::MAX_NAME_LEN.into());
    schema.insert(
        "description".into(),
        "An attribute name: an ASCII letter, then ASCII letters, digits or _; 1 to 99 characters. MPSD compares names without regard to case.".into(),
    );
    schema
});

inline_json_schema!(AttributeNumber, {
    json_schema!({
        "description": "A numeric attribute: a number a double holds (finite).",
        "type": "number"
    })
});

inline_json_schema!(AttributeString, {
    json_schema!({
        "description": "A string attribute: at most 99 UTF-8 bytes. maxLength counts characters, so it is necessary, not sufficient, for a string with characters beyond ASCII.",
        "type": "string",
        "maxLength": rules::attribute::MAX_STRING_BYTES
    })
});

impl<V: JsonSchema> JsonSchema for Attributes<V> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Attributes_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<V>();
        json_schema!({
            "description": "Named attributes: attribute name to value. No two names may be equal without regard to case (beyond JSON Schema).",
            "type": "object",
            "propertyNames": AttributeName::json_schema(generator),
            "additionalProperties": value
        })
    }
}
