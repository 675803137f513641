//! Referral requests (asks): their states, the transitions the rules allow, and their
//! deadlines. Pure rules with the clock passed in; the store keeps the records and the api
//! writes the evidence each transition leaves.
//!
//! The pipeline, after Boomerang's and Teamable's, with Sphere's double opt-in:
//!
//! ```text
//! draft → asked → agreed ─────────────→ opted_in → introduced → meeting_set → met → opportunity → won | lost
//!           │       │ (mention my name) ──────────↗   ↑ (a meeting can be held without one set)
//!           │       ├→ target_declined | target_no_answer (→ opted_in | target_declined: a late answer)
//!           ├→ connector_declined (reason) | connector_no_answer (→ agreed | connector_declined: a late answer)
//!           └── … → asked again, with the next connector of the snapshot
//! withdrawn, expired: from any state that is not final
//! ```

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};

use crate::string_enum;

string_enum! {
    /// Where a referral request stands.
    RequestState {
        /// Written, not sent yet.
        Draft = "draft",
        /// Sent to the current connector; waiting for their answer.
        Asked = "asked",
        /// The connector agreed; waiting for the target's opt-in (or, when the connector only
        /// mentions the user's name, for the mention).
        Agreed = "agreed",
        ConnectorDeclined = "connector_declined",
        ConnectorNoAnswer = "connector_no_answer",
        /// The target said yes to the introduction (double opt-in).
        OptedIn = "opted_in",
        TargetDeclined = "target_declined",
        TargetNoAnswer = "target_no_answer",
        /// The connector introduced the user and the target (or mentioned the user's name).
        Introduced = "introduced",
        MeetingSet = "meeting_set",
        Met = "met",
        Opportunity = "opportunity",
        Won = "won",
        Lost = "lost",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
}

string_enum! {
    /// How the connector is asked to help.
    AskMode {
        /// A real introduction: the target must opt in first.
        Introduce = "introduce",
        /// "Mention my name": no introduction, so no opt-in.
        MentionMe = "mention",
    }
}

string_enum! {
    /// Why a connector declined.
    DeclineReason {
        /// They don't know the target well enough: the tie is marked as doubtful.
        NotWellKnown = "not_well_known",
        NotAFit = "not_a_fit",
        BadTiming = "bad_timing",
        AskedTooRecently = "asked_too_recently",
    }
}

impl DeclineReason {
    /// In words, for lists and errors.
    pub fn label(self) -> &'static str {
        match self {
            DeclineReason::NotWellKnown => "doesn't know them well",
            DeclineReason::NotAFit => "not a fit",
            DeclineReason::BadTiming => "bad timing",
            DeclineReason::AskedTooRecently => "asked too recently",
        }
    }
}

impl RequestState {
    /// No transition leaves a final state.
    pub fn is_final(self) -> bool {
        use RequestState as S;
        matches!(
            self,
            S::Won | S::Lost | S::Withdrawn | S::Expired | S::TargetDeclined
        )
    }

    /// In words: "connector agreed", "meeting set".
    pub fn label(self) -> &'static str {
        use RequestState as S;
        match self {
            S::Draft => "draft",
            S::Asked => "asked",
            S::Agreed => "connector agreed",
            S::ConnectorDeclined => "connector declined",
            S::ConnectorNoAnswer => "no answer from the connector",
            S::OptedIn => "target opted in",
            S::TargetDeclined => "target declined",
            S::TargetNoAnswer => "no answer from the target",
            S::Introduced => "introduced",
            S::MeetingSet => "meeting set",
            S::Met => "met",
            S::Opportunity => "opportunity",
            S::Won => "won",
            S::Lost => "lost",
            S::Withdrawn => "withdrawn",
            S::Expired => "expired",
        }
    }

    /// The funnel's stages, in order: a request that reached a later stage passed every
    /// earlier one.
    pub const FUNNEL: &'static [RequestState] = &[
        RequestState::Asked,
        RequestState::Agreed,
        RequestState::Introduced,
        RequestState::Met,
        RequestState::Opportunity,
        RequestState::Won,
    ];
}

/// What a transition needs to know about the request besides its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestFacts {
    pub state: RequestState,
    pub mode: AskMode,
    /// A connector of the snapshot not asked yet.
    pub has_next_connector: bool,
}

/// The states `facts.state` may move to, in pipeline order.
pub fn allowed(facts: RequestFacts) -> Vec<RequestState> {
    RequestState::ALL
        .iter()
        .copied()
        .filter(|to| {
            let reason = (*to == RequestState::ConnectorDeclined).then_some(DeclineReason::NotAFit);
            check(facts, *to, reason).is_ok()
        })
        .collect()
}

