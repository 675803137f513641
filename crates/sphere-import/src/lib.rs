//! Importers: bring outside data (interaction logs, later address books and mail archives) into
//! the sphere.
//!
//! Every importer turns its input into the same shape, a list of [`Row`]s: two-person
//! interactions between people known by a key in one *source* (an id, an email address, a
//! name). [`write_rows`] is the shared path that writes them, all or nothing, in one
//! transaction:
//!
//! * a person is found by `(source, key)` in `person_key`, or created on first sight (named
//!   from the row, else after the key) and given that key, so importing the same source again
//!   finds the same people instead of duplicating them;
//! * each pair of people gets a relationship (kind acquaintance) unless they already have one;
//! * each row becomes an interaction started by `from`, unless the same interaction (same two
//!   people, instant, kind and initiator) is already stored: a row is skipped as many times as
//!   its twin is stored, so re-importing a file adds nothing and importing a longer export of
//!   the same log adds only the new rows;
//! * relationship summaries are computed in memory and written once per relationship.
//!
//! Format-specific parsing lives in submodules ([`log`]); it reports bad input with the line
//! and the column before anything is written.

pub mod calendar;
pub mod contact;
pub mod contacts;
pub mod dates;
pub mod decode;
pub mod google;
pub mod linkedin;
pub mod log;
pub mod mail;
pub mod names;
pub mod orgs;
pub mod outlook;
pub mod sheet;
pub mod vcard;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::strength::TieStats;
use sphere_domain::validate::{self, text};
use sphere_domain::{Counts, Id, InteractionKind, PersonInput, RelationshipInput, Ring, TieKind};
use sphere_store::bulk::{self, BulkWriter};
use sphere_store::{Store, stats};

/// Reads an address-book file: decodes the bytes, detects the format unless `format` says it,
/// and parses it. Everything assumed along the way is in `Parsed::assumptions`.
pub fn read_contacts(bytes: &[u8], format: Option<contact::Format>) -> CoreResult<contact::Parsed> {
    use contact::Format;
    // A vCard's lines in the charset their CHARSET names are read in it, not refused.
    let transcoded = vcard::transcode(bytes);
    let mut decoded = decode::decode(transcoded.as_ref().map_or(bytes, |(b, _)| b))?;
    if let Some((_, used)) = &transcoded {
        decoded.assumptions.insert(
            0,
            format!(
                "properties marked CHARSET={} were read in that charset",
                used.join(", ")
            ),
        );
    }
    let text = decoded.text.as_str();
    let (format, detected) = match format {
        Some(f) => (f, false),
        None => (detect(text)?, true),
    };
    let mut parsed = match format {
        Format::Linkedin => linkedin::parse(text)?,
        Format::Google => google::parse(text)?,
        Format::Outlook => outlook::parse(text)?,
        Format::Vcard => vcard::parse(text)?,
    };
    let mut assumptions = decoded.assumptions;
    if detected {
        assumptions.insert(0, format!("read as {}", parsed.layout));
    }
    assumptions.append(&mut parsed.assumptions);
    parsed.assumptions = assumptions;
    Ok(parsed)
}

/// Which format `text` is in, by its first card or its header line.
pub fn detect(text: &str) -> CoreResult<contact::Format> {
    use contact::Format;
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start
        .get(..11)
        .is_some_and(|s| s.eq_ignore_ascii_case("BEGIN:VCARD"))
    {
        return Ok(Format::Vcard);
    }
    let claims = |h: &[String]| -> Option<Format> {
        if linkedin::looks_like(h) {
            Some(Format::Linkedin)
        } else if google::looks_like(h) {
            Some(Format::Google)
        } else if outlook::looks_like(h) {
            Some(Format::Outlook)
        } else {
            None
        }
    };
    if let Some(headers) = sheet::find_header(text, |h| claims(h).is_some()) {
        return claims(&headers).ok_or_else(|| CoreError::invalid("file", "unknown layout"));
    }
    // A quoted field that never closes hides the header: say so rather than "unknown".
    if let Err(e) = sheet::read(text, "a contacts export", |h| claims(h).is_some())
        && !e.to_string().starts_with("no header line")
    {
        return Err(e);
    }
    let first: String = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    Err(CoreError::invalid(
        "file",
        format!(
            "this is not a file Sphere can import: no LinkedIn, Google or Outlook CSV header \
             and no vCard in the first {} lines (it starts `{first}`)",
            sheet::HEADER_SCAN
        ),
    ))
}

