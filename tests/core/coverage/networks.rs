//! Coverage figures and verdicts on a hand-built network, one account per verdict, with the
//! figures worked out by hand.

use sphere_api::domain::account::{AccountRole, RoleTemplate, StrengthBand, Verdict};
use sphere_api::domain::*;
use sphere_api::*;

use super::*;

/// The user (Sam) and two colleagues (Tara, Uri), and six target accounts:
///
/// * Initech (tier 1): Ann (champion) has a thread with Sam, Abe with Tara: multi-threaded.
/// * Umbrella: Ben has a thread with Sam and Tara; Bea is known to nobody: single-threaded on
///   their side.
/// * Hooli: Cal and Cy both have threads with Tara only: single-threaded on our side.
/// * Vandelay: Dan met Sam 400 days ago (a stale tie), and Dot is reached through Pat, a
///   friend of Uri's: no thread.
/// * Massive: Eli knows nobody on the team: no path.
/// * Soylent: Fay is a connection of Uri's with no contact on record: unknown.
/// * Weak Co: Gus sent Sam one email 20 days ago: recent two-way, but weak: no thread.
pub(super) struct Net {
    pub db: Db,
    pub sam: Id,
    pub tara: Id,
    pub uri: Id,
    pub ann: Id,
    pub ben: Id,
    pub dot: Id,
    pub initech: Id,
    pub umbrella: Id,
    pub hooli: Id,
    pub vandelay: Id,
    pub massive: Id,
    pub soylent: Id,
    pub weak: Id,
}

pub(super) fn net() -> Result<Net, Box<dyn std::error::Error>> {
    let db = open()?;
    let s = &db.s;
    let mine = org(s, "Sphere Inc")?;
    let sam = person(
        s,
        "Sam",
        Some(mine),
        "Account Executive",
        Some(Ring::Centre),
        false,
    )?;
    let tara = person(s, "Tara", Some(mine), "Account Executive", None, true)?;
    let uri = person(s, "Uri", Some(mine), "Sales Engineer", None, true)?;

    let initech = org(s, "Initech")?;
    let ann = person(s, "Ann", Some(initech), "VP Engineering", None, false)?;
    let abe = person(s, "Abe", Some(initech), "CFO", None, false)?;
    thread(s, sam, ann)?;
    thread(s, tara, abe)?;
    s.role_set(RoleSetRequest {
        person_id: ann,
        roles: vec![AccountRole::Champion],
    })?;
    s.role_set(RoleSetRequest {
        person_id: abe,
        roles: vec![AccountRole::EconomicBuyer],
    })?;

    let umbrella = org(s, "Umbrella")?;
    let ben = person(s, "Ben", Some(umbrella), "Director of IT", None, false)?;
    person(s, "Bea", Some(umbrella), "Buyer", None, false)?;
    thread(s, sam, ben)?;
    thread(s, tara, ben)?;

    let hooli = org(s, "Hooli")?;
    let cal = person(s, "Cal", Some(hooli), "CTO", None, false)?;
    let cy = person(s, "Cy", Some(hooli), "Engineer", None, false)?;
    thread(s, tara, cal)?;
    thread(s, tara, cy)?;

    let vandelay = org(s, "Vandelay")?;
    let dan = person(s, "Dan", Some(vandelay), "Importer", None, false)?;
    let dot = person(s, "Dot", Some(vandelay), "Exporter", None, false)?;
    tie(s, sam, dan)?;
    met(s, InteractionKind::Meeting, sam, dan, 400, None)?;
    let pat = person(s, "Pat", None, "", None, false)?;
    thread(s, uri, pat)?;
    thread(s, pat, dot)?;

    let massive = org(s, "Massive")?;
    person(s, "Eli", Some(massive), "CEO", None, false)?;

    let soylent = org(s, "Soylent")?;
    let fay = person(s, "Fay", Some(soylent), "Head of Procurement", None, false)?;
    tie(s, uri, fay)?;

    let weak = org(s, "Weak Co")?;
    let gus = person(s, "Gus", Some(weak), "Analyst", None, false)?;
    tie(s, sam, gus)?;
    met(s, InteractionKind::Email, sam, gus, 20, Some(gus))?;

    target(s, initech, 1)?;
    for o in [umbrella, hooli, vandelay, massive, soylent, weak] {
        target(s, o, 2)?;
    }
    Ok(Net {
        db,
        sam,
        tara,
        uri,
        ann,
        ben,
        dot,
        initech,
        umbrella,
        hooli,
        vandelay,
        massive,
        soylent,
        weak,
    })
}

