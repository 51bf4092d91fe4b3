#include "schema.hpp"

#include <fmt/format.h>

#include <array>

#include "incident/errors.hpp"
#include "incident/store.hpp"

namespace incident::sqlite {
namespace {

// Each entry takes the schema from version N to N+1. Never edit a shipped entry: add one.
// clang-format off
constexpr std::array<const char*, 10> migrations{
    R"sql(
CREATE TABLE config (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE incidents (
    id          INTEGER PRIMARY KEY,
    title       TEXT    NOT NULL,
    impact      TEXT    NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    status      TEXT    NOT NULL
                CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    created_at  INTEGER NOT NULL,
    resolved_at INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX incidents_by_created ON incidents (created_at, id);

CREATE TABLE updates (
    id              INTEGER PRIMARY KEY,
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    status          TEXT    NOT NULL
                    CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    body            TEXT    NOT NULL,
    posted_at       INTEGER NOT NULL,
    recorded_at     INTEGER NOT NULL,
    author          TEXT    NOT NULL,
    idempotency_key TEXT    UNIQUE
);
CREATE INDEX updates_by_incident ON updates (incident_id, posted_at, id);

CREATE TABLE components (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    position    INTEGER NOT NULL,
    grp         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    update_id   INTEGER REFERENCES updates (id),
    PRIMARY KEY (incident_id, grp, name)
) WITHOUT ROWID;

CREATE TABLE postmortems (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    body        TEXT    NOT NULL,
    posted_at   INTEGER NOT NULL,
    recorded_at INTEGER NOT NULL
);
CREATE INDEX postmortems_by_incident ON postmortems (incident_id, id);
)sql",
    // Open incidents are few and listed often: find them without scanning every incident.
    R"sql(
CREATE INDEX incidents_open ON incidents (created_at, id) WHERE status <> 'resolved';
)sql",
    // 3: amendable updates (every earlier version kept) and full-text search.
    R"sql(
ALTER TABLE updates ADD COLUMN edited_at INTEGER;
ALTER TABLE updates ADD COLUMN edited_by TEXT;

-- Versions an amendment replaced: the text and time as they were, and who wrote them when.
CREATE TABLE update_versions (
    id         INTEGER PRIMARY KEY,
    update_id  INTEGER NOT NULL REFERENCES updates (id),
    body       TEXT    NOT NULL,
    posted_at  INTEGER NOT NULL,
    written_at INTEGER NOT NULL,
    written_by TEXT    NOT NULL
);
CREATE INDEX update_versions_by_update ON update_versions (update_id, id);

-- One row per searchable text; rowid = source id * 4 + kind (0: incident title,
-- 1: update body, 2: the incident's current postmortem, keyed by incident id).
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body, incident_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_incident_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4, new.title, '', new.id);
END;
CREATE TRIGGER search_incident_title AFTER UPDATE OF title ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4;
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4, new.title, '', new.id);
END;
CREATE TRIGGER search_incident_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4;
END;
CREATE TRIGGER search_update_insert AFTER INSERT ON updates BEGIN
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4 + 1, '', new.body, new.incident_id);
END;
CREATE TRIGGER search_update_body AFTER UPDATE OF body ON updates BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4 + 1, '', new.body, new.incident_id);
END;
CREATE TRIGGER search_update_delete AFTER DELETE ON updates BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
END;
CREATE TRIGGER search_postmortem_insert AFTER INSERT ON postmortems BEGIN
    DELETE FROM search_index WHERE rowid = new.incident_id * 4 + 2;
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.incident_id * 4 + 2, '', new.body, new.incident_id);
END;

INSERT INTO search_index (rowid, title, body, incident_id)
    SELECT id * 4, title, '', id FROM incidents;
INSERT INTO search_index (rowid, title, body, incident_id)
    SELECT id * 4 + 1, '', body, incident_id FROM updates;
INSERT INTO search_index (rowid, title, body, incident_id)
    SELECT incident_id * 4 + 2, '', body, incident_id FROM postmortems p
    WHERE id = (SELECT max(id) FROM postmortems q WHERE q.incident_id = p.incident_id);
)sql",
    // 4: `edit` corrections of an incident's title, impact and components, each kept.
    R"sql(
