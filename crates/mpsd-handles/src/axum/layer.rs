//! [`ValidateLayer`]: the [`Judge`] as a tower layer, for any axum, hyper
//! or tower service that takes `POST /handles` and `POST /handles/query`,
//! without changing its handlers.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum_core::body::Body;
use axum_core::response::{IntoResponse, Response};
use http::Request;

use super::{Endpoint, HandleConfig, Judge};
use crate::problem::Problem;

/// What report mode let through: the problem enforce mode would have
/// answered, in the request's extensions (for the service to log and
/// count).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WouldRefuse(pub Problem);

/// A tower layer that judges every `POST /handles` and `POST
/// /handles/query` request (the path exactly) before the service sees it;
/// other requests pass untouched.
///
/// Enforce (the default): a request that breaks a rule is answered with
/// its problem (`application/problem+json`) and never reaches the service;
/// one that passes reaches it with its body's bytes as sent and a
/// [`Valid`](super::Valid) in its extensions (take it with axum's
/// `Extension<Valid>`). Report only ([`ValidateLayer::report_only`]):
/// every request whose body can be held reaches the service, with a
/// [`WouldRefuse`] in its extensions when enforce mode would have refused
/// it.
///
/// ```
/// use mpsd_handles::axum::{HandleConfig, Valid, Validated, ValidateLayer};
/// use tower_service::Service;
///
/// # async fn demo() {
/// // Any service of `Request<Body>`; here a function that answers the
/// // handle's type from what the layer put in the extensions.
/// let inner = tower::service_fn(|request: http::Request<axum_core::body::Body>| async move {
///     let kind = match request.extensions().get::<Valid>().map(|v| &v.validated) {
///         Some(Validated::Handle(h)) => h.kind().as_str(),
///         _ => "not judged",
///     };
///     Ok::<_, std::convert::Infallible>(axum_core::response::IntoResponse::into_response(kind))
/// });
/// let mut service = tower_layer::Layer::layer(&ValidateLayer::new(HandleConfig::new()), inner);
/// let refused = http::Request::post("/handles").body(axum_core::body::Body::from("{}")).unwrap();
/// let answer = service.call(refused).await.unwrap();
/// assert_eq!(answer.status(), 415); // no Content-Type: refused before the body
/// let other = http::Request::get("/health").body(axum_core::body::Body::empty()).unwrap();
/// assert_eq!(service.call(other).await.unwrap().status(), 200);
/// # }
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(demo());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ValidateLayer {
    judge: Judge,
    /// Report only, reading bodies up to this many bytes.
    report_only: Option<usize>,
}

impl ValidateLayer {
    /// A layer that judges with `config` and refuses what breaks a rule.
    #[must_use]
    pub const fn new(config: HandleConfig) -> Self {
        Self {
            judge: Judge::new(config),
            report_only: None,
        }
    }

    /// The same layer in report mode: nothing is refused for its rules, a
    /// body is read up to `read_limit` bytes (at least the byte limit: it
    /// must be held whole to be passed on; past it, or cut short, it is
    /// still refused), and [`WouldRefuse`] marks what enforce mode would
    /// have refused.
    #[must_use]
    pub const fn report_only(mut self, read_limit: usize) -> Self {
        self.report_only = Some(read_limit);
        self
    }

    /// The judge it uses.
    #[must_use]
    pub const fn judge(&self) -> &Judge {
        &self.judge
    }
}

impl<S> tower_layer::Layer<S> for ValidateLayer {
    type Service = Validate<S>;

    fn layer(&self, inner: S) -> Validate<S> {
        Validate {
            inner,
            layer: *self,
        }
    }
}

/// The service [`ValidateLayer`] makes: judges, then calls `S`.
#[derive(Debug, Clone)]
pub struct Validate<S> {
    inner: S,
    layer: ValidateLayer,
}

impl<S, B> tower_service::Service<Request<B>> for Validate<S>
where
    S: tower_service::Service<Request<Body>, Response = Response> + Clone + Send + 'static,
    S::Future: Send,
    B: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    B::Error: Into<axum_core::BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let request = request.map(Body::new);
        let Some(endpoint) = Endpoint::of(request.method(), request.uri().path()) else {
            return Box::pin(self.inner.call(request));
        };
        // The service polled ready is the one called (tower's clone-swap).
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let layer = self.layer;
        Box::pin(async move {
            let (mut parts, body) = request.into_parts();
            let bytes = match layer.report_only {
                None => match layer.judge.judge(endpoint, &parts, body).await {
                    Ok(valid) => {
                        let bytes = valid.bytes.clone();
                        parts.extensions.insert(valid);
                        bytes
                    }
                    Err(rejection) => return Ok(rejection.into_response()),
                },
                Some(read_limit) => {
                    match layer.judge.report(endpoint, &parts, body, read_limit).await {
                        Ok(reported) => {
                            if let Some(problem) = reported.problem {
                                parts.extensions.insert(WouldRefuse(problem));
                            }
                            reported.bytes
                        }
                        Err(rejection) => return Ok(rejection.into_response()),
                    }
                }
            };
            inner
                .call(Request::from_parts(parts, Body::from(bytes)))
                .await
        })
    }
}
