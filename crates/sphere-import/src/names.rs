//! Names as people type them into profiles: emoji (`Ana 🚀`), pronouns (`(she/her)`),
//! credentials after commas (`Nayak, MSc, MBA`), stray and non-breaking spaces. [`clean`]
//! keeps the name and hands the credentials back separately.

/// A cleaned first and last name, and the credentials taken off them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name {
    pub first: String,
    pub last: String,
    pub credentials: Vec<String>,
}

/// Pictographs, dingbats, flags, variation selectors and joiners.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF
        | 0xFE00..=0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F | 0x2190..=0x21FF
        | 0x2300..=0x23FF | 0x25A0..=0x25FF | 0x3030 | 0x303D | 0x3297
        | 0x3299 | 0x00A9 | 0x00AE | 0x2122)
}

/// Pronoun sets as written in names: `she/her`, `he/him/his`, `they/them`, `she/they`.
fn is_pronouns(text: &str) -> bool {
    const WORDS: [&str; 12] = [
        "she", "her", "hers", "he", "him", "his", "they", "them", "theirs", "ze", "zir", "xe",
    ];
    let t = text.trim_matches(|c: char| "()[]{}|,".contains(c) || c.is_whitespace());
    let parts: Vec<&str> = t.split('/').map(str::trim).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| WORDS.contains(&p.to_ascii_lowercase().as_str()))
}

/// Degrees, certifications and post-nominals written after a comma.
fn is_credential(text: &str) -> bool {
    const KNOWN: [&str; 40] = [
        "mba", "msc", "ms", "ma", "bsc", "bs", "ba", "phd", "md", "jd", "cpa", "pmp", "cfa",
        "cissp", "shrm-cp", "shrm-scp", "pe", "peng", "rn", "do", "dds", "esq", "llm", "mph",
        "cpc", "csm", "cfp", "frm", "acca", "cima", "itil", "ccna", "mpa", "meng", "beng", "edd",
        "cae", "aia", "leed", "pcc",
    ];
    let t = text.trim();
    let bare: String = t
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    if bare.is_empty() {
        return false;
    }
    if ["jr", "sr", "ii", "iii", "iv", "v"].contains(&bare.as_str()) {
        return false;
    }
    if KNOWN.contains(&bare.as_str()) {
        return true;
    }
    // Short, mostly capitals, no lowercase word: "CSCP", "P.Eng.", "FCIPD", "LEED AP".
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    !letters.is_empty() && t.chars().count() <= 10 && upper * 2 > letters.len() && upper >= 2
}

