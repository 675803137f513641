//! Outlook CSV, in both layouts Microsoft exports:
//!
//! * desktop Outlook (`Title,First Name,Middle Name,Last Name,Suffix,Company,Department,
//!   Job Title,Business Street,…,E-mail Address,E-mail Type,E-mail Display Name,…`), every
//!   field quoted, CRLF, empty dates written `0/0/00`, and `Normal` / `False` /
//!   `Unspecified` in Priority, Sensitivity, Private and Gender of every row;
//! * outlook.com / the new Outlook (`First Name,Middle Name,Last Name,Title,Suffix,Nickname,
//!   Given Yomi,Surname Yomi,E-mail Address,E-mail 2 Address,…`), no `E-mail Type`.
//!
//! Either may come back from a spreadsheet re-saved with `;` between fields and dotted dates;
//! [`sheet::read`] and [`dates::column`] deal with that and say what they assumed.
//!
//! Quirks handled:
//!
//! * `Title` is the name prefix (`Mr.`, `Dr.`) and is dropped; the job is `Job Title`.
//! * `E-mail Address`, `E-mail 2 Address`, `E-mail 3 Address` in that order (the first is the
//!   primary). Exchange addresses (`/o=ExchangeLabs/…`, type `EX`) are not email addresses
//!   and are left out.
//! * Phones: `Primary Phone` first, then mobile, business, home, company main, other and car
//!   phones; faxes, pagers and `Assistant's Phone` (the assistant's number) are left out.
//! * `Manager's Name`, `Assistant's Name`, `Spouse` and `Referred By` become [`Relation`]s;
//!   `Children` may name several children separated by `,` or `;`, each a Child relation.
//! * `Categories` is `;`-separated (`Business;Clients`) → tags, trimmed, deduplicated
//!   without regard to case.
//! * `Web Page` / `Personal Web Page` holding a LinkedIn profile → [`Contact::linkedin_url`].
//! * No first or last name: the nickname, else the email display name (when it is not an
//!   address), is split into first and last name.
//!
//! Rows with every field empty (desktop Outlook's defaults aside) are ignored; rows with no
//! name, email or phone are skipped with that reason, as are rows whose field count does not
//! match the header.

use super::contact::{
    Contact, Format, Parsed, Relation, RelationKind, Skip, linkedin_url, push_email, push_phone,
};
use super::{dates, names, sheet};
use crate::error::CoreResult;

/// Outlook's headers: `First Name` and `Last Name` with Outlook's `E-mail Address` (hyphen;
/// LinkedIn writes `Email Address`), `Categories`, `Business Phone`/`Mobile Phone` or
/// `Job Title`; and none of Google's (`E-mail 1 - Value`, `Given Name`, `Labels`…).
pub fn looks_like(headers: &[String]) -> bool {
    let has = |name: &str| {
        headers.iter().any(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .trim()
                .eq_ignore_ascii_case(name)
        })
    };
    let outlook = [
        "E-mail Address",
        "E-mail 2 Address",
        "Categories",
        "Business Phone",
        "Mobile Phone",
        "Home Phone",
        "Manager's Name",
        "Job Title",
    ]
    .iter()
    .filter(|h| has(h))
    .count();
    has("First Name") && has("Last Name") && outlook >= 2 && !super::google::looks_like(headers)
}

/// Phone columns, best first.
const PHONES: [&str; 10] = [
    "Primary Phone",
    "Mobile Phone",
    "Business Phone",
    "Business Phone 2",
    "Home Phone",
    "Home Phone 2",
    "Company Main Phone",
    "Other Phone",
    "Car Phone",
    "Radio Phone",
];

/// An empty Outlook date: `0/0/00`, `00.00.0000`, any spelling that is only zeros.
fn empty_date(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || (v.chars().any(|c| c == '0')
            && v.chars()
                .all(|c| c == '0' || c == '/' || c == '.' || c == '-'))
}

