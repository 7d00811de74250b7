//! A stand-in for MPSD behind `serve --upstream`, for the load benchmark
//! (`benches/serve-load.sh`): answers every request `201` with a small JSON
//! body, on kept-alive HTTP/1.1 connections, plain or TLS. With `--tls
//! CA_FILE` it makes a CA and a certificate for `localhost` (rcgen), writes
//! the CA's PEM to `CA_FILE` (for `--upstream-ca`), and serves TLS. Prints
//! `listening on http://ADDR` (or `https://`) first, like `serve`.
//!
//! `cargo run --release -p mpsd-handles-cli --example stub_upstream -- 127.0.0.1:0 [--tls ca.pem]`

use std::convert::Infallible;
use std::io::Write;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

async fn answer(
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    // Read the body (a real upstream does) before answering.
    let _ = http_body_util::BodyExt::collect(request.into_body()).await;
    let mut response = hyper::Response::new(Full::new(Bytes::from_static(
        br#"{"id":"bd6c41c3-01c3-468a-a3b5-3e0fe8133862"}"#,
    )));
    *response.status_mut() = hyper::StatusCode::CREATED;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    Ok(response)
}

/// A TLS acceptor for `localhost`, its CA written to `ca_file`.
fn tls(ca_file: &str) -> Result<tokio_rustls::TlsAcceptor, Box<dyn std::error::Error>> {
    let ca_key = rcgen::KeyPair::generate()?;
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new())?;
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "stub upstream CA");
    let ca = ca_params.self_signed(&ca_key)?;
    std::fs::write(ca_file, ca.pem())?;
    let key = rcgen::KeyPair::generate()?;
    let cert = rcgen::CertificateParams::new(vec!["localhost".to_owned()])?
        .signed_by(&key, &rcgen::Issuer::new(ca_params, ca_key))?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()?
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )?;
    Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let addr = args
        .first()
        .map_or("127.0.0.1:0", String::as_str)
        .to_owned();
    let acceptor = match args.get(1).map(String::as_str) {
        Some("--tls") => Some(tls(args.get(2).ok_or("--tls needs a file")?)?),
        _ => None,
    };
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(async move {
            let listener = tokio::net::TcpListener::bind(&addr).await?;
            let scheme = if acceptor.is_some() { "https" } else { "http" };
            let mut out = std::io::stdout().lock();
            writeln!(out, "listening on {scheme}://{}", listener.local_addr()?)?;
            out.flush()?;
            drop(out);
            loop {
                let (stream, _) = listener.accept().await?;
                let _ = stream.set_nodelay(true);
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let builder = http1::Builder::new();
                    match acceptor {
                        None => {
                            let _ = builder
                                .serve_connection(TokioIo::new(stream), service_fn(answer))
                                .await;
                        }
                        Some(acceptor) => {
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let _ = builder
                                    .serve_connection(TokioIo::new(stream), service_fn(answer))
                                    .await;
                            }
                        }
                    }
                });
            }
        })
}
