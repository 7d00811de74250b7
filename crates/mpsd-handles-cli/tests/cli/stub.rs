//! Stub upstreams on loopback, plain or TLS (with a CA made by rcgen), that
//! answer every request alike and say what reached them; and an HTTPS
//! client for a TLS listener.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// A request an upstream stub received: its head (lower-cased) and body.
#[derive(Debug)]
pub(crate) struct Seen {
    pub(crate) head: String,
    pub(crate) body: Vec<u8>,
}

/// A stub upstream on loopback, plain or TLS, answering every request with
/// `answer` on kept-alive connections and sending what it saw.
pub(crate) struct Stub {
    pub(crate) addr: String,
    pub(crate) seen: mpsc::Receiver<Seen>,
}

impl Stub {
    pub(crate) fn plain(answer: &'static [u8]) -> Self {
        Self::start(answer, None)
    }

    /// A TLS stub whose certificate for `localhost` and 127.0.0.1 is
    /// signed by a CA made here; returns the stub and the CA's PEM.
    pub(crate) fn tls(answer: &'static [u8]) -> (Self, String) {
        let (config, ca_pem) = tls_server_config();
        (Self::start(answer, Some(config)), ca_pem)
    }

    fn start(answer: &'static [u8], tls: Option<rustls::ServerConfig>) -> Self {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (tx, seen) = mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                let acceptor = tls.map(|c| tokio_rustls::TlsAcceptor::from(std::sync::Arc::new(c)));
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let tx = tx.clone();
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        match acceptor {
                            None => serve_stub(stream, answer, tx).await,
                            Some(acceptor) => {
                                if let Ok(stream) = acceptor.accept(stream).await {
                                    serve_stub(stream, answer, tx).await;
                                }
                            }
                        }
                    });
                }
            });
        });
        Self { addr, seen }
    }

    /// The next request seen, if one comes within `wait`.
    pub(crate) fn next(&self, wait: Duration) -> Option<Seen> {
        self.seen.recv_timeout(wait).ok()
    }
}

async fn serve_stub<S>(mut stream: S, answer: &'static [u8], tx: mpsc::Sender<Seen>)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        // One request: the head, then content-length bytes.
        let (head_end, length) = loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap_or(0));
                break (end, length);
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        };
        while buf.len() < head_end + 4 + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
        }
        let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
        let body = buf[head_end + 4..head_end + 4 + length].to_vec();
        buf.drain(..head_end + 4 + length);
        let _ = tx.send(Seen { head, body });
        if stream.write_all(answer).await.is_err() {
            return;
        }
        let _ = stream.flush().await;
    }
}

/// A CA, and a server configuration with a certificate it signed for
/// `localhost` and 127.0.0.1; the CA's PEM.
fn tls_server_config() -> (rustls::ServerConfig, String) {
    let (ca_cert, ca_key) = make_ca();
    let key = rcgen::KeyPair::generate().unwrap();
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let issuer = rcgen::Issuer::new(ca_params(), ca_key);
    let cert = params.signed_by(&key, &issuer).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls_pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    (config, ca_cert.pem())
}

/// A CA's PEM, and PEM files of a certificate it signed for `localhost`
/// and 127.0.0.1 and of its key, written under `dir`.
pub(crate) fn cert_files(dir: &Path) -> (String, std::path::PathBuf, std::path::PathBuf) {
    let (ca_cert, ca_key) = make_ca();
    let key = rcgen::KeyPair::generate().unwrap();
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap();
    let cert = params
        .signed_by(&key, &rcgen::Issuer::new(ca_params(), ca_key))
        .unwrap();
    std::fs::create_dir_all(dir).unwrap();
    let (cert_path, key_path) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, key.serialize_pem()).unwrap();
    (ca_cert.pem(), cert_path, key_path)
}

/// One HTTPS exchange with `addr` as `localhost`, trusting `ca_pem`: the
/// raw answer, read to the end.
pub(crate) fn https_exchange(addr: &str, ca_pem: &str, request: &[u8]) -> Vec<u8> {
    use rustls_pki_types::pem::PemObject;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(rustls_pki_types::CertificateDer::from_pem_slice(ca_pem.as_bytes()).unwrap())
        .unwrap();
    let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
        let mut tls = tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
            .connect(name, stream)
            .await
            .unwrap();
        tls.write_all(request).await.unwrap();
        let mut raw = Vec::new();
        let _ = tls.read_to_end(&mut raw).await;
        raw
    })
}

fn ca_params() -> rcgen::CertificateParams {
    let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "mpsd-handles test CA");
    params
}

/// A self-signed CA certificate and its key.
pub(crate) fn make_ca() -> (rcgen::Certificate, rcgen::KeyPair) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = ca_params().self_signed(&key).unwrap();
    (cert, key)
}
