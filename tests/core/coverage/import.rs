//! Target lists: matched to organizations by domain and by name as imports match them,
//! previewed line by line, imported all or nothing.

use sphere_api::domain::*;
use sphere_api::*;

use super::*;

fn setup() -> Result<(Db, Id, Id, Id), Box<dyn std::error::Error>> {
    let db = open()?;
    let mine = org(&db, "Sphere Inc")?;
    person(&db, "Sam", Some(mine), "", Some(Ring::Centre), false)?;
    let tara = db
        .person_create(PersonInput {
            first_name: "Tara".into(),
            last_name: Some("Lee".into()),
            emails: Some(vec!["tara@sphere.example".into()]),
            organization_id: Some(mine),
            is_team: Some(true),
            ..Default::default()
        })?
        .id;
    let acme = db
        .org_create(OrganizationInput {
            name: "Acme, Inc.".into(),
            domain: Some("acme.com".into()),
            ..Default::default()
        })?
        .id;
    let globex = org(&db, "Globex Corporation")?;
    // Globex has no domain on record, but its people write from globex.example.
    db.person_create(PersonInput {
        first_name: "Gia".into(),
        emails: Some(vec!["gia@globex.example".into()]),
        organization_id: Some(globex),
        ..Default::default()
    })?;
    db.person_create(PersonInput {
        first_name: "Gil".into(),
        emails: Some(vec!["gil@gmail.com".into()]),
        organization_id: Some(globex),
        ..Default::default()
    })?;
    Ok((db, tara, acme, globex))
}

fn request(text: &str) -> TargetImportRequest {
    TargetImportRequest {
        text: text.into(),
        tier: None,
        owner_id: None,
    }
}

#[test]
fn lines_match_by_domain_by_mail_and_by_name() -> TestResult {
    let (db, tara, acme, globex) = setup()?;
    let text = "Account Name;Website;Tier;Account Owner;Notes\n\
                ACME;https://www.acme.com/about;1;Tara Lee;Renewal in May\n\
                Globex;globex.example;2;tara@sphere.example;\n\
                The Initech Company LLC;;3;;New logo\n\
                acme inc;;;;\n\
                Hooli;;7;;\n\
                Vandelay;;;Nobody;\n";
    let preview = db.target_import_preview(request(text))?;
    let outcome: Vec<(u32, TargetImportOutcome)> =
        preview.rows.iter().map(|r| (r.line, r.outcome)).collect();
    assert_eq!(
        outcome,
        [
            (2, TargetImportOutcome::Mark),
            (3, TargetImportOutcome::Mark),
            (4, TargetImportOutcome::Create),
            (5, TargetImportOutcome::Duplicate),
            (6, TargetImportOutcome::Error),
            (7, TargetImportOutcome::Error),
        ]
    );
    let r = &preview.rows;
    assert_eq!(r[0].organization.as_ref().map(|o| o.id), Some(acme));
    assert_eq!(r[0].matched_by.as_deref(), Some("domain acme.com"));
    assert_eq!(
        (r[0].tier, r[0].owner.as_ref().map(|o| o.id)),
        (1, Some(tara))
    );
    assert_eq!(r[1].organization.as_ref().map(|o| o.id), Some(globex));
    assert!(
        r[1].matched_by
            .as_deref()
            .is_some_and(|m| m.contains("email"))
    );
    assert!(
        r[4].message.as_deref().is_some_and(|m| m.contains("tier")),
        "{:?}",
        r[4]
    );
    assert!(
        r[5].message
            .as_deref()
            .is_some_and(|m| m.contains("not on the team"))
    );
    // A line in error refuses the whole import, naming the line; nothing is written.
    let err = db.target_import_commit(request(text));
    assert!(err.is_err_and(|e| e.message.starts_with("line 6")));
    assert!(db.target_list(TargetQuery::default())?.is_empty());
    Ok(())
}

