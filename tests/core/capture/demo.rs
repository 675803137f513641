//! The demo network, then a year of generated mail and calendar through `mail_import` and
//! `calendar_import`: the ties they make rank as a person would judge them (each pair below
//! says why), people are created only for real exchanges, and strengths spread over the range
//! instead of piling up on a floor. The clock is fixed.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, Duration, TimeZone, Utc};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Writes mail and calendar text for a generated year.
#[derive(Default)]
struct Gen {
    mbox: String,
    ics: String,
    n: u32,
}

impl Gen {
    fn mail(&mut self, at: DateTime<Utc>, from: &str, to: &str, extra: &str) {
        self.n += 1;
        let _ = write!(
            self.mbox,
            "From {from} {}\nMessage-ID: <gen{}@demo.example>\nDate: {}\nFrom: {from}\nTo: {to}\n{extra}Subject: note {}\n\nA short body.\n\n",
            at.format("%a %b %e %H:%M:%S %Y"),
            self.n,
            at.to_rfc2822(),
            self.n,
        );
    }

    fn meeting(&mut self, at: DateTime<Utc>, me: &str, other: &str, partstat: &str) {
        self.n += 1;
        let stamp = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
        let _ = write!(
            self.ics,
            "BEGIN:VEVENT\r\nUID:gen{}@demo.example\r\nDTSTAMP:{}\r\nDTSTART:{}\r\nDTEND:{}\r\nSUMMARY:Catch-up\r\nORGANIZER:mailto:{me}\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:{me}\r\nATTENDEE;PARTSTAT={partstat}:mailto:{other}\r\nEND:VEVENT\r\n",
            self.n,
            stamp(at),
            stamp(at),
            stamp(at + Duration::minutes(45)),
        );
    }

    fn calendar(&self) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Sphere tests//EN\r\n{}END:VCALENDAR\r\n",
            self.ics
        )
    }
}

fn days_ago(d: i64) -> DateTime<Utc> {
    now() - Duration::days(d)
}

