//! The server's failures: sphere's `ApiError` (`{kind, message, field?}`) with the HTTP status
//! it answers with. Database details go to the server's log, never to the client.

use sphere_domain::error::{ApiError, CoreError, ErrorKind};

/// A request that failed: what the client reads, and the HTTP status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fail {
    pub status: u16,
    pub error: ApiError,
}

impl std::fmt::Display for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.error.message)
    }
}

impl std::error::Error for Fail {}

impl Fail {
    pub fn new(status: u16, error: ApiError) -> Self {
        Self { status, error }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(400, ApiError::invalid(field, message))
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(401, ApiError::unauthorized(message))
    }

    /// Known, but not allowed (a member who is not an admin inviting).
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(403, ApiError::new(ErrorKind::Unauthorized, message))
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(404, ApiError::not_found(message))
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(409, ApiError::conflict(message))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(500, ApiError::internal(message))
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(503, ApiError::new(ErrorKind::Unavailable, message))
    }

    /// Prefixes the message with where it happened ("change 0123…: ").
    pub fn context(mut self, what: &str) -> Self {
        self.error.message = format!("{what}: {}", self.error.message);
        self
    }
}

impl From<ApiError> for Fail {
    fn from(e: ApiError) -> Self {
        let status = match e.kind {
            ErrorKind::InvalidInput => 400,
            ErrorKind::Unauthorized => 401,
            ErrorKind::NotFound => 404,
            ErrorKind::Conflict => 409,
            ErrorKind::Busy | ErrorKind::Unavailable => 503,
            _ => 500,
        };
        Self::new(status, e)
    }
}

impl From<CoreError> for Fail {
    fn from(e: CoreError) -> Self {
        ApiError::from(e).into()
    }
}

impl From<tokio_postgres::Error> for Fail {
    fn from(e: tokio_postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            // Serialization failures and deadlocks: the client may simply try again.
            let code = db.code().code();
            if code == "40001" || code == "40P01" {
                return Self::new(
                    503,
                    ApiError::new(ErrorKind::Busy, "the team database was busy: try again"),
                );
            }
            if code == "23505" {
                return Self::conflict(
                    "this id is already taken on the team (sent before by another member): use a new id",
                );
            }
            eprintln!("sphere-team: database error {code}: {}", db.message());
        } else {
            eprintln!("sphere-team: database error: {e}");
        }
        if e.is_closed() {
            return Self::unavailable("the team database closed the connection: try again");
        }
        Self::internal("the team database failed; the server's log says why")
    }
}

impl From<deadpool_postgres::PoolError> for Fail {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        eprintln!("sphere-team: database pool: {e}");
        Self::unavailable("the team database cannot be reached: try again")
    }
}

impl From<serde_json::Error> for Fail {
    fn from(e: serde_json::Error) -> Self {
        Self::internal(format!("a stored record could not be read: {e}"))
    }
}
