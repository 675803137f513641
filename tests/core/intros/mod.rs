//! Introductions the user could make, through the command set with a fixed clock: the
//! ranking on small hand-built networks, link prediction against brute force, never facts
//! kept out, dismissals, expiry, and the double opt-in introduction with its evidence.

mod connect;
mod ranking;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use sphere_api::domain::intros::{DismissReason, NeedKind, NeedOfferInput, Openness};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Monday 7 December 2026, 09:00 UTC: the clock of every test here.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap()
}

fn today() -> NaiveDate {
    now().date_naive()
}

/// A small network with the user (Sam) at the centre; people are added by first name.
struct Net {
    dir: tempfile::TempDir,
    s: Sphere,
    me: Id,
}

impl Net {
    fn new() -> Result<Self, Box<dyn std::error::Error>> {
        Self::at(tempfile::tempdir()?, now())
    }

    fn at(dir: tempfile::TempDir, at: DateTime<Utc>) -> Result<Self, Box<dyn std::error::Error>> {
        let s = Sphere::open_as_of(&dir.path().join("intros.db"), at)?;
        let me = match s
            .person_list(PersonQuery::default())?
            .items
            .iter()
            .find(|p| p.ring == Ring::Centre)
        {
            Some(p) => p.id,
            None => {
                s.person_create(PersonInput {
                    first_name: "Sam".into(),
                    last_name: Some("Centre".into()),
                    ring: Some(Ring::Centre),
                    ..Default::default()
                })?
                .id
            }
        };
        Ok(Self { dir, s, me })
    }

    /// The same database opened again with the clock at `at`.
    fn reopen(self, at: DateTime<Utc>) -> Result<Self, Box<dyn std::error::Error>> {
        let Net { dir, s, .. } = self;
        drop(s);
        Self::at(dir, at)
    }

    fn person(&self, first: &str) -> Result<Id, ApiError> {
        self.person_at(first, None)
    }

    fn person_at(&self, first: &str, org: Option<Id>) -> Result<Id, ApiError> {
        Ok(self
            .s
            .person_create(PersonInput {
                first_name: first.into(),
                last_name: Some("Test".into()),
                organization_id: org,
                ..Default::default()
            })?
            .id)
    }

    fn org(&self, name: &str, industry: &str, location: &str) -> Result<Id, ApiError> {
        Ok(self
            .s
            .org_create(OrganizationInput {
                name: name.into(),
                industry: Some(industry.into()),
                location: Some(location.into()),
                ..Default::default()
            })?
            .id)
    }

    fn tie(&self, a: Id, b: Id) -> Result<Id, ApiError> {
        self.tie_since(a, b, None)
    }

    fn tie_since(&self, a: Id, b: Id, since: Option<NaiveDate>) -> Result<Id, ApiError> {
        Ok(self
            .s
            .tie_create(RelationshipInput {
                person_a: a,
                person_b: b,
                kind: TieKind::Colleague,
                since,
                how_met: None,
                strength_override: None,
                override_reason: None,
            })?
            .id)
    }

    /// `n` meetings with the user, the last `days_ago`, 20 days apart.
    fn meet(&self, p: Id, n: i64, days_ago: i64) -> Result<(), ApiError> {
        for i in 0..n {
            self.log(
                InteractionKind::Meeting,
                &[self.me, p],
                days_ago + 20 * i,
                None,
            )?;
        }
        Ok(())
    }

    fn log(
        &self,
        kind: InteractionKind,
        people: &[Id],
        days_ago: i64,
        initiator: Option<Id>,
    ) -> Result<(), ApiError> {
        self.s.interaction_log(InteractionInput {
            occurred_at: now() - Duration::days(days_ago),
            kind,
            participants: people.to_vec(),
            initiator_id: initiator,
            note: None,
            outcome: None,
        })?;
        Ok(())
    }

    /// Someone the user knows (a tie and `meetings` meetings, the last a week ago).
    fn known(&self, first: &str, meetings: i64) -> Result<Id, ApiError> {
        let p = self.person(first)?;
        self.tie(self.me, p)?;
        self.meet(p, meetings, 7)?;
        Ok(p)
    }

    fn entry(&self, p: Id, kind: NeedKind, term: &str) -> Result<NeedOffers, ApiError> {
        self.s.need_offer_create(NeedOfferInput {
            person_id: p,
            kind: Some(kind),
            term: term.into(),
            ..Default::default()
        })
    }

