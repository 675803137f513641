//! Google Contacts CSV, in both of the layouts Google has exported:
//!
//! * the old one (`Name,Given Name,Additional Name,Family Name,…,Group Membership,
//!   E-mail 1 - Type,E-mail 1 - Value,…,Organization 1 - Name,…`), and
//! * the 2023+ one (`First Name,Middle Name,Last Name,…,File As,Organization Name,
//!   Organization Title,Organization Department,Birthday,Notes,Photo,Labels,
//!   E-mail 1 - Label,E-mail 1 - Value,…`).
//!
//! Quirks handled:
//!
//! * ` ::: ` separates several values in one cell (`a@x.com ::: b@y.com`); every list cell
//!   (emails, phones, websites, relations, labels) is split on `:::`.
//! * `* ` in front of a type marks the primary entry (`* Work`): the first value of that cell
//!   is the primary one and comes first in [`Contact::emails`] / [`Contact::phones`]; the rest
//!   keep the file's order.
//! * Labels / Group Membership become [`Contact::tags`]. The rule: Google's *system groups*
//!   are dropped, user labels are kept without the `* ` marker. A system group is
//!   `myContacts`, `starred`, `otherContacts`, `chatBuddies`, `blocked` (in any case and
//!   spacing: `My Contacts`), anything written `System Group: …`, and the old built-in
//!   `* Friends`, `* Family`, `* Coworkers` when they carry the `* ` marker. An unmarked
//!   `Friends` or `Family` is a label the user made and is kept.
//! * `Relation N` becomes a [`Relation`] (kind from [`RelationKind::from_label`]).
//! * A website that is a LinkedIn profile becomes [`Contact::linkedin_url`].
//! * Birthdays are kept as `1984-04-12`, or `--04-12` when the year is unknown; other date
//!   spellings (a re-save in Excel) are read with [`dates::column`].
//! * A middle / additional name is kept with the first name (`Ana Maria` + `Silva`); a
//!   name suffix is put after the last name so [`names::clean`] can tell credentials
//!   (`PhD`) from suffixes (`Jr.`).
//!
//! Rows with every field empty are ignored; rows with no name, email or phone are skipped
//! with that reason, as are rows whose field count does not match the header.

use std::collections::BTreeMap;

use super::contact::{
    Contact, Format, Parsed, Relation, RelationKind, Skip, linkedin_url, push_email, push_phone,
};
use super::{dates, names, sheet};
use sphere_domain::error::CoreResult;

/// Headers only Google writes. `Organization 1 - Name`-style numbered columns, the old
/// `Given Name`/`Family Name`/`Group Membership`, and the new `Labels`/`File As`/`Phonetic …`.
pub fn looks_like(headers: &[String]) -> bool {
    let has = |name: &str| {
        headers
            .iter()
            .any(|h| clean_header(h).eq_ignore_ascii_case(name))
    };
    let numbered = headers.iter().any(|h| numbered_header(h).is_some());
    let old = has("Given Name") && has("Family Name");
    let new = has("First Name")
        && has("Last Name")
        && (has("Labels") || has("File As") || has("Phonetic First Name"));
    numbered || old || new || has("Group Membership")
}

fn clean_header(h: &str) -> &str {
    h.trim().trim_start_matches('\u{feff}').trim()
}

/// `E-mail 2 - Value` → (`E-mail`, 2, `Value`).
fn numbered_header(h: &str) -> Option<(&str, u32, &str)> {
    let (left, field) = clean_header(h).split_once(" - ")?;
    let (group, n) = left.trim().rsplit_once(' ')?;
    let n: u32 = n.parse().ok()?;
    const GROUPS: [&str; 9] = [
        "E-mail",
        "Phone",
        "Website",
        "Relation",
        "Organization",
        "Address",
        "IM",
        "Event",
        "Custom Field",
    ];
    GROUPS
        .iter()
        .any(|g| g.eq_ignore_ascii_case(group.trim()))
        .then_some((group.trim(), n, field.trim()))
}

