//! The introduction request to the first connector of a warm path, written by the formula in
//! DOMAIN.md: (1) the problem the user solved for the connector, (2) the outcome they got,
//! (3) why the person to meet may find the user useful, asking for one *specific* person.
//!
//! The draft uses only structured facts (names, titles, organizations, relationship kinds and
//! years, the date of an order or an advance). It never quotes notes or "how we met" text:
//! those can hold personal facts that must not reach outreach. What Sphere cannot know (the
//! problem, the outcome in the connector's words, why the target may care) is left as a
//! bracketed blank for the user to fill, and listed in `blanks`.

use chrono::{DateTime, NaiveDate, Utc};

use sphere_domain::{Outcome, TieKind};

/// A person as the draft names them.
#[derive(Debug, Clone, PartialEq)]
pub struct Named<'a> {
    pub first_name: &'a str,
    pub display_name: &'a str,
    pub title: &'a str,
    pub organization: Option<&'a str>,
}

/// A relationship as the draft describes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TieFacts {
    pub kind: TieKind,
    pub since: Option<NaiveDate>,
    /// First logged interaction, when `since` is not set.
    pub first_contact: Option<DateTime<Utc>>,
}

impl TieFacts {
    fn since_year(&self) -> Option<i32> {
        use chrono::Datelike;
        self.since
            .map(|d| d.year())
            .or_else(|| self.first_contact.map(|f| f.year()))
    }
}

/// Everything one draft needs.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftInput<'a> {
    pub me: Named<'a>,
    /// The first connector: the person the user writes to.
    pub connector: Named<'a>,
    /// The one specific person the connector is asked to introduce.
    pub ask_for: Named<'a>,
    /// The person at the end of the path, when further than `ask_for`.
    pub target: Option<Named<'a>>,
    pub me_connector: TieFacts,
    pub connector_ask_for: TieFacts,
    /// The most recent order or advance the user and the connector shared.
    pub last_win: Option<(DateTime<Utc>, Outcome)>,
}

/// A draft ready to edit and copy.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub subject: String,
    pub body: String,
    /// The bracketed parts the user must fill before sending, in order.
    pub blanks: Vec<String>,
}

/// How two people know each other, as a verb phrase after "you two".
fn relation(kind: TieKind) -> &'static str {
    match kind {
        TieKind::Colleague => "work together",
        TieKind::FormerColleague => "worked together",
        TieKind::Client => "work together",
        TieKind::Partner => "partner with each other",
        TieKind::Friend => "are friends",
        TieKind::Family => "are family",
        TieKind::Mentor => "have a mentoring relationship",
        TieKind::Investor => "know each other through investing",
        TieKind::Acquaintance => "know each other",
    }
}

fn with_role(p: &Named<'_>) -> String {
    match (p.title.trim(), p.organization) {
        ("", Some(org)) => format!("{} at {org}", p.display_name),
        ("", None) => p.display_name.to_string(),
        (title, Some(org)) => format!("{} ({title} at {org})", p.display_name),
        (title, None) => format!("{} ({title})", p.display_name),
    }
}

fn greeting_name<'a>(p: &Named<'a>) -> &'a str {
    if p.first_name.trim().is_empty() {
        p.display_name
    } else {
        p.first_name
    }
}

