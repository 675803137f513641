//! Mail files through `mail_import`: the fixtures' variants, once per message, people only
//! for real exchanges, the settings, subjects, plans, bad files, cancelling, and the CLI.
//! The clock is fixed (`Sphere::open_as_of`) wherever time matters.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, TimeZone, Utc};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/import/mail");
/// The user of the fixtures: Dana Reyes, at home and at work.
const ME: &str = "dana@reyes.example";
const WORK: &str = "dana.reyes@work.example";

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// These tests' "now".
fn now() -> DateTime<Utc> {
    at(2025, 6, 1)
}

fn fixture(name: &str) -> PathBuf {
    Path::new(DATA).join(name)
}

struct World {
    dir: tempfile::TempDir,
    db: PathBuf,
    s: Sphere,
    me: Id,
}

/// A database where Dana is the user, with her work address in Settings.
fn world() -> Result<World, Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("sphere.db");
    let s = Sphere::open_as_of(&db, now())?;
    let me = s
        .person_create(PersonInput {
            first_name: "Dana".into(),
            last_name: Some("Reyes".into()),
            emails: Some(vec![ME.into()]),
            ring: Some(Ring::Centre),
            ..Default::default()
        })?
        .id;
    s.settings_update(SettingsInput {
        my_addresses: Some(vec![WORK.into()]),
        ..Default::default()
    })?;
    Ok(World { dir, db, s, me })
}

fn import(s: &Sphere, path: &Path) -> Result<CaptureResult, ApiError> {
    s.mail_import(MailImportRequest {
        path: path.display().to_string(),
        job: None,
    })
}

/// One message's text (`id: None` leaves `Message-ID` out).
fn message(id: Option<&str>, date: &str, from: &str, to: &[&str], subject: &str) -> String {
    let mut m = String::new();
    if let Some(id) = id {
        m.push_str(&format!("Message-ID: <{id}>\n"));
    }
    m.push_str(&format!(
        "Date: {date}\nFrom: {from}\nTo: {}\nSubject: {subject}\n\nHello.\n",
        to.join(", ")
    ));
    m
}

/// An mbox of `messages` in the world's folder.
fn mbox(w: &World, name: &str, messages: &[String]) -> Result<PathBuf, std::io::Error> {
    let path = w.dir.path().join(name);
    let mut text = String::new();
    for m in messages {
        text.push_str("From sender@example.org Mon Jan  1 00:00:00 2024\n");
        text.push_str(m);
        text.push('\n');
    }
    std::fs::write(&path, text)?;
    Ok(path)
}

fn ignored(r: &CaptureResult, code: &str) -> u32 {
    r.summary.ignored.get(code).copied().unwrap_or(0)
}

fn person(s: &Sphere, name: &str) -> Result<Option<PersonSummary>, ApiError> {
    Ok(s.person_list(PersonQuery {
        search: Some(name.into()),
        ..Default::default()
    })?
    .items
    .into_iter()
    .find(|p| p.display_name == name))
}

fn tie_with(s: &Sphere, me: Id, name: &str) -> Result<TieView, Box<dyn std::error::Error>> {
    let other = person(s, name)?.ok_or(format!("no person {name}"))?;
    let ties = s.tie_list(TieQuery {
        person_id: Some(me),
        ..Default::default()
    })?;
    Ok(ties
        .into_iter()
        .find(|t| t.other.id == other.id)
        .ok_or(format!("no relationship with {name}"))?)
}

/// `(message_id, ignored, subject)` of a stored message.
type Row = (String, Option<String>, Option<String>);

