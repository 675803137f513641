//! Coverage as CSV for the team meeting: one row per account, riskiest first, with a column
//! per team member (their best path's band and length). Bands and months only, as every
//! manager's view; cells pass the spreadsheet formula guard.

use super::types::{CoverageFile, CoverageReport};
use crate::export::csv::formula_guard;
use sphere_domain::error::ApiError;

pub(super) fn to_csv(report: &CoverageReport) -> Result<CoverageFile, ApiError> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = [
        "account",
        "domain",
        "tier",
        "owner",
        "verdict",
        "why",
        "people",
        "threads",
        "top holder",
        "top holder share",
        "best path from",
        "best path to",
        "best path band",
        "best path ties",
        "roles covered",
        "roles required",
        "role gaps",
        "stale",
        "last two-way touch",
        "open requests",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    for m in &report.members {
        header.push(if m.you {
            format!("{} (you)", m.person.display_name)
        } else {
            m.person.display_name.clone()
        });
    }
    let fail = |e: csv::Error| ApiError::internal(format!("cannot write the CSV: {e}"));
    w.write_record(&header).map_err(fail)?;
    let name_of = |id: i64| {
        report
            .members
            .iter()
            .find(|m| m.person.id == id)
            .map(|m| m.person.display_name.clone())
            .unwrap_or_default()
    };
    for a in &report.accounts {
        let mut rec: Vec<String> = vec![
            a.organization.name.clone(),
            a.organization.domain.clone(),
            a.tier.to_string(),
            a.owner
                .as_ref()
                .map(|o| o.display_name.clone())
                .unwrap_or_default(),
            a.verdict.label().to_string(),
            a.why.clone(),
            a.people.to_string(),
            a.threads.to_string(),
            a.concentration
                .as_ref()
                .map(|c| c.member.display_name.clone())
                .unwrap_or_default(),
            a.concentration
                .as_ref()
                .map(|c| format!("{:.0}%", c.share * 100.0))
                .unwrap_or_default(),
            a.best
                .as_ref()
                .map(|b| name_of(b.member_id))
                .unwrap_or_default(),
            a.best
                .as_ref()
                .map(|b| b.to.display_name.clone())
                .unwrap_or_default(),
            a.best
                .as_ref()
                .map(|b| b.band.as_str().to_string())
                .unwrap_or_default(),
            a.best
                .as_ref()
                .map(|b| b.ties.to_string())
                .unwrap_or_default(),
            a.roles_covered.to_string(),
            a.roles_required.to_string(),
            a.role_gaps
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join("; "),
            if a.stale { "yes" } else { "no" }.to_string(),
            a.last_two_way.clone().unwrap_or_default(),
            a.open_requests.to_string(),
        ];
        for m in &report.members {
            let cell = a.cells.iter().find(|c| c.member_id == m.person.id);
            rec.push(match cell.and_then(|c| c.best.as_ref()) {
                Some(b) => format!(
                    "{} ({} {}){}",
                    b.band.as_str(),
                    b.ties,
                    if b.ties == 1 { "tie" } else { "ties" },
                    match cell.map_or(0, |c| c.threads) {
                        0 => String::new(),
                        n => format!(", {n} threads"),
                    }
                ),
                None => String::new(),
            });
        }
        let guarded: Vec<String> = rec.iter().map(|c| formula_guard(c).into_owned()).collect();
        w.write_record(&guarded).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ApiError::internal(format!("cannot write the CSV: {e}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| ApiError::internal(format!("the CSV is not UTF-8: {e}")))?;
    Ok(CoverageFile {
        file_name: format!(
            "sphere-coverage-{}.csv",
            report.valued_at.date_naive().format("%Y-%m-%d")
        ),
        media_type: "text/csv".to_string(),
        text,
        accounts: report.accounts.len() as u32,
    })
}
