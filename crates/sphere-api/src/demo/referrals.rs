//! The demo's referral requests and ledger entries, made through the real commands
//! (`ask_create`, `ask_move`, `ledger_add`) so they write real evidence: introduction
//! requests in the log, introductions, meetings, doubtful ties.
//!
//! Each request has a script: created some days before `now` (`AskInput::at`), then moved
//! step by step at later instants, in order (`AskMove::at`).
//! Deterministic for a seed and `now`: targets are drawn with a random source of their own.

use chrono::{DateTime, Duration, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::{AskInput, AskMove, LedgerInput, Opportunity, PathQuery, Sphere, WarmPath};
use sphere_domain::error::ApiError;
use sphere_domain::ledger::{Direction, LedgerKind};
use sphere_domain::referral::{AskMode, DeclineReason, RequestState as S};
use sphere_domain::{Id, PersonQuery, Ring};

/// Mixed into the seed for this step's own random source.
const SALT: u64 = 0x00a5_c0de;

/// One step of a script: the state, the decline reason, how many days before now.
type Step = (S, Option<DeclineReason>, i64);

/// A request's life: created this many days ago, then its steps (days ago, decreasing).
struct Script {
    created: i64,
    steps: &'static [Step],
    mode: AskMode,
    opportunity: Option<(&'static str, f64, &'static str)>,
}

const fn script(created: i64, steps: &'static [Step]) -> Script {
    Script {
        created,
        steps,
        mode: AskMode::Introduce,
        opportunity: None,
    }
}

use DeclineReason as R;

/// Every state a request can be in, some more than once.
const SCRIPTS: &[Script] = &[
    script(3, &[]),
    // Asked two weeks ago, no answer yet: overdue.
    script(15, &[(S::Asked, None, 14)]),
    script(2, &[(S::Asked, None, 1)]),
    script(12, &[(S::Asked, None, 11), (S::Agreed, None, 3)]),
    script(
        40,
        &[
            (S::Asked, None, 39),
            (S::ConnectorDeclined, Some(R::NotWellKnown), 36),
        ],
    ),
    script(
        45,
        &[
            (S::Asked, None, 44),
            (S::ConnectorDeclined, Some(R::NotAFit), 41),
        ],
    ),
    script(
        35,
        &[
            (S::Asked, None, 34),
            (S::ConnectorDeclined, Some(R::BadTiming), 30),
        ],
    ),
    script(
        28,
        &[
            (S::Asked, None, 27),
            (S::ConnectorDeclined, Some(R::AskedTooRecently), 26),
        ],
    ),
    script(
        30,
        &[(S::Asked, None, 29), (S::ConnectorNoAnswer, None, 20)],
    ),
    script(
        25,
        &[
            (S::Asked, None, 24),
            (S::Agreed, None, 22),
            (S::OptedIn, None, 4),
        ],
    ),
    script(
        50,
        &[
            (S::Asked, None, 49),
            (S::Agreed, None, 46),
            (S::TargetDeclined, None, 40),
        ],
    ),
    script(
        45,
        &[
            (S::Asked, None, 44),
            (S::Agreed, None, 41),
            (S::TargetNoAnswer, None, 30),
        ],
    ),
    script(
        30,
        &[
            (S::Asked, None, 29),
            (S::Agreed, None, 27),
            (S::OptedIn, None, 25),
            (S::Introduced, None, 6),
        ],
    ),
    script(
        40,
        &[
            (S::Asked, None, 39),
            (S::Agreed, None, 37),
            (S::OptedIn, None, 35),
            (S::Introduced, None, 30),
            (S::MeetingSet, None, 5),
        ],
    ),
    script(
        60,
        &[
            (S::Asked, None, 59),
            (S::Agreed, None, 57),
            (S::OptedIn, None, 54),
            (S::Introduced, None, 50),
            (S::Met, None, 38),
        ],
    ),
    Script {
        opportunity: Some(("Platform rollout", 120_000.0, "proposal")),
        ..script(
            90,
            &[
                (S::Asked, None, 89),
                (S::Agreed, None, 86),
                (S::OptedIn, None, 84),
                (S::Introduced, None, 80),
                (S::Met, None, 70),
                (S::Opportunity, None, 60),
            ],
        )
    },
    Script {
        opportunity: Some(("Analytics pilot", 45_000.0, "closed")),
        ..script(
            220,
            &[
                (S::Asked, None, 219),
                (S::Agreed, None, 215),
                (S::OptedIn, None, 212),
                (S::Introduced, None, 205),
                (S::MeetingSet, None, 200),
                (S::Met, None, 190),
                (S::Opportunity, None, 170),
                (S::Won, None, 100),
            ],
        )
    },
    Script {
        opportunity: Some(("Data migration", 60_000.0, "closed")),
        ..script(
            180,
            &[
                (S::Asked, None, 179),
                (S::Agreed, None, 176),
                (S::OptedIn, None, 170),
                (S::Introduced, None, 165),
                (S::Met, None, 150),
                (S::Opportunity, None, 140),
                (S::Lost, None, 110),
            ],
        )
    },
    script(20, &[(S::Asked, None, 19), (S::Withdrawn, None, 15)]),
    script(
        70,
        &[
            (S::Asked, None, 69),
            (S::ConnectorNoAnswer, None, 60),
            (S::Expired, None, 50),
        ],
    ),
    // "Mention my name": no opt-in.
    Script {
        mode: AskMode::MentionMe,
        ..script(
            26,
            &[
                (S::Asked, None, 25),
                (S::Agreed, None, 23),
                (S::Introduced, None, 21),
            ],
        )
    },
    // The first connector declined; the second one agreed.
    script(
        33,
        &[
            (S::Asked, None, 32),
            (S::ConnectorDeclined, Some(R::BadTiming), 30),
            (S::Asked, None, 29),
            (S::Agreed, None, 27),
            (S::OptedIn, None, 24),
        ],
    ),
];

/// The ids of everyone in `ring` (the demo has under a thousand), ascending.
pub(crate) fn people_in_ring(sphere: &Sphere, ring: Ring) -> Result<Vec<Id>, ApiError> {
    let mut out: Vec<Id> = sphere
        .person_list(PersonQuery {
            ring: Some(ring),
            limit: Some(1000),
            ..Default::default()
        })?
        .items
        .iter()
        .map(|p| p.id)
        .collect();
    out.sort_unstable();
    Ok(out)
}

/// Adds the demo's referral requests and ledger entries, dated before `now`.
pub(crate) fn add(sphere: &Sphere, seed: u64, now: DateTime<Utc>) -> Result<(), ApiError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SALT);
    let team = sphere.store()?.graph.team();
    let mut beyond = people_in_ring(sphere, Ring::Beyond)?;
    beyond.shuffle(&mut rng);
    // Targets, each with up to three paths through different connectors (not the team).
    let mut plans: Vec<(Id, Vec<WarmPath>)> = Vec::new();
    for target in beyond {
        if plans.len() == SCRIPTS.len() {
            break;
        }
        let found = sphere.path_find(PathQuery {
            to_person: Some(target),
            k: Some(10),
            ..Default::default()
        })?;
        let mut chosen: Vec<WarmPath> = Vec::new();
        for p in found.paths {
            let Some(connector) = p.people.get(1).map(|c| c.id) else {
                continue;
            };
            if p.people.len() < 3
                || team.contains(&connector)
                || chosen.iter().any(|c| c.people[1].id == connector)
            {
                continue;
            }
            chosen.push(p);
            if chosen.len() == 3 {
                break;
            }
        }
        if !chosen.is_empty() {
            plans.push((target, chosen));
        }
    }
    let at = |days: i64, minutes: i64| now - Duration::days(days) + Duration::minutes(minutes);
    let mut asked: Vec<Id> = Vec::new();
    // The last script needs a second connector: give it the target with the most paths.
    let mut scripts: Vec<&Script> = SCRIPTS.iter().collect();
    plans.sort_by_key(|(_, paths)| std::cmp::Reverse(paths.len().min(2)));
    scripts.rotate_right(1);
    for (script, (target, paths)) in scripts.into_iter().zip(plans) {
        let minute = rng.random_range(0..480);
        let draft = paths[0].draft.clone();
        let ask = sphere.ask_create(AskInput {
            target_person: Some(target),
            paths: paths
                .iter()
                .map(|p| p.people.iter().map(|x| x.id).collect())
                .collect(),
            subject: draft
                .as_ref()
                .map(|d| d.subject.clone())
                .unwrap_or_default(),
            message: draft.as_ref().map(|d| d.body.clone()).unwrap_or_default(),
            why_now: Some("They are choosing a vendor this quarter".into()),
            mode: Some(script.mode),
            opportunity: script.opportunity.map(|(name, value, stage)| Opportunity {
                name: name.into(),
                value: Some(value),
                stage: Some(stage.into()),
            }),
            at: Some(at(script.created, minute)),
            ..Default::default()
        })?;
        for (to, reason, days) in script.steps {
            let when = at(*days, minute + 30);
            let moved = sphere.ask_move(AskMove {
                id: ask.id,
                to: *to,
                reason: *reason,
                note: None,
                at: Some(when),
            })?;
            if *to == S::Asked
                && let Some(c) = moved
                    .connectors
                    .iter()
                    .find(|c| c.rank == moved.current_rank)
                && let Some(p) = &c.person
            {
                asked.push(p.id);
            }
        }
    }
    ledger(sphere, &mut rng, now, &asked)
}

