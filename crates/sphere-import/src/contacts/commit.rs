//! Committing a [`Plan`]: everything it says, through the store's import writes
//! ([`BulkWriter`]), in the caller's transaction — all of it, or nothing.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

use rustc_hash::FxHashSet;
use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::strength::TieStats;
use sphere_domain::validate::{self, CleanOrganization, CleanPerson};
use sphere_domain::{Id, OrganizationInput, PersonInput, RelationshipInput, Ring};
use sphere_store::Db;
use sphere_store::bulk::{self, BulkWriter};
use sphere_store::imports;

use super::{ImportResult, OrgRef, Plan, Progress, Target, add_missing};
use crate::contact::{Contact, Photo};

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
/// anything fails. Pictures go to `photos` (none are kept without one), sealed when the
/// database is encrypted.
pub fn commit(
    tx: Db<'_>,
    plan: &Plan,
    photos_store: Option<&sphere_store::vault::Photos>,
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
    if let Some(store) = photos_store.filter(|_| !photos.is_empty()) {
        let dir = store.dir.as_path();
        let mut write = || -> std::io::Result<()> {
            sphere_store::integrity::private_dir(dir)?;
            for (id, p) in &photos {
                // A name no other picture has (ids are reused after a delete or a merge),
                // and never over an existing file.
                let file = format!("{id}-{}.{}", sphere_store::now().timestamp_micros(), p.ext);
                let path = dir.join(&file);
                std::io::Write::write_all(
                    &mut sphere_store::integrity::create_private(&path)?,
                    &store
                        .seal(&p.bytes)
                        .map_err(|e| std::io::Error::other(CoreError::from(e).to_string()))?,
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
