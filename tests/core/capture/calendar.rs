//! Calendar capture from `.ics` files through the command set, with a fixed clock
//! (2026-06-01T12:00Z unless a test moves it): every export variant, declines and
//! cancellations, recurring events against a hand count, planned meetings counted when
//! their time comes, a changed event replacing its meeting, idempotent re-imports, bad files
//! and cancels writing nothing, and the writer as the CalDAV sync calls it.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Weak};

use chrono::{DateTime, Utc};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.to_utc())
        .unwrap_or_default()
}

const NOW: &str = "2026-06-01T12:00:00Z";

fn fixture(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/import/calendar")
        .join(name);
    p.display().to_string()
}

/// A database at `dir` with you (me@example.com) at the centre and Ada, already known by
/// an address in another case.
fn setup(dir: &Path) -> Result<(PathBuf, Id, Id), Box<dyn std::error::Error>> {
    let path = dir.join("sphere.db");
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let me = s.person_create(PersonInput {
        first_name: "Me".into(),
        emails: Some(vec!["me@example.com".into()]),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let ada = s.person_create(PersonInput {
        first_name: "Ada".into(),
        last_name: Some("Lovelace".into()),
        emails: Some(vec!["ADA@Example.com".into()]),
        ..Default::default()
    })?;
    Ok((path, me.id, ada.id))
}

fn import(s: &Sphere, file: &str) -> Result<CalendarResult, ApiError> {
    s.calendar_import(CalendarImportRequest {
        path: fixture(file),
        job: None,
    })
}

fn import_path(s: &Sphere, path: &Path) -> Result<CalendarResult, ApiError> {
    s.calendar_import(CalendarImportRequest {
        path: path.display().to_string(),
        job: None,
    })
}

fn person(s: &Sphere, email: &str) -> Result<Option<PersonSummary>, ApiError> {
    let page = s.person_list(PersonQuery {
        search: Some(email.into()),
        ..Default::default()
    })?;
    Ok(page
        .items
        .into_iter()
        .find(|p| p.primary_email.as_deref().map(str::to_lowercase) == Some(email.into())))
}

/// The user's tie with the person of `email`: (shared interactions counted, last contact).
fn tie_with(
    s: &Sphere,
    me: Id,
    email: &str,
) -> Result<Option<TieView>, Box<dyn std::error::Error>> {
    let Some(p) = person(s, email)? else {
        return Ok(None);
    };
    Ok(s.tie_list(TieQuery {
        person_id: Some(me),
        reveal_never: None,
    })?
    .into_iter()
    .find(|t| t.other.id == p.id))
}

fn ignored(r: &CalendarResult, reason: &str) -> u32 {
    r.summary
        .ignored
        .iter()
        .find(|i| i.reason == reason)
        .map_or(0, |i| i.count)
}

#[test]
fn exports_of_google_outlook_and_apple_become_meetings_with_the_people_who_accepted() -> TestResult
{
    let dir = tempfile::tempdir()?;
    let (path, me, ada) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let g = import(&s, "google.ics")?;
    assert_eq!(g.summary.events, 4);
    assert_eq!((g.summary.meetings, g.summary.planned), (2, 1));
    assert_eq!(
        g.summary.people_matched, 1,
        "Ada is found by her address in any case"
    );
    assert_eq!(
        g.summary.people_created, 1,
        "Dan, who accepted, becomes a person"
    );
    assert_eq!(ignored(&g, "room or resource"), 1);
    let t = tie_with(&s, me, "ada@example.com")?.ok_or("no tie with Ada")?;
    assert_eq!(t.other.id, ada);
    assert_eq!(
        t.shared_interactions, 1,
        "the March review counts; July's planning is planned"
    );
    assert_eq!(t.last_contact, Some(at("2026-03-10T09:00:00Z")));
    assert!(
        !t.evidence.contains("one-way"),
        "a meeting is mutual: {}",
        t.evidence
    );
    let dan = person(&s, "dan.ng@example.net")?.ok_or("no Dan")?;
    assert_eq!(dan.display_name, "Dan Ng", "named from CN");
    assert!(
        person(&s, "bob@example.com")?.is_none(),
        "Bob declined: nobody new"
    );
    assert!(
        person(&s, "carol@example.com")?.is_none(),
        "Carol was only tentative"
    );

    let o = import(&s, "outlook.ics")?;
    assert_eq!(o.summary.meetings, 2);
    let erin = tie_with(&s, me, "erin.smith@contoso.com")?.ok_or("no Erin")?;
    assert_eq!(erin.other.display_name, "Erin Smith");
    assert_eq!(
        erin.last_contact,
        Some(at("2026-02-02T17:00:00Z")),
        "Pacific time"
    );
    assert!(
        person(&s, "room2@contoso.com")?.is_none(),
        "a room is never a person"
    );

    let a = import(&s, "apple.ics")?;
    assert_eq!(a.summary.meetings, 2);
    let grace = tie_with(&s, me, "grace@example.org")?.ok_or("no Grace")?;
    assert_eq!(
        grace.last_contact,
        Some(at("2026-05-05T18:00:00Z")),
        "New York, EDT"
    );
    assert!(
        person(&s, "hal@example.org")?.is_none(),
        "Hal never answered"
    );
    Ok(())
}

#[test]
fn declined_cancelled_foreign_and_broadcast_events_write_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, me, _) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let before = s.app_info(Empty {})?.counts;
    let d = import(&s, "declined.ics")?;
    assert_eq!(d.summary.meetings + d.summary.planned, 0);
    assert_eq!(ignored(&d, "you declined"), 1);
    assert_eq!(ignored(&d, "you are not among its attendees"), 1);
    assert_eq!(ignored(&d, "more than 10 attendees (a broadcast)"), 1);
    assert_eq!(ignored(&d, "no one else accepted"), 1);
    let after = s.app_info(Empty {})?.counts;
    assert_eq!(
        after.people, before.people,
        "no one is created from a declined event"
    );
    assert_eq!(after.interactions, before.interactions);

    let c = import(&s, "cancelled.ics")?;
    let liam = tie_with(&s, me, "liam@example.com")?.ok_or("no Liam")?;
    assert_eq!(
        liam.shared_interactions, 3,
        "four standups less the one cancelled; the board prep was cancelled whole"
    );
    assert!(ignored(&c, "cancelled") >= 2);
    Ok(())
}

