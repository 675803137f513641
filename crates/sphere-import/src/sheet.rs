//! CSV as address books and spreadsheets write it: a header line somewhere near the top (after
//! a preamble, in LinkedIn's case), `,` or `;` or tab between fields, CRLF or LF, rows with a
//! field too few or trailing empty ones. [`read`] finds the header by scanning, sniffs the
//! delimiter and reports what it assumed; every row keeps its line number.

use super::contact::Skip;
use sphere_domain::error::{CoreError, CoreResult};

/// A table read from CSV text.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// Trimmed header names, as written.
    pub headers: Vec<String>,
    pub header_line: u64,
    pub delimiter: u8,
    pub rows: Vec<SheetRow>,
    /// Rows whose field count did not match the header, with why; not in `rows`.
    pub malformed: Vec<Skip>,
    pub assumptions: Vec<String>,
}

/// One data row, padded with empty fields to the header's width.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetRow {
    pub line: u64,
    pub fields: Vec<String>,
}

impl SheetRow {
    /// Field `i` trimmed, or `""` when the column is absent.
    pub fn get(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.fields.get(i)).map_or("", |s| s.trim())
    }

    /// Whether every field is empty, or only those at `except` hold anything.
    pub fn blank_except(&self, except: &[Option<usize>]) -> bool {
        self.fields
            .iter()
            .enumerate()
            .all(|(i, f)| f.trim().is_empty() || except.contains(&Some(i)))
    }
}

impl Sheet {
    /// The column whose header is one of `names` (compared trimmed, without regard to case).
    pub fn col(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| {
            self.headers
                .iter()
                .position(|h| h.trim().eq_ignore_ascii_case(n))
        })
    }

    /// Every column whose header satisfies `pred`, in order.
    pub fn cols(&self, pred: impl Fn(&str) -> bool) -> Vec<usize> {
        (0..self.headers.len())
            .filter(|&i| pred(&self.headers[i]))
            .collect()
    }
}

fn invalid(message: String) -> CoreError {
    CoreError::invalid("file", message)
}

const DELIMITERS: [(u8, &str); 3] = [
    (b',', "commas"),
    (
        b';',
        "semicolons (as Excel saves CSV in many European locales)",
    ),
    (b'\t', "tabs"),
];

/// How many records [`read`] scans for the header before giving up.
pub const HEADER_SCAN: usize = 40;

/// The header line (trimmed fields) among the first [`HEADER_SCAN`] records that satisfies
/// `is_header`, for any of the delimiters; reads nothing else.
pub fn find_header(text: &str, is_header: impl Fn(&[String]) -> bool) -> Option<Vec<String>> {
    DELIMITERS.iter().find_map(|(delim, _)| {
        reader(text, *delim)
            .records()
            .take(HEADER_SCAN)
            .map_while(Result::ok)
            .map(|rec| rec.iter().map(|f| f.trim().to_string()).collect::<Vec<_>>())
            .find(|fields| fields.len() > 1 && is_header(fields))
    })
}

