-- Sphere's team server. Every table carries team_id and has row-level security ENABLED and
-- FORCED (so the owning role is held to it too); the server sets, per transaction,
-- sphere.team and sphere.member (and sphere.token_hash / sphere.invite_hash while
-- authenticating), and these policies keep every row inside its team and per-member private
-- rows to their member. Without any setting, nothing is visible.
--
-- Shared records keep their fields as one jsonb object {field: {"value": v, "hlc": stamp}}:
-- the protocol's fields differ per entity and travel as exactly that map (PulledRow.fields),
-- last-write-wins is decided per field in the server's code, and a new shared field needs no
-- migration. The few values the server searches by (match keys, domains, the ask's
-- connector) are kept in their own columns.

CREATE SEQUENCE team_seq;

CREATE TABLE team (
    id text PRIMARY KEY,
    team_id text GENERATED ALWAYS AS (id) STORED,
    name text NOT NULL,
    salt text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE member (
    team_id text NOT NULL REFERENCES team(id),
    id text NOT NULL,
    -- A small stable number: the member's id in coverage reports (as its negative).
    num bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    name text NOT NULL,
    admin boolean NOT NULL DEFAULT false,
    share_level text NOT NULL DEFAULT 'band',
    person_key text,
    joined_at timestamptz NOT NULL DEFAULT now(),
    last_sync_at timestamptz,
    left_at timestamptz,
    PRIMARY KEY (team_id, id)
);

-- A member's token, as its sha256: readable by its member, or by whoever presents it.
CREATE TABLE member_token (
    team_id text NOT NULL,
    member_id text NOT NULL,
    token_hash text PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz,
    FOREIGN KEY (team_id, member_id) REFERENCES member(team_id, id)
);

CREATE TABLE invite (
    team_id text NOT NULL REFERENCES team(id),
    code_hash text PRIMARY KEY,
    name text NOT NULL,
    admin boolean NOT NULL DEFAULT false,
    created_by text,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    member_id text
);

-- A member's devices: the name shown, the pull cursor, the last clock seen.
CREATE TABLE device (
    team_id text NOT NULL,
    member_id text NOT NULL,
    token_hash text NOT NULL,
    name text NOT NULL,
    cursor bigint NOT NULL DEFAULT 0,
    clock text,
    last_sync_at timestamptz,
    PRIMARY KEY (team_id, member_id, token_hash),
    FOREIGN KEY (team_id, member_id) REFERENCES member(team_id, id)
);

CREATE TABLE person (
    team_id text NOT NULL REFERENCES team(id),
    key text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    fields jsonb NOT NULL DEFAULT '{}',
    merged_into text,
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, key)
);
CREATE INDEX person_seq ON person (team_id, seq);

-- A device's key for a record the team already had under another key (a match, a merge).
CREATE TABLE alias (
    team_id text NOT NULL REFERENCES team(id),
    entity text NOT NULL,
    key text NOT NULL,
    team_key text NOT NULL,
    PRIMARY KEY (team_id, entity, key)
);

CREATE TABLE person_match (
    team_id text NOT NULL REFERENCES team(id),
    match_key text NOT NULL,
    person_key text NOT NULL,
    PRIMARY KEY (team_id, match_key)
);

CREATE TABLE organization (
    team_id text NOT NULL REFERENCES team(id),
    key text NOT NULL,
    id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    fields jsonb NOT NULL DEFAULT '{}',
    domain text,
    merged_into text,
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, key)
);
CREATE INDEX organization_seq ON organization (team_id, seq);
CREATE INDEX organization_domain ON organization (team_id, domain) WHERE domain IS NOT NULL;

CREATE TABLE knows (
    team_id text NOT NULL,
    member_id text NOT NULL,
    person_key text NOT NULL,
    fields jsonb NOT NULL DEFAULT '{}',
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, member_id, person_key),
    FOREIGN KEY (team_id, member_id) REFERENCES member(team_id, id)
);
CREATE INDEX knows_seq ON knows (team_id, seq);
CREATE INDEX knows_person ON knows (team_id, person_key);

CREATE TABLE target (
    team_id text NOT NULL REFERENCES team(id),
    key text NOT NULL,
    fields jsonb NOT NULL DEFAULT '{}',
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, key)
);
CREATE INDEX target_seq ON target (team_id, seq);

CREATE TABLE role (
    team_id text NOT NULL REFERENCES team(id),
    key text NOT NULL,
    fields jsonb NOT NULL DEFAULT '{}',
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, key)
);
CREATE INDEX role_seq ON role (team_id, seq);

-- A referral request: seen by who asked and by the connector only.
CREATE TABLE ask (
    team_id text NOT NULL REFERENCES team(id),
    key text NOT NULL,
    requester text NOT NULL,
    connector text,
    fields jsonb NOT NULL DEFAULT '{}',
    seq bigint NOT NULL,
    PRIMARY KEY (team_id, key)
);
CREATE INDEX ask_seq ON ask (team_id, seq);

-- Change ids applied, for idempotency, with what the push answered for them.
CREATE TABLE applied_change (
    team_id text NOT NULL,
    member_id text NOT NULL,
    change_id text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, change_id)
);

-- Conflicts found for a member's changes, kept so a retried push answers them again.
CREATE TABLE conflict (
    team_id text NOT NULL,
    member_id text NOT NULL,
    change_id text NOT NULL,
    entity text NOT NULL,
    key text NOT NULL,
    field text NOT NULL,
    yours jsonb NOT NULL,
    theirs jsonb NOT NULL,
    theirs_hlc text NOT NULL,
    by_member text NOT NULL,
    PRIMARY KEY (team_id, change_id, field)
);

-- Row-level security: on, forced, and one policy per table.
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['team','member','member_token','invite','device','person','alias',
      'person_match','organization','knows','target','role','ask','applied_change','conflict']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
  END LOOP;
END $$;

-- Team-wide rows.
CREATE POLICY in_team ON team USING (id = current_setting('sphere.team', true));
CREATE POLICY in_team ON member USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON person USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON alias USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON person_match USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON organization USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON knows USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON target USING (team_id = current_setting('sphere.team', true));
CREATE POLICY in_team ON role USING (team_id = current_setting('sphere.team', true));
-- Invitations: the team's, or the one whose code is presented (joining, before any team is set).
CREATE POLICY in_team ON invite USING (
    team_id = current_setting('sphere.team', true)
    OR code_hash = current_setting('sphere.invite_hash', true));

-- Per-member rows.
CREATE POLICY own ON member_token USING (
    (team_id = current_setting('sphere.team', true)
        AND member_id = current_setting('sphere.member', true))
    OR token_hash = current_setting('sphere.token_hash', true));
CREATE POLICY own ON device USING (team_id = current_setting('sphere.team', true)
    AND member_id = current_setting('sphere.member', true));
CREATE POLICY own ON applied_change USING (team_id = current_setting('sphere.team', true)
    AND member_id = current_setting('sphere.member', true));
CREATE POLICY own ON conflict USING (team_id = current_setting('sphere.team', true)
    AND member_id = current_setting('sphere.member', true));
CREATE POLICY involved ON ask USING (team_id = current_setting('sphere.team', true) AND (
    requester = current_setting('sphere.member', true)
    OR connector = current_setting('sphere.member', true)
    OR connector = current_setting('sphere.person', true)));

-- Refinery's history: only the migrating connection (sphere.migrating = on) sees it.
ALTER TABLE refinery_schema_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE refinery_schema_history FORCE ROW LEVEL SECURITY;
CREATE POLICY migrating ON refinery_schema_history
    USING (current_setting('sphere.migrating', true) = 'on');
