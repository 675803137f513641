//! The words titles are read with: abbreviations, the non-English forms common in
//! English-language CRMs, and what each word says about a seniority or a function.
//! Every word here is lower-case and without accents ("geschäftsführer" is looked up as
//! "geschaftsfuhrer").

use super::{Function, Qualifier};

/// Several words in a row read as others: foreign titles, and English phrases whose words
/// would otherwise be read one by one. Read before [`SPELLED_OUT`].
pub(super) const PHRASES: &[(&[&str], &[&str])] = &[
    // "Director General" (an agency's head; the Spanish, French and Portuguese chief
    // executive) and its translations.
    (
        &["directeur", "general"],
        &["chief", "executive", "officer"],
    ),
    (
        &["directrice", "generale"],
        &["chief", "executive", "officer"],
    ),
    (&["director", "general"], &["chief", "executive", "officer"]),
    (
        &["directora", "general"],
        &["chief", "executive", "officer"],
    ),
    (&["diretor", "geral"], &["chief", "executive", "officer"]),
    (&["diretora", "geral"], &["chief", "executive", "officer"]),
    (
        &["amministratore", "delegato"],
        &["chief", "executive", "officer"],
    ),
    (
        &["consejero", "delegado"],
        &["chief", "executive", "officer"],
    ),
    (&["gerente", "general"], &["general", "manager"]),
    (&["direttore", "generale"], &["general", "manager"]),
    (&["go", "to", "market"], &["gtm"]),
    (&["c", "suite"], &["c", "level"]),
    (&["c", "levels"], &["c", "level"]),
    (&["member", "of", "the", "board"], &["board", "member"]),
    (&["member", "of", "the", "executive", "board"], &["chief"]),
    (&["quality", "assurance"], &["qa"]),
    (&["machine", "learning"], &["data", "science"]),
];

