//! vCard files as real programs write them, one fixture per variant
//! (`tests/data/import/vcard/variants/`), read through [`crate::read_contacts`] from bytes.

use crate::contact::{Contact, Format, Parsed, RelationKind};

fn read(name: &str) -> Parsed {
    let path = format!(
        "{}/../../tests/data/import/vcard/variants/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match crate::read_contacts(&bytes, Some(Format::Vcard)) {
        Ok(p) => p,
        Err(e) => panic!("{name} could not be read: {e}"),
    }
}

fn display(c: &Contact) -> String {
    sphere_domain::Person::display_name_of(&c.first_name, &c.last_name)
}

fn shown(p: &Parsed) -> Vec<String> {
    p.contacts.iter().map(display).collect()
}

#[test]
fn charsets_named_by_the_property_are_read_in_them() {
    let p = read("charsets.vcf");
    assert_eq!(
        shown(&p),
        vec![
            "山田 太郎",
            "小明 王",
            "大文 陳",
            "Иван Петров",
            "Łukasz Wałęsa",
            "花子 佐藤",
        ],
        "8-bit Shift_JIS, GBK, Big5 and Windows-1251, then quoted-printable ISO-8859-2 and \
         Shift_JIS: every name readable, none refused as `not text`"
    );
    assert!(
        p.assumptions
            .iter()
            .any(|a| a.contains("CHARSET=Shift_JIS, GBK, Big5, windows-1251")),
        "the user is told which charsets were used: {:?}",
        p.assumptions
    );
    assert_eq!(p.contacts[0].phones, vec!["090-1234-5678"]);
}

#[test]
fn the_bare_quoted_printable_parameter_is_decoded() {
    let p = read("bare-qp.vcf");
    let c = &p.contacts[0];
    assert_eq!(
        display(c),
        "Jürgen Müller",
        "N;CHARSET=UTF-8;QUOTED-PRINTABLE"
    );
    assert_eq!(
        c.organization, "Bäckerei Müller",
        "no CHARSET: Latin-1 bytes"
    );
    assert_eq!(
        c.notes, "Erste Zeile\nzweite Zeile",
        "=0D=0A and a soft break"
    );
}

#[test]
fn a_tel_uri_keeps_its_extension() {
    let p = read("tel-uri.vcf");
    assert_eq!(
        p.contacts[0].phones,
        vec!["+1-555-555-0100 x12", "+1-555-555-0199"],
        "TEL;VALUE=uri:tel:…;ext=12"
    );
}

#[test]
fn a_card_with_only_an_email_is_named_from_it_and_flagged() {
    let p = read("email-only.vcf");
    assert_eq!(shown(&p), vec!["Jane Doe", "J Smith Jones", ""]);
    assert_eq!(
        p.contacts[2].emails,
        vec!["info@example.net"],
        "a role address names no one"
    );
    for line in [1, 5] {
        assert!(
            p.assumptions
                .iter()
                .any(|a| a.starts_with(&format!("line {line}: the card has no name"))),
            "the guessed name is pointed out for review: {:?}",
            p.assumptions
        );
    }
}

#[test]
fn related_text_is_a_note_and_a_relation_to_oneself_is_ignored() {
    let p = read("related-text.vcf");
    let c = &p.contacts[0];
    let rels: Vec<(RelationKind, &str)> = c
        .relations
        .iter()
        .map(|r| (r.kind, r.name.as_str()))
        .collect();
    assert_eq!(
        rels,
        vec![(RelationKind::Spouse, "Lucía Ortega")],
        "a sentence is not a person, nor is the card's own UID"
    );
    assert_eq!(
        c.notes,
        "Related (friend): Met through the climbing club in 2019, introduced by his cousin."
    );
}

#[test]
fn anniversaries_of_every_writer_are_read() {
    let p = read("anniversaries.vcf");
    let got: Vec<(String, Option<&str>)> = p
        .contacts
        .iter()
        .map(|c| (display(c), c.anniversary.as_deref()))
        .collect();
    let want = [
        ("Grace Holloway", "2009-06-12"), // vCard 4 ANNIVERSARY
        ("Martin Keller", "2011-09-03"),  // X-ANNIVERSARY
        ("Petra Novak", "2015-05-02"),    // X-MS-ANNIVERSARY
        ("Omar Haddad", "2004-10-17"),    // X-EVOLUTION-ANNIVERSARY
        ("Sara Lindqvist", "2012-08-25"), // item1.X-ABDATE + X-ABLabel
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(n, d)| (n.to_string(), Some(*d)))
            .collect::<Vec<_>>(),
        "Apple's other labelled date (Started climbing) is not an anniversary"
    );
}

#[test]
fn categories_keep_escaped_commas() {
    let p = read("categories.vcf");
    assert_eq!(p.contacts[0].tags, vec!["Smith, Jones", "VIP"]);
}

#[test]
fn cjk_names_keep_the_order_fn_shows() {
    let p = read("cjk-names.vcf");
    assert_eq!(
        shown(&p),
        vec!["山田 太郎", "김민준", "Yuki Tanaka"],
        "family name first as FN writes it; a Latin name unchanged"
    );
}

#[test]
fn an_apple_company_card_is_not_a_person() {
    let p = read("apple-company.vcf");
    assert!(p.contacts.is_empty(), "{:?}", shown(&p));
    assert_eq!(p.skipped.len(), 1);
    assert!(
        p.skipped[0]
            .reason
            .contains("company card (Northwind Bakery)"),
        "{}",
        p.skipped[0].reason
    );
}

#[test]
fn fullcontact_hex_labels_are_relations() {
    let p = read("fullcontact.vcf");
    let rels: Vec<(RelationKind, &str, &str)> = p.contacts[0]
        .relations
        .iter()
        .map(|r| (r.kind, r.label.as_str(), r.name.as_str()))
        .collect();
    assert_eq!(
        rels,
        vec![
            (RelationKind::Spouse, "Spouse", "Miguel Carvalho"),
            (RelationKind::Manager, "Manager", "Rita Gomes"),
        ],
        "X-FCENCODED-<hex of the label>; a label that names no relation (Mentor) is not one"
    );
}
