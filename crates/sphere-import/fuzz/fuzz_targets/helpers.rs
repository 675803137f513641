//! The pieces the parsers share, fed directly: `sheet::read` (any header), `detect`,
//! `dates::column`, `names::clean` / `split_full`, `orgs::key` / `abbreviations`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sphere_import::{dates, detect, names, orgs, sheet};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = detect(text);
    if let Ok(s) = sheet::read(text, "fuzz", |h| h.iter().any(|f| !f.is_empty())) {
        let last = common::last_line(text);
        assert!(
            (1..=last).contains(&s.header_line),
            "header line {}",
            s.header_line
        );
        for r in &s.rows {
            assert_eq!(
                r.fields.len(),
                s.headers.len(),
                "line {}: row width",
                r.line
            );
            assert!(
                (s.header_line..=last).contains(&r.line),
                "row line {} outside {}..={last}",
                r.line,
                s.header_line
            );
        }
    }
    let values: Vec<&str> = text.split('\n').collect();
    let col = dates::column("fuzz", values.iter().copied());
    assert_eq!(col.dates.len(), values.len());
    for &i in &col.unreadable {
        assert!(col.dates[i].is_none(), "unreadable value {i} has a date");
    }
    let (first, last) = text.split_once('\n').unwrap_or((text, ""));
    let _ = names::clean(first, last);
    let _ = names::split_full(text);
    let _ = names::squash(text);
    let _ = orgs::key(text);
    for a in orgs::abbreviations(text) {
        assert!(!a.is_empty(), "empty abbreviation");
    }
});
