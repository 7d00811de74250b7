//! What the `serve` tests share: the server as a child process, raw
//! HTTP/1.1 over loopback, and stub upstreams (plain or TLS) that record
//! what reaches them.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command as Std, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

/// A running `serve`, stopped when dropped.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) addr: String,
    /// The second stdout line's address, with `--metrics-listen`.
    pub(crate) metrics: Option<String>,
}

impl Server {
    pub(crate) fn start(args: &[&str]) -> Self {
        Self::start_logging(args, None)
    }

    /// Starts `serve` with its log (stderr) in `log`, or discarded: an
    /// unread pipe would fill and stall the server.
    pub(crate) fn start_logging(args: &[&str], log: Option<&Path>) -> Self {
        Self::start_with(
            Std::new(assert_cmd::cargo::cargo_bin("mpsd-handles")),
            args,
            log,
        )
    }

    /// Starts `serve` under `sh -c 'ulimit -n FILES; exec ...'`.
    pub(crate) fn start_with_file_limit(files: u32, args: &[&str]) -> Self {
        let mut sh = Std::new("sh");
        sh.arg("-c")
            .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
            .arg(assert_cmd::cargo::cargo_bin("mpsd-handles"));
        Self::start_with(sh, args, None)
    }

    fn start_with(mut command: Std, args: &[&str], log: Option<&Path>) -> Self {
        let stderr = match log {
            Some(path) => Stdio::from(std::fs::File::create(path).unwrap()),
            None => Stdio::null(),
        };
        let mut child = command
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .or_else(|| line.trim().strip_prefix("listening on https://"))
            .unwrap_or_else(|| panic!("first line: {line:?}"))
            .to_owned();
        let metrics = if args.contains(&"--metrics-listen") {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            Some(
                line.trim()
                    .strip_prefix("metrics on http://")
                    .unwrap_or_else(|| panic!("second line: {line:?}"))
                    .to_owned(),
            )
        } else {
            None
        };
        Self {
            child,
            addr,
            metrics,
        }
    }

    /// Sends SIGTERM; the exit status and how long it took, at most `limit`.
    #[cfg(unix)]
    pub(crate) fn terminate(&mut self, limit: Duration) -> Option<(i32, Duration)> {
        let pid = self.child.id().to_string();
        assert!(
            Std::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some((status.code().unwrap_or(-1), start.elapsed()));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    /// SIGTERM, so the log is written out, then SIGKILL after 5 s.
    fn drop(&mut self) {
        #[cfg(unix)]
        if self.child.try_wait().ok().flatten().is_none()
            && self.terminate(Duration::from_secs(5)).is_some()
        {
            return;
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 exchange: status, headers (lower-case names), body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

/// One request on a fresh connection (`connection: close`, a
/// `content-length` for `body`, then `headers` as given).
pub(crate) fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (n, v) in headers {
        let _ = write!(request, "{n}: {v}\r\n");
    }
    request.push_str("\r\n");
    let mut raw_request = request.into_bytes();
    raw_request.extend_from_slice(body);
    parse(&exchange(addr, &raw_request))
}

/// Sends `request` as is and reads until the server closes.
pub(crate) fn exchange(addr: &str, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    raw
}

pub(crate) fn parse(raw: &[u8]) -> Answer {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_owned())
        })
        .collect();
    Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// Reads one answer with a `content-length` from a kept-alive connection.
pub(crate) fn read_answer(stream: &mut TcpStream) -> Answer {
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "closed mid-head");
        raw.push(byte[0]);
    }
    let mut answer = parse(&raw);
    let length: usize = answer
        .header("content-length")
        .map_or(0, |v| v.parse().unwrap());
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).unwrap();
    answer.body = body;
    answer
}

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
