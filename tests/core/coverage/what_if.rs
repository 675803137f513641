//! What if someone leaves: the answer equals a recomputation on the network without them
//! (a member leaving the team takes their relationships; a person leaving their account
//! keeps theirs but no longer works there). Random small networks, built twice.

use proptest::prelude::*;
use sphere_api::domain::account::Verdict;
use sphere_api::domain::*;
use sphere_api::*;

use super::*;

/// One interaction: kind index, days ago, whether the tie's first person started it.
type Logged = (usize, i64, bool);
/// An account's verdict, its verdict from what is known, threads, and whether anyone
/// reaches it.
type State = (Verdict, Verdict, u32, bool);
/// What a network is built into: the database, each planned person's id (none when left
/// out), the accounts' ids.
type Built = (Db, Vec<Option<Id>>, Vec<Id>);
type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// A random network: `people` people, the first `members` on the team (person 0 the user),
/// the rest spread over three accounts or none; ties with 0–5 interactions each.
#[derive(Debug, Clone)]
struct Plan {
    people: usize,
    members: usize,
    /// The account (0..3) of each person, or none.
    account: Vec<Option<usize>>,
    /// `(a, b, close, interactions as (kind index, days ago, a started it))`: a close tie
    /// also has three recent meetings (a thread when it reaches an account).
    ties: Vec<(usize, usize, bool, Vec<Logged>)>,
}

fn plan() -> impl Strategy<Value = Plan> {
    (6usize..13, 1usize..5).prop_flat_map(|(people, members)| {
        let account = proptest::collection::vec(proptest::option::weighted(0.7, 0usize..3), people);
        // Mostly recent, so threads (warm ties with two-way contact in 180 days) are common.
        let interaction = (
            0usize..4,
            prop_oneof![3 => 1i64..60, 1 => 1i64..400],
            any::<bool>(),
        );
        let tie = (
            0..people,
            0..people,
            proptest::bool::weighted(0.4),
            proptest::collection::vec(interaction, 0..6),
        );
        let ties = proptest::collection::vec(tie, 4..24);
        (account, ties).prop_map(move |(account, ties)| Plan {
            people,
            members,
            account,
            ties,
        })
    })
}

const KINDS: [InteractionKind; 4] = [
    InteractionKind::Meeting,
    InteractionKind::Email,
    InteractionKind::Call,
    InteractionKind::Message,
];

/// Builds the plan; `without` leaves a person out (with their ties), `unemployed` takes a
/// person's account away. Returns the database and the ids of people and accounts.
fn build(p: &Plan, without: Option<usize>, unemployed: Option<usize>) -> Res<Built> {
    let db = open()?;
    let s = &db.s;
    let accounts: Vec<Id> = (0..3)
        .map(|i| org(s, &format!("Account {i}")))
        .collect::<Result<_, _>>()?;
    let mut ids = Vec::new();
    for i in 0..p.people {
        if Some(i) == without {
            ids.push(None);
            continue;
        }
        let member = i < p.members;
        let account = if member || Some(i) == unemployed {
            None
        } else {
            p.account[i].map(|a| accounts[a])
        };
        let ring = (i == 0).then_some(Ring::Centre);
        ids.push(Some(person(
            s,
            &format!("P{i}"),
            account,
            "",
            ring,
            member && i > 0,
        )?));
    }
    let mut seen = std::collections::HashSet::new();
    for (a, b, close, log) in &p.ties {
        let (Some(x), Some(y)) = (ids[*a], ids[*b]) else {
            continue;
        };
        if x == y || !seen.insert((x.min(y), x.max(y))) {
            continue;
        }
        if *close {
            thread(s, x, y)?;
        } else {
            tie(s, x, y)?;
        }
        for (kind, days, a_started) in log {
            let initiator = Some(if *a_started { x } else { y });
            met(s, KINDS[*kind], x, y, *days, initiator)?;
        }
    }
    for a in &accounts {
        target(s, *a, 2)?;
    }
    Ok((db, ids, accounts))
}

