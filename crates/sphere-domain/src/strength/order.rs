//! Hand-judged tie orderings: each row names two ties, says which one a person would call the
//! stronger relationship and why, and the formula must agree (valued with a fixed clock).
//! Then properties over generated ties: evidence beats no evidence, more never weakens, and
//! strengths spread over the range instead of piling up on a floor.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::{DEFAULT_HALF_LIFE_DAYS, FLOOR_BASE, FLOOR_TENURE, Side, TieStats, strength};
use crate::InteractionKind as K;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A tie as a person would describe it: how long known, what happened when, a hand setting.
#[derive(Clone, Default)]
struct Tie {
    since: Option<NaiveDate>,
    log: Vec<(i64, K, Side)>,
    set: Option<f64>,
}

fn tie() -> Tie {
    Tie::default()
}

impl Tie {
    /// Known for `years` (the relationship's "since").
    fn known(mut self, years: f64) -> Self {
        let days = (years * 365.25).round() as i64;
        self.since = Some((now() - Duration::days(days)).date_naive());
        self
    }

    /// Mutual interactions of `kind` (meetings, calls, meals…) this many days ago.
    fn did(mut self, kind: K, days_ago: &[i64]) -> Self {
        self.log
            .extend(days_ago.iter().map(|&d| (d, kind, Side::Shared)));
        self
    }

    /// Messages of `kind` sent by `side` this many days ago.
    fn sent(mut self, kind: K, side: Side, days_ago: &[i64]) -> Self {
        self.log.extend(days_ago.iter().map(|&d| (d, kind, side)));
        self
    }

    /// One message of `kind` every `every` days for `times` times, alternating sides when
    /// `answered` (a conversation), all from A otherwise.
    fn every(mut self, kind: K, every: i64, times: i64, answered: bool) -> Self {
        for i in 0..times {
            let side = if answered && i % 2 == 1 {
                Side::B
            } else {
                Side::A
            };
            self.log.push((1 + i * every, kind, side));
        }
        self
    }

    fn set_by_hand(mut self, value: f64) -> Self {
        self.set = Some(value);
        self
    }

    fn stats(&self) -> TieStats {
        let mut s = TieStats::default();
        for &(days, kind, side) in &self.log {
            s.add(
                now() - Duration::days(days),
                kind,
                side,
                DEFAULT_HALF_LIFE_DAYS,
            );
        }
        s
    }

    fn value(&self) -> f64 {
        strength(
            &self.stats(),
            self.since,
            self.set,
            now(),
            DEFAULT_HALF_LIFE_DAYS,
        )
        .value
    }
}

