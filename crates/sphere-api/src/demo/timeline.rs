//! Two years of interactions ending at `now`: a rhythm per contact (clients every few weeks,
//! the outer ring every month or three, some going quiet), conferences, introductions, and
//! contacts meeting each other without the user. Mostly weekdays and business hours (UTC).

use std::collections::HashSet;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};

use super::names::{
    BUSINESS_MESSAGES, CLIENT_CALLS, CLIENT_EMAILS, CLIENT_MEETINGS, COLLEAGUE_CALLS,
    COLLEAGUE_MEETINGS, COLLEAGUE_MESSAGES, CONTACT_CALLS, CONTACT_EMAILS, CONTACT_MEETINGS,
    CONTACT_MESSAGES, EVENTS, INTRO_REASONS, MEALS, PARTNER_CALLS, PARTNER_EMAILS,
    PARTNER_MEETINGS, PERSONAL_CALLS, PERSONAL_EMAILS, PERSONAL_MEALS, PERSONAL_MESSAGES,
    PROSPECT_CALLS, PROSPECT_EMAILS, PROSPECT_MEETINGS,
};
use super::{Gen, HISTORY_DAYS, ME, Plan, PlannedInteraction, Role, fill};
use sphere_domain::{InteractionKind as K, Outcome, Ring, TieKind};

/// How the user knows someone, which sets the rhythm and tone of their interactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cat {
    /// Inner ring: active customers.
    Client,
    /// Other people at customers.
    Account,
    Prospect,
    Colleague,
    Partner,
    Personal,
}

impl Cat {
    /// Days between contacts.
    fn gap(self) -> (i64, i64) {
        match self {
            Cat::Client => (14, 28),
            Cat::Colleague => (14, 35),
            Cat::Prospect => (21, 70),
            Cat::Account => (30, 75),
            Cat::Partner => (30, 80),
            Cat::Personal => (45, 120),
        }
    }

    /// Weights of meeting, call, email, message, meal.
    fn kinds(self) -> [f64; 5] {
        match self {
            Cat::Client => [30.0, 25.0, 30.0, 8.0, 7.0],
            Cat::Account => [25.0, 25.0, 35.0, 15.0, 0.0],
            Cat::Prospect => [25.0, 25.0, 35.0, 10.0, 5.0],
            Cat::Colleague => [50.0, 20.0, 0.0, 30.0, 0.0],
            Cat::Partner => [30.0, 30.0, 25.0, 0.0, 15.0],
            Cat::Personal => [0.0, 25.0, 20.0, 30.0, 25.0],
        }
    }
}

const KINDS: [K; 5] = [K::Meeting, K::Call, K::Email, K::Message, K::Meal];

pub(super) fn generate(g: &mut Gen, plan: &mut Plan) {
    let start = g.today - Duration::days(HISTORY_DAYS);
    let mut user_since = vec![None; plan.people.len()];
    for tie in &plan.ties {
        match (tie.a, tie.b) {
            (ME, p) | (p, ME) => user_since[p] = Some(tie.since),
            _ => {}
        }
    }
    let mut t = Timeline {
        g,
        plan,
        start,
        user_since,
        out: Vec::new(),
    };
    t.with_user();
    let (attendees, tag) = t.conferences();
    t.intros();
    t.among_contacts();
    let mut out = t.out;
    for p in attendees {
        if let Some(person) = plan.people.get_mut(p).filter(|p| p.ring != Ring::Centre) {
            person.tags.push(tag.clone());
        }
    }
    // Stable: same-moment interactions keep their generation order.
    out.sort_by_key(|i| i.at);
    plan.interactions = out;
}

struct Timeline<'a> {
    g: &'a mut Gen,
    plan: &'a Plan,
    /// The first day of the history.
    start: NaiveDate,
    /// When the user met each person (`None` for people beyond and the user).
    user_since: Vec<Option<NaiveDate>>,
    out: Vec<PlannedInteraction>,
}

