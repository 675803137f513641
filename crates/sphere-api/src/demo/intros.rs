//! The demo's needs and offers, made through the real commands (`need_offer_create`,
//! `intro_openness_set`) so the Introductions page shows real suggestions out of the box:
//! among the forty people the user knows best, eight people need one term each and sixteen
//! offer it, two per term; one is open to introductions and one is not. Deterministic for a
//! seed (a random source of its own).

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::{Sphere, TieQuery};
use sphere_domain::error::ApiError;
use sphere_domain::intros::{NeedKind, NeedOfferInput, Openness};
use sphere_domain::{Id, Ring};

/// Mixed into the seed for this step's own random source.
const SALT: u64 = 0x1e7_0de5;

/// The terms the demo's people need and offer, with a detail for some.
const TERMS: &[(&str, &str)] = &[
    ("seed investors", "raising a pre-seed round this quarter"),
    ("hiring advice", ""),
    ("design partner", "for a new analytics product"),
    ("customers in retail", ""),
    ("pricing advice", "moving from seats to usage pricing"),
    ("security review", ""),
    ("technical advisor", ""),
    ("go-to-market advice", ""),
];

pub(crate) fn add(sphere: &Sphere, seed: u64) -> Result<(), ApiError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ SALT);
    let Some(me) = sphere.store()?.graph.centre() else {
        return Ok(());
    };
    let team = sphere.store()?.graph.team();
    let mut known: Vec<(Id, f64)> = sphere
        .tie_list(TieQuery {
            person_id: Some(me),
            reveal_never: None,
        })?
        .into_iter()
        .filter(|t| !team.contains(&t.other.id) && t.other.ring != Ring::Centre)
        .map(|t| (t.other.id, t.strength))
        .collect();
    known.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    known.truncate(40);
    let mut people: Vec<Id> = known.into_iter().map(|(id, _)| id).collect();
    people.shuffle(&mut rng);
    if people.len() < TERMS.len() * 3 {
        return Ok(());
    }
    let entry = |person_id: Id, kind: NeedKind, term: &str, detail: &str| {
        sphere.need_offer_create(NeedOfferInput {
            person_id,
            kind: Some(kind),
            term: term.into(),
            detail: Some(detail.into()).filter(|d: &String| !d.is_empty()),
            expires_on: None,
        })
    };
    let n = TERMS.len();
    for (k, (term, detail)) in TERMS.iter().enumerate() {
        entry(people[k], NeedKind::Need, term, detail)?;
        entry(people[n + k], NeedKind::Offer, term, "")?;
        entry(people[2 * n + k], NeedKind::Offer, term, "")?;
    }
    sphere.intro_openness_set(crate::OpennessInput {
        person_id: people[n],
        open: Openness::Yes,
    })?;
    sphere.intro_openness_set(crate::OpennessInput {
        person_id: people[2 * n + 1],
        open: Openness::No,
    })?;
    Ok(())
}
