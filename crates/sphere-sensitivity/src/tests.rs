//! The engine on sentences whose answer is known, the corpora's figures, and the linter
//! against random drafts.

use proptest::prelude::*;

use super::lint::{KnownFact, LintKind, Recipient, Severity, lint};
use super::*;

fn engine_ok() -> &'static Engine {
    match engine() {
        Ok(e) => e,
        Err(e) => panic!("the embedded data files must load: {e}"),
    }
}

/// `(category, passage)` of every passage found.
fn found(text: &str) -> Vec<(String, String)> {
    let e = engine_ok();
    e.find(text)
        .iter()
        .map(|f| {
            (
                e.taxonomy.categories[f.category].id.clone(),
                text[f.start..f.end].to_string(),
            )
        })
        .collect()
}

/// The category of the most sensitive passage (None: fine).
fn top(text: &str) -> Option<String> {
    let e = engine_ok();
    e.find(text)
        .iter()
        .min_by_key(|f| e.bin_of(f.category))
        .map(|f| e.taxonomy.categories[f.category].id.clone())
}

fn check(cases: &[(&str, Option<&str>)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(t, want)| top(t).as_deref() != *want)
        .map(|(t, want)| format!("{t:?}: want {want:?}, got {:?}", top(t)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_example_of_the_issue_is_one_children_passage_spanning_its_clause() {
    assert_eq!(
        found("Her daughter Emma plays for the Lincoln High soccer team"),
        [(
            "children".to_string(),
            "Her daughter Emma plays for the Lincoln High soccer team".to_string()
        )]
    );
}

#[test]
fn professional_look_alikes_are_fine() {
    check(&[
        ("Covers the family-owned business segment.", None),
        ("Sells church management software.", None),
        (
            "Runs the wellness benefits program for 4,000 employees.",
            None,
        ),
        ("Led the campaign analytics for the spring launch.", None),
        ("Was the parent company's liaison.", None),
        ("Catholic Charities is our biggest nonprofit account.", None),
        ("The deal died in legal.", None),
        ("Diagnosed the latency problem in their checkout.", None),
        (
            "Procurement is liberal about pilots but strict on MSAs.",
            None,
        ),
        ("Interviewing three CRM vendors this quarter.", None),
    ]);
}

#[test]
fn inflections_possessives_names_after_relation_words_and_phrasings() {
    check(&[
        ("his wife Jen runs a bakery", Some("spouse_partner")),
        ("Tom's wives", Some("spouse_partner")),
        ("She's divorcing this spring.", Some("family_events")),
        ("Was diagnosed with MS last year.", Some("health")),
        ("The kids' school closed early.", Some("children")),
        ("Sings in the choir at St. Mark's.", Some("religion")),
        ("Quietly interviewing elsewhere.", Some("job_search")),
        ("mom's in hospice back in Cork", Some("family")),
        ("Just got promoted to VP of Sales.", Some("promotion")),
        ("Spent new year's in Cancún", Some("travel")),
        ("Huge Packers fan.", Some("hobbies")),
    ]);
}

#[test]
fn the_lexicon_covers_every_never_and_maybe_category() {
    let e = engine_ok();
    for c in &e.taxonomy.categories {
        if c.bin == Sensitivity::Fine {
            continue;
        }
        // Each category's own name, said about a person, is found.
        let has_rule = e.rules_of(&c.id) > 0;
        assert!(has_rule, "no cue reveals {} ({})", c.id, c.bin);
    }
}

fn scores(text: &str) -> eval::Evaluation {
    let e = engine_ok();
    let corpus = match eval::parse_corpus(e, text) {
        Ok(c) => c,
        Err(err) => panic!("the corpus parses: {err}"),
    };
    eval::evaluate(e, &corpus)
}

#[test]
fn the_built_in_corpus_meets_the_targets() {
    let r = scores(CORPUS_EN);
    let never = &r.bins[0];
    assert!(
        r.sentences >= 300,
        "at least 300 sentences: {}",
        r.sentences
    );
    assert!(
        never.recall >= 0.95,
        "recall of never ≥ 0.95: {:.3}",
        never.recall
    );
    assert!(
        r.bins.iter().all(|b| b.precision >= 0.90),
        "precision ≥ 0.90 in every bin: {:?}",
        r.bins
    );
    assert!(
        r.fine_marked_never <= 0.05,
        "fine marked never ≤ 5%: {:.3}",
        r.fine_marked_never
    );
}

/// Every corpus of the manifest (`tests/data/sensitivity/corpora.toml`, the README's table)
/// parses and stays where it was measured: a corpus the lexicon was tuned on at the targets of
/// issue 18 (or its own figures, where it has not reached them), a held-out one at or above the
/// figures it had when it was measured (so a lexicon change that loses ground on text it has
/// not seen fails here).
#[test]
fn every_corpus_of_the_manifest_stays_at_its_figures() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/sensitivity");
    let manifest = match std::fs::read_to_string(dir.join("corpora.toml")) {
        Ok(m) => m,
        Err(e) => panic!("the manifest reads: {e}"),
    };
    let manifest = match eval::parse_manifest(&manifest) {
        Ok(m) => m,
        Err(e) => panic!("the manifest parses: {e}"),
    };
    assert!(
        manifest
            .corpus
            .iter()
            .any(|c| c.role == eval::CorpusRole::HeldOut),
        "a held-out corpus is measured"
    );
    for c in &manifest.corpus {
        let text = match std::fs::read_to_string(dir.join(&c.file)) {
            Ok(t) => t,
            Err(e) => panic!("{} reads: {e}", c.file),
        };
        let got = eval::Figures::of(&scores(&text));
        // A tuned corpus at the targets, or at its `measured` figures where tuning has not
        // brought it there; a held-out one at the figures it had when it was measured.
        let floor = c.measured.unwrap_or(eval::Figures::TARGETS);
        assert!(got.at_least(&floor), "{}: {got:?}, floor {floor:?}", c.file);
    }
}

#[test]
fn a_held_out_corpus_without_its_figures_is_refused() {
    let m =
        "[[corpus]]\nfile = \"x.tsv\"\nrole = \"held_out\"\nwriter = \"w\"\nwritten = \"now\"\n";
    match eval::parse_manifest(m) {
        Err(e) => assert!(e.to_string().contains("x.tsv"), "{e}"),
        Ok(_) => panic!("a held-out corpus needs its figures"),
    }
    let nan = format!(
        "{m}measured = {{ never_precision = nan, never_recall = 0.9, maybe_recall = 0.9, fine_marked_never = 0.1 }}\n"
    );
    match eval::parse_manifest(&nan) {
        Err(e) => assert!(e.to_string().contains("never_precision"), "{e}"),
        Ok(_) => panic!("a figure that is not a share is refused"),
    }
}

#[test]
fn a_corpus_with_a_bad_line_is_refused_naming_it() {
    let e = engine_ok();
    for (text, want) in [
        ("text\tbin\n", "header"),
        (
            "text\tbin\tcategory\nHe is gay\tsecret\tsexual_orientation\n",
            "line 2, column bin",
        ),
        (
            "text\tbin\tcategory\nHe is gay\tnever\torientation\n",
            "line 2, column category",
        ),
        (
            "text\tbin\tcategory\nHe is gay\tmaybe\tsexual_orientation\n",
            "line 2: category",
        ),
        ("text\tbin\tcategory\n", "no sentences"),
    ] {
        match eval::parse_corpus(e, text) {
            Ok(_) => panic!("{text:?} must be refused"),
            Err(err) => assert!(err.to_string().contains(want), "{text:?}: {err}"),
        }
    }
}

fn recipient(value: &str, category: &str) -> Recipient {
    Recipient {
        first_name: "Dana".into(),
        facts: vec![KnownFact {
            category: category.into(),
            value: value.into(),
        }],
        known: Acquaintance {
            years: Some(10.0),
            strength: 0.9,
        },
        first_contact: false,
        public: Vec::new(),
    }
}

const WORDS: &[&str] = &[
    "thanks", "for", "the", "call", "on", "Tuesday", "we", "can", "send", "pricing", "by",
    "Friday", "and", "I", "think", "your", "team", "would", "like", "the", "pilot", "next",
    "quarter", "let", "me", "know", "what", "works",
];

fn never_value() -> impl Strategy<Value = (String, &'static str)> {
    let first = prop::sample::select(vec![
        "Emma", "Jen", "Ravi", "Zoë", "Tomasz", "Aiko", "Priya", "Luis",
    ]);
    let place = prop::sample::select(vec![
        "Lincoln High",
        "St. Mark's",
        "Westview Academy",
        "Beth Shalom",
        "Mercy General",
    ]);
    let illness = prop::sample::select(vec![
        "chemotherapy",
        "multiple sclerosis",
        "Crohn's disease",
        "IVF",
    ]);
    let cat = prop::sample::select(vec![
        "children",
        "spouse_partner",
        "family",
        "religion",
        "health",
    ]);
    prop_oneof![
        (first.clone(), cat.clone()).prop_map(|(f, c)| (f.to_string(), c)),
        (first, place.clone(), cat.clone()).prop_map(|(f, p, c)| (format!("{f}, at {p}"), c)),
        (place, cat).prop_map(|(p, c)| (p.to_string(), c)),
        illness.prop_map(|i| (i.to_string(), "health")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every never fact of the recipient that a draft references is caught: the fact's value
    /// (or, for a longer value, its distinctive words) inserted anywhere in a random draft,
    /// as written, in lower case, or with a possessive.
    #[test]
    fn every_never_fact_referenced_in_a_draft_is_caught(
        (value, category) in never_value(),
        words in prop::collection::vec(prop::sample::select(WORDS.to_vec()), 3..25),
        at in 0usize..25,
        form in 0u8..3,
    ) {
        let e = engine_ok();
        // What the draft says: the whole value, or its part before a comma (a name).
        let said = value.split(',').next().unwrap_or(&value).trim().to_string();
        let said = match form {
            0 => said,
            1 => said.to_lowercase(),
            _ if said.ends_with("'s") => said,
            _ => format!("{said}'s"),
        };
        let at = at.min(words.len());
        let mut parts: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        parts.insert(at, said.clone());
        let draft = parts.join(" ");
        let warnings = lint(e, &draft, &recipient(&value, category), &[], Tenure::default());
        let start = draft.split(' ').take(at).map(|w| w.chars().count() + 1).sum::<usize>() as u32;
        let end = start + said.chars().count() as u32;
        let caught = warnings.iter().any(|w| {
            w.kind == LintKind::Fact && w.severity == Severity::Remove && w.start < end && start < w.end
        });
        // In any case: none of these names is also an everyday word.
        prop_assert!(caught, "{draft:?} mentions {value:?} ({category}): {warnings:#?}");
    }
}

/// Redaction by clause, hand-judged: the part of the sentence that carries a never passage
/// goes with the names and places said with it; what stands on its own stays.
#[test]
fn redaction_removes_the_whole_sensitive_clause_and_keeps_the_rest() {
    let check = |text: &str, expected: &str| {
        assert_eq!(
            crate::redact_never(text).unwrap_or_default(),
            expected,
            "redacting {text:?}"
        );
    };
    for (text, expected) in [
        // The place that gives the passage away goes with it.
        (
            "She goes to Saint Quorra church every Sunday.",
            "[religion hidden].",
        ),
        (
            "Goes to synagogue with Rabbi Cohen on Saturdays.",
            "[religion hidden].",
        ),
        // The spouse's name goes with the cause, and a name set off by commas with the clause.
        (
            "Runs a breast cancer charity with her husband Tom Baker.",
            "[personal causes and donations hidden].",
        ),
        (
            "Tom, her husband, is a pastor at Grace Church.",
            "[spouse or partner, religion hidden].",
        ),
        (
            "Volunteers for Planned Parenthood with her wife Anna on weekends.",
            "[personal causes and donations, sexual orientation hidden].",
        ),
        // A turn to another subject stands alone and stays.
        (
            "Her daughter Emma plays soccer at Lincoln High, and she leads procurement at Acme.",
            "[children hidden], and she leads procurement at Acme.",
        ),
        (
            "Her husband Tom Baker volunteers at the food bank, and she runs procurement.",
            "[spouse or partner, personal causes and donations hidden], and she runs procurement.",
        ),
        // Other clauses and sentences stay.
        (
            "He is a Republican and chairs the county party; we talk about pricing.",
            "[political affiliation hidden]; we talk about pricing.",
        ),
        (
            "Met at the Denver conference. She is recovering from chemotherapy at Mercy Hospital with her sister Jo.",
            "Met at the Denver conference. [health, parents and extended family hidden].",
        ),
        (
            "Looking for a new job since the layoff at Initech; asked about our open roles.",
            "[job search hidden]; asked about our open roles.",
        ),
        (
            "Pregnant with her second child, due in March; champion for the rollout.",
            "[health, children hidden]; champion for the rollout.",
        ),
        // A part before the passage, set off by a comma, stays.
        (
            "Great negotiator, recovering from chemotherapy, loves golf.",
            "Great negotiator, [health hidden].",
        ),
        (
            "Ex-Navy, now VP of Sales at Globex; his son Jake is at Stanford.",
            "Ex-Navy, now VP of Sales at Globex; [children hidden].",
        ),
        (
            "Prefers email, mornings only. Her mother passed away in May, so go gently.",
            "Prefers email, mornings only. [parents and extended family hidden], so go gently.",
        ),
        (
            "Likes cycling; mentioned her divorce from Mark last year.",
            "Likes cycling; [family events hidden].",
        ),
        (
            "Was diagnosed with diabetes in 2019, but he still runs marathons.",
            "[health hidden], but he still runs marathons.",
        ),
        (
            "Came out as gay last year, and he's now heading the Boston office.",
            "[sexual orientation hidden], and he's now heading the Boston office.",
        ),
        // A bracket: what is inside goes with the clause it explains, or alone.
        (
            "CFO at Initech (his wife Priya works at Google).",
            "CFO at Initech ([spouse or partner hidden]).",
        ),
        (
            "Quiet at first (his wife is ill), warms up over lunch.",
            "Quiet at first ([spouse or partner, health hidden]), warms up over lunch.",
        ),
        (
            "Her son (Jake, 12) plays hockey; she coaches on weekends.",
            "[children hidden]; she coaches on weekends.",
        ),
        // What a colon introduces goes with it.
        ("Kids: Maya (8) and Leo (5).", "[children hidden]."),
        (
            "Family: married to Sam Ortiz, two kids. Buyer for the Northeast region.",
            "[spouse or partner, children hidden]. Buyer for the Northeast region.",
        ),
        // Nothing never: untouched (maybe facts are not redacted).
        (
            "We met at the AWS summit in Las Vegas, where she gave a talk on data pipelines.",
            "We met at the AWS summit in Las Vegas, where she gave a talk on data pipelines.",
        ),
        (
            "Loves golf and sailing; promoted to VP last spring.",
            "Loves golf and sailing; promoted to VP last spring.",
        ),
        (
            "Runs the wellness benefits program at Acme.",
            "Runs the wellness benefits program at Acme.",
        ),
        ("", ""),
    ] {
        check(text, expected);
    }
}

/// A marker names a category without revealing it: redacted text reads as what is left, and
/// redacting it again changes nothing.
#[test]
fn redaction_markers_are_not_passages_and_redaction_is_idempotent() {
    for text in [
        "Her daughter Emma plays for the Lincoln High soccer team. Runs the wellness benefits program.",
        "Tom, her husband, is a pastor at Grace Church.",
        "Kids: Maya (8) and Leo (5).",
    ] {
        let once = crate::redact_never(text).unwrap_or_default();
        assert!(once.contains(" hidden]"), "{once}");
        assert_eq!(
            crate::classify_text(&once).map(|p| p.len()).ok(),
            Some(0),
            "{once:?} has no passage left"
        );
        assert_eq!(crate::redact_never(&once).ok(), Some(once.clone()));
    }
}

/// Each clause-level rule drops its look-alike, names itself in the trace, and leaves the
/// private twin found.
fn clause_rule(rule: &str, fine: &str, private: (&str, &str)) {
    let e = engine_ok();
    assert_eq!(top(fine), None, "{fine:?} is fine:\n{}", e.debug(fine));
    assert!(
        e.debug(fine).contains(&format!("\"{rule}\"")),
        "the trace of {fine:?} names {rule:?}:\n{}",
        e.debug(fine)
    );
    assert_eq!(
        top(private.0).as_deref(),
        Some(private.1),
        "{:?}:\n{}",
        private.0,
        e.debug(private.0)
    );
}

#[test]
fn a_cue_modifying_a_business_noun_is_about_business() {
    clause_rule(
        "a modifier of the business noun “app”",
        "She said the team shipped a diabetes coaching app for employers last spring",
        (
            "He manages his diabetes with a coaching app these days",
            "health",
        ),
    );
    clause_rule(
        "a modifier of the business noun “spend”",
        "Owns the election season spend forecasts for three broadcasters",
        (
            "Owns a lot of opinions about the election, voted green",
            "politics",
        ),
    );
}

#[test]
fn a_clause_whose_subject_is_an_organization_is_about_it() {
    clause_rule(
        "a clause about an organization (“startup”)",
        "The startup won a contract to run election logistics across four counties",
        (
            "Ravi won the election for county council last week",
            "politics",
        ),
    );
    clause_rule(
        "a clause about an organization (“platform”)",
        "Kindred (genealogy platform) passed 2m sign-ups from mosques and temples",
        (
            "The platform sent him flowers after his mosque burned down",
            "religion",
        ),
    );
}

#[test]
fn a_cue_in_the_title_or_topic_of_a_work_is_a_publication() {
    clause_rule(
        "the title of a work (“post”)",
        "Lena's post 'Divorcing your data warehouse' got 900 likes",
        (
            "Lena is divorcing her husband, the papers are filed",
            "family_events",
        ),
    );
    clause_rule(
        "the topic of a work (“webinar”)",
        "Tariq gave a webinar last week on why chemotherapy prices keep rising",
        ("Tariq started chemotherapy last week", "health"),
    );
    // A person between the work and the cue makes it theirs.
    assert_eq!(
        top("our podcast about his divorce drops friday").as_deref(),
        Some("family_events")
    );
}

/// A capital on the sentence's first word is no evidence of a name: a holiday joined to it
/// (directly or through "for"/"and") stays the holiday, while a name whose first word is a
/// cue itself, or that goes on past the holiday, stays an organization.
#[test]
fn a_holiday_joined_to_the_first_word_is_not_an_organization() {
    check(&[
        ("Gone for Orthodox Easter.", Some("religion")),
        ("Out for Guru Nanak Jayanti.", Some("religion")),
        ("Celebrating Holi at home this weekend.", Some("religion")),
        ("Off for Rosh Hashanah until Tuesday.", Some("religion")),
        ("He'll be in Makkah for Hajj in June.", Some("religion")),
        (
            "Oliver runs the London Marathon for Macmillan every year.",
            Some("personal_causes"),
        ),
        (
            "Catholic Charities renewed the contract for three years.",
            None,
        ),
        ("Happy Diwali Foods launched a new sweets range.", None),
        (
            "Alliance for Catholic Education renewed its contract.",
            None,
        ),
    ]);
}

#[test]
fn a_clause_whose_subject_is_an_organization_name_is_about_it() {
    clause_rule(
        "a clause about an organization (“toys”)",
        "Moonbeam Toys won Toy of the Year for their bedtime storytelling projector.",
        ("Maya reads to her kids at bedtime every night.", "children"),
    );
    clause_rule(
        "a clause about an organization (“housing”)",
        "Our customer Thames Valley Housing made the list for their LGBTQ+ inclusion work.",
        (
            "Our customer Sam came out as gay to the team last week.",
            "sexual_orientation",
        ),
    );
    // A person between the organization and the cue makes it theirs.
    check(&[
        ("Acme Health's CEO said he has cancer.", Some("health")),
        (
            "Bloom Care Group is fine, but their CFO is on maternity leave till May.",
            Some("health"),
        ),
        (
            "The startup's CEO is on maternity leave until June.",
            Some("health"),
        ),
        (
            "Moonbeam Toys' founder says her kids test every product.",
            Some("children"),
        ),
    ]);
}

#[test]
fn they_after_an_organization_is_the_organization() {
    clause_rule(
        "a clause about an organization (“labs”), then “they”",
        "Kehillah Labs (synagogue membership software). They peak around Yom Kippur every year.",
        (
            "Ari is at synagogue for the High Holidays, back next week.",
            "religion",
        ),
    );
    assert_eq!(
        top("Brightside Health renewed. They said Maria is on maternity leave until May.")
            .as_deref(),
        Some("health")
    );
}

#[test]
fn a_parenthesis_or_a_list_describing_a_business_is_about_it() {
    clause_rule(
        "a business described in parentheses (“telehealth”)",
        "Clearview Recovery (telehealth addiction treatment, opioid use disorder) won a state contract.",
        (
            "Tom (my neighbour, a recovering alcoholic) helped us move.",
            "health",
        ),
    );
    clause_rule(
        "a business described in parentheses (“charity”)",
        "Hope Ministries International (faith-based relief charity, 14 countries) is evaluating our fund accounting.",
        (
            "Ruth (a devout Catholic, at mass most mornings) is our CFO.",
            "religion",
        ),
    );
    clause_rule(
        "a list describing a business (“software:”)",
        "CampaignForge, campaign operations software: donor management, volunteer shift scheduling.",
        (
            "Her side project: she tracks her fertility with a spreadsheet.",
            "health",
        ),
    );
    // A parenthesis saying where a person was is about the person.
    let hamid = "Hamid (ex-CampaignStack, political campaign software) was let go last week.";
    assert!(
        found(hamid).iter().any(|(c, _)| c == "layoff"),
        "{}",
        engine_ok().debug(hamid)
    );
}

#[test]
fn a_list_of_modifiers_shares_the_business_noun() {
    clause_rule(
        "a modifier of the business noun “policies”",
        "Delphine is benchmarking sabbatical, parental leave and menopause support policies across 9 countries.",
        ("Delphine is on parental leave, back in March.", "children"),
    );
    // Without an `and` the comma ends the phrase.
    assert_eq!(
        top("Delphine is on parental leave, support policies are with Tom.").as_deref(),
        Some("children")
    );
}

/// An organization's name described as a business is an employer or a client: a bare `for`
/// before it does not make the person belong to it, a membership word still does.
#[test]
fn a_described_organization_after_for_is_not_the_persons() {
    check(&[
        (
            "He runs technology for Faith Wave Radio (120 stations) and wants ad insertion.",
            None,
        ),
        (
            "She sings with the Gay Men's Chorus (120 members) every Thursday.",
            Some("sexual_orientation"),
        ),
        (
            "He volunteers for Hope Ministries International (relief charity, 14 countries) on weekends.",
            Some("personal_causes"),
        ),
    ]);
    assert!(
        engine_ok()
            .debug("He runs technology for Faith Wave Radio (120 stations) and wants ad insertion.")
            .contains("an organization's name")
    );
}

#[test]
fn kinds_of_word_may_be_alternatives_of_an_element() {
    let e = engine_ok();
    let classes = Default::default();
    let vocab = pattern::Vocabulary {
        classes: &classes,
        language: &text::English,
    };
    let compile = |p: &str| vocab.compile(p);
    let m = |p: &str, text: &str| -> bool {
        let Ok(p) = compile(p) else {
            panic!("`{p}` compiles");
        };
        let tokens = e.tokenize(text);
        !pattern::Matcher::new(vec![p])
            .find_all(&e.context(&tokens))
            .is_empty()
    };
    // `NUM`, `POSS` and `NAME` among alternatives are kinds of word, not the words
    // "num", "poss", "name".
    assert!(m("back in two|NUM weeks", "back in 3 weeks"));
    assert!(m("back in two|NUM weeks", "back in two weeks"));
    assert!(!m("back in two|NUM weeks", "back in num weeks"));
    assert!(m("the|POSS wedding", "Tom's wedding"));
    assert!(m("met|with NAME|him", "dinner with Priya"));
    assert!(!m("met|with NAME|him", "dinner with priya"));
    // A first element that may be any number is still found.
    assert!(m("NUM|twenty weeks pregnant", "she is 30 weeks pregnant"));
    // … and excluded as a kind too.
    assert!(!m("due in !NUM|the weeks", "due in 3 weeks"));
    assert!(
        compile("the|Poss wedding").is_err(),
        "a slip of case is refused"
    );
    // The lexicon's words are read as the text's are: without accents, whatever the case.
    assert!(m("votes grüne", "votes Grüne"));
    assert!(m("votes grüne", "votes GRUNE"));
    assert!(m("votes fpö|spö", "votes FPÖ"));
    assert!(m("eşi~", "esi"));
}

#[test]
fn a_persons_business_is_an_organization() {
    // A name's possessive, modifiers, then a company noun: the cue modifies it, or the clause
    // is about it; the person's own condition stays theirs.
    clause_rule(
        "a modifier of the business noun “startup”",
        "Sara's queer dating startup in Lisbon closed a seed round.",
        ("Sara is queer and out at work.", "sexual_orientation"),
    );
    clause_rule(
        "a clause about an organization (“platform”)",
        "Tomás's coaching platform signed two insurers during Ramadan.",
        ("Tomás's diabetes is getting worse.", "health"),
    );
    // A pronoun owns a company noun right after it.
    clause_rule(
        "a clause about an organization (“firm”)",
        "Her firm handles divorce and custody work for expats in Dubai.",
        (
            "Her divorce is final and custody is shared.",
            "family_events",
        ),
    );
    // Kin words in the plural, with no possessive, are its market.
    clause_rule(
        "a clause about an organization (“startup”)",
        "His startup lets parents pay for daycare by card.",
        ("His parents are in hospice in Leeds.", "family"),
    );
}

#[test]
fn a_clause_goes_on_past_a_parenthesis_or_a_colon() {
    clause_rule(
        "a clause about an organization (“edtech”), continued past “hit”",
        "Mina's edtech (Seoul) hit #1 in Korea during Ramadan.",
        (
            "Mina (Seoul) is fasting for Ramadan this month.",
            "religion",
        ),
    );
    clause_rule(
        "a clause about an organization (“tech”), continued past “streams”",
        "Kofi's funeral-tech (Kumasi): streams funerals to relatives abroad.",
        (
            "Kofi (Kumasi): the funeral is on Saturday, his uncle died.",
            "family_events",
        ),
    );
    // A one-word name with a place or an `at` in its parenthesis is a person.
    for (text, category) in [
        (
            "Yusuf (Lagos, logistics startup) is fasting for Ramadan this month.",
            "religion",
        ),
        (
            "Priya (Mumbai healthtech) is going through IVF, keep meetings light.",
            "health",
        ),
        (
            "Dewi (growth at a fintech) campaigned for the party at the rally.",
            "politics",
        ),
    ] {
        assert_eq!(
            top(text).as_deref(),
            Some(category),
            "{}",
            engine_ok().debug(text)
        );
    }
}

#[test]
fn a_relative_clause_of_an_organization_is_about_it() {
    clause_rule(
        "a relative clause of an organization (“startup that”)",
        "CEO of a startup that helps mosques collect zakat online.",
        ("CEO of a startup; he pays zakat every Ramadan.", "religion"),
    );
}

#[test]
fn a_cue_as_the_subject_of_a_business_figure_is_business() {
    clause_rule(
        "the subject of a business figure (“quarter”)",
        "Diwali is their busiest quarter, plan outreach before August.",
        (
            "Diwali is his favourite time, he does puja at home.",
            "religion",
        ),
    );
    clause_rule(
        "the subject of a business figure (“orders”)",
        "Iftar slots during Ramadan drive 3x orders for the app.",
        (
            "Chemo during the summer made the quarter hard for him.",
            "health",
        ),
    );
    clause_rule(
        "the subject of a business figure (“market”)",
        "Funerals are a huge market in Ghana.",
        (
            "The funeral was on Friday, she is still raw.",
            "family_events",
        ),
    );
}

#[test]
fn lists_credentials_and_parentheses_after_a_business_noun() {
    clause_rule(
        "a list describing a business (“policy -”)",
        "Owns the leave policy at Aviva - bereavement, parental and carer leave - and wants a demo.",
        (
            "Out next week - bereavement, his father passed away.",
            "family_events",
        ),
    );
    clause_rule(
        "the field of a credential (“diploma in”)",
        "She holds a diploma in addiction counselling and runs intake.",
        ("She is in rehab for addiction, back in March.", "health"),
    );
    clause_rule(
        "a business described in parentheses (“co”)",
        "Runs a Nairobi media co (pregnancy guides, baby name lists) with 2M readers.",
        (
            "Works at a media co in Nairobi (on leave after her miscarriage).",
            "health",
        ),
    );
}

#[test]
fn a_phrase_after_an_organization_noun_describes_it() {
    clause_rule(
        "a phrase describing an organization (“firm, …”)",
        "Partner at a small law firm, mostly divorce and custody work.",
        ("Works at a fintech, divorce is final now.", "family_events"),
    );
    // A company the person leaves opens no clause about it.
    assert_eq!(
        top("Left the company, chemo and recovery first.").as_deref(),
        Some("health")
    );
}

#[test]
fn a_cue_owned_by_an_organization_is_about_it() {
    clause_rule(
        "owned by an organization (“hospital's”)",
        "Wen configures the hospital's chemo day-unit rota in our tool.",
        ("Wen's chemo starts next week.", "health"),
    );
    clause_rule(
        "owned by an organization (“association's”)",
        "Njeri chairs the Kenya Medical Association's mental health taskforce.",
        ("Wanjiru's mental health has been rough lately.", "health"),
    );
}

#[test]
fn a_holiday_that_times_a_business_event_is_about_the_business() {
    clause_rule(
        "the time of a business event (“launched … ahead of”)",
        "Bilal's team launched the iftar booking feature in the food app ahead of Ramadan, orders tripled.",
        (
            "Bilal is off ahead of Ramadan to see family in Lahore, back on the 20th.",
            "religion",
        ),
    );
}

#[test]
fn a_persons_work_for_an_organization_is_their_job() {
    clause_rule(
        "a person's work for an organization (“it for”)",
        "Siobhan runs IT for 60 schools across the Anglican diocese of Leeds, wants SSO.",
        (
            "Siobhan sings in the choir at the Anglican cathedral in Leeds.",
            "religion",
        ),
    );
    clause_rule(
        "a person's work at an organization (“handles … at firm”)",
        "Chidi handles divorces and prenups at a boutique law firm in Lagos.",
        (
            "Chidi is going through a divorce, go easy.",
            "family_events",
        ),
    );
    // A place of worship is no employer here: leading prayers there is worship.
    assert_eq!(
        top("Maria leads prayers at the mosque on Fridays.").as_deref(),
        Some("religion")
    );
}

#[test]
fn groups_plural_kin_and_a_persons_business_after_a_verb() {
    // "their" after a group is the group's; after people it is theirs.
    clause_rule(
        "the topic of a work (“webinar”)",
        "Mark gave a webinar on caregiving apps for the elderly and their adult kids.",
        (
            "Mark and Lisa gave a talk on raising their kids abroad.",
            "children",
        ),
    );
    // A plural kin word capitalised at the start is a market, not a person.
    clause_rule(
        "a modifier of the business noun “franchise”",
        "Kids' tutoring franchise opened its 30th centre, Ama wants our booking API.",
        ("Kids are off school all week, Ama is frazzled.", "children"),
    );
    // "his startup" after a verb is the object, not the clause's subject.
    assert_eq!(
        top("Ali launched his startup and then fasted during Ramadan, tough month.").as_deref(),
        Some("religion")
    );
}

#[test]
fn a_work_show_or_award_right_before_its_topic_is_about_the_work() {
    clause_rule(
        "the topic of a work (“game”)",
        "The jury gave the award to the game about grief and losing a parent",
        (
            "She is still in grief after losing a parent in the spring",
            "family_events",
        ),
    );
    clause_rule(
        "the topic of a work (“documentary”)",
        "The documentary on HIV stigma they funded won at Sundance",
        ("He has been on HIV meds for ten years", "health"),
    );
    // A show's word with no topic of its own right after it is no work about the cue.
    assert_eq!(
        top("Watched the game on Eid with him, he fasts all Ramadan").as_deref(),
        Some("religion")
    );
}

#[test]
fn a_technical_word_in_the_cue_s_noun_phrase_sets_its_sense() {
    clause_rule(
        "a technical phrase (“soil fertility”)",
        "Soil fertility testing for the cane growers is the first module they want",
        (
            "Maria is struggling with fertility, two rounds of IVF so far",
            "health",
        ),
    );
    clause_rule(
        "a technical phrase (“separation plant”)",
        "Separation plant upgrade at the air products site is the Q3 project",
        (
            "Priya is separating from Tom, it has been a hard year",
            "family_events",
        ),
    );
    clause_rule(
        "a technical phrase (“bipolar hvdc”)",
        "The bipolar HVDC interconnector is the reference project they cite",
        (
            "Jin was diagnosed bipolar last year and is on lithium now",
            "health",
        ),
    );
    clause_rule(
        "a technical phrase (“customs seizure”)",
        "Customs seizure of the spare parts delayed the shutdown",
        (
            "He had a seizure at the airport and can't drive for six months",
            "health",
        ),
    );
}

#[test]
fn a_body_word_in_a_clause_about_farm_animals_is_the_animals() {
    clause_rule(
        "about farm animals (“heifers”)",
        "Embryo transfer and pregnancy results for the heifers live in a spreadsheet",
        (
            "Kev runs the dairy herd and he says Jo is pregnant with twins",
            "health",
        ),
    );
}

#[test]
fn an_eliding_apostrophe_opens_no_title() {
    // "'til", "'09", "'19" are not opening quotes: what follows is not a work's title, and a
    // plural possessive later on closes nothing.
    for text in [
        "Loves his podcast 'til late. His wife started chemo. The kids' school is great.",
        "Mentioned his book from '09, then said he starts chemo Monday and his kids' school knows.",
        "Wrote a blog post in '19. She is pregnant with twins, the parents' group helps.",
    ] {
        let cats: Vec<String> = found(text).into_iter().map(|(c, _)| c).collect();
        assert!(
            cats.iter().any(|c| c == "health"),
            "{text}: {cats:?}\n{}",
            engine_ok().debug(text)
        );
    }
    // A real title still is one.
    assert_eq!(
        top("Lena's post 'Divorcing your data warehouse' got 900 likes"),
        None
    );
    // A quote left open at the end of its sentence is no quote.
    let open =
        "Her podcast 'Money Talks is great. Her husband is in chemo and the kids' nanny left.";
    assert!(
        found(open).iter().any(|(c, _)| c == "health"),
        "{}",
        engine_ok().debug(open)
    );
}

#[test]
fn a_wall_of_text_is_read_in_bounded_clauses() {
    // Pasted text with no punctuation at all is cut into clauses of at most 80 words, so
    // reading who each clause is about stays linear; what it says is still found.
    let wall = format!(
        "{} she is pregnant",
        "the quarterly numbers look fine ".repeat(2_000)
    );
    let tokens = engine_ok().tokenize(&wall);
    let clauses = tokens.last().map_or(0, |t| t.clause);
    assert!(
        clauses >= 100,
        "{clauses} clauses in {} words",
        tokens.len()
    );
    assert!(tokens.windows(81).all(|w| w[0].clause != w[80].clause));
    assert_eq!(top(&wall).as_deref(), Some("health"));
}
