//! The in-memory MPSD: `POST /handles` validated by the library's axum
//! extractor, `GET` and `DELETE /handles/{id}`, `POST /handles/query`
//! answered from the handles held, and the store they share, bounded in
//! count and bytes whatever the traffic.

use std::collections::{BTreeMap, HashMap};
use std::num::NonZeroU64;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{FromRef, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use mpsd_handles::axum::{HandleConfig, Rejection, ValidHandle};
use mpsd_handles::model::{
    HandleId, InviteHandleResponse, ResponseAttributes, Scid, TemplateName, Xuid,
};
use mpsd_handles::problem::Problem;
use mpsd_handles::{Echo, HandleRequest};

use super::guard::{Own, refuse};
use super::search::Attrs;

mod queries;
use super::{log, metrics};
use crate::invariant::json;
use queries::query;

/// The sender of every invite (the endpoint has no authentication to take
/// it from): a fixed, documented xuid, 2814679796296491.
const SENDER_XUID: NonZeroU64 = NonZeroU64::MIN.saturating_add(2_814_679_796_296_490);

/// The request header that names the mock's caller (the real MPSD takes
/// the caller from the request's authorization); without it, the caller
/// is [`SENDER_XUID`].
pub(crate) const CALLER_HEADER: &str = "x-mpsd-caller-xuid";

/// The most results a query answers, as MPSD.
const MAX_RESULTS: usize = 100;

/// How long an invite handle lives, as MPSD's fixtures show (≈ 2 h).
const INVITE_LIFETIME: Duration = Duration::from_secs(2 * 60 * 60);

/// The most handles held at once; past it the oldest is forgotten.
pub(crate) const MAX_HANDLES: usize = 10_000;

/// The most bytes the store holds at once: each handle's JSON text, what
/// queries read of it ([`Indexed`]) and a fixed cost for its entry, as
/// [`Held::bytes`] counts them (each handle is at most the body limit,
/// 64 KiB by default, so the count alone would allow 640 MB of text, and
/// a parsed copy of 16 000 one-letter tags took 6 times their text).
pub(crate) const MAX_BYTES: usize = 64 << 20;

/// What an entry costs beside its text and index: the [`Held`] itself, its
/// `Arc`, and its slots in the two maps (with their spare capacity).
const ENTRY_BYTES: usize = size_of::<Held>() + 128;

/// What a query needs of a held handle.
#[derive(Debug, Default)]
pub(crate) enum Indexed {
    /// An activity handle: where, and whose.
    Activity { scid: Scid, owner: Xuid },
    /// A search handle: where, its attributes, and when it came.
    Search {
        scid: Scid,
        template: TemplateName,
        attributes: Attrs,
        created: Box<str>,
    },
    /// Invites and transfers: no query finds them.
    #[default]
    Other,
}

/// A held handle: its arrival number, its JSON text (as answered to `GET`)
/// and what queries read of it. Shared: a query reads a snapshot of the
/// handles it may find, outside the store's lock.
#[derive(Debug)]
pub(crate) struct Held {
    arrival: u64,
    text: Box<str>,
    indexed: Indexed,
}

impl Held {
    /// The memory this entry keeps, as the store counts it.
    fn bytes(&self) -> usize {
        let indexed = match &self.indexed {
            Indexed::Search {
                template,
                attributes,
                created,
                ..
            } => template.as_str().len() + attributes.heap_bytes() + created.len(),
            Indexed::Activity { .. } | Indexed::Other => 0,
        };
        ENTRY_BYTES + self.text.len() + indexed
    }
}

/// The handles held, and the ids by arrival. Both hold exactly the live
/// handles: a deleted id leaves both.
#[derive(Default)]
struct Handles {
    by_id: HashMap<HandleId, Arc<Held>>,
    by_arrival: BTreeMap<u64, HandleId>,
    next: u64,
    bytes: usize,
}

impl Handles {
    /// Stores `handle`, forgetting the oldest while past either bound;
    /// returns how many were forgotten.
    #[cfg(test)]
    fn insert(&mut self, id: HandleId, handle: String) -> usize {
        self.insert_indexed(id, handle, Indexed::Other)
    }

    /// Stores `handle` with what queries read of it (see `insert`).
    fn insert_indexed(&mut self, id: HandleId, handle: String, indexed: Indexed) -> usize {
        let held = Held {
            arrival: self.next,
            text: handle.into_boxed_str(),
            indexed,
        };
        self.next += 1;
        let size = held.bytes();
        // The same id again replaces its handle: it leaves first.
        self.remove(&id);
        let mut forgotten = 0;
        while !self.by_id.is_empty()
            && (self.by_id.len() >= MAX_HANDLES || self.bytes + size > MAX_BYTES)
        {
            let Some((_, oldest)) = self.by_arrival.pop_first() else {
                break;
            };
            if let Some(old) = self.by_id.remove(&oldest) {
                self.bytes -= old.bytes();
                forgotten += 1;
            }
        }
        self.bytes += size;
        self.by_arrival.insert(held.arrival, id);
        self.by_id.insert(id, Arc::new(held));
        forgotten
    }

    fn get(&self, id: &HandleId) -> Option<Arc<Held>> {
        self.by_id.get(id).cloned()
    }

    fn remove(&mut self, id: &HandleId) -> bool {
        match self.by_id.remove(id) {
            Some(held) => {
                self.by_arrival.remove(&held.arrival);
                self.bytes -= held.bytes();
                true
            }
            None => false,
        }
    }
}

/// The endpoint's state: its configuration and the handles it holds.
#[derive(Clone, Default)]
pub(crate) struct App {
    config: HandleConfig,
    handles: Arc<Mutex<Handles>>,
}

impl App {
    fn handles(&self) -> std::sync::MutexGuard<'_, Handles> {
        self.handles.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn store(&self, id: HandleId, handle: String, indexed: Indexed) {
        let (forgotten, held, bytes) = {
            let mut handles = self.handles();
            let forgotten = handles.insert_indexed(id, handle, indexed);
            (forgotten, handles.by_id.len(), handles.bytes)
        };
        metrics::handles_stored(held);
        if forgotten > 0 {
            log::evicted(held, bytes);
        }
    }
}

impl FromRef<App> for HandleConfig {
    fn from_ref(app: &App) -> Self {
        app.config
    }
}

/// The in-memory endpoint's routes.
pub(crate) fn routes() -> Router {
    Router::new()
        .route("/handles", post(create))
        .route("/handles/query", post(query))
        .route("/handles/{id}", get(read).delete(remove))
        .with_state(App::default())
}

/// The caller: the xuid in [`CALLER_HEADER`], or [`SENDER_XUID`]; a
/// header that is repeated or not an xuid is refused.
fn caller(headers: &HeaderMap) -> Result<Xuid, Problem> {
    let mut values = headers.get_all(CALLER_HEADER).iter();
    let (Some(value), None) = (values.next(), values.next()) else {
        return match headers.get(CALLER_HEADER) {
            None => Ok(Xuid::from(SENDER_XUID)),
            Some(_) => Err(Own::BadCaller.problem(format!(
                "{CALLER_HEADER} is given more than once: send it once."
            ))),
        };
    };
    let text = value.to_str().unwrap_or("(not text)");
    text.parse::<Xuid>().map_err(|_| {
        Own::BadCaller.problem(format!(
            "{CALLER_HEADER} {:#} is not an Xbox user id (decimal digits, 1 to 18446744073709551615).",
            Echo::new(text)
        ))
    })
}

/// What queries read of `request`, posted by `caller`.
fn indexed(request: &HandleRequest, caller: Xuid) -> Indexed {
    match request {
        HandleRequest::Activity(h) => Indexed::Activity {
            scid: h.session_ref.scid,
            owner: caller,
        },
        HandleRequest::Search(h) => {
            let attributes = match &h.search_attributes {
                Some(attributes) => Attrs::new(attributes),
                None => Some(Attrs::default()),
            };
            // No body the server takes is past Attrs' 4 GiB.
            let Some(attributes) = attributes else {
                return Indexed::Other;
            };
            Indexed::Search {
                scid: h.session_ref.scid,
                template: h.session_ref.template_name.clone(),
                attributes,
                created: rfc3339(SystemTime::now()).into_boxed_str(),
            }
        }
        _ => Indexed::Other,
    }
}

async fn create(
    State(app): State<App>,
    headers: HeaderMap,
    body: Result<ValidHandle, Rejection>,
) -> Response {
    let request = match body {
        Ok(ValidHandle(request)) => request,
        Err(rejection) => return refuse(rejection.0),
    };
    let caller = match caller(&headers) {
        Ok(caller) => caller,
        Err(problem) => return refuse(problem),
    };
    let id = HandleId::new(uuid::Uuid::new_v4());
    match with_id(request, id) {
        HandleRequest::Invite(invite) => {
            let response = InviteHandleResponse::new(
                id,
                invite.session_ref,
                invite.invited_xuid,
                // The caller sends the invite, as activity handles are the
                // caller's.
                caller,
                ResponseAttributes::new(invite.invite_attributes.title_id),
                rfc3339(SystemTime::now() + INVITE_LIFETIME),
            );
            let text = json(&response);
            app.store(id, text.clone(), Indexed::Other);
            (StatusCode::CREATED, json_body(text)).into_response()
        }
        other => {
            let indexed = indexed(&other, caller);
            app.store(id, json(&other), indexed);
            (
                StatusCode::NO_CONTENT,
                [(header::LOCATION, format!("/handles/{id}"))],
            )
                .into_response()
        }
    }
}

/// `request` with the id MPSD gives it.
fn with_id(mut request: HandleRequest, id: HandleId) -> HandleRequest {
    match &mut request {
        HandleRequest::Activity(h) => h.id = Some(id),
        HandleRequest::Invite(h) => h.id = Some(id),
        HandleRequest::Transfer(h) => h.id = Some(id),
        HandleRequest::Search(h) => h.id = Some(id),
        _ => {}
    }
    request
}

/// JSON text as a response body (written as stored: member order kept).
fn json_body(text: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], text)
}

