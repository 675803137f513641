//! Calendar capture: `.ics` text (a file export, or the resources a CalDAV sync fetched)
//! read into event instances, the rules that turn them into meetings, and the writer both
//! paths share.
//!
//! Three layers, each ignorant of the next one's concerns:
//! 1. [`read`]: iCalendar text to [`Read`] — every event's instances inside a window, in UTC,
//!    with who organised it and who was invited and how they answered (calcard parses,
//!    resolves time zones, including Outlook's Windows zone names, and expands recurrences
//!    with their exceptions and overrides);
//! 2. [`rules`]: a pure function of the instances, the user's addresses and the clock: which
//!    instances are meetings with whom, which are planned (in the future), and why the rest
//!    is ignored;
//! 3. [`write`]: the meetings written in the caller's transaction through the store's typed
//!    calendar functions (`sphere_store::calendar`): people matched by email or created,
//!    relationships created when missing, replaced events' meetings removed, summaries
//!    recomputed for the ties touched.

pub mod read;
pub mod rules;
mod wall;
pub mod write;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Duration, Utc};

pub use read::{Attendee, Details, Read, read};
pub use rules::{Decisions, Me, Meeting, decide};
pub use write::{CalendarSummary, Changed, IgnoredCount, write_calendar, write_calendar_with};

/// How far back recurring events are expanded and single events kept: two years before
/// now. Older meetings barely move a strength (the half-life is about three months) and a
/// daily event since 2010 would otherwise write thousands of rows.
pub const WINDOW_PAST_DAYS: i64 = 2 * 365;
/// How far ahead: one year after now. Later instances would sit as plans for over a year.
pub const WINDOW_FUTURE_DAYS: i64 = 365;
/// The most occurrences one recurring event may yield, counted from its first (before the
/// window too): beyond this the rest of the series is dropped, with a reason. A daily
/// event for 30 years is about 11,000.
pub const MAX_OCCURRENCES: usize = 20_000;

/// The window instances are kept in: `[now − 2 years, now + 1 year]`.
pub fn window(now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        now - Duration::days(WINDOW_PAST_DAYS),
        now + Duration::days(WINDOW_FUTURE_DAYS),
    )
}