impl Timeline<'_> {
    /// A plausible moment on (or next to) `day` for this kind of contact; `None` when it
    /// would fall after `now`.
    fn moment(&mut self, day: NaiveDate, kind: K) -> Option<DateTime<Utc>> {
        let g = &mut *self.g;
        // Weekend plans mostly move to a weekday of the next week (never earlier, so never
        // before the tie began or the history starts).
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let day = if weekend && g.chance(0.93) {
            let next_monday =
                day + Duration::days(7 - i64::from(day.weekday().num_days_from_monday()));
            next_monday + Duration::days(g.int(0, 4))
        } else {
            day
        };
        let (hour, minute) = match kind {
            K::Meeting | K::Call => (g.int(8, 17), g.pick(&[0, 15, 30, 45])),
            K::Meal if g.chance(0.7) => (g.int(12, 13), g.pick(&[0, 15, 30])),
            K::Meal => (g.int(18, 19), g.pick(&[0, 30])),
            K::Event => (g.int(9, 18), g.pick(&[0, 30])),
            K::Email | K::Message if g.chance(0.05) => (g.int(19, 21), g.int(0, 59)),
            K::Email | K::Intro | K::IntroRequest | K::Message => (g.int(7, 18), g.int(0, 59)),
        };
        let at = day
            .and_hms_opt(u32::try_from(hour).ok()?, u32::try_from(minute).ok()?, 0)?
            .and_utc();
        (at <= self.g.now).then_some(at)
    }

    fn push(
        &mut self,
        day: NaiveDate,
        kind: K,
        participants: Vec<usize>,
        note: String,
        outcome: Option<Outcome>,
    ) {
        if let Some(at) = self.moment(day, kind) {
            self.out.push(PlannedInteraction {
                at,
                kind,
                participants,
                note,
                outcome,
            });
        }
    }

    fn category(&self, p: usize) -> Cat {
        match (self.plan.role_of(p), self.plan.people[p].ring) {
            (_, Ring::Inner) => Cat::Client,
            (Some(Role::Own), _) => Cat::Colleague,
            (Some(Role::Customer), _) => Cat::Account,
            (Some(Role::Prospect | Role::Target), _) => Cat::Prospect,
            (Some(Role::Partner), _) => Cat::Partner,
            _ => Cat::Personal,
        }
    }

    /// Whether the user already knew `p` on `day`.
    fn knew(&self, p: usize, day: NaiveDate) -> bool {
        self.user_since[p].is_some_and(|s| s < day)
    }

    /// Colleagues of `p` at their organization whom the user knew on `day`.
    fn colleagues(&self, p: usize, day: NaiveDate) -> Vec<usize> {
        self.plan.org_of(p).map_or_else(Vec::new, |o| {
            o.members
                .iter()
                .copied()
                .filter(|&m| m != p && self.knew(m, day))
                .collect()
        })
    }

    fn with_user(&mut self) {
        let plan = self.plan;
        for tie in &plan.ties {
            let p = match (tie.a, tie.b) {
                (ME, p) | (p, ME) => p,
                _ => continue,
            };
            let cat = self.category(p);
            let first = self.start.max(tie.since + Duration::days(3));
            let (lo, hi) = cat.gap();
            // A manual strength says what the log cannot: weak ties are rarely in touch.
            let weak = tie.strength.as_ref().map_or(1.0, |s| s.0);
            let (lo, hi) = if weak < 0.5 {
                (lo * 3, hi * 3)
            } else {
                (lo, hi)
            };
            let g = &mut *self.g;
            let quiet = match cat {
                Cat::Colleague => false,
                Cat::Client => g.chance(0.1),
                _ => g.chance(0.22),
            };
            let last = match (quiet, cat) {
                (false, _) => g.today,
                (true, Cat::Client) => g.days_ago(60, 110),
                (true, _) => g.days_ago(150, 600),
            };
            let once = matches!(cat, Cat::Personal | Cat::Prospect) && g.chance(0.06);
            if weak < 0.2 || once {
                // Met once and never followed up.
                let span = (last - first).num_days().max(0);
                let day = first + Duration::days(g.int(0, span));
                self.with_user_once(p, cat, day);
                continue;
            }
            let mut day = first + Duration::days(g.int(0, hi));
            while day <= last {
                self.with_user_once(p, cat, day);
                day += Duration::days(self.g.int(lo, hi));
            }
        }
    }

    fn with_user_once(&mut self, p: usize, cat: Cat, day: NaiveDate) {
        let kind = KINDS[self.g.weighted(&cat.kinds())];
        let mut participants = vec![ME, p];
        let together = matches!(kind, K::Meeting | K::Call | K::Meal);
        if together && matches!(cat, Cat::Client | Cat::Account) {
            let colleagues = self.colleagues(p, day);
            if !colleagues.is_empty() && self.g.chance(0.3) {
                participants.push(self.g.pick(&colleagues));
            }
            let mine = self.colleagues(ME, day);
            if !mine.is_empty() && self.g.chance(0.12) {
                participants.push(self.g.pick(&mine));
            }
        }
        if kind == K::Meeting && cat == Cat::Colleague && self.g.chance(0.35) {
            let mine: Vec<usize> = self
                .colleagues(ME, day)
                .into_iter()
                .filter(|&c| c != p)
                .collect();
            if !mine.is_empty() {
                participants.push(self.g.pick(&mine));
            }
        }
        let selling = matches!(cat, Cat::Client | Cat::Prospect);
        let outcome = if selling && matches!(kind, K::Meeting | K::Call) && self.g.chance(0.3) {
            let weights = if cat == Cat::Client {
                [35.0, 40.0, 20.0, 5.0]
            } else {
                [40.0, 35.0, 10.0, 15.0]
            };
            let all = [
                Outcome::Advance,
                Outcome::Continuation,
                Outcome::Order,
                Outcome::NoSale,
            ];
            Some(all[self.g.weighted(&weights)])
        } else {
            None
        };
        let note = self.note(p, cat, kind, outcome);
        self.push(day, kind, participants, note, outcome);
    }

    fn note(&mut self, p: usize, cat: Cat, kind: K, outcome: Option<Outcome>) -> String {
        let org = self.plan.org_name(p);
        let org = if org.is_empty() { "their" } else { &org };
        let base = fill(
            self.g.pick(notes(Some(cat), kind)),
            org,
            self.g.today.year(),
        )
        .replace("the their", "their");
        match outcome {
            None => base,
            Some(Outcome::Advance) => format!("{base}; agreed on a next step"),
            Some(Outcome::Continuation) => format!("{base}; no decision yet"),
            Some(Outcome::Order) => format!("{base}; order signed"),
            Some(Outcome::NoSale) => format!("{base}; they decided not to go ahead"),
        }
    }

    /// A few conferences, each with the user and several contacts; the latest one's attendees
    /// are tagged.
    fn conferences(&mut self) -> (Vec<usize>, String) {
        let count = self.g.count(5, 6);
        let contacts: Vec<usize> = (1..self.plan.people.len())
            .filter(|&p| self.plan.people[p].ring != Ring::Beyond)
            .collect();
        let spacing = HISTORY_DAYS / count as i64;
        let mut latest = (Vec::new(), String::new());
        for i in 0..count {
            let day = self.start + Duration::days(i as i64 * spacing + self.g.int(10, 60));
            let mut participants = vec![ME];
            for _ in 0..self.g.count(3, 8) {
                let p = self.g.pick(&contacts);
                if self.knew(p, day) {
                    participants.push(p);
                }
            }
            participants.sort_unstable();
            participants.dedup();
            if participants.len() < 3 {
                continue;
            }
            let note = format!(
                "Caught up at {} {}: booth visit and evening reception",
                self.g.pick(EVENTS),
                day.year()
            );
            latest = (participants.clone(), format!("conference-{}", day.year()));
            self.push(day, K::Event, participants, note, None);
        }
        latest
    }

    fn intros(&mut self) {
        let plan = self.plan;
        let me = plan.name(ME);
        for intro in &plan.intros {
            let participants = vec![intro.by, intro.a, intro.b];
            if intro.by == ME {
                let reason = self.g.pick(INTRO_REASONS);
                let note = format!(
                    "Introduced {} ({}) to {} ({}): {reason}",
                    self.plan.name(intro.a),
                    self.plan.org_name(intro.a),
                    self.plan.name(intro.b),
                    self.plan.org_name(intro.b),
                )
                .replace(" ()", "");
                self.push(intro.date, K::Intro, participants, note, None);
                for _ in 0..self.g.count(0, 4) {
                    let day = intro.date + Duration::days(self.g.int(3, 200));
                    if day >= self.g.today {
                        continue;
                    }
                    let kind = self.g.pick(&[K::Meeting, K::Call, K::Email]);
                    let note = format!("Follow-up after {me}'s introduction");
                    self.push(day, kind, vec![intro.a, intro.b], note, None);
                }
            } else {
                let org = self.plan.org_name(intro.b);
                let note = format!(
                    "{} introduced me to {} at {org}",
                    self.plan.name(intro.by),
                    self.plan.name(intro.b),
                );
                self.push(intro.date, K::Intro, participants, note, None);
            }
        }
    }

    /// Contacts meeting each other without the user, so their ties have a history too.
    fn among_contacts(&mut self) {
        let introduced: HashSet<(usize, usize)> = self
            .plan
            .intros
            .iter()
            .map(|i| (i.a.min(i.b), i.a.max(i.b)))
            .collect();
        let plan = self.plan;
        for tie in &plan.ties {
            if tie.a == ME
                || tie.b == ME
                || introduced.contains(&(tie.a.min(tie.b), tie.a.max(tie.b)))
            {
                continue;
            }
            let p = match tie.kind {
                TieKind::Colleague => 0.25,
                TieKind::FormerColleague => 0.35,
                TieKind::Friend | TieKind::Family => 0.5,
                _ => 0.4,
            };
            if !self.g.chance(p) {
                continue;
            }
            let first = self.start.max(tie.since + Duration::days(3));
            let span = (self.g.today - first).num_days().max(0);
            for _ in 0..self.g.count(1, 6) {
                let day = first + Duration::days(self.g.int(0, span));
                let kind = KINDS[self.g.weighted(&[30.0, 25.0, 25.0, 5.0, 15.0])];
                let note = self.g.pick(notes(None, kind)).to_string();
                self.push(day, kind, vec![tie.a, tie.b], note, None);
            }
        }
    }
}

