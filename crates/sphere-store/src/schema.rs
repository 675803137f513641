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

/// Version 3: what tie strength and warm paths need.
/// - `person.ring_pinned`: the ring was chosen by hand (otherwise it is derived from the data and
///   `ring` holds the derived value). Rings chosen before version 3 stay as chosen.
/// - `person.is_team`: a colleague of the user whose relationships count as the team's.
/// - `interaction.initiator_id`: who started it (reciprocity: one-way emails are weak).
/// - `relationship.w_*`, `stats_at`…: the tie's interaction log summarised, so the graph loads
///   without reading the log: decayed weights (valued at `stats_at`) of interactions started
///   by `person_a`, by `person_b`, or by neither; first and last shared interaction; count.
///   `stats_at IS NULL` means "not computed yet" (the store computes it when the file opens).
/// - `setting`: user preferences (the strength half-life).
const V3_STRENGTH: &str = r#"
ALTER TABLE person ADD COLUMN ring_pinned INTEGER NOT NULL DEFAULT 0 CHECK (ring_pinned IN (0, 1));
UPDATE person SET ring_pinned = 1;
ALTER TABLE person ADD COLUMN is_team INTEGER NOT NULL DEFAULT 0 CHECK (is_team IN (0, 1));
CREATE INDEX person_team ON person (is_team) WHERE is_team = 1;

ALTER TABLE interaction ADD COLUMN initiator_id INTEGER REFERENCES person (id) ON DELETE SET NULL;
CREATE INDEX interaction_kind_when ON interaction (kind, occurred_at);