/// The source interaction-log imports use unless told otherwise.
pub const DEFAULT_SOURCE: &str = "log";

/// One interaction to import: `from` started it, `to` took part.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Where it came from (a line number), for error messages.
    pub line: u64,
    pub from: String,
    pub to: String,
    pub at: DateTime<Utc>,
    pub kind: InteractionKind,
    /// Names to give people seen for the first time.
    pub from_name: Option<String>,
    pub to_name: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ImportSummary {
    /// The source the people's keys belong to.
    pub source: String,
    /// Rows read.
    pub rows: u32,
    pub people_created: u32,
    /// People found by their key from an earlier import.
    pub people_matched: u32,
    pub relationships_created: u32,
    pub interactions_created: u32,
    /// Rows already stored by an earlier import (nothing written for them).
    pub duplicates_skipped: u32,
    /// The earliest and latest interaction in the input.
    pub first_at: Option<DateTime<Utc>>,
    pub last_at: Option<DateTime<Utc>>,
    /// What the database holds afterwards.
    pub counts: Counts,
}

/// Checks a source name: non-empty text of at most 100 characters.
pub fn clean_source(source: Option<&str>) -> CoreResult<String> {
    let source = text("source", source.unwrap_or(DEFAULT_SOURCE), true)?;
    if source.chars().count() > 100 {
        return Err(CoreError::invalid(
            "source",
            "the source name is longer than 100 characters",
        ));
    }
    Ok(source)
}

/// The name a person seen first under `key` gets: the given name, else the key itself, with
/// "Person" before a key that is only digits ("Person 17"). Split at the last space into
/// first and last name.
pub fn name_for(key: &str, name: Option<&str>) -> (String, String) {
    let full = match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => n.to_string(),
        None if key.chars().all(|c| c.is_ascii_digit()) => format!("Person {key}"),
        None => key.to_string(),
    };
    match full.rsplit_once(char::is_whitespace) {
        Some((first, last)) if !first.trim().is_empty() => {
            (first.trim().to_string(), last.trim().to_string())
        }
        _ => (full, String::new()),
    }
}

/// `(when, kind, initiator)` of an interaction between a known pair, to match duplicates.
type Twin = (i64, InteractionKind, Option<Id>);

/// A pair of people in the input, with what is known of them.
struct Pair {
    /// The relationship, when it existed before the import.
    tie: Option<Id>,
    stats: TieStats,
    /// Stored two-person interactions not yet matched by a row.
    twins: HashMap<Twin, u32>,
}

