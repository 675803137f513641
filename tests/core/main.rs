//! Integration tests of the core: one binary, one module per area.

mod api;
mod bindings;
mod cli;
mod contacts;
mod demo;
mod import;
mod privacy;
mod server;
mod store;
mod synth;
mod warm;
