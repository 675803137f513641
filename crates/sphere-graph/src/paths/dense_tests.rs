//! Dense graphs with many near-equal paths, shaped like a school's face-to-face contact
//! log (≈242 people in classes, ≈8,300 ties, many at full strength): the case where the
//! best-first search cannot hold every partial path that might still win. Every query must
//! still be answered, exactly: checked against a textbook Yen's algorithm written here
//! independently (itself checked against brute force on small versions), and against the
//! best-first search wherever it finishes.

use std::collections::HashSet;

use super::tests::{Adj, assert_valid, brute_force, graph};
use super::*;

/// A small fixed-seed generator (SplitMix64), so the graphs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick(&mut self, from: &[f64]) -> f64 {
        from[self.below(from.len())]
    }

    /// Standard normal (Box–Muller).
    fn normal(&mut self) -> f64 {
        let u = self.unit().max(f64::MIN_POSITIVE);
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * self.unit()).cos()
    }
}

/// How a generated network's ties get their strengths.
#[derive(Debug, Clone, Copy)]
enum Strengths {
    /// A few levels and full strength (cost 0): many exactly equal paths.
    Levels,
    /// As Sphere reads a face-to-face log: `1 − exp(−w/5)` for a contact weight `w` that
    /// is log-normal with median `e^mu` (within a class, across classes), so frequent
    /// contacts give strengths a hair below 1 (near-equal costs) or exactly 1 (the float
    /// saturates).
    ContactWeights(f64, f64),
}

/// A contact network: `classes` classes of `size` pupils who nearly all met each other,
/// one teacher per class who met most of their class, and a share `across` of the pairs
/// of different classes who met too.
fn contact_network(
    seed: u64,
    classes: usize,
    size: usize,
    across: f64,
    strengths: Strengths,
) -> (usize, Adj) {
    let mut rng = Rng(seed);
    let n = classes * (size + 1);
    let class_of = |v: usize| {
        if v < classes * size {
            v / size
        } else {
            v - classes * size
        }
    };
    let teacher = |v: usize| v >= classes * size;
    let levels = [0.9f64, 0.8, 0.7, 0.5, 0.4, 0.3, 0.2, 0.1];
    let mut edges = Vec::new();
    for a in 0..n {
        for b in (a + 1)..n {
            let same = class_of(a) == class_of(b);
            let p = match (same, teacher(a) || teacher(b)) {
                (true, false) => 0.95,
                (true, true) => 0.8,
                (false, _) => across,
            };
            if rng.unit() >= p {
                continue;
            }
            let strength: f64 = match strengths {
                Strengths::Levels => {
                    let full = if same { 0.6 } else { 0.3 };
                    if rng.unit() < full {
                        1.0
                    } else {
                        let s = rng.pick(&levels);
                        // Some near-ties among the exact ones.
                        if rng.unit() < 0.1 {
                            s * (1.0 - 1e-6 * rng.unit())
                        } else {
                            s
                        }
                    }
                }
                Strengths::ContactWeights(within, between) => {
                    let mu = if same { within } else { between };
                    let w = (mu + 1.2 * rng.normal()).exp();
                    1.0 - (-w / 5.0).exp()
                }
            };
            edges.push((a, b, (-strength.ln()).max(0.0)));
        }
    }
    (edges.len(), graph(n, &edges))
}

/// The school: 11 classes of 21 pupils and their 11 teachers (242 people, about 8,300
/// ties). With the old fixed budget (2,000,000 partial paths and ways to go on) the
/// best-first search gave up on 37 of the 50 queries below.
fn school() -> (usize, Adj) {
    contact_network(12, 11, 21, 0.222, Strengths::ContactWeights(4.5, 1.5))
}

