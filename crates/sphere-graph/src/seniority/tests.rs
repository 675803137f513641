//! Titles as people have them (LinkedIn exports, CRM fields), read by hand.
//!
//! Each row is `(title, "seniority | functions | suggested roles")`, order-free within a
//! part. Seniority: `C` (C-level), `VP`, `D` (director), `M` (manager), `IC` (individual
//! contributor), `-` (no reading). Functions as stored. Roles: `EB` economic buyer, `DM`
//! decision maker, `TE` technical evaluator, `PR` procurement, `IN` influencer, `US` user.

use sphere_domain::account::{AccountRole, Seniority};

use super::*;

fn seniority_code(s: Option<Seniority>) -> &'static str {
    match s {
        None => "-",
        Some(Seniority::CLevel) => "C",
        Some(Seniority::Vp) => "VP",
        Some(Seniority::Director) => "D",
        Some(Seniority::Manager) => "M",
        Some(Seniority::Individual) => "IC",
    }
}

fn role_code(r: AccountRole) -> &'static str {
    match r {
        AccountRole::EconomicBuyer => "EB",
        AccountRole::DecisionMaker => "DM",
        AccountRole::Champion => "CH",
        AccountRole::TechnicalEvaluator => "TE",
        AccountRole::Procurement => "PR",
        AccountRole::Influencer => "IN",
        AccountRole::User => "US",
        AccountRole::Blocker => "BL",
    }
}

/// "C | finance | EB DM", each part's words sorted.
fn normalize(reading: &str) -> String {
    reading
        .split('|')
        .map(|part| {
            let mut words: Vec<&str> = part.split_whitespace().collect();
            words.sort_unstable();
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn show(r: &TitleReading) -> String {
    let functions: Vec<&str> = r.functions.iter().map(|f| f.as_str()).collect();
    let roles: Vec<&str> = r.suggested.iter().map(|r| role_code(*r)).collect();
    normalize(&format!(
        "{} | {} | {}",
        seniority_code(r.seniority),
        functions.join(" "),
        roles.join(" ")
    ))
}

/// `check(title, expected reading)` over a table; every wrong row is reported.
fn check(cases: &[(&str, &str)]) -> Result<(), String> {
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|&(title, want)| {
            let got = show(&read(title));
            (got != normalize(want)).then(|| {
                format!(
                    "{title:?}: got {got:?}, want {want:?}; read as {:?}",
                    Title::parse(title)
                )
            })
        })
        .collect();
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!("{} wrong:\n{}", wrong.len(), wrong.join("\n")))
    }
}

#[test]
fn owners_founders_and_those_who_run_the_business() -> Result<(), String> {
    check(&[
        ("Founder & CEO", "C | executive | EB DM"),
        ("Founder, CEO", "C | executive | EB DM"),
        ("Co-founder", "C | executive | EB DM"),
        ("Cofounder", "C | executive | EB DM"),
        ("Founder", "C | executive | EB DM"),
        ("Co-Founder & CTO", "C | technology | EB DM"),
        ("Co-founder & Chief Product Officer", "C | product | EB DM"),
        ("Owner", "C | executive | EB DM"),
        ("Business Owner", "C | executive | EB DM"),
        ("Owner/Operator", "C | executive | EB DM"),
        ("Owner & Principal Designer", "C | design | EB DM"),
        ("Partner", "C | executive | EB DM"),
        ("Managing Partner", "C | executive | EB DM"),
        ("Partner, Audit", "C | finance | EB DM"),
        ("Partner at McKinsey & Company", "C | executive | EB DM"),
        ("Principal", "C | executive | EB DM"),
        ("Principal, Strategy & Operations", "C | operations | EB DM"),
        ("Managing Director", "C | executive | EB DM"),
        ("MD", "C | executive | EB DM"),
        ("Managing Director & CEO", "C | executive | EB DM"),
        ("General Manager", "C | executive | EB DM"),
        ("GM", "C | executive | EB DM"),
        ("GM, EMEA", "C | executive | EB DM"),
        ("VP/GM", "VP | | DM"),
        ("SVP & GM, Cloud", "VP | | DM"),
        ("General Manager, Sales", "VP | sales | DM"),
        ("Country Manager", "D | executive | EB DM"),
        ("Country Manager, Nordics", "D | executive | EB DM"),
        ("President", "C | executive | EB DM"),
        ("President & COO", "C | executive operations | EB DM"),
        ("President, Americas", "C | executive | EB DM"),
        ("Executive Director", "C | executive | EB DM"),
        ("Executive Director, Finance", "D | finance | IN"),
    ])
}

