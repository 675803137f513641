//! Bytes to text, as address books really arrive: UTF-8 with or without a byte-order mark,
//! UTF-16 (Outlook, Excel "Unicode text"), Windows-1252 / Latin-1 (Excel's "CSV" on Windows),
//! and files re-saved so often that both are mixed line by line.
//!
//! Nothing is guessed silently: every decision that was not plain UTF-8 is returned as an
//! assumption, in words, with the lines it touched. Files that are not text (a NUL byte
//! outside UTF-16, a spreadsheet, an image) are refused with the byte offset and line.

use sphere_domain::error::{CoreError, CoreResult};

/// Text and what had to be assumed to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub assumptions: Vec<String>,
}

fn invalid(message: String) -> CoreError {
    CoreError::invalid("file", message)
}

/// 1-based line of byte `offset` in `bytes`.
pub fn line_of(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
        + 1
}

/// Known binary formats people pick by mistake, by signature.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [b'P', b'K', 3, 4, ..] => Some("a ZIP archive (an .xlsx workbook or a zipped export?)"),
        [0xD0, 0xCF, 0x11, 0xE0, ..] => Some("an old Excel/Office document (.xls)"),
        [b'%', b'P', b'D', b'F', ..] => Some("a PDF document"),
        [b'S', b'Q', b'L', b'i', b't', b'e', ..] => Some("an SQLite database"),
        [0x1F, 0x8B, ..] => Some("a gzip archive"),
        _ => super::contact::image_ext(bytes).map(|_| "an image"),
    }
}

/// Decodes `bytes` as text (see the module documentation).
pub fn decode(bytes: &[u8]) -> CoreResult<Decoded> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(invalid("the file is empty".into()));
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(invalid(format!(
            "the file is {kind}, not a text export; export the contacts as CSV or vCard"
        )));
    }
    let mut assumptions = Vec::new();
    // UTF-16 by byte-order mark, or by the NULs of ASCII text in UTF-16 without one.
    let utf16 = match bytes {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        [a, 0, b, 0, ..] if *a != 0 && *b != 0 => Some(encoding_rs::UTF_16LE),
        [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some(encoding_rs::UTF_16BE),
        _ => None,
    };
    if let Some(enc) = utf16 {
        let (text, _, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(invalid(format!(
                "the file looks like {} but is not valid {}: is it truncated?",
                enc.name(),
                enc.name()
            )));
        }
        assumptions.push(format!("read as {} text", enc.name()));
        return finish(text.into_owned(), assumptions);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = body.iter().position(|&b| b == 0) {
        let offset = at + (bytes.len() - body.len());
        return Err(invalid(format!(
            "the file is not text: byte {offset} (line {}) is a NUL (0x00); export the \
             contacts as CSV or vCard",
            line_of(bytes, offset)
        )));
    }
    // UTF-8 where it is valid; any other byte is read as Windows-1252.
    let mut text = String::with_capacity(body.len());
    let mut foreign_lines: Vec<u64> = Vec::new();
    let mut rest = body;
    let mut consumed = bytes.len() - body.len();
    let (mut line, mut counted) = (1u64, 0usize);
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let good = e.valid_up_to();
                // Safe: `from_utf8` vouched for this prefix.
                text.push_str(std::str::from_utf8(&rest[..good]).unwrap_or_default());
                let bad = e.error_len().unwrap_or(rest.len() - good);
                let (chunk, _) =
                    encoding_rs::WINDOWS_1252.decode_without_bom_handling(&rest[good..good + bad]);
                text.push_str(&chunk);
                // Count lines forward from the last bad byte, not from the start.
                line += bytes[counted..consumed + good]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64;
                counted = consumed + good;
                if foreign_lines.last() != Some(&line) {
                    foreign_lines.push(line);
                }
                consumed += good + bad;
                rest = &rest[good + bad..];
            }
        }
    }
    if !foreign_lines.is_empty() {
        let utf8_too = text
            .chars()
            .any(|c| (c as u32) > 0xFF && !is_cp1252_extra(c))
            || foreign_lines.len() < text.lines().count();
        let shown: Vec<String> = foreign_lines.iter().take(8).map(u64::to_string).collect();
        let more = if foreign_lines.len() > 8 {
            format!(" and {} more", foreign_lines.len() - 8)
        } else {
            String::new()
        };
        assumptions.push(format!(
            "{} line{} not UTF-8 and {} read as Windows-1252 (Latin-1){}: line{} {}{more}",
            foreign_lines.len(),
            if foreign_lines.len() == 1 {
                " is"
            } else {
                "s are"
            },
            if foreign_lines.len() == 1 {
                "was"
            } else {
                "were"
            },
            if utf8_too { "; the rest is UTF-8" } else { "" },
            if foreign_lines.len() == 1 { "" } else { "s" },
            shown.join(", "),
        ));
    }
    finish(text, assumptions)
}

