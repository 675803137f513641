//! mbox files, streamed: one message's header block in memory at a time, bodies skipped
//! line by line without being kept.
//!
//! Every variant separates messages with a `From ` line: mboxo and mboxrd (`From
//! sender@example.org Mon Jan  1 00:00:00 2024`, with `>From ` quoting in bodies), Gmail
//! Takeout (`From 1771234567890123456@xxx Wed Mar 06 18:40:12 +0000 2024`), Thunderbird
//! (`From - Mon Jan  1 00:00:00 2024`). A body line that merely begins with "From " is not a
//! separator: a separator either has the shape above (a weekday and a month after the
//! sender), or follows a blank line and carries a time of day. LF and CRLF line ends are both
//! read. A file that does not start with a `From ` line is refused, naming the file.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use sphere_domain::error::{CoreError, CoreResult};

use super::{MailKind, MailRead, check, io_words, parse_header};
use crate::contacts::Progress;

/// The most header bytes kept for one message; a block longer than this (a broken file)
/// is cut there and the rest skipped as body.
const MAX_HEADER_BYTES: usize = 1 << 20;

/// Reads an mbox message by message.
pub struct MboxReader<R> {
    reader: R,
    line: Vec<u8>,
    /// The last line read is a separator: a message starts.
    at_message: bool,
    /// Bytes read so far.
    pub bytes: u64,
    name: String,
}

impl<R: BufRead> MboxReader<R> {
    /// Starts reading; fails, naming `name`, unless the first line that is not blank is a
    /// `From ` line. An empty file is an empty mailbox.
    pub fn new(reader: R, name: &str) -> CoreResult<Self> {
        let mut r = Self {
            reader,
            line: Vec::with_capacity(1024),
            at_message: false,
            bytes: 0,
            name: name.to_string(),
        };
        loop {
            if r.read_line()? == 0 {
                return Ok(r);
            }
            if is_blank(&r.line) {
                continue;
            }
            let start = r.line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&r.line);
            if start.starts_with(b"From ") {
                r.at_message = true;
                return Ok(r);
            }
            let shown: String = String::from_utf8_lossy(start)
                .trim_end()
                .chars()
                .take(60)
                .collect();
            return Err(CoreError::invalid(
                "path",
                format!(
                    "{name} is not an mbox file: an mbox starts with a `From ` line, this one \
                     starts `{shown}` (give a Maildir as its folder)"
                ),
            ));
        }
    }

    fn read_line(&mut self) -> CoreResult<usize> {
        self.line.clear();
        let n = self.reader.read_until(b'\n', &mut self.line).map_err(|e| {
            CoreError::invalid(
                "path",
                format!("cannot read {}: {}", self.name, io_words(&e)),
            )
        })?;
        self.bytes += n as u64;
        Ok(n)
    }

    /// The next message's header block into `header` (cleared first), and whether its body
    /// has a `text/calendar` part; `None` at the end of the file.
    pub fn next_message(&mut self, header: &mut Vec<u8>) -> CoreResult<Option<bool>> {
        if !self.at_message {
            return Ok(None);
        }
        self.at_message = false;
        header.clear();
        let mut in_header = true;
        let mut prev_blank = false;
        let mut calendar = false;
        loop {
            if self.read_line()? == 0 {
                break;
            }
            let line = self.line.as_slice();
            let blank = is_blank(line);
            if in_header {
                if blank {
                    in_header = false;
                    prev_blank = true;
                    continue;
                }
                if is_separator(line, false) {
                    // A message with no body and no blank line after its headers.
                    self.at_message = true;
                    break;
                }
                if header.len() + line.len() > MAX_HEADER_BYTES {
                    in_header = false;
                    continue;
                }
                // mboxrd quoting: `>From ` (any number of `>`) loses one `>`.
                let unquoted = match line.iter().position(|&b| b != b'>') {
                    Some(i) if i > 0 && line[i..].starts_with(b"From ") => &line[1..],
                    _ => line,
                };
                header.extend_from_slice(unquoted);
                continue;
            }
            if line.starts_with(b"From ") && is_separator(line, prev_blank) {
                self.at_message = true;
                break;
            }
            if !calendar && is_calendar_type(line) {
                calendar = true;
            }
            prev_blank = blank;
        }
        if !header.ends_with(b"\n") {
            header.push(b'\n');
        }
        header.push(b'\n');
        Ok(Some(calendar))
    }
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

