//! vCard 2.1, 3.0 and 4.0 (`.vcf`) as address books export them: Apple Contacts (item groups
//! with `X-ABLabel`, `X-ABRELATEDNAMES`), Google Contacts, Outlook (2.1, quoted-printable in
//! Latin-1 or UTF-8, `X-MS-*` relations), Android (2.1, `X-ANDROID-CUSTOM` relations),
//! Thunderbird (4.0) and Evolution (`X-EVOLUTION-*`).
//!
//! The [`calcard`] crate reads the properties (unfolding, base64 and `data:` URIs, escapes,
//! parameters); `legacy` first decodes what it cannot (8-bit text in a property's
//! `CHARSET`, quoted-printable in any charset or with the bare 2.1 parameter). This module
//! finds where each card starts and ends (for line numbers and clear errors about truncated
//! files), hands each card to calcard on its own, and maps the properties to a [`Contact`],
//! including what other programs write: `tel:` URIs with `ext=`, anniversaries,
//! FullContact's `X-FCENCODED-<hex label>` relations, Apple company cards, CJK names in
//! `FN`'s order, and a name from the address of a card that has only an email.
//!
//! One workaround: calcard reads 2.1/3.0 dates with a lenient legacy reader that turns a
//! year-less `--04-12` or `--0412` into the wrong fields, so birthdays are read from the
//! property's own text (see [`raw_values`]) and calcard's reading is the fallback.

use std::collections::HashMap;

use calcard::Entry;
use calcard::common::IanaString;
use calcard::vcard::{
    VCard, VCardEntry, VCardParameterName, VCardParameterValue, VCardProperty, VCardValue,
    VCardValueType,
};
use chrono::NaiveDate;

use super::contact::{
    Contact, Format, Parsed, Photo, Relation, RelationKind, Skip, image_ext, linkedin_url,
    push_email, push_phone,
};
use super::names;

mod legacy;
pub use legacy::transcode;
use sphere_domain::error::{CoreError, CoreResult};

/// Apple writes `1604` as the year of a birthday whose year is not known.
const APPLE_NO_YEAR: i32 = 1604;

/// One card's place in the file.
struct Span<'a> {
    /// The 1-based line of its `BEGIN:VCARD`.
    line: u64,
    /// Its text, `BEGIN:VCARD` to `END:VCARD` inclusive.
    text: &'a str,
}

/// Reads a vCard file (already decoded to text) into contacts.
pub fn parse(text: &str) -> CoreResult<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (spans, outside) = cards(text)?;
    let mut out = Parsed {
        format: Format::Vcard,
        layout: String::new(),
        contacts: Vec::new(),
        skipped: Vec::new(),
        assumptions: Vec::new(),
    };
    let mut notes = Notes::default();
    let mut versions: Vec<String> = Vec::new();
    let mut writers: Vec<&'static str> = Vec::new();
    for span in &spans {
        let normalized = legacy::normalize(span.text);
        let card = match calcard::Parser::new(&normalized).entry() {
            Entry::VCard(card) => card,
            other => {
                return Err(CoreError::invalid(
                    "vcard",
                    format!(
                        "line {}: the card starting here could not be read ({})",
                        span.line,
                        describe(&other)
                    ),
                ));
            }
        };
        if let Some(v) = first_text(&card, &VCardProperty::Version) {
            let v = v.trim().to_string();
            if !v.is_empty() && !versions.contains(&v) {
                versions.push(v);
            }
        }
        if let Some(w) = writer(&card)
            && !writers.contains(&w)
        {
            writers.push(w);
        }
        match contact(&card, span, &mut notes) {
            Ok(c) => out.contacts.push(c),
            Err(reason) => out.skipped.push(Skip {
                line: span.line,
                reason,
            }),
        }
    }
    versions.sort();
    out.layout = layout(&versions, &writers);
    out.assumptions = notes.into_words(outside);
    Ok(out)
}

/// Finds the cards: every `BEGIN:VCARD` … `END:VCARD`, with the number of non-blank lines
/// outside any card. Refuses text with no card and a card that never ends.
fn cards(text: &str) -> CoreResult<(Vec<Span<'_>>, u32)> {
    let mut spans = Vec::new();
    let mut outside = 0u32;
    // The open card: its line and byte offset.
    let mut open: Option<(u64, usize)> = None;
    let mut offset = 0usize;
    let mut line = 0u64;
    for raw in text.split_inclusive('\n') {
        line += 1;
        let start = offset;
        offset += raw.len();
        let t = raw.trim();
        if t.eq_ignore_ascii_case("BEGIN:VCARD") {
            if let Some((begun, _)) = open {
                return Err(CoreError::invalid(
                    "vcard",
                    format!(
                        "line {begun}: the card starting here has no END:VCARD before the next \
                         BEGIN:VCARD on line {line} (the file may be damaged or cut short)"
                    ),
                ));
            }
            open = Some((line, start));
        } else if t.eq_ignore_ascii_case("END:VCARD") {
            match open.take() {
                Some((begun, from)) => spans.push(Span {
                    line: begun,
                    text: text.get(from..offset).unwrap_or_default(),
                }),
                None => outside += 1,
            }
        } else if open.is_none() && !t.is_empty() {
            outside += 1;
        }
    }
    if let Some((begun, _)) = open {
        return Err(CoreError::invalid(
            "vcard",
            format!(
                "line {begun}: the card starting here has no END:VCARD (the file seems to be \
                 cut short)"
            ),
        ));
    }
    if spans.is_empty() {
        return Err(CoreError::invalid(
            "vcard",
            "not a vCard file: no BEGIN:VCARD line found",
        ));
    }
    Ok((spans, outside))
}

/// Words for what calcard returned instead of a card.
fn describe(entry: &Entry) -> String {
    match entry {
        Entry::InvalidLine(l) => format!("unreadable line `{}`", l.trim()),
        Entry::UnterminatedComponent(c) => format!("unterminated {c}"),
        Entry::TooManyComponents => "too many nested components".to_string(),
        Entry::ICalendar(_) => "it is calendar data, not a contact".to_string(),
        Entry::Eof => "no properties".to_string(),
        other => format!("{other:?}"),
    }
}

/// What had to be assumed, gathered over the cards.
#[derive(Default)]
struct Notes {
    linked_photos: u32,
    not_images: Vec<u64>,
    bad_birthdays: Vec<(u64, String)>,
    apple_no_year: bool,
    middle_names: bool,
    uri_relations: bool,
    /// (line, name, email) of cards named after their only email address.
    named_from_email: Vec<(u64, String, String)>,
}

