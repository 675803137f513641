//! Validation: every write passes through here before the store sees it. Each function turns
//! user input into a clean record (trimmed, deduplicated, normalized) or an `invalid_input`
//! error naming the field and what was wrong with it.

use chrono::{DateTime, NaiveDate, Utc};

use super::{
    FactInput, Id, InteractionInput, InteractionKind, OrganizationInput, Outcome, PersonInput,
    RelationshipInput, Ring, TieKind,
};
use crate::error::{CoreError, CoreResult};

/// No text field may be longer than this many characters.
pub const MAX_FIELD_CHARS: usize = 10_000;
/// No list field (emails, phones, tags, participants) may have more entries than this.
pub const MAX_LIST_LEN: usize = 100;
/// The longest value of a fact, in characters; longer text belongs in the person's notes.
pub const MAX_FACT_CHARS: usize = 2_000;
/// The years a date the user types or imports may have — when an interaction happened (or is
/// planned), since when two people know each other, when a fact was learned, a ledger entry:
/// 1900 to 2100. Year 1 or 9999 is a typo, not a plan; the bound also keeps every stored
/// time four-digit, so the store's fixed-width text sorts and compares as time.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

fn year_in_range(field: &str, year: i32, shown: impl std::fmt::Display) -> CoreResult<()> {
    if YEARS.contains(&year) {
        Ok(())
    } else {
        Err(CoreError::invalid(
            field,
            format!(
                "{field} ({shown}) is out of range: the year must be between {} and {}",
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// A date the user typed, checked against [`YEARS`].
pub fn date_in_range(field: &str, d: NaiveDate) -> CoreResult<NaiveDate> {
    use chrono::Datelike;
    year_in_range(field, d.year(), d).map(|()| d)
}

/// A time the user typed, checked against [`YEARS`].
pub fn time_in_range(field: &str, t: DateTime<Utc>) -> CoreResult<DateTime<Utc>> {
    use chrono::Datelike;
    year_in_range(field, t.year(), t.format("%Y-%m-%d")).map(|()| t)
}

#[derive(Debug, Clone, PartialEq)]
pub struct CleanPerson {
    first_name: String,
    last_name: String,
    emails: Vec<String>,
    phones: Vec<String>,
    title: String,
    organization_id: Option<Id>,
    /// A ring chosen by hand; `None` = derived from the data.
    ring: Option<Ring>,
    is_team: bool,
    tags: Vec<String>,
    notes: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CleanOrganization {
    name: String,
    domain: String,
    industry: String,
    size: String,
    location: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CleanRelationship {
    /// Always the smaller id.
    person_a: Id,
    person_b: Id,
    kind: TieKind,
    since: Option<NaiveDate>,
    how_met: String,
    strength_override: Option<f64>,
    override_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CleanInteraction {
    occurred_at: DateTime<Utc>,
    kind: InteractionKind,
    /// Ascending, unique.
    participants: Vec<Id>,
    /// One of `participants`.
    initiator_id: Option<Id>,
    note: String,
    outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CleanFact {
    person_id: Id,
    /// A category id of the taxonomy (checked by the caller, which knows the taxonomy).
    category: String,
    value: String,
    source: String,
    learned_on: Option<NaiveDate>,
    told_by: Option<Id>,
}

// Read access to validated records. Their fields are private: the only way to make one is
// the validation function of its kind, so every record the store writes has passed it.
impl CleanPerson {
    pub fn first_name(&self) -> &str {
        self.first_name.as_str()
    }

    pub fn last_name(&self) -> &str {
        self.last_name.as_str()
    }

    pub fn emails(&self) -> &[String] {
        &self.emails
    }

    pub fn phones(&self) -> &[String] {
        &self.phones
    }

    pub fn title(&self) -> &str {
        self.title.as_str()
    }

    pub fn organization_id(&self) -> Option<Id> {
        self.organization_id
    }

    pub fn ring(&self) -> Option<Ring> {
        self.ring
    }

    pub fn is_team(&self) -> bool {
        self.is_team
    }

    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    pub fn notes(&self) -> &str {
        self.notes.as_str()
    }
}

impl CleanOrganization {
    pub fn name(&self) -> &str {
        self.name.as_str()
    }

    pub fn domain(&self) -> &str {
        self.domain.as_str()
    }

    pub fn industry(&self) -> &str {
        self.industry.as_str()
    }

    pub fn size(&self) -> &str {
        self.size.as_str()
    }

    pub fn location(&self) -> &str {
        self.location.as_str()
    }
}

impl CleanRelationship {
    pub fn person_a(&self) -> Id {
        self.person_a
    }

    pub fn person_b(&self) -> Id {
        self.person_b
    }

    pub fn kind(&self) -> TieKind {
        self.kind
    }

    pub fn since(&self) -> Option<NaiveDate> {
        self.since
    }

    pub fn how_met(&self) -> &str {
        self.how_met.as_str()
    }

    pub fn strength_override(&self) -> Option<f64> {
        self.strength_override
    }

    pub fn override_reason(&self) -> Option<&str> {
        self.override_reason.as_deref()
    }
}

impl CleanInteraction {
    pub fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }

    pub fn kind(&self) -> InteractionKind {
        self.kind
    }

    pub fn participants(&self) -> &[Id] {
        &self.participants
    }

    pub fn initiator_id(&self) -> Option<Id> {
        self.initiator_id
    }

    pub fn note(&self) -> &str {
        self.note.as_str()
    }

    pub fn outcome(&self) -> Option<Outcome> {
        self.outcome
    }
}

impl CleanFact {
    pub fn person_id(&self) -> Id {
        self.person_id
    }

    pub fn category(&self) -> &str {
        self.category.as_str()
    }

    pub fn value(&self) -> &str {
        self.value.as_str()
    }

    pub fn source(&self) -> &str {
        self.source.as_str()
    }

    pub fn learned_on(&self) -> Option<NaiveDate> {
        self.learned_on
    }

    pub fn told_by(&self) -> Option<Id> {
        self.told_by
    }
}

/// A fact: a person, a category (trimmed; the taxonomy check is the caller's), a value of at
/// most 2,000 characters, a source, a date not in the future, and who told the user (not the
/// person themself).
pub fn fact(input: &FactInput) -> CoreResult<CleanFact> {
    let person_id = id("person_id", input.person_id)?;
    let category = line("category", &input.category, true)?;
    let value = text("value", &input.value, true)?;
    if value.chars().count() > MAX_FACT_CHARS {
        return Err(CoreError::invalid(
            "value",
            "a fact's value is at most 2,000 characters; put longer text in the person's notes",
        ));
    }
    let latest = Utc::now().date_naive() + chrono::Days::new(1);
    if let Some(d) = input.learned_on {
        date_in_range("learned_on", d)?;
    }
    if let Some(d) = input.learned_on
        && d > latest
    {
        return Err(CoreError::invalid(
            "learned_on",
            format!("learned_on ({d}) is in the future"),
        ));
    }
    let told_by = input.told_by.map(|t| id("told_by", t)).transpose()?;
    if told_by == Some(person_id) {
        return Err(CoreError::invalid(
            "told_by",
            "told_by is who told you about this person; leave it empty when they told you themselves",
        ));
    }
    Ok(CleanFact {
        person_id,
        category,
        value,
        source: optional_line("source", input.source.as_ref())?,
        learned_on: input.learned_on,
        told_by,
    })
}

/// Trims `value` and checks its length and characters: the rule for free text that may run
/// over several lines (notes, how two people met, a fact's value). `required` rejects empty
/// text; any text made only of invisible characters (spaces, zero-width and format
/// characters) is refused, as are control characters other than tab, line and page breaks.
pub fn text(field: &str, value: &str, required: bool) -> CoreResult<String> {
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return Err(CoreError::invalid(
            field,
            format!("{field} must not be empty"),
        ));
    }
    // The length first: every later check is linear, but none should run over a megabyte.
    if trimmed.len() > MAX_FIELD_CHARS * 4 || trimmed.chars().count() > MAX_FIELD_CHARS {
        let chars = trimmed.chars().count();
        return Err(CoreError::invalid(
            field,
            format!("{field} is {chars} characters long; the limit is {MAX_FIELD_CHARS}"),
        ));
    }
    visible(field, trimmed, false)?;
    Ok(trimmed.to_string())
}

/// The character rules of [`text`] (`one_line`: of [`line`]) alone, for a trimmed value whose
/// length its caller checks (a referral request's message may be longer than a note).
pub fn visible(field: &str, trimmed: &str, one_line: bool) -> CoreResult<()> {
    if trimmed.chars().any(|c| c == '\0') {
        return Err(CoreError::invalid(
            field,
            format!("{field} contains a NUL character"),
        ));
    }
    if one_line {
        refuse(field, trimmed, |c| c.is_control() || is_bidi_control(c))?;
    } else {
        refuse(field, trimmed, |c| {
            c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
        })?;
    }
    if !trimmed.is_empty() && trimmed.chars().all(is_invisible) {
        return Err(CoreError::invalid(
            field,
            format!(
                "{field} holds only invisible characters ({}); type visible text or leave it empty",
                code_points(trimmed)
            ),
        ));
    }
    Ok(())
}

/// [`text`] for a field that is one line (a name, a title, an organization's name, a
/// category): it also refuses every control character (tabs and line breaks too) and the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make
/// text display in another order than it is stored ("Trojan Source" spoofing). Direction marks
/// (U+200E, U+200F, U+061C) are allowed: right-to-left names use them.
pub fn line(field: &str, value: &str, required: bool) -> CoreResult<String> {
    let clean = text(field, value, required)?;
    visible(field, &clean, true)?;
    Ok(clean)
}

fn optional_line(field: &str, value: Option<&String>) -> CoreResult<String> {
    value.map_or(Ok(String::new()), |v| line(field, v, false))
}

/// [`line`] for a value that is matched exactly (an email, a phone, a label): no invisible
/// character at all, so `vip` and `vip` with a zero-width space are not two labels.
fn key(field: &str, value: &str) -> CoreResult<String> {
    let clean = line(field, value, false)?;
    refuse(field, &clean, |c| is_invisible(c) && !c.is_whitespace())?;
    Ok(clean)
}

/// Bidirectional embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that show nothing: whitespace, controls, zero-width and format characters,
/// direction marks, fillers, variation selectors and tag characters.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `U+200B U+0020`: the code points of a short text, for messages about what cannot be seen.
fn code_points(s: &str) -> String {
    let mut shown: Vec<String> = s
        .chars()
        .take(6)
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    if s.chars().count() > 6 {
        shown.push("…".into());
    }
    shown.join(" ")
}

/// Fails naming the first character of `value` that `bad` refuses, and where it is.
fn refuse(field: &str, value: &str, bad: impl Fn(char) -> bool) -> CoreResult<()> {
    let Some((n, c)) = value.chars().enumerate().find(|&(_, c)| bad(c)) else {
        return Ok(());
    };
    let what = match c {
        '\t' => "a tab".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        c if is_bidi_control(c) => format!(
            "the bidirectional control U+{:04X}, which makes text display in another order than it is written",
            c as u32
        ),
        c if c.is_control() => format!("the control character U+{:04X}", c as u32),
        c => format!("the invisible character U+{:04X}", c as u32),
    };
    Err(CoreError::invalid(
        field,
        format!(
            "{field} contains {what} (character {}); it must be one line of visible text",
            n + 1
        ),
    ))
}

fn optional_text(field: &str, value: Option<&String>) -> CoreResult<String> {
    value.map_or(Ok(String::new()), |v| text(field, v, false))
}

/// Trims each entry, drops empty ones and duplicates (first spelling wins, ignoring ASCII
/// case), checks each with [`key`] and `check`, and limits the count. Linear, and stops at the
/// first entry past [`MAX_LIST_LEN`]: a list of 100,000 entries costs no more than 101.
fn list(
    field: &str,
    values: Option<&Vec<String>>,
    check: impl Fn(&str, &str) -> CoreResult<()>,
) -> CoreResult<Vec<String>> {
    let values = values.map(Vec::as_slice).unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, raw) in values.iter().enumerate() {
        let name = format!("{field}[{i}]");
        let value = key(&name, raw)?;
        if value.is_empty() || !seen.insert(value.to_ascii_lowercase()) {
            continue;
        }
        if out.len() == MAX_LIST_LEN {
            return Err(CoreError::invalid(
                field,
                format!(
                    "{field} has more than {MAX_LIST_LEN} different entries ({} given); the limit is {MAX_LIST_LEN}",
                    values.len()
                ),
            ));
        }
        check(&name, &value)?;
        out.push(value);
    }
    Ok(out)
}

/// A list of email addresses (the user's own, in Settings): each trimmed and checked as a
/// person's emails are, lower case, duplicates and blanks dropped, at most [`MAX_LIST_LEN`].
/// Errors name the entry (`field[2]`).
pub fn email_addresses(field: &str, values: &[String]) -> CoreResult<Vec<String>> {
    let lowered: Vec<String> = values.iter().map(|v| v.trim().to_lowercase()).collect();
    list(field, Some(&lowered), email)
}

fn email(field: &str, value: &str) -> CoreResult<()> {
    if email_address::EmailAddress::parse_with_options(
        value,
        email_address::Options::default().without_display_text(),
    )
    .is_ok_and(|e| e.domain().contains('.'))
    {
        Ok(())
    } else {
        Err(CoreError::invalid(
            field,
            format!("`{value}` is not a valid email address (expected name@example.com)"),
        ))
    }
}

fn phone(field: &str, value: &str) -> CoreResult<()> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().x/".contains(c));
    if allowed && (3..=20).contains(&digits) {
        Ok(())
    } else {
        Err(CoreError::invalid(
            field,
            format!("`{value}` is not a phone number (digits, spaces and + - ( ) . only)"),
        ))
    }
}

fn tag(field: &str, value: &str) -> CoreResult<()> {
    if value.chars().count() > 64 {
        return Err(CoreError::invalid(
            field,
            format!("tag `{value}` is longer than 64 characters"),
        ));
    }
    if value.contains(',') {
        return Err(CoreError::invalid(
            field,
            format!("tag `{value}` must not contain a comma"),
        ));
    }
    Ok(())
}

fn id(field: &str, value: Id) -> CoreResult<Id> {
    if value <= 0 {
        return Err(CoreError::invalid(
            field,
            format!("{field} must be a positive id, got {value}"),
        ));
    }
    Ok(value)
}

pub fn person(input: &PersonInput) -> CoreResult<CleanPerson> {
    Ok(CleanPerson {
        first_name: line("first_name", &input.first_name, true)?,
        last_name: optional_line("last_name", input.last_name.as_ref())?,
        emails: list("emails", input.emails.as_ref(), email)?,
        phones: list("phones", input.phones.as_ref(), phone)?,
        title: optional_line("title", input.title.as_ref())?,
        organization_id: input
            .organization_id
            .map(|v| id("organization_id", v))
            .transpose()?,
        ring: input.ring,
        is_team: input.is_team.unwrap_or(false),
        tags: list("tags", input.tags.as_ref(), tag)?,
        notes: optional_text("notes", input.notes.as_ref())?,
    })
}

pub fn organization(input: &OrganizationInput) -> CoreResult<CleanOrganization> {
    let domain = optional_line("domain", input.domain.as_ref())?.to_ascii_lowercase();
    if !domain.is_empty()
        && (domain.contains(char::is_whitespace) || !domain.contains('.') || domain.contains('@'))
    {
        return Err(CoreError::invalid(
            "domain",
            format!("`{domain}` is not a web domain (expected something like example.com)"),
        ));
    }
    Ok(CleanOrganization {
        name: line("name", &input.name, true)?,
        domain,
        industry: optional_line("industry", input.industry.as_ref())?,
        size: optional_line("size", input.size.as_ref())?,
        location: optional_line("location", input.location.as_ref())?,
    })
}

pub fn relationship(input: &RelationshipInput) -> CoreResult<CleanRelationship> {
    relationship_at(input, Utc::now().date_naive())
}

/// [`relationship`] with `today` as the clock (generators that plan a network as of a date).
pub fn relationship_at(
    input: &RelationshipInput,
    today: NaiveDate,
) -> CoreResult<CleanRelationship> {
    let a = id("person_a", input.person_a)?;
    let b = id("person_b", input.person_b)?;
    if a == b {
        return Err(CoreError::invalid(
            "person_b",
            "a relationship needs two different people; a person cannot be related to themselves",
        ));
    }
    let strength_override = match input.strength_override {
        Some(s) if !(0.0..=1.0).contains(&s) || s.is_nan() => {
            return Err(CoreError::invalid(
                "strength_override",
                format!("strength_override must be between 0 and 1, got {s}"),
            ));
        }
        other => other,
    };
    let reason = optional_line("override_reason", input.override_reason.as_ref())?;
    let override_reason = match (strength_override, reason.is_empty()) {
        (Some(_), true) => {
            return Err(CoreError::invalid(
                "override_reason",
                "a manual strength needs a reason (what the interaction log cannot know)",
            ));
        }
        (Some(_), false) => Some(reason),
        (None, true) => None,
        (None, false) => {
            return Err(CoreError::invalid(
                "override_reason",
                "override_reason is only meaningful with a strength_override",
            ));
        }
    };
    // The user's "today" can be UTC's tomorrow (east of Greenwich), so allow one day of slack.
    let latest = today + chrono::Days::new(1);
    if let Some(since) = input.since {
        date_in_range("since", since)?;
    }
    if let Some(since) = input.since
        && since > latest
    {
        return Err(CoreError::invalid(
            "since",
            format!("since ({since}) is in the future"),
        ));
    }
    Ok(CleanRelationship {
        person_a: a.min(b),
        person_b: a.max(b),
        kind: input.kind,
        since: input.since,
        how_met: optional_text("how_met", input.how_met.as_ref())?,
        strength_override,
        override_reason,
    })
}

pub fn interaction(input: &InteractionInput) -> CoreResult<CleanInteraction> {
    let mut participants = Vec::with_capacity(input.participants.len());
    for (i, p) in input.participants.iter().enumerate() {
        participants.push(id(&format!("participants[{i}]"), *p)?);
    }
    participants.sort_unstable();
    participants.dedup();
    if participants.is_empty() {
        return Err(CoreError::invalid(
            "participants",
            "an interaction needs at least one participant",
        ));
    }
    if participants.len() > MAX_LIST_LEN {
        return Err(CoreError::invalid(
            "participants",
            format!("an interaction can have at most {MAX_LIST_LEN} participants"),
        ));
    }
    if let Some(initiator) = input.initiator_id
        && participants.binary_search(&initiator).is_err()
    {
        return Err(CoreError::invalid(
            "initiator_id",
            format!("the initiator (person {initiator}) must be one of the participants"),
        ));
    }
    Ok(CleanInteraction {
        occurred_at: time_in_range("occurred_at", input.occurred_at)?,
        kind: input.kind,
        initiator_id: input.initiator_id,
        participants,
        note: optional_text("note", input.note.as_ref())?,
        outcome: input.outcome,
    })
}

/// A target account as the store writes it: a positive organization id, a tier in
/// [`crate::account::TIERS`] (2 by default), a note of at most
/// [`crate::account::MAX_NOTE`] characters.
pub fn target(input: &crate::account::TargetInput) -> CoreResult<crate::account::TargetInput> {
    use crate::account::{MAX_NOTE, TIERS};
    let organization_id = id("organization_id", input.organization_id)?;
    let owner_id = input.owner_id.map(|o| id("owner_id", o)).transpose()?;
    let tier = input.tier.unwrap_or(2);
    if !TIERS.contains(&tier) {
        return Err(CoreError::invalid(
            "tier",
            format!(
                "tier must be {} to {}, got {tier}",
                TIERS.start(),
                TIERS.end()
            ),
        ));
    }
    let note = optional_text("note", input.note.as_ref())?;
    let chars = note.chars().count();
    if chars > MAX_NOTE {
        return Err(CoreError::invalid(
            "note",
            format!("note is {chars} characters long; the limit is {MAX_NOTE}"),
        ));
    }
    Ok(crate::account::TargetInput {
        organization_id,
        owner_id,
        tier: Some(tier),
        note: Some(note),
    })
}

/// A tier as typed (`1`, `tier 2`, `T3`).
pub fn tier(field: &str, text: &str) -> CoreResult<u8> {
    use crate::account::TIERS;
    let t = text.trim().to_ascii_lowercase();
    let digits = t.trim_start_matches("tier").trim_start_matches('t').trim();
    match digits.parse::<u8>() {
        Ok(n) if TIERS.contains(&n) => Ok(n),
        _ => Err(CoreError::invalid(
            field,
            format!(
                "`{}` is not a tier; expected {} to {}",
                text.trim(),
                TIERS.start(),
                TIERS.end()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_outside_the_sane_years_are_refused_naming_the_field() {
        let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
        for (year, ok) in [
            (1, false),
            (1899, false),
            (1900, true),
            (2030, true),
            (2100, true),
            (2101, false),
            (9999, false),
        ] {
            assert_eq!(date_in_range("since", day(year)).is_ok(), ok, "year {year}");
            let t = day(year).and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
            let got = time_in_range("occurred_at", t);
            assert_eq!(got.is_ok(), ok, "year {year}");
            if let Err(e) = got {
                assert!(e.to_string().contains("occurred_at"), "{e}");
            }
        }
    }

    fn named(first: &str) -> PersonInput {
        PersonInput {
            first_name: first.into(),
            ..Default::default()
        }
    }

    #[test]
    fn names_must_have_visible_characters() {
        for bad in ["", "   ", "\t\n"] {
            let err = person(&named(bad)).expect_err("blank names must be rejected");
            assert!(
                matches!(err, CoreError::Invalid { ref field, .. } if field == "first_name"),
                "{err:?}"
            );
        }
        assert_eq!(
            person(&named("  Ada ")).map(|p| p.first_name).ok(),
            Some("Ada".into())
        );
    }

    #[test]
    fn long_fields_are_rejected_with_the_limit_in_the_message() {
        let mut input = named("Ada");
        input.notes = Some("x".repeat(MAX_FIELD_CHARS + 1));
        let err = person(&input).expect_err("over-long notes must be rejected");
        assert!(
            err.to_string().contains("10000"),
            "message should state the limit: {err}"
        );
        input.notes = Some("x".repeat(MAX_FIELD_CHARS));
        assert!(person(&input).is_ok(), "exactly the limit is allowed");
    }

    #[test]
    fn emails_are_checked_and_deduplicated() {
        let check = |emails: &[&str]| {
            let mut input = named("Ada");
            input.emails = Some(emails.iter().map(|s| s.to_string()).collect());
            person(&input).map(|p| p.emails)
        };
        assert_eq!(
            check(&["ada@example.com", " ADA@example.com ", ""]).ok(),
            Some(vec!["ada@example.com".into()])
        );
        for bad in [
            "ada",
            "ada@",
            "@example.com",
            "ada@example",
            "a da@example.com",
            "Ada <ada@example.com>",
        ] {
            let err = check(&[bad]).expect_err(bad);
            assert!(
                matches!(err, CoreError::Invalid { ref field, .. } if field == "emails[0]"),
                "{bad}: {err:?}"
            );
        }
    }

    /// The field a refusal names, or `ok` with the stored value.
    fn first(name: &str) -> Result<String, (String, String)> {
        person(&named(name))
            .map(|p| p.first_name)
            .map_err(|e| match e {
                CoreError::Invalid { field, message } => (field, message),
                other => (String::new(), other.to_string()),
            })
    }

    #[test]
    fn single_line_fields_refuse_controls_bidi_overrides_and_invisible_only_text() {
        // A name a user sees must be the name stored: no hidden reordering, no hidden lines.
        for (bad, says) in [
            ("Ada\u{7}", "U+0007"),
            ("Ada\nLovelace", "line break"),
            ("Ada\tLovelace", "tab"),
            ("Ada\u{1b}[31m", "U+001B"),
            ("Ada\u{85}Lovelace", "U+0085"),
            ("evil\u{202E}gnp.exe", "U+202E"),
            ("\u{202A}Ada", "U+202A"),
            ("Ada\u{2066}x\u{2069}", "U+2066"),
            ("\u{200B}", "invisible"),
            ("\u{200B}\u{200D}\u{FEFF}", "invisible"),
            ("\u{3164}", "invisible"),
            ("\u{2800}", "invisible"),
            ("\u{00A0}\u{2003}", "must not be empty"),
        ] {
            let (field, message) = first(bad).expect_err(bad);
            assert_eq!(field, "first_name", "{bad:?}: the refusal names the field");
            assert!(message.contains(says), "{bad:?}: {message}");
        }
        // Real names stay: accents, right-to-left names with their direction marks, joiners
        // inside words (Persian, emoji), an inner space.
        for good in [
            "Zoë",
            "José María",
            "\u{05D3}\u{05E0}\u{05D4}\u{200F}",
            "\u{0645}\u{06CC}\u{200C}\u{0631}\u{0648}",
            "Ada 👩\u{200D}💻",
            "O'Brien-Smith",
        ] {
            assert_eq!(first(good), Ok(good.to_string()), "{good:?} is a real name");
        }
    }

    #[test]
    fn every_single_line_field_is_checked_and_named() -> CoreResult<()> {
        let rlo = "x\u{202E}y".to_string();
        let refused = |r: CoreResult<()>, field: &str| match r {
            Err(CoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field} with a bidi override: {other:?}"),
        };
        for field in ["last_name", "title"] {
            let mut p = named("Ada");
            match field {
                "last_name" => p.last_name = Some(rlo.clone()),
                _ => p.title = Some(rlo.clone()),
            }
            refused(person(&p).map(drop), field);
        }
        let mut p = named("Ada");
        p.tags = Some(vec!["vip".into(), "vip\u{200B}".into()]);
        refused(person(&p).map(drop), "tags[1]");
        for field in ["name", "industry", "size", "location"] {
            let mut o = OrganizationInput {
                name: "Acme".into(),
                ..Default::default()
            };
            match field {
                "name" => o.name = rlo.clone(),
                "industry" => o.industry = Some(rlo.clone()),
                "size" => o.size = Some(rlo.clone()),
                _ => o.location = Some(rlo.clone()),
            }
            refused(organization(&o).map(drop), field);
        }
        let f = FactInput {
            person_id: 1,
            category: "hobby".into(),
            value: "sails".into(),
            source: Some("the\nconference".into()),
            learned_on: None,
            told_by: None,
        };
        refused(fact(&f).map(drop), "source");
        // Notes may run over lines (and keep tabs), but not hold other controls or only
        // invisible characters.
        let mut p = named("Ada");
        p.notes = Some("Met at the fair.\n\tLikes sailing.".into());
        assert_eq!(person(&p)?.notes(), "Met at the fair.\n\tLikes sailing.");
        p.notes = Some("a\u{8}b".into());
        refused(person(&p).map(drop), "notes");
        p.notes = Some("\u{200B}\u{200B}".into());
        refused(person(&p).map(drop), "notes");
        Ok(())
    }

    #[test]
    fn a_huge_list_is_refused_at_the_limit_without_quadratic_work() {
        // 100,000 different emails: refused as soon as the 101st different one is seen (this
        // took 48 s of CPU when every entry was compared with every kept one first).
        let mut input = named("Ada");
        input.emails = Some((0..100_000).map(|i| format!("p{i}@example.com")).collect());
        let err = person(&input).expect_err("over the limit");
        assert!(
            matches!(&err, CoreError::Invalid { field, message }
                if field == "emails" && message.contains("100000 given") && message.contains("limit is 100")),
            "{err:?}"
        );
        // 100,000 copies of one address are one address (duplicates do not count).
        input.emails = Some(vec!["ada@example.com".into(); 100_000]);
        assert_eq!(
            person(&input).map(|p| p.emails).ok(),
            Some(vec!["ada@example.com".to_string()])
        );
        // Exactly the limit is fine.
        input.emails = Some(
            (0..MAX_LIST_LEN)
                .map(|i| format!("p{i}@example.com"))
                .collect(),
        );
        assert_eq!(
            person(&input).map(|p| p.emails.len()).ok(),
            Some(MAX_LIST_LEN)
        );
    }

    #[test]
    fn a_person_cannot_be_related_to_themselves() {
        let input = RelationshipInput {
            person_a: 3,
            person_b: 3,
            kind: TieKind::Friend,
            since: None,
            how_met: None,
            strength_override: None,
            override_reason: None,
        };
        assert!(relationship(&input).is_err());
    }

    #[test]
    fn relationships_are_normalized_and_overrides_need_reasons() {
        let mut input = RelationshipInput {
            person_a: 9,
            person_b: 2,
            kind: TieKind::Friend,
            since: None,
            how_met: None,
            strength_override: Some(0.8),
            override_reason: None,
        };
        assert!(relationship(&input).is_err(), "override without reason");
        input.override_reason = Some("college roommates".into());
        let clean = relationship(&input).expect("valid");
        assert_eq!((clean.person_a, clean.person_b), (2, 9));
        input.strength_override = Some(1.5);
        assert!(relationship(&input).is_err(), "override above 1");
    }
}