#[test]
fn each_account_gets_the_verdict_its_threads_give() -> TestResult {
    let n = net()?;
    let expected = [
        (
            n.initech,
            Verdict::MultiThreaded,
            2,
            "two people there, held by Sam and Tara",
        ),
        (
            n.umbrella,
            Verdict::SingleTheirs,
            1,
            "only Ben, though two of us hold him",
        ),
        (
            n.hooli,
            Verdict::SingleOurs,
            2,
            "Cal and Cy, both through Tara",
        ),
        (
            n.vandelay,
            Verdict::NoThread,
            0,
            "a stale tie and a two-hop path",
        ),
        (
            n.massive,
            Verdict::NoPath,
            0,
            "Eli knows nobody on the team",
        ),
        (
            n.soylent,
            Verdict::Unknown,
            0,
            "Uri's tie with Fay has no contact on record",
        ),
        (
            n.weak,
            Verdict::NoThread,
            0,
            "a recent but weak tie is no thread",
        ),
    ];
    for (org, verdict, threads, why) in expected {
        let r = row(&n.db, org)?;
        assert_eq!(
            r.verdict, verdict,
            "{}: {why} ({})",
            r.organization.name, r.why
        );
        assert_eq!(r.threads, threads, "{}: {why}", r.organization.name);
    }
    Ok(())
}

#[test]
fn the_grid_is_sorted_by_risk_and_counts_each_verdict() -> TestResult {
    let n = net()?;
    let report = n.db.coverage(CoverageQuery::default())?;
    let risks: Vec<u8> = report.accounts.iter().map(|a| a.risk).collect();
    let mut sorted = risks.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(risks, sorted, "riskiest accounts come first");
    assert_eq!(
        report.accounts[0].organization.id, n.massive,
        "no path is the riskiest"
    );
    let count = |v: Verdict| {
        report
            .by_verdict
            .iter()
            .find(|c| c.verdict == v)
            .map_or(0, |c| c.count)
    };
    assert_eq!(count(Verdict::NoThread), 2);
    assert_eq!(count(Verdict::MultiThreaded), 1);
    assert_eq!(report.targets, 7);
    let names: Vec<&str> = report
        .members
        .iter()
        .map(|m| m.person.display_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Sam", "Tara", "Uri"],
        "the user first, then the team by name"
    );
    assert!(report.members[0].you);
    Ok(())
}

#[test]
fn cells_give_each_members_best_path_and_threads() -> TestResult {
    let n = net()?;
    let r = row(&n.db, n.vandelay)?;
    let cell = |m: Id| r.cells.iter().find(|c| c.member_id == m);
    let uri = cell(n.uri)
        .and_then(|c| c.best.clone())
        .ok_or("Uri reaches Vandelay")?;
    assert_eq!(
        (uri.to.id, uri.ties),
        (n.dot, 2),
        "Uri → Pat → Dot: one hop"
    );
    let sam = cell(n.sam)
        .and_then(|c| c.best.clone())
        .ok_or("Sam reaches Vandelay")?;
    assert_eq!(sam.ties, 1, "Sam's tie with Dan is direct");
    assert_eq!(
        sam.band,
        StrengthBand::Weak,
        "a meeting 400 days ago is weak"
    );
    assert!(r.stale, "the last two-way touch there is over 180 days old");
    assert_eq!(
        r.last_two_way.as_deref(),
        Some("2025-04"),
        "400 days before 2026-06-01"
    );

    let h = row(&n.db, n.hooli)?;
    let tara = h
        .cells
        .iter()
        .find(|c| c.member_id == n.tara)
        .ok_or("Tara's cell")?;
    assert_eq!(tara.threads, 2);
    let c = h.concentration.ok_or("Hooli has threads")?;
    assert_eq!(
        (c.member.id, c.share),
        (n.tara, 1.0),
        "Tara holds every thread"
    );
    assert!(h.why.contains("all held by Tara"), "{}", h.why);

    let i = row(&n.db, n.initech)?;
    let best = i.best.ok_or("Initech is reached")?;
    assert_eq!(best.ties, 1);
    assert!(matches!(
        best.band,
        StrengthBand::Strong | StrengthBand::Medium
    ));
    let w = row(&n.db, n.weak)?;
    assert!(
        !w.stale,
        "Gus wrote 20 days ago: no thread (the tie is weak), but not stale"
    );
    let m = row(&n.db, n.massive)?;
    assert!(m.best.is_none() && m.cells.iter().all(|c| c.best.is_none()));
    Ok(())
}