/// One judgement: `stronger` should rank above `weaker`, because `why`.
struct Row {
    stronger: (&'static str, Tie),
    weaker: (&'static str, Tie),
    why: &'static str,
}

fn rows() -> Vec<Row> {
    let five_recent = || {
        tie()
            .did(K::Meeting, &[3, 10])
            .did(K::Call, &[6, 20])
            .did(K::Meal, &[25])
    };
    vec![
        Row {
            stronger: (
                "known 6 years, five interactions in the last month",
                five_recent().known(6.0),
            ),
            weaker: ("known 6 years, no interactions logged", tie().known(6.0)),
            why: "the issue's case: with the same tenure, evidence beats no evidence (both showed 30%)",
        },
        Row {
            stronger: (
                "5 two-way meetings last month, met 2 months ago",
                tie().known(2.0 / 12.0).did(K::Meeting, &[2, 8, 15, 22, 29]),
            ),
            weaker: (
                "known 6 years, nothing in 3 years",
                tie()
                    .known(6.0)
                    .did(K::Meal, &[1100, 1500])
                    .did(K::Call, &[1300]),
            ),
            why: "a live relationship is stronger than a long one that has gone quiet",
        },
        Row {
            stronger: (
                "known 6 years, nothing in 3 years",
                tie()
                    .known(6.0)
                    .did(K::Meal, &[1100, 1500])
                    .did(K::Call, &[1300]),
            ),
            weaker: ("known 1 year, nothing logged", tie().known(1.0)),
            why: "among quiet ties, the longer history and the real past contact count",
        },
        Row {
            stronger: (
                "weekly two-way email for a year",
                tie().known(1.0).every(K::Email, 7, 52, true),
            ),
            weaker: ("one meal last week", tie().known(0.1).did(K::Meal, &[7])),
            why: "a steady conversation builds more than one good meal",
        },
        Row {
            stronger: (
                "3 two-way calls in the last six weeks",
                tie().known(0.5).did(K::Call, &[5, 20, 40]),
            ),
            weaker: (
                "20 one-way emails in the last ten weeks",
                tie().known(0.5).every(K::Email, 3, 20, false),
            ),
            why: "unanswered emails are attempts, calls are a relationship",
        },
        Row {
            stronger: (
                "a friend of ten years with a call last month",
                tie().known(10.0).did(K::Call, &[30]),
            ),
            weaker: (
                "a new contact with two meetings in the last three weeks",
                tie().known(21.0 / 365.25).did(K::Meeting, &[7, 21]),
            ),
            why: "a decade of friendship that is still kept up outweighs a fresh acquaintance",
        },
        Row {
            stronger: (
                "two meetings this quarter, known 8 years",
                tie().known(8.0).did(K::Meeting, &[10, 60]),
            ),
            weaker: (
                "two meetings this quarter, known 1 year",
                tie().known(1.0).did(K::Meeting, &[10, 60]),
            ),
            why: "the same activity over a longer tenure is at least as strong",
        },
        Row {
            stronger: ("nothing logged, known 8 years", tie().known(8.0)),
            weaker: ("nothing logged, known 1 year", tie().known(1.0)),
            why: "with no evidence at all, how long you have known each other orders the ties",
        },
        Row {
            stronger: (
                "set by hand to 0.9: college roommates, nothing logged",
                tie().known(1.0).set_by_hand(0.9),
            ),
            weaker: (
                "two meetings this quarter, known 2 years",
                tie().known(2.0).did(K::Meeting, &[20, 70]),
            ),
            why: "an override says what the log cannot know, and wins over the computed strength",
        },
        Row {
            stronger: (
                "one call yesterday, a new contact",
                tie().did(K::Call, &[1]),
            ),
            weaker: (
                "set by hand to 0.1: we fell out, many meals",
                tie().known(5.0).did(K::Meal, &[3, 10, 30]).set_by_hand(0.1),
            ),
            why: "an override wins downwards too",
        },
        Row {
            stronger: (
                "one call yesterday, a new contact",
                tie().did(K::Call, &[1]),
            ),
            weaker: ("known 20 years, nothing logged", tie().known(20.0)),
            why: "recent two-way evidence beats any tenure without evidence",
        },
        Row {
            stronger: (
                "one email each way yesterday, a new contact",
                tie()
                    .sent(K::Email, Side::A, &[2])
                    .sent(K::Email, Side::B, &[1]),
            ),
            weaker: ("known 20 years, nothing logged", tie().known(20.0)),
            why: "even the smallest exchange is evidence; a date typed long ago is not",
        },
        Row {
            stronger: ("known 10 years, nothing logged", tie().known(10.0)),
            weaker: (
                "a cold email yesterday, unanswered",
                tie().sent(K::Email, Side::A, &[1]),
            ),
            why: "an unanswered message is an attempt, not a relationship",
        },
        Row {
            stronger: (
                "a meeting last week",
                tie().known(1.0).did(K::Meeting, &[7]),
            ),
            weaker: (
                "a meeting six months ago",
                tie().known(1.0).did(K::Meeting, &[182]),
            ),
            why: "ties cool when neglected",
        },
        Row {
            stronger: (
                "a meeting last week",
                tie().known(1.0).did(K::Meeting, &[7]),
            ),
            weaker: (
                "an email each way last week",
                tie()
                    .known(1.0)
                    .sent(K::Email, Side::A, &[8])
                    .sent(K::Email, Side::B, &[7]),
            ),
            why: "meeting in person builds more than a short exchange",
        },
        Row {
            stronger: (
                "six emails, three each way",
                tie().known(1.0).every(K::Email, 5, 6, true),
            ),
            weaker: (
                "six emails, all one way",
                tie().known(1.0).every(K::Email, 5, 6, false),
            ),
            why: "a conversation counts more than the same number of unanswered messages",
        },
        Row {
            stronger: (
                "a friend of ten years, a call last month",
                tie().known(10.0).did(K::Call, &[30]),
            ),
            weaker: (
                "a friend of ten years, last call two years ago",
                tie().known(10.0).did(K::Call, &[730]),
            ),
            why: "an old friendship is strong while it is kept up, and cools when it is not",
        },
        Row {
            stronger: (
                "monthly calls for two years",
                tie().known(2.0).every(K::Call, 30, 24, false),
            ),
            weaker: (
                "one meeting yesterday, a new contact",
                tie().did(K::Meeting, &[1]),
            ),
            why: "a regular rhythm outweighs a single fresh meeting",
        },
        Row {
            stronger: (
                "a new client met four times this quarter",
                tie().known(0.25).did(K::Meeting, &[5, 25, 50, 80]),
            ),
            weaker: (
                "an old colleague of 10 years, nothing in 3 years",
                tie().known(10.0).did(K::Meal, &[1100]),
            ),
            why: "recent repeated meetings are evidence the old tie no longer has",
        },
        Row {
            stronger: (
                "a friend of 5 years, three emails each way this month",
                tie().known(5.0).every(K::Email, 5, 6, true),
            ),
            weaker: (
                "someone who emailed 10 times this month, never answered",
                tie()
                    .known(0.1)
                    .sent(K::Email, Side::B, &[1, 3, 6, 9, 12, 15, 18, 21, 24, 27]),
            ),
            why: "answered mail between old friends beats a one-sided stream",
        },
        Row {
            stronger: (
                "an introduction made last week",
                tie().known(1.0).did(K::Intro, &[7]),
            ),
            weaker: (
                "an event together last week",
                tie().known(1.0).did(K::Event, &[7]),
            ),
            why: "an introduction given is worth more than standing in the same room",
        },
        Row {
            stronger: (
                "a friend of 10 years who writes back, 4 emails each way this quarter",
                tie().known(10.0).every(K::Email, 10, 8, true),
            ),
            weaker: (
                "a friend of 10 years I write to, 8 unanswered emails this quarter",
                tie().known(10.0).every(K::Email, 10, 8, false),
            ),
            why: "tenure rewards a tie that is lived both ways, not messages nobody answers",
        },
    ]
}

#[test]
fn hand_judged_orderings_hold() {
    let mut wrong = Vec::new();
    for r in rows() {
        let (a, b) = (r.stronger.1.value(), r.weaker.1.value());
        if a <= b {
            wrong.push(format!(
                "\"{}\" ({a:.3}) should rank above \"{}\" ({b:.3}): {}",
                r.stronger.0, r.weaker.0, r.why
            ));
        }
    }
    assert!(wrong.is_empty(), "orderings broken:\n{}", wrong.join("\n"));
}

/// A small deterministic generator (no dependency for one test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

const KINDS: [K; 8] = [
    K::Meeting,
    K::Call,
    K::Meal,
    K::Email,
    K::Message,
    K::Event,
    K::Intro,
    K::IntroRequest,
];

/// Ties as an import of a few years of mail and calendar gives them: a tenure, and from none to
/// dozens of interactions of every kind, some answered, some one-way, spread over the years.
fn generated(n: usize) -> Vec<Tie> {
    let mut g = Lcg(0x5eed);
    (0..n)
        .map(|_| {
            let mut t = tie();
            if g.below(4) > 0 {
                t = t.known(g.below(15 * 12) as f64 / 12.0);
            }
            let count = match g.below(4) {
                0 => 0,
                1 => g.below(3),
                2 => g.below(12),
                _ => g.below(60),
            };
            let span = 30 + g.below(5 * 365) as i64;
            for _ in 0..count {
                let kind = KINDS[g.below(KINDS.len() as u64) as usize];
                let side = match g.below(3) {
                    0 => Side::A,
                    1 => Side::B,
                    _ => Side::Shared,
                };
                t = t.sent(kind, side, &[g.below(span as u64) as i64]);
            }
            t
        })
        .collect()
}

#[test]
fn strengths_spread_over_the_range() {
    let values: Vec<f64> = generated(2_000).iter().map(Tie::value).collect();
    let mut counts = std::collections::HashMap::new();
    for v in &values {
        *counts.entry((v * 100.0).round() as i64).or_insert(0usize) += 1;
    }
    let (most, n) = counts
        .iter()
        .max_by_key(|(_, n)| **n)
        .map(|(v, n)| (*v, *n))
        .unwrap_or_default();
    assert!(
        n * 5 < values.len(),
        "{n} of {} ties sit on {}%: strengths pile up instead of telling ties apart",
        values.len(),
        most
    );
    let above_half = values.iter().filter(|v| **v > 0.5).count();
    let below_fifth = values.iter().filter(|v| **v < 0.2).count();
    assert!(
        above_half * 10 > values.len() && below_fifth * 10 > values.len(),
        "strong and weak ties both exist in a real network: {above_half} above 0.5, {below_fifth} below 0.2"
    );
}

#[test]
fn evidence_beats_no_evidence_and_more_never_weakens() {
    let ceiling = FLOOR_BASE + FLOOR_TENURE;
    for (i, t) in generated(1_000).into_iter().enumerate() {
        let stats = t.stats();
        let two_way = stats.two_way_weight(now(), DEFAULT_HALF_LIFE_DAYS);
        let v = t.value();
        if stats.count == 0 {
            assert!(
                v < ceiling,
                "tie {i}: no evidence stays under the floor's ceiling, {v}"
            );
        }
        if two_way >= 1.0 {
            assert!(
                v > ceiling,
                "tie {i}: recent two-way evidence (weight {two_way:.2}) ranks above every tie without it, {v}"
            );
        }
        let mut more = t.clone().did(K::Call, &[(i % 400) as i64]);
        assert!(
            more.value() >= v,
            "tie {i}: one more call never weakens a tie"
        );
        more = t.clone().known(16.0 + (i % 5) as f64);
        assert!(
            more.value() >= v,
            "tie {i}: a longer tenure never weakens a tie"
        );
    }
}