/// Abbreviations, other languages' words and compounds, and their English words. Only
/// words this module reads, or that a query must find in a title, appear on the right.
pub(super) const SPELLED_OUT: &[(&str, &[&str])] = &[
    ("cxo", &["c", "level"]),
    ("cxos", &["c", "level"]),
    ("csuite", &["c", "level"]),
    ("vp", &["vice", "president"]),
    ("svp", &["senior", "vice", "president"]),
    ("evp", &["executive", "vice", "president"]),
    ("avp", &["assistant", "vice", "president"]),
    ("rvp", &["regional", "vice", "president"]),
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
    ("cao", &["chief", "accounting", "officer"]),
    ("pdg", &["chief", "executive", "officer"]),
    ("md", &["managing", "director"]),
    ("gm", &["general", "manager"]),
    ("ned", &["non", "executive", "director"]),
    ("sr", &["senior"]),
    ("snr", &["senior"]),
    ("mgr", &["manager"]),
    ("mngr", &["manager"]),
    ("dir", &["director"]),
    ("eng", &["engineering"]),
    ("engr", &["engineering"]),
    ("mktg", &["marketing"]),
    ("ops", &["operations"]),
    ("revops", &["revenue", "operations"]),
    ("salesops", &["sales", "operations"]),
    ("devops", &["devops", "engineering"]),
    ("hr", &["human", "resources"]),
    ("hrbp", &["human", "resources", "business", "partner"]),
    ("it", &["information", "technology"]),
    ("gc", &["general", "counsel"]),
    ("bd", &["business", "development"]),
    ("bizdev", &["business", "development"]),
    ("sdr", &["sales", "development", "representative"]),
    ("bdr", &["business", "development", "representative"]),
    ("ae", &["account", "executive"]),
    ("csm", &["customer", "success", "manager"]),
    ("tam", &["technical", "account", "manager"]),
    ("rep", &["representative"]),
    ("rnd", &["research", "development"]),
    ("fpa", &["financial", "planning", "analysis"]),
    ("tech", &["technology"]),
    ("fin", &["finance"]),
    ("exec", &["executive"]),
    ("pres", &["president"]),
    ("asst", &["assistant"]),
    ("assoc", &["associate"]),
    ("infosec", &["information", "security"]),
    ("cofounder", &["co", "founder"]),
    ("chairman", &["chair"]),
    ("chairwoman", &["chair"]),
    ("chairperson", &["chair"]),
    ("leader", &["lead"]),
    // French.
    ("directeur", &["director"]),
    ("directrice", &["director"]),
    ("responsable", &["manager"]),
    ("achats", &["purchasing"]),
    ("achat", &["purchasing"]),
    ("financier", &["finance"]),
    ("financiere", &["finance"]),
    ("ventes", &["sales"]),
    ("fondateur", &["founder"]),
    ("fondatrice", &["founder"]),
    ("cofondateur", &["co", "founder"]),
    ("cofondatrice", &["co", "founder"]),
    ("gerant", &["managing", "director"]),
    ("gerante", &["managing", "director"]),
    ("associe", &["partner"]),
    ("associee", &["partner"]),
    ("ingenieur", &["engineer"]),
    ("stagiaire", &["intern"]),
    // German, compounds included.
    ("geschaftsfuhrer", &["managing", "director"]),
    ("geschaeftsfuehrer", &["managing", "director"]),
    ("geschaftsfuhrerin", &["managing", "director"]),
    ("geschaeftsfuehrerin", &["managing", "director"]),
    ("geschaftsfuhrender", &["managing"]),
    ("geschaeftsfuehrender", &["managing"]),
    ("gesellschafter", &["partner"]),
    ("gesellschafterin", &["partner"]),
    ("leiter", &["head"]),
    ("leiterin", &["head"]),
    ("einkauf", &["purchasing"]),
    ("einkaufsleiter", &["purchasing", "head"]),
    ("einkaufsleiterin", &["purchasing", "head"]),
    ("einkaufer", &["buyer"]),
    ("einkaeufer", &["buyer"]),
    ("vertrieb", &["sales"]),
    ("vertriebsleiter", &["sales", "head"]),
    ("vertriebsleiterin", &["sales", "head"]),
    ("abteilungsleiter", &["department", "head"]),
    ("bereichsleiter", &["division", "head"]),
    ("teamleiter", &["team", "lead"]),
    ("teamleiterin", &["team", "lead"]),
    ("gruppenleiter", &["group", "lead"]),
    ("finanzen", &["finance"]),
    ("inhaber", &["owner"]),
    ("inhaberin", &["owner"]),
    ("grunder", &["founder"]),
    ("gruender", &["founder"]),
    ("mitgrunder", &["co", "founder"]),
    ("mitgruender", &["co", "founder"]),
    ("vorstand", &["chief"]),
    ("vorstandsvorsitzender", &["chief", "executive", "officer"]),
    ("aufsichtsrat", &["board", "member"]),
    ("praktikant", &["intern"]),
    ("praktikantin", &["intern"]),
    ("werkstudent", &["student"]),
    ("werkstudentin", &["student"]),
    ("entwickler", &["developer"]),
    ("softwareentwickler", &["software", "developer"]),
    // Spanish, Portuguese, Italian.
    ("jefe", &["head"]),
    ("jefa", &["head"]),
    ("gerente", &["manager"]),
    ("directora", &["director"]),
    ("diretor", &["director"]),
    ("diretora", &["director"]),
    ("direttore", &["director"]),
    ("direttrice", &["director"]),
    ("responsabile", &["manager"]),
    ("compras", &["purchasing"]),
    ("acquisti", &["purchasing"]),
    ("ventas", &["sales"]),
    ("vendas", &["sales"]),
    ("vendite", &["sales"]),
    ("finanzas", &["finance"]),
    ("financeiro", &["finance"]),
    ("financeira", &["finance"]),
    ("financiero", &["finance"]),
    ("financiera", &["finance"]),
    ("finanziario", &["finance"]),
    ("presidente", &["president"]),
    ("fundador", &["founder"]),
    ("fundadora", &["founder"]),
    ("cofundador", &["co", "founder"]),
    ("cofundadora", &["co", "founder"]),
    ("fondatore", &["founder"]),
    ("socio", &["partner"]),
    ("socia", &["partner"]),
    ("propietario", &["owner"]),
    ("titolare", &["owner"]),
    ("ingeniero", &["engineer"]),
    ("ingegnere", &["engineer"]),
    ("engenheiro", &["engineer"]),
    ("becario", &["intern"]),
    ("estagiario", &["intern"]),
    ("tirocinante", &["intern"]),
];

