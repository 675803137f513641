//! Cleaning a record before anything is decided about it: what validation refuses (an email
//! that is not one, a phone with letters, a label too long) is dropped and noted, and text is
//! cut to what a person may hold, so one bad cell does not cost the whole file.

use sphere_domain::PersonInput;
use sphere_domain::error::CoreError;
use sphere_domain::validate;

use crate::contact::Contact;

/// Drops what validation refuses from a record (an email that is not one, a phone with
/// letters), noting it, so one bad cell does not cost the whole file.
pub(super) fn sanitize(c: &mut Contact, notes: &mut Vec<String>) {
    // A label may not hold a comma (Sphere lists labels with commas); one from a file that
    // does (vCard `CATEGORIES:Smith\, Jones`) is kept with semicolons instead, and said.
    for t in &mut c.tags {
        if t.contains(',') {
            let kept = t.replace(',', ";");
            notes.push(format!(
                "line {}: `{t}` holds a comma, which labels cannot; kept as `{kept}`",
                c.line
            ));
            *t = kept;
        }
    }
    let check = |field: &str, values: &[String]| -> Vec<usize> {
        let input = PersonInput {
            first_name: "x".into(),
            emails: (field == "emails").then(|| values.to_vec()),
            phones: (field == "phones").then(|| values.to_vec()),
            tags: (field == "tags").then(|| values.to_vec()),
            ..Default::default()
        };
        let mut bad = Vec::new();
        let mut vals = values.to_vec();
        // Each failure names its index; remove and retry until the rest passes.
        for _ in 0..values.len() {
            let mut trial = input.clone();
            match field {
                "emails" => trial.emails = Some(vals.clone()),
                "phones" => trial.phones = Some(vals.clone()),
                _ => trial.tags = Some(vals.clone()),
            }
            match validate::person(&trial) {
                Err(CoreError::Invalid { field: f, .. }) => {
                    let idx = f
                        .strip_prefix(field)
                        .and_then(|r| r.strip_prefix('['))
                        .and_then(|r| r.strip_suffix(']'))
                        .and_then(|n| n.parse::<usize>().ok());
                    match idx {
                        Some(i) if i < vals.len() => {
                            vals.remove(i);
                            bad.push(i + bad.len());
                        }
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        bad
    };
    for (field, what) in [
        ("emails", "email address"),
        ("phones", "phone number"),
        ("tags", "label"),
    ] {
        let list = match field {
            "emails" => &mut c.emails,
            "phones" => &mut c.phones,
            _ => &mut c.tags,
        };
        if list.is_empty() {
            continue;
        }
        let mut bad = check(field, list);
        if bad.is_empty() {
            continue;
        }
        bad.sort_unstable();
        for i in bad.into_iter().rev() {
            if i < list.len() {
                let v = list.remove(i);
                notes.push(format!(
                    "line {}: `{v}` is not a valid {what}; left out",
                    c.line
                ));
            }
        }
        list.truncate(validate::MAX_LIST_LEN);
    }
    let clip = |s: &mut String, n: usize| {
        if s.chars().count() > n {
            *s = s.chars().take(n).collect();
        }
    };
    clip(&mut c.first_name, 200);
    clip(&mut c.last_name, 200);
    clip(&mut c.title, 500);
    clip(&mut c.organization, 500);
    clip(&mut c.notes, validate::MAX_FIELD_CHARS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::contact;

    /// 65 characters: one more than a label holds.
    const LONG_TAG: &str = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";

    #[test]
    fn what_validation_refuses_is_left_out_and_said() {
        // (field, values, kept, notes)
        type Case = (&'static str, Vec<&'static str>, Vec<&'static str>, usize);
        let cases: Vec<Case> = vec![
            ("emails", vec!["ana@acme.com"], vec!["ana@acme.com"], 0),
            (
                "emails",
                vec!["not an email", "ana@acme.com", "@@"],
                vec!["ana@acme.com"],
                2,
            ),
            (
                "phones",
                vec!["+1 555 0100", "call me"],
                vec!["+1 555 0100"],
                1,
            ),
            ("tags", vec!["client", "a, b"], vec!["client", "a; b"], 1),
            ("tags", vec!["client", LONG_TAG], vec!["client"], 1),
        ];
        for (field, values, kept, notes) in cases {
            let mut c = contact(7, "Ana", "Silva");
            let values: Vec<String> = values.into_iter().map(String::from).collect();
            match field {
                "emails" => c.emails = values,
                "phones" => c.phones = values,
                _ => c.tags = values,
            }
            let mut said = Vec::new();
            sanitize(&mut c, &mut said);
            let list = match field {
                "emails" => &c.emails,
                "phones" => &c.phones,
                _ => &c.tags,
            };
            assert_eq!(list, &kept, "{field}");
            assert_eq!(said.len(), notes, "{field}: {said:?}");
            assert!(said.iter().all(|n| n.starts_with("line 7: `")), "{said:?}");
        }
    }

    #[test]
    fn text_is_cut_to_what_a_person_holds() {
        let mut c = contact(1, &"A".repeat(300), "Silva");
        c.title = "t".repeat(600);
        c.notes = "n".repeat(validate::MAX_FIELD_CHARS + 10);
        sanitize(&mut c, &mut Vec::new());
        assert_eq!(c.first_name.chars().count(), 200);
        assert_eq!(c.title.chars().count(), 500);
        assert_eq!(c.notes.chars().count(), validate::MAX_FIELD_CHARS);
        assert_eq!(c.last_name, "Silva");
    }
}
