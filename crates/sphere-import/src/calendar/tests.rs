//! The reader and the rules on the fixtures in `tests/data/import/calendar/`, with a fixed
//! clock (2026-06-01T12:00Z) and counts worked out by hand in the comments.

use chrono::{DateTime, Utc};

use super::rules::{self, Decisions, Me};
use super::{decide, read, window};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.to_utc())
        .unwrap_or_default()
}

fn now() -> DateTime<Utc> {
    at("2026-06-01T12:00:00Z")
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/../../tests/data/import/calendar/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn me() -> Vec<String> {
    vec!["me@example.com".to_string()]
}

fn decide_file(name: &str) -> Result<(super::Read, Decisions), Box<dyn std::error::Error>> {
    let r = read(&fixture(name), window(now()))?;
    let addresses = me();
    let d = decide(
        &r,
        &Me {
            addresses: &addresses,
            max_attendees: 10,
        },
        now(),
    );
    Ok((r, d))
}

/// `(attendee, start, planned)` of every meeting, sorted.
fn meetings(d: &Decisions) -> Vec<(String, String, bool)> {
    let mut v: Vec<_> = d
        .meetings
        .iter()
        .map(|m| (m.email.clone(), m.start.to_rfc3339(), m.planned))
        .collect();
    v.sort();
    v
}

fn ignored(d: &Decisions, reason: &str) -> u32 {
    d.ignored.get(reason).copied().unwrap_or(0)
}

fn check(
    name: &str,
    expected: &[(&str, &str, bool)],
) -> Result<Decisions, Box<dyn std::error::Error>> {
    let (_, d) = decide_file(name)?;
    let mut want: Vec<(String, String, bool)> = expected
        .iter()
        .map(|(e, s, p)| (e.to_string(), at(s).to_rfc3339(), *p))
        .collect();
    want.sort();
    assert_eq!(meetings(&d), want, "{name}: the meetings kept");
    Ok(d)
}

#[test]
fn google_export_keeps_accepted_people_and_drops_rooms_declines_and_maybes() -> TestResult {
    // Berlin is UTC+1 in March; the all-day date is midnight UTC; July is after now.
    let d = check(
        "google.ics",
        &[
            ("ada@example.com", "2026-03-10T09:00:00Z", false),
            ("dan.ng@example.net", "2026-04-20T00:00:00Z", false),
            ("ada@example.com", "2026-07-15T14:00:00Z", true),
        ],
    )?;
    assert_eq!(ignored(&d, rules::ATTENDEE_DECLINED), 1, "Bob declined");
    assert_eq!(
        ignored(&d, rules::ATTENDEE_TENTATIVE),
        1,
        "Carol is tentative"
    );
    assert_eq!(ignored(&d, rules::ROOM), 1, "the Google room is a resource");
    assert_eq!(ignored(&d, rules::ALONE), 1, "the dentist has no attendees");
    assert_eq!(d.instances_kept, 3);
    Ok(())
}

#[test]
fn outlook_export_reads_windows_zone_names_and_any_case_of_mailto() -> TestResult {
    // Pacific Standard Time is UTC−8 in February; W. Europe Standard Time UTC+1.
    let d = check(
        "outlook.ics",
        &[
            ("erin.smith@contoso.com", "2026-02-02T17:00:00Z", false),
            ("frank.meyer@fabrikam.de", "2026-02-03T09:00:00Z", false),
        ],
    )?;
    assert_eq!(ignored(&d, rules::CANCELLED), 1, "the cancelled follow-up");
    assert_eq!(ignored(&d, rules::ROOM), 1, "CUTYPE=ROOM");
    Ok(())
}

#[test]
fn apple_export_finds_the_user_by_the_email_parameter_and_reads_floating_times_as_utc() -> TestResult
{
    // New York is UTC−4 in May (EDT).
    let d = check(
        "apple.ics",
        &[
            ("grace@example.org", "2026-05-05T18:00:00Z", false),
            ("iris@example.org", "2026-01-15T15:00:00Z", false),
        ],
    )?;
    assert_eq!(
        ignored(&d, rules::ATTENDEE_UNANSWERED),
        1,
        "Hal never answered"
    );
    Ok(())
}

#[test]
fn recurring_events_expand_with_exdates_overrides_and_the_window_as_counted_by_hand() -> TestResult
{
    let (r, d) = decide_file("recurring.ics")?;
    let count = |email: &str, planned: bool| {
        d.meetings
            .iter()
            .filter(|m| m.email == email && m.planned == planned)
            .count()
    };
    // Mondays 5 Jan – 30 Mar: 13; minus the EXDATE (19 Jan) = 12 occurrences; 16 Feb is
    // cancelled and Ivy declined 2 Mar: 10 meetings with Ivy.
    assert_eq!(count("ivy@example.com", false), 10);
    let ivy: Vec<String> = meetings(&d)
        .into_iter()
        .filter(|m| m.0 == "ivy@example.com")
        .map(|m| m.1)
        .collect();
    assert!(
        ivy.contains(&at("2026-02-03T14:00:00Z").to_rfc3339()),
        "the 2 Feb occurrence moved to 3 Feb 15:00 Berlin: {ivy:?}"
    );
    assert!(
        !ivy.contains(&at("2026-02-02T09:00:00Z").to_rfc3339()),
        "and is not also kept where it was"
    );
    assert!(
        ivy.contains(&at("2026-03-30T08:00:00Z").to_rfc3339()),
        "after the switch to summer time 10:00 Berlin is 08:00 UTC: {ivy:?}"
    );
    assert!(
        !ivy.contains(&at("2026-01-19T09:00:00Z").to_rfc3339()),
        "EXDATE"
    );
    // Every other day from 6 Apr, five times; Jack organised it.
    assert_eq!(count("jack@example.com", false), 5);
    // The 15th of every month since 2020, open-ended: 36 in the window (Jun 2024 – May
    // 2027), 24 of them past, 12 planned; the 53 before the window are not kept.
    assert_eq!(count("kim@example.com", false), 24);
    assert_eq!(count("kim@example.com", true), 12);
    assert_eq!(r.outside_window, 53);
    assert_eq!(ignored(&d, rules::CANCELLED), 1);
    assert_eq!(ignored(&d, rules::ATTENDEE_DECLINED), 1);
    Ok(())
}

#[test]
fn a_later_method_cancel_cancels_the_event_or_the_one_instance_it_names() -> TestResult {
    let d = check(
        "cancelled.ics",
        &[
            ("liam@example.com", "2026-02-02T09:00:00Z", false),
            ("liam@example.com", "2026-02-16T09:00:00Z", false),
            ("liam@example.com", "2026-02-23T09:00:00Z", false),
        ],
    )?;
    assert!(ignored(&d, rules::CANCELLED) >= 2);
    Ok(())
}

#[test]
fn declined_foreign_broadcast_and_unanswered_events_give_no_meeting() -> TestResult {
    let d = check("declined.ics", &[])?;
    assert_eq!(ignored(&d, rules::YOU_DECLINED), 1);
    assert_eq!(ignored(&d, rules::NOT_YOURS), 1);
    assert_eq!(ignored(&d, &rules::broadcast(10)), 1, "12 others > 10");
    assert_eq!(ignored(&d, rules::NO_ONE_ACCEPTED), 1);
    Ok(())
}

#[test]
fn bad_text_is_refused_with_its_line() {
    for (name, line) in [("bad-date.ics", "line 10"), ("truncated.ics", "line 3")] {
        let err = read(&fixture(name), window(now())).map(|_| ());
        let msg = err.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains(line), "{name}: `{msg}` names {line}");
    }
    let msg = read("Name,Email\nAda,ada@x\n", window(now()))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("not an iCalendar file"), "{msg}");
}

