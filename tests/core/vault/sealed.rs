//! Backups and photos of an encrypted database are sealed with its key.
