//! The shared mail writer: headers in (from a file or a sync), interactions out, in the
//! caller's transaction.
//!
//! * **Once per message.** A `Message-ID` already in `mail_message` writes nothing (a
//!   duplicate), so the same message in an mbox, a Maildir and an IMAP folder, or moved
//!   between folders, counts once. A message ignored for a reason that depends on the
//!   settings (too many recipients, not the user's, to themselves) is judged again.
//! * **People by email**, case-insensitively, against every person's emails (one map per
//!   call).
//! * **New people only for real exchanges.** An address that is nobody's yet becomes a person
//!   only once the user wrote to it *and* it wrote to the user, in this input or in messages
//!   stored before. Until then its messages are stored as one-way (`ignored = 'one-way'`);
//!   when the other direction arrives they count too.
//! * **One `email` interaction per counterpart**, started by the sender: the user's message to
//!   three people is three interactions (the user and each of them), someone's message to the
//!   user is one. The user and each counterpart get a relationship (an acquaintance) when they
//!   had none, and the summaries are written once per relationship. A message dated after
//!   `now` is planned: stored, counted by no summary until its time comes (see
//!   `sphere_store::stats`).
//! * **Headers only.** The subject only when the user keeps subjects, and then with its never
//!   passages hidden; bodies never.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::AtomicBool;

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::strength::TieStats;
use sphere_domain::validate;
use sphere_domain::{Id, InteractionKind, PersonInput, RelationshipInput, Ring, TieKind};
use sphere_store::bulk::{self, BulkWriter};
use sphere_store::capture::CaptureSettings;
use sphere_store::mail::{self, NewMessage, StoredMessage};
use sphere_store::{Db, stats};

use super::filter::{self, Ignored, Verdict};
use super::{MailDate, MailHeader, check};
use crate::contacts::Progress;

/// The longest subject kept, in characters.
pub const MAX_SUBJECT_CHARS: usize = 300;

/// What writing a batch of messages did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct MailSummary {
    /// Messages handed to the writer.
    pub read: u32,
    /// Messages that became interactions.
    pub kept: u32,
    pub interactions_created: u32,
    /// Of those, dated after now: planned, counted when their time comes.
    pub planned: u32,
    pub people_created: u32,
    pub relationships_created: u32,
    /// Messages already stored (by `Message-ID`, or twice in the input): nothing written.
    pub duplicates: u32,
    /// Messages stored one-way before that count now (the other side wrote back).
    pub earlier_counted: u32,
    /// Messages that did not count, by reason (`mailing-list`, `no-reply`, `one-way`…; see
    /// `filter::Ignored`).
    pub ignored: BTreeMap<String, u32>,
    /// The earliest and latest message kept.
    pub first_at: Option<DateTime<Utc>>,
    pub last_at: Option<DateTime<Utc>>,
}

impl MailSummary {
    fn ignore(&mut self, why: Ignored) {
        *self.ignored.entry(why.code().to_string()).or_default() += 1;
    }

    /// Every message ignored, whatever the reason.
    pub fn ignored_total(&self) -> u32 {
        self.ignored.values().sum()
    }
}

/// An address that is nobody's yet, and what the user and it did.
#[derive(Debug, Default)]
struct Candidate {
    user_wrote: bool,
    wrote_to_user: bool,
    /// The name it gives itself (in its own `From:`), else the name others wrote.
    own_name: Option<String>,
    name: Option<String>,
    /// Stored messages with it, to count once it becomes a person.
    stored: Vec<usize>,
}

/// A relationship between the user and a counterpart, as this write leaves it.
struct Pair {
    tie: Option<Id>,
    stats: TieStats,
}

/// A message that is the user's exchange, waiting for its interactions.
struct Kept<'h> {
    h: &'h MailHeader,
    at: DateTime<Utc>,
    verdict: Verdict,
}

