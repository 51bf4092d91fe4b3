#include "render/body.hpp"

#include <md4c.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <optional>

#include "incident/text.hpp"
#include "incident/utf8.hpp"
#include "render/html_text.hpp"

namespace incident::render::body {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// GitHub's dialect. Raw HTML is parsed (so that it can be shown as text, not guessed at).
constexpr unsigned dialect = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_TASKLISTS |
                             MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS |
                             MD_FLAG_PERMISSIVEEMAILAUTOLINKS;

Node leaf(Kind kind, std::string_view text = {}) {
    Node n;
    n.kind = kind;
    n.text = text;
    return n;
}

bool is_inline_container(Kind k) noexcept {
    switch (k) {
        case Kind::paragraph:
        case Kind::heading:
        case Kind::table_cell:
        case Kind::emphasis:
        case Kind::strong:
        case Kind::strike:
        case Kind::link:
        case Kind::image:
            return true;
        default:
            return false;
    }
}

// The text of a character reference we decode ourselves: numeric ones and the few named
// ones URLs and titles use. Other names are left to the browser (HTML) or parser (Markdown).
std::optional<std::string> decode_entity(std::string_view entity) {
    if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';') return std::nullopt;
    const auto name = entity.substr(1, entity.size() - 2);
    std::string out;
    if (name.front() == '#') {
        const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        const auto digits = name.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 7) return std::nullopt;
        std::uint32_t code = 0;
        for (char c : digits) {
            std::uint32_t d = 0;
            if (c >= '0' && c <= '9')
                d = static_cast<std::uint32_t>(c - '0');
            else if (hex && c >= 'a' && c <= 'f')
                d = static_cast<std::uint32_t>(c - 'a' + 10);
            else if (hex && c >= 'A' && c <= 'F')
                d = static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return std::nullopt;
            code = code * (hex ? 16u : 10u) + d;
        }
        append_utf8(out, code == 0 ? char32_t{0xFFFD} : code);
        return out;
    }
    if (name == "amp") return "&";
    if (name == "lt") return "<";
    if (name == "gt") return ">";
    if (name == "quot") return "\"";
    if (name == "apos") return "'";
    if (name == "nbsp") return "\xC2\xA0";
    return std::nullopt;
}

bool is_entity_syntax(std::string_view e) noexcept {
    if (e.size() < 3 || e.size() > 40 || e.front() != '&' || e.back() != ';') return false;
    return std::all_of(e.begin() + 1, e.end() - 1, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '#';
    });
}

// An attribute's text with references decoded; nullopt when one cannot be (a URL with an
// unknown named reference is not trusted).
std::optional<std::string> attribute(const MD_ATTRIBUTE& a) {
    std::string out;
    if (a.size == 0) return out;
    for (unsigned i = 0; a.substr_offsets[i] < a.size; ++i) {
        const auto begin = a.substr_offsets[i];
        const auto piece = std::string_view(a.text + begin, a.substr_offsets[i + 1] - begin);
        switch (a.substr_types[i]) {
            case MD_TEXT_NULLCHAR:
                out += replacement;
                break;
            case MD_TEXT_ENTITY: {
                const auto decoded = decode_entity(piece);
                if (!decoded) return std::nullopt;
                out += *decoded;
                break;
            }
            default:
                out.append(piece);
                break;
        }
    }
    return out;
}

std::string attribute_text(const MD_ATTRIBUTE& a) {
    if (auto decoded = attribute(a)) return *decoded;
    return std::string(a.text, a.size);
}

// A link destination as a URL: md4c reports permissive autolinks without their scheme.
std::string link_url(const MD_ATTRIBUTE& a) {
    auto url = attribute(a);
    if (!url) return {};
    if (url->starts_with("www.")) return "http://" + *url;
    if (url->find(':') == std::string::npos && url->find('@') != std::string::npos &&
        url->find('/') == std::string::npos) {
        return "mailto:" + *url;
    }
    return *url;
}

// Calls `line` with each '\n'-separated line of `text`: one empty line for an empty text.
template <class Line>
void for_each_line(std::string_view text, Line&& line) {
    for (std::size_t start = 0; start <= text.size();) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        line(text.substr(start, end - start));
        start = end + 1;
    }
}

class Builder {
  public:
    Builder() { stack_.push_back(&root_); }

    Node take() { return std::move(root_); }

