//! The `OpenAPI` 3.1 document of `mpsd-handles serve`: its routes, the
//! request schema and the problem responses, built from the library's
//! schemas (committed as `schemas/openapi.json`; `mpsd-handles schema
//! --openapi` writes it).

use mpsd_handles::schema::{
    Draft, contract_version, handle_query, handle_request, invite_response, problem,
};
use serde_json::{Map, Value, json};

/// Moves a root schema's `$defs` into `components` and points its `$ref`s
/// there; returns the schema without them.
fn hoist(mut schema: Value, components: &mut Map<String, Value>) -> Value {
    if let Some(Value::Object(defs)) = schema.as_object_mut().and_then(|o| o.remove("$defs")) {
        for (name, def) in defs {
            components.insert(name, def);
        }
    }
    if let Some(object) = schema.as_object_mut() {
        for key in ["$schema", "$id"] {
            object.remove(key);
        }
    }
    retarget(&mut schema);
    schema
}

fn retarget(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(r)) = object.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/$defs/") {
                    *r = format!("#/components/schemas/{name}");
                }
            }
            object.values_mut().for_each(retarget);
        }
        Value::Array(items) => items.iter_mut().for_each(retarget),
        _ => {}
    }
}

fn problem_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

/// The answers of `GET`/`DELETE /handles/{id}`: `ok` with `status`, and
/// the refusals both share.
fn by_id_responses(status: &str, ok: Value) -> Value {
    let mut responses = json!({
        "400": problem_response("A query string was sent."),
        "404": problem_response("No such handle (or the id is no GUID)."),
        "415": problem_response("A body was sent."),
        "503": problem_response("No request slot came free within the deadline."),
        "502": problem_response("As a validating proxy (serve --upstream): the upstream did not answer."),
        "504": problem_response("As a validating proxy (serve --upstream): the upstream did not start its answer in time.")
    });
    if let Some(map) = responses.as_object_mut() {
        map.insert(status.to_owned(), ok);
    }
    responses
}

/// The `X-Xbl-Contract-Version` header parameter.
fn contract_header() -> Value {
    json!({
        "name": "X-Xbl-Contract-Version",
        "in": "header",
        "required": true,
        "description": "The MPSD contract version: a canonical decimal integer of at least 104 (the SDK sends 107).",
        "schema": contract_version()
    })
}

/// The `include` query parameter of `POST /handles/query` (docs/rules.md
/// §8.1; that no name may be listed twice is beyond the pattern).
fn include_parameter() -> Value {
    let name = mpsd_handles::include::INCLUDE_NAMES.join("|");
    json!({
        "name": "include",
        "in": "query",
        "required": false,
        "description": "Extra objects to return per handle: relatedInfo, roleInfo, customProperties, joined by commas, each at most once.",
        "schema": {"type": "string", "pattern": format!("^(?:{name})(?:,(?:{name}))*$")},
        "style": "form",
        "explode": false
    })
}

/// `POST /handles/query`.
fn query_path(contract: &Value) -> Value {
    json!({
        "post": {
            "operationId": "queryHandles",
            "summary": "Find handles: an activity query (by owner) or a search query (by filter).",
            "parameters": [contract, include_parameter()],
            "requestBody": {
                "required": true,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HandleQuery"}}}
            },
            "responses": {
                "200": {
                    "description": "The handles found, at most 100.",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "required": ["results"],
                        "properties": {"results": {"type": "array", "maxItems": 100, "items": {"type": "object"}}}
                    }}}
                },
                "400": problem_response("The body breaks the rules of a query, the include parameter is not valid (or another query parameter is sent), the contract header is missing, repeated or too old, or the body did not arrive within the deadline."),
                "413": problem_response("The body is larger than the limit."),
                "415": problem_response("The body is not JSON: Content-Type is not application/json (or is repeated), or Content-Encoding is not identity."),
                "503": problem_response("No request slot came free within the deadline (serve --concurrency, --body-deadline)."),
                "502": problem_response("As a validating proxy (serve --upstream): the upstream did not answer."),
                "504": problem_response("As a validating proxy (serve --upstream): the upstream did not start its answer in time.")
            }
        }
    })
}

/// The `OpenAPI` 3.1 document of `mpsd-handles serve`.
#[must_use]
pub(crate) fn openapi() -> Value {
    let mut components = Map::new();
    let request = hoist(handle_request(Draft::Draft2020_12), &mut components);
    let problem = hoist(problem(), &mut components);
    components.insert("HandleRequest".into(), request);
    let query = hoist(handle_query(Draft::Draft2020_12), &mut components);
    components.insert("HandleQuery".into(), query);
    components.insert("Problem".into(), problem);
    let invite = hoist(invite_response(), &mut components);
    components.insert("InviteHandle".into(), invite);
    let contract = contract_header();
    let id = json!({
        "name": "id",
        "in": "path",
        "required": true,
        "description": "The handle's id.",
        "schema": {"type": "string"}
    });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "mpsd-handles serve",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "An in-memory Xbox Live MPSD handles endpoint that validates every POST /handles body with the mpsd-handles validator; every refusal is an RFC 9457 problem body."
        },
        "paths": {
            "/handles": {
                "post": {
                    "operationId": "createHandle",
                    "summary": "Create a handle (activity, invite, transfer or search).",
                    "parameters": [contract],
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HandleRequest"}}}
                    },
                    "responses": {
                        "201": {
                            "description": "An invite: the invite handle.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InviteHandle"}}}
                        },
                        "204": {
                            "description": "An activity, transfer or search handle was created.",
                            "headers": {"Location": {"description": "Where the handle is.", "schema": {"type": "string"}}}
                        },
                        "400": problem_response("The body breaks the rules, the contract header is missing, repeated or too old, the body did not arrive within the deadline, or a query string was sent."),
                        "413": problem_response("The body is larger than the limit."),
                        "415": problem_response("The body is not JSON: Content-Type is not application/json (or is repeated), or Content-Encoding is not identity."),
                        "503": problem_response("No request slot came free within the deadline (serve --concurrency, --body-deadline)."),
                        "502": problem_response("As a validating proxy (serve --upstream): the upstream did not answer."),
                        "504": problem_response("As a validating proxy (serve --upstream): the upstream did not start its answer in time.")
                    }
                }
            },
            "/handles/query": query_path(&contract),
            "/handles/{id}": {
                "get": {
                    "operationId": "readHandle",
                    "summary": "Read a handle.",
                    "parameters": [id.clone()],
                    "responses": by_id_responses("200", json!({
                        "description": "The handle.",
                        "content": {"application/json": {"schema": {"type": "object"}}}
                    }))
                },
                "delete": {
                    "operationId": "deleteHandle",
                    "summary": "Delete a handle.",
                    "parameters": [id],
                    "responses": by_id_responses("204", json!({"description": "The handle was deleted."}))
                }
            }
        },
        "components": {"schemas": components}
    })
}
