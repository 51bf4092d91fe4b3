#!/usr/bin/env bash
# Fills a new journal with N synthetic incidents (3 updates each, every 10th with a
# postmortem) for measuring stats/search/export at scale. Usage:
#   generate-journal.sh INCIDENT_BINARY JOURNAL [N]
# Text is drawn from a fixed vocabulary by the incident's number, so every run is the same. The full-text index is filled by the journal's own triggers.
set -euo pipefail
incident=$1 journal=$2 n=${3:-100000}
rm -f "$journal"
INCIDENT_DB=$journal "$incident" -q config set name "Generated" >/dev/null
words="api database network latency timeout disk memory cpu deploy rollback certificate dns
login checkout payments search cache queue worker storage backup replica failover firewall ddos
router switch kernel upgrade migration index query lock deadlock outage degraded partial
customers errors requests traffic region zone cluster node pod container registry build ci
email sms webhook billing invoice export import report dashboard alert pager oncall vendor
provider upstream downstream mitigation monitoring investigating identified resolved restored"
values=$(for w in $words; do printf "('%s')," "$w"; done)
count=$(wc -w <<<"$words")
sqlite3 "$journal" >/dev/null <<SQL
PRAGMA journal_mode = DELETE;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE vocab (w TEXT);
INSERT INTO vocab VALUES ${values%,};
CREATE TEMP TABLE v AS SELECT row_number() OVER () - 1 AS i, w FROM vocab;
WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < $n)
INSERT INTO incidents (id, title, impact, status, created_at, resolved_at, updated_at)
SELECT k,
       (SELECT w FROM v WHERE i = (k * 7) % $count) || ' ' || (SELECT w FROM v WHERE i = (k * 13) % $count) || ' incident',
       CASE k % 4 WHEN 0 THEN 'none' WHEN 1 THEN 'minor' WHEN 2 THEN 'major' ELSE 'critical' END,
       CASE WHEN k % 50 = 0 THEN 'investigating' ELSE 'resolved' END,
       1262304000 + k * 3000,
       CASE WHEN k % 50 = 0 THEN NULL ELSE 1262304000 + k * 3000 + (k * 97) % 86400 + 60 END,
       1262304000 + k * 3000 + (k * 97) % 86400 + 60
FROM n;
INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author)
SELECT id, 'investigating',
       'We are investigating ' || (SELECT w FROM v WHERE i = (id * 11) % $count) || ' problems affecting ' ||
       (SELECT w FROM v WHERE i = (id * 17) % $count) || ' and ' || (SELECT w FROM v WHERE i = (id * 19) % $count) || '.',
       created_at, created_at, 'gen' FROM incidents;
INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author)
SELECT id, 'identified',
       'The cause is a ' || (SELECT w FROM v WHERE i = (id * 23) % $count) || ' ' || (SELECT w FROM v WHERE i = (id * 29) % $count) ||
       ' issue at our ' || (SELECT w FROM v WHERE i = (id * 31) % $count) || ' provider; a fix is being rolled out.',
       created_at + 600, created_at + 600, 'gen' FROM incidents;
INSERT INTO updates (incident_id, status, body, posted_at, recorded_at, author)
SELECT id, 'resolved', 'This incident has been resolved.', resolved_at, resolved_at, 'gen'
FROM incidents WHERE resolved_at IS NOT NULL;
INSERT INTO postmortems (incident_id, body, posted_at, recorded_at)
SELECT id, 'Postmortem: ' || (SELECT w FROM v WHERE i = (id * 37) % $count) || ' failed after a ' ||
       (SELECT w FROM v WHERE i = (id * 41) % $count) || ' change. We will add ' ||
       (SELECT w FROM v WHERE i = (id * 43) % $count) || ' checks.', updated_at, updated_at
FROM incidents WHERE id % 10 = 0;
COMMIT;
SQL
