//! The demo network: believable, deterministic, and only ever loaded into an empty database.

use std::collections::{HashMap, HashSet, VecDeque};
use std::error::Error;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use sphere_api::domain::{
    Interaction, InteractionKind, Organization, OrganizationInput, Person, PersonInput,
    PersonQuery, Relationship, Ring, TieKind,
};
use sphere_api::{DemoRequest, ErrorKind};
use sphere_domain::error::CoreError;
use sphere_domain::validate;
use sphere_store::{self as store, Store};

type TestResult = Result<(), Box<dyn Error>>;

fn now() -> Result<DateTime<Utc>, Box<dyn Error>> {
    Ok(Utc
        .with_ymd_and_hms(2026, 3, 16, 15, 30, 0)
        .single()
        .ok_or("a valid fixed time")?)
}

fn loaded(seed: u64) -> Result<Store, Box<dyn Error>> {
    let mut store = Store::open_in_memory()?;
    sphere_api::demo::load(&mut store, seed, now()?)?;
    Ok(store)
}

/// Everything stored, with the write timestamps (the only non-deterministic part) blanked.
#[derive(Debug, PartialEq)]
struct Snapshot {
    organizations: Vec<Organization>,
    people: Vec<Person>,
    ties: Vec<Relationship>,
    interactions: Vec<Interaction>,
}

fn snapshot(store: &Store) -> Result<Snapshot, Box<dyn Error>> {
    let conn = store.db();
    let epoch = DateTime::<Utc>::UNIX_EPOCH;
    let organizations = store::list_organizations(conn, None)?
        .into_iter()
        .map(|o| Organization {
            created_at: epoch,
            updated_at: epoch,
            ..o.organization
        })
        .collect();
    let page = store::list_people(
        conn,
        &PersonQuery {
            limit: Some(1000),
            ..Default::default()
        },
    )?;
    assert!(
        page.total as usize == page.items.len(),
        "the snapshot must see every person"
    );
    let mut people = Vec::new();
    for summary in &page.items {
        people.push(Person {
            created_at: epoch,
            updated_at: epoch,
            ..store::get_person(conn, summary.id)?
        });
    }
    people.sort_by_key(|p| p.id);
    let mut ties: Vec<Relationship> = store::list_ties(conn, None)?
        .into_iter()
        .map(|t| Relationship {
            created_at: epoch,
            updated_at: epoch,
            ..t.relationship
        })
        .collect();
    ties.sort_by_key(|t| t.id);
    let mut interactions: Vec<Interaction> = store::list_interactions(conn, None, u32::MAX)?
        .0
        .into_iter()
        .map(|i| Interaction {
            created_at: epoch,
            ..i.interaction
        })
        .collect();
    interactions.sort_by_key(|i| i.id);
    Ok(Snapshot {
        organizations,
        people,
        ties,
        interactions,
    })
}

fn centre_id(snap: &Snapshot) -> Result<i64, Box<dyn Error>> {
    Ok(snap
        .people
        .iter()
        .find(|p| p.ring == Ring::Centre)
        .ok_or("the demo must have a centre person")?
        .id)
}

fn share(snap: &Snapshot, ring: Ring) -> f64 {
    let n = snap.people.iter().filter(|p| p.ring == ring).count();
    n as f64 / snap.people.len() as f64
}

#[test]
fn the_default_network_has_a_believable_size() -> TestResult {
    let mut store = Store::open_in_memory()?;
    let summary = sphere_api::demo::load(&mut store, sphere_api::demo::DEFAULT_SEED, now()?)?;
    let c = summary.counts;
    assert_eq!(summary.seed, sphere_api::demo::DEFAULT_SEED);
    assert_eq!(c, store.counts()?, "the summary reports what was stored");
    assert!(
        (280..=320).contains(&c.people),
        "about 300 people make a sphere big enough to need the app, small enough to scan: {c:?}"
    );
    assert!(
        (35..=45).contains(&c.organizations),
        "about 40 organizations give accounts with several contacts each: {c:?}"
    );
    assert!(
        c.relationships > c.people * 2,
        "a network needs many more ties than people to have paths through it: {c:?}"
    );
    assert!(
        (2500..=6000).contains(&c.interactions),
        "two years of contact with ~300 people is a few thousand interactions: {c:?}"
    );
    assert_eq!(
        summary.me.ring,
        Ring::Centre,
        "`me` is the user at the centre"
    );
    assert!(
        summary.me.organization_name.is_some() && !summary.me.title.is_empty(),
        "the user has a job and a company, like any rep: {:?}",
        summary.me
    );
    Ok(())
}

