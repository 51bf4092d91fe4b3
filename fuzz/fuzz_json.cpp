// libFuzzer target for the streaming JSON reader: the first byte picks how many bytes each
// read returns (1 to 8, or all), so every token meets a buffer boundary somewhere. The pull
// reader must agree with parse() (same verdict, same error offset), never crash or hang, and
// a valid document goes on to the Statuspage import checks.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "incident/errors.hpp"
#include "incident/import.hpp"
#include "incident/json.hpp"

namespace {

// Hands out the text a few bytes at a time.
class Trickle final : public incident::json::Source {
public:
    Trickle(std::string_view text, std::size_t chunk) : text_(text), chunk_(chunk) {}
    std::size_t read(char* buffer, std::size_t size) override {
        const auto n = std::min({size, chunk_, text_.size() - at_});
        std::memcpy(buffer, text_.data() + at_, n);
        at_ += n;
        return n;
    }
    void seek(std::uint64_t offset) override { at_ = std::min<std::size_t>(offset, text_.size()); }

private:
    std::string_view text_;
    std::size_t chunk_;
    std::size_t at_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = data[0] % 9 == 0 ? SIZE_MAX : data[0] % 9;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const incident::json::ParseOptions options{.max_depth = 16, .max_string_bytes = 256,
                                               .max_document_bytes = 1 << 20};
    const auto whole = incident::json::parse(text, options);
    Trickle source(text, chunk);
    bool streamed_ok = true;
    std::uint64_t error_at = 0;
    try {
        incident::json::PullReader reader(source, options);
        // Alternate between skipping and reading values whole, with a small value limit.
        std::size_t n = 0;
        for (auto e = reader.next(); e != incident::json::Event::end_of_input; e = reader.next(), ++n) {
            if (e == incident::json::Event::key || e == incident::json::Event::end_array ||
                e == incident::json::Event::end_object) {
                continue;
            }
            if (n % 3 == 1) {
                reader.skip(e);
            } else if (n % 3 == 2 && reader.depth() > 0) {
                try {
                    (void)reader.value(e, 64);
                } catch (const incident::json::SyntaxError&) {
                    streamed_ok = false;  // over the value limit or a syntax error: stop here
                    error_at = UINT64_MAX;
                    break;
                }
            }
        }
    } catch (const incident::json::SyntaxError& e) {
        streamed_ok = false;
        error_at = e.offset;
    }
    const auto* parsed_error = std::get_if<incident::json::ParseError>(&whole);
    if (error_at != UINT64_MAX) {
        if (streamed_ok != (parsed_error == nullptr)) std::abort();
        if (parsed_error != nullptr && parsed_error->offset != error_at) std::abort();
    }
    if (parsed_error == nullptr) {
        try {
            (void)incident::read_import(text, "fuzz");
        } catch (const incident::UsageError&) {
            // Expected for most documents: the message is the product.
        }
    }
    return 0;
}