/// Textbook Yen (one source, one target, no penalties, no hop bound): a Dijkstra by
/// (cost, hops) from each spur node of the last path found, with the root's nodes removed
/// and the next edges of the paths sharing the root blocked; duplicates dropped.
fn textbook_yen(g: &Adj, s: usize, t: usize, k: usize) -> Vec<(f64, usize)> {
    let n = g.0.len();
    let cost_of = |path: &[usize]| -> f64 {
        path.windows(2)
            .map(|w| {
                g.0[w[0]]
                    .iter()
                    .find(|(u, _)| *u == w[1])
                    .map_or(f64::INFINITY, |(_, c)| *c)
            })
            .fold(0.0, |acc, c| acc + c)
    };
    let dijkstra = |from: usize,
                    blocked: &HashSet<usize>,
                    cut: &HashSet<(usize, usize)>|
     -> Option<Vec<usize>> {
        let mut best: Vec<(f64, usize)> = vec![(f64::INFINITY, usize::MAX); n];
        let mut parent = vec![usize::MAX; n];
        let mut done = vec![false; n];
        best[from] = (0.0, 0);
        loop {
            let v = (0..n)
                .filter(|&v| !done[v] && best[v].0.is_finite())
                .min_by(|&a, &b| {
                    best[a]
                        .0
                        .total_cmp(&best[b].0)
                        .then(best[a].1.cmp(&best[b].1))
                })?;
            if v == t {
                break;
            }
            done[v] = true;
            for &(u, c) in &g.0[v] {
                if blocked.contains(&u) || cut.contains(&(v, u)) || done[u] {
                    continue;
                }
                let cand = (best[v].0 + c, best[v].1 + 1);
                if cand.0 < best[u].0 || (cand.0 == best[u].0 && cand.1 < best[u].1) {
                    best[u] = cand;
                    parent[u] = v;
                }
            }
        }
        let mut path = vec![t];
        while *path.last()? != from {
            path.push(parent[*path.last()?]);
        }
        path.reverse();
        Some(path)
    };
    let mut found: Vec<Vec<usize>> = Vec::new();
    let mut candidates: Vec<(f64, Vec<usize>)> = Vec::new();
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    if let Some(p) = dijkstra(s, &HashSet::new(), &HashSet::new()) {
        seen.insert(p.clone());
        candidates.push((cost_of(&p), p));
    }
    while found.len() < k && !candidates.is_empty() {
        let best = (0..candidates.len())
            .min_by(|&a, &b| {
                candidates[a]
                    .0
                    .total_cmp(&candidates[b].0)
                    .then(candidates[a].1.len().cmp(&candidates[b].1.len()))
            })
            .expect("not empty");
        let (_, path) = candidates.swap_remove(best);
        found.push(path.clone());
        for i in 0..path.len() - 1 {
            let root = &path[..=i];
            let blocked: HashSet<usize> = root[..i].iter().copied().collect();
            let cut: HashSet<(usize, usize)> = found
                .iter()
                .filter(|p| p.len() > i + 1 && &p[..=i] == root)
                .map(|p| (p[i], p[i + 1]))
                .collect();
            if let Some(spur) = dijkstra(path[i], &blocked, &cut) {
                let mut whole = root[..i].to_vec();
                whole.extend(spur);
                if seen.insert(whole.clone()) {
                    candidates.push((cost_of(&whole), whole));
                }
            }
        }
    }
    found.iter().map(|p| (cost_of(p), p.len() - 1)).collect()
}

fn shape(paths: &[FoundPath]) -> Vec<(f64, usize)> {
    paths.iter().map(|p| (p.cost, p.nodes.len() - 1)).collect()
}

#[test]
fn the_textbook_yen_is_right_on_small_contact_networks() {
    for seed in 0..40 {
        let (_, g) = contact_network(seed, 3, 3, 0.3, Strengths::Levels);
        let n = g.0.len();
        let (s, t) = (seed as usize % n, (seed as usize * 7 + 3) % n);
        if s == t {
            continue;
        }
        let q = KBestQuery {
            sources: vec![s],
            targets: vec![t],
            k: 8,
            ..KBestQuery::default()
        };
        let want: Vec<(f64, usize)> = shape(&brute_force(&g, &q)).into_iter().take(8).collect();
        assert_eq!(
            textbook_yen(&g, s, t, 8),
            want,
            "the second method must itself be right (seed {seed})"
        );
    }
}