#[test]
fn rings_are_distributed_like_a_real_sphere() -> TestResult {
    for seed in [sphere_api::demo::DEFAULT_SEED, 1, 99] {
        let snap = snapshot(&loaded(seed)?)?;
        let centres = snap
            .people
            .iter()
            .filter(|p| p.ring == Ring::Centre)
            .count();
        assert_eq!(
            centres, 1,
            "seed {seed}: exactly one user sits at the centre"
        );
        let (inner, outer, beyond) = (
            share(&snap, Ring::Inner),
            share(&snap, Ring::Outer),
            share(&snap, Ring::Beyond),
        );
        assert!(
            (0.10..=0.15).contains(&inner),
            "seed {seed}: the inner ring (active customers) is a small core: {inner:.3}"
        );
        assert!(
            (0.45..=0.55).contains(&outer),
            "seed {seed}: about half are people the user is in touch with: {outer:.3}"
        );
        assert!(
            (0.30..=0.40).contains(&beyond),
            "seed {seed}: a third are known only through someone, the targets of warm paths: {beyond:.3}"
        );
    }
    Ok(())
}

#[test]
fn people_and_organizations_look_real() -> TestResult {
    let snap = snapshot(&loaded(sphere_api::demo::DEFAULT_SEED)?)?;
    let orgs: HashMap<i64, &Organization> = snap.organizations.iter().map(|o| (o.id, o)).collect();
    for o in &snap.organizations {
        let input = OrganizationInput {
            name: o.name.clone(),
            domain: Some(o.domain.clone()),
            industry: Some(o.industry.clone()),
            size: Some(o.size.clone()),
            location: Some(o.location.clone()),
        };
        assert!(
            validate::organization(&input).is_ok(),
            "demo data must pass the same validation as user input: {o:?}"
        );
        assert!(
            !o.domain.is_empty() && !o.industry.is_empty() && !o.size.is_empty(),
            "organizations carry the fields reports use: {o:?}"
        );
        let words: Vec<&str> = o.name.split(' ').collect();
        assert!(
            words.len() >= 2
                && !words
                    .iter()
                    .any(|w| ["Inc", "Inc.", "Corp", "Corp.", "Co.", "Ltd", "LLC"].contains(w)),
            "organization names are written in full so duplicates can be found: {}",
            o.name
        );
    }
    let mut names = HashSet::new();
    let mut with_phone = 0;
    let mut tags: HashSet<&str> = HashSet::new();
    for p in &snap.people {
        let input = PersonInput {
            first_name: p.first_name.clone(),
            last_name: Some(p.last_name.clone()),
            emails: Some(p.emails.clone()),
            phones: Some(p.phones.clone()),
            title: Some(p.title.clone()),
            organization_id: p.organization_id,
            ring: Some(p.ring),
            is_team: Some(p.is_team),
            tags: Some(p.tags.clone()),
            notes: Some(p.notes.clone()),
        };
        assert!(
            validate::person(&input).is_ok(),
            "demo data must pass the same validation as user input: {p:?}"
        );
        assert!(
            names.insert(p.display_name.clone()),
            "duplicate people would look like a data-quality bug: {}",
            p.display_name
        );
        if let Some(org) = p.organization_id.and_then(|o| orgs.get(&o)) {
            let expected = format!(
                "{}.{}@{}",
                p.first_name.to_lowercase(),
                p.last_name.to_lowercase(),
                org.domain
            );
            assert_eq!(
                p.emails.first(),
                Some(&expected),
                "work emails follow first.last@domain"
            );
        }
        with_phone += usize::from(!p.phones.is_empty());
        tags.extend(p.tags.iter().map(String::as_str));
    }
    assert!(
        with_phone > 30 && with_phone < snap.people.len(),
        "some people, not all, have phones: {with_phone}"
    );
    for tag in ["decision-maker", "champion", "investor", "connector"] {
        assert!(
            tags.contains(tag),
            "tag `{tag}` should appear so filters have something to show"
        );
    }
    assert!(
        tags.iter().any(|t| t.starts_with("conference-")),
        "conference attendees are tagged: {tags:?}"
    );
    let with_notes = snap.people.iter().filter(|p| !p.notes.is_empty()).count();
    assert!(with_notes > 30, "some people carry notes: {with_notes}");
    Ok(())
}

