//! Sphere's core: a relationship-network manager's domain model, SQLite store and command set.
//!
//! The desktop shell (`src-tauri`), the HTTP server ([`server`]) and the CLI all call
//! [`api::Sphere`]; none of them touches the store directly. This crate never depends on tauri.

pub mod api;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod graph;
pub mod import;
pub mod intro;
pub mod sensitivity;
pub mod server;
pub mod store;
pub mod strength;
pub mod synth;

pub use api::Sphere;
pub use error::{ApiError, ErrorKind};
