//! The funnel figures: conversion at each stage, time in each state, acceptance per
//! connector.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::types::{Ask, AskStats, ConnectorRate, ConnectorStatus, FunnelStage, StateTime};
use sphere_domain::error::ApiError;
use sphere_domain::referral::RequestState;
use sphere_domain::{Id, PersonRef};

/// The funnel figures of `asks` at `now`.
pub fn stats_of(
    asks: &[Ask],
    now: DateTime<Utc>,
    person: impl Fn(Id) -> Result<PersonRef, ApiError>,
) -> Result<AskStats, ApiError> {
    use RequestState as S;
    // A request reached a stage if it ever entered it, or a later one of the funnel.
    let rank = |s: S| RequestState::FUNNEL.iter().position(|f| *f == s);
    let implied = |s: S| match s {
        S::OptedIn | S::TargetDeclined | S::TargetNoAnswer => Some(1),
        S::MeetingSet => Some(2),
        _ => rank(s),
    };
    let mut reached = vec![0u32; RequestState::FUNNEL.len()];
    for a in asks {
        let furthest = a.events.iter().filter_map(|e| implied(e.to)).max();
        if let Some(f) = furthest {
            for r in reached.iter_mut().take(f + 1) {
                *r += 1;
            }
        }
    }
    let funnel = RequestState::FUNNEL
        .iter()
        .enumerate()
        .map(|(i, s)| FunnelStage {
            state: *s,
            label: s.label().to_string(),
            reached: reached[i],
            conversion: (i > 0 && reached[i - 1] > 0)
                .then(|| f64::from(reached[i]) / f64::from(reached[i - 1])),
        })
        .collect();
    let mut stays: HashMap<S, Vec<f64>> = HashMap::new();
    for a in asks {
        for w in a.events.windows(2) {
            let days = (w[1].at - w[0].at).num_seconds() as f64 / 86_400.0;
            stays.entry(w[0].to).or_default().push(days.max(0.0));
        }
        if let Some(last) = a.events.last()
            && !last.to.is_final()
        {
            let days = (now - last.at).num_seconds() as f64 / 86_400.0;
            stays.entry(last.to).or_default().push(days.max(0.0));
        }
    }
    let time_in_state = RequestState::ALL
        .iter()
        .filter_map(|s| {
            let mut d = stays.remove(s)?;
            d.sort_by(f64::total_cmp);
            let n = d.len();
            let median = if n % 2 == 1 {
                d[n / 2]
            } else {
                (d[n / 2 - 1] + d[n / 2]) / 2.0
            };
            Some(StateTime {
                state: *s,
                label: s.label().to_string(),
                count: n as u32,
                median_days: median,
                mean_days: d.iter().sum::<f64>() / n as f64,
            })
        })
        .collect();
    let mut rates: HashMap<Id, [u32; 4]> = HashMap::new();
    for a in asks {
        for c in &a.connectors {
            let Some(p) = &c.person else { continue };
            if c.status == ConnectorStatus::Waiting {
                continue; // never asked: no rate to speak of
            }
            let r = rates.entry(p.id).or_default();
            match c.status {
                ConnectorStatus::Waiting | ConnectorStatus::Asked => {}
                ConnectorStatus::Agreed => r[1] += 1,
                ConnectorStatus::Declined => r[2] += 1,
                ConnectorStatus::NoAnswer => r[3] += 1,
            }
            r[0] += 1;
        }
    }
    let mut connectors = rates
        .into_iter()
        .map(|(id, [asked, agreed, declined, no_answer])| {
            let answered = agreed + declined + no_answer;
            Ok(ConnectorRate {
                person: person(id)?,
                asked,
                agreed,
                declined,
                no_answer,
                acceptance: (answered > 0).then(|| f64::from(agreed) / f64::from(answered)),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    connectors.sort_by(|a, b| {
        b.asked
            .cmp(&a.asked)
            .then(a.person.display_name.cmp(&b.person.display_name))
    });
    Ok(AskStats {
        total: asks.len() as u32,
        open: asks.iter().filter(|a| !a.state.is_final()).count() as u32,
        overdue: asks.iter().filter(|a| a.overdue).count() as u32,
        funnel,
        time_in_state,
        connectors,
    })
}
