//! Introductions the user could make: people's needs and offers, the "open to
//! introductions" flag, suggested pairs with their reasons, dismissals, and the double opt-in
//! introduction the user makes as the connector ([`connect`]). The rules are the domain's
//! ([`sphere_domain::intros`]); link prediction is the graph's.
//!
//! **Never facts are never used for matching.** Suggestions read only needs and offers
//! (refused at entry when the sensitivity engine finds a never subject in them), the
//! people's organizations, the ties and the `intro` interactions. Facts and notes are not
//! read at all, so a never fact can neither produce nor change a suggestion.
//!
//! **Bounded on big networks.** Candidate pairs come only from entries that meet: a need and
//! an offer with the same term or a content word in common (an index by term and by word),
//! among people the user knows. The work grows with the entries that match, not with the
//! square of the network; link prediction then reads only the contacts of the pairs found.

mod connect;
mod types;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::Duration;

use super::{Core, IdRequest, Sphere};
use sphere_domain::error::ApiError;
use sphere_domain::intros::{
    self as rules, Complementarity, DismissReason, Entry, NeedKind, NeedOffer, NeedOfferInput,
    Openness, ScoreParts,
};
use sphere_domain::{Id, PersonRef, RelationshipInput, TieKind, validate};
use sphere_store as store;
use sphere_store::intros as store_intros;
pub use types::*;

/// Suggestions listed when no limit is given, and the most a page holds.
pub const DEFAULT_SUGGESTIONS: u32 = 20;
pub const MAX_SUGGESTIONS: u32 = 200;

fn first_name(p: &PersonRef) -> String {
    p.display_name
        .split_whitespace()
        .next()
        .unwrap_or(&p.display_name)
        .to_string()
}

/// Records that `a` and `b` know each other (an acquaintance), as of `at`; returns the
/// relationship's id.
fn insert_acquaintance(
    tx: sphere_store::Db<'_>,
    a: Id,
    b: Id,
    at: chrono::DateTime<chrono::Utc>,
    since: Option<chrono::NaiveDate>,
    how_met: Option<String>,
) -> sphere_domain::error::CoreResult<Id> {
    let clean = validate::relationship_at(
        &RelationshipInput {
            person_a: a,
            person_b: b,
            kind: TieKind::Acquaintance,
            since,
            how_met,
            strength_override: None,
            override_reason: None,
        },
        at.date_naive(),
    )?;
    Ok(store::insert_tie(tx, &clean)?.id)
}

/// The entries matching reads: the active ones.
fn matched(list: &[NeedOffer]) -> Vec<Entry<'_>> {
    list.iter()
        .filter(|e| !e.expired)
        .map(|e| Entry {
            kind: e.kind,
            term: &e.term,
            detail: &e.detail,
        })
        .collect()
}

/// Refuses an entry that names a never subject ("looking for a new job" is job hunting).
fn check_entry(clean: &rules::CleanNeedOffer) -> Result<(), ApiError> {
    let passages = sphere_sensitivity::classify_text(&clean.as_sentence())?;
    let never: Vec<String> = passages
        .iter()
        .filter(|p| p.bin == sphere_sensitivity::Sensitivity::Never)
        .map(|p| format!("“{}” ({})", p.text, p.label.to_lowercase()))
        .collect();
    if never.is_empty() {
        return Ok(());
    }
    let in_term = sphere_sensitivity::classify_text(&format!("Looking for {}.", clean.term()))?
        .iter()
        .any(|p| p.bin == sphere_sensitivity::Sensitivity::Never);
    Err(ApiError::invalid(
        if in_term { "term" } else { "detail" },
        format!(
            "needs and offers are for professional matters: {} is a never subject, never used to suggest introductions; nothing was saved",
            never.join(", ")
        ),
    ))
}

impl Core {
    fn need_list(&self, person: Id) -> Result<NeedOffers, ApiError> {
        let db = self.db();
        store::get_person(db, person)?;
        Ok(NeedOffers {
            person_id: person,
            items: store_intros::list_needs(db, Some(person), self.now().date_naive())?,
            openness: store_intros::openness(db, person)?,
            vocabulary: rules::VOCABULARY.iter().map(|s| s.to_string()).collect(),
        })
    }

