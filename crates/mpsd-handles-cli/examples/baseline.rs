//! The non-validating twin of `mpsd-handles serve`, for the load benchmark
//! (`benches/serve-load.sh`): `POST /handles` takes axum's
//! `Json<serde_json::Value>` (the same 64 KiB body limit), validates
//! nothing, and does the same bookkeeping as `serve` (a fresh id, the
//! handle's text kept, `Location` answered) behind the same layers (body
//! deadline, concurrency limit). Prints `listening on
//! http://ADDR` first, like `serve`.
//!
//! `cargo run --release -p mpsd-handles-cli --example baseline -- 127.0.0.1:0`

use std::io::Write;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::post;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

type Store = Arc<Mutex<HashMap<uuid::Uuid, String>>>;

async fn accept(
    State(store): State<Store>,
    axum::Json(handle): axum::Json<serde_json::Value>,
) -> impl IntoResponse {
    let id = uuid::Uuid::new_v4();
    if let Ok(mut store) = store.lock() {
        if store.len() >= 10_000 {
            store.clear();
        }
        store.insert(id, handle.to_string());
    }
    (
        StatusCode::NO_CONTENT,
        [(header::LOCATION, format!("/handles/{id}"))],
    )
}

fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:0".to_owned());
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let listener = tokio::net::TcpListener::bind(&addr).await?;
            let mut out = std::io::stdout().lock();
            writeln!(out, "listening on http://{}", listener.local_addr()?)?;
            out.flush()?;
            drop(out);
            let app = Router::new()
                .route("/handles", post(accept))
                .layer(DefaultBodyLimit::max(64 * 1024))
                // The same manners as `serve` (its defaults).
                .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(10)))
                .layer(GlobalConcurrencyLimitLayer::new(256))
                .with_state(Store::default());
            axum::serve(listener, app).await
        })
}
