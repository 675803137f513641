//! The engine: finds sensitive passages in free text with their category and span.
//!
//! It reads a lexicon (one per language, `lexicon/<lang>.toml`): word classes, and for each
//! category the *cues* that reveal it ("POSS wife~", "diagnosed with") and the professional
//! look-alikes that must not count ("parent company", "church management software"). A cue
//! that a look-alike overlaps is dropped; what is left becomes a passage, stretched over the
//! names that follow it and to the end of its clause ("Her daughter Emma plays for the
//! Lincoln High soccer team").

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde::Deserialize;

use super::Sensitivity;
use super::pattern::{Context, Hit, Matcher, Vocabulary, WordSet};
use super::taxonomy::Taxonomy;
use super::text::{Language, Token};

/// A lexicon file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    language: String,
    /// Word classes, in an order where a class uses only classes defined before it (and
    /// those of the files before).
    #[serde(default)]
    classes: toml::Table,
    #[serde(default)]
    rule: Vec<RuleFile>,
    #[serde(default)]
    lookalike: Vec<LookalikeFile>,
    #[serde(default)]
    lint: Vec<LintFile>,
}

/// A phrasing check of the outreach linter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintFile {
    kind: super::lint::LintKind,
    first_contact_only: bool,
    reason: String,
    suggestion: String,
    fix: super::lint::FixKind,
    #[serde(default)]
    replace_with: Option<String>,
    patterns: Vec<String>,
    #[serde(default)]
    unless_in_sentence: Vec<String>,
}

/// A compiled phrasing check.
pub struct PhraseCheck {
    pub kind: super::lint::LintKind,
    pub first_contact_only: bool,
    pub reason: String,
    pub suggestion: String,
    pub fix: super::lint::FixKind,
    pub replace_with: Option<String>,
    pub patterns: Matcher,
    pub unless_in_sentence: Option<Matcher>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    category: String,
    cues: Vec<String>,
    /// Look-alikes of this category only.
    #[serde(default)]
    unless: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LookalikeFile {
    /// What the phrases are (for whoever edits the file).
    #[allow(dead_code)]
    about: String,
    patterns: Vec<String>,
}

/// A sensitive passage: where it is, what it reveals and why that matters.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte range in the text.
    pub start: usize,
    pub end: usize,
    pub category: usize,
    /// The words that gave it away (the cue's own words).
    pub cue: String,
}

pub struct Engine {
    language: Box<dyn Language>,
    pub taxonomy: Taxonomy,
    cues: Matcher,
    /// For each cue pattern: its category and its own look-alikes.
    cue_rule: Vec<(usize, Option<usize>)>,
    unless: Vec<Matcher>,
    lookalikes: Matcher,
    pub checks: Vec<PhraseCheck>,
    pub(crate) possessives: WordSet,
    not_name: WordSet,
    /// Given names that are also everyday words ("grace", "hope", "mark"): the linter is
    /// careful with them in lower case.
    word_names: WordSet,
    /// Words for relatives ("daughter", "wife"): a capitalised word after one is a name.
    kin: WordSet,
    /// Words after which a clause turns to another subject ("and he", "but she").
    pub(crate) turn: WordSet,
    pub(crate) subjects: WordSet,
    /// Words that may join the words of a name ("Bank of America", "St. Luke's").
    pub(crate) name_joiners: WordSet,
    /// Words before a name that make it about the person: they belong to it ("sings with
    /// the Gay Men's Chorus", "active in the Catholic Church").
    member: WordSet,
    /// The clause-level context of a cue (see [`Engine::clause_context`]).
    clause: ClauseWords,
}

/// The word classes the clause-level context reads (lexicon classes of the same names).
struct ClauseWords {
    /// Nouns of products, markets and works a cue word may modify ("fertility tracking app").
    biz_head: WordSet,
    /// Words that end a noun phrase.
    np_break: WordSet,
    /// Pronouns and possessives of a person ("her", "my").
    person_ref: WordSet,
    /// Nouns that make a clause's subject an organization or a product ("the app", "agency").
    org_subject: WordSet,
    /// Things one writes or presents ("book", "keynote").
    work_of: WordSet,
    /// Words that open a work's topic ("on", "about").
    topic_intro: WordSet,
    /// Words that introduce a title ("called", "presented").
    title_intro: WordSet,
    /// Words of a job ("head", "vp"): a parenthesis with one describes a person.
    role: WordSet,
    /// Words that end an organization's name ("Toys", "Labs", "Ltd").
    org_word: WordSet,
    /// Company nouns a person's pronoun may own ("her firm", "his startup").
    owned_org: WordSet,
    /// Verbs by which a holiday or an event moves a business figure ("drives", "doubles").
    drives: WordSet,
    /// Nouns of a business season, after a superlative ("their biggest quarter").
    season: WordSet,
    /// Credentials held in a field ("certification in", "degree in").
    credential: WordSet,
    /// Plural nouns of sites or people an organization counts ("40 stores", "14 countries").
    org_count: WordSet,
    /// Institutions that are customers and employers ("hospital", "council", "law firm").
    institution: WordSet,
    /// Verbs of a person's work ("runs", "handles").
    work_verb: WordSet,
    /// Business functions one runs for an organization ("IT", "procurement").
    run_function: WordSet,
    /// Events of a business a holiday is the time of ("launched", "shipped", "drove").
    biz_event: WordSet,
    /// Places of worship: work done at one may be worship.
    worship_place: WordSet,
    /// Technical and domain nouns and modifiers that, right next to a cue word in one noun
    /// phrase, give it its technical sense ("soil fertility", "bipolar HVDC link").
    tech_word: WordSet,
    /// Words of farm animals and their breeding: a body word in their clause is an animal's.
    animal_word: WordSet,
    /// Works, shows and awards whose topic follows at once ("the exhibition on HIV").
    made_work: WordSet,
    /// Works that also take place on a day ("the game on Eid"): "on" opens no topic of theirs.
    staged_work: WordSet,
}

