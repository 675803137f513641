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
use sphere_domain::error::CoreResult;

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
    let mut skipped: Vec<Skip> = sheet.malformed.clone();

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
        format: Format::Outlook,
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

    const DESKTOP: &str = include_str!("../../../tests/data/import/outlook/desktop.csv");
    const COM: &str = include_str!("../../../tests/data/import/outlook/outlookcom.csv");
    const EXCEL: &str = include_str!("../../../tests/data/import/outlook/outlookcom-excel.csv");

    #[test]
    fn desktop_export() -> CoreResult<()> {
        let p = parse(DESKTOP)?;
        assert_eq!(p.format, Format::Outlook);
        assert_eq!(p.layout, "Outlook CSV (desktop Outlook export)");
        assert_eq!(
            names(&p),
            vec![
                ("Jean-Luc", "Picard-Lefèvre"),
                ("Aroha", "Ngata"),
                ("", ""),
                ("Priya", "Nayak"),
            ]
        );
        let lines: Vec<u64> = p.contacts.iter().map(|c| c.line).collect();
        assert_eq!(lines, vec![2, 4, 5, 8]);

        let jl = &p.contacts[0];
        assert_eq!(
            jl.emails,
            vec!["jl@starfleet.example", "jean.luc@maison.example"]
        );
        assert_eq!(
            jl.phones,
            vec!["+33 6 12 34 56 78", "+33 1 23 45 67 89"],
            "mobile, then business; the assistant's phone is not theirs"
        );
        assert_eq!(
            (
                jl.organization.as_str(),
                jl.title.as_str(),
                jl.org_unit.as_str()
            ),
            ("Starfleet Logistique SA", "Directeur", "Opérations")
        );
        assert_eq!(jl.birthday.as_deref(), Some("1965-07-13"));
        assert_eq!(jl.tags, vec!["Business", "Clients"]);
        assert_eq!(
            jl.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/jlpicard")
        );
        assert_eq!(
            jl.relations,
            vec![
                rel(RelationKind::Spouse, "Spouse", "Beverly Crusher-Picard"),
                rel(RelationKind::Child, "Children", "Élodie"),
                rel(RelationKind::Child, "Children", "Marc"),
                rel(RelationKind::Manager, "Manager's Name", "Amiral Nechayev"),
                rel(RelationKind::Assistant, "Assistant's Name", "Gigi Moreau"),
                rel(RelationKind::ReferredBy, "Referred By", "Ana Silva"),
            ]
        );
        assert_eq!(jl.notes, "Prefers Earl Grey.\r\nCall before 10am.");

        let aroha = &p.contacts[1];
        assert_eq!(
            aroha.emails,
            vec!["aroha.ngata@iwi.example"],
            "the Exchange address is left out"
        );
        assert_eq!(aroha.birthday.as_deref(), Some("1992-02-23"));
        assert!(aroha.tags.is_empty());
        assert_eq!(aroha.linkedin_url, None);

        let kobo = &p.contacts[2];
        assert_eq!(kobo.organization, "Kōbō Tea");
        assert_eq!(kobo.phones, vec!["+81 3 1234 5678"], "same digits once");
        assert_eq!(kobo.birthday, None, "0/0/00 is no date");

        let priya = &p.contacts[3];
        assert_eq!(priya.credentials, vec!["MBA"]);
        assert_eq!(priya.title, "Partner");
        assert_eq!(
            priya.emails,
            vec!["priya@nayak.example", "p.nayak@consult.example"]
        );
        assert_eq!(
            priya.phones,
            vec!["+91 98765 43210", "+91 99999 00000", "+91 80 1234 5678"],
            "primary first; fax and pager left out"
        );
        assert_eq!(priya.tags, vec!["VIP", "Clients"]);
        assert_eq!(
            priya.relations,
            vec![
                rel(RelationKind::Child, "Children", "Aarav"),
                rel(RelationKind::Child, "Children", "Diya"),
            ]
        );

        // Line 6 holds only Outlook's defaults (ignored); line 7 a company and notes.
        assert_eq!(
            p.skipped,
            vec![Skip {
                line: 7,
                reason: "no name, email or phone".into()
            }]
        );
        assert!(
            p.assumptions.iter().any(|a| a.contains("month/day")),
            "{:?}",
            p.assumptions
        );
        Ok(())
    }

    #[test]
    fn outlook_com_export() -> CoreResult<()> {
        let p = parse(COM)?;
        assert_eq!(p.layout, "Outlook CSV (outlook.com / new Outlook export)");
        assert_eq!(
            names(&p),
            vec![
                ("Amara", "Okafor-Bello"),
                ("Björn", "Åström"),
                ("Rivers", "")
            ]
        );
        let amara = &p.contacts[0];
        assert_eq!(amara.credentials, vec!["MD"]);
        assert_eq!(
            amara.emails,
            vec!["amara@clinic.example", "amara.o@gmail.example"]
        );
        assert_eq!(amara.phones, vec!["+234 803 123 4567", "+234 1 234 5678"]);
        assert_eq!(
            (
                amara.organization.as_str(),
                amara.title.as_str(),
                amara.org_unit.as_str()
            ),
            ("Lagos Heart Centre", "Chief Surgeon", "Cardiology")
        );
        assert_eq!(amara.birthday.as_deref(), Some("1979-03-25"));
        assert_eq!(
            amara.tags,
            vec!["Family", "Medical"],
            "deduplicated by case"
        );
        assert_eq!(
            amara.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/amara-okafor-bello")
        );
        assert_eq!(
            amara.relations,
            vec![
                rel(RelationKind::Spouse, "Spouse", "Ifeanyi Bello"),
                rel(RelationKind::Child, "Children", "Ada"),
                rel(RelationKind::Child, "Children", "Obi"),
                rel(RelationKind::Child, "Children", "Chioma"),
                rel(RelationKind::Manager, "Manager's Name", "Prof. Chidi Eze"),
                rel(RelationKind::Assistant, "Assistant's Name", "Tunde Bakare"),
            ]
        );
        assert_eq!(amara.notes, "Met at the Abuja conference");

        let bjorn = &p.contacts[1];
        assert_eq!(bjorn.tags, vec!["Sailing"]);
        assert_eq!(bjorn.linkedin_url, None);
        assert_eq!(
            bjorn.relations,
            vec![
                rel(RelationKind::Child, "Children", "Lars"),
                rel(RelationKind::Child, "Children", "Frida"),
            ]
        );

        let rivers = &p.contacts[2];
        assert_eq!(rivers.line, 4);
        assert_eq!(rivers.phones, vec!["+1 (206) 555-0199"]);
        assert_eq!(rivers.birthday.as_deref(), Some("2001-12-01"));

        assert_eq!(
            p.skipped,
            vec![Skip {
                line: 5,
                reason: "no name, email or phone".into()
            }]
        );
        Ok(())
    }

    #[test]
    fn excel_resave_with_semicolons_and_crlf() -> CoreResult<()> {
        assert!(EXCEL.contains("\r\n"));
        let p = parse(EXCEL)?;
        assert_eq!(p.layout, "Outlook CSV (outlook.com / new Outlook export)");
        assert!(
            p.assumptions.iter().any(|a| a.contains("semicolons")),
            "{:?}",
            p.assumptions
        );
        assert_eq!(names(&p), vec![("Émilie", "Durand"), ("Jürgen", "Weiß")]);
        let emilie = &p.contacts[0];
        assert_eq!(emilie.birthday.as_deref(), Some("1988-12-25"));
        assert_eq!(emilie.tags, vec!["Clients", "Paris"]);
        assert_eq!(emilie.organization, "Boulangerie Lumière");
        assert_eq!(emilie.title, "Gérante");
        assert_eq!(
            emilie.relations,
            vec![
                rel(RelationKind::Spouse, "Spouse", "Karim Benali"),
                rel(RelationKind::Child, "Children", "Hugo"),
                rel(RelationKind::Child, "Children", "Léa"),
            ]
        );
        let jurgen = &p.contacts[1];
        assert_eq!(jurgen.birthday.as_deref(), Some("1970-01-05"));
        assert_eq!(jurgen.phones, vec!["+49 30 1234567"]);
        assert_eq!(
            jurgen.relations,
            vec![rel(
                RelationKind::Manager,
                "Manager's Name",
                "Dr. Helga Schäfer"
            )]
        );
        // Line 4 has an unquoted `;` in its notes; line 5 is only semicolons (ignored).
        assert_eq!(p.skipped.len(), 1, "{:?}", p.skipped);
        assert_eq!(p.skipped[0].line, 4);
        assert!(
            p.skipped[0].reason.contains("64 fields") && p.skipped[0].reason.contains(';'),
            "{:?}",
            p.skipped[0]
        );
        Ok(())
    }

    #[test]
    fn looks_like_claims_only_outlook() {
        assert!(looks_like(&first_line(DESKTOP)));
        assert!(looks_like(&first_line(COM)));
        assert!(!looks_like(&first_line(include_str!(
            "../../../tests/data/import/google/contacts-old.csv"
        ))));
        assert!(!looks_like(&first_line(include_str!(
            "../../../tests/data/import/google/contacts-new.csv"
        ))));
        assert!(!looks_like(&headers(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
        )));
        assert!(!looks_like(&headers("First Name,Last Name,Company")));
        assert!(looks_like(&headers(
            "\u{feff}First Name,Last Name,E-mail Address,Categories"
        )));
    }

    #[test]
    fn odd_cells() -> CoreResult<()> {
        assert!(empty_date("0/0/00") && empty_date("00.00.0000") && empty_date(""));
        assert!(!empty_date("1/1/2000"));
        assert_eq!(display_name("Ana Silva (ana@x.example)"), "Ana Silva");
        assert_eq!(display_name("ana@x.example"), "");
        let p = parse(
            "First Name,Last Name,E-mail Address,E-mail Display Name,Birthday,Categories,\
             Children\n,,ana@x.example,Ana Silva (ana@x.example),31/31/31,;;,\" ;, ;\"\n\
             ,,,,13/1/1990,,\n",
        )?;
        assert_eq!(names(&p), vec![("Ana", "Silva")], "{p:?}");
        assert!(p.contacts[0].tags.is_empty() && p.contacts[0].relations.is_empty());
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.contains("line 2") && a.contains("31/31/31")),
            "{:?}",
            p.assumptions
        );
        assert_eq!(
            p.skipped,
            vec![Skip {
                line: 3,
                reason: "no name, email or phone".into()
            }]
        );
        assert!(parse("First Name,Last Name,URL,Email Address\nAna,Silva,,\n").is_err());
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
            let mut text = String::from("Title,First Name,Last Name,Suffix,E-mail Address,E-mail Type,E-mail Display Name,Mobile Phone,Birthday,Categories,Children,Spouse,Web Page,Nickname\n");
            for row in rows {
                text.push_str(&row.join(","));
                text.push('\n');
            }
            let _ = parse(&text);
        }
    }
}
