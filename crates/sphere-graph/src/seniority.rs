//! Seniority, function and suggested buying-group roles, read from a job title (see
//! [`crate::title`] for how titles are read). Suggestions are for the user to confirm: they
//! never count in coverage until confirmed.

use sphere_domain::account::{AccountRole, JobFunction, Seniority};

use crate::title::{Function, Level, Title};

/// What a title says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleReading {
    pub seniority: Option<Seniority>,
    pub functions: Vec<JobFunction>,
    pub suggested: Vec<AccountRole>,
}

/// Reads a title: its seniority (none for an empty title), functions and suggested roles.
pub fn read(title: &str) -> TitleReading {
    if title.trim().is_empty() {
        return TitleReading {
            seniority: None,
            functions: Vec::new(),
            suggested: Vec::new(),
        };
    }
    let t = Title::parse(title);
    let seniority = seniority_of(&t);
    let mut functions: Vec<JobFunction> = t.functions().iter().map(|f| job_function(*f)).collect();
    if t.other_words()
        .iter()
        .any(|w| PROCUREMENT.contains(&w.as_str()))
    {
        functions.push(JobFunction::Procurement);
    }
    functions.sort_unstable();
    functions.dedup();
    let suggested = suggest(seniority, &functions);
    TitleReading {
        seniority: Some(seniority),
        functions,
        suggested,
    }
}

const PROCUREMENT: &[&str] = &[
    "procurement",
    "purchasing",
    "sourcing",
    "buyer",
    "vendor",
    "supply",
];

const FOUNDERS: &[&str] = &["founder", "cofounder", "owner", "partner", "principal"];

fn seniority_of(t: &Title) -> Seniority {
    let top = t.levels().iter().map(|(l, _)| *l).min_by_key(|l| match l {
        Level::Chief | Level::President => 0,
        Level::VicePresident => 1,
        Level::Director => 2,
        Level::Manager => 3,
    });
    match top {
        Some(Level::Chief | Level::President) => Seniority::CLevel,
        Some(Level::VicePresident) => Seniority::Vp,
        Some(Level::Director) => Seniority::Director,
        Some(Level::Manager) => Seniority::Manager,
        None if t
            .other_words()
            .iter()
            .any(|w| FOUNDERS.contains(&w.as_str())) =>
        {
            Seniority::CLevel
        }
        None if t
            .other_words()
            .iter()
            .any(|w| w == "lead" || w == "supervisor") =>
        {
            Seniority::Manager
        }
        None => Seniority::Individual,
    }
}

fn job_function(f: Function) -> JobFunction {
    match f {
        Function::Executive => JobFunction::Executive,
        Function::Engineering => JobFunction::Engineering,
        Function::Technology => JobFunction::Technology,
        Function::Sales | Function::Revenue => JobFunction::Sales,
        Function::Marketing => JobFunction::Marketing,
        Function::Finance => JobFunction::Finance,
        Function::Product => JobFunction::Product,
        Function::Operations => JobFunction::Operations,
        Function::Security => JobFunction::Security,
        Function::People => JobFunction::People,
        Function::Legal => JobFunction::Legal,
        Function::Data => JobFunction::Data,
        Function::Design => JobFunction::Design,
        Function::CustomerSuccess => JobFunction::CustomerSuccess,
    }
}

/// The roles a seniority and functions suggest.
fn suggest(seniority: Seniority, functions: &[JobFunction]) -> Vec<AccountRole> {
    use AccountRole as R;
    use JobFunction as F;
    let has = |f: F| functions.contains(&f);
    let technical = has(F::Engineering)
        || has(F::Technology)
        || has(F::Security)
        || has(F::Data)
        || has(F::Product);
    let mut out = Vec::new();
    if has(F::Procurement) {
        out.push(R::Procurement);
    }
    match seniority {
        Seniority::CLevel => {
            if has(F::Finance) || has(F::Executive) || functions.is_empty() {
                out.push(R::EconomicBuyer);
            }
            out.push(R::DecisionMaker);
        }
        Seniority::Vp => {
            if has(F::Finance) {
                out.push(R::EconomicBuyer);
            }
            out.push(R::DecisionMaker);
        }
        Seniority::Director => {
            if technical {
                out.push(R::TechnicalEvaluator);
            }
            out.push(R::Influencer);
        }
        Seniority::Manager => {
            if technical {
                out.push(R::TechnicalEvaluator);
            } else if !has(F::Procurement) {
                out.push(R::Influencer);
            }
        }
        Seniority::Individual => {
            if technical {
                out.push(R::TechnicalEvaluator);
            }
            if !has(F::Procurement) {
                out.push(R::User);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