/// [`write_mail_with`] without progress or cancellation (a sync's batch).
pub fn write_mail(
    tx: Db<'_>,
    source_id: Option<Id>,
    headers: &[MailHeader],
    settings: &CaptureSettings,
    now: DateTime<Utc>,
) -> CoreResult<MailSummary> {
    write_mail_with(
        tx,
        source_id,
        headers,
        settings,
        now,
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// Writes `headers` as read from `source_id` (see the module documentation), in `tx`:
/// everything or, on an error or a set `cancel`, nothing (the caller's transaction is rolled
/// back). Fails when no person is the user (the centre) or the user has no address.
pub fn write_mail_with(
    tx: Db<'_>,
    source_id: Option<Id>,
    headers: &[MailHeader],
    settings: &CaptureSettings,
    now: DateTime<Utc>,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<MailSummary> {
    let me = sphere_store::centre_person(tx)?
        .ok_or_else(|| {
            CoreError::invalid(
                "me",
                "Sphere does not know who you are yet: mark your own person as the centre \
                 first (\"This is me\" on your page in the app, or `sphere person edit YOU \
                 --ring centre`), then import your mail",
            )
        })?
        .id;
    let mine: HashSet<String> = settings.my_addresses.iter().cloned().collect();
    if mine.is_empty() {
        return Err(CoreError::invalid(
            "my_addresses",
            "Sphere does not know your email addresses: add them in Settings (your addresses) \
             or to your own person, so it can tell the mail you sent from the mail you received",
        ));
    }
    let mut w = Writer {
        tx,
        me,
        now,
        half_life: stats::half_life_days(tx)?,
        emails: mail::person_emails(tx)?,
        w: BulkWriter::new_at(tx, now)?,
        pairs: HashMap::new(),
        new_people: HashSet::new(),
        summary: MailSummary::default(),
        source_id,
        keep_subjects: settings.keep_subjects,
    };
    for a in &mine {
        w.emails.insert(a.clone(), me);
    }
    let total = u32::try_from(headers.len()).unwrap_or(u32::MAX);
    let mut meter = |done: usize, phase: &str| -> CoreResult<()> {
        report(Progress {
            phase: phase.into(),
            done: u32::try_from(done).unwrap_or(u32::MAX).min(total),
            total,
        });
        check(cancel)
    };

    // 1. Judge every message; the ignored ones are written now.
    let mut kept: Vec<Kept<'_>> = Vec::new();
    let mut candidates: BTreeMap<String, Candidate> = BTreeMap::new();
    let mut seen: HashSet<&str> = HashSet::new();
    meter(0, "checking")?;
    for (i, h) in headers.iter().enumerate() {
        if i % 512 == 511 {
            meter(i + 1, "checking")?;
        }
        w.summary.read += 1;
        let at = match &h.date {
            MailDate::At(t) if validate::YEARS.contains(&t.year()) => *t,
            MailDate::At(_) => {
                w.summary.ignore(Ignored::DateOutOfRange);
                continue;
            }
            MailDate::Missing => {
                w.summary.ignore(Ignored::NoDate);
                continue;
            }
            MailDate::Unreadable(_) => {
                w.summary.ignore(Ignored::BadDate);
                continue;
            }
        };
        if !seen.insert(h.message_id.as_str()) {
            w.summary.duplicates += 1;
            continue;
        }
        let mut before: Option<(Id, Ignored)> = None;
        if let Some((id, why)) = mail::message_status(tx, &h.message_id)? {
            match why.as_deref().and_then(Ignored::parse) {
                Some(why) if why.depends_on_settings() => before = Some((id, why)),
                _ => {
                    w.summary.duplicates += 1;
                    continue;
                }
            }
        }
        let verdict = filter::judge(h, &mine, settings.max_recipients);
        if let Some((id, why)) = before {
            if verdict == Err(why) {
                w.summary.duplicates += 1;
                continue;
            }
            // Judged again under the settings of today: written anew.
            mail::delete_message(tx, id)?;
        }
        match verdict {
            Err(why) => {
                w.message(h, at, Some(why), None)?;
                w.summary.ignore(why);
            }
            Ok(verdict) => {
                match &verdict {
                    Verdict::Sent { to } => {
                        for addr in to.iter().filter(|a| !w.emails.contains_key(*a)) {
                            let c = candidates.entry(addr.clone()).or_default();
                            c.user_wrote = true;
                            if c.name.is_none() {
                                c.name =
                                    h.to.iter()
                                        .chain(&h.cc)
                                        .find(|x| &x.email == addr)
                                        .and_then(|x| x.name.clone());
                            }
                        }
                    }
                    Verdict::Received { from } if !w.emails.contains_key(from) => {
                        let c = candidates.entry(from.clone()).or_default();
                        c.wrote_to_user = true;
                        if c.own_name.is_none() {
                            c.own_name = h.from.as_ref().and_then(|f| f.name.clone());
                        }
                    }
                    Verdict::Received { .. } => {}
                }
                kept.push(Kept { h, at, verdict });
            }
        }
    }

    // 2. Addresses with a two-way exchange become people, with what was stored before.
    let stored = if candidates.is_empty() {
        Vec::new()
    } else {
        w.stored_exchanges(&mine, &mut candidates)?
    };
    let mut earlier: Vec<(usize, Id)> = Vec::new();
    for (addr, c) in &candidates {
        if !(c.user_wrote && c.wrote_to_user) {
            continue;
        }
        if let Some(person) = w.person_for(addr, c)? {
            earlier.extend(c.stored.iter().map(|&m| (m, person)));
        }
    }

    // 3. Interactions: this input's messages, then the stored ones that count now.
    meter(0, "writing")?;
    let kept_total = kept.len();
    for (i, k) in kept.into_iter().enumerate() {
        if i % 512 == 511 {
            meter((i + 1) * headers.len() / kept_total.max(1), "writing")?;
        }
        // (who started it, the counterpart)
        let people: Vec<(Id, Id)> = match &k.verdict {
            Verdict::Sent { to } => {
                let mut out: Vec<(Id, Id)> = Vec::new();
                for p in to.iter().filter_map(|a| w.emails.get(a).copied()) {
                    if p != me && !out.iter().any(|&(_, q)| q == p) {
                        out.push((me, p));
                    }
                }
                out
            }
            Verdict::Received { from } => w
                .emails
                .get(from)
                .copied()
                .filter(|&p| p != me)
                .map(|p| vec![(p, p)])
                .unwrap_or_default(),
        };
        let mut first = None;
        for (initiator, other) in people {
            let id = w.email(k.at, initiator, other)?;
            first.get_or_insert(id);
        }
        match first {
            Some(id) => {
                w.message(k.h, k.at, None, Some(id))?;
                w.summary.kept += 1;
                w.summary.first_at = Some(w.summary.first_at.map_or(k.at, |f| f.min(k.at)));
                w.summary.last_at = Some(w.summary.last_at.map_or(k.at, |l| l.max(k.at)));
            }
            None => {
                w.message(k.h, k.at, Some(Ignored::OneWay), None)?;
                w.summary.ignore(Ignored::OneWay);
            }
        }
    }
    let mut counted: HashSet<Id> = HashSet::new();
    for (m, person) in earlier {
        let m: &StoredMessage = &stored[m];
        let initiator = if mine.contains(&m.from_addr) {
            me
        } else {
            person
        };
        // The person is new: no interaction of theirs can be stored yet.
        let id = w.email(m.sent_at, initiator, person)?;
        mail::set_counted(tx, m.id, id)?;
        if counted.insert(m.id) {
            w.summary.earlier_counted += 1;
        }
    }
    meter(headers.len(), "writing")?;

    // 4. Relationships and their summaries, once each.
    w.finish()?;
    Ok(w.summary)
}

struct Writer<'c> {
    tx: Db<'c>,
    me: Id,
    now: DateTime<Utc>,
    half_life: f64,
    /// Lower-case address → person (the user's own addresses → the user).
    emails: HashMap<String, Id>,
    w: BulkWriter<'c>,
    /// The user's relationships touched, by counterpart.
    pairs: HashMap<Id, Pair>,
    /// People created by this write (they have no relationship or interaction yet).
    new_people: HashSet<Id>,
    summary: MailSummary,
    source_id: Option<Id>,
    keep_subjects: bool,
}

impl Writer<'_> {
    /// Writes the message's row.
    fn message(
        &mut self,
        h: &MailHeader,
        at: DateTime<Utc>,
        ignored: Option<Ignored>,
        interaction: Option<Id>,
    ) -> CoreResult<()> {
        let to: Vec<String> = h.to.iter().map(|a| a.email.clone()).collect();
        let cc: Vec<String> = h.cc.iter().map(|a| a.email.clone()).collect();
        // Subjects only of the user's own exchanges: a list's, a stranger's or a broadcast's
        // subject is someone else's words, and is not kept even when subjects are.
        let own = matches!(ignored, None | Some(Ignored::OneWay));
        let subject = match (&h.subject, self.keep_subjects && own) {
            (Some(s), true) => {
                let hidden = sphere_sensitivity::redact_never(s)?;
                Some(hidden.chars().take(MAX_SUBJECT_CHARS).collect::<String>())
            }
            _ => None,
        };
        mail::insert_message(
            self.tx,
            &NewMessage {
                message_id: &h.message_id,
                source_id: self.source_id,
                thread: h.thread(),
                sent_at: at,
                from_addr: h.from.as_ref().map_or("", |a| a.email.as_str()),
                to: &to,
                cc: &cc,
                subject: subject.as_deref(),
                ignored: ignored.map(Ignored::code),
                interaction_id: interaction,
            },
        )?;
        Ok(())
    }

    /// The stored messages the user exchanged with any candidate: whether the user wrote to
    /// it, whether it wrote to the user, and the messages to count once it is a person.
    fn stored_exchanges(
        &self,
        mine: &HashSet<String>,
        candidates: &mut BTreeMap<String, Candidate>,
    ) -> CoreResult<Vec<StoredMessage>> {
        let code = Ignored::OneWay.code();
        let mut mine: Vec<String> = mine.iter().cloned().collect();
        mine.sort();
        let mut out = Vec::new();
        for m in mail::messages_from(self.tx, &mine, code)? {
            let mut useful = false;
            for addr in m.to.iter().chain(&m.cc) {
                if let Some(c) = candidates.get_mut(addr)
                    && c.stored.last() != Some(&out.len())
                {
                    c.user_wrote = true;
                    c.stored.push(out.len());
                    useful = true;
                }
            }
            if useful {
                out.push(m);
            }
        }
        let addrs: Vec<String> = candidates.keys().cloned().collect();
        for m in mail::messages_from(self.tx, &addrs, code)? {
            if let Some(c) = candidates.get_mut(&m.from_addr) {
                c.wrote_to_user = true;
                c.stored.push(out.len());
                out.push(m);
            }
        }
        Ok(out)
    }

    /// A new person for `addr`, named from how it signs (or is addressed), else from the
    /// address. `None` when the address cannot be a person's email.
    fn person_for(&mut self, addr: &str, c: &Candidate) -> CoreResult<Option<Id>> {
        let shown = c.own_name.as_deref().or(c.name.as_deref());
        let (first, last) = match shown.and_then(crate::names::from_display) {
            Some(n) => (n.first, n.last),
            None => crate::vcard::name_from_email(addr).unwrap_or_else(|| {
                (
                    addr.split('@').next().unwrap_or(addr).to_string(),
                    String::new(),
                )
            }),
        };
        let Ok(clean) = validate::person(&PersonInput {
            first_name: first,
            last_name: Some(last),
            emails: Some(vec![addr.to_string()]),
            ..Default::default()
        }) else {
            return Ok(None);
        };
        let id = self.w.person(&clean, Ring::Beyond)?;
        self.emails.insert(addr.to_string(), id);
        self.new_people.insert(id);
        self.summary.people_created += 1;
        Ok(Some(id))
    }

    /// The user's relationship with `other`, as stored (its summary) or about to be made.
    fn pair(&mut self, other: Id) -> CoreResult<&mut Pair> {
        if !self.pairs.contains_key(&other) {
            let (a, b) = (self.me.min(other), self.me.max(other));
            let mut pair = Pair {
                tie: None,
                stats: TieStats::default(),
            };
            if !self.new_people.contains(&other) {
                pair.tie = bulk::tie_between(self.tx, a, b)?;
                match pair.tie {
                    Some(tie) => {
                        pair.stats = stats::tie_records(self.tx, &[tie])?
                            .pop()
                            .map(|r| r.stats)
                            .unwrap_or_default();
                    }
                    None => {
                        // A new relationship summarises what they shared before.
                        for (at, kind, initiator, _) in bulk::shared_interactions(self.tx, a, b)? {
                            if at <= self.now {
                                pair.stats.add(
                                    at,
                                    kind,
                                    stats::side_of(initiator, a, b),
                                    self.half_life,
                                );
                            }
                        }
                    }
                }
            }
            self.pairs.insert(other, pair);
        }
        self.pairs
            .get_mut(&other)
            .ok_or_else(|| CoreError::Storage("a relationship went missing".into()))
    }

    /// One email between the user and `other`, started by `initiator`.
    fn email(&mut self, at: DateTime<Utc>, initiator: Id, other: Id) -> CoreResult<Id> {
        let (a, b) = (self.me.min(other), self.me.max(other));
        let (now, half_life) = (self.now, self.half_life);
        // The summary is read before the interaction is written.
        let planned = at > now;
        let pair = self.pair(other)?;
        if !planned {
            pair.stats.add(
                at,
                InteractionKind::Email,
                stats::side_of(Some(initiator), a, b),
                half_life,
            );
        }
        let id = self
            .w
            .interaction(&at, InteractionKind::Email, Some(initiator), &[a, b])?;
        self.summary.interactions_created += 1;
        if planned {
            self.summary.planned += 1;
        }
        Ok(id)
    }

    /// Relationships and their summaries, once each.
    fn finish(&mut self) -> CoreResult<()> {
        let mut others: Vec<Id> = self.pairs.keys().copied().collect();
        others.sort_unstable();
        for other in others {
            let Some(pair) = self.pairs.get(&other) else {
                continue;
            };
            let stats = pair.stats;
            match pair.tie {
                Some(tie) => self.w.tie_stats(tie, &stats)?,
                None => {
                    let clean = validate::relationship(&RelationshipInput {
                        person_a: self.me.min(other),
                        person_b: self.me.max(other),
                        kind: TieKind::Acquaintance,
                        since: None,
                        how_met: None,
                        strength_override: None,
                        override_reason: None,
                    })?;
                    self.w.tie(&clean, &stats)?;
                    self.summary.relationships_created += 1;
                }
            }
        }
        Ok(())
    }
}
