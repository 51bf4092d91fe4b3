#!/usr/bin/env python3
"""Checks a DOM that headless Chromium dumped (--dump-dom) after loading an HTML export.

Usage: check_dom.py sample|payloads|history-payloads|control|csp|viewport|site-viewport DOM_FILE
  sample    the rebuilt sample incident: title, labels, bodies, Posted lines, affected line, SVG
  payloads  an export full of injection payloads: none of them became markup or ran
  history-payloads  the same journal exported as a history page
  control   a page whose script must run (proves the harness would see a script that ran)
  csp       an export with a script smuggled in after rendering: the CSP kept it from running
  viewport  viewport.html's measurements of the framed sample: it fits the width
  site-viewport  viewport-site.html's measurements of the framed status site: every component
            with 90 coloured bars spanning the width, the banner, no sideways scrolling
Prints what is wrong and exits 1, or exits 0.
"""
import json
import sys
from html.parser import HTMLParser


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Nodes and strings

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()

    def has_class(self, name):
        return name in self.attrs.get("class", "").split()


VOID = {"meta", "br", "img", "link", "input", "hr", "source", "area", "base", "col", "embed", "wbr"}


class Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(path):
    builder = Builder()
    with open(path, encoding="utf-8") as f:
        builder.feed(f.read())
    builder.close()
    return builder.root


problems = []


def expect(condition, message):
    if not condition:
        problems.append(message)


def squash(text):
    return " ".join(text.split())


def title_of(root):
    titles = [n for n in root.walk() if n.tag == "title" and n.parent.tag == "head"]
    return titles[0].text() if titles else None


def by_class(root, name):
    return [n for n in root.walk() if n.has_class(name)]


SAMPLE_UPDATES = [
    ("Resolved", "At this time, we are considering this incident resolved. There has been no impact "
     "for an extended period. In case of further impact, we will open a new incident. We will update "
     "this incident with a post mortem as soon as we have all the information.",
     "Posted Jul 02, 2019 - 11:07 CEST"),
    ("Monitoring", "Our operations provider have made several configuration changes to adjust their "
     "DDoS protection. At this time both our internal and external telemetry shows full recovery. We "
     "will actively monitor the situation for the rest of the evening and night.",
     "Posted Jul 01, 2019 - 21:25 CEST"),
    ("Identified", "Our operations provider is target of a DDoS attack. We are continuing to verify all "
     "our systems but at this time services should be back to normal. Updates will follow.",
     "Posted Jul 01, 2019 - 18:55 CEST"),
    ("Update", "We are continuing to investigate this issue.", "Posted Jul 01, 2019 - 18:30 CEST"),
    ("Investigating", "We are currently investigating this issue.", "Posted Jul 01, 2019 - 18:30 CEST"),
]