    fn need(&self, p: Id, term: &str) -> Result<NeedOffers, ApiError> {
        self.entry(p, NeedKind::Need, term)
    }

    fn offer(&self, p: Id, term: &str) -> Result<NeedOffers, ApiError> {
        self.entry(p, NeedKind::Offer, term)
    }

    fn suggestions(&self) -> Result<SuggestionPage, ApiError> {
        self.s.intro_suggestions(SuggestionQuery {
            limit: Some(200),
            person: None,
        })
    }

    /// The suggested pairs as unordered id pairs, best first.
    fn pairs(&self) -> Result<Vec<(Id, Id)>, ApiError> {
        Ok(self
            .suggestions()?
            .items
            .iter()
            .map(|i| (i.a.id.min(i.b.id), i.a.id.max(i.b.id)))
            .collect())
    }
}

fn pair(a: Id, b: Id) -> (Id, Id) {
    (a.min(b), a.max(b))
}

#[test]
fn needs_and_offers_are_kept_listed_and_expire_after_their_last_day() -> TestResult {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let ben = n.known("Ben", 3)?;
    n.need(ana, "seed investors")?;
    let list = n.s.need_offer_create(NeedOfferInput {
        person_id: ben,
        kind: Some(NeedKind::Offer),
        term: "Seed  investors".into(),
        detail: Some("partner at a pre-seed fund".into()),
        expires_on: Some(today() + Duration::days(10)),
    })?;
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].term, "Seed investors", "spaces are folded");
    assert!(!list.items[0].expired);
    assert!(list.vocabulary.iter().any(|v| v == "seed investors"));
    assert_eq!(
        n.s.need_offer_list(NeedQuery { person_id: ana })?.items[0].expires_on,
        today() + Duration::days(90),
        "the default expiry is 90 days"
    );
    assert_eq!(n.pairs()?, vec![pair(ana, ben)]);

    // On its last day the offer still counts; the day after, it is kept but not matched.
    let n = n.reopen(now() + Duration::days(10))?;
    assert_eq!(
        n.pairs()?,
        vec![pair(ana, ben)],
        "matched through its last day"
    );
    let n = n.reopen(now() + Duration::days(11))?;
    assert!(n.pairs()?.is_empty(), "an expired offer is not matched");
    let page = n.suggestions()?;
    assert!(page.empty_reason.is_some(), "an empty page says why");
    let list = n.s.need_offer_list(NeedQuery { person_id: ben })?;
    assert_eq!(list.items.len(), 1, "an expired entry is kept");
    assert!(list.items[0].expired, "and shown as expired");

    // Bad input names its field and writes nothing.
    for (input, field) in [
        (
            NeedOfferInput {
                person_id: ana,
                kind: None,
                term: "pricing advice".into(),
                ..Default::default()
            },
            "kind",
        ),
        (
            NeedOfferInput {
                person_id: ana,
                kind: Some(NeedKind::Need),
                term: "  ".into(),
                ..Default::default()
            },
            "term",
        ),
        (
            NeedOfferInput {
                person_id: 9_999,
                kind: Some(NeedKind::Need),
                term: "pricing advice".into(),
                ..Default::default()
            },
            "person_id",
        ),
    ] {
        let err = n.s.need_offer_create(input).expect_err("refused");
        assert_eq!(err.field.as_deref(), Some(field), "{}", err.message);
    }
    assert_eq!(
        n.s.need_offer_list(NeedQuery { person_id: ana })?
            .items
            .len(),
        1
    );
    Ok(())
}

