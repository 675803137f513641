//! A list of target accounts (CSV), matched to organizations with the import's rules: by
//! domain (an organization's own, else the one most of the people with email at that domain
//! work at; free mail providers never match), then by name as imports match names (case,
//! punctuation, legal suffixes, a leading "The", other spellings the user wrote out). What
//! matches nothing becomes a new organization. The preview writes nothing; the commit writes
//! everything in one transaction, or nothing when a line is wrong.

use std::collections::HashMap;

use super::types::*;
use super::{CoreGuard, check_owner};
use sphere_domain::account::{TIERS, TargetInput};
use sphere_domain::error::{ApiError, CoreError};
use sphere_domain::validate;
use sphere_domain::{Id, OrganizationInput, PersonRef};
use sphere_import::orgs;
use sphere_store::{self as store, accounts as store_accounts};

/// The most lines a target list may have.
pub const MAX_LINES: usize = 10_000;
/// The largest target list, in bytes.
pub const MAX_BYTES: usize = 8 << 20;

/// Mail providers whose domain says nothing about where someone works.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "ymail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "t-online.de",
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "163.com",
    "126.com",
    "fastmail.com",
    "hey.com",
    "zoho.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "btinternet.com",
    "comcast.net",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Domain,
    Tier,
    Owner,
    Note,
}

fn column_of(header: &str) -> Option<Column> {
    let h: String = header
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    Some(match h.as_str() {
        "name" | "company" | "companyname" | "account" | "accountname" | "organization"
        | "organisation" | "organizationname" | "organisationname" | "org" | "customer"
        | "target" | "targetaccount" => Column::Name,
        "domain" | "website" | "url" | "web" | "site" | "companydomain" | "companywebsite"
        | "websiteurl" | "domainname" => Column::Domain,
        "tier" | "priority" | "accounttier" => Column::Tier,
        "owner" | "accountowner" | "rep" | "ae" | "assignedto" | "ownername" => Column::Owner,
        "note" | "notes" | "comment" | "comments" | "description" => Column::Note,
        _ => return None,
    })
}

/// A web address or domain as a bare domain (`https://www.Acme.com/about` → `acme.com`), or
/// `None` when the text is not one.
pub fn domain_of(text: &str) -> Option<String> {
    let t = text.trim().to_lowercase();
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(&t);
    let t = t.split(['/', '?', '#']).next().unwrap_or("");
    let t = t.split(':').next().unwrap_or("");
    let t = t.rsplit('@').next().unwrap_or("");
    let t = t.strip_prefix("www.").unwrap_or(t).trim_end_matches('.');
    let labels: Vec<&str> = t.split('.').collect();
    let ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().all(char::is_alphabetic) && tld.chars().count() >= 2);
    ok.then(|| t.to_string())
}

