//! Full backups as commands: `backup_export` copies every table (with ids, never facts
//! included, photo files as base64) into one JSON document; `backup_restore` writes one back
//! into an empty database, all or nothing, after checking every row.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use chrono::Utc;

use super::{Empty, Sphere};
use sphere_domain::error::{ApiError, CoreError};
use sphere_domain::{BACKUP_FORMAT, BACKUP_VERSION, Backup, Counts, Id, Ring};
use sphere_store::vault::Photos;
use sphere_store::{self as store, schema};

impl Sphere {
    /// Everything in the database, with ids: a full backup. It includes never facts and the
    /// never passages of notes (it is the user's own copy, not an export to share).
    pub fn backup_export(&self, _: Empty) -> Result<Backup, ApiError> {
        let core = self.store()?;
        // One read transaction: a consistent copy even if another connection writes.
        let mut t = core.store.read(|tx| Ok(store::backup::read_tables(tx)?))?;
        let photos = core.store.photos();
        for p in &mut t.photos {
            p.data = read_photo(photos.as_ref(), &p.file)?;
        }
        Ok(Backup {
            format: BACKUP_FORMAT.to_string(),
            version: BACKUP_VERSION,
            schema_version: core.store.schema_version()? as u32,
            exported_at: Utc::now(),
            organizations: t.organizations,
            people: t.people,
            relationships: t.relationships,
            interactions: t.interactions,
            facts: t.facts,
            person_keys: t.person_keys,
            settings: t.settings,
            photos: t.photos,
            organization_aliases: t.organization_aliases,
            tables: t.tables,
        })
    }

    /// Restores a backup into this database, which must hold no people, organizations or
    /// interactions. Every row is checked first (a bad backup is refused, naming the table,
    /// row and field, with nothing written); then everything is written in one transaction,
    /// photo files included.
    pub fn backup_restore(&self, backup: Backup) -> Result<Counts, ApiError> {
        let photos = validate(&backup)?;
        let mut core = self.store()?;
        let dir = core.store.photos();
        let now = core.now();
        core.store.write_bulk_as("restoring a backup", |tx| {
            store::backup::require_no_records(tx, "restoring a backup")?;
            store::backup::write_backup(tx, &backup)?;
            let uncomputed: Vec<Id> = backup
                .relationships
                .iter()
                .filter(|t| t.summary.is_none())
                .map(|t| t.relationship.id)
                .collect();
            if !uncomputed.is_empty() {
                store::stats::recompute_stats(tx, Some(&uncomputed), now)?;
            }
            // Last, so a file that cannot be written rolls the rows back.
            if let Some(dir) = &dir {
                write_photos(dir, &photos)?;
            }
            Ok(())
        })?;
        core.reload()?;
        Ok(core.store.counts()?)
    }
}

fn read_photo(photos: Option<&Photos>, file: &str) -> Result<Option<String>, ApiError> {
    let Some(photos) = photos else {
        return Ok(None);
    };
    let dir = &photos.dir;
    if !safe_file_name(file) {
        return Err(ApiError::internal(format!(
            "the photo file name `{file}` is not a plain file name; not reading it"
        )));
    }
    let path = dir.join(file);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(BASE64.encode(photos.open(bytes, file)?))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ApiError::new(
            sphere_domain::error::ErrorKind::Storage,
            format!("cannot read the photo {}: {e}", path.display()),
        )),
    }
}

fn write_photos(store: &Photos, photos: &[(String, Vec<u8>)]) -> Result<(), CoreError> {
    if photos.is_empty() {
        return Ok(());
    }
    let dir = store.dir.as_path();
    let fail = |what: String| CoreError::Internal(what);
    sphere_store::integrity::private_dir(dir).map_err(|e| {
        fail(format!(
            "cannot create the photos folder {}: {e}",
            dir.display()
        ))
    })?;
    let mut written: Vec<PathBuf> = Vec::new();
    for (file, bytes) in photos {
        let path = dir.join(file);
        if let Err(e) = store
            .seal(bytes)
            .map_err(|e| std::io::Error::other(CoreError::from(e).to_string()))
            .and_then(|sealed| sphere_store::integrity::write_private(&path, &sealed))
        {
            for p in &written {
                let _ = std::fs::remove_file(p);
            }
            return Err(fail(format!(
                "cannot write the photo {}: {e}",
                path.display()
            )));
        }
        written.push(path);
    }
    Ok(())
}

/// A name for a file directly in the photos folder: no folders, no `..`.
fn safe_file_name(file: &str) -> bool {
    !file.is_empty()
        && file != "."
        && file != ".."
        && !file.contains(['/', '\\', '\0'])
        && !file.contains(':')
}

fn bad(field: String, message: String) -> ApiError {
    ApiError::invalid(field, format!("not a usable backup: {message}"))
}

