//! Introductions the user could make: people's needs and offers, the "open to introductions"
//! flag, dismissed pairs, and the ranking rules of suggested pairs. Pure rules with the clock
//! passed in; the graph computes link prediction and contact sets, the api gathers the inputs.
//!
//! A suggested pair (A, B) is two people the user knows, with no relationship between them
//! and a low link-prediction score (they probably do not know each other). Link prediction
//! only *excludes*; the rank is
//!
//! ```text
//! score = complementarity × context × strength(me, A) × strength(me, B) × novelty
//!         × receptiveness(A) × receptiveness(B) × dismissal
//! ```
//!
//! **What is read:** needs and offers (their term and detail, which were refused at entry
//! when they named a never subject), the people's organizations (industry, location), the
//! ties and the `intro` interactions. Facts and notes are never read for matching: a never
//! fact cannot produce or change a suggestion.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, CoreResult};
use crate::{Id, string_enum};

string_enum! {
    /// Whether an entry is something the person looks for or something they can give.
    NeedKind {
        Need = "need",
        Offer = "offer",
    }
}

string_enum! {
    /// Whether the person welcomes introductions.
    Openness {
        Unknown = "unknown",
        /// Lifts their suggestions.
        Yes = "yes",
        /// They are never suggested.
        No = "no",
    }
}

string_enum! {
    /// Why the user set a suggested pair aside.
    DismissReason {
        /// They already know each other: a relationship is recorded, so they are no longer
        /// a candidate.
        AlreadyKnow = "already_know",
        /// Pushed down strongly and for good.
        NotAFit = "not_a_fit",
        /// Pushed down for [`NOT_NOW_DAYS`], then back over as many days again.
        NotNow = "not_now",
    }
}

string_enum! {
    /// One side's answer to a double opt-in introduction.
    OptIn {
        /// Not answered yet.
        Pending = "pending",
        OptedIn = "opted_in",
        Declined = "declined",
    }
}

impl DismissReason {
    pub fn label(self) -> &'static str {
        match self {
            DismissReason::AlreadyKnow => "they already know each other",
            DismissReason::NotAFit => "not a fit",
            DismissReason::NotNow => "not now",
        }
    }
}

/// The shared vocabulary of professional needs and offers. Entries may use any other term:
/// the list is what the UI offers first and what matching treats as one term whatever the
/// case and spacing. Every term is a professional matter (the "fine" bin): a personal need
/// ("a new job", "a doctor") is refused by the sensitivity engine whatever the list says.
pub const VOCABULARY: &[&str] = &[
    "seed investors",
    "series a investors",
    "angel investors",
    "hiring advice",
    "engineering hires",
    "sales hires",
    "design partner",
    "pilot customers",
    "customers in retail",
    "customers in healthcare",
    "customers in finance",
    "enterprise sales advice",
    "go-to-market advice",
    "pricing advice",
    "fundraising advice",
    "legal advice",
    "accounting advice",
    "marketing agency",
    "product feedback",
    "technical advisor",
    "board member",
    "speaking slot",
    "media contacts",
    "distribution partner",
    "cloud infrastructure",
    "data science expertise",
    "security review",
    "mentoring",
];

/// Days an entry lasts when no expiry is given.
pub const DEFAULT_EXPIRY_DAYS: i64 = 90;
/// The longest an entry may last.
pub const MAX_EXPIRY_DAYS: i64 = 730;
/// The longest term and detail, in characters.
pub const MAX_TERM: usize = 80;
pub const MAX_DETAIL: usize = 500;

/// A need or offer as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct NeedOffer {
    #[ts(type = "number")]
    pub id: Id,
    #[ts(type = "number")]
    pub person_id: Id,
    pub kind: NeedKind,
    pub term: String,
    pub detail: String,
    pub created_at: DateTime<Utc>,
    /// The last day it is used for matching.
    pub expires_on: NaiveDate,
    /// Past its expiry: kept and shown, not matched.
    pub expired: bool,
}

/// A new need or offer, or its new values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct NeedOfferInput {
    #[ts(type = "number")]
    pub person_id: Id,
    pub kind: Option<NeedKind>,
    /// A term of the vocabulary ("seed investors") or the user's own words.
    pub term: String,
    #[ts(optional)]
    pub detail: Option<String>,
    /// Default: [`DEFAULT_EXPIRY_DAYS`] after today.
    #[ts(optional)]
    pub expires_on: Option<NaiveDate>,
}

