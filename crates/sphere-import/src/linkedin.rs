//! LinkedIn's `Connections.csv`, every generation:
//!
//! * today: a preamble (`Notes:`, a quoted sentence, a blank line), then
//!   `First Name,Last Name,URL,Email Address,Company,Position,Connected On`, dates `22 Dec 2025`;
//! * about 2021: the same preamble, no `URL` column;
//! * 2018: no preamble, no URL, dates `"1/8/18, 6:14 PM"`, and sometimes an `Email Address`
//!   holding a member id (`urn:li:member:12345`) rather than an email;
//! * re-saved in Excel: CRLF, `;` between fields, Latin-1 bytes among UTF-8, dates `16.09.2021`
//!   or `06-May-22`, the header `Connected on`.
//!
//! Rows blank except the date are skipped and counted; everything assumed is reported.

use super::contact::{Contact, Format, Parsed, Skip, linkedin_url, push_email};
use super::sheet::{self, Sheet};
use super::{dates, names};
use sphere_domain::error::CoreResult;

/// Whether a header line is LinkedIn's.
pub fn looks_like(headers: &[String]) -> bool {
    let has = |n: &str| headers.iter().any(|h| h.trim().eq_ignore_ascii_case(n));
    has("First Name") && has("Last Name") && has("Connected On")
}

/// Reads a connections export (see the module documentation).
pub fn parse(text: &str) -> CoreResult<Parsed> {
    let sheet = sheet::read(text, "a LinkedIn Connections.csv", looks_like)?;
    Ok(from_sheet(&sheet))
}

fn from_sheet(sheet: &Sheet) -> Parsed {
    let first = sheet.col(&["First Name"]);
    let last = sheet.col(&["Last Name"]);
    let url = sheet.col(&["URL", "Profile URL"]);
    let email = sheet.col(&["Email Address", "E-mail Address", "Email"]);
    let company = sheet.col(&["Company"]);
    let position = sheet.col(&["Position"]);
    let connected = sheet.col(&["Connected On"]);
    let layout = match (sheet.header_line > 1, url.is_some()) {
        (true, true) => "LinkedIn Connections.csv (current layout)",
        (true, false) => "LinkedIn Connections.csv (2021 layout, no URL column)",
        (false, true) => "LinkedIn Connections.csv (URL column, no preamble)",
        (false, false) => "LinkedIn Connections.csv (2018 layout, no preamble or URL)",
    };
    let mut assumptions = sheet.assumptions.clone();
    let mut skipped: Vec<Skip> = sheet.malformed.clone();
    let when = dates::column("Connected On", sheet.rows.iter().map(|r| r.get(connected)));
    if let Some(a) = when.assumption {
        assumptions.push(a);
    }
    for &i in &when.unreadable {
        if let Some(row) = sheet.rows.get(i) {
            assumptions.push(format!(
                "line {}: `{}` is not a date Sphere reads; the connection date is left empty",
                row.line,
                row.get(connected)
            ));
        }
    }
    let mut member_ids = 0;
    let mut contacts = Vec::with_capacity(sheet.rows.len());
    for (i, row) in sheet.rows.iter().enumerate() {
        if row.blank_except(&[connected]) {
            skipped.push(Skip {
                line: row.line,
                reason: if row.get(connected).is_empty() {
                    "empty row".into()
                } else {
                    "blank except the date (LinkedIn hides members who left or limit \
                     their data)"
                        .into()
                },
            });
            continue;
        }
        let name = names::clean(row.get(first), row.get(last));
        let mut c = Contact {
            line: row.line,
            first_name: name.first,
            last_name: name.last,
            credentials: name.credentials,
            organization: names::squash(row.get(company)),
            title: names::squash(row.get(position)),
            connected_on: when.dates.get(i).copied().flatten(),
            ..Default::default()
        };
        let raw_url = row.get(url);
        c.linkedin_url = linkedin_url(raw_url);
        let mail = row.get(email);
        if mail.to_ascii_lowercase().starts_with("urn:li:") {
            c.member_id = Some(mail.to_string());
            member_ids += 1;
        } else if mail.contains('@') {
            push_email(&mut c.emails, mail);
        }
        if c.first_name.is_empty() && c.emails.is_empty() && c.linkedin_url.is_none() {
            skipped.push(Skip {
                line: row.line,
                reason: "no name, email or profile URL".into(),
            });
            continue;
        }
        if c.first_name.is_empty() {
            // Known by their email or URL only: name them after it, as LinkedIn shows them.
            c.first_name = c
                .emails
                .first()
                .map(|e| e.split('@').next().unwrap_or(e).to_string())
                .or_else(|| {
                    c.linkedin_url
                        .as_ref()
                        .map(|u| u.rsplit('/').next().unwrap_or(u).to_string())
                })
                .unwrap_or_default();
        }
        contacts.push(c);
    }
    if member_ids > 0 {
        assumptions.push(format!(
            "{member_ids} `Email Address` cell{} a LinkedIn member id (urn:li:member:…), not \
             an email; kept as the person's LinkedIn id",
            if member_ids == 1 { " holds" } else { "s hold" }
        ));
    }
    Parsed {
        format: Format::Linkedin,
        layout: layout.into(),
        contacts,
        skipped,
        assumptions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn current_layout() {
        let text = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Silva,https://www.linkedin.com/in/ana-silva,ana@acme.com,Acme Inc.,VP Sales,22 Dec 2025\n,,,,,,03 Jan 2024\n";
        let p = parse(text).expect("expected a value");
        assert_eq!(p.contacts.len(), 1);
        let c = &p.contacts[0];
        assert_eq!(c.line, 5);
        assert_eq!(
            c.linkedin_url.as_deref(),
            Some("https://www.linkedin.com/in/ana-silva")
        );
        assert_eq!(c.connected_on, NaiveDate::from_ymd_opt(2025, 12, 22));
        assert_eq!(p.skipped.len(), 1);
        assert_eq!(p.skipped[0].line, 6);
        assert!(p.layout.contains("current"));
    }
}