const WEEKDAYS: [&[u8]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
const MONTHS: [&[u8]; 12] = [
    b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec",
];

fn one_of(word: &[u8], list: &[&[u8]]) -> bool {
    let word = word.strip_suffix(b",").unwrap_or(word);
    word.len() >= 3 && list.iter().any(|w| word[..3].eq_ignore_ascii_case(w))
}

/// Whether a line that begins with `From ` separates two messages (see the module
/// documentation).
fn is_separator(line: &[u8], after_blank: bool) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    let words: Vec<&[u8]> = rest
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty())
        .take(4)
        .collect();
    if words.len() >= 3 && one_of(words[1], &WEEKDAYS) && one_of(words[2], &MONTHS) {
        return true;
    }
    after_blank
        && rest.windows(5).any(|w| {
            w[0].is_ascii_digit()
                && w[1].is_ascii_digit()
                && w[2] == b':'
                && w[3].is_ascii_digit()
                && w[4].is_ascii_digit()
        })
}

/// A MIME part header line `Content-Type: text/calendar…`.
pub(crate) fn is_calendar_type(line: &[u8]) -> bool {
    const NAME: &[u8] = b"content-type:";
    const TYPE: &[u8] = b"text/calendar";
    line.len() > NAME.len()
        && line[..NAME.len()].eq_ignore_ascii_case(NAME)
        && line[NAME.len()..]
            .windows(TYPE.len())
            .any(|w| w.eq_ignore_ascii_case(TYPE))
}

