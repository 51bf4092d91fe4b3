#!/usr/bin/env python3
"""Checks exports of a journal full of injection payloads (see injection.sh).

Usage: check_injection.py MODE FILE [TITLES_HEX [BODIES_HEX | IDS]]
  json   the JSON export parses; every title and update body comes back verbatim
  atom   the feed parses (xml.etree); entry titles are the titles; content holds no live markup
  md     the Markdown, rendered by cmark --unsafe, holds no live markup; every title is text
  html   the HTML report holds no live markup; every title is shown as text
  dom    a DOM dumped by headless Chromium: no payload ran, no live markup, titles present
  page-md / page-atom  print an HTML page of the rendered Markdown / the feed's content
TITLES_HEX and BODIES_HEX are "id|hex" lines from sqlite3. IDS: comma-separated ids whose
titles must be present (default: all). Prints each problem; exits 1 if there is any.
"""
import html
import html.parser
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
# Tags user text may end up in once rendered (by the report itself or by cmark).
TEXT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "code", "em",
             "strong", "blockquote", "hr", "pre", "br", "small", "span", "div", "section"}
# What the HTML report's own frame may add around them.
REPORT_TAGS = TEXT_TAGS | {"bdi", "html", "head", "meta", "title", "style", "body", "header", "main",
                           "article", "footer", "time", "nav", "svg", "g", "rect", "line",
                           "text", "circle", "path", "polyline", "tspan", "dl", "dt", "dd",
                           "b", "i", "figure", "figcaption", "abbr", "table", "thead", "tbody",
                           "tr", "th", "td", "desc", "aside"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "#")
problems = []


def problem(message):
    problems.append(message)
    print("PROBLEM:", message)


def read_hex(path):
    out = []
    for line in open(path, encoding="ascii"):
        ident, _, value = line.rstrip("\n").partition("|")
        out.append((int(ident), bytes.fromhex(value).decode("utf-8")))
    return out


def normalize(text):
    """Text as a reader sees it: controls dropped, any run of whitespace one space."""
    # Controls may be dropped, or shown as U+FFFD or ^X: compare without them.
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]|\^[@-_?]", "", text)
    return " ".join(text.replace("\u2028", " ").replace("\u2029", " ").split())


