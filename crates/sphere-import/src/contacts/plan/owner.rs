//! Step 1: whose connections these are. A team member (or the user) when the request names
//! one; otherwise the user at the centre; with no one at the centre, no owner and a blocker
//! that says what to do (the preview still shows, the commit refuses).

use sphere_domain::error::{CoreError, CoreResult};
use sphere_domain::{Id, Ring};

use super::Snapshot;

/// The owner and, when there is none, why the import cannot be committed. Refuses an `asked`
/// owner who is not stored or not on the team.
pub(super) fn resolve(
    snap: &Snapshot,
    asked: Option<Id>,
) -> CoreResult<(Option<Id>, Option<String>)> {
    match asked {
        Some(id) => {
            let p = snap.people.get(&id).ok_or_else(|| {
                CoreError::invalid("as", format!("no person with id {id} to import as"))
            })?;
            if !p.is_team && p.ring != Ring::Centre {
                return Err(CoreError::invalid(
                    "as",
                    format!(
                        "{} is not on your team; mark them as a team member first, or import \
                         as yourself",
                        p.display_name
                    ),
                ));
            }
            Ok((Some(id), None))
        }
        None => match snap.centre {
            Some(c) => Ok((Some(c), None)),
            None => Ok((
                None,
                Some(
                    "no one is marked as you yet: add yourself (ring: centre) or choose the \
                     team member whose export this is, so the import can record who knows \
                     whom"
                        .to_string(),
                ),
            )),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::testing::{ANA, DANA, TOM, sample, sample_stored};

    #[test]
    fn the_owner_is_the_one_asked_for_else_the_centre() {
        let snap = sample();
        // (asked, owner) when it resolves.
        for (asked, owner) in [(None, DANA), (Some(TOM), TOM), (Some(DANA), DANA)] {
            assert_eq!(
                resolve(&snap, asked).ok(),
                Some((Some(owner), None)),
                "{asked:?}"
            );
        }
    }

    #[test]
    fn only_the_team_can_own_an_import() {
        let snap = sample();
        for (asked, says) in [
            (ANA, "Ana Silva is not on your team"),
            (999, "no person with id 999 to import as"),
        ] {
            match resolve(&snap, Some(asked)) {
                Err(CoreError::Invalid { field, message }) => {
                    assert_eq!(field, "as");
                    assert!(message.contains(says), "{message}");
                }
                other => panic!("{asked}: {other:?}"),
            }
        }
    }

    #[test]
    fn with_no_one_at_the_centre_the_import_is_blocked_not_refused() {
        let mut stored = sample_stored();
        stored.people.retain(|p| p.id != DANA);
        let (owner, blocker) = resolve(&Snapshot::new(stored), None).unwrap_or_default();
        assert_eq!(owner, None);
        assert!(blocker.is_some_and(|b| b.starts_with("no one is marked as you")));
    }
}
