//! Job titles read for what they say: a seniority (chief, president, vice president,
//! director, manager) and functions (engineering, sales, …), however they are spelled:
//! "VP Eng", "Vice-President of Engineering", "SVP, Global Engineering" are one kind of
//! person to someone who wants to reach engineering leadership.
//!
//! A query phrase ("VP Sales", "CTO", "Head of", "engineering") matches a title when
//!
//! * the title contains it as typed (a plain substring, any case) from the start of a word
//!   ("Eng" finds "Engineer"; "CTO" does not find "Director"), or
//! * the title contains its words in a row once abbreviations are spelled out ("Sr Account
//!   Executive" finds "Senior Account Executive"), or
//! * the phrase names a seniority or a function, and the title has that seniority (with
//!   the phrase's "senior"/"executive"/"assistant" if it says one), one of the phrase's
//!   functions if it names any, and every other word of the phrase. So "VP Engineering"
//!   finds "Vice President, Engineering" and "SVP Engineering" but not "Engineering
//!   Manager"; "VP" finds any vice president; "engineering" anyone in engineering; "Head
//!   of" any director-level title.
//!
//! "Head of" is director-level. Ambiguous acronyms mean every reading: "CPO" is a chief
//! product officer and a chief people officer, "CSO" a chief security officer and a chief
//! sales officer.

/// How senior a title is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Chief,
    President,
    VicePresident,
    Director,
    Manager,
}

/// A word that narrows a level: "senior vice president", "executive director".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Senior,
    Executive,
    Assistant,
    Associate,
}

/// What part of an organization a title works in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// General management (chief executive).
    Executive,
    Engineering,
    Technology,
    Sales,
    Revenue,
    Marketing,
    Finance,
    Product,
    Operations,
    Security,
    People,
    Legal,
    Data,
    Design,
    CustomerSuccess,
}

/// A title or a query phrase, read.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    /// As typed, lower-cased and trimmed.
    raw: String,
    /// The words with abbreviations spelled out ("vp" → "vice president").
    words: Vec<String>,
    levels: Vec<(Level, Option<Qualifier>)>,
    functions: Vec<Function>,
    /// Words that are neither a level, a qualifier, a function nor filler.
    other: Vec<String>,
}

/// Abbreviations and their words. Only words this module reads may appear on the right, so
/// that an acronym never asks a title for a word it does not need.
const SPELLED_OUT: &[(&str, &[&str])] = &[
    ("vp", &["vice", "president"]),
    ("svp", &["senior", "vice", "president"]),
    ("evp", &["executive", "vice", "president"]),
    ("avp", &["assistant", "vice", "president"]),
    ("ceo", &["chief", "executive", "officer"]),
    ("cto", &["chief", "technology", "officer"]),
    ("cfo", &["chief", "financial", "officer"]),
    ("coo", &["chief", "operating", "officer"]),
    ("cmo", &["chief", "marketing", "officer"]),
    ("cio", &["chief", "information", "officer"]),
    ("cro", &["chief", "revenue", "officer"]),
    ("ciso", &["chief", "information", "security", "officer"]),
    ("cpo", &["chief", "product", "people", "officer"]),
    ("cso", &["chief", "security", "sales", "officer"]),
    ("chro", &["chief", "human", "resources", "officer"]),
    ("cdo", &["chief", "data", "officer"]),
    ("cco", &["chief", "commercial", "customer", "officer"]),
    ("clo", &["chief", "legal", "officer"]),
    ("sr", &["senior"]),
    ("snr", &["senior"]),
    ("mgr", &["manager"]),
    ("mngr", &["manager"]),
    ("dir", &["director"]),
    ("eng", &["engineering"]),
    ("engr", &["engineering"]),
    ("mktg", &["marketing"]),
    ("ops", &["operations"]),
    ("hr", &["human", "resources"]),
    ("it", &["information", "technology"]),
    ("gc", &["general", "counsel"]),
    ("bd", &["business", "development"]),
    ("bizdev", &["business", "development"]),
    ("rnd", &["research", "development"]),
    ("tech", &["technology"]),
    ("fin", &["finance"]),
    ("exec", &["executive"]),
    ("pres", &["president"]),
    ("asst", &["assistant"]),
    ("assoc", &["associate"]),
    ("infosec", &["information", "security"]),
];