/// A need or offer that passed validation (the sensitivity check is the api's).
#[derive(Debug, Clone, PartialEq)]
pub struct CleanNeedOffer {
    person_id: Id,
    kind: NeedKind,
    term: String,
    detail: String,
    expires_on: NaiveDate,
}

impl CleanNeedOffer {
    pub fn person_id(&self) -> Id {
        self.person_id
    }
    pub fn kind(&self) -> NeedKind {
        self.kind
    }
    pub fn term(&self) -> &str {
        &self.term
    }
    pub fn detail(&self) -> &str {
        &self.detail
    }
    pub fn expires_on(&self) -> NaiveDate {
        self.expires_on
    }

    /// The words the sensitivity engine reads: the entry as a sentence, so "a new job" as a
    /// need reads "looking for a new job" (job hunting).
    pub fn as_sentence(&self) -> String {
        let lead = match self.kind {
            NeedKind::Need => "Looking for",
            NeedKind::Offer => "Can offer",
        };
        if self.detail.is_empty() {
            format!("{lead} {}.", self.term)
        } else {
            format!("{lead} {}. {}", self.term, self.detail)
        }
    }
}

/// Cleans a need or offer typed on `today`: a term of 1–80 characters (spaces folded), a
/// detail of at most 500, an expiry from today to two years ahead.
pub fn need_offer(input: &NeedOfferInput, today: NaiveDate) -> CoreResult<CleanNeedOffer> {
    need_offer_keeping(input, today, None)
}

/// [`need_offer`] for an edit: the expiry it already had (`kept`) stays valid even when it
/// has passed, so editing an expired entry's words does not revive it.
pub fn need_offer_keeping(
    input: &NeedOfferInput,
    today: NaiveDate,
    kept: Option<NaiveDate>,
) -> CoreResult<CleanNeedOffer> {
    let kind = input.kind.ok_or_else(|| {
        CoreError::invalid(
            "kind",
            format!(
                "say whether it is a need or an offer: one of {}",
                NeedKind::choices()
            ),
        )
    })?;
    let term = fold_spaces(&input.term);
    if term.is_empty() {
        return Err(CoreError::invalid(
            "term",
            "write what is needed or offered (\"seed investors\", \"hiring advice\")",
        ));
    }
    if term.chars().count() > MAX_TERM {
        return Err(CoreError::invalid(
            "term",
            format!(
                "the term is too long: at most {MAX_TERM} characters; put the rest in the detail"
            ),
        ));
    }
    let detail = input
        .detail
        .as_deref()
        .map(str::trim)
        .unwrap_or("")
        .to_string();
    if detail.chars().count() > MAX_DETAIL {
        return Err(CoreError::invalid(
            "detail",
            format!("the detail is too long: at most {MAX_DETAIL} characters"),
        ));
    }
    crate::validate::visible("term", &term, true)?;
    crate::validate::visible("detail", &detail, false)?;
    let expires_on = input
        .expires_on
        .unwrap_or(today + Duration::days(DEFAULT_EXPIRY_DAYS));
    if expires_on < today && Some(expires_on) != kept {
        return Err(CoreError::invalid(
            "expires_on",
            format!("the expiry {expires_on} is in the past; pick today or a later day"),
        ));
    }
    if expires_on > today + Duration::days(MAX_EXPIRY_DAYS) {
        return Err(CoreError::invalid(
            "expires_on",
            format!(
                "an entry lasts at most {MAX_EXPIRY_DAYS} days (two years); {expires_on} is further"
            ),
        ));
    }
    Ok(CleanNeedOffer {
        person_id: input.person_id,
        kind,
        term,
        detail,
        expires_on,
    })
}

