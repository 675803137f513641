//! Target accounts and coverage: the manager's words. An organization the team means to win is
//! a *target account* (with an owner on the team, a tier and a note); people there hold
//! *roles* in the buying group; a *role template* per tier says which roles must be covered;
//! and *coverage* says how the team's relationships reach the account (see
//! `sphere_graph::coverage` for the rules and `sphere_api`'s `coverage` for the view).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Id, string_enum};

/// The tiers an account can have: 1 is the most important.
pub const TIERS: std::ops::RangeInclusive<u8> = 1..=3;
/// A thread is a tie with two-way contact this recent; the best one older than this is stale.
pub const THREAD_DAYS: i64 = 180;
/// A tie (or path) at least this strong is strong.
pub const STRONG_FROM: f64 = 0.6;
/// A tie (or path) at least this strong (and below [`STRONG_FROM`]) is medium; weaker is weak.
pub const MEDIUM_FROM: f64 = 0.3;
/// The longest note on a target account.
pub const MAX_NOTE: usize = 2_000;

string_enum! {
    /// What a person does in an account's buying group (Sales Navigator's and Salesforce's
    /// contact roles).
    AccountRole {
        /// Owns the budget and signs.
        EconomicBuyer = "economic_buyer",
        /// Makes or carries the decision.
        DecisionMaker = "decision_maker",
        /// Sells for us inside the account.
        Champion = "champion",
        /// Judges whether it works.
        TechnicalEvaluator = "technical_evaluator",
        /// Buys: contracts, vendors, terms.
        Procurement = "procurement",
        /// Is listened to by those who decide.
        Influencer = "influencer",
        /// Will use what we sell.
        User = "user",
        /// Stands in the way.
        Blocker = "blocker",
    }
}

impl AccountRole {
    /// The role in words, for lists and exports.
    pub fn label(self) -> &'static str {
        match self {
            Self::EconomicBuyer => "Economic buyer",
            Self::DecisionMaker => "Decision maker",
            Self::Champion => "Champion",
            Self::TechnicalEvaluator => "Technical evaluator",
            Self::Procurement => "Procurement",
            Self::Influencer => "Influencer",
            Self::User => "User",
            Self::Blocker => "Blocker",
        }
    }
}

string_enum! {
    /// How senior a title is, read from its words ("CTO", "SVP", "Head of", …).
    Seniority {
        /// Chief officers, presidents, founders, owners, managing directors.
        CLevel = "c_level",
        /// Vice presidents (senior, executive, assistant).
        Vp = "vp",
        /// Directors and heads of a function.
        Director = "director",
        /// Managers and leads.
        Manager = "manager",
        /// Everyone else with a title: engineers, analysts, account executives, …
        Individual = "individual",
    }
}

impl Seniority {
    pub fn label(self) -> &'static str {
        match self {
            Self::CLevel => "C-level",
            Self::Vp => "VP",
            Self::Director => "Director",
            Self::Manager => "Manager",
            Self::Individual => "Individual contributor",
        }
    }
}

string_enum! {
    /// The part of an organization a title works in.
    JobFunction {
        /// General management (a chief executive, a founder, a general manager).
        Executive = "executive",
        Engineering = "engineering",
        /// Information technology and technology leadership (CTO, CIO, IT).
        Technology = "technology",
        Sales = "sales",
        Marketing = "marketing",
        Finance = "finance",
        Operations = "operations",
        Procurement = "procurement",
        Product = "product",
        Security = "security",
        /// Human resources, people, talent.
        People = "people",
        Legal = "legal",
        Data = "data",
        Design = "design",
        CustomerSuccess = "customer_success",
    }
}

string_enum! {
    /// A tie's or a path's strength as a manager may see it.
    StrengthBand {
        Strong = "strong",
        Medium = "medium",
        Weak = "weak",
    }
}

impl StrengthBand {
    /// The band of a strength in `[0, 1]`.
    pub fn of(strength: f64) -> Self {
        if strength >= STRONG_FROM {
            Self::Strong
        } else if strength >= MEDIUM_FROM {
            Self::Medium
        } else {
            Self::Weak
        }
    }
}