/// Two-word functions, read before single words.
pub(super) const FUNCTION_PAIRS: &[(&str, &str, Function)] = &[
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
    ("supply", "chain", Function::Operations),
    ("strategic", "sourcing", Function::Procurement),
    ("vendor", "management", Function::Procurement),
    ("social", "media", Function::Marketing),
    ("public", "relations", Function::Marketing),
];

/// Words that name a function, or a job in one ("engineer", "buyer"): a query for "buyer"
/// finds anyone in procurement, as "engineer" finds anyone in engineering.
pub(super) const FUNCTION_WORDS: &[(&str, Function)] = &[
    ("engineering", Function::Engineering),
    ("engineer", Function::Engineering),
    ("engineers", Function::Engineering),
    ("software", Function::Engineering),
    ("developer", Function::Engineering),
    ("devops", Function::Engineering),
    ("sre", Function::Engineering),
    ("programmer", Function::Engineering),
    ("architect", Function::Engineering),
    ("qa", Function::Engineering),
    ("technology", Function::Technology),
    ("technologies", Function::Technology),
    ("technical", Function::Technology),
    ("information", Function::Technology),
    ("infrastructure", Function::Technology),
    ("sales", Function::Sales),
    ("account", Function::Sales),
    ("commercial", Function::Sales),
    ("gtm", Function::Sales),
    ("revenue", Function::Revenue),
    ("marketing", Function::Marketing),
    ("brand", Function::Marketing),
    ("communications", Function::Marketing),
    ("growth", Function::Marketing),
    ("finance", Function::Finance),
    ("financial", Function::Finance),
    ("accounting", Function::Finance),
    ("accountant", Function::Finance),
    ("treasury", Function::Finance),
    ("treasurer", Function::Finance),
    ("controller", Function::Finance),
    ("comptroller", Function::Finance),
    ("controlling", Function::Finance),
    ("audit", Function::Finance),
    ("tax", Function::Finance),
    ("product", Function::Product),
    ("products", Function::Product),
    ("operations", Function::Operations),
    ("operating", Function::Operations),
    ("logistics", Function::Operations),
    ("facilities", Function::Operations),
    ("procurement", Function::Procurement),
    ("purchasing", Function::Procurement),
    ("purchase", Function::Procurement),
    ("sourcing", Function::Procurement),
    ("buyer", Function::Procurement),
    ("buying", Function::Procurement),
    ("category", Function::Procurement),
    ("supplier", Function::Procurement),
    ("security", Function::Security),
    ("cybersecurity", Function::Security),
    ("people", Function::People),
    ("talent", Function::People),
    ("recruiting", Function::People),
    ("recruiter", Function::People),
    ("legal", Function::Legal),
    ("counsel", Function::Legal),
    ("compliance", Function::Legal),
    ("attorney", Function::Legal),
    ("lawyer", Function::Legal),
    ("paralegal", Function::Legal),
    ("data", Function::Data),
    ("analytics", Function::Data),
    ("design", Function::Design),
    ("designer", Function::Design),
    ("ux", Function::Design),
    ("creative", Function::Design),
    ("customer", Function::CustomerSuccess),
    ("customers", Function::CustomerSuccess),
    ("support", Function::CustomerSuccess),
];

