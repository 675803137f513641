//! Bytes → `mail::mbox::read` (an mbox, header blocks only) and `mail::parse_header` (one
//! message), then `mail::filter::judge` on every header. Every message has an identity; a
//! verdict names no one twice and never the user.
#![no_main]

use std::collections::HashSet;
use std::sync::atomic::AtomicBool;

use libfuzzer_sys::fuzz_target;
use sphere_import::mail::{self, MailHeader, filter};

fn check(h: &MailHeader, mine: &HashSet<String>) {
    assert!(!h.message_id.is_empty(), "a message without identity");
    if let Ok(filter::Verdict::Sent { to }) = filter::judge(h, mine, 10) {
        assert!(!to.is_empty(), "a sent message to no one");
        let unique: HashSet<&String> = to.iter().collect();
        assert_eq!(unique.len(), to.len(), "a recipient twice: {to:?}");
        assert!(
            to.iter().all(|t| !mine.contains(t)),
            "the user as a counterpart"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let mine: HashSet<String> = ["me@example.org".to_string()].into();
    if let Some(h) = mail::parse_header(data) {
        check(&h, &mine);
    }
    let Ok(read) = mail::mbox::read(
        data,
        "fuzz.mbox",
        data.len() as u64,
        &mut |_| {},
        &AtomicBool::new(false),
    ) else {
        return;
    };
    for h in &read.headers {
        check(h, &mine);
    }
});