def check_sample(root):
    expect(title_of(root) == "Service interuption · Litium AB", f"document title is {title_of(root)!r}")
    h1 = [n for n in root.walk() if n.tag == "h1"]
    expect(len(h1) == 1 and squash(h1[0].text()) == "Service interuption",
           f"h1 is {[squash(n.text()) for n in h1]}")
    subtitle = by_class(root, "subtitle")
    expect(subtitle and squash(subtitle[0].text()) == "Incident Report for Litium AB",
           "no 'Incident Report for Litium AB'")
    updates = [n for n in by_class(root, "update") if not n.attrs.get("id", "").endswith("postmortem")]
    seen = []
    for u in updates:
        label = squash(by_class(u, "update-label")[0].text())
        body = squash(by_class(u, "update-body")[0].text())
        posted = squash(by_class(u, "posted")[0].text())
        seen.append((label, body, posted))
    expect(seen == SAMPLE_UPDATES,
           "updates differ from the sample:\n  got:      " + "\n            ".join(map(str, seen)) +
           "\n  expected: " + "\n            ".join(map(str, SAMPLE_UPDATES)))
    postmortems = [n for n in by_class(root, "update") if n.attrs.get("id", "").endswith("postmortem")]
    expect(len(postmortems) == 1, f"expected one postmortem, found {len(postmortems)}")
    for p in postmortems:
        expect(by_class(root, "update")[0] is p, "the postmortem is not first")
        expect(squash(by_class(p, "update-label")[0].text()) == "Postmortem", "postmortem label")
        expect(squash(by_class(p, "posted")[0].text()) == "Posted Jul 04, 2019 - 15:43 CEST",
               "postmortem Posted line")
        body = squash(by_class(p, "update-body")[0].text())
        for part in ["Post-incident report", "What happened", "Why did it happen", "Steps taken",
                     "We will continue to work with our operations provider"]:
            expect(part in body, f"postmortem lacks {part!r}")
    affected = by_class(root, "affected")
    expect(affected and squash(affected[0].text()) ==
           "This incident affected: Litium Cloud (Network & infrastructure).",
           f"affected line is {[squash(a.text()) for a in affected]}")
    svgs = [n for n in root.walk() if n.tag == "svg"]
    expect(len(svgs) == 1, f"expected one timeline SVG, found {len(svgs)}")
    if svgs:
        svg = svgs[0]
        expect(svg.attrs.get("role") == "img", "timeline SVG has no role=img")
        # The bar holds no text; its legend names each phase with its duration and start.
        expect(not [n for n in svg.walk() if n.tag == "text"], "timeline SVG holds text")
        legend = by_class(root, "legend")
        items = [squash(n.text()) for n in legend[0].walk() if n.tag == "li"] if legend else []
        for item in ["Investigating 25m Jul 01 18:30", "Identified 2h 30m Jul 01 18:55",
                     "Monitoring 13h 42m Jul 01 21:25", "Resolved Jul 02 11:07"]:
            expect(item in items, f"timeline legend lacks {item!r} (has {items})")
        desc = [squash(n.text()) for n in svg.children if isinstance(n, Node) and n.tag == "desc"]
        expect(desc and desc[0].endswith("Total duration 16h 37m."), f"timeline desc is {desc}")
    caption = [squash(n.text()) for n in root.walk() if n.tag == "figcaption"]
    expect(caption and "Total duration 16h 37m" in caption[0], f"figcaption is {caption}")
    check_inert(root, "Service interuption · Litium AB")


SAFE_TAGS = {"html", "head", "body", "meta", "title", "style", "main", "article", "header", "footer",
             "section", "figure", "figcaption", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
             "ol", "li", "em", "strong", "code", "pre", "a", "br", "time", "span", "svg", "g", "rect",
             "circle", "text", "desc", "bdi"}


def check_inert(root, title):
    """Nothing in the page is active: only expected elements, no handlers, only safe links."""
    for n in root.walk():
        if n.tag == "#document":
            continue
        expect(n.tag in SAFE_TAGS, f"unexpected element <{n.tag}> {n.attrs}")
        for name, value in n.attrs.items():
            expect(not name.startswith("on"), f"event handler {name}={value!r} on <{n.tag}>")
            expect(name not in ("src", "srcdoc", "action", "formaction", "xlink:href"),
                   f"attribute {name} on <{n.tag}>")
        if n.tag == "a":
            href = n.attrs.get("href", "")
            expect(href.startswith(("https://", "http://", "mailto:", "#")), f"link to {href!r}")
    expect(title_of(root) == title, f"document title is {title_of(root)!r}, not {title!r}")
    styles = [n for n in root.walk() if n.tag == "style"]
    expect(len(styles) == 1 and styles[0].parent.tag == "head", "a <style> element outside the head")
    expect(not any("data-pwned" in n.attrs for n in root.walk()), "a payload ran: data-pwned set")
    body = [n for n in root.walk() if n.tag == "body"][0]
    expect("pwned" not in body.attrs.get("class", ""), "a payload changed the body's class")


PAYLOAD_TITLE = '<script>document.title="pwned"</script>'
PAYLOAD_NAME = '<script>document.title="pwned-name"</script>'


def check_payloads(root, history=False):
    page_title = ("Incident History" if history else PAYLOAD_TITLE) + " · " + PAYLOAD_NAME
    check_inert(root, page_title)
    text = root.text()
    # The payloads are still there, as text a reader can see.
    for shown in [PAYLOAD_TITLE,
                  "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
                  "[click](javascript:document.title='pwned')",
                  '<a href="javascript:document.title=\'pwned\'">raw link</a>',
                  "<b>bold?</b>", "&lt;script&gt;", "</code></pre><script>document.title='pwned'</script>",
                  "This incident affected: <img src=x onerror=alert(1)> (<b>c</b>).",
                  "<script>document.title='pwned'</script>",  # the postmortem's heading
                  "<meta http-equiv=\"refresh\" content=\"0;url=javascript:document.title='pwned'\">"]:
        expect(shown in text, f"payload not shown as text: {shown}")
    heading = "h3" if history else "h1"
    titles = [n for n in root.walk() if n.tag == heading and n.has_class("incident-title")]
    expect(titles and titles[0].text() == PAYLOAD_TITLE, "the title is not shown as text")