/// Words before "manager" that make it a job rather than a level: an account manager
/// manages accounts, not people. With the function the job is in, if the words do not say.
pub(super) const MANAGED_THINGS: &[(&str, Option<Function>)] = &[
    ("account", Some(Function::Sales)),
    ("accounts", Some(Function::Sales)),
    ("client", Some(Function::Sales)),
    ("relationship", Some(Function::Sales)),
    ("territory", Some(Function::Sales)),
    ("partner", Some(Function::Sales)),
    ("partnerships", Some(Function::Sales)),
    ("channel", Some(Function::Sales)),
    ("success", None),
    ("product", None),
    ("project", None),
    ("program", None),
    ("programme", None),
    ("case", None),
    ("community", Some(Function::Marketing)),
    ("media", None),
    ("content", Some(Function::Marketing)),
    ("campaign", Some(Function::Marketing)),
    ("event", Some(Function::Marketing)),
    ("events", Some(Function::Marketing)),
    ("brand", None),
    ("portfolio", Some(Function::Finance)),
    ("property", Some(Function::Operations)),
];

pub(super) const QUALIFIERS: &[(&str, Qualifier)] = &[
    ("senior", Qualifier::Senior),
    ("executive", Qualifier::Executive),
    ("assistant", Qualifier::Assistant),
    ("associate", Qualifier::Associate),
];

/// Words before "partner", "principal" or "owner" that keep it the firm's owner
/// ("Managing Partner", "Sole Owner"; also "Business Owner", but not "Business Partner");
/// any other ("Talent Acquisition Partner", "Product Owner") makes it a job.
pub(super) const OWNER_PREFIXES: &[&str] = &[
    "managing", "senior", "founding", "equity", "general", "name", "named", "sole", "co", "junior",
    "salaried", "founder",
];

/// Words before "advisor" or "investor" that keep it an outsider's seat ("Strategic
/// Advisor", "Angel Investor"); any other ("Financial Advisor") makes it a job.
pub(super) const ADVISOR_PREFIXES: &[&str] = &[
    "senior",
    "strategic",
    "special",
    "independent",
    "board",
    "angel",
    "executive",
    "trusted",
];

/// Words after a head noun ("Partner", "Team Lead") that start something else: "Partner at
/// McKinsey", "Principal and Founder", "Lead for EMEA".
pub(super) const AFTER_HEAD: &[&str] = &["at", "and", "of", "for", "in", "to", "with"];

/// Students, interns and trainees: individual contributors who are not in a buying group.
pub(super) const TRAINEES: &[&str] = &[
    "intern",
    "internship",
    "student",
    "trainee",
    "apprentice",
    "apprenticeship",
];

/// Jobs that head a function without the word "director": director-level.
pub(super) const HEAD_JOBS: &[&str] = &["controller", "comptroller", "treasurer"];

/// A word that starts a segment of the title that is not the job held now ("ex-Google",
/// "Former CFO", "Retired").
pub(super) const PAST: &[&str] = &["ex", "former", "formerly", "previously", "prev", "retired"];

/// A word after which the segment names someone else or somewhere else: "VP Sales at Acme",
/// "Chief of Staff to the CEO" (and "office of": "Chief of Staff, Office of the CTO").
pub(super) const ELSEWHERE: &[&str] = &["at", "to"];

/// What people type when there is no title.
pub(super) const NO_TITLE: &[&str] = &[
    "n a", "na", "none", "tbd", "unknown", "null", "nil", "no title",
];

/// Words that say nothing about the job.
pub(super) const FILLER: &[&str] = &[
    "of", "and", "the", "for", "in", "at", "to", "a", "an", "officer", "de", "des", "du", "la",
    "le", "del", "da", "do", "der", "die", "das", "und", "et", "y", "e",
];
