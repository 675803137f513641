//! Hand-built inputs for the planner's tests, property tests and fuzz target (feature
//! `testing`): people, records, and a small fixed [`Snapshot`] with someone at the centre, a
//! team member, people with emails, keys and organizations, relationships, a fact and a
//! picture.

use chrono::NaiveDate;
use sphere_domain::{Id, Person, Ring};
use sphere_store::imports::ImportSnapshot;

use super::Snapshot;
use crate::contact::Contact;
use crate::orgs;

/// Dana Reyes, at the centre, at Acme (`dana@acme.com`).
pub const DANA: Id = 1;
/// Tom Team, a team member.
pub const TOM: Id = 2;
/// Ana Silva at Acme (`ana@acme.com`, LinkedIn `ana-silva`), with a birthday and a picture.
pub const ANA: Id = 3;
/// Chris Lee at Contoso (UID `uid-chris`, and a LinkedIn name key there).
pub const CHRIS: Id = 4;
/// Sam Reyes, Dana's partner, no organization.
pub const SAM: Id = 5;
/// Pat Moreau at Acme, related to Ana.
pub const PAT: Id = 6;
/// Organizations: Acme Inc, Contoso Ltd, American Society of Association Executives.
pub const ACME: Id = 1;
pub const CONTOSO: Id = 2;
pub const ASAE: Id = 3;
/// The relationships Dana–Ana (no start date) and Dana–Chris (since 2020-01-01).
pub const DANA_ANA: Id = 10;
pub const DANA_CHRIS: Id = 11;

/// A stored person with nothing but a name.
pub fn person(id: Id, first: &str, last: &str) -> Person {
    Person {
        id,
        first_name: first.into(),
        last_name: last.into(),
        display_name: Person::display_name_of(first, last),
        emails: Vec::new(),
        phones: Vec::new(),
        title: String::new(),
        organization_id: None,
        ring: Ring::Beyond,
        ring_pinned: false,
        is_team: false,
        tags: Vec::new(),
        notes: String::new(),
        created_at: Default::default(),
        updated_at: Default::default(),
    }
}

/// A record of a file with nothing but a name.
pub fn contact(line: u64, first: &str, last: &str) -> Contact {
    Contact {
        line,
        first_name: first.into(),
        last_name: last.into(),
        ..Contact::default()
    }
}

/// What [`sample`] is built from, to change before indexing.
pub fn sample_stored() -> ImportSnapshot {
    let mut dana = person(DANA, "Dana", "Reyes");
    dana.ring = Ring::Centre;
    dana.organization_id = Some(ACME);
    dana.emails = vec!["dana@acme.com".into()];
    let mut tom = person(TOM, "Tom", "Team");
    tom.is_team = true;
    let mut ana = person(ANA, "Ana", "Silva");
    ana.organization_id = Some(ACME);
    ana.emails = vec!["ana@acme.com".into()];
    ana.phones = vec!["+1 555 0100".into()];
    ana.title = "Engineer".into();
    let mut chris = person(CHRIS, "Chris", "Lee");
    chris.organization_id = Some(CONTOSO);
    let mut pat = person(PAT, "Pat", "Moreau");
    pat.organization_id = Some(ACME);
    let since = NaiveDate::from_ymd_opt(2020, 1, 1);
    ImportSnapshot {
        people: vec![dana, tom, ana, chris, person(SAM, "Sam", "Reyes"), pat],
        keys: vec![
            (
                (
                    "linkedin".into(),
                    "https://www.linkedin.com/in/ana-silva".into(),
                ),
                ANA,
            ),
            (("contact-uid".into(), "uid-chris".into()), CHRIS),
            (
                (
                    "name:linkedin".into(),
                    format!("chris lee|{}", orgs::key("Contoso Ltd")),
                ),
                CHRIS,
            ),
        ],
        organizations: vec![
            (ACME, "Acme Inc".into()),
            (CONTOSO, "Contoso Ltd".into()),
            (ASAE, "American Society of Association Executives".into()),
        ],
        aliases: vec![(
            orgs::key("Am. Soc. of Assn. Exec."),
            ASAE,
            "American Society of Association Executives".into(),
        )],
        relationships: vec![
            (DANA_ANA, DANA, ANA, None),
            (DANA_CHRIS, DANA, CHRIS, since),
            (12, DANA, SAM, None),
            (13, ANA, PAT, None),
        ],
        facts: vec![(ANA, "birthday".into(), "Birthday: 1990-04-12".into())],
        photos: vec![ANA],
    }
}

/// The small fixed snapshot described in the module documentation.
pub fn sample() -> Snapshot {
    Snapshot::new(sample_stored())
}

/// A plan that does nothing, of a LinkedIn file, with no owner.
#[cfg(test)]
pub(crate) fn empty_plan() -> super::super::Plan {
    let preview = super::empty_preview(
        crate::contact::Format::Linkedin,
        String::new(),
        String::new(),
        None,
    );
    super::super::Plan::empty(preview)
}

/// A row of the preview for `line`, with nothing but its action.
#[cfg(test)]
pub(crate) fn row(line: u64, action: super::super::Action) -> super::super::PreviewRow {
    super::super::PreviewRow {
        line,
        name: String::new(),
        organization: String::new(),
        title: String::new(),
        email: None,
        action,
        person: None,
        merged_into_line: None,
        changes: Vec::new(),
        reason: String::new(),
    }
}
