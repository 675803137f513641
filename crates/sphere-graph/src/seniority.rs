//! Seniority, functions and suggested buying-group roles, read from a job title (see
//! [`crate::title`] for how a title's words are read). Suggestions are for the user to
//! confirm: they never count in coverage until confirmed.
//!
//! # Seniority
//!
//! The highest the title names wins ("EVP & CFO" is C-level):
//!
//! * **C-level**: chief officers (CEO, CFO, CHRO, …), presidents, owners (founders,
//!   co-founders, owners, partners and principals of the firm), board members and chairs,
//!   and those who run a whole business: a managing director, a general manager, a
//!   Geschäftsführer, an executive director with no function named (a non-profit's head).
//!   A managing director or general manager *of a function* ("General Manager, Sales",
//!   a bank's "Managing Director, Technology") or with a VP's title ("VP/GM") runs a unit
//!   below the top: VP.
//! * **VP**: vice presidents, senior, executive, assistant and regional ones alike.
//! * **Director**: directors and heads of a function ("Head of People", "Leiter Einkauf"),
//!   and those who head something without the word: a country manager (heads a country's
//!   business, below the regional VP), a controller, comptroller or treasurer (heads
//!   accounting or treasury), a general counsel (the top lawyer; an associate or deputy
//!   one is an individual contributor), and a **chief of staff**. A chief of staff is not a chief
//!   officer: no function, no budget and usually no team of their own, but the ear and the
//!   calendar of the executive they work for — senior staff, so director-level.
//! * **Manager**: managers who manage people ("Engineering Manager", "Purchasing
//!   Manager", "Category Manager", "Area Sales Manager") and leads ("Team Lead", "Tech
//!   Lead", "Strategic Sourcing Lead", "Supervisor").
//! * **Individual contributor**: everyone else with a title, including the "managers" of a
//!   thing rather than a team (account, product, project, customer success, territory
//!   managers), staff, principal and distinguished engineers, consultants, freelancers,
//!   interns and students.
//! * **None**: no title, a placeholder ("n/a", "TBD"), or only a past one ("Former CFO",
//!   "CEO (retired)").
//!
//! A title that reaches C-level with no function named (founder, owner, president, managing
//! director, board member) works in general management (the executive function).
//!
//! # Suggested roles, for a seller
//!
//! * **Procurement**: anyone in procurement (purchasing, sourcing, buyers, category
//!   managers), at any level. Procurement negotiates and signs the contract but does not
//!   own the buying function's budget, so a procurement title suggests nothing else but the
//!   decision at C-level and VP.
//! * **Economic buyer** (owns the budget): owners and founders; C-level in general
//!   management or finance (CEO, CFO, president, managing director); VPs of finance or
//!   general management; heads of a business below them (a country manager). A VP of
//!   another function owns the budget only if theirs is the buying function, which the
//!   title cannot say: the user confirms that one. Nor can a title say the firm's size: every
//!   chief executive is suggested, and at a large firm the user leaves it unconfirmed.
//! * **Decision maker**: C-level and VPs (the decision in their function), and heads of a
//!   business (country manager).
//! * **Technical evaluator**: directors, managers and individual contributors in a
//!   technical function (engineering, technology, security, data, product).
//! * **Influencer**: directors and managers (other than procurement), board members and
//!   chairs (listened to by those who decide, but they do not run the purchase), chiefs of
//!   staff, advisors and investors ("Strategic Advisor", "Angel Investor"; a "Financial
//!   Advisor" is a job, not a seat).
//! * **User**: individual contributors (other than procurement).
//! * Interns and students: nothing; they are not in a buying group.
//!
//! Champion and blocker are never suggested: they are about what a person thinks of us,
//! which no title says.

use sphere_domain::account::{AccountRole, JobFunction, Seniority};

use crate::title::{Function, Level, Qualifier, Standing, Title};

/// What a title says about its holder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TitleReading {
    pub seniority: Option<Seniority>,
    pub functions: Vec<JobFunction>,
    pub suggested: Vec<AccountRole>,
}