#[test]
fn roles_are_counted_against_the_tiers_template() -> TestResult {
    let n = net()?;
    // Tier 1 asks for economic buyer, decision maker, champion, technical evaluator and
    // procurement; Initech has a champion (Ann) and an economic buyer (Abe), both threaded.
    let i = row(&n.db, n.initech)?;
    assert_eq!((i.roles_covered, i.roles_required), (2, 5));
    assert_eq!(
        i.role_gaps,
        [
            AccountRole::DecisionMaker,
            AccountRole::TechnicalEvaluator,
            AccountRole::Procurement
        ]
    );
    // A template asking only for a champion makes Initech fully covered.
    n.db.role_template_set(RoleTemplate {
        tier: 1,
        roles: vec![AccountRole::Champion, AccountRole::Champion],
    })?;
    let i = row(&n.db, n.initech)?;
    assert_eq!(
        (i.roles_covered, i.roles_required),
        (1, 1),
        "duplicates count once"
    );
    assert!(i.role_gaps.is_empty());
    let templates = n.db.role_templates(Empty {})?;
    assert_eq!(templates.templates.len(), 3, "one template per tier");
    let bad = n.db.role_template_set(RoleTemplate {
        tier: 4,
        roles: vec![],
    });
    assert!(bad.is_err(), "tier 4 does not exist");
    // The account page says what is covered, reached, unreached or missing.
    n.db.role_set(RoleSetRequest {
        person_id: n.dot,
        roles: vec![AccountRole::DecisionMaker],
    })?;
    let d = n.db.account_get(IdRequest { id: n.vandelay })?;
    let dm = d
        .roles
        .iter()
        .find(|r| r.role == AccountRole::DecisionMaker)
        .ok_or("the decision maker is listed")?;
    assert_eq!(
        dm.state,
        RoleState::Reached,
        "Dot is reached by a path, not a thread"
    );
    Ok(())
}

#[test]
fn a_person_who_moves_leaves_their_roles_behind() -> TestResult {
    let n = net()?;
    let p = n.db.person_get(DetailRequest::id(n.ann))?.person;
    n.db.person_update(PersonUpdate {
        id: n.ann,
        person: PersonInput {
            first_name: p.first_name,
            organization_id: Some(n.massive),
            title: Some(p.title),
            ..Default::default()
        },
    })?;
    assert!(n.db.role_get(IdRequest { id: n.ann })?.roles.is_empty());
    Ok(())
}

#[test]
fn member_coverage_counts_one_members_relationships_only() -> TestResult {
    let n = net()?;
    let mine = n.db.coverage(CoverageQuery {
        member_id: Some(n.tara),
        ..Default::default()
    })?;
    assert_eq!(mine.members.len(), 1);
    let verdict = |org: Id| {
        mine.accounts
            .iter()
            .find(|a| a.organization.id == org)
            .map(|a| a.verdict)
    };
    assert_eq!(
        verdict(n.initech),
        Some(Verdict::SingleTheirs),
        "Tara alone holds Abe"
    );
    assert_eq!(verdict(n.umbrella), Some(Verdict::SingleTheirs));
    let not_team = n.db.coverage(CoverageQuery {
        member_id: Some(n.ben),
        ..Default::default()
    });
    assert!(not_team.is_err(), "Ben is not on the team");
    Ok(())
}