/// Whether the request may move to `to` (with `reason` when a connector declines). The error
/// says why not, in words.
pub fn check(
    facts: RequestFacts,
    to: RequestState,
    reason: Option<DeclineReason>,
) -> Result<(), String> {
    use RequestState as S;
    let from = facts.state;
    if from.is_final() {
        return Err(format!(
            "the request is {}: a final state, nothing moves it any more",
            from.label()
        ));
    }
    if reason.is_some() && to != S::ConnectorDeclined {
        return Err(format!(
            "a decline reason goes with \"connector declined\", not with \"{}\"",
            to.label()
        ));
    }
    let ok = match (from, to) {
        (_, S::Withdrawn | S::Expired) => true,
        (S::Draft, S::Asked) => true,
        (S::Asked, S::Agreed | S::ConnectorDeclined | S::ConnectorNoAnswer) => true,
        // A late answer.
        (S::ConnectorNoAnswer, S::Agreed | S::ConnectorDeclined) => true,
        (S::ConnectorDeclined | S::ConnectorNoAnswer, S::Asked) => {
            if !facts.has_next_connector {
                return Err(
                    "every connector of this request has been asked; withdraw it or start a new one"
                        .into(),
                );
            }
            true
        }
        (S::Agreed, S::OptedIn | S::TargetNoAnswer | S::TargetDeclined) => {
            if facts.mode == AskMode::MentionMe {
                return Err(format!(
                    "\"{}\" is for introductions; with \"mention my name\" the target is not asked to opt in",
                    to.label()
                ));
            }
            true
        }
        (S::Agreed, S::Introduced) => {
            if facts.mode == AskMode::Introduce {
                return Err(
                    "double opt-in: the target must opt in before the introduction (move the request to \"target opted in\" first)"
                        .into(),
                );
            }
            true
        }
        (S::TargetNoAnswer, S::OptedIn | S::TargetDeclined) => true,
        (S::OptedIn, S::Introduced) => true,
        (S::Introduced, S::MeetingSet | S::Met) => true,
        (S::MeetingSet, S::Met) => true,
        (S::Met, S::Opportunity) => true,
        (S::Opportunity, S::Won | S::Lost) => true,
        _ => false,
    };
    if !ok {
        return Err(format!(
            "a request that is {} cannot move to {}",
            from.label(),
            to.label()
        ));
    }
    if to == S::ConnectorDeclined && reason.is_none() {
        return Err(format!(
            "say why the connector declined: one of {}",
            DeclineReason::choices()
        ));
    }
    Ok(())
}

/// How long connectors and targets have to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    /// Business days (Monday to Friday) for the connector to answer.
    pub connector_business_days: u32,
    /// Days for the target to opt in.
    pub opt_in_days: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Self {
            connector_business_days: 5,
            opt_in_days: 7,
        }
    }
}

