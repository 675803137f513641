//! The wall clock: each UID's series is handed to calcard in wall-clock time, in the series'
//! zone, and every occurrence is placed back in that zone here (see [`one_event`]).

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz;
use calcard::icalendar::timezone::TzResolver;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarParameterName,
    ICalendarProperty, ICalendarValue,
};
use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};

/// A calendar holding only `comps` (one UID's series and overrides, their dates alone), in
/// wall-clock time: every date-time in the series' zone without its `TZID` (a value in
/// another zone or in UTC moved to the series' zone first, an open-ended rule given an
/// `UNTIL` just after the window), and `SEQUENCE` dropped (overrides match their series by
/// instant alone). calcard then repeats the series on the wall clock, as RFC 5545 says, and
/// [`instant`] places each occurrence in the zone — also the ones a clock change skips or
/// repeats, which calcard refuses (an event starting then) or puts in UTC (an occurrence).
/// Returns the calendar and the series' zone (`None`: its wall clock is UTC).
pub(super) fn one_event(
    cal: &ICalendar,
    tzs: &[ICalendarComponent],
    resolver: &TzResolver<String>,
    comps: &[(u64, &ICalendarComponent)],
    window_end: DateTime<Utc>,
) -> (ICalendar, Option<Tz>) {
    let mut components = Vec::with_capacity(1 + tzs.len() + comps.len());
    components.push(ICalendarComponent {
        component_type: ICalendarComponentType::VCalendar,
        entries: cal
            .components
            .first()
            .map(|c| c.entries.clone())
            .unwrap_or_default(),
        component_ids: Vec::new(),
    });
    components.extend(tzs.iter().cloned());
    let until = window_end + Duration::days(1);
    // The series' zone: its master's (else the first override's) DTSTART TZID.
    let master = comps
        .iter()
        .find(|(_, c)| !c.is_recurrence_override())
        .or_else(|| comps.first());
    let series_tzid: Option<&str> = master
        .and_then(|(_, c)| c.property(&ICalendarProperty::Dtstart))
        .and_then(|e| e.tz_id());
    let zone = series_tzid.and_then(|id| resolver.resolve(id));
    let wall = |instant: chrono::NaiveDateTime| match zone {
        Some(tz) => tz.from_utc_datetime(&instant).naive_local(),
        None => instant,
    };
    for (_, c) in comps {
        let entries = c
            .entries
            .iter()
            // Only what dates an occurrence (attendees and texts are read from the original).
            .filter(|e| {
                matches!(
                    e.name,
                    ICalendarProperty::Dtstart
                        | ICalendarProperty::Dtend
                        | ICalendarProperty::Duration
                        | ICalendarProperty::Rrule
                        | ICalendarProperty::Rdate
                        | ICalendarProperty::Exdate
                        | ICalendarProperty::RecurrenceId
                )
            })
            .map(|e| {
                let mut e = e.clone();
                if e.name == ICalendarProperty::Rrule {
                    if let Some(ICalendarValue::RecurrenceRule(rule)) = e.values.first_mut() {
                        if rule.until.is_none() && rule.count.is_none() {
                            rule.until = Some(floating(wall(until.naive_utc())));
                        } else if let Some(u) = rule.until.as_mut()
                            && let Some(utc) = utc_of(u)
                        {
                            // UNTIL is inclusive; one in UTC compared with wall-clock times
                            // would lose the last occurrence east of UTC.
                            *u = floating(wall(utc));
                        }
                    }
                    return e;
                }
                let own = e.tz_id().map(str::to_string);
                let same_zone = own.is_none() || own.as_deref() == series_tzid;
                let own_zone = own.as_deref().and_then(|id| resolver.resolve(id));
                for v in &mut e.values {
                    let ICalendarValue::PartialDateTime(dt) = v else {
                        continue;
                    };
                    if dt.hour.is_none() {
                        continue; // a DATE: no clock
                    }
                    if let Some(utc) = utc_of(dt) {
                        **dt = floating(wall(utc));
                    } else if !same_zone && let Some(local) = dt.to_date_time() {
                        let utc = match own_zone {
                            Some(tz) => instant(tz, local.date_time),
                            None => local.date_time,
                        };
                        **dt = floating(wall(utc));
                    }
                }
                e.params.retain(|p| p.name != ICalendarParameterName::Tzid);
                e
            })
            .collect();
        components.push(ICalendarComponent {
            component_type: ICalendarComponentType::VEvent,
            entries,
            component_ids: Vec::new(),
        });
    }
    (ICalendar { components }, zone)
}

/// The UTC time of a value written with an offset (`…Z`, `…+0200`); `None` for wall times.
fn utc_of(dt: &PartialDateTime) -> Option<chrono::NaiveDateTime> {
    let at = dt.to_date_time()?;
    let offset = at.offset?;
    Some(at.date_time - Duration::seconds(i64::from(offset.local_minus_utc())))
}

/// The instant of a wall time in `tz`, as RFC 5545 §3.3.5 says: a time the clock repeats
/// (falling back) is the first of the two; a time it skips (springing forward) is read with
/// the offset before the gap, which is the same instant as an hour later on the wall.
pub(super) fn instant(tz: Tz, wall: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    tz.from_local_datetime(&wall)
        .earliest()
        .or_else(|| {
            tz.from_local_datetime(&(wall + Duration::hours(1)))
                .earliest()
        })
        .map_or(wall, |t| t.naive_utc())
}

/// A date-time with no zone.
fn floating(t: chrono::NaiveDateTime) -> PartialDateTime {
    PartialDateTime {
        year: u16::try_from(t.year()).ok(),
        month: Some(t.month() as u8),
        day: Some(t.day() as u8),
        hour: Some(t.hour() as u8),
        minute: Some(t.minute() as u8),
        second: Some(t.second() as u8),
        ..Default::default()
    }
}
