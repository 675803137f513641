//! Step 4: the preview's counts and lists, from what the plan holds.

use sphere_domain::error::CoreResult;

use super::super::{Action, DuplicateProposal, PREVIEW_ROWS, Plan, PreviewRow};
use super::organizations::Organizations;
use crate::contact::Skip;

/// What the file and the record steps leave for the preview besides the plan itself.
pub(super) struct Read {
    pub(super) rows: Vec<PreviewRow>,
    pub(super) proposals: Vec<DuplicateProposal>,
    pub(super) skipped: Vec<Skip>,
    pub(super) assumptions: Vec<String>,
}

/// Moves the organizations into the plan and fills in the preview: actions counted, new
/// people named only as relations, relationships, facts (and of those never-bin ones),
/// pictures, organizations, skipped records by line, proposals, the first
/// [`PREVIEW_ROWS`] rows and the assumptions.
pub(super) fn assemble(plan: &mut Plan, orgs: Organizations, read: Read) -> CoreResult<()> {
    let Read {
        mut rows,
        proposals,
        mut skipped,
        assumptions,
    } = read;
    plan.new_orgs = orgs.new;
    plan.aliases = orgs.aliases;
    let p = &mut plan.preview;
    for r in &rows {
        match r.action {
            Action::New => p.new += 1,
            Action::Update => p.updated += 1,
            Action::Merge => p.merged += 1,
            Action::Unchanged => p.unchanged += 1,
        }
    }
    p.related_people_new = plan.new_people.iter().filter(|n| n.related_only).count() as u32;
    p.relationships_new = plan.ties.len() as u32;
    let engine = sphere_sensitivity::engine()?;
    p.facts_new = plan.facts.len() as u32;
    p.never_facts_new = plan
        .facts
        .iter()
        .filter(|f| {
            engine
                .taxonomy
                .get(f.category)
                .is_none_or(|c| c.bin == sphere_sensitivity::Sensitivity::Never)
        })
        .count() as u32;
    p.photos = plan
        .new_people
        .iter()
        .filter(|n| n.contact.photo.is_some())
        .count() as u32
        + plan
            .additions
            .values()
            .filter(|a| a.photo.is_some())
            .count() as u32;
    p.organizations_new = plan.new_orgs.clone();
    p.organizations_matched = orgs.matched.len() as u32;
    p.abbreviations = orgs.abbreviated;
    skipped.sort_by_key(|s| s.line);
    p.skipped = skipped;
    p.duplicates = proposals;
    rows.truncate(PREVIEW_ROWS);
    p.rows = rows;
    p.assumptions = assumptions;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{empty_plan, row};

    #[test]
    fn the_preview_counts_every_row_and_lists_the_first() -> CoreResult<()> {
        let actions = [
            Action::New,
            Action::Update,
            Action::Merge,
            Action::Unchanged,
        ];
        let rows: Vec<PreviewRow> = (0..PREVIEW_ROWS as u64 + 8)
            .map(|i| row(i + 1, actions[i as usize % 4]))
            .collect();
        let skip = |line| Skip {
            line,
            reason: "blank".into(),
        };
        let mut plan = empty_plan();
        let read = Read {
            rows,
            proposals: Vec::new(),
            skipped: vec![skip(9), skip(2)],
            assumptions: vec!["read as LinkedIn".into()],
        };
        let orgs = Organizations {
            new: vec!["Fabrikam".into()],
            ..Organizations::default()
        };
        assemble(&mut plan, orgs, read)?;
        let p = plan.preview();
        let quarter = (PREVIEW_ROWS as u32 + 8) / 4;
        assert_eq!(
            (p.new, p.updated, p.merged, p.unchanged),
            (quarter, quarter, quarter, quarter)
        );
        assert_eq!(p.rows.len(), PREVIEW_ROWS);
        assert_eq!(
            p.skipped.iter().map(|s| s.line).collect::<Vec<_>>(),
            vec![2, 9]
        );
        assert_eq!(
            (p.organizations_new.clone(), plan.new_orgs.clone()),
            (vec!["Fabrikam".to_string()], vec!["Fabrikam".to_string()])
        );
        assert_eq!(p.assumptions, vec!["read as LinkedIn"]);
        Ok(())
    }
}
