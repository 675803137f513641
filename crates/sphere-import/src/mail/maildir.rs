//! Maildir folders: the messages of `cur/` and `new/` (never `tmp/`, where messages are still
//! being delivered), of nested Maildir++ folders (`.Sent`, `.Archive.2024`), and of every
//! Maildir below a folder of Maildirs. A folder with no Maildir in it is read as a folder of
//! mbox files (Apple Mail's `Inbox.mbox/mbox`, a Thunderbird profile's folders). One file per message; only its header block is read,
//! and the rest only when the message is multipart, to notice a `text/calendar` part.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use sphere_domain::error::{CoreError, CoreResult};

use super::{MailKind, MailRead, check, io_words, parse_header};
use crate::contacts::Progress;

/// How deep folders of Maildirs are searched.
const MAX_DEPTH: usize = 12;

/// The message files under `root`, in a stable order (folder by folder, by name), and
/// whether any Maildir (`cur/` or `new/`) was found at all.
pub fn message_files(root: &Path) -> CoreResult<(Vec<PathBuf>, bool)> {
    let mut files = Vec::new();
    let mut found = false;
    walk(root, 0, &mut files, &mut found)?;
    Ok((files, found))
}

fn entries(dir: &Path) -> CoreResult<Vec<(PathBuf, std::fs::FileType)>> {
    let read = std::fs::read_dir(dir).map_err(|e| {
        CoreError::invalid(
            "path",
            format!("cannot read the folder {}: {}", dir.display(), io_words(&e)),
        )
    })?;
    let mut out = Vec::new();
    for entry in read.flatten() {
        if let Ok(kind) = entry.file_type() {
            out.push((entry.path(), kind));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, found: &mut bool) -> CoreResult<()> {
    let children = entries(dir)?;
    // A Maildir's own messages first, then its sub-folders.
    for (path, kind) in &children {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if kind.is_dir() && (name == "cur" || name == "new") {
            *found = true;
            for (file, kind) in entries(path)? {
                let hidden = file
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_none_or(|n| n.starts_with('.'));
                if kind.is_file() && !hidden {
                    files.push(file);
                }
            }
        }
    }
    if depth >= MAX_DEPTH {
        return Ok(());
    }
    for (path, kind) in &children {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Symbolic links are not followed (a loop would never end).
        if kind.is_dir() && !matches!(name, "cur" | "new" | "tmp") {
            walk(path, depth + 1, files, found)?;
        }
    }
    Ok(())
}

/// Reads one message file: its header block, and whether it has a `text/calendar` part.
fn read_message(path: &Path) -> std::io::Result<(Vec<u8>, bool)> {
    let mut reader = BufReader::with_capacity(16 * 1024, File::open(path)?);
    let mut header = Vec::with_capacity(4 * 1024);
    let mut line = Vec::with_capacity(256);
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 || line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        header.extend_from_slice(&line);
    }
    header.extend_from_slice(b"\n\n");
    let multipart = header
        .windows(10)
        .any(|w| w.eq_ignore_ascii_case(b"multipart/"));
    let mut calendar = false;
    if multipart {
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 {
                break;
            }
            if super::mbox::is_calendar_type(&line) {
                calendar = true;
                break;
            }
        }
    }
    Ok((header, calendar))
}

/// Reads every message of the Maildir(s) under `root`; progress in files.
pub fn read(
    root: &Path,
    report: &mut dyn FnMut(Progress),
    cancel: &AtomicBool,
) -> CoreResult<MailRead> {
    let (files, found) = message_files(root)?;
    if !found {
        // A folder of mbox files (Apple Mail's `Inbox.mbox/`, a Thunderbird profile's folder).
        let mboxes = super::mbox::files_in(root)?;
        if mboxes.is_empty() {
            return Err(CoreError::invalid(
                "path",
                format!(
                    "{} is a folder with no mail in it: no Maildir (cur/ or new/ folder) and \
                     no mbox file",
                    root.display()
                ),
            ));
        }
        return super::mbox::read_files(&mboxes, report, cancel);
    }
    let total = u32::try_from(files.len()).unwrap_or(u32::MAX);
    let mut out = MailRead {
        kind: MailKind::Maildir,
        headers: Vec::with_capacity(files.len()),
        unreadable: 0,
    };
    report(Progress {
        phase: "reading".into(),
        done: 0,
        total,
    });
    for (i, file) in files.iter().enumerate() {
        let (header, calendar) = read_message(file).map_err(|e| {
            CoreError::invalid(
                "path",
                format!("cannot read {}: {}", file.display(), io_words(&e)),
            )
        })?;
        match parse_header(&header) {
            Some(mut h) => {
                h.calendar |= calendar;
                out.headers.push(h);
            }
            None => out.unreadable += 1,
        }
        let done = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if done.is_multiple_of(256) || done == total {
            check(cancel)?;
            report(Progress {
                phase: "reading".into(),
                done,
                total,
            });
        }
    }
    check(cancel)?;
    Ok(out)
}