#[test]
fn a_plain_list_imports_all_or_nothing() -> TestResult {
    let (db, _, acme, _) = setup()?;
    let text = "\u{feff}acme.com\nInitech\nhooli.example\n\n";
    let done = db.target_import_commit(TargetImportRequest {
        text: text.into(),
        tier: Some(1),
        owner_id: None,
    })?;
    assert_eq!((done.marked, done.created, done.targets), (1, 2, 3));
    let list = db.target_list(TargetQuery::default())?;
    let names: Vec<&str> = list.iter().map(|t| t.organization.name.as_str()).collect();
    assert_eq!(names, ["Acme, Inc.", "Hooli", "Initech"]);
    assert!(list.iter().all(|t| t.tier == 1));
    assert_eq!(list[0].organization.id, acme);
    assert_eq!(
        list[1].organization.domain, "hooli.example",
        "created with its domain"
    );
    // Again: every line is now an update, nothing is created twice.
    let again = db.target_import_preview(request(text))?;
    assert_eq!((again.update, again.create), (3, 0));
    Ok(())
}

#[test]
fn bad_lists_are_refused_with_what_is_wrong() -> TestResult {
    let (db, ..) = setup()?;
    for (text, words) in [
        ("", "empty"),
        ("   \n\n", "empty"),
        ("name,domain\n,not a domain\n", "not a web domain"),
    ] {
        let err = db.target_import_commit(request(text));
        assert!(
            err.as_ref().is_err_and(|e| e.message.contains(words)),
            "{text:?}: {err:?}"
        );
    }
    let bad_tier = db.target_import_preview(TargetImportRequest {
        text: "Acme".into(),
        tier: Some(9),
        owner_id: None,
    });
    assert!(bad_tier.is_err());
    Ok(())
}

#[test]
fn a_list_again_keeps_what_its_lines_do_not_say() -> TestResult {
    let (db, tara, acme, _) = setup()?;
    db.target_set(sphere_api::domain::account::TargetInput {
        organization_id: acme,
        owner_id: Some(tara),
        tier: Some(1),
        note: Some("Renewal in May".into()),
    })?;
    // Names only, with the dialog's defaults: the stored account keeps its tier, owner and
    // note; the new one takes the defaults.
    let done = db.target_import_commit(TargetImportRequest {
        text: "acme.com\nInitech\n".into(),
        tier: Some(3),
        owner_id: None,
    })?;
    assert_eq!((done.updated, done.created), (1, 1));
    let list = db.target_list(TargetQuery::default())?;
    let acme_t = list
        .iter()
        .find(|t| t.organization.id == acme)
        .ok_or("Acme")?;
    assert_eq!(acme_t.tier, 1);
    assert_eq!(acme_t.owner.as_ref().map(|o| o.id), Some(tara));
    assert_eq!(acme_t.note, "Renewal in May");
    let initech = list
        .iter()
        .find(|t| t.organization.name == "Initech")
        .ok_or("Initech")?;
    assert_eq!(initech.tier, 3);
    // A line that says replaces what it says, and only that.
    db.target_import_commit(request("name,tier\nAcme,2\n"))?;
    let acme_t = db
        .target_list(TargetQuery::default())?
        .into_iter()
        .find(|t| t.organization.id == acme)
        .ok_or("Acme")?;
    assert_eq!((acme_t.tier, acme_t.note.as_str()), (2, "Renewal in May"));
    Ok(())
}

#[test]
fn a_one_column_list_is_read_as_names_unless_its_first_line_is_a_header() -> TestResult {
    let (db, ..) = setup()?;
    let target = db.target_import_preview(request("Target\nGlobex\n"))?;
    assert_eq!(
        target.rows.len(),
        2,
        "Target is a company: its line is kept"
    );
    assert_eq!(target.rows[0].name.as_deref(), Some("Target"));
    let header = db.target_import_preview(request("Company\nGlobex\n"))?;
    assert_eq!(header.rows.len(), 1, "Company names the column");
    assert_eq!(header.rows[0].line, 2);
    Ok(())
}