/// The 404 problem for an id no handle has (or that is no GUID).
pub(crate) fn not_found(id: &str) -> Response {
    refuse(Own::NotFound.problem(format!("No handle {:#} is held here.", Echo::new(id))))
}

async fn read(State(app): State<App>, Path(id): Path<String>) -> Response {
    let handle = id
        .parse::<HandleId>()
        .ok()
        .and_then(|key| app.handles().get(&key));
    match handle {
        Some(handle) => (StatusCode::OK, json_body(handle.text.to_string())).into_response(),
        None => not_found(&id),
    }
}

async fn remove(State(app): State<App>, Path(id): Path<String>) -> Response {
    let removed = id.parse::<HandleId>().ok().is_some_and(|key| {
        let mut handles = app.handles();
        let removed = handles.remove(&key);
        metrics::handles_stored(handles.by_id.len());
        removed
    });
    if removed {
        StatusCode::NO_CONTENT.into_response()
    } else {
        not_found(&id)
    }
}

/// `t` as an RFC 3339 UTC timestamp with 7 fractional digits, as MPSD writes.
fn rfc3339(t: SystemTime) -> String {
    // A clock set before 1970 writes 1970-01-01.
    let since = t.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = since.as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = i64::try_from(days).unwrap_or(0) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:07}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        since.subsec_nanos() / 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> HandleId {
        HandleId::new(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn the_store_forgets_the_oldest_past_its_cap() {
        let mut handles = Handles::default();
        for n in 0..=MAX_HANDLES as u128 {
            handles.insert(id(n), String::new());
        }
        assert_eq!(handles.by_id.len(), MAX_HANDLES);
        assert!(!handles.by_id.contains_key(&id(0)));
        assert!(handles.by_id.contains_key(&id(MAX_HANDLES as u128)));
    }

    #[test]
    fn churn_leaves_nothing_behind() {
        // POST then DELETE, many times: the store holds nothing afterwards
        // (the arrival order once kept every deleted id).
        let mut handles = Handles::default();
        for n in 0..50_000 {
            handles.insert(id(n), "{}".to_owned());
            assert!(handles.remove(&id(n)));
        }
        assert_eq!(
            (handles.by_id.len(), handles.by_arrival.len(), handles.bytes),
            (0, 0, 0)
        );
        // The same id stored twice is one handle.
        handles.insert(id(1), "ab".to_owned());
        handles.insert(id(1), "abc".to_owned());
        assert_eq!(
            (handles.by_arrival.len(), handles.bytes),
            (1, 3 + ENTRY_BYTES)
        );
    }

    #[test]
    fn the_store_stays_within_its_bytes() {
        let mut handles = Handles::default();
        let big = "x".repeat(60 * 1024);
        let mut forgotten = 0;
        for n in 0..2_000 {
            forgotten += handles.insert(id(n), big.clone());
            assert!(handles.bytes <= MAX_BYTES);
        }
        assert!(forgotten > 0);
        assert_eq!(handles.by_id.len(), MAX_BYTES / (big.len() + ENTRY_BYTES));
    }

    /// A held search handle made from `body` as `create` makes it.
    fn held(body: &str) -> Held {
        let request =
            mpsd_handles::from_str(body).unwrap_or_else(|e| panic!("{}", e.violations().len()));
        let indexed = indexed(&request, Xuid::from(SENDER_XUID));
        Held {
            arrival: 0,
            text: serde_json::to_string(&request).unwrap().into_boxed_str(),
            indexed,
        }
    }

    fn search_body(attributes: &str) -> String {
        format!(
            r#"{{"version":1,"type":"search","sessionRef":{{"scid":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862","templateName":"lfg"}},"searchAttributes":{{{attributes}}}}}"#
        )
    }

    /// Bodies near the 64 KiB limit in the shapes that cost the most memory
    /// per byte of text (issue 27: 16 300 one-letter tags kept as parsed
    /// attributes took 6 times their text, past the store's bound).
    fn worst_shapes() -> Vec<(&'static str, String)> {
        let letters = |n: usize| {
            let alphabet = b"abcdefghijklmnopqrstuvwxyz0123456789";
            let mut name = String::from(char::from(alphabet[n % 26]));
            let mut k = n / 26;
            while k > 0 {
                name.push(char::from(alphabet[k % alphabet.len()]));
                k /= alphabet.len();
            }
            name
        };
        let list = |n: usize, item: &dyn Fn(usize) -> String| {
            (0..n).map(item).collect::<Vec<_>>().join(",")
        };
        vec![
            (
                "16 300 one-letter tags",
                search_body(&format!(
                    r#""tags":[{}]"#,
                    list(16_300, &|_| r#""a""#.into())
                )),
            ),
            (
                "10 000 distinct short tags",
                search_body(&format!(
                    r#""tags":[{}]"#,
                    list(10_000, &|n| format!(r#""{}""#, letters(n)))
                )),
            ),
            (
                "8 000 numbers",
                search_body(&format!(
                    r#""numbers":{{{}}}"#,
                    list(8_000, &|n| format!(r#""{}":0"#, letters(n)))
                )),
            ),
            (
                "7 000 empty strings",
                search_body(&format!(
                    r#""strings":{{{}}}"#,
                    list(7_000, &|n| format!(r#""{}":"""#, letters(n)))
                )),
            ),
        ]
    }

    #[test]
    fn the_store_counts_the_memory_it_keeps() {
        for (shape, body) in worst_shapes() {
            assert!(body.len() <= 64 * 1024, "{shape}: {}", body.len());
            let mut kept = None;
            let info = allocation_counter::measure(|| kept = Some(Arc::new(held(&body))));
            let kept = kept.unwrap();
            assert!(
                matches!(kept.indexed, Indexed::Search { .. }),
                "{shape}: not indexed"
            );
            let counted = kept.bytes();
            let real = usize::try_from(info.bytes_current).unwrap();
            // Every byte kept is counted, and the count stays a small
            // multiple of the body (so the bound keeps enough handles).
            assert!(real <= counted, "{shape}: kept {real}, counted {counted}");
            assert!(
                counted <= 4 * body.len() + ENTRY_BYTES,
                "{shape}: counted {counted} for {} bytes",
                body.len()
            );
        }
    }

    #[test]
    fn the_sender_is_the_documented_xuid() {
        assert_eq!(Xuid::from(SENDER_XUID).to_string(), "2814679796296491");
    }

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00.0000000Z");
        let t = UNIX_EPOCH + Duration::new(1_409_267_734, 885_230_800);
        assert_eq!(rfc3339(t), "2014-08-28T23:15:34.8852308Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339(leap), "2000-02-29T00:00:00.0000000Z");
    }
}
