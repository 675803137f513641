//! `sphere cadence …` (keeping in touch), `sphere today` and `sphere health`.

use chrono::{DateTime, Local, NaiveDate, Utc};
use sphere_api::domain::cadence::Cadence;
use sphere_api::*;

use super::args::{CadenceCmd, CadenceTarget};
use super::emit;

fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.with_timezone(&Local).format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".into())
}

fn target(sphere: &Sphere, t: CadenceTarget) -> Result<CadenceSet, ApiError> {
    Ok(CadenceSet {
        person: t
            .person
            .map(|p| sphere.resolve_person(&p).map(|p| p.id))
            .transpose()?,
        tag: t.tag,
        ring: t.ring,
        ..Default::default()
    })
}

fn parse_day(text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        ApiError::invalid(
            "until",
            format!("`{text}` is not a day; write it as YYYY-MM-DD"),
        )
    })
}

pub(super) fn cadence(sphere: &Sphere, json: bool, cmd: CadenceCmd) -> Result<(), ApiError> {
    match cmd {
        CadenceCmd::List { status } => {
            let list = sphere.cadence_list(CadenceQuery {
                status,
                person: None,
            })?;
            emit(json, &list, print_list)
        }
        CadenceCmd::Rules { today_limit } => {
            let rules = match today_limit {
                Some(n) => sphere.cadence_set(CadenceSet {
                    today_limit: Some(n),
                    ..Default::default()
                })?,
                None => sphere.cadence_rules(Empty {})?,
            };
            emit(json, &rules, print_rules)
        }
        CadenceCmd::Set {
            target: t,
            ideal,
            max,
        } => {
            let set = CadenceSet {
                ideal_days: Some(ideal),
                max_days: Some(max),
                ..target(sphere, t)?
            };
            show_after(sphere, json, set)
        }
        CadenceCmd::Off { target: t } => {
            let set = CadenceSet {
                off: Some(true),
                ..target(sphere, t)?
            };
            show_after(sphere, json, set)
        }
        CadenceCmd::Clear { target: t } => {
            let set = CadenceSet {
                clear: Some(true),
                ..target(sphere, t)?
            };
            show_after(sphere, json, set)
        }
        CadenceCmd::Snooze {
            person,
            until,
            days,
        } => {
            let id = sphere.resolve_person(&person)?.id;
            let until = match (until, days) {
                (Some(u), _) => parse_day(&u)?,
                (None, Some(d)) => Utc::now()
                    .date_naive()
                    .checked_add_days(chrono::Days::new(u64::from(d)))
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "days",
                            format!("{d} days from today is past the calendar"),
                        )
                    })?,
                (None, None) => {
                    return Err(ApiError::invalid("until", "give --until DAY or --days N"));
                }
            };
            let k = sphere.keep_in_touch_snooze(SnoozeRequest {
                person_id: id,
                until: Some(until),
            })?;
            emit(json, &k, print_one)
        }
        CadenceCmd::Unsnooze { person } => {
            let id = sphere.resolve_person(&person)?.id;
            let k = sphere.keep_in_touch_snooze(SnoozeRequest {
                person_id: id,
                until: None,
            })?;
            emit(json, &k, print_one)
        }
        CadenceCmd::Pause { person } => pause(sphere, json, &person, true),
        CadenceCmd::Resume { person } => pause(sphere, json, &person, false),
    }
}

fn pause(sphere: &Sphere, json: bool, person: &str, paused: bool) -> Result<(), ApiError> {
    let id = sphere.resolve_person(person)?.id;
    let k = sphere.keep_in_touch_pause(PauseRequest {
        person_id: id,
        paused,
    })?;
    emit(json, &k, print_one)
}

/// Sets a cadence; a person's shows their standing after, a tag's or ring's the rules.
fn show_after(sphere: &Sphere, json: bool, set: CadenceSet) -> Result<(), ApiError> {
    let person = set.person;
    let rules = sphere.cadence_set(set)?;
    match person {
        Some(id) => {
            let list = sphere.cadence_list(CadenceQuery {
                status: None,
                person: Some(id),
            })?;
            match list.items.first() {
                Some(k) => emit(json, k, print_one),
                None => emit(json, &rules, print_rules),
            }
        }
        None => emit(json, &rules, print_rules),
    }
}