/// Writes `rows` (already parsed and checked) for `source`: people, relationships,
/// interactions and summaries, in one transaction.
pub fn write_rows(store: &mut Store, source: &str, rows: &[Row]) -> CoreResult<ImportSummary> {
    let source = clean_source(Some(source))?;
    let mut summary = ImportSummary {
        source: source.clone(),
        rows: rows.len() as u32,
        people_created: 0,
        people_matched: 0,
        relationships_created: 0,
        interactions_created: 0,
        duplicates_skipped: 0,
        first_at: rows.iter().map(|r| r.at).min(),
        last_at: rows.iter().map(|r| r.at).max(),
        counts: Counts::default(),
    };
    store.write_bulk(|tx| {
        let half_life = stats::half_life_days(tx)?;
        // Planned interactions (after now) are stored but count in no summary yet.
        let now = sphere_store::now();
        let known = bulk::keys_of(tx, &source)?;
        let mut w = BulkWriter::new(tx)?;
        // People, in order of first sight.
        let mut ids: HashMap<&str, Id> = HashMap::new();
        for row in rows {
            for (key, name, column) in [
                (&row.from, &row.from_name, "from"),
                (&row.to, &row.to_name, "to"),
            ] {
                if ids.contains_key(key.as_str()) {
                    continue;
                }
                let id = match known.get(key) {
                    Some(&id) => {
                        summary.people_matched += 1;
                        id
                    }
                    None => {
                        let (first, last) = name_for(key, name.as_deref());
                        let clean = sphere_domain::validate::person(&PersonInput {
                            first_name: first,
                            last_name: Some(last),
                            ..Default::default()
                        })
                        .map_err(|e| at_line(row.line, column, e))?;
                        let id = w.person(&clean, Ring::Beyond)?;
                        w.key(&source, key, id)?;
                        summary.people_created += 1;
                        id
                    }
                };
                ids.insert(key, id);
            }
        }
        // Pairs: what is stored about pairs of people who both existed before.
        let existing: HashSet<Id> = known.values().copied().collect();
        let mut pairs: HashMap<(Id, Id), Pair> = HashMap::new();
        for row in rows {
            let (f, t) = (ids[row.from.as_str()], ids[row.to.as_str()]);
            let key = (f.min(t), f.max(t));
            if pairs.contains_key(&key) {
                continue;
            }
            let mut pair = Pair {
                tie: None,
                stats: TieStats::default(),
                twins: HashMap::new(),
            };
            if existing.contains(&key.0) && existing.contains(&key.1) {
                pair.tie = bulk::tie_between(tx, key.0, key.1)?;
                if let Some(tie) = pair.tie {
                    pair.stats = stats::tie_records(tx, &[tie])?
                        .pop()
                        .map(|r| r.stats)
                        .unwrap_or_default();
                }
                for (at, kind, initiator, n) in bulk::shared_interactions(tx, key.0, key.1)? {
                    if pair.tie.is_none() && at <= now {
                        // A new relationship summarises every interaction they shared.
                        pair.stats.add(
                            at,
                            kind,
                            stats::side_of(initiator, key.0, key.1),
                            half_life,
                        );
                    }
                    if n == 2 {
                        *pair
                            .twins
                            .entry((at.timestamp_micros(), kind, initiator))
                            .or_default() += 1;
                    }
                }
            }
            pairs.insert(key, pair);
        }
        // Interactions, in input order.
        for row in rows {
            let (f, t) = (ids[row.from.as_str()], ids[row.to.as_str()]);
            let key = (f.min(t), f.max(t));
            let Some(pair) = pairs.get_mut(&key) else {
                continue;
            };
            if let Some(n) = pair
                .twins
                .get_mut(&(row.at.timestamp_micros(), row.kind, Some(f)))
                .filter(|n| **n > 0)
            {
                *n -= 1;
                summary.duplicates_skipped += 1;
                continue;
            }
            w.interaction(&row.at, row.kind, Some(f), &[key.0, key.1])?;
            if row.at <= now {
                pair.stats.add(
                    row.at,
                    row.kind,
                    stats::side_of(Some(f), key.0, key.1),
                    half_life,
                );
            }
            summary.interactions_created += 1;
        }
        // Relationships and their summaries, once each.
        let mut keys: Vec<(Id, Id)> = pairs.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            let pair = &pairs[&key];
            match pair.tie {
                Some(tie) => w.tie_stats(tie, &pair.stats)?,
                None => {
                    let clean = validate::relationship(&RelationshipInput {
                        person_a: key.0,
                        person_b: key.1,
                        kind: TieKind::Acquaintance,
                        since: None,
                        how_met: None,
                        strength_override: None,
                        override_reason: None,
                    })?;
                    w.tie(&clean, &pair.stats)?;
                    summary.relationships_created += 1;
                }
            }
        }
        Ok(())
    })?;
    summary.counts = store.counts()?;
    Ok(summary)
}

/// Puts the line and column in front of a validation message.
pub(crate) fn at_line(line: u64, column: &str, e: CoreError) -> CoreError {
    match e {
        CoreError::Invalid { message, .. } => {
            CoreError::invalid("csv", format!("line {line}, column `{column}`: {message}"))
        }
        other => other,
    }
}
