//! The one shape every address-book importer (LinkedIn, vCard, Google, Outlook) produces: a
//! list of [`Contact`]s with what was skipped and what was assumed. Planning and writing
//! ([`super::contacts`]) never see the file format.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use sphere_domain::string_enum;

string_enum! {
    /// The address-book formats Sphere reads.
    Format {
        /// LinkedIn's `Connections.csv`, any generation.
        Linkedin = "linkedin",
        /// vCard 2.1, 3.0 or 4.0 (`.vcf`).
        Vcard = "vcard",
        /// Google Contacts CSV (old `Name,Given Name,…` or new `First Name,Middle Name,…`).
        Google = "google",
        /// Outlook CSV (desktop or outlook.com).
        Outlook = "outlook",
    }
}

/// One person read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contact {
    /// The line the record starts on (1-based), for messages.
    pub line: u64,
    pub first_name: String,
    pub last_name: String,
    /// Lowercased, trimmed, deduplicated; primary first.
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    /// The organization as written in the file (not normalized).
    pub organization: String,
    /// A department or unit within it (vCard `ORG:Acme;Sales`).
    pub org_unit: String,
    pub title: String,
    /// `https://www.linkedin.com/in/<slug>` (see [`linkedin_url`]).
    pub linkedin_url: Option<String>,
    /// A LinkedIn member id (`urn:li:member:123`) found where an email was expected.
    pub member_id: Option<String>,
    /// When the importing user connected with them (LinkedIn `Connected On`).
    pub connected_on: Option<NaiveDate>,
    /// As the file gives it: `1984-04-12`, or `--04-12` when the year is unknown.
    pub birthday: Option<String>,
    /// A wedding (or other) anniversary, in the same form as [`Contact::birthday`].
    pub anniversary: Option<String>,
    pub photo: Option<Photo>,
    pub relations: Vec<Relation>,
    /// Credentials written after the name (`Nayak, MSc, MBA` → `MSc`, `MBA`).
    pub credentials: Vec<String>,
    /// Labels / groups, without system markers (`* myContacts`).
    pub tags: Vec<String>,
    pub notes: String,
    /// The file's own id for the record (vCard `UID`), when it has one.
    pub uid: Option<String>,
}

impl Contact {
    /// Why the record cannot become a person, when nothing is there to know them by.
    pub fn unidentifiable(&self) -> Option<&'static str> {
        (self.first_name.is_empty()
            && self.last_name.is_empty()
            && self.emails.is_empty()
            && self.phones.is_empty())
        .then_some("no name, email or phone")
    }
}

/// A picture of the person, kept as an image file.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub bytes: Vec<u8>,
    /// `jpg`, `png`, `gif` or `webp`, from the bytes' signature.
    pub ext: &'static str,
}

string_enum! {
    /// How someone named in a contact relates to them.
    RelationKind {
        Spouse = "spouse",
        Partner = "partner",
        Child = "child",
        Parent = "parent",
        Sibling = "sibling",
        /// Any other relative (cousin, grandparent, in-law…).
        Relative = "relative",
        Manager = "manager",
        Assistant = "assistant",
        ReferredBy = "referred_by",
        Colleague = "colleague",
        Friend = "friend",
        /// A label Sphere does not know.
        Other = "other",
    }
}

impl RelationKind {
    /// Family relations become never-bin facts, not relationships.
    pub fn is_family(self) -> bool {
        matches!(
            self,
            Self::Spouse
                | Self::Partner
                | Self::Child
                | Self::Parent
                | Self::Sibling
                | Self::Relative
        )
    }

    /// Reads a relation label as address books write it: Apple's `_$!<Spouse>!$_`, vCard 4
    /// `TYPE=spouse`, Evolution's `X-EVOLUTION-MANAGER`, plain words (`Mother`, `assistant`).
    pub fn from_label(label: &str) -> Self {
        let l = label
            .trim()
            .trim_start_matches("_$!<")
            .trim_end_matches(">!$_")
            .trim()
            .to_lowercase();
        let l = l
            .strip_prefix("x-evolution-")
            .or_else(|| l.strip_prefix("x-"))
            .unwrap_or(&l)
            .replace(['_', '-'], " ");
        match l.trim() {
            "spouse" | "wife" | "husband" => Self::Spouse,
            "partner" | "domestic partner" | "sweetheart" | "girlfriend" | "boyfriend" => {
                Self::Partner
            }
            "child" | "son" | "daughter" | "kid" => Self::Child,
            "parent" | "mother" | "father" | "mom" | "dad" => Self::Parent,
            "sibling" | "brother" | "sister" => Self::Sibling,
            "kin" | "relative" | "cousin" | "grandparent" | "grandmother" | "grandfather"
            | "grandchild" | "aunt" | "uncle" | "niece" | "nephew" | "in law" | "family" => {
                Self::Relative
            }
            "manager" | "boss" | "supervisor" => Self::Manager,
            "assistant" | "secretary" => Self::Assistant,
            "referred by" | "referredby" | "referral" | "referrer" => Self::ReferredBy,
            "colleague" | "coworker" | "co worker" => Self::Colleague,
            "friend" | "acquaintance" | "contact" | "met" => Self::Friend,
            _ => Self::Other,
        }
    }
}

