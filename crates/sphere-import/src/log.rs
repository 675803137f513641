//! Interaction logs as CSV: one row per interaction, with a header line.
//!
//! | column | required | meaning |
//! | --- | --- | --- |
//! | `from` | yes | key of the person who started it (an id, an email address, a name) |
//! | `to` | yes | key of the other person |
//! | `at` | yes | when: RFC 3339 (`2004-04-15T14:56:00Z`) or unix seconds (`1082040960`) |
//! | `kind` | no | `message` (default), `email`, `call`, `meeting`, `meal`, `event`, `intro`, `intro_request` |
//! | `from_name`, `to_name` | no | names for people seen for the first time |
//!
//! Columns may come in any order; names are matched without regard to case. The whole file
//! is checked before anything is written: the first problem is reported with its line and
//! column, and nothing is imported.

use chrono::{DateTime, Datelike, Utc};

use super::{ImportSummary, Row, at_line, write_rows};
use sphere_domain::InteractionKind;
use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::validate::text;
use sphere_store::Store;

/// The columns a log may have, required ones first.
pub const COLUMNS: &[&str] = &["from", "to", "at", "kind", "from_name", "to_name"];
const REQUIRED: usize = 3;

/// The earliest and latest years an interaction may have.
/// The years an imported row may have: the same as a typed date's.
const YEARS: (i32, i32) = (
    *sphere_domain::validate::YEARS.start(),
    *sphere_domain::validate::YEARS.end(),
);

fn invalid(message: String) -> CoreError {
    CoreError::invalid("csv", message)
}

fn csv_error(e: &csv::Error) -> CoreError {
    let line = e.position().map_or(0, csv::Position::line);
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => invalid(format!(
            "line {line} has {len} fields; the header has {expected_len}"
        )),
        csv::ErrorKind::Utf8 { .. } => invalid(format!("line {line} is not valid UTF-8")),
        _ => invalid(format!("line {line}: cannot read the CSV: {e}")),
    }
}

/// Parses an instant: RFC 3339, or unix seconds (a whole or decimal number). Truncated to
/// microseconds, as the store keeps them.
pub fn parse_at(value: &str) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    let numeric = !value.is_empty()
        && value
            .trim_start_matches(['-', '+'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.');
    let at = if numeric {
        let seconds: f64 = value
            .parse()
            .map_err(|_| format!("`{value}` is not a number of seconds"))?;
        let micros = (seconds * 1e6).round();
        (micros.abs() < 1e17)
            .then(|| DateTime::from_timestamp_micros(micros as i64))
            .flatten()
            .ok_or_else(|| format!("`{value}` seconds is out of range"))?
    } else {
        DateTime::parse_from_rfc3339(value)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| {
                format!(
                    "`{value}` is not a time: use RFC 3339 (2004-04-15T14:56:00Z) or unix seconds"
                )
            })?
    };
    if !(YEARS.0..=YEARS.1).contains(&at.year()) {
        return Err(format!(
            "`{value}` is in the year {}; times must be between {} and {}",
            at.year(),
            YEARS.0,
            YEARS.1
        ));
    }
    Ok(DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at))
}

