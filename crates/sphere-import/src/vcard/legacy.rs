//! vCard 2.1 as older programs write it, made readable before calcard sees it:
//!
//! * 8-bit text in the charset a property's `CHARSET` names (Japanese phones write Shift_JIS,
//!   Chinese ones GBK or Big5, old Outlook Windows-125x): [`transcode`] turns those lines into
//!   UTF-8 before the file is decoded, so a file that is not UTF-8 is not refused for bytes
//!   its own properties explain;
//! * quoted-printable values, with `ENCODING=QUOTED-PRINTABLE` or the bare 2.1 parameter
//!   `QUOTED-PRINTABLE`, in any charset `encoding_rs` knows: [`normalize`] decodes them
//!   and writes the property again as plain text (calcard knows neither the bare parameter
//!   nor multi-byte charsets).

use std::borrow::Cow;

use encoding_rs::Encoding;

/// The encoding a `CHARSET` label names (`Shift_JIS`, `GB2312`, `windows-1251`…).
fn charset(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().trim_matches('"').as_bytes())
}

/// The parameters of a property line (`N;CHARSET=x;ENCODING=y:…` → `["CHARSET=x", …]`),
/// the group and name left out.
fn params(head: &str) -> impl Iterator<Item = &str> {
    head.split(';').skip(1).map(str::trim)
}

fn param_value<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    params(head).find_map(|p| {
        let (n, v) = p.split_once('=')?;
        n.trim().eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

fn is_quoted_printable(head: &str) -> bool {
    params(head).any(|p| {
        p.eq_ignore_ascii_case("QUOTED-PRINTABLE")
            || p.split_once('=').is_some_and(|(n, v)| {
                n.trim().eq_ignore_ascii_case("ENCODING")
                    && matches!(
                        v.trim().to_ascii_uppercase().as_str(),
                        "QUOTED-PRINTABLE" | "Q"
                    )
            })
    })
}

/// The bytes of a vCard file with every line in a `CHARSET` other than UTF-8 read in that
/// charset and written as UTF-8, and the names of the charsets used; `None` when the file
/// is UTF-8 already or no line needed it.
pub fn transcode(bytes: &[u8]) -> Option<(Vec<u8>, Vec<&'static str>)> {
    let start = bytes
        .iter()
        .position(|b| !b" \t\r\n\xef\xbb\xbf".contains(b))
        .unwrap_or(bytes.len());
    let is_vcard = bytes
        .get(start..start + 11)
        .is_some_and(|s| s.eq_ignore_ascii_case(b"BEGIN:VCARD"));
    if !is_vcard || std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let mut used: Vec<&'static str> = Vec::new();
    // The charset of the property the current line belongs to (continuation lines too).
    let mut current: Option<&'static Encoding> = None;
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let continued = matches!(line.first(), Some(b' ' | b'\t'));
        if !continued {
            let head_end = line.iter().position(|&b| b == b':').unwrap_or(0);
            let head = String::from_utf8_lossy(&line[..head_end]);
            current = param_value(&head, "CHARSET")
                .and_then(charset)
                .filter(|e| *e != encoding_rs::UTF_8);
        }
        match current {
            Some(enc) if std::str::from_utf8(line).is_err() => {
                let (text, _) = enc.decode_without_bom_handling(line);
                out.extend_from_slice(text.as_bytes());
                if !used.contains(&enc.name()) {
                    used.push(enc.name());
                }
            }
            _ => out.extend_from_slice(line),
        }
    }
    (!used.is_empty()).then_some((out, used))
}

/// One card's text with every quoted-printable property decoded (see the module
/// documentation); the text itself when there is none.
pub fn normalize(card: &str) -> Cow<'_, str> {
    let lines: Vec<&str> = card.split_inclusive('\n').collect();
    let qp = |l: &str| {
        !l.starts_with([' ', '\t'])
            && l.split_once(':')
                .is_some_and(|(h, _)| is_quoted_printable(h))
    };
    if !lines.iter().any(|l| qp(l)) {
        return Cow::Borrowed(card);
    }
    let mut out = String::with_capacity(card.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        let Some((head, first)) = line.split_once(':').filter(|_| qp(line)) else {
            out.push_str(line);
            continue;
        };
        // Soft line breaks: a value line ending in `=` continues on the next line.
        let mut value = String::new();
        let mut part = first.trim_end_matches(['\r', '\n']);
        loop {
            match part.strip_suffix('=') {
                Some(rest) if i < lines.len() => {
                    value.push_str(rest);
                    part = lines[i].trim_end_matches(['\r', '\n']);
                    i += 1;
                }
                _ => {
                    value.push_str(part);
                    break;
                }
            }
        }
        let bytes = unquote(&value);
        let text = match param_value(head, "CHARSET").and_then(charset) {
            Some(enc) => enc.decode_without_bom_handling(&bytes).0.into_owned(),
            None => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(e.as_bytes())
                    .0
                    .into_owned(),
            },
        };
        let mut parts = head.split(';');
        out.push_str(parts.next().unwrap_or_default());
        for p in parts {
            let name = p.split('=').next().unwrap_or_default().trim();
            if ["ENCODING", "CHARSET", "QUOTED-PRINTABLE"]
                .iter()
                .any(|n| name.eq_ignore_ascii_case(n))
            {
                continue;
            }
            out.push(';');
            out.push_str(p);
        }
        out.push(':');
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        out.push_str(&text.replace('\n', "\\n"));
        out.push_str("\r\n");
    }
    Cow::Owned(out)
}