/// Someone a contact names as related to them (`X-ABRELATEDNAMES`, `RELATED`, `X-SPOUSE`).
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub kind: RelationKind,
    /// The label as the file wrote it (`_$!<Spouse>!$_`, `Manager`).
    pub label: String,
    /// The related person's name (or email / URI when that is all there is).
    pub name: String,
}

/// A record left out, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Skip {
    #[ts(type = "number")]
    pub line: u64,
    pub reason: String,
}

/// What a parser made of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub format: Format,
    /// A readable name of the layout (`LinkedIn, 2021 layout (no URL column)`).
    pub layout: String,
    pub contacts: Vec<Contact>,
    pub skipped: Vec<Skip>,
    /// What the parser had to assume (encoding, delimiter, date order…), in words.
    pub assumptions: Vec<String>,
}

/// `https://www.linkedin.com/in/<slug>` for any spelling of a profile URL (`http://`,
/// `linkedin.com/in/slug/`, country subdomains, query strings), lowercased; `None` for text
/// that is not a LinkedIn profile URL.
pub fn linkedin_url(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .unwrap_or(t);
    let (host, path) = t.split_once('/')?;
    let host = host.to_ascii_lowercase();
    if !(host == "linkedin.com" || host.ends_with(".linkedin.com")) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or("");
    let slug = path.strip_prefix("in/")?.trim_end_matches('/');
    if slug.is_empty() || slug.contains('/') {
        return None;
    }
    Some(format!(
        "https://www.linkedin.com/in/{}",
        slug.to_lowercase()
    ))
}

/// The image format of `bytes` by signature, if it is one Sphere keeps.
pub fn image_ext(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xD8, 0xFF, ..] => Some("jpg"),
        [0x89, b'P', b'N', b'G', ..] => Some("png"),
        [b'G', b'I', b'F', b'8', ..] => Some("gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("webp"),
        _ => None,
    }
}

/// Adds `email` (trimmed, lowercased) to `list` unless it is empty or already there.
pub fn push_email(list: &mut Vec<String>, email: &str) {
    let e = email.trim().trim_matches(['<', '>']).trim().to_lowercase();
    if !e.is_empty() && !list.contains(&e) {
        list.push(e);
    }
}

/// Adds `phone` (trimmed) to `list` unless it is empty or already there (same digits).
pub fn push_phone(list: &mut Vec<String>, phone: &str) {
    let p = phone.trim();
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    if !p.is_empty() && !list.iter().any(|q| digits(q) == digits(p)) {
        list.push(p.to_string());
    }
}

/// What the parsers' tests share.
#[cfg(test)]
pub(crate) mod test_support {
    use super::{Parsed, Relation, RelationKind};

    /// The header fields of a CSV line (quotes dropped).
    pub fn headers(line: &str) -> Vec<String> {
        line.split(',')
            .map(|h| h.trim_matches('"').to_string())
            .collect()
    }

    pub fn first_line(text: &str) -> Vec<String> {
        headers(text.lines().next().unwrap_or(""))
    }

    /// (first, last) of every contact, in order.
    pub fn names(p: &Parsed) -> Vec<(&str, &str)> {
        p.contacts
            .iter()
            .map(|c| (c.first_name.as_str(), c.last_name.as_str()))
            .collect()
    }

    pub fn rel(kind: RelationKind, label: &str, name: &str) -> Relation {
        Relation {
            kind,
            label: label.into(),
            name: name.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linkedin_urls_normalize() {
        for url in [
            "https://www.linkedin.com/in/ana-silva-42",
            "http://linkedin.com/in/Ana-Silva-42/",
            "www.linkedin.com/in/ana-silva-42?trk=x",
            "https://pt.linkedin.com/in/ana-silva-42",
        ] {
            assert_eq!(
                linkedin_url(url).as_deref(),
                Some("https://www.linkedin.com/in/ana-silva-42"),
                "{url}"
            );
        }
        assert_eq!(linkedin_url("https://example.com/in/x"), None);
        assert_eq!(linkedin_url("https://www.linkedin.com/company/acme"), None);
        assert_eq!(linkedin_url(""), None);
    }

    #[test]
    fn relation_labels() {
        assert_eq!(
            RelationKind::from_label("_$!<Spouse>!$_"),
            RelationKind::Spouse
        );
        assert_eq!(
            RelationKind::from_label("_$!<Mother>!$_"),
            RelationKind::Parent
        );
        assert_eq!(
            RelationKind::from_label("X-EVOLUTION-MANAGER"),
            RelationKind::Manager
        );
        assert_eq!(
            RelationKind::from_label("assistant"),
            RelationKind::Assistant
        );
        assert_eq!(
            RelationKind::from_label("Referred by"),
            RelationKind::ReferredBy
        );
        assert_eq!(RelationKind::from_label("Godmother"), RelationKind::Other);
        assert!(RelationKind::Child.is_family());
        assert!(!RelationKind::Manager.is_family());
    }
}