fn words(c: Option<Cadence>) -> String {
    c.map_or_else(|| "no cadence".into(), |c| c.words())
}

fn print_one(k: &KeepInTouch) {
    println!(
        "{} — {} ({}, {})",
        k.person.display_name,
        k.status,
        words(k.cadence),
        k.source_label
    );
    println!("  {}", k.reason);
    if k.cadence.is_some() {
        println!(
            "  due {}, overdue {}, last two-way touch {}",
            day(k.due_at),
            day(k.overdue_at),
            day(k.last_two_way)
        );
    }
}

fn print_list(l: &CadenceList) {
    let counts: Vec<String> = l
        .counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{} {}", c.count, c.status))
        .collect();
    if l.items.is_empty() {
        println!(
            "No one here. Cadences come from rings (inner every 30 days, outer every 90 by default), tags and people: `sphere cadence set --ring outer --ideal 60 --max 120`."
        );
        return;
    }
    println!("{}", counts.join(", "));
    for k in &l.items {
        println!(
            "  {:<9} {:<28} due {:<10}  {}",
            k.status.as_str(),
            k.person.display_name,
            day(k.due_at),
            k.reason
        );
    }
}

fn print_rules(r: &CadenceRules) {
    println!("Rings:");
    for ring in &r.rings {
        let note = if ring.custom {
            format!(" (default: {})", words(ring.default))
        } else {
            " (default)".into()
        };
        println!("  {:<7} {}{note}", ring.ring.as_str(), words(ring.cadence));
    }
    if r.tags.is_empty() {
        println!("Tags: none set (`sphere cadence set --tag investors --ideal 30 --max 45`).");
    } else {
        println!("Tags:");
        for t in &r.tags {
            println!("  {:<20} {}", t.tag, t.cadence.words());
        }
    }
    println!("Today shows {} items.", r.today_limit);
}

pub(super) fn today(sphere: &Sphere, json: bool, limit: Option<u32>) -> Result<(), ApiError> {
    let t = sphere.today(TodayQuery { limit })?;
    emit(json, &t, |t| {
        if t.items.is_empty() {
            println!(
                "You're all caught up. Overdue keep-in-touch, requests waiting on you, introductions to make, dormant ties worth reviving, birthdays and role changes appear here."
            );
            return;
        }
        for (i, it) in t.items.iter().enumerate() {
            println!("{}. [{}] {}", i + 1, it.kind, it.title);
            println!("   {}", it.reason);
            if !it.chips.is_empty() {
                println!("   {}", it.chips.join(" · "));
            }
            if let (Some(ok), Some(why)) = (it.usable, &it.usable_reason) {
                let head = if ok { "usable now" } else { "not usable yet" };
                println!("   {head}: {why}");
            }
        }
        if t.more > 0 {
            println!("({} more; `sphere today --limit N` shows more)", t.more);
        }
    })
}

pub(super) fn health(sphere: &Sphere, json: bool) -> Result<(), ApiError> {
    let h = sphere.network_health(Empty {})?;
    emit(json, &h, |h| {
        println!(
            "{:<7} {:>6} {:>11} {:>8} {:>13} {:>9}  trend (fresh, 12 weeks)",
            "ring", "people", "on cadence", "fresh", "median late", "balance"
        );
        for r in &h.rings {
            let share = r
                .now
                .share_fresh
                .map_or("—".into(), |s| format!("{:.0}%", s * 100.0));
            let late = r
                .now
                .median_days_overdue
                .map_or("—".into(), |d| format!("{d:.0} days"));
            let trend: String = r
                .trend
                .iter()
                .map(|p| match p.share_fresh {
                    None => ' ',
                    Some(s) => ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█']
                        [((s * 7.0).round() as usize).min(7)],
                })
                .collect();
            println!(
                "{:<7} {:>6} {:>11} {:>8} {:>13} {:>+9.2}  {trend}",
                r.ring.as_str(),
                r.people,
                r.now.on_cadence,
                share,
                late,
                r.now.balance
            );
        }
    })
}