string_enum! {
    /// How an account hangs on the team's relationships.
    Verdict {
        /// Two or more people there have a thread, held by more than one of us.
        /// (Whether it stays so when one of us leaves is the what-if's question.)
        MultiThreaded = "multi_threaded",
        /// Exactly one person there has a thread with us.
        SingleTheirs = "single_threaded_theirs",
        /// Two or more people there have a thread, all with the same one of us and nobody
        /// else.
        SingleOurs = "single_threaded_ours",
        /// Someone on the team reaches the account within three ties, but nobody there has a
        /// warm tie with recent two-way contact.
        NoThread = "no_thread",
        /// Nobody on the team reaches anyone there within three ties.
        NoPath = "no_path",
        /// What decides it is hidden: ties on record whose contact is unknown (such as
        /// connections imported from a colleague's export, with no interaction logged) would
        /// change the verdict.
        Unknown = "unknown",
    }
}

impl Verdict {
    /// Higher is riskier: no path, no thread, single-threaded (either side), unknown, multi.
    pub fn risk(self) -> u8 {
        match self {
            Self::NoPath => 5,
            Self::NoThread => 4,
            Self::SingleOurs | Self::SingleTheirs => 3,
            Self::Unknown => 2,
            Self::MultiThreaded => 1,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::MultiThreaded => "Multi-threaded",
            Self::SingleTheirs => "Single-threaded (their side)",
            Self::SingleOurs => "Single-threaded (our side)",
            Self::NoThread => "No thread",
            Self::NoPath => "No path",
            Self::Unknown => "Unknown",
        }
    }
}

/// An organization marked as a target account, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Target {
    #[ts(type = "number")]
    pub organization_id: Id,
    /// The team member (or the user) who owns the account.
    #[ts(type = "number | null")]
    pub owner_id: Option<Id>,
    /// 1 (most important) to 3.
    pub tier: u8,
    pub note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Marks an organization as a target account, or changes one.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct TargetInput {
    #[ts(type = "number")]
    pub organization_id: Id,
    /// The owner on the team (`null`: nobody yet).
    #[ts(optional, type = "number | null")]
    pub owner_id: Option<Id>,
    /// 1 to 3 (default 2).
    #[ts(optional)]
    pub tier: Option<u8>,
    #[ts(optional)]
    pub note: Option<String>,
}

/// Which roles each tier must cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoleTemplate {
    pub tier: u8,
    pub roles: Vec<AccountRole>,
}

/// The role templates a new database starts with: a strategic account needs the whole buying
/// group's core; a small one a champion and whoever decides.
pub fn default_template(tier: u8) -> Vec<AccountRole> {
    use AccountRole as R;
    match tier {
        1 => vec![
            R::EconomicBuyer,
            R::DecisionMaker,
            R::Champion,
            R::TechnicalEvaluator,
            R::Procurement,
        ],
        2 => vec![R::DecisionMaker, R::Champion, R::TechnicalEvaluator],
        _ => vec![R::Champion, R::DecisionMaker],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_split_at_thirty_and_sixty_percent() {
        assert_eq!(StrengthBand::of(0.6), StrengthBand::Strong);
        assert_eq!(StrengthBand::of(0.59), StrengthBand::Medium);
        assert_eq!(StrengthBand::of(0.3), StrengthBand::Medium);
        assert_eq!(StrengthBand::of(0.29), StrengthBand::Weak);
        assert_eq!(StrengthBand::of(0.0), StrengthBand::Weak);
    }

    #[test]
    fn risk_orders_no_path_first_and_multi_threaded_last() {
        let mut all = Verdict::ALL.to_vec();
        all.sort_by_key(|v| std::cmp::Reverse(v.risk()));
        assert_eq!(all.first(), Some(&Verdict::NoPath));
        assert_eq!(all.last(), Some(&Verdict::MultiThreaded));
    }

    #[test]
    fn every_tier_has_a_template_with_a_champion() {
        for tier in TIERS {
            assert!(default_template(tier).contains(&AccountRole::Champion));
        }
    }
}
