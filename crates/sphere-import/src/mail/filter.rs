//! Which messages are the user's own exchanges with someone, and why the others are ignored.
//! Pure: a header and the settings in, a verdict out.
//!
//! Ignored, in this order: no sender; Gmail's Spam; mailing lists (`List-Id`,
//! `List-Unsubscribe`, `List-Post`, `Precedence: list`); bulk (`Precedence: bulk` or `junk`,
//! Gmail's categories Promotions, Social, Updates and Forums); automatic messages
//! (`Auto-Submitted` other than `no`, `X-Auto-Response-Suppress`, `X-Autoreply`…); calendar
//! invitations and notifications (a `text/calendar` body or part, Outlook's meeting
//! requests, Google Calendar's sender); no-reply senders (`noreply`, `do-not-reply`,
//! `notifications`, `mailer-daemon`, `postmaster`, `bounces`, `newsletter`, `news`,
//! `updates`… as the local part of `From`, `Sender` or `Reply-To`, with any separators, digits
//! or `+tag`); more recipients (To and Cc) than the user's maximum; mail the user neither sent
//! nor received (To or Cc); mail from the user to no one but themselves.

use std::collections::HashSet;

use super::MailHeader;

/// Why a message does not count. The code ([`Ignored::code`]) is what `mail_message.ignored`
/// stores and what summaries count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ignored {
    /// No `Date:` header (not stored: a message row needs a date).
    NoDate,
    /// A `Date:` that cannot be read (not stored).
    BadDate,
    /// A date before 1900 or after 2100 (not stored).
    DateOutOfRange,
    NoSender,
    Spam,
    MailingList,
    Bulk,
    Automatic,
    Calendar,
    NoReply,
    TooManyRecipients,
    NotYours,
    ToYourself,
    /// The user's, but with someone who is not a person in the sphere yet and has not written
    /// both ways: it counts when the other direction arrives.
    OneWay,
}

impl Ignored {
    pub const ALL: [Ignored; 14] = [
        Ignored::NoDate,
        Ignored::BadDate,
        Ignored::DateOutOfRange,
        Ignored::NoSender,
        Ignored::Spam,
        Ignored::MailingList,
        Ignored::Bulk,
        Ignored::Automatic,
        Ignored::Calendar,
        Ignored::NoReply,
        Ignored::TooManyRecipients,
        Ignored::NotYours,
        Ignored::ToYourself,
        Ignored::OneWay,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Ignored::NoDate => "no-date",
            Ignored::BadDate => "bad-date",
            Ignored::DateOutOfRange => "date-out-of-range",
            Ignored::NoSender => "no-sender",
            Ignored::Spam => "spam",
            Ignored::MailingList => "mailing-list",
            Ignored::Bulk => "bulk",
            Ignored::Automatic => "automatic",
            Ignored::Calendar => "calendar",
            Ignored::NoReply => "no-reply",
            Ignored::TooManyRecipients => "too-many-recipients",
            Ignored::NotYours => "not-yours",
            Ignored::ToYourself => "to-yourself",
            Ignored::OneWay => "one-way",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.code() == code)
    }

    /// In words, for people.
    pub fn describe(self) -> &'static str {
        match self {
            Ignored::NoDate => "no date",
            Ignored::BadDate => "a date that cannot be read",
            Ignored::DateOutOfRange => "dated before 1900 or after 2100",
            Ignored::NoSender => "no sender",
            Ignored::Spam => "spam",
            Ignored::MailingList => "a mailing list",
            Ignored::Bulk => "bulk mail",
            Ignored::Automatic => "sent automatically",
            Ignored::Calendar => "a calendar invitation or notification",
            Ignored::NoReply => "from a no-reply address",
            Ignored::TooManyRecipients => "sent to more people than your maximum",
            Ignored::NotYours => "neither from you nor to you",
            Ignored::ToYourself => "from you to no one else",
            Ignored::OneWay => "one-way so far (counts once the other side writes back)",
        }
    }

    /// Whether the verdict depends on the user's settings (their addresses, the maximum
    /// number of recipients): such a message is judged again when it is read again.
    pub fn depends_on_settings(self) -> bool {
        matches!(
            self,
            Ignored::TooManyRecipients | Ignored::NotYours | Ignored::ToYourself
        )
    }
}

/// A message that is the user's exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The user wrote it to these addresses (To then Cc, each once, none of the user's own).
    Sent { to: Vec<String> },
    /// Someone wrote it to the user (To or Cc).
    Received { from: String },
}

