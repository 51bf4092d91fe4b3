#!/usr/bin/env python3
"""Checks a status site that `incident site -o DIR` wrote.

Usage: check_site.py links|csp|feeds|shape|inert DIR [STATUSPAGE_DIR]
  links  follows every link of every page (href, src) and fails on a broken local one, on a
         link out of DIR, and on any external URL other than a link (<a href>) that an update
         body holds (those are the user's, and the browser only follows them when clicked)
  csp    every page has the CSP meta, no <script>, no inline style, and site.css loads nothing
  feeds  history.atom and each components/*.atom parse as XML and hold what RFC 4287 requires
         (feed and entry id, title, updated as RFC 3339; entry alternate links resolving to
         pages); history.rss as RSS 2.0 (channel title, link, description; items with title,
         link, guid, pubDate as RFC 822)
  shape  every API v2 document has the keys and JSON types of the real Statuspage documents in
         STATUSPAGE_DIR (see SHAPES below for which document each endpoint is compared with)
  inert  no page has an element, attribute or link a payload could have made: only known
         elements, no event handlers, links only to http(s), mailto, fragments or the site
Prints what is wrong and exits 1, or exits 0.
"""
import email.utils
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote

problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []  # (tag, attrs, inside an update body)
        self.stack = []
        self.body_depth = None

    def handle_starttag(self, tag, attrs):
        in_body = self.body_depth is not None
        self.elements.append((tag, dict(attrs), in_body))
        if tag in ("meta", "link", "br", "img", "hr", "input", "rect", "path", "circle"):
            return
        self.stack.append(tag)
        cls = dict(attrs).get("class", "") or ""
        if self.body_depth is None and "update-body" in cls.split():
            self.body_depth = len(self.stack)

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), self.body_depth is not None))

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if self.body_depth is not None and len(self.stack) < self.body_depth:
                self.body_depth = None
            if top == tag:
                break


def pages(root):
    for dirpath, _, files in os.walk(root):
        for f in sorted(files):
            if f.endswith(".html"):
                yield os.path.join(dirpath, f)