/// Two-word functions, read before single words.
const FUNCTION_PAIRS: &[(&str, &str, Function)] = &[
    ("information", "security", Function::Security),
    ("information", "technology", Function::Technology),
    ("human", "resources", Function::People),
    ("business", "development", Function::Sales),
    ("research", "development", Function::Engineering),
    ("general", "counsel", Function::Legal),
    ("customer", "success", Function::CustomerSuccess),
    ("customer", "experience", Function::CustomerSuccess),
    ("customer", "service", Function::CustomerSuccess),
    ("customer", "support", Function::CustomerSuccess),
];

const FUNCTION_WORDS: &[(&str, Function)] = &[
    ("engineering", Function::Engineering),
    ("engineer", Function::Engineering),
    ("engineers", Function::Engineering),
    ("software", Function::Engineering),
    ("technology", Function::Technology),
    ("technologies", Function::Technology),
    ("technical", Function::Technology),
    ("information", Function::Technology),
    ("sales", Function::Sales),
    ("commercial", Function::Sales),
    ("revenue", Function::Revenue),
    ("marketing", Function::Marketing),
    ("brand", Function::Marketing),
    ("finance", Function::Finance),
    ("financial", Function::Finance),
    ("accounting", Function::Finance),
    ("treasury", Function::Finance),
    ("product", Function::Product),
    ("products", Function::Product),
    ("operations", Function::Operations),
    ("operating", Function::Operations),
    ("security", Function::Security),
    ("cybersecurity", Function::Security),
    ("people", Function::People),
    ("talent", Function::People),
    ("recruiting", Function::People),
    ("legal", Function::Legal),
    ("counsel", Function::Legal),
    ("compliance", Function::Legal),
    ("data", Function::Data),
    ("analytics", Function::Data),
    ("design", Function::Design),
    ("ux", Function::Design),
    ("customer", Function::CustomerSuccess),
    ("customers", Function::CustomerSuccess),
];

const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("senior", Qualifier::Senior),
    ("executive", Qualifier::Executive),
    ("assistant", Qualifier::Assistant),
    ("associate", Qualifier::Associate),
];

/// Words that say nothing about the job.
const FILLER: &[&str] = &["of", "and", "the", "for", "in", "at", "to", "a", "officer"];

fn lookup<T: Copy>(table: &[(&str, T)], word: &str) -> Option<T> {
    table.iter().find(|(w, _)| *w == word).map(|(_, t)| *t)
}

/// Lower-cased words, abbreviations spelled out.
fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace("r&d", " rnd ");
    let mut out = Vec::new();
    for w in lower.split(|c: char| !c.is_alphanumeric()) {
        if w.is_empty() {
            continue;
        }
        match SPELLED_OUT.iter().find(|(abbr, _)| *abbr == w) {
            Some((_, full)) => out.extend(full.iter().map(|s| (*s).to_string())),
            None => out.push(w.to_string()),
        }
    }
    out
}

impl Title {
    /// Reads a title or a query phrase.
    pub fn parse(text: &str) -> Self {
        let words = words(text);
        let mut levels = Vec::new();
        let mut functions = Vec::new();
        let mut other = Vec::new();
        let w = |i: usize| words.get(i).map(String::as_str);
        let mut i = 0;
        while i < words.len() {
            let word = words[i].as_str();
            // A qualifier counts when it comes right before a level.
            let qualifier = |at: usize| {
                at.checked_sub(1)
                    .and_then(|p| lookup(QUALIFIERS, &words[p]))
            };
            let level = match (word, w(i + 1), w(i + 2)) {
                ("chief", Some("of"), Some("staff")) => {
                    other.extend(["chief".to_string(), "staff".to_string()]);
                    i += 3;
                    continue;
                }
                ("vice", Some("president"), _) => Some((Level::VicePresident, 2)),
                ("president", ..) => Some((Level::President, 1)),
                ("chief", ..) => Some((Level::Chief, 1)),
                ("director", ..) | ("head", ..) => Some((Level::Director, 1)),
                ("manager", ..) => Some((Level::Manager, 1)),
                _ => None,
            };
            if let Some((level, len)) = level {
                let q = qualifier(i);
                if q.is_some() {
                    // The qualifier was taken for another word; it belongs to the level.
                    other.pop_if(|o: &mut String| Some(o.as_str()) == i.checked_sub(1).and_then(w));
                }
                levels.push((level, q));
                // "Chief Executive Officer": the executive is a function, not a qualifier.
                if level == Level::Chief && w(i + 1) == Some("executive") {
                    functions.push(Function::Executive);
                    i += 1;
                }
                i += len;
                continue;
            }
            if let Some(&(_, _, f)) = FUNCTION_PAIRS
                .iter()
                .find(|(a, b, _)| *a == word && w(i + 1) == Some(*b))
            {
                functions.push(f);
                i += 2;
                continue;
            }
            if let Some(f) = lookup(FUNCTION_WORDS, word) {
                functions.push(f);
            } else if !FILLER.contains(&word) {
                other.push(word.to_string());
            }
            i += 1;
        }
        functions.dedup();
        Self {
            raw: text.trim().to_lowercase(),
            words,
            levels,
            functions,
            other,
        }
    }