/// Reads a title: its seniority (none when it names no job), functions and suggested roles.
pub fn read(title: &str) -> TitleReading {
    let t = Title::parse(title);
    if !t.names_a_job() {
        return TitleReading {
            seniority: None,
            functions: Vec::new(),
            suggested: Vec::new(),
        };
    }
    let seniority = of(&t, true);
    let mut functions: Vec<JobFunction> = t.functions().iter().map(|f| job_function(*f)).collect();
    if functions.is_empty() && seniority == Seniority::CLevel {
        functions.push(JobFunction::Executive);
    }
    functions.sort_unstable();
    functions.dedup();
    let has = |s: Standing| t.standing().contains(&s);
    let holder = Holder {
        seniority,
        owner: has(Standing::Owner),
        // Board seats only: "Chairman & CEO" is a chief executive too.
        board_only: has(Standing::Board) && of(&t, false) != Seniority::CLevel,
        trainee: has(Standing::Trainee) && seniority == Seniority::Individual,
        advisor: has(Standing::Advisor) && seniority == Seniority::Individual,
    };
    let suggested = suggest(&holder, &functions);
    TitleReading {
        seniority: Some(seniority),
        functions,
        suggested,
    }
}

/// The title's highest seniority; a board seat counts only when `board` says so. Title
/// filters use it for "C-level".
pub(crate) fn of(t: &Title, board: bool) -> Seniority {
    let functional = !t.functions().is_empty();
    // "VP/GM": the general manager of a unit under a vice president's title.
    let unit = functional || t.levels().iter().any(|(l, _)| *l == Level::VicePresident);
    let from_levels = t.levels().iter().map(|&(level, q)| match level {
        Level::Chief | Level::President => Seniority::CLevel,
        Level::GeneralManager if unit => Seniority::Vp,
        Level::GeneralManager => Seniority::CLevel,
        Level::VicePresident => Seniority::Vp,
        Level::Director if q == Some(Qualifier::Executive) && !functional => Seniority::CLevel,
        Level::Director => Seniority::Director,
        Level::Manager => Seniority::Manager,
    });
    let from_standing = t.standing().iter().filter_map(|s| match s {
        Standing::Owner => Some(Seniority::CLevel),
        Standing::Board => board.then_some(Seniority::CLevel),
        Standing::Head => Some(Seniority::Director),
        Standing::Lead => Some(Seniority::Manager),
        Standing::Trainee | Standing::Advisor => None,
    });
    // `Seniority` orders from C-level down.
    let says = t.says_c_level().then_some(Seniority::CLevel);
    from_levels
        .chain(from_standing)
        .chain(says)
        .min()
        .unwrap_or(Seniority::Individual)
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
        Function::Procurement => JobFunction::Procurement,
        Function::Security => JobFunction::Security,
        Function::People => JobFunction::People,
        Function::Legal => JobFunction::Legal,
        Function::Data => JobFunction::Data,
        Function::Design => JobFunction::Design,
        Function::CustomerSuccess => JobFunction::CustomerSuccess,
    }
}

/// Who holds a title, as far as the roles go.
struct Holder {
    seniority: Seniority,
    /// Owns the firm (founder, owner, partner, principal).
    owner: bool,
    /// C-level only by a board seat.
    board_only: bool,
    /// An intern or student.
    trainee: bool,
    /// An advisor or investor with no other place in the organization.
    advisor: bool,
}

/// The roles a title suggests (see the module's documentation for why).
fn suggest(h: &Holder, functions: &[JobFunction]) -> Vec<AccountRole> {
    use AccountRole as R;
    use JobFunction as F;
    if h.trainee {
        return Vec::new();
    }
    let has = |f: F| functions.contains(&f);
    let technical = has(F::Engineering)
        || has(F::Technology)
        || has(F::Security)
        || has(F::Data)
        || has(F::Product);
    let procurement = has(F::Procurement);
    // Procurement and nothing else.
    let procurement_only = procurement && functions.iter().all(|f| *f == F::Procurement);
    let general = has(F::Executive);
    let budget = general || has(F::Finance);
    let mut out = Vec::new();
    if procurement {
        out.push(R::Procurement);
    }
    match h.seniority {
        Seniority::CLevel if h.board_only => out.push(R::Influencer),
        Seniority::CLevel | Seniority::Vp => {
            out.push(R::DecisionMaker);
            if h.owner || (budget && !procurement_only) {
                out.push(R::EconomicBuyer);
            }
        }
        Seniority::Director if general => out.extend([R::EconomicBuyer, R::DecisionMaker]),
        Seniority::Director | Seniority::Manager => {
            if technical {
                out.push(R::TechnicalEvaluator);
            }
            if !procurement_only {
                out.push(R::Influencer);
            }
        }
        Seniority::Individual if h.advisor => out.push(R::Influencer),
        Seniority::Individual => {
            if technical {
                out.push(R::TechnicalEvaluator);
            }
            if !procurement_only {
                out.push(R::User);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
