//! The introduction request to the first connector of a warm path, written by the formula in
//! DOMAIN.md: (1) the problem the user solved for the connector, (2) the outcome they got,
//! (3) why the person to meet may find the user useful, asking for one *specific* person.
//! (1) and (2) are a client's; every other kind of tie opens with what is true of it (a
//! friend is asked a favour, not reminded of a problem solved), and the sentence on how the
//! connector knows the person asked for uses that tie's kind and tense ([`relation`]).
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
    /// Who writes and signs: the user, or the team member whose relationship the path starts
    /// with.
    pub me: Named<'a>,
    /// The first connector: the person the user writes to.
    pub connector: Named<'a>,
    /// The one specific person the connector is asked to introduce.
    pub ask_for: Named<'a>,
    /// The person at the end of the path, when further than `ask_for`.
    pub target: Option<Named<'a>>,
    pub me_connector: TieFacts,
    pub connector_ask_for: TieFacts,
    /// The most recent order or advance the writer and the connector shared (used for a
    /// client).
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

/// How the connector and the person asked for know each other, as the rest of a sentence
/// that starts "You and Bo": in words true of the tie's kind, in the present perfect with
/// the year they met ("have been friends since 2019"), in the present without it ("are
/// friends"). Family is a never subject ("family" in DOMAIN.md), so the draft only says they
/// know each other well.
fn relation(kind: TieKind, year: Option<i32>) -> String {
    match (kind, year) {
        (TieKind::Colleague, Some(y)) => format!("have worked together since {y}"),
        (TieKind::Colleague, None) => "work together".into(),
        (TieKind::FormerColleague, Some(y)) => {
            format!("have known each other since {y}, when you worked together")
        }
        (TieKind::FormerColleague, None) => "used to work together".into(),
        (TieKind::Client, Some(y)) => format!("have done business together since {y}"),
        (TieKind::Client, None) => "do business together".into(),
        (TieKind::Partner, Some(y)) => format!("have been partners since {y}"),
        (TieKind::Partner, None) => "are partners".into(),
        (TieKind::Friend, Some(y)) => format!("have been friends since {y}"),
        (TieKind::Friend, None) => "are friends".into(),
        (TieKind::Family, _) => "know each other well".into(),
        (TieKind::Mentor, Some(y)) => format!("have had a mentoring relationship since {y}"),
        (TieKind::Mentor, None) => "have a mentoring relationship".into(),
        (TieKind::Investor, Some(y)) => {
            format!("have known each other through investing since {y}")
        }
        (TieKind::Investor, None) => "know each other through investing".into(),
        (TieKind::Acquaintance, Some(y)) => format!("have known each other since {y}"),
        (TieKind::Acquaintance, None) => "know each other".into(),
    }
}