    fn pair_refs(&self, a: Id, b: Id) -> Result<(PersonRef, PersonRef), ApiError> {
        if a == b {
            return Err(ApiError::invalid(
                "b",
                "an introduction needs two different people",
            ));
        }
        let ra = store::person_ref(self.db(), a)
            .map_err(|_| ApiError::invalid("a", format!("no person with id {a}")))?;
        let rb = store::person_ref(self.db(), b)
            .map_err(|_| ApiError::invalid("b", format!("no person with id {b}")))?;
        Ok((ra, rb))
    }

    /// The suggested introductions, best first (see the module's doc for what is read).
    /// Callable from other commands (Today shows the first few).
    pub(crate) fn intro_suggestions(
        &mut self,
        q: &SuggestionQuery,
    ) -> Result<SuggestionPage, ApiError> {
        self.revalue();
        let limit = q
            .limit
            .unwrap_or(DEFAULT_SUGGESTIONS)
            .clamp(1, MAX_SUGGESTIONS) as usize;
        let mut page = SuggestionPage {
            items: Vec::new(),
            considered: 0,
            likely_known: 0,
            people_with_entries: 0,
            empty_reason: None,
        };
        let Some(me) = self.graph.centre() else {
            page.empty_reason = Some(
                "no one is marked as you (the centre): suggestions are pairs of people you know"
                    .into(),
            );
            return Ok(page);
        };
        if let Some(p) = q.person {
            store::get_person(self.db(), p)
                .map_err(|_| ApiError::invalid("person", format!("no person with id {p}")))?;
        }
        let now = self.now();
        let today = now.date_naive();
        let db = self.db();
        let team: HashSet<Id> = self.graph.team().into_iter().collect();
        let known: HashSet<Id> = self
            .graph
            .contacts(me)
            .into_iter()
            .filter(|p| !team.contains(p))
            .collect();
        let mut entries: HashMap<Id, Vec<NeedOffer>> = HashMap::new();
        for n in store_intros::active_needs(db, today)? {
            if known.contains(&n.person_id) {
                entries.entry(n.person_id).or_default().push(n);
            }
        }
        page.people_with_entries = entries.len() as u32;
        // Offers by folded term and by content word.
        let mut by_term: HashMap<String, BTreeSet<Id>> = HashMap::new();
        let mut by_word: HashMap<String, BTreeSet<Id>> = HashMap::new();
        for (p, list) in &entries {
            for o in list.iter().filter(|e| e.kind == NeedKind::Offer) {
                by_term.entry(o.term.to_lowercase()).or_default().insert(*p);
                for w in rules::words(&format!("{} {}", o.term, o.detail)) {
                    by_word.entry(w).or_default().insert(*p);
                }
            }
        }
        let mut pairs: BTreeSet<(Id, Id)> = BTreeSet::new();
        for (a, list) in &entries {
            for n in list.iter().filter(|e| e.kind == NeedKind::Need) {
                let mut hits: BTreeSet<Id> = by_term
                    .get(&n.term.to_lowercase())
                    .cloned()
                    .unwrap_or_default();
                for w in rules::words(&format!("{} {}", n.term, n.detail)) {
                    if let Some(ps) = by_word.get(&w) {
                        hits.extend(ps);
                    }
                }
                for b in hits {
                    if b != *a {
                        pairs.insert((*a.min(&b), *a.max(&b)));
                    }
                }
            }
        }
        if let Some(p) = q.person {
            pairs.retain(|(a, b)| *a == p || *b == p);
        }
        let openness: HashMap<Id, Openness> = store_intros::all_openness(db)?.into_iter().collect();
        let dismissed: HashMap<(Id, Id), store_intros::Dismissal> = store_intros::dismissals(db)?
            .into_iter()
            .map(|d| ((d.a, d.b), d))
            .collect();
        // A pair with an introduction under way, made, or declined by a side is not
        // suggested again.
        let in_play: HashSet<(Id, Id)> = store_intros::connect_pairs(db)?
            .into_iter()
            .map(|c| c.pair)
            .collect();
        let recent: HashMap<Id, usize> =
            store_intros::intros_received(db, now - Duration::days(rules::RECENT_INTRO_DAYS), now)?
                .into_iter()
                .collect();
        let mut orgs: HashMap<Id, Option<sphere_domain::Organization>> = HashMap::new();
        let mut org_of = |p: Id| -> Result<Option<sphere_domain::Organization>, ApiError> {
            let Some(o) = self.graph.organization_of(p) else {
                return Ok(None);
            };
            if let Some(v) = orgs.get(&o) {
                return Ok(v.clone());
            }
            let v = store::get_organization(db, o).ok();
            orgs.insert(o, v.clone());
            Ok(v)
        };
        let mut links = sphere_graph::LinkPredictor::new(&self.graph, Some(me));
        let mut strengths: HashMap<Id, f64> = HashMap::new();
        let mut scored = Vec::new();
        for (a, b) in pairs {
            if self.graph.related(a, b) || in_play.contains(&(a, b)) {
                continue;
            }
            let d = dismissed.get(&(a, b));
            if d.is_some_and(|d| d.reason == DismissReason::AlreadyKnow) {
                continue;
            }
            let of = |p: Id| entries.get(&p).map_or(Vec::new(), |l| matched(l));
            let comp = Complementarity::of(&of(a), &of(b));
            if comp.value() <= 0.0 {
                continue;
            }
            // Side A is the one with a need met, so the reasons read in order.
            let (a, b, comp) = if comp.a_needs.is_none() {
                let Complementarity { a_needs, b_needs } = comp;
                (
                    b,
                    a,
                    Complementarity {
                        a_needs: b_needs,
                        b_needs: a_needs,
                    },
                )
            } else {
                (a, b, comp)
            };
            page.considered += 1;
            let open_a = openness.get(&a).copied().unwrap_or(Openness::Unknown);
            let open_b = openness.get(&b).copied().unwrap_or(Openness::Unknown);
            let (Some(rec_a), Some(rec_b)) = (
                rules::receptiveness(open_a, recent.get(&a).copied().unwrap_or(0)),
                rules::receptiveness(open_b, recent.get(&b).copied().unwrap_or(0)),
            ) else {
                continue;
            };
            let same_org = self
                .graph
                .organization_of(a)
                .is_some_and(|o| Some(o) == self.graph.organization_of(b));
            let ev = links.evidence(a, b);
            if ev.excludes(same_org) {
                page.likely_known += 1;
                continue;
            }
            let mut strength = |p: Id| {
                *strengths.entry(p).or_insert_with(|| {
                    self.graph
                        .acquaintance(me, p)
                        .map_or(0.0, |(t, _)| t.parts.value)
                })
            };
            let (oa, ob) = (org_of(a)?, org_of(b)?);
            let mut context_chips = Vec::new();
            if let (Some(x), Some(y)) = (&oa, &ob) {
                if !x.industry.trim().is_empty()
                    && x.industry.trim().eq_ignore_ascii_case(y.industry.trim())
                {
                    context_chips.push(format!("both in {}", x.industry.trim()));
                }
                if !x.location.trim().is_empty()
                    && x.location.trim().eq_ignore_ascii_case(y.location.trim())
                {
                    context_chips.push(format!("both in {}", x.location.trim()));
                }
            }
            let dismissal = match d {
                Some(d) => rules::dismissal_factor(d.reason, d.at, now).unwrap_or(0.0),
                None => 1.0,
            };
            let parts = ScoreParts {
                complementarity: comp.value(),
                context: rules::CONTEXT_LIFT.powi(context_chips.len() as i32),
                strength_a: strength(a),
                strength_b: strength(b),
                novelty: 1.0 - ev.jaccard,
                receptiveness_a: rec_a,
                receptiveness_b: rec_b,
                dismissal,
                link_score: ev.score(),
                adamic_adar: ev.adamic_adar,
            };
            let score = parts.score();
            if score <= 0.0 {
                continue;
            }
            scored.push((
                a,
                b,
                parts,
                comp,
                ev,
                context_chips,
                d.cloned(),
                open_a,
                open_b,
                score,
            ));
        }
        scored.sort_by(|x, y| {
            y.9.total_cmp(&x.9)
                .then_with(|| x.0.cmp(&y.0))
                .then_with(|| x.1.cmp(&y.1))
        });
        scored.truncate(limit);
        for (a, b, parts, comp, ev, context, d, open_a, open_b, score) in scored {
            let (ra, rb) = self.pair_refs(a, b)?;
            let (na, nb) = (first_name(&ra), first_name(&rb));
            let mut chips = Vec::new();
            let chip = |kind: &str, label: String| Chip {
                kind: kind.into(),
                label,
            };
            if let Some(m) = &comp.a_needs {
                chips.push(chip(
                    "match",
                    format!("{na} needs {} · {nb} offers {}", m.need, m.offer),
                ));
            }
            if let Some(m) = &comp.b_needs {
                chips.push(chip(
                    "match",
                    format!("{nb} needs {} · {na} offers {}", m.need, m.offer),
                ));
            }
            let well = |s: f64| s >= rules::WELL_KNOWN;
            match (well(parts.strength_a), well(parts.strength_b)) {
                (true, true) => chips.push(chip("strength", "you know both well".into())),
                (true, false) => chips.push(chip("strength", format!("you know {na} well"))),
                (false, true) => chips.push(chip("strength", format!("you know {nb} well"))),
                (false, false) => {}
            }
            chips.push(chip(
                "novelty",
                match ev.shared.len() {
                    0 => "no shared contacts".into(),
                    1 => "1 shared contact".into(),
                    n => format!("{n} shared contacts"),
                },
            ));
            for c in context {
                chips.push(chip("context", c));
            }
            for (name, open, p) in [(&na, open_a, a), (&nb, open_b, b)] {
                if open == Openness::Yes {
                    chips.push(chip(
                        "receptive",
                        format!("{name} is open to introductions"),
                    ));
                }
                match recent.get(&p).copied().unwrap_or(0) {
                    0 => {}
                    1 => chips.push(chip(
                        "receptive",
                        format!("{name} was introduced once lately"),
                    )),
                    n => chips.push(chip(
                        "receptive",
                        format!("{name} was introduced {n}× lately"),
                    )),
                }
            }
            if let Some(d) = &d {
                chips.push(chip(
                    "dismissed",
                    format!(
                        "dismissed {}: {}",
                        d.at.format("%-d %b %Y"),
                        d.reason.label()
                    ),
                ));
            }
            page.items.push(IntroSuggestion {
                a: ra,
                b: rb,
                score,
                parts,
                chips,
                dismissed: d.map(|d| d.reason),
            });
        }
        if page.items.is_empty() {
            page.empty_reason = Some(if page.people_with_entries == 0 {
                "none of the people you know has an active need or offer: add what they look for and what they can give, and Sphere pairs them".into()
            } else if page.considered == 0 {
                "no one's needs meet anyone else's offers yet among the people you know".into()
            } else {
                "the pairs whose needs and offers meet already know each other, work together, or said no to introductions".into()
            });
        }
        Ok(page)
    }
}

