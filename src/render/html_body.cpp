// body_html: a small, safe Markdown subset for update and postmortem bodies.
// Supported: paragraphs (blank lines), line breaks, ATX headings, bullet and numbered lists,
// fenced code blocks, *em*, **strong**, `code`, backslash escapes, [text](url), <url> and
// bare http(s) URLs. Only http, https and mailto links become links; everything else,
// raw HTML and entities included, is shown as the text it is.
//
// Contract: total and linear in the input's length; the output is always well-formed
// (every tag opened is closed, inside its block). Emphasis is matched with a plain stack,
// so tags nest by construction; unmatched delimiters stay literal.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "incident/report.hpp"
#include "render/html_text.hpp"

namespace incident::render {
namespace html {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at text[i] and its code point, or 0 when invalid.
std::size_t decode_utf8(std::string_view text, std::size_t i, std::uint32_t& code) noexcept {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (b0 < 0x80) {
        code = b0;
        return 1;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2, code = b0 & 0x1Fu, min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3, code = b0 & 0x0Fu, min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4, code = b0 & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    if (text.size() - i < length) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const unsigned char b = byte(i + k);
        if ((b & 0xC0u) != 0x80u) return 0;
        code = (code << 6) | (b & 0x3Fu);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
    return length;
}

bool is_noncharacter_or_control(std::uint32_t code) noexcept {
    if (code < 0x20) return code != '\t' && code != '\n' && code != '\r';
    if (code >= 0x7F && code <= 0x9F) return true;
    if (code >= 0xFDD0 && code <= 0xFDEF) return true;
    return (code & 0xFFFEu) == 0xFFFEu;
}

}  // namespace

void append_escaped(std::string& out, std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        // Printable ASCII other than the five specials is copied in runs.
        std::size_t run = i;
        while (run < text.size()) {
            const char r = text[run];
            if (r < ' ' || r > '~' || r == '&' || r == '<' || r == '>' || r == '"' || r == '\'') break;
            ++run;
        }
        if (run > i) {
            out.append(text.substr(i, run - i));
            i = run;
            continue;
        }
        const char c = text[i];
        switch (c) {
        case '&': out += "&amp;"; ++i; continue;
        case '<': out += "&lt;"; ++i; continue;
        case '>': out += "&gt;"; ++i; continue;
        case '"': out += "&quot;"; ++i; continue;
        case '\'': out += "&#39;"; ++i; continue;
        default: break;
        }
        std::uint32_t code = 0;
        const std::size_t length = decode_utf8(text, i, code);
        if (length == 0) {
            out += replacement;
            ++i;
        } else {
            if (is_noncharacter_or_control(code)) {
                out += replacement;
            } else {
                out.append(text.substr(i, length));
            }
            i += length;
        }
    }
}

std::string escaped(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_escaped(out, text);
    return out;
}

}  // namespace html

namespace {

using html::append_escaped;

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_ascii_alnum(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_punct(char c) noexcept {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
           (c >= '{' && c <= '~');
}
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view text, std::string_view prefix) noexcept {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lower(text[i]) != prefix[i]) return false;
    }
    return true;
}

// A URL we are willing to link to: http(s) with a host, or mailto with an address.
bool is_safe_url(std::string_view url) noexcept {
    for (char c : url) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '<' || c == '>' ||
            c == '"' || c == '\'' || c == '`' || c == '\\') {
            return false;
        }
    }
    if (starts_with_nocase(url, "https://")) return url.size() > 8 && url[8] != '/';
    if (starts_with_nocase(url, "http://")) return url.size() > 7 && url[7] != '/';
    if (starts_with_nocase(url, "mailto:")) return url.size() > 7;
    return false;
}

// Characters that end a URL in running text (and make <...> and (...) not a link).
bool ends_url(char c) noexcept {
    return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F || c == '<' || c == '>' ||
           c == '"' || c == '`' || c == '[' || c == ']';
}