    /// The levels the title names, with their qualifiers, in order.
    pub fn levels(&self) -> &[(Level, Option<Qualifier>)] {
        &self.levels
    }

    /// The functions the title names, in order.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// The words that are neither a level, a qualifier, a function nor filler.
    pub fn other_words(&self) -> &[String] {
        &self.other
    }

    /// Does `needle` occur in the raw title where a word starts?
    fn contains_from_word_start(&self, needle: &str) -> bool {
        self.raw.match_indices(needle).any(|(at, _)| {
            self.raw[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
        })
    }

    /// Does the title `self` match the query phrase `query`?
    pub fn matches(&self, query: &Title) -> bool {
        if query.raw.is_empty() {
            return true;
        }
        if self.contains_from_word_start(&query.raw) {
            return true;
        }
        if !query.words.is_empty()
            && self
                .words
                .windows(query.words.len())
                .any(|w| w == query.words.as_slice())
        {
            return true;
        }
        if query.levels.is_empty() && query.functions.is_empty() {
            return false;
        }
        let level_ok = query.levels.iter().all(|&(level, q)| {
            self.levels
                .iter()
                .any(|&(l, tq)| l == level && (q.is_none() || q == tq))
        });
        let function_ok = query.functions.is_empty()
            || query.functions.iter().any(|f| self.functions.contains(f));
        let words_ok = query.other.iter().all(|o| self.words.contains(o));
        level_ok && function_ok && words_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `check(query, title, expected)` with the reason in the table.
    fn check(cases: &[(&str, &str, bool, &str)]) -> Result<(), String> {
        let mut wrong = Vec::new();
        for &(query, title, expected, why) in cases {
            let got = Title::parse(title).matches(&Title::parse(query));
            if got != expected {
                wrong.push(format!(
                    "query {query:?} vs title {title:?}: got {got}, want {expected} ({why}); title read as {:?}",
                    Title::parse(title)
                ));
            }
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            Err(wrong.join("\n"))
        }
    }

    #[test]
    fn vice_presidents_match_by_seniority_and_function() -> Result<(), String> {
        check(&[
            (
                "VP Sales",
                "Vice-President of Sales",
                true,
                "VP is vice president",
            ),
            (
                "VP Sales",
                "Vice President, Sales",
                true,
                "punctuation is not a word",
            ),
            ("VP Sales", "VP of Sales", true, "'of' is filler"),
            ("VP Sales", "SVP, Global Sales", true, "a senior VP is a VP"),
            (
                "VP Sales",
                "EVP Sales & Marketing",
                true,
                "an executive VP is a VP",
            ),
            ("VP Sales", "VP Marketing", false, "another function"),
            ("VP Sales", "Sales Manager", false, "another seniority"),
            (
                "VP Sales",
                "Director of Sales",
                false,
                "a director is not a VP",
            ),
            ("VP Engineering", "VP Eng", true, "eng is engineering"),
            (
                "VP Engineering",
                "Vice President of Engineering",
                true,
                "spelled out",
            ),
            (
                "VP Engineering",
                "Engineering Manager",
                false,
                "a manager is not a VP",
            ),
            (
                "VP Engineering",
                "Sr. Director of Engineering",
                false,
                "a director is not a VP",
            ),
            ("VP", "SVP, Global Sales", true, "seniority alone: any VP"),
            (
                "VP",
                "Vice-President of Sales",
                true,
                "seniority alone: any VP",
            ),
            ("VP", "Engineer", false, "not a VP"),
            ("SVP", "VP Sales", false, "the phrase asks for a senior VP"),
            (
                "Senior Vice President",
                "SVP, Global Sales",
                true,
                "SVP spelled out",
            ),
        ])
    }

    #[test]
    fn chiefs_match_their_acronyms_both_ways() -> Result<(), String> {
        check(&[
            ("CTO", "Chief Technology Officer", true, "the acronym"),
            (
                "CTO",
                "Chief Technical Officer",
                true,
                "technical is technology",
            ),
            ("CTO", "CTO & Co-founder", true, "as typed"),
            (
                "Chief Technology Officer",
                "CTO & Co-founder",
                true,
                "the other way round",
            ),
            (
                "Chief Technical Officer",
                "CTO",
                true,
                "the other way round",
            ),
            ("CTO", "Chief Executive Officer", false, "another chief"),
            (
                "CEO",
                "Founder & Chief Executive Officer",
                true,
                "the acronym",
            ),
            (
                "Chief Executive Officer",
                "CEO",
                true,
                "the other way round",
            ),
            ("CFO", "Chief Financial Officer", true, "the acronym"),
            ("COO", "Chief Operating Officer", true, "the acronym"),
            ("CMO", "Chief Marketing Officer", true, "the acronym"),
            ("CIO", "Chief Information Officer", true, "the acronym"),
            ("CRO", "Chief Revenue Officer", true, "the acronym"),
            (
                "CISO",
                "Chief Information Security Officer",
                true,
                "the acronym",
            ),
            (
                "CIO",
                "Chief Information Security Officer",
                false,
                "security, not IT",
            ),
            ("CPO", "Chief Product Officer", true, "one reading of CPO"),
            ("CPO", "Chief People Officer", true, "the other reading"),
            ("Chief People Officer", "CPO", true, "the other way round"),
            ("Chief", "VP Sales", false, "a VP is not a chief"),
            ("Chief", "CFO", true, "seniority alone: any chief"),
            ("Chief", "Chief of Staff", true, "as typed"),
            (
                "CEO",
                "Chief of Staff",
                false,
                "a chief of staff is not a chief officer",
            ),
        ])
    }

    #[test]
    fn head_of_is_director_level() -> Result<(), String> {
        check(&[
            (
                "Director",
                "Head of People",
                true,
                "head of is director-level",
            ),
            (
                "Head of",
                "Director, Product Management",
                true,
                "and the other way round",
            ),
            (
                "Head of Engineering",
                "Sr. Director of Engineering",
                true,
                "same level and function",
            ),
            (
                "Director Engineering",
                "Head of Engineering",
                true,
                "same level and function",
            ),
            (
                "Head of People",
                "Director, Human Resources",
                true,
                "HR is people",
            ),
            (
                "Head of People",
                "HR Manager",
                false,
                "a manager is not a director",
            ),
            (
                "Head of Engineering",
                "Director, Product Management",
                false,
                "another function",
            ),
            (
                "Senior Director",
                "Sr. Director of Engineering",
                true,
                "Sr. is senior",
            ),
            (
                "Senior Director",
                "Director, Product Management",
                false,
                "not senior",
            ),
            ("Director", "Dir. of Marketing", true, "Dir. is director"),
        ])
    }

    #[test]
    fn functions_alone_and_plain_words() -> Result<(), String> {
        check(&[
            ("engineering", "Engineering Manager", true, "function alone"),
            ("engineering", "VP Eng", true, "function alone, abbreviated"),
            (
                "engineering",
                "Software Engineer",
                true,
                "an engineer works in engineering",
            ),
            ("engineering", "VP Sales", false, "another function"),
            (
                "sales",
                "Business Development Manager",
                true,
                "business development is sales",
            ),
            ("people", "Head of People", true, "function alone"),
            ("security", "CISO", true, "the CISO runs security"),
            (
                "customer success",
                "VP Customer Success",
                true,
                "two-word function",
            ),
            ("Manager", "Mgr, Operations", true, "Mgr is manager"),
            ("Manager", "Engineering Manager", true, "seniority alone"),
            (
                "Sr Account Executive",
                "Senior Account Executive",
                true,
                "words spelled out",
            ),
            (
                "Account Executive",
                "Senior Account Executive",
                true,
                "as typed",
            ),
            (
                "Account Executive",
                "Executive Assistant",
                false,
                "no such words in a row",
            ),
            (
                "Eng",
                "Engineer",
                true,
                "a plain substring from a word's start counts",
            ),
            (
                "Acc",
                "Senior Account Executive",
                true,
                "from any word's start",
            ),
            ("gin", "Engineer", false, "not from the middle of a word"),
            (
                "CTO",
                "Sr. Director of Engineering",
                false,
                "dire-cto-r is not a CTO",
            ),
            ("CTO", "Director, CTO Office", true, "as a word"),
            (
                "VP Sales EMEA",
                "Vice President Sales, EMEA",
                true,
                "every other word is there",
            ),
            (
                "VP Sales EMEA",
                "VP Sales Americas",
                false,
                "EMEA is missing",
            ),
            ("", "Anything", true, "an empty phrase matches any title"),
        ])
    }
}