#[test]
fn boards_and_chiefs_of_staff_influence() -> Result<(), String> {
    check(&[
        ("Chairman", "C | executive | IN"),
        ("Chairwoman of the Board", "C | executive | IN"),
        ("Board Member", "C | executive | IN"),
        ("Member of the Board of Directors", "C | executive | IN"),
        ("Non-Executive Director", "C | executive | IN"),
        ("NED", "C | executive | IN"),
        ("Chairman & CEO", "C | executive | EB DM"),
        // Senior staff beside an executive: director-level, no function of their own.
        ("Advisor", "IC | | IN"),
        ("Strategic Advisor", "IC | | IN"),
        ("Angel Investor", "IC | | IN"),
        ("Financial Advisor", "IC | finance | US"),
        ("C-level Executive", "C | executive | EB DM"),
        ("Chief of Staff", "D | | IN"),
        ("Chief of Staff to the CEO", "D | | IN"),
        ("Chief of Staff, Office of the CTO", "D | | IN"),
    ])
}

#[test]
fn chief_officers() -> Result<(), String> {
    check(&[
        ("CEO", "C | executive | EB DM"),
        ("Chief Executive Officer", "C | executive | EB DM"),
        ("CFO", "C | finance | EB DM"),
        ("Chief Financial Officer", "C | finance | EB DM"),
        ("EVP & CFO", "C | finance | EB DM"),
        ("CTO", "C | technology | DM"),
        ("Chief Technical Officer", "C | technology | DM"),
        ("CIO", "C | technology | DM"),
        ("CISO", "C | security | DM"),
        ("COO", "C | operations | DM"),
        ("CMO", "C | marketing | DM"),
        ("CRO", "C | sales | DM"),
        ("Chief Revenue Officer", "C | sales | DM"),
        ("Chief Commercial Officer", "C | sales | DM"),
        ("CHRO", "C | people | DM"),
        ("Chief People Officer", "C | people | DM"),
        ("CPO", "C | people product | DM"),
        ("Chief Procurement Officer", "C | procurement | DM PR"),
        ("Chief Data Officer", "C | data | DM"),
        ("Chief Accounting Officer", "C | finance | EB DM"),
    ])
}

#[test]
fn vice_presidents_and_directors() -> Result<(), String> {
    check(&[
        ("VP, Finance", "VP | finance | EB DM"),
        ("VP Finance", "VP | finance | EB DM"),
        ("Vice President of Sales", "VP | sales | DM"),
        ("SVP, Global Sales", "VP | sales | DM"),
        ("Regional VP", "VP | | DM"),
        ("RVP, Sales", "VP | sales | DM"),
        ("Area Vice President", "VP | | DM"),
        ("AVP", "VP | | DM"),
        ("AVP, Procurement", "VP | procurement | DM PR"),
        ("VP Engineering", "VP | engineering | DM"),
        ("VP of Operations", "VP | operations | DM"),
        ("VP, People", "VP | people | DM"),
        ("SVP & General Counsel", "VP | legal | DM"),
        (
            "Senior Vice-President, Global Procurement & Supply Chain",
            "VP | operations procurement | DM PR",
        ),
        ("Head of Procurement", "D | procurement | PR"),
        ("Head of People", "D | people | IN"),
        ("Head of Engineering", "D | engineering | TE IN"),
        ("Director of IT", "D | technology | TE IN"),
        ("IT Director", "D | technology | TE IN"),
        ("Senior Director", "D | | IN"),
        ("Senior Director, Product Management", "D | product | TE IN"),
        ("Associate Director, Data Science", "D | data | TE IN"),
        ("Director of Finance", "D | finance | IN"),
        ("Finance Director", "D | finance | IN"),
        ("Regional Director, Sales", "D | sales | IN"),
        ("Head of Sales DACH", "D | sales | IN"),
        ("Head of Talent", "D | people | IN"),
        ("General Counsel", "D | legal | IN"),
        ("Director of Purchasing", "D | procurement | PR"),
    ])
}