ALTER TABLE relationship ADD COLUMN stats_at TEXT;
ALTER TABLE relationship ADD COLUMN w_a REAL NOT NULL DEFAULT 0;
ALTER TABLE relationship ADD COLUMN w_b REAL NOT NULL DEFAULT 0;
ALTER TABLE relationship ADD COLUMN w_shared REAL NOT NULL DEFAULT 0;
ALTER TABLE relationship ADD COLUMN first_at TEXT;
ALTER TABLE relationship ADD COLUMN last_at TEXT;
ALTER TABLE relationship ADD COLUMN n_shared INTEGER NOT NULL DEFAULT 0;

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Version 4: what importers and large networks need.
/// - `person_key`: a person's stable key in an outside source (`source` names the source, such
///   as `log` for interaction-log imports; `key` is the source's own id for the person), so a
///   second import of the same source finds the people of the first instead of duplicating
///   them. A person may have keys in several sources.
/// - `relationship_stats_missing`: the open-time check for summaries never computed reads
///   this (usually empty) index instead of scanning every relationship.
const V4_IMPORT: &str = r#"
CREATE TABLE person_key (
    source    TEXT NOT NULL CHECK (length(source) > 0),
    key       TEXT NOT NULL CHECK (length(key) > 0),
    person_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;
CREATE INDEX person_key_person ON person_key (person_id);

CREATE INDEX relationship_stats_missing ON relationship (id) WHERE stats_at IS NULL;
"#;

/// Version 5: what the user knows about people.
/// - `fact`: a personal or professional fact about a person, in a category of the sensitivity
///   taxonomy (`src/sensitivity/taxonomy.toml`; checked by the API, not by SQL, so the
///   taxonomy can grow without a migration), with where and when it was learned and who told
///   the user.
const V5_FACTS: &str = r#"
CREATE TABLE fact (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    category    TEXT NOT NULL CHECK (length(category) > 0),
    value       TEXT NOT NULL CHECK (length(trim(value)) > 0),
    source      TEXT NOT NULL DEFAULT '',
    learned_on  TEXT,                     -- ISO date
    told_by     INTEGER REFERENCES person (id) ON DELETE SET NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX fact_person ON fact (person_id);
CREATE INDEX fact_told_by ON fact (told_by) WHERE told_by IS NOT NULL;
"#;

/// Version 6: what address-book imports bring.
/// - `person_photo`: the file name (in the photos folder beside the database) of a person's
///   picture, as an address book gave it.
/// - `organization_alias`: other spellings of an organization's name, by their matching key
///   ([`crate::import::orgs::key`]): an abbreviation the user wrote out in full, so the next
///   import of the same file finds the organization without asking again.
/// - `duplicate_dismissed`: pairs of people the user said are not the same person, so they are
///   not proposed as likely duplicates again (`person_a < person_b`).
const V6_CONTACTS: &str = r#"
CREATE TABLE person_photo (
    person_id  INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    file       TEXT NOT NULL CHECK (length(file) > 0),
    updated_at TEXT NOT NULL
);

CREATE TABLE organization_alias (
    alias_key       TEXT PRIMARY KEY CHECK (length(alias_key) > 0),
    organization_id INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX organization_alias_org ON organization_alias (organization_id);

CREATE TABLE duplicate_dismissed (
    person_a   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    person_b   INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) WITHOUT ROWID;
"#;

/// Version 7: what other connections changed, so a long-running process (`sphere serve`, the
/// desktop app) keeps what it holds in memory in step with writes it did not make.
/// - `change_log`: one row per write to a record the graph holds, filled by the triggers below
///   (so every writer is captured: this Sphere, another Sphere process, a `sqlite3` shell).
///   `seq` grows by one per row (committed rows are contiguous: writers are serialized and a
///   rolled-back transaction leaves no row); `kind` is what changed (`person`,
///   `relationship`, `organization`), with its `row_id`, or `ask` (an introduction request,
///   or its participants) or `all` (the strength half-life: everything is valued again).
///   Readers remember the last `seq` they applied ([`crate::changes`]).
/// - `change_log_prune` keeps the log bounded: every 1,024th row deletes the rows more than
///   [`crate::changes::LOG_KEEP`] behind it. A reader that far behind has more changes to
///   apply than it would apply one by one anyway, so it reloads everything; it notices the
///   rows it missed because the oldest kept `seq` is past its own.
/// - The participant triggers look up the interaction's kind: only introduction requests
///   count against a connector (other interactions reach the graph through the relationship
///   summaries they update).
const V7_CHANGE_LOG: &str = r#"
CREATE TABLE change_log (
    seq    INTEGER PRIMARY KEY,
    kind   TEXT NOT NULL,
    row_id INTEGER
);

CREATE TRIGGER change_log_person_insert AFTER INSERT ON person
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('person', NEW.id); END;
CREATE TRIGGER change_log_person_update AFTER UPDATE ON person
BEGIN
    INSERT INTO change_log (kind, row_id) VALUES ('person', NEW.id);
    INSERT INTO change_log (kind, row_id) SELECT 'person', OLD.id WHERE OLD.id <> NEW.id;
END;
CREATE TRIGGER change_log_person_delete AFTER DELETE ON person
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('person', OLD.id); END;

CREATE TRIGGER change_log_relationship_insert AFTER INSERT ON relationship
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('relationship', NEW.id); END;
CREATE TRIGGER change_log_relationship_update AFTER UPDATE ON relationship
BEGIN
    INSERT INTO change_log (kind, row_id) VALUES ('relationship', NEW.id);
    INSERT INTO change_log (kind, row_id) SELECT 'relationship', OLD.id WHERE OLD.id <> NEW.id;
END;
CREATE TRIGGER change_log_relationship_delete AFTER DELETE ON relationship
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('relationship', OLD.id); END;

CREATE TRIGGER change_log_organization_update AFTER UPDATE ON organization
BEGIN
    INSERT INTO change_log (kind, row_id) VALUES ('organization', NEW.id);
    INSERT INTO change_log (kind, row_id) SELECT 'organization', OLD.id WHERE OLD.id <> NEW.id;
END;
CREATE TRIGGER change_log_organization_delete AFTER DELETE ON organization
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('organization', OLD.id); END;

CREATE TRIGGER change_log_interaction_insert AFTER INSERT ON interaction
WHEN NEW.kind = 'intro_request'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
CREATE TRIGGER change_log_interaction_update AFTER UPDATE ON interaction
WHEN OLD.kind = 'intro_request' OR NEW.kind = 'intro_request'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
CREATE TRIGGER change_log_interaction_delete AFTER DELETE ON interaction
WHEN OLD.kind = 'intro_request'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', OLD.id); END;

CREATE TRIGGER change_log_participant_insert AFTER INSERT ON interaction_participant
WHEN EXISTS (SELECT 1 FROM interaction WHERE id = NEW.interaction_id AND kind = 'intro_request')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.interaction_id); END;
CREATE TRIGGER change_log_participant_update AFTER UPDATE ON interaction_participant
WHEN EXISTS (SELECT 1 FROM interaction
              WHERE id IN (OLD.interaction_id, NEW.interaction_id) AND kind = 'intro_request')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.interaction_id); END;
CREATE TRIGGER change_log_participant_delete AFTER DELETE ON interaction_participant
WHEN EXISTS (SELECT 1 FROM interaction WHERE id = OLD.interaction_id AND kind = 'intro_request')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', OLD.interaction_id); END;

CREATE TRIGGER change_log_setting_insert AFTER INSERT ON setting
WHEN NEW.key = 'strength.half_life_days'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('all', NULL); END;
CREATE TRIGGER change_log_setting_update AFTER UPDATE ON setting
WHEN NEW.key = 'strength.half_life_days' OR OLD.key = 'strength.half_life_days'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('all', NULL); END;
CREATE TRIGGER change_log_setting_delete AFTER DELETE ON setting
WHEN OLD.key = 'strength.half_life_days'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('all', NULL); END;

CREATE TRIGGER change_log_prune AFTER INSERT ON change_log
WHEN NEW.seq % 1024 = 0
BEGIN DELETE FROM change_log WHERE seq <= NEW.seq - 16384; END;
"#;

/// Version 8: `duplicate_dismissed` (version 6) is dropped. Nothing ever wrote it: the
/// import's "Keep separate" needs no memory (a record kept apart becomes a person with its own
/// keys, matched by them next time), and no screen looks for duplicates among stored people
/// yet. Backups that still carry `duplicates_dismissed` restore, without it.
const V8_NO_DISMISSED_PAIRS: &str = "DROP TABLE duplicate_dismissed;";

/// Version 9: referral requests (asks) and the give/ask ledger.
/// - `relationship.doubted_at`, `doubt_note`: a connector declined a referral request
///   because they don't know the other person well; path ranking trusts the tie less until
///   the user edits the relationship or an introduction through it happens.
/// - `referral_request`: one ask, its target (a person, or an organization with title
///   phrases; `target_label` and `asker_label` keep the names should the records go), who
///   asks, the mode, the
///   message as sent, why this target and why now, the opportunity it serves, and where it
///   stands (`state` since `state_at`; `current_rank` is the connector being asked).
/// - `referral_connector`: the 1–3 ranked connectors with the path as it was when the
///   request was made (`path`: JSON of the people, the tie strengths and the score).
/// - `referral_event`: every transition with its time, reason and note, and the interaction
///   it wrote as evidence.
/// - `ledger_entry`: deposits and withdrawals entered by hand. Introduction requests and the
///   introductions the user or the team made are read from the interaction log as well.
/// - The change log learns about ledger entries, introductions (deposits) and the ledger's
///   half-life: the graph's ask penalty reads the ledger.
const V9_ASKS: &str = r#"
ALTER TABLE relationship ADD COLUMN doubted_at TEXT;
ALTER TABLE relationship ADD COLUMN doubt_note TEXT;

CREATE TABLE referral_request (
    id                     INTEGER PRIMARY KEY,
    asker_id               INTEGER REFERENCES person (id) ON DELETE SET NULL,
    asker_label            TEXT NOT NULL,
    target_person_id       INTEGER REFERENCES person (id) ON DELETE SET NULL,
    target_organization_id INTEGER REFERENCES organization (id) ON DELETE SET NULL,
    target_label           TEXT NOT NULL,
    title_phrases          TEXT NOT NULL DEFAULT '',
    mode                   TEXT NOT NULL,
    state                  TEXT NOT NULL,
    state_at               TEXT NOT NULL,
    current_rank           INTEGER NOT NULL DEFAULT 1,
    subject                TEXT NOT NULL DEFAULT '',
    message                TEXT NOT NULL DEFAULT '',
    why_target             TEXT NOT NULL DEFAULT '',
    why_now                TEXT NOT NULL DEFAULT '',
    opportunity_name       TEXT,
    opportunity_value      REAL,
    opportunity_stage      TEXT,
    created_at             TEXT NOT NULL,
    updated_at             TEXT NOT NULL
);
CREATE INDEX referral_request_state ON referral_request (state, state_at);
CREATE INDEX referral_request_target ON referral_request (target_person_id);
CREATE INDEX referral_request_org ON referral_request (target_organization_id);

CREATE TABLE referral_connector (
    request_id INTEGER NOT NULL REFERENCES referral_request (id) ON DELETE CASCADE,
    rank       INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 3),
    person_id  INTEGER REFERENCES person (id) ON DELETE SET NULL,
    ask_for_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
    path       TEXT NOT NULL,
    score      REAL NOT NULL,
    PRIMARY KEY (request_id, rank)
) WITHOUT ROWID;
CREATE INDEX referral_connector_person ON referral_connector (person_id);

