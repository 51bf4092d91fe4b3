#include "markdown.hpp"

#include <algorithm>
#include <optional>
#include <vector>
#include <ostream>

#include "incident/report.hpp"
#include "incident/text.hpp"

namespace incident::render {
namespace markdown {
namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether `text` at `i` (an '&') starts a character reference CommonMark would decode.
bool starts_entity(std::string_view text, std::size_t i) {
    std::size_t j = i + 1;
    if (j < text.size() && text[j] == '#') {
        ++j;
        const bool hex = j < text.size() && (text[j] == 'x' || text[j] == 'X');
        if (hex) ++j;
        const std::size_t start = j;
        while (j < text.size() && (hex ? is_hex(text[j]) : (text[j] >= '0' && text[j] <= '9'))) ++j;
        return j > start && j - start <= 7 && j < text.size() && text[j] == ';';
    }
    const std::size_t start = j;
    while (j < text.size() && is_alnum(text[j])) ++j;
    return j > start && j < text.size() && text[j] == ';';
}

bool safe_url(std::string_view url) {
    const bool scheme = url.starts_with("https://") || url.starts_with("http://") ||
                        url.starts_with("mailto:");
    if (!scheme || url.size() <= 8) return false;
    return std::all_of(url.begin(), url.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80) return true;  // UTF-8 in an IRI
        return is_alnum(c) || std::string_view("-._~:/?#@!$&*+,;=%").find(c) != std::string_view::npos;
    });
}

std::size_t run_length(std::string_view text, std::size_t i, char c) {
    std::size_t j = i;
    while (j < text.size() && text[j] == c) ++j;
    return j - i;
}

