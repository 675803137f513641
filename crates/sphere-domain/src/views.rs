//! Read models: what list and detail screens show, assembled by the store in one query each.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Id, Interaction, Organization, Person, Relationship, Ring};

/// A short reference to a person, enough to show a name with context.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonRef {
    #[ts(type = "number")]
    pub id: Id,
    pub display_name: String,
    pub title: String,
    pub organization_name: Option<String>,
    pub ring: Ring,
}

impl PersonRef {
    /// A person as lists name them, with their organization's name when known.
    pub fn of(p: &crate::Person, organization_name: Option<String>) -> Self {
        Self {
            id: p.id,
            display_name: p.display_name.clone(),
            title: p.title.clone(),
            organization_name,
            ring: p.ring,
        }
    }
}

/// One row of the people list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonSummary {
    #[ts(type = "number")]
    pub id: Id,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
    pub title: String,
    #[ts(type = "number | null")]
    pub organization_id: Option<Id>,
    pub organization_name: Option<String>,
    pub ring: Ring,
    pub tags: Vec<String>,
    pub primary_email: Option<String>,
    /// Number of relationships this person has.
    pub tie_count: u32,
    /// Whether they have a relationship with anyone. A beyond person who has none is not
    /// known through someone: they are shown as "not connected" ([`ring_word`]).
    pub connected: bool,
    /// The user's last contact with this person: the most recent interaction (not a planned
    /// one) that both they and the user at the centre took part in; without a centre, their
    /// most recent interaction.
    pub last_contact: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// A relationship seen from one of its two people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct TieView {
    pub relationship: Relationship,
    /// The person on the other side of the tie from the one asked about (or `person_b` when
    /// listing all ties).
    pub other: PersonRef,
    /// The person on the asked-about side (or `person_a` when listing all ties).
    pub this: PersonRef,
    /// Interactions both people took part in.
    pub shared_interactions: u32,
    pub last_contact: Option<DateTime<Utc>>,
    /// Strength in [0, 1], computed from the interaction log (or set by hand).
    pub strength: f64,
    /// Where the strength comes from, in words: "4 meetings, 2 calls; last contact 12 days
    /// ago; known since 2019".
    pub evidence: String,
    /// Why the tie is doubtful, when a connector said they don't know the other person well
    /// ("Ada said they don't know Bo well (3 Dec 2026)"): it ranks at half its strength.
    pub doubt: Option<String>,
}

/// An interaction with its participants named.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct InteractionView {
    pub interaction: Interaction,
    pub participants: Vec<PersonRef>,
}

/// Everything the person page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonDetail {
    pub person: Person,
    pub organization: Option<Organization>,
    pub relationships: Vec<TieView>,
    pub recent_interactions: Vec<InteractionView>,
    /// All interactions this person took part in (the page shows only the recent ones).
    pub interaction_count: u32,
    /// Whether they have a relationship with anyone (see [`PersonSummary::connected`]).
    pub connected: bool,
    /// How many never passages of their notes, ties and interactions this answer hides (0
    /// when asked with `reveal_never`).
    pub hidden_never: u32,
}

/// An organization with how many people the user knows there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct OrganizationSummary {
    pub organization: Organization,
    pub people_count: u32,
}

/// How much is stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Counts {
    pub people: u32,
    pub organizations: u32,
    pub relationships: u32,
    pub interactions: u32,
}

super::string_enum! {
    /// Orders of the people list.
    PersonSort {
        /// Last name, then first name.
        Name = "name",
        /// Most recent contact first; never-contacted people last.
        LastContact = "last_contact",
        /// Organization name, then person name; people without one last.
        Organization = "organization",
        /// Centre, inner, outer, beyond; then name.
        Ring = "ring",
        /// Most recently created or edited first.
        Updated = "updated",
    }
}

/// Filters and order of the people list. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default, deny_unknown_fields)]
pub struct PersonQuery {
    /// Matches name, title, email, tags and organization name, case-insensitively.
    #[ts(optional)]
    pub search: Option<String>,
    #[ts(optional)]
    pub ring: Option<Ring>,
    /// Only people with (true) or without (false) a relationship with anyone: ring beyond and
    /// connected false are the unconnected.
    #[ts(optional)]
    pub connected: Option<bool>,
    #[ts(optional, type = "number")]
    pub organization_id: Option<Id>,
    #[ts(optional)]
    pub sort: Option<PersonSort>,
    /// At most this many rows (default 200, at most 1000).
    #[ts(optional)]
    pub limit: Option<u32>,
    #[ts(optional)]
    pub offset: Option<u32>,
}

/// A page of the people list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PersonPage {
    pub items: Vec<PersonSummary>,
    /// How many people match the filters in all.
    pub total: u32,
}

/// A person as the sphere view draws them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SpherePerson {
    #[ts(type = "number")]
    pub id: Id,
    pub name: String,
    pub title: String,
    #[ts(type = "number | null")]
    pub organization_id: Option<Id>,
    pub organization_name: Option<String>,
    pub ring: Ring,
    pub is_team: bool,
    pub tags: Vec<String>,
    /// Whether they have a relationship with anyone (see [`PersonSummary::connected`]).
    pub connected: bool,
}

/// The word for where someone stands: their ring, except that a person in the beyond ring
/// with no relationship at all is "unconnected" — beyond means known through someone, and
/// nobody knows them yet.
pub fn ring_word(ring: Ring, connected: bool) -> &'static str {
    if ring == Ring::Beyond && !connected {
        "unconnected"
    } else {
        ring.as_str()
    }
}
