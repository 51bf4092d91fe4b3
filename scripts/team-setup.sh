#!/usr/bin/env bash
# Sets up (or, run again after upgrading incident, refreshes) a team journal on PostgreSQL:
# see docs/TEAM.md. Run it as a database administrator (a superuser, or a role with
# CREATEROLE and CREATEDB); the server is the one the usual libpq variables name (PGHOST,
# PGPORT, PGUSER, PGSSLMODE, ...), or a service (PGSERVICE).
#
#   team-setup.sh DATABASE OWNER [writer:LOGIN]... [reader:LOGIN]...
#
# It creates, if missing:
#   - the group roles incident_writer (add and amend: open, update, resolve, amend, edit,
#     postmortem, config) and incident_reader (read and export), which cannot log in;
#   - OWNER, the login that owns the journal's tables and alone runs migrations;
#   - DATABASE, owned by OWNER, with the journal's schema (created by `incident`, as OWNER);
#   - each LOGIN, in its group.
# Then, as OWNER, it grants the groups what they may do (no DELETE of any record, no
# TRUNCATE, no schema change) and turns on row-level security so that every update, amendment
# and edit a writer records carries that writer's login (session_user): nobody posts as
# someone else. Logins get no password here: set them with psql's \password, and give each
# person their own in ~/.pgpass.
set -euo pipefail
if [[ $# -lt 2 ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi
database=$1 owner=$2
shift 2
incident=${INCIDENT:-incident}
psql=(psql -X -q -v ON_ERROR_STOP=1)
ident() { [[ $1 =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "team-setup.sh: \"$1\" is not a plain lower-case name" >&2; exit 2; }; }
ident "$database"
ident "$owner"
writers=() readers=()
for a in "$@"; do
    case $a in
        writer:*) ident "${a#writer:}"; writers+=("${a#writer:}") ;;
        reader:*) ident "${a#reader:}"; readers+=("${a#reader:}") ;;
        *) echo "team-setup.sh: \"$a\" is neither writer:LOGIN nor reader:LOGIN" >&2; exit 2 ;;
    esac
done

echo "== roles and database"
{
    cat <<SQL
DO \$\$BEGIN CREATE ROLE incident_writer NOLOGIN; EXCEPTION WHEN duplicate_object THEN END\$\$;
DO \$\$BEGIN CREATE ROLE incident_reader NOLOGIN; EXCEPTION WHEN duplicate_object THEN END\$\$;
DO \$\$BEGIN CREATE ROLE $owner LOGIN; EXCEPTION WHEN duplicate_object THEN END\$\$;
SQL
    for w in "${writers[@]}"; do
        echo "DO \$\$BEGIN CREATE ROLE $w LOGIN; EXCEPTION WHEN duplicate_object THEN END\$\$;"
        echo "GRANT incident_writer TO $w;"
    done
    for r in "${readers[@]}"; do
        echo "DO \$\$BEGIN CREATE ROLE $r LOGIN; EXCEPTION WHEN duplicate_object THEN END\$\$;"
        echo "GRANT incident_reader TO $r;"
    done
    echo "SELECT 'CREATE DATABASE $database OWNER $owner' WHERE NOT EXISTS"
    echo "    (SELECT 1 FROM pg_database WHERE datname = '$database') \\gexec"
    echo "REVOKE ALL ON DATABASE $database FROM PUBLIC;"
    echo "GRANT CONNECT ON DATABASE $database TO incident_writer, incident_reader;"
} | "${psql[@]}" -d postgres

# The administrator's connection, acting as OWNER: tables and migrations belong to OWNER.
as_owner="postgresql:///$database?options=-c%20role%3D$owner"
echo "== schema (incident, as $owner)"
name=$("$incident" --db "$as_owner" config get name 2>/dev/null || true)
"$incident" --db "$as_owner" -q config set name "${name:-$database}"

echo "== permissions and row-level security (as $owner)"
"${psql[@]}" -d "$database" <<SQL
SET ROLE $owner;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO incident_writer, incident_reader;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM incident_writer, incident_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO incident_writer, incident_reader;
-- Add and amend, never delete a record: removing a component from an incident (kept as an
-- edit) and unsetting a setting are the only deletions incident makes.
GRANT INSERT, UPDATE ON config, incidents, components, postmortems, page_components
    TO incident_writer;
