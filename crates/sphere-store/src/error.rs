//! The store's errors: what SQLite or a migration said, or a [`CoreError`] of the domain
//! (not found, conflict, invalid). Everything above the store sees only [`CoreError`]:
//! `From<StoreError>` turns a database failure into [`CoreError::Storage`] with its message.

pub use sphere_domain::error::{ApiError, CoreError};

/// An error of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Core(#[from] CoreError),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<StoreError> for CoreError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Core(e) => e,
            StoreError::Sqlite(e) if crate::integrity::is_damage(&e) => {
                CoreError::Damaged(crate::integrity::DAMAGED_WHILE_READING.into())
            }
            StoreError::Sqlite(e) if crate::integrity::is_busy(&e) => {
                CoreError::Busy(crate::integrity::busy_message(None))
            }
            other => CoreError::Storage(other.to_string()),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        CoreError::from(e).into()
    }
}
