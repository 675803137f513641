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

use crate::intros::OptIn;
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
        /// The user connects two of their contacts (side A and side B): a double opt-in
        /// introduction with the user as the connector. See [`connect_check`].
        Connect = "connect",
    }
}

string_enum! {
    /// A side of an introduction the user makes.
    Side {
        A = "a",
        B = "b",
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

/// Whether nothing more happens to a request: a final state, or an introduction the user
/// made (they step back once it is made).
pub fn is_closed(state: RequestState, mode: AskMode) -> bool {
    state.is_final() || (mode == AskMode::Connect && state == RequestState::Introduced)
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
    if facts.mode == AskMode::Connect {
        return connect_check(from, to, reason);
    }
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
        RequestState::Asked if mode == AskMode::Connect => {
            Some(since + Duration::days(i64::from(d.opt_in_days)))
        }
        RequestState::Asked => Some(add_business_days(since, d.connector_business_days)),
        RequestState::Agreed if mode == AskMode::Introduce => {
            Some(since + Duration::days(i64::from(d.opt_in_days)))
        }
        _ => None,
    }
}

/// The moves of an introduction the user makes between side A and side B (mode
/// [`AskMode::Connect`]):
///
/// ```text
/// draft → asked (a note to each side) → opted_in (both said yes) → introduced
///           ├→ target_declined (either side said no)
///           └→ target_no_answer (→ answers still count)
/// withdrawn, expired: from any open state
/// ```
///
/// The answers are recorded one side at a time ([`connect_answer`]); the state follows
/// them. The user is the connector, so the connector's states do not apply, and nothing
/// follows the introduction: the user steps back.
pub fn connect_check(
    from: RequestState,
    to: RequestState,
    reason: Option<DeclineReason>,
) -> Result<(), String> {
    use RequestState as S;
    if is_closed(from, AskMode::Connect) {
        return Err(format!(
            "the introduction is {}: nothing moves it any more",
            from.label()
        ));
    }
    if reason.is_some() {
        return Err("a decline reason is for connectors; here you are the connector".into());
    }
    match (from, to) {
        (_, S::Withdrawn | S::Expired) | (S::Draft, S::Asked) | (S::Asked, S::TargetNoAnswer) => {
            Ok(())
        }
        (S::OptedIn, S::Introduced) => Ok(()),
        (S::Draft | S::Asked | S::TargetNoAnswer, S::Introduced) => Err(
            "double opt-in: both sides must opt in before you introduce them".into(),
        ),
        (S::Asked | S::TargetNoAnswer, S::OptedIn | S::TargetDeclined) => Err(
            "record each side's answer: the introduction moves on when both opted in, or stops when one declines"
                .into(),
        ),
        (_, S::Agreed | S::ConnectorDeclined | S::ConnectorNoAnswer) => Err(format!(
            "you are the connector of this introduction, so \"{}\" does not apply",
            to.label()
        )),
        _ => Err(format!(
            "an introduction that is {} cannot move to {}",
            from.label(),
            to.label()
        )),
    }
}

/// Records `side`'s answer to an introduction the user makes; returns both sides' answers and
/// the state they put it in (both opted in → opted in; one declined → declined; else it
/// still waits). Only while it waits for answers; an answer can be changed until then.
pub fn connect_answer(
    state: RequestState,
    sides: (OptIn, OptIn),
    side: Side,
    answer: OptIn,
) -> Result<((OptIn, OptIn), RequestState), String> {
    use RequestState as S;
    if !matches!(state, S::Asked | S::TargetNoAnswer) {
        return Err(match state {
            S::Draft => "send the notes first: the sides answer once they were asked".to_string(),
            _ => format!(
                "the introduction is {}: the answers can no longer change",
                state.label()
            ),
        });
    }
    let (a, b) = match side {
        Side::A => (answer, sides.1),
        Side::B => (sides.0, answer),
    };
    let next = if a == OptIn::Declined || b == OptIn::Declined {
        S::TargetDeclined
    } else if a == OptIn::OptedIn && b == OptIn::OptedIn {
        S::OptedIn
    } else if answer == OptIn::Pending {
        state
    } else {
        S::Asked
    };
    Ok(((a, b), next))
}

/// Where an introduction the user makes stands, in words: "Ana opted in · waiting on Ben",
/// "both opted in".
pub fn connect_label(state: RequestState, sides: (OptIn, OptIn), a: &str, b: &str) -> String {
    use RequestState as S;
    let who = |o: OptIn| -> Vec<&str> {
        [(sides.0, a), (sides.1, b)]
            .into_iter()
            .filter(|(s, _)| *s == o)
            .map(|(_, n)| n)
            .collect()
    };
    match state {
        S::Asked | S::TargetNoAnswer => {
            let yes = who(OptIn::OptedIn);
            let waiting = who(OptIn::Pending).join(" and ");
            let lead = if state == S::TargetNoAnswer {
                format!("no answer from {waiting}")
            } else {
                format!("waiting on {waiting}")
            };
            match yes.as_slice() {
                [] => lead,
                [one] => format!("{one} opted in · {lead}"),
                _ => "both opted in".into(),
            }
        }
        S::OptedIn => "both opted in".into(),
        S::TargetDeclined => match who(OptIn::Declined).as_slice() {
            [] => "declined".into(),
            names => format!("{} declined", names.join(" and ")),
        },
        S::Introduced => "introduced".into(),
        other => other.label().into(),
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

    #[test]
    fn an_introduction_i_make_needs_both_sides_to_opt_in() {
        let connect = |s| {
            let mut v = allowed(facts(s, AskMode::Connect, false));
            v.sort();
            v
        };
        assert_eq!(connect(S::Draft), vec![S::Asked, S::Withdrawn, S::Expired]);
        assert_eq!(
            connect(S::Asked),
            vec![S::TargetNoAnswer, S::Withdrawn, S::Expired]
        );
        assert_eq!(
            connect(S::OptedIn),
            vec![S::Introduced, S::Withdrawn, S::Expired]
        );
        assert_eq!(connect(S::Introduced), vec![], "the user steps back");
        assert!(is_closed(S::Introduced, AskMode::Connect));
        assert!(!is_closed(S::Introduced, AskMode::Introduce));
        let e = check(
            facts(S::Asked, AskMode::Connect, false),
            S::Introduced,
            None,
        )
        .expect_err("refused");
        assert!(e.contains("double opt-in"), "{e}");
        let e =
            check(facts(S::Asked, AskMode::Connect, false), S::Agreed, None).expect_err("refused");
        assert!(e.contains("you are the connector"), "{e}");

        use OptIn::*;
        let (sides, st) = connect_answer(S::Asked, (Pending, Pending), Side::A, OptedIn)
            .expect("an answer while asked");
        assert_eq!((sides, st), ((OptedIn, Pending), S::Asked));
        assert_eq!(
            connect_label(st, sides, "Ana", "Ben"),
            "Ana opted in · waiting on Ben"
        );
        let (sides, st) = connect_answer(st, sides, Side::B, OptedIn).expect("second answer");
        assert_eq!((sides, st), ((OptedIn, OptedIn), S::OptedIn));
        assert_eq!(connect_label(st, sides, "Ana", "Ben"), "both opted in");
        let e = connect_answer(S::OptedIn, sides, Side::B, Declined).expect_err("too late");
        assert!(e.contains("can no longer change"), "{e}");
        let (sides, st) = connect_answer(S::TargetNoAnswer, (OptedIn, Pending), Side::B, Declined)
            .expect("a late answer");
        assert_eq!(st, S::TargetDeclined);
        assert_eq!(connect_label(st, sides, "Ana", "Ben"), "Ben declined");
        assert!(connect_answer(S::Draft, (Pending, Pending), Side::A, OptedIn).is_err());
        assert_eq!(
            connect_label(S::Asked, (Pending, Pending), "Ana", "Ben"),
            "waiting on Ana and Ben"
        );
    }
}
