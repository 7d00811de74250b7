//! What the `serve` tests share: the server as a child process, and raw
//! HTTP/1.1 over loopback (stub upstreams: `stub.rs`).

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command as Std, Stdio};
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

/// Stops `server` (SIGTERM: its log is written out) and returns the log it
/// wrote to `path`, removing the file.
/// The `stopping` line that SIGTERM itself writes is left out.
pub(crate) fn take_log(server: Server, path: &Path) -> String {
    drop(server);
    let text = std::fs::read_to_string(path).unwrap();
    let _ = std::fs::remove_file(path);
    let mut kept = String::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with("{\"event\":\"stopping\"") && !l.starts_with("stopping "))
    {
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// The lines of a JSON log.
pub(crate) fn log_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}