#[test]
fn finance_titles() -> Result<(), String> {
    check(&[
        ("Controller", "D | finance | IN"),
        ("Financial Controller", "D | finance | IN"),
        ("Comptroller", "D | finance | IN"),
        ("Treasurer", "D | finance | IN"),
        ("FP&A Manager", "M | finance | IN"),
        ("Director, FP&A", "D | finance | IN"),
        ("Accountant", "IC | finance | US"),
        ("Staff Accountant", "IC | finance | US"),
        ("Tax Manager", "M | finance | IN"),
        ("Portfolio Manager", "IC | finance | US"),
    ])
}

#[test]
fn procurement_at_every_level_is_procurement() -> Result<(), String> {
    check(&[
        ("Purchasing Manager", "M | procurement | PR"),
        ("Procurement Manager", "M | procurement | PR"),
        ("Category Manager", "M | procurement | PR"),
        ("Buyer", "IC | procurement | PR"),
        ("Senior Buyer", "IC | procurement | PR"),
        ("Lead Buyer", "IC | procurement | PR"),
        ("Strategic Sourcing Lead", "M | procurement | PR"),
        ("Procurement Specialist", "IC | procurement | PR"),
        ("Sr. Mgr, Procurement – EMEA", "M | procurement | PR"),
        ("Sourcing Manager", "M | procurement | PR"),
        ("Vendor Management Lead", "M | procurement | PR"),
        ("Supply Chain Manager", "M | operations | IN"),
    ])
}

#[test]
fn sales_and_revenue() -> Result<(), String> {
    check(&[
        ("Account Executive", "IC | sales | US"),
        ("Senior Account Executive", "IC | sales | US"),
        ("Enterprise Account Executive", "IC | sales | US"),
        ("AE", "IC | sales | US"),
        ("SDR", "IC | sales | US"),
        ("BDR", "IC | sales | US"),
        ("Sales Development Representative", "IC | sales | US"),
        ("Business Development Representative", "IC | sales | US"),
        ("Account Manager", "IC | sales | US"),
        ("Key Account Manager", "IC | sales | US"),
        ("Relationship Manager", "IC | sales | US"),
        ("Territory Manager", "IC | sales | US"),
        ("Partner Manager", "IC | sales | US"),
        ("Sales Manager", "M | sales | IN"),
        ("Area Sales Manager", "M | sales | IN"),
        ("Regional Sales Manager", "M | sales | IN"),
        ("RevOps", "IC | operations sales | US"),
        ("RevOps Manager", "M | operations sales | IN"),
        ("Revenue Operations Lead", "M | operations sales | IN"),
        ("Go-to-Market Lead", "M | sales | IN"),
        ("Customer Success Manager", "IC | customer_success | US"),
        ("CSM", "IC | customer_success | US"),
        ("Customer Support Specialist", "IC | customer_success | US"),
    ])
}

#[test]
fn leads_managers_and_individual_contributors() -> Result<(), String> {
    check(&[
        ("Team Lead", "M | | IN"),
        ("Team Leader", "M | | IN"),
        ("Tech Lead", "M | technology | TE IN"),
        ("Engineering Manager", "M | engineering | TE IN"),
        ("Marketing Manager", "M | marketing | IN"),
        ("Operations Manager", "M | operations | IN"),
        ("Office Manager", "M | | IN"),
        ("Supervisor", "M | | IN"),
        ("Software Engineer", "IC | engineering | TE US"),
        ("Senior Software Engineer", "IC | engineering | TE US"),
        ("Lead Engineer", "IC | engineering | TE US"),
        ("Staff Engineer", "IC | engineering | TE US"),
        ("Senior Staff Software Engineer", "IC | engineering | TE US"),
        ("Principal Engineer", "IC | engineering | TE US"),
        ("Distinguished Engineer", "IC | engineering | TE US"),
        ("Founding Engineer", "IC | engineering | TE US"),
        ("DevOps Engineer", "IC | engineering | TE US"),
        ("Security Engineer", "IC | engineering security | TE US"),
        ("Solutions Architect", "IC | engineering | TE US"),
        ("Product Manager", "IC | product | TE US"),
        ("Senior Product Manager", "IC | product | TE US"),
        ("Principal Product Manager", "IC | product | TE US"),
        ("Group Product Manager", "M | product | TE IN"),
        ("Product Owner", "IC | product | TE US"),
        ("Project Manager", "IC | | US"),
        ("Program Manager", "IC | | US"),
        ("Data Scientist", "IC | data | TE US"),
        ("Data Analyst", "IC | data | TE US"),
        ("UX Designer", "IC | design | US"),
        ("Principal Consultant", "IC | | US"),
        ("Consultant", "IC | | US"),
        ("Senior Consultant", "IC | | US"),
        ("Freelance", "IC | | US"),
        ("Freelance Designer", "IC | design | US"),
        ("Self-employed", "IC | | US"),
        ("Recruiter", "IC | people | US"),
        ("Talent Acquisition Partner", "IC | people | US"),
        ("HR Business Partner", "IC | people | US"),
        ("Executive Assistant", "IC | | US"),
        ("Executive Assistant to the CEO", "IC | | US"),
        ("Legal Counsel", "IC | legal | US"),
        ("Associate General Counsel", "IC | legal | US"),
        ("Paralegal", "IC | legal | US"),
        ("Logistics Coordinator", "IC | operations | US"),
        ("Community Manager", "IC | marketing | US"),
    ])
}

