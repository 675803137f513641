//! Bytes → `decode` → `import::log::parse` (interaction-log CSV); also `parse_at` on the raw
//! text. Every row has two different people and a line within the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sphere_import::log;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some(text) = common::decoded(data) else {
        return;
    };
    let _ = log::parse_at(&text);
    let Ok(rows) = log::parse(&text) else {
        return;
    };
    let last = common::last_line(&text);
    for r in &rows {
        assert!(
            (1..=last).contains(&r.line),
            "row line {} outside 1..={last}",
            r.line
        );
        assert_ne!(
            r.from, r.to,
            "line {}: from and to are the same person",
            r.line
        );
        assert!(
            !r.from.is_empty() && !r.to.is_empty(),
            "line {}: empty key",
            r.line
        );
    }
});