#[test]
fn crlf_and_lf_read_the_same() -> TestResult {
    let text = fixture("google.ics");
    let a = read(&text, window(now()))?;
    let b = read(&text.replace("\r\n", "\n"), window(now()))?;
    assert_eq!(a.instances, b.instances);
    Ok(())
}

#[test]
fn local_times_the_clock_skips_or_repeats_are_read_as_rfc_5545_says() -> TestResult {
    let text = |start: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:dst\r\nDTSTART;TZID=Europe/Berlin:{start}\r\n\
             ORGANIZER:mailto:me@example.com\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:x@example.com\r\n\
             END:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    // 25 Oct 2026, 02:30 happens twice in Berlin: the first (CEST, UTC+2).
    let r = read(&text("20261025T023000"), window(at("2026-10-01T00:00:00Z")))?;
    assert_eq!(r.instances[0].start, at("2026-10-25T00:30:00Z"));
    // 29 Mar 2026, 02:30 never happens: read with the offset before the gap (UTC+1).
    let r = read(&text("20260329T023000"), window(now()))?;
    assert_eq!(r.instances[0].start, at("2026-03-29T01:30:00Z"));
    Ok(())
}

#[test]
fn an_until_in_utc_includes_the_last_occurrence_east_of_utc() -> TestResult {
    // Mondays at 10:00 Berlin (09:00 UTC) until exactly the fourth one, as Google writes it.
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:until\r\n\
                DTSTART;TZID=Europe/Berlin:20260105T100000\r\n\
                RRULE:FREQ=WEEKLY;UNTIL=20260126T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let r = read(text, window(now()))?;
    let starts: Vec<String> = r.instances.iter().map(|i| i.start.to_rfc3339()).collect();
    assert_eq!(starts.len(), 4, "{starts:?}");
    assert_eq!(r.instances[3].start, at("2026-01-26T09:00:00Z"));
    Ok(())
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    fn all_fixtures() -> String {
        [
            "google.ics",
            "outlook.ics",
            "apple.ics",
            "recurring.ics",
            "cancelled.ics",
        ]
        .iter()
        .map(|f| fixture(f))
        .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Lines dropped, repeated or cut anywhere: the reader answers (events or an error
        /// naming a line), never panics.
        #[test]
        fn mangled_calendars_never_panic(
            ops in proptest::collection::vec((0usize..400, 0u8..4, 0usize..80), 1..12)
        ) {
            let text = all_fixtures();
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            for (at, op, cut) in ops {
                if lines.is_empty() {
                    break;
                }
                let i = at % lines.len();
                match op {
                    0 => {
                        lines.remove(i);
                    }
                    1 => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                    2 => {
                        let l: String = lines[i].chars().take(cut).collect();
                        lines[i] = l;
                    }
                    _ => lines[i] = lines[i].replace(|c: char| c.is_ascii_digit(), "9"),
                }
            }
            let _ = read(&lines.join("\r\n"), window(now()));
        }
    }
}