// Escapes one line of inline content. With `spans`, keeps safe code spans, links and autolinks.
std::string escape_inline(std::string_view line, bool spans, std::string_view also) {
    std::string out;
    out.reserve(line.size() + line.size() / 8);
    for (std::size_t i = 0; i < line.size();) {
        const char c = line[i];
        if (c == '`') {
            const auto n = run_length(line, i, '`');
            if (spans) {
                // The first later run of exactly n backticks closes the span, as in CommonMark.
                std::size_t j = i + n;
                std::size_t close = std::string_view::npos;
                while (j < line.size()) {
                    if (line[j] != '`') {
                        ++j;
                        continue;
                    }
                    const auto m = run_length(line, j, '`');
                    if (m == n) {
                        close = j;
                        break;
                    }
                    j += m;
                }
                if (close != std::string_view::npos) {
                    const auto content = line.substr(i + n, close - i - n);
                    if (content.find_first_of("<[]|") == std::string_view::npos) {
                        out.append(line.substr(i, close + n - i));
                    } else {
                        // Shown as the user typed it, but as escaped text, not code.
                        for (std::size_t k = 0; k < n; ++k) out += "\\`";
                        out += escape_inline(content, false, also);
                        for (std::size_t k = 0; k < n; ++k) out += "\\`";
                    }
                    i = close + n;
                    continue;
                }
            }
            for (std::size_t k = 0; k < n; ++k) out += "\\`";
            i += n;
            continue;
        }
        if (spans && c == '[' && (i == 0 || line[i - 1] != '!')) {
            const auto close = line.find(']', i + 1);
            if (close != std::string_view::npos && close + 1 < line.size() && line[close + 1] == '(') {
                const auto text = line.substr(i + 1, close - i - 1);
                const auto end = line.find(')', close + 2);
                if (end != std::string_view::npos && !text.empty() &&
                    text.find_first_of("[`") == std::string_view::npos) {
                    const auto url = line.substr(close + 2, end - close - 2);
                    if (safe_url(url)) {
                        out += '[';
                        out += escape_inline(text, false, "");
                        out += "](";
                        out.append(url);
                        out += ')';
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        if (spans && c == '<') {
            const auto close = line.find('>', i + 1);
            if (close != std::string_view::npos && safe_url(line.substr(i + 1, close - i - 1))) {
                out.append(line.substr(i, close + 1 - i));
                i = close + 1;
                continue;
            }
        }
        if (c == '\\' || c == '<' || c == '[' || c == ']' ||
            (c == '&' && starts_entity(line, i)) ||
            also.find(c) != std::string_view::npos) {
            out += '\\';
        }
        out += c;
        ++i;
    }
    return out;
}

// Splits on '\n' after turning CRLF into LF and making other control characters visible.
std::string normalized(std::string_view text) {
    std::string lf;
    lf.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
        lf += text[i];
    }
    return visible(lf, true);
}

bool only_of(std::string_view text, char c) {
    bool seen = false;
    for (char ch : text) {
        if (ch == c) {
            seen = true;
        } else if (ch != ' ' && ch != '\t') {
            return false;
        }
    }
    return seen;
}

// Width of a line's indentation (a tab counts 4) and where it ends.
std::size_t indentation(std::string_view line, std::size_t& indent) {
    indent = 0;
    std::size_t width = 0;
    while (indent < line.size() && (line[indent] == ' ' || line[indent] == '\t')) {
        width += line[indent] == '\t' ? 4U : 1U;
        ++indent;
    }
    return width;
}

// The level of an ATX heading line; 0 when it is not one.
std::size_t heading_level(std::string_view line) {
    std::size_t indent = 0;
    if (indentation(line, indent) >= 4) return 0;
    const auto rest = line.substr(indent);
    const auto hashes = run_length(rest, 0, '#');
    const bool heading = hashes >= 1 && hashes <= 6 &&
                         (hashes == rest.size() || rest[hashes] == ' ' || rest[hashes] == '\t');
    return heading ? hashes : 0;
}

// Where the content of a line starts after block quote markers and list markers.
std::size_t container_prefix(std::string_view line) {
    std::size_t i = 0;
    for (;;) {
        std::size_t j = i;
        while (j < line.size() && j - i < 3 && line[j] == ' ') ++j;
        if (j < line.size() && line[j] == '>') {
            i = j + 1;
            if (i < line.size() && line[i] == ' ') ++i;
            continue;
        }
        std::size_t k = j;
        if (k < line.size() && (line[k] == '-' || line[k] == '*' || line[k] == '+')) {
            ++k;
        } else {
            while (k < line.size() && k - j < 9 && line[k] >= '0' && line[k] <= '9') ++k;
            if (k == j || k >= line.size() || (line[k] != '.' && line[k] != ')')) return i;
            ++k;
        }
        if (k < line.size() && line[k] == ' ') {
            i = k + 1;
            continue;
        }
        return i;
    }
}

struct Fence {
    char mark;           // '`' or '~'
    std::size_t length;  // at least 3
    std::string info;    // a language name, or empty
};

// A fence opening at column 0 (only there: an indented one may belong to a list item that a
// later, less indented line ends, and its verbatim content would then be parsed).
std::optional<Fence> opening_fence(std::string_view line) {
    if (line.empty() || (line[0] != '`' && line[0] != '~')) return std::nullopt;
    const auto n = run_length(line, 0, line[0]);
    if (n < 3) return std::nullopt;
    const auto rest = trim(line.substr(n));
    if (line[0] == '`' && rest.find('`') != std::string_view::npos) return std::nullopt;
    // The info string becomes an HTML class: keep a plain language name only.
    auto word = rest.substr(0, rest.find_first_of(" \t"));
    const bool plain = std::all_of(word.begin(), word.end(), [](char c) {
        return is_alnum(c) || c == '_' || c == '-' || c == '+' || c == '.' || c == '#';
    });
    return Fence{line[0], n, plain ? std::string(word) : std::string()};
}

// CommonMark's closing fence: up to 3 spaces, at least as many of the same mark, then blanks.
bool closes(std::string_view line, const Fence& fence) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    const auto n = run_length(line, i, fence.mark);
    if (n < fence.length) return false;
    return trim(line.substr(i + n)).empty();
}

// `shift` moves headings so the body's top level lands just below the report's labels.
std::string body_line(std::string_view line, std::size_t shift) {
    std::size_t indent = 0;
    const auto width = indentation(line, indent);
    const auto lead = line.substr(0, indent);
    const auto rest = line.substr(indent);
    if (width >= 4 || rest.empty()) return escape_inline(line, true, "");
    const auto hashes = heading_level(line);
    if (hashes > 0) {
        const auto level = std::min<std::size_t>(6, hashes + shift);
        const auto content = trim(rest.substr(hashes));
        std::string out(lead);
        out.append(level, '#');
        if (!content.empty()) out += ' ' + escape_inline(content, true, "#");
        return out;
    }
    // Inside list items and block quotes, a heading, setext underline or fence would still
    // break the report's outline: its first character is escaped instead.
    auto at = container_prefix(line);
    while (at < line.size() && (line[at] == ' ' || line[at] == '\t')) ++at;
    const auto inner = line.substr(at);
    if (only_of(inner, '=') || only_of(inner, '-') || inner.starts_with("~~~") ||
        heading_level(inner) > 0) {
        return escape_inline(line.substr(0, at), true, "") + '\\' +
               escape_inline(inner, true, "");
    }
    return escape_inline(line, true, "");
}

}  // namespace

std::string inline_text(std::string_view text) {
    return escape_inline(visible(text), false, "*_#");
}

std::string body(std::string_view text, int min_heading) {
    const auto clean = normalized(trim_end(text));
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= clean.size();) {
        auto end = clean.find('\n', start);
        if (end == std::string::npos) end = clean.size();
        lines.push_back(std::string_view(clean).substr(start, end - start));
        start = end + 1;
    }
    // Which lines are inside fenced code (kept verbatim), found before headings are counted.
    std::vector<bool> in_fence(lines.size(), false);
    std::optional<Fence> open;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (open) {
            in_fence[i] = true;
            if (closes(lines[i], *open)) open.reset();
        } else if ((open = opening_fence(lines[i]))) {
            in_fence[i] = true;
        }
    }
    std::size_t top = 7;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto level = in_fence[i] ? 0 : heading_level(lines[i]);
        if (level > 0) top = std::min(top, level);
    }
    const auto wanted = static_cast<std::size_t>(std::max(1, min_heading));
    const std::size_t shift = top <= 6 && wanted > top ? wanted - top : 0;

    std::string out;
    open.reset();
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (open) {
            if (closes(lines[i], *open)) {
                out.append(open->length, open->mark);
                open.reset();
            } else {
                out.append(lines[i]);
            }
        } else if ((open = opening_fence(lines[i]))) {
            out.append(open->length, open->mark);
            out += open->info;
        } else {
            out += body_line(lines[i], shift);
        }
        out += '\n';
    }
    // An unclosed fence would swallow the rest of the report: close it.
    if (open) {
        out.append(open->length, open->mark);
        out += '\n';
    }
    return out;
}

}  // namespace markdown