impl Engine {
    /// An engine from the lexicon files of one language: the hand-written one first, then
    /// any generated ones (`en-world.toml`), whose rules and classes add to it.
    pub fn new(
        language: Box<dyn Language>,
        taxonomy: Taxonomy,
        lexicons: &[&str],
    ) -> Result<Self, String> {
        let mut files = Vec::with_capacity(lexicons.len());
        for (i, text) in lexicons.iter().enumerate() {
            let f: LexiconFile =
                toml::from_str(text).map_err(|e| format!("lexicon file {}: {e}", i + 1))?;
            if let Some(first) = files.first().map(|f: &LexiconFile| &f.language)
                && *first != f.language
            {
                return Err(format!(
                    "lexicon file {}: language `{}`, expected `{first}`",
                    i + 1,
                    f.language
                ));
            }
            files.push(f);
        }
        let Some(file) = files.first() else {
            return Err("no lexicon file".into());
        };
        let mut classes: HashMap<String, Arc<WordSet>> = HashMap::default();
        for (name, value) in files.iter().flat_map(|f| &f.classes) {
            let entries: Vec<String> = value
                .as_array()
                .ok_or_else(|| format!("lexicon {}: class `{name}` is not a list", file.language))?
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| format!("class `{name}`: not a string: {v:?}"))
                })
                .collect::<Result<_, _>>()?;
            let vocab = Vocabulary {
                classes: &classes,
                language: language.as_ref(),
            };
            let words = vocab.class(&entries, name)?;
            classes.insert(name.clone(), Arc::new(words));
        }
        let class = |name: &str| -> Result<WordSet, String> {
            classes
                .get(name)
                .map(|c| c.as_ref().clone())
                .ok_or_else(|| format!("lexicon {}: the class `{name}` is required", file.language))
        };
        let possessives = class("poss")?;
        let not_name = class("not_name")?;
        let word_names = class("word_names")?;
        let kin = class("kin")?;
        let turn = class("turn")?;
        let subjects = class("subject")?;
        let name_joiners = class("name_joiners")?;
        let member = class("member")?;
        let clause = ClauseWords {
            biz_head: class("biz_head")?,
            np_break: class("np_break")?,
            person_ref: class("person_ref")?,
            org_subject: class("org_subject")?,
            work_of: class("work_of")?,
            topic_intro: class("topic_intro")?,
            title_intro: class("title_intro")?,
            role: class("role")?,
            org_word: class("org_word")?,
            org_count: class("org_count")?,
            owned_org: class("owned_org")?,
            drives: class("drives")?,
            season: class("season")?,
            credential: class("credential")?,
            institution: class("institution")?,
            work_verb: class("work_verb")?,
            run_function: class("run_function")?,
            biz_event: class("biz_event")?,
            worship_place: class("worship_place")?,
            tech_word: class("tech_word")?,
            animal_word: class("animal_word")?,
            made_work: class("made_work")?,
            staged_work: class("staged_work")?,
        };
        let vocab = Vocabulary {
            classes: &classes,
            language: language.as_ref(),
        };
        let mut cue_patterns = Vec::new();
        let mut cue_rule = Vec::new();
        let mut unless = Vec::new();
        for r in files.iter().flat_map(|f| &f.rule) {
            let category = taxonomy.index_of(&r.category).ok_or_else(|| {
                format!(
                    "lexicon {}: unknown category `{}`",
                    file.language, r.category
                )
            })?;
            let own = if r.unless.is_empty() {
                None
            } else {
                let ps = r
                    .unless
                    .iter()
                    .map(|s| vocab.compile(s))
                    .collect::<Result<Vec<_>, _>>()?;
                unless.push(Matcher::new(ps));
                Some(unless.len() - 1)
            };
            for c in &r.cues {
                cue_patterns.push(vocab.compile(c)?);
                cue_rule.push((category, own));
            }
        }
        let mut look = Vec::new();
        for l in files.iter().flat_map(|f| &f.lookalike) {
            for p in &l.patterns {
                look.push(vocab.compile(p)?);
            }
        }
        let mut checks = Vec::new();
        for l in files.iter().flat_map(|f| &f.lint) {
            let compile_all = |ps: &[String]| {
                ps.iter()
                    .map(|p| vocab.compile(p))
                    .collect::<Result<Vec<_>, _>>()
            };
            if l.fix == super::lint::FixKind::Replace && l.replace_with.is_none() {
                return Err(format!(
                    "lexicon {}: a `replace` fix needs `replace_with`",
                    file.language
                ));
            }
            checks.push(PhraseCheck {
                kind: l.kind,
                first_contact_only: l.first_contact_only,
                reason: l.reason.clone(),
                suggestion: l.suggestion.clone(),
                fix: l.fix,
                replace_with: l.replace_with.clone(),
                patterns: Matcher::new(compile_all(&l.patterns)?),
                unless_in_sentence: if l.unless_in_sentence.is_empty() {
                    None
                } else {
                    Some(Matcher::new(compile_all(&l.unless_in_sentence)?))
                },
            });
        }
        Ok(Self {
            language,
            taxonomy,
            checks,
            cues: Matcher::new(cue_patterns),
            cue_rule,
            unless,
            lookalikes: Matcher::new(look),
            possessives,
            not_name,
            word_names,
            kin,
            turn,
            subjects,
            name_joiners,
            member,
            clause,
        })
    }

    /// A word capitalised for reasons other than being a name, or a function word (class
    /// `not_name`: "will", "may", "march", "monday").
    pub fn is_function_word(&self, norm: &str) -> bool {
        self.not_name.contains(norm)
    }

    /// A given name that is also an everyday word (class `word_names`: "grace", "hope").
    pub fn is_word_name(&self, norm: &str) -> bool {
        self.word_names.contains(norm)
    }

    /// A word for a relative (class `kin`: "daughter", "wife", "cousin").
    pub fn is_kin_word(&self, norm: &str) -> bool {
        self.kin.contains(norm)
    }

    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        self.language.tokenize(text)
    }

    pub fn context<'a>(&'a self, tokens: &'a [Token]) -> Context<'a> {
        Context {
            tokens,
            possessives: &self.possessives,
            not_name: &self.not_name,
        }
    }

    /// The sensitive passages of `text`, in order, not overlapping (where two would, the more
    /// sensitive one stays).
    pub fn find(&self, text: &str) -> Vec<Found> {
        let tokens = self.tokenize(text);
        self.find_in(text, &tokens)
    }

    pub fn find_in(&self, text: &str, tokens: &[Token]) -> Vec<Found> {
        let cx = self.context(tokens);
        let hits = self.cues.find_all(&cx);
        if hits.is_empty() {
            return Vec::new();
        }
        let names = self.org_names(text, tokens, &hits);
        let quotes = quoted(text);
        let mut kept: Vec<(Hit, usize)> = Vec::new();
        for h in hits {
            let (category, own) = self.cue_rule[h.pattern];
            // A cue inside an organization's name ("Catholic Charities", "Tory Burch") is about
            // the organization, unless the person belongs to it.
            if names
                .iter()
                .any(|&(s, e, personal)| !personal && h.core.iter().all(|&c| s <= c && c < e))
            {
                continue;
            }
            if self.lookalikes.covers(&cx, &h.core).is_some()
                || own.is_some_and(|o| self.unless[o].covers(&cx, &h.core).is_some())
                || self.clause_context(text, tokens, &quotes, &h).is_some()
            {
                continue;
            }
            kept.push((h, category));
        }
        // Most sensitive first, then earliest and longest: that order decides overlaps.
        kept.sort_by_key(|(h, c)| (self.taxonomy.bin(*c), h.start, std::cmp::Reverse(h.end)));
        let mut taken: Vec<(usize, usize, usize, String)> = Vec::new(); // token range, category, cue
        // The ranges taken so far, by start: they never overlap, so the last one starting
        // before a new range's end is the only one that could overlap it.
        let mut taken_at: std::collections::BTreeMap<usize, usize> = Default::default();
        // Where each cue starts: a passage stretches up to the next cue, not over it.
        let mut starts: Vec<usize> = kept.iter().map(|(h, _)| h.start).collect();
        starts.sort_unstable();
        for (h, category) in kept {
            let (start, mut end) = self.stretch(tokens, h.start, h.end);
            if let Some(&next) = starts.get(starts.partition_point(|&s| s < h.end))
                && next < end
            {
                end = next.max(h.end);
            }
            if taken_at
                .range(..end)
                .next_back()
                .is_some_and(|(_, &e)| start < e)
            {
                continue;
            }
            taken_at.insert(start, end);
            let cue = h
                .core
                .iter()
                .map(|&i| &text[tokens[i].start..tokens[i].end])
                .collect::<Vec<_>>()
                .join(" ");
            taken.push((start, end, category, cue));
        }
        taken.sort_by_key(|t| t.0);
        // Passages of one category that touch are one passage ("devout Catholic").
        let mut merged: Vec<(usize, usize, usize, String)> = Vec::with_capacity(taken.len());
        for t in taken {
            match merged.last_mut() {
                Some(last) if last.2 == t.2 && last.1 == t.0 => {
                    last.1 = t.1;
                    last.3 = format!("{} {}", last.3, t.3);
                }
                _ => merged.push(t),
            }
        }
        // A redaction marker ("[children hidden]") names a category, it does not reveal one:
        // text already redacted reads as what is left of it.
        let markers = super::redact::markers(text);
        merged
            .into_iter()
            .map(|(s, e, category, cue)| Found {
                start: tokens[s].start,
                end: tokens[e - 1].end,
                category,
                cue,
            })
            .filter(|f| {
                !markers
                    .iter()
                    .any(|&(ms, me)| ms <= f.start && f.start < me)
            })
            .collect()
    }

    /// The proper names of `tokens` (see [`Engine::names`]), each with whether a cue found in
    /// it leaves it personal: the person belongs to it, or a cue spells it out whole, so it
    /// is the sensitive thing itself ("Yom Kippur", "Planned Parenthood"), not an
    /// organization that happens to contain a cue word. A capital on the sentence's first word
    /// is no evidence of a name: when that word is no cue itself and a joiner follows it
    /// ("Gone for Orthodox Easter.", "Out for Guru Nanak Jayanti."), or the rest is one cue
    /// word that is no organization word ("Happy Holi from the team!"), the rest is the
    /// holiday, not an organization ("Catholic Charities renewed", "American Red Cross
    /// blood services" stay names). A name ending in an organization word and described as a
    /// business by a parenthesis stays an organization after a bare `for`/`with`.
    fn org_names(&self, text: &str, tokens: &[Token], hits: &[Hit]) -> Vec<(usize, usize, bool)> {
        let mut names = self.names(tokens);
        let joiner =
            |i: usize| self.name_joiners.contains(&tokens[i].norm) && !tokens[i].capitalised;
        for (s, e, personal) in &mut names {
            let (s, e) = (*s, *e);
            // Only the cues with a word in the name matter.
            let inside: Vec<&Hit> = hits
                .iter()
                .filter(|h| h.core.iter().any(|&c| s <= c && c < e))
                .collect();
            if inside.is_empty() {
                continue;
            }
            // "runs technology for Faith Wave Radio (120 stations)": an organization's name
            // described as a business is the person's employer or client; a bare `for` or
            // `with` before it does not make them belong to it.
            if *personal
                && self.clause.org_word.contains(&tokens[e - 1].norm)
                && !tokens[s.saturating_sub(3)..s].iter().any(|t| {
                    t.possessive
                        || self.possessives.contains(&t.norm)
                        || (self.member.contains(&t.norm)
                            && !matches!(t.norm.as_str(), "for" | "with"))
                })
                && self.described_name(text, tokens, e).is_some()
            {
                *personal = false;
            }
            let joiners: Vec<bool> = (s..e).map(joiner).collect();
            let is_joiner = |i: usize| joiners[i - s];
            let mut from = s;
            if tokens[from].sentence_start && !inside.iter().any(|h| h.core.contains(&from)) {
                from += 1;
                let joined = from < e && is_joiner(from);
                while from < e && is_joiner(from) {
                    from += 1;
                }
                // …unless the name does something ("Carrot Fertility expanded into Canada").
                let acts = tokens.get(e).is_some_and(|t| {
                    t.clause == tokens[s].clause && !t.capitalised && t.norm.ends_with("ed")
                });
                let one_word =
                    from + 1 == e && !acts && !self.clause.org_word.contains(&tokens[from].norm);
                if !joined && !one_word {
                    from = s;
                }
            }
            // After a joiner `for` or `and`, a cue may stand whole on its own ("in Makkah for
            // Hajj"); a cue whose own words take in the name's joiner reads across the name
            // ("runs the London Marathon for Macmillan").
            let after_joiner: Vec<usize> = (s + 1..e)
                .filter(|&i| is_joiner(i) && matches!(tokens[i].norm.as_str(), "for" | "and"))
                .map(|i| i + 1)
                .collect();
            let whole = inside.iter().any(|h| {
                let spells = |from: usize| {
                    from < e
                        && h.core.contains(&from)
                        && (from..e).all(|i| h.core.contains(&i) || is_joiner(i))
                };
                spells(s)
                    || spells(from)
                    || after_joiner.iter().any(|&a| spells(a))
                    || (s + 1..e).any(|i| is_joiner(i) && h.core.contains(&i))
            });
            // A name made only of cue words, taken together, is the sensitive thing itself
            // ("the SPD Ortsverein", "Shia Ithna Ashari"), not an organization that happens
            // to contain one.
            let all_cues = (from..e)
                .all(|i| is_joiner(i) || inside.iter().any(|h| h.core.contains(&i)))
                && (from..e).filter(|&i| !is_joiner(i)).count() >= 2;
            *personal |= whole || all_cues;
        }
        names
    }

    /// Proper names of two words or more (runs of capitalised words, joined by `of`, `and`,
    /// `St.`…), as token ranges, each with whether the person belongs to it: a membership
    /// word or a possessive within three words before it.
    fn names(&self, tokens: &[Token]) -> Vec<(usize, usize, bool)> {
        let name_like = |t: &Token| {
            t.capitalised
                && t.norm.chars().next().is_some_and(char::is_alphabetic)
                && !t.norm.contains('\'')
                && (!self.not_name.contains(&t.norm) || self.name_joiners.contains(&t.norm))
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if !name_like(&tokens[i]) {
                i += 1;
                continue;
            }
            let clause = tokens[i].clause;
            let mut e = i + 1;
            let mut words = 1;
            loop {
                match tokens.get(e) {
                    Some(t) if t.clause == clause && name_like(t) => {
                        e += 1;
                        words += 1;
                    }
                    // A joiner counts only between two capitalised words.
                    Some(t)
                        if t.clause == clause
                            && !t.capitalised
                            && self.name_joiners.contains(&t.norm)
                            && tokens
                                .get(e + 1)
                                .is_some_and(|n| n.clause == clause && name_like(n)) =>
                    {
                        e += 1;
                    }
                    _ => break,
                }
            }
            if words >= 2 {
                // The name's own first word counts too: "Daughter Aiko", "Staunch Tory".
                let from = i.saturating_sub(3);
                let personal = tokens[from..=i].iter().any(|t| {
                    t.clause == clause
                        && (self.member.contains(&t.norm) || self.possessives.contains(&t.norm))
                });
                out.push((i, e, personal));
            }
            i = e;
        }
        out
    }

    /// A cue's passage: from the cue to the end of its clause, or to where the clause turns
    /// to another subject ("…, and he runs procurement").
    fn stretch(&self, tokens: &[Token], start: usize, end: usize) -> (usize, usize) {
        let clause = tokens[start].clause;
        // From the possessive before the cue ("Her daughter…", "Tom's wife").
        let start = match start.checked_sub(1).map(|i| &tokens[i]) {
            Some(t)
                if t.clause == clause && (t.possessive || self.possessives.contains(&t.norm)) =>
            {
                start - 1
            }
            _ => start,
        };
        let mut e = end;
        while e < tokens.len() && tokens[e].clause == clause {
            let t = &tokens[e];
            let next_is_subject = tokens
                .get(e + 1)
                .is_some_and(|n| n.clause == clause && self.subjects.contains(&n.norm));
            if (self.turn.contains(&t.norm) && (next_is_subject || t.after_comma))
                || (t.after_comma && self.subjects.contains(&t.norm))
            {
                break;
            }
            e += 1;
        }
        (start, e)
    }

    /// Why a cue, read in its clause, is about an organization, a product or a work rather
    /// than a person; `None` when nothing says so. Three rules, each naming itself (the trace
    /// of [`Engine::debug`] prints the name):
    ///
    /// 1. *a modifier of a business noun*: the cue's last word modifies, within its noun
    ///    phrase, a product, market or publication noun (class `biz_head`) up to four words
    ///    ahead ("fertility tracking app", "election season ad spend forecasts"), or further
    ///    through a list with `and`/`or` ("sabbatical, parental leave and menopause support
    ///    policies"); a noun phrase opened by "a"/"an" may also end in a company noun (class
    ///    `owned_org`: "a Boston divorce and family-law practice"). Also *the subject of a
    ///    business figure*: the cue, then a copula or a verb of class `drives`, then a
    ///    business noun or a superlative season ("funerals are a massive market", "Diwali is
    ///    their biggest quarter", "Ramadan drives 3x orders");
    /// 2. *a clause about an organization*: the clause's subject is an organization or a
    ///    product (class `org_subject`: "the app hit…", "their agency won…"), an
    ///    organization's name (one ending in a word of class `org_word`: "Moonbeam Toys
    ///    won…"), a name with a parenthesis describing a business ("Tithewell (church giving
    ///    platform) crossed…"), or "they"/"their" after a clause or sentence that opened with
    ///    one of those (trace: "…, then “they”"); also *a business described in parentheses*
    ///    (the cue inside one, after the name: "Clearview Recovery (telehealth addiction
    ///    treatment) won…") and *a list describing a business* (after a colon that follows a
    ///    business noun: "operations software: donor management, volunteer scheduling", or
    ///    after a colon or a dash following a clause with one among its last five words:
    ///    "Owns the leave policy at Aviva - bereavement, parental leave"). The subject may
    ///    also be a person's business ("Omer's edu-fintech", "her firm":
    ///    [`Engine::owned_business`]), an organization noun with a relative clause ("a
    ///    startup that helps churches…": *a relative clause of an organization*), a noun
    ///    phrase set off by a comma after an organization noun (*a phrase describing an
    ///    organization*: "a family-law firm, mostly custody disputes"), or the
    ///    subject of the clause this one continues past a parenthesis or, opening with a
    ///    verb, past a colon or a dash ("Hadi's app (Karachi) hit #1 during Eid",
    ///    "funeral-tech: livestreams funerals"; trace "…, continued past …"). A one-word name
    ///    whose parenthesis opens with a place or says `at` is a person ("Priya (Mumbai
    ///    healthtech) is going through IVF"), and plural kin words with no possessive are a
    ///    market, not a person ("lets parents pay tuition");
    /// 3. *the title or topic of a work*: the cue is inside a quoted title of a work
    ///    ("book 'the sober CFO'") or in the topic of one ("whitepaper on election year…",
    ///    "keynote at the congress on opioid stewardship"), or the field of a credential
    ///    (class `credential`: "board certification in hospice & palliative medicine").
    ///
    /// Also (rules 1c, 2a, 2b): *the time of a business event* ("launched the zakat
    /// calculator ahead of Ramadan"), *owned by an organization* ("the hospital's oncology
    /// order sets", "the Kenya Medical Association's mental health taskforce"), and *a
    /// person's work for / at an organization* ("runs IT for 60 schools across the
    /// diocese", "handles probate at the law firm"); see their functions.
    ///
    /// None applies when a person stands right before the cue ("her fertility app", "Tom's
    /// kids"), nor, for rules 2 and 3, between the subject or the work and the cue.
    pub(crate) fn clause_context(
        &self,
        text: &str,
        tokens: &[Token],
        quotes: &[(usize, usize)],
        h: &Hit,
    ) -> Option<String> {
        let first = *h.core.iter().min()?;
        let last = *h.core.iter().max()?;
        // A quoted title is the work's own words, whoever's possessive stands before it.
        if let Some(why) = self.work_title(tokens, quotes, first) {
            return Some(why);
        }
        if self.personal_before(tokens, first) {
            return None;
        }
        self.modifies_business_noun(text, tokens, last)
            .or_else(|| self.business_predicate(tokens, last))
            .or_else(|| self.business_time(tokens, first))
            .or_else(|| self.organization_owner(tokens, first, last))
            .or_else(|| self.organization_subject(text, tokens, h, first, last))
            .or_else(|| self.work_for_organization(tokens, first, last))
            .or_else(|| self.work_topic(tokens, h, first))
            .or_else(|| self.technical_phrase(text, tokens, first, last))
            .or_else(|| self.animal_clause(tokens, first, last))
    }

    /// Rule 4a: a technical word in the cue's own noun phrase sets its sense: the word right
    /// before the cue ("soil fertility", "tropical depression", "customs seizure") or one of
    /// the two after it, with nothing but plain words between ("separation plant", "bipolar
    /// HVDC link", "mother vessel"). No person may stand in the phrase ("her soil" is no
    /// phrase of the cue's: a possessive before the cue ends it).
    fn technical_phrase(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
        last: usize,
    ) -> Option<String> {
        let clause = tokens[first].clause;
        let cue = &tokens[last];
        if let Some(t) = first.checked_sub(1).map(|i| &tokens[i])
            && t.clause == clause
            && !t.possessive
            && self.clause.tech_word.contains(&t.norm)
        {
            return Some(format!(
                "a technical phrase (“{} {}”)",
                t.norm, tokens[first].norm
            ));
        }
        if cue.possessive {
            return None;
        }
        for j in last + 1..(last + 3).min(tokens.len()) {
            let t = &tokens[j];
            if t.clause != clause
                || t.after_comma
                || self.is_person(t)
                || self.clause.np_break.contains(&t.norm)
            {
                return None;
            }
            if self.clause.tech_word.contains(&t.norm) {
                return Some(format!("a technical phrase (“{} {}”)", cue.norm, t.norm));
            }
            let hyphened = text[tokens[j - 1].end..t.start].trim() == "-";
            if t.possessive || (!hyphened && (t.norm.ends_with("ed") || t.norm.ends_with("ing"))) {
                return None;
            }
        }
        None
    }

    /// Rule 4b: the cue is about farm animals: a word of their breeding (class
    /// `animal_word`: "herd", "dairy", "heifers") stands within eight words in its clause,
    /// with no person between or right after the cue ("IVF embryo transfer records for the
    /// breeding program", not "runs a dairy herd and his wife is pregnant").
    fn animal_clause(&self, tokens: &[Token], first: usize, last: usize) -> Option<String> {
        let clause = tokens[first].clause;
        let lo = first.saturating_sub(8);
        let hi = (last + 9).min(tokens.len());
        let at = (lo..hi).find(|&i| {
            tokens[i].clause == clause
                && (i < first || i > last)
                && self.clause.animal_word.contains(&tokens[i].norm)
        })?;
        let span = if at < first {
            at + 1..(last + 3).min(tokens.len())
        } else {
            first..at
        };
        if span.into_iter().any(|i| {
            let t = &tokens[i];
            t.clause == clause
                && (i < first || i > last)
                && (self.is_person(t) || t.norm == "their")
        }) {
            return None;
        }
        Some(format!("about farm animals (“{}”)", tokens[at].norm))
    }

    /// A person at `i`: a pronoun or possessive of a person, a kin word, or a name's
    /// possessive ("Tom's").
    fn is_person(&self, t: &Token) -> bool {
        self.clause.person_ref.contains(&t.norm)
            || self.kin.contains(&t.norm)
            || (t.possessive
                && t.capitalised
                && !t.sentence_start
                && !self.clause.org_word.contains(&t.norm)
                && !self.clause.institution.contains(&t.norm))
    }

    /// An organization's possessive at `i`: an institution noun ("the hospital's", "the
    /// council's"), or the last word of a name of two words or more (joiners between them)
    /// that holds an organization word ("Lagos Teaching Hospital's", "Insurance Institute
    /// of India's"), not a person's ("Tom's", "Dr Mensah's").
    fn org_possessive(&self, tokens: &[Token], i: usize) -> bool {
        let t = &tokens[i];
        if !t.possessive {
            return false;
        }
        let org = |w: &Token| {
            self.clause.org_word.contains(&w.norm) || self.clause.institution.contains(&w.norm)
        };
        if !t.capitalised {
            return self.clause.institution.contains(&t.norm);
        }
        let (mut j, mut words, mut found) = (i, 0, false);
        loop {
            let w = &tokens[j];
            if w.clause != t.clause || (j < i && w.possessive) {
                break;
            }
            if w.capitalised {
                words += 1;
                found |= org(w);
            } else if !(self.name_joiners.contains(&w.norm) && j > 0 && tokens[j - 1].capitalised) {
                break;
            }
            if j == 0 || i - j >= 5 {
                break;
            }
            j -= 1;
        }
        found && (words >= 2 || self.clause.institution.contains(&t.norm))
    }

    /// Rule 2a: the cue is owned by an organization: its own possessive, or one up to three
    /// words before it in its noun phrase, is an organization's ("the Nigerian Medical
    /// Association's health IT committee", "the hospital's oncology order sets", not "Tom's
    /// oncology appointment").
    fn organization_owner(&self, tokens: &[Token], first: usize, last: usize) -> Option<String> {
        let clause = tokens[first].clause;
        for i in (first.saturating_sub(3)..=first).rev() {
            let t = &tokens[i];
            if t.clause != clause || (i < first && tokens[i + 1].after_comma) {
                return None;
            }
            // The cue may be the organization itself ("the charity's donations portal").
            let itself = i == first
                && first == last
                && self.clause.institution.contains(&t.norm)
                && first > 0
                && matches!(tokens[first - 1].norm.as_str(), "the" | "this" | "that")
                && tokens[first - 1].clause == clause;
            if self.org_possessive(tokens, i) && (i < first || first < last || itself) {
                return Some(format!("owned by an organization (“{}'s”)", t.norm));
            }
            if i < first
                && (t.possessive
                    || self.is_person(t)
                    || self.possessives.contains(&t.norm)
                    || self.clause.np_break.contains(&t.norm))
            {
                return None;
            }
        }
        None
    }

    /// Rule 1c: the cue is the time of a business event: right after "during", "before",
    /// "around", "over", "throughout" or "ahead of", in a clause that names an event of a
    /// business before it (class `biz_event`: "launched", "shipped", "drove") and a product,
    /// an organization or a figure ("Hassan's team launched the zakat calculator in the
    /// banking app ahead of Ramadan"), with no person's pronoun, kin word or possessive in it
    /// but a name's before a team or a company ("Hassan's team").
    fn business_time(&self, tokens: &[Token], first: usize) -> Option<String> {
        let clause = tokens[first].clause;
        let p = first.checked_sub(1)?;
        let prep = tokens[p].norm.as_str();
        let ahead = prep == "of" && p > 0 && tokens[p - 1].norm == "ahead";
        if !(ahead || matches!(prep, "during" | "before" | "around" | "over" | "throughout")) {
            return None;
        }
        let cs = clause_start(tokens, first);
        let (mut event, mut business) = (None, false);
        for (i, t) in tokens.iter().enumerate().skip(cs) {
            if t.clause != clause {
                break;
            }
            if i >= p && i <= first {
                continue;
            }
            let team = tokens.get(i + 1).is_some_and(|n| {
                n.norm == "team"
                    || self.clause.owned_org.contains(&n.norm)
                    || self.clause.org_subject.contains(&n.norm)
            });
            if self.clause.person_ref.contains(&t.norm)
                || (self.kin.contains(&t.norm) && !self.generic_kin(tokens, i))
                || (t.possessive && !team && !self.org_possessive(tokens, i))
            {
                return None;
            }
            if i < p && self.clause.biz_event.contains(&t.norm) {
                event = Some(i);
            }
            business |= self.clause.biz_head.contains(&t.norm)
                || self.clause.org_subject.contains(&t.norm)
                || self.clause.institution.contains(&t.norm)
                || t.norm.starts_with(|c: char| c.is_ascii_digit());
        }
        let e = event.filter(|_| business)?;
        Some(format!(
            "the time of a business event (“{} … {}”)",
            tokens[e].norm,
            if ahead {
                "ahead of"
            } else {
                tokens[p].norm.as_str()
            }
        ))
    }

    /// Rule 2b: a person's work for an organization. Either the cue is among the
    /// organizations a business function is run for (a verb of work, class `work_verb`, then
    /// a function, class `run_function`, then `for`/`at`/`across`/`with`, the cue at most eight
    /// words on: "runs IT for 120 Catholic schools across the archdiocese"), or the cue is
    /// the matter a person handles at an institution (a verb of work up to four words before
    /// it, then `at`/`for`/`with` and, within five words, an institution, an organization
    /// noun or an organization's name: "handles estates & probate at the law firm"). No
    /// person's pronoun, kin word or possessive may stand between, and a place of worship
    /// is no such institution ("leads prayers at the mosque").
    fn work_for_organization(&self, tokens: &[Token], first: usize, last: usize) -> Option<String> {
        let clause = tokens[first].clause;
        let personal =
            |t: &Token| self.is_person(t) || self.possessives.contains(&t.norm) || t.norm == "own";
        let prep = |t: &Token| matches!(t.norm.as_str(), "for" | "at" | "across" | "with");
        // The organizations a function is run for.
        let mut i = first;
        while i > 0 && first - i < 9 && !tokens[i].after_comma {
            i -= 1;
            let t = &tokens[i];
            if t.clause != clause || personal(t) || self.turn.contains(&t.norm) {
                break;
            }
            if prep(t)
                && i >= 2
                && self.clause.run_function.contains(&tokens[i - 1].norm)
                && (i.saturating_sub(4)..i - 1).any(|v| {
                    tokens[v].clause == clause && self.clause.work_verb.contains(&tokens[v].norm)
                })
            {
                return Some(format!(
                    "a person's work for an organization (“{} {}”)",
                    tokens[i - 1].norm,
                    t.norm
                ));
            }
        }
        // The matter handled at an institution.
        let verb = (first.saturating_sub(4)..first).rev().find(|&v| {
            tokens[v].clause == clause && self.clause.work_verb.contains(&tokens[v].norm)
        })?;
        if tokens[verb + 1..first].iter().any(personal) {
            return None;
        }
        let mut j = last + 1;
        while j < tokens.len() && j <= last + 3 && tokens[j].clause == clause && !prep(&tokens[j]) {
            if personal(&tokens[j]) || self.clause.np_break.contains(&tokens[j].norm) {
                return None;
            }
            j += 1;
        }
        if !tokens.get(j).is_some_and(|t| t.clause == clause && prep(t)) {
            return None;
        }
        for t in tokens.iter().skip(j + 1).take(5) {
            if t.clause != clause || personal(t) {
                return None;
            }
            if self.clause.worship_place.contains(&t.norm) {
                return None;
            }
            if self.clause.institution.contains(&t.norm)
                || self.clause.org_subject.contains(&t.norm)
                || (t.capitalised && self.clause.org_word.contains(&t.norm))
            {
                return Some(format!(
                    "a person's work at an organization (“{} … {} {}”)",
                    tokens[verb].norm, tokens[j].norm, t.norm
                ));
            }
            if !(t.capitalised
                || matches!(
                    t.norm.as_str(),
                    "the" | "a" | "an" | "their" | "our" | "its"
                )
                || !self.clause.np_break.contains(&t.norm))
            {
                return None;
            }
        }
        None
    }

    /// A person's business named after their possessive: "Omer's edu-fintech", "Fiifi
    /// Mensah's church management SaaS", "her firm". After a name's possessive, up to four
    /// modifiers may come before the organization noun (class `org_subject`, or a word ending
    /// in "tech": "funeral-tech"); after his/her/my, the noun comes right after and is a
    /// company noun (class `owned_org`: "her firm", not "her app" nor "her bank"). The noun's
    /// token.
    fn owned_business(&self, tokens: &[Token], k: usize) -> Option<usize> {
        let t = &tokens[k];
        let company = |n: &str| self.clause.org_subject.contains(n) || n.ends_with("tech");
        if t.possessive && t.capitalised {
            for (j, w) in tokens.iter().enumerate().take(k + 6).skip(k + 1) {
                if w.clause != t.clause {
                    return None;
                }
                if company(&w.norm) && !w.possessive {
                    return Some(j);
                }
                if self.clause.np_break.contains(&w.norm)
                    || self.clause.person_ref.contains(&w.norm)
                    || self.kin.contains(&w.norm)
                    || (w.possessive && w.capitalised)
                    || (j > k + 1 && w.after_comma)
                {
                    return None;
                }
            }
            return None;
        }
        if matches!(t.norm.as_str(), "his" | "her" | "my") {
            let n = tokens.get(k + 1)?;
            return (n.clause == t.clause && self.clause.owned_org.contains(&n.norm))
                .then_some(k + 1);
        }
        None
    }

    /// A person's possessive among the cue's first word and the two before it, in its clause
    /// ("her fertility app", "Tom's kids", "my mum's dementia").
    fn personal_before(&self, tokens: &[Token], first: usize) -> bool {
        let clause = tokens[first].clause;
        (first.saturating_sub(2)..=first).any(|i| {
            let t = &tokens[i];
            t.clause == clause
                && !self.org_possessive(tokens, i)
                // "Kids' coding school franchise…": a plural kin word's capital at the
                // sentence's start makes it no name, and no possessive makes it a person's.
                && !(i == first
                    && t.sentence_start
                    && self.kin.contains(&t.norm)
                    && (t.norm.ends_with('s') || matches!(t.norm.as_str(), "children" | "kids")))
                && !(i < first && self.owned_business(tokens, i).is_some_and(|h| h > first))
                && (self.clause.person_ref.contains(&t.norm)
                    || (t.possessive
                        && (t.capitalised || (self.kin.contains(&t.norm) && i < first))))
        })
    }

    /// Rule 1: the cue's last word modifies a business noun a few words ahead.
    fn modifies_business_noun(&self, text: &str, tokens: &[Token], last: usize) -> Option<String> {
        let cue = &tokens[last];
        // "daughter's wedding budget": a singular possessive owns what follows; a cue that
        // ends in a verb or a preposition ("moved from sales into") modifies nothing.
        if (cue.possessive && !cue.norm.ends_with('s'))
            || self.clause.np_break.contains(&cue.norm)
            || self.clause.topic_intro.contains(&cue.norm)
            || cue.norm.ends_with("ed")
        {
            return None;
        }
        // A noun phrase opened by "a"/"an" names a kind of company when its head is one
        // (class `owned_org`: "a Boston divorce and family-law practice").
        let indefinite = (last.saturating_sub(6)..last)
            .rev()
            .map(|i| &tokens[i])
            .take_while(|t| t.clause == cue.clause)
            .find(|t| self.clause.np_break.contains(&t.norm) || self.is_person(t))
            .is_some_and(|t| matches!(t.norm.as_str(), "a" | "an"));
        // A list of modifiers shares the noun ("sabbatical, parental leave and menopause
        // support policies"): past a comma, an `and`/`or` must come before the noun.
        let (mut listed, mut joined) = (false, false);
        let mut j = last + 1;
        while j < tokens.len() && j < last + if listed { 9 } else { 5 } {
            let t = &tokens[j];
            if t.clause != cue.clause {
                return None;
            }
            listed |= t.after_comma;
            joined |= matches!(t.norm.as_str(), "and" | "or" | "&");
            if self.clause.biz_head.contains(&t.norm)
                || (indefinite && self.clause.owned_org.contains(&t.norm))
            {
                if listed && !joined {
                    return None;
                }
                return Some(format!("a modifier of the business noun “{}”", t.norm));
            }
            let hyphened = text[tokens[j - 1].end..t.start].trim() == "-";
            // Kin words may stand between ("pregnancy and newborn audiences"): the cue's own
            // kind; a person's pronoun or a name's possessive may not.
            if self.clause.np_break.contains(&t.norm)
                || self.clause.person_ref.contains(&t.norm)
                || t.possessive
                || (!hyphened
                    && (t.norm.ends_with("ed") || t.norm.ends_with("ing"))
                    && j > last + 1)
            {
                return None;
            }
            j += 1;
        }
        None
    }

    /// Rule 1b: the cue is the subject of a business figure: a copula or a verb of moving a
    /// figure (class `drives`) within six words after it (a time phrase may stand between), then, with no person in the rest
    /// of the clause, a business noun (class `biz_head`: "funerals are a massive market",
    /// "Pride season is 40% of GMV", "Ramadan drives 3x orders") or a season after a
    /// superlative (class `season`: "Diwali is their biggest quarter").
    fn business_predicate(&self, tokens: &[Token], last: usize) -> Option<String> {
        let clause = tokens[last].clause;
        let in_clause = |i: usize| tokens.get(i).filter(|t| t.clause == clause);
        let mut v = last + 1;
        loop {
            let t = in_clause(v)?;
            if matches!(t.norm.as_str(), "is" | "are" | "was" | "were")
                || self.clause.drives.contains(&t.norm)
            {
                break;
            }
            // A time may stand between ("sehri slot 2-4am during Ramadan drives 3x orders").
            let when = matches!(t.norm.as_str(), "during" | "in" | "around" | "over");
            if v >= last + 6
                || (self.clause.np_break.contains(&t.norm) && !when)
                || self.is_person(t)
                || t.possessive
            {
                return None;
            }
            v += 1;
        }
        let rest = tokens[v + 1..].iter().take_while(|t| t.clause == clause);
        if rest.clone().any(|t| self.is_person(t)) {
            return None;
        }
        let mut superlative = false;
        for t in rest.take(6) {
            if self.clause.biz_head.contains(&t.norm)
                || (superlative && self.clause.season.contains(&t.norm))
            {
                return Some(format!("the subject of a business figure (“{}”)", t.norm));
            }
            superlative |= matches!(
                t.norm.as_str(),
                "biggest"
                    | "busiest"
                    | "best"
                    | "strongest"
                    | "peak"
                    | "top"
                    | "largest"
                    | "highest"
            );
            let filler = matches!(
                t.norm.as_str(),
                "a" | "an" | "the" | "their" | "its" | "our" | "of" | "for" | "up" | "x"
            ) || t.norm.starts_with(|c: char| c.is_ascii_digit());
            if !filler && self.clause.np_break.contains(&t.norm) {
                return None;
            }
        }
        None
    }

    /// Rule 2: the clause's subject is an organization or a product, and no person stands
    /// between it and the cue. The subject is one of (see [`Engine::opening_subject`]): an
    /// organization noun, an organization's name, a name described by a parenthesis; or
    /// "they"/"their"/"its" opening the clause when the clause before it, or the sentence
    /// before it, opened with one of those ("Civitas Research (polling firm). They need
    /// election-night dashboards"). A cue inside a parenthesis that describes a business
    /// after its name is about that business ("Clearview Recovery (telehealth addiction
    /// treatment, 15k patients) won…").
    fn organization_subject(
        &self,
        text: &str,
        tokens: &[Token],
        h: &Hit,
        first: usize,
        last: usize,
    ) -> Option<String> {
        let clause = tokens[first].clause;
        if let Some(word) = self.in_business_parenthesis(text, tokens, first) {
            return Some(format!("a business described in parentheses (“{word}”)"));
        }
        let cs = clause_start(tokens, first);
        let mut subject = self.opening_subject(text, tokens, cs, first);
        let anaphor = matches!(
            tokens[cs].norm.as_str(),
            "they" | "their" | "its" | "they're" | "theyre" | "theyve" | "they've" | "they'll"
        );
        if subject.is_none() && anaphor && cs > 0 {
            // The clause before in the same sentence, else the sentence before.
            let prev = &tokens[cs - 1];
            let before = if prev.sentence == tokens[cs].sentence {
                clause_start(tokens, cs - 1)
            } else {
                sentence_start(tokens, cs - 1)
            };
            let end = if prev.sentence == tokens[cs].sentence {
                cs
            } else {
                tokens[before..cs]
                    .iter()
                    .position(|t| t.clause != tokens[before].clause)
                    .map_or(cs, |n| before + n)
            };
            if let Some((_, why)) = self.opening_subject(text, tokens, before, end) {
                subject = Some((cs, format!("{why}, then “{}”", tokens[cs].norm)));
            }
        }
        // An organization noun with a relative clause, the cue in it ("CEO of a startup that
        // helps churches stream Sunday services").
        if subject.is_none() {
            subject = (cs..first.saturating_sub(1)).rev().find_map(|j| {
                (self.clause.org_subject.contains(&tokens[j].norm)
                    && matches!(tokens[j + 1].norm.as_str(), "that" | "which"))
                .then(|| {
                    (
                        j + 1,
                        format!(
                            "a relative clause of an organization (“{} {}”)",
                            tokens[j].norm,
                            tokens[j + 1].norm
                        ),
                    )
                })
            });
        }
        // A noun phrase set off by a comma right after an organization noun describes it
        // ("a family-law firm, mostly custody disputes and prenups"; "Nerea's legal-tech
        // startup, custody document automation"): no verb, pronoun or possessive in it.
        if subject.is_none()
            && let Some(c) = (cs + 1..=first).rev().find(|&j| tokens[j].after_comma)
        {
            let head = &tokens[c - 1];
            // Not a company the person leaves or joins ("Left the company, chemo first").
            let moved = tokens[cs..c].iter().any(|t| {
                matches!(
                    t.norm.as_str(),
                    "left"
                        | "leaves"
                        | "leaving"
                        | "quit"
                        | "quits"
                        | "joined"
                        | "joins"
                        | "joining"
                )
            });
            let business = !moved
                && (self.clause.org_subject.contains(&head.norm)
                    || self.clause.owned_org.contains(&head.norm)
                    || head.norm.ends_with("tech"));
            let bare = tokens[c..]
                .iter()
                .enumerate()
                .take_while(|&(n, t)| t.clause == clause && (n == 0 || !t.after_comma))
                .all(|(_, t)| {
                    let joins = matches!(t.norm.as_str(), "and" | "or" | "of" | "for");
                    !self.is_person(t)
                        && !self.possessives.contains(&t.norm)
                        && (joins || !self.clause.np_break.contains(&t.norm))
                });
            if business && bare {
                subject = Some((
                    c,
                    format!("a phrase describing an organization (“{}, …”)", head.norm),
                ));
            }
        }
        // A clause that goes on past a parenthesis or opens with a verb after a colon, a
        // semicolon or a dash has the subject of the clause before ("Hadi's prayer times app
        // (Karachi) hit #1 during Eid", "Kwadwo's funeral-tech: livestreams funerals").
        let mut continued = false;
        if subject.is_none()
            && let Some(outer) = self.outer_clause(text, tokens, cs)
            && let Some((k, why)) = {
                // Only the outer clause's own words: not the parenthesis passed over.
                let limit = (outer..cs)
                    .find(|&j| tokens[j].clause != tokens[outer].clause)
                    .unwrap_or(cs);
                self.opening_subject(text, tokens, outer, limit)
            }
        {
            subject = Some((k, format!("{why}, continued past “{}”", tokens[cs].norm)));
            continued = true;
        }
        let (k, why) = subject?;
        let end = (last + 3).min(tokens.len());
        // A person between: a pronoun, a possessive, a job ("their CFO is on…"), or a name
        // that is a clause's subject ("They said Maria is on…"). Kin words in the plural with
        // no possessive are a market ("lets parents pay tuition").
        let person = (k + 1..end).any(|i| {
            let t = &tokens[i];
            let subject_name = t.capitalised
                && !t.sentence_start
                && tokens.get(i + 1).is_some_and(|n| {
                    matches!(
                        n.norm.as_str(),
                        "is" | "was" | "has" | "had" | "will" | "said" | "says" | "told"
                    )
                });
            (t.clause == clause || (continued && t.sentence == tokens[first].sentence))
                && !h.core.contains(&i)
                && !self.generic_kin(tokens, i)
                && (self.is_person(t) || self.clause.role.contains(&t.norm) || subject_name)
        });
        (!person).then_some(why)
    }

    /// A kin word in the plural with no possessive before it: a market, not a relative
    /// ("lets parents pay tuition", "serves families"), unlike "his parents".
    fn generic_kin(&self, tokens: &[Token], i: usize) -> bool {
        let t = &tokens[i];
        self.kin.contains(&t.norm)
            && !t.possessive
            && (t.norm.ends_with('s') || matches!(t.norm.as_str(), "children" | "kids"))
            && !i
                .checked_sub(1)
                .is_some_and(|p| tokens[p].possessive || self.possessives.contains(&tokens[p].norm))
    }

    /// "their" after a group named with no possessive and `and`/`with`/`or`: the group's, not
    /// a person's ("apps for the elderly and their adult kids", "patients and their
    /// families"), unlike "Tom and Ana and their kids".
    fn generic_their(&self, tokens: &[Token], i: usize) -> bool {
        tokens[i].norm == "their"
            && i >= 2
            && matches!(tokens[i - 1].norm.as_str(), "and" | "with" | "or")
            && {
                let g = &tokens[i - 2];
                g.clause == tokens[i].clause
                    && !g.capitalised
                    && !g.possessive
                    && !self.clause.person_ref.contains(&g.norm)
                    && (!self.kin.contains(&g.norm) || self.generic_kin(tokens, i - 2))
            }
    }

    /// The start of the clause that the clause at `cs` continues (the same sentence): the
    /// clause before a parenthesis that `cs` follows ("app (Karachi) hit"), or the clause
    /// before a colon, semicolon or dash when `cs` opens with a verb ("funeral-tech:
    /// livestreams funerals"). `None` when it continues none.
    fn outer_clause(&self, text: &str, tokens: &[Token], cs: usize) -> Option<usize> {
        let mut c = cs;
        for _ in 0..3 {
            if c == 0 || tokens[c - 1].sentence != tokens[c].sentence {
                break;
            }
            let gap = &text[tokens[c - 1].end..tokens[c].start];
            if gap.contains(')') {
                let open = text[..tokens[c - 1].end].rfind('(')?;
                let p0 = tokens.partition_point(|t| t.start < open);
                if p0 == 0 || tokens[p0 - 1].sentence != tokens[c].sentence {
                    break;
                }
                c = clause_start(tokens, p0 - 1);
                continue;
            }
            // A parenthesis reached from after it is passed over ("funeral-tech (Ashanti
            // region): livestreams").
            if gap.contains('(') && c != cs {
                c = clause_start(tokens, c - 1);
                continue;
            }
            let t = &tokens[c];
            let verb = !t.capitalised
                && t.norm.len() > 3
                && t.norm.ends_with('s')
                && !t.norm.ends_with("ss")
                && !t.possessive
                && !self.clause.np_break.contains(&t.norm)
                && !self.kin.contains(&t.norm);
            let joint = gap.contains([':', ';', '—', '–']) || gap.trim() == "-";
            if verb && joint && c == cs {
                c = clause_start(tokens, c - 1);
                continue;
            }
            break;
        }
        (c != cs).then_some(c)
    }

    /// An organization or product that opens the clause starting at `cs`, before `limit`:
    /// the token where it ends and why. One of
    /// - an organization noun (class `org_subject`) among the clause's first words, with only
    ///   modifiers before it ("the app hit…", "their agency won…");
    /// - a name of two words or more that ends in an organization word (class `org_word`:
    ///   "Moonbeam Toys won…", "Northwind Logistics hit…", "Acme Health Ltd");
    /// - a short name opening the sentence and described by a parenthesis as a business, right
    ///   before the clause ("Tithewell (church giving platform) crossed $1bn…") or right after
    ///   the name that is the whole clause ("Civitas Research (polling firm).").
    fn opening_subject(
        &self,
        text: &str,
        tokens: &[Token],
        cs: usize,
        limit: usize,
    ) -> Option<(usize, String)> {
        let about = |w: &str| format!("a clause about an organization (“{w}”)");
        for (k, t) in tokens.iter().enumerate().take(limit).skip(cs) {
            if k > cs + 5 {
                break;
            }
            if self.clause.org_subject.contains(&t.norm) {
                return Some((k, about(&t.norm)));
            }
            // A person's business opens the clause ("Her firm won…", "Omer's edu-fintech
            // hit…"); after a verb it is the object ("Ali launched his startup and then…").
            let opens = tokens[cs..k].iter().all(|w| {
                matches!(
                    w.norm.as_str(),
                    "the" | "a" | "an" | "their" | "our" | "its" | "this"
                )
            });
            if opens && let Some(head) = self.owned_business(tokens, k) {
                return Some((head, about(&tokens[head].norm)));
            }
            let determiner = matches!(
                t.norm.as_str(),
                "the" | "a" | "an" | "their" | "our" | "its" | "this"
            );
            if !determiner && (self.clause.np_break.contains(&t.norm) || self.is_person(t)) {
                break;
            }
        }
        // An organization's name: capitalised words (joiners between them) ending in an
        // organization word.
        // After a determiner and a word saying what it is to us ("Our customer Thames
        // Valley Housing made…").
        let mut i = cs;
        if tokens
            .get(i)
            .is_some_and(|t| matches!(t.norm.as_str(), "the" | "our" | "their"))
        {
            i += 1;
            if tokens.get(i).is_some_and(|t| {
                !t.capitalised
                    && matches!(
                        t.norm.as_str(),
                        "customer" | "client" | "prospect" | "partner" | "account" | "vendor"
                    )
            }) {
                i += 1;
            }
        }
        let mut words = 0;
        let mut end = None;
        while i < limit && tokens[i].clause == tokens[cs].clause {
            let t = &tokens[i];
            if t.capitalised || (t.norm.starts_with(|c: char| c.is_ascii_digit()) && words > 0) {
                words += 1;
                if words >= 2 && self.clause.org_word.contains(&t.norm) {
                    end = Some(i);
                }
            } else if !(self.name_joiners.contains(&t.norm) && words > 0) {
                break;
            }
            if t.possessive {
                break;
            }
            i += 1;
        }
        if let Some(e) = end {
            return Some((e, about(&tokens[e].norm)));
        }
        // A name and a parenthesis describing a business: before the clause…
        if cs > 0
            && tokens[cs].sentence == tokens[cs - 1].sentence
            && text[tokens[cs - 1].end..tokens[cs].start].contains(')')
            && let Some(open) = text[..tokens[cs - 1].end].rfind('(')
        {
            let p0 = tokens.partition_point(|t| t.start < open);
            if let Some((name0, word)) = self.described_name(text, tokens, p0)
                && tokens[name0].sentence_start
                && !self.described_person(text, tokens, name0, p0)
            {
                return Some((cs, about(&word)));
            }
        }
        // A list after a colon that follows a business noun: the business's features
        // ("campaign operations software: donor management, volunteer shift scheduling").
        // The same after a dash, and with the business noun among the last five words of the
        // clause before ("Owns the leave policy redesign at Humana - FMLA, parental leave";
        // "Sells mosque management ERP in Malaysia - donations, zakat"), when no person opens
        // the list.
        if cs > 0 && tokens[cs].sentence == tokens[cs - 1].sentence {
            let gap = &text[tokens[cs - 1].end..tokens[cs].start];
            let colon = gap.contains(':');
            let dash = gap.contains(['—', '–']) || gap.trim() == "-";
            let prev = clause_start(tokens, cs - 1);
            let business = |t: &Token| {
                self.clause.biz_head.contains(&t.norm) || self.clause.org_subject.contains(&t.norm)
            };
            let noun = if colon && business(&tokens[cs - 1]) {
                Some(cs - 1)
            } else if colon || dash {
                (prev.max(cs.saturating_sub(5))..cs)
                    .rev()
                    .take_while(|&j| !self.is_person(&tokens[j]))
                    .find(|&j| business(&tokens[j]))
            } else {
                None
            };
            let person = tokens[cs..limit]
                .iter()
                .any(|t| self.is_person(t) || self.possessives.contains(&t.norm));
            if let Some(j) = noun
                && !person
            {
                let mark = if colon { ":" } else { " -" };
                return Some((
                    cs,
                    format!("a list describing a business (“{}{mark}”)", tokens[j].norm),
                ));
            }
        }
        // …or right after the clause, which is the name.
        let next = (cs..tokens.len()).find(|&j| tokens[j].clause != tokens[cs].clause)?;
        if tokens[next].sentence == tokens[cs].sentence
            && next - cs <= 4
            && tokens[cs].sentence_start
            && text[tokens[next - 1].end..tokens[next].start].contains('(')
            && let Some((name0, word)) = self.described_name(text, tokens, next)
            && name0 == cs
            && !self.described_person(text, tokens, name0, next)
        {
            return Some((next, about(&word)));
        }
        None
    }

    /// A one-word name (tokens `name0..p0`) with a parenthesis after it is a person's given
    /// name with where they work, not a business: the parenthesis says so with `at` ("Dewi
    /// (growth at a Jakarta fintech)"), or the sentence or the next one speaks of him or her
    /// ("Laura (Barcelona, martech) volunteers …, it's her thing"), or it opens with a place
    /// ("Priya (Mumbai healthtech)"). A name of two words or more ("Zabiha Box (Madrid halal
    /// delivery)") stays a business.
    fn described_person(&self, text: &str, tokens: &[Token], name0: usize, p0: usize) -> bool {
        if p0 != name0 + 1 {
            return false;
        }
        let open = tokens[name0].end;
        let close = text[open..].find(')').map_or(text.len(), |c| open + c);
        // "Yusuf (Lagos, logistics startup)", "Priya (Mumbai healthtech)": a place first, the
        // way notes introduce a person; a business reads "Tithewell (church giving platform)".
        if tokens[p0].capitalised
            && tokens
                .get(p0 + 1)
                .is_some_and(|n| n.start < close && !n.capitalised)
            && !self.clause.org_word.contains(&tokens[p0].norm)
        {
            return true;
        }
        let sentence = tokens[name0].sentence;
        tokens[p0..]
            .iter()
            .take_while(|t| t.sentence <= sentence + 1)
            .enumerate()
            .any(|(n, t)| {
                (t.start < close && n > 0 && t.norm == "at")
                    || matches!(
                        t.norm.as_str(),
                        "he" | "she"
                            | "him"
                            | "his"
                            | "her"
                            | "hers"
                            | "he's"
                            | "she's"
                            | "himself"
                            | "herself"
                            | "he'd"
                            | "she'd"
                            | "he'll"
                            | "she'll"
                    )
            })
    }

    /// The cue at `first` is inside a parenthesis that describes a business right after its
    /// name: the word that says so.
    fn in_business_parenthesis(
        &self,
        text: &str,
        tokens: &[Token],
        first: usize,
    ) -> Option<String> {
        let at = tokens[first].start;
        // Within the cue's sentence only.
        let ss = sentence_start(tokens, first);
        let lo = if ss > 0 { tokens[ss - 1].end } else { 0 };
        let open = lo + text[lo..at].rfind(['(', ')'])?;
        if !text[open..].starts_with('(') {
            return None;
        }
        let p0 = tokens.partition_point(|t| t.start < open);
        if tokens[p0].sentence != tokens[first].sentence {
            return None;
        }
        if let Some((_, w)) = self.described_name(text, tokens, p0) {
            return Some(w);
        }
        // After an organization or product noun, with at most a place between ("a parenting
        // media co in Jakarta (pregnancy tips, recipes)"): the parenthesis lists what it
        // offers, when no job, person or possessive stands in it.
        let close = text[open..].find(')').map_or(text.len(), |c| open + c);
        let personal = tokens[p0..]
            .iter()
            .take_while(|t| t.start < close)
            .any(|t| {
                // Kin words may stand in it: a market ("baby name lists").
                self.clause.person_ref.contains(&t.norm)
                    || t.possessive
                    || self.clause.role.contains(&t.norm)
                    || self.possessives.contains(&t.norm)
                    || matches!(t.norm.as_str(), "ex" | "former" | "formerly" | "at")
                    || (self.clause.np_break.contains(&t.norm)
                        && !matches!(t.norm.as_str(), "and" | "or" | "of" | "a" | "an" | "the"))
            });
        // A list of offerings opens with a noun, not a verb ("undergoing chemo").
        let verb = tokens[p0].norm.ends_with("ing") || tokens[p0].norm.ends_with("ed");
        if personal || verb || p0 == 0 {
            return None;
        }
        tokens[p0.saturating_sub(4)..p0]
            .iter()
            .rev()
            .take_while(|t| t.sentence == tokens[p0].sentence && !self.is_person(t))
            .enumerate()
            .find(|(n, t)| {
                (self.clause.org_subject.contains(&t.norm)
                    || self.clause.biz_head.contains(&t.norm))
                    && (*n == 0
                        || tokens[p0 - *n..p0].iter().all(|w| {
                            w.capitalised || matches!(w.norm.as_str(), "in" | "out" | "of" | "from")
                        }))
            })
            .map(|(_, t)| t.norm.clone())
    }

    /// When the parenthesis whose first word is at `p0` follows a name (up to four
    /// capitalised words, joiners between them) and describes a business (an organization,
    /// market or product noun, or a count of sites: "40 stores", "14 countries"), with no job
    /// and no person in it ("Priya Shah (VP Sales, Acme)", "Tom (my neighbour)"): where the
    /// name starts and the word that describes the business.
    fn described_name(&self, text: &str, tokens: &[Token], p0: usize) -> Option<(usize, String)> {
        if p0 == 0 || p0 >= tokens.len() {
            return None;
        }
        let open = text[tokens[p0 - 1].end..tokens[p0].start].find('(')? + tokens[p0 - 1].end;
        let close = text[open..].find(')').map_or(text.len(), |c| open + c);
        let mut name0 = p0;
        while name0 > 0
            && p0 - name0 < 4
            && tokens[name0 - 1].sentence == tokens[p0].sentence
            && (tokens[name0 - 1].capitalised
                || (self.name_joiners.contains(&tokens[name0 - 1].norm)
                    && name0 >= 2
                    && tokens[name0 - 2].capitalised))
            && (name0 == p0
                || !text[tokens[name0 - 1].end..tokens[name0].start]
                    .contains(['.', ',', ';', ':', '(', ')']))
        {
            name0 -= 1;
        }
        while name0 < p0 && !tokens[name0].capitalised {
            name0 += 1;
        }
        if name0 == p0 {
            return None;
        }
        let inside: Vec<&Token> = tokens[p0..]
            .iter()
            .take_while(|t| t.start < close)
            .take(40)
            .collect();
        // Kin words may stand in it: a business's market ("kids' smart toys").
        let a_job = inside.iter().any(|t| {
            self.clause.role.contains(&t.norm)
                || self.clause.person_ref.contains(&t.norm)
                || (t.possessive && t.capitalised)
                || matches!(t.norm.as_str(), "our" | "ex" | "former" | "formerly")
        });
        if a_job {
            return None;
        }
        let word = inside.iter().enumerate().find_map(|(n, t)| {
            let count = n > 0
                && inside[n - 1].norm.starts_with(|c: char| c.is_ascii_digit())
                && self.clause.org_count.contains(&t.norm);
            (count
                || self.clause.org_subject.contains(&t.norm)
                || self.clause.biz_head.contains(&t.norm)
                || self.clause.org_word.contains(&t.norm))
            .then(|| t.norm.clone())
        })?;
        Some((name0, word))
    }

    /// Rule 3a: the cue is in the quoted title of a work ("his book 'The Sober CFO'").
    fn work_title(
        &self,
        tokens: &[Token],
        quotes: &[(usize, usize)],
        first: usize,
    ) -> Option<String> {
        let at = tokens[first].start;
        let &(qs, qe) = quotes.iter().find(|&&(qs, qe)| qs <= at && at < qe)?;
        let open = tokens.iter().position(|t| t.start >= qs)?;
        let close = tokens
            .iter()
            .position(|t| t.start >= qe)
            .unwrap_or(tokens.len());
        let before = tokens[open.saturating_sub(4)..open]
            .iter()
            .rev()
            .take_while(|t| t.sentence == tokens[open].sentence)
            .find(|t| {
                self.clause.work_of.contains(&t.norm) || self.clause.title_intro.contains(&t.norm)
            });
        let after = tokens.get(close).filter(|t| {
            t.sentence == tokens[open].sentence && self.clause.work_of.contains(&t.norm)
        });
        before
            .or(after)
            .map(|t| format!("the title of a work (“{}”)", t.norm))
    }

    /// Rule 3b: the cue is in the topic of a work, with no person in between ("a whitepaper
    /// on election year volatility", not "a podcast about his divorce").
    fn work_topic(&self, tokens: &[Token], h: &Hit, first: usize) -> Option<String> {
        let clause = tokens[first].clause;
        let mut topic = false;
        for i in (first.saturating_sub(12)..=first).rev() {
            let t = &tokens[i];
            // "their" is the people's of the clause ("Mark and Lisa gave a talk on raising
            // their kids"), unless it follows a group ("apps for the elderly and their kids").
            let their = t.norm == "their" && !self.generic_their(tokens, i);
            if t.clause != clause || ((self.is_person(t) || their) && !h.core.contains(&i)) {
                return None;
            }
            if i == first && t.norm != "in" {
                continue;
            }
            // A credential in a field ("board certification in hospice & palliative
            // medicine", "a diploma in addiction counselling").
            if t.norm == "in"
                && i + 4 > first
                && tokens[i.saturating_sub(3)..i]
                    .iter()
                    .any(|w| w.clause == clause && self.clause.credential.contains(&w.norm))
            {
                return Some(format!(
                    "the field of a credential (“{} in”)",
                    tokens[i - 1].norm
                ));
            }
            if self.clause.topic_intro.contains(&t.norm) {
                // Rule 3c: a work, show or award right before its topic ("won an award for
                // the exhibition on HIV", "a game about grief and losing a parent").
                if let Some(w) = i.checked_sub(1).map(|k| &tokens[k])
                    && w.clause == clause
                    && !w.possessive
                    && self.clause.made_work.contains(&w.norm)
                    && !(self.clause.staged_work.contains(&w.norm)
                        && matches!(t.norm.as_str(), "on" | "around" | "re"))
                {
                    return Some(format!("the topic of a work (“{}”)", w.norm));
                }
                topic = true;
            } else if topic
                && self.clause.work_of.contains(&t.norm)
                && (t.norm == "ed" || !t.norm.ends_with("ed"))
                && !t.norm.ends_with("ing")
            {
                return Some(format!("the topic of a work (“{}”)", t.norm));
            }
        }
        None
    }

    /// Every cue hit and what dropped it, for whoever tunes the lexicon
    /// (`sphere classify --explain`): the look-alike patterns that cover it, "an
    /// organization's name" (see [`Engine::org_names`]), and the clause-level reason of
    /// [`Engine::clause_context`] by its name ("a modifier of the business noun …", "the
    /// subject of a business figure …", "a clause about an organization …" (with ", then
    /// “they”" or ", continued past …" when the subject is in the clause before), "a
    /// relative clause of an organization …", "a phrase describing an organization …", "a
    /// business described in parentheses …", "a
    /// list describing a business …", "the title of a work …", "the topic of a work …", "the
    /// field of a credential …", "the time of a business event …" (a holiday after
    /// "during"/"ahead of" in a clause that launches or ships a product: rule 1c), "owned by
    /// an organization …" (an institution's or an organization name's possessive before the
    /// cue: rule 2a), "a person's work for an organization …" (a function run for
    /// organizations, the cue among them) and "a person's work at an organization …" (the
    /// matter a person handles at an institution that is no place of worship: rule 2b), "a
    /// technical phrase …" (a technical word in the cue's noun phrase: rule 4a) and "about
    /// farm animals …" (a word of animal breeding in the cue's clause: rule 4b)).
    pub fn debug(&self, text: &str) -> String {
        let tokens = self.tokenize(text);
        let cx = self.context(&tokens);
        let look = self.lookalikes.find_all(&cx);
        let quotes = quoted(text);
        let mut out = String::new();
        let hits = self.cues.find_all(&cx);
        let names = self.org_names(text, &tokens, &hits);
        for h in hits {
            let (category, own) = self.cue_rule[h.pattern];
            let covers = |vs: &[Hit], m: &Matcher| {
                vs.iter()
                    .filter(|v| h.core.iter().any(|&c| v.start <= c && c < v.end))
                    .map(|v| m.pattern(v.pattern).source.clone())
                    .collect::<Vec<_>>()
            };
            let mut by = covers(&look, &self.lookalikes);
            if names
                .iter()
                .any(|&(s, e, personal)| !personal && h.core.iter().all(|&c| s <= c && c < e))
            {
                by.push("an organization's name".into());
            }
            if let Some(o) = own {
                by.extend(covers(&self.unless[o].find_all(&cx), &self.unless[o]));
            }
            if let Some(why) = self.clause_context(text, &tokens, &quotes, &h) {
                by.push(why);
            }
            let words: Vec<&str> = h
                .core
                .iter()
                .map(|&i| &text[tokens[i].start..tokens[i].end])
                .collect();
            let verdict = if by.is_empty() {
                "kept".to_string()
            } else {
                format!("dropped by {by:?}")
            };
            out.push_str(&format!(
                "cue {} `{}` on “{}”: {verdict}\n",
                self.taxonomy.categories[category].id,
                self.cues.pattern(h.pattern).source,
                words.join(" "),
            ));
        }
        out
    }

    /// How many cue patterns reveal the category `id`.
    pub fn rules_of(&self, id: &str) -> usize {
        let Some(i) = self.taxonomy.index_of(id) else {
            return 0;
        };
        self.cue_rule.iter().filter(|(c, _)| *c == i).count()
    }

    pub fn bin_of(&self, category: usize) -> Sensitivity {
        self.taxonomy.bin(category)
    }
}