CREATE TABLE incident_edits (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    field       TEXT    NOT NULL CHECK (field IN ('title', 'impact', 'component')),
    old_value   TEXT    NOT NULL,
    new_value   TEXT,
    edited_at   INTEGER NOT NULL,
    edited_by   TEXT    NOT NULL
);
CREATE INDEX incident_edits_by_incident ON incident_edits (incident_id, id);
)sql",
    // 5: Statuspage's data model. Times become milliseconds (every time column * 1000);
    // statuses widen to a maintenance's, which SQLite can only do by rebuilding `incidents`
    // and `updates` (run with foreign keys off; migrate() checks them before commit).
    R"sql(
CREATE TABLE incidents_5 (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    kind            TEXT    NOT NULL DEFAULT 'incident'
                    CHECK (kind IN ('incident', 'maintenance')),
    impact          TEXT    NOT NULL CHECK (impact IN ('none', 'minor', 'major', 'critical')),
    status          TEXT    NOT NULL
                    CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved',
                                      'scheduled', 'in_progress', 'verifying', 'completed')),
    created_at      INTEGER NOT NULL,
    resolved_at     INTEGER,
    updated_at      INTEGER NOT NULL,
    started_at      INTEGER,
    scheduled_for   INTEGER,
    scheduled_until INTEGER,
    source_id       TEXT    UNIQUE,
    shortlink       TEXT,
    backfilled      INTEGER NOT NULL DEFAULT 0 CHECK (backfilled IN (0, 1))
);
INSERT INTO incidents_5 (id, title, impact, status, created_at, resolved_at, updated_at)
    SELECT id, title, impact, status, created_at * 1000, resolved_at * 1000, updated_at * 1000
    FROM incidents;
DROP TABLE incidents;
ALTER TABLE incidents_5 RENAME TO incidents;
CREATE INDEX incidents_by_created ON incidents (created_at, id);
CREATE INDEX incidents_open ON incidents (created_at, id)
    WHERE status NOT IN ('resolved', 'completed');

CREATE TABLE updates_5 (
    id              INTEGER PRIMARY KEY,
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    status          TEXT    NOT NULL
                    CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved',
                                      'scheduled', 'in_progress', 'verifying', 'completed')),
    body            TEXT    NOT NULL,
    posted_at       INTEGER NOT NULL,
    recorded_at     INTEGER NOT NULL,
    author          TEXT,
    idempotency_key TEXT    UNIQUE,
    edited_at       INTEGER,
    edited_by       TEXT,
    source_id       TEXT    UNIQUE
);
INSERT INTO updates_5 (id, incident_id, status, body, posted_at, recorded_at, author,
                       idempotency_key, edited_at, edited_by)
    SELECT id, incident_id, status, body, posted_at * 1000, recorded_at * 1000, author,
           idempotency_key, edited_at * 1000, edited_by
    FROM updates;
DROP TABLE updates;
ALTER TABLE updates_5 RENAME TO updates;
CREATE INDEX updates_by_incident ON updates (incident_id, posted_at, id);

UPDATE postmortems SET posted_at = posted_at * 1000, recorded_at = recorded_at * 1000;
UPDATE update_versions SET posted_at = posted_at * 1000, written_at = written_at * 1000;
UPDATE incident_edits SET edited_at = edited_at * 1000;

-- Dropping the tables dropped their search triggers: the same ones again.
CREATE TRIGGER search_incident_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4, new.title, '', new.id);
END;
CREATE TRIGGER search_incident_title AFTER UPDATE OF title ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4;
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4, new.title, '', new.id);
END;
CREATE TRIGGER search_incident_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4;
END;
CREATE TRIGGER search_update_insert AFTER INSERT ON updates BEGIN
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4 + 1, '', new.body, new.incident_id);
END;
CREATE TRIGGER search_update_body AFTER UPDATE OF body ON updates BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
    INSERT INTO search_index (rowid, title, body, incident_id)
        VALUES (new.id * 4 + 1, '', new.body, new.incident_id);
END;
CREATE TRIGGER search_update_delete AFTER DELETE ON updates BEGIN
    DELETE FROM search_index WHERE rowid = old.id * 4 + 1;
END;

-- The page's components, first-class; grp is '' for an ungrouped one. `status` is the
-- current one, which the journal derives from the changes below.
CREATE TABLE page_components (
    id              INTEGER PRIMARY KEY,
    grp             TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'operational'
                    CHECK (status IN ('operational', 'under_maintenance', 'degraded_performance',
                                      'partial_outage', 'major_outage')),
    position        INTEGER NOT NULL,
    source_id       TEXT    UNIQUE,
    group_source_id TEXT,
    UNIQUE (grp, name)
);
INSERT INTO page_components (grp, name, position)
    SELECT grp, name, row_number() OVER (ORDER BY min(incident_id), min(position)) - 1
    FROM components GROUP BY grp, name;

