//! Address-book imports: from a parsed file ([`Parsed`]) to a [`Plan`] the user previews, then
//! to the database in one transaction.
//!
//! **Matching.** A contact is the same person as a stored one when they share an email, a
//! LinkedIn profile URL or member id, the file's own id (vCard `UID`), or, for records with
//! none of those, the same name at the same organization in an earlier import of the same
//! format. Within the file, records that match each other are merged into one. Anything
//! weaker, similar names at the same organization, is only *proposed* as a likely duplicate:
//! it is merged when the user accepts it (by line), never silently.
//!
//! **What is written.** New people; for people already stored, only what they lack (more
//! emails and phones, tags, an empty title or organization, a picture, keys); the importing
//! user's (or a team member's) relationship with everyone in the file, since `Connected On`
//! where known; family relations as never-bin facts; professional ones (manager, assistant,
//! referred by) as relationships; birthdays and credentials as facts. Importing the same file
//! again changes nothing.
//!
//! **Organizations.** One per real company: names are matched by [`orgs::key`]; names with
//! abbreviated words are reported so the user can write them out (and the full names given
//! are used).

use std::collections::{HashMap, HashSet};

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sphere_store::Db;
use sphere_store::imports;
use ts_rs::TS;

use super::contact::{Contact, Format, Parsed, Photo, RelationKind, Skip};
use super::{names, orgs};
use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::validate::{self, CleanOrganization, CleanPerson};
use sphere_domain::{
    Id, OrganizationInput, PersonInput, PersonRef, RelationshipInput, Ring, TieKind,
};
use sphere_store::bulk::{self, BulkWriter};

use sphere_domain::strength::TieStats;

/// `person_key` sources address-book imports use.
pub const KEY_LINKEDIN: &str = "linkedin";
pub const KEY_LINKEDIN_MEMBER: &str = "linkedin-member";
pub const KEY_UID: &str = "contact-uid";

/// The name-and-organization key source of a format (`name:linkedin`).
fn name_source(format: Format) -> String {
    format!("name:{}", format.as_str())
}

/// What the user decided in the preview.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    /// Whose export this is: a team member's id, or `None` for the user (the centre).
    pub owner: Option<Id>,
    /// Full names for abbreviated organization names, by the name as written in the file.
    pub org_names: HashMap<String, String>,
    /// Lines whose proposed duplicate the user accepted: merged into that person.
    pub merges: HashSet<u64>,
    /// The file's name, recorded as where facts came from.
    pub file_name: String,
}

/// What will happen to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A new person.
    New,
    /// A stored person gains something.
    Update,
    /// Folded into another record of the file or a stored person (same email or URL, or an
    /// accepted duplicate).
    Merge,
    /// A stored person who has everything this record says already.
    Unchanged,
}

/// One record of the preview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PreviewRow {
    #[ts(type = "number")]
    pub line: u64,
    pub name: String,
    pub organization: String,
    pub title: String,
    pub email: Option<String>,
    pub action: Action,
    /// The stored person it matches or merges into.
    pub person: Option<PersonRef>,
    /// For a merge within the file: the line it merges into.
    #[ts(type = "number | null")]
    pub merged_into_line: Option<u64>,
    /// What changes, in words ("adds 1 email", "connected since 2021-09-16").
    pub changes: Vec<String>,
    /// Why it matched ("same email ana@acme.com").
    pub reason: String,
}

/// A likely duplicate the user decides on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DuplicateProposal {
    #[ts(type = "number")]
    pub line: u64,
    pub name: String,
    pub organization: String,
    /// The stored person it may be…
    pub person: Option<PersonRef>,
    /// …or the earlier record of the file.
    #[ts(type = "number | null")]
    pub other_line: Option<u64>,
    pub other_name: String,
    pub reason: String,
    /// Whether the request accepted it (it will be merged).
    pub accepted: bool,
}

/// An organization name with abbreviated words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AbbreviatedOrg {
    pub name: String,
    pub words: Vec<String>,
    #[ts(type = "number[]")]
    pub lines: Vec<u64>,
    /// The full name given for it, when one was.
    pub full_name: Option<String>,
}

/// The preview: everything the import would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportPreview {
    pub file_name: String,
    pub format: Format,
    pub layout: String,
    /// Whose connections these are.
    pub owner: Option<PersonRef>,
    /// Why the import cannot be committed as asked (no one to own the connections), if so.
    pub blocker: Option<String>,
    /// Records read (imported or skipped).
    pub records: u32,
    pub new: u32,
    pub updated: u32,
    pub merged: u32,
    pub unchanged: u32,
    pub skipped: Vec<Skip>,
    /// The first records (at most [`PREVIEW_ROWS`]), in file order.
    pub rows: Vec<PreviewRow>,
    pub duplicates: Vec<DuplicateProposal>,
    pub organizations_new: Vec<String>,
    pub organizations_matched: u32,
    pub abbreviations: Vec<AbbreviatedOrg>,
    pub relationships_new: u32,
    /// Facts to record (family relations as never facts, birthdays, credentials).
    pub facts_new: u32,
    /// Of those, never-bin facts (family), hidden by default.
    pub never_facts_new: u32,
    /// People named only as someone's manager, assistant or referrer, created too.
    pub related_people_new: u32,
    pub photos: u32,
    /// What had to be assumed to read the file, and anything left out of a record.
    pub assumptions: Vec<String>,
}

/// How many records the preview lists one by one.
pub const PREVIEW_ROWS: usize = 500;

/// What a commit did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportResult {
    pub preview: ImportPreview,
    pub people_created: u32,
    pub people_updated: u32,
    pub organizations_created: u32,
    pub relationships_created: u32,
    pub facts_created: u32,
    pub photos_saved: u32,
    /// Set when pictures could not be saved (the rest was written).
    pub photo_error: Option<String>,
}

/// Progress of a commit, for a progress bar.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub phase: String,
    pub done: u32,
    pub total: u32,
}

// ---------------------------------------------------------------------------------------------
// Planning