/// Note templates for an interaction of `kind` with someone of category `cat` (`None`: two
/// contacts without the user).
fn notes(cat: Option<Cat>, kind: K) -> &'static [&'static str] {
    let business = matches!(
        cat,
        Some(Cat::Client | Cat::Account | Cat::Prospect | Cat::Partner)
    );
    match (cat, kind) {
        (_, K::Meal) if business => MEALS,
        (_, K::Message) if business => BUSINESS_MESSAGES,
        (Some(Cat::Client | Cat::Account), K::Meeting) => CLIENT_MEETINGS,
        (Some(Cat::Client | Cat::Account), K::Call) => CLIENT_CALLS,
        (Some(Cat::Client | Cat::Account), _) => CLIENT_EMAILS,
        (Some(Cat::Prospect), K::Meeting) => PROSPECT_MEETINGS,
        (Some(Cat::Prospect), K::Call) => PROSPECT_CALLS,
        (Some(Cat::Prospect), _) => PROSPECT_EMAILS,
        (Some(Cat::Colleague), K::Call) => COLLEAGUE_CALLS,
        (Some(Cat::Colleague), K::Message | K::Email) => COLLEAGUE_MESSAGES,
        (Some(Cat::Colleague), _) => COLLEAGUE_MEETINGS,
        (Some(Cat::Partner), K::Meeting) => PARTNER_MEETINGS,
        (Some(Cat::Partner), K::Call) => PARTNER_CALLS,
        (Some(Cat::Partner), _) => PARTNER_EMAILS,
        (Some(Cat::Personal), K::Meal) | (None, K::Meal) => PERSONAL_MEALS,
        (Some(Cat::Personal), K::Message) => PERSONAL_MESSAGES,
        (Some(Cat::Personal), K::Email) => PERSONAL_EMAILS,
        (Some(Cat::Personal), _) => PERSONAL_CALLS,
        (None, K::Meeting) => CONTACT_MEETINGS,
        (None, K::Call) => CONTACT_CALLS,
        (None, K::Message) => CONTACT_MESSAGES,
        (None, _) => CONTACT_EMAILS,
    }
}
