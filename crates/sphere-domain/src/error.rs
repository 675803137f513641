//! Errors. `CoreError` is what the domain, the store and the layers above return; `ApiError` is the one error
//! type that crosses the boundary (Tauri IPC, HTTP, CLI `--json`), serialized as
//! `{"kind": "...", "message": "..."}` (plus `field` when one input field is to blame).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What went wrong, as the UI matches on it. Never match on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input was rejected; nothing was written.
    InvalidInput,
    /// An id or name that does not exist.
    NotFound,
    /// The request contradicts what is stored (a duplicate, a second centre person).
    Conflict,
    /// The HTTP request lacked the per-launch token.
    Unauthorized,
    /// The database failed (disk full, corrupt).
    Storage,
    /// Another window or command holds the database's write lock (a restore, a big import);
    /// nothing was written. Trying again in a moment works.
    Busy,
    /// The database file is damaged: it was opened read-only, and writes are refused until
    /// a snapshot or backup is restored. The message says what is wrong and what to do.
    Damaged,
    /// The user cancelled long work (an import) before it finished; nothing was written.
    Cancelled,
    /// A server Sphere reads from (the user's mail, calendar or address book) could not be
    /// reached or failed mid-way; what was written before stays whole.
    Unavailable,
    /// The database is encrypted and not unlocked yet (or was locked): unlock it with its
    /// passphrase (`vault_unlock`) and try again.
    Locked,
    /// A bug: an invariant did not hold.
    Internal,
}

/// The boundary error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ErrorKind,
    pub message: String,
    /// The input field the message is about, when there is one (`first_name`, `emails[1]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: None,
        }
    }
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::InvalidInput,
            message: message.into(),
            field: Some(field.into()),
        }
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }
}

/// Errors of the core (store and domain).
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    /// The database failed (disk full, locked, corrupt); the message says how. Made by the
    /// store, which is the only crate that sees the database's own error types.
    #[error("{0}")]
    Storage(String),
    #[error("cannot use database at {path}: {reason}")]
    Open { path: String, reason: String },
    /// A bug: an invariant did not hold (such as a broken embedded data file).
    #[error("{0}")]
    Internal(String),
    /// Another connection holds the write lock; the message says who, when known.
    #[error("{0}")]
    Busy(String),
    /// The database file is damaged (or was opened read-only because it is); the message
    /// says what to do.
    #[error("{0}")]
    Damaged(String),
    /// The user cancelled the work; the transaction was rolled back.
    #[error("{0}")]
    Cancelled(String),
    /// The database is encrypted and its key was not given (or it was locked).
    #[error("{0}")]
    Locked(String),
}

impl CoreError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        match e {
            CoreError::Invalid { field, message } => ApiError::invalid(field, message),
            CoreError::NotFound(m) => ApiError::not_found(m),
            CoreError::Conflict(m) => ApiError::conflict(m),
            CoreError::Internal(m) => ApiError::internal(m),
            CoreError::Cancelled(m) => ApiError::new(ErrorKind::Cancelled, m),
            CoreError::Busy(m) => ApiError::new(ErrorKind::Busy, m),
            CoreError::Damaged(m) => ApiError::new(ErrorKind::Damaged, m),
            CoreError::Locked(m) => ApiError::new(ErrorKind::Locked, m),
            other @ (CoreError::Storage(_) | CoreError::Open { .. }) => {
                ApiError::new(ErrorKind::Storage, other.to_string())
            }
        }
    }
}