/// Gmail's categories of bulk mail (`X-Gmail-Labels` in Takeout).
const BULK_LABELS: [&str; 4] = [
    "category promotions",
    "category social",
    "category updates",
    "category forums",
];

/// Local parts (letters only, lower case) that a no-reply address starts with.
const NO_REPLY_PREFIXES: [&str; 7] = [
    "noreply",
    "donotreply",
    "dontreply",
    "notification",
    "mailerdaemon",
    "bounce",
    "newsletter",
];
/// …or contains anywhere (`store-noreply`, `info.donotreply`).
const NO_REPLY_INFIXES: [&str; 3] = ["noreply", "donotreply", "mailerdaemon"];
/// …or is exactly.
const NO_REPLY_EXACT: [&str; 20] = [
    "news",
    "updates",
    "update",
    "postmaster",
    "notify",
    "notifier",
    "alert",
    "alerts",
    "digest",
    "mailer",
    "automated",
    "autoreply",
    "autoresponder",
    "daemon",
    "nobody",
    "noresponse",
    "donotrespond",
    "announce",
    "announcements",
    "unsubscribe",
];

/// Whether an address is a no-reply-like sender: `noreply@`, `no_reply+abc@`,
/// `do-not-reply@`, `notifications@`, `mailer-daemon@`, `bounces-123@`, `news@`…
pub fn is_no_reply(email: &str) -> bool {
    let local = email.split('@').next().unwrap_or("");
    let local = local.split('+').next().unwrap_or("");
    let letters: String = local
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    !letters.is_empty()
        && (NO_REPLY_PREFIXES.iter().any(|p| letters.starts_with(p))
            || NO_REPLY_INFIXES.iter().any(|p| letters.contains(p))
            || NO_REPLY_EXACT.contains(&letters.as_str()))
}

/// Google Calendar's sender (`calendar-notification@google.com`) and the like.
fn is_calendar_sender(email: &str) -> bool {
    let (local, domain) = email.split_once('@').unwrap_or((email, ""));
    local.starts_with("calendar-notification") || domain == "calendar.google.com"
}

/// The verdict on one message for a user with addresses `mine` (lower case) who counts
/// messages to at most `max_recipients` people.
pub fn judge(
    h: &MailHeader,
    mine: &HashSet<String>,
    max_recipients: u32,
) -> Result<Verdict, Ignored> {
    let Some(from) = &h.from else {
        return Err(Ignored::NoSender);
    };
    let labelled = |names: &[&str]| {
        h.labels
            .iter()
            .any(|l| names.contains(&l.to_lowercase().as_str()))
    };
    if labelled(&["spam"]) {
        return Err(Ignored::Spam);
    }
    let precedence = h.precedence.as_deref().unwrap_or("");
    if h.list || precedence == "list" {
        return Err(Ignored::MailingList);
    }
    if matches!(precedence, "bulk" | "junk") || labelled(&BULK_LABELS) {
        return Err(Ignored::Bulk);
    }
    let auto = h
        .auto_submitted
        .as_deref()
        .map(|a| a.split([';', ' ']).next().unwrap_or("").trim())
        .is_some_and(|a| !a.is_empty() && a != "no");
    if auto || h.auto_flags.is_some() {
        return Err(Ignored::Automatic);
    }
    let senders = || {
        std::iter::once(from)
            .chain(h.sender.as_ref())
            .chain(h.reply_to.as_ref())
    };
    if h.calendar || senders().any(|a| is_calendar_sender(&a.email)) {
        return Err(Ignored::Calendar);
    }
    if senders().any(|a| is_no_reply(&a.email)) {
        return Err(Ignored::NoReply);
    }
    let mut recipients: Vec<&str> = Vec::new();
    for a in h.to.iter().chain(&h.cc) {
        if !recipients.contains(&a.email.as_str()) {
            recipients.push(&a.email);
        }
    }
    if recipients.len() > max_recipients as usize {
        return Err(Ignored::TooManyRecipients);
    }
    let sent = mine.contains(&from.email);
    let received = recipients.iter().any(|r| mine.contains(*r));
    if !sent && !received {
        return Err(Ignored::NotYours);
    }
    if sent {
        let to: Vec<String> = recipients
            .iter()
            .filter(|r| !mine.contains(**r))
            .map(|r| r.to_string())
            .collect();
        if to.is_empty() {
            return Err(Ignored::ToYourself);
        }
        return Ok(Verdict::Sent { to });
    }
    Ok(Verdict::Received {
        from: from.email.clone(),
    })
}