    int enter_block(MD_BLOCKTYPE type, void* detail) {
        close_bare_text();
        Node n;
        switch (type) {
            case MD_BLOCK_DOC:
                return 0;
            case MD_BLOCK_QUOTE:
                n.kind = Kind::quote;
                break;
            case MD_BLOCK_UL:
                n.kind = Kind::bullet_list;
                n.tight = static_cast<MD_BLOCK_UL_DETAIL*>(detail)->is_tight != 0;
                break;
            case MD_BLOCK_OL: {
                const auto* d = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
                n.kind = Kind::ordered_list;
                n.tight = d->is_tight != 0;
                n.number = d->start;
                n.delimiter = d->mark_delimiter == ')' ? ')' : '.';
                break;
            }
            case MD_BLOCK_LI: {
                const auto* d = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
                n.kind = Kind::item;
                if (d->is_task) n.task = d->task_mark == ' ' ? ' ' : 'x';
                break;
            }
            case MD_BLOCK_HR:
                n.kind = Kind::rule;
                break;
            case MD_BLOCK_H:
                n.kind = Kind::heading;
                n.number = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
                break;
            case MD_BLOCK_CODE: {
                const auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
                n.kind = Kind::code_block;
                n.mutable_attributes().info = attribute_text(d->lang);
                break;
            }
            case MD_BLOCK_HTML:
                n.kind = Kind::html_block;
                break;
            case MD_BLOCK_P:
                n.kind = Kind::paragraph;
                break;
            case MD_BLOCK_TABLE:
                n.kind = Kind::table;
                break;
            case MD_BLOCK_THEAD:
                head_ = true;
                return 0;
            case MD_BLOCK_TBODY:
                head_ = false;
                return 0;
            case MD_BLOCK_TR:
                n.kind = Kind::table_row;
                n.header = head_;
                break;
            case MD_BLOCK_TH:
            case MD_BLOCK_TD: {
                n.kind = Kind::table_cell;
                n.header = type == MD_BLOCK_TH;
                switch (static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align) {
                    case MD_ALIGN_LEFT:
                        n.align = Align::left;
                        break;
                    case MD_ALIGN_CENTER:
                        n.align = Align::center;
                        break;
                    case MD_ALIGN_RIGHT:
                        n.align = Align::right;
                        break;
                    default:
                        break;
                }
                break;
            }
        }
        push(std::move(n));
        return 0;
    }

    int leave_block(MD_BLOCKTYPE type) {
        if (const auto kind = block_kind(type)) pop_to(*kind, false);
        if (type == MD_BLOCK_TABLE && !stack_.back()->children.empty()) {
            bound_table(stack_.back()->children.back());
        }
        return 0;
    }

    int enter_span(MD_SPANTYPE type, void* detail) {
        open_bare_text();
        Node n;
        switch (type) {
            case MD_SPAN_EM:
                n.kind = Kind::emphasis;
                break;
            case MD_SPAN_STRONG:
                n.kind = Kind::strong;
                break;
            case MD_SPAN_DEL:
                n.kind = Kind::strike;
                break;
            case MD_SPAN_CODE:
                n.kind = Kind::code;
                break;
            case MD_SPAN_A: {
                const auto* d = static_cast<MD_SPAN_A_DETAIL*>(detail);
                n.kind = Kind::link;
                n.mutable_attributes().url = link_url(d->href);
                n.mutable_attributes().title = attribute_text(d->title);
                break;
            }
            case MD_SPAN_IMG: {
                const auto* d = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
                n.kind = Kind::image;
                n.mutable_attributes().url = link_url(d->src);
                n.mutable_attributes().title = attribute_text(d->title);
                break;
            }
            default:
                n.kind = Kind::emphasis;
                break;  // extensions not enabled
        }
        push(std::move(n));
        return 0;
    }

    int leave_span(MD_SPANTYPE type) {
        pop_to(span_kind(type), true);
        return 0;
    }