impl Sphere {
    /// A person's needs and offers (active first, then expired) and their openness.
    pub fn need_offer_list(&self, q: NeedQuery) -> Result<NeedOffers, ApiError> {
        self.store()?.need_list(q.person_id)
    }

    /// Adds a need or offer; one that names a never subject is refused and nothing is written.
    pub fn need_offer_create(&self, input: NeedOfferInput) -> Result<NeedOffers, ApiError> {
        let mut core = self.store()?;
        let today = core.now().date_naive();
        store::get_person(core.db(), input.person_id).map_err(|_| {
            ApiError::invalid(
                "person_id",
                format!("no person with id {}", input.person_id),
            )
        })?;
        let clean = rules::need_offer(&input, today)?;
        check_entry(&clean)?;
        core.store
            .write(|tx| Ok(store_intros::insert_need(tx, &clean, today).map(|_| ())?))?;
        core.need_list(input.person_id)
    }

    pub fn need_offer_update(&self, u: NeedOfferUpdate) -> Result<NeedOffers, ApiError> {
        let mut core = self.store()?;
        let today = core.now().date_naive();
        let old = store_intros::get_need(core.db(), u.id, today)?;
        let mut input = u.entry;
        input.person_id = old.person_id;
        // No expiry given keeps the one it had (an expired entry edited stays expired).
        if input.expires_on.is_none() {
            input.expires_on = Some(old.expires_on);
        }
        let clean = rules::need_offer_keeping(&input, today, Some(old.expires_on))?;
        check_entry(&clean)?;
        core.store
            .write(|tx| Ok(store_intros::update_need(tx, u.id, &clean, today).map(|_| ())?))?;
        core.need_list(old.person_id)
    }