/// Every stored message, read as an outside observer.
fn rows(db: &Path) -> Result<Vec<Row>, rusqlite::Error> {
    let conn = rusqlite::Connection::open(db)?;
    let mut stmt =
        conn.prepare("SELECT message_id, ignored, subject FROM mail_message ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

#[test]
fn the_fixtures_variants_are_kept_or_ignored_for_their_reason() -> TestResult {
    let w = world()?;
    let r = import(&w.s, &fixture("takeout.mbox"))?;
    assert_eq!(r.source.kind, "mbox");
    assert!(
        r.source.label.ends_with("takeout.mbox"),
        "{}",
        r.source.label
    );
    let s = &r.summary;
    assert_eq!(
        (s.read, s.kept, s.interactions_created),
        (12, 5, 5),
        "{s:?}"
    );
    for (code, n) in [
        ("mailing-list", 1),
        ("no-reply", 1),
        ("calendar", 1),
        ("too-many-recipients", 1),
        ("no-date", 1),
        ("spam", 1),
        ("one-way", 1),
    ] {
        assert_eq!(ignored(&r, code), n, "{code}: {:?}", s.ignored);
    }
    assert_eq!(
        s.people_created, 2,
        "Ana and Jane, who wrote back and forth"
    );
    let jane = person(&w.s, "Jane Doe")?.ok_or("\"Doe, Jane\" is Jane Doe")?;
    assert_eq!(jane.primary_email.as_deref(), Some("jane.doe@corp.example"));
    for nobody in ["Acme News", "GitHub", "Guest 1", "Prince", "Omar Okafor"] {
        assert!(person(&w.s, nobody)?.is_none(), "{nobody} is no person");
    }

    let r = import(&w.s, &fixture("thunderbird.mbox"))?;
    assert_eq!((r.summary.read, r.summary.kept), (9, 6), "{:?}", r.summary);
    for (code, n) in [("calendar", 1), ("automatic", 1), ("not-yours", 1)] {
        assert_eq!(ignored(&r, code), n, "{code}: {:?}", r.summary.ignored);
    }
    for name in ["Zoë Müller", "Renée Dubois", "山田 太郎"] {
        assert!(
            person(&w.s, name)?.is_some(),
            "{name}: UTF-8, ISO-8859-1 and Shift_JIS encoded words"
        );
    }
    assert!(person(&w.s, "Bob Byrne")?.is_none(), "mail between others");
    let sources = w.s.capture_sources_list(Empty {})?;
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[1].counts["kept"], 6);
    assert_eq!(sources[1].config["path"], sources[1].label.as_str());
    Ok(())
}

#[test]
fn importing_the_same_file_again_writes_nothing_more() -> TestResult {
    let w = world()?;
    let first = import(&w.s, &fixture("takeout.mbox"))?;
    let again = import(&w.s, &fixture("takeout.mbox"))?;
    assert_eq!(again.counts, first.counts, "nothing more in the database");
    assert_eq!(again.summary.read, 12);
    assert_eq!(
        again.summary.duplicates, 11,
        "every stored message, the one without Message-ID by its digest"
    );
    assert_eq!(
        (again.summary.kept, again.summary.interactions_created),
        (0, 0)
    );
    assert_eq!(
        ignored(&again, "no-date"),
        1,
        "an undated message is never stored"
    );
    assert_eq!(
        again.source.id, first.source.id,
        "the same source, run again"
    );
    assert_eq!(w.s.capture_sources_list(Empty {})?.len(), 1);
    assert_eq!(rows(&w.db)?.len(), 11);
    Ok(())
}

#[test]
fn the_same_message_in_an_mbox_and_a_maildir_counts_once_and_a_late_reply_counts_both() -> TestResult
{
    let w = world()?;
    import(&w.s, &fixture("takeout.mbox"))?;
    assert!(person(&w.s, "Omar Okafor")?.is_none(), "Omar only wrote");
    let r = import(&w.s, &fixture("maildir"))?;
    assert_eq!(r.source.kind, "maildir");
    assert_eq!(r.summary.read, 5, "tmp/ is never read");
    assert_eq!(r.summary.duplicates, 1, "Ana's first message, in both");
    assert_eq!(
        tie_with(&w.s, w.me, "Ana Silva")?.shared_interactions,
        3,
        "two messages and the one without Message-ID; the copy in the Maildir adds nothing"
    );
    assert_eq!(
        r.summary.earlier_counted, 1,
        "Omar's message from the mbox counts now that Dana answered"
    );
    let omar = tie_with(&w.s, w.me, "Omar Okafor")?;
    assert_eq!(omar.shared_interactions, 2);
    assert_eq!(
        tie_with(&w.s, w.me, "Lee Chen")?.shared_interactions,
        2,
        "new/ and .Sent/cur/"
    );
    assert_eq!(
        tie_with(&w.s, w.me, "Jane Doe")?.shared_interactions,
        3,
        ".Archive.2024/cur/ too"
    );
    Ok(())
}

#[test]
fn a_one_way_sender_never_becomes_a_person_until_the_user_writes_back() -> TestResult {
    let w = world()?;
    let seller = "Sam Seller <sam@vendor.example>";
    let pitches: Vec<String> = (1..=3)
        .map(|i| {
            message(
                Some(&format!("pitch{i}@vendor.example")),
                &format!("Mon, {i} Mar 2025 09:00:00 +0000"),
                seller,
                &[ME],
                "A great offer",
            )
        })
        .collect();
    let r = import(&w.s, &mbox(&w, "pitches.mbox", &pitches)?)?;
    assert_eq!(ignored(&r, "one-way"), 3);
    assert_eq!(r.summary.people_created, 0);
    assert!(person(&w.s, "Sam Seller")?.is_none());
    let before = w.s.app_info(Empty {})?.counts;
    // Dana answers: Sam becomes a person, and the three pitches count too.
    let reply = message(
        Some("reply@reyes.example"),
        "Mon, 10 Mar 2025 09:00:00 +0000",
        ME,
        &[seller],
        "Re: A great offer",
    );
    let r = import(&w.s, &mbox(&w, "reply.mbox", &[reply])?)?;
    assert_eq!(
        (r.summary.people_created, r.summary.earlier_counted),
        (1, 3)
    );
    assert_eq!(r.summary.interactions_created, 4);
    assert_eq!(r.counts.people, before.people + 1);
    let tie = tie_with(&w.s, w.me, "Sam Seller")?;
    assert_eq!(tie.shared_interactions, 4);
    assert!(
        rows(&w.db)?.iter().all(|(_, why, _)| why.is_none()),
        "every stored message counts now"
    );
    Ok(())
}

#[test]
fn the_most_recipients_come_from_settings() -> TestResult {
    let w = world()?;
    let team: Vec<String> = (0..12).map(|i| format!("p{i}@team.example")).collect();
    for (i, email) in team.iter().enumerate() {
        w.s.person_create(PersonInput {
            first_name: format!("Member{i}"),
            emails: Some(vec![email.clone()]),
            ..Default::default()
        })?;
    }
    let to: Vec<&str> = team.iter().map(String::as_str).collect();
    let all = message(
        Some("all@reyes.example"),
        "Mon, 3 Mar 2025 09:00:00 +0000",
        ME,
        &to,
        "Offsite",
    );
    let file = mbox(&w, "team.mbox", &[all])?;
    let r = import(&w.s, &file)?;
    assert_eq!(
        ignored(&r, "too-many-recipients"),
        1,
        "12 > 10, the default"
    );
    assert_eq!(r.summary.interactions_created, 0);
    let settings = w.s.settings_update(SettingsInput {
        max_recipients: Some(12),
        ..Default::default()
    })?;
    assert_eq!(settings.max_recipients, 12);
    let r = import(&w.s, &file)?;
    assert_eq!(
        (
            r.summary.kept,
            r.summary.interactions_created,
            r.summary.duplicates
        ),
        (1, 12, 0),
        "judged again under the new maximum: one interaction per recipient"
    );
    assert_eq!(r.summary.relationships_created, 12);
    w.s.settings_update(SettingsInput {
        max_recipients: Some(10),
        ..Default::default()
    })?;
    let r = import(&w.s, &file)?;
    assert_eq!(r.summary.duplicates, 1, "a kept message stays kept");
    for bad in [0, 501] {
        let err =
            w.s.settings_update(SettingsInput {
                max_recipients: Some(bad),
                ..Default::default()
            })
            .err()
            .ok_or("out of range")?;
        assert_eq!(err.field.as_deref(), Some("max_recipients"));
    }
    let err =
        w.s.settings_update(SettingsInput {
            my_addresses: Some(vec!["me@home.example".into(), "not an address".into()]),
            ..Default::default()
        })
        .err()
        .ok_or("a bad address")?;
    assert_eq!(err.field.as_deref(), Some("my_addresses[1]"));
    Ok(())
}

#[test]
fn subjects_are_kept_only_when_asked_and_never_passages_hidden() -> TestResult {
    let w = world()?;
    assert!(!w.s.settings_get(Empty {})?.keep_subjects, "off by default");
    import(&w.s, &fixture("takeout.mbox"))?;
    assert!(rows(&w.db)?.iter().all(|(_, _, subject)| subject.is_none()));

    let w = world()?;
    w.s.settings_update(SettingsInput {
        keep_subjects: Some(true),
        ..Default::default()
    })?;
    import(&w.s, &fixture("takeout.mbox"))?;
    let rows = rows(&w.db)?;
    let subject = |id: &str| {
        rows.iter()
            .find(|r| r.0 == id)
            .and_then(|r| r.2.clone())
            .unwrap_or_default()
    };
    assert_eq!(subject("m1@mail.silva.example"), "Lunch next week?");
    let hidden = subject("m3@corp.example");
    assert!(
        hidden.contains("[health hidden]") && !hidden.contains("chemotherapy"),
        "{hidden}"
    );
    Ok(())
}

#[test]
fn mail_dated_in_the_future_is_planned_until_its_time_comes() -> TestResult {
    let w = world()?;
    let kim = "Kim Park <kim@park.example>";
    let file = mbox(
        &w,
        "kim.mbox",
        &[
            message(
                Some("k1@park.example"),
                "Thu, 1 May 2025 09:00:00 +0000",
                kim,
                &[ME],
                "Hi",
            ),
            message(
                Some("k2@reyes.example"),
                "Fri, 2 May 2025 09:00:00 +0000",
                ME,
                &["kim@park.example"],
                "Re: Hi",
            ),
            message(
                Some("k3@reyes.example"),
                "Mon, 1 Sep 2025 09:00:00 +0000",
                ME,
                &["kim@park.example"],
                "Scheduled send",
            ),
        ],
    )?;
    let r = import(&w.s, &file)?;
    assert_eq!((r.summary.interactions_created, r.summary.planned), (3, 1));
    let tie = tie_with(&w.s, w.me, "Kim Park")?;
    assert_eq!(
        tie.shared_interactions, 2,
        "the September mail is not held yet"
    );
    assert_eq!(
        tie.last_contact,
        Some(at(2025, 5, 2) - chrono::Duration::hours(3))
    );
    let World { dir, db, s, me } = w;
    drop(s);
    let later = Sphere::open_as_of(&db, at(2025, 10, 1))?;
    let tie = tie_with(&later, me, "Kim Park")?;
    assert_eq!(tie.shared_interactions, 3, "counted once its time came");
    assert_eq!(
        tie.last_contact,
        Some(at(2025, 9, 1) - chrono::Duration::hours(3))
    );
    drop(dir);
    Ok(())
}

#[test]
fn a_bad_file_is_refused_by_name_and_nothing_is_written() -> TestResult {
    let w = world()?;
    let before = w.s.app_info(Empty {})?.counts;
    let notes = w.dir.path().join("notes.txt");
    std::fs::write(&notes, "Dear diary,\ntoday…\n")?;
    let err = import(&w.s, &notes).err().ok_or("not an mbox")?;
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert!(
        err.message.contains("notes.txt is not an mbox file") && err.message.contains("Dear diary"),
        "{}",
        err.message
    );
    let err = import(&w.s, &w.dir.path().join("missing.mbox"))
        .err()
        .ok_or("missing")?;
    assert!(
        err.message.contains("missing.mbox") && err.message.contains("no such file"),
        "{}",
        err.message
    );
    let empty = w.dir.path().join("empty");
    std::fs::create_dir(&empty)?;
    let err = import(&w.s, &empty).err().ok_or("no Maildir")?;
    assert!(err.message.contains("no mail in it"), "{}", err.message);
    let err = import(&w.s, Path::new("  ")).err().ok_or("no path")?;
    assert_eq!(err.field.as_deref(), Some("path"));
    assert_eq!(w.s.app_info(Empty {})?.counts, before);
    assert!(w.s.capture_sources_list(Empty {})?.is_empty());
    assert!(rows(&w.db)?.is_empty());
    Ok(())
}

#[test]
fn without_knowing_who_you_are_no_mail_is_imported() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = Sphere::open(&dir.path().join("sphere.db"))?;
    let err = import(&s, &fixture("takeout.mbox"))
        .err()
        .ok_or("no centre")?;
    assert!(err.message.contains("who you are"), "{}", err.message);
    s.person_create(PersonInput {
        first_name: "Dana".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let err = import(&s, &fixture("takeout.mbox"))
        .err()
        .ok_or("no address")?;
    assert!(err.message.contains("email addresses"), "{}", err.message);
    assert!(s.capture_sources_list(Empty {})?.is_empty());
    Ok(())
}

#[test]
fn a_two_way_thread_is_not_one_way_in_the_evidence() -> TestResult {
    let w = world()?;
    w.s.person_create(PersonInput {
        first_name: "Pat".into(),
        last_name: Some("Quiet".into()),
        emails: Some(vec!["pat@quiet.example".into()]),
        ..Default::default()
    })?;
    let mut thread = Vec::new();
    for d in 1..=4u32 {
        thread.push(message(
            Some(&format!("t{d}a@x")),
            &format!("Mon, {d} Mar 2025 09:00:00 +0000"),
            "Ana Silva <ana@silva.example>",
            &[ME],
            "Plans",
        ));
        thread.push(message(
            Some(&format!("t{d}b@x")),
            &format!("Mon, {d} Mar 2025 10:00:00 +0000"),
            ME,
            &["ana@silva.example"],
            "Re: Plans",
        ));
        thread.push(message(
            Some(&format!("t{d}c@x")),
            &format!("Mon, {d} Mar 2025 11:00:00 +0000"),
            ME,
            &["pat@quiet.example"],
            "Hello?",
        ));
    }
    import(&w.s, &mbox(&w, "thread.mbox", &thread)?)?;
    let ana = tie_with(&w.s, w.me, "Ana Silva")?;
    assert_eq!(ana.shared_interactions, 8);
    assert!(!ana.evidence.contains("one-way"), "{}", ana.evidence);
    let pat = tie_with(&w.s, w.me, "Pat Quiet")?;
    assert!(
        pat.evidence.contains("mostly one-way"),
        "unanswered mail to someone known is one-way: {}",
        pat.evidence
    );
    assert!(ana.strength > pat.strength);
    Ok(())
}

#[test]
fn cancelling_an_import_writes_nothing() -> TestResult {
    let w = world()?;
    let s = Arc::new(w.s);
    let weak = Arc::downgrade(&s);
    s.set_progress_sink(Arc::new(move |job, p: &Progress| {
        if p.phase == "writing"
            && let Some(s) = weak.upgrade()
        {
            let _ = s.import_cancel(JobRequest { job: job.into() });
        }
    }));
    let before = s.app_info(Empty {})?.counts;
    let err = s
        .mail_import(MailImportRequest {
            path: fixture("takeout.mbox").display().to_string(),
            job: Some("mail".into()),
        })
        .err()
        .ok_or("cancelled")?;
    assert_eq!(err.kind, ErrorKind::Cancelled, "{}", err.message);
    assert!(err.message.contains("nothing was written"));
    assert_eq!(s.app_info(Empty {})?.counts, before);
    assert!(s.capture_sources_list(Empty {})?.is_empty());
    assert!(rows(&w.db)?.is_empty());
    assert!(
        !s.import_progress(JobRequest { job: "mail".into() })?
            .running
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The command line

fn sphere(db: &Path) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_sphere"));
    c.env("SPHERE_DB", db);
    c
}

fn run(db: &Path, args: &[&str]) -> Result<String, Box<dyn std::error::Error>> {
    let out = sphere(db).args(args).output()?;
    let stdout = String::from_utf8(out.stdout)?;
    if !out.status.success() {
        return Err(format!(
            "`sphere {}` failed: {stdout}{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(stdout)
}

#[test]
fn mail_from_the_command_line() -> TestResult {
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    run(
        &db,
        &["person", "add", "Dana", "--ring", "centre", "--email", ME],
    )?;
    let settings: serde_json::Value = serde_json::from_str(&run(
        &db,
        &[
            "--json",
            "settings",
            "--my-address",
            "Dana.Reyes@Work.Example",
            "--max-recipients",
            "20",
            "--keep-subjects",
            "true",
        ],
    )?)?;
    assert_eq!(settings["my_addresses"][0], WORK, "stored in lower case");
    assert_eq!(settings["max_recipients"], 20);
    let takeout = fixture("takeout.mbox");
    let out: serde_json::Value = serde_json::from_str(&run(
        &db,
        &["--json", "import", "mail", &takeout.display().to_string()],
    )?)?;
    assert_eq!(out["summary"]["kept"], 5, "{out}");
    let text = run(&db, &["import", "mail", &takeout.display().to_string()])?;
    assert!(text.contains("11 messages were already imported"), "{text}");
    let list = run(&db, &["sync", "list"])?;
    assert!(list.contains("takeout.mbox"), "{list}");
    let gone = run(&db, &["sync", "remove", "1", "--yes"])?;
    assert!(gone.contains("stay"), "{gone}");
    let shown = run(&db, &["settings"])?;
    assert!(shown.contains(WORK) && shown.contains("kept"), "{shown}");
    Ok(())
}

#[cfg(unix)]
#[test]
fn ctrl_c_cancels_a_mail_import_cleanly() -> TestResult {
    use std::io::Write;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("cli.db");
    run(
        &db,
        &["person", "add", "Dana", "--ring", "centre", "--email", ME],
    )?;
    // Large enough that the import is still running when the signal comes.
    let big = dir.path().join("big.mbox");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&big)?);
    for i in 0..150_000u32 {
        write!(
            f,
            "From a@b Mon Jan  1 00:00:00 2024\nMessage-ID: <{i}@big>\nDate: Mon, 3 Mar 2025 09:00:00 +0000\n\
             From: Friend {i} <friend{i}@x.example>\nTo: {ME}\nSubject: note {i}\n\nHello.\n\n"
        )?;
    }
    f.flush()?;
    drop(f);
    let child = sphere(&db)
        .args(["import", "mail", &big.display().to_string()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    std::thread::sleep(std::time::Duration::from_millis(700));
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()?;
    assert!(killed.success());
    let out = child.wait_with_output()?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && stderr.contains("cancelled; nothing was written"),
        "{:?} {stderr}",
        out.status
    );
    let info: serde_json::Value = serde_json::from_str(&run(&db, &["--json", "info"])?)?;
    assert_eq!(info["counts"]["people"], 1, "{info}");
    assert_eq!(info["counts"]["interactions"], 0);
    assert_eq!(run(&db, &["--json", "sync", "list"])?.trim(), "[]");
    Ok(())
}