void append_link(std::string& out, std::string_view url, std::string_view text) {
    out += "<a href=\"";
    append_escaped(out, url);
    out += "\" rel=\"nofollow noopener noreferrer\">";
    append_escaped(out, text);
    out += "</a>";
}

struct Piece {
    std::string html;              // escaped text or complete markup
    std::size_t stars = 0;         // a '*' run: stars not (yet) matched
    bool delimiter = false;
    std::string closes;            // tags this run closes, innermost first
    std::vector<bool> opens;       // tags it opens (true: strong), innermost first
};

class Inline {
public:
    explicit Inline(std::string_view text) : text_(text) { find_backtick_runs(); }

    std::string render() {
        std::size_t i = 0;
        while (i < text_.size()) i = step(i);
        std::string out;
        out.reserve(text_.size() + text_.size() / 4);
        for (const auto& p : pieces_) {
            if (!p.delimiter) {
                out += p.html;
                continue;
            }
            out += p.closes;
            out.append(p.stars, '*');
            for (std::size_t k = p.opens.size(); k-- > 0;) out += p.opens[k] ? "<strong>" : "<em>";
        }
        return out;
    }

private:
    struct Run {
        std::size_t pos;
        std::size_t length;
        std::size_t next_same;  // index of the next run of the same length, or npos
    };

    void find_backtick_runs() {
        for (std::size_t i = 0; i < text_.size();) {
            if (text_[i] != '`') {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < text_.size() && text_[j] == '`') ++j;
            runs_.push_back({i, j - i, std::string_view::npos});
            i = j;
        }
        std::unordered_map<std::size_t, std::size_t> later;
        for (std::size_t r = runs_.size(); r-- > 0;) {
            auto [it, fresh] = later.try_emplace(runs_[r].length, r);
            if (!fresh) {
                runs_[r].next_same = it->second;
                it->second = r;
            }
        }
    }

    Piece& text_piece() {
        if (pieces_.empty() || pieces_.back().delimiter) pieces_.emplace_back();
        return pieces_.back();
    }
    void literal(std::string_view text) { append_escaped(text_piece().html, text); }
    void markup(std::string_view html) { text_piece().html += html; }

    // Handles what starts at i; returns where to continue.
    std::size_t step(std::size_t i) {
        const char c = text_[i];
        switch (c) {
        case '`': return code_span(i);
        case '*': return star_run(i);
        case '[': return bracket_link(i);
        case '<': return angle_link(i);
        case '\\':
            if (i + 1 < text_.size() && is_ascii_punct(text_[i + 1]) && text_[i + 1] != '`') {
                literal(text_.substr(i + 1, 1));
                return i + 2;
            }
            literal("\\");
            return i + 1;
        case '\n': markup("<br>\n"); return i + 1;
        case 'h':
        case 'H': return bare_url(i);
        default: break;
        }
        std::size_t j = i + 1;
        while (j < text_.size() && !is_special(text_[j])) ++j;
        literal(text_.substr(i, j - i));
        return j;
    }

    static bool is_special(char c) noexcept {
        return c == '`' || c == '*' || c == '[' || c == '<' || c == '\\' || c == '\n' ||
               c == 'h' || c == 'H';
    }

    std::size_t code_span(std::size_t i) {
        while (run_cursor_ < runs_.size() && runs_[run_cursor_].pos < i) ++run_cursor_;
        if (run_cursor_ == runs_.size() || runs_[run_cursor_].pos != i) {
            literal("`");  // not reached: runs are never split by other constructs
            return i + 1;
        }
        const Run& open = runs_[run_cursor_];
        const std::size_t close_index = open.next_same;
        if (close_index == std::string_view::npos) {
            literal(text_.substr(i, open.length));
            return i + open.length;
        }
        const Run& close = runs_[close_index];
        std::string_view content = text_.substr(i + open.length, close.pos - i - open.length);
        if (content.size() >= 2 && content.front() == ' ' && content.back() == ' ' &&
            content.find_first_not_of(' ') != std::string_view::npos) {
            content = content.substr(1, content.size() - 2);
        }
        std::string html = "<code>";
        std::string flat(content);
        for (char& ch : flat) {
            if (ch == '\n' || ch == '\r') ch = ' ';
        }
        append_escaped(html, flat);
        html += "</code>";
        markup(html);
        return close.pos + close.length;
    }

