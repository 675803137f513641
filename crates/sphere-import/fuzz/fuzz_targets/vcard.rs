//! Bytes → `decode` → `vcard::parse`; checks line numbers and emails of what it returns.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sphere_import::vcard;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::decoded(data) else {
        return;
    };
    if let Ok(parsed) = vcard::parse(&text) {
        common::check_parsed(&text, &parsed);
    }
});