CREATE TABLE referral_event (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES referral_request (id) ON DELETE CASCADE,
    at             TEXT NOT NULL,
    from_state     TEXT,
    to_state       TEXT NOT NULL,
    connector_rank INTEGER,
    reason         TEXT,
    note           TEXT NOT NULL DEFAULT '',
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL
);
CREATE INDEX referral_event_request ON referral_event (request_id, id);
CREATE INDEX referral_event_interaction ON referral_event (interaction_id);

CREATE TABLE ledger_entry (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    direction  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    weight     REAL NOT NULL CHECK (weight > 0),
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX ledger_entry_person ON ledger_entry (person_id, at);
CREATE INDEX ledger_entry_at ON ledger_entry (at);

CREATE TRIGGER change_log_ledger_insert AFTER INSERT ON ledger_entry
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
CREATE TRIGGER change_log_ledger_update AFTER UPDATE ON ledger_entry
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
CREATE TRIGGER change_log_ledger_delete AFTER DELETE ON ledger_entry
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', OLD.id); END;

DROP TRIGGER change_log_interaction_insert;
DROP TRIGGER change_log_interaction_update;
DROP TRIGGER change_log_interaction_delete;
DROP TRIGGER change_log_participant_insert;
DROP TRIGGER change_log_participant_update;
DROP TRIGGER change_log_participant_delete;
CREATE TRIGGER change_log_interaction_insert AFTER INSERT ON interaction
WHEN NEW.kind IN ('intro_request', 'intro')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
CREATE TRIGGER change_log_interaction_update AFTER UPDATE ON interaction
WHEN OLD.kind IN ('intro_request', 'intro') OR NEW.kind IN ('intro_request', 'intro')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
CREATE TRIGGER change_log_interaction_delete AFTER DELETE ON interaction
WHEN OLD.kind IN ('intro_request', 'intro')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', OLD.id); END;
CREATE TRIGGER change_log_participant_insert AFTER INSERT ON interaction_participant
WHEN EXISTS (SELECT 1 FROM interaction
              WHERE id = NEW.interaction_id AND kind IN ('intro_request', 'intro'))
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.interaction_id); END;
CREATE TRIGGER change_log_participant_update AFTER UPDATE ON interaction_participant
WHEN EXISTS (SELECT 1 FROM interaction
              WHERE id IN (OLD.interaction_id, NEW.interaction_id)
                AND kind IN ('intro_request', 'intro'))
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.interaction_id); END;
CREATE TRIGGER change_log_participant_delete AFTER DELETE ON interaction_participant
WHEN EXISTS (SELECT 1 FROM interaction
              WHERE id = OLD.interaction_id AND kind IN ('intro_request', 'intro'))
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', OLD.interaction_id); END;