/// Reads and checks a whole log; the first problem fails the parse with its line and column.
pub fn parse(csv_text: &str) -> CoreResult<Vec<Row>> {
    let csv_text = csv_text.strip_prefix('\u{feff}').unwrap_or(csv_text);
    if csv_text.trim().is_empty() {
        return Err(invalid(format!(
            "the file is empty; it needs a header line such as `{}`",
            COLUMNS[..REQUIRED].join(",")
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(csv_text.as_bytes());
    let header = reader.headers().map_err(|e| csv_error(&e))?.clone();
    // Which input field each known column is in.
    let mut at_index: [Option<usize>; 6] = [None; 6];
    for (i, name) in header.iter().enumerate() {
        let lower = name.to_ascii_lowercase();
        let Some(c) = COLUMNS.iter().position(|c| *c == lower) else {
            return Err(invalid(format!(
                "line 1: unknown column `{name}`; the columns are {}",
                COLUMNS.join(", ")
            )));
        };
        if at_index[c].is_some() {
            return Err(invalid(format!("line 1: column `{name}` appears twice")));
        }
        at_index[c] = Some(i);
    }
    let missing: Vec<&str> = (0..REQUIRED)
        .filter(|&c| at_index[c].is_none())
        .map(|c| COLUMNS[c])
        .collect();
    if !missing.is_empty() {
        return Err(invalid(format!(
            "line 1: the header lacks the column{} {}; it needs {}",
            if missing.len() == 1 { "" } else { "s" },
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" and "),
            COLUMNS[..REQUIRED].join(", ")
        )));
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record.position().map_or(0, csv::Position::line);
        let field = |c: usize| at_index[c].and_then(|i| record.get(i)).unwrap_or("");
        let key = |c: usize| -> CoreResult<String> {
            let value =
                text(COLUMNS[c], field(c), true).map_err(|e| at_line(line, COLUMNS[c], e))?;
            Ok(value)
        };
        let from = key(0)?;
        let to = key(1)?;
        if from == to {
            return Err(invalid(format!(
                "line {line}, column `to`: `{to}` is also the `from` person; an interaction needs two people"
            )));
        }
        let at =
            parse_at(field(2)).map_err(|m| invalid(format!("line {line}, column `at`: {m}")))?;
        let kind = match field(3) {
            "" => InteractionKind::Message,
            k => InteractionKind::parse(k).ok_or_else(|| {
                invalid(format!(
                    "line {line}, column `kind`: `{k}` is not a kind of interaction; expected one of: {}",
                    InteractionKind::choices()
                ))
            })?,
        };
        let name = |c: usize| -> CoreResult<Option<String>> {
            let value =
                text(COLUMNS[c], field(c), false).map_err(|e| at_line(line, COLUMNS[c], e))?;
            Ok((!value.is_empty()).then_some(value))
        };
        rows.push(Row {
            line,
            from,
            to,
            at,
            kind,
            from_name: name(4)?,
            to_name: name(5)?,
        });
    }
    Ok(rows)
}

/// Imports a CSV interaction log into `store` for `source` (see the module docs): checks
/// every row first, then writes everything in one transaction.
pub fn import(store: &mut Store, csv_text: &str, source: &str) -> CoreResult<ImportSummary> {
    let rows = parse(csv_text)?;
    write_rows(store, source, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_or_unix_seconds() {
        let a = parse_at("2004-04-15T14:56:00Z").ok();
        let b = parse_at("1082040960").ok();
        assert!(a.is_some() && a == b, "{a:?} {b:?}");
        assert_eq!(
            parse_at("1082040960.5").map(|t| t.timestamp_micros()),
            Ok(1_082_040_960_500_000)
        );
        assert!(parse_at("2004-04-15T16:56:00+02:00") == parse_at("1082040960"));
        for bad in [
            "yesterday",
            "",
            "4/15/04 2:56 PM",
            "99999999999999",
            "-9999999999",
        ] {
            assert!(parse_at(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_come_from_the_row_or_the_key() {
        use super::super::name_for;
        assert_eq!(name_for("17", None), ("Person".into(), "17".into()));
        assert_eq!(
            name_for("17", Some("Ada King Lovelace")),
            ("Ada King".into(), "Lovelace".into())
        );
        assert_eq!(
            name_for("ada@example.com", Some(" ")),
            ("ada@example.com".into(), String::new())
        );
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let cases = [
            ("from,to\n1,2\n", "line 1: the header lacks the column `at`"),
            ("from,to,at,colour\n", "unknown column `colour`"),
            (
                "from,to,at\n1,2,1082040960\n1,2,soon\n",
                "line 3, column `at`",
            ),
            (
                "from,to,at\n1,2,1082040960\n3,,1082040960\n",
                "line 3, column `to`",
            ),
            (
                "from,to,at,kind\n1,2,1082040960,letter\n",
                "line 2, column `kind`",
            ),
            ("from,to,at\n1,1,1082040960\n", "line 2, column `to`"),
            ("from,to,at\n1,2\n", "line 2 has 2 fields; the header has 3"),
            ("", "the file is empty"),
        ];
        for (input, expected) in cases {
            match parse(input) {
                Err(CoreError::Invalid { field, message }) => {
                    assert_eq!(field, "csv");
                    assert!(message.contains(expected), "{input:?}: {message}");
                }
                other => panic!("{input:?} should fail, got {other:?}"),
            }
        }
    }

    #[test]
    fn columns_in_any_order_with_defaults() -> CoreResult<()> {
        let rows =
            parse("\u{feff}AT,To,from,to_name\n1082040960,b,a,Bea Smith\n\"1082040961\",c,a,\n")?;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].from, "a");
        assert_eq!(rows[0].to_name.as_deref(), Some("Bea Smith"));
        assert_eq!(rows[0].kind, InteractionKind::Message);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].to_name, None);
        Ok(())
    }
}