#[test]
fn recurring_events_match_a_hand_count_and_plans_count_when_their_time_comes() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, me, _) = setup(dir.path())?;
    {
        let s = Sphere::open_as_of(&path, at(NOW))?;
        let r = import(&s, "recurring.ics")?;
        // Ivy 10 + Jack 5 + Kim 24 past; Kim 12 planned (see the unit test's count).
        assert_eq!((r.summary.meetings, r.summary.planned), (39, 12));
        assert_eq!(r.summary.outside_window, 53);
        let ivy = tie_with(&s, me, "ivy@example.com")?.ok_or("no Ivy")?;
        assert_eq!(ivy.shared_interactions, 10);
        assert_eq!(ivy.last_contact, Some(at("2026-03-30T08:00:00Z")));
        let kim = tie_with(&s, me, "kim@example.com")?.ok_or("no Kim")?;
        assert_eq!(
            kim.shared_interactions, 24,
            "the planned twelve do not count yet"
        );
        assert_eq!(kim.last_contact, Some(at("2026-05-15T17:00:00Z")));
    }
    // Three months later: June, July and August's mentoring have happened.
    let later = Sphere::open_as_of(&path, at("2026-09-01T12:00:00Z"))?;
    let kim = tie_with(&later, me, "kim@example.com")?.ok_or("no Kim")?;
    assert_eq!(
        kim.shared_interactions, 27,
        "plans count once their time comes"
    );
    assert_eq!(kim.last_contact, Some(at("2026-08-15T17:00:00Z")));
    Ok(())
}

#[test]
fn importing_the_same_file_again_writes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, _, _) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let first = import(&s, "recurring.ics")?;
    let counts = s.app_info(Empty {})?.counts;
    let again = import(&s, "recurring.ics")?;
    assert_eq!(
        again.source_id, first.source_id,
        "the same file is the same source"
    );
    assert_eq!(again.summary.meetings_added, 0);
    assert_eq!(again.summary.meetings_removed, 0);
    assert_eq!(again.summary.people_created, 0);
    assert_eq!(s.app_info(Empty {})?.counts, counts);
    Ok(())
}

