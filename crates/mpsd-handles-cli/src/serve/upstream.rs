//! The upstream of `serve --upstream`: its URL, checked whole before
//! anything is bound, and the TLS it is spoken to with.

use std::path::Path;
use std::sync::Arc;

use axum::http::uri::{Authority, Scheme, Uri};
use hyper_rustls::ConfigBuilderExt;
use mpsd_handles::Echo;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject;

/// The scheme and authority of `--upstream`: `https://HOST[:PORT]` or
/// `http://HOST[:PORT]`, nothing else.
pub(super) fn parse_upstream(text: &str) -> Result<(Scheme, Authority), String> {
    let shown = Echo::whole(text);
    let uri: Uri = text
        .parse()
        .map_err(|e| format!("--upstream {shown}: not a URL ({e})"))?;
    let scheme = match uri.scheme_str() {
        Some("https") => Scheme::HTTPS,
        Some("http") => Scheme::HTTP,
        Some(_) | None => {
            return Err(format!(
                "--upstream {shown}: give https://HOST[:PORT] (or http:// for a test upstream)"
            ));
        }
    };
    let Some(authority) = uri.authority().cloned() else {
        return Err(format!("--upstream {shown}: no host"));
    };
    if authority.as_str().contains('@') {
        return Err(format!(
            "--upstream {shown}: a user or password is not taken (credentials travel in each request's Authorization)"
        ));
    }
    if authority.host().is_empty() {
        return Err(format!("--upstream {shown}: no host"));
    }
    // `Authority::port` is None for a port that is no u16 (`:99999`), as
    // for no port at all: read what follows the host.
    let port = authority
        .as_str()
        .strip_prefix(authority.host())
        // An authority starts with its host (a user part is refused
        // above); were it not so, the whole is refused as a port.
        .unwrap_or(authority.as_str());
    if !port.is_empty()
        && port
            .strip_prefix(':')
            .and_then(|p| p.parse::<u16>().ok())
            .is_none_or(|p| p == 0)
    {
        return Err(format!("--upstream {shown}: not a port"));
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err(format!(
            "--upstream {shown}: a path or query is not taken (requests go to the same path on the upstream)"
        ));
    }
    Ok((scheme, authority))
}

/// The TLS client configuration: the CAs of `ca` (PEM), or the bundled web
/// PKI roots.
pub(super) fn tls_config(ca: Option<&Path>) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS: {e}"))?;
    let config = match ca {
        None => builder.with_webpki_roots().with_no_client_auth(),
        Some(path) => {
            let shown = Echo::whole(&path.to_string_lossy()).to_string();
            let certs = CertificateDer::pem_file_iter(path)
                .map_err(|e| format!("--upstream-ca {shown}: {e}"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("--upstream-ca {shown}: {e}"))?;
            let mut roots = rustls::RootCertStore::empty();
            let (added, _ignored) = roots.add_parsable_certificates(certs);
            if added == 0 {
                return Err(format!(
                    "--upstream-ca {shown}: no usable CA certificate in it"
                ));
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_urls() {
        for ok in [
            "https://sessiondirectory.xboxlive.com",
            "https://sessiondirectory.xboxlive.com/",
            "http://127.0.0.1:8080",
            "https://[::1]:8443",
        ] {
            assert!(parse_upstream(ok).is_ok(), "{ok}");
        }
        for (bad, says) in [
            ("ftp://x", "give https://"),
            ("x:80", "give https://"),
            ("//x", "give https://"),
            ("http://user:pw@host", "user or password"),
            ("http://host/prefix", "path or query"),
            ("http://host/?a=1", "path or query"),
            ("http://host:0", "not a port"),
            ("http://host:99999", "not a port"),
            ("http://host:", "not a port"),
            ("http://", "not"),
            ("http://a b", "not a URL"),
        ] {
            let e = parse_upstream(bad).unwrap_err();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