CREATE TRIGGER change_log_ledger_setting_insert AFTER INSERT ON setting
WHEN NEW.key = 'ledger.half_life_days'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NULL); END;
CREATE TRIGGER change_log_ledger_setting_update AFTER UPDATE ON setting
WHEN NEW.key = 'ledger.half_life_days' OR OLD.key = 'ledger.half_life_days'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NULL); END;
CREATE TRIGGER change_log_ledger_setting_delete AFTER DELETE ON setting
WHEN OLD.key = 'ledger.half_life_days'
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NULL); END;

-- Who counts as "us" (the user, the team) decides which introductions are deposits and
-- whose introduction requests are withdrawals.
CREATE TRIGGER change_log_ledger_us AFTER UPDATE OF is_team, ring ON person
WHEN OLD.is_team <> NEW.is_team OR (OLD.ring = 'centre') <> (NEW.ring = 'centre')
BEGIN INSERT INTO change_log (kind, row_id) VALUES ('ask', NEW.id); END;
"#;

/// Version 10: planned interactions.
/// - `interaction_planned`: interactions logged before their time (`occurred_at >
///   created_at`). A planned interaction counts in no summary until its time comes; the
///   summaries of ties with a plan whose time has passed (`occurred_at` between the summary's
///   `stats_at` and now) are recomputed, and this small index finds them without reading the
///   whole log.
const V10_PLANNED: &str = r#"
CREATE INDEX interaction_planned ON interaction (occurred_at) WHERE occurred_at > created_at;
"#;

