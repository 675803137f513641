//! Address-book imports through the command set: preview then commit, re-imports, matching
//! across files and formats, duplicates proposed (never merged silently), organizations,
//! relations, cancellation and bad files (nothing written), and merging two people.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use chrono::NaiveDate;
use sphere_api::domain::*;
use sphere_api::*;

use crate::import::people_by_name as people;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/import");

fn fixture(path: &str) -> Result<Vec<u8>, std::io::Error> {
    std::fs::read(format!("{DATA}/{path}"))
}

fn request(name: &str, bytes: &[u8]) -> ImportFileRequest {
    ImportFileRequest {
        file_name: name.rsplit('/').next().unwrap_or(name).to_string(),
        data: base64::engine::general_purpose::STANDARD.encode(bytes),
        ..Default::default()
    }
}

fn file(path: &str) -> Result<ImportFileRequest, std::io::Error> {
    Ok(request(path, &fixture(path)?))
}

/// A database with the user (Dana Reyes) at the centre.
fn with_me() -> Result<(Sphere, Person), ApiError> {
    let s = Sphere::open_in_memory()?;
    let me = s.person_create(PersonInput {
        first_name: "Dana".into(),
        last_name: Some("Reyes".into()),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    Ok((s, me))
}

fn counts(s: &Sphere) -> Result<Counts, ApiError> {
    Ok(s.app_info(Empty {})?.counts)
}

fn org_names(s: &Sphere) -> Result<Vec<String>, ApiError> {
    let mut names: Vec<String> = s
        .org_list(OrgQuery::default())?
        .into_iter()
        .map(|o| o.organization.name)
        .collect();
    names.sort();
    Ok(names)
}

/// The LinkedIn export with its duplicate accepted and its abbreviation written out.
fn decided(path: &str) -> Result<ImportFileRequest, std::io::Error> {
    let mut req = file(path)?;
    req.merges = Some(vec![11]);
    req.org_names = Some(HashMap::from([(
        "Am. Soc. of Assn. Exec.".to_string(),
        "American Society of Association Executives".to_string(),
    )]));
    Ok(req)
}

#[test]
fn preview_counts_everything_and_writes_nothing() -> TestResult {
    let (s, _) = with_me()?;
    let before = counts(&s)?;
    let p = s.import_preview(file("linkedin/connections-2025.csv")?)?;
    assert_eq!(p.format, sphere_import::contact::Format::Linkedin);
    assert_eq!(
        p.owner.as_ref().map(|o| o.display_name.as_str()),
        Some("Dana Reyes")
    );
    assert_eq!(p.blocker, None);
    assert_eq!(
        (p.records, p.new, p.updated, p.merged, p.unchanged),
        (10, 7, 0, 1, 0)
    );
    // Rows blank except the date are skipped and counted, with their lines.
    let skipped: Vec<u64> = p.skipped.iter().map(|k| k.line).collect();
    assert_eq!(skipped, vec![8, 13]);
    assert!(p.skipped[0].reason.contains("blank except the date"));
    // The second Ana Silva row (same profile URL) is merged into the first.
    let ana2 = p.rows.iter().find(|r| r.line == 14).ok_or("line 14")?;
    assert_eq!(ana2.action, Action::Merge);
    assert_eq!(ana2.merged_into_line, Some(5));
    // Similar names at the same organization are only proposed.
    assert_eq!(p.duplicates.len(), 1);
    let d = &p.duplicates[0];
    assert_eq!((d.line, d.other_line, d.accepted), (11, Some(10), false));
    assert_eq!(d.name, "Christopher Lee");
    // "Northwind Traders, Inc.", "Northwind Traders" and "Northwind Traders Inc" are one.
    assert_eq!(
        p.organizations_new,
        vec![
            "Northwind Traders, Inc.",
            "Contoso Ltd",
            "Fabrikam",
            "Am. Soc. of Assn. Exec.",
            "Tailspin Toys GmbH"
        ]
    );
    assert_eq!(p.abbreviations.len(), 1);
    assert_eq!(p.abbreviations[0].name, "Am. Soc. of Assn. Exec.");
    assert_eq!(p.abbreviations[0].lines, vec![9]);
    assert!(
        p.assumptions
            .iter()
            .any(|a| a.contains("header is on line 4"))
    );
    // Names come out clean: emoji, pronouns, credentials (kept as a fact), stray spaces.
    let names: Vec<&str> = p.rows.iter().map(|r| r.name.as_str()).collect();
    assert!(names.contains(&"Ana Silva") && names.contains(&"Priya Nayak"));
    assert!(names.contains(&"Jordan Lee") && names.contains(&"Mei Tanaka"));
    assert_eq!(p.facts_new, 1, "Priya's MSc, MBA");
    assert_eq!(counts(&s)?, before, "a preview writes nothing");
    Ok(())
}

#[test]
fn commit_applies_decisions_and_reimport_changes_nothing() -> TestResult {
    let (s, me) = with_me()?;
    let r = s.import_commit(decided("linkedin/connections-2025.csv")?)?;
    assert_eq!(r.people_created, 6, "7 new minus the accepted duplicate");
    assert_eq!(r.relationships_created, 6);
    assert_eq!(r.organizations_created, 5);
    let all = people(&s)?;
    assert_eq!(all.len(), 7);
    assert!(
        !all.contains_key("Christopher Lee"),
        "merged into Chris Lee"
    );
    let chris = &all["Chris Lee"];
    assert_eq!(chris.title, "Account Manager");
    assert!(
        org_names(&s)?.contains(&"American Society of Association Executives".to_string()),
        "the full name the user wrote replaces the abbreviation"
    );
    // The user knows everyone in the file, since the day they connected.
    let ties = s.tie_list(TieQuery {
        person_id: Some(me.id),
        reveal_never: None,
    })?;
    assert_eq!(ties.len(), 6);
    let ana = ties
        .iter()
        .find(|t| t.other.display_name == "Ana Silva")
        .ok_or("Ana's tie")?;
    assert_eq!(
        ana.relationship.since,
        NaiveDate::from_ymd_opt(2025, 12, 22)
    );
    assert_eq!(ana.relationship.how_met, "LinkedIn connection");
    let priya = &all["Priya Nayak"];
    let facts = s.fact_list(FactQuery {
        person_id: priya.id,
        reveal_never: None,
    })?;
    assert_eq!(facts.facts.len(), 1);
    assert_eq!(facts.facts[0].category, "certification");
    assert_eq!(facts.facts[0].value.as_deref(), Some("MSc, MBA"));

    let after = counts(&s)?;
    let again = s.import_preview(decided("linkedin/connections-2025.csv")?)?;
    assert_eq!((again.new, again.updated), (0, 0));
    assert_eq!(again.relationships_new + again.facts_new, 0);
    assert!(again.organizations_new.is_empty());
    let r = s.import_commit(decided("linkedin/connections-2025.csv")?)?;
    assert_eq!(
        (
            r.people_created,
            r.people_updated,
            r.relationships_created,
            r.facts_created
        ),
        (0, 0, 0, 0)
    );
    assert_eq!(
        counts(&s)?,
        after,
        "importing the same file again changes nothing"
    );
    Ok(())
}

#[test]
fn every_linkedin_generation_and_excel_resave() -> TestResult {
    let (s, me) = with_me()?;
    s.import_commit(file("linkedin/connections-2025.csv")?)?;
    // Excel, German locale: `;`, CRLF, a Latin-1 line among UTF-8, `16.09.2021`, `Connected on`.
    let de = s.import_preview(file("linkedin/connections-excel-de.csv")?)?;
    assert!(de.assumptions.iter().any(|a| a.contains("semicolons")));
    assert!(
        de.assumptions
            .iter()
            .any(|a| a.contains("Windows-1252") && a.contains("line 4")),
        "{:?}",
        de.assumptions
    );
    let ana = de
        .rows
        .iter()
        .find(|r| r.name == "Ana Silva")
        .ok_or("Ana")?;
    assert_eq!(
        ana.action,
        Action::Unchanged,
        "same URL and email: the same person"
    );
    assert!(
        de.rows.iter().any(|r| r.name == "Renée Dubois"),
        "Latin-1 decoded"
    );
    assert_eq!(
        de.organizations_matched, 1,
        "Northwind Traders is Northwind Traders, Inc."
    );
    s.import_commit(file("linkedin/connections-excel-de.csv")?)?;
    for path in [
        "linkedin/connections-2021.csv",
        "linkedin/connections-2018.csv",
        "linkedin/connections-excel-uk.csv",
    ] {
        s.import_commit(file(path)?)?;
    }
    let since: HashMap<String, Option<NaiveDate>> = s
        .tie_list(TieQuery {
            person_id: Some(me.id),
            reveal_never: None,
        })?
        .into_iter()
        .map(|t| (t.other.display_name, t.relationship.since))
        .collect();
    let d = NaiveDate::from_ymd_opt;
    assert_eq!(since["Jürgen Schäfer"], d(2021, 9, 16));
    assert_eq!(since["Renée Dubois"], d(2020, 2, 1));
    assert_eq!(since["Rahul Mehta"], d(2021, 9, 16));
    assert_eq!(since["Kwame Mensah"], d(2018, 1, 8), "1/8/18 is month/day");
    assert_eq!(since["Sofia Rossi"], d(2017, 12, 31));
    assert_eq!(since["Oliver Hughes"], d(2022, 5, 6), "06-May-22");
    let all = people(&s)?;
    assert!(
        all["Sofia Rossi"].emails.is_empty(),
        "urn:li:member ids are not emails"
    );
    // Her member id is her key: importing the 2018 file again finds her.
    let again = s.import_preview(file("linkedin/connections-2018.csv")?)?;
    assert_eq!(again.new, 0);
    Ok(())
}

#[test]
fn google_and_outlook_relations_become_facts_and_relationships() -> TestResult {
    let (s, _) = with_me()?;
    for path in [
        "google/contacts-old.csv",
        "google/contacts-new.csv",
        "outlook/desktop.csv",
        "outlook/outlookcom.csv",
        "outlook/outlookcom-excel.csv",
    ] {
        let p = s.import_preview(file(path)?)?;
        assert!(p.new > 0, "{path}: {p:?}");
        let before = counts(&s)?;
        let r = s.import_commit(file(path)?)?;
        assert!(r.people_created >= p.new, "{path}");
        assert!(counts(&s)?.people > before.people);
        let again = s.import_preview(file(path)?)?;
        assert_eq!(
            (again.new, again.updated),
            (0, 0),
            "{path}: {:?}",
            again.rows
        );
    }
    let all = people(&s)?;
    // Family relations are never-bin facts: stored, and hidden unless asked for.
    let mut never = 0;
    let mut professional = 0;
    for p in all.values() {
        let facts = s.fact_list(FactQuery {
            person_id: p.id,
            reveal_never: None,
        })?;
        never += facts.hidden_never;
        for f in &facts.facts {
            if f.bin == sphere_sensitivity::Sensitivity::Never {
                assert_eq!(f.value, None, "never facts are hidden by default");
            }
        }
        for t in s.tie_list(TieQuery {
            person_id: Some(p.id),
            reveal_never: None,
        })? {
            if t.relationship.how_met.contains("manager")
                || t.relationship.how_met.contains("assistant")
            {
                professional += 1;
            }
        }
    }
    assert!(
        never >= 5,
        "spouses and children recorded as never facts ({never})"
    );
    assert!(
        professional >= 2,
        "managers and assistants became relationships"
    );
    Ok(())
}

#[test]
fn bad_files_name_what_is_wrong_and_write_nothing() -> TestResult {
    let (s, _) = with_me()?;
    let before = counts(&s)?;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.csv", b"  \r\n".to_vec(), "empty"),
        (
            "photo.csv",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "image",
        ),
        ("book.xlsx", b"PK\x03\x04\x14\0\x06\0".to_vec(), "ZIP"),
        (
            "nul.csv",
            b"First Name,Last Name,Connected On\nAna,Si\0lva,22 Dec 2025\n".to_vec(),
            "line 2",
        ),
        (
            "truncated.csv",
            fixture("linkedin/truncated.csv")?,
            "truncated",
        ),
        (
            "notes.txt",
            b"just some notes\nabout people\n".to_vec(),
            "not a file Sphere can import",
        ),
    ];
    for (name, bytes, expect) in cases {
        for commit in [false, true] {
            let req = request(name, &bytes);
            let err = if commit {
                s.import_commit(req).err()
            } else {
                s.import_preview(req).err()
            }
            .ok_or(format!("{name} should be refused"))?;
            assert_eq!(err.kind, ErrorKind::InvalidInput, "{name}");
            assert!(
                err.message.contains(expect) && err.message.starts_with(name),
                "{name}: {}",
                err.message
            );
        }
    }
    let mut req = file("linkedin/connections-2025.csv")?;
    req.data = "not base64!".into();
    let err = s.import_preview(req).err().ok_or("bad base64")?;
    assert_eq!(err.field.as_deref(), Some("data"));
    let mut req = file("linkedin/connections-2025.csv")?;
    req.format = Some(sphere_import::contact::Format::Google);
    let err = s.import_preview(req).err().ok_or("wrong format")?;
    assert!(err.message.contains("header"), "{}", err.message);
    assert_eq!(counts(&s)?, before);
    Ok(())
}

/// `rows` connections in the current LinkedIn layout.
fn big_linkedin(rows: usize) -> String {
    let mut out = String::from(
        "Notes:\n\"x\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    );
    for i in 0..rows {
        out.push_str(&format!(
            "Person{i},Tester,https://www.linkedin.com/in/p{i},p{i}@example.com,Org {},Role,0{} Mar 2024\n",
            i % 500,
            1 + i % 9
        ));
    }
    out
}

#[test]
fn cancel_writes_nothing_and_progress_is_reported() -> TestResult {
    let (s, _) = with_me()?;
    let s = Arc::new(s);
    let before = counts(&s)?;
    let seen: Arc<Mutex<Vec<Progress>>> = Arc::default();
    // Cancel from inside the import, once it is writing people: as a user pressing Cancel.
    let weak = Arc::downgrade(&s);
    let log = seen.clone();
    s.set_progress_sink(Arc::new(move |job, p| {
        log.lock().map(|mut l| l.push(p.clone())).ok();
        if p.phase == "people"
            && p.done >= 512
            && let Some(s) = weak.upgrade()
        {
            let status = s.import_progress(JobRequest { job: job.into() });
            assert!(status.is_ok_and(|st| st.running));
            let _ = s.import_cancel(JobRequest { job: job.into() });
        }
    }));
    let mut req = request("big.csv", big_linkedin(3000).as_bytes());
    req.job = Some("job-1".into());
    let err = s.import_commit(req.clone()).err().ok_or("cancelled")?;
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert!(err.message.contains("nothing was written"));
    assert_eq!(counts(&s)?, before, "cancelled: nothing written");
    let st = s.import_progress(JobRequest {
        job: "job-1".into(),
    })?;
    assert!(!st.running, "the job is gone once it ended");
    {
        let log = seen.lock().map_err(|_| "poisoned")?;
        let phases: Vec<&str> = log.iter().map(|p| p.phase.as_str()).collect();
        assert!(phases.contains(&"organizations") && phases.contains(&"people"));
        assert!(log.iter().all(|p| p.done <= p.total));
    }
    // Without cancelling, the same file imports, with progress to the end.
    s.set_progress_sink(Arc::new({
        let log = seen.clone();
        move |_, p| {
            log.lock().map(|mut l| l.push(p.clone())).ok();
        }
    }));
    seen.lock().map_err(|_| "poisoned")?.clear();
    let r = s.import_commit(req)?;
    assert_eq!(r.people_created, 3000);
    let log = seen.lock().map_err(|_| "poisoned")?;
    let last = log.last().ok_or("progress")?;
    assert_eq!((last.done, last.total), (last.total, last.total));
    assert!(last.total > 3000);
    Ok(())
}

#[test]
fn team_member_exports_and_a_missing_owner() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let p = s.import_preview(file("linkedin/connections-2021.csv")?)?;
    assert!(
        p.blocker
            .as_deref()
            .is_some_and(|b| b.contains("no one is marked as you"))
    );
    let err = s
        .import_commit(file("linkedin/connections-2021.csv")?)
        .err()
        .ok_or("no owner")?;
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(counts(&s)?.people, 0);
    let outsider = s.person_create(PersonInput {
        first_name: "Olu".into(),
        ..Default::default()
    })?;
    let mut req = file("linkedin/connections-2021.csv")?;
    req.as_member = Some(outsider.id);
    let err = s
        .import_preview(req.clone())
        .err()
        .ok_or("not on the team")?;
    assert!(err.message.contains("not on your team"), "{}", err.message);
    let sam = s.person_create(PersonInput {
        first_name: "Sam".into(),
        last_name: Some("Okafor".into()),
        is_team: Some(true),
        ..Default::default()
    })?;
    req.as_member = Some(sam.id);
    let r = s.import_commit(req)?;
    assert_eq!(r.preview.owner.map(|o| o.id), Some(sam.id));
    let ties = s.tie_list(TieQuery {
        person_id: Some(sam.id),
        reveal_never: None,
    })?;
    assert_eq!(ties.len(), 3, "Sam knows everyone in Sam's export");
    Ok(())
}

#[test]
fn merging_two_people_keeps_everything_of_both() -> TestResult {
    let (s, me) = with_me()?;
    let mk = |first: &str, emails: &[&str]| {
        s.person_create(PersonInput {
            first_name: first.into(),
            last_name: Some("Lee".into()),
            emails: Some(emails.iter().map(|e| e.to_string()).collect()),
            ..Default::default()
        })
    };
    let chris = mk("Chris", &["chris@northwind.example"])?;
    let christopher = mk("Christopher", &["c.lee@northwind.example"])?;
    let ana = mk("Ana", &[])?;
    let bo = mk("Bo", &[])?;
    let tie = |a: Id, b: Id, how: &str| {
        s.tie_create(RelationshipInput {
            person_a: a,
            person_b: b,
            kind: TieKind::Colleague,
            since: None,
            how_met: Some(how.into()),
            strength_override: None,
            override_reason: None,
        })
    };
    tie(me.id, chris.id, "met at a conference")?;
    tie(me.id, christopher.id, "LinkedIn connection")?;
    tie(christopher.id, ana.id, "worked together")?;
    tie(chris.id, christopher.id, "the same person twice")?;
    tie(chris.id, bo.id, "neighbours")?;
    for who in [chris.id, christopher.id] {
        s.interaction_log(InteractionInput {
            occurred_at: chrono::Utc::now() - chrono::Duration::days(3),
            kind: InteractionKind::Meeting,
            participants: vec![me.id, who],
            initiator_id: None,
            note: None,
            outcome: None,
        })?;
        s.fact_create(FactInput {
            person_id: who,
            category: "hobbies".into(),
            value: format!("cycling ({who})"),
            ..Default::default()
        })?;
    }
    let r = s.person_merge(MergeRequest {
        keep: chris.id,
        merge: christopher.id,
    })?;
    assert_eq!(r.facts_moved, 1);
    assert_eq!(r.interactions_moved, 1);
    assert_eq!((r.relationships_moved, r.relationships_joined), (1, 1));
    assert_eq!(
        r.person.emails,
        vec!["chris@northwind.example", "c.lee@northwind.example"]
    );
    assert!(s.person_get(DetailRequest::id(christopher.id)).is_err());
    let facts = s.fact_list(FactQuery {
        person_id: chris.id,
        reveal_never: None,
    })?;
    assert_eq!(facts.facts.len(), 2);
    let ties = s.tie_list(TieQuery {
        person_id: Some(chris.id),
        reveal_never: None,
    })?;
    let others: Vec<&str> = ties.iter().map(|t| t.other.display_name.as_str()).collect();
    assert_eq!(ties.len(), 3, "{others:?}");
    let with_me = ties
        .iter()
        .find(|t| t.other.id == me.id)
        .ok_or("tie with me")?;
    assert_eq!(
        with_me.relationship.how_met,
        "met at a conference; LinkedIn connection"
    );
    assert_eq!(with_me.shared_interactions, 2, "both meetings count now");
    assert!(others.contains(&"Ana Lee") && others.contains(&"Bo Lee"));
    // You stay you.
    let err = s
        .person_merge(MergeRequest {
            keep: chris.id,
            merge: me.id,
        })
        .err()
        .ok_or("merging the centre away")?;
    assert!(err.message.contains("is you"), "{}", err.message);
    Ok(())
}

#[test]
fn vcards_of_every_writer_with_pictures_and_relations() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = Sphere::open(&dir.path().join("sphere.db"))?;
    s.person_create(PersonInput {
        first_name: "Dana".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    for path in [
        "vcard/apple.vcf",
        "vcard/google.vcf",
        "vcard/outlook.vcf",
        "vcard/android.vcf",
        "vcard/thunderbird.vcf",
        "vcard/evolution.vcf",
        "vcard/v4.vcf",
    ] {
        let p = s.import_preview(file(path)?)?;
        assert_eq!(p.format, sphere_import::contact::Format::Vcard, "{path}");
        assert!(p.new > 0, "{path}: {p:?}");
        let r = s.import_commit(file(path)?)?;
        assert_eq!(r.photo_error, None, "{path}");
        let again = s.import_preview(file(path)?)?;
        assert_eq!(
            (
                again.new,
                again.updated,
                again.relationships_new,
                again.facts_new
            ),
            (0, 0, 0, 0),
            "{path}: importing again changes nothing: {:?}",
            again.rows
        );
    }
    let all = people(&s)?;
    let amelie = &all["Amélie Dubois-Laurent"];
    assert_eq!(amelie.title, "Principal Scientist");
    assert_eq!(
        amelie.emails,
        vec!["amelie.dl@mail.example", "amelie.dubois@lumen-bio.example"],
        "the preferred email first"
    );
    assert!(org_names(&s)?.contains(&"Lumen Biotech".to_string()));
    // The picture is kept as an image file beside the database.
    let photos = dir.path().join("sphere-photos");
    let picture = |id: Id, ext: &str| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let prefix = format!("{id}-");
        for entry in std::fs::read_dir(&photos)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && name.ends_with(ext) {
                return Ok(std::fs::read(photos.join(name))?);
            }
        }
        Err(format!("no {ext} picture of person {id}").into())
    };
    let jpeg = picture(amelie.id, ".jpg")?;
    assert_eq!(&jpeg[..3], &[0xFF, 0xD8, 0xFF]);
    let kenji = &all["Kenji Watanabe"];
    assert!(picture(kenji.id, ".png")?.starts_with(b"\x89PNG"));
    // Spouse and child are never facts; the manager and assistant are relationships.
    let facts = s.fact_list(FactQuery {
        person_id: amelie.id,
        reveal_never: Some(true),
    })?;
    let values: Vec<(&str, &str)> = facts
        .facts
        .iter()
        .map(|f| (f.category.as_str(), f.value.as_deref().unwrap_or("")))
        .collect();
    assert!(
        values.contains(&("spouse_partner", "Spouse: Julien Dubois")),
        "{values:?}"
    );
    assert!(
        values.contains(&("children", "Child: Chloé Dubois")),
        "{values:?}"
    );
    assert!(
        values.contains(&("birthday", "Birthday: 1984-04-12")),
        "{values:?}"
    );
    let ties = s.tie_list(TieQuery {
        person_id: Some(amelie.id),
        reveal_never: None,
    })?;
    let others: Vec<(&str, TieKind)> = ties
        .iter()
        .map(|t| (t.other.display_name.as_str(), t.relationship.kind))
        .collect();
    assert!(
        others.contains(&("Marcus Oyelaran", TieKind::Colleague)),
        "{others:?}"
    );
    assert!(
        others.contains(&("Sung-min Park", TieKind::Colleague)),
        "{others:?}"
    );
    assert!(
        others.contains(&("Henrik Solberg", TieKind::Acquaintance)),
        "{others:?}"
    );
    assert!(
        !all.contains_key("Julien Dubois"),
        "family is not added as people"
    );
    Ok(())
}