/// The bytes of a quoted-printable value (`=E5=B1=B1` → three bytes); a broken escape is
/// kept as written.
fn unquote(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'='
            && let Some(hex) = b.get(i + 1..i + 3)
            && let Ok(s) = std::str::from_utf8(hex)
            && let Ok(byte) = u8::from_str_radix(s, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_in_any_charset_becomes_text() {
        // (line, decoded)
        for (line, want) in [
            (
                "N;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8ER=93c;=91=BE=98Y\r\n",
                "N:山田;太郎\r\n",
            ),
            ("FN;QUOTED-PRINTABLE:J=C3=BCrgen\r\n", "FN:Jürgen\r\n"),
            (
                "NOTE;ENCODING=QUOTED-PRINTABLE:a=0D=0Ab=\r\nc\r\n",
                "NOTE:a\\nbc\r\n",
            ),
            (
                "FN;CHARSET=WINDOWS-1251;QUOTED-PRINTABLE:=C8=E2=E0=ED\r\n",
                "FN:Иван\r\n",
            ),
            ("FN:plain\r\n", "FN:plain\r\n"),
        ] {
            assert_eq!(normalize(line), want, "{line}");
        }
    }

    #[test]
    fn eight_bit_lines_are_read_in_their_charset() {
        let mut bytes = b"BEGIN:VCARD\r\nN;CHARSET=SHIFT_JIS:".to_vec();
        bytes.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("山田;太郎").0);
        bytes.extend_from_slice(b"\r\nFN:Jos\xe9\r\nEND:VCARD\r\n");
        let (out, used) = transcode(&bytes).expect("a Shift_JIS line");
        assert_eq!(used, vec!["Shift_JIS"]);
        assert!(
            out.starts_with("BEGIN:VCARD\r\nN;CHARSET=SHIFT_JIS:山田;太郎\r\n".as_bytes()),
            "the line with a CHARSET is UTF-8 now"
        );
        assert!(
            out.ends_with(b"FN:Jos\xe9\r\nEND:VCARD\r\n"),
            "the others are left as they were"
        );
        assert_eq!(transcode(b"BEGIN:VCARD\r\nFN:plain\r\n"), None);
        assert_eq!(
            transcode(b"a;CHARSET=SHIFT_JIS:\x8eR\n"),
            None,
            "not a vCard"
        );
    }
}
