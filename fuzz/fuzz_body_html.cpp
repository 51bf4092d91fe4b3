// libFuzzer target: render::body_html (a user's Markdown as an HTML fragment). Whatever the
// input, the output may only hold tags from a small list, no event-handler attributes,
// and links only to http(s) or mailto.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "incident/report.hpp"

namespace {

constexpr std::array<std::string_view, 25> allowed_tags{
    "p", "br", "em", "strong", "code", "pre", "a", "ul", "ol", "li", "blockquote", "h1", "h2",
    "h3", "h4", "h5", "h6", "hr", "del", "s", "b", "i", "span", "div", "table"};

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
    const auto attrs = lower(tag.substr(n));
    for (std::size_t i = attrs.find("on"); i != std::string::npos; i = attrs.find("on", i + 1)) {
        const bool starts_word = i == 0 || attrs[i - 1] == ' ';
        std::size_t j = i + 2;
        while (j < attrs.size() && std::isalpha(static_cast<unsigned char>(attrs[j])) != 0) ++j;
        if (starts_word && j > i + 2 && j < attrs.size() && attrs[j] == '=') std::abort();
    }
    for (const std::string_view attr : {"href=\"", "src=\""}) {
        for (auto i = attrs.find(attr); i != std::string::npos; i = attrs.find(attr, i + 1)) {
            const auto value = std::string_view(attrs).substr(i + attr.size());
            if (!(value.starts_with("http://") || value.starts_with("https://") ||
                  value.starts_with("mailto:"))) {
                std::abort();  // javascript:, data:, relative or schemeless links
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view markdown(reinterpret_cast<const char*>(data), size);
    const auto html = incident::render::body_html(markdown);
    for (auto lt = html.find('<'); lt != std::string::npos; lt = html.find('<', lt + 1)) {
        const auto gt = html.find('>', lt);
        if (gt == std::string::npos) std::abort();  // an unterminated tag
        const auto inner = std::string_view(html).substr(lt + 1, gt - lt - 1);
        if (inner.find('<') != std::string_view::npos) std::abort();
        check_tag(inner);
    }
    return 0;
}