#[cfg(test)]
mod unit {
    use super::*;
    use crate::mail::{MailAddress, MailDate};

    fn addr(email: &str) -> MailAddress {
        MailAddress {
            name: None,
            email: email.into(),
        }
    }

    fn header(from: &str, to: &[&str]) -> MailHeader {
        MailHeader {
            message_id: "m@x".into(),
            id_made_up: false,
            in_reply_to: None,
            references: Vec::new(),
            date: MailDate::Missing,
            from: Some(addr(from)),
            sender: None,
            reply_to: None,
            to: to.iter().map(|t| addr(t)).collect(),
            cc: Vec::new(),
            subject: None,
            list: false,
            precedence: None,
            auto_submitted: None,
            auto_flags: None,
            calendar: false,
            labels: Vec::new(),
        }
    }

    fn me() -> HashSet<String> {
        ["me@home.org".to_string(), "me@work.com".to_string()].into()
    }

    #[test]
    fn no_reply_addresses() {
        for a in [
            "noreply@x.com",
            "no-reply@x.com",
            "no_reply+abc@x.com",
            "do-not-reply@x.com",
            "DoNotReply@x.com",
            "notifications@github.com",
            "notification123@x.com",
            "MAILER-DAEMON@x.com",
            "postmaster@x.com",
            "bounces-12-ab@x.com",
            "bounce@x.com",
            "news@x.com",
            "newsletter@x.com",
            "updates@x.com",
            "store-noreply@x.com",
        ] {
            assert!(is_no_reply(a), "{a}");
        }
        for a in [
            "jane.doe@x.com",
            "newsome@x.com",
            "nora.reply@x.com",
            "info@x.com",
            "bob@news.com",
        ] {
            assert!(!is_no_reply(a), "{a}");
        }
    }

    #[test]
    fn the_users_exchanges_and_the_rest() {
        let mine = me();
        assert_eq!(
            judge(
                &header("me@home.org", &["ann@x.org", "me@work.com"]),
                &mine,
                10
            ),
            Ok(Verdict::Sent {
                to: vec!["ann@x.org".into()]
            })
        );
        assert_eq!(
            judge(&header("ann@x.org", &["me@work.com"]), &mine, 10),
            Ok(Verdict::Received {
                from: "ann@x.org".into()
            })
        );
        assert_eq!(
            judge(&header("ann@x.org", &["bob@x.org"]), &mine, 10),
            Err(Ignored::NotYours)
        );
        assert_eq!(
            judge(&header("me@home.org", &["me@work.com"]), &mine, 10),
            Err(Ignored::ToYourself)
        );
        let many: Vec<String> = (0..11).map(|i| format!("p{i}@x.org")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            judge(&header("me@home.org", &many), &mine, 10),
            Err(Ignored::TooManyRecipients)
        );
        assert!(judge(&header("me@home.org", &many), &mine, 11).is_ok());
    }

    #[test]
    fn lists_bulk_automatic_calendar_and_no_reply() {
        let mine = me();
        let base = header("ann@x.org", &["me@home.org"]);
        let mut h = base.clone();
        h.list = true;
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::MailingList));
        let mut h = base.clone();
        h.precedence = Some("bulk".into());
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::Bulk));
        let mut h = base.clone();
        h.auto_submitted = Some("auto-replied".into());
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::Automatic));
        let mut h = base.clone();
        h.auto_submitted = Some("no".into());
        assert!(
            judge(&h, &mine, 10).is_ok(),
            "Auto-Submitted: no is a person"
        );
        let mut h = base.clone();
        h.sender = Some(addr("calendar-notification@google.com"));
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::Calendar));
        let mut h = base.clone();
        h.reply_to = Some(addr("no-reply@x.org"));
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::NoReply));
        let mut h = base.clone();
        h.labels = vec!["Inbox".into(), "Category Promotions".into()];
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::Bulk));
        h.labels = vec!["Spam".into()];
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::Spam));
        let mut h = base;
        h.from = None;
        assert_eq!(judge(&h, &mine, 10), Err(Ignored::NoSender));
    }

    #[test]
    fn codes_round_trip() {
        for i in Ignored::ALL {
            assert_eq!(Ignored::parse(i.code()), Some(i));
        }
    }
}
