//! `POST /handles/query` on the in-memory MPSD: the held handles a query
//! finds (README, "`mpsd-handles serve`"), from what each handle's
//! [`Indexed`] says of it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mpsd_handles::axum::{Rejection, ValidQuery};
use std::collections::HashSet;

use mpsd_handles::{HandleQuery, Owners, Xuid};

use super::{App, Handles, Indexed, MAX_RESULTS, json_body};
use crate::serve::guard::refuse;

/// `POST /handles/query`: the held handles the query finds (docs in the
/// README, "`mpsd-handles serve`"), at most 100, as
/// `{"results": [...]}`. `include` is judged, but the mock holds no
/// sessions to fill `relatedInfo`, `roleInfo` or `customProperties` from.
pub(super) async fn query(State(app): State<App>, body: Result<ValidQuery, Rejection>) -> Response {
    let query = match body {
        Ok(ValidQuery { query, .. }) => query,
        Err(rejection) => return refuse(rejection.0),
    };
    let results = app.handles().find(&query);
    let text = format!("{{\"results\":[{}]}}", results.join(","));
    (StatusCode::OK, json_body(text)).into_response()
}

impl Handles {
    /// The JSON text of each handle `query` finds, in answer order.
    fn find(&self, query: &HandleQuery) -> Vec<String> {
        let mut found = Vec::new();
        match query {
            HandleQuery::Activity(q) => {
                // No social graph here: a group query finds nobody.
                let Owners::Xuids(xuids) = &q.owners else {
                    return found;
                };
                // A set: a body can list thousands of xuids, and the store
                // holds up to 10 000 handles (a list would make a query
                // cost their product).
                let xuids: HashSet<Xuid> = xuids.iter().copied().collect();
                let mut rows: Vec<_> = self
                    .by_id
                    .values()
                    .filter_map(|(arrival, text, indexed)| match indexed {
                        Indexed::Activity { scid, owner }
                            if *scid == q.scid && xuids.contains(owner) =>
                        {
                            Some((*arrival, text, *owner))
                        }
                        _ => None,
                    })
                    .collect();
                rows.sort_unstable_by_key(|row| row.0);
                for (_, text, owner) in rows.into_iter().take(MAX_RESULTS) {
                    found.push(with_member(text, "ownerXuid", &owner.to_string()));
                }
            }
            HandleQuery::Search(q) if q.session_members.is_none() => {
                let mut rows: Vec<_> = self
                    .by_id
                    .values()
                    .filter_map(|(arrival, text, indexed)| match indexed {
                        Indexed::Search {
                            scid,
                            template,
                            attributes,
                            created,
                        } if *scid == q.scid
                            && template
                                .as_str()
                                .eq_ignore_ascii_case(q.template_name.as_str())
                            && q.filter
                                .as_ref()
                                .is_none_or(|f| crate::serve::search::matches(f, attributes)) =>
                        {
                            Some((*arrival, attributes, (text, created)))
                        }
                        _ => None,
                    })
                    .collect();
                if q.order_by.is_none() {
                    rows.sort_unstable_by_key(|row| row.0);
                }
                crate::serve::search::sort(&mut rows, q.order_by.as_ref());
                for (_, _, (text, created)) in rows.into_iter().take(MAX_RESULTS) {
                    found.push(with_member(text, "createTime", created));
                }
            }
            // A search among a social group's sessions: no graph, none.
            _ => {}
        }
        found
    }
}

/// The handle's JSON object `text` with one more string member.
fn with_member(text: &str, name: &str, value: &str) -> String {
    let value = serde_json::to_string(value).unwrap_or_default();
    match text.strip_suffix('}') {
        Some(open) => format!("{open},\"{name}\":{value}}}"),
        None => text.to_owned(),
    }
}