#[test]
fn every_contact_is_tied_to_the_user_and_beyond_is_reached_through_someone() -> TestResult {
    let snap = snapshot(&loaded(sphere_api::demo::DEFAULT_SEED)?)?;
    let me = centre_id(&snap)?;
    let ring: HashMap<i64, Ring> = snap.people.iter().map(|p| (p.id, p.ring)).collect();
    let mut adj: HashMap<i64, Vec<i64>> = HashMap::new();
    for t in &snap.ties {
        adj.entry(t.person_a).or_default().push(t.person_b);
        adj.entry(t.person_b).or_default().push(t.person_a);
    }
    let mine: HashSet<i64> = adj.get(&me).into_iter().flatten().copied().collect();
    for p in &snap.people {
        let ties = adj.get(&p.id).map_or(&[][..], Vec::as_slice);
        match p.ring {
            Ring::Centre => {}
            Ring::Inner | Ring::Outer => assert!(
                mine.contains(&p.id),
                "{} is in the {} ring, so the user knows them directly",
                p.display_name,
                p.ring
            ),
            Ring::Beyond => {
                assert!(
                    !mine.contains(&p.id),
                    "{} is beyond: known only through someone, never tied to the user",
                    p.display_name
                );
                assert!(
                    ties.iter().any(|&q| q != me),
                    "{} is beyond, so someone must know them",
                    p.display_name
                );
            }
        }
    }
    // Every person beyond is reachable: a warm path exists to each of them.
    let mut seen = HashSet::from([me]);
    let mut queue = VecDeque::from([me]);
    while let Some(p) = queue.pop_front() {
        for &q in adj.get(&p).into_iter().flatten() {
            if seen.insert(q) {
                queue.push_back(q);
            }
        }
    }
    assert_eq!(
        seen.len(),
        snap.people.len(),
        "every person must be reachable from the user, or warm paths dead-end"
    );
    for i in &snap.interactions {
        if i.participants.contains(&me) {
            let beyond = i
                .participants
                .iter()
                .filter(|p| ring.get(p) == Some(&Ring::Beyond))
                .count();
            assert_eq!(
                beyond, 0,
                "the user has never interacted with anyone beyond: {i:?}"
            );
        }
    }
    Ok(())
}

#[test]
fn contacts_know_each_other_and_a_few_know_many() -> TestResult {
    let snap = snapshot(&loaded(sphere_api::demo::DEFAULT_SEED)?)?;
    let me = centre_id(&snap)?;
    let among: Vec<&Relationship> = snap
        .ties
        .iter()
        .filter(|t| t.person_a != me && t.person_b != me)
        .collect();
    assert!(
        among.len() * 2 > snap.ties.len(),
        "the value is in the cross links: most ties are among contacts ({} of {})",
        among.len(),
        snap.ties.len()
    );
    let kinds: HashSet<TieKind> = among.iter().map(|t| t.kind).collect();
    for kind in [
        TieKind::Colleague,
        TieKind::FormerColleague,
        TieKind::Client,
        TieKind::Partner,
        TieKind::Friend,
        TieKind::Mentor,
        TieKind::Family,
    ] {
        assert!(
            kinds.contains(&kind),
            "contacts should be related as {kind} too, not only to the user"
        );
    }
    let mut degree: HashMap<i64, usize> = HashMap::new();
    for t in &among {
        *degree.entry(t.person_a).or_default() += 1;
        *degree.entry(t.person_b).or_default() += 1;
    }
    let mut degrees: Vec<usize> = degree.values().copied().collect();
    degrees.sort_unstable();
    let median = degrees[degrees.len() / 2];
    let max = degrees.last().copied().unwrap_or(0);
    assert!(
        max >= 4 * median,
        "connectors know far more people than most (heavy tail): max {max}, median {median}"
    );
    let overridden: Vec<&Relationship> = snap
        .ties
        .iter()
        .filter(|t| t.strength_override.is_some())
        .collect();
    assert!(
        (3..=15).contains(&overridden.len())
            && overridden.iter().all(|t| t.override_reason.is_some()),
        "a few manual strengths, each with its reason: {overridden:?}"
    );
    let today = now()?.date_naive();
    assert!(
        snap.ties
            .iter()
            .all(|t| t.since.is_some_and(|s| s < today) && !t.how_met.is_empty()),
        "every tie has a history: since when (in the past) and how they met"
    );
    Ok(())
}

