//! The one command set. Every surface (the Tauri shell, the HTTP server, the CLI) calls the
//! methods of [`Sphere`] with the request types below and gets `Result<_, ApiError>` back.
//!
//! [`COMMANDS`] lists the commands by name; [`Sphere::dispatch`] runs one by name from JSON
//! (the HTTP server's path). Both are generated from the single list in `commands!` so they
//! cannot drift; tests check the Tauri shell and the HTTP server against `COMMANDS`.

mod bindings;
mod requests;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

pub use crate::domain::*;
pub use crate::error::{ApiError, ErrorKind};
use crate::store::{self, Store};
pub use bindings::{BINDINGS_DIR, generated_bindings};
pub use requests::*;

/// The core, shared by every surface. Cheap to share behind an `Arc`; each command locks the
/// store for its own duration only (never across an `.await`).
pub struct Sphere {
    store: Mutex<Store>,
}

impl std::fmt::Debug for Sphere {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sphere").finish_non_exhaustive()
    }
}

macro_rules! commands {
    ($( $(#[$doc:meta])* $name:ident($req:ty) -> $res:ty; )+) => {
        /// Every command, by name, in the order the UI's client lists them.
        pub const COMMANDS: &[&str] = &[$(stringify!($name)),+];

        impl Sphere {
            /// Runs the command `name` with JSON `args`, as the HTTP server does.
            pub fn dispatch(&self, name: &str, args: Value) -> Result<Value, ApiError> {
                match name {
                    $(stringify!($name) => {
                        let req: $req = decode(name, args)?;
                        encode(self.$name(req)?)
                    })+
                    other => Err(ApiError::not_found(format!(
                        "unknown command `{other}`; known commands: {}", COMMANDS.join(", ")))),
                }
            }
        }

        /// `(command, request type, response type)` as TypeScript, for the generated client.
        pub(crate) fn command_signatures(cfg: &ts_rs::Config) -> Vec<(&'static str, String, String)> {
            use ts_rs::TS;
            vec![$((stringify!($name), <$req as TS>::name(cfg), <$res as TS>::name(cfg))),+]
        }

        /// Visits every request and response type, for exporting their TypeScript.
        pub(crate) fn visit_command_types(v: &mut impl ts_rs::TypeVisitor) {
            $( v.visit::<$req>(); v.visit::<$res>(); )+
        }
    };
}

commands! {
    /// Database location and record counts (the UI's empty state uses them).
    app_info(Empty) -> AppInfo;
    person_list(PersonQuery) -> PersonPage;
    person_get(IdRequest) -> PersonDetail;
    person_create(PersonInput) -> Person;
    person_update(PersonUpdate) -> Person;
    person_delete(IdRequest) -> Person;
    org_list(OrgQuery) -> Vec<OrganizationSummary>;
    org_create(OrganizationInput) -> Organization;
    org_update(OrgUpdate) -> Organization;
    org_delete(IdRequest) -> Organization;
    tie_list(TieQuery) -> Vec<TieView>;
    tie_create(RelationshipInput) -> Relationship;
    tie_update(TieUpdate) -> Relationship;
    tie_delete(IdRequest) -> Relationship;
    interaction_list(InteractionQuery) -> InteractionPage;
    interaction_log(InteractionInput) -> InteractionView;
    interaction_delete(IdRequest) -> InteractionView;
    demo_load(DemoRequest) -> DemoSummary;
}

fn decode<T: serde::de::DeserializeOwned>(name: &str, args: Value) -> Result<T, ApiError> {
    // `null` or no body means "no arguments"; let types with defaults accept it.
    let args = if args.is_null() {
        Value::Object(Default::default())
    } else {
        args
    };
    serde_json::from_value(args).map_err(|e| {
        ApiError::new(
            ErrorKind::InvalidInput,
            format!("invalid arguments for `{name}`: {e}"),
        )
    })
}

fn encode<T: serde::Serialize>(value: T) -> Result<Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::internal(format!("cannot encode response: {e}")))
}

impl Sphere {
    /// Opens the database at `path` (creating and migrating it as needed).
    pub fn open(path: &Path) -> Result<Self, ApiError> {
        Ok(Self::from_store(Store::open(path)?))
    }

    pub fn open_in_memory() -> Result<Self, ApiError> {
        Ok(Self::from_store(Store::open_in_memory()?))
    }