#[test]
fn small_contact_networks_equal_brute_force_with_either_method() {
    for seed in 0..40 {
        let strengths = if seed % 2 == 0 {
            Strengths::Levels
        } else {
            Strengths::ContactWeights(3.0, 1.0)
        };
        let (_, g) = contact_network(100 + seed, 3, 3, 0.4, strengths);
        let n = g.0.len();
        let (s, t) = (seed as usize % n, (seed as usize * 5 + 1) % n);
        for max_hops in [None, Some(3)] {
            for budget in [None, Some(0), Some(40)] {
                let q = KBestQuery {
                    sources: vec![s],
                    targets: vec![t],
                    k: 6,
                    max_hops,
                    budget,
                    ..KBestQuery::default()
                };
                let want: Vec<(f64, usize)> =
                    shape(&brute_force(&g, &q)).into_iter().take(6).collect();
                let got = k_best_paths(&g, &q);
                assert_eq!(
                    shape(&got),
                    want,
                    "seed {seed}, {max_hops:?}, budget {budget:?}"
                );
                for p in &got {
                    assert_valid(&g, &q, p);
                }
            }
        }
    }
}

#[test]
fn on_a_school_contact_network_every_query_is_answered_exactly() {
    let (edges, g) = school();
    let n = g.0.len();
    assert_eq!(n, 242, "shaped like the contact log");
    assert!(
        (8_000..8_700).contains(&edges),
        "about 8,300 ties like the contact log: {edges}"
    );
    let costs = || g.0.iter().flatten().map(|(_, c)| *c);
    let full = costs().filter(|c| *c == 0.0).count() / 2;
    let near_full = costs().filter(|c| *c < 1e-3).count() / 2;
    assert!(
        full > 300 && near_full * 4 > edges,
        "many ties at or a hair below full strength (near-equal paths): {full} at 1.0, \
         {near_full} above 0.999, of {edges}"
    );
    let mut rng = Rng(2024);
    let (mut by_yen, mut by_best_first) = (0, 0);
    for i in 0..50 {
        let s = rng.below(n);
        let mut t = rng.below(n);
        while t == s {
            t = rng.below(n);
        }
        let q = KBestQuery {
            sources: vec![s],
            targets: vec![t],
            k: 5,
            max_hops: None,
            ..KBestQuery::default()
        };
        let (got, method) = k_best_paths_traced(&g, &q);
        assert_eq!(got.len(), 5, "query {i} ({s} → {t}) is answered in full");
        for p in &got {
            assert_valid(&g, &q, p);
        }
        assert_eq!(
            shape(&got),
            textbook_yen(&g, s, t, 5),
            "query {i} ({s} → {t}, by {method:?}) agrees with the textbook Yen"
        );
        match method {
            Method::Yen => by_yen += 1,
            Method::BestFirst => by_best_first += 1,
        }
    }
    assert!(
        by_yen > 0,
        "the graph is hard enough that the best-first search hands some queries over \
         ({by_best_first} finished by best-first)"
    );
}

#[test]
fn on_a_school_contact_network_hop_bounded_queries_agree_with_either_method() {
    // With a hop bound the best-first search finishes here; Yen's algorithm, forced, must
    // give the same answers (its hop-bounded spurs, at scale).
    let (_, g) = school();
    let n = g.0.len();
    let mut rng = Rng(7);
    for i in 0..20 {
        let s = rng.below(n);
        let mut t = rng.below(n);
        while t == s {
            t = rng.below(n);
        }
        let max_hops = Some(2 + i % 3);
        let q = KBestQuery {
            sources: vec![s],
            targets: vec![t],
            k: 5,
            max_hops,
            ..KBestQuery::default()
        };
        let (best_first, method) = k_best_paths_traced(&g, &q);
        assert_eq!(method, Method::BestFirst, "query {i} fits the budget");
        let yen = k_best_paths(
            &g,
            &KBestQuery {
                budget: Some(0),
                ..q.clone()
            },
        );
        assert_eq!(
            shape(&yen),
            shape(&best_first),
            "query {i} ({s} → {t}, {max_hops:?}): Yen agrees with best-first"
        );
        for p in &yen {
            assert_valid(&g, &q, p);
        }
    }
}
