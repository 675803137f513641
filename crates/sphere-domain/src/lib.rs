//! The domain model: people, organizations, relationships (ties) and interactions, with the
//! validation rules every write goes through. Plain data; no SQL, no I/O.

pub mod account;
pub mod backup;
pub mod birthday;
pub mod cadence;
pub mod error;
mod fact;
mod interaction;
pub mod intros;
pub mod ledger;
mod organization;
mod person;
pub mod records;
pub mod referral;
mod relationship;
pub mod strength;
pub mod team;
pub mod validate;
mod views;

pub use backup::{
    BACKUP_FORMAT, BACKUP_VERSION, Backup, BackupPhoto, BackupTable, BackupTie, OrganizationAlias,
    PersonKey, ROW_TABLES, SettingEntry, TieSummary,
};
pub use fact::{Fact, FactInput};
pub use interaction::{Interaction, InteractionInput, InteractionKind, Outcome};
pub use organization::{Organization, OrganizationInput};
pub use person::{Person, PersonInput, Ring};
pub use relationship::{Relationship, RelationshipInput, TieKind};
pub use views::{
    Counts, InteractionView, OrganizationSummary, PersonDetail, PersonPage, PersonQuery, PersonRef,
    PersonSort, PersonSummary, SpherePerson, TieView, ring_word,
};

/// Row id of any stored record. Ids are SQLite rowids: positive and below 2^53, so they are
/// exact as JavaScript numbers.
pub type Id = i64;

/// Declares a fieldless enum stored as a lowercase string, with its list of variants and
/// the parse/format helpers the store and the CLI share.
#[macro_export]
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored/CLI spelling (case-insensitive).
            pub fn parse(text: &str) -> Option<Self> {
                // The stored spelling as it is (no allocation), else any case and spacing.
                match text { $($text => return Some($name::$variant),)+ _ => {} }
                let t = text.trim().to_ascii_lowercase();
                match t.as_str() { $($text => Some($name::$variant),)+ _ => None }
            }

            /// The accepted spellings, for error messages.
            pub fn choices() -> String {
                [$($text),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s).ok_or_else(|| format!(
                    "`{s}` is not a valid {}; expected one of: {}",
                    stringify!($name), $name::choices()))
            }
        }
    };
}