#[test]
fn mail_and_calendar_on_the_demo_rank_ties_as_judged_and_spread_strengths() -> TestResult {
    let dir = tempfile::tempdir()?;
    let s = Sphere::open_as_of(&dir.path().join("sphere.db"), now())?;
    s.demo_load(DemoRequest { seed: Some(7) })?;
    let view = s.sphere_view(Empty {})?;
    let me = view.me.ok_or("the demo has a user")?;
    let my_address = "me@sphere-demo.example";
    s.settings_update(SettingsInput {
        my_addresses: Some(vec![my_address.into()]),
        ..Default::default()
    })?;

    // Six demo people the user has no relationship with yet, each with an address: what the
    // import makes of them is all there is between them and the user.
    let mine: std::collections::HashSet<Id> = view
        .ties
        .iter()
        .filter_map(|t| match (t.a == me, t.b == me) {
            (true, _) => Some(t.b),
            (_, true) => Some(t.a),
            _ => None,
        })
        .collect();
    let mut picked: Vec<(Id, String)> = Vec::new();
    for p in &view.people {
        if p.id == me || mine.contains(&p.id) {
            continue;
        }
        let detail = s.person_get(DetailRequest::id(p.id))?;
        if let Some(email) = detail.person.emails.first() {
            picked.push((p.id, email.clone()));
        }
        if picked.len() == 6 {
            break;
        }
    }
    assert_eq!(
        picked.len(),
        6,
        "the demo has people the user does not know yet"
    );
    let [weekly, monthly, old_burst, one_way, last_week, declined] =
        <[(Id, String); 6]>::try_from(picked).map_err(|_| "six people")?;

    let mut g = Gen::default();
    // A weekly two-way thread for a year.
    for w in 0..52 {
        g.mail(days_ago(7 * w + 3), my_address, &weekly.1, "");
        g.mail(days_ago(7 * w + 2), &weekly.1, my_address, "");
    }
    // A meeting every month for a year.
    for m in 0..12 {
        g.meeting(days_ago(30 * m + 10), my_address, &monthly.1, "ACCEPTED");
    }
    // Twenty letters each way two and a half years ago, nothing since.
    for i in 0..20 {
        g.mail(days_ago(900 + i), my_address, &old_burst.1, "");
        g.mail(days_ago(899 + i), &old_burst.1, my_address, "");
    }
    // Fifteen messages from the user in six months, never answered.
    for i in 0..15 {
        g.mail(days_ago(12 * i + 1), my_address, &one_way.1, "");
    }
    // One meeting last week.
    g.meeting(days_ago(6), my_address, &last_week.1, "ACCEPTED");
    // Five invitations, all declined.
    for i in 0..5 {
        g.meeting(days_ago(20 * i + 5), my_address, &declined.1, "DECLINED");
    }
    // Strangers: one who answers (becomes a person), one who never does, and a newsletter.
    for i in 0..4 {
        g.mail(
            days_ago(40 * i + 4),
            my_address,
            "ana.quiroga@newco.example",
            "",
        );
        g.mail(
            days_ago(40 * i + 3),
            "\"Ana Quiroga\" <ana.quiroga@newco.example>",
            my_address,
            "",
        );
        g.mail(
            days_ago(30 * i + 2),
            my_address,
            "silent.sam@elsewhere.example",
            "",
        );
    }
    for i in 0..30 {
        g.mail(
            days_ago(7 * i + 1),
            "digest@news.example",
            my_address,
            "List-Id: <weekly.news.example>\n",
        );
    }
    // Ten future meetings are planned, not counted yet.
    for i in 1..=10 {
        g.meeting(
            now() + Duration::days(7 * i),
            my_address,
            &last_week.1,
            "ACCEPTED",
        );
    }

    let mbox = dir.path().join("year.mbox");
    let ics = dir.path().join("year.ics");
    std::fs::write(&mbox, &g.mbox)?;
    std::fs::write(&ics, g.calendar())?;
    let people_before = s.person_list(PersonQuery::default())?.total;
    s.mail_import(MailImportRequest {
        path: mbox.display().to_string(),
        job: None,
    })?;
    s.calendar_import(CalendarImportRequest {
        path: ics.display().to_string(),
        job: None,
    })?;

    let view = s.sphere_view(Empty {})?;
    let strength: HashMap<Id, f64> = view
        .ties
        .iter()
        .filter_map(|t| match (t.a == me, t.b == me) {
            (true, _) => Some((t.b, t.strength)),
            (_, true) => Some((t.a, t.strength)),
            _ => None,
        })
        .collect();
    let of = |p: &(Id, String)| strength.get(&p.0).copied();
    let mut broken = Vec::new();
    for (a, b, why) in [
        (
            &weekly,
            &old_burst,
            "a thread kept up all year beats a burst that stopped two years ago",
        ),
        (
            &weekly,
            &one_way,
            "a conversation beats as many messages nobody answered",
        ),
        (
            &monthly,
            &last_week,
            "twelve meetings beat one, however recent",
        ),
        (
            &monthly,
            &one_way,
            "meeting monthly beats writing into the void",
        ),
        (
            &weekly,
            &last_week,
            "a year of weekly exchanges beats one meeting",
        ),
        (
            &last_week,
            &old_burst,
            "last week's meeting beats a conversation that ended years ago",
        ),
    ] {
        match (of(a), of(b)) {
            (Some(x), Some(y)) if x > y => {}
            (x, y) => broken.push(format!("{x:?} should be above {y:?}: {why}")),
        }
    }
    eprintln!(
        "weekly {:?}, monthly {:?}, old burst {:?}, one-way {:?}, last week {:?}",
        of(&weekly),
        of(&monthly),
        of(&old_burst),
        of(&one_way),
        of(&last_week)
    );
    assert!(
        broken.is_empty(),
        "orderings broken:\n{}",
        broken.join("\n")
    );
    assert_eq!(
        of(&declined),
        None,
        "declined invitations make no relationship"
    );
    for p in [&weekly, &monthly, &one_way, &last_week] {
        let v = of(p).unwrap_or_default();
        assert!(
            v > 0.15,
            "{} has recent evidence, so it is above what knowing someone alone gives: {v}",
            p.1
        );
    }

    // People only for real exchanges: Ana answered; Sam never did; a newsletter is no one.
    let people_after = s.person_list(PersonQuery::default())?.total;
    assert_eq!(people_after, people_before + 1, "only Ana is new");
    let ana = s.person_list(PersonQuery {
        search: Some("Quiroga".into()),
        ..Default::default()
    })?;
    assert_eq!(ana.items.len(), 1, "Ana Quiroga, named from her message");

    // Planned meetings do not count before their time: the tie with the person met last week
    // is one meeting strong, whatever the calendar holds for the weeks to come.
    let last_week_now = of(&last_week).unwrap_or_default();
    assert!(
        last_week_now < of(&monthly).unwrap_or_default(),
        "ten planned meetings do not count yet: {last_week_now}"
    );

    // Every tie of the user: spread over the range, not piled on one value.
    let values: Vec<f64> = strength.values().copied().collect();
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for v in &values {
        *counts.entry((v * 100.0).round() as i64).or_default() += 1;
    }
    let most = counts.values().copied().max().unwrap_or_default();
    let mut tenths = [0usize; 10];
    for v in &values {
        tenths[((v * 10.0) as usize).min(9)] += 1;
    }
    assert!(
        most * 5 < values.len(),
        "{most} of the user's {} ties share one value; by tenth {tenths:?}",
        values.len()
    );
    assert!(
        tenths.iter().filter(|n| **n > 0).count() >= 6,
        "the user's ties fill most of the range: {tenths:?}"
    );
    Ok(())
}