    std::size_t star_run(std::size_t i) {
        std::size_t j = i;
        while (j < text_.size() && text_[j] == '*') ++j;
        const bool can_open = j < text_.size() && !is_space(text_[j]);
        const bool can_close = i > 0 && !is_space(text_[i - 1]);
        const std::size_t index = pieces_.size();
        pieces_.emplace_back();
        pieces_.back().delimiter = true;
        pieces_.back().stars = j - i;
        if (can_close) {
            while (pieces_[index].stars > 0 && !openers_.empty()) {
                Piece& opener = pieces_[openers_.back()];
                Piece& closer = pieces_[index];
                const bool strong = closer.stars >= 2 && opener.stars >= 2;
                const std::size_t used = strong ? 2 : 1;
                opener.opens.push_back(strong);
                closer.closes += strong ? "</strong>" : "</em>";
                opener.stars -= used;
                closer.stars -= used;
                if (opener.stars == 0) openers_.pop_back();
            }
        }
        if (pieces_[index].stars > 0 && can_open) openers_.push_back(index);
        return j;
    }

    // [text](url): text without brackets or line breaks, url up to ')' without spaces.
    std::size_t bracket_link(std::size_t i) {
        std::size_t j = i + 1;
        while (j < text_.size() && text_[j] != ']' && text_[j] != '[' && text_[j] != '\n') ++j;
        if (j + 1 < text_.size() && text_[j] == ']' && text_[j + 1] == '(') {
            std::size_t k = j + 2;
            while (k < text_.size() && text_[k] != ')' && text_[k] != '(' && !ends_url(text_[k])) ++k;
            if (k < text_.size() && text_[k] == ')') {
                const auto url = text_.substr(j + 2, k - j - 2);
                if (is_safe_url(url)) {
                    const auto label = text_.substr(i + 1, j - i - 1);
                    std::string html;
                    append_link(html, url, trim_label(label).empty() ? url : label);
                    markup(html);
                    return k + 1;
                }
            }
        }
        literal("[");
        return i + 1;
    }

    static std::string_view trim_label(std::string_view label) noexcept {
        while (!label.empty() && is_space(label.front())) label.remove_prefix(1);
        while (!label.empty() && is_space(label.back())) label.remove_suffix(1);
        return label;
    }

    // <https://...> or <mailto:...>
    std::size_t angle_link(std::size_t i) {
        std::size_t j = i + 1;
        while (j < text_.size() && !ends_url(text_[j])) ++j;
        if (j < text_.size() && text_[j] == '>') {
            const auto url = text_.substr(i + 1, j - i - 1);
            if (is_safe_url(url)) {
                std::string html;
                append_link(html, url, url);
                markup(html);
                return j + 1;
            }
        }
        literal("<");
        return i + 1;
    }

