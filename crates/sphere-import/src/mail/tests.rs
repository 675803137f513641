//! Reading the fixtures of `tests/data/import/mail/` (what each holds: its README).

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use super::*;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/import/mail")
        .join(name)
}

fn read(name: &str) -> MailRead {
    match read_path(&fixture(name), &mut |_| {}, &AtomicBool::new(false)) {
        Ok(r) => r,
        Err(e) => panic!("{name}: {e}"),
    }
}

fn by_id<'a>(r: &'a MailRead, id: &str) -> &'a MailHeader {
    r.headers
        .iter()
        .find(|h| h.message_id == id)
        .unwrap_or_else(|| panic!("no message {id}"))
}

fn name_of(h: &MailHeader) -> Option<&str> {
    h.from.as_ref().and_then(|f| f.name.as_deref())
}

#[test]
fn a_gmail_takeout_mbox_with_crlf_and_labels() {
    let r = read("takeout.mbox");
    assert_eq!(r.kind, MailKind::Mbox);
    assert_eq!(r.headers.len(), 12, "one message per `From 17…@xxx` line");
    let first = by_id(&r, "m1@mail.silva.example");
    assert_eq!(
        first.labels,
        ["Inbox", "Important", "Category Personal"],
        "X-Gmail-Labels"
    );
    assert_eq!(name_of(by_id(&r, "m3@corp.example")), Some("Doe, Jane"));
    assert!(
        by_id(&r, "c7@google.com").calendar,
        "the invitation's text/calendar part"
    );
    assert!(!first.calendar);
    assert_eq!(by_id(&r, "b8@reyes.example").to.len(), 30);
    assert_eq!(by_id(&r, "nd10@silva.example").date, MailDate::Missing);
    let no_id: Vec<&MailHeader> = r.headers.iter().filter(|h| h.id_made_up).collect();
    assert_eq!(
        no_id.len(),
        1,
        "the message without Message-ID gets a digest"
    );
    assert_eq!(
        read("takeout.mbox").headers[8].message_id,
        no_id[0].message_id,
        "the same digest every time"
    );
}

#[test]
fn a_thunderbird_mbox_with_encoded_names_in_three_charsets() {
    let r = read("thunderbird.mbox");
    assert_eq!(
        r.headers.len(),
        9,
        "`From the desk of` after a blank line is a body line, not a separator"
    );
    assert_eq!(name_of(by_id(&r, "z1@mueller.example")), Some("Zoë Müller"));
    assert_eq!(
        name_of(by_id(&r, "r3@dubois.example")),
        Some("Renée Dubois")
    );
    assert_eq!(name_of(by_id(&r, "y5@yamada.example")), Some("山田 太郎"));
    assert!(
        by_id(&r, "mr7@corp.example").calendar,
        "Content-Class: urn:content-classes:calendarmessage"
    );
    assert_eq!(
        by_id(&r, "oof8@silva.example").auto_submitted.as_deref(),
        Some("auto-replied")
    );
}

#[test]
fn a_maildir_tree_with_maildir_plus_plus_folders_and_tmp_left_alone() {
    let r = read("maildir");
    assert_eq!(r.kind, MailKind::Maildir);
    let mut ids: Vec<&str> = r.headers.iter().map(|h| h.message_id.as_str()).collect();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "a1@corp.example",
            "l1@lee.example",
            "l2@reyes.example",
            "m1@mail.silva.example",
            "o13@reyes.example"
        ],
        "cur/, new/, .Sent/cur/ and .Archive.2024/cur/; never tmp/ (nor the .keep files)"
    );
    // A folder of Maildirs: the parent of the tree reads the same messages.
    let parent = read_path(
        &fixture("maildir/.Sent"),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .map(|r| r.headers.len());
    assert_eq!(parent.ok(), Some(2));
}

#[test]
fn a_folder_without_a_maildir_and_a_file_that_is_no_mbox_are_refused() {
    let dir = tempfile::tempdir().map_err(|e| e.to_string());
    let Ok(dir) = dir else {
        panic!("no temporary folder");
    };
    let err = read_path(dir.path(), &mut |_| {}, &AtomicBool::new(false))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("no mail in it"), "{err}");
    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "Dear diary\n").unwrap_or_default();
    let err = read_path(&file, &mut |_| {}, &AtomicBool::new(false))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        err.contains("notes.txt is not an mbox file") && err.contains("Dear diary"),
        "{err}"
    );
}

#[test]
fn a_folder_of_mbox_files_is_read_as_one_mailbox() -> Result<(), Box<dyn std::error::Error>> {
    // Apple Mail exports `Inbox.mbox/` holding `mbox` and `Info.plist`; Thunderbird keeps
    // `Work` beside `Work.msf` in `Sub.sbd/`.
    let dir = tempfile::tempdir()?;
    let apple = dir.path().join("Inbox.mbox");
    std::fs::create_dir_all(apple.join("Sub.sbd"))?;
    std::fs::copy(fixture("takeout.mbox"), apple.join("mbox"))?;
    std::fs::write(apple.join("Info.plist"), "<?xml version=\"1.0\"?>\n")?;
    std::fs::copy(fixture("thunderbird.mbox"), apple.join("Sub.sbd/Work"))?;
    std::fs::write(
        apple.join("Sub.sbd/Work.msf"),
        "// <!-- <mdb:mork:z v=\"1.4\"/> -->\n",
    )?;
    let r = read_path(&apple, &mut |_| {}, &AtomicBool::new(false))?;
    assert_eq!(r.kind, MailKind::Mbox);
    assert_eq!(r.headers.len(), 12 + 9);
    Ok(())
}

#[test]
fn reading_stops_when_cancelled() {
    let cancel = AtomicBool::new(true);
    let r = read_path(&fixture("takeout.mbox"), &mut |_| {}, &cancel);
    assert!(matches!(
        r,
        Err(sphere_domain::error::CoreError::Cancelled(_))
    ));
}