#[test]
fn an_entry_naming_a_never_subject_is_refused_and_never_facts_change_no_suggestion() -> TestResult {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let ben = n.known("Ben", 3)?;
    let cy = n.known("Cy", 3)?;
    for (kind, term, detail) in [
        (NeedKind::Need, "a new job", None),
        (
            NeedKind::Need,
            "hiring advice",
            Some("she is going through chemotherapy"),
        ),
        (NeedKind::Offer, "church contacts", None),
    ] {
        let err =
            n.s.need_offer_create(NeedOfferInput {
                person_id: ana,
                kind: Some(kind),
                term: term.into(),
                detail: detail.map(Into::into),
                ..Default::default()
            })
            .expect_err("a never subject is refused");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert!(err.message.contains("never"), "{}", err.message);
        assert_eq!(
            err.field.as_deref(),
            Some(if detail.is_some() { "detail" } else { "term" }),
            "the field that names it: {}",
            err.message
        );
    }
    assert!(
        n.s.need_offer_list(NeedQuery { person_id: ana })?
            .items
            .is_empty(),
        "nothing was written"
    );

    n.need(ana, "hiring advice")?;
    n.offer(ben, "hiring advice")?;
    let before = n.suggestions()?;
    assert_eq!(before.items.len(), 1);
    // Never facts that would "match" if they were read: Ana's job hunt and Cy's knowing
    // recruiters, and a never fact on Ben. None may create or change a suggestion.
    for (p, category, value) in [
        (
            ana,
            "job_search",
            "looking for a new job, wants recruiter contacts",
        ),
        (
            cy,
            "job_search",
            "knows recruiters, can help with a new job",
        ),
        (ben, "health", "recovering from surgery"),
    ] {
        n.s.fact_create(FactInput {
            person_id: p,
            category: category.into(),
            value: value.into(),
            ..Default::default()
        })?;
    }
    let after = n.suggestions()?;
    assert_eq!(after, before, "facts are never read for matching");
    Ok(())
}

#[test]
fn dismissals_push_down_record_a_tie_or_hold_for_a_while_and_undo() -> TestResult {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let ben = n.known("Ben", 3)?;
    let cy = n.known("Cy", 3)?;
    let dee = n.known("Dee", 3)?;
    // Entries that last past the 130 days this test looks ahead.
    for (p, kind) in [
        (ana, NeedKind::Need),
        (ben, NeedKind::Offer),
        (cy, NeedKind::Offer),
        (dee, NeedKind::Offer),
    ] {
        n.s.need_offer_create(NeedOfferInput {
            person_id: p,
            kind: Some(kind),
            term: "seed investors".into(),
            expires_on: Some(today() + Duration::days(200)),
            ..Default::default()
        })?;
    }
    let score = |p: &SuggestionPage, a: Id, b: Id| {
        p.items
            .iter()
            .find(|i| pair(i.a.id, i.b.id) == pair(a, b))
            .map(|i| i.score)
    };
    let base = n.suggestions()?;
    assert_eq!(base.items.len(), 3);
    let full = score(&base, ana, ben).unwrap_or(0.0);

    // They already know each other: a relationship is recorded and the pair is gone.
    let d = n.s.intro_dismiss(DismissInput {
        a: ana,
        b: ben,
        reason: DismissReason::AlreadyKnow,
    })?;
    let tie = d.relationship_id.ok_or("a relationship is recorded")?;
    let t = n.s.tie_get(DetailRequest::id(tie))?;
    assert_eq!(t.relationship.kind, TieKind::Acquaintance);
    assert_eq!(score(&n.suggestions()?, ana, ben), None);
    // Undo: the relationship goes and the pair is back with its score.
    n.s.intro_undismiss(PairRequest { a: ben, b: ana })?;
    assert!(
        n.s.tie_get(DetailRequest::id(tie)).is_err(),
        "the recorded tie is removed"
    );
    assert_eq!(score(&n.suggestions()?, ana, ben), Some(full));

    // Not a fit: pushed below the others, for good.
    n.s.intro_dismiss(DismissInput {
        a: ana,
        b: ben,
        reason: DismissReason::NotAFit,
    })?;
    // Not now: pushed down for a while.
    n.s.intro_dismiss(DismissInput {
        a: cy,
        b: ana,
        reason: DismissReason::NotNow,
    })?;
    let page = n.suggestions()?;
    let order: Vec<(Id, Id)> = page.items.iter().map(|i| pair(i.a.id, i.b.id)).collect();
    assert_eq!(
        order,
        vec![pair(ana, dee), pair(ana, cy), pair(ana, ben)],
        "not now (×0.2) stays above not a fit (×0.1), both below the untouched pair"
    );
    let benp = page
        .items
        .iter()
        .find(|i| pair(i.a.id, i.b.id) == pair(ana, ben))
        .ok_or("kept")?;
    assert_eq!(benp.dismissed, Some(DismissReason::NotAFit));
    assert!(
        benp.chips
            .iter()
            .any(|c| c.kind == "dismissed" && c.label.contains("not a fit"))
    );
    assert!(
        n.s.intro_undismiss(PairRequest { a: ana, b: dee }).is_err(),
        "not dismissed"
    );

    // 130 days later "not now" has worn off; "not a fit" has not.
    let n = n.reopen(now() + Duration::days(130))?;
    let page = n.suggestions()?;
    let later = |a, b| score(&page, a, b).unwrap_or(0.0);
    assert!(later(ana, dee) > 0.0, "still suggested 130 days later");
    assert!(
        (later(ana, cy) - later(ana, dee)).abs() < 1e-9,
        "not now recovered fully: {} vs {}",
        later(ana, cy),
        later(ana, dee)
    );
    assert!(
        later(ana, ben) < 0.2 * later(ana, dee),
        "not a fit stays down"
    );
    Ok(())
}