fn fold_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether an entry expiring on `expires_on` is still matched on `today` (through its last
/// day).
pub fn is_active(expires_on: NaiveDate, today: NaiveDate) -> bool {
    today <= expires_on
}

// ---------------------------------------------------------------------------------------
// Link prediction: what excludes a pair.

/// A pair whose link-prediction score reaches this probably knows each other already and
/// is not suggested. The score is Adamic-Adar over shared contacts (each shared contact `z`
/// but the user adds `1 / ln(degree(z))`: a shared contact who knows few people says more)
/// plus [`TENURE_WEIGHT`] when they met a shared contact within [`TENURE_OVERLAP_DAYS`] of
/// each other. At 1.5: two shared contacts who know 2–4 people each, or one such contact met
/// at the same time, exclude the pair; a single shared contact of an ordinary network does
/// not. People at the same organization are excluded outright.
pub const LINK_EXCLUDE_AT: f64 = 1.5;
/// What a shared contact both met around the same time adds to the link-prediction score.
pub const TENURE_WEIGHT: f64 = 1.0;
/// "Around the same time": the two ties' `since` dates at most this far apart.
pub const TENURE_OVERLAP_DAYS: i64 = 365;

/// What link prediction found for a pair.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkEvidence {
    /// Adamic-Adar over the shared contacts (the user left out).
    pub adamic_adar: f64,
    /// The shared contacts (the user left out).
    pub shared: Vec<Id>,
    /// Shared contacts both met within [`TENURE_OVERLAP_DAYS`] of each other.
    pub tenure_overlap: Vec<Id>,
    /// |shared| / |contacts of A ∪ contacts of B| (the user and A, B left out).
    pub jaccard: f64,
}

impl LinkEvidence {
    /// The link-prediction score compared with [`LINK_EXCLUDE_AT`].
    pub fn score(&self) -> f64 {
        self.adamic_adar
            + if self.tenure_overlap.is_empty() {
                0.0
            } else {
                TENURE_WEIGHT
            }
    }

    /// Whether the pair probably knows each other (and is not suggested).
    pub fn excludes(&self, same_organization: bool) -> bool {
        same_organization || self.score() >= LINK_EXCLUDE_AT
    }
}

// ---------------------------------------------------------------------------------------
// Complementarity.

/// One entry as matching reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub kind: NeedKind,
    pub term: &'a str,
    pub detail: &'a str,
}

/// An exact term match scores this; a partial one its word overlap (Jaccard of the content
/// words of term and detail) times [`PARTIAL_MATCH`], when at least [`MIN_OVERLAP`].
pub const TERM_MATCH: f64 = 1.0;
pub const PARTIAL_MATCH: f64 = 0.6;
pub const MIN_OVERLAP: f64 = 0.2;

/// The best match of one side's need with the other's offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    pub need: String,
    pub offer: String,
    pub score: f64,
}

const STOP: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "for",
    "of",
    "in",
    "on",
    "to",
    "with",
    "at",
    "by",
    "from",
    "our",
    "their",
    "some",
    "any",
    "who",
    "that",
    "is",
    "are",
    "be",
    "it",
    "as",
    "into",
    "about",
    "looking",
    "need",
    "needs",
    "offer",
    "offers",
    "can",
    "help",
    "will",
    "we",
    "i",
    "my",
    "more",
    // Generic words of the vocabulary: "hiring advice" and "pricing advice" share nothing.
    "advice",
    "expertise",
    "contact",
    "contacts",
    "intro",
    "intros",
    "introduction",
    "introductions",
    "people",
    "someone",
];

/// The content words of a text: lower case, letters and digits, stop words and the
/// vocabulary's generic words ("advice", "contacts") out, a plural
/// `s` dropped ("investors" and "investor" are one word).
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| {
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w[..w.len() - 1].to_string()
            } else {
                w
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

fn overlap(a: &[String], b: &[String]) -> f64 {
    let shared = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        0.0
    } else {
        shared as f64 / union as f64
    }
}

/// How well a need and an offer match: [`TERM_MATCH`] for the same term (any case or
/// spacing), else the overlap of their words times [`PARTIAL_MATCH`] (0 under
/// [`MIN_OVERLAP`]).
pub fn entry_match(need: &Entry<'_>, offer: &Entry<'_>) -> f64 {
    if fold_spaces(need.term).to_lowercase() == fold_spaces(offer.term).to_lowercase() {
        return TERM_MATCH;
    }
    let term = overlap(&words(need.term), &words(offer.term));
    let all = overlap(
        &words(&format!("{} {}", need.term, need.detail)),
        &words(&format!("{} {}", offer.term, offer.detail)),
    );
    let o = term.max(all);
    if o < MIN_OVERLAP {
        0.0
    } else {
        o * PARTIAL_MATCH
    }
}