    int text(MD_TEXTTYPE type, std::string_view t) {
        Node& top = *stack_.back();
        if (top.kind == Kind::code_block || top.kind == Kind::html_block) {
            top.text.append(type == MD_TEXT_NULLCHAR ? replacement : t);
            return 0;
        }
        if (top.kind == Kind::code) {
            if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR)
                top.text += ' ';
            else
                top.text.append(type == MD_TEXT_NULLCHAR ? replacement : t);
            return 0;
        }
        open_bare_text();
        Node& into = *stack_.back();
        if (into.children.empty()) into.children.reserve(first_capacity);
        switch (type) {
            case MD_TEXT_BR:
                into.children.push_back(leaf(Kind::hard_break));
                break;
            case MD_TEXT_SOFTBR:
                into.children.push_back(leaf(Kind::soft_break));
                break;
            case MD_TEXT_ENTITY:
                if (is_entity_syntax(t)) {
                    into.children.push_back(leaf(Kind::entity, t));
                    break;
                }
                append_text(into, t);
                break;
            case MD_TEXT_NULLCHAR:
                append_text(into, replacement);
                break;
            default:
                append_text(into, t);
                break;  // normal text, and inline raw HTML as text
        }
        return 0;
    }

  private:
    // md4c pads every row to the header's width, so a wide header over many short rows
    // multiplies the output (a 100-column header: 234 KiB in, 20 MB out). Past this many
    // cells a table is shown as its rows' text, one row per line, cells split by " | ".
    static constexpr std::size_t max_table_cells = 20'000;
    // A node's children start with room for this many: growing 1, 2, 4 moved every node.
    static constexpr std::size_t first_capacity = 4;

    static void bound_table(Node& table) {
        if (table.kind != Kind::table) return;
        std::size_t cells = 0;
        for (const auto& row : table.children) cells += row.children.size();
        if (cells <= max_table_cells) return;
        Node text;
        text.kind = Kind::paragraph;
        for (auto& row : table.children) {
            auto& row_cells = row.children;
            while (!row_cells.empty() && row_cells.back().children.empty()) row_cells.pop_back();
            if (!text.children.empty()) text.children.push_back(leaf(Kind::soft_break));
            for (std::size_t i = 0; i < row_cells.size(); ++i) {
                if (i > 0) text.children.push_back(leaf(Kind::text, " | "));
                for (auto& child : row_cells[i].children) text.children.push_back(std::move(child));
            }
        }
        table = std::move(text);
    }

    static std::optional<Kind> block_kind(MD_BLOCKTYPE type) {
        switch (type) {
            case MD_BLOCK_QUOTE:
                return Kind::quote;
            case MD_BLOCK_UL:
                return Kind::bullet_list;
            case MD_BLOCK_OL:
                return Kind::ordered_list;
            case MD_BLOCK_LI:
                return Kind::item;
            case MD_BLOCK_HR:
                return Kind::rule;
            case MD_BLOCK_H:
                return Kind::heading;
            case MD_BLOCK_CODE:
                return Kind::code_block;
            case MD_BLOCK_HTML:
                return Kind::html_block;
            case MD_BLOCK_P:
                return Kind::paragraph;
            case MD_BLOCK_TABLE:
                return Kind::table;
            case MD_BLOCK_TR:
                return Kind::table_row;
            case MD_BLOCK_TH:
            case MD_BLOCK_TD:
                return Kind::table_cell;
            default:
                return std::nullopt;  // the document, thead and tbody have no node
        }
    }
    static Kind span_kind(MD_SPANTYPE type) {
        switch (type) {
            case MD_SPAN_STRONG:
                return Kind::strong;
            case MD_SPAN_DEL:
                return Kind::strike;
            case MD_SPAN_CODE:
                return Kind::code;
            case MD_SPAN_A:
                return Kind::link;
            case MD_SPAN_IMG:
                return Kind::image;
            default:
                return Kind::emphasis;
        }
    }
    static bool is_span(Kind k) noexcept {
        return k == Kind::emphasis || k == Kind::strong || k == Kind::strike || k == Kind::code ||
               k == Kind::link || k == Kind::image;
    }
    // Closes the innermost open `kind` and whatever is open inside it. md4c 0.4.8 can report
    // a span's end without its start (an emphasis cut by a permissive autolink): a close
    // with nothing to match is ignored, and a span never closes across its block.
    void pop_to(Kind kind, bool span) {
        for (auto i = stack_.size(); i-- > 1;) {
            const auto k = stack_[i]->kind;
            const bool bare = k == Kind::paragraph && stack_[i]->tight;
            if (k == kind && !bare) {
                stack_.resize(i);
                return;
            }
            if (span && !is_span(k)) return;
        }
    }
    void push(Node n) {
        auto& siblings = stack_.back()->children;
        if (siblings.empty()) siblings.reserve(first_capacity);
        siblings.push_back(std::move(n));
        stack_.push_back(&siblings.back());
    }
    static void append_text(Node& into, std::string_view t) {
        if (!into.children.empty() && into.children.back().kind == Kind::text) {
            into.children.back().text.append(t);
        } else {
            into.children.push_back(leaf(Kind::text, t));
        }
    }
    // A tight list item's text has no paragraph in md4c's events: it gets a bare one.
    void open_bare_text() {
        if (is_inline_container(stack_.back()->kind) || stack_.back()->kind == Kind::code) return;
        Node n;
        n.kind = Kind::paragraph;
        n.tight = true;
        push(std::move(n));
    }
    // Before a block starts: the bare text ends, and so does any span md4c left open.
    void close_bare_text() {
        while (stack_.size() > 1 &&
               (is_span(stack_.back()->kind) ||
                (stack_.back()->kind == Kind::paragraph && stack_.back()->tight))) {
            stack_.pop_back();
        }
    }

    Node root_;
    std::vector<Node*> stack_;
    bool head_ = false;
};

unsigned top_heading(const Node& n) {
    unsigned top = n.kind == Kind::heading ? n.number : 7;
    for (const auto& c : n.children) top = std::min(top, top_heading(c));
    return top;
}

unsigned shifted(unsigned level, int min_heading, unsigned top) {
    const auto wanted = static_cast<unsigned>(std::clamp(min_heading, 1, 6));
    const unsigned shift = top <= 6 && wanted > top ? wanted - top : 0;
    return std::min(6u, level + shift);
}

