//! The planner: from the records of a file and a [`Snapshot`] of what is stored to a
//! [`Plan`]. A pure function — nothing here reads or writes the database — run as a pipeline
//! of named steps, each in its own module with its own tests:
//!
//! 0. [`snapshot`]: what is stored, read once (by [`super::plan`]) or built by hand.
//! 1. [`owner`]: whose connections these are, or why the import cannot say.
//! 2. Per record, in file order:
//!    [`clean`] drops what validation refuses;
//!    [`organizations`] resolves the organization (stored, new, abbreviated);
//!    [`records`] places the record: the same person as an earlier record ([`matching`],
//!    joined by [`join`]), a stored person ([`matching`]), an accepted duplicate
//!    ([`duplicates`]), or a new person.
//! 3. Per person of the file ([`targets`]): [`additions`] to a stored person, keys, the
//!    owner's relationship and relations ([`ties`]), [`facts`]; update or unchanged.
//! 4. [`preview`]: the counts and lists the user reviews.

mod additions;
mod check;
mod clean;
mod duplicates;
mod facts;
mod join;
mod matching;
mod organizations;
mod owner;
mod preview;
mod records;
mod snapshot;
mod targets;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
mod ties;

pub use snapshot::Snapshot;

use rustc_hash::FxHashMap;
use sphere_domain::error::CoreResult;

use super::{ImportPreview, Options, OrgRef, Plan, Target, name_source};
use crate::contact::{Contact, Format, Parsed, Skip};
use organizations::Organizations;
use records::Records;

/// One person of the file while what follows from them is planned: where their data goes,
/// their records joined, and their organization.
struct Subject<'c> {
    target: Target,
    contact: &'c Contact,
    org: Option<OrgRef>,
}

/// A record's name as the preview shows it.
fn display(c: &Contact) -> String {
    sphere_domain::Person::display_name_of(&c.first_name, &c.last_name)
}

/// How the owner met the people of a file, as their relationships will say.
fn how_met(format: Format, file_name: &str) -> String {
    match format {
        Format::Linkedin => "LinkedIn connection".to_string(),
        _ => format!("In your address book ({file_name})"),
    }
}

/// Plans importing `parsed` against `snap`, what is stored (see the module documentation of
/// [`super`]): what is new, what is updated, merged or unchanged, the organizations,
/// relationships, facts and pictures, and the preview that tells it. Reads and writes
/// nothing; fails only when the owner asked for is not stored or not on the team (or the
/// sensitivity taxonomy does not load).
pub fn plan_with(snap: &Snapshot, parsed: Parsed, opts: &Options) -> CoreResult<Plan> {
    let (owner, blocker) = owner::resolve(snap, opts.owner)?;
    let Parsed {
        format,
        layout,
        contacts,
        mut skipped,
        mut assumptions,
    } = parsed;
    let records = (contacts.len() + skipped.len()) as u32;
    let mut preview = empty_preview(format, layout, opts.file_name.clone(), blocker);
    preview.owner = owner.map(|o| snap.person_ref(o));
    preview.records = records;
    let mut plan = Plan::empty(preview);
    plan.owner = owner;
    let mut orgs = Organizations::default();
    let mut placed = Records::new(name_source(format));
    for mut c in contacts {
        clean::sanitize(&mut c, &mut assumptions);
        if c.first_name.is_empty() {
            skipped.push(Skip {
                line: c.line,
                reason: "no name left after cleaning".into(),
            });
            continue;
        }
        let org = orgs.resolve(snap, &opts.org_names, &c.organization, c.line);
        placed.place(snap, owner, &opts.merges, &mut plan.new_people, c, org);
    }
    let facts = targets::complete(
        snap,
        &mut plan,
        &mut placed,
        &orgs,
        &how_met(format, &opts.file_name),
    );
    plan.facts = facts.list;
    let read = preview::Read {
        rows: placed.rows,
        proposals: placed.proposals,
        skipped,
        assumptions,
    };
    preview::assemble(&mut plan, orgs, read)?;
    Ok(plan)
}

/// A preview of nothing yet: no owner, no records.
fn empty_preview(
    format: Format,
    layout: String,
    file_name: String,
    blocker: Option<String>,
) -> ImportPreview {
    ImportPreview {
        file_name,
        format,
        layout,
        owner: None,
        blocker,
        records: 0,
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
    }
}

impl Plan {
    /// A plan that does nothing yet, with `preview`.
    fn empty(preview: ImportPreview) -> Plan {
        Plan {
            preview,
            owner: None,
            new_orgs: Vec::new(),
            aliases: Vec::new(),
            new_people: Vec::new(),
            additions: FxHashMap::default(),
            keys: Vec::new(),
            ties: Vec::new(),
            since_updates: Vec::new(),
            facts: Vec::new(),
        }
    }
}
