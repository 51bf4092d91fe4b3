#pragma once
// Update and postmortem bodies: parsed once as CommonMark + GFM (md4c) into a tree, and
// rendered from that tree as HTML (html, atom, site) and as safe Markdown (md), so every
// format shows the same structure.
//
// Safety is decided on the tree: raw HTML (blocks and inline) becomes visible text; only
// http, https and mailto links survive, others keep their text only; images become a link
// to the image with the alt text (reports load nothing); character references stay
// references, which never become markup. Control characters other than tab and newline
// become U+FFFD in HTML and visible (^[) in Markdown.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace incident::render::body {

enum class Kind : std::uint8_t {
    document,
    quote,
    bullet_list,
    ordered_list,
    item,
    rule,
    heading,
    code_block,
    html_block,
    paragraph,
    table,
    table_row,
    table_cell,
    text,
    entity,
    soft_break,
    hard_break,
    code,
    emphasis,
    strong,
    strike,
    link,
    image
};

enum class Align : std::uint8_t { none, left, center, right };

// What only links, images and code blocks carry, apart: most nodes are text, and a small
// node makes building and freeing the tree cheap (an export renders 100,000 bodies).
struct Attributes {
    std::string url;    // link, image
    std::string title;  // link, image
    std::string info;   // code_block: the language word
};

struct Node {
    Kind kind = Kind::document;
    bool tight = false;   // lists: no paragraphs; paragraph: an item's bare text
    bool header = false;  // table_row, table_cell: in the table's head
    char task = 0;        // item: 0 when not a task, else ' ' or 'x'
    char delimiter = 0;   // ordered_list: '.' or ')'
    Align align = Align::none;
    unsigned number = 0;  // heading: level; ordered_list: start
    std::string text;     // text, entity, code, code_block, html_block: the content
    std::vector<Node> children;
    std::unique_ptr<Attributes> attributes;  // link, image, code_block; null when empty

    const std::string& url() const noexcept { return attributes ? attributes->url : none(); }
    const std::string& title() const noexcept { return attributes ? attributes->title : none(); }
    const std::string& info() const noexcept { return attributes ? attributes->info : none(); }
    Attributes& mutable_attributes() {
        if (!attributes) attributes = std::make_unique<Attributes>();
        return *attributes;
    }

  private:
    static const std::string& none() noexcept {
        static const std::string empty;
        return empty;
    }
};

// Parses `markdown` (any bytes: invalid UTF-8 is kept and replaced on output).
Node parse(std::string_view markdown);

// HTML for a body; its top heading level becomes `min_heading` (never above it).
std::string html(const Node& document, int min_heading);

// Markdown for a body that renders to the same structure under a CommonMark + GFM parser,
// with no raw HTML, no images and no links other than http, https and mailto.
std::string markdown(const Node& document, int min_heading);

// Where a body's opening heading (ATX or setext, after blank lines) ends, so that something
// can go between it and the rest; 0 when the body does not open with a heading.
std::size_t title_heading_end(std::string_view markdown);
// The body cut at `offset` into two fragments whose headings shift as one document's would.
struct Split {
    std::string head, rest;
};
Split html_split(std::string_view markdown, std::size_t offset, int min_heading);
Split markdown_split(std::string_view markdown, std::size_t offset, int min_heading);

// A line of escaped Markdown text that must not start a block (a heading, quote, list item or
// setext underline) where it begins a paragraph or list item: guarded with a backslash.
std::string guard_line_start(std::string_view line);

// Whether `url` may be a link: http(s) with a host, or mailto with an address, and no
// character that could break out of an attribute or a Markdown destination.
bool is_safe_url(std::string_view url) noexcept;

}  // namespace incident::render::body
