//! The demo's target accounts, so the manager's views have something of each to show: about
//! ten accounts with owners on the team, tiers 1 to 3 and notes, one or more of every verdict
//! (multi-threaded, single-threaded on either side, no thread, no path, unknown), confirmed
//! roles for some people there (so role coverage has hits and gaps), and five past weeks of
//! figures so the trend has a shape.
//!
//! Made through the commands (`target_set`, `role_set`, `tie_create`, …) like a user's would
//! be; only the past weeks are written straight to the store, as no command writes history.
//! Accounts are chosen by the verdict the network gives them (found with `account_get`), so
//! the mix holds for any seed the network offers it; two verdicts are made on purpose: an
//! account reached by nobody within three ties (a new organization from the target list), and
//! one whose verdict hangs on a colleague's imported connection with no contact on record.
//! Deterministic for a seed and `now`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::coverage::week_of;
use crate::{AccountDetail, IdRequest, OrgQuery, RoleSetRequest, Sphere};
use sphere_domain::account::{AccountRole, StrengthBand, TargetInput, Verdict};
use sphere_domain::error::{ApiError, CoreResult};
use sphere_domain::validate;
use sphere_domain::{
    Id, OrganizationInput, PersonInput, PersonQuery, RelationshipInput, Ring, TieKind,
};
use sphere_store as store;
use sphere_store::accounts::{self as store_accounts, WeekRow};

/// Mixed into the seed for this step's own random source.
const SALT: u64 = 0x7a76_e75e;

/// How many accounts of each verdict the network's own accounts give (the last no-thread
/// account becomes the unknown one).
const WANTED: &[(Verdict, usize)] = &[
    (Verdict::MultiThreaded, 2),
    (Verdict::SingleTheirs, 2),
    (Verdict::SingleOurs, 2),
    (Verdict::NoThread, 3),
];

/// Past weeks of figures written before this week's (which the first look records).
const PAST_WEEKS: i64 = 5;

/// What an account manager writes on an account: professional, never personal.
const NOTES: &[&str] = &[
    "Renewal in Q3; expand from the finance team to operations.",
    "New CIO since spring; they are re-tendering the planning tools.",
    "Pilot with the data team ended well; the business case is with procurement.",
    "Lost to a competitor two years ago; their contract ends next year.",
    "Strategic logo for the region; the board wants one reference customer here.",
    "Inbound interest from their engineering leads after our conference talk.",
    "They are consolidating vendors; we need a sponsor above the director level.",
    "Procurement runs an RFP every autumn; get on the list before September.",
    "Existing customer of our partner; ask for an introduction through them.",
];

/// The organization made for the account nobody reaches: from the target list, with people
/// known by name from its website.
const UNREACHED: (&str, &str) = ("Kingsmere Aerospace", "kingsmere-aero.com");
const UNREACHED_NOTE: &str =
    "From the target list: a good fit on paper; nobody on the team has spoken to them yet.";

pub(crate) fn add(
    sphere: &Sphere,
    seed: u64,
    me: Id,
    now: DateTime<Utc>,
    unreached: Id,
) -> Result<(), ApiError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SALT);
    let colleagues = sphere.store()?.graph.team();
    let mut owners = vec![me];
    owners.extend(colleagues.iter().copied().filter(|&c| c != me));
    let my_org = sphere.resolve_person(&me.to_string())?.organization_id;

    // The network's own accounts, by the verdict it gives them: each marked for a moment
    // (looking at an account records nothing) and kept while its verdict is wanted.
    let mut candidates: Vec<Id> = sphere
        .org_list(OrgQuery::default())?
        .into_iter()
        .filter(|o| {
            Some(o.organization.id) != my_org
                && o.people_count >= 2
                && o.organization.name != UNREACHED.0
        })
        .map(|o| o.organization.id)
        .collect();
    candidates.sort_unstable();
    candidates.shuffle(&mut rng);
    let mut wanted: Vec<(Verdict, usize)> = WANTED.to_vec();
    let mut chosen: Vec<Id> = Vec::new();
    let mut no_thread: Vec<Id> = Vec::new();
    for &org in &candidates {
        if wanted.iter().all(|(_, n)| *n == 0) {
            break;
        }
        mark(sphere, org, 2, None, "")?;
        let verdict = sphere.account_get(IdRequest { id: org })?.account.verdict;
        match wanted.iter_mut().find(|(v, n)| *v == verdict && *n > 0) {
            Some((_, n)) => {
                *n -= 1;
                chosen.push(org);
                if verdict == Verdict::NoThread {
                    no_thread.push(org);
                }
            }
            None => {
                sphere.target_remove(IdRequest { id: org })?;
            }
        }
    }
    // One no-thread account hangs on a colleague's connection imported without contact.
    if no_thread.len() >= 2
        && let Some(&org) = no_thread.last()
    {
        hide_a_tie(sphere, org, &colleagues, now)?;
    }
    // The account nobody reaches, written with the network (see `write_unreached`).
    chosen.push(unreached);

    // Tiers, owners and notes, in a fixed order so the same seed gives the same accounts.
    for (i, &org) in chosen.iter().enumerate() {
        let tier = 1 + (i % 3) as u8;
        let owner = owners[rng.random_range(0..owners.len())];
        let note = if org == unreached {
            UNREACHED_NOTE
        } else {
            NOTES[i % NOTES.len()]
        };
        mark(sphere, org, tier, Some(owner), note)?;
        confirm_roles(sphere, &mut rng, org)?;
    }
    write_history(sphere, &chosen, now)
}

