// libFuzzer target: the body parser (md4c) and both renderers. Whatever the input, the HTML
// fragment, and the HTML of the Markdown export parsed again, may only hold tags from a
// small list, no event-handler attributes, and links only to http(s) or mailto.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "incident/report.hpp"
#include "render/markdown.hpp"

namespace {

constexpr std::array<std::string_view, 25> allowed_tags{
    "p",     "br",         "em", "strong", "code", "pre",   "a",   "ul",  "ol",
    "li",    "blockquote", "h3", "h4",     "h5",   "h6",    "hr",  "del", "table",
    "thead", "tbody",      "tr", "th",     "td",   "input", "span"};

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// Checks one tag starting after '<' up to the closing '>'.
void check_tag(std::string_view tag) {
    if (!tag.empty() && tag.front() == '/') tag.remove_prefix(1);
    std::size_t n = 0;
    while (n < tag.size() && std::isalnum(static_cast<unsigned char>(tag[n])) != 0) ++n;
    const auto name = lower(tag.substr(0, n));
    if (std::find(allowed_tags.begin(), allowed_tags.end(), name) == allowed_tags.end()) {
        std::abort();  // a tag the renderer never writes: user text got through unescaped
    }
    // Attributes as the renderer writes them: name="value", separated by spaces.
    const auto attrs = lower(tag.substr(n));
    std::size_t i = 0;
    while (i < attrs.size()) {
        if (attrs[i] == ' ' || attrs[i] == '/') {
            ++i;
            continue;
        }
        const auto eq = attrs.find('=', i);
        if (eq == std::string::npos || eq + 1 >= attrs.size() || attrs[eq + 1] != '"') {
            std::abort();  // not name="value": something else got into the tag
        }
        const auto attr = std::string_view(attrs).substr(i, eq - i);
        const auto close = attrs.find('"', eq + 2);
        if (close == std::string::npos) std::abort();
        const auto value = std::string_view(attrs).substr(eq + 2, close - eq - 2);
        if (attr.starts_with("on")) std::abort();  // an event handler
        if ((attr == "href" || attr == "src") &&
            !(value.starts_with("http://") || value.starts_with("https://") ||
              value.starts_with("mailto:"))) {
            std::abort();  // javascript:, data:, relative or schemeless links
        }
        i = close + 1;
    }
}

void check_html(const std::string& html) {
    for (auto lt = html.find('<'); lt != std::string::npos; lt = html.find('<', lt + 1)) {
        const auto gt = html.find('>', lt);
        if (gt == std::string::npos) std::abort();  // an unterminated tag
        const auto inner = std::string_view(html).substr(lt + 1, gt - lt - 1);
        if (inner.find('<') != std::string_view::npos) std::abort();
        check_tag(inner);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view markdown(reinterpret_cast<const char*>(data), size);
    check_html(incident::render::body_html(markdown));
    // The Markdown export is read by other renderers: what they make of it must be as safe.
    check_html(incident::render::body_html(incident::render::markdown::body(markdown, 3)));
    return 0;
}