def parse(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    p.close()
    return p


def is_external(url):
    parts = urlsplit(url)
    return bool(parts.scheme) or url.startswith("//")


def local_target(root, page, url):
    """The file a relative link names, or None when it leaves the site."""
    path = unquote(urlsplit(url).path)
    if not path:
        return page
    target = os.path.normpath(os.path.join(os.path.dirname(page), path))
    if os.path.commonpath([os.path.abspath(root), os.path.abspath(target)]) != os.path.abspath(root):
        return None
    return target


def check_links(root):
    count = 0
    for page in pages(root):
        rel = os.path.relpath(page, root)
        for tag, attrs, in_body in parse(page).elements:
            for name in ("href", "src", "srcset", "poster", "data", "action", "formaction", "xlink:href"):
                url = attrs.get(name)
                if url is None:
                    continue
                count += 1
                if url.startswith("data:"):
                    expect(tag == "link" and attrs.get("rel") == "icon" and url == "data:,",
                           f"{rel}: a data: URL on <{tag} {name}>")
                    continue
                if is_external(url):
                    expect(tag == "a" and name == "href" and in_body,
                           f"{rel}: external URL {url!r} on <{tag} {name}> outside an update body")
                    continue
                if url.startswith("#"):
                    continue
                target = local_target(root, page, url)
                expect(target is not None, f"{rel}: link {url!r} leaves the site")
                if target is not None:
                    expect(os.path.isfile(target), f"{rel}: broken link {url!r}")
    expect(count > 0, "no links found at all")
    return count


CSP = "default-src 'none'; style-src 'self'; img-src data:; base-uri 'none'; form-action 'none'"


def check_csp(root):
    for page in pages(root):
        rel = os.path.relpath(page, root)
        elements = parse(page).elements
        csp = [a.get("content") for t, a, _ in elements
               if t == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"]
        expect(csp == [CSP], f"{rel}: CSP is {csp}")
        expect(not any(t in ("script", "style", "iframe", "object", "embed", "img") for t, _, _ in elements),
               f"{rel}: a script, style, frame or image element")
        expect(not any("style" in a for _, a, _ in elements), f"{rel}: an inline style attribute")
        sheets = [a.get("href") for t, a, _ in elements if t == "link" and a.get("rel") == "stylesheet"]
        expect(len(sheets) == 1 and not is_external(sheets[0]) and
               local_target(root, page, sheets[0]) == os.path.join(os.path.normpath(root), "site.css"),
               f"{rel}: style sheets {sheets}")
    with open(os.path.join(root, "site.css"), encoding="utf-8") as f:
        css = f.read()
    expect("url(" not in css and "@import" not in css and "@font-face" not in css,
           "site.css loads something")


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def check_atom(root, path):
    rel = os.path.relpath(path, root)
    tree = ET.parse(path)
    feed = tree.getroot()
    expect(feed.tag == ATOM + "feed", f"{rel}: root is {feed.tag}")
    for name in ("id", "title", "updated"):
        expect(feed.find(ATOM + name) is not None, f"{rel}: feed without <{name}>")
    expect(RFC3339.match(feed.findtext(ATOM + "updated") or ""), f"{rel}: feed updated is not RFC 3339")
    expect(feed.find(ATOM + "author") is not None, f"{rel}: feed without an author")
    ids = []
    for entry in feed.findall(ATOM + "entry"):
        for name in ("id", "title", "updated", "published"):
            expect(entry.find(ATOM + name) is not None, f"{rel}: entry without <{name}>")
        for name in ("updated", "published"):
            expect(RFC3339.match(entry.findtext(ATOM + name) or ""), f"{rel}: entry {name} is not RFC 3339")
        ids.append(entry.findtext(ATOM + "id"))
        content = entry.find(ATOM + "content")
        expect(content is not None and content.get("type") == "html", f"{rel}: entry content is not html")
        links = [l.get("href") for l in entry.findall(ATOM + "link") if l.get("rel") == "alternate"]
        expect(len(links) == 1, f"{rel}: entry alternate links {links}")
        for href in links:
            if not is_external(href):
                target = local_target(root, path, href)
                expect(target is not None and os.path.isfile(target), f"{rel}: broken entry link {href}")
    expect(len(ids) == len(set(ids)), f"{rel}: duplicate entry ids")
    return len(ids)


def check_rss(root, path):
    rel = os.path.relpath(path, root)
    rss = ET.parse(path).getroot()
    expect(rss.tag == "rss" and rss.get("version") == "2.0", f"{rel}: not RSS 2.0")
    channel = rss.find("channel")
    expect(channel is not None, f"{rel}: no channel")
    if channel is None:
        return 0
    for name in ("title", "link", "description"):
        expect((channel.findtext(name) or "").strip(), f"{rel}: channel without <{name}>")
    build = channel.findtext("lastBuildDate")
    expect(build is not None and email.utils.parsedate_to_datetime(build) is not None,
           f"{rel}: lastBuildDate {build!r} is not RFC 822")
    items = channel.findall("item")
    for item in items:
        for name in ("title", "link", "guid", "pubDate", "description"):
            expect(item.find(name) is not None, f"{rel}: item without <{name}>")
        date = item.findtext("pubDate") or ""
        try:
            email.utils.parsedate_to_datetime(date)
        except (TypeError, ValueError):
            problems.append(f"{rel}: pubDate {date!r} is not RFC 822")
        link = item.findtext("link") or ""
        if not is_external(link):
            target = local_target(root, path, link)
            expect(target is not None and os.path.isfile(target), f"{rel}: broken item link {link}")
    return len(items)


def check_feeds(root):
    entries = check_atom(root, os.path.join(root, "history.atom"))
    items = check_rss(root, os.path.join(root, "history.rss"))
    expect(entries == items, f"history.atom has {entries} entries, history.rss {items} items")
    components = os.path.join(root, "components")
    feeds = sorted(os.listdir(components)) if os.path.isdir(components) else []
    for f in feeds:
        check_atom(root, os.path.join(components, f))
    summary = json.load(open(os.path.join(root, "api/v2/components.json"), encoding="utf-8"))
    members = [c["id"] for c in summary["components"] if not c["group"]]
    expect(sorted(f[:-5] for f in feeds) == sorted(members),
           f"component feeds {feeds} do not match the components {members}")


# Which real document each endpoint is compared with. Keys: every key the real objects have
# must be in ours, with a JSON type the real ones had (NULLABLE adds null where the API
# documentation allows it but the saved documents happen not to show it). Our objects may
# carry only the EXTRA keys besides.
#   - incidents.json, incidents/unresolved.json: the current incidents.json documents
#     (GitHub 2024, Discord 2022, Cloudflare 2018, Emma 2019), keys common to all of them,
#     plus those of the newest (GitHub 2024) for incidents and their components
#   - scheduled-maintenances*.json: Discord 2022's scheduled-maintenances.json
#   - components.json: GitHub 2024's components.json
#   - summary.json: the page/components/incidents/scheduled_maintenances shapes above, and
#     the status object of CircleCI's 2016 summary.json (the only saved summary with one)
#   - status.json: no saved copy; Statuspage's public API v2 documentation: {page, status}
#     with status {indicator, description} as in summary.json
INCIDENT_DOCS = ["github-2024-incidents.json", "discord-2022-incidents.json",
                 "cloudflare-2018.json", "emma-2019.json"]
NULLABLE = {"resolved_at", "monitoring_at", "description", "group_id", "start_date", "shortlink",
            "affected_components", "postmortem_body", "postmortem_published_at", "started_at"}
EXTRA = {
    # the export's own fields, also in Statuspage's 2016 documents (CircleCI, Quay)
    "incident": {"postmortem_body", "postmortem_published_at", "scheduled_for", "scheduled_until"},
    "component": {"components"},  # a group's members (Statuspage's groups carry them)
    "update": set(), "affected": set(), "page": set(), "status": set(),
}
# Keys of one document only, left out on purpose.
OMITTED = {"automation_email",  # Cloudflare 2018 only: an address, later removed by Cloudflare
           "reminder_intervals"}  # GitHub 2024 only: maintenance reminders, not kept


def jtype(v):
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null",
            int: "number", float: "number"}[type(v)]


class Shape:
    def __init__(self):
        self.keys = {}  # kind -> {key: set of types}

    def add(self, kind, obj):
        known = self.keys.setdefault(kind, {})
        for k, v in obj.items():
            if k in OMITTED:
                continue
            known.setdefault(k, set()).add(jtype(v))


def walk_incident(shape, inc, kind="incident"):
    shape.add(kind, inc)
    for u in inc.get("incident_updates") or []:
        shape.add("update", u)
        for a in u.get("affected_components") or []:
            if "code" in a:  # the 2016 placeholder {name} is not a component
                shape.add("affected", a)
    for c in inc.get("components") or []:
        shape.add("component", c)


def reference(sp):
    """Required keys per kind: those every current document has, typed by all of them."""
    per_doc = []
    for name in INCIDENT_DOCS + ["discord-2022-scheduled-maintenances.json", "github-2024-components.json"]:
        doc = json.load(open(os.path.join(sp, name), encoding="utf-8"))
        s = Shape()
        s.add("page", doc["page"])
        for inc in doc.get("incidents") or []:
            walk_incident(s, inc)
        for m in doc.get("scheduled_maintenances") or []:
            walk_incident(s, m, "maintenance")
        for c in doc.get("components") or []:
            s.add("component", c)
        per_doc.append(s)
    circleci = json.load(open(os.path.join(sp, "circleci-2016.json"), encoding="utf-8"))
    status = Shape()
    status.add("status", circleci["status"])
    per_doc.append(status)
    required, types = {}, {}
    for s in per_doc:
        for kind, keys in s.keys.items():
            for k, t in keys.items():
                types.setdefault(kind, {}).setdefault(k, set()).update(t)
    for kind in types:
        docs = [s.keys[kind] for s in per_doc if kind in s.keys]
        common = set.intersection(*(set(d) for d in docs))
        # The newest incidents.json (GitHub 2024) names the current fields.
        required[kind] = common | (set(per_doc[0].keys.get(kind, {})) if kind in ("incident", "component", "update") else set())
    # A maintenance is an incident with its window.
    required["maintenance"] = required["incident"] | {"scheduled_for", "scheduled_until"}
    types["maintenance"] = {**types["incident"], **types.get("maintenance", {})}
    return required, types


def check_object(where, kind, obj, required, types):
    expect(isinstance(obj, dict), f"{where}: not an object")
    if not isinstance(obj, dict):
        return
    want = required[kind]
    for k in sorted(want - set(obj)):
        problems.append(f"{where}: missing key {k!r}")
    allowed = set(types[kind]) | EXTRA.get(kind, set()) | (EXTRA["incident"] if kind == "maintenance" else set())
    for k, v in obj.items():
        expect(k in allowed, f"{where}: key {k!r} is in no real {kind}")
        if k in types[kind]:
            ok = types[kind][k] | ({"null"} if k in NULLABLE else set())
            expect(jtype(v) in ok, f"{where}.{k}: {jtype(v)}, the real documents have {sorted(ok)}")


def check_incident(where, kind, inc, required, types):
    check_object(where, kind, inc, required, types)
    for i, u in enumerate(inc.get("incident_updates") or []):
        check_object(f"{where}.incident_updates[{i}]", "update", u, required, types)
        for j, a in enumerate(u.get("affected_components") or []):
            check_object(f"{where}.incident_updates[{i}].affected_components[{j}]", "affected", a, required, types)
    for i, c in enumerate(inc.get("components") or []):
        check_object(f"{where}.components[{i}]", "component", c, required, types)


def check_shape(root, sp):
    required, types = reference(sp)
    api = os.path.join(root, "api", "v2")
    documents = {
        "summary.json": ["page", "components", "incidents", "scheduled_maintenances", "status"],
        "status.json": ["page", "status"],
        "components.json": ["page", "components"],
        "incidents.json": ["page", "incidents"],
        "incidents/unresolved.json": ["page", "incidents"],
        "scheduled-maintenances.json": ["page", "scheduled_maintenances"],
        "scheduled-maintenances/upcoming.json": ["page", "scheduled_maintenances"],
        "scheduled-maintenances/active.json": ["page", "scheduled_maintenances"],
    }
    checked = 0
    for name, keys in documents.items():
        with open(os.path.join(api, name), encoding="utf-8") as f:
            doc = json.load(f)
        expect(list(doc) == keys, f"{name}: top-level keys {list(doc)}, expected {keys}")
        check_object(f"{name}.page", "page", doc["page"], required, types)
        if "status" in doc:
            check_object(f"{name}.status", "status", doc["status"], required, types)
            expect(doc["status"].get("indicator") in ("none", "minor", "major", "critical", "maintenance"),
                   f"{name}: indicator {doc['status'].get('indicator')!r}")
        for i, c in enumerate(doc.get("components") or []):
            check_object(f"{name}.components[{i}]", "component", c, required, types)
            checked += 1
        for i, inc in enumerate(doc.get("incidents") or []):
            kind = "maintenance" if "scheduled_for" in inc else "incident"
            check_incident(f"{name}.incidents[{i}]", kind, inc, required, types)
            checked += 1
        for i, m in enumerate(doc.get("scheduled_maintenances") or []):
            check_incident(f"{name}.scheduled_maintenances[{i}]", "maintenance", m, required, types)
            checked += 1
    unresolved = json.load(open(os.path.join(api, "incidents/unresolved.json"), encoding="utf-8"))
    expect(all(i["status"] in ("investigating", "identified", "monitoring") for i in unresolved["incidents"]),
           "unresolved.json lists a resolved incident")
    expect(checked > 0, "no objects were checked")


SAFE_TAGS = {"html", "head", "body", "meta", "title", "link", "main", "nav", "article", "header",
             "footer", "section", "figure", "figcaption", "div", "p", "h1", "h2", "h3", "h4", "h5",
             "h6", "ul", "ol", "li", "em", "strong", "del", "code", "pre", "a", "br", "time", "span",
             "svg", "g", "rect", "title", "desc", "bdi", "blockquote", "hr", "table", "thead",
             "tbody", "tr", "th", "td", "input"}


def check_inert(root):
    for page in pages(root):
        rel = os.path.relpath(page, root)
        for tag, attrs, _ in parse(page).elements:
            expect(tag in SAFE_TAGS, f"{rel}: unexpected element <{tag}> {attrs}")
            if tag == "input":
                expect(attrs.get("type") == "checkbox" and "disabled" in attrs, f"{rel}: an active <input>")
            for name, value in attrs.items():
                expect(not name.startswith("on"), f"{rel}: event handler {name}={value!r} on <{tag}>")
                expect(name not in ("src", "srcdoc", "action", "formaction", "xlink:href", "style"),
                       f"{rel}: attribute {name} on <{tag}>")
            if tag == "a":
                href = attrs.get("href", "")
                expect(href.startswith(("https://", "http://", "mailto:", "#")) or not is_external(href),
                       f"{rel}: link to {href!r}")
                expect(not href.lower().startswith(("javascript:", "data:", "vbscript:")), f"{rel}: link to {href!r}")


def main():
    mode, root = sys.argv[1], sys.argv[2]
    if mode == "links":
        check_links(root)
    elif mode == "csp":
        check_csp(root)
    elif mode == "feeds":
        check_feeds(root)
    elif mode == "shape":
        check_shape(root, sys.argv[3])
    elif mode == "inert":
        check_inert(root)
    else:
        print(f"unknown mode {mode}")
        return 2
    if problems:
        print(f"{mode}: {len(problems)} problem(s) in {root}:")
        for p in problems[:50]:
            print("  - " + p)
        return 1
    print(f"{mode}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
