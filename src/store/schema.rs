//! The schema, as an ordered list of migrations. The database's `user_version` is the number
//! of migrations applied. Never edit a migration that has shipped: append a new one.

use rusqlite_migration::{M, Migrations};

/// Version 1: people and organizations.
const V1_PEOPLE: &str = r#"
CREATE TABLE organization (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    domain      TEXT NOT NULL DEFAULT '',
    industry    TEXT NOT NULL DEFAULT '',
    size        TEXT NOT NULL DEFAULT '',
    location    TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX organization_name ON organization (name COLLATE NOCASE);

CREATE TABLE person (
    id              INTEGER PRIMARY KEY,
    first_name      TEXT NOT NULL CHECK (length(trim(first_name)) > 0),
    last_name       TEXT NOT NULL DEFAULT '',
    emails          TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    phones          TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    title           TEXT NOT NULL DEFAULT '',
    organization_id INTEGER REFERENCES organization (id) ON DELETE SET NULL,
    ring            TEXT NOT NULL DEFAULT 'outer'
                    CHECK (ring IN ('centre', 'inner', 'outer', 'beyond')),
    tags            TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX person_organization ON person (organization_id);
CREATE INDEX person_name ON person (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
-- At most one person is the user at the centre of the sphere.
CREATE UNIQUE INDEX person_single_centre ON person (ring) WHERE ring = 'centre';
"#;

/// Version 2: relationships (ties) and interactions.
const V2_TIES: &str = r#"
CREATE TABLE relationship (
    id                INTEGER PRIMARY KEY,
    person_a          INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    person_b          INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    since             TEXT,               -- ISO date
    how_met           TEXT NOT NULL DEFAULT '',
    strength_override REAL CHECK (strength_override BETWEEN 0 AND 1),
    override_reason   TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CHECK (person_a < person_b),
    CHECK ((strength_override IS NULL) = (override_reason IS NULL))
);
CREATE UNIQUE INDEX relationship_pair ON relationship (person_a, person_b);
CREATE INDEX relationship_b ON relationship (person_b);

CREATE TABLE interaction (
    id          INTEGER PRIMARY KEY,
    occurred_at TEXT NOT NULL,            -- RFC 3339, UTC
    kind        TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    outcome     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX interaction_when ON interaction (occurred_at);

CREATE TABLE interaction_participant (
    interaction_id INTEGER NOT NULL REFERENCES interaction (id) ON DELETE CASCADE,
    person_id      INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, person_id)
) WITHOUT ROWID;
CREATE INDEX interaction_participant_person ON interaction_participant (person_id, interaction_id);
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(V1_PEOPLE), M::up(V2_TIES)])
}

/// The schema version a fully migrated database has.
pub const LATEST_VERSION: usize = 2;