fn one_event(start: &str, zoe: &str, status: &str) -> String {
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:review-9\r\nDTSTART:{start}\r\n\
         STATUS:{status}\r\nORGANIZER:mailto:me@example.com\r\n\
         ATTENDEE;CN=Zoe Quinn;PARTSTAT={zoe}:mailto:zoe@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

#[test]
fn a_changed_event_replaces_its_meeting() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, me, _) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let file = dir.path().join("cal.ics");
    std::fs::write(
        &file,
        one_event("20260410T090000Z", "ACCEPTED", "CONFIRMED"),
    )?;
    import_path(&s, &file)?;
    let zoe = tie_with(&s, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.last_contact, Some(at("2026-04-10T09:00:00Z")));

    // Moved a day later: one meeting, at the new time.
    std::fs::write(
        &file,
        one_event("20260411T090000Z", "ACCEPTED", "CONFIRMED"),
    )?;
    let moved = import_path(&s, &file)?;
    assert_eq!(
        (moved.summary.meetings_added, moved.summary.meetings_removed),
        (1, 1)
    );
    let zoe = tie_with(&s, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.shared_interactions, 1, "the old time's meeting is gone");
    assert_eq!(zoe.last_contact, Some(at("2026-04-11T09:00:00Z")));

    // Zoe now declines: the meeting goes, the relationship stays with no evidence.
    std::fs::write(
        &file,
        one_event("20260411T090000Z", "DECLINED", "CONFIRMED"),
    )?;
    let declined = import_path(&s, &file)?;
    assert_eq!(declined.summary.meetings_removed, 1);
    let zoe = tie_with(&s, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.shared_interactions, 0);
    assert_eq!(zoe.last_contact, None);

    // Accepted again, then the event is cancelled.
    std::fs::write(
        &file,
        one_event("20260411T090000Z", "ACCEPTED", "CONFIRMED"),
    )?;
    import_path(&s, &file)?;
    std::fs::write(
        &file,
        one_event("20260411T090000Z", "ACCEPTED", "CANCELLED"),
    )?;
    let cancelled = import_path(&s, &file)?;
    assert_eq!(cancelled.summary.meetings_removed, 1);
    let zoe = tie_with(&s, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.shared_interactions, 0);
    Ok(())
}

#[test]
fn a_bad_file_names_its_line_and_writes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, _, _) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let before = s.app_info(Empty {})?.counts;
    for (file, line) in [("bad-date.ics", "line 10"), ("truncated.ics", "line 3")] {
        let err = import(&s, file).err().ok_or("a bad file was accepted")?;
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(
            err.message.contains(line) && err.message.contains(file),
            "{file}: `{}` names the file and {line}",
            err.message
        );
    }
    let missing = import(&s, "no-such.ics")
        .err()
        .ok_or("a missing file was read")?;
    assert_eq!(missing.field.as_deref(), Some("path"));
    assert_eq!(s.app_info(Empty {})?.counts, before, "nothing was written");
    Ok(())
}

#[test]
fn without_a_centre_person_the_import_asks_who_you_are() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let err = import(&s, "google.ics")
        .err()
        .ok_or("imported without a centre")?;
    assert!(
        err.message.contains("set who you are first"),
        "{}",
        err.message
    );
    Ok(())
}

#[test]
fn a_cancelled_import_writes_nothing() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, _, _) = setup(dir.path())?;
    let s = Arc::new(Sphere::open_as_of(&path, at(NOW))?);
    let before = s.app_info(Empty {})?.counts;
    let weak: Weak<Sphere> = Arc::downgrade(&s);
    s.set_progress_sink(Arc::new(move |job, p| {
        if p.phase == "writing"
            && let Some(s) = weak.upgrade()
        {
            let _ = s.import_cancel(JobRequest { job: job.into() });
        }
    }));
    let err = s
        .calendar_import(CalendarImportRequest {
            path: fixture("recurring.ics"),
            job: Some("cal".into()),
        })
        .err()
        .ok_or("the import ran to its end")?;
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert_eq!(s.app_info(Empty {})?.counts, before);
    assert!(!s.import_progress(JobRequest { job: "cal".into() })?.running);
    Ok(())
}