/// The numbered columns of one group, by number: field name (lowercased) → column.
fn groups(headers: &[String], group: &str) -> BTreeMap<u32, BTreeMap<String, usize>> {
    let mut out: BTreeMap<u32, BTreeMap<String, usize>> = BTreeMap::new();
    for (i, h) in headers.iter().enumerate() {
        if let Some((g, n, field)) = numbered_header(h)
            && g.eq_ignore_ascii_case(group)
        {
            out.entry(n).or_default().insert(field.to_lowercase(), i);
        }
    }
    out
}

/// The values of a cell split on ` ::: `, trimmed, empty ones dropped.
fn multi(cell: &str) -> Vec<&str> {
    cell.split(":::")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A type or label without Google's `* ` primary/system marker, and whether it had one.
fn unmark(label: &str) -> (bool, &str) {
    let l = label.trim();
    match l.strip_prefix('*') {
        Some(rest) => (true, rest.trim()),
        None => (false, l),
    }
}

/// Whether a label names one of Google's system groups (see the module documentation).
fn is_system_group(marked: bool, label: &str) -> bool {
    let key: String = label
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if key.starts_with("systemgroup:") {
        return true;
    }
    match key.as_str() {
        "mycontacts" | "starred" | "othercontacts" | "chatbuddies" | "blocked" => true,
        "friends" | "family" | "coworkers" => marked,
        _ => false,
    }
}

/// Tags from a Labels / Group Membership cell.
fn tags(cell: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in multi(cell) {
        let (marked, label) = unmark(v);
        let label = label.trim_start_matches("System Group:").trim();
        if label.is_empty() || is_system_group(marked, v.trim_start_matches('*')) {
            continue;
        }
        if !out.iter().any(|t| t.eq_ignore_ascii_case(label)) {
            out.push(label.to_string());
        }
    }
    out
}

/// Values of a numbered group (`E-mail`, `Phone`) in order, primary entries first.
fn ordered_values<'a>(
    row: &'a sheet::SheetRow,
    groups: &BTreeMap<u32, BTreeMap<String, usize>>,
) -> Vec<&'a str> {
    let mut primary = Vec::new();
    let mut rest = Vec::new();
    for fields in groups.values() {
        let kind = row.get(fields.get("type").or_else(|| fields.get("label")).copied());
        let (marked, _) = unmark(kind);
        for (i, v) in multi(row.get(fields.get("value").copied()))
            .into_iter()
            .enumerate()
        {
            if marked && i == 0 {
                primary.push(v);
            } else {
                rest.push(v);
            }
        }
    }
    primary.extend(rest);
    primary
}

/// A birthday cell Google wrote itself: `1984-04-12` or `--04-12` (checked as a date).
fn google_birthday(value: &str) -> Option<String> {
    let v = value.trim();
    if let Some(md) = v.strip_prefix("--") {
        let (m, d) = md.split_once('-')?;
        let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
        // 2000 is a leap year, so 29 February is allowed.
        chrono::NaiveDate::from_ymd_opt(2000, m, d)?;
        return Some(format!("--{m:02}-{d:02}"));
    }
    let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?;
    Some(d.format("%Y-%m-%d").to_string())
}