/// Reads `text` as a table whose header line satisfies `is_header` (given the trimmed
/// fields). `what` names the expected layout for the error when no header is found.
pub fn read(text: &str, what: &str, is_header: impl Fn(&[String]) -> bool) -> CoreResult<Sheet> {
    let mut found = None;
    'delims: for (delim, name) in DELIMITERS {
        let mut rdr = reader(text, delim);
        let mut lines = Lines::new(text);
        for (n, rec) in rdr.records().take(HEADER_SCAN).enumerate() {
            let Ok(rec) = rec else { break };
            let fields: Vec<String> = rec.iter().map(|f| f.trim().to_string()).collect();
            if fields.len() > 1 && is_header(&fields) {
                let line = rec.position().map_or(n as u64 + 1, |p| lines.of(p));
                found = Some((delim, name, fields, line, n));
                break 'delims;
            }
        }
    }
    let Some((delimiter, delim_name, headers, header_line, index)) = found else {
        return Err(invalid(format!(
            "no header line of {what} in the first {HEADER_SCAN} lines; is this the right file?"
        )));
    };
    let mut assumptions = Vec::new();
    if header_line > 1 {
        assumptions.push(format!(
            "the header is on line {header_line}; the {} line{} above it {} skipped",
            header_line - 1,
            if header_line == 2 { "" } else { "s" },
            if header_line == 2 { "was" } else { "were" },
        ));
    }
    if delimiter != b',' {
        assumptions.push(format!("fields are separated by {delim_name}"));
    }
    let width = headers.len();
    let mut rows = Vec::new();
    let mut malformed = Vec::new();
    let mut rdr = reader(text, delimiter);
    let mut lines = Lines::new(text);
    let mut records = rdr.records().skip(index + 1).peekable();
    while let Some(rec) = records.next() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| {
                super::decode::line_of(text.as_bytes(), p.byte() as usize)
            });
            invalid(format!("line {line}: cannot read the CSV: {e}"))
        })?;
        let line = rec.position().map_or(0, |p| lines.of(p));
        let mut fields: Vec<String> = rec.iter().map(str::to_string).collect();
        let last = records.peek().is_none();
        if last && fields.last().is_some_and(|f| f.contains('\n')) && !ends_quoted(text) {
            return Err(invalid(format!(
                "line {line}: a quoted field opens here and never closes; the file looks \
                 truncated"
            )));
        }
        while fields.len() > width && fields.last().is_some_and(|f| f.trim().is_empty()) {
            fields.pop();
        }
        if fields.len() > width {
            malformed.push(Skip {
                line,
                reason: format!(
                    "has {} fields where the header has {width} (an unquoted {} in a value?)",
                    fields.len(),
                    delimiter as char
                ),
            });
            continue;
        }
        if fields.len() < width {
            if last && !text.ends_with('\n') && fields.len() > 1 {
                return Err(invalid(format!(
                    "line {line} stops after {} of {width} fields and the file ends there; \
                     it looks truncated",
                    fields.len()
                )));
            }
            if fields.iter().any(|f| !f.trim().is_empty()) && fields.len() > 1 {
                malformed.push(Skip {
                    line,
                    reason: format!("has {} fields where the header has {width}", fields.len()),
                });
                continue;
            }
            fields.resize(width, String::new());
        }
        rows.push(SheetRow { line, fields });
    }
    Ok(Sheet {
        headers,
        header_line,
        delimiter,
        rows,
        malformed,
        assumptions,
    })
}

/// Lines of records, counted forward once (csv's own line count skips blank lines, and
/// counting from the start for every record would be quadratic).
struct Lines<'t> {
    bytes: &'t [u8],
    at: usize,
    line: u64,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The 1-based line the record at `p` starts on (its first byte that is not a line
    /// break). Positions must not go backwards.
    fn of(&mut self, p: &csv::Position) -> u64 {
        let mut start = (p.byte() as usize).min(self.bytes.len());
        while self
            .bytes
            .get(start)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            start += 1;
        }
        if start < self.at {
            // Not expected; stay correct anyway.
            return super::decode::line_of(self.bytes, start);
        }
        self.line += self.bytes[self.at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.at = start;
        self.line
    }
}

fn ends_quoted(text: &str) -> bool {
    text.trim_end().ends_with('"')
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(f: &[String]) -> bool {
        f.iter().any(|h| h.eq_ignore_ascii_case("First Name"))
    }

    #[test]
    fn finds_the_header_after_a_preamble() {
        let text = "Notes:\n\"When exporting, some, emails are hidden.\"\n\nFirst Name,Last Name\nAna,Silva\n";
        let s = read(text, "test", header).expect("expected a value");
        assert_eq!(s.header_line, 4);
        assert_eq!(s.rows.len(), 1);
        assert_eq!(s.rows[0].line, 5);
        assert_eq!(s.rows[0].get(s.col(&["last name"])), "Silva");
        assert!(s.assumptions[0].contains("line 4"));
    }

    #[test]
    fn semicolons_and_crlf() {
        let s = read("First Name;Last Name\r\nAna;Silva\r\n", "test", header)
            .expect("expected a value");
        assert_eq!(s.delimiter, b';');
        assert_eq!(s.rows[0].fields, vec!["Ana", "Silva"]);
        assert!(s.assumptions.iter().any(|a| a.contains("semicolons")));
    }

    #[test]
    fn truncation_and_bad_rows_are_named() {
        let e = read(
            "First Name,Last Name,Company\nAna,Silva,Acme\nBo,Li",
            "test",
            header,
        )
        .expect_err("expected an error")
        .to_string();
        assert!(e.contains("line 3") && e.contains("truncated"), "{e}");
        let e = read(
            "First Name,Last Name\nAna,\"Silva\nand more",
            "test",
            header,
        )
        .expect_err("expected an error")
        .to_string();
        assert!(e.contains("line 2") && e.contains("never closes"), "{e}");
        let s = read(
            "First Name,Last Name\nAna,Silva,Acme,x\nBo,Li,,\n",
            "t",
            header,
        )
        .expect("expected a value");
        assert_eq!(s.malformed[0].line, 2);
        assert_eq!(s.rows[0].fields, vec!["Bo", "Li"]);
        let e = read("a,b\n", "a LinkedIn export", header)
            .expect_err("expected an error")
            .to_string();
        assert!(e.contains("LinkedIn"), "{e}");
    }
}
