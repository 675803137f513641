//! What makes the demo's Today worth opening, through the real commands: two birthdays in the
//! coming days (written the ways address books write them), a promotion learned this week, and
//! an old friend who was close two years ago and has gone quiet (a dormant tie worth
//! reviving). The timeline already leaves some clients and friends due and overdue.

use chrono::{DateTime, Datelike, Duration, Utc};

use super::referrals::people_in_ring;
use crate::{AskQuery, InteractionInput, Sphere};
use sphere_domain::error::ApiError;
use sphere_domain::{FactInput, Id, InteractionKind, Ring};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(crate) fn add(
    sphere: &Sphere,
    me: Id,
    now: DateTime<Utc>,
    leave_alone: &[Id],
) -> Result<(), ApiError> {
    let inner = people_in_ring(sphere, Ring::Inner)?;
    let outer = people_in_ring(sphere, Ring::Outer)?;
    let today = now.date_naive();
    let fact = |person_id: Id, category: &str, value: String, learned: i64| {
        sphere.fact_create(FactInput {
            person_id,
            category: category.into(),
            value,
            source: Some("demo".into()),
            learned_on: Some(today - Duration::days(learned)),
            told_by: None,
        })
    };
    if let Some(&client) = inner.get(1) {
        let day = today + Duration::days(2);
        fact(
            client,
            "birthday",
            format!("Birthday: 1979-{:02}-{:02}", day.month(), day.day()),
            400,
        )?;
    }
    if let Some(&friend) = outer.get(3) {
        let day = today + Duration::days(5);
        fact(
            friend,
            "birthday",
            format!("{} {}", MONTHS[day.month0() as usize], day.day()),
            200,
        )?;
    }
    if let Some(&client) = inner.get(4) {
        fact(
            client,
            "promotion",
            "Promoted to Vice President, Operations".into(),
            4,
        )?;
    }
    // An old friend: someone you know only through others now, with no request about them,
    // met often until about 20 months ago.
    let beyond = people_in_ring(sphere, Ring::Beyond)?;
    for &id in beyond.iter().rev() {
        if leave_alone.contains(&id) {
            continue;
        }
        let asks = sphere.ask_list(AskQuery {
            person: Some(id),
            ..AskQuery::default()
        })?;
        if asks.total > 0 {
            continue;
        }
        let kinds = [
            InteractionKind::Meal,
            InteractionKind::Meeting,
            InteractionKind::Call,
        ];
        for (i, days) in [600, 640, 680, 700, 715, 725].into_iter().enumerate() {
            sphere.interaction_log(InteractionInput {
                occurred_at: now - Duration::days(days),
                kind: kinds[i % kinds.len()],
                participants: vec![me, id],
                initiator_id: None,
                note: None,
                outcome: None,
            })?;
        }
        break;
    }
    Ok(())
}