-- Statuses an update set, in order (Statuspage's affected_components).
CREATE TABLE component_changes (
    update_id    INTEGER NOT NULL REFERENCES updates (id),
    position     INTEGER NOT NULL,
    component_id INTEGER NOT NULL REFERENCES page_components (id),
    code         TEXT,
    old_status   TEXT    NOT NULL
                 CHECK (old_status IN ('operational', 'under_maintenance',
                                       'degraded_performance', 'partial_outage', 'major_outage')),
    new_status   TEXT    NOT NULL
                 CHECK (new_status IN ('operational', 'under_maintenance',
                                       'degraded_performance', 'partial_outage', 'major_outage')),
    PRIMARY KEY (update_id, position)
) WITHOUT ROWID;
CREATE INDEX component_changes_by_component ON component_changes (component_id);
)sql",
    // 6: CJK search. unicode61 cannot split words written without spaces, so texts with
    // Han, kana or Hangul are also in a trigram index (same rowids as search_index); the
    // GLOB class (INCIDENT_CJK_GLOB_CLASS) is the one has_cjk() in store.cpp tests.
    R"sql(
CREATE VIRTUAL TABLE search_cjk USING fts5 (
    title, body, incident_id UNINDEXED, tokenize = 'trigram'
);
CREATE TRIGGER search_cjk_incident_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO search_cjk (rowid, title, body, incident_id)
        SELECT new.id * 4, new.title, '', new.id WHERE new.title GLOB '*)sql" INCIDENT_CJK_GLOB_CLASS R"sql(*';
END;
CREATE TRIGGER search_cjk_incident_title AFTER UPDATE OF title ON incidents BEGIN
    DELETE FROM search_cjk WHERE rowid = old.id * 4;
    INSERT INTO search_cjk (rowid, title, body, incident_id)
        SELECT new.id * 4, new.title, '', new.id WHERE new.title GLOB '*)sql" INCIDENT_CJK_GLOB_CLASS R"sql(*';
END;
CREATE TRIGGER search_cjk_incident_delete AFTER DELETE ON incidents BEGIN
    DELETE FROM search_cjk WHERE rowid = old.id * 4;
END;
CREATE TRIGGER search_cjk_update_insert AFTER INSERT ON updates BEGIN
    INSERT INTO search_cjk (rowid, title, body, incident_id)
        SELECT new.id * 4 + 1, '', new.body, new.incident_id WHERE new.body GLOB '*)sql" INCIDENT_CJK_GLOB_CLASS R"sql(*';
END;
CREATE TRIGGER search_cjk_update_body AFTER UPDATE OF body ON updates BEGIN
    DELETE FROM search_cjk WHERE rowid = old.id * 4 + 1;
    INSERT INTO search_cjk (rowid, title, body, incident_id)
        SELECT new.id * 4 + 1, '', new.body, new.incident_id WHERE new.body GLOB '*)sql" INCIDENT_CJK_GLOB_CLASS R"sql(*';
END;
CREATE TRIGGER search_cjk_update_delete AFTER DELETE ON updates BEGIN
    DELETE FROM search_cjk WHERE rowid = old.id * 4 + 1;
END;
CREATE TRIGGER search_cjk_postmortem_insert AFTER INSERT ON postmortems BEGIN
    DELETE FROM search_cjk WHERE rowid = new.incident_id * 4 + 2;
    INSERT INTO search_cjk (rowid, title, body, incident_id)
        SELECT new.incident_id * 4 + 2, '', new.body, new.incident_id WHERE new.body GLOB '*)sql" INCIDENT_CJK_GLOB_CLASS R"sql(*';
END;

INSERT INTO search_cjk (rowid, title, body, incident_id)
    SELECT rowid, title, body, incident_id FROM search_index
    WHERE title || body GLOB '*)sql" INCIDENT_CJK_GLOB_CLASS R"sql(*';
)sql",
    // 7: a maintenance's impact as its source gave it (Statuspage lets one carry any impact);
    // 0 (every existing row, and what `schedule` writes) exports as impact "maintenance".
    R"sql(