#[test]
fn interactions_cover_two_years_with_realistic_rhythms() -> TestResult {
    let now = now()?;
    let snap = snapshot(&loaded(sphere_api::demo::DEFAULT_SEED)?)?;
    let me = centre_id(&snap)?;
    let first = snap.interactions.iter().map(|i| i.occurred_at).min();
    let last = snap.interactions.iter().map(|i| i.occurred_at).max();
    let (Some(first), Some(last)) = (first, last) else {
        return Err("the demo must have interactions".into());
    };
    assert!(last <= now, "nothing happens after now: {last}");
    assert!(
        now - last < Duration::days(7),
        "the log runs up to now, so the network looks alive: {last}"
    );
    assert!(
        first >= now - Duration::days(735) && first <= now - Duration::days(700),
        "about two years of history: first interaction {first}"
    );
    let weekdays = snap
        .interactions
        .iter()
        .filter(|i| !matches!(i.occurred_at.weekday(), Weekday::Sat | Weekday::Sun))
        .count();
    assert!(
        weekdays * 10 >= snap.interactions.len() * 9,
        "business happens on weekdays: {weekdays} of {}",
        snap.interactions.len()
    );
    let without_me = snap
        .interactions
        .iter()
        .filter(|i| !i.participants.contains(&me))
        .count();
    assert!(
        without_me > 200,
        "contacts interact without the user too, so their ties have strength: {without_me}"
    );
    let intros: Vec<&Interaction> = snap
        .interactions
        .iter()
        .filter(|i| i.kind == InteractionKind::Intro)
        .collect();
    assert!(
        intros.len() >= 10
            && intros
                .iter()
                .all(|i| i.participants.len() == 3 && i.participants.contains(&me)),
        "introductions involve the user and two others: {}",
        intros.len()
    );
    let outcomes = snap
        .interactions
        .iter()
        .filter(|i| i.outcome.is_some())
        .count();
    assert!(
        outcomes > 50,
        "sales meetings record how they ended: {outcomes}"
    );

    // Inner-ring clients hear from the user every few weeks; the outer ring far less often.
    let year_ago = now - Duration::days(365);
    let mut per_person: HashMap<i64, usize> = HashMap::new();
    for i in snap
        .interactions
        .iter()
        .filter(|i| i.occurred_at > year_ago)
    {
        if i.participants.contains(&me) {
            for p in &i.participants {
                *per_person.entry(*p).or_default() += 1;
            }
        }
    }
    let mean = |ring: Ring| {
        let people: Vec<&Person> = snap.people.iter().filter(|p| p.ring == ring).collect();
        let total: usize = people
            .iter()
            .map(|p| per_person.get(&p.id).copied().unwrap_or(0))
            .sum();
        total as f64 / people.len() as f64
    };
    let (inner, outer) = (mean(Ring::Inner), mean(Ring::Outer));
    assert!(
        (11.0..=30.0).contains(&inner),
        "inner-ring clients: every 2-4 weeks is 13-26 contacts a year, got {inner:.1}"
    );
    assert!(
        outer < inner / 2.0 && outer >= 2.0,
        "the outer ring hears from the user every month or three: {outer:.1} a year"
    );
    // Some contacts have gone quiet: last contact long ago.
    let mut last_contact: HashMap<i64, DateTime<Utc>> = HashMap::new();
    for i in snap
        .interactions
        .iter()
        .filter(|i| i.participants.contains(&me))
    {
        for p in &i.participants {
            let e = last_contact.entry(*p).or_insert(i.occurred_at);
            *e = (*e).max(i.occurred_at);
        }
    }
    let quiet = last_contact
        .values()
        .filter(|&&t| now - t > Duration::days(150))
        .count();
    assert!(
        quiet >= 10,
        "some relationships have gone quiet, so decay shows: {quiet}"
    );
    Ok(())
}