/// Version 11: interactions captured from mail, calendars and address books.
/// - `capture_source`: a connected source (an IMAP account, a CalDAV calendar, a CardDAV
///   address book) or a file import (an mbox, a Maildir, an `.ics` file). `config` is JSON
///   of what the source needs to be read again (host, port, user, URL, path; never a
///   password: passwords live in the OS credential store or are asked for). `cursor` is JSON
///   of where the last sync stopped (per IMAP folder its UIDVALIDITY and last UID; a WebDAV
///   sync token and the ETags seen), written in the same transaction as what it covers, so a
///   sync that stops halfway resumes where it stopped. `counts` is JSON of what the last run
///   read, kept and ignored; `last_error` the last run's error in words (NULL after a run
///   that succeeded).
/// - `mail_message`: one row per mail message seen, by its `Message-ID` (a digest of its
///   headers when it has none), so the same message in an mbox, a Maildir and an IMAP
///   folder (or moved between folders) is counted once. Only headers are kept: sender,
///   recipients, date, thread; the subject only when the user keeps subjects. Bodies are
///   never stored. `kept` says whether it became an interaction (`interaction_id`), else
///   `ignored` says why (a mailing list, no-reply, too many recipients…).
/// - `calendar_item`: one row per (event instance, attendee) seen in a calendar, keyed by
///   `item_key` (the event's UID, the instance's start, the attendee's address), with the
///   interaction it became. A changed or cancelled event replaces or removes its rows;
///   `href` and `etag` are the CalDAV resource the event came from.
const V11_CAPTURE: &str = r#"
CREATE TABLE capture_source (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL
                CHECK (kind IN ('mbox', 'maildir', 'ics', 'imap', 'caldav', 'carddav')),
    label       TEXT NOT NULL CHECK (length(trim(label)) > 0),
    config      TEXT NOT NULL DEFAULT '{}',
    cursor      TEXT NOT NULL DEFAULT '{}',
    counts      TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL,
    last_run_at TEXT,
    last_ok_at  TEXT,
    last_error  TEXT
);

CREATE TABLE mail_message (
    id             INTEGER PRIMARY KEY,
    message_id     TEXT NOT NULL UNIQUE CHECK (length(message_id) > 0),
    source_id      INTEGER REFERENCES capture_source (id) ON DELETE SET NULL,
    thread         TEXT,
    sent_at        TEXT NOT NULL,
    from_addr      TEXT NOT NULL,
    to_addrs       TEXT NOT NULL DEFAULT '[]',  -- JSON array of addresses
    cc_addrs       TEXT NOT NULL DEFAULT '[]',  -- JSON array of addresses
    subject        TEXT,
    ignored        TEXT,                         -- why it did not count, or NULL
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL
);
CREATE INDEX mail_message_source ON mail_message (source_id);
CREATE INDEX mail_message_from ON mail_message (from_addr);
CREATE INDEX mail_message_interaction ON mail_message (interaction_id);

CREATE TABLE calendar_item (
    id             INTEGER PRIMARY KEY,
    item_key       TEXT NOT NULL UNIQUE CHECK (length(item_key) > 0),
    source_id      INTEGER REFERENCES capture_source (id) ON DELETE SET NULL,
    uid            TEXT NOT NULL,
    href           TEXT,
    etag           TEXT,
    starts_at      TEXT NOT NULL,
    attendee       TEXT NOT NULL,
    interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL
);
CREATE INDEX calendar_item_uid ON calendar_item (uid);
CREATE INDEX calendar_item_source_href ON calendar_item (source_id, href);
CREATE INDEX calendar_item_interaction ON calendar_item (interaction_id);
"#;

