//! Everyone's keep-in-touch standing, from one read of the user's interaction log.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use sphere_domain::cadence::{
    self, Cadence, CadenceSource, PersonCadence, Standing, Touch, TouchSummary,
};
use sphere_domain::error::ApiError;
use sphere_domain::{Id, Person, PersonRef, Ring};
use sphere_store::keep_in_touch::{self as kit, PersonChoice, Rules};
use sphere_store::{self as store, Db};

use super::types::KeepInTouch;

/// The people, their choices, the rules and the user's touches with each, read once.
pub(crate) struct Network {
    pub me: Option<Person>,
    pub people: Vec<Person>,
    pub choices: HashMap<Id, PersonChoice>,
    pub rules: Rules,
    pub touches: HashMap<Id, Vec<Touch>>,
    pub org_names: HashMap<Id, String>,
    /// The first touch with each person (any kind, held or booked).
    first_touch: HashMap<Id, DateTime<Utc>>,
}

impl Network {
    pub fn load(db: Db<'_>) -> Result<Self, ApiError> {
        let me = store::centre_person(db)?;
        let my_id = me.as_ref().map(|m| m.id);
        let mut touches: HashMap<Id, Vec<Touch>> = HashMap::new();
        kit::for_each_touch(db, my_id, |t| {
            if let Some(class) = cadence::classify(t.kind, t.initiator_id, my_id, t.person_id) {
                touches.entry(t.person_id).or_default().push(Touch {
                    at: t.at,
                    logged_at: t.logged_at,
                    class,
                });
            }
        })?;
        let first_touch = touches
            .iter()
            .filter_map(|(id, ts)| {
                ts.iter()
                    .map(|t| t.at.min(t.logged_at))
                    .min()
                    .map(|m| (*id, m))
            })
            .collect();
        Ok(Self {
            first_touch,
            me,
            people: store::all_people(db)?,
            choices: kit::choices(db)?,
            rules: kit::rules(db)?,
            touches,
            org_names: kit::organization_names(db)?,
        })
    }

    pub fn my_id(&self) -> Option<Id> {
        self.me.as_ref().map(|m| m.id)
    }

    /// The ring's cadence: as set in Settings, else its default.
    pub fn ring_cadence(&self, ring: Ring) -> Option<Cadence> {
        match self.rules.rings.get(&ring) {
            Some(c) => *c,
            None => cadence::default_ring_cadence(ring),
        }
    }

    /// Whether keeping in touch concerns this person at all (not the user).
    pub fn concerns(&self, p: &Person) -> bool {
        Some(p.id) != self.my_id() && p.ring != Ring::Centre
    }

    pub fn cadence_of(&self, p: &Person) -> (Option<Cadence>, CadenceSource) {
        let own = self.choices.get(&p.id).and_then(|c| c.cadence);
        let tags: Vec<(&str, Cadence)> = p
            .tags
            .iter()
            .filter_map(|t| {
                self.rules
                    .tags
                    .get(&t.trim().to_lowercase())
                    .map(|c| (t.as_str(), *c))
            })
            .collect();
        cadence::resolve(own, &tags, p.ring, p.is_team, self.ring_cadence(p.ring))
    }

    /// Since when the user has known `p`: when they were added, or their first interaction
    /// when the log goes further back (an imported history).
    pub fn known_since(&self, p: &Person) -> DateTime<Utc> {
        self.first_touch
            .get(&p.id)
            .map_or(p.created_at, |f| (*f).min(p.created_at))
    }

    pub fn summary(&self, id: Id, at: DateTime<Utc>) -> TouchSummary {
        self.touches
            .get(&id)
            .map(|t| cadence::summarize(t, at))
            .unwrap_or_default()
    }

    /// Where `p` stands at `at`; without their snooze and pause when `hold` is false (what
    /// the health figures count, as past snoozes are not kept).
    pub fn standing(&self, p: &Person, at: DateTime<Utc>, hold: bool) -> (Standing, TouchSummary) {
        let (c, _) = self.cadence_of(p);
        let s = self.summary(p.id, at);
        let h = if hold {
            self.choices.get(&p.id).map(|c| c.hold).unwrap_or_default()
        } else {
            Default::default()
        };
        (cadence::standing(c, &s, self.known_since(p), h, at), s)
    }

    pub fn person_ref(&self, p: &Person) -> PersonRef {
        PersonRef::of(
            p,
            p.organization_id
                .and_then(|o| self.org_names.get(&o).cloned()),
        )
    }

    pub fn keep_in_touch(&self, p: &Person, now: DateTime<Utc>) -> KeepInTouch {
        let (c, source) = self.cadence_of(p);
        let (st, s) = self.standing(p, now, true);
        let choice = self.choices.get(&p.id).copied().unwrap_or_default();
        KeepInTouch {
            person: self.person_ref(p),
            status: st.status,
            cadence: c,
            source_label: source.words(),
            source,
            own: matches!(
                choice.cadence,
                Some(PersonCadence::Every(_) | PersonCadence::Off)
            ),
            due_at: st.due_at,
            overdue_at: st.overdue_at,
            last_two_way: s.last_two_way,
            attempt_since: s.attempt_since,
            booked: s.booked,
            snoozed_until: choice.hold.snoozed_until.filter(|u| *u > now),
            paused: choice.hold.paused,
            days_past_due: u32::try_from(st.days_past_due).unwrap_or(u32::MAX),
            reason: st.reason,
        }
    }
}