#[test]
fn people_who_said_no_are_left_out_and_yes_lifts() -> TestResult {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let ben = n.known("Ben", 3)?;
    let cy = n.known("Cy", 3)?;
    n.need(ana, "pricing advice")?;
    n.offer(ben, "pricing advice")?;
    n.offer(cy, "pricing advice")?;
    let set = |p, open| n.s.intro_openness_set(OpennessInput { person_id: p, open });
    assert_eq!(set(cy, Openness::Yes)?.openness, Openness::Yes);
    let page = n.suggestions()?;
    assert_eq!(page.items[0].b.id.max(page.items[0].a.id), cy.max(ana));
    assert!(
        page.items[0]
            .chips
            .iter()
            .any(|c| c.label == "Cy is open to introductions")
    );
    set(cy, Openness::No)?;
    assert_eq!(n.pairs()?, vec![pair(ana, ben)], "no keeps Cy out");
    set(cy, Openness::Unknown)?;
    assert_eq!(n.pairs()?.len(), 2);
    Ok(())
}

#[test]
fn merging_two_records_of_a_person_keeps_their_needs_offers_and_flag() -> TestResult {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let dup = n.person("Ana2")?;
    let ben = n.known("Ben", 3)?;
    n.need(dup, "seed investors")?;
    n.s.intro_openness_set(OpennessInput {
        person_id: dup,
        open: Openness::Yes,
    })?;
    n.offer(ben, "seed investors")?;
    n.s.intro_dismiss(DismissInput {
        a: ben,
        b: dup,
        reason: DismissReason::NotAFit,
    })?;
    let paused = n.s.keep_in_touch_pause(PauseRequest {
        person_id: dup,
        paused: true,
    })?;
    assert!(paused.paused);
    n.s.person_merge(MergeRequest {
        keep: ana,
        merge: dup,
    })?;
    let list = n.s.need_offer_list(NeedQuery { person_id: ana })?;
    assert_eq!(list.items.len(), 1, "the need moved to the person kept");
    assert_eq!(list.openness, Openness::Yes, "and the flag with it");
    assert_eq!(n.pairs()?, vec![pair(ana, ben)]);
    let page = n.s.intro_suggestions(SuggestionQuery::default())?;
    assert_eq!(
        page.items.first().and_then(|s| s.dismissed),
        Some(DismissReason::NotAFit),
        "the pair set aside with the duplicate stays set aside"
    );
    let kept =
        n.s.cadence_list(CadenceQuery::default())?
            .items
            .into_iter()
            .find(|k| k.person.id == ana)
            .ok_or("Ana is on the keep-in-touch list")?;
    assert!(kept.paused, "the duplicate's paused reminders stay paused");
    Ok(())
}

#[test]
fn editing_an_expired_entry_keeps_it_expired_unless_a_new_expiry_is_given() -> TestResult {
    let n = Net::new()?;
    let ana = n.known("Ana", 3)?;
    let list = n.s.need_offer_create(NeedOfferInput {
        person_id: ana,
        kind: Some(NeedKind::Need),
        term: "pricing advice".into(),
        expires_on: Some(today() + Duration::days(5)),
        ..Default::default()
    })?;
    let id = list.items[0].id;
    let n = n.reopen(now() + Duration::days(30))?;
    let edit = |expires_on| {
        n.s.need_offer_update(NeedOfferUpdate {
            id,
            entry: NeedOfferInput {
                person_id: ana,
                kind: Some(NeedKind::Need),
                term: "pricing strategy advice".into(),
                detail: None,
                expires_on,
            },
        })
    };
    let kept = edit(None)?;
    assert_eq!(kept.items[0].term, "pricing strategy advice");
    assert!(
        kept.items[0].expired,
        "an edit does not revive an expired entry"
    );
    let err = edit(Some(today())).expect_err("another past expiry is refused");
    assert_eq!(err.field.as_deref(), Some("expires_on"));
    let renewed = edit(Some(today() + Duration::days(60)))?;
    assert!(!renewed.items[0].expired, "a new expiry renews it");
    Ok(())
}