def check_control(root):
    expect(title_of(root) == "ran", f"control script did not run (title {title_of(root)!r})")
    body = [n for n in root.walk() if n.tag == "body"][0]
    expect(body.attrs.get("data-onerror") == "ran",
           "control onerror handler did not run: the harness could not see a payload run")


def check_csp(root):
    expect(title_of(root) != "csp-bypassed", "an inline script ran despite the CSP")
    body = [n for n in root.walk() if n.tag == "body"][0]
    expect("data-pwned" not in body.attrs, "an inline event handler ran despite the CSP")
    expect(any(n.tag == "script" for n in root.walk()), "the smuggled script is missing (test broken)")


def check_viewport(root):
    # Written by viewport.html: the framed report's widths in CSS pixels.
    found = [n for n in root.walk() if "data-viewport" in n.attrs]
    expect(len(found) == 1, "the wrapper page recorded no measurements")
    if not found:
        return
    m = json.loads(found[0].attrs["data-viewport"])
    expect(m["scroll"] <= m["client"], f"the report scrolls sideways at {m['width']} px: {m}")
    expect(m["bar"] is not None and m["bar"]["right"] <= m["client"]
           and m["bar"]["width"] >= 0.6 * m["client"] - 80,
           f"the phase bar does not span the page at {m['width']} px: {m}")
    expect(m["legend"] is not None and m["legend"]["items_right"] <= m["client"]
           and m["legend"]["items"] == 4,
           f"the phase legend does not fit at {m['width']} px: {m}")
    expect(m["font"] >= 14, f"body text under 14 px at {m['width']} px: {m}")


def check_site_viewport(root):
    # Written by viewport-site.html: the framed status site's components and bars.
    found = [n for n in root.walk() if "data-viewport" in n.attrs]
    expect(len(found) == 1, "the wrapper page recorded no measurements")
    if not found:
        return
    m = json.loads(found[0].attrs["data-viewport"])
    w = m["width"]
    expect(m["scroll"] <= m["client"], f"the site scrolls sideways at {w} px: {m['scroll']} > {m['client']}")
    expect(m["banner"] == "Partial System Outage", f"banner at {w} px: {m['banner']!r}")
    expect(m["banner_colour"] not in (None, "rgba(0, 0, 0, 0)"), f"the banner has no colour at {w} px")
    names = [c["name"] for c in m["components"]]
    expect(names == ["Litium Cloud", "Network & infrastructure", "Search", "Database", "Storefront API",
                     "Back office", "Sign-in", "Media library"], f"components at {w} px: {names}")
    for c in m["components"]:
        expect(c["bars"] == 90, f"{c['name']}: {c['bars']} bars at {w} px")
        expect(c["right"] is not None and c["right"] <= m["client"] and c["width"] >= 0.6 * m["client"] - 120,
               f"{c['name']}: the bars do not span the page at {w} px: {c}")
        expect(c["height"] >= 20, f"{c['name']}: bars {c['height']} px high at {w} px")
        expect(c["first_fill"] not in (None, "none", "rgb(0, 0, 0)"), f"{c['name']}: bars are not coloured")
    media = [c for c in m["components"] if c["name"] == "Media library"]
    expect(media and media[0]["status"] == "Partial outage", "Media library's status")
    expect(m["font"] >= 14, f"body text under 14 px at {w} px")


def main():
    mode, path = sys.argv[1], sys.argv[2]
    root = parse(path)
    {"sample": check_sample, "payloads": check_payloads,
     "history-payloads": lambda r: check_payloads(r, history=True), "control": check_control,
     "csp": check_csp, "viewport": check_viewport, "site-viewport": check_site_viewport}[mode](root)
    if problems:
        print(f"{mode}: {len(problems)} problem(s) in {path}:")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"{mode}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