// An autolink: its text is its URL. Not kept, it shows as that text alone.
bool is_autolink(const Node& n) {
    return n.kind == Kind::link && n.children.size() == 1 && n.children[0].kind == Kind::text &&
           n.children[0].text == n.url();
}

// How both renderers show a link or image: a link inside a link is its text alone (HTML
// cannot nest them); one to an unsafe URL is its text between what the user typed around it.
enum class LinkShow { text, as_typed, link };
LinkShow link_show(const Node& n, bool in_link) {
    if (in_link) return LinkShow::text;
    return is_safe_url(n.url()) ? LinkShow::link : LinkShow::as_typed;
}

// What a link that is not kept shows around its text, as the user typed it.
// md4c finds bare URLs only for http(s), ftp and www., so any other autolink had brackets.
std::string unsafe_opening(const Node& n) {
    if (is_autolink(n)) return n.url().starts_with("ftp://") ? "" : "<";
    return n.kind == Kind::image ? "![" : "[";
}
std::string unsafe_destination(const Node& n) {
    if (is_autolink(n)) return n.url().starts_with("ftp://") ? "" : ">";
    std::string out = "]";
    if (n.url().empty()) return out;
    out += "(" + n.url();
    if (!n.title().empty()) out += " \"" + n.title() + "\"";
    return out + ")";
}

// Room a rendered body or paragraph starts with: most are a few hundred bytes, and growing
// a string from nothing copies it several times.
constexpr std::size_t initial_capacity = 256;

// ---- HTML

class Html {
  public:
    Html(int min_heading, unsigned top) : min_heading_(min_heading), top_(top) {}

    std::string render(const Node& doc) {
        out_.reserve(initial_capacity);
        blocks(doc.children);
        return std::move(out_);
    }

  private:
    void blocks(const std::vector<Node>& nodes) {
        for (const auto& n : nodes) block(n);
    }

    void block(const Node& n) {
        switch (n.kind) {
            case Kind::paragraph:
                if (n.tight) {
                    inlines(n.children);  // the item's bare text: the item adds the line break
                } else {
                    out_ += "<p>";
                    inlines(n.children);
                    out_ += "</p>\n";
                }
                break;
            case Kind::heading: {
                const auto tag = "h" + std::to_string(shifted(n.number, min_heading_, top_));
                out_ += "<" + tag + ">";
                inlines(n.children);
                out_ += "</" + tag + ">\n";
                break;
            }
            case Kind::quote:
                out_ += "<blockquote>\n";
                blocks(n.children);
                out_ += "</blockquote>\n";
                break;
            case Kind::bullet_list:
            case Kind::ordered_list: {
                const bool ordered = n.kind == Kind::ordered_list;
                if (ordered && n.number != 1) {
                    out_ += "<ol start=\"" + std::to_string(n.number) + "\">\n";
                } else {
                    out_ += ordered ? "<ol>\n" : "<ul>\n";
                }
                for (const auto& item : n.children) {
                    out_ += item.task ? "<li class=\"task\">" : "<li>";
                    if (item.task) {
                        out_ += item.task == 'x'
                                    ? "<input type=\"checkbox\" disabled=\"\" checked=\"\"> "
                                    : "<input type=\"checkbox\" disabled=\"\"> ";
                    }
                    for (std::size_t i = 0; i < item.children.size(); ++i) {
                        const auto& child = item.children[i];
                        block(child);
                        if (child.kind == Kind::paragraph && child.tight &&
                            i + 1 < item.children.size()) {
                            out_ += '\n';
                        }
                    }
                    out_ += "</li>\n";
                }
                out_ += ordered ? "</ol>\n" : "</ul>\n";
                break;
            }
            case Kind::rule:
                out_ += "<hr>\n";
                break;
            case Kind::code_block:
                out_ += "<pre><code";
                if (!n.info().empty()) {
                    out_ += " class=\"language-";
                    html::append_escaped(out_, n.info());
                    out_ += '"';
                }
                out_ += '>';
                html::append_escaped(out_, n.text);
                out_ += "</code></pre>\n";
                break;
            case Kind::html_block: {
                // Shown as the text it is, line for line.
                out_ += "<p class=\"raw\">";
                std::string_view text = n.text;
                while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
                bool first = true;
                for_each_line(text, [&](std::string_view line) {
                    if (!first) out_ += "<br>\n";
                    html::append_escaped(out_, line);
                    first = false;
                });
                out_ += "</p>\n";
                break;
            }
            case Kind::table:
                table(n);
                break;
            default:
                break;
        }
    }