namespace {

class MarkdownWriter final : public ReportWriter {
public:
    explicit MarkdownWriter(ReportContext context) : context_(std::move(context)) {}

    void begin(std::ostream& out) override {
        if (context_.single) return;
        out << "# Incident history";
        if (!context_.page_name.empty()) out << " for " << markdown::inline_text(context_.page_name);
        out << "\n";
    }

    void incident(std::ostream& out, const Incident& incident,
                  const std::vector<Update>& updates) override {
        ++count_;
        // A single report: title h1, labels h2. A history: titles h2, labels h3.
        const std::string title_mark = context_.single ? "#" : "\n##";
        const std::string label_mark = context_.single ? "##" : "###";
        const int body_heading = context_.single ? 3 : 4;
        out << title_mark << ' ' << markdown::inline_text(incident.title) << "\n";
        if (context_.single) {
            out << "\n" << report_subtitle(incident);
            if (!context_.page_name.empty()) out << " for " << markdown::inline_text(context_.page_name);
            out << "\n";
        }
        if (const auto window = scheduled_window(incident, context_.zone); !window.empty()) {
            out << "\n" << markdown::inline_text(window) << "\n";
        }
        if (incident.postmortem) {
            out << '\n' << label_mark << " Postmortem\n\n"
                << markdown::body(incident.postmortem->body, body_heading) << "\nPosted "
                << format_posted(incident.postmortem->posted_at, context_.zone) << '\n';
        }
        for (const auto& [update, label] : newest_first(updates)) {
            out << '\n' << label_mark << ' ' << label << "\n\n"
                << markdown::body(update->body, body_heading) << "\nPosted "
                << format_posted(update->posted_at, context_.zone)
                << (update->edited_at ? " (edited)" : "") << '\n';
        }
        if (!incident.components.empty()) {
            out << "\n"
                << affected_intro(incident) << ": "
                << markdown::inline_text(affected_summary(incident.components)) << ".\n";
        }
    }

    void end(std::ostream& out) override {
        if (!context_.single && count_ == 0) out << "\nNo incidents.\n";
    }

private:
    ReportContext context_;
    std::size_t count_ = 0;
};

}  // namespace

std::unique_ptr<ReportWriter> markdown_writer(const ReportContext& context) {
    return std::make_unique<MarkdownWriter>(context);
}

}  // namespace incident::render
