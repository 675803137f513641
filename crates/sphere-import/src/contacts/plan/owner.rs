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