/// Reads an mbox file's messages; progress in kibibytes of `len`.
pub fn read_file(
    path: &Path,
    len: u64,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<MailRead> {
    read_files(&[(path.to_path_buf(), len)], report, cancel)
}

/// Reads several mbox files (with their sizes) as one mailbox; progress in kibibytes of
/// them all.
pub fn read_files(
    files: &[(PathBuf, u64)],
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<MailRead> {
    let mut out = MailRead {
        kind: MailKind::Mbox,
        headers: Vec::new(),
        unreadable: 0,
    };
    let all: u64 = files.iter().map(|(_, len)| len).sum();
    let mut before = 0;
    for (path, len) in files {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| {
            CoreError::invalid("path", format!("cannot read {name}: {}", io_words(&e)))
        })?;
        let reader = BufReader::with_capacity(1 << 20, file);
        read_into(reader, &name, (before, all), &mut out, report, cancel)?;
        before += len;
    }
    Ok(out)
}

/// Reads an mbox from any reader (`len`: its size in bytes, for progress, 0 if unknown).
pub fn read(
    reader: impl BufRead,
    name: &str,
    len: u64,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<MailRead> {
    let mut out = MailRead {
        kind: MailKind::Mbox,
        headers: Vec::new(),
        unreadable: 0,
    };
    read_into(reader, name, (0, len), &mut out, report, cancel)?;
    Ok(out)
}

/// Reads one mbox into `out`; progress counts `before` bytes already read of `all`.
fn read_into(
    reader: impl BufRead,
    name: &str,
    (before, all): (u64, u64),
    out: &mut MailRead,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<()> {
    let total = u32::try_from(all / 1024).unwrap_or(u32::MAX);
    let progress = |bytes: u64| Progress {
        phase: "reading".into(),
        done: u32::try_from((before + bytes) / 1024)
            .unwrap_or(u32::MAX)
            .min(total),
        total,
    };
    report(progress(0));
    let mut mbox = MboxReader::new(reader, name)?;
    let mut header = Vec::with_capacity(8 * 1024);
    let mut n: u32 = 0;
    while let Some(calendar) = mbox.next_message(&mut header)? {
        match parse_header(&header) {
            Some(mut h) => {
                h.calendar |= calendar;
                out.headers.push(h);
            }
            None => out.unreadable += 1,
        }
        n += 1;
        if n.is_multiple_of(512) {
            check(cancel)?;
            report(progress(mbox.bytes));
        }
    }
    check(cancel)?;
    report(progress(mbox.bytes));
    Ok(())
}

/// The mbox files in a folder and below it (an Apple Mail export's `Inbox.mbox/mbox`,
/// Thunderbird's `Local Folders/Inbox` beside `Inbox.msf` and `Inbox.sbd/`): every file that
/// starts with a `From ` line, with its size, by path.
pub fn files_in(dir: &Path) -> CoreResult<Vec<(PathBuf, u64)>> {
    let mut out = Vec::new();
    files_below(dir, 0, &mut out)?;
    Ok(out)
}

fn files_below(dir: &Path, depth: usize, out: &mut Vec<(PathBuf, u64)>) -> CoreResult<()> {
    let read = std::fs::read_dir(dir).map_err(|e| {
        CoreError::invalid(
            "path",
            format!("cannot read the folder {}: {}", dir.display(), io_words(&e)),
        )
    })?;
    let mut entries: Vec<(PathBuf, std::fs::FileType)> = read
        .flatten()
        .filter_map(|e| e.file_type().ok().map(|t| (e.path(), t)))
        .filter(|(p, _)| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| !n.starts_with('.'))
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, kind) in entries {
        if kind.is_dir() && depth < 8 {
            files_below(&path, depth + 1, out)?;
        } else if kind.is_file() {
            let mut start = [0u8; 8];
            let n = File::open(&path)
                .and_then(|mut f| std::io::Read::read(&mut f, &mut start))
                .unwrap_or(0);
            let start = &start[..n];
            let start = start.strip_prefix(b"\xef\xbb\xbf").unwrap_or(start);
            if start.starts_with(b"From ") {
                let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
                out.push((path, len));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod unit {
    use super::*;

    fn messages(text: &str) -> CoreResult<Vec<(String, bool)>> {
        let mut r = MboxReader::new(text.as_bytes(), "test.mbox")?;
        let mut out = Vec::new();
        let mut h = Vec::new();
        while let Some(cal) = r.next_message(&mut h)? {
            out.push((String::from_utf8_lossy(&h).into_owned(), cal));
        }
        Ok(out)
    }

    #[test]
    fn separators_and_quoted_from_lines() -> CoreResult<()> {
        let text = "From - Mon Jan  1 00:00:00 2024\r\nSubject: one\r\n\r\nbody\r\n\
                    >From the start\r\nFrom here on, a body line\r\n\r\n\
                    From 1771234567890@xxx Wed Mar 06 18:40:12 +0000 2024\r\nSubject: two\r\n\r\n\
                    See you\r\nFrom someone@example.org at 10:00 2024\n\n\
                    From x@y Sat, 02 Mar 2024 10:00:00\n\
                    Subject: three\nContent-Type: text/plain\n\n\
                    --b\nContent-Type: text/calendar; method=REQUEST\n\nBEGIN:VCALENDAR\n";
        let m = messages(text)?;
        assert_eq!(m.len(), 3, "{m:?}");
        assert!(m[0].0.starts_with("Subject: one\r\n"));
        assert!(m[1].0.starts_with("Subject: two"));
        assert!(!m[1].1);
        assert!(m[2].0.contains("Subject: three"));
        assert!(m[2].1, "a text/calendar part is noticed");
        Ok(())
    }

    #[test]
    fn a_file_that_is_not_an_mbox_is_refused_by_name() {
        let err = messages("Subject: hello\n\nbody\n")
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains("test.mbox is not an mbox file")),
            "{err:?}"
        );
        assert_eq!(messages("").ok().map(|m| m.len()), Some(0));
    }

    #[test]
    fn mboxrd_quoting_in_headers_loses_one_mark() -> CoreResult<()> {
        let m = messages("From a@b Mon Jan  1 00:00:00 2024\n>>From the top\nSubject: s\n\nb\n")?;
        assert!(m[0].0.starts_with(">From the top\n"), "{:?}", m[0].0);
        Ok(())
    }
}