#[test]
fn the_same_seed_and_time_give_the_same_network() -> TestResult {
    let a = snapshot(&loaded(7)?)?;
    let b = snapshot(&loaded(7)?)?;
    assert!(
        a.organizations == b.organizations,
        "organizations differ between two loads of seed 7"
    );
    assert!(
        a.people == b.people,
        "people differ between two loads of seed 7"
    );
    assert!(a.ties == b.ties, "ties differ between two loads of seed 7");
    assert!(
        a.interactions == b.interactions,
        "interactions differ between two loads of seed 7: a demo must be reproducible"
    );
    Ok(())
}

#[test]
fn different_seeds_give_different_networks() -> TestResult {
    let a = snapshot(&loaded(1)?)?;
    let b = snapshot(&loaded(2)?)?;
    let names =
        |s: &Snapshot| -> Vec<String> { s.people.iter().map(|p| p.display_name.clone()).collect() };
    assert_ne!(names(&a), names(&b), "another seed means other people");
    assert_ne!(
        a.interactions.len(),
        b.interactions.len(),
        "another seed means another history"
    );
    Ok(())
}

#[test]
fn loading_into_a_used_database_is_refused_and_writes_nothing() -> TestResult {
    let sphere = sphere_api::Sphere::open_in_memory()?;
    let first = sphere.demo_load(DemoRequest::default())?;
    assert_eq!(first.seed, sphere_api::demo::DEFAULT_SEED);
    let err = sphere
        .demo_load(DemoRequest { seed: Some(5) })
        .err()
        .ok_or("a second load must fail")?;
    assert_eq!(
        err.kind,
        ErrorKind::Conflict,
        "loading over existing data would mix fake people into real ones: {err:?}"
    );
    assert!(
        err.message
            .contains(&format!("{} people", first.counts.people)),
        "the message says what is already there: {}",
        err.message
    );
    let info = sphere.app_info(Default::default())?;
    assert_eq!(info.counts, first.counts, "the refused load wrote nothing");

    // The same through the store, as the CLI and importers call it.
    let mut store = loaded(3)?;
    let before = store.counts()?;
    let err = sphere_api::demo::load(&mut store, 3, now()?)
        .err()
        .ok_or("a second load into the same store must fail")?;
    assert!(
        matches!(err, CoreError::Conflict(_)),
        "a second load is a conflict, not a storage error: {err:?}"
    );
    assert_eq!(store.counts()?, before, "the refused load wrote nothing");

    // A single organization is enough to make a database not empty.
    let sphere = sphere_api::Sphere::open_in_memory()?;
    sphere.org_create(OrganizationInput {
        name: "Acme Corporation".into(),
        ..Default::default()
    })?;
    let err = sphere
        .demo_load(DemoRequest::default())
        .err()
        .ok_or("an organization makes the database non-empty")?;
    assert_eq!(err.kind, ErrorKind::Conflict);
    assert_eq!(sphere.app_info(Default::default())?.counts.people, 0);
    Ok(())
}

#[test]
fn the_demo_has_referral_requests_in_every_state_and_ledgers_both_ways() -> TestResult {
    use sphere_api::domain::ledger::Band;
    use sphere_api::domain::referral::RequestState;
    let sphere = sphere_api::Sphere::open_in_memory()?;
    sphere.demo_load(DemoRequest { seed: Some(11) })?;
    let page = sphere.ask_list(sphere_api::AskQuery::default())?;
    for state in RequestState::ALL {
        assert!(
            page.items.iter().any(|a| a.state == *state),
            "the demo shows a request that is {}",
            state.label()
        );
    }
    assert!(page.overdue >= 1, "at least one request is overdue");
    assert!(
        page.items
            .iter()
            .any(|a| a.events.iter().any(
                |e| e.reason == Some(sphere_api::domain::referral::DeclineReason::NotWellKnown)
            )),
        "a connector said they don't know the target well"
    );
    assert!(
        page.items
            .iter()
            .any(|a| a.events.iter().any(|e| e.interaction_id.is_some())),
        "transitions wrote evidence to the log"
    );
    // Every connector and a few close contacts: someone is generous, someone overdrawn.
    let ids: Vec<i64> = sphere
        .person_list(PersonQuery {
            limit: Some(1000),
            ..Default::default()
        })?
        .items
        .iter()
        .map(|p| p.id)
        .collect();
    let mut bands = Vec::new();
    for id in &ids {
        bands.push(sphere.ledger_get(sphere_api::IdRequest { id: *id })?.band);
    }
    assert!(bands.contains(&Band::Generous), "a generous account");
    assert!(bands.contains(&Band::Overdrawn), "an overdrawn account");
    let mut outside = 0;
    for id in &ids {
        let person = sphere.resolve_person(&id.to_string())?;
        if !person.is_team {
            continue;
        }
        let org = person.organization_id;
        for tie in sphere.tie_list(sphere_api::TieQuery {
            person_id: Some(*id),
            ..Default::default()
        })? {
            let other = sphere.resolve_person(&tie.other.id.to_string())?;
            if other.organization_id.is_some() && other.organization_id != org {
                outside += 1;
            }
        }
    }
    assert!(
        outside >= 6,
        "team members know people outside their organization ({outside} ties), so team paths have something to show"
    );
    Ok(())
}