/// `(verdict, threads, has a path)` of each account, in account order.
fn states(s: &Sphere, accounts: &[Id]) -> Res<Vec<State>> {
    let report = s.coverage(CoverageQuery::default())?;
    accounts
        .iter()
        .map(|a| {
            report
                .accounts
                .iter()
                .find(|r| r.organization.id == *a)
                .map(|r| (r.verdict, r.known_verdict, r.threads, r.best.is_some()))
                .ok_or_else(|| "an account has no row".into())
        })
        .collect()
}

/// How risky an account is, an unknown one counted as what is known makes it at worst.
fn risk(s: &State) -> u8 {
    if s.0 == Verdict::Unknown {
        s.0.risk().max(s.1.risk())
    } else {
        s.0.risk()
    }
}

/// The changes the what-if list must hold, from the states before and after: every path
/// lost, or a verdict (at worst) of single-threaded or worse that is riskier than before.
fn expected(
    before: &[State],
    after: &[State],
    accounts: &[Id],
) -> Vec<(Id, Verdict, Verdict, bool)> {
    let mut out: Vec<(Id, Verdict, Verdict, bool)> = before
        .iter()
        .zip(after)
        .zip(accounts)
        .filter_map(|((b, a), id)| {
            let loses = b.3 && !a.3;
            let worst = if a.0 == Verdict::Unknown { a.1 } else { a.0 };
            let hurt = matches!(
                worst,
                Verdict::SingleOurs | Verdict::SingleTheirs | Verdict::NoThread | Verdict::NoPath
            ) && risk(a) > risk(b);
            (loses || hurt).then_some((*id, b.0, a.0, loses))
        })
        .collect();
    out.sort_by_key(|c| c.0);
    out
}

fn check(p: &Plan) -> Result<(), TestCaseError> {
    let fail = |e: Box<dyn std::error::Error>| TestCaseError::fail(e.to_string());
    let (db, ids, accounts) = build(p, None, None).map_err(fail)?;
    let before = states(&db, &accounts).map_err(fail)?;
    // Each member leaving (the user cannot leave their own team), and each person at an
    // account leaving it.
    let leavers = (1..p.members).chain((p.members..p.people).filter(|i| p.account[*i].is_some()));
    for i in leavers {
        let Some(id) = ids[i] else { continue };
        let member = i < p.members;
        let answer = db
            .coverage(CoverageQuery {
                if_leaves: Some(id),
                ..Default::default()
            })
            .map_err(|e| TestCaseError::fail(e.message))?
            .what_if
            .ok_or_else(|| TestCaseError::fail("no what-if answer"))?;
        prop_assert_eq!(
            answer.kind.as_str(),
            if member { "member" } else { "account" }
        );
        let (again, _, accounts2) = if member {
            build(p, Some(i), None)
        } else {
            build(p, None, Some(i))
        }
        .map_err(fail)?;
        let after = states(&again, &accounts2).map_err(fail)?;
        // Accounts are created in the same order, so their ids match.
        prop_assert_eq!(&accounts, &accounts2);
        let mut got: Vec<(Id, Verdict, Verdict, bool)> = answer
            .changes
            .iter()
            .map(|c| (c.organization.id, c.before, c.after, c.loses_every_path))
            .collect();
        got.sort_by_key(|c| c.0);
        prop_assert_eq!(
            got,
            expected(&before, &after, &accounts),
            "person {} leaves",
            i
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn what_if_equals_a_recomputation_without_the_person(p in plan()) {
        check(&p)?;
    }
}

#[test]
fn the_user_cannot_leave_and_strangers_are_refused() -> TestResult {
    let db = open()?;
    let me = person(&db, "Sam", None, "", Some(Ring::Centre), false)?;
    let nobody = person(&db, "Zed", None, "", None, false)?;
    let a = org(&db, "Acme")?;
    target(&db, a, 1)?;
    let leaves_me = db.coverage(CoverageQuery {
        if_leaves: Some(me),
        ..Default::default()
    })?;
    assert_eq!(
        leaves_me.what_if.map(|w| w.kind),
        Some("member".to_string()),
        "the user is a member of their own team: the what-if shows what they alone hold"
    );
    let err = db.coverage(CoverageQuery {
        if_leaves: Some(nobody),
        ..Default::default()
    });
    assert!(err.is_err_and(|e| {
        e.message
            .contains("neither on the team nor at an organization")
    }));
    Ok(())
}
