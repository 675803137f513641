//! The give/ask ledger (the relationship bank account of DOMAIN.md): what the user gave a
//! person (deposits) and asked of them (withdrawals), each with an effort weight, and a
//! balance in which old entries count less (a half-life, 365 days by default).

use chrono::{DateTime, Duration, Utc};

use crate::strength::decay;
use crate::string_enum;

string_enum! {
    /// Which way value went.
    Direction {
        /// The user gave: an introduction, a referral, a favour, advice, an endorsement.
        Deposit = "deposit",
        /// The user asked: an introduction, a referral, a favour.
        Withdrawal = "withdrawal",
    }
}

string_enum! {
    /// What was given or asked.
    LedgerKind {
        Introduction = "introduction",
        Referral = "referral",
        Favour = "favour",
        Advice = "advice",
        Endorsement = "endorsement",
        /// An introduction request (a withdrawal).
        Ask = "ask",
    }
}

impl LedgerKind {
    /// The effort weight an entry gets when none is given.
    pub fn default_weight(self) -> f64 {
        match self {
            LedgerKind::Referral => 3.0,
            LedgerKind::Introduction => 2.0,
            LedgerKind::Favour | LedgerKind::Advice | LedgerKind::Endorsement | LedgerKind::Ask => {
                1.0
            }
        }
    }

    /// "an introduction", for sentences.
    pub fn noun(self) -> &'static str {
        match self {
            LedgerKind::Introduction => "an introduction",
            LedgerKind::Referral => "a referral",
            LedgerKind::Favour => "a favour",
            LedgerKind::Advice => "advice",
            LedgerKind::Endorsement => "an endorsement",
            LedgerKind::Ask => "an introduction request",
        }
    }
}

/// The smallest and largest effort weight.
pub const WEIGHT_RANGE: (f64, f64) = (0.1, 10.0);
/// The default half-life of a ledger entry, in days…
pub const DEFAULT_HALF_LIFE_DAYS: f64 = 365.0;
/// …and the shortest and longest a user may choose.
pub const HALF_LIFE_RANGE: (f64, f64) = (30.0, 3650.0);
/// Entries older than this many half-lives weigh under 4% and are left out of balances.
pub const HALF_LIVES_KEPT: f64 = 5.0;
/// A balance at or above this is "generous"…
pub const GENEROUS_FROM: f64 = 1.0;
/// …and at or below this "you have asked a lot lately".
pub const OVERDRAWN_FROM: f64 = -1.0;

string_enum! {
    /// The balance in words.
    Band {
        Generous = "generous",
        Balanced = "balanced",
        /// "You have asked a lot lately."
        Overdrawn = "overdrawn",
    }
}

impl Band {
    pub fn of(balance: f64) -> Band {
        if balance >= GENEROUS_FROM {
            Band::Generous
        } else if balance <= OVERDRAWN_FROM {
            Band::Overdrawn
        } else {
            Band::Balanced
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Generous => "generous",
            Band::Balanced => "balanced",
            Band::Overdrawn => "you have asked a lot lately",
        }
    }
}

/// One entry as the balance sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub at: DateTime<Utc>,
    pub direction: Direction,
    pub weight: f64,
}

impl Entry {
    /// + for a deposit, − for a withdrawal.
    pub fn signed(&self) -> f64 {
        match self.direction {
            Direction::Deposit => self.weight,
            Direction::Withdrawal => -self.weight,
        }
    }
}

/// The entries' decayed sum at `at`: each weighs `0.5^(age / half_life)`; entries after `at`
/// (planned) do not count yet.
pub fn balance(entries: &[Entry], at: DateTime<Utc>, half_life_days: f64) -> f64 {
    entries
        .iter()
        .filter(|e| e.at <= at)
        .map(|e| {
            let days = (at - e.at).num_seconds() as f64 / 86_400.0;
            e.signed() * decay(days, half_life_days)
        })
        .sum()
}

/// "You asked them 3 times this year and gave nothing": the last 365 days in words, or
/// `None` when nothing happened in them.
pub fn year_in_words(entries: &[Entry], at: DateTime<Utc>) -> Option<String> {
    let since = at - Duration::days(365);
    let recent = entries.iter().filter(|e| e.at > since && e.at <= at);
    let (mut asked, mut gave) = (0usize, 0usize);
    for e in recent {
        match e.direction {
            Direction::Withdrawal => asked += 1,
            Direction::Deposit => gave += 1,
        }
    }
    let times = |n: usize| match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        n => format!("{n} times"),
    };
    match (asked, gave) {
        (0, 0) => None,
        (0, g) => Some(format!("you gave {} this year and asked nothing", times(g))),
        (a, 0) => Some(format!(
            "you asked them {} this year and gave nothing",
            times(a)
        )),
        (a, g) => Some(format!(
            "you asked them {} and gave {} this year",
            times(a),
            times(g)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
    }

    fn e(at: DateTime<Utc>, direction: Direction, weight: f64) -> Entry {
        Entry {
            at,
            direction,
            weight,
        }
    }

    #[test]
    fn the_balance_matches_hand_computed_cases() {
        use Direction::*;
        let now = day(2026, 12, 6);
        let cases: &[(&[Entry], f64, f64)] = &[
            (&[], 365.0, 0.0),
            // A fresh ask: −1.
            (&[e(now, Withdrawal, 1.0)], 365.0, -1.0),
            // An introduction given a year ago (one half-life): 2 × 0.5 = 1.
            (&[e(now - Duration::days(365), Deposit, 2.0)], 365.0, 1.0),
            // Two half-lives: a referral of 3 weighs 0.75; minus a fresh ask = −0.25.
            (
                &[
                    e(now - Duration::days(730), Deposit, 3.0),
                    e(now, Withdrawal, 1.0),
                ],
                365.0,
                -0.25,
            ),
            // A 30-day half-life: 60 days = two half-lives.
            (&[e(now - Duration::days(60), Withdrawal, 4.0)], 30.0, -1.0),
            // A planned favour does not count yet.
            (&[e(now + Duration::days(3), Deposit, 1.0)], 365.0, 0.0),
        ];
        for (entries, half_life, want) in cases {
            let got = balance(entries, now, *half_life);
            assert!(
                (got - want).abs() < 1e-9,
                "{entries:?} at half-life {half_life}: {got} ≠ {want}"
            );
        }
    }

    #[test]
    fn bands_and_words() {
        assert_eq!(Band::of(1.0), Band::Generous);
        assert_eq!(Band::of(0.99), Band::Balanced);
        assert_eq!(Band::of(-0.99), Band::Balanced);
        assert_eq!(Band::of(-1.0), Band::Overdrawn);
        let now = day(2026, 12, 6);
        let asks: Vec<Entry> = (1..=3)
            .map(|m| e(day(2026, m * 3, 1), Direction::Withdrawal, 1.0))
            .collect();
        assert_eq!(
            year_in_words(&asks, now).as_deref(),
            Some("you asked them 3 times this year and gave nothing")
        );
        let mut mixed = asks.clone();
        mixed.push(e(day(2026, 11, 1), Direction::Deposit, 2.0));
        assert_eq!(
            year_in_words(&mixed, now).as_deref(),
            Some("you asked them 3 times and gave once this year")
        );
        let old = [e(day(2024, 1, 1), Direction::Withdrawal, 1.0)];
        assert_eq!(year_in_words(&old, now), None, "only the last 365 days");
    }
}