/// The manager's views open on something of each: every verdict, owners on the team, tiers 1
/// to 3, roles covered and missing, and a trend with a shape.
#[test]
fn the_demo_has_target_accounts_of_every_verdict_with_roles_and_a_trend() -> TestResult {
    use sphere_api::domain::account::Verdict;
    use sphere_api::{CoverageQuery, TargetQuery};
    let dir = tempfile::tempdir()?;
    let load = |name: &str| -> Result<sphere_api::Sphere, Box<dyn Error>> {
        let sphere = sphere_api::Sphere::open_as_of(&dir.path().join(name), now()?)?;
        sphere.demo_load(DemoRequest::default())?;
        Ok(sphere)
    };
    let sphere = load("a.db")?;
    let report = sphere.coverage(CoverageQuery::default())?;
    for v in Verdict::ALL {
        assert!(
            report.accounts.iter().any(|a| a.verdict == *v),
            "the demo has an account that is {}: {:?}",
            v.label(),
            report
                .accounts
                .iter()
                .map(|a| (&a.organization.name, a.verdict))
                .collect::<Vec<_>>()
        );
    }
    assert!(
        (8..=12).contains(&report.targets),
        "about ten target accounts: {}",
        report.targets
    );
    let targets = sphere.target_list(TargetQuery::default())?;
    for tier in 1..=3 {
        assert!(
            targets.iter().any(|t| t.tier == tier),
            "an account of tier {tier}"
        );
    }
    let team: Vec<i64> = report.members.iter().map(|m| m.person.id).collect();
    assert!(team.len() >= 2, "the user and colleagues: {team:?}");
    for t in &targets {
        assert!(
            t.owner.as_ref().is_some_and(|o| team.contains(&o.id)),
            "{} is owned by someone on the team",
            t.organization.name
        );
        assert!(!t.note.is_empty(), "{} has a note", t.organization.name);
    }
    assert!(
        report.accounts.iter().any(|a| a.roles_covered > 0),
        "some required role is covered"
    );
    assert!(
        report.accounts.iter().any(|a| !a.role_gaps.is_empty()),
        "some required role is a gap"
    );
    for a in &report.accounts {
        assert_eq!(
            a.trend.len(),
            6,
            "{}: five past weeks and this one",
            a.organization.name
        );
        assert_eq!(
            a.trend.last().map(|w| w.verdict),
            Some(a.verdict),
            "{}: this week's point is the verdict now",
            a.organization.name
        );
    }
    assert!(
        report
            .accounts
            .iter()
            .any(|a| a.trend.iter().any(|w| w.verdict != a.verdict)),
        "some account's verdict changed over the weeks"
    );
    // A departure that hurts: someone on the team whose leaving changes an account.
    let mut hurts = false;
    for id in &team {
        let what_if = sphere
            .coverage(CoverageQuery {
                if_leaves: Some(*id),
                ..CoverageQuery::default()
            })?
            .what_if
            .ok_or("a what-if was asked")?;
        hurts |= !what_if.changes.is_empty();
    }
    assert!(hurts, "the what-if has something to show");

    // The same seed and clock give the same accounts and verdicts.
    let again = load("b.db")?.coverage(CoverageQuery::default())?;
    let key = |r: &sphere_api::CoverageReport| {
        r.accounts
            .iter()
            .map(|a| (a.organization.name.clone(), a.tier, a.verdict, a.threads))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&report), key(&again), "the demo is deterministic");
    Ok(())
}