/// vCard files as real programs write them (`vcard/variants/`), imported through the command
/// set: what a user relies on afterwards, per file.
#[test]
fn vcard_variants_as_real_programs_write_them() -> TestResult {
    let (s, _) = with_me()?;
    for path in [
        "charsets.vcf",
        "bare-qp.vcf",
        "tel-uri.vcf",
        "email-only.vcf",
        "related-text.vcf",
        "anniversaries.vcf",
        "categories.vcf",
        "cjk-names.vcf",
        "apple-company.vcf",
        "fullcontact.vcf",
    ] {
        let path = format!("vcard/variants/{path}");
        let p = s.import_preview(file(&path)?)?;
        assert_eq!(p.blocker, None, "{path}");
        s.import_commit(file(&path)?)?;
        let again = s.import_preview(file(&path)?)?;
        assert_eq!(
            (again.new, again.updated, again.facts_new),
            (0, 0, 0),
            "{path}: importing again changes nothing: {:?}",
            again.rows
        );
    }
    let all = people(&s)?;
    let person = |name: &str| {
        all.get(name).ok_or_else(|| {
            format!(
                "{name} was not imported: {:?}",
                all.keys().collect::<Vec<_>>()
            )
        })
    };
    // (who, phones) from charsets other than UTF-8, the bare QUOTED-PRINTABLE, tel: URIs.
    for (name, phones) in [
        ("山田 太郎", vec!["090-1234-5678"]),
        ("Иван Петров", vec!["+7 495 123-45-67"]),
        ("Łukasz Wałęsa", vec!["+48 22 555 01 23"]),
        ("Jürgen Müller", vec!["+49 170 5550100"]),
        (
            "Dana Whitfield",
            vec!["+1-555-555-0100 x12", "+1-555-555-0199"],
        ),
    ] {
        assert_eq!(person(name)?.phones, phones, "{name}");
    }
    let jane = person("Jane Doe")?;
    assert_eq!(
        jane.emails,
        vec!["jane.doe@example.com"],
        "named from the address"
    );
    assert!(!all.contains_key("Info"), "a role address names no one");
    let rafael = person("Rafael Ortega")?;
    assert!(
        rafael.notes.contains("Met through the climbing club"),
        "{}",
        rafael.notes
    );
    assert!(
        !all.keys().any(|k| k.starts_with("Met through")),
        "a sentence is not a person"
    );
    let facts = |id: Id| -> Result<Vec<(String, String)>, ApiError> {
        Ok(s.fact_list(FactQuery {
            person_id: id,
            reveal_never: Some(true),
        })?
        .facts
        .into_iter()
        .map(|f| (f.category, f.value.unwrap_or_default()))
        .collect())
    };
    for (name, date) in [
        ("Grace Holloway", "2009-06-12"),
        ("Petra Novak", "2015-05-02"),
        ("Sara Lindqvist", "2012-08-25"),
    ] {
        let got = facts(person(name)?.id)?;
        assert!(
            got.contains(&("family_events".into(), format!("Anniversary: {date}"))),
            "{name}: the anniversary is a family-event fact: {got:?}"
        );
    }
    let ines = facts(person("Ines Carvalho")?.id)?;
    assert!(
        ines.contains(&("spouse_partner".into(), "Spouse: Miguel Carvalho".into())),
        "FullContact's hex-labelled spouse: {ines:?}"
    );
    assert_eq!(
        person("Helen Smith")?.tags,
        vec!["Smith; Jones", "VIP"],
        "an escaped comma keeps one label (its comma a semicolon, as labels hold none)"
    );
    assert!(all.contains_key("김민준"), "Korean name as FN shows it");
    assert!(
        !all.contains_key("Northwind Bakery"),
        "a company card is not a person"
    );
    Ok(())
}