/// `at` plus `n` business days (Saturdays and Sundays are skipped; a start on a weekend
/// counts from the Monday after).
pub fn add_business_days(at: DateTime<Utc>, n: u32) -> DateTime<Utc> {
    let mut out = at;
    let mut left = n;
    while left > 0 {
        out += Duration::days(1);
        if !matches!(out.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    // Landing on a weekend (only possible with n = 0) is fine; with n > 0 we always land on
    // a weekday.
    out
}

/// When the request in `state` since `since` is overdue, if it waits on someone.
pub fn deadline(
    state: RequestState,
    mode: AskMode,
    since: DateTime<Utc>,
    d: Deadlines,
) -> Option<DateTime<Utc>> {
    match state {
        RequestState::Asked => Some(add_business_days(since, d.connector_business_days)),
        RequestState::Agreed if mode == AskMode::Introduce => {
            Some(since + Duration::days(i64::from(d.opt_in_days)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestState as S;
    use chrono::TimeZone;

    fn facts(state: RequestState, mode: AskMode, next: bool) -> RequestFacts {
        RequestFacts {
            state,
            mode,
            has_next_connector: next,
        }
    }

    #[test]
    fn the_pipeline_allows_these_moves_and_no_others() {
        let intro = |s| allowed(facts(s, AskMode::Introduce, false));
        let mention = |s| allowed(facts(s, AskMode::MentionMe, true));
        let cases: &[(Vec<RequestState>, &[RequestState])] = &[
            (intro(S::Draft), &[S::Asked, S::Withdrawn, S::Expired]),
            (
                intro(S::Asked),
                &[
                    S::Agreed,
                    S::ConnectorDeclined,
                    S::ConnectorNoAnswer,
                    S::Withdrawn,
                    S::Expired,
                ],
            ),
            (
                intro(S::Agreed),
                &[
                    S::OptedIn,
                    S::TargetDeclined,
                    S::TargetNoAnswer,
                    S::Withdrawn,
                    S::Expired,
                ],
            ),
            (
                mention(S::Agreed),
                &[S::Introduced, S::Withdrawn, S::Expired],
            ),
            (intro(S::ConnectorDeclined), &[S::Withdrawn, S::Expired]),
            (
                mention(S::ConnectorDeclined),
                &[S::Asked, S::Withdrawn, S::Expired],
            ),
            (
                mention(S::ConnectorNoAnswer),
                &[
                    S::Asked,
                    S::Agreed,
                    S::ConnectorDeclined,
                    S::Withdrawn,
                    S::Expired,
                ],
            ),
            (
                intro(S::OptedIn),
                &[S::Introduced, S::Withdrawn, S::Expired],
            ),
            (
                intro(S::Introduced),
                &[S::MeetingSet, S::Met, S::Withdrawn, S::Expired],
            ),
            (intro(S::MeetingSet), &[S::Met, S::Withdrawn, S::Expired]),
            (intro(S::Met), &[S::Opportunity, S::Withdrawn, S::Expired]),
            (
                intro(S::Opportunity),
                &[S::Won, S::Lost, S::Withdrawn, S::Expired],
            ),
            (intro(S::Won), &[]),
            (intro(S::Withdrawn), &[]),
            (intro(S::TargetDeclined), &[]),
        ];
        for (got, want) in cases {
            let mut got = got.clone();
            got.sort();
            let mut want = want.to_vec();
            want.sort();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn refusals_say_why() {
        let f = facts(S::Agreed, AskMode::Introduce, true);
        let e = check(f, S::Introduced, None).expect_err("refused");
        assert!(e.contains("double opt-in"), "{e}");
        let e = check(
            facts(S::Asked, AskMode::Introduce, true),
            S::ConnectorDeclined,
            None,
        )
        .expect_err("refused");
        assert!(e.contains("not_well_known"), "the reasons are listed: {e}");
        let e = check(facts(S::Won, AskMode::Introduce, true), S::Lost, None).expect_err("refused");
        assert!(e.contains("final"), "{e}");
        let e = check(
            facts(S::ConnectorDeclined, AskMode::Introduce, false),
            S::Asked,
            None,
        )
        .expect_err("refused");
        assert!(e.contains("every connector"), "{e}");
        let e =
            check(facts(S::Draft, AskMode::Introduce, false), S::Won, None).expect_err("refused");
        assert_eq!(e, "a request that is draft cannot move to won");
        let e = check(
            facts(S::Asked, AskMode::Introduce, false),
            S::Agreed,
            Some(DeclineReason::BadTiming),
        )
        .expect_err("refused");
        assert!(e.contains("decline reason"), "{e}");
        assert!(
            check(
                facts(S::Asked, AskMode::Introduce, false),
                S::ConnectorDeclined,
                Some(DeclineReason::NotAFit)
            )
            .is_ok()
        );
    }

    #[test]
    fn business_days_skip_weekends() {
        let at = |d: u32, h: u32| Utc.with_ymd_and_hms(2026, 12, d, h, 0, 0).unwrap();
        // 2026-12-04 is a Friday.
        let cases = [
            (at(4, 9), 5, at(11, 9)),   // Fri + 5 = next Fri
            (at(7, 9), 5, at(14, 9)),   // Mon + 5 = next Mon
            (at(5, 9), 1, at(7, 9)),    // Sat + 1 = Mon
            (at(6, 23), 5, at(11, 23)), // Sun + 5 = Fri
            (at(2, 9), 3, at(7, 9)),    // Wed + 3 = Mon
            (at(2, 9), 0, at(2, 9)),
        ];
        for (from, n, want) in cases {
            assert_eq!(
                add_business_days(from, n),
                want,
                "{from} + {n} business days"
            );
        }
    }

    #[test]
    fn only_waiting_states_have_a_deadline() {
        let since = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(); // a Monday
        let d = Deadlines::default();
        assert_eq!(
            deadline(S::Asked, AskMode::Introduce, since, d),
            Some(since + Duration::days(7))
        );
        assert_eq!(
            deadline(S::Agreed, AskMode::Introduce, since, d),
            Some(since + Duration::days(7))
        );
        assert_eq!(deadline(S::Agreed, AskMode::MentionMe, since, d), None);
        for s in [S::Draft, S::Introduced, S::Won, S::ConnectorDeclined] {
            assert_eq!(deadline(s, AskMode::Introduce, since, d), None, "{s}");
        }
    }
}
