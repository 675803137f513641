//! One redaction rule for every view that returns free text the user wrote about people —
//! a person's notes, how two people met, interaction notes, the notes of a referral request's
//! events, Today's reasons: their never passages are hidden by clause
//! ([`sphere_sensitivity::redact_never`]) unless the view was asked to reveal them for the
//! person the text is about, as `fact_list` reveals one person's never facts. Every command
//! that returns such text passes it through [`Reveal`]; `tests/core/privacy.rs` walks them.

use sphere_domain::error::CoreResult;
use sphere_domain::{Id, InteractionView, PersonDetail, TieView};

/// Whose never passages a view shows as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reveal {
    /// Nobody's: every never passage is hidden (the default of every view).
    Nobody,
    /// One person's: text about them (their notes, their ties, interactions they took part
    /// in) is shown whole.
    Person(Id),
    /// Everyone's: a whole list asked for with `reveal_never` and no person (the user's own
    /// full copy, as a script reads it).
    Everyone,
}

impl Reveal {
    /// What a query with `reveal_never` (and maybe a person) asks for.
    pub(crate) fn asked(person: Option<Id>, reveal_never: Option<bool>) -> Self {
        match (reveal_never.unwrap_or(false), person) {
            (false, _) => Reveal::Nobody,
            (true, Some(p)) => Reveal::Person(p),
            (true, None) => Reveal::Everyone,
        }
    }

    fn shows(self, about: impl IntoIterator<Item = Id>) -> bool {
        match self {
            Reveal::Nobody => false,
            Reveal::Everyone => true,
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