    pub fn need_offer_delete(&self, req: IdRequest) -> Result<NeedOffers, ApiError> {
        let mut core = self.store()?;
        let today = core.now().date_naive();
        let gone = core
            .store
            .write(|tx| Ok(store_intros::delete_need(tx, req.id, today)?))?;
        core.need_list(gone.person_id)
    }

    /// Sets whether a person is open to introductions (`no` keeps them out of suggestions).
    pub fn intro_openness_set(&self, input: OpennessInput) -> Result<NeedOffers, ApiError> {
        let mut core = self.store()?;
        core.store
            .write(|tx| Ok(store_intros::set_openness(tx, input.person_id, input.open)?))?;
        core.need_list(input.person_id)
    }

    /// Pairs of people the user knows who could be resources for each other, best first,
    /// each with its score, the score's parts and its reasons.
    pub fn intro_suggestions(&self, q: SuggestionQuery) -> Result<SuggestionPage, ApiError> {
        self.store()?.intro_suggestions(&q)
    }

    /// Sets a suggested pair aside. "They already know each other" records a relationship
    /// (an acquaintance) between them; "not a fit" and "not now" push the pair down.
    pub fn intro_dismiss(&self, input: DismissInput) -> Result<Dismissal, ApiError> {
        let mut core = self.store()?;
        let (ra, rb) = core.pair_refs(input.a, input.b)?;
        let now = core.now();
        let existing = store::tie_between(core.db(), input.a, input.b)?;
        let (a, b, reason) = (input.a, input.b, input.reason);
        let tie = core.write(
            |tx| {
                let tie = match (reason, existing) {
                    (DismissReason::AlreadyKnow, None) => {
                        Some(insert_acquaintance(tx, a, b, now, None, None)?)
                    }
                    _ => None,
                };
                store_intros::set_dismissal(tx, a, b, reason, now, tie)?;
                Ok(tie)
            },
            |g, src, tie| match tie {
                Some(t) => g.refresh_ties(src, &[*t]),
                None => Ok(()),
            },
        )?;
        Ok(Dismissal {
            a: ra,
            b: rb,
            reason,
            at: now,
            relationship_id: tie,
        })
    }

