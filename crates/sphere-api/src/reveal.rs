//! One redaction rule for every view that returns free text the user wrote about people —
//! a person's notes, how two people met, interaction notes, the notes of a referral request's
//! events, Today's reasons: their never passages are hidden by clause
//! ([`sphere_sensitivity::redact_never`]) unless the view was asked to reveal them for the
//! person the text is about, as `fact_list` reveals one person's never facts. Every command
//! that returns such text passes it through [`Reveal`]; `tests/core/privacy.rs` walks them.

use sphere_domain::error::{ApiError, CoreResult};
use sphere_domain::{Id, InteractionView, PersonDetail, TieView};

/// Whose never passages a view shows as written: nobody's (the default of every view), or
/// one person's — text about them (their notes, their ties, interactions they took part in).
/// Never everyone's at once: revealing is per person, as for facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reveal {
    Nobody,
    Person(Id),
}

impl Reveal {
    /// What a query with `reveal_never` and a person asks for; `reveal_never` without a
    /// person is refused (it would show everyone's at once).
    pub(crate) fn asked(person: Option<Id>, reveal_never: Option<bool>) -> Result<Self, ApiError> {
        match (reveal_never.unwrap_or(false), person) {
            (false, _) => Ok(Reveal::Nobody),
            (true, Some(p)) => Ok(Reveal::Person(p)),
            (true, None) => Err(ApiError::invalid(
                "reveal_never",
                "never passages are shown one person at a time: give person_id with reveal_never",
            )),
        }
    }

    fn shows(self, about: impl IntoIterator<Item = Id>) -> bool {
        match self {
            Reveal::Nobody => false,
            Reveal::Person(p) => about.into_iter().any(|a| a == p),
        }
    }

    /// `text`, about `about`, as this view may show it; how many never passages it hides.
    pub(crate) fn text(
        self,
        about: impl IntoIterator<Item = Id>,
        text: &mut String,
    ) -> CoreResult<usize> {
        if self.shows(about) || text.is_empty() {
            return Ok(0);
        }
        let (shown, hidden) = sphere_sensitivity::redact_never_counted(text)?;
        *text = shown;
        Ok(hidden)
    }

    /// How the two met (and why the tie is doubted).
    pub(crate) fn tie(self, t: &mut TieView) -> CoreResult<usize> {
        let about = [t.relationship.person_a, t.relationship.person_b];
        let mut hidden = self.text(about, &mut t.relationship.how_met)?;
        if let Some(d) = &mut t.doubt {
            hidden += self.text(about, d)?;
        }
        Ok(hidden)
    }

    /// The note of an interaction, about everyone who took part.
    pub(crate) fn interaction(self, i: &mut InteractionView) -> CoreResult<usize> {
        let about: Vec<Id> = i.participants.iter().map(|p| p.id).collect();
        self.text(about, &mut i.interaction.note)
    }

    /// A person's page: their notes, ties and recent interactions (with how many never
    /// passages it hides).
    pub(crate) fn person_detail(self, d: &mut PersonDetail) -> CoreResult<()> {
        let mut hidden = self.text([d.person.id], &mut d.person.notes)?;
        for t in &mut d.relationships {
            hidden += self.tie(t)?;
        }
        for i in &mut d.recent_interactions {
            hidden += self.interaction(i)?;
        }
        d.hidden_never = hidden as u32;
        Ok(())
    }
}