    void table(const Node& n) {
        out_ += "<table>\n";
        bool in_head = false, in_body = false;
        for (const auto& row : n.children) {
            if (row.header && !in_head) {
                out_ += "<thead>\n";
                in_head = true;
            } else if (!row.header && !in_body) {
                if (in_head) out_ += "</thead>\n";
                out_ += "<tbody>\n";
                in_body = true;
            }
            out_ += "<tr>";
            for (const auto& cell : row.children) {
                const char* tag = cell.header ? "th" : "td";
                out_ += "<";
                out_ += tag;
                switch (cell.align) {
                    case Align::left:
                        out_ += " style=\"text-align:left\"";
                        break;
                    case Align::center:
                        out_ += " style=\"text-align:center\"";
                        break;
                    case Align::right:
                        out_ += " style=\"text-align:right\"";
                        break;
                    case Align::none:
                        break;
                }
                out_ += ">";
                inlines(cell.children);
                out_ += "</";
                out_ += tag;
                out_ += ">";
            }
            out_ += "</tr>\n";
        }
        if (in_body)
            out_ += "</tbody>\n";
        else if (in_head)
            out_ += "</thead>\n";
        out_ += "</table>\n";
    }

    void inlines(const std::vector<Node>& nodes) {
        for (const auto& n : nodes) inline_node(n);
    }

    void wrap(const char* tag, const Node& n) {
        out_ += "<";
        out_ += tag;
        out_ += ">";
        inlines(n.children);
        out_ += "</";
        out_ += tag;
        out_ += ">";
    }

    void inline_node(const Node& n) {
        switch (n.kind) {
            case Kind::text:
                html::append_escaped(out_, n.text);
                break;
            case Kind::entity:
                html::append_escaped(out_, n.text);
                break;
            case Kind::soft_break:
                out_ += '\n';
                break;
            case Kind::hard_break:
                out_ += "<br>\n";
                break;
            case Kind::code:
                out_ += "<code>";
                html::append_escaped(out_, n.text);
                out_ += "</code>";
                break;
            case Kind::emphasis:
                wrap("em", n);
                break;
            case Kind::strong:
                wrap("strong", n);
                break;
            case Kind::strike:
                wrap("del", n);
                break;
            case Kind::link:
            case Kind::image: {
                const auto show = link_show(n, in_link_);
                if (show == LinkShow::text) {
                    inlines(n.children);
                    break;
                }
                if (show == LinkShow::as_typed) {
                    html::append_escaped(out_, unsafe_opening(n));
                    inlines(n.children);
                    html::append_escaped(out_, unsafe_destination(n));
                    break;
                }
                out_ += "<a href=\"";
                html::append_escaped(out_, n.url());
                out_ += '"';
                if (!n.title().empty()) {
                    out_ += " title=\"";
                    html::append_escaped(out_, n.title());
                    out_ += '"';
                }
                out_ += " rel=\"nofollow noopener noreferrer\">";
                in_link_ = true;
                if (n.kind == Kind::image && n.children.empty())
                    html::append_escaped(out_, n.url());
                inlines(n.children);
                in_link_ = false;
                out_ += "</a>";
                break;
            }
            default:
                break;
        }
    }

    std::string out_;
    int min_heading_;
    unsigned top_;
    bool in_link_ = false;
};

// ---- Markdown

// What a Markdown text looks at twice: the characters it escapes ('&' only where it starts a
// reference) and bytes that are not printable ASCII, which `visible` must see first.
enum class Byte : std::uint8_t { plain, special, other };
constexpr std::array<Byte, 256> markdown_bytes = [] {
    std::array<Byte, 256> table{};
    for (std::size_t c = 0; c < table.size(); ++c) {
        table[c] = c >= ' ' && c <= '~' ? Byte::plain : Byte::other;
    }
    for (const char c : std::string_view("\\`*_[]<>|~&")) {
        table[static_cast<unsigned char>(c)] = Byte::special;
    }
    return table;
}();

// Appends `text` with its specials escaped. With `ascii_only`, it stops at the first byte
// that is not printable ASCII, leaves `out` as it was and returns false.
bool append_escaped(std::string& out, std::string_view text, bool ascii_only) {
    const auto start = out.size();
    // Runs without a special character are appended whole: most text has none.
    std::size_t run = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        switch (markdown_bytes[static_cast<unsigned char>(c)]) {
            case Byte::plain:
                continue;
            case Byte::other:
                if (!ascii_only) continue;
                out.resize(start);
                return false;
            case Byte::special:
                if (c == '&' && !starts_entity(text, i)) continue;
                out.append(text.substr(run, i - run));
                out += '\\';
                run = i;
        }
    }
    out.append(text.substr(run));
    return true;
}

// One pass over plain ASCII; other text is made visible first (control characters shown).
void append_escaped_text(std::string& out, std::string_view raw) {
    if (!append_escaped(out, raw, true)) append_escaped(out, visible(raw, true), false);
}

std::string escape_text(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() + 8);
    append_escaped_text(out, raw);
    return out;
}