impl Notes {
    fn into_words(self, outside: u32) -> Vec<String> {
        let mut out = Vec::new();
        if self.linked_photos > 0 {
            out.push(format!(
                "photos given as links were not downloaded ({} card{})",
                self.linked_photos,
                plural(self.linked_photos as usize)
            ));
        }
        if !self.not_images.is_empty() {
            out.push(format!(
                "photos that are not JPEG, PNG, GIF or WebP images were left out (cards on line{} {})",
                plural(self.not_images.len()),
                join_lines(&self.not_images)
            ));
        }
        for (line, text) in &self.bad_birthdays {
            out.push(format!(
                "the birthday `{text}` on the card at line {line} is not a date and was left out"
            ));
        }
        if self.apple_no_year {
            out.push(
                "birthdays with Apple's placeholder year 1604 were read as day and month only"
                    .to_string(),
            );
        }
        if self.middle_names {
            out.push("middle names were kept with the first name".to_string());
        }
        if self.uri_relations {
            out.push(
                "related people given only as a URI (urn:uuid:…) keep the URI as their name"
                    .to_string(),
            );
        }
        for (line, name, email) in &self.named_from_email {
            out.push(format!(
                "line {line}: the card has no name; it was named {name} after {email}: check it"
            ));
        }
        if outside > 0 {
            out.push(format!(
                "{outside} line{} outside any BEGIN:VCARD … END:VCARD were ignored",
                plural(outside as usize)
            ));
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn join_lines(lines: &[u64]) -> String {
    lines
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `vCard 3.0 (Apple Contacts)`, `vCard 2.1 and 3.0 (Outlook, Google Contacts)`.
fn layout(versions: &[String], writers: &[&str]) -> String {
    let mut s = String::from("vCard");
    match versions {
        [] => {}
        [one] => s.push_str(&format!(" {one}")),
        [init @ .., last] => s.push_str(&format!(" {} and {last}", init.join(", "))),
    }
    if !writers.is_empty() {
        s.push_str(&format!(" ({})", writers.join(", ")));
    }
    s
}

/// The program that wrote a card, from its PRODID or its own `X-` properties.
fn writer(card: &VCard) -> Option<&'static str> {
    if let Some(prodid) = first_text(card, &VCardProperty::Prodid) {
        let p = prodid.to_lowercase();
        for (needle, name) in [
            ("apple", "Apple Contacts"),
            ("google", "Google Contacts"),
            ("microsoft", "Outlook"),
            ("outlook", "Outlook"),
            ("android", "Android"),
            ("thunderbird", "Thunderbird"),
            ("mozilla", "Thunderbird"),
            ("evolution", "Evolution"),
        ] {
            if p.contains(needle) {
                return Some(name);
            }
        }
    }
    let names: Vec<String> = card
        .entries
        .iter()
        .filter_map(|e| match &e.name {
            VCardProperty::Other(n) => Some(n.to_ascii_uppercase()),
            _ => None,
        })
        .collect();
    let any = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    if any("X-MS-") {
        return Some("Outlook");
    }
    if any("X-ANDROID-") {
        return Some("Android");
    }
    if any("X-EVOLUTION-") {
        return Some("Evolution");
    }
    if any("X-MOZILLA-") {
        return Some("Thunderbird");
    }
    let google_category = card
        .properties(&VCardProperty::Categories)
        .flat_map(texts)
        .any(|c| c.trim().eq_ignore_ascii_case("myContacts"));
    let google_photo = card
        .properties(&VCardProperty::Photo)
        .flat_map(texts)
        .any(|p| p.contains("googleusercontent.com"));
    if google_category || google_photo {
        return Some("Google Contacts");
    }
    if any("X-AB") || any("X-APPLE-") || any("X-ADDRESSBOOKSERVER-") {
        return Some("Apple Contacts");
    }
    None
}

/// The card as a contact, or why it was left out.
fn contact(card: &VCard, span: &Span<'_>, notes: &mut Notes) -> Result<Contact, String> {
    if let Some(kind) = kind_not_person(card) {
        return Err(format!("a {kind} card, not a person"));
    }
    if let Some(company) = apple_company(card) {
        return Err(format!("a company card ({company}), not a person"));
    }
    let mut c = Contact {
        line: span.line,
        ..Default::default()
    };

    // Name: N, else FN.
    if let Some(n) = card.property(&VCardProperty::N) {
        let part = |i: usize| n.values.get(i).map(component).unwrap_or_default();
        let (family, given, additional, suffix) = (part(0), part(1), part(2), part(4));
        let first = if additional.trim().is_empty() {
            given
        } else {
            if !given.trim().is_empty() {
                notes.middle_names = true;
            }
            format!("{given} {additional}")
        };
        let last = if suffix.trim().is_empty() {
            family
        } else {
            format!("{family}, {suffix}")
        };
        let name = names::clean(&first, &last);
        c.first_name = name.first;
        c.last_name = name.last;
        c.credentials = name.credentials;
    }
    if c.first_name.is_empty()
        && c.last_name.is_empty()
        && let Some(full) = first_text(card, &VCardProperty::Fn)
    {
        let name = names::split_full(full);
        c.first_name = name.first;
        c.last_name = name.last;
        c.credentials = name.credentials;
    }

    if let Some(shown) = family_first(card, &c) {
        c.first_name = shown;
        c.last_name = String::new();
    }

    // Emails and phones, preferred first.
    for email in by_pref(card, &VCardProperty::Email) {
        let e = email.trim();
        push_email(&mut c.emails, strip_prefix_ci(e, "mailto:").unwrap_or(e));
    }
    for phone in by_pref(card, &VCardProperty::Tel) {
        let p = phone.trim();
        push_phone(&mut c.phones, &tel(p));
    }
    if c.first_name.is_empty()
        && c.last_name.is_empty()
        && let Some(email) = c.emails.first()
        && let Some((first, last)) = name_from_email(email)
    {
        notes.named_from_email.push((
            span.line,
            format!("{first} {last}").trim().to_string(),
            email.clone(),
        ));
        c.first_name = first;
        c.last_name = last;
    }

    if let Some(reason) = c.unidentifiable() {
        return Err(reason.to_string());
    }

    // Organization and unit.
    if let Some(org) = card.property(&VCardProperty::Org) {
        let parts: Vec<String> = org
            .values
            .iter()
            .map(component)
            .map(|p| names::squash(&p))
            .collect();
        if let Some((first, rest)) = parts.split_first() {
            c.organization = first.clone();
            c.org_unit = rest
                .iter()
                .filter(|p| !p.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
        }
    }
    c.title = first_text(card, &VCardProperty::Title)
        .map(names::squash)
        .unwrap_or_default();

    let notes_text: Vec<String> = card
        .properties(&VCardProperty::Note)
        .flat_map(texts)
        .map(|n| {
            n.replace("\r\n", "\n")
                .replace('\r', "\n")
                .trim()
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect();
    c.notes = notes_text.join("\n\n");

    c.uid = first_text(card, &VCardProperty::Uid)
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(str::to_string);

    c.birthday = birthday(card, span, notes);
    c.anniversary = anniversary(card, notes);
    c.linkedin_url = linkedin(card);
    c.photo = photo(card, span.line, notes);
    let (relations, related_notes) = relations(card, c.uid.as_deref(), notes);
    c.relations = relations;
    for n in related_notes {
        if !c.notes.is_empty() {
            c.notes.push_str("\n\n");
        }
        c.notes.push_str(&n);
    }

    for cat in card.properties(&VCardProperty::Categories).flat_map(texts) {
        let t = cat.trim();
        let t = t.strip_prefix("* ").unwrap_or(t).trim();
        if t.is_empty() || t.eq_ignore_ascii_case("myContacts") {
            continue;
        }
        if !c.tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            c.tags.push(t.to_string());
        }
    }
    Ok(c)
}

/// `Some("group")` for a card that describes a group, an organization or a thing rather than
/// a person (vCard 4 `KIND`, Apple's `X-ADDRESSBOOKSERVER-KIND`).
fn kind_not_person(card: &VCard) -> Option<String> {
    for e in &card.entries {
        let is_kind = match &e.name {
            VCardProperty::Kind => true,
            VCardProperty::Other(n) => n.eq_ignore_ascii_case("X-ADDRESSBOOKSERVER-KIND"),
            _ => false,
        };
        if !is_kind {
            continue;
        }
        let kind = match e.values.first() {
            Some(VCardValue::Kind(k)) => k.as_str().to_lowercase(),
            Some(v) => v.as_text().unwrap_or_default().trim().to_lowercase(),
            None => continue,
        };
        if !kind.is_empty() && kind != "individual" {
            return Some(kind);
        }
    }
    None
}

/// The values of an entry that are text (structured components joined by a space).
fn texts(e: &VCardEntry) -> Vec<String> {
    e.values
        .iter()
        .filter(|v| matches!(v, VCardValue::Text(_) | VCardValue::Component(_)))
        .map(component)
        .collect()
}

/// A structured value's component as text (`Maria,Clara` read as `Maria Clara`).
fn component(v: &VCardValue) -> String {
    match v {
        VCardValue::Text(t) => t.clone(),
        VCardValue::Component(parts) => parts.join(" "),
        other => other.as_text().unwrap_or_default().to_string(),
    }
}

/// The first text value of the first `prop`.
fn first_text<'a>(card: &'a VCard, prop: &'a VCardProperty) -> Option<&'a str> {
    card.properties(prop)
        .find_map(|e| e.values.iter().find_map(VCardValue::as_text))
}

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// How preferred an entry is: vCard 4 `PREF=1` is 1, 2.1 `PREF` and 3.0 `TYPE=pref` count
/// as 1, no preference comes last.
fn pref(e: &VCardEntry) -> u32 {
    let mut best = u32::MAX;
    for p in &e.params {
        let rank = match (&p.name, &p.value) {
            (VCardParameterName::Pref, VCardParameterValue::Integer(n)) => *n,
            (VCardParameterName::Pref, _) => 1,
            (VCardParameterName::Type, VCardParameterValue::Text(t))
                if t.eq_ignore_ascii_case("pref") =>
            {
                1
            }
            _ => continue,
        };
        best = best.min(rank);
    }
    best
}

/// The text values of every `prop`, most preferred first (file order among equals).
fn by_pref(card: &VCard, prop: &VCardProperty) -> Vec<String> {
    let mut entries: Vec<&VCardEntry> = card.properties(prop).collect();
    entries.sort_by_key(|e| pref(e));
    entries.into_iter().flat_map(texts).collect()
}

/// The `TYPE` parameters of an entry, as written.
fn types(e: &VCardEntry) -> Vec<String> {
    e.parameters(&VCardParameterName::Type)
        .filter_map(|v| match v {
            VCardParameterValue::Type(t) => Some(t.as_str().to_string()),
            VCardParameterValue::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// The text of a parameter that calcard does not know (`x-user`).
fn other_param<'a>(e: &'a VCardEntry, name: &str) -> Option<&'a str> {
    e.params.iter().find_map(|p| match (&p.name, &p.value) {
        (VCardParameterName::Other(n), VCardParameterValue::Text(t))
            if n.eq_ignore_ascii_case(name) =>
        {
            Some(t.as_str())
        }
        _ => None,
    })
}

/// A LinkedIn profile from `URL`, `SOCIALPROFILE` or Apple's `X-SOCIALPROFILE` (whose
/// `x-user` names the profile when the value is not a URL).
fn linkedin(card: &VCard) -> Option<String> {
    for e in &card.entries {
        let social = match &e.name {
            VCardProperty::Url => false,
            VCardProperty::Socialprofile => true,
            VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-SOCIALPROFILE") => true,
            _ => continue,
        };
        for v in texts(e) {
            if let Some(url) = linkedin_url(&v) {
                return Some(url);
            }
        }
        let is_linkedin = types(e).iter().any(|t| t.eq_ignore_ascii_case("linkedin"))
            || other_param(e, "SERVICE-TYPE").is_some_and(|s| s.eq_ignore_ascii_case("linkedin"))
            || e.parameters(&VCardParameterName::ServiceType)
                .filter_map(VCardParameterValue::as_text)
                .any(|s| s.eq_ignore_ascii_case("linkedin"));
        if social
            && is_linkedin
            && let Some(user) = other_param(e, "x-user")
                .map(str::trim)
                .filter(|u| !u.is_empty() && !u.contains(['/', ' ']))
            && let Some(url) = linkedin_url(&format!("https://www.linkedin.com/in/{user}"))
        {
            return Some(url);
        }
    }
    None
}

/// The first inline image among the card's photos.
fn photo(card: &VCard, line: u64, notes: &mut Notes) -> Option<Photo> {
    let mut linked = false;
    let mut not_image = false;
    let mut found = None;
    'entries: for e in card.properties(&VCardProperty::Photo) {
        for v in &e.values {
            let bytes = match v {
                VCardValue::Binary(data) => Some(data.data.clone()),
                VCardValue::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() {
                        None
                    } else if strip_prefix_ci(t, "data:").is_some() {
                        data_uri(t)
                    } else if t.contains("://") || strip_prefix_ci(t, "file:").is_some() {
                        linked = true;
                        None
                    } else {
                        // Base64 that calcard decoded to text: not a picture.
                        not_image = true;
                        None
                    }
                }
                _ => None,
            };
            if let Some(bytes) = bytes {
                match image_ext(&bytes) {
                    Some(ext) => {
                        found = Some(Photo { bytes, ext });
                        break 'entries;
                    }
                    None => not_image = true,
                }
            }
        }
    }
    if found.is_none() {
        if linked {
            notes.linked_photos += 1;
        } else if not_image {
            notes.not_images.push(line);
        }
    }
    found
}

/// The bytes of a `data:…;base64,…` URI that calcard left as text.
fn data_uri(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    let (head, body) = text.split_once(',')?;
    if !head.to_ascii_lowercase().ends_with(";base64") {
        return None;
    }
    let body: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body.trim_end_matches('='))
        .or_else(|_| {
            base64::engine::general_purpose::STANDARD_NO_PAD.decode(body.trim_end_matches('='))
        })
        .ok()
}

/// The birthday as `YYYY-MM-DD`, or `--MM-DD` without a year.
fn birthday(card: &VCard, span: &Span<'_>, notes: &mut Notes) -> Option<String> {
    let entry = card.property(&VCardProperty::Bday)?;
    let omit_year = other_param(entry, "X-APPLE-OMIT-YEAR").and_then(|y| y.trim().parse().ok());
    let mut read = |text: &str| date(text, omit_year, notes);
    // calcard's value first when it is text (vCard 4 `VALUE=text`, or unreadable as a date),
    // else the property's own text, else calcard's date.
    let mut shown = String::new();
    if let Some(t) = entry.values.first().and_then(VCardValue::as_text) {
        if let Some(d) = read(t) {
            return Some(d);
        }
        shown = t.trim().to_string();
    }
    if let Some(raw) = raw_values(span.text, "BDAY").first() {
        if let Some(d) = read(raw) {
            return Some(d);
        }
        if shown.is_empty() {
            shown = raw.trim().to_string();
        }
    }
    if let Some(VCardValue::PartialDateTime(dt)) = entry.values.first() {
        let (month, day) = (dt.month?, dt.day?);
        let text = match dt.year {
            Some(y) => format!("{y:04}-{month:02}-{day:02}"),
            None => format!("--{month:02}-{day:02}"),
        };
        if let Some(d) = read(&text) {
            return Some(d);
        }
    }
    if !shown.is_empty() {
        notes.bad_birthdays.push((span.line, shown));
    }
    None
}

/// Reads `1984-04-12`, `19840412`, `--04-12`, `--0412` (a time after `T` is ignored).
fn date(text: &str, omit_year: Option<i32>, notes: &mut Notes) -> Option<String> {
    let t = text.trim();
    let t = t.split(['T', 't']).next().unwrap_or(t).trim();
    if let Some(md) = t.strip_prefix("--") {
        let digits: String = md.chars().filter(|c| *c != '-').collect();
        if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let month: u32 = digits.get(..2)?.parse().ok()?;
        let day: u32 = digits.get(2..)?.parse().ok()?;
        // 2000 is a leap year, so 29 February is a valid year-less birthday.
        NaiveDate::from_ymd_opt(2000, month, day)?;
        return Some(format!("--{month:02}-{day:02}"));
    }
    let digits: String = t.chars().filter(|c| *c != '-').collect();
    let dashes = t.chars().filter(|c| *c == '-').count();
    if digits.len() != 8
        || !(dashes == 0 || dashes == 2)
        || !digits.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let year: i32 = digits.get(..4)?.parse().ok()?;
    let month: u32 = digits.get(4..6)?.parse().ok()?;
    let day: u32 = digits.get(6..)?.parse().ok()?;
    if year == APPLE_NO_YEAR || omit_year == Some(year) {
        NaiveDate::from_ymd_opt(2000, month, day)?;
        notes.apple_no_year |= year == APPLE_NO_YEAR;
        return Some(format!("--{month:02}-{day:02}"));
    }
    let d = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// The raw values of property `name` in one card's text: lines unfolded (a line starting
/// with a space or tab continues the one before), the part after the first `:`. Only for
/// simple values such as dates, where calcard's legacy reading loses information.
fn raw_values(card: &str, name: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for l in card.lines() {
        match l.strip_prefix([' ', '\t']) {
            Some(rest) if !lines.is_empty() => {
                if let Some(last) = lines.last_mut() {
                    last.push_str(rest);
                }
            }
            _ => lines.push(l.to_string()),
        }
    }
    lines
        .iter()
        .filter_map(|l| {
            let (head, value) = l.split_once(':')?;
            let prop = head.split(';').next().unwrap_or(head);
            let prop = prop.rsplit('.').next().unwrap_or(prop);
            prop.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
        .collect()
}

/// Properties that name one related person, and the label they stand for.
fn relation_property(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_uppercase();
    Some(match n.as_str() {
        "X-SPOUSE" | "X-EVOLUTION-SPOUSE" | "X-MS-SPOUSE" | "X-KADDRESSBOOK-X-SPOUSESNAME" => {
            "spouse"
        }
        "X-MANAGER" | "X-EVOLUTION-MANAGER" | "X-MS-MANAGER" | "X-KADDRESSBOOK-X-MANAGERSNAME" => {
            "manager"
        }
        "X-ASSISTANT"
        | "X-EVOLUTION-ASSISTANT"
        | "X-MS-ASSISTANT"
        | "X-KADDRESSBOOK-X-ASSISTANTSNAME" => "assistant",
        _ => return None,
    })
}

/// Android's relation types (`ContactsContract.CommonDataKinds.Relation`).
fn android_relation(code: &str) -> Option<&'static str> {
    Some(match code.trim() {
        "1" => "assistant",
        "2" => "brother",
        "3" => "child",
        "4" => "domestic partner",
        "5" => "father",
        "6" => "friend",
        "7" => "manager",
        "8" => "mother",
        "9" => "parent",
        "10" => "partner",
        "11" => "referred by",
        "12" => "relative",
        "13" => "sister",
        "14" => "spouse",
        _ => return None,
    })
}

/// Everyone the card names as related: Apple's `X-ABRELATEDNAMES` with its group's
/// `X-ABLabel`, vCard 4 `RELATED`, Evolution / Outlook / KDE `X-SPOUSE`-like properties,
/// FullContact's `X-FCENCODED-<hex>` and Android's `X-ANDROID-CUSTOM` relation rows; and the
/// `RELATED;VALUE=text` values that are sentences rather than names, as notes. A `RELATED`
/// pointing at the card's own `uid` is left out.
fn relations(card: &VCard, uid: Option<&str>, notes: &mut Notes) -> (Vec<Relation>, Vec<String>) {
    let mut sentences: Vec<String> = Vec::new();
    let own = uid.map(|u| {
        strip_prefix_ci(u, "urn:uuid:")
            .unwrap_or(u)
            .to_ascii_lowercase()
    });
    let labels: HashMap<String, String> = card
        .entries
        .iter()
        .filter_map(|e| match (&e.group, &e.name) {
            (Some(g), VCardProperty::Other(n)) if n.eq_ignore_ascii_case("X-ABLABEL") => {
                let label = e.values.iter().find_map(VCardValue::as_text)?.trim();
                Some((g.to_ascii_lowercase(), label.to_string()))
            }
            _ => None,
        })
        .collect();
    let mut out: Vec<Relation> = Vec::new();
    let mut push = |kind: RelationKind, label: String, name: String| {
        let name = names::squash(&name);
        if !name.is_empty()
            && !out
                .iter()
                .any(|r| r.name == name && r.kind == kind && r.label == label)
        {
            out.push(Relation { kind, label, name });
        }
    };
    for e in &card.entries {
        match &e.name {
            VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ABRELATEDNAMES") => {
                let label = e
                    .group
                    .as_ref()
                    .and_then(|g| labels.get(&g.to_ascii_lowercase()))
                    .cloned()
                    .or_else(|| {
                        types(e)
                            .into_iter()
                            .find(|t| !t.eq_ignore_ascii_case("pref"))
                    })
                    .unwrap_or_default();
                for name in texts(e) {
                    push(RelationKind::from_label(&label), label.clone(), name);
                }
            }
            VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ANDROID-CUSTOM") => {
                for v in texts(e) {
                    let fields: Vec<&str> = v.split(';').collect();
                    if fields.first().map(|f| f.trim()) != Some("vnd.android.cursor.item/relation")
                    {
                        continue;
                    }
                    let name = fields.get(1).copied().unwrap_or_default().to_string();
                    let code = fields.get(2).copied().unwrap_or_default();
                    let label = match android_relation(code) {
                        Some(word) => word.to_string(),
                        None => fields
                            .get(3)
                            .copied()
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    push(RelationKind::from_label(&label), label, name);
                }
            }
            VCardProperty::Other(n) if fullcontact_label(n).is_some() => {
                // FullContact writes custom labels as hex (`X-FCENCODED-53706F757365` is
                // `Spouse`); only labels that name a relation are read as one.
                let label = fullcontact_label(n).unwrap_or_default();
                let kind = match relation_property(&label) {
                    Some(word) => RelationKind::from_label(word),
                    None => RelationKind::from_label(&label),
                };
                if kind != RelationKind::Other {
                    for name in texts(e) {
                        push(kind, label.clone(), name);
                    }
                }
            }
            VCardProperty::Other(n) => {
                if let Some(word) = relation_property(n) {
                    for name in texts(e) {
                        push(RelationKind::from_label(word), n.clone(), name);
                    }
                }
            }
            VCardProperty::Related => {
                let types = types(e);
                let label = types
                    .iter()
                    .find(|t| RelationKind::from_label(t) != RelationKind::Other)
                    .or(types.first())
                    .map(|t| t.to_lowercase())
                    .unwrap_or_default();
                let is_text = e
                    .parameters(&VCardParameterName::Value)
                    .any(|v| matches!(v, VCardParameterValue::ValueType(VCardValueType::Text)));
                for v in &e.values {
                    let text = match v {
                        VCardValue::Text(t) => t.trim().to_string(),
                        _ => continue,
                    };
                    let bare = strip_prefix_ci(&text, "urn:uuid:").unwrap_or(&text);
                    if own.as_deref().is_some_and(|u| bare.eq_ignore_ascii_case(u)) {
                        continue;
                    }
                    if is_text && !looks_like_name(&text) {
                        let head = if label.is_empty() {
                            "Related".to_string()
                        } else {
                            format!("Related ({label})")
                        };
                        sentences.push(format!("{head}: {text}"));
                        continue;
                    }
                    let name = match strip_prefix_ci(&text, "mailto:") {
                        Some(email) => email.trim().to_string(),
                        None => {
                            if strip_prefix_ci(&text, "urn:").is_some() {
                                notes.uri_relations = true;
                            }
                            text
                        }
                    };
                    push(RelationKind::from_label(&label), label.clone(), name);
                }
            }
            _ => {}
        }
    }
    (out, sentences)
}

/// A `RELATED;VALUE=text` value that reads as a name: at most five words, no digits and no
/// sentence punctuation.
fn looks_like_name(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() <= 5
        && !t
            .chars()
            .any(|c| c.is_ascii_digit() || ",;:!?()".contains(c))
        && !t.trim_end_matches('.').contains(". ")
        && !t.ends_with('.')
}

/// The label FullContact hex-encodes in a property name (`X-FCENCODED-4D616E61676572` →
/// `Manager`).
fn fullcontact_label(name: &str) -> Option<String> {
    let hex = strip_prefix_ci(name, "X-FCENCODED-")?;
    if hex.is_empty() || hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    String::from_utf8(bytes?).ok().map(|l| l.trim().to_string())
}

/// The company an Apple company card (`X-ABShowAs:COMPANY`, no person's name) stands for.
fn apple_company(card: &VCard) -> Option<String> {
    let show_as = card.entries.iter().any(|e| {
        matches!(&e.name, VCardProperty::Other(n) if n.eq_ignore_ascii_case("X-ABSHOWAS"))
            && e.values
                .iter()
                .filter_map(VCardValue::as_text)
                .any(|v| v.trim().eq_ignore_ascii_case("COMPANY"))
    });
    if !show_as {
        return None;
    }
    let named = card.property(&VCardProperty::N).is_some_and(|n| {
        n.values
            .iter()
            .take(2)
            .any(|v| !component(v).trim().is_empty())
    });
    if named {
        return None;
    }
    let org = card
        .property(&VCardProperty::Org)
        .and_then(|o| o.values.first())
        .map(component)
        .or_else(|| first_text(card, &VCardProperty::Fn).map(str::to_string))
        .unwrap_or_default();
    Some(names::squash(&org))
}

/// Han, kana and Hangul: scripts whose names are written family name first.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F | 0x20000..=0x2FA1F)
}

/// The card's `FN` as shown, when the name is in a CJK script and `FN` writes the family
/// name first (`N:山田;太郎`, `FN:山田 太郎`), so the display keeps that order.
fn family_first(card: &VCard, c: &Contact) -> Option<String> {
    let (given, family) = (c.first_name.trim(), c.last_name.trim());
    if given.is_empty() || family.is_empty() {
        return None;
    }
    if !format!("{family}{given}").chars().any(is_cjk) {
        return None;
    }
    let shown = names::squash(first_text(card, &VCardProperty::Fn)?);
    let compact = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    (compact(&shown) == compact(&format!("{family}{given}"))).then_some(shown)
}

/// A phone from a `TEL` value: `tel:+1-555-555-0100;ext=12` → `+1-555-555-0100 x12` (the
/// URI's other parameters left out); any other text as written.
fn tel(value: &str) -> String {
    let Some(uri) = strip_prefix_ci(value, "tel:") else {
        return value.to_string();
    };
    let mut parts = uri.split(';');
    let number = parts.next().unwrap_or_default().trim().to_string();
    let ext = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("ext")
            .then(|| v.trim().to_string())
    });
    match ext {
        Some(x) if !x.is_empty() => format!("{number} x{x}"),
        _ => number,
    }
}

/// Addresses that name a role, not a person.
const ROLE_ADDRESSES: [&str; 14] = [
    "info",
    "contact",
    "hello",
    "sales",
    "support",
    "admin",
    "office",
    "team",
    "mail",
    "noreply",
    "no-reply",
    "help",
    "billing",
    "enquiries",
];

/// A first and last name from an email address whose local part looks like a person's
/// (`jane.doe@x.com` → `Jane`, `Doe`); `None` for role addresses and digits.
pub(crate) fn name_from_email(email: &str) -> Option<(String, String)> {
    let local = email.split('@').next()?.split('+').next()?;
    if ROLE_ADDRESSES.contains(&local.to_ascii_lowercase().as_str()) {
        return None;
    }
    let words: Vec<String> = local
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_uppercase().collect::<String>() + &cs.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect();
    if words.is_empty() || words.iter().any(|w| !w.chars().all(char::is_alphabetic)) {
        return None;
    }
    let (first, rest) = words.split_first()?;
    Some((first.clone(), rest.join(" ")))
}

/// The anniversary: vCard 4 `ANNIVERSARY`, `X-ANNIVERSARY`, Outlook's `X-MS-ANNIVERSARY`,
/// Evolution's `X-EVOLUTION-ANNIVERSARY`, or an Apple `X-ABDATE` whose group's `X-ABLabel`
/// says anniversary.
fn anniversary(card: &VCard, notes: &mut Notes) -> Option<String> {
    let label_of = |group: &str| {
        card.entries.iter().find_map(|e| match (&e.group, &e.name) {
            (Some(g), VCardProperty::Other(n))
                if g.eq_ignore_ascii_case(group) && n.eq_ignore_ascii_case("X-ABLABEL") =>
            {
                e.values.iter().find_map(VCardValue::as_text)
            }
            _ => None,
        })
    };
    for e in &card.entries {
        let is_anniversary = match &e.name {
            VCardProperty::Anniversary => true,
            VCardProperty::Other(n) => {
                let n = n.to_ascii_uppercase();
                matches!(
                    n.as_str(),
                    "X-ANNIVERSARY" | "X-MS-ANNIVERSARY" | "X-EVOLUTION-ANNIVERSARY"
                ) || (n == "X-ABDATE"
                    && e.group.as_deref().and_then(label_of).is_some_and(|l| {
                        l.trim()
                            .trim_start_matches("_$!<")
                            .trim_end_matches(">!$_")
                            .eq_ignore_ascii_case("anniversary")
                    }))
            }
            _ => false,
        };
        if !is_anniversary {
            continue;
        }
        for v in &e.values {
            let text = match v {
                VCardValue::PartialDateTime(dt) => match (dt.year, dt.month, dt.day) {
                    (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
                    (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
                    _ => continue,
                },
                other => match other.as_text() {
                    Some(t) => t.to_string(),
                    None => continue,
                },
            };
            if let Some(d) = date(&text, None, notes) {
                return Some(d);
            }
        }
    }
    None
}

#[cfg(test)]
mod variants;

#[cfg(test)]
mod tests {
    use super::*;

    const APPLE: &str = include_str!("../../../tests/data/import/vcard/apple.vcf");
    const GOOGLE: &str = include_str!("../../../tests/data/import/vcard/google.vcf");
    const OUTLOOK: &str = include_str!("../../../tests/data/import/vcard/outlook.vcf");
    const ANDROID: &str = include_str!("../../../tests/data/import/vcard/android.vcf");
    const THUNDERBIRD: &str = include_str!("../../../tests/data/import/vcard/thunderbird.vcf");
    const EVOLUTION: &str = include_str!("../../../tests/data/import/vcard/evolution.vcf");
    const V4: &str = include_str!("../../../tests/data/import/vcard/v4.vcf");
    const TRUNCATED: &str = include_str!("../../../tests/data/import/vcard/truncated.vcf");

    fn ok(text: &str) -> Parsed {
        match parse(text) {
            Ok(p) => p,
            Err(e) => panic!("parse failed: {e}"),
        }
    }

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(p) => panic!("expected an error, got {p:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn names(c: &Contact) -> (&str, &str) {
        (c.first_name.as_str(), c.last_name.as_str())
    }

    fn rels(c: &Contact) -> Vec<(RelationKind, &str, &str)> {
        c.relations
            .iter()
            .map(|r| (r.kind, r.label.as_str(), r.name.as_str()))
            .collect()
    }

    #[test]
    fn apple_contacts() {
        let p = ok(APPLE);
        assert_eq!(p.format, Format::Vcard);
        assert_eq!(p.layout, "vCard 3.0 (Apple Contacts)");
        assert_eq!(p.contacts.len(), 2);
        let a = &p.contacts[0];
        assert_eq!(a.line, 1);
        assert_eq!(names(a), ("Amélie", "Dubois-Laurent"));
        assert_eq!(
            a.emails,
            vec!["amelie.dl@mail.example", "amelie.dubois@lumen-bio.example"],
            "TYPE=pref first, lowercased"
        );
        assert_eq!(a.phones, vec!["+33 6 12 34 56 78", "+33 1 44 55 66 77"]);
        assert_eq!(a.organization, "Lumen Biotech");
        assert_eq!(a.org_unit, "Research & Development, Imaging");
        assert_eq!(a.title, "Principal Scientist");
        assert_eq!(a.birthday.as_deref(), Some("1984-04-12"));
        assert_eq!(
            a.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/amelie-dubois-laurent")
        );
        assert_eq!(a.tags, vec!["Work", "Conference 2023"]);
        assert_eq!(
            a.notes,
            "Met at the Lyon imaging symposium.\nPrefers Signal over email."
        );
        assert_eq!(
            a.uid.as_deref(),
            Some("6C0D3E5A-1B2F-4C8D-9E7A-0F1B2C3D4E5F")
        );
        assert_eq!(
            rels(a),
            vec![
                (RelationKind::Spouse, "_$!<Spouse>!$_", "Julien Dubois"),
                (RelationKind::Child, "_$!<Child>!$_", "Chloé Dubois"),
                (RelationKind::Manager, "_$!<Manager>!$_", "Marcus Oyelaran"),
                (
                    RelationKind::Assistant,
                    "_$!<Assistant>!$_",
                    "Sung-min Park"
                ),
                (RelationKind::ReferredBy, "Referred by", "Henrik Solberg"),
            ]
        );
        let photo = a.photo.as_ref().map(|p| (p.ext, p.bytes.len()));
        assert_eq!(photo, Some(("jpg", 141)), "folded ENCODING=b JPEG");

        let k = &p.contacts[1];
        assert_eq!(k.line, 37);
        assert_eq!(names(k), ("Kenji", "Watanabe"));
        assert_eq!(k.birthday.as_deref(), Some("--03-09"), "X-APPLE-OMIT-YEAR");
        assert_eq!(
            k.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/kenjiw"),
            "X-SOCIALPROFILE"
        );
        let photo = k.photo.as_ref().map(|p| (p.ext, p.bytes.len()));
        assert_eq!(photo, Some(("png", 69)));
        assert!(k.relations.is_empty());

        assert_eq!(
            p.skipped,
            vec![Skip {
                line: 49,
                reason: "no name, email or phone".into()
            }],
            "a card with only an anniversary date"
        );
        assert!(
            p.assumptions.iter().any(|a| a.contains("1604")),
            "{:?}",
            p.assumptions
        );
    }

    #[test]
    fn google_contacts() {
        let p = ok(GOOGLE);
        assert_eq!(p.layout, "vCard 3.0 (Google Contacts)");
        let c = &p.contacts[0];
        assert_eq!(names(c), ("Priya", "Nayak"));
        assert_eq!(c.credentials, vec!["MSc"], "N suffix");
        assert_eq!(
            c.emails,
            vec!["priya.nayak@northwind.example", "priya.n@gmail.example"]
        );
        assert_eq!(c.phones, vec!["+91 98450 12345", "+91 80 4123 4567"]);
        assert_eq!(
            (c.organization.as_str(), c.org_unit.as_str()),
            ("Northwind Traders", "Platform Engineering")
        );
        assert_eq!(c.birthday.as_deref(), Some("1990-07-23"), "basic 19900723");
        assert_eq!(
            c.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/priya-nayak-42"),
            "Google escapes the colon: https\\://"
        );
        assert_eq!(
            rels(c),
            vec![(RelationKind::Sibling, "brother", "Arjun Nayak")]
        );
        assert_eq!(
            c.tags,
            vec!["Starred", "Bangalore Meetup"],
            "myContacts dropped"
        );
        assert!(c.photo.is_none());
        assert!(
            c.notes.starts_with("Introduced by Henrik")
                && c.notes.contains("the hiring plan for next year."),
            "folded NOTE unfolded: {}",
            c.notes
        );
        assert!(!c.notes.contains('\n'));
        let m = &p.contacts[1];
        assert_eq!(m.line, 23);
        assert_eq!(names(m), ("Mateo", "Álvarez"));
        assert_eq!(m.birthday.as_deref(), Some("--07-04"), "3.0 --MM-DD");
        assert!(m.tags.is_empty());
        assert_eq!(
            p.assumptions
                .iter()
                .filter(|a| a.starts_with("photos given as links were not downloaded"))
                .count(),
            1,
            "{:?}",
            p.assumptions
        );
    }

    #[test]
    fn outlook_quoted_printable() {
        let p = ok(OUTLOOK);
        assert_eq!(p.layout, "vCard 2.1 (Outlook)");
        let c = &p.contacts[0];
        assert_eq!(names(c), ("Jürgen", "Müller"), "QP in ISO-8859-1");
        assert_eq!(
            c.emails,
            vec![
                "juergen.mueller@contoso.example",
                "j.mueller@privat.example"
            ],
            "2.1 PREF first"
        );
        assert_eq!(c.organization, "Contoso GmbH");
        assert_eq!(c.org_unit, "Vertrieb, Region Süd");
        assert_eq!(c.birthday.as_deref(), Some("1972-03-05"));
        assert_eq!(
            rels(c),
            vec![
                (RelationKind::Spouse, "X-MS-SPOUSE", "Brändle Müller"),
                (RelationKind::Manager, "X-MS-MANAGER", "Sabine Krüger"),
                (RelationKind::Assistant, "X-MS-ASSISTANT", "Tobias Wen"),
            ],
            "X-MS-ANNIVERSARY is not a relation"
        );
        assert_eq!(
            c.notes,
            "Kennengelernt auf der Münchner Messe 2022.\nMag gutes Essen und élégance, sehr pünktlich.",
            "UTF-8 QP with a soft line break"
        );
        let photo = c.photo.as_ref().map(|p| (p.ext, p.bytes.len()));
        assert_eq!(photo, Some(("jpg", 141)), "2.1 ENCODING=BASE64");
        let z = &p.contacts[1];
        assert_eq!(z.line, 26);
        assert_eq!(names(z), ("Zofia", "Łukasiewicz"), "QP in UTF-8");
        assert!(z.photo.is_none());
    }

    #[test]
    fn android_export() {
        let p = ok(ANDROID);
        assert_eq!(p.layout, "vCard 2.1 (Android)");
        assert_eq!(p.contacts.len(), 3);
        let w = &p.contacts[0];
        assert_eq!(
            names(w),
            ("王小明", ""),
            "a CJK name keeps the family-first order FN shows"
        );
        assert_eq!(w.phones, vec!["+86 138 0013 8000", "+86 10 6552 9988"]);
        assert_eq!(rels(w), vec![(RelationKind::Spouse, "spouse", "王芳")]);
        let o = &p.contacts[1];
        assert_eq!(o.line, 10);
        assert_eq!(
            names(o),
            ("Chidi", "Okafor"),
            "emoji dropped from a QP name"
        );
        assert_eq!(
            o.notes,
            "Supplier contact for the Lagos warehouse; prefers WhatsApp. Sister Ngozi works at the port authority."
        );
        assert_eq!(
            rels(o),
            vec![
                (RelationKind::Sibling, "sister", "Ngozi Okafor"),
                (RelationKind::Other, "Godfather", "Emeka Eze"),
            ],
            "the nickname row is not a relation"
        );
        assert_eq!(o.birthday.as_deref(), Some("1988-11-30"));
        let n = &p.contacts[2];
        assert_eq!(names(n), ("", ""), "a phone alone keeps the card");
        assert_eq!(n.phones, vec!["+44 7700 900123"]);
        assert!(p.skipped.is_empty());
    }

    #[test]
    fn thunderbird_v4() {
        let p = ok(THUNDERBIRD);
        assert_eq!(p.layout, "vCard 4.0 (Thunderbird)");
        let c = &p.contacts[0];
        assert_eq!(names(c), ("Layla", "Haddad"));
        assert_eq!(
            c.emails,
            vec!["layla@haddad-design.example", "l.haddad@studio.example"],
            "PREF=1 first"
        );
        assert_eq!(c.phones, vec!["+961 3 123 456"]);
        assert_eq!(c.organization, "Haddad Design Studio");
        assert_eq!(c.org_unit, "");
        assert_eq!(c.birthday.as_deref(), Some("1991-02-28"));
        assert_eq!(
            c.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/layla-haddad")
        );
        assert_eq!(
            c.notes,
            "Designed the 2023 annual report, recommends Beirut printers."
        );
        assert_eq!(
            c.uid.as_deref(),
            Some("0b7a3c8e-4f21-4d6b-9a55-2e7f0c1d9b33")
        );
    }

    #[test]
    fn evolution_relations() {
        let p = ok(EVOLUTION);
        assert_eq!(p.layout, "vCard 3.0 (Evolution)");
        let c = &p.contacts[0];
        assert_eq!(names(c), ("Tomás", "Ferreira"));
        assert_eq!(
            rels(c),
            vec![
                (RelationKind::Spouse, "X-EVOLUTION-SPOUSE", "Inês Ferreira"),
                (RelationKind::Manager, "X-EVOLUTION-MANAGER", "Olga Petrov"),
                (
                    RelationKind::Assistant,
                    "X-EVOLUTION-ASSISTANT",
                    "Dmitri Volkov"
                ),
            ]
        );
        assert_eq!(
            (c.organization.as_str(), c.org_unit.as_str()),
            ("Fabrikam", "Logistics, Lisbon Hub")
        );
        assert_eq!(c.birthday.as_deref(), Some("1979-08-02"));
        assert!(c.photo.is_none(), "base64 that is not an image");
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.starts_with("photos that are not JPEG")),
            "{:?}",
            p.assumptions
        );
    }

    #[test]
    fn vcard_4() {
        let p = ok(V4);
        assert_eq!(p.layout, "vCard 4.0");
        assert_eq!(p.contacts.len(), 3);
        let n = &p.contacts[0];
        assert_eq!(names(n), ("Nomvula Thandeka", "Dlamini"));
        assert_eq!(n.credentials, vec!["PhD"]);
        assert_eq!(
            n.emails,
            vec!["nomvula.dlamini@uct.example", "nomvula@dlamini.example"]
        );
        assert_eq!(n.phones, vec!["+27-82-555-0199"], "tel: URI");
        assert_eq!(n.organization, "University of Cape Town");
        assert_eq!(n.org_unit, "Department of Astronomy, Radio Group");
        assert_eq!(n.birthday.as_deref(), Some("--04-12"), "BDAY:--0412");
        assert_eq!(
            rels(n),
            vec![
                (RelationKind::Spouse, "spouse", "Sipho Dlamini"),
                (
                    RelationKind::Child,
                    "child",
                    "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
                ),
                (
                    RelationKind::Colleague,
                    "co-worker",
                    "thandi.mokoena@uct.example"
                ),
            ]
        );
        assert_eq!(n.tags, vec!["Research", "Astronomy"]);
        assert_eq!(
            n.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/nomvula-dlamini")
        );
        let photo = n.photo.as_ref().map(|p| (p.ext, p.bytes.len()));
        assert_eq!(photo, Some(("gif", 42)), "data: URI");
        assert!(n.notes.contains("Stellenbosch and the outreach programme"));

        let b = &p.contacts[1];
        assert_eq!(names(b), ("Björn", "Åkesson"));
        assert_eq!(b.birthday, None, "VALUE=text that is not a date");
        assert_eq!(
            rels(b),
            vec![
                (RelationKind::Spouse, "X-SPOUSE", "Karin Åkesson"),
                (RelationKind::Manager, "X-MANAGER", "Lena Holm"),
                (RelationKind::Assistant, "X-ASSISTANT", "Ola Berg"),
            ],
            "X-ANNIVERSARY is not a relation"
        );
        assert!(b.photo.is_none());

        let s = &p.contacts[2];
        assert_eq!(s.line, 35);
        assert_eq!(names(s), ("Siobhán", "Ní Bhriain"));
        assert_eq!(s.birthday.as_deref(), Some("--04-12"), "VALUE=text");
        assert_eq!(
            rels(s),
            vec![(RelationKind::Friend, "friend", "Aoife Byrne")]
        );

        let a = &p.assumptions;
        assert!(
            a.iter()
                .any(|x| x.contains("`circa 1960`") && x.contains("line 23")),
            "{a:?}"
        );
        assert!(
            a.iter().any(|x| x.starts_with("photos given as links")),
            "{a:?}"
        );
        assert!(a.iter().any(|x| x.contains("urn:uuid")), "{a:?}");
        assert!(a.iter().any(|x| x.contains("middle names")), "{a:?}");
    }

    #[test]
    fn mixed_versions_and_writers() {
        let text = format!("{OUTLOOK}\r\n{APPLE}");
        let p = ok(&text);
        assert_eq!(p.layout, "vCard 2.1 and 3.0 (Outlook, Apple Contacts)");
        assert_eq!(p.contacts.len(), 4);
        // outlook.vcf has 32 lines, then the blank line the join adds.
        assert_eq!(p.contacts[2].line, 34);
    }

    #[test]
    fn truncated_file_names_the_start() {
        let e = err(TRUNCATED);
        assert!(e.contains("line 7") && e.contains("END:VCARD"), "{e}");
        let e = err("BEGIN:VCARD\nVERSION:3.0\nFN:A B\nBEGIN:VCARD\nFN:C\nEND:VCARD\n");
        assert!(e.contains("line 1") && e.contains("line 4"), "{e}");
    }

    #[test]
    fn not_a_vcard() {
        for text in [
            "",
            "First Name,Last Name\nAna,Silva\n",
            "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
        ] {
            let e = err(text);
            assert!(e.contains("not a vCard file"), "{e}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for text in [
            "BEGIN:VCARD\nEND:VCARD\n",
            "BEGIN:VCARD\n:\n;;;\nN\nEND:VCARD",
            "BEGIN:VCARD\nN:;;;;\nEMAIL;PREF=x:a@b.c\nPHOTO;ENCODING=b:@@@\nBDAY:--13-45\nEND:VCARD",
            "BEGIN:VCARD\nPHOTO:data:image/png;base64,\nRELATED;TYPE=spouse:\nEND:VCARD\n",
            "\u{feff}BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD",
        ] {
            let _ = parse(text);
        }
        let p = ok("junk\nBEGIN:VCARD\nKIND:group\nFN:Climbing club\nEND:VCARD\nEND:VCARD\n");
        assert_eq!(p.skipped.len(), 1);
        assert!(p.skipped[0].reason.contains("group"));
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.starts_with("2 lines outside"))
        );
        let p = ok("\u{feff}BEGIN:VCARD\r\nFN:Ana\r\nEND:VCARD");
        assert_eq!(names(&p.contacts[0]), ("Ana", ""));
        assert_eq!(p.layout, "vCard");
    }