/// Where a record's data goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Target {
    Stored(Id),
    /// The `n`th new person of the plan.
    New(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OrgRef {
    Stored(Id),
    New(usize),
}

/// A person the plan creates.
#[derive(Debug, Clone)]
struct NewPerson {
    contact: Contact,
    org: Option<OrgRef>,
    /// Named only as a relation of someone in the file.
    related_only: bool,
}

/// What the plan adds to a stored person.
#[derive(Debug, Clone, Default)]
struct Additions {
    emails: Vec<String>,
    phones: Vec<String>,
    tags: Vec<String>,
    title: Option<String>,
    org: Option<OrgRef>,
    notes: Option<String>,
    photo: Option<Photo>,
}

#[derive(Debug, Clone)]
struct PlannedFact {
    target: Target,
    category: &'static str,
    value: String,
    learned_on: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
struct PlannedTie {
    a: Target,
    b: Target,
    kind: TieKind,
    since: Option<NaiveDate>,
    how_met: String,
}

/// Everything an import will do, computed from the file and the database.
#[derive(Debug, Clone)]
pub struct Plan {
    preview: ImportPreview,
    owner: Option<Id>,
    new_orgs: Vec<String>,
    /// Other spellings of organizations (the abbreviations the user wrote out), by key.
    aliases: Vec<(String, OrgRef)>,
    new_people: Vec<NewPerson>,
    additions: FxHashMap<Id, Additions>,
    keys: Vec<(String, String, Target)>,
    ties: Vec<PlannedTie>,
    /// Relationships with the owner whose `since` becomes known.
    since_updates: Vec<(Id, NaiveDate)>,
    facts: Vec<PlannedFact>,
}

impl Plan {
    pub fn preview(&self) -> &ImportPreview {
        &self.preview
    }

    pub fn into_preview(self) -> ImportPreview {
        self.preview
    }
}

/// Lowercase, accents folded, one space between words: for comparing names.
fn fold_name(first: &str, last: &str) -> String {
    let full = format!("{first} {last}");
    full.split_whitespace()
        .map(|w| {
            w.chars()
                .flat_map(char::to_lowercase)
                .map(sphere_sensitivity::text::fold)
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '\'')
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two folded names are probably the same person's ("Chris Lee" / "Christopher Lee",
/// "Ana Silva" / "Ana Sílva", "Jon Smith" / "John Smith").
fn similar_names(a: &str, b: &str) -> Option<&'static str> {
    if a == b {
        return Some("the same name");
    }
    let (af, al) = a.rsplit_once(' ').unwrap_or((a, ""));
    let (bf, bl) = b.rsplit_once(' ').unwrap_or((b, ""));
    // Very similar names share the start of the last name ("Jon Smith" / "John Smith"); the
    // check is cheap and spares most comparisons at a large organization.
    if al.chars().next() != bl.chars().next() {
        return None;
    }
    if !al.is_empty() && al == bl && (af.starts_with(bf) || bf.starts_with(af)) {
        return Some("a shortened first name");
    }
    (strsim::jaro_winkler(a, b) >= 0.93).then_some("a very similar name")
}

/// The stored side of matching, read once.
struct Known {
    people: FxHashMap<Id, sphere_domain::Person>,
    by_email: FxHashMap<String, Id>,
    by_key: FxHashMap<(String, String), Id>,
    /// Stored people by organization, with folded names, for duplicate proposals.
    by_org: FxHashMap<Id, Vec<(Id, String)>>,
    /// Stored people by folded full name (for naming relations), `None` when ambiguous.
    by_name: FxHashMap<String, Option<Id>>,
    orgs_by_key: FxHashMap<String, (Id, String)>,
    /// Keys of names written out in full by the user before (`organization_alias`).
    aliases: FxHashSet<String>,
    org_names: FxHashMap<Id, String>,
    /// The owner's relationships: other person → (relationship, since).
    owner_ties: FxHashMap<Id, (Id, Option<NaiveDate>)>,
    facts: FxHashSet<(Id, String, String)>,
    photos: FxHashSet<Id>,
}

impl Known {
    /// A stored person as the preview names them (read with the rest, not queried again).
    fn person_ref(&self, id: Id) -> PersonRef {
        match self.people.get(&id) {
            Some(p) => PersonRef {
                id,
                display_name: p.display_name.clone(),
                title: p.title.clone(),
                organization_name: p
                    .organization_id
                    .and_then(|o| self.org_names.get(&o).cloned()),
                ring: p.ring,
            },
            None => PersonRef {
                id,
                display_name: format!("person {id}"),
                title: String::new(),
                organization_name: None,
                ring: Ring::Beyond,
            },
        }
    }
}

fn load_known(db: Db<'_>, owner: Option<Id>, format: Format) -> CoreResult<Known> {
    let sources = [
        KEY_LINKEDIN.to_string(),
        KEY_LINKEDIN_MEMBER.to_string(),
        KEY_UID.to_string(),
        name_source(format),
    ];
    let sources: Vec<&str> = sources.iter().map(String::as_str).collect();
    let snap = imports::import_snapshot(db, owner, &sources)?;
    let mut k = Known {
        people: FxHashMap::default(),
        by_email: FxHashMap::default(),
        by_key: snap.keys.into_iter().collect(),
        by_org: FxHashMap::default(),
        by_name: FxHashMap::default(),
        orgs_by_key: FxHashMap::default(),
        aliases: FxHashSet::default(),
        org_names: FxHashMap::default(),
        owner_ties: snap
            .owner_ties
            .into_iter()
            .map(|(other, tie, since)| (other, (tie, since)))
            .collect(),
        facts: snap
            .facts
            .into_iter()
            .map(|(p, c, v)| (p, c, v.to_lowercase()))
            .collect(),
        photos: snap.photos.into_iter().collect(),
    };
    for p in snap.people {
        for e in &p.emails {
            k.by_email.entry(e.to_lowercase()).or_insert(p.id);
        }
        let folded = fold_name(&p.first_name, &p.last_name);
        if let Some(o) = p.organization_id {
            k.by_org.entry(o).or_default().push((p.id, folded.clone()));
        }
        k.by_name
            .entry(folded)
            .and_modify(|v| *v = None)
            .or_insert(Some(p.id));
        k.people.insert(p.id, p);
    }
    for (id, name) in snap.organizations {
        k.orgs_by_key
            .entry(orgs::key(&name))
            .or_insert((id, name.clone()));
        k.org_names.insert(id, name);
    }
    for (alias, id, name) in snap.aliases {
        k.orgs_by_key.entry(alias.clone()).or_insert((id, name));
        k.aliases.insert(alias);
    }
    Ok(k)
}

/// Drops what validation refuses from a record (an email that is not one, a phone with
/// letters), noting it, so one bad cell does not cost the whole file.
fn sanitize(c: &mut Contact, notes: &mut Vec<String>) {
    let check = |field: &str, values: &[String]| -> Vec<usize> {
        let input = PersonInput {
            first_name: "x".into(),
            emails: (field == "emails").then(|| values.to_vec()),
            phones: (field == "phones").then(|| values.to_vec()),
            tags: (field == "tags").then(|| values.to_vec()),
            ..Default::default()
        };
        let mut bad = Vec::new();
        let mut vals = values.to_vec();
        // Each failure names its index; remove and retry until the rest passes.
        for _ in 0..values.len() {
            let mut trial = input.clone();
            match field {
                "emails" => trial.emails = Some(vals.clone()),
                "phones" => trial.phones = Some(vals.clone()),
                _ => trial.tags = Some(vals.clone()),
            }
            match validate::person(&trial) {
                Err(CoreError::Invalid { field: f, .. }) => {
                    let idx = f
                        .strip_prefix(field)
                        .and_then(|r| r.strip_prefix('['))
                        .and_then(|r| r.strip_suffix(']'))
                        .and_then(|n| n.parse::<usize>().ok());
                    match idx {
                        Some(i) if i < vals.len() => {
                            vals.remove(i);
                            bad.push(i + bad.len());
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        bad
    };
    for (field, what) in [
        ("emails", "email address"),
        ("phones", "phone number"),
        ("tags", "label"),
    ] {
        let list = match field {
            "emails" => &mut c.emails,
            "phones" => &mut c.phones,
            _ => &mut c.tags,
        };
        if list.is_empty() {
            continue;
        }
        let mut bad = check(field, list);
        if bad.is_empty() {
            continue;
        }
        bad.sort_unstable();
        for i in bad.into_iter().rev() {
            if i < list.len() {
                let v = list.remove(i);
                notes.push(format!(
                    "line {}: `{v}` is not a valid {what}; left out",
                    c.line
                ));
            }
        }
        list.truncate(validate::MAX_LIST_LEN);
    }
    let clip = |s: &mut String, n: usize| {
        if s.chars().count() > n {
            *s = s.chars().take(n).collect();
        }
    };
    clip(&mut c.first_name, 200);
    clip(&mut c.last_name, 200);
    clip(&mut c.title, 500);
    clip(&mut c.organization, 500);
    clip(&mut c.notes, validate::MAX_FIELD_CHARS);
}

fn display(c: &Contact) -> String {
    sphere_domain::Person::display_name_of(&c.first_name, &c.last_name)
}

/// Adds `from`'s values missing in `into`, compared without regard to case.
fn add_missing(into: &mut Vec<String>, from: &[String]) {
    for x in from {
        if !into.iter().any(|y| y.eq_ignore_ascii_case(x)) {
            into.push(x.clone());
        }
    }
}

/// Folds record `b` into `a` (same person, two records of the file).
fn fold_into(a: &mut Contact, b: &Contact) {
    add_missing(&mut a.emails, &b.emails);
    add_missing(&mut a.phones, &b.phones);
    add_missing(&mut a.tags, &b.tags);
    add_missing(&mut a.credentials, &b.credentials);
    for (mine, theirs) in [
        (&mut a.organization, &b.organization),
        (&mut a.title, &b.title),
        (&mut a.org_unit, &b.org_unit),
    ] {
        if mine.is_empty() {
            mine.clone_from(theirs);
        }
    }
    if !b.notes.is_empty() && !a.notes.contains(&b.notes) {
        if !a.notes.is_empty() {
            a.notes.push_str("\n\n");
        }
        a.notes.push_str(&b.notes);
    }
    a.linkedin_url = a.linkedin_url.take().or_else(|| b.linkedin_url.clone());
    a.member_id = a.member_id.take().or_else(|| b.member_id.clone());
    a.uid = a.uid.take().or_else(|| b.uid.clone());
    a.birthday = a.birthday.take().or_else(|| b.birthday.clone());
    a.photo = a.photo.take().or_else(|| b.photo.clone());
    a.connected_on = match (a.connected_on, b.connected_on) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    for r in &b.relations {
        if !a.relations.contains(r) {
            a.relations.push(r.clone());
        }
    }
    // Two records joined stay within what one record may hold.
    for list in [&mut a.emails, &mut a.phones, &mut a.tags] {
        list.truncate(validate::MAX_LIST_LEN);
    }
    if a.notes.chars().count() > validate::MAX_FIELD_CHARS {
        a.notes = a.notes.chars().take(validate::MAX_FIELD_CHARS).collect();
    }
}

/// A person related to `id` whose folded full name is `folded`, if any.
fn partner_named(db: Db<'_>, id: Id, folded: &str) -> CoreResult<Option<Id>> {
    Ok(imports::related_people(db, id)?
        .into_iter()
        .find(|(_, first, last)| fold_name(first, last) == folded)
        .map(|(other, _, _)| other))
}

/// The taxonomy category a family relation is recorded under.
fn family_category(kind: RelationKind) -> &'static str {
    match kind {
        RelationKind::Spouse | RelationKind::Partner => "spouse_partner",
        RelationKind::Child => "children",
        _ => "family",
    }
}

/// Plans importing `parsed` (see the module documentation). Reads the database; writes
/// nothing.
pub fn plan(conn: Db<'_>, parsed: Parsed, opts: &Options) -> CoreResult<Plan> {
    let centre = sphere_store::centre_person(conn)?;
    let (owner, blocker) = match opts.owner {
        Some(id) => {
            let p = sphere_store::get_person(conn, id).map_err(|_| {
                CoreError::invalid("as", format!("no person with id {id} to import as"))
            })?;
            if !p.is_team && p.ring != Ring::Centre {
                return Err(CoreError::invalid(
                    "as",
                    format!(
                        "{} is not on your team; mark them as a team member first, or import \
                         as yourself",
                        p.display_name
                    ),
                ));
            }
            (Some(id), None)
        }
        None => match &centre {
            Some(c) => (Some(c.id), None),
            None => (
                None,
                Some(
                    "no one is marked as you yet: add yourself (ring: centre) or choose the \
                     team member whose export this is, so the import can record who knows \
                     whom"
                        .to_string(),
                ),
            ),
        },
    };
    let format = parsed.format;
    let known = load_known(conn, owner, format)?;
    let mut assumptions = parsed.assumptions;
    let records = (parsed.contacts.len() + parsed.skipped.len()) as u32;
    let mut skipped = parsed.skipped;
    let how_met = match format {
        Format::Linkedin => "LinkedIn connection".to_string(),
        _ => format!("In your address book ({})", opts.file_name),
    };

    let mut plan = Plan {
        preview: ImportPreview {
            file_name: opts.file_name.clone(),
            format,
            layout: parsed.layout,
            owner: owner
                .map(|o| sphere_store::person_ref(conn, o))
                .transpose()?,
            blocker,
            records,
            new: 0,
            updated: 0,
            merged: 0,
            unchanged: 0,
            skipped: Vec::new(),
            rows: Vec::new(),
            duplicates: Vec::new(),
            organizations_new: Vec::new(),
            organizations_matched: 0,
            abbreviations: Vec::new(),
            relationships_new: 0,
            facts_new: 0,
            never_facts_new: 0,
            related_people_new: 0,
            photos: 0,
            assumptions: Vec::new(),
        },
        owner,
        new_orgs: Vec::new(),
        aliases: Vec::new(),
        new_people: Vec::new(),
        additions: FxHashMap::default(),
        keys: Vec::new(),
        ties: Vec::new(),
        since_updates: Vec::new(),
        facts: Vec::new(),
    };

    // Organizations, by key; abbreviations noted.
    let mut org_by_key: FxHashMap<String, OrgRef> = FxHashMap::default();
    let mut matched_orgs: FxHashSet<Id> = FxHashSet::default();
    let mut abbreviated: Vec<AbbreviatedOrg> = Vec::new();
    let mut org_of = |name: &str, line: u64, plan: &mut Plan| -> Option<OrgRef> {
        let written = names::squash(name);
        if written.is_empty() {
            return None;
        }
        let written_key = orgs::key(&written);
        // Written out by the user in an earlier import: known under its full name.
        let aliased = known.aliases.contains(&written_key);
        let words = if aliased {
            Vec::new()
        } else {
            orgs::abbreviations(&written)
        };
        let full = opts
            .org_names
            .get(&written)
            .map(|f| names::squash(f))
            .filter(|f| !f.is_empty());
        if !words.is_empty() {
            match abbreviated.iter_mut().find(|a| a.name == written) {
                Some(a) => a.lines.push(line),
                None => abbreviated.push(AbbreviatedOrg {
                    name: written.clone(),
                    words,
                    lines: vec![line],
                    full_name: full.clone(),
                }),
            }
        }
        let name = full.unwrap_or(written);
        let key = orgs::key(&name);
        if key.is_empty() {
            return None;
        }
        if let Some(r) = org_by_key.get(&key) {
            return Some(*r);
        }
        let r = match known.orgs_by_key.get(&key) {
            Some((id, _)) => {
                matched_orgs.insert(*id);
                OrgRef::Stored(*id)
            }
            None => {
                plan.new_orgs.push(name);
                OrgRef::New(plan.new_orgs.len() - 1)
            }
        };
        if written_key != key && !written_key.is_empty() && !aliased {
            plan.aliases.push((written_key.clone(), r));
        }
        org_by_key.insert(written_key, r);
        org_by_key.insert(key, r);
        Some(r)
    };

    // Records → targets.
    let mut file_email: FxHashMap<String, Target> = FxHashMap::default();
    let mut file_key: FxHashMap<(String, String), Target> = FxHashMap::default();
    let mut new_by_org: FxHashMap<OrgRef, Vec<(usize, String)>> = FxHashMap::default();
    /// Per target: the first line, the merged record, and lines merged into it.
    struct Seen {
        first_line: u64,
        row: usize,
    }
    let mut seen: FxHashMap<Target, Seen> = FxHashMap::default();
    let mut target_keys: FxHashMap<Target, Vec<(String, String)>> = FxHashMap::default();
    let mut stored_records: FxHashMap<Id, Contact> = FxHashMap::default();
    let mut rows: Vec<PreviewRow> = Vec::new();
    let mut proposals: Vec<DuplicateProposal> = Vec::new();
    let name_src = name_source(format);

    for mut c in parsed.contacts {
        sanitize(&mut c, &mut assumptions);
        if c.first_name.is_empty() {
            skipped.push(Skip {
                line: c.line,
                reason: "no name left after cleaning".into(),
            });
            continue;
        }
        let org = org_of(&c.organization, c.line, &mut plan);
        let folded = fold_name(&c.first_name, &c.last_name);
        let name_key = format!("{folded}|{}", orgs::key(&c.organization));
        let mut keys: Vec<(String, String)> = Vec::new();
        if let Some(u) = &c.linkedin_url {
            keys.push((KEY_LINKEDIN.into(), u.clone()));
        }
        if let Some(m) = &c.member_id {
            keys.push((KEY_LINKEDIN_MEMBER.into(), m.to_lowercase()));
        }
        if let Some(u) = &c.uid {
            keys.push((KEY_UID.into(), u.clone()));
        }
        // A name at an organization identifies only records with nothing stronger, and only
        // to another such record (the same row of an earlier export): two people of one name
        // at one company have two profiles, and a name match with anyone else is only a
        // likely duplicate, proposed below.
        if c.emails.is_empty() && keys.is_empty() {
            keys.push((name_src.clone(), name_key));
        }
        let lookup = &keys;
        // 1. In the file already (an earlier record of the same person)?
        let mut hit: Option<(Target, String)> = None;
        for e in &c.emails {
            if let Some(t) = file_email.get(e) {
                hit = Some((*t, format!("same email {e} as line")));
                break;
            }
        }
        if hit.is_none() {
            for k in lookup {
                if let Some(t) = file_key.get(k) {
                    let why = if k.0.starts_with("name:") {
                        "same name and organization as line".to_string()
                    } else {
                        "same LinkedIn profile as line".to_string()
                    };
                    hit = Some((*t, why));
                    break;
                }
            }
        }
        // 2. Stored?
        let mut stored: Option<(Id, String)> = None;
        if hit.is_none() {
            for e in &c.emails {
                if let Some(id) = known.by_email.get(e) {
                    stored = Some((*id, format!("same email {e}")));
                    break;
                }
            }
            if stored.is_none() {
                for k in lookup {
                    if let Some(id) = known.by_key.get(k) {
                        let why = match k.0.as_str() {
                            KEY_LINKEDIN => format!("same LinkedIn profile {}", k.1),
                            KEY_LINKEDIN_MEMBER => format!("same LinkedIn member id {}", k.1),
                            KEY_UID => "same contact id (UID) as an earlier import".into(),
                            _ => "same name and organization as an earlier import".into(),
                        };
                        stored = Some((*id, why));
                        break;
                    }
                }
            }
        }
        // Your own card (Apple's "My Card", an export of this database): you, by name.
        if hit.is_none()
            && stored.is_none()
            && let Some(me) = owner.and_then(|o| known.people.get(&o))
            && fold_name(&me.first_name, &me.last_name) == folded
            && (c.organization.is_empty()
                || me.organization_id.is_none()
                || me
                    .organization_id
                    .and_then(|o| known.org_names.get(&o))
                    .map(|n| orgs::key(n))
                    == Some(orgs::key(&c.organization)))
        {
            stored = Some((me.id, "your own card (the same name as yours)".into()));
        }
        // 3. A likely duplicate, merged only when accepted.
        if hit.is_none()
            && stored.is_none()
            && let Some(o) = org
        {
            let mut candidate: Option<DuplicateProposal> = None;
            if let OrgRef::Stored(oid) = o {
                for (pid, pname) in known.by_org.get(&oid).into_iter().flatten() {
                    if let Some(why) = similar_names(&folded, pname) {
                        let p = &known.people[pid];
                        candidate = Some(DuplicateProposal {
                            line: c.line,
                            name: display(&c),
                            organization: c.organization.clone(),
                            person: Some(known.person_ref(*pid)),
                            other_line: None,
                            other_name: p.display_name.clone(),
                            reason: format!("{why} at the same organization"),
                            accepted: false,
                        });
                        break;
                    }
                }
            }
            if candidate.is_none() {
                for (n, pname) in new_by_org.get(&o).into_iter().flatten() {
                    if let Some(why) = similar_names(&folded, pname) {
                        let other = &plan.new_people[*n].contact;
                        candidate = Some(DuplicateProposal {
                            line: c.line,
                            name: display(&c),
                            organization: c.organization.clone(),
                            person: None,
                            other_line: Some(other.line),
                            other_name: display(other),
                            reason: format!("{why} at the same organization"),
                            accepted: false,
                        });
                        break;
                    }
                }
            }
            if let Some(mut p) = candidate {
                p.accepted = opts.merges.contains(&c.line);
                if p.accepted {
                    match (&p.person, p.other_line) {
                        (Some(person), _) => {
                            stored = Some((person.id, format!("accepted duplicate: {}", p.reason)));
                        }
                        (None, Some(other)) => {
                            if let Some(t) = seen
                                .iter()
                                .find(|(_, s)| s.first_line == other)
                                .map(|(t, _)| *t)
                            {
                                hit = Some((t, "accepted duplicate of line".into()));
                            }
                        }
                        _ => {}
                    }
                }
                proposals.push(p);
            }
        }
        // A stored person already met earlier in the file: merge into that record.
        if let Some((id, why)) = &stored
            && hit.is_none()
            && seen.contains_key(&Target::Stored(*id))
        {
            hit = Some((Target::Stored(*id), format!("{why}, like line")));
            stored = None;
        }
        // Apply.
        let (target, action, person, merged_into_line, reason) = if let Some((t, why)) = hit {
            let s = &seen[&t];
            let first_line = s.first_line;
            match t {
                Target::New(n) => {
                    fold_into(&mut plan.new_people[n].contact, &c);
                    if plan.new_people[n].org.is_none() {
                        plan.new_people[n].org = org;
                        if let Some(o) = org {
                            new_by_org.entry(o).or_default().push((n, folded.clone()));
                        }
                    }
                }
                Target::Stored(id) => {
                    if let Some(r) = stored_records.get_mut(&id) {
                        fold_into(r, &c);
                    }
                }
            }
            let person = match t {
                Target::Stored(id) => Some(known.person_ref(id)),
                Target::New(_) => None,
            };
            (
                t,
                Action::Merge,
                person,
                Some(first_line),
                format!("{why} {first_line}"),
            )
        } else if let Some((id, why)) = stored {
            let action = if why.starts_with("accepted") {
                Action::Merge
            } else {
                Action::Unchanged // settled below, once additions are known
            };
            stored_records.insert(id, c.clone());
            (
                Target::Stored(id),
                action,
                Some(known.person_ref(id)),
                None,
                why,
            )
        } else {
            plan.new_people.push(NewPerson {
                contact: c.clone(),
                org,
                related_only: false,
            });
            let n = plan.new_people.len() - 1;
            if let Some(o) = org {
                new_by_org.entry(o).or_default().push((n, folded.clone()));
            }
            (Target::New(n), Action::New, None, None, String::new())
        };
        for e in &c.emails {
            file_email.entry(e.clone()).or_insert(target);
        }
        for k in &keys {
            file_key.entry(k.clone()).or_insert(target);
        }
        target_keys.entry(target).or_default().extend(keys);
        seen.entry(target).or_insert(Seen {
            first_line: c.line,
            row: rows.len(),
        });
        rows.push(PreviewRow {
            line: c.line,
            name: display(&c),
            organization: c.organization.clone(),
            title: c.title.clone(),
            email: c.emails.first().cloned(),
            action,
            person,
            merged_into_line,
            changes: Vec::new(),
            reason,
        });
    }

    // Per target: additions, keys, relationships with the owner, relations, facts.
    let mut targets: Vec<(Target, usize)> = seen.iter().map(|(t, s)| (*t, s.row)).collect();
    targets.sort_by_key(|(_, row)| *row);
    let mut name_index: FxHashMap<String, Option<Target>> = FxHashMap::default();
    for (t, _) in &targets {
        let c = match t {
            Target::New(n) => &plan.new_people[*n].contact,
            Target::Stored(id) => match stored_records.get(id) {
                Some(c) => c,
                None => continue,
            },
        };
        name_index
            .entry(fold_name(&c.first_name, &c.last_name))
            .and_modify(|v| *v = None)
            .or_insert(Some(*t));
    }
    let mut planned_facts: FxHashSet<(Target, &'static str, String)> = FxHashSet::default();
    let mut planned_keys: FxHashSet<(String, String)> = FxHashSet::default();
    for (t, row) in targets {
        // Taken out while planning (the plan grows meanwhile), put back at the end.
        let (c, org) = match t {
            Target::New(n) => (
                std::mem::take(&mut plan.new_people[n].contact),
                plan.new_people[n].org,
            ),
            Target::Stored(id) => match stored_records.remove(&id) {
                Some(c) => {
                    let org = org_by_key.get(&orgs::key(&c.organization)).copied();
                    (c, org)
                }
                None => continue,
            },
        };
        let mut changes = Vec::new();
        if let Target::Stored(id) = t {
            let p = &known.people[&id];
            let mut add = Additions::default();
            // Only what fits: a list holds at most MAX_LIST_LEN entries.
            let room = |have: usize, adding: usize| have + adding < validate::MAX_LIST_LEN;
            for e in &c.emails {
                if !p.emails.iter().any(|x| x.eq_ignore_ascii_case(e))
                    && room(p.emails.len(), add.emails.len())
                {
                    add.emails.push(e.clone());
                }
            }
            for ph in &c.phones {
                let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
                if !p.phones.iter().any(|x| digits(x) == digits(ph))
                    && room(p.phones.len(), add.phones.len())
                {
                    add.phones.push(ph.clone());
                }
            }
            for tag in &c.tags {
                if !p.tags.iter().any(|x| x.eq_ignore_ascii_case(tag))
                    && room(p.tags.len(), add.tags.len())
                {
                    add.tags.push(tag.clone());
                }
            }
            if p.title.is_empty() && !c.title.is_empty() {
                add.title = Some(c.title.clone());
                changes.push(format!("title {}", c.title));
            }
            if p.organization_id.is_none() && org.is_some() {
                add.org = org;
                changes.push(format!("organization {}", c.organization));
            }
            if !c.notes.is_empty() && !p.notes.contains(c.notes.trim()) {
                add.notes = Some(c.notes.clone());
                changes.push("adds to the notes".into());
            }
            if let Some(ph) = &c.photo
                && !known.photos.contains(&id)
            {
                add.photo = Some(ph.clone());
                changes.push("a picture".into());
            }
            for (what, n) in [
                ("email", add.emails.len()),
                ("phone", add.phones.len()),
                ("label", add.tags.len()),
            ] {
                if n > 0 {
                    changes.push(format!("{n} more {what}{}", if n == 1 { "" } else { "s" }));
                }
            }
            let has = !add.emails.is_empty()
                || !add.phones.is_empty()
                || !add.tags.is_empty()
                || add.title.is_some()
                || add.org.is_some()
                || add.notes.is_some()
                || add.photo.is_some();
            if has {
                plan.additions.insert(id, add);
            }
        }
        // Keys: every record's, so each spelling is found next time.
        let keys = target_keys.remove(&t).unwrap_or_default();
        for (src, key) in keys {
            let k = (src, key);
            if known.by_key.contains_key(&k) {
                continue;
            }
            if !planned_keys.insert(k.clone()) {
                continue;
            }
            plan.keys.push((k.0, k.1, t));
        }
        // The owner knows them.
        if let Some(owner) = plan.owner {
            let is_owner = t == Target::Stored(owner);
            match t {
                _ if is_owner => {}
                Target::Stored(id) if known.owner_ties.contains_key(&id) => {
                    let (tie, since) = known.owner_ties[&id];
                    if since.is_none()
                        && let Some(on) = c.connected_on
                    {
                        plan.since_updates.push((tie, on));
                        changes.push(format!("connected since {on}"));
                    }
                }
                _ => {
                    plan.ties.push(PlannedTie {
                        a: Target::Stored(owner),
                        b: t,
                        kind: TieKind::Acquaintance,
                        since: c.connected_on,
                        how_met: how_met.clone(),
                    });
                    if matches!(t, Target::Stored(_)) {
                        changes.push("a relationship with you".into());
                    }
                }
            }
        }
        // Facts.
        let mut fact = |target: Target,
                        category: &'static str,
                        value: String,
                        plan: &mut Plan,
                        changes: &mut Vec<String>| {
            // As stored (a fact holds at most 2,000 characters), so the check below sees it.
            let value: String = value.chars().take(validate::MAX_FACT_CHARS).collect();
            let lower = value.to_lowercase();
            if let Target::Stored(id) = target
                && known
                    .facts
                    .contains(&(id, category.to_string(), lower.clone()))
            {
                return;
            }
            if !planned_facts.insert((target, category, lower)) {
                return;
            }
            if matches!(target, Target::Stored(_)) {
                changes.push(format!("a fact ({category})"));
            }
            plan.facts.push(PlannedFact {
                target,
                category,
                value,
                learned_on: None,
            });
        };
        if let Some(b) = &c.birthday {
            fact(
                t,
                "birthday",
                format!("Birthday: {b}"),
                &mut plan,
                &mut changes,
            );
        }
        if !c.credentials.is_empty() {
            fact(
                t,
                "certification",
                c.credentials.join(", "),
                &mut plan,
                &mut changes,
            );
        }
        for r in &c.relations {
            let name = names::squash(&r.name);
            if name.is_empty() {
                continue;
            }
            if r.kind.is_family() || r.kind == RelationKind::Other {
                let label = match r.kind {
                    RelationKind::Other => {
                        names::squash(r.label.trim_start_matches("_$!<").trim_end_matches(">!$_"))
                    }
                    k => {
                        let s = k.as_str();
                        let mut cs = s.chars();
                        cs.next()
                            .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                            .unwrap_or_default()
                    }
                };
                let label = if label.is_empty() {
                    "Relative".into()
                } else {
                    label
                };
                fact(
                    t,
                    family_category(r.kind),
                    format!("{label}: {name}"),
                    &mut plan,
                    &mut changes,
                );
                continue;
            }
            // A professional relation: a relationship with the person named.
            let split = names::split_full(&name);
            let folded = fold_name(&split.first, &split.last);
            if split.first.is_empty() {
                continue;
            }
            // Someone of that name they are already related to is the one meant.
            if let Target::Stored(id) = t
                && partner_named(conn, id, &folded)?.is_some()
            {
                continue;
            }
            let other = match name_index.get(&folded).copied().flatten() {
                Some(o) => o,
                None => match known.by_name.get(&folded).copied().flatten() {
                    Some(id) => Target::Stored(id),
                    None => {
                        plan.new_people.push(NewPerson {
                            contact: Contact {
                                line: c.line,
                                first_name: split.first.clone(),
                                last_name: split.last.clone(),
                                organization: if matches!(
                                    r.kind,
                                    RelationKind::Manager
                                        | RelationKind::Assistant
                                        | RelationKind::Colleague
                                ) {
                                    c.organization.clone()
                                } else {
                                    String::new()
                                },
                                ..Default::default()
                            },
                            org: if matches!(
                                r.kind,
                                RelationKind::Manager
                                    | RelationKind::Assistant
                                    | RelationKind::Colleague
                            ) {
                                org
                            } else {
                                None
                            },
                            related_only: true,
                        });
                        let o = Target::New(plan.new_people.len() - 1);
                        name_index.insert(folded.clone(), Some(o));
                        o
                    }
                },
            };
            if other == t {
                continue;
            }
            let (kind, how) = match r.kind {
                RelationKind::Manager => (
                    TieKind::Colleague,
                    format!("{name} is {}'s manager", display(&c)),
                ),
                RelationKind::Assistant => (
                    TieKind::Colleague,
                    format!("{name} is {}'s assistant", display(&c)),
                ),
                RelationKind::Colleague => (TieKind::Colleague, "Colleagues".to_string()),
                RelationKind::ReferredBy => (
                    TieKind::Acquaintance,
                    format!("{name} referred {}", display(&c)),
                ),
                _ => (
                    TieKind::Friend,
                    format!("{} lists {name} as a friend", display(&c)),
                ),
            };
            let exists = |a: Target, b: Target| {
                plan.ties
                    .iter()
                    .any(|x| (x.a == a && x.b == b) || (x.a == b && x.b == a))
            };
            if exists(t, other) {
                continue;
            }
            if let (Target::Stored(a), Target::Stored(b)) = (t, other)
                && sphere_store::bulk::tie_between(conn, a.min(b), a.max(b))?.is_some()
            {
                continue;
            }
            plan.ties.push(PlannedTie {
                a: t,
                b: other,
                kind,
                since: None,
                how_met: how,
            });
            changes.push(format!(
                "{} relationship",
                r.kind.as_str().replace('_', " ")
            ));
        }
        let row = &mut rows[row];
        row.changes = changes;
        if row.action == Action::Unchanged
            && (!row.changes.is_empty()
                || plan.additions.contains_key(&match t {
                    Target::Stored(id) => id,
                    Target::New(_) => 0,
                }))
        {
            row.action = Action::Update;
        }
        if let Target::New(n) = t {
            plan.new_people[n].contact = c;
        }
    }

    // Counts.
    let p = &mut plan.preview;
    for r in &rows {
        match r.action {
            Action::New => p.new += 1,
            Action::Update => p.updated += 1,
            Action::Merge => p.merged += 1,
            Action::Unchanged => p.unchanged += 1,
        }
    }
    p.related_people_new = plan.new_people.iter().filter(|n| n.related_only).count() as u32;
    p.relationships_new = plan.ties.len() as u32;
    let engine = sphere_sensitivity::engine()?;
    p.facts_new = plan.facts.len() as u32;
    p.never_facts_new = plan
        .facts
        .iter()
        .filter(|f| {
            engine
                .taxonomy
                .get(f.category)
                .is_none_or(|c| c.bin == sphere_sensitivity::Sensitivity::Never)
        })
        .count() as u32;
    p.photos = plan
        .new_people
        .iter()
        .filter(|n| n.contact.photo.is_some())
        .count() as u32
        + plan
            .additions
            .values()
            .filter(|a| a.photo.is_some())
            .count() as u32;
    p.organizations_new = plan.new_orgs.clone();
    p.organizations_matched = matched_orgs.len() as u32;
    p.abbreviations = abbreviated;
    skipped.sort_by_key(|s| s.line);
    p.skipped = skipped;
    p.duplicates = proposals;
    rows.truncate(PREVIEW_ROWS);
    p.rows = rows;
    p.assumptions = assumptions;
    Ok(plan)
}

// ---------------------------------------------------------------------------------------------
// Committing

/// Checks for cancellation and reports progress every so often.
struct Meter<'a> {
    total: u32,
    done: u32,
    phase: &'static str,
    report: &'a mut dyn FnMut(Progress),
    cancel: &'a AtomicBool,
}

impl Meter<'_> {
    fn phase(&mut self, phase: &'static str) -> CoreResult<()> {
        self.phase = phase;
        self.emit();
        self.check()
    }

    fn step(&mut self) -> CoreResult<()> {
        self.done += 1;
        if self.done.is_multiple_of(512) {
            self.emit();
            self.check()?;
        }
        Ok(())
    }

    fn emit(&mut self) {
        (self.report)(Progress {
            phase: self.phase.to_string(),
            done: self.done.min(self.total),
            total: self.total,
        });
    }

    fn check(&self) -> CoreResult<()> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(CoreError::Cancelled(
                "the import was cancelled; nothing was written".into(),
            ));
        }
        Ok(())
    }
}

fn clean_person(c: &Contact, org: Option<Id>) -> CoreResult<CleanPerson> {
    let input = PersonInput {
        first_name: c.first_name.clone(),
        last_name: Some(c.last_name.clone()),
        emails: Some(c.emails.clone()),
        phones: Some(c.phones.clone()),
        title: Some(c.title.clone()),
        organization_id: org,
        tags: Some(c.tags.clone()),
        notes: Some(c.notes.clone()),
        ..Default::default()
    };
    validate::person(&input).map_err(|e| match e {
        CoreError::Invalid { field, message } => {
            CoreError::invalid(field, format!("line {}: {message}", c.line))
        }
        other => other,
    })
}

/// Writes `plan` in the transaction `tx`: all of it, or nothing when `cancel` is set or
/// anything fails. Pictures go to `photos_dir` (none are kept without one).
pub fn commit(
    tx: Db<'_>,
    plan: &Plan,
    photos_dir: Option<&Path>,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<ImportResult> {
    if let Some(b) = &plan.preview.blocker {
        return Err(CoreError::invalid("as", b.clone()));
    }
    let total = (plan.new_orgs.len()
        + plan.new_people.len()
        + plan.additions.len()
        + plan.keys.len()
        + plan.ties.len()
        + plan.facts.len()) as u32;
    let mut m = Meter {
        total,
        done: 0,
        phase: "organizations",
        report,
        cancel,
    };
    m.phase("organizations")?;
    let mut w = BulkWriter::new(tx)?;
    let mut org_ids = Vec::with_capacity(plan.new_orgs.len());
    for name in &plan.new_orgs {
        let clean: CleanOrganization = validate::organization(&OrganizationInput {
            name: name.clone(),
            ..Default::default()
        })?;
        org_ids.push(w.organization(&clean)?);
        m.step()?;
    }
    let org_id = |r: Option<OrgRef>| match r {
        Some(OrgRef::Stored(id)) => Some(id),
        Some(OrgRef::New(n)) => org_ids.get(n).copied(),
        None => None,
    };
    for (alias, r) in &plan.aliases {
        if let Some(id) = org_id(Some(*r)) {
            w.organization_alias(alias, id)?;
        }
    }
    m.phase("people")?;
    let mut new_ids = Vec::with_capacity(plan.new_people.len());
    let mut photos: Vec<(Id, &Photo)> = Vec::new();
    for n in &plan.new_people {
        let clean = clean_person(&n.contact, org_id(n.org))?;
        let id = w.person(
            &clean,
            if n.related_only {
                Ring::Beyond
            } else {
                Ring::Outer
            },
        )?;
        if let Some(p) = &n.contact.photo {
            photos.push((id, p));
        }
        new_ids.push(id);
        m.step()?;
    }
    let id_of = |t: Target| match t {
        Target::Stored(id) => Some(id),
        Target::New(n) => new_ids.get(n).copied(),
    };
    let mut people_updated = 0u32;
    let mut ids: Vec<&Id> = plan.additions.keys().collect();
    ids.sort_unstable();
    for id in ids {
        let add = &plan.additions[id];
        let p = sphere_store::get_person(tx, *id)?;
        let mut emails = p.emails.clone();
        add_missing(&mut emails, &add.emails);
        let mut phones = p.phones.clone();
        add_missing(&mut phones, &add.phones);
        let mut tags = p.tags.clone();
        add_missing(&mut tags, &add.tags);
        w.add_to_person(
            *id,
            imports::PersonAdditions {
                emails,
                phones,
                tags,
                title: add.title.as_deref().unwrap_or_default(),
                organization_id: org_id(add.org),
                notes: add.notes.as_deref().unwrap_or_default(),
            },
        )?;
        if let Some(ph) = &add.photo {
            photos.push((*id, ph));
        }
        people_updated += 1;
        m.step()?;
    }
    m.phase("keys")?;
    for (source, k, t) in &plan.keys {
        if let Some(id) = id_of(*t) {
            w.key_if_new(source, k, id)?;
        }
        m.step()?;
    }
    m.phase("relationships")?;
    let mut ties_created = 0u32;
    let mut seen_pairs: FxHashSet<(Id, Id)> = FxHashSet::default();
    for t in &plan.ties {
        let (Some(a), Some(b)) = (id_of(t.a), id_of(t.b)) else {
            continue;
        };
        let (a, b) = (a.min(b), a.max(b));
        if a == b || !seen_pairs.insert((a, b)) {
            continue;
        }
        let clean = validate::relationship(&RelationshipInput {
            person_a: a,
            person_b: b,
            kind: t.kind,
            since: t.since,
            how_met: Some(t.how_met.clone()).filter(|h| !h.is_empty()),
            strength_override: None,
            override_reason: None,
        })?;
        w.tie(&clean, &TieStats::default())?;
        ties_created += 1;
        m.step()?;
    }
    // A new relationship between people who already shared interactions summarises them.
    let mut with_history: Vec<Id> = Vec::new();
    for t in &plan.ties {
        if let (Target::Stored(a), Target::Stored(b)) = (t.a, t.b)
            && let Some(id) = bulk::tie_between(tx, a.min(b), a.max(b))?
        {
            with_history.push(id);
        }
    }
    if !with_history.is_empty() {
        sphere_store::stats::recompute_stats(tx, Some(&with_history), sphere_store::now())?;
    }
    for (tie, since) in &plan.since_updates {
        w.since_if_unknown(*tie, *since)?;
    }
    m.phase("facts")?;
    let source = if plan.preview.file_name.is_empty() {
        format!("{} import", plan.preview.format.as_str())
    } else {
        format!("imported from {}", plan.preview.file_name)
    };
    for f in &plan.facts {
        if let Some(id) = id_of(f.target) {
            w.imported_fact(id, f.category, &f.value, &source, f.learned_on)?;
        }
        m.step()?;
    }
    m.phase("pictures")?;
    // Pictures last: the files are written only once everything else is in place, and
    // removed again if the transaction still fails.
    let mut saved: Vec<PathBuf> = Vec::new();
    let mut photo_error = None;
    if let Some(dir) = photos_dir.filter(|_| !photos.is_empty()) {
        let mut write = || -> std::io::Result<()> {
            std::fs::create_dir_all(dir)?;
            for (id, p) in &photos {
                // A name no other picture has (ids are reused after a delete or a merge),
                // and never over an existing file.
                let file = format!("{id}-{}.{}", sphere_store::now().timestamp_micros(), p.ext);
                let path = dir.join(&file);
                std::io::Write::write_all(
                    &mut std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)?,
                    &p.bytes,
                )?;
                saved.push(path);
                w.photo(*id, &file).map_err(std::io::Error::other)?;
            }
            Ok(())
        };
        if let Err(e) = write() {
            photo_error = Some(format!(
                "pictures could not be saved in {}: {e}",
                dir.display()
            ));
        }
    } else if !photos.is_empty() {
        photo_error = Some("pictures are not kept for a database in memory".into());
    }
    m.check().inspect_err(|_| {
        for p in &saved {
            let _ = std::fs::remove_file(p);
        }
    })?;
    m.done = m.total;
    m.emit();
    Ok(ImportResult {
        preview: plan.preview.clone(),
        people_created: new_ids.len() as u32,
        people_updated,
        organizations_created: org_ids.len() as u32,
        relationships_created: ties_created,
        facts_created: plan.facts.len() as u32,
        photos_saved: saved.len() as u32,
        photo_error,
    })
}