#[test]
fn the_writer_as_caldav_calls_it_replaces_by_href_and_removes_deleted_resources() -> TestResult {
    let mut store = sphere_store::Store::open_in_memory()?;
    let now = at(NOW);
    let text = |start: &str| one_event(start, "ACCEPTED", "CONFIRMED");
    let count = |store: &sphere_store::Store| -> Result<i64, Box<dyn std::error::Error>> {
        Ok(i64::from(store.counts()?.interactions))
    };
    store.write(|tx| {
        let me = sphere_store::insert_person(
            tx,
            &validate::person(&PersonInput {
                first_name: "Me".into(),
                emails: Some(vec!["me@example.com".into()]),
                ring: Some(Ring::Centre),
                ..Default::default()
            })?,
        )?;
        let settings = sphere_store::capture::settings(tx)?;
        let source = sphere_store::capture::create_source(
            tx,
            "caldav",
            "https://dav.example/cal/",
            &serde_json::json!({}),
            now,
        )?;
        let first = sphere_import::calendar::write_calendar(
            tx,
            Some(source),
            &[(
                Some("/cal/a.ics".into()),
                Some("\"1\"".into()),
                text("20260410T090000Z"),
            )],
            &[],
            &settings,
            now,
        )?;
        assert_eq!(first.meetings_added, 1);
        assert_eq!(first.people_created, 1);
        // The same href, a new ETag, the same UID at a new time.
        let second = sphere_import::calendar::write_calendar(
            tx,
            Some(source),
            &[(
                Some("/cal/a.ics".into()),
                Some("\"2\"".into()),
                text("20260412T090000Z"),
            )],
            &[],
            &settings,
            now,
        )?;
        assert_eq!((second.meetings_added, second.meetings_removed), (1, 1));
        // The resource is deleted on the server.
        let gone = sphere_import::calendar::write_calendar(
            tx,
            Some(source),
            &[],
            &["/cal/a.ics".into()],
            &settings,
            now,
        )?;
        assert_eq!(gone.meetings_removed, 1);
        assert!(me.id > 0);
        Ok(())
    })?;
    assert_eq!(count(&store)?, 0, "a removed resource leaves no meeting");
    // A raised cancel flag fails the call; the caller's transaction is rolled back.
    let res = store.write(|tx| {
        let settings = sphere_store::capture::settings(tx)?;
        sphere_import::calendar::write_calendar_with(
            tx,
            None,
            &[(None, None, text("20260410T090000Z"))],
            &[],
            &settings,
            now,
            &mut |_| {},
            &AtomicBool::new(true),
        )
    });
    assert!(matches!(res, Err(error::CoreError::Cancelled(_))));
    assert_eq!(count(&store)?, 0);
    Ok(())
}

#[test]
fn the_cli_imports_a_calendar_and_says_what_it_kept_and_left_out() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (db, _, _) = setup(dir.path())?;
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_sphere"))
            .env("SPHERE_DB", &db)
            .env("SPHERE_AS_OF", NOW)
            .args(args)
            .output()
    };
    let file = fixture("google.ics");
    let out = run(&["import", "calendar", &file])?;
    let text = String::from_utf8(out.stdout)?;
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Read 4 events"), "{text}");
    assert!(text.contains("2 held, 1 planned"), "{text}");
    assert!(text.contains("1 created, 1 found by email"), "{text}");
    assert!(text.contains("room or resource"), "{text}");
    let out = run(&["import", "calendar", &file, "--json"])?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    assert_eq!(
        v["summary"]["meetings_added"], 0,
        "the second run writes nothing"
    );
    let out = run(&["import", "calendar", &fixture("truncated.ics")])?;
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 3"));
    Ok(())
}