#[test]
fn exported_vcards_import_back_as_the_same_people() -> TestResult {
    let (s, _) = with_me()?;
    for path in ["linkedin/connections-2025.csv", "google/contacts-new.csv"] {
        s.import_commit(file(path)?)?;
    }
    let exported = s.people_export_file(ExportQuery {
        include_never_for: None,
        format: Some(sphere_api::export::ExportFormat::Vcard),
    })?;
    let (t, _) = with_me()?;
    let r = t.import_commit(request("people.vcf", exported.text.as_bytes()))?;
    assert!(r.people_created > 0);
    let summary = |s: &Sphere| -> Result<Vec<(String, Vec<String>, String)>, ApiError> {
        let mut v: Vec<_> = people(s)?
            .into_values()
            .filter(|p| p.ring != Ring::Centre)
            .map(|p| (p.display_name.clone(), p.emails.clone(), p.title.clone()))
            .collect();
        v.sort();
        Ok(v)
    };
    assert_eq!(
        summary(&t)?,
        summary(&s)?,
        "names, emails and titles survive"
    );
    assert_eq!(org_names(&t)?, org_names(&s)?);
    // And the exported file imported again changes nothing.
    let again = t.import_preview(request("people.vcf", exported.text.as_bytes()))?;
    assert_eq!((again.new, again.updated), (0, 0));
    Ok(())
}

