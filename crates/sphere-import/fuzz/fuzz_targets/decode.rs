//! Any bytes → `decode::decode`: never panics, never returns text with a NUL, leaves valid
//! UTF-8 as it is; `line_of` never panics for any offset.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sphere_import::decode;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = common::decoded(data);
    let offset = data.first().map_or(0, |&b| b as usize * 7);
    let line = decode::line_of(data, offset);
    assert!((1..=data.len() as u64 + 1).contains(&line));
});
