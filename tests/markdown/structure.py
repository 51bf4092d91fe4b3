#!/usr/bin/env python3
"""Compares the structure of a body in three renderings (issue 11's done-when):
  1. the source under cmark-gfm, with raw HTML taken as the text it is;
  2. our Markdown export of it under cmark-gfm;
  3. our HTML export of it.
Usage: structure.py SOURCE.md EXPORTED_BODY.md EXPORTED_BODY.html
Headings of 1 and 2 may differ by one fixed shift. Prints the first difference and exits 1."""
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

EXTENSIONS = ["-e", "table", "-e", "strikethrough", "-e", "tasklist", "-e", "autolink"]
NS = "{http://commonmark.org/xml/1.0}"


def cmark_tree(path):
    xml = subprocess.run(["cmark-gfm", *EXTENSIONS, "-t", "xml", path], check=True,
                         capture_output=True).stdout
    return ET.fromstring(xml)


def flatten(node, out, text):
    """Pre-order (kind, attributes) of block and span nodes; text merged per run."""
    kind = node.tag.replace(NS, "")
    if kind in ("html_block", "html_inline"):
        # Our rule: raw HTML is shown as text (a block becomes a paragraph).
        if kind == "html_block":
            out.append(("paragraph", ()))
        text.append((node.text or "").strip())
        return
    if kind in ("text", "code"):
        text.append(node.text or "")
        if kind == "code":
            out.append(("code", ()))
        return
    if kind in ("softbreak", "linebreak"):
        text.append(" ")
        return
    attrs = tuple(sorted((k, v) for k, v in node.attrib.items()
                         if k in ("level", "type", "start", "tight", "destination", "title",
                                  "info", "alignments", "completed")))
    out.append((kind, attrs))
    if kind == "code_block":
        text.append(node.text or "")
    for child in node:
        flatten(child, out, text)


def normalized(tree):
    nodes, text = [], []
    flatten(tree, nodes, text)
    return nodes, " ".join("".join(text).split())


class Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def html_tags(html):
    p = Tags()
    p.feed(html)
    return p.tags, " ".join(" ".join(p.text).split())


def cmark_html(path):
    return subprocess.run(["cmark-gfm", *EXTENSIONS, path], check=True,
                          capture_output=True, text=True).stdout


def main():
    source, exported_md, exported_html = sys.argv[1:4]
    (src_nodes, src_text), (md_nodes, md_text) = normalized(cmark_tree(source)), normalized(cmark_tree(exported_md))
    levels = [(int(dict(a)["level"]), int(dict(b)["level"])) for (k, a), (_, b) in zip(src_nodes, md_nodes)
              if k == "heading" and dict(a).get("level") and dict(b).get("level")]
    shift = levels[0][1] - levels[0][0] if levels else 0

    def unshift(nodes):
        return [(k, tuple((n, str(int(v) - shift)) if k == "heading" and n == "level" else (n, v) for n, v in a))
                for k, a in nodes]
    problems = 0
    if unshift(md_nodes) != src_nodes:
        for i, (a, b) in enumerate(zip(src_nodes, unshift(md_nodes))):
            if a != b:
                print(f"node {i}: source {a} but the Markdown export {b}")
                break
        else:
            print(f"source has {len(src_nodes)} nodes, the Markdown export {len(md_nodes)}")
        problems += 1
    if md_text != src_text:
        print(f"text differs:\n  source: {src_text}\n  export: {md_text}")
        problems += 1
    ours, ours_text = html_tags(open(exported_html, encoding="utf-8").read())
    theirs, theirs_text = html_tags(cmark_html(exported_md))
    if ours != theirs:
        print(f"HTML export tags {ours}\n  cmark-gfm of the Markdown export {theirs}")
        problems += 1
    if ours_text != theirs_text:
        print(f"HTML text differs:\n  ours:   {ours_text}\n  theirs: {theirs_text}")
        problems += 1
    print("structure: " + ("ok" if not problems else f"{problems} difference(s)") +
          f" ({len(src_nodes)} nodes, heading shift {shift})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
