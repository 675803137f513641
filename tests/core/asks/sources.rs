//! Referral sources worth asking: leverage against brute force on small random networks.

use std::collections::{HashMap, HashSet};

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sphere_api::domain::*;
use sphere_api::*;

use super::{TestResult, log, now, person, tie};

#[test]
fn sources_match_brute_force_on_small_networks() -> TestResult {
    for seed in 0..6u64 {
        let dir = tempfile::tempdir()?;
        let s = Sphere::open_as_of(&dir.path().join("src.db"), now())?;
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let orgs: Vec<Id> = (0..3)
            .map(|i| {
                s.org_create(OrganizationInput {
                    name: format!("Target {i} Incorporated"),
                    ..Default::default()
                })
                .map(|o| o.id)
            })
            .collect::<Result<_, _>>()?;
        let me = person(&s, "Me", None, "", Some(Ring::Centre))?;
        let mut people = vec![me];
        for i in 0..11 {
            let org = (rng.random_range(0..3) == 0).then(|| orgs[rng.random_range(0..3)]);
            people.push(person(
                &s,
                &format!("P{i}"),
                org,
                if i % 2 == 0 { "VP Sales" } else { "Engineer" },
                None,
            )?);
        }
        let mut pairs = HashSet::new();
        for _ in 0..26 {
            let (a, b) = (
                people[rng.random_range(0..12)],
                people[rng.random_range(0..12)],
            );
            if a == b || !pairs.insert((a.min(b), a.max(b))) {
                continue;
            }
            tie(&s, a, b, TieKind::Acquaintance)?;
            for _ in 0..rng.random_range(0..4) {
                log(
                    &s,
                    InteractionKind::Meeting,
                    &[a, b],
                    rng.random_range(1..400),
                )?;
            }
        }
        let targets = vec![
            SourceTarget {
                organization: Some(orgs[0]),
                ..Default::default()
            },
            SourceTarget {
                organization: Some(orgs[1]),
                title: Some("VP".into()),
                ..Default::default()
            },
            SourceTarget {
                person: Some(people[5]),
                ..Default::default()
            },
        ];
        let got = s.sources_rank(SourcesQuery {
            targets: targets.clone(),
            max_hops: Some(3),
            limit: Some(200),
        })?;
        // The oracle: strengths from tie_list, every simple path by DFS.
        let ties = s.tie_list(TieQuery::default())?;
        let mut adj: HashMap<Id, Vec<(Id, f64)>> = HashMap::new();
        for t in &ties {
            let (a, b) = (t.relationship.person_a, t.relationship.person_b);
            adj.entry(a).or_default().push((b, t.strength));
            adj.entry(b).or_default().push((a, t.strength));
        }
        let members = |i: usize| -> Result<Vec<Id>, ApiError> {
            let all = s.person_list(PersonQuery {
                limit: Some(1000),
                ..Default::default()
            })?;
            Ok(all
                .items
                .iter()
                .filter(|p| match i {
                    0 => p.organization_id == Some(orgs[0]),
                    1 => p.organization_id == Some(orgs[1]) && p.title.contains("VP"),
                    _ => p.id == people[5],
                })
                .map(|p| p.id)
                .collect())
        };
        let groups: Vec<Vec<Id>> = (0..3).map(members).collect::<Result<_, _>>()?;
        fn best(
            adj: &HashMap<Id, Vec<(Id, f64)>>,
            path: &mut Vec<Id>,
            st: f64,
            me: Id,
            hops: usize,
            out: &mut HashMap<Id, f64>,
        ) {
            let v = *path.last().unwrap_or(&me);
            let e = out.entry(v).or_insert(0.0);
            if st > *e {
                *e = st;
            }
            if path.len() > hops {
                return;
            }
            for &(u, w) in adj.get(&v).into_iter().flatten() {
                if u == me || path.contains(&u) || w <= 0.0 {
                    continue;
                }
                path.push(u);
                best(adj, path, st * w, me, hops, out);
                path.pop();
            }
        }
        let mut want: Vec<(Id, f64, u32)> = Vec::new();
        for &(c, w) in adj.get(&me).into_iter().flatten() {
            if w <= 0.0 {
                continue;
            }
            let mut reach = HashMap::new();
            best(&adj, &mut vec![c], 1.0, me, 2, &mut reach);
            let n = groups
                .iter()
                .filter(|g| g.iter().any(|t| reach.get(t).is_some_and(|s| *s > 0.0)))
                .count() as u32;
            if n > 0 {
                want.push((c, f64::from(n) * w, n));
            }
        }
        assert_eq!(
            got.sources.len(),
            want.len(),
            "seed {seed}: every contact who reaches a target"
        );
        for src in &got.sources {
            let (_, lev, n) = want.iter().find(|w| w.0 == src.person.id).ok_or(format!(
                "seed {seed}: {} is not a source",
                src.person.display_name
            ))?;
            assert_eq!(src.reach, *n, "seed {seed}");
            assert!(
                (src.leverage - lev).abs() < 1e-9,
                "seed {seed}: {} vs {lev}",
                src.leverage
            );
            for r in &src.reached {
                let mut reach = HashMap::new();
                best(&adj, &mut vec![src.person.id], 1.0, me, 2, &mut reach);
                let top = groups[r.target as usize]
                    .iter()
                    .filter_map(|t| reach.get(t))
                    .fold(0.0f64, |a, b| a.max(*b));
                assert!(
                    (r.strength - top).abs() < 1e-9,
                    "seed {seed}: best path {} vs {top}",
                    r.strength
                );
            }
        }
        assert!(
            got.sources
                .windows(2)
                .all(|w| w[0].leverage >= w[1].leverage),
            "seed {seed}: ranked by leverage"
        );
    }
    Ok(())
}