    /// Undoes a dismissal: the pair is suggested again as before, and the relationship
    /// "they already know each other" recorded is removed (unless interactions were logged
    /// on it since).
    pub fn intro_undismiss(&self, req: PairRequest) -> Result<Dismissal, ApiError> {
        let mut core = self.store()?;
        let (ra, rb) = core.pair_refs(req.a, req.b)?;
        let d = store_intros::get_dismissal(core.db(), req.a, req.b)?.ok_or_else(|| {
            ApiError::not_found(format!(
                "{} and {} are not dismissed",
                ra.display_name, rb.display_name
            ))
        })?;
        let tie = d.relationship_id;
        // A relationship with interactions logged on it since is the user's evidence: kept.
        let used = tie.is_some()
            && store::list_interactions(core.db(), Some(req.a), u32::MAX)?
                .0
                .iter()
                .any(|i| i.interaction.participants.contains(&req.b));
        let (a, b) = (req.a, req.b);
        core.write(
            |tx| {
                store_intros::delete_dismissal(tx, a, b)?;
                if let (Some(t), false) = (tie, used) {
                    store::delete_tie(tx, t)?;
                }
                Ok(())
            },
            |g, src, _| match tie {
                Some(t) => g.refresh_ties(src, &[t]),
                None => Ok(()),
            },
        )?;
        Ok(Dismissal {
            a: ra,
            b: rb,
            reason: d.reason,
            at: d.at,
            relationship_id: if used { tie } else { None },
        })
    }
}
