#include <utf8proc.h>

#include <cstdlib>

#include "incident/text.hpp"

namespace incident {

Glyph first_glyph(std::string_view text) noexcept {
    if (text.empty()) return {0, 0};
    utf8proc_int32_t code_point = 0;
    const auto length = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                         static_cast<utf8proc_ssize_t>(text.size()), &code_point);
    // Visible text is valid UTF-8; a stray byte still takes a column so nothing vanishes.
    if (length <= 0) return {1, 1};
    const int width = utf8proc_charwidth(code_point);
    return {static_cast<std::size_t>(width < 0 ? 0 : width), static_cast<std::size_t>(length)};
}

std::size_t display_width(std::string_view text) noexcept {
    std::size_t width = 0;
    while (!text.empty()) {
        const auto glyph = first_glyph(text);
        width += glyph.width;
        text.remove_prefix(glyph.bytes);
    }
    return width;
}

std::string fold_case(std::string_view text) {
    utf8proc_uint8_t* folded = nullptr;
    const auto length = utf8proc_map(
        reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
        static_cast<utf8proc_ssize_t>(text.size()), &folded,
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD));
    if (length < 0) return std::string(text);  // not UTF-8: compared byte for byte
    std::string out(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(length));
    std::free(folded);
    return out;
}

}  // namespace incident
