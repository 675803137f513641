//! vCard 4.0 (RFC 6350), written through calcard: it escapes `,`, `;`, `\` and newlines,
//! folds lines at 75 octets (never inside a UTF-8 character) and ends them with CRLF.

use calcard::vcard::{VCard, VCardEntry, VCardProperty, VCardValue, VCardVersion};

use super::{Extras, linkedin_url};
use crate::{ExportedPerson, PeopleExport};
use sphere_domain::Id;
use sphere_domain::error::ApiError;

/// The `UID` of a person's card: stable across exports, so an address book that imports a
/// second export updates the cards of the first instead of duplicating them.
pub fn person_uid(id: Id) -> String {
    format!("urn:sphere:person:{id}")
}

/// Every person of the export as one vCard 4.0 each, concatenated.
pub fn to_vcard(export: &PeopleExport, extras: &Extras) -> Result<String, ApiError> {
    let mut out = String::new();
    for p in &export.people {
        card(p, extras)
            .write_to(&mut out, VCardVersion::V4_0)
            .map_err(|_| {
                ApiError::internal(format!("cannot write the vCard of person {}", p.person.id))
            })?;
    }
    Ok(out)
}

/// Text for a vCard value: line breaks as `\n` (calcard escapes it), never a bare `\r`.
fn text(s: &str) -> VCardValue {
    VCardValue::Text(s.replace("\r\n", "\n").replace('\r', "\n"))
}

fn single(name: VCardProperty, value: &str) -> VCardEntry {
    VCardEntry::new(name).with_value(text(value))
}

fn card(p: &ExportedPerson, extras: &Extras) -> VCard {
    let person = &p.person;
    let mut entries = vec![
        VCardEntry::new(VCardProperty::Uid).with_value(person_uid(person.id)),
        single(VCardProperty::Fn, &person.display_name),
        // Family; given; additional; prefixes; suffixes.
        VCardEntry::new(VCardProperty::N).with_values(vec![
            text(&person.last_name),
            text(&person.first_name),
            text(""),
            text(""),
            text(""),
        ]),
    ];
    entries.extend(
        person
            .emails
            .iter()
            .map(|e| single(VCardProperty::Email, e)),
    );
    entries.extend(person.phones.iter().map(|t| single(VCardProperty::Tel, t)));
    if let Some(org) = p.organization_name.as_deref().filter(|o| !o.is_empty()) {
        entries.push(single(VCardProperty::Org, org));
    }
    if !person.title.is_empty() {
        entries.push(single(VCardProperty::Title, &person.title));
    }
    if !person.tags.is_empty() {
        entries.push(
            VCardEntry::new(VCardProperty::Categories)
                .with_values(person.tags.iter().map(|t| text(t)).collect()),
        );
    }
    if let Some(key) = extras.linkedin.get(&person.id) {
        entries.push(VCardEntry::new(VCardProperty::Url).with_value(linkedin_url(key)));
    }
    if !person.notes.trim().is_empty() {
        entries.push(single(VCardProperty::Note, &person.notes));
    }
    VCard { entries }
}
