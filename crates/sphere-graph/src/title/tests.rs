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

#[test]
fn general_managers_and_their_translations_are_one_level() -> Result<(), String> {
    check(&[
        ("Managing Director", "MD", true, "MD spelled out"),
        ("General Manager", "GM, EMEA", true, "GM spelled out"),
        (
            "General Manager",
            "Geschäftsführer",
            true,
            "the German managing director",
        ),
        (
            "Managing Director",
            "Gerente General",
            true,
            "the Spanish general manager",
        ),
        (
            "Managing Director",
            "Gérant",
            true,
            "the French one, accents or not",
        ),
        (
            "Managing Director",
            "Director of Sales",
            false,
            "a director of a function",
        ),
        (
            "Head of",
            "Managing Director",
            false,
            "runs the business, heads no function",
        ),
        (
            "CEO",
            "Directeur Général",
            true,
            "the French chief executive",
        ),
        (
            "CEO",
            "Amministratore Delegato",
            true,
            "the Italian chief executive",
        ),
        ("CEO", "PDG", true, "président-directeur général"),
        ("Chief", "Vorstand", true, "a German executive board member"),
        (
            "Director",
            "Directeur des achats",
            true,
            "directeur is director",
        ),
        (
            "Director of Finance",
            "Diretor Financeiro",
            true,
            "Portuguese",
        ),
        (
            "Founder",
            "Gründer & Geschäftsführer",
            true,
            "Gründer is founder",
        ),
        ("Co-founder", "Cofounder", true, "one word or two"),
    ])
}

#[test]
fn procurement_is_a_function_in_every_spelling() -> Result<(), String> {
    check(&[
        (
            "procurement",
            "Purchasing Manager",
            true,
            "purchasing is procurement",
        ),
        (
            "procurement",
            "Senior Buyer",
            true,
            "a buyer works in procurement",
        ),
        (
            "procurement",
            "Strategic Sourcing Lead",
            true,
            "sourcing is procurement",
        ),
        ("procurement", "Responsable achats", true, "French"),
        (
            "procurement",
            "Category Manager",
            true,
            "category management",
        ),
        (
            "procurement",
            "Supply Chain Manager",
            false,
            "operations, not buying",
        ),
        (
            "Head of Procurement",
            "Einkaufsleiter",
            true,
            "the German compound",
        ),
        (
            "Head of Procurement",
            "Leiter Einkauf",
            true,
            "and in two words",
        ),
        ("Head of Procurement", "Jefe de compras", true, "Spanish"),
        (
            "Head of Procurement",
            "Purchasing Manager",
            false,
            "a manager is not a head",
        ),
        (
            "VP Procurement",
            "SVP, Global Purchasing",
            true,
            "a senior VP of purchasing",
        ),
        (
            "VP Procurement",
            "Procurement Manager",
            false,
            "a manager is not a VP",
        ),
    ])
}

#[test]
fn managers_of_things_leads_and_the_past() -> Result<(), String> {
    check(&[
        (
            "Sales Manager",
            "Account Manager",
            false,
            "manages accounts, not a sales team",
        ),
        (
            "Sales Manager",
            "Area Sales Manager",
            true,
            "manages a sales team",
        ),
        (
            "Engineering Manager",
            "Product Manager",
            false,
            "another job",
        ),
        ("Account Manager", "Key Account Manager", true, "as typed"),
        ("sales", "Account Manager", true, "an account manager sells"),
        ("SDR", "Sales Development Rep", true, "both spelled out"),
        ("Tech Lead", "Technology Lead", true, "tech is technology"),
        (
            "VP Sales",
            "VP Eng | ex-Salesforce",
            false,
            "a past employer is no function",
        ),
        (
            "VP Sales",
            "VP Eng, previously VP Sales",
            false,
            "a past title is not held now",
        ),
        (
            "sales",
            "Head of Engineering at Sales Cloud Inc",
            false,
            "an employer's name",
        ),
        (
            "CTO",
            "Chief of Staff, Office of the CTO",
            false,
            "works in the CTO's office",
        ),
        ("sales", "VP Eng | ex-Salesforce", false, "a past employer"),
        ("Salesforce", "Salesforce Administrator", true, "as typed"),
        ("Chief", "Chief of Staff to the CEO", true, "as typed"),
        (
            "VP",
            "Chief of Staff to the VP Sales",
            false,
            "works for a VP, is not one",
        ),
    ])
}

#[test]
fn c_level_finds_what_the_reading_calls_c_level() -> Result<(), String> {
    check(&[
        ("C-level", "CFO", true, "a chief officer"),
        ("C-suite", "Founder & CEO", true, "C-suite is C-level"),
        (
            "CxO",
            "Geschäftsführer",
            true,
            "a managing director runs the business",
        ),
        ("C-level", "Managing Partner", true, "an owner of the firm"),
        ("C-level", "President & COO", true, "a president"),
        ("C-level", "VP Sales", false, "a VP"),
        (
            "C-level",
            "Chief of Staff",
            false,
            "senior staff, not an officer",
        ),
        (
            "C-level",
            "Board Member",
            false,
            "a board seat is not the C-suite",
        ),
        ("C-level", "Former CEO", false, "not any more"),
        (
            "C-level",
            "General Manager, Sales",
            false,
            "runs a unit, not the business",
        ),
        ("C-level finance", "CFO", true, "C-level in finance"),
        ("C-level finance", "CTO", false, "C-level, another function"),
        (
            "C-level executives",
            "Chief Revenue Officer",
            true,
            "the plural",
        ),
    ])
}