ALTER TABLE incidents ADD COLUMN impact_given INTEGER NOT NULL DEFAULT 0
    CHECK (impact_given IN (0, 1));
)sql",
    // 8: an incident's monitoring_at is kept like its status: the journal derives both from the
    // updates (src/journal's derive_state) and the store keeps what it derived. Until now a
    // query computed it on every read; this fills it in once for existing incidents.
    R"sql(
ALTER TABLE incidents ADD COLUMN monitoring_at INTEGER;
UPDATE incidents SET monitoring_at = (SELECT min(u.posted_at) FROM updates u
                                      WHERE u.incident_id = incidents.id
                                        AND u.status = 'monitoring');
)sql",
    // 9: after the outage. A postmortem regarding several incidents, internal notes, follow-up
    // actions, roles and milestones; every change of them is kept.
    R"sql(
-- The other incidents a postmortem version covers, in order; the current set is that of the
-- incident's newest version.
CREATE TABLE postmortem_covers (
    postmortem_id INTEGER NOT NULL REFERENCES postmortems (id),
    position      INTEGER NOT NULL,
    incident_id   INTEGER NOT NULL REFERENCES incidents (id),
    PRIMARY KEY (postmortem_id, position),
    UNIQUE (postmortem_id, incident_id)
) WITHOUT ROWID;
CREATE INDEX postmortem_covers_by_incident ON postmortem_covers (incident_id, postmortem_id);

-- An internal note is an update no public report shows; it never sets the incident's state.
ALTER TABLE updates ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));

-- Milestones: the current ones here (started is started_at), every change in milestone_changes.
ALTER TABLE incidents ADD COLUMN detected_at INTEGER;
ALTER TABLE incidents ADD COLUMN acknowledged_at INTEGER;
ALTER TABLE incidents ADD COLUMN mitigated_at INTEGER;
CREATE TABLE milestone_changes (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    milestone   TEXT    NOT NULL
                CHECK (milestone IN ('started', 'detected', 'acknowledged', 'mitigated')),
    old_at      INTEGER,
    new_at      INTEGER NOT NULL,
    update_id   INTEGER REFERENCES updates (id),
    changed_at  INTEGER NOT NULL,
    changed_by  TEXT    NOT NULL
);
CREATE INDEX milestone_changes_by_incident ON milestone_changes (incident_id, id);

-- Follow-up actions; each done or reopened is kept in action_events.
CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    text        TEXT    NOT NULL,
    owner       TEXT,
    due         TEXT    CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    link        TEXT,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL,
    done_at     INTEGER,
    done_by     TEXT
);
CREATE INDEX actions_by_incident ON actions (incident_id, id);
CREATE INDEX actions_open ON actions (due, id) WHERE done_at IS NULL;
CREATE TABLE action_events (
    id        INTEGER PRIMARY KEY,
    action_id INTEGER NOT NULL REFERENCES actions (id),
    event     TEXT    NOT NULL CHECK (event IN ('done', 'reopened')),
    at        INTEGER NOT NULL,
    by        TEXT    NOT NULL
);
CREATE INDEX action_events_by_action ON action_events (action_id, id);

-- Role holders: the newest row of an (incident, role) is the current holder, earlier rows
-- its history.
CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    role        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    assigned_at INTEGER NOT NULL,
    assigned_by TEXT    NOT NULL
);
CREATE INDEX roles_by_incident ON roles (incident_id, role, id);
)sql",
    // 10: the word index keeps no copy of the texts (contentless): incidents, updates and
    // postmortems hold them, and the copy was a quarter of the file and of an import's work.
    // FTS5 removes a row only given the text it indexed, so the triggers hand it the old text.
    R"sql(
DROP TRIGGER search_incident_insert;
DROP TRIGGER search_incident_title;
DROP TRIGGER search_incident_delete;
DROP TRIGGER search_update_insert;
DROP TRIGGER search_update_body;
DROP TRIGGER search_update_delete;
DROP TRIGGER search_postmortem_insert;
DROP TABLE search_index;

-- Rowids as in migration 3: source id * 4 + kind (0: incident title, 1: update body, 2: the
-- incident's current postmortem, keyed by incident id).
CREATE VIRTUAL TABLE search_index USING fts5 (
    title, body, content = '', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER search_incident_insert AFTER INSERT ON incidents BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 4, new.title, '');
END;
CREATE TRIGGER search_incident_title AFTER UPDATE OF title ON incidents BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
        VALUES ('delete', old.id * 4, old.title, '');
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 4, new.title, '');
END;
CREATE TRIGGER search_incident_delete AFTER DELETE ON incidents BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
        VALUES ('delete', old.id * 4, old.title, '');