// A paragraph line must not start a block: a heading, quote, list item or setext underline.
// Appends `line` to `out` with the backslash that keeps it a paragraph line, if one is needed.
void append_guarded(std::string& out, std::string_view line) {
    if (line.empty()) return;
    const char c = line.front();
    const auto run = std::min(line.find_first_not_of(c), line.size());
    const bool spaced = run == line.size() || line[run] == ' ' || line[run] == '\t';
    const bool only = std::all_of(line.begin(), line.end(),
                                  [c](char x) { return x == c || x == ' ' || x == '\t'; });
    if ((c == '#' && run <= 6 && spaced) || ((c == '-' || c == '+') && (spaced || only)) ||
        (c == '=' && only) || c == '>') {
        out += '\\';
        out.append(line);
        return;
    }
    std::size_t digits = 0;
    while (digits < line.size() && digits < 10 && line[digits] >= '0' && line[digits] <= '9')
        ++digits;
    if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
        out.append(line.substr(0, digits));
        out += '\\';
        out.append(line.substr(digits));
        return;
    }
    out.append(line);
}

std::size_t longest_run(std::string_view text, char c) {
    std::size_t longest = 0, run = 0;
    for (char x : text) {
        run = x == c ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

void append_destination(std::string& out, std::string_view url) {
    for (char c : url) {
        if (c == '(' || c == ')' || c == '\\') out += '\\';
        out += c;
    }
}

// Writes each line once, straight into the output: the containers a line is in (quotes,
// list items) are a stack of prefixes applied as it is written, innermost decided first.
class Markdown {
  public:
    Markdown(int min_heading, unsigned top) : min_heading_(min_heading), top_(top) {}

    std::string render(const Node& doc) {
        out_.reserve(initial_capacity);
        blocks(doc.children, false);
        return std::move(out_);
    }

  private:
    // A quote prefixes "> " (">" on an empty line); a list item its marker on its first line
    // and the marker's width in spaces on the others (nothing on an empty line).
    struct Prefix {
        bool quote = false;
        std::string marker;
        std::size_t indent = 0;
        bool marked = false;  // the item's first line has been written
    };

    // Writes a line inside every open container; `content` may be empty.
    void line(std::string_view content) {
        line_with([&] { out_.append(content); }, !content.empty());
    }

    template <class Content>
    void line_with(Content&& content, bool non_empty) {
        // Innermost first: whether each prefix sees an empty line depends on those inside it.
        pieces_.clear();
        bool filled = non_empty;
        for (auto p = prefixes_.rbegin(); p != prefixes_.rend(); ++p) {
            if (p->quote) {
                pieces_.push_back(filled ? Piece{"> ", 0} : Piece{">", 0});
                filled = true;
            } else if (!p->marked) {
                p->marked = true;
                pieces_.push_back(Piece{p->marker, 0});
                filled = true;
            } else if (filled) {
                pieces_.push_back(Piece{{}, p->indent});
            }
        }
        for (auto p = pieces_.rbegin(); p != pieces_.rend(); ++p) {
            out_.append(p->text);
            out_.append(p->spaces, ' ');
        }
        content();
        out_ += '\n';
        ++lines_;
    }

    void blocks(const std::vector<Node>& nodes, bool tight) {
        const auto first_line = lines_;
        const Node* previous = nullptr;
        char bullet = 0, delimiter = 0;
        for (const auto& n : nodes) {
            // Two lists of the same kind in a row would merge: alternate their markers.
            if (n.kind == Kind::bullet_list) {
                bullet =
                    previous && previous->kind == Kind::bullet_list && bullet == '-' ? '*' : '-';
            } else if (n.kind == Kind::ordered_list) {
                delimiter = previous && previous->kind == Kind::ordered_list && delimiter == '.'
                                ? ')'
                                : '.';
            }
            if (lines_ != first_line && !tight) line({});
            block(n, bullet, delimiter);
            previous = &n;
        }
    }

    void block(const Node& n, char bullet, char delimiter) {
        switch (n.kind) {
            case Kind::paragraph: {
                const auto text = inlines(n.children);
                for_each_line(text, [&](std::string_view l) {
                    line_with([&] { append_guarded(out_, l); }, !l.empty());
                });
                break;
            }
            case Kind::heading: {
                auto text = inlines(n.children);
                std::replace(text.begin(), text.end(), '\n', ' ');
                if (!text.empty() && text.back() == '#') text.insert(text.size() - 1, "\\");
                const auto level = shifted(n.number, min_heading_, top_);
                line_with(
                    [&] {
                        out_.append(level, '#');
                        if (!text.empty()) out_.append(" ").append(text);
                    },
                    true);
                break;
            }
            case Kind::quote: {
                prefixes_.push_back(Prefix{true, {}, 0, false});
                const auto before = lines_;
                blocks(n.children, false);
                if (lines_ == before) line({});
                prefixes_.pop_back();
                break;
            }
            case Kind::bullet_list:
            case Kind::ordered_list: {
                unsigned number = n.number;
                bool first = true;
                for (const auto& item : n.children) {
                    std::string marker = n.kind == Kind::bullet_list
                                             ? std::string(1, bullet) + " "
                                             : std::to_string(number++) + delimiter + " ";
                    const auto indent = marker.size();
                    if (item.task) marker += item.task == 'x' ? "[x] " : "[ ] ";
                    if (!first && !n.tight) line({});
                    first = false;
                    prefixes_.push_back(Prefix{false, marker, indent, false});
                    blocks(item.children, n.tight);
                    if (!prefixes_.back().marked) {
                        // An empty item: its marker alone, without the space after it.
                        prefixes_.back().marker.pop_back();
                        line({});
                    }
                    prefixes_.pop_back();
                }
                break;
            }
            case Kind::rule:
                line("***");
                break;
            case Kind::code_block: {
                const std::string fence(std::max<std::size_t>(3, longest_run(n.text, '`') + 1),
                                        '`');
                std::string info;
                for (char c : n.info()) {
                    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == '#' ||
                        c == '_') {
                        info += c;
                    }
                }
                line(fence + info);
                std::string_view text = n.text;
                if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
                if (!n.text.empty()) {
                    for_each_line(text, [&](std::string_view l) { line(visible(l, true)); });
                }
                line(fence);
                break;
            }
            case Kind::html_block: {
                for_each_line(n.text, [&](std::string_view raw) {
                    const auto l = trim(raw);
                    if (!l.empty()) {
                        const auto escaped = escape_text(l);
                        line_with([&] { append_guarded(out_, escaped); }, true);
                    }
                });
                break;
            }
            case Kind::table: {
                for (const auto& row : n.children) {
                    std::string text = "|";
                    for (const auto& cell : row.children) {
                        auto cell_text = inlines(cell.children);
                        std::replace(cell_text.begin(), cell_text.end(), '\n', ' ');
                        text.append(" ").append(cell_text).append(" |");
                    }
                    line(text);
                    if (row.header) {
                        std::string rule = "|";
                        for (const auto& cell : row.children) {
                            switch (cell.align) {
                                case Align::left:
                                    rule += " :-- |";
                                    break;
                                case Align::center:
                                    rule += " :-: |";
                                    break;
                                case Align::right:
                                    rule += " --: |";
                                    break;
                                case Align::none:
                                    rule += " --- |";
                                    break;
                            }
                        }
                        line(rule);
                    }
                }
                break;
            }
            default:
                break;
        }
    }

    std::string inlines(const std::vector<Node>& nodes) {
        std::string out;
        out.reserve(initial_capacity);
        inlines(out, nodes);
        return out;
    }
    void inlines(std::string& out, const std::vector<Node>& nodes) {
        for (const auto& n : nodes) inline_node(out, n);
    }
    void wrap(std::string& out, std::string_view mark, const Node& n) {
        out += mark;
        inlines(out, n.children);
        out += mark;
    }

    void inline_node(std::string& out, const Node& n) {
        switch (n.kind) {
            case Kind::text:
                append_escaped_text(out, n.text);
                break;
            case Kind::entity:
                out += '\\';
                out += n.text;
                break;
            case Kind::soft_break:
                out += '\n';
                break;
            case Kind::hard_break:
                out += "\\\n";
                break;
            case Kind::code: {
                const auto text = visible(n.text);
                const std::string ticks(longest_run(text, '`') + 1, '`');
                const bool pad = !text.empty() && (text.front() == '`' || text.back() == '`' ||
                                                   (text.front() == ' ' && text.back() == ' '));
                out += ticks + (pad ? " " : "") + text + (pad ? " " : "") + ticks;
                break;
            }
            case Kind::emphasis:
                wrap(out, "*", n);
                break;
            case Kind::strong:
                wrap(out, "**", n);
                break;
            case Kind::strike:
                wrap(out, "~~", n);
                break;
            case Kind::link:
            case Kind::image: {
                const auto show = link_show(n, in_link_);
                if (show == LinkShow::text) {
                    inlines(out, n.children);
                    break;
                }
                if (show == LinkShow::as_typed) {
                    append_escaped_text(out, unsafe_opening(n));
                    inlines(out, n.children);
                    append_escaped_text(out, unsafe_destination(n));
                    break;
                }
                if (is_autolink(n)) {
                    out.append("<").append(n.url()).append(">");
                    break;
                }
                out += '[';
                const auto text_start = out.size();
                in_link_ = true;
                inlines(out, n.children);
                in_link_ = false;
                if (out.size() == text_start) append_escaped_text(out, n.url());
                out += "](";
                append_destination(out, n.url());
                if (!n.title().empty()) {
                    out += " \"";
                    for (char c : visible(n.title())) {
                        if (c == '"' || c == '\\') out += '\\';
                        out += c;
                    }
                    out += '"';
                }
                out += ')';
                break;
            }
            default:
                break;
        }
    }

    struct Piece {
        std::string_view text;
        std::size_t spaces;
    };
    int min_heading_;
    unsigned top_;
    bool in_link_ = false;
    std::string out_;
    std::vector<Prefix> prefixes_;
    std::vector<Piece> pieces_;
    std::size_t lines_ = 0;  // lines written so far
};

}  // namespace

