//! CSV (RFC 4180: a header line, CRLF line ends, fields quoted when they need it).

use crate::PeopleExport;
use sphere_domain::error::ApiError;

/// The header line, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "first_name",
    "last_name",
    "emails",
    "phones",
    "title",
    "organization",
    "ring",
    "tags",
    "notes",
    "facts",
];

/// Lists inside one field are joined with this.
const JOIN: &str = "; ";

/// One row per person; emails, phones and tags `; `-joined; facts as `category: value`,
/// `; `-joined (never facts only when the export was asked for them).
pub fn to_csv(export: &PeopleExport) -> Result<String, ApiError> {
    let err = |e: csv::Error| ApiError::internal(format!("cannot write the export as CSV: {e}"));
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(CSV_COLUMNS).map_err(err)?;
    for p in &export.people {
        let person = &p.person;
        let facts: Vec<String> = p
            .facts
            .iter()
            .map(|f| format!("{}: {}", f.category, f.value))
            .collect();
        w.write_record([
            person.id.to_string().as_str(),
            &person.first_name,
            &person.last_name,
            &person.emails.join(JOIN),
            &person.phones.join(JOIN),
            &person.title,
            p.organization_name.as_deref().unwrap_or(""),
            person.ring.as_str(),
            &person.tags.join(JOIN),
            &person.notes,
            &facts.join(JOIN),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::internal(format!("cannot write the export as CSV: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|e| ApiError::internal(format!("the CSV export is not UTF-8: {e}")))
}