    #[test]
    fn birthday_forms() {
        let mut n = Notes::default();
        assert_eq!(
            date("1984-04-12", None, &mut n).as_deref(),
            Some("1984-04-12")
        );
        assert_eq!(
            date("19840412", None, &mut n).as_deref(),
            Some("1984-04-12")
        );
        assert_eq!(date("--0412", None, &mut n).as_deref(), Some("--04-12"));
        assert_eq!(date("--04-12", None, &mut n).as_deref(), Some("--04-12"));
        assert_eq!(date("--0229", None, &mut n).as_deref(), Some("--02-29"));
        assert_eq!(
            date("1984-04-12T00:00:00Z", None, &mut n).as_deref(),
            Some("1984-04-12")
        );
        assert_eq!(date("1604-03-09", None, &mut n).as_deref(), Some("--03-09"));
        assert_eq!(date("1984-02-30", None, &mut n), None);
        assert_eq!(date("circa 1960", None, &mut n), None);
        assert_eq!(date("--1301", None, &mut n), None);
        assert_eq!(date("1984-0412", None, &mut n), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        #[test]
        fn any_card_body_is_safe(body in "(?s)[ -~\n\té🚀]{0,300}") {
            let _ = parse(&format!("BEGIN:VCARD\nVERSION:2.1\n{body}\nEND:VCARD\n"));
            let _ = parse(&format!("BEGIN:VCARD\nVERSION:4.0\n{body}\nEND:VCARD\n"));
            let _ = parse(&body);
        }
    }
}