std::string guard_line_start(std::string_view line) {
    std::string out;
    append_guarded(out, line);
    return out;
}

bool is_safe_url(std::string_view url) noexcept {
    for (char c : url) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '<' || c == '>' ||
            c == '"' || c == '\'' || c == '`' || c == '\\') {
            return false;
        }
    }
    const auto scheme = [&](std::string_view prefix) {
        if (url.size() <= prefix.size()) return false;
        for (std::size_t i = 0; i < prefix.size(); ++i) {
            const char c =
                url[i] >= 'A' && url[i] <= 'Z' ? static_cast<char>(url[i] - 'A' + 'a') : url[i];
            if (c != prefix[i]) return false;
        }
        return true;
    };
    if (scheme("https://")) return url[8] != '/';
    if (scheme("http://")) return url[7] != '/';
    return scheme("mailto:");
}

Node parse(std::string_view markdown) {
    Builder builder;
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = dialect;
    parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) {
        return static_cast<Builder*>(u)->enter_block(t, d);
    };
    parser.leave_block = [](MD_BLOCKTYPE t, void*, void* u) {
        return static_cast<Builder*>(u)->leave_block(t);
    };
    parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) {
        return static_cast<Builder*>(u)->enter_span(t, d);
    };
    parser.leave_span = [](MD_SPANTYPE t, void*, void* u) {
        return static_cast<Builder*>(u)->leave_span(t);
    };
    parser.text = [](MD_TEXTTYPE t, const MD_CHAR* text, MD_SIZE size, void* u) {
        return static_cast<Builder*>(u)->text(t, std::string_view(text, size));
    };
    // md4c 0.4.8 reads one byte past the end of some inputs (an unclosed link destination)
    // and runs on past it when that byte is ')': it only ever sees a copy ending in NUL.
    // One buffer per thread, kept between bodies: an export parses a million of them.
    thread_local std::string terminated;
    terminated.assign(markdown);
    // md4c fails only on memory exhaustion; the document so far is still a valid tree.
    md_parse(terminated.c_str(), static_cast<MD_SIZE>(terminated.size()), &parser, &builder);
    return builder.take();
}