class Markup(html.parser.HTMLParser):
    """Collects what could run or load in a document, and its text."""

    def __init__(self, allowed, frame=False):
        super().__init__(convert_charrefs=True)
        self.allowed, self.frame = allowed, frame
        self.text, self.in_style_or_title, self.tags = [], 0, set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag not in self.allowed:
            problem(f"{where}: tag <{tag}> {attrs}")
        if tag in ("style", "title", "script"):
            self.in_style_or_title += 1
        for name, value in attrs:
            if name.startswith("on"):
                problem(f"{where}: event handler {name}={value!r} on <{tag}>")
            if name.startswith("data-pwned"):
                problem(f"{where}: a payload ran: {name}={value!r} on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "background",
                        "poster", "srcdoc"):
                v = re.sub(r"[\x00-\x20]", "", value or "").lower()
                if not v.startswith(SAFE_SCHEMES):
                    problem(f"{where}: {name}={value!r} on <{tag}>")
            if tag == "meta" and name == "http-equiv" and (value or "").lower() == "refresh":
                problem(f"{where}: meta refresh")
            if name == "style" and "url(" in (value or "").lower():
                problem(f"{where}: style with url() on <{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("style", "title", "script"):
            self.in_style_or_title -= 1

    def handle_endtag(self, tag):
        if tag in ("style", "title", "script"):
            self.in_style_or_title = max(0, self.in_style_or_title - 1)

    def handle_data(self, data):
        if not self.in_style_or_title:
            self.text.append(data)

    def handle_comment(self, data):
        if not self.frame:
            problem(f"{where}: comment <!--{data[:60]}-->")


def scan(markup, allowed, frame=False):
    m = Markup(allowed, frame)
    m.feed(markup)
    m.close()
    return normalize(" ".join(m.text)), m.tags


def expect_titles(text, titles, ids=None):
    # Renderers may fold or drop whitespace (a tab in a heading): compare without it.
    bare = "".join(text.split())
    missing = [i for i, t in titles
               if (ids is None or i in ids) and "".join(normalize(t).split()) not in bare]
    for i in missing:
        problem(f"{where}: title of incident {i} is not shown as text: {normalize(dict(titles)[i])[:80]!r}")
    return len(missing) == 0


def cmark(markdown):
    return subprocess.run(["cmark", "--unsafe"], input=markdown, capture_output=True, text=True,
                          check=True).stdout


def atom_contents(path):
    root = ET.parse(path).getroot()
    return root, [(e.findtext(f"{ATOM}title") or "", e.findtext(f"{ATOM}content") or "")
                  for e in root.iter(f"{ATOM}entry")]


mode, path = sys.argv[1], sys.argv[2]
where = f"{mode} {path}"
titles = read_hex(sys.argv[3]) if len(sys.argv) > 3 else []

if mode == "json":
    doc = json.load(open(path, encoding="utf-8"))
    by_id = {int(i["id"]): i for i in doc["incidents"]}
    for ident, title in titles:
        inc = by_id.get(ident)
        if inc is None:
            problem(f"{where}: incident {ident} missing")
        elif inc["name"] != title:
            problem(f"{where}: incident {ident} name {inc['name']!r} != {title!r}")
    for ident, body in read_hex(sys.argv[4]):
        bodies = [u["body"] for u in by_id.get(ident, {}).get("incident_updates", [])]
        if body not in bodies:
            problem(f"{where}: an update body of incident {ident} is not verbatim: {body[:60]!r}")
        if by_id.get(ident, {}).get("postmortem_body") != body:
            problem(f"{where}: postmortem of incident {ident} is not verbatim")
elif mode == "atom":
    root, entries = atom_contents(path)
    shown = {normalize(t) for t, _ in entries}
    for ident, title in titles:
        if normalize(title) not in shown:
            problem(f"{where}: no entry titled {normalize(title)[:80]!r}")
    for title, content in entries:
        where = f"atom entry {title[:30]!r}"
        scan(content, TEXT_TAGS)
elif mode == "md":
    text, tags = scan(cmark(open(path, encoding="utf-8").read()), TEXT_TAGS)
    if "all" in path:
        expect_titles(text, titles)
    print(f"{where}: tags {sorted(tags)}")
elif mode == "html":
    text, tags = scan(open(path, encoding="utf-8").read(), REPORT_TAGS, frame=True)
    scripts = open(path, encoding="utf-8").read().lower().count("<script")
    if scripts:
        problem(f"{where}: {scripts} <script> in the report")
    if "all" in path:
        expect_titles(text, titles)
    print(f"{where}: tags {sorted(tags)}")
elif mode == "dom":
    text, tags = scan(open(path, encoding="utf-8").read(), REPORT_TAGS, frame=True)
    page = sys.argv[4] if len(sys.argv) > 4 else ""
    if "one" not in page:
        expect_titles(text, titles)
    print(f"{where}: tags {sorted(tags)}")
elif mode == "page-md":
    print("<!DOCTYPE html><html><head><meta charset=utf-8><title>md</title></head><body>")
    print(cmark(open(path, encoding="utf-8").read()))
    print("</body></html>")
elif mode == "page-atom":
    _, entries = atom_contents(path)
    print("<!DOCTYPE html><html><head><meta charset=utf-8><title>atom</title></head><body>")
    for title, content in entries:
        print(f"<section><h2>{html.escape(title)}</h2>{content}</section>")
    print("</body></html>")
else:
    sys.exit(f"unknown mode {mode}")

if problems:
    print(f"{where}: {len(problems)} problem(s)")
    sys.exit(1)
print(f"{where}: ok")