/// Characters Windows-1252 puts in 0x80–0x9F (curly quotes, dashes, the euro sign).
fn is_cp1252_extra(c: char) -> bool {
    "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// Refuses text full of control characters (a binary file that happens to hold no NUL).
fn finish(text: String, assumptions: Vec<String>) -> CoreResult<Decoded> {
    if let Some((line, (i, c))) = text.lines().enumerate().find_map(|(n, l)| {
        l.char_indices()
            .find(|&(_, c)| c.is_control() && c != '\t' && c != '\r' && c != '\u{c}')
            .map(|x| (n + 1, x))
    }) {
        return Err(invalid(format!(
            "the file is not text: line {line}, character {} is the control character U+{:04X}",
            text.lines()
                .nth(line - 1)
                .map_or(0, |l| l[..i].chars().count() + 1),
            c as u32
        )));
    }
    Ok(Decoded { text, assumptions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_utf8_assumes_nothing() {
        let d = decode("First Name\nZoë\n".as_bytes()).expect("expected a value");
        assert_eq!(d.text, "First Name\nZoë\n");
        assert!(d.assumptions.is_empty());
        let bom = decode(b"\xEF\xBB\xBFa,b\n").expect("expected a value");
        assert_eq!(bom.text, "a,b\n");
    }

    #[test]
    fn latin1_lines_among_utf8_are_reported() {
        let mut bytes = "Name\nZoë\n".as_bytes().to_vec();
        bytes.extend_from_slice(b"Jos\xe9\n");
        let d = decode(&bytes).expect("expected a value");
        assert_eq!(d.text, "Name\nZoë\nJosé\n");
        assert_eq!(d.assumptions.len(), 1);
        assert!(d.assumptions[0].contains("line 3"), "{:?}", d.assumptions);
        assert!(d.assumptions[0].contains("Windows-1252"));
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Näme,b\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(&bytes).expect("expected a value");
        assert_eq!(d.text, "Näme,b\n");
        assert!(d.assumptions[0].contains("UTF-16LE"));
        let d = decode(&bytes[2..]).expect("expected a value");
        assert_eq!(d.text, "Näme,b\n");
    }

    #[test]
    fn binary_and_empty_are_refused_with_where() {
        let e = decode(b"  \n").expect_err("expected an error").to_string();
        assert!(e.contains("empty"), "{e}");
        let e = decode(b"PK\x03\x04rest")
            .expect_err("expected an error")
            .to_string();
        assert!(e.contains("ZIP"), "{e}");
        let e = decode(b"a,b\nc\x00d\n")
            .expect_err("expected an error")
            .to_string();
        assert!(e.contains("byte 5") && e.contains("line 2"), "{e}");
        let e = decode(b"a,b\nc\x01d\n")
            .expect_err("expected an error")
            .to_string();
        assert!(e.contains("line 2") && e.contains("U+0001"), "{e}");
    }
}