/// Deposits of every kind to a few close contacts (generous accounts), and withdrawals from
/// the connectors asked most (overdrawn ones).
fn ledger(
    sphere: &Sphere,
    rng: &mut ChaCha8Rng,
    now: DateTime<Utc>,
    asked: &[Id],
) -> Result<(), ApiError> {
    let mut counts: Vec<(Id, usize)> = Vec::new();
    for id in asked {
        match counts.iter_mut().find(|(p, _)| p == id) {
            Some((_, n)) => *n += 1,
            None => counts.push((*id, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut inner = people_in_ring(sphere, Ring::Inner)?;
    inner.retain(|id| !asked.contains(id));
    inner.shuffle(rng);
    let entry = |person_id: Id, direction, kind, days: i64, note: &str| {
        sphere.ledger_add(LedgerInput {
            person_id,
            direction,
            kind,
            weight: None,
            note: Some(note.to_string()),
            at: Some(now - Duration::days(days)),
        })
    };
    use Direction::{Deposit, Withdrawal};
    use LedgerKind as K;
    for &p in inner.iter().take(3) {
        entry(
            p,
            Deposit,
            K::Introduction,
            120,
            "Introduced them to a hiring manager",
        )?;
        entry(p, Deposit, K::Referral, 60, "Sent them a client")?;
        entry(p, Deposit, K::Favour, 40, "Reviewed their pitch deck")?;
        entry(
            p,
            Deposit,
            K::Advice,
            20,
            "Advice on pricing their new plan",
        )?;
        entry(
            p,
            Deposit,
            K::Endorsement,
            8,
            "Endorsed them for negotiation",
        )?;
    }
    for &(p, _) in counts.iter().take(3) {
        entry(
            p,
            Withdrawal,
            K::Favour,
            50,
            "Asked them to join a reference call",
        )?;
        entry(p, Withdrawal, K::Referral, 18, "Asked them for a referral")?;
    }
    // A balanced one: given and asked about as much.
    if let Some(&p) = inner.get(3) {
        entry(p, Deposit, K::Advice, 30, "Shared notes on hiring")?;
        entry(p, Withdrawal, K::Ask, 10, "Asked for a quick intro")?;
    }
    Ok(())
}
