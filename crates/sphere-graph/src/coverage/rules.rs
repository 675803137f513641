//! The verdict and the role coverage of one account, from its threads: pure rules, tested
//! here by table and used by [`super::SphereGraph::coverage`].

use std::collections::{BTreeMap, BTreeSet};

use sphere_domain::Id;
use sphere_domain::account::{AccountRole, Verdict};

/// A person at the account and the members who hold a thread with them.
pub type Threads = BTreeMap<Id, BTreeSet<Id>>;

/// The verdict the known threads give: `reachable` when some member reaches someone at the
/// account within the hop bound.
pub fn known_verdict(threads: &Threads, reachable: bool) -> Verdict {
    match threads.len() {
        0 if reachable => Verdict::NoThread,
        0 => Verdict::NoPath,
        1 => Verdict::SingleTheirs,
        _ => {
            // Single-threaded on our side when every thread is held by the same one of us
            // (and nobody else): the account's relationships all run through one person.
            let holders: BTreeSet<Id> = threads.values().flatten().copied().collect();
            if holders.len() == 1 {
                Verdict::SingleOurs
            } else {
                Verdict::MultiThreaded
            }
        }
    }
}

/// The verdict with what is hidden taken into account: `hidden` are ties on record whose
/// contact is unknown, as `(person, member)`. When counting them as threads would change the
/// verdict, it is [`Verdict::Unknown`]: what decides it cannot be seen.
pub fn verdict(threads: &Threads, hidden: &[(Id, Id)], reachable: bool) -> Verdict {
    let known = known_verdict(threads, reachable);
    if hidden.is_empty() {
        return known;
    }
    let mut optimistic = threads.clone();
    for &(person, member) in hidden {
        optimistic.entry(person).or_default().insert(member);
    }
    // A hidden tie is a path: the account is reachable either way.
    if known_verdict(&optimistic, true) == known {
        known
    } else {
        Verdict::Unknown
    }
}

/// The share of the threads held by the member who holds most of them, and who (the lowest
/// id among equals); `None` without threads.
pub fn concentration(threads: &Threads) -> Option<(Id, f64)> {
    if threads.is_empty() {
        return None;
    }
    let mut held: BTreeMap<Id, usize> = BTreeMap::new();
    for holders in threads.values() {
        for &m in holders {
            *held.entry(m).or_default() += 1;
        }
    }
    let (member, most) = held
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(m, n)| (*m, *n))?;
    Some((member, most as f64 / threads.len() as f64))
}

/// How well one role is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RoleState {
    /// Someone holding it has a thread with the team.
    Covered,
    /// Someone holding it is reached by a path, without a thread.
    Reached,
    /// People hold it, and none is reached.
    Unreached,
    /// Nobody at the account is known to hold it.
    Missing,
}

/// One role at one account.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleCover {
    pub role: AccountRole,
    /// The tier's template asks for it.
    pub required: bool,
    /// Who holds it there, ascending.
    pub people: Vec<Id>,
    pub state: RoleState,
}