/// The first token of the run of tokens around `i` that share `key` with it.
fn run_start(tokens: &[Token], i: usize, key: impl Fn(&Token) -> u32) -> usize {
    let k = key(&tokens[i]);
    tokens[..i]
        .iter()
        .rposition(|t| key(t) != k)
        .map_or(0, |j| j + 1)
}

/// The first token of the clause of token `i`.
fn clause_start(tokens: &[Token], i: usize) -> usize {
    run_start(tokens, i, |t| t.clause)
}

/// The first token of the sentence of token `i`.
fn sentence_start(tokens: &[Token], i: usize) -> usize {
    run_start(tokens, i, |t| t.sentence)
}

/// Byte ranges of the quoted stretches of `text` (between an opening quote after a space or
/// a bracket and the next closing quote of the same kind before a space or punctuation, within
/// one sentence and 200 bytes): where titles are. An apostrophe that elides ("'til", "'09",
/// "'em") opens nothing, and a quote left open at the end of its sentence is no quote, so a
/// stray mark cannot turn the notes after it into a title.
fn quoted(text: &str) -> Vec<(usize, usize)> {
    /// Words that start with an eliding apostrophe.
    const ELIDED: &[&str] = &[
        "til", "tis", "twas", "em", "cause", "cos", "bout", "round", "n", "s", "nuff", "ello",
    ];
    let elides = |after: &str| {
        let word: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        word.chars().next().is_some_and(|c| c.is_ascii_digit()) || ELIDED.contains(&word.as_str())
    };
    let single = |c: char| matches!(c, '\'' | '‘' | '’');
    let mut out = Vec::new();
    // Where the open quote is, and whether it is a single one.
    let mut open: Option<(usize, bool)> = None;
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if let Some((s, _)) = open {
            let sentence_ends = matches!(c, '.' | '!' | '?')
                && next.is_some_and(char::is_whitespace)
                && text[i + c.len_utf8()..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase);
            if c == '\n' || sentence_ends || i - s > 200 {
                open = None;
            }
        }
        let quote = matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”');
        if quote {
            let opens = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '['))
                && next.is_some_and(char::is_alphanumeric)
                && c != '’'
                && c != '”'
                && !(single(c) && elides(&text[i + c.len_utf8()..]));
            let closes = prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '.' | '?' | '!'))
                && next.is_none_or(|n| {
                    n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | ')' | '!' | '?')
                })
                && c != '‘'
                && c != '“';
            match open {
                None if opens => open = Some((i, single(c))),
                Some((s, kind)) if closes && kind == single(c) => {
                    out.push((s, i));
                    open = None;
                }
                _ => {}
            }
        }
        prev = Some(c);
    }
    out
}