/// Version 12: introductions the user could make.
/// - `need_offer`: a person's needs and offers ("looking for: seed investors", "offers:
///   hiring advice"): a term (from the shared vocabulary or the user's words), a detail, and
///   the last day it is matched (`expires_on`; expired entries are kept and shown).
/// - `intro_openness`: whether a person is open to introductions (`yes` or `no`; no row is
///   "unknown").
/// - `intro_dismissal`: suggested pairs the user set aside, per unordered pair (`person_a <
///   person_b`), with the reason and when; `relationship_id` is the relationship "they
///   already know each other" recorded (undoing the dismissal deletes it).
/// - `intro_connect`: an introduction the user makes between two contacts (a referral
///   request in mode `connect`): side A and B (their names kept should the records go), the
///   note to each side and each side's answer.
const V12_INTROS: &str = r#"
CREATE TABLE need_offer (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('need', 'offer')),
    term       TEXT NOT NULL CHECK (length(trim(term)) > 0),
    detail     TEXT NOT NULL DEFAULT '',
    expires_on TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX need_offer_person ON need_offer (person_id);
CREATE INDEX need_offer_expires ON need_offer (expires_on);

CREATE TABLE intro_openness (
    person_id INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    open      TEXT NOT NULL CHECK (open IN ('yes', 'no'))
);

CREATE TABLE intro_dismissal (
    person_a        INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    person_b        INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    reason          TEXT NOT NULL CHECK (reason IN ('already_know', 'not_a_fit', 'not_now')),
    at              TEXT NOT NULL,
    relationship_id INTEGER REFERENCES relationship (id) ON DELETE SET NULL,
    PRIMARY KEY (person_a, person_b),
    CHECK (person_a < person_b)
) WITHOUT ROWID;

CREATE TABLE intro_connect (
    request_id   INTEGER PRIMARY KEY REFERENCES referral_request (id) ON DELETE CASCADE,
    side_a_id    INTEGER REFERENCES person (id) ON DELETE SET NULL,
    side_a_label TEXT NOT NULL,
    side_b_id    INTEGER REFERENCES person (id) ON DELETE SET NULL,
    side_b_label TEXT NOT NULL,
    note_a       TEXT NOT NULL DEFAULT '',
    note_b       TEXT NOT NULL DEFAULT '',
    answer_a     TEXT NOT NULL DEFAULT 'pending'
                 CHECK (answer_a IN ('pending', 'opted_in', 'declined')),
    answer_b     TEXT NOT NULL DEFAULT 'pending'
                 CHECK (answer_b IN ('pending', 'opted_in', 'declined'))
);
CREATE INDEX intro_connect_a ON intro_connect (side_a_id);
CREATE INDEX intro_connect_b ON intro_connect (side_b_id);
"#;

/// Version 13: keeping in touch (version 12 belongs to needs and offers).
/// - `keep_in_touch`: what the user chose for one person: their own cadence (`cadence`
///   `set` with `ideal_days` and `max_days`), explicitly none (`off`), or what their tags or
///   ring give (`inherit`); a snooze until a date; a pause (`paused_at`, until resumed).
/// - `cadence_rule`: the cadence of a tag (`key` its lower-case name) or a ring (`key` the
///   ring); a ring row with no days means "no cadence" for that ring. Rings without a row
///   have the defaults of `sphere_domain::cadence::default_ring_cadence`.
/// - `today_snooze`: a Today item (by its key, such as `birthday:12:2026`) the user snoozed
///   or marked handled, hidden until `until`.
const V13_CADENCE: &str = r#"
CREATE TABLE keep_in_touch (
    person_id     INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    cadence       TEXT NOT NULL DEFAULT 'inherit' CHECK (cadence IN ('inherit', 'set', 'off')),
    ideal_days    INTEGER CHECK (ideal_days BETWEEN 1 AND 3650),
    max_days      INTEGER CHECK (max_days BETWEEN 1 AND 3650),
    snoozed_until TEXT,
    paused_at     TEXT,
    updated_at    TEXT NOT NULL,
    CHECK ((cadence = 'set') = (ideal_days IS NOT NULL)),
    CHECK ((ideal_days IS NULL) = (max_days IS NULL)),
    CHECK (max_days >= ideal_days)
);

CREATE TABLE cadence_rule (
    scope       TEXT NOT NULL CHECK (scope IN ('tag', 'ring')),
    key         TEXT NOT NULL CHECK (length(trim(key)) > 0),
    ideal_days  INTEGER CHECK (ideal_days BETWEEN 1 AND 3650),
    max_days    INTEGER CHECK (max_days BETWEEN 1 AND 3650),
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (scope, key),
    CHECK ((ideal_days IS NULL) = (max_days IS NULL)),
    CHECK (scope = 'ring' OR ideal_days IS NOT NULL),
    CHECK (max_days >= ideal_days)
) WITHOUT ROWID;