    // http://... or https://... at the start of a word; trailing punctuation is not part of it.
    std::size_t bare_url(std::size_t i) {
        const bool word_start = i == 0 || !is_ascii_alnum(text_[i - 1]);
        const auto rest = text_.substr(i);
        const std::size_t scheme = starts_with_nocase(rest, "https://") ? 8
                                   : starts_with_nocase(rest, "http://") ? 7
                                                                         : 0;
        if (!word_start || scheme == 0) {
            literal(text_.substr(i, 1));
            return i + 1;
        }
        std::size_t j = i + scheme;
        while (j < text_.size() && !ends_url(text_[j])) ++j;
        std::size_t open_parens = 0, close_parens = 0;
        for (std::size_t k = i; k < j; ++k) {
            open_parens += text_[k] == '(';
            close_parens += text_[k] == ')';
        }
        while (j > i + scheme) {
            const char last = text_[j - 1];
            if (last == ')' && close_parens > open_parens) {
                --close_parens;
            } else if (!(last == '.' || last == ',' || last == ':' || last == ';' || last == '!' ||
                         last == '?' || last == '*' || last == '\'' || last == '_')) {
                break;
            }
            --j;
        }
        const auto url = text_.substr(i, j - i);
        if (!is_safe_url(url)) {
            literal(text_.substr(i, 1));
            return i + 1;
        }
        std::string html;
        append_link(html, url, url);
        markup(html);
        return j;
    }

    std::string_view text_;
    std::vector<Run> runs_;
    std::size_t run_cursor_ = 0;
    std::vector<Piece> pieces_;
    std::vector<std::size_t> openers_;
};

std::string render_inline(std::string_view text) { return Inline(text).render(); }

std::string_view strip(std::string_view line) noexcept {
    while (!line.empty() && is_space(line.front())) line.remove_prefix(1);
    while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
    return line;
}

std::size_t indent_of(std::string_view line) noexcept {
    std::size_t n = 0;
    while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
    return n;
}

struct ListItem {
    bool ordered = false;
    long start = 1;
    std::string_view content;
};

// "- item", "* item", "+ item", "12. item", "3) item" after at most three spaces.
std::optional<ListItem> list_item(std::string_view line) noexcept {
    const std::size_t indent = indent_of(line);
    if (indent > 3) return std::nullopt;
    line.remove_prefix(indent);
    if (line.empty()) return std::nullopt;
    ListItem item;
    std::size_t marker = 0;
    if (line[0] == '-' || line[0] == '*' || line[0] == '+') {
        marker = 1;
    } else {
        long number = 0;
        while (marker < line.size() && marker < 9 && line[marker] >= '0' && line[marker] <= '9') {
            number = number * 10 + (line[marker] - '0');
            ++marker;
        }
        if (marker == 0 || marker >= line.size() || (line[marker] != '.' && line[marker] != ')')) {
            return std::nullopt;
        }
        ++marker;
        item.ordered = true;
        item.start = number;
    }
    if (marker < line.size() && line[marker] != ' ' && line[marker] != '\t') return std::nullopt;
    item.content = strip(line.substr(marker));
    return item;
}

struct Fence {
    char mark;
    std::size_t length;
};

std::optional<Fence> fence_of(std::string_view line) noexcept {
    const std::size_t indent = indent_of(line);
    if (indent > 3) return std::nullopt;
    line.remove_prefix(indent);
    if (line.empty() || (line[0] != '`' && line[0] != '~')) return std::nullopt;
    std::size_t n = 0;
    while (n < line.size() && line[n] == line[0]) ++n;
    if (n < 3) return std::nullopt;
    // An info string after ``` may not hold backticks (it would be a code span).
    if (line[0] == '`' && line.substr(n).find('`') != std::string_view::npos) return std::nullopt;
    return Fence{line[0], n};
}

bool closes_fence(std::string_view line, const Fence& fence) noexcept {
    const auto f = fence_of(line);
    return f && f->mark == fence.mark && f->length >= fence.length &&
           strip(line).size() == f->length;
}

// "## Heading" → level 2 and its text.
std::optional<std::pair<int, std::string_view>> heading_of(std::string_view line) noexcept {
    const std::size_t indent = indent_of(line);
    if (indent > 3) return std::nullopt;
    line.remove_prefix(indent);
    std::size_t level = 0;
    while (level < line.size() && line[level] == '#') ++level;
    if (level == 0 || level > 6) return std::nullopt;
    if (level < line.size() && line[level] != ' ' && line[level] != '\t') return std::nullopt;
    auto text = strip(line.substr(level));
    // A closing run of '#' after a space is not part of the heading.
    std::size_t end = text.size();
    while (end > 0 && text[end - 1] == '#') --end;
    if (end == 0) {
        text = {};
    } else if (end < text.size() && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
        text = strip(text.substr(0, end));
    }
    return std::pair{static_cast<int>(level), text};
}