#[test]
fn a_new_relationship_counts_the_interactions_already_logged() -> TestResult {
    let (s, me) = with_me()?;
    let ana = s.person_create(PersonInput {
        first_name: "Ana".into(),
        last_name: Some("Silva".into()),
        emails: Some(vec!["ana.silva@northwind.example".into()]),
        ..Default::default()
    })?;
    s.interaction_log(InteractionInput {
        occurred_at: chrono::Utc::now() - chrono::Duration::days(10),
        kind: InteractionKind::Meeting,
        participants: vec![me.id, ana.id],
        initiator_id: Some(me.id),
        note: None,
        outcome: None,
    })?;
    s.import_commit(file("linkedin/connections-2025.csv")?)?;
    let ties = s.tie_list(TieQuery {
        person_id: Some(ana.id),
        reveal_never: None,
    })?;
    let with_me = ties.iter().find(|t| t.other.id == me.id).ok_or("tie")?;
    assert_eq!(with_me.shared_interactions, 1);
    assert!(
        with_me.strength > 0.0,
        "the meeting counts: {}",
        with_me.evidence
    );
    Ok(())
}

#[test]
fn a_merged_person_stays_within_the_limits_and_can_still_be_edited() -> TestResult {
    let s = Sphere::open_in_memory()?;
    let person = |first: &str, emails: Vec<String>, notes: String| {
        s.person_create(PersonInput {
            first_name: first.into(),
            last_name: Some("Okafor".into()),
            emails: Some(emails),
            notes: Some(notes),
            ..Default::default()
        })
    };
    let keep = person(
        "Ada",
        (0..80).map(|i| format!("ada{i}@a.example")).collect(),
        "k".repeat(6_000),
    )?;
    let gone = person(
        "Adaeze",
        (0..40).map(|i| format!("adaeze{i}@b.example")).collect(),
        "g".repeat(6_000),
    )?;
    let r = s.person_merge(MergeRequest {
        keep: keep.id,
        merge: gone.id,
    })?;
    assert_eq!(
        r.person.emails.len(),
        100,
        "emails are united up to the limit every person has"
    );
    assert!(
        r.person.notes.chars().count() <= 10_000,
        "notes stay within the field limit"
    );
    assert_eq!(r.left_out.len(), 2, "{:?}", r.left_out);
    assert!(
        r.left_out[0].starts_with("20 emails over the limit of 100")
            && r.left_out[0].contains("adaeze39@b.example"),
        "the user is told which emails were left out: {:?}",
        r.left_out
    );
    // The merged person passes validation again: the next edit works.
    let mut input = PersonInput {
        first_name: r.person.first_name.clone(),
        last_name: Some(r.person.last_name.clone()),
        emails: Some(r.person.emails.clone()),
        notes: Some(r.person.notes.clone()),
        ..Default::default()
    };
    input.title = Some("Head of Partnerships".into());
    let edited = s.person_update(PersonUpdate {
        id: keep.id,
        person: input,
    })?;
    assert_eq!(edited.title, "Head of Partnerships");
    Ok(())
}