/// Checks every row of `b` against the schema's rules and the other rows; the photo files to
/// write (name, bytes) when it passes.
fn validate(b: &Backup) -> Result<Vec<(String, Vec<u8>)>, ApiError> {
    if b.format != BACKUP_FORMAT {
        return Err(bad(
            "format".into(),
            format!(
                "the format is `{}`, not `{BACKUP_FORMAT}` (is this a Sphere backup?)",
                b.format
            ),
        ));
    }
    if b.version != BACKUP_VERSION {
        return Err(bad(
            "version".into(),
            format!(
                "it is a version {} backup; this Sphere reads version {BACKUP_VERSION}",
                b.version
            ),
        ));
    }
    if b.schema_version as usize > schema::LATEST_VERSION {
        return Err(bad(
            "schema_version".into(),
            format!(
                "it was taken by a newer Sphere (schema version {}; this one knows up to {})",
                b.schema_version,
                schema::LATEST_VERSION
            ),
        ));
    }
    let positive = |table: &str, i: usize, id: Id| {
        if id > 0 {
            Ok(())
        } else {
            Err(bad(
                format!("{table}[{i}].id"),
                format!("{table}[{i}] has id {id}; ids are positive"),
            ))
        }
    };

    let mut orgs = HashSet::new();
    let mut org_names = HashMap::new();
    for (i, o) in b.organizations.iter().enumerate() {
        positive("organizations", i, o.id)?;
        if !orgs.insert(o.id) {
            return Err(bad(
                format!("organizations[{i}].id"),
                format!("organizations[{i}]: a second organization with id {}", o.id),
            ));
        }
        if o.name.trim().is_empty() {
            return Err(bad(
                format!("organizations[{i}].name"),
                format!("organizations[{i}] (id {}) has no name", o.id),
            ));
        }
        // The schema's NOCASE collation folds ASCII letters only.
        if let Some(other) = org_names.insert(o.name.to_ascii_lowercase(), o.id) {
            return Err(bad(
                format!("organizations[{i}].name"),
                format!(
                    "organizations[{i}] (id {}) has the name `{}` of organization {other} too",
                    o.id, o.name
                ),
            ));
        }
    }

    let mut people = HashSet::new();
    let mut centre: Option<Id> = None;
    for (i, p) in b.people.iter().enumerate() {
        positive("people", i, p.id)?;
        if !people.insert(p.id) {
            return Err(bad(
                format!("people[{i}].id"),
                format!("people[{i}]: a second person with id {}", p.id),
            ));
        }
        if p.first_name.trim().is_empty() {
            return Err(bad(
                format!("people[{i}].first_name"),
                format!("people[{i}] (id {}) has no first name", p.id),
            ));
        }
        if let Some(o) = p.organization_id.filter(|o| !orgs.contains(o)) {
            return Err(bad(
                format!("people[{i}].organization_id"),
                format!(
                    "people[{i}] (id {}) is at organization {o}, which the backup does not hold",
                    p.id
                ),
            ));
        }
        if p.ring == Ring::Centre {
            if let Some(other) = centre {
                return Err(bad(
                    format!("people[{i}].ring"),
                    format!(
                        "people[{i}] (id {}) is at the centre, and so is person {other}; only one person can be",
                        p.id
                    ),
                ));
            }
            centre = Some(p.id);
        }
    }
    let person = |field: String, what: String, id: Id| {
        if people.contains(&id) {
            Ok(())
        } else {
            Err(bad(
                field,
                format!("{what} is person {id}, whom the backup does not hold"),
            ))
        }
    };

    let mut ties = HashSet::new();
    let mut pairs = HashSet::new();
    for (i, t) in b.relationships.iter().enumerate() {
        let r = &t.relationship;
        let at = format!("relationships[{i}]");
        positive("relationships", i, r.id)?;
        if !ties.insert(r.id) {
            return Err(bad(
                format!("{at}.relationship.id"),
                format!("{at}: a second relationship with id {}", r.id),
            ));
        }
        let row = format!("{at} (id {})", r.id);
        person(
            format!("{at}.relationship.person_a"),
            format!("person_a of {row}"),
            r.person_a,
        )?;
        person(
            format!("{at}.relationship.person_b"),
            format!("person_b of {row}"),
            r.person_b,
        )?;
        if r.person_a >= r.person_b {
            return Err(bad(
                format!("{at}.relationship.person_b"),
                format!(
                    "{row} relates {} and {}; person_a must be the smaller id",
                    r.person_a, r.person_b
                ),
            ));
        }
        if !pairs.insert((r.person_a, r.person_b)) {
            return Err(bad(
                format!("{at}.relationship"),
                format!(
                    "{row}: a second relationship between {} and {}",
                    r.person_a, r.person_b
                ),
            ));
        }
        match (r.strength_override, &r.override_reason) {
            (Some(s), Some(_)) if !(0.0..=1.0).contains(&s) => {
                return Err(bad(
                    format!("{at}.relationship.strength_override"),
                    format!("{row} has strength override {s}; it must be in [0, 1]"),
                ));
            }
            (Some(_), None) | (None, Some(_)) => {
                return Err(bad(
                    format!("{at}.relationship.override_reason"),
                    format!("{row}: a strength override and its reason go together"),
                ));
            }
            _ => {}
        }
        if let Some(s) = &t.summary
            && ![s.w_a, s.w_b, s.w_shared]
                .iter()
                .all(|w| w.is_finite() && *w >= 0.0)
        {
            return Err(bad(
                format!("{at}.summary"),
                format!("{row} has a summary with a negative or infinite weight"),
            ));
        }
    }

    let mut interactions = HashSet::new();
    for (i, x) in b.interactions.iter().enumerate() {
        let at = format!("interactions[{i}]");
        positive("interactions", i, x.id)?;
        if !interactions.insert(x.id) {
            return Err(bad(
                format!("{at}.id"),
                format!("{at}: a second interaction with id {}", x.id),
            ));
        }
        let mut seen = HashSet::new();
        for (j, p) in x.participants.iter().enumerate() {
            person(
                format!("{at}.participants[{j}]"),
                format!("participant {j} of {at} (id {})", x.id),
                *p,
            )?;
            if !seen.insert(*p) {
                return Err(bad(
                    format!("{at}.participants[{j}]"),
                    format!("{at} (id {}) lists person {p} twice", x.id),
                ));
            }
        }
        if let Some(p) = x.initiator_id {
            person(
                format!("{at}.initiator_id"),
                format!("the initiator of {at} (id {})", x.id),
                p,
            )?;
        }
    }

    crate::restore_rows::check(b)?;
    let taxonomy = &sphere_sensitivity::engine()?.taxonomy;
    let mut facts = HashSet::new();
    for (i, f) in b.facts.iter().enumerate() {
        let at = format!("facts[{i}]");
        positive("facts", i, f.id)?;
        if !facts.insert(f.id) {
            return Err(bad(
                format!("{at}.id"),
                format!("{at}: a second fact with id {}", f.id),
            ));
        }
        person(
            format!("{at}.person_id"),
            format!("the subject of {at} (id {})", f.id),
            f.person_id,
        )?;
        if taxonomy.get(&f.category).is_none() {
            return Err(bad(
                format!("{at}.category"),
                format!(
                    "{at} (id {}) is in the unknown category `{}`; expected one of: {}",
                    f.id,
                    f.category,
                    taxonomy.ids()
                ),
            ));
        }
        if f.value.trim().is_empty() {
            return Err(bad(
                format!("{at}.value"),
                format!("{at} (id {}) has no value", f.id),
            ));
        }
        if let Some(t) = f.told_by {
            person(
                format!("{at}.told_by"),
                format!("who told {at} (id {})", f.id),
                t,
            )?;
        }
    }

    let mut keys = HashSet::new();
    for (i, k) in b.person_keys.iter().enumerate() {
        let at = format!("person_keys[{i}]");
        if k.source.is_empty() || k.key.is_empty() {
            return Err(bad(
                format!(
                    "{at}.{}",
                    if k.source.is_empty() { "source" } else { "key" }
                ),
                format!("{at} has an empty source or key"),
            ));
        }
        if !keys.insert((&k.source, &k.key)) {
            return Err(bad(
                format!("{at}.key"),
                format!("{at}: the key `{}` of source `{}` twice", k.key, k.source),
            ));
        }
        person(
            format!("{at}.person_id"),
            format!("the owner of {at}"),
            k.person_id,
        )?;
    }

    let mut settings = HashSet::new();
    for (i, s) in b.settings.iter().enumerate() {
        if !settings.insert(&s.key) {
            return Err(bad(
                format!("settings[{i}].key"),
                format!("settings[{i}]: the setting `{}` twice", s.key),
            ));
        }
    }

    let mut photo_people = HashSet::new();
    let mut files = Vec::new();
    for (i, p) in b.photos.iter().enumerate() {
        let at = format!("photos[{i}]");
        person(
            format!("{at}.person_id"),
            format!("the subject of {at}"),
            p.person_id,
        )?;
        if !photo_people.insert(p.person_id) {
            return Err(bad(
                format!("{at}.person_id"),
                format!("{at}: a second photo of person {}", p.person_id),
            ));
        }
        if !safe_file_name(&p.file) {
            return Err(bad(
                format!("{at}.file"),
                format!(
                    "{at} has the file name `{}`; a photo is a plain file name in the photos folder",
                    p.file
                ),
            ));
        }
        if let Some(data) = &p.data {
            let bytes = BASE64.decode(data.as_bytes()).map_err(|e| {
                bad(
                    format!("{at}.data"),
                    format!("{at} (`{}`) is not base64: {e}", p.file),
                )
            })?;
            files.push((p.file.clone(), bytes));
        }
    }

    let mut aliases = HashSet::new();
    for (i, a) in b.organization_aliases.iter().enumerate() {
        let at = format!("organization_aliases[{i}]");
        if a.alias_key.trim().is_empty() || !aliases.insert(a.alias_key.as_str()) {
            return Err(bad(
                format!("{at}.alias_key"),
                format!("{at}: the alias key is empty or appears twice"),
            ));
        }
        if !orgs.contains(&a.organization_id) {
            return Err(bad(
                format!("{at}.organization_id"),
                format!("{at}: no organization with id {}", a.organization_id),
            ));
        }
    }
    Ok(files)
}