/// Names in a `Children` cell: `Ada; Obi, Chioma`.
fn children(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A display name without an address in brackets (`Ana Silva (ana@x.com)` → `Ana Silva`);
/// empty when it is only an address.
fn display_name(text: &str) -> &str {
    let t = match text.find(['(', '<']) {
        Some(i) => text[..i].trim(),
        None => text.trim(),
    };
    if t.contains('@') { "" } else { t }
}

/// Reads an Outlook CSV export (see the module documentation).
pub fn parse(text: &str) -> CoreResult<Parsed> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sheet = sheet::read(text, "an Outlook CSV export", looks_like)?;
    let col = |names: &[&str]| sheet.col(names);
    let desktop = col(&["E-mail Type"]).is_some()
        || col(&["E-mail Display Name"]).is_some()
        || sheet
            .headers
            .first()
            .is_some_and(|h| h.eq_ignore_ascii_case("Title"));
    let layout = if desktop {
        "Outlook CSV (desktop Outlook export)"
    } else {
        "Outlook CSV (outlook.com / new Outlook export)"
    };

    let first = col(&["First Name"]);
    let middle = col(&["Middle Name"]);
    let last = col(&["Last Name"]);
    let suffix = col(&["Suffix"]);
    let nickname = col(&["Nickname"]);
    let company = col(&["Company"]);
    let department = col(&["Department"]);
    let job = col(&["Job Title"]);
    let birthday = col(&["Birthday"]);
    let categories = col(&["Categories"]);
    let notes = col(&["Notes"]);
    let manager = col(&["Manager's Name", "Manager"]);
    let assistant = col(&["Assistant's Name", "Assistant"]);
    let spouse = col(&["Spouse"]);
    let kids = col(&["Children"]);
    let referred = col(&["Referred By"]);
    let emails: Vec<(Option<usize>, Option<usize>, Option<usize>)> = [
        ("E-mail Address", "E-mail Type", "E-mail Display Name"),
        ("E-mail 2 Address", "E-mail 2 Type", "E-mail 2 Display Name"),
        ("E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name"),
    ]
    .iter()
    .map(|(a, t, d)| (col(&[a]), col(&[t]), col(&[d])))
    .collect();
    let phones: Vec<Option<usize>> = PHONES.iter().map(|p| col(&[p])).collect();
    let web = sheet.cols(|h| h.trim().to_ascii_lowercase().ends_with("web page"));

    let mut assumptions = sheet.assumptions.clone();
    let mut skipped: Vec<Skip> = sheet
        .malformed
        .iter()
        .map(|(line, reason)| Skip {
            line: *line,
            reason: reason.clone(),
        })
        .collect();

    let birthdays = dates::column(
        "Birthday",
        sheet.rows.iter().map(|r| {
            let b = r.get(birthday);
            if empty_date(b) { "" } else { b }
        }),
    );
    if let Some(a) = &birthdays.assumption {
        assumptions.push(a.clone());
    }

    // Desktop Outlook writes defaults into every row; they do not make a row worth reading.
    let defaults: Vec<Option<usize>> = [
        "Priority",
        "Sensitivity",
        "Private",
        "Gender",
        "Birthday",
        "Anniversary",
    ]
    .iter()
    .map(|h| col(&[h]))
    .collect();

    let mut contacts = Vec::new();
    for (index, row) in sheet.rows.iter().enumerate() {
        let blank = row.fields.iter().enumerate().all(|(i, f)| {
            let f = f.trim();
            f.is_empty()
                || (defaults.contains(&Some(i))
                    && (empty_date(f)
                        || ["Normal", "False", "Unspecified"]
                            .iter()
                            .any(|d| f.eq_ignore_ascii_case(d))))
        });
        if blank {
            continue;
        }
        let mut c = Contact {
            line: row.line,
            ..Default::default()
        };
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

        for (address, kind, _) in &emails {
            let a = row.get(*address);
            if row.get(*kind).eq_ignore_ascii_case("EX") || !a.contains('@') {
                continue;
            }
            push_email(&mut c.emails, a);
        }
        if name.first.is_empty() {
            let shown = emails.iter().map(|(_, _, d)| display_name(row.get(*d)));
            for fallback in std::iter::once(row.get(nickname)).chain(shown) {
                name = names::split_full(fallback);
                if !name.first.is_empty() {
                    break;
                }
            }
        }
        c.first_name = name.first;
        c.last_name = name.last;
        c.credentials = name.credentials;

        for p in &phones {
            push_phone(&mut c.phones, row.get(*p));
        }
        c.organization = row.get(company).to_string();
        c.org_unit = row.get(department).to_string();
        c.title = row.get(job).to_string();
        c.linkedin_url = web.iter().find_map(|&i| linkedin_url(row.get(Some(i))));

        let mut relate = |kind: RelationKind, label: &str, who: &str| {
            if !who.is_empty() {
                c.relations.push(Relation {
                    kind,
                    label: label.to_string(),
                    name: who.to_string(),
                });
            }
        };
        relate(RelationKind::Spouse, "Spouse", row.get(spouse));
        for child in children(row.get(kids)) {
            relate(RelationKind::Child, "Children", child);
        }
        relate(RelationKind::Manager, "Manager's Name", row.get(manager));
        relate(
            RelationKind::Assistant,
            "Assistant's Name",
            row.get(assistant),
        );
        relate(RelationKind::ReferredBy, "Referred By", row.get(referred));

        c.birthday = birthdays
            .dates
            .get(index)
            .copied()
            .flatten()
            .map(|d| d.format("%Y-%m-%d").to_string());
        if birthdays.unreadable.contains(&index) {
            assumptions.push(format!(
                "line {}: the birthday `{}` could not be read and was left out",
                row.line,
                row.get(birthday)
            ));
        }
        for tag in row.get(categories).split(';').map(str::trim) {
            if !tag.is_empty() && !c.tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                c.tags.push(tag.to_string());
            }
        }
        c.notes = row.get(notes).to_string();

        if c.first_name.is_empty() && c.emails.is_empty() && c.phones.is_empty() {
            skipped.push(Skip {
                line: row.line,
                reason: "no name, email or phone".into(),
            });
            continue;
        }
        contacts.push(c);
    }
    skipped.sort_by_key(|s| s.line);
    Ok(Parsed {
        format: Format::Outlook,
        layout: layout.into(),
        contacts,
        skipped,
        assumptions,
    })
}