    pub fn from_store(store: Store) -> Self {
        Self {
            store: Mutex::new(store),
        }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (SQLite rolls it back), so a poisoned lock is safe to reuse.
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn db_path(&self) -> Option<PathBuf> {
        self.store().path().map(Path::to_path_buf)
    }

    pub fn app_info(&self, _: Empty) -> Result<AppInfo, ApiError> {
        let store = self.store();
        Ok(AppInfo {
            version: env!("CARGO_PKG_VERSION").to_string(),
            db_path: store.path().map(|p| p.display().to_string()),
            schema_version: store.schema_version()? as u32,
            counts: store.counts()?,
            me: store::centre_person(store.conn())?
                .map(|p| store::person_ref(store.conn(), p.id))
                .transpose()?,
        })
    }

    pub fn person_list(&self, q: PersonQuery) -> Result<PersonPage, ApiError> {
        Ok(store::list_people(self.store().conn(), &q)?)
    }

    pub fn person_get(&self, req: IdRequest) -> Result<PersonDetail, ApiError> {
        let store = self.store();
        let conn = store.conn();
        let person = store::get_person(conn, req.id)?;
        let organization = person
            .organization_id
            .map(|o| store::get_organization(conn, o))
            .transpose()?;
        let relationships = store::list_ties(conn, Some(req.id))?;
        let (recent_interactions, interaction_count) =
            store::list_interactions(conn, Some(req.id), RECENT_INTERACTIONS)?;
        Ok(PersonDetail {
            person,
            organization,
            relationships,
            recent_interactions,
            interaction_count,
        })
    }

    pub fn person_create(&self, input: PersonInput) -> Result<Person, ApiError> {
        let clean = validate::person(&input)?;
        Ok(self.store().write(|tx| store::insert_person(tx, &clean))?)
    }

    pub fn person_update(&self, req: PersonUpdate) -> Result<Person, ApiError> {
        let clean = validate::person(&req.person)?;
        Ok(self
            .store()
            .write(|tx| store::update_person(tx, req.id, &clean))?)
    }

    pub fn person_delete(&self, req: IdRequest) -> Result<Person, ApiError> {
        Ok(self.store().write(|tx| store::delete_person(tx, req.id))?)
    }

    pub fn org_list(&self, q: OrgQuery) -> Result<Vec<OrganizationSummary>, ApiError> {
        Ok(store::list_organizations(
            self.store().conn(),
            q.search.as_deref(),
        )?)
    }

    pub fn org_create(&self, input: OrganizationInput) -> Result<Organization, ApiError> {
        let clean = validate::organization(&input)?;
        Ok(self
            .store()
            .write(|tx| store::insert_organization(tx, &clean))?)
    }

    pub fn org_update(&self, req: OrgUpdate) -> Result<Organization, ApiError> {
        let clean = validate::organization(&req.organization)?;
        Ok(self
            .store()
            .write(|tx| store::update_organization(tx, req.id, &clean))?)
    }

    pub fn org_delete(&self, req: IdRequest) -> Result<Organization, ApiError> {
        Ok(self
            .store()
            .write(|tx| store::delete_organization(tx, req.id))?)
    }

    pub fn tie_list(&self, q: TieQuery) -> Result<Vec<TieView>, ApiError> {
        Ok(store::list_ties(self.store().conn(), q.person_id)?)
    }

    pub fn tie_create(&self, input: RelationshipInput) -> Result<Relationship, ApiError> {
        let clean = validate::relationship(&input)?;
        Ok(self.store().write(|tx| store::insert_tie(tx, &clean))?)
    }

    pub fn tie_update(&self, req: TieUpdate) -> Result<Relationship, ApiError> {
        let clean = validate::relationship(&req.relationship)?;
        Ok(self
            .store()
            .write(|tx| store::update_tie(tx, req.id, &clean))?)
    }

    pub fn tie_delete(&self, req: IdRequest) -> Result<Relationship, ApiError> {
        Ok(self.store().write(|tx| store::delete_tie(tx, req.id))?)
    }

    pub fn interaction_list(&self, q: InteractionQuery) -> Result<InteractionPage, ApiError> {
        let limit = q.limit.unwrap_or(50).clamp(1, 1000);
        let (items, total) = store::list_interactions(self.store().conn(), q.person_id, limit)?;
        Ok(InteractionPage { items, total })
    }

    pub fn interaction_log(&self, input: InteractionInput) -> Result<InteractionView, ApiError> {
        let clean = validate::interaction(&input)?;
        Ok(self
            .store()
            .write(|tx| store::insert_interaction(tx, &clean))?)
    }

    pub fn interaction_delete(&self, req: IdRequest) -> Result<InteractionView, ApiError> {
        Ok(self
            .store()
            .write(|tx| store::delete_interaction(tx, req.id))?)
    }

    pub fn demo_load(&self, req: DemoRequest) -> Result<DemoSummary, ApiError> {
        let seed = req.seed.unwrap_or(crate::demo::DEFAULT_SEED);
        let mut store = self.store();
        Ok(crate::demo::load(&mut store, seed, chrono::Utc::now())?)
    }

    /// Resolves a person by id or by name for the CLI: an exact id, or a unique
    /// case-insensitive match on the full name.
    pub fn resolve_person(&self, needle: &str) -> Result<Person, ApiError> {
        if let Ok(id) = needle.trim().parse::<Id>() {
            return Ok(store::get_person(self.store().conn(), id)?);
        }
        let page = self.person_list(PersonQuery {
            search: Some(needle.to_string()),
            limit: Some(MAX_MATCHES),
            ..Default::default()
        })?;
        let exact: Vec<_> = page
            .items
            .iter()
            .filter(|p| p.display_name.eq_ignore_ascii_case(needle.trim()))
            .collect();
        let pick = match (exact.as_slice(), page.items.as_slice()) {
            ([one], _) => one.id,
            ([], [one]) => one.id,
            ([], []) => return Err(ApiError::not_found(format!("no person matches `{needle}`"))),
            _ => {
                let names: Vec<String> = page
                    .items
                    .iter()
                    .take(8)
                    .map(|p| format!("{} (id {})", p.display_name, p.id))
                    .collect();
                return Err(ApiError::invalid(
                    "person",
                    format!(
                        "`{needle}` matches {} people: {}; use an id",
                        page.total,
                        names.join(", ")
                    ),
                ));
            }
        };
        Ok(store::get_person(self.store().conn(), pick)?)
    }

    /// Resolves an organization by id or by full name for the CLI.
    pub fn resolve_organization(&self, needle: &str) -> Result<Organization, ApiError> {
        let store = self.store();
        if let Ok(id) = needle.trim().parse::<Id>() {
            return Ok(store::get_organization(store.conn(), id)?);
        }
        Ok(store::find_organization_by_name(store.conn(), needle)?)
    }
}

/// How many interactions the person page shows.
pub const RECENT_INTERACTIONS: u32 = 20;
const MAX_MATCHES: u32 = 50;