END;
CREATE TRIGGER search_update_insert AFTER INSERT ON updates BEGIN
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 4 + 1, '', new.body);
END;
CREATE TRIGGER search_update_body AFTER UPDATE OF body ON updates BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
        VALUES ('delete', old.id * 4 + 1, '', old.body);
    INSERT INTO search_index (rowid, title, body) VALUES (new.id * 4 + 1, '', new.body);
END;
CREATE TRIGGER search_update_delete AFTER DELETE ON updates BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
        VALUES ('delete', old.id * 4 + 1, '', old.body);
END;
-- The incident's previous postmortem (the newest before this one) is the one indexed.
CREATE TRIGGER search_postmortem_insert AFTER INSERT ON postmortems BEGIN
    INSERT INTO search_index (search_index, rowid, title, body)
        SELECT 'delete', new.incident_id * 4 + 2, '', body FROM postmortems
        WHERE incident_id = new.incident_id AND id < new.id ORDER BY id DESC LIMIT 1;
    INSERT INTO search_index (rowid, title, body) VALUES (new.incident_id * 4 + 2, '', new.body);
END;

INSERT INTO search_index (rowid, title, body) SELECT id * 4, title, '' FROM incidents;
INSERT INTO search_index (rowid, title, body) SELECT id * 4 + 1, '', body FROM updates;
INSERT INTO search_index (rowid, title, body)
    SELECT incident_id * 4 + 2, '', body FROM postmortems p
    WHERE id = (SELECT max(id) FROM postmortems q WHERE q.incident_id = p.incident_id);
)sql"};
// clang-format on

static_assert(migrations.size() == static_cast<std::size_t>(schema_version));

#include "fresh_schema.inc"

int pragma_int(SQLite::Database& db, const char* sql) {
    SQLite::Statement query(db, sql);
    return query.executeStep() ? query.getColumn(0).getInt() : 0;
}

}  // namespace

SchemaInfo read_schema_info(SQLite::Database& db) {
    return {pragma_int(db, "PRAGMA user_version"), pragma_int(db, "PRAGMA application_id"),
            pragma_int(db, "SELECT count(*) FROM sqlite_master")};
}

bool check_schema(const SchemaInfo& info, const std::filesystem::path& path) {
    const bool ours = info.application_id == application_id;
    if (info.application_id != 0 && !ours) {
        throw StorageError(fmt::format(
            "{} is an SQLite database of another program (application id 0x{:08X}), not an "
            "incident journal; nothing was changed",
            path.string(), static_cast<unsigned>(info.application_id)));
    }
    if (!ours && info.table_count > 0) {
        throw StorageError(fmt::format(
            "{} is an SQLite database of another program, not an incident journal; nothing "
            "was changed",
            path.string()));
    }
    if (info.user_version > schema_version) {
        throw StorageError(
            fmt::format("{} has journal schema version {}, newer than this incident supports ({}); "
                        "upgrade incident. The file was not touched",
                        path.string(), info.user_version, schema_version));
    }
    return info.user_version < schema_version;
}

void migrate(SQLite::Database& db, int from_version) {
    // A new file gets the migrations' result at once: replaying them (each schema change
    // parses the whole schema again) was most of a new journal's first command.
    if (from_version == 0 && fresh_schema_version == schema_version &&
        pragma_int(db, "SELECT count(*) FROM sqlite_schema") == 0) {
        db.exec(fresh_schema);
    } else {
        for (int v = from_version; v < schema_version; ++v) {
            db.exec(migrations[static_cast<std::size_t>(v)]);
        }
    }
    // A rebuilt table must still satisfy every reference (they were off while it was rebuilt).
    SQLite::Statement check(db, "PRAGMA foreign_key_check");
    if (check.executeStep()) {
        throw StorageError(fmt::format(
            "migrating the journal found a broken reference in table {}; nothing was changed",
            check.getColumn(0).getString()));
    }
    db.exec(fmt::format("PRAGMA application_id = {}", application_id));
    db.exec(fmt::format("PRAGMA user_version = {}", schema_version));
}

void migrate_to(SQLite::Database& db, int to_version) {
    for (int v = 0; v < to_version; ++v) db.exec(migrations[static_cast<std::size_t>(v)]);
    db.exec(fmt::format("PRAGMA application_id = {}", application_id));
    db.exec(fmt::format("PRAGMA user_version = {}", to_version));
}

}  // namespace incident::sqlite