CREATE TABLE today_snooze (
    item_key    TEXT PRIMARY KEY CHECK (length(item_key) > 0),
    until       TEXT NOT NULL,
    created_at  TEXT NOT NULL
) WITHOUT ROWID;
"#;

/// Version 14: the manager's review.
/// - `target_account`: an organization the team means to win, with its owner on the team, a
///   tier (1 most important) and a note.
/// - `person_role`: what a person does in their organization's buying group (confirmed by the
///   user; suggestions from titles are never stored). A person who moves to another
///   organization leaves their roles behind (the trigger).
/// - `role_template`: which roles each tier must cover, when the user changed the defaults.
/// - `coverage_week`: each target account's coverage as it stood once a week (the week's
///   Monday), for the trend.
const V14_ACCOUNTS: &str = r#"
CREATE TABLE target_account (
    organization_id INTEGER PRIMARY KEY REFERENCES organization (id) ON DELETE CASCADE,
    owner_id        INTEGER REFERENCES person (id) ON DELETE SET NULL,
    tier            INTEGER NOT NULL DEFAULT 2 CHECK (tier BETWEEN 1 AND 3),
    note            TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX target_account_owner ON target_account (owner_id);

CREATE TABLE person_role (
    person_id  INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('economic_buyer', 'decision_maker', 'champion',
                   'technical_evaluator', 'procurement', 'influencer', 'user', 'blocker')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
) WITHOUT ROWID;

CREATE TRIGGER person_role_left AFTER UPDATE OF organization_id ON person
WHEN OLD.organization_id IS NOT NEW.organization_id
BEGIN
    DELETE FROM person_role WHERE person_id = NEW.id;
END;

CREATE TABLE role_template (
    tier  INTEGER PRIMARY KEY CHECK (tier BETWEEN 1 AND 3),
    roles TEXT NOT NULL
);

CREATE TABLE coverage_week (
    week            TEXT NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
    verdict         TEXT NOT NULL,
    threads         INTEGER NOT NULL CHECK (threads >= 0),
    best_band       TEXT CHECK (best_band IN ('strong', 'medium', 'weak')),
    roles_covered   INTEGER NOT NULL CHECK (roles_covered >= 0),
    roles_required  INTEGER NOT NULL CHECK (roles_required >= 0),
    PRIMARY KEY (organization_id, week)
) WITHOUT ROWID;
"#;

/// Version 15: team mode on this device (`crate::team`). Device state, not the user's
/// records: none of it is in a backup but `team_never_share` (the user's choice about people;
/// `sphere_domain::ROW_TABLES`), and the token never leaves this file.
/// - `team_link`: the one team this device belongs to (a single row): the server, the
///   member's token, the team (id, name, the salt of match keys), the member, the share
///   level, the members as last seen (JSON), the pull cursor, the clock's last stamp and the
///   last sync's report (JSON).
/// - `team_outbox`: changes waiting to be sent, by change id (retried until acknowledged):
///   entity, key, the fields (JSON), the stamp, when it was made, attempts and the last error.
/// - `team_key`: a local person, organization or referral request ↔ its key on the team;
///   `local_created` is the local record's creation time, so a row id SQLite reuses after a
///   delete is a new record, not the old one.
/// - `team_shadow`: per shared record and field, the value last sent or received with its
///   stamp: what "changed since" is computed against.
/// - `team_never_share`: people never shared, whatever the share level.
/// - `team_row`: the team's rows as last pulled (the mirror), by entity, key and member.
/// - `team_conflict`: fields where a teammate's newer write won over this device's.
const V15_TEAM: &str = r#"
CREATE TABLE team_link (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    server      TEXT NOT NULL CHECK (length(server) > 0),
    token       TEXT NOT NULL CHECK (length(token) > 0),
    team_id     TEXT NOT NULL,
    team_name   TEXT NOT NULL,
    salt        TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    member_name TEXT NOT NULL,
    admin       INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1)),
    share_level TEXT NOT NULL DEFAULT 'band' CHECK (share_level IN ('existence', 'band', 'how_met')),
    members     TEXT NOT NULL DEFAULT '[]',
    cursor      INTEGER NOT NULL DEFAULT 0,
    clock       TEXT,
    last_sync   TEXT,
    joined_at   TEXT NOT NULL
);

