//! The give/ask ledger: balances against hand-computed cases, and the ask penalty it drives.

use chrono::Duration;
use sphere_api::domain::ledger::{Band, Direction, LedgerKind};
use sphere_api::domain::*;
use sphere_api::*;

use super::{TestResult, log, net, now};

#[test]
fn the_ledger_balance_matches_hand_computed_cases_and_drives_the_penalty() -> TestResult {
    let n = net()?;
    let s = &n.s;
    let add = |direction, kind, weight: Option<f64>, days_ago: i64| {
        s.ledger_add(LedgerInput {
            person_id: n.ada,
            direction,
            kind,
            weight,
            note: None,
            at: Some(now() - Duration::days(days_ago)),
        })
    };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(s.ledger_get(IdRequest { id: n.ada })?.balance, 0.0));
    // An introduction given a year ago (one half-life): 2 × 0.5 = +1.
    let l = add(Direction::Deposit, LedgerKind::Introduction, None, 365)?;
    assert!(close(l.balance, 1.0), "{}", l.balance);
    assert_eq!(l.band, Band::Generous);
    // Three asks today (weight 1 each): 1 − 3 = −2.
    for _ in 0..3 {
        log(s, InteractionKind::IntroRequest, &[n.me, n.ada], 0)?;
    }
    let l = s.ledger_get(IdRequest { id: n.ada })?;
    assert!(close(l.balance, -2.0), "{}", l.balance);
    assert_eq!(l.band, Band::Overdrawn);
    assert_eq!(l.band_label, "you have asked a lot lately");
    assert_eq!(l.entries.len(), 4);
    // The path through Ada pays 1 / (1 + 0.5 × 2) = 1/2, and says so.
    let p = s.path_find(PathQuery {
        to_person: Some(n.dee),
        ..Default::default()
    })?;
    let via = p
        .paths
        .iter()
        .find(|w| w.people[1].id == n.ada)
        .ok_or("path")?;
    assert!(
        close(via.strength, via.tie_strength / 2.0),
        "{} vs {}",
        via.strength,
        via.tie_strength
    );
    assert_eq!(
        via.hops[0].ledger_note.as_deref(),
        Some("you asked them 3 times this year and gave nothing"),
        "the deposit is a year old: not \"this year\""
    );
    // A referral today (weight 3): −2 + 3 = +1; no penalty any more.
    let l = add(Direction::Deposit, LedgerKind::Referral, None, 0)?;
    assert!(close(l.balance, 1.0), "{}", l.balance);
    let p = s.path_find(PathQuery {
        to_person: Some(n.dee),
        ..Default::default()
    })?;
    let via = p
        .paths
        .iter()
        .find(|w| w.people[1].id == n.ada)
        .ok_or("path")?;
    assert!(close(via.strength, via.tie_strength));
    assert_eq!(via.hops[0].ledger_note, None);
    // A typed entry can be deleted; weights are checked.
    let typed = l
        .entries
        .iter()
        .find(|e| e.id.is_some())
        .and_then(|e| e.id)
        .ok_or("typed")?;
    s.ledger_delete(IdRequest { id: typed })?;
    let err = add(Direction::Deposit, LedgerKind::Favour, Some(50.0), 0).expect_err("too heavy");
    assert_eq!(err.field.as_deref(), Some("weight"));
    let err =
        add(Direction::Deposit, LedgerKind::Ask, None, 0).expect_err("an ask is a withdrawal");
    assert_eq!(err.field.as_deref(), Some("kind"));
    // The half-life is a setting: 730 days makes the year-old introduction weigh 2^-0.5 × 2.
    let settings = s.settings_update(SettingsInput {
        ledger_half_life_days: Some(730.0),
        ..Default::default()
    })?;
    assert_eq!(settings.ledger_half_life_days, 730.0);
    let l = s.ledger_get(IdRequest { id: n.ada })?;
    let want = 2.0 * 0.5f64.powf(365.0 / 730.0) - 3.0;
    assert!(close(l.balance, want), "{} vs {want}", l.balance);
    Ok(())
}
