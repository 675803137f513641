//! TCP with timeouts and rustls (the same rustls the WebDAV client uses), for IMAP.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

use crate::error::{SyncError, SyncResult};

/// How long to wait for a connection to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
/// How long to wait for any one answer.
pub const IO_TIMEOUT: Duration = Duration::from_secs(60);

/// A connection, in clear or over TLS.
#[derive(Debug)]
pub enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

/// Opens a TCP connection to `host:port` with the timeouts set.
pub fn connect(host: &str, port: u16) -> SyncResult<TcpStream> {
    let place = format!("{host}:{port}");
    let addrs: Vec<_> = (host, port)
        .to_socket_addrs()
        .map_err(|e| SyncError::Connect {
            host: place.clone(),
            detail: format!("the host name does not resolve ({e})"),
        })?
        .collect();
    let mut last = None;
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, CONNECT_TIMEOUT) {
            Ok(s) => {
                let set = s
                    .set_read_timeout(Some(IO_TIMEOUT))
                    .and_then(|()| s.set_write_timeout(Some(IO_TIMEOUT)));
                set.map_err(|e| SyncError::io(&place, "connecting", &e))?;
                return Ok(s);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(match last {
        Some(e) => SyncError::io(&place, "connecting", &e),
        None => SyncError::Connect {
            host: place,
            detail: "the host name has no address".into(),
        },
    })
}

fn tls_config(place: &str) -> SyncResult<Arc<ClientConfig>> {
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    // ring, the provider ureq uses too (aws-lc-rs needs a C toolchain and cmake to build).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::Tls {
            host: place.to_string(),
            detail: e.to_string(),
        })?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Wraps `tcp` in TLS, checking the certificate for `host`, and completes the handshake.
pub fn tls(host: &str, port: u16, tcp: TcpStream) -> SyncResult<Stream> {
    let place = format!("{host}:{port}");
    let name = ServerName::try_from(host.to_string()).map_err(|e| SyncError::Tls {
        host: place.clone(),
        detail: format!("{host} is not a valid server name ({e})"),
    })?;
    let conn = ClientConnection::new(tls_config(&place)?, name).map_err(|e| SyncError::Tls {
        host: place.clone(),
        detail: e.to_string(),
    })?;
    let mut stream = StreamOwned::new(conn, tcp);
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).map_err(|e| {
            match SyncError::io(&place, "the TLS handshake", &e) {
                SyncError::Protocol { detail, .. } => SyncError::Tls {
                    host: place.clone(),
                    detail,
                },
                other => other,
            }
        })?;
    }
    Ok(Stream::Tls(Box::new(stream)))
}