CREATE TABLE team_outbox (
    id         TEXT PRIMARY KEY CHECK (length(id) = 32),
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL,
    fields     TEXT NOT NULL,
    hlc        TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
) WITHOUT ROWID;
CREATE INDEX team_outbox_order ON team_outbox (hlc);

CREATE TABLE team_key (
    kind          TEXT NOT NULL CHECK (kind IN ('person', 'organization', 'ask')),
    local_id      INTEGER NOT NULL,
    key           TEXT NOT NULL CHECK (length(key) = 32),
    local_created TEXT NOT NULL,
    PRIMARY KEY (kind, local_id)
) WITHOUT ROWID;
CREATE INDEX team_key_key ON team_key (kind, key);

CREATE TABLE team_shadow (
    entity TEXT NOT NULL,
    key    TEXT NOT NULL,
    field  TEXT NOT NULL,
    value  TEXT NOT NULL,
    hlc    TEXT NOT NULL,
    PRIMARY KEY (entity, key, field)
) WITHOUT ROWID;

CREATE TABLE team_never_share (
    person_id  INTEGER PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);

CREATE TABLE team_row (
    entity TEXT NOT NULL,
    key    TEXT NOT NULL,
    member TEXT NOT NULL DEFAULT '',
    fields TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    PRIMARY KEY (entity, key, member)
) WITHOUT ROWID;

CREATE TABLE team_conflict (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL,
    key        TEXT NOT NULL,
    field      TEXT NOT NULL,
    yours      TEXT NOT NULL,
    theirs     TEXT NOT NULL,
    theirs_hlc TEXT NOT NULL,
    by         TEXT NOT NULL,
    at         TEXT NOT NULL,
    change_id  TEXT,
    UNIQUE (entity, key, field)
);
"#;

pub fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(V1_PEOPLE),
        M::up(V2_TIES),
        M::up(V3_STRENGTH),
        M::up(V4_IMPORT),
        M::up(V5_FACTS),
        M::up(V6_CONTACTS),
        M::up(V7_CHANGE_LOG),
        M::up(V8_NO_DISMISSED_PAIRS),
        M::up(V9_ASKS),
        M::up(V10_PLANNED),
        M::up(V11_CAPTURE),
        M::up(V12_INTROS),
        M::up(V13_CADENCE),
        M::up(V14_ACCOUNTS),
        M::up(V15_TEAM),
    ])
}

/// The schema version a fully migrated database has.
pub const LATEST_VERSION: usize = 15;

#[cfg(test)]
mod tests {
    use super::{LATEST_VERSION, migrations};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn the_migrations_are_valid_and_end_at_the_latest_version() -> TestResult {
        migrations().validate()?;
        let mut conn = rusqlite::Connection::open_in_memory()?;
        migrations().to_latest(&mut conn)?;
        let v: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        assert_eq!(usize::try_from(v)?, LATEST_VERSION);
        Ok(())
    }

    #[test]
    fn version_8_drops_the_pairs_table_nothing_wrote() -> TestResult {
        let mut conn = rusqlite::Connection::open_in_memory()?;
        migrations().to_version(&mut conn, 7)?;
        let tables = |conn: &rusqlite::Connection| -> rusqlite::Result<i64> {
            conn.query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'duplicate_dismissed'",
                [],
                |r| r.get(0),
            )
        };
        assert_eq!(tables(&conn)?, 1);
        migrations().to_version(&mut conn, 8)?;
        assert_eq!(
            tables(&conn)?,
            0,
            "version 8 has no duplicate_dismissed table"
        );
        Ok(())
    }

    #[test]
    fn version_7_logs_changes_to_the_records_of_a_version_6_database() -> TestResult {
        let mut conn = rusqlite::Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrations().to_version(&mut conn, 6)?;
        conn.execute_batch(
            "INSERT INTO person (first_name, created_at, updated_at) VALUES ('Old', 'n', 'n');",
        )?;
        migrations().to_version(&mut conn, 7)?;
        let logged: i64 = conn.query_row("SELECT count(*) FROM change_log", [], |r| r.get(0))?;
        assert_eq!(
            logged, 0,
            "the log starts empty: readers load everything at open"
        );
        conn.execute_batch("UPDATE person SET title = 'CEO';")?;
        let row: (String, i64) =
            conn.query_row("SELECT kind, row_id FROM change_log", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        assert_eq!(row, ("person".to_string(), 1));
        Ok(())
    }
}