fn mark(sphere: &Sphere, org: Id, tier: u8, owner: Option<Id>, note: &str) -> Result<(), ApiError> {
    sphere.target_set(TargetInput {
        organization_id: org,
        owner_id: owner,
        tier: Some(tier),
        note: Some(note.to_string()),
    })?;
    Ok(())
}

fn people_at(sphere: &Sphere, org: Id) -> Result<Vec<Id>, ApiError> {
    let mut ids: Vec<Id> = sphere
        .person_list(PersonQuery {
            organization_id: Some(org),
            limit: Some(1000),
            ..PersonQuery::default()
        })?
        .items
        .iter()
        .map(|p| p.id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// A colleague's LinkedIn connection at `org`, imported with no interaction: a tie whose
/// contact Sphere cannot see. Kept only where it leaves the verdict unknown.
fn hide_a_tie(
    sphere: &Sphere,
    org: Id,
    colleagues: &[Id],
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let detail = sphere.account_get(IdRequest { id: org })?;
    for p in &detail.people {
        for &c in colleagues {
            if p.covered_by.iter().any(|b| b.member.id == c) {
                continue;
            }
            let tie = sphere.tie_create(RelationshipInput {
                person_a: c,
                person_b: p.person.id,
                kind: TieKind::Acquaintance,
                since: Some((now - Duration::days(900)).date_naive()),
                how_met: Some("LinkedIn connection, from their contacts export".into()),
                strength_override: None,
                override_reason: None,
            })?;
            if sphere.account_get(IdRequest { id: org })?.account.verdict == Verdict::Unknown {
                return Ok(());
            }
            sphere.tie_delete(IdRequest { id: tie.id })?;
        }
    }
    Ok(())
}

/// The account nobody on the team reaches within three ties, in one transaction (a kill leaves
/// all of it or none): its people know each other, and one of them an independent consultant,
/// who knows an investor, who knows someone in the network (four ties at least from anyone on
/// the team). Written right after the network, under the same lock, so nobody sees the demo's
/// people grow afterwards. Returns the organization's id and everyone it added (the later
/// steps leave them alone, so it stays out of reach).
pub(crate) fn write_unreached(conn: store::Db<'_>, today: NaiveDate) -> CoreResult<(Id, Vec<Id>)> {
    let org = store::insert_organization(
        conn,
        &validate::organization(&OrganizationInput {
            name: UNREACHED.0.into(),
            domain: Some(UNREACHED.1.into()),
            industry: Some("Aerospace".into()),
            size: Some("1001-5000".into()),
            location: Some("Toulouse, France".into()),
        })?,
    )?;
    // Someone in the network the investor knows: the last person written who is neither you
    // nor on the team.
    let mut outsider = None;
    let mut id = store::list_people(conn, &PersonQuery::default())?.total as Id;
    while outsider.is_none() && id > 0 {
        if let Ok(p) = store::get_person(conn, id)
            && !p.is_team
            && p.ring != Ring::Centre
        {
            outsider = Some(p.id);
        }
        id -= 1;
    }
    let person = |first: &str, last: &str, title: &str, at: Option<Id>| -> CoreResult<Id> {
        let emails = match at {
            Some(_) => vec![format!(
                "{}.{}@{}",
                first.to_lowercase(),
                last.to_lowercase(),
                UNREACHED.1
            )],
            None => Vec::new(),
        };
        let clean = validate::person(&PersonInput {
            first_name: first.into(),
            last_name: Some(last.into()),
            emails: Some(emails),
            title: Some(title.into()),
            organization_id: at,
            ..PersonInput::default()
        })?;
        Ok(store::insert_person(conn, &clean)?.id)
    };
    let cto = person(
        "Helene",
        "Marchetti",
        "Chief Technology Officer",
        Some(org.id),
    )?;
    let buyer = person("Ravi", "Castellano", "VP Procurement", Some(org.id))?;
    let director = person("Ines", "Valdivia", "Director of Engineering", Some(org.id))?;
    let consultant = person("Tobias", "Lindqvist", "Independent consultant", None)?;
    let investor = person("Marguerite", "Olawale", "Angel investor", None)?;
    let since = today - Duration::days(1500);
    let tie = |a: Id, b: Id, kind: TieKind, how: &str| -> CoreResult<()> {
        let clean = validate::relationship_at(
            &RelationshipInput {
                person_a: a,
                person_b: b,
                kind,
                since: Some(since),
                how_met: Some(how.into()),
                strength_override: None,
                override_reason: None,
            },
            today,
        )?;
        store::insert_tie(conn, &clean)?;
        Ok(())
    };
    tie(cto, buyer, TieKind::Colleague, "work together")?;
    tie(cto, director, TieKind::Colleague, "work together")?;
    tie(
        director,
        consultant,
        TieKind::FormerColleague,
        "an earlier employer",
    )?;
    tie(
        consultant,
        investor,
        TieKind::Friend,
        "an industry association",
    )?;
    if let Some(other) = outsider {
        tie(investor, other, TieKind::Acquaintance, "a startup board")?;
    }
    Ok((org.id, vec![cto, buyer, director, consultant, investor]))
}

/// Confirms what titles suggest for about half the people at an account, and a champion
/// among those the team has a thread with, so role coverage shows hits and gaps.
fn confirm_roles(sphere: &Sphere, rng: &mut ChaCha8Rng, org: Id) -> Result<(), ApiError> {
    let detail = sphere.account_get(IdRequest { id: org })?;
    let champion = detail
        .people
        .iter()
        .find(|p| p.covered_by.iter().any(|c| c.thread))
        .map(|p| p.person.id);
    for id in people_at(sphere, org)? {
        let mut roles = sphere.role_get(IdRequest { id })?.suggested;
        if !rng.random_bool(0.55) {
            roles.clear();
        }
        if Some(id) == champion && !roles.contains(&AccountRole::Champion) {
            roles.push(AccountRole::Champion);
        }
        if !roles.is_empty() {
            sphere.role_set(RoleSetRequest {
                person_id: id,
                roles,
            })?;
        }
    }
    Ok(())
}

/// Five past weeks per account, consistent with where it stands now: a multi-threaded account
/// had one of us holding every thread until a colleague met someone there; a single-threaded
/// one had another thread until it went cold; a no-thread account had one until a month ago.
fn write_history(sphere: &Sphere, accounts: &[Id], now: DateTime<Utc>) -> Result<(), ApiError> {
    let this_week = week_of(now);
    let mut rows = Vec::new();
    for &org in accounts {
        let AccountDetail { account: a, .. } = sphere.account_get(IdRequest { id: org })?;
        let band = a.best.as_ref().map(|b| b.band);
        for back in 1..=PAST_WEEKS {
            let week = this_week - Duration::weeks(back);
            let (verdict, threads, covered, best_band) = match a.verdict {
                Verdict::MultiThreaded if back >= 3 => (
                    Verdict::SingleOurs,
                    a.threads.saturating_sub(1).max(2),
                    a.roles_covered.saturating_sub(1),
                    band,
                ),
                Verdict::SingleTheirs | Verdict::SingleOurs if back >= 4 => {
                    (Verdict::MultiThreaded, a.threads + 1, a.roles_covered, band)
                }
                Verdict::NoThread if back >= 4 => (
                    Verdict::SingleTheirs,
                    1,
                    a.roles_covered,
                    Some(StrengthBand::Medium),
                ),
                _ => (a.verdict, a.threads, a.roles_covered, band),
            };
            rows.push(WeekRow {
                organization_id: org,
                week,
                verdict,
                threads,
                best_band,
                roles_covered: covered,
                roles_required: a.roles_required,
            });
        }
    }
    let mut core = sphere.store()?;
    core.write(
        |tx| Ok(store_accounts::write_week(tx, &rows)?),
        |_, _, _| Ok(()),
    )?;
    Ok(())
}