/// The first paragraph, by the kind of the writer's tie with the connector. The formula's
/// problem and outcome (DOMAIN.md) belong to a client: what the writer solved for them, and
/// what came of it. Other ties get what is true of them: a partner what the partnership
/// achieved, a colleague the work they saw, a friend or a relative a favour asked plainly
/// (no problem solved is invented for a friend; family is not named). `blank` makes a
/// bracketed blank for what only the user knows.
fn opening(
    input: &DraftInput<'_>,
    connector: &str,
    blank: &mut impl FnMut(String) -> String,
) -> String {
    let year = input.me_connector.since_year();
    let in_year = year.map(|y| format!(" in {y}")).unwrap_or_default();
    let outcome = || "the outcome they got, ideally a number".to_string();
    let your_work = || format!("the work of yours {connector} saw");
    match input.me_connector.kind {
        TieKind::Client => {
            let who = input
                .connector
                .organization
                .map_or_else(|| "you".to_string(), str::to_string);
            let problem = format!(
                "When {who} became our client{in_year}, you were dealing with {}.",
                blank("the problem you solved for them".to_string())
            );
            let since = match input.last_win {
                Some((at, Outcome::Order)) => format!("Since the order in {}", at.format("%B %Y")),
                Some((at, _)) => {
                    format!("Since we moved forward together in {}", at.format("%B %Y"))
                }
                None => "Since then".to_string(),
            };
            format!("{problem} {since}, {}.", blank(outcome()))
        }
        TieKind::Partner => format!(
            "Since we became partners{in_year}, {}.",
            blank("what the partnership achieved, ideally a number".to_string())
        ),
        TieKind::Colleague => match year {
            Some(y) => format!(
                "We've worked together since {y}, so you have seen {} first-hand.",
                blank(your_work())
            ),
            None => format!(
                "We work together, so you have seen {} first-hand.",
                blank(your_work())
            ),
        },
        TieKind::FormerColleague => format!(
            "{}, so you saw {} first-hand.",
            match year {
                Some(y) => format!("We first worked together in {y}"),
                None => "We worked together".to_string(),
            },
            blank(your_work())
        ),
        TieKind::Friend => match year {
            Some(y) => {
                format!(
                    "We've been friends since {y}, so I hope you don't mind me asking a favour."
                )
            }
            None => "I hope you don't mind a favour between friends.".to_string(),
        },
        TieKind::Family => "I hope you don't mind me asking a favour.".to_string(),
        TieKind::Mentor => format!(
            "I've valued our conversations{}, and I have a favour to ask.",
            year.map(|y| format!(" since {y}")).unwrap_or_default()
        ),
        TieKind::Investor => format!(
            "{} through investing{}, and {}.",
            if year.is_some() {
                "We've known each other"
            } else {
                "We know each other"
            },
            year.map(|y| format!(" since {y}")).unwrap_or_default(),
            blank("where your work stands now, ideally a number".to_string())
        ),
        TieKind::Acquaintance => match year {
            Some(y) => format!(
                "We've known each other since {y}, so I hope you won't mind a direct request."
            ),
            None => "I hope you won't mind a direct request.".to_string(),
        },
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

    // (1) and (2): what the writer and the connector have been to each other.
    let opening = opening(input, connector, &mut blank);

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
    let relation = relation(
        input.connector_ask_for.kind,
        input.connector_ask_for.since_year(),
    );
    let body = format!(
        "Hi {connector},\n\n{opening}\n\n{meet}\n\nYou and {ask_first} {relation}, so a short \
         introduction from you would mean far more than a cold email from me. Would you be \
         comfortable introducing us? I'm happy to write a two-line note you can forward, and if \
         now isn't a good moment, no problem at all.\n\nThank you,\n{}",
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

    fn tie(kind: TieKind, year: Option<i32>) -> TieFacts {
        TieFacts {
            kind,
            since: year.and_then(|y| NaiveDate::from_ymd_opt(y, 4, 1)),
            first_contact: None,
        }
    }

    /// Sam writes to Ada (tie `me_connector`) for Bo (tie `connector_ask_for`).
    fn input(me_connector: TieFacts, connector_ask_for: TieFacts) -> DraftInput<'static> {
        DraftInput {
            me: named("Sam", "Sam Rep", "Account Executive", Some("Northwind")),
            connector: named("Ada", "Ada Client", "CTO", Some("Acme Corporation")),
            ask_for: named("Bo", "Bo Buyer", "VP Engineering", Some("Globex")),
            target: None,
            me_connector,
            connector_ask_for,
            last_win: None,
        }
    }

    #[test]
    fn the_request_follows_the_formula_and_names_one_person() {
        let d = draft(&DraftInput {
            last_win: Some((
                Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap(),
                Outcome::Order,
            )),
            ..input(
                tie(TieKind::Client, Some(2023)),
                tie(TieKind::FormerColleague, Some(2019)),
            )
        });
        assert_eq!(d.subject, "Would you introduce me to Bo Buyer?");
        assert!(d.body.starts_with("Hi Ada,"), "{}", d.body);
        for part in [
            "When Acme Corporation became our client in 2023, you were dealing with [the problem you solved for them]. \
             Since the order in March 2026, [the outcome they got, ideally a number].",
            "I'd like to meet Bo Buyer (VP Engineering at Globex).",
            "You and Bo have known each other since 2019, when you worked together, so a short introduction",
        ] {
            assert!(d.body.contains(part), "{part}\n-- in --\n{}", d.body);
        }
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
            ..input(tie(TieKind::Friend, None), tie(TieKind::Acquaintance, None))
        });
        assert!(
            d.body
                .contains("Hi Ada,\n\nI hope you don't mind a favour between friends.\n\n"),
            "a friend is asked a favour, with no problem solved invented: {}",
            d.body
        );
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
        assert_eq!(d.blanks, ["[why Bo may find you useful]"]);
        assert!(d.body.ends_with("Thank you,\nSam Rep"), "{}", d.body);
    }

    /// How the connector and the person asked for know each other: every kind, with and
    /// without the year they met, as the draft says it.
    #[test]
    fn the_relation_sentence_fits_every_kind_of_tie_in_the_right_tense() {
        use TieKind::*;
        let table: &[(TieKind, Option<i32>, &str)] = &[
            (
                Colleague,
                Some(2019),
                "You and Bo have worked together since 2019,",
            ),
            (Colleague, None, "You and Bo work together,"),
            (
                FormerColleague,
                Some(2019),
                "You and Bo have known each other since 2019, when you worked together,",
            ),
            (FormerColleague, None, "You and Bo used to work together,"),
            (
                Client,
                Some(2019),
                "You and Bo have done business together since 2019,",
            ),
            (Client, None, "You and Bo do business together,"),
            (
                Partner,
                Some(2019),
                "You and Bo have been partners since 2019,",
            ),
            (Partner, None, "You and Bo are partners,"),
            (
                Friend,
                Some(2019),
                "You and Bo have been friends since 2019,",
            ),
            (Friend, None, "You and Bo are friends,"),
            // Family is never named in outreach: they know each other well.
            (Family, Some(2019), "You and Bo know each other well,"),
            (Family, None, "You and Bo know each other well,"),
            (
                Mentor,
                Some(2019),
                "You and Bo have had a mentoring relationship since 2019,",
            ),
            (Mentor, None, "You and Bo have a mentoring relationship,"),
            (
                Investor,
                Some(2019),
                "You and Bo have known each other through investing since 2019,",
            ),
            (
                Investor,
                None,
                "You and Bo know each other through investing,",
            ),
            (
                Acquaintance,
                Some(2019),
                "You and Bo have known each other since 2019,",
            ),
            (Acquaintance, None, "You and Bo know each other,"),
        ];
        let mut wrong = Vec::new();
        for &(kind, year, want) in table {
            let d = draft(&input(tie(TieKind::Client, None), tie(kind, year)));
            if !d.body.contains(want) {
                wrong.push(format!("{kind} {year:?}: want {want:?} in\n{}", d.body));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
        for kind in TieKind::ALL {
            for year in [Some(2019), None] {
                assert!(
                    table.iter().any(|&(k, y, _)| (k, y) == (*kind, year)),
                    "the table covers {kind} {year:?}"
                );
            }
        }
    }

    /// What the writer and the connector have been to each other: every kind, with and
    /// without the year, as the draft's first paragraph says it, and the blanks it leaves.
    #[test]
    fn the_opening_fits_the_writers_tie_with_the_connector() {
        use TieKind::*;
        let why = "[why Bo may find you useful]";
        let table: &[(TieKind, Option<i32>, &str, &[&str])] = &[
            (
                Client,
                Some(2023),
                "When Acme Corporation became our client in 2023, you were dealing with [the problem you solved for them]. Since then, [the outcome they got, ideally a number].",
                &[
                    "[the problem you solved for them]",
                    "[the outcome they got, ideally a number]",
                ],
            ),
            (
                Client,
                None,
                "When Acme Corporation became our client, you were dealing with [the problem you solved for them]. Since then, [the outcome they got, ideally a number].",
                &[
                    "[the problem you solved for them]",
                    "[the outcome they got, ideally a number]",
                ],
            ),
            (
                Partner,
                Some(2023),
                "Since we became partners in 2023, [what the partnership achieved, ideally a number].",
                &["[what the partnership achieved, ideally a number]"],
            ),
            (
                Partner,
                None,
                "Since we became partners, [what the partnership achieved, ideally a number].",
                &["[what the partnership achieved, ideally a number]"],
            ),
            (
                Colleague,
                Some(2023),
                "We've worked together since 2023, so you have seen [the work of yours Ada saw] first-hand.",
                &["[the work of yours Ada saw]"],
            ),
            (
                Colleague,
                None,
                "We work together, so you have seen [the work of yours Ada saw] first-hand.",
                &["[the work of yours Ada saw]"],
            ),
            (
                FormerColleague,
                Some(2023),
                "We first worked together in 2023, so you saw [the work of yours Ada saw] first-hand.",
                &["[the work of yours Ada saw]"],
            ),
            (
                FormerColleague,
                None,
                "We worked together, so you saw [the work of yours Ada saw] first-hand.",
                &["[the work of yours Ada saw]"],
            ),
            (
                Friend,
                Some(2023),
                "We've been friends since 2023, so I hope you don't mind me asking a favour.",
                &[],
            ),
            (
                Friend,
                None,
                "I hope you don't mind a favour between friends.",
                &[],
            ),
            (
                Family,
                Some(2023),
                "I hope you don't mind me asking a favour.",
                &[],
            ),
            (
                Family,
                None,
                "I hope you don't mind me asking a favour.",
                &[],
            ),
            (
                Mentor,
                Some(2023),
                "I've valued our conversations since 2023, and I have a favour to ask.",
                &[],
            ),
            (
                Mentor,
                None,
                "I've valued our conversations, and I have a favour to ask.",
                &[],
            ),
            (
                Investor,
                Some(2023),
                "We've known each other through investing since 2023, and [where your work stands now, ideally a number].",
                &["[where your work stands now, ideally a number]"],
            ),
            (
                Investor,
                None,
                "We know each other through investing, and [where your work stands now, ideally a number].",
                &["[where your work stands now, ideally a number]"],
            ),
            (
                Acquaintance,
                Some(2023),
                "We've known each other since 2023, so I hope you won't mind a direct request.",
                &[],
            ),
            (
                Acquaintance,
                None,
                "I hope you won't mind a direct request.",
                &[],
            ),
        ];
        let mut wrong = Vec::new();
        for &(kind, year, want, blanks) in table {
            let d = draft(&input(tie(kind, year), tie(TieKind::Acquaintance, None)));
            let opening = format!("Hi Ada,\n\n{want}\n\nI'd like to meet");
            let mut want_blanks: Vec<&str> = blanks.to_vec();
            want_blanks.push(why);
            if !d.body.contains(&opening) || d.blanks != want_blanks {
                wrong.push(format!(
                    "{kind} {year:?}: want {want:?} and blanks {want_blanks:?}, got\n{}\n{:?}",
                    d.body, d.blanks
                ));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
        for kind in TieKind::ALL {
            for year in [Some(2023), None] {
                assert!(
                    table.iter().any(|&(k, y, _, _)| (k, y) == (*kind, year)),
                    "the table covers {kind} {year:?}"
                );
            }
        }
    }

    #[test]
    fn a_client_opening_names_the_organization_or_the_person_and_the_last_win() {
        let when = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
        type LastWin = Option<(DateTime<Utc>, Outcome)>;
        let cases: &[(Option<&str>, LastWin, &str)] = &[
            (
                None,
                None,
                "When you became our client in 2023, you were dealing with [the problem you solved for them]. Since then,",
            ),
            (
                Some("Acme"),
                Some((when, Outcome::Order)),
                "When Acme became our client in 2023, you were dealing with [the problem you solved for them]. Since the order in March 2026,",
            ),
            (
                Some("Acme"),
                Some((when, Outcome::Advance)),
                "Since we moved forward together in March 2026,",
            ),
        ];
        for &(org, last_win, want) in cases {
            let d = draft(&DraftInput {
                connector: named("Ada", "Ada Client", "CTO", org),
                last_win,
                ..input(tie(TieKind::Client, Some(2023)), tie(TieKind::Friend, None))
            });
            assert!(d.body.contains(want), "{want}\n-- in --\n{}", d.body);
        }
    }

    /// The draft's own words never trip the outreach linter, whatever the ties: it must
    /// open clean, at first contact, before the user writes a word.
    #[test]
    fn every_draft_reads_clean_to_the_linter() -> Result<(), Box<dyn std::error::Error>> {
        let engine = sphere_sensitivity::engine()?;
        let to = sphere_sensitivity::lint::Recipient {
            first_name: "Ada".into(),
            facts: Vec::new(),
            known: sphere_sensitivity::Acquaintance::default(),
            first_contact: true,
            public: Vec::new(),
        };
        let mut dirty = Vec::new();
        for a in TieKind::ALL {
            for b in TieKind::ALL {
                for year in [Some(2019), None] {
                    let d = draft(&input(tie(*a, year), tie(*b, year)));
                    let w = sphere_sensitivity::lint::lint(
                        engine,
                        &d.body,
                        &to,
                        &[],
                        sphere_sensitivity::Tenure::default(),
                    );
                    if !w.is_empty() {
                        dirty.push(format!("{a} / {b} / {year:?}: {w:#?}"));
                    }
                }
            }
        }
        assert!(dirty.is_empty(), "{}", dirty.join("\n"));
        Ok(())
    }
}
