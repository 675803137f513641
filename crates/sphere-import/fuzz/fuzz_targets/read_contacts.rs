//! The whole address-book path: the first byte picks the format (detected, LinkedIn, Google,
//! Outlook, vCard), the rest is the file given to `read_contacts`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sphere_import::{detect, read_contacts};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, file)) = data.split_first() else {
        return;
    };
    let format = common::format_of(pick);
    let result = read_contacts(file, format);
    let Some(text) = common::decoded(file) else {
        assert!(
            result.is_err(),
            "read_contacts accepted bytes decode refuses"
        );
        return;
    };
    if let Ok(parsed) = result {
        common::check_parsed(&text, &parsed);
        if let Some(f) = format {
            assert_eq!(parsed.format, f, "read as another format than asked");
        } else {
            assert_eq!(
                Some(parsed.format),
                detect(&text).ok(),
                "detected format differs"
            );
        }
    }
});
