#!/usr/bin/env python3
"""Imports each real Statuspage document (tests/import/statuspage/) into a fresh journal,
exports it as JSON and compares the export with the source field by field, incident by
incident (matched through the ids `import --json` reports): name, status, impact, shortlink,
display times to the millisecond, bodies, affected components' new_status, maintenance
windows (a maintenance listed under both lists), and the page's id, name and url. Every
difference is one line; the lines must equal expected-differences.txt, so a difference the journal starts keeping (or starts losing) shows up as a change to that file.

    compare.py INCIDENT_BINARY [--update]
"""
import json, os, subprocess, sys, tempfile
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DOCS = os.path.join(HERE, "statuspage")
EXPECTED = os.path.join(DOCS, "expected-differences.txt")
FILES = ["circleci-2016.json", "cloudflare-2018.json", "discord-2022-incidents.json",
         "discord-2022-scheduled-maintenances.json", "emma-2019.json", "github-2024-incidents.json",
         "quay-2016.json", "telerik-2016.json"]


def ms(text):
    """An ISO time as milliseconds since the epoch, None for null."""
    if text is None:
        return None
    return round(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


def show(t):
    return "null" if t is None else datetime.utcfromtimestamp(t / 1000).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t % 1000)


def items(doc):
    if isinstance(doc, list):
        return [("incidents", i) for i in doc]
    out = [("incidents", i) for i in doc.get("incidents") or []]
    return out + [("scheduled_maintenances", i) for i in doc.get("scheduled_maintenances") or []]


def by_created(updates):
    # Oldest first: created_at, then the source's own order reversed (newest first).
    indexed = list(enumerate(updates))
    return [u for _, u in sorted(indexed, key=lambda p: (ms(p[1].get("created_at") or p[1].get("display_at")), -p[0]))]


def compare(name, incident_bin, work):
    db = os.path.join(work, name + ".db")
    run = lambda *args: subprocess.run([incident_bin, "--db", db, *args], capture_output=True, text=True,
                                       env=dict(os.environ, TZ="UTC", INCIDENT_NOW="2030-01-01T00:00:00Z"))
    r = run("--json", "import", os.path.join(DOCS, name))
    if r.returncode != 0:
        return [f"{name}: import failed: {r.stderr.strip()}"]
    ids = {s["source_id"]: s["id"] for s in json.loads(r.stdout)["imported"]}
    exported = json.loads(run("export", "--format", "json").stdout)
    # A maintenance is listed under "incidents" and again under "scheduled_maintenances"
    # (Statuspage's incidents.json lists maintenances among the incidents): both must hold it.
    ours, kinds = {}, {}
    for k, i in items(exported):
        ours[i["id"]] = i
        kinds.setdefault(i["id"], set()).add(k)
    with open(os.path.join(DOCS, name), encoding="utf-8") as f:
        source = json.load(f)
    diffs = []
    if isinstance(source, dict) and "page" in source:
        for field in ("id", "name", "url"):
            if field in source["page"] and source["page"][field] != exported["page"].get(field):
                diffs.append(f"{name}: page {field}: {json.dumps(source['page'][field])} -> "
                             f"{json.dumps(exported['page'].get(field))}")
    for kind, src in items(source):
        where = f"{name}: {kind} {src['id']}"
        if src["id"] not in ids:
            diffs.append(f"{where}: not imported")
            continue
        mine, our_kinds = ours[ids[src["id"]]], kinds[ids[src["id"]]]
        if kind not in our_kinds:
            diffs.append(f"{where}: exported under {' and '.join(sorted(our_kinds))}")
        maintenance = "scheduled_for" in mine
        if maintenance and our_kinds != {"incidents", "scheduled_maintenances"}:
            diffs.append(f"{where}: a maintenance exported only under {' and '.join(sorted(our_kinds))}")
        for field in ("name", "status", "impact", "shortlink"):
            if src.get(field) != mine.get(field):
                diffs.append(f"{where}: {field}: {json.dumps(src.get(field))} -> {json.dumps(mine.get(field))}")
        for field in ("scheduled_for", "scheduled_until", "started_at"):
            if field in src and ms(src[field]) != ms(mine.get(field)):
                diffs.append(f"{where}: {field}: {show(ms(src[field]))} -> {show(ms(mine.get(field)))}")
        theirs_u, ours_u = by_created(src["incident_updates"]), by_created(mine["incident_updates"])
        if len(theirs_u) != len(ours_u):
            diffs.append(f"{where}: {len(theirs_u)} updates -> {len(ours_u)}")
        for su, ou in zip(theirs_u, ours_u):
            uw = f"{where}: update {su['id']}"
            if su["status"] != ou["status"]:
                diffs.append(f"{uw}: status: {su['status']} -> {ou['status']}")
            if su["body"] != ou["body"]:
                diffs.append(f"{uw}: body differs")
            if ms(su.get("display_at")) != ms(ou.get("display_at")):
                diffs.append(f"{uw}: display_at: {show(ms(su.get('display_at')))} -> {show(ms(ou.get('display_at')))}")
            mine_c = {c.get("code"): c for c in ou.get("affected_components") or []}
            mine_n = {c.get("name"): c for c in ou.get("affected_components") or []}
            for c in su.get("affected_components") or []:
                if "new_status" not in c:
                    continue
                o = mine_c.get(c.get("code")) or mine_n.get(c["name"])
                got = o.get("new_status") if o else None
                if got != c["new_status"]:
                    diffs.append(f"{uw}: {c['name']}: new_status {c['new_status']} -> {got or 'absent'}")
    return diffs


def main():
    incident_bin, update = sys.argv[1], "--update" in sys.argv[2:]
    with tempfile.TemporaryDirectory() as work:
        lines = [d for name in FILES for d in compare(name, incident_bin, work)]
    text = "".join(l + "\n" for l in lines)
    if update:
        with open(EXPECTED, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"{len(lines)} differences written to {EXPECTED}")
        return 0
    with open(EXPECTED, encoding="utf-8") as f:
        expected = f.read()
    if text == expected:
        print(f"{len(lines)} known differences, as expected-differences.txt lists")
        return 0
    import difflib
    sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                               "expected-differences.txt", "now"))
    return 1


sys.exit(main())
