//! Regression tests of the issue "In front of the real MPSD": `serve` and
//! `serve --upstream` tried as a hostile client would, over loopback.
//! `waits`: what bounds a client's time; `proxy`: what reaches the
//! upstream; `ops`: refusals, the store, metrics and logs.

use std::io::Read;
use std::net::TcpStream;
use std::time::Duration;

use super::repo;

mod ops;
mod proxy;
mod waits;

pub(super) const GUID: &str = "bd6c41c3-01c3-468a-a3b5-3e0fe8133862";

pub(super) const STUB_ANSWER: &[u8] = b"HTTP/1.1 201 Created\r\ncontent-type: application/json\r\nx-upstream: stub\r\nconnection: x-up\r\nx-up: 1\r\nkeep-alive: timeout=5\r\nproxy-authenticate: Basic\r\ncontent-length: 13\r\n\r\n{\"id\":\"stub\"}";

pub(crate) fn invite() -> Vec<u8> {
    std::fs::read(repo().join("tests/data/valid/invite.json")).unwrap()
}

pub(super) fn connect(addr: &str) -> TcpStream {
    let stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// Whether the server closed `stream` (a read ends, or fails with a reset),
/// reading whatever it sent before.
pub(super) fn closed(stream: &mut TcpStream) -> bool {
    let mut sink = [0u8; 1024];
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

pub(super) fn post_head(length: usize) -> String {
    format!(
        "POST /handles HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-xbl-contract-version: 107\r\ncontent-length: {length}\r\n\r\n"
    )
}
