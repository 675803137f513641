//! CalDAV and CardDAV sync against Radicale.

use std::collections::BTreeMap;

use sphere_sync::SyncError;
use sphere_sync::dav::{self, DavChanges, DavCursor, DavKind};

use crate::support::{Servers, TestResult, servers, unique};

fn event(uid: &str, summary: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sphere tests//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
         DTSTAMP:20261101T090000Z\r\nDTSTART:20261102T100000Z\r\nDTEND:20261102T110000Z\r\n\
         SUMMARY:{summary}\r\nORGANIZER:mailto:me@example.org\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED:mailto:ann@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

fn card(uid: &str, name: &str) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\nEMAIL:{uid}@example.org\r\nEND:VCARD\r\n"
    )
}

fn put_event(s: &Servers, coll: &str, uid: &str, summary: &str) -> TestResult {
    let status = s.dav_send(
        "PUT",
        &format!("{coll}{uid}.ics"),
        "text/calendar",
        &event(uid, summary),
    )?;
    assert!(
        status == 201 || status == 204,
        "PUT {uid} answered {status}"
    );
    Ok(())
}

fn changed_by_href(c: &DavChanges) -> BTreeMap<String, (String, String)> {
    c.changed
        .iter()
        .map(|(h, e, b)| (h.clone(), (e.clone(), b.clone())))
        .collect()
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn calendar_first_sync_then_changed_removed_and_new_events() -> TestResult {
    let s = servers()?;
    let coll = s.make_collection(&unique("cal"), true)?;
    for i in 0..3 {
        put_event(&s, &coll, &format!("ev{i}"), &format!("Lunch {i}"))?;
    }
    let account = s.dav_account(&format!("{}{coll}", s.dav));

    let first = dav::changes(&account, DavKind::CalDav, DavCursor::default())?;
    assert_eq!(first.changed.len(), 3, "the first sync reads every event");
    assert!(first.removed.is_empty());
    assert!(
        first
            .changed
            .iter()
            .all(|(_, etag, body)| !etag.is_empty() && body.contains("BEGIN:VEVENT")),
        "each event comes with its ETag and its iCalendar text"
    );
    let token = first
        .cursor
        .collections
        .get(&coll)
        .and_then(|c| c.sync_token.clone());
    assert!(
        token.is_some(),
        "Radicale has sync tokens; the cursor keeps one"
    );

    let again = dav::changes(&account, DavKind::CalDav, first.cursor.clone())?;
    assert!(
        again.changed.is_empty() && again.removed.is_empty(),
        "nothing changed"
    );

    put_event(&s, &coll, "ev1", "Lunch moved to Friday")?;
    assert_eq!(
        s.dav_send("DELETE", &format!("{coll}ev2.ics"), "text/plain", "")?,
        200
    );
    put_event(&s, &coll, "ev3", "Coffee")?;
    let next = dav::changes(&account, DavKind::CalDav, again.cursor.clone())?;
    let changed = changed_by_href(&next);
    let old = changed_by_href(&first);
    let ev1 = format!("{coll}ev1.ics");
    assert_eq!(
        changed.len(),
        2,
        "the changed and the new event: {:?}",
        changed.keys()
    );
    let (etag, body) = changed.get(&ev1).ok_or("the changed event is reported")?;
    assert_ne!(Some(etag), old.get(&ev1).map(|o| &o.0), "with its new ETag");
    assert!(body.contains("Lunch moved to Friday"), "and its new text");
    assert!(changed.contains_key(&format!("{coll}ev3.ics")));
    assert_eq!(
        next.removed,
        vec![format!("{coll}ev2.ics")],
        "the deleted event is removed"
    );
    let etags = &next.cursor.collections.get(&coll).ok_or("cursor")?.etags;
    assert_eq!(
        etags.len(),
        3,
        "the cursor knows the three events on the server"
    );
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_rejected_sync_token_falls_back_to_comparing_etags() -> TestResult {
    let s = servers()?;
    let coll = s.make_collection(&unique("cal"), true)?;
    put_event(&s, &coll, "a", "One")?;
    put_event(&s, &coll, "b", "Two")?;
    let account = s.dav_account(&format!("{}{coll}", s.dav));
    let first = dav::changes(&account, DavKind::CalDav, DavCursor::default())?;

    put_event(&s, &coll, "b", "Two (changed)")?;
    let mut cursor = first.cursor.clone();
    for c in cursor.collections.values_mut() {
        c.sync_token = Some("http://radicale.org/ns/sync/not-a-token".into());
    }
    let next = dav::changes(&account, DavKind::CalDav, cursor)?;
    let hrefs: Vec<&String> = next.changed.iter().map(|c| &c.0).collect();
    assert_eq!(
        hrefs,
        vec![&format!("{coll}b.ics")],
        "a full resync by ETags reports only what really changed"
    );
    let token = next
        .cursor
        .collections
        .get(&coll)
        .and_then(|c| c.sync_token.clone());
    assert!(
        token.is_some_and(|t| !t.contains("not-a-token")),
        "and a fresh token is kept"
    );
    let after = dav::changes(&account, DavKind::CalDav, next.cursor)?;
    assert!(
        after.changed.is_empty() && after.removed.is_empty(),
        "the fresh token works"
    );
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn without_a_token_etags_alone_find_changes_and_removals() -> TestResult {
    let s = servers()?;
    let coll = s.make_collection(&unique("cal"), true)?;
    put_event(&s, &coll, "a", "One")?;
    put_event(&s, &coll, "b", "Two")?;
    let account = s.dav_account(&format!("{}{coll}", s.dav));
    let mut cursor = dav::changes(&account, DavKind::CalDav, DavCursor::default())?.cursor;
    for c in cursor.collections.values_mut() {
        c.sync_token = None; // as with a server without RFC 6578
    }
    assert_eq!(
        s.dav_send("DELETE", &format!("{coll}a.ics"), "text/plain", "")?,
        200
    );
    put_event(&s, &coll, "b", "Two (changed)")?;
    let next = dav::changes(&account, DavKind::CalDav, cursor)?;
    assert_eq!(next.removed, vec![format!("{coll}a.ics")]);
    assert_eq!(next.changed.len(), 1);
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn address_book_sync_reads_vcards() -> TestResult {
    let s = servers()?;
    let coll = s.make_collection(&unique("book"), false)?;
    for (uid, name) in [("ann", "Ann Lee"), ("bob", "Bob Roy")] {
        let st = s.dav_send(
            "PUT",
            &format!("{coll}{uid}.vcf"),
            "text/vcard",
            &card(uid, name),
        )?;
        assert_eq!(st, 201);
    }
    let account = s.dav_account(&format!("{}{coll}", s.dav));
    let first = dav::changes(&account, DavKind::CardDav, DavCursor::default())?;
    assert_eq!(first.changed.len(), 2);
    assert!(first.changed.iter().all(|c| c.2.contains("BEGIN:VCARD")));
    s.dav_send(
        "PUT",
        &format!("{coll}bob.vcf"),
        "text/vcard",
        &card("bob", "Robert Roy"),
    )?;
    let next = dav::changes(&account, DavKind::CardDav, first.cursor)?;
    assert_eq!(next.changed.len(), 1);
    assert!(next.changed[0].2.contains("Robert Roy"));
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn discovery_from_the_server_root_finds_calendars_and_address_books_apart() -> TestResult {
    let s = servers()?;
    let cal = s.make_collection(&unique("cal"), true)?;
    let book = s.make_collection(&unique("book"), false)?;
    for url in [format!("{}/", s.dav), format!("{}/{}/", s.dav, s.user)] {
        let account = s.dav_account(&url);
        let cals = dav::check(&account, DavKind::CalDav)?;
        assert!(
            cals.iter().any(|c| c.href == cal),
            "{url}: {cal} in {cals:?}"
        );
        assert!(
            !cals.iter().any(|c| c.href == book),
            "an address book is not a calendar"
        );
        let books = dav::check(&account, DavKind::CardDav)?;
        assert!(
            books.iter().any(|c| c.href == book),
            "{url}: {book} in {books:?}"
        );
        assert!(!books.iter().any(|c| c.href == cal));
    }
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_wrong_password_is_an_auth_error_naming_the_host() -> TestResult {
    let s = servers()?;
    let mut account = s.dav_account(&format!("{}/", s.dav));
    account.password = "nope".into();
    let err = dav::check(&account, DavKind::CalDav)
        .err()
        .ok_or("must fail")?;
    assert!(matches!(err, SyncError::Auth { .. }), "{err:?}");
    let host = s.dav.trim_start_matches("http://");
    assert!(err.to_string().contains(host), "{err}");
    Ok(())
}