class Blocks {
public:
    std::string render(std::string_view markdown) {
        std::size_t i = 0;
        while (i < markdown.size()) {
            std::size_t end = i;
            while (end < markdown.size() && markdown[end] != '\n' && markdown[end] != '\r') ++end;
            line(markdown.substr(i, end - i));
            i = end;
            if (i < markdown.size() && markdown[i] == '\r') ++i;
            if (i < markdown.size() && markdown[i] == '\n') ++i;
        }
        close_all();
        if (fence_) out_ += "</code></pre>\n";
        return std::move(out_);
    }

private:
    void line(std::string_view text) {
        if (fence_) {
            if (closes_fence(text, *fence_)) {
                out_ += "</code></pre>\n";
                fence_.reset();
            } else {
                append_escaped(out_, text);
                out_ += '\n';
            }
            return;
        }
        const auto content = strip(text);
        if (content.empty()) {
            if (in_list_) {
                end_item();
                blank_in_list_ = true;
            } else {
                end_paragraph();
            }
            return;
        }
        if (auto fence = fence_of(text)) {
            close_all();
            out_ += "<pre><code>";
            fence_ = fence;
            return;
        }
        if (auto heading = heading_of(text)) {
            close_all();
            const int level = heading->first + 2 > 6 ? 6 : heading->first + 2;
            out_ += "<h" + std::to_string(level) + ">";
            out_ += render_inline(heading->second);
            out_ += "</h" + std::to_string(level) + ">\n";
            return;
        }
        if (auto item = list_item(text)) {
            end_paragraph();
            if (in_list_ && ordered_ != item->ordered) close_list();
            if (!in_list_) {
                in_list_ = true;
                ordered_ = item->ordered;
                if (!ordered_) {
                    out_ += "<ul>\n";
                } else if (item->start == 1) {
                    out_ += "<ol>\n";
                } else {
                    out_ += "<ol start=\"" + std::to_string(item->start) + "\">\n";
                }
            }
            end_item();
            blank_in_list_ = false;
            in_item_ = true;
            pending_ = item->content;
            return;
        }
        if (in_list_ && in_item_ && !blank_in_list_) {
            pending_ += '\n';
            pending_ += content;
            return;
        }
        if (in_list_) close_list();
        if (in_paragraph_) {
            pending_ += '\n';
        } else {
            in_paragraph_ = true;
        }
        pending_ += content;
    }

    void end_paragraph() {
        if (!in_paragraph_) return;
        out_ += "<p>";
        out_ += render_inline(pending_);
        out_ += "</p>\n";
        pending_.clear();
        in_paragraph_ = false;
    }
    void end_item() {
        if (!in_item_) return;
        out_ += "<li>";
        out_ += render_inline(pending_);
        out_ += "</li>\n";
        pending_.clear();
        in_item_ = false;
    }
    void close_list() {
        if (!in_list_) return;
        end_item();
        out_ += ordered_ ? "</ol>\n" : "</ul>\n";
        in_list_ = false;
        blank_in_list_ = false;
    }
    void close_all() {
        end_paragraph();
        close_list();
    }

    std::string out_;
    std::string pending_;  // the open paragraph's or list item's text
    bool in_paragraph_ = false;
    bool in_list_ = false;
    bool in_item_ = false;
    bool ordered_ = false;
    bool blank_in_list_ = false;
    std::optional<Fence> fence_;
};

}  // namespace

std::string body_html(std::string_view markdown) { return Blocks{}.render(markdown); }

}  // namespace incident::render
