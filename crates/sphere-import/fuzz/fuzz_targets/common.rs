//! Shared checks, included by every target with `#[path = "common.rs"] mod common;`.
#![allow(dead_code)]

use sphere_import::contact::{Format, Parsed};
use sphere_import::decode;

/// The format a first byte asks for: 0 detect, 1 LinkedIn, 2 Google, 3 Outlook, 4 vCard
/// (mod 5).
pub fn format_of(pick: u8) -> Option<Format> {
    match pick % 5 {
        0 => None,
        1 => Some(Format::Linkedin),
        2 => Some(Format::Google),
        3 => Some(Format::Outlook),
        _ => Some(Format::Vcard),
    }
}

/// The highest 1-based line number `text` has.
pub fn last_line(text: &str) -> u64 {
    text.bytes().filter(|&b| b == b'\n').count() as u64 + 1
}

/// Decodes `data` and checks what `decode` promises; `None` when it refused the bytes.
pub fn decoded(data: &[u8]) -> Option<String> {
    let d = decode::decode(data).ok()?;
    assert!(!d.text.contains('\0'), "decode returned text with a NUL");
    // Valid UTF-8 is taken as it is (less a byte-order mark), assuming nothing.
    if let Ok(s) = std::str::from_utf8(data)
        && !s.starts_with('\u{feff}')
        && d.assumptions.is_empty()
    {
        assert_eq!(d.text, s, "valid UTF-8 changed by decode");
    }
    Some(d.text)
}

/// Checks a parser's result against the text it read.
pub fn check_parsed(text: &str, parsed: &Parsed) {
    let last = last_line(text);
    for c in &parsed.contacts {
        assert!(
            (1..=last).contains(&c.line),
            "contact line {} outside 1..={last}",
            c.line
        );
        for (i, e) in c.emails.iter().enumerate() {
            assert!(!e.is_empty(), "empty email on line {}", c.line);
            assert!(!c.emails[..i].contains(e), "duplicate email {e:?}");
        }
        assert!(c.phones.iter().all(|p| !p.trim().is_empty()), "empty phone");
    }
    for s in &parsed.skipped {
        assert!(
            (1..=last).contains(&s.line),
            "skip line {} outside 1..={last}",
            s.line
        );
    }
}
