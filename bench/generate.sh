#!/usr/bin/env bash
# Usage: generate.sh INCIDENT_BINARY N OUT.db
# Writes a journal of N incidents with 10 updates each, rows exactly as the store writes them:
# the binary creates the schema (all its migrations), then one sqlite3 script fills it.
# Every 100th incident (and the newest) stays open; every 50th has a postmortem.
set -euo pipefail
bin=$1 n=$2 out=$3
rm -f "$out" "$out-journal"
"$bin" --db "$out" config set name "Bench Cloud" >/dev/null
"$bin" --db "$out" config set timezone Europe/Stockholm >/dev/null
sqlite3 -bail "$out" >/dev/null <<SQL
PRAGMA synchronous = OFF;
PRAGMA journal_mode = OFF;
BEGIN;
-- Incidents start an hour apart from 2015-01-01; updates follow every 10 minutes. Times are
-- milliseconds since the epoch, as the store keeps them (schema 5 on).
CREATE TEMP TABLE gen AS
WITH RECURSIVE i(n) AS (SELECT 1 WHERE $n > 0 UNION ALL SELECT n + 1 FROM i WHERE n < $n)
SELECT n,
       (1420070400 + n * 3600) * 1000 AS created,
       (n % 100 = 0 OR n = $n) AS still_open
FROM i;
INSERT INTO incidents (id, title, impact, status, created_at, resolved_at, updated_at,
                       monitoring_at)
SELECT n,
       printf('Elevated error rates on %s (%d)',
              CASE n % 4 WHEN 0 THEN 'the API' WHEN 1 THEN 'the dashboard'
                         WHEN 2 THEN 'webhooks' ELSE 'login' END, n),
       CASE n % 4 WHEN 0 THEN 'none' WHEN 1 THEN 'minor' WHEN 2 THEN 'major' ELSE 'critical' END,
       CASE WHEN still_open THEN 'monitoring' ELSE 'resolved' END,
       created,
       CASE WHEN still_open THEN NULL ELSE created + 9 * 600000 END,
       created + 9 * 600000 + CASE WHEN n % 50 = 0 AND NOT still_open THEN 3600000 ELSE 0 END,
       created + 3 * 600000  -- the fourth update is the first in monitoring
FROM gen;
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 9)
INSERT INTO updates (id, incident_id, status, body, posted_at, recorded_at, author,
                     idempotency_key)
SELECT (n - 1) * 10 + j + 1,
       n,
       CASE WHEN j = 0 THEN 'investigating' WHEN j < 3 THEN 'identified'
            WHEN j < 9 OR still_open THEN 'monitoring' ELSE 'resolved' END,
       printf('Update %d on incident %d: we are seeing **elevated error rates** for a subset of ' ||
              'customers in eu-west. Engineers are working on it; see ' ||
              '[the runbook](https://example.com/runbooks/%d) for details.%s',
              j + 1, n, n % 7, CASE WHEN j % 3 = 0 THEN char(10) || char(10) ||
              '- requests time out after 30 s' || char(10) || '- retries succeed' ELSE '' END),
       created + j * 600000,
       created + j * 600000 + 5000,
       CASE j % 3 WHEN 0 THEN 'alice' WHEN 1 THEN 'bob' ELSE 'carol' END,
       CASE WHEN j = 0 THEN printf('gen-%d', n) END
FROM gen, k
ORDER BY n, j;
-- Every component an incident names is one of the page's (the store adds it on first use).
INSERT INTO page_components (grp, name, position)
VALUES ('Cloud', 'Dashboard', 0), ('Cloud', 'Webhooks', 1), ('Cloud', 'API', 2),
       ('Network', 'Load balancers', 3);
INSERT INTO components (incident_id, position, grp, name, update_id)
SELECT n, 0, 'Cloud', CASE n % 3 WHEN 0 THEN 'API' WHEN 1 THEN 'Dashboard' ELSE 'Webhooks' END,
       (n - 1) * 10 + 1
FROM gen;
INSERT INTO components (incident_id, position, grp, name, update_id)
SELECT n, 1, 'Network', 'Load balancers', (n - 1) * 10 + 3 FROM gen WHERE n % 2 = 0;
INSERT INTO postmortems (incident_id, body, posted_at, recorded_at)
SELECT n, printf('## What happened%sA configuration change on incident %d overloaded the ' ||
                 'load balancers.%s## What we changed%s- staged roll-outs', char(10) || char(10),
                 n, char(10) || char(10), char(10) || char(10)),
       created + 9 * 600000 + 3600000, created + 9 * 600000 + 3600000
FROM gen WHERE n % 50 = 0 AND NOT still_open;
DROP TABLE gen;
COMMIT;
SQL