/// The best match of `needs`' needs against `offers`' offers.
pub fn best_match(needs: &[Entry<'_>], offers: &[Entry<'_>]) -> Option<Matched> {
    let mut best: Option<Matched> = None;
    for n in needs.iter().filter(|e| e.kind == NeedKind::Need) {
        for o in offers.iter().filter(|e| e.kind == NeedKind::Offer) {
            let s = entry_match(n, o);
            if s > 0.0 && best.as_ref().is_none_or(|b| s > b.score) {
                best = Some(Matched {
                    need: n.term.to_string(),
                    offer: o.term.to_string(),
                    score: s,
                });
            }
        }
    }
    best
}

/// Complementarity of a pair: A's needs against B's offers plus B's needs against A's
/// offers (0 to 2: both ways count).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Complementarity {
    pub a_needs: Option<Matched>,
    pub b_needs: Option<Matched>,
}

impl Complementarity {
    pub fn of(a: &[Entry<'_>], b: &[Entry<'_>]) -> Self {
        Self {
            a_needs: best_match(a, b),
            b_needs: best_match(b, a),
        }
    }

    pub fn value(&self) -> f64 {
        self.a_needs.as_ref().map_or(0.0, |m| m.score)
            + self.b_needs.as_ref().map_or(0.0, |m| m.score)
    }
}

/// Each piece of shared context (same industry, same city) multiplies the score by this.
pub const CONTEXT_LIFT: f64 = 1.1;

// ---------------------------------------------------------------------------------------
// Receptiveness and dismissals.

/// Introductions a person received within this many days count against them.
pub const RECENT_INTRO_DAYS: i64 = 180;
/// Each recent introduction divides receptiveness: `1 / (1 + RECENT_INTRO_WEIGHT · n)`.
pub const RECENT_INTRO_WEIGHT: f64 = 0.5;
/// "Open to introductions: yes" multiplies receptiveness by this.
pub const OPEN_LIFT: f64 = 1.25;

/// How receptive a person is, or `None` when they said no to introductions.
pub fn receptiveness(openness: Openness, recent_intros: usize) -> Option<f64> {
    let base = 1.0 / (1.0 + RECENT_INTRO_WEIGHT * recent_intros as f64);
    match openness {
        Openness::No => None,
        Openness::Yes => Some(base * OPEN_LIFT),
        Openness::Unknown => Some(base),
    }
}

/// "Not a fit" multiplies a pair's score by this, for good.
pub const NOT_A_FIT_FACTOR: f64 = 0.1;
/// "Not now" multiplies it by this for [`NOT_NOW_DAYS`], then recovers linearly to 1 over as
/// many days again.
pub const NOT_NOW_FACTOR: f64 = 0.2;
pub const NOT_NOW_DAYS: i64 = 60;

/// What a dismissal does to a pair's score at `now` (`None`: the pair is out).
pub fn dismissal_factor(
    reason: DismissReason,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<f64> {
    match reason {
        DismissReason::AlreadyKnow => None,
        DismissReason::NotAFit => Some(NOT_A_FIT_FACTOR),
        DismissReason::NotNow => {
            let days = (now - at).num_seconds() as f64 / 86_400.0;
            let hold = NOT_NOW_DAYS as f64;
            Some(if days <= hold {
                NOT_NOW_FACTOR
            } else {
                let t = ((days - hold) / hold).min(1.0);
                NOT_NOW_FACTOR + (1.0 - NOT_NOW_FACTOR) * t
            })
        }
    }
}

/// The parts of a suggestion's score, each shown to the user.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct ScoreParts {
    /// 0 to 2: A's needs met by B's offers plus B's needs met by A's.
    pub complementarity: f64,
    /// 1, lifted by [`CONTEXT_LIFT`] per shared industry or city.
    pub context: f64,
    /// The user's tie strength to A and to B.
    pub strength_a: f64,
    pub strength_b: f64,
    /// 1 − Jaccard of their contact sets.
    pub novelty: f64,
    pub receptiveness_a: f64,
    pub receptiveness_b: f64,
    /// 1 unless the pair was dismissed as "not a fit" or "not now".
    pub dismissal: f64,
    /// The link-prediction score (below [`LINK_EXCLUDE_AT`], or the pair would be out).
    pub link_score: f64,
    pub adamic_adar: f64,
}

impl ScoreParts {
    pub fn score(&self) -> f64 {
        self.complementarity
            * self.context
            * self.strength_a
            * self.strength_b
            * self.novelty
            * self.receptiveness_a
            * self.receptiveness_b
            * self.dismissal
    }
}