#[test]
fn filters_by_owner_tier_and_verdict() -> TestResult {
    let n = net()?;
    n.db.target_set(sphere_api::domain::account::TargetInput {
        organization_id: n.hooli,
        owner_id: Some(n.tara),
        tier: Some(3),
        note: Some("Renewal in Q3".into()),
    })?;
    let owned = n.db.coverage(CoverageQuery {
        owner_id: Some(n.tara),
        ..Default::default()
    })?;
    assert_eq!(owned.accounts.len(), 1);
    assert_eq!(owned.accounts[0].organization.id, n.hooli);
    let tier1 = n.db.coverage(CoverageQuery {
        tier: Some(1),
        ..Default::default()
    })?;
    assert_eq!(tier1.accounts.len(), 1);
    let no_thread = n.db.coverage(CoverageQuery {
        verdict: Some(Verdict::NoThread),
        ..Default::default()
    })?;
    assert!(
        no_thread
            .accounts
            .iter()
            .all(|a| a.verdict == Verdict::NoThread)
    );
    assert_eq!(no_thread.accounts.len(), 2);
    // An owner must be on the team.
    let bad = n.db.target_set(sphere_api::domain::account::TargetInput {
        organization_id: n.hooli,
        owner_id: Some(n.ben),
        tier: None,
        note: None,
    });
    assert!(bad.is_err_and(|e| e.message.contains("not on the team")));
    Ok(())
}

#[test]
fn unmarking_returns_what_undo_needs_and_the_week_is_recorded() -> TestResult {
    let n = net()?;
    let report = n.db.coverage(CoverageQuery::default())?;
    let first = report
        .accounts
        .iter()
        .find(|a| a.organization.id == n.initech)
        .ok_or("Initech")?;
    assert_eq!(first.trend.len(), 1, "this week's figures are recorded");
    assert_eq!(first.trend[0].week.to_string(), "2026-06-01", "a Monday");
    let removed = n.db.target_remove(IdRequest { id: n.initech })?;
    assert_eq!(removed.tier, 1);
    assert!(n.db.account_get(IdRequest { id: n.initech }).is_err());
    n.db.target_set(sphere_api::domain::account::TargetInput {
        organization_id: n.initech,
        owner_id: removed.owner.map(|o| o.id),
        tier: Some(removed.tier),
        note: Some(removed.note),
    })?;
    assert_eq!(row(&n.db, n.initech)?.tier, 1, "undo restores the tier");
    assert!(
        n.db.target_remove(IdRequest {
            id: n.initech + 1000
        })
        .is_err()
    );
    Ok(())
}

#[test]
fn the_account_page_lists_who_covers_each_person() -> TestResult {
    let n = net()?;
    let d = n.db.account_get(IdRequest { id: n.umbrella })?;
    let ben = d
        .people
        .iter()
        .find(|p| p.person.id == n.ben)
        .ok_or("Ben is listed")?;
    let by: Vec<Id> = ben.covered_by.iter().map(|c| c.member.id).collect();
    assert_eq!(by.len(), 2);
    assert!(by.contains(&n.sam) && by.contains(&n.tara));
    assert!(ben.covered_by.iter().all(|c| c.thread));
    assert_eq!(ben.covered_by[0].last_two_way.as_deref(), Some("2026-05"));
    let v = n.db.account_get(IdRequest { id: n.vandelay })?;
    assert!(
        v.gaps
            .iter()
            .any(|g| g == "Stale: the last two-way touch was in April 2025"),
        "{:?}",
        v.gaps
    );
    assert!(
        d.gaps.iter().any(|g| g.contains("Only one person")),
        "{:?}",
        d.gaps
    );
    let soylent = n.db.account_get(IdRequest { id: n.soylent })?;
    let fay = &soylent.people[0];
    assert!(fay.covered_by[0].unknown, "no contact on record");
    assert!(
        fay.suggested.contains(&AccountRole::Procurement),
        "Head of Procurement suggests procurement: {:?}",
        fay.suggested
    );
    Ok(())
}

#[test]
fn a_target_added_later_gets_its_weeks_figures_even_from_a_filtered_look() -> TestResult {
    let n = net()?;
    n.db.coverage(CoverageQuery::default())?;
    let late = org(&n.db, "Late Co")?;
    target(&n.db, late, 3)?;
    let only = n.db.coverage(CoverageQuery {
        tier: Some(3),
        ..Default::default()
    })?;
    assert_eq!(only.accounts.len(), 1);
    assert_eq!(
        only.accounts[0].trend.len(),
        1,
        "the new account's week is recorded"
    );
    Ok(())
}