/// Reads a Google Contacts CSV export (see the module documentation).
pub fn parse(text: &str) -> CoreResult<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sheet = sheet::read(text, "a Google Contacts CSV export", looks_like)?;
    let col = |names: &[&str]| sheet.col(names);
    let new_layout = col(&["First Name"]).is_some() && col(&["Given Name"]).is_none();
    let layout = if new_layout {
        "Google Contacts CSV (2023+ layout)"
    } else {
        "Google Contacts CSV (old layout)"
    };

    let first = col(&["First Name", "Given Name"]);
    let middle = col(&["Middle Name", "Additional Name"]);
    let last = col(&["Last Name", "Family Name"]);
    let suffix = col(&["Name Suffix"]);
    let full = col(&["Name"]);
    let nickname = col(&["Nickname"]);
    let file_as = col(&["File As"]);
    let birthday = col(&["Birthday"]);
    let notes = col(&["Notes"]);
    let labels = col(&["Labels", "Group Membership"]);
    let org_name = col(&["Organization Name"]);
    let org_title = col(&["Organization Title"]);
    let org_dept = col(&["Organization Department"]);
    let emails = groups(&sheet.headers, "E-mail");
    let phones = groups(&sheet.headers, "Phone");
    let websites = groups(&sheet.headers, "Website");
    let relations = groups(&sheet.headers, "Relation");
    let orgs = groups(&sheet.headers, "Organization");

    let mut assumptions = sheet.assumptions.clone();
    let mut skipped: Vec<Skip> = sheet.malformed.clone();

    // Birthdays Google did not write itself (a re-save in a spreadsheet) are read as a column.
    let other_dates = dates::column(
        "Birthday",
        sheet.rows.iter().map(|r| {
            let b = r.get(birthday);
            if google_birthday(b).is_some() { "" } else { b }
        }),
    );
    if let Some(a) = &other_dates.assumption {
        assumptions.push(a.clone());
    }

    let mut contacts = Vec::new();
    for (index, row) in sheet.rows.iter().enumerate() {
        if row.blank_except(&[]) {
            continue;
        }
        let mut c = Contact {
            line: row.line,
            ..Default::default()
        };
        // Name: given/middle/family, else the full name, else nickname / File As.
        let given = [row.get(first), row.get(middle)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let family = match row.get(suffix) {
            "" => row.get(last).to_string(),
            s => format!("{}, {s}", row.get(last)),
        };
        let mut name = names::clean(&given, &family);
        for fallback in [full, nickname, file_as] {
            if !name.first.is_empty() {
                break;
            }
            name = names::split_full(row.get(fallback));
        }
        c.first_name = name.first;
        c.last_name = name.last;
        c.credentials = name.credentials;

        for e in ordered_values(row, &emails) {
            push_email(&mut c.emails, e);
        }
        for p in ordered_values(row, &phones) {
            push_phone(&mut c.phones, p);
        }

        // Organization: the new layout's single one, else the primary (`* `) numbered one,
        // else the first with a name or title.
        let first_of = |i: Option<usize>| multi(row.get(i)).first().copied().unwrap_or("");
        if new_layout || orgs.is_empty() {
            c.organization = first_of(org_name).to_string();
            c.title = first_of(org_title).to_string();
            c.org_unit = first_of(org_dept).to_string();
        }
        if c.organization.is_empty() && c.title.is_empty() {
            let field = |f: &BTreeMap<String, usize>, k: &str| first_of(f.get(k).copied());
            let filled = |f: &&BTreeMap<String, usize>| {
                !field(f, "name").is_empty() || !field(f, "title").is_empty()
            };
            let chosen = orgs
                .values()
                .filter(filled)
                .find(|f| unmark(row.get(f.get("type").or_else(|| f.get("label")).copied())).0)
                .or_else(|| orgs.values().find(filled));
            if let Some(f) = chosen {
                c.organization = field(f, "name").to_string();
                c.title = field(f, "title").to_string();
                c.org_unit = field(f, "department").to_string();
            }
        }

        c.linkedin_url = websites
            .values()
            .flat_map(|f| multi(row.get(f.get("value").copied())))
            .find_map(linkedin_url);

        for f in relations.values() {
            let label = row.get(f.get("type").or_else(|| f.get("label")).copied());
            let (_, label) = unmark(label);
            for who in multi(row.get(f.get("value").copied())) {
                c.relations.push(Relation {
                    kind: RelationKind::from_label(label),
                    label: label.to_string(),
                    name: who.to_string(),
                });
            }
        }

        let b = row.get(birthday);
        c.birthday = google_birthday(b).or_else(|| {
            other_dates
                .dates
                .get(index)
                .copied()
                .flatten()
                .map(|d| d.format("%Y-%m-%d").to_string())
        });
        if c.birthday.is_none() && !b.is_empty() {
            assumptions.push(format!(
                "line {}: the birthday `{b}` could not be read and was left out",
                row.line
            ));
        }
        c.tags = tags(row.get(labels));
        c.notes = row.get(notes).to_string();

        if let Some(reason) = c.unidentifiable() {
            skipped.push(Skip {
                line: row.line,
                reason: reason.into(),
            });
            continue;
        }
        contacts.push(c);
    }
    skipped.sort_by_key(|s| s.line);
    Ok(Parsed {
        format: Format::Google,
        layout: layout.into(),
        contacts,
        skipped,
        assumptions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::test_support::{first_line, headers, names, rel};
    use proptest::prelude::*;

    const OLD: &str = include_str!("../../../tests/data/import/google/contacts-old.csv");
    const NEW: &str = include_str!("../../../tests/data/import/google/contacts-new.csv");

    #[test]
    fn old_layout() -> CoreResult<()> {
        let p = parse(OLD)?;
        assert_eq!(p.format, Format::Google);
        assert_eq!(p.layout, "Google Contacts CSV (old layout)");
        assert_eq!(
            names(&p),
            vec![
                ("Ana Maria", "Silva"),
                ("Søren", "Kierkegaard-Ng"),
                ("Mei Ling", "Chen"),
                ("", ""),
                ("Renée", "Dubois"),
            ]
        );
        let lines: Vec<u64> = p.contacts.iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![2, 5, 6, 7, 11]);

        let ana = &p.contacts[0];
        // `* Work` is the primary, though it is the second email column; the ` ::: ` values
        // of the first keep their order after it.
        assert_eq!(
            ana.emails,
            vec![
                "ana.silva@acme.example",
                "ana@casa.example",
                "ana.m@old-mail.example"
            ]
        );
        assert_eq!(ana.phones, vec!["+351 21 000 1234", "+351 912 345 678"]);
        assert_eq!(
            (
                ana.organization.as_str(),
                ana.title.as_str(),
                ana.org_unit.as_str()
            ),
            ("Acme Lda", "Head of Sales", "Iberia")
        );
        assert_eq!(
            ana.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/ana-silva-42")
        );
        assert_eq!(ana.birthday.as_deref(), Some("1984-04-12"));
        assert_eq!(
            ana.tags,
            vec!["Clients", "Lisboa 2019"],
            "system groups dropped"
        );
        assert_eq!(
            ana.relations,
            vec![
                rel(RelationKind::Spouse, "Spouse", "João Silva"),
                rel(RelationKind::Child, "Child", "Inês Silva"),
                rel(RelationKind::Child, "Child", "Tomás Silva"),
            ]
        );
        assert_eq!(
            ana.notes,
            "Met at the Lisbon product meetup.\nLikes pastéis de nata."
        );

        let soren = &p.contacts[1];
        assert_eq!(soren.credentials, vec!["PhD"], "the suffix is a credential");
        assert_eq!(soren.birthday.as_deref(), Some("--05-05"));
        assert_eq!(soren.tags, vec!["Academia"]);
        assert_eq!(soren.emails, vec!["soren@uni-aarhus.example"]);
        assert_eq!(soren.organization, "Aarhus Universitet");
        assert_eq!(soren.title, "Lecturer");
        assert_eq!(soren.linkedin_url, None);
        assert_eq!(
            soren.relations,
            vec![
                rel(RelationKind::Manager, "Manager", "Birgitte Holm"),
                rel(RelationKind::ReferredBy, "Referred by", "Ana Silva"),
            ]
        );

        let mei = &p.contacts[2];
        assert_eq!(mei.phones, vec!["+1 415 555 0101", "(415) 555-0101"]);
        assert_eq!(
            mei.tags,
            vec!["Family"],
            "`System Group:` dropped, plain Family kept"
        );
        assert_eq!(mei.birthday, None);
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.contains("line 6") && a.contains("sometime in May")),
            "{:?}",
            p.assumptions
        );

        assert_eq!(p.contacts[3].emails, vec!["orphan@example.com"]);
        assert_eq!(
            p.contacts[4].tags,
            vec!["Book Club"],
            "deduplicated by case"
        );

        // Line 8 is blank (ignored), 9 has only notes and a company, 10 has an unquoted comma.
        assert_eq!(p.skipped.len(), 2, "{:?}", p.skipped);
        assert_eq!(
            p.skipped[0],
            Skip {
                line: 9,
                reason: "no name, email or phone".into()
            }
        );
        assert_eq!(p.skipped[1].line, 10);
        assert!(
            p.skipped[1].reason.contains("54 fields"),
            "{:?}",
            p.skipped[1]
        );
        Ok(())
    }

    #[test]
    fn new_layout() -> CoreResult<()> {
        let p = parse(NEW)?;
        assert_eq!(p.layout, "Google Contacts CSV (2023+ layout)");
        assert_eq!(
            names(&p),
            vec![
                ("Zoë", "O'Connor-Díaz"),
                ("An Văn", "Nguyễn"),
                ("Kwame", ""),
                ("Siobhán", "Mac Giolla Phádraig, Jr."),
            ]
        );
        let zoe = &p.contacts[0];
        assert_eq!(
            zoe.emails,
            vec![
                "zoe@fjord.example",
                "zoe@personal.example",
                "zoe.od@fjord.example"
            ]
        );
        assert_eq!(zoe.phones, vec!["+47 912 34 567", "+47 22 00 00 00"]);
        assert_eq!(
            (
                zoe.organization.as_str(),
                zoe.title.as_str(),
                zoe.org_unit.as_str()
            ),
            ("Fjord & Co.", "CTO", "Platform")
        );
        assert_eq!(zoe.tags, vec!["Clients", "Running Club"]);
        assert_eq!(
            zoe.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/zoe-oconnor-diaz"),
            "the second website is the LinkedIn one"
        );
        assert_eq!(zoe.birthday.as_deref(), Some("1990-02-28"));
        assert_eq!(
            zoe.relations,
            vec![
                rel(RelationKind::Spouse, "Spouse", "Kai Nakamura"),
                rel(RelationKind::Assistant, "Assistant", "Ingrid Berg"),
            ]
        );
        assert_eq!(zoe.notes, "Loves trail running.\nIntro via Kai.");
        assert_eq!(zoe.photo, None, "a photo URL is not fetched");

        let an = &p.contacts[1];
        assert_eq!(an.line, 4);
        assert_eq!(an.birthday.as_deref(), Some("--12-24"));
        assert_eq!(an.tags, vec!["Family"], "`* starred` dropped");
        assert_eq!(an.phones, vec!["+84 90 123 4567"]);
        assert_eq!(
            an.relations,
            vec![rel(RelationKind::Parent, "Father", "Nguyễn Văn Bình")]
        );

        let kwame = &p.contacts[2];
        assert_eq!(kwame.emails, vec!["kwame@beats.example"]);
        assert_eq!(kwame.tags, vec!["DJs"]);
        assert_eq!(
            kwame.birthday.as_deref(),
            Some("1984-04-12"),
            "a re-saved 4/12/1984 is read as a date column"
        );
        assert!(p.assumptions.iter().any(|a| a.contains("month/day")));

        let sio = &p.contacts[3];
        assert_eq!(sio.line, 8);
        assert!(sio.credentials.is_empty(), "Jr. is not a credential");
        assert_eq!(sio.organization, "Ceol Records", "first of ` ::: ` values");
        assert_eq!(sio.title, "A&R");
        assert_eq!(sio.emails, vec!["siobhan@ceol.example"]);
        assert_eq!(sio.phones, vec!["+353 87 555 1111", "+353 1 555 0000"]);
        assert_eq!(
            sio.tags,
            vec!["Music", "Friends"],
            "unmarked Friends is a label"
        );
        assert_eq!(
            sio.relations,
            vec![
                rel(RelationKind::ReferredBy, "Referred by", "Ana Silva"),
                rel(RelationKind::Other, "Godmother", "Nuala Byrne"),
            ]
        );

        // Line 6 is blank; line 7 has only notes, a label and an address.
        assert_eq!(
            p.skipped,
            vec![Skip {
                line: 7,
                reason: "no name, email or phone".into()
            }]
        );
        Ok(())
    }

    #[test]
    fn labels_rule() {
        assert_eq!(
            tags("* myContacts ::: * starred ::: * Friends ::: * Family ::: * Coworkers"),
            Vec::<String>::new()
        );
        assert_eq!(
            tags("System Group: My Contacts ::: My Contacts ::: otherContacts ::: chatBuddies"),
            Vec::<String>::new()
        );
        assert_eq!(
            tags("Friends ::: Family ::: * VIP ::: Clients:::Suppliers ::: clients"),
            vec!["Friends", "Family", "VIP", "Clients", "Suppliers"]
        );
        assert_eq!(tags(""), Vec::<String>::new());
    }

    #[test]
    fn birthdays() {
        assert_eq!(google_birthday("--02-29").as_deref(), Some("--02-29"));
        assert_eq!(google_birthday("--13-01"), None);
        assert_eq!(google_birthday("--04"), None);
        assert_eq!(google_birthday("1984-02-30"), None);
        assert_eq!(google_birthday(" 1984-4-2 ").as_deref(), Some("1984-04-02"));
    }

    #[test]
    fn looks_like_claims_only_google() {
        assert!(looks_like(&first_line(OLD)));
        assert!(looks_like(&first_line(NEW)));
        assert!(looks_like(&headers(
            "First Name,Middle Name,Last Name,Labels"
        )));
        assert!(!looks_like(&first_line(include_str!(
            "../../../tests/data/import/outlook/desktop.csv"
        ))));
        assert!(!looks_like(&first_line(include_str!(
            "../../../tests/data/import/outlook/outlookcom.csv"
        ))));
        assert!(!looks_like(&headers(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
        )));
        assert!(!looks_like(&headers("First Name,Last Name")));
    }

    #[test]
    fn semicolons_crlf_and_bad_input() -> CoreResult<()> {
        let text = "First Name;Last Name;Labels;E-mail 1 - Label;E-mail 1 - Value\r\n\
                    Ana;Silva;* myContacts ::: VIP;* Work;ana@x.example ::: a@y.example\r\n";
        let p = parse(text)?;
        assert_eq!(p.contacts[0].emails, vec!["ana@x.example", "a@y.example"]);
        assert_eq!(p.contacts[0].tags, vec!["VIP"]);
        assert!(p.assumptions.iter().any(|a| a.contains("semicolons")));
        assert!(parse("Name,Company\nAna,Acme\n").is_err());
        assert!(parse("").is_err());
        // Odd cells never panic.
        let p = parse(
            "Given Name,Family Name,Birthday,E-mail 1 - Type,E-mail 1 - Value,Relation 1 - Type,\
             Relation 1 - Value\n*,*,--,* ,:::,*,::: ::: \n🚀,,--99-99,*,<>,,x\n",
        )?;
        assert_eq!(p.contacts.len(), 1, "{p:?}");
        assert!(p.contacts[0].relations.is_empty());
        assert_eq!(p.contacts[0].birthday, None);
        assert_eq!(p.skipped.len(), 1, "an emoji-only name is no name");
        assert_eq!(p.skipped[0].line, 3);
        Ok(())
    }

    proptest::proptest! {
        /// Whatever the cells hold, parsing returns (a result or an error) without panicking.
        #[test]
        fn never_panics(rows in prop::collection::vec(
            prop::collection::vec(
                prop_oneof![
                    "[ *:;,/<>()@.0-9a-zé🚀\"-]{0,12}",
                    Just("* ".to_string()),
                    Just(" ::: ".to_string()),
                    Just("0/0/00".to_string()),
                    Just("--02-30".to_string()),
                ],
                0..16,
            ),
            0..6,
        )) {
            let mut text = String::from("First Name,Middle Name,Last Name,Name Suffix,Birthday,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Relation 1 - Label,Relation 1 - Value,Website 1 - Value,Organization 1 - Name\n");
            for row in rows {
                text.push_str(&row.join(","));
                text.push('\n');
            }
            let _ = parse(&text);
        }
    }
}