/// Collapses runs of whitespace (including non-breaking spaces) to one space.
pub fn squash(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cleans one part (first or last) of a name, collecting credentials.
fn clean_part(text: &str, credentials: &mut Vec<String>) -> String {
    let no_emoji: String = text.chars().filter(|&c| !is_emoji(c)).collect();
    // Pronouns in brackets anywhere, or as a trailing word.
    let mut kept = String::new();
    let mut rest = no_emoji.as_str();
    while let Some(open) = rest.find(['(', '[']) {
        let close = rest[open..].find([')', ']']).map(|c| open + c);
        match close {
            Some(close) if is_pronouns(&rest[open..=close]) => {
                kept.push_str(&rest[..open]);
                kept.push(' ');
                rest = &rest[close + 1..];
            }
            _ => {
                kept.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    kept.push_str(rest);
    let words: Vec<&str> = kept
        .split_whitespace()
        .filter(|w| !is_pronouns(w))
        .collect();
    let text = words.join(" ");
    // Credentials after the first comma: "Nayak, MSc, MBA".
    let mut pieces = text.split(',');
    let head = pieces.next().unwrap_or("").to_string();
    let tail: Vec<&str> = pieces.map(str::trim).filter(|p| !p.is_empty()).collect();
    if !tail.is_empty() && tail.iter().all(|p| is_credential(p)) {
        credentials.extend(tail.iter().map(|p| p.to_string()));
        return squash(head.trim_end_matches([' ', '-', '|']));
    }
    squash(&text)
        .trim_matches(|c: char| c == ',' || c == '|' || c == '-' || c.is_whitespace())
        .to_string()
}

/// Cleans a first and last name (see the module documentation). A first name left empty
/// takes the last name's first word, so a person always has a first name when any name is
/// there.
pub fn clean(first: &str, last: &str) -> Name {
    let mut credentials = Vec::new();
    let mut first = clean_part(first, &mut credentials);
    let mut last = clean_part(last, &mut credentials);
    if first.is_empty() && !last.is_empty() {
        match last.split_once(' ') {
            Some((f, l)) => {
                first = f.to_string();
                last = l.to_string();
            }
            None => std::mem::swap(&mut first, &mut last),
        }
    }
    credentials.dedup();
    Name {
        first,
        last,
        credentials,
    }
}

/// Splits a full name ("Ana Maria Silva") into first and last at the last space, then cleans.
pub fn split_full(full: &str) -> Name {
    let mut creds = Vec::new();
    let full = clean_part(full, &mut creds);
    let mut name = match full.rsplit_once(' ') {
        Some((f, l)) => clean(f, l),
        None => clean(&full, ""),
    };
    creds.extend(name.credentials);
    name.credentials = creds;
    name
}

/// A name as a mail program shows it in `From:` or `To:`: `"Doe, Jane"` is Jane Doe, quotes
/// around it are dropped, and `Jane Doe, PhD` keeps its credential apart. `None` when there
/// is no name, only an address.
pub fn from_display(display: &str) -> Option<Name> {
    let text = squash(display.trim().trim_matches(['"', '\'', '`']).trim());
    if text.is_empty() || text.contains('@') {
        return None;
    }
    if let Some((last, first)) = text.split_once(',')
        && !first.contains(',')
        && !first.trim().is_empty()
        && !last.trim().is_empty()
        && !is_credential(first)
    {
        let name = clean(first, last);
        return (!name.first.is_empty()).then_some(name);
    }
    let name = split_full(&text);
    (!name.first.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_in_mail() {
        let n = |s: &str| from_display(s).map(|n| (n.first, n.last));
        assert_eq!(n("\"Doe, Jane\""), Some(("Jane".into(), "Doe".into())));
        assert_eq!(n("Jane Doe"), Some(("Jane".into(), "Doe".into())));
        assert_eq!(n("'Jane Doe'"), Some(("Jane".into(), "Doe".into())));
        assert_eq!(n("Jane Doe, PhD"), Some(("Jane".into(), "Doe".into())));
        assert_eq!(n("jane@example.com"), None);
        assert_eq!(n("  "), None);
    }

    #[test]
    fn real_world_names() {
        let n = clean("Priya", "Nayak, MSc, MBA");
        assert_eq!((n.first.as_str(), n.last.as_str()), ("Priya", "Nayak"));
        assert_eq!(n.credentials, vec!["MSc", "MBA"]);
        let n = clean("  Ana 🚀 ", "Silva (she/her)");
        assert_eq!((n.first.as_str(), n.last.as_str()), ("Ana", "Silva"));
        let n = clean("Jordan", "Lee they/them");
        assert_eq!(n.last, "Lee");
        let n = clean("Mary\u{a0} Jo", "  O'Neil   ");
        assert_eq!((n.first.as_str(), n.last.as_str()), ("Mary Jo", "O'Neil"));
        let n = clean("Chris", "Smith, Jr.");
        assert_eq!(n.last, "Smith, Jr.", "a suffix is part of the name");
        let n = clean("", "Kowalski");
        assert_eq!((n.first.as_str(), n.last.as_str()), ("Kowalski", ""));
        let n = clean("Dr. Sam", "García-López, PhD");
        assert_eq!(n.last, "García-López");
        assert_eq!(n.credentials, vec!["PhD"]);
        let n = clean("🇧🇷", "🌟");
        assert_eq!((n.first.as_str(), n.last.as_str()), ("", ""));
    }

    #[test]
    fn full_names_split() {
        let n = split_full("Ana Maria Silva, CPA");
        assert_eq!((n.first.as_str(), n.last.as_str()), ("Ana Maria", "Silva"));
        assert_eq!(n.credentials, vec!["CPA"]);
        assert_eq!(split_full("Cher").first, "Cher");
    }
}