#[test]
fn cells_follow_the_columns_whatever_the_ids() -> TestResult {
    let db = open()?;
    let mine = org(&db, "Sphere Inc")?;
    // Zoe is recorded before Adam: the ids are in the other order from the names.
    person(&db, "Sam", Some(mine), "", Some(Ring::Centre), false)?;
    let zoe = person(&db, "Zoe", Some(mine), "", None, true)?;
    let adam = person(&db, "Adam", Some(mine), "", None, true)?;
    let acme = org(&db, "Acme")?;
    let ann = person(&db, "Ann", Some(acme), "", None, false)?;
    thread(&db, zoe, ann)?;
    target(&db, acme, 1)?;
    let report = db.coverage(CoverageQuery::default())?;
    let columns: Vec<Id> = report.members.iter().map(|m| m.person.id).collect();
    let cells: Vec<Id> = report.accounts[0]
        .cells
        .iter()
        .map(|c| c.member_id)
        .collect();
    assert_eq!(columns[1..], [adam, zoe], "the team by name after the user");
    assert_eq!(cells, columns, "each cell sits under its member's column");
    Ok(())
}

#[test]
fn an_unknown_account_ranks_with_what_is_known_at_worst() -> TestResult {
    let n = net()?;
    let report = n.db.coverage(CoverageQuery::default())?;
    let soylent = report
        .accounts
        .iter()
        .find(|a| a.organization.id == n.soylent)
        .ok_or("Soylent")?;
    assert_eq!(soylent.verdict, Verdict::Unknown);
    assert_eq!(
        soylent.known_verdict,
        Verdict::NoThread,
        "no known thread at all"
    );
    assert_eq!(soylent.risk, Verdict::NoThread.risk());
    let pos = |org: Id| {
        report
            .accounts
            .iter()
            .position(|a| a.organization.id == org)
    };
    assert!(
        pos(n.soylent) < pos(n.umbrella),
        "no known thread is riskier than a single thread, hidden ties or not"
    );
    Ok(())
}

#[test]
fn a_tie_rated_weak_by_hand_is_not_hidden() -> TestResult {
    let n = net()?;
    let ties = n.db.tie_list(TieQuery {
        person_id: Some(n.uri),
        ..Default::default()
    })?;
    let fay_tie = ties
        .into_iter()
        .find(|t| {
            t.relationship.person_a != n.tara && t.relationship.person_b != n.tara && {
                let other = if t.relationship.person_a == n.uri {
                    t.relationship.person_b
                } else {
                    t.relationship.person_a
                };
                n.db.person_get(DetailRequest::id(other))
                    .is_ok_and(|p| p.person.organization_id == Some(n.soylent))
            }
        })
        .ok_or("Uri's tie with Fay")?;
    let r = fay_tie.relationship;
    n.db.tie_update(TieUpdate {
        id: r.id,
        relationship: RelationshipInput {
            person_a: r.person_a,
            person_b: r.person_b,
            kind: r.kind,
            since: r.since,
            how_met: None,
            strength_override: Some(0.1),
            override_reason: Some("met once at a fair".into()),
        },
    })?;
    let s = row(&n.db, n.soylent)?;
    assert_eq!(
        s.verdict,
        Verdict::NoThread,
        "too weak to be a thread, whatever its contact"
    );
    assert_eq!(s.hidden_ties, 0);
    Ok(())
}

#[test]
fn merging_two_records_keeps_roles_and_owned_accounts() -> TestResult {
    let n = net()?;
    let s = &n.db.s;
    let mine = s
        .person_get(DetailRequest::id(n.tara))?
        .person
        .organization_id;
    let tara2 = person(s, "Tara", mine, "Account Executive", None, true)?;
    s.target_set(sphere_api::domain::account::TargetInput {
        organization_id: n.hooli,
        owner_id: Some(tara2),
        tier: Some(1),
        note: None,
    })?;
    let ann2 = person(s, "Ann", Some(n.initech), "VP Engineering", None, false)?;
    s.role_set(RoleSetRequest {
        person_id: ann2,
        roles: vec![AccountRole::DecisionMaker],
    })?;
    s.person_merge(MergeRequest {
        keep: n.tara,
        merge: tara2,
    })?;
    s.person_merge(MergeRequest {
        keep: n.ann,
        merge: ann2,
    })?;
    let roles = s.role_get(IdRequest { id: n.ann })?.roles;
    assert_eq!(roles, [AccountRole::DecisionMaker, AccountRole::Champion]);
    assert_eq!(
        row(s, n.hooli)?.owner.map(|o| o.id),
        Some(n.tara),
        "the account keeps its owner"
    );
    Ok(())
}
