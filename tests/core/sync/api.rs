//! `sync_add`, `sync_run`, `sync_commit`, `sync_remove` end to end.

use std::path::Path;
use std::sync::Arc;

use sphere_api::domain::*;
use sphere_api::*;

use super::support::{Relay, Servers, TestResult, servers, unique};

const ME: &str = "me@example.org";

/// A database with you (me@example.org) at the centre.
fn sphere(dir: &Path) -> Result<Sphere, Box<dyn std::error::Error>> {
    let s = Sphere::open(&dir.join("sphere.db"))?;
    s.person_create(PersonInput {
        first_name: "Me".into(),
        emails: Some(vec![ME.into()]),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    Ok(s)
}

/// A message between you and someone, either way.
fn mail(id: &str, from: &str, to: &str, day: u32) -> Vec<u8> {
    format!(
        "Message-ID: <{id}>\r\nDate: Mon, {day} Nov 2025 10:00:00 +0000\r\nFrom: <{from}>\r\n\
         To: <{to}>\r\nSubject: hello\r\n\r\nbody\r\n"
    )
    .into_bytes()
}

/// An exchange with `who`: `n` messages alternating between them and you.
fn exchange(s: &Servers, folder: &str, who: &str, tag: &str, n: usize) -> TestResult {
    let mut admin = s.admin()?;
    for i in 0..n {
        let (from, to) = if i % 2 == 0 { (who, ME) } else { (ME, who) };
        let id = format!("{tag}.{i}@example.org");
        admin
            .append(folder, &mail(&id, from, to, 1 + (i % 28) as u32))
            .finish()?;
    }
    admin.logout()?;
    Ok(())
}

fn add_imap(sphere: &Sphere, s: &Servers, port: u16, folders: &[&str]) -> Result<Id, ApiError> {
    let added = sphere.sync_add(SyncAddRequest {
        kind: SyncKind::Imap,
        label: Some(unique("mail")),
        host: Some(s.imap_host.clone()),
        port: Some(port),
        security: Some(SyncSecurity::None),
        folders: Some(folders.iter().map(|f| f.to_string()).collect()),
        url: None,
        user: s.user.clone(),
        password: s.password.clone(),
        remember_password: false,
    })?;
    assert!(
        !added.source.config.to_string().contains(&s.password),
        "the password is never in the source's config"
    );
    Ok(added.source.id)
}

fn run(sphere: &Sphere, s: &Servers, id: Id) -> Result<SyncResult, ApiError> {
    sphere.sync_run(SyncRunRequest {
        id,
        password: Some(s.password.clone()),
        job: None,
    })
}

fn interactions(sphere: &Sphere) -> Result<u32, ApiError> {
    Ok(sphere.app_info(Empty::default())?.counts.interactions)
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn mail_first_sync_makes_interactions_and_the_next_reads_only_new_mail() -> TestResult {
    let s = servers()?;
    let dir = tempfile::tempdir()?;
    let sphere = sphere(dir.path())?;
    let folder = unique("inbox");
    s.admin()?.create(&folder)?;
    exchange(&s, &folder, "ann@example.org", &folder, 6)?;

    let id = add_imap(&sphere, &s, s.imap_port, &[&folder])?;
    let first = run(&sphere, &s, id)?;
    let mail = first.mail.ok_or("a mail sync says what the mail became")?;
    assert_eq!(first.read, 6);
    assert_eq!(mail.kept, 6, "an exchange both ways counts: {mail:?}");
    assert_eq!(
        mail.people_created, 1,
        "Ann wrote back, so she becomes a person"
    );
    assert_eq!(interactions(&sphere)?, 6);
    assert!(first.source.last_error.is_none() && first.source.last_ok_at.is_some());

    exchange(&s, &folder, "ann@example.org", &format!("{folder}-more"), 2)?;
    let second = run(&sphere, &s, id)?;
    assert_eq!(second.read, 2, "only the new messages are read");
    assert_eq!(interactions(&sphere)?, 8);
    let third = run(&sphere, &s, id)?;
    assert_eq!(third.read, 0, "nothing new, nothing read");
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_moved_message_is_not_counted_twice() -> TestResult {
    let s = servers()?;
    let dir = tempfile::tempdir()?;
    let sphere = sphere(dir.path())?;
    let (inbox, archive) = (unique("inbox"), unique("archive"));
    let mut admin = s.admin()?;
    admin.create(&inbox)?;
    admin.create(&archive)?;
    exchange(&s, &inbox, "bob@example.org", &inbox, 4)?;
    let id = add_imap(&sphere, &s, s.imap_port, &[&inbox, &archive])?;
    run(&sphere, &s, id)?;
    let before = interactions(&sphere)?;

    admin.select(&inbox)?;
    admin.uid_mv("1", &archive)?;
    admin.logout()?;
    let after = run(&sphere, &s, id)?;
    assert_eq!(
        after.read, 1,
        "the moved message is read again in its new folder"
    );
    let mail = after.mail.ok_or("mail summary")?;
    assert_eq!(mail.duplicates, 1, "and known by its Message-ID");
    assert_eq!(interactions(&sphere)?, before, "so it is not counted twice");
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_server_gone_mid_sync_leaves_whole_batches_and_the_next_run_resumes() -> TestResult {
    let s = servers()?;
    let dir = tempfile::tempdir()?;
    let sphere = Arc::new(sphere(dir.path())?);
    let folder = unique("big");
    s.admin()?.create(&folder)?;
    let total = MAIL_BATCH * 2 + 50;
    exchange(&s, &folder, "cy@example.org", &folder, total)?;

    let relay = Arc::new(Relay::start((s.imap_host.clone(), s.imap_port))?);
    let id = add_imap(&sphere, &s, relay.port, &[&folder])?;
    let r = relay.clone();
    let once = Arc::new(std::sync::atomic::AtomicBool::new(false));
    sphere.set_progress_sink(Arc::new(move |_, p: &Progress| {
        if p.phase.starts_with("mail")
            && p.done as usize >= MAIL_BATCH
            && !once.swap(true, std::sync::atomic::Ordering::SeqCst)
        {
            r.cut(); // the server goes away once the first batch is written
        }
    }));
    let err = sphere
        .sync_run(SyncRunRequest {
            id,
            password: Some(s.password.clone()),
            job: Some("sync".into()),
        })
        .err()
        .ok_or("the sync fails when the server goes away")?;
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err:?}");
    assert!(
        err.message.contains(&format!("127.0.0.1:{}", relay.port)),
        "{err}"
    );
    let written = interactions(&sphere)?;
    assert_eq!(
        written as usize, MAIL_BATCH,
        "exactly the batch written before the cut: nothing half-written"
    );
    let listed = sphere.capture_sources_list(Empty::default())?;
    let source = listed.iter().find(|x| x.id == id).ok_or("listed")?;
    assert!(
        source
            .last_error
            .as_deref()
            .is_some_and(|e| e.contains("127.0.0.1")),
        "the run's error is on the source: {:?}",
        source.last_error
    );

    relay.restore();
    let next = sphere.sync_run(SyncRunRequest {
        id,
        password: Some(s.password.clone()),
        job: Some("sync".into()),
    })?;
    assert_eq!(
        next.read as usize,
        total - MAIL_BATCH,
        "it resumes after the written batch"
    );
    assert_eq!(
        next.mail.ok_or("mail")?.duplicates,
        0,
        "nothing is read twice"
    );
    assert_eq!(
        interactions(&sphere)? as usize,
        total,
        "and ends with every message once"
    );
    Ok(())
}

fn event(uid: &str, start: &str, partstat: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sphere tests//EN\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n\
         DTSTAMP:20251101T090000Z\r\nDTSTART:{start}\r\nDURATION:PT1H\r\nSUMMARY:Review\r\n\
         ORGANIZER:mailto:{ME}\r\nATTENDEE;PARTSTAT={partstat}:mailto:dee@example.org\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_changed_event_replaces_its_meeting_and_a_deleted_one_removes_it() -> TestResult {
    let s = servers()?;
    let dir = tempfile::tempdir()?;
    let sphere = sphere(dir.path())?;
    let coll = s.make_collection(&unique("cal"), true)?;
    let put = |uid: &str, start: &str| -> TestResult {
        let st = s.dav_send(
            "PUT",
            &format!("{coll}{uid}.ics"),
            "text/calendar",
            &event(uid, start, "ACCEPTED"),
        )?;
        assert!(st == 201 || st == 204, "PUT answered {st}");
        Ok(())
    };
    put("review", "20251103T100000Z")?;
    put("lunch", "20251104T120000Z")?;
    let added = sphere.sync_add(SyncAddRequest {
        kind: SyncKind::Caldav,
        label: None,
        host: None,
        port: None,
        security: None,
        folders: None,
        url: Some(format!("{}{coll}", s.dav)),
        user: s.user.clone(),
        password: s.password.clone(),
        remember_password: false,
    })?;
    let id = added.source.id;
    let first = run(&sphere, &s, id)?;
    assert_eq!(first.read, 2);
    assert_eq!(interactions(&sphere)?, 2, "a meeting with Dee per event");

    put("review", "20251105T150000Z")?; // moved
    let moved = run(&sphere, &s, id)?;
    assert_eq!(moved.read, 1, "only the changed event is read");
    let cal = moved.calendar.ok_or("calendar summary")?;
    assert_eq!(
        (cal.meetings_added, cal.meetings_removed),
        (1, 1),
        "the moved event's meeting replaces the old one"
    );
    assert_eq!(interactions(&sphere)?, 2);

    assert_eq!(
        s.dav_send("DELETE", &format!("{coll}lunch.ics"), "text/plain", "")?,
        200
    );
    let deleted = run(&sphere, &s, id)?;
    assert_eq!(deleted.removed, 1);
    assert_eq!(interactions(&sphere)?, 1, "a deleted event's meeting goes");
    Ok(())
}

fn card(uid: &str, name: &str, org: &str) -> String {
    format!(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\n\
         EMAIL:{uid}@example.org\r\nORG:{org}\r\nEND:VCARD\r\n"
    )
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn an_address_book_is_previewed_and_written_only_when_committed() -> TestResult {
    let s = servers()?;
    let dir = tempfile::tempdir()?;
    let sphere = sphere(dir.path())?;
    let coll = s.make_collection(&unique("book"), false)?;
    for (uid, name) in [("eve", "Eve Park"), ("finn", "Finn Ode")] {
        let st = s.dav_send(
            "PUT",
            &format!("{coll}{uid}.vcf"),
            "text/vcard",
            &card(uid, name, "Acme"),
        )?;
        assert_eq!(st, 201);
    }
    let id = sphere
        .sync_add(SyncAddRequest {
            kind: SyncKind::Carddav,
            label: None,
            host: None,
            port: None,
            security: None,
            folders: None,
            url: Some(format!("{}{coll}", s.dav)),
            user: s.user.clone(),
            password: s.password.clone(),
            remember_password: false,
        })?
        .source
        .id;
    let people = |sphere: &Sphere| -> Result<u32, ApiError> {
        Ok(sphere.app_info(Empty::default())?.counts.people)
    };
    let before = people(&sphere)?;
    let previewed = run(&sphere, &s, id)?;
    let preview = previewed
        .contacts
        .ok_or("an address book sync returns a preview")?;
    assert_eq!(preview.new, 2, "two new people proposed");
    assert_eq!(
        people(&sphere)?,
        before,
        "nothing is written before the user commits"
    );

    let committed = sphere.sync_commit(SyncCommitRequest {
        id,
        ..Default::default()
    })?;
    assert_eq!(committed.result.people_created, 2);
    assert_eq!(people(&sphere)?, before + 2);

    let again = run(&sphere, &s, id)?;
    assert_eq!(again.read, 0, "the committed cards are not offered again");
    assert!(again.contacts.is_none());
    let err = sphere
        .sync_commit(SyncCommitRequest {
            id,
            ..Default::default()
        })
        .err()
        .ok_or("nothing waits to be committed")?;
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    Ok(())
}

#[test]
#[ignore = "needs the real servers: scripts/test.sh starts them"]
fn a_wrong_password_is_refused_before_saving_and_a_missing_one_is_asked_for() -> TestResult {
    let s = servers()?;
    let dir = tempfile::tempdir()?;
    let sphere = sphere(dir.path())?;
    let err = sphere
        .sync_add(SyncAddRequest {
            kind: SyncKind::Imap,
            label: None,
            host: Some(s.imap_host.clone()),
            port: Some(s.imap_port),
            security: Some(SyncSecurity::None),
            folders: None,
            url: None,
            user: s.user.clone(),
            password: "wrong".into(),
            remember_password: false,
        })
        .err()
        .ok_or("a wrong password is refused")?;
    assert_eq!(err.field.as_deref(), Some("password"), "{err:?}");
    assert!(
        sphere.capture_sources_list(Empty::default())?.is_empty(),
        "nothing is saved"
    );

    let id = add_imap(&sphere, &s, s.imap_port, &["INBOX"])?;
    let err = sphere
        .sync_run(SyncRunRequest {
            id,
            password: None,
            job: None,
        })
        .err()
        .ok_or("without a kept password, a run needs one")?;
    assert_eq!(err.field.as_deref(), Some("password"), "{err:?}");
    let removed = sphere.sync_remove(IdRequest { id })?;
    assert_eq!(removed.id, id);
    assert!(sphere.capture_sources_list(Empty::default())?.is_empty());
    Ok(())
}

#[test]
fn an_address_holding_a_password_is_refused_before_anything_is_sent_or_kept() -> TestResult {
    let dir = tempfile::tempdir()?;
    let sphere = sphere(dir.path())?;
    let err = sphere
        .sync_add(SyncAddRequest {
            kind: SyncKind::Caldav,
            label: None,
            host: None,
            port: None,
            security: None,
            folders: None,
            url: Some("https://me:secret@dav.example.org/cal/".into()),
            user: "me".into(),
            password: "secret".into(),
            remember_password: false,
        })
        .err()
        .ok_or("a password in the address was accepted")?;
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.field.as_deref(), Some("url"));
    assert!(!err.message.contains("secret"), "{}", err.message);
    assert!(sphere.capture_sources_list(Empty {})?.is_empty());
    Ok(())
}
