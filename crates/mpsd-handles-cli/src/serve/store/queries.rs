//! `POST /handles/query` on the in-memory MPSD: the held handles a query
//! finds (README, "`mpsd-handles serve`"), from what each handle's
//! [`Indexed`] says of it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mpsd_handles::axum::{Rejection, ValidQuery};
use std::collections::HashSet;
use std::sync::Arc;

use mpsd_handles::HandleQuery;
use mpsd_handles::model::{Owners, Xuid};

use super::{App, Handles, Held, Indexed, MAX_RESULTS, json_body};
use crate::invariant::json;
use crate::serve::guard::{Own, refuse};
use crate::serve::search::{Compiled, Evaluation, STEPS, TooCostly};

/// `POST /handles/query`: the held handles the query finds (docs in the
/// README, "`mpsd-handles serve`"), at most 100, as
/// `{"results": [...]}`. `include` is judged, but the mock holds no
/// sessions to fill `relatedInfo`, `roleInfo` or `customProperties` from.
///
/// The store's lock is held only to take the handles the query may find
/// (where and whose); the filter runs on that snapshot on a blocking
/// thread, within [`STEPS`], so that no query holds up other requests,
/// `/healthz` or shutdown.
pub(super) async fn query(State(app): State<App>, body: Result<ValidQuery, Rejection>) -> Response {
    let query = match body {
        Ok(ValidQuery { query, .. }) => query,
        Err(rejection) => return refuse(rejection.0),
    };
    let candidates = app.handles().candidates(&query);
    let held = candidates.len();
    let found = tokio::task::spawn_blocking(move || find(&query, &candidates)).await;
    match found {
        Ok(Ok(results)) => {
            let text = format!("{{\"results\":[{}]}}", results.join(","));
            (StatusCode::OK, json_body(text)).into_response()
        }
        Ok(Err(Unanswered::UnknownExpression)) => refuse(Own::Internal.problem(
            "The filter holds a kind of expression this build of the mock cannot evaluate.",
        )),
        Ok(Err(Unanswered::TooCostly)) => refuse(Own::QueryTooCostly.problem(format!(
            "The filter took more than {STEPS} evaluation steps over the {held} handles it \
             could find; this server stops there (README, \"mpsd-handles serve\"). Narrow \
             the query, or nest fewer lambdas that read each other's variables."
        ))),
        Err(_) => refuse(Own::Internal.problem("The query's evaluation failed.")),
    }
}

impl Handles {
    /// The held handles `query` may find, by where and whose (the filter
    /// is not run here: this is under the store's lock).
    fn candidates(&self, query: &HandleQuery) -> Vec<Arc<Held>> {
        match query {
            HandleQuery::Activity(q) => {
                // No social graph here: a group query finds nobody.
                let Owners::Xuids(xuids) = &q.owners else {
                    return Vec::new();
                };
                // A set: a body can list thousands of xuids, and the store
                // holds up to 10 000 handles (a list would make a query
                // cost their product).
                let xuids: HashSet<Xuid> = xuids.iter().copied().collect();
                self.by_id
                    .values()
                    .filter(|held| {
                        matches!(&held.indexed, Indexed::Activity { scid, owner }
                            if *scid == q.scid && xuids.contains(owner))
                    })
                    .cloned()
                    .collect()
            }
            HandleQuery::Search(q) if q.session_members.is_none() => self
                .by_id
                .values()
                .filter(|held| {
                    matches!(&held.indexed, Indexed::Search { scid, template, .. }
                        if *scid == q.scid
                            && template.as_str().eq_ignore_ascii_case(q.template_name.as_str()))
                })
                .cloned()
                .collect(),
            // A search among a social group's sessions: no graph, none.
            _ => Vec::new(),
        }
    }
}

/// The JSON text of each of `candidates` that `query` finds, in answer
/// order; past [`STEPS`], none.
/// Why a query found no answer.
enum Unanswered {
    /// Its evaluation went past [`STEPS`].
    TooCostly,
    /// Its filter holds a kind of expression this build does not know.
    UnknownExpression,
}

impl From<TooCostly> for Unanswered {
    fn from(_: TooCostly) -> Self {
        Unanswered::TooCostly
    }
}

fn find(query: &HandleQuery, candidates: &[Arc<Held>]) -> Result<Vec<String>, Unanswered> {
    let mut found = Vec::new();
    match query {
        HandleQuery::Activity(_) => {
            let mut rows: Vec<_> = candidates
                .iter()
                .filter_map(|held| match &held.indexed {
                    Indexed::Activity { owner, .. } => Some((held.arrival, &held.text, *owner)),
                    _ => None,
                })
                .collect();
            rows.sort_unstable_by_key(|row| row.0);
            for (_, text, owner) in rows.into_iter().take(MAX_RESULTS) {
                found.push(with_member(text, "ownerXuid", &owner.to_string()));
            }
        }
        HandleQuery::Search(q) => {
            let compiled = q.filter.as_ref().map(Compiled::new);
            if compiled.as_ref().is_some_and(|c| !c.is_known()) {
                return Err(Unanswered::UnknownExpression);
            }
            let mut evaluation = compiled.as_ref().map(Evaluation::new);
            let mut rows = Vec::new();
            for held in candidates {
                let Indexed::Search {
                    attributes,
                    created,
                    ..
                } = &held.indexed
                else {
                    continue;
                };
                let keep = match &mut evaluation {
                    Some(evaluation) => evaluation.matches(attributes)?,
                    None => true,
                };
                if keep {
                    rows.push((held.arrival, attributes, (&held.text, created)));
                }
            }
            if q.order_by.is_none() {
                rows.sort_unstable_by_key(|row| row.0);
            }
            crate::serve::search::sort(&mut rows, q.order_by.as_ref());
            for (_, _, (text, created)) in rows.into_iter().take(MAX_RESULTS) {
                found.push(with_member(text, "createTime", created));
            }
        }
        _ => {}
    }
    Ok(found)
}

/// The handle's JSON object `text` with one more string member.
fn with_member(text: &str, name: &str, value: &str) -> String {
    let value = json(value);
    match text.strip_suffix('}') {
        Some(open) => format!("{open},\"{name}\":{value}}}"),
        None => text.to_owned(),
    }
}