/// A name for an organization known only by its domain: `acme-labs.co.uk` → "Acme Labs".
fn name_from_domain(domain: &str) -> String {
    let first = domain.split('.').next().unwrap_or(domain);
    first
        .split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One write of the commit.
#[derive(Debug, Clone)]
enum Write {
    Target(TargetInput),
    Create {
        name: String,
        domain: String,
        target: TargetInput,
    },
}

pub(super) struct Plan {
    rows: Vec<TargetImportRow>,
    writes: Vec<Write>,
}

impl Plan {
    pub(super) fn preview(&self) -> TargetImportPreview {
        let count =
            |o: TargetImportOutcome| self.rows.iter().filter(|r| r.outcome == o).count() as u32;
        TargetImportPreview {
            mark: count(TargetImportOutcome::Mark),
            update: count(TargetImportOutcome::Update),
            create: count(TargetImportOutcome::Create),
            duplicate: count(TargetImportOutcome::Duplicate),
            errors: count(TargetImportOutcome::Error),
            rows: self.rows.clone(),
        }
    }
}

/// The delimiter a spreadsheet used: `;` or a tab when the first line has more of them than
/// commas (European Excel writes `;`).
fn delimiter(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.matches(c).count();
    if count('\t') > count(',') && count('\t') >= count(';') {
        b'\t'
    } else if count(';') > count(',') {
        b';'
    } else {
        b','
    }
}

/// The team as owners can be named: by full name, by first name when unique, by email.
struct Owners {
    by_key: HashMap<String, Vec<PersonRef>>,
}

impl Owners {
    fn new(core: &CoreGuard<'_>) -> Result<Self, ApiError> {
        let db = core.db();
        let (_, team) = super::team(core)?;
        let mut by_key: HashMap<String, Vec<PersonRef>> = HashMap::new();
        for p in team {
            let person = store::get_person(db, p.id)?;
            let mut keys = vec![
                p.display_name.to_lowercase(),
                person.first_name.to_lowercase(),
            ];
            keys.extend(person.emails.iter().map(|e| e.to_lowercase()));
            keys.sort();
            keys.dedup();
            for k in keys {
                by_key.entry(k).or_default().push(p.clone());
            }
        }
        Ok(Self { by_key })
    }

    fn find(&self, text: &str) -> Result<PersonRef, String> {
        let key = text.trim().to_lowercase();
        match self.by_key.get(&key).map(Vec::as_slice) {
            Some([one]) => Ok(one.clone()),
            Some(many) if many.len() > 1 => Err(format!(
                "owner `{}` names {} people on the team; write the full name",
                text.trim(),
                many.len()
            )),
            _ => Err(format!(
                "owner `{}` is not on the team (you or a colleague marked as team)",
                text.trim()
            )),
        }
    }
}

/// Reads the list and decides each line against what is stored.
pub(super) fn plan(core: &CoreGuard<'_>, req: &TargetImportRequest) -> Result<Plan, ApiError> {
    let default_tier = req.tier.unwrap_or(2);
    if !TIERS.contains(&default_tier) {
        return Err(ApiError::invalid(
            "tier",
            format!("tier must be 1 to 3, got {default_tier}"),
        ));
    }
    check_owner(core, req.owner_id)?;
    let default_owner = req
        .owner_id
        .map(|o| store::person_ref(core.db(), o))
        .transpose()?;
    if req.text.len() > MAX_BYTES {
        return Err(ApiError::invalid(
            "text",
            format!(
                "the list is {} MB; the limit is {} MB (split it)",
                req.text.len() >> 20,
                MAX_BYTES >> 20
            ),
        ));
    }
    let text = req.text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ApiError::invalid(
            "text",
            "the list is empty: one account per line, by name or domain",
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            ApiError::invalid(
                "text",
                format!("line {}: the list cannot be read as CSV: {e}", i + 1),
            )
        })?;
        let line = rec.position().map_or(i as u64 + 1, |p| p.line()) as u32;
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        records.push((line, cells));
        if records.len() > MAX_LINES + 1 {
            return Err(ApiError::invalid(
                "text",
                format!("the list has more than {MAX_LINES} lines; split it"),
            ));
        }
    }
    let db = core.db();
    let lookup = Lookup::read(db)?;
    // A header names the name or the domain column, and another column; a first line of one
    // cell is a header only when it is a column's usual name and no organization's ("Target"
    // and "Customer" are companies too).
    let header: Option<Vec<Option<Column>>> = records.first().and_then(|(_, cells)| {
        let cols: Vec<Option<Column>> = cells.iter().map(|c| column_of(c)).collect();
        let named = cols.iter().filter(|c| c.is_some()).count();
        let key_column = cols
            .iter()
            .any(|c| matches!(c, Some(Column::Name | Column::Domain)));
        let filled: Vec<&String> = cells.iter().filter(|c| !c.is_empty()).collect();
        let lone_header = match filled.as_slice() {
            [one] => {
                let word: String = one
                    .to_lowercase()
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                !matches!(word.as_str(), "target" | "customer" | "org")
                    && lookup.find(None, Some(one)).is_none()
            }
            _ => false,
        };
        (key_column && (named >= 2 || lone_header)).then_some(cols)
    });
    let body = if header.is_some() {
        &records[1..]
    } else {
        &records[..]
    };

    let targets: HashMap<Id, sphere_domain::account::Target> = store_accounts::targets(db)?
        .into_iter()
        .map(|t| (t.organization_id, t))
        .collect();
    let owners = Owners::new(core)?;
    let mut seen_orgs: HashMap<Id, u32> = HashMap::new();
    let mut seen_new: HashMap<String, u32> = HashMap::new();
    let mut rows = Vec::new();
    let mut writes = Vec::new();
    for (line, cells) in body {
        let mut name = None;
        let mut domain_text = None;
        let mut tier_text = None;
        let mut owner_text = None;
        let mut note = String::new();
        match &header {
            Some(cols) => {
                for (cell, col) in cells.iter().zip(cols) {
                    if cell.is_empty() {
                        continue;
                    }
                    match col {
                        Some(Column::Name) => name = Some(cell.clone()),
                        Some(Column::Domain) => domain_text = Some(cell.clone()),
                        Some(Column::Tier) => tier_text = Some(cell.clone()),
                        Some(Column::Owner) => owner_text = Some(cell.clone()),
                        Some(Column::Note) => note = cell.clone(),
                        None => {}
                    }
                }
            }
            // No header: each cell is read for what it is.
            None => {
                for cell in cells.iter().filter(|c| !c.is_empty()) {
                    if domain_text.is_none() && !cell.contains(' ') && domain_of(cell).is_some() {
                        domain_text = Some(cell.clone());
                    } else if tier_text.is_none() && validate::tier("tier", cell).is_ok() {
                        tier_text = Some(cell.clone());
                    } else if name.is_none() {
                        name = Some(cell.clone());
                    }
                }
            }
        }
        let mut row = TargetImportRow {
            line: *line,
            name: name.clone(),
            domain: None,
            tier: default_tier,
            owner: default_owner.clone(),
            note: note.clone(),
            outcome: TargetImportOutcome::Error,
            organization: None,
            matched_by: None,
            message: None,
        };
        let problem = (|| -> Result<(), String> {
            if let Some(d) = &domain_text {
                row.domain = Some(
                    domain_of(d).ok_or_else(|| format!("`{d}` is not a web domain or address"))?,
                );
            }
            if let Some(n) = &name {
                validate::line("name", n, true).map_err(message)?;
            }
            if name.is_none() && row.domain.is_none() {
                return Err("no name or domain on this line".to_string());
            }
            if let Some(t) = &tier_text {
                row.tier = validate::tier("tier", t).map_err(message)?;
            }
            if let Some(o) = &owner_text {
                row.owner = Some(owners.find(o)?);
            }
            validate::text("note", &note, false).map_err(message)?;
            Ok(())
        })();
        if let Err(m) = problem {
            row.message = Some(m);
            rows.push(row);
            continue;
        }
        let target = TargetInput {
            organization_id: 0,
            owner_id: row.owner.as_ref().map(|o| o.id),
            tier: Some(row.tier),
            note: Some(note.clone()),
        };
        match lookup.find(row.domain.as_deref(), name.as_deref()) {
            Some((org, how)) => {
                row.organization = Some(lookup.org_ref(org));
                row.matched_by = Some(how);
                if let Some(first) = seen_orgs.get(&org) {
                    row.outcome = TargetImportOutcome::Duplicate;
                    row.message = Some(format!("line {first} already names this account"));
                } else if let Some(stored) = targets.get(&org) {
                    // An account already marked keeps what its line does not say (the
                    // list's defaults are for new accounts).
                    seen_orgs.insert(org, *line);
                    row.outcome = TargetImportOutcome::Update;
                    if tier_text.is_none() {
                        row.tier = stored.tier;
                    }
                    if owner_text.is_none() {
                        row.owner = stored
                            .owner_id
                            .map(|o| store::person_ref(db, o))
                            .transpose()?;
                    }
                    if note.is_empty() {
                        row.note = stored.note.clone();
                    }
                    writes.push(Write::Target(TargetInput {
                        organization_id: org,
                        owner_id: row.owner.as_ref().map(|o| o.id),
                        tier: Some(row.tier),
                        note: Some(row.note.clone()),
                    }));
                } else {
                    seen_orgs.insert(org, *line);
                    row.outcome = TargetImportOutcome::Mark;
                    writes.push(Write::Target(TargetInput {
                        organization_id: org,
                        ..target
                    }));
                }
            }
            None => {
                let new_name = name
                    .clone()
                    .or_else(|| row.domain.as_deref().map(name_from_domain))
                    .unwrap_or_default();
                let key = orgs::key(&new_name);
                if let Some(first) = seen_new.get(&key) {
                    row.outcome = TargetImportOutcome::Duplicate;
                    row.message = Some(format!("line {first} already names this account"));
                } else {
                    seen_new.insert(key, *line);
                    row.outcome = TargetImportOutcome::Create;
                    row.name = Some(new_name.clone());
                    writes.push(Write::Create {
                        name: new_name,
                        domain: row.domain.clone().unwrap_or_default(),
                        target,
                    });
                }
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(ApiError::invalid(
            "text",
            "the list names no account: one per line, by name or domain",
        ));
    }
    Ok(Plan { rows, writes })
}

fn message(e: CoreError) -> String {
    match e {
        CoreError::Invalid { message, .. } => message,
        other => other.to_string(),
    }
}

/// What organizations are matched against, read once.
struct Lookup {
    names: HashMap<Id, (String, String)>,
    by_domain: HashMap<String, Id>,
    by_key: HashMap<String, Id>,
    by_alias: HashMap<String, Id>,
    /// The organization most people with email at a domain work at.
    by_mail: HashMap<String, Id>,
}

impl Lookup {
    fn read(db: store::Db<'_>) -> Result<Self, ApiError> {
        let snap = store::imports::import_snapshot(db, &[])?;
        let mut names = HashMap::new();
        let mut by_domain = HashMap::new();
        let mut by_key = HashMap::new();
        for (id, name) in &snap.organizations {
            let org = store::get_organization(db, *id)?;
            if !org.domain.is_empty() {
                by_domain.entry(org.domain.to_lowercase()).or_insert(*id);
            }
            by_key.entry(orgs::key(name)).or_insert(*id);
            names.insert(*id, (name.clone(), org.domain));
        }
        let by_alias = snap
            .aliases
            .iter()
            .map(|(k, id, _)| (k.clone(), *id))
            .collect();
        let mut counts: HashMap<(String, Id), usize> = HashMap::new();
        for p in &snap.people {
            let Some(org) = p.organization_id else {
                continue;
            };
            for e in &p.emails {
                if let Some((_, d)) = e.rsplit_once('@') {
                    let d = d.trim().to_lowercase();
                    if !FREE_MAIL.contains(&d.as_str()) {
                        *counts.entry((d, org)).or_default() += 1;
                    }
                }
            }
        }
        let mut best: HashMap<String, (usize, Id)> = HashMap::new();
        for ((d, org), n) in counts {
            let slot = best.entry(d).or_insert((0, org));
            if n > slot.0 || (n == slot.0 && org < slot.1) {
                *slot = (n, org);
            }
        }
        Ok(Self {
            names,
            by_domain,
            by_key,
            by_alias,
            by_mail: best.into_iter().map(|(d, (_, org))| (d, org)).collect(),
        })
    }

    fn find(&self, domain: Option<&str>, name: Option<&str>) -> Option<(Id, String)> {
        if let Some(d) = domain {
            if let Some(&id) = self.by_domain.get(d) {
                return Some((id, format!("domain {d}")));
            }
            if !FREE_MAIL.contains(&d)
                && let Some(&id) = self.by_mail.get(d)
            {
                return Some((id, format!("people's email at {d}")));
            }
        }
        let name = name?;
        let key = orgs::key(name);
        if key.is_empty() {
            return None;
        }
        if let Some(&id) = self.by_key.get(&key) {
            return Some((id, "name".to_string()));
        }
        self.by_alias
            .get(&key)
            .map(|&id| (id, "another spelling you wrote out".to_string()))
    }

    fn org_ref(&self, id: Id) -> OrgRef {
        let (name, domain) = self.names.get(&id).cloned().unwrap_or_default();
        OrgRef { id, name, domain }
    }
}

/// Writes the plan in one transaction; refuses, writing nothing, when a line is wrong.
pub(super) fn commit(core: &mut CoreGuard<'_>, plan: Plan) -> Result<TargetImportResult, ApiError> {
    if let Some(bad) = plan
        .rows
        .iter()
        .find(|r| r.outcome == TargetImportOutcome::Error)
    {
        return Err(ApiError::invalid(
            format!("line {}", bad.line),
            format!(
                "line {}: {}; nothing was imported",
                bad.line,
                bad.message.as_deref().unwrap_or("cannot be read")
            ),
        ));
    }
    let now = core.now();
    let preview = plan.preview();
    let writes = plan.writes;
    core.write(
        |tx| {
            for w in &writes {
                let (org, target) = match w {
                    Write::Target(t) => (t.organization_id, t.clone()),
                    Write::Create {
                        name,
                        domain,
                        target,
                    } => {
                        let clean = validate::organization(&OrganizationInput {
                            name: name.clone(),
                            domain: (!domain.is_empty()).then(|| domain.clone()),
                            ..OrganizationInput::default()
                        })?;
                        let org = store::insert_organization(tx, &clean)?;
                        (org.id, target.clone())
                    }
                };
                let clean = validate::target(&TargetInput {
                    organization_id: org,
                    ..target
                })?;
                store_accounts::set_target(tx, &clean, now)?;
            }
            Ok(())
        },
        |_, _, _| Ok(()),
    )?;
    let targets = store_accounts::targets(core.db())?.len() as u32;
    Ok(TargetImportResult {
        marked: preview.mark,
        updated: preview.update,
        created: preview.create,
        targets,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_read_from_addresses_and_urls() {
        let cases = [
            ("acme.com", Some("acme.com")),
            ("https://www.Acme.com/about?x=1", Some("acme.com")),
            ("http://shop.acme.co.uk:8080/", Some("shop.acme.co.uk")),
            ("jane@acme.io", Some("acme.io")),
            ("acme.com.", Some("acme.com")),
            ("Acme Inc", None),
            ("acme", None),
            ("1.5", None),
            ("-acme.com", None),
        ];
        for (text, want) in cases {
            assert_eq!(domain_of(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn names_from_domains_read_as_names() {
        assert_eq!(name_from_domain("acme-labs.co.uk"), "Acme Labs");
        assert_eq!(name_from_domain("globex.com"), "Globex");
    }

    #[test]
    fn headers_are_recognised_in_their_common_spellings() {
        assert_eq!(column_of("Account Name"), Some(Column::Name));
        assert_eq!(column_of("\u{feff}Company"), Some(Column::Name));
        assert_eq!(column_of("Website URL"), Some(Column::Domain));
        assert_eq!(column_of("Account Owner"), Some(Column::Owner));
        assert_eq!(column_of("Priority"), Some(Column::Tier));
        assert_eq!(column_of("Revenue"), None);
    }

    #[test]
    fn the_delimiter_is_sniffed_from_the_first_line() {
        assert_eq!(delimiter("name;domain\nAcme;acme.com"), b';');
        assert_eq!(delimiter("name\tdomain"), b'\t');
        assert_eq!(delimiter("name,domain"), b',');
        assert_eq!(delimiter("Acme"), b',');
    }
}