#[test]
fn without_your_addresses_the_import_says_so_and_writes_nothing() -> TestResult {
    let s = Sphere::open_in_memory()?;
    s.person_create(PersonInput {
        first_name: "Me".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let err = import(&s, "google.ics")
        .err()
        .ok_or("imported without addresses")?;
    assert_eq!(
        err.field.as_deref(),
        Some("my_addresses"),
        "{}",
        err.message
    );
    assert_eq!(s.app_info(Empty {})?.counts.interactions, 0);
    Ok(())
}

#[test]
fn meetings_older_than_the_window_survive_a_later_import_of_the_same_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, me, _) = setup(dir.path())?;
    let file = dir.path().join("old.ics");
    std::fs::write(
        &file,
        one_event("20250601T090000Z", "ACCEPTED", "CONFIRMED"),
    )?;
    {
        let s = Sphere::open_as_of(&path, at(NOW))?;
        assert_eq!(import_path(&s, &file)?.summary.meetings_added, 1);
    }
    // Three years on, June 2025 is outside the window: not read again, and not forgotten.
    let later = Sphere::open_as_of(&path, at("2028-06-01T12:00:00Z"))?;
    let again = import_path(&later, &file)?;
    assert_eq!(again.summary.outside_window, 1);
    assert_eq!(again.summary.meetings_removed, 0);
    let zoe = tie_with(&later, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.shared_interactions, 1);
    Ok(())
}

#[test]
fn a_shorter_export_over_the_same_file_keeps_the_other_meetings() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, me, _) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let file = dir.path().join("export.ics");
    let two = one_event("20260410T090000Z", "ACCEPTED", "CONFIRMED").replace(
        "END:VCALENDAR",
        "BEGIN:VEVENT\r\nUID:other-1\r\nDTSTART:20260412T090000Z\r\n\
         ORGANIZER:mailto:me@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:zoe@example.com\r\n\
         END:VEVENT\r\nEND:VCALENDAR",
    );
    std::fs::write(&file, &two)?;
    assert_eq!(import_path(&s, &file)?.summary.meetings_added, 2);
    // An export of one day saved over the same file: the other event is not in it, and
    // its meeting stays (an export says nothing about what it does not cover).
    std::fs::write(
        &file,
        one_event("20260410T090000Z", "ACCEPTED", "CONFIRMED"),
    )?;
    let shorter = import_path(&s, &file)?;
    assert_eq!(shorter.summary.meetings_removed, 0);
    let zoe = tie_with(&s, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.shared_interactions, 2);
    assert_eq!(zoe.last_contact, Some(at("2026-04-12T09:00:00Z")));
    // The same event, now cancelled, in a later export: its meeting goes.
    std::fs::write(
        &file,
        one_event("20260410T090000Z", "ACCEPTED", "CANCELLED"),
    )?;
    assert_eq!(import_path(&s, &file)?.summary.meetings_removed, 1);
    let zoe = tie_with(&s, me, "zoe@example.com")?.ok_or("no Zoe")?;
    assert_eq!(zoe.shared_interactions, 1);
    Ok(())
}

#[test]
fn an_address_no_person_can_have_is_left_out_and_google_calendars_are_no_one() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (path, me, _) = setup(dir.path())?;
    let s = Sphere::open_as_of(&path, at(NOW))?;
    let file = dir.path().join("exchange.ics");
    // An Exchange alias without a dot in its domain, and a shared Google calendar that
    // organizes like a person: neither may stop the rest of the calendar from counting.
    std::fs::write(
        &file,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x-1\r\nDTSTART:20260410T090000Z\r\n\
         ORGANIZER;CN=Team:mailto:team123@group.calendar.google.com\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Jane:mailto:jane@corp\r\n\
         ATTENDEE;PARTSTAT=ACCEPTED;CN=Zoe Quinn:mailto:zoe@example.com\r\n\
         END:VEVENT\r\nEND:VCALENDAR\r\n",
    )?;
    let r = import_path(&s, &file)?;
    assert_eq!(r.summary.meetings_added, 1, "{:?}", r.summary);
    assert!(tie_with(&s, me, "zoe@example.com")?.is_some(), "Zoe counts");
    assert_eq!(person(&s, "team123@group.calendar.google.com")?, None);
    assert_eq!(
        ignored(&r, "room or resource"),
        1,
        "{:?}",
        r.summary.ignored
    );
    if ignored(&r, "attendee address not valid") == 0 {
        // The reader may already refuse the address; either way no one is made of it.
        assert!(person(&s, "jane@corp")?.is_none());
    }
    Ok(())
}