/// The roles of an account: every required role, and every other role someone holds, in the
/// roles' order. `roles` are `(person, their roles)` for the people at the account.
pub fn role_cover(
    required: &[AccountRole],
    roles: &[(Id, &[AccountRole])],
    threads: &Threads,
    reached: &BTreeSet<Id>,
) -> Vec<RoleCover> {
    let mut by_role: BTreeMap<AccountRole, Vec<Id>> = BTreeMap::new();
    for &r in required {
        by_role.entry(r).or_default();
    }
    for &(person, list) in roles {
        for &r in list {
            by_role.entry(r).or_default().push(person);
        }
    }
    by_role
        .into_iter()
        .map(|(role, mut people)| {
            people.sort_unstable();
            people.dedup();
            let state = if people.is_empty() {
                RoleState::Missing
            } else if people.iter().any(|p| threads.contains_key(p)) {
                RoleState::Covered
            } else if people.iter().any(|p| reached.contains(p)) {
                RoleState::Reached
            } else {
                RoleState::Unreached
            };
            RoleCover {
                role,
                required: required.contains(&role),
                people,
                state,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threads(list: &[(Id, &[Id])]) -> Threads {
        list.iter()
            .map(|(p, hs)| (*p, hs.iter().copied().collect()))
            .collect()
    }

    #[test]
    fn verdicts_by_table() {
        use Verdict as V;
        #[allow(clippy::type_complexity)]
        let cases: &[(&[(Id, &[Id])], &[(Id, Id)], bool, V, &str)] = &[
            (&[], &[], false, V::NoPath, "nothing reaches the account"),
            (
                &[],
                &[],
                true,
                V::NoThread,
                "a path but no warm, recent tie",
            ),
            (
                &[(10, &[1])],
                &[],
                true,
                V::SingleTheirs,
                "one person there",
            ),
            (
                &[(10, &[1, 2])],
                &[],
                true,
                V::SingleTheirs,
                "one person there, even held by two of us",
            ),
            (
                &[(10, &[1]), (11, &[1])],
                &[],
                true,
                V::SingleOurs,
                "two people there, both through member 1",
            ),
            (
                &[(10, &[1, 2]), (11, &[1])],
                &[],
                true,
                V::MultiThreaded,
                "member 1 is in every thread, but 2 holds one too: not all through one of us \
                 (the what-if shows what member 1 leaving would do)",
            ),
            (
                &[(10, &[1]), (11, &[2])],
                &[],
                true,
                V::MultiThreaded,
                "two people there, two of us",
            ),
            (
                &[],
                &[(10, 1)],
                true,
                V::Unknown,
                "a tie with no contact on record could be a thread",
            ),
            (
                &[(10, &[1])],
                &[(10, 2)],
                true,
                V::SingleTheirs,
                "a hidden tie to the same person cannot change the verdict",
            ),
            (
                &[(10, &[1])],
                &[(11, 2)],
                true,
                V::Unknown,
                "a hidden tie to another person could make it multi-threaded",
            ),
            (
                &[(10, &[1]), (11, &[2])],
                &[(12, 3)],
                true,
                V::MultiThreaded,
                "already multi-threaded: more threads keep it so",
            ),
        ];
        for (known, hidden, reachable, want, why) in cases {
            assert_eq!(verdict(&threads(known), hidden, *reachable), *want, "{why}");
        }
    }

    #[test]
    fn concentration_is_the_top_holders_share() {
        assert_eq!(concentration(&threads(&[])), None);
        assert_eq!(
            concentration(&threads(&[
                (10, &[1]),
                (11, &[1]),
                (12, &[2]),
                (13, &[1, 2])
            ])),
            Some((1, 0.75)),
            "member 1 holds 3 of 4 threads"
        );
        assert_eq!(
            concentration(&threads(&[(10, &[2]), (11, &[1])])),
            Some((1, 0.5)),
            "equal shares: the lowest id"
        );
    }

    #[test]
    fn roles_are_covered_reached_unreached_or_missing() {
        use AccountRole as R;
        let t = threads(&[(10, &[1])]);
        let reached: BTreeSet<Id> = [10, 11].into_iter().collect();
        let champion = [R::Champion];
        let buyer = [R::EconomicBuyer];
        let evaluator = [R::TechnicalEvaluator];
        let got = role_cover(
            &[R::EconomicBuyer, R::Champion, R::Procurement],
            &[(10, &champion), (11, &buyer), (12, &evaluator)],
            &t,
            &reached,
        );
        let states: Vec<(R, RoleState, bool)> =
            got.iter().map(|c| (c.role, c.state, c.required)).collect();
        assert_eq!(
            states,
            vec![
                (R::EconomicBuyer, RoleState::Reached, true),
                (R::Champion, RoleState::Covered, true),
                (R::TechnicalEvaluator, RoleState::Unreached, false),
                (R::Procurement, RoleState::Missing, true),
            ]
        );
    }
}