#[test]
fn interns_and_students_are_in_no_buying_group() -> Result<(), String> {
    check(&[
        ("Intern", "IC | |"),
        ("Student", "IC | |"),
        ("PhD Student", "IC | |"),
        ("Marketing Intern", "IC | marketing |"),
        ("Software Engineering Intern", "IC | engineering |"),
        ("Apprentice", "IC | |"),
        ("Praktikant Marketing", "IC | marketing |"),
        ("Stagiaire", "IC | |"),
    ])
}

#[test]
fn titles_in_other_languages() -> Result<(), String> {
    check(&[
        ("Geschäftsführer", "C | executive | EB DM"),
        ("Geschaeftsfuehrer", "C | executive | EB DM"),
        ("Gründer & Geschäftsführer", "C | executive | EB DM"),
        ("Inhaber", "C | executive | EB DM"),
        ("Geschäftsführender Gesellschafter", "C | executive | EB DM"),
        ("Einkaufsleiter", "D | procurement | PR"),
        ("Leiter Einkauf", "D | procurement | PR"),
        ("Vertriebsleiter", "D | sales | IN"),
        ("Directeur Général", "C | executive | EB DM"),
        ("Directrice Générale", "C | executive | EB DM"),
        ("PDG", "C | executive | EB DM"),
        ("Gérant", "C | executive | EB DM"),
        ("Directeur des achats", "D | procurement | PR"),
        ("Responsable achats", "M | procurement | PR"),
        ("Directeur Financier", "D | finance | IN"),
        ("Ingénieur logiciel", "IC | engineering | TE US"),
        ("Jefe de compras", "D | procurement | PR"),
        ("Gerente General", "C | executive | EB DM"),
        ("Gerente de Compras", "M | procurement | PR"),
        ("Directora de Ventas", "D | sales | IN"),
        ("Director General", "C | executive | EB DM"),
        ("Socio", "C | executive | EB DM"),
        ("Diretor Financeiro", "D | finance | IN"),
        ("Amministratore Delegato", "C | executive | EB DM"),
        ("Direttore Generale", "C | executive | EB DM"),
        ("Responsabile Acquisti", "M | procurement | PR"),
    ])
}

#[test]
fn noise_case_emoji_pronouns_and_the_past() -> Result<(), String> {
    check(&[
        ("VP Eng | ex-Google", "VP | engineering | DM"),
        ("VP Sales — ex-Salesforce, ex-Oracle", "VP | sales | DM"),
        ("VP OF SALES", "VP | sales | DM"),
        ("HEAD OF IT", "D | technology | TE IN"),
        ("🚀 Founder | Speaker | Author", "C | executive | EB DM"),
        ("Account Executive (she/her)", "IC | sales | US"),
        (
            "Director of Engineering (he/him)",
            "D | engineering | TE IN",
        ),
        ("CFO @ Acme Data", "C | finance | EB DM"),
        ("Head of Sales at Data Corp", "D | sales | IN"),
        (
            "  sr.   director ,  engineering  ",
            "D | engineering | TE IN",
        ),
        ("Former CFO", "- | |"),
        ("ex-CEO", "- | |"),
        ("Retired", "- | |"),
        ("CEO (Retired)", "- | |"),
        ("", "- | |"),
        ("   ", "- | |"),
        ("n/a", "- | |"),
        ("N/A", "- | |"),
        ("TBD", "- | |"),
        ("—", "- | |"),
        ("🙂", "- | |"),
    ])
}