/// Writes the request.
pub fn draft(input: &DraftInput<'_>) -> Draft {
    let connector = greeting_name(&input.connector);
    let ask_first = greeting_name(&input.ask_for);
    let mut blanks: Vec<String> = Vec::new();
    let mut blank = |text: String| -> String {
        let b = format!("[{text}]");
        blanks.push(b.clone());
        b
    };

    // (1) The problem the user solved for the connector.
    let when = input
        .me_connector
        .since_year()
        .map(|y| format!(" in {y}"))
        .unwrap_or_default();
    let problem = match (input.me_connector.kind, input.connector.organization) {
        (TieKind::Client, Some(org)) => format!(
            "When {org} started working with us{when}, you were dealing with {}.",
            blank("the problem you solved for them".to_string())
        ),
        (TieKind::Client, None) => format!(
            "When you started working with us{when}, you were dealing with {}.",
            blank("the problem you solved for them".to_string())
        ),
        _ => format!(
            "When we started working together{when}, you were dealing with {}.",
            blank(format!("the problem you helped {connector} with"))
        ),
    };

    // (2) The outcome they got.
    let outcome = match input.last_win {
        Some((at, kind)) => {
            let month = at.format("%B %Y");
            let event = match kind {
                Outcome::Order => format!("Since the order in {month}"),
                _ => format!("Since we moved forward together in {month}"),
            };
            format!(
                "{event}, {}.",
                blank("the outcome they got, ideally a number".to_string())
            )
        }
        None => format!(
            "Since then, {}.",
            blank("the outcome they got, ideally a number".to_string())
        ),
    };

    // (3) Why the person to meet may find the user useful, naming them.
    let why_org = input
        .ask_for
        .organization
        .map_or_else(|| "their team".to_string(), str::to_string);
    let why = format!(
        "I think I could help {why_org} with {}.",
        blank(format!("why {ask_first} may find you useful"))
    );
    let mut meet = format!("I'd like to meet {}. {why}", with_role(&input.ask_for));
    if let Some(target) = &input.target {
        meet.push_str(&format!(
            " {ask_first} is also my best way to reach {}.",
            with_role(target)
        ));
    }
    let known = input
        .connector_ask_for
        .since_year()
        .map(|y| format!(" since {y}"))
        .unwrap_or_default();
    let relation = relation(input.connector_ask_for.kind);
    let body = format!(
        "Hi {connector},\n\n{problem} {outcome}\n\n{meet}\n\nYou and {ask_first} {relation}{known}, \
         so a short introduction from you would mean far more than a cold email from me. Would \
         you be comfortable introducing us? I'm happy to write a two-line note you can forward, \
         and if now isn't a good moment, no problem at all.\n\nThank you,\n{}",
        greeting_name(&input.me)
    );
    Draft {
        subject: format!("Would you introduce me to {}?", input.ask_for.display_name),
        body,
        blanks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn named<'a>(first: &'a str, full: &'a str, title: &'a str, org: Option<&'a str>) -> Named<'a> {
        Named {
            first_name: first,
            display_name: full,
            title,
            organization: org,
        }
    }

    #[test]
    fn the_request_follows_the_formula_and_names_one_person() {
        let d = draft(&DraftInput {
            me: named("Sam", "Sam Rep", "Account Executive", Some("Northwind")),
            connector: named("Ada", "Ada Client", "CTO", Some("Acme Corporation")),
            ask_for: named("Bo", "Bo Buyer", "VP Engineering", Some("Globex")),
            target: None,
            me_connector: TieFacts {
                kind: TieKind::Client,
                since: NaiveDate::from_ymd_opt(2023, 4, 1),
                first_contact: None,
            },
            connector_ask_for: TieFacts {
                kind: TieKind::FormerColleague,
                since: NaiveDate::from_ymd_opt(2019, 1, 1),
                first_contact: None,
            },
            last_win: Some((
                Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap(),
                Outcome::Order,
            )),
        });
        assert_eq!(d.subject, "Would you introduce me to Bo Buyer?");
        assert!(d.body.starts_with("Hi Ada,"), "{}", d.body);
        assert!(
            d.body
                .contains("When Acme Corporation started working with us in 2023, you were dealing with [the problem you solved for them]."),
            "{}",
            d.body
        );
        assert!(
            d.body.contains("Since the order in March 2026"),
            "{}",
            d.body
        );
        assert!(
            d.body
                .contains("I'd like to meet Bo Buyer (VP Engineering at Globex)."),
            "{}",
            d.body
        );
        assert!(
            d.body.contains("You and Bo worked together since 2019"),
            "{}",
            d.body
        );
        assert!(d.body.ends_with("Thank you,\nSam"), "{}", d.body);
        assert_eq!(
            d.blanks,
            vec![
                "[the problem you solved for them]",
                "[the outcome they got, ideally a number]",
                "[why Bo may find you useful]",
            ]
        );
        for b in &d.blanks {
            assert!(
                d.body.contains(b.as_str()),
                "each blank is in the body: {b}"
            );
        }
        assert!(
            !d.body.contains("anyone you know"),
            "asks for a specific person"
        );
    }

    #[test]
    fn a_longer_path_names_the_final_target_and_missing_facts_stay_blank() {
        let d = draft(&DraftInput {
            me: named("", "Sam Rep", "", None),
            connector: named("Ada", "Ada Friend", "", None),
            ask_for: named("Bo", "Bo Middle", "", None),
            target: Some(named("Cy", "Cy Target", "Head of Sales", Some("Initech"))),
            me_connector: TieFacts {
                kind: TieKind::Friend,
                since: None,
                first_contact: None,
            },
            connector_ask_for: TieFacts {
                kind: TieKind::Acquaintance,
                since: None,
                first_contact: None,
            },
            last_win: None,
        });
        assert!(d.body.contains("When we started working together, you were dealing with [the problem you helped Ada with]."), "{}", d.body);
        assert!(d.body.contains("Since then, [the outcome"), "{}", d.body);
        assert!(
            d.body
                .contains("I'd like to meet Bo Middle. I think I could help their team"),
            "{}",
            d.body
        );
        assert!(
            d.body
                .contains("Bo is also my best way to reach Cy Target (Head of Sales at Initech)."),
            "{}",
            d.body
        );
        assert!(
            d.body.contains("You and Bo know each other, so"),
            "{}",
            d.body
        );
        assert!(d.body.ends_with("Thank you,\nSam Rep"), "{}", d.body);
    }
}
