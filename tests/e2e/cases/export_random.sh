# Random bodies built from the dangerous pieces of Markdown (seeded): the Markdown export
# rendered by cmark --unsafe must hold no injected tag, event handler or unsafe link.
python3 "$FIXTURES/random-markdown.py" 150
