//! Sync errors in words: each names the host and what failed.

/// What went wrong talking to a server.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("could not connect to {host}: {detail}")]
    Connect { host: String, detail: String },
    #[error("{host} refused the user name or password for {user}")]
    Auth { host: String, user: String },
    #[error("a secure (TLS) connection to {host} failed: {detail}")]
    Tls { host: String, detail: String },
    #[error("{host} did not answer in time while {what}")]
    Timeout { host: String, what: String },
    #[error("{host}: {what} failed: {detail}")]
    Protocol {
        host: String,
        what: String,
        detail: String,
    },
    #[error("{0}")]
    Config(String),
    #[error("the sync was cancelled")]
    Cancelled,
}

pub type SyncResult<T> = Result<T, SyncError>;

impl SyncError {
    pub(crate) fn protocol(host: &str, what: &str, detail: impl std::fmt::Display) -> Self {
        SyncError::Protocol {
            host: host.to_string(),
            what: what.to_string(),
            detail: detail.to_string(),
        }
    }

    /// An I/O error while `what`, in the words a user reads.
    pub(crate) fn io(host: &str, what: &str, e: &std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        match e.kind() {
            K::TimedOut | K::WouldBlock => SyncError::Timeout {
                host: host.to_string(),
                what: what.to_string(),
            },
            K::ConnectionRefused => SyncError::Connect {
                host: host.to_string(),
                detail: "connection refused (is the server running, and is the port right?)".into(),
            },
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                SyncError::protocol(host, what, "the server closed the connection")
            }
            _ if e
                .get_ref()
                .is_some_and(|inner| inner.downcast_ref::<rustls::Error>().is_some()) =>
            {
                SyncError::Tls {
                    host: host.to_string(),
                    detail: e.to_string(),
                }
            }
            _ => SyncError::protocol(host, what, e),
        }
    }
}