/// A strength this high reads as "you know them well" in the chips.
pub const WELL_KNOWN: f64 = 0.5;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn e<'a>(kind: NeedKind, term: &'a str, detail: &'a str) -> Entry<'a> {
        Entry { kind, term, detail }
    }

    #[test]
    fn the_same_term_matches_fully_and_related_words_partly() {
        use NeedKind::*;
        let need = e(Need, "Seed  Investors", "");
        assert_eq!(entry_match(&need, &e(Offer, "seed investors", "")), 1.0);
        let partial = entry_match(&need, &e(Offer, "angel investors", ""));
        assert!(
            partial > 0.0 && partial < 0.5,
            "one word of three: {partial}"
        );
        assert_eq!(entry_match(&need, &e(Offer, "hiring advice", "")), 0.0);
        assert_eq!(
            entry_match(
                &e(Need, "hiring advice", ""),
                &e(Offer, "pricing advice", "")
            ),
            0.0,
            "a generic word alone is no match"
        );
        assert!(
            entry_match(
                &e(Need, "legal advice", ""),
                &e(Offer, "legal expertise", "")
            ) > 0.5
        );
        assert!(
            entry_match(
                &e(Need, "customers in retail", ""),
                &e(Offer, "intros", "to retail chains' buyers")
            ) > 0.0,
            "the detail counts"
        );
    }

    #[test]
    fn complementarity_counts_both_ways_and_needs_only_meet_offers() {
        use NeedKind::*;
        let a = [e(Need, "seed investors", ""), e(Offer, "hiring advice", "")];
        let b = [e(Offer, "seed investors", ""), e(Need, "hiring advice", "")];
        assert_eq!(Complementarity::of(&a, &b).value(), 2.0);
        let both_need = [e(Need, "seed investors", "")];
        assert_eq!(Complementarity::of(&a[..1], &both_need).value(), 0.0);
    }

    #[test]
    fn entries_are_cleaned_and_expire_after_their_last_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let ok = need_offer(
            &NeedOfferInput {
                person_id: 1,
                kind: Some(NeedKind::Need),
                term: "  seed   investors ".into(),
                ..Default::default()
            },
            today,
        )
        .expect("valid");
        assert_eq!(ok.term(), "seed investors");
        assert_eq!(ok.expires_on(), today + Duration::days(90));
        assert!(is_active(ok.expires_on(), ok.expires_on()));
        assert!(!is_active(
            ok.expires_on(),
            ok.expires_on() + Duration::days(1)
        ));
        for (input, field) in [
            (
                NeedOfferInput {
                    person_id: 1,
                    kind: None,
                    term: "x".into(),
                    ..Default::default()
                },
                "kind",
            ),
            (
                NeedOfferInput {
                    person_id: 1,
                    kind: Some(NeedKind::Offer),
                    term: " ".into(),
                    ..Default::default()
                },
                "term",
            ),
            (
                NeedOfferInput {
                    person_id: 1,
                    kind: Some(NeedKind::Offer),
                    term: "x".into(),
                    expires_on: Some(today - Duration::days(1)),
                    ..Default::default()
                },
                "expires_on",
            ),
        ] {
            match need_offer(&input, today) {
                Err(CoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field} should be refused, got {other:?}"),
            }
        }
    }

    #[test]
    fn not_now_holds_then_recovers_and_not_a_fit_stays() {
        let at = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let f = |days| dismissal_factor(DismissReason::NotNow, at, at + Duration::days(days));
        assert_eq!(f(10), Some(NOT_NOW_FACTOR));
        assert_eq!(f(60), Some(NOT_NOW_FACTOR));
        let mid = f(90).unwrap_or(0.0);
        assert!(mid > NOT_NOW_FACTOR && mid < 1.0, "{mid}");
        assert_eq!(f(120), Some(1.0));
        assert_eq!(f(1000), Some(1.0));
        assert_eq!(
            dismissal_factor(DismissReason::NotAFit, at, at + Duration::days(3000)),
            Some(NOT_A_FIT_FACTOR)
        );
        assert_eq!(dismissal_factor(DismissReason::AlreadyKnow, at, at), None);
    }

    #[test]
    fn receptiveness_falls_with_recent_introductions_and_no_means_out() {
        assert_eq!(receptiveness(Openness::Unknown, 0), Some(1.0));
        assert_eq!(receptiveness(Openness::Unknown, 2), Some(0.5));
        assert_eq!(receptiveness(Openness::Yes, 0), Some(OPEN_LIFT));
        assert_eq!(receptiveness(Openness::No, 0), None);
    }
}