std::string html(const Node& document, int min_heading) {
    return Html(min_heading, top_heading(document)).render(document);
}

std::string markdown(const Node& document, int min_heading) {
    return Markdown(min_heading, top_heading(document)).render(document);
}

std::size_t title_heading_end(std::string_view text) {
    const auto line_at = [&](std::size_t pos) {
        const auto end = text.find('\n', pos);
        return text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
    };
    const auto next = [&](std::size_t pos) {
        const auto end = text.find('\n', pos);
        return end == std::string_view::npos ? text.size() : end + 1;
    };
    std::size_t pos = 0;
    while (pos < text.size() && line_at(pos).find_first_not_of(" \t\r") == std::string_view::npos) {
        pos = next(pos);
    }
    if (pos >= text.size()) return 0;
    const auto first = line_at(pos);
    const auto indent = first.find_first_not_of(' ');
    std::size_t end = 0;
    if (indent <= 3 && first[indent] == '#') {
        end = next(pos);  // ATX, if md4c agrees below
    } else if (const auto second = next(pos); second < text.size()) {
        const auto underline = trim(line_at(second));
        if (!underline.empty() && (underline.find_first_not_of('=') == std::string_view::npos ||
                                   underline.find_first_not_of('-') == std::string_view::npos)) {
            end = next(second);
        }
    }
    if (end == 0) return 0;
    const auto head = parse(text.substr(0, end));
    const bool heading = head.children.size() == 1 && head.children[0].kind == Kind::heading;
    return heading ? end : 0;
}

Split html_split(std::string_view text, std::size_t offset, int min_heading) {
    const auto head = parse(text.substr(0, offset));
    const auto rest = parse(text.substr(offset));
    const auto top = std::min(top_heading(head), top_heading(rest));
    return {Html(min_heading, top).render(head), Html(min_heading, top).render(rest)};
}

Split markdown_split(std::string_view text, std::size_t offset, int min_heading) {
    const auto head = parse(text.substr(0, offset));
    const auto rest = parse(text.substr(offset));
    const auto top = std::min(top_heading(head), top_heading(rest));
    return {Markdown(min_heading, top).render(head), Markdown(min_heading, top).render(rest)};
}

}  // namespace incident::render::body