GRANT INSERT ON updates, update_versions, incident_edits, component_changes TO incident_writer;
-- After the outage: a postmortem's covered incidents, milestones, actions and roles are added;
-- an action is marked done or reopened (each kept as an event).
GRANT INSERT ON postmortem_covers, milestone_changes, actions, action_events, roles
    TO incident_writer;
GRANT UPDATE (done_at, done_by) ON actions TO incident_writer;
-- An amendment changes an update's text and time, and says who changed it; nothing else.
GRANT UPDATE (body, posted_at, edited_at, edited_by, search_words, cjk) ON updates
    TO incident_writer;
GRANT DELETE ON components, config TO incident_writer;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO incident_writer;

-- Who wrote what is the database login (session_user), which no writer can change.
ALTER TABLE updates ENABLE ROW LEVEL SECURITY;
ALTER TABLE update_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE incident_edits ENABLE ROW LEVEL SECURITY;
ALTER TABLE milestone_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE action_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE roles ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS incident_read ON updates;
DROP POLICY IF EXISTS incident_post ON updates;
DROP POLICY IF EXISTS incident_amend ON updates;
DROP POLICY IF EXISTS incident_read ON update_versions;
DROP POLICY IF EXISTS incident_keep ON update_versions;
DROP POLICY IF EXISTS incident_read ON incident_edits;
DROP POLICY IF EXISTS incident_edit ON incident_edits;
DROP POLICY IF EXISTS incident_read ON milestone_changes;
DROP POLICY IF EXISTS incident_mark ON milestone_changes;
DROP POLICY IF EXISTS incident_read ON actions;
DROP POLICY IF EXISTS incident_add ON actions;
DROP POLICY IF EXISTS incident_done ON actions;
DROP POLICY IF EXISTS incident_read ON action_events;
DROP POLICY IF EXISTS incident_event ON action_events;
DROP POLICY IF EXISTS incident_read ON roles;
DROP POLICY IF EXISTS incident_assign ON roles;
CREATE POLICY incident_read ON updates FOR SELECT TO incident_writer, incident_reader USING (true);
CREATE POLICY incident_post ON updates FOR INSERT TO incident_writer
    WITH CHECK (author = session_user AND edited_at IS NULL AND edited_by IS NULL);
CREATE POLICY incident_amend ON updates FOR UPDATE TO incident_writer
    USING (true) WITH CHECK (edited_by = session_user);
CREATE POLICY incident_read ON update_versions FOR SELECT TO incident_writer, incident_reader
    USING (true);
-- A kept version is the update as it was, never a text of someone's making.
CREATE POLICY incident_keep ON update_versions FOR INSERT TO incident_writer
    WITH CHECK (EXISTS (SELECT 1 FROM updates u WHERE u.id = update_versions.update_id
                        AND u.body = update_versions.body
                        AND u.posted_at = update_versions.posted_at
                        AND coalesce(u.edited_by, u.author)
                            IS NOT DISTINCT FROM update_versions.written_by));
CREATE POLICY incident_read ON incident_edits FOR SELECT TO incident_writer, incident_reader
    USING (true);
CREATE POLICY incident_edit ON incident_edits FOR INSERT TO incident_writer
    WITH CHECK (edited_by = session_user);
CREATE POLICY incident_read ON milestone_changes FOR SELECT TO incident_writer, incident_reader
    USING (true);
CREATE POLICY incident_mark ON milestone_changes FOR INSERT TO incident_writer
    WITH CHECK (changed_by = session_user);
CREATE POLICY incident_read ON actions FOR SELECT TO incident_writer, incident_reader
    USING (true);
CREATE POLICY incident_add ON actions FOR INSERT TO incident_writer
    WITH CHECK (created_by = session_user AND done_at IS NULL AND done_by IS NULL);
-- Done by the login that marks it, or open again (reopened).
CREATE POLICY incident_done ON actions FOR UPDATE TO incident_writer
    USING (true) WITH CHECK (done_by = session_user OR (done_by IS NULL AND done_at IS NULL));
CREATE POLICY incident_read ON action_events FOR SELECT TO incident_writer, incident_reader
    USING (true);
CREATE POLICY incident_event ON action_events FOR INSERT TO incident_writer
    WITH CHECK (by = session_user);
CREATE POLICY incident_read ON roles FOR SELECT TO incident_writer, incident_reader
    USING (true);
CREATE POLICY incident_assign ON roles FOR INSERT TO incident_writer
    WITH CHECK (assigned_by = session_user);
SQL
echo "done: $database, owned by $owner; writers: ${writers[*]:-none}; readers: ${readers[*]:-none}"
