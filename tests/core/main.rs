//! Integration tests of the core: one binary, one module per area.

mod api;
mod architecture;
mod asks;
mod backup;
mod bindings;
mod capture;
mod cli;
mod contact;
mod contacts;
mod demo;
mod export;
mod import;
mod integrity;
mod intros;
mod multiprocess;
mod privacy;
mod server;
mod store;
mod strength_order;
mod sync;
mod synth;
mod time;
mod today;
mod vault;
mod warm;
mod warm_targets;
