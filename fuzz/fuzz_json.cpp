// libFuzzer target for the streaming JSON reader: the first byte picks how many bytes each
// read returns (1 to 8, or all), so every token meets a buffer boundary somewhere. The pull
// reader must agree with parse() (same verdict, same error offset), never crash or hang; a
// value read again from its offset (as import's second pass does) must be the same value; and
// a valid document goes on to the Statuspage import checks, streamed through the same pieces.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

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

bool same(const incident::json::Value& a, const incident::json::Value& b) {
    if (a.type() != b.type() || a.as_bool() != b.as_bool() || a.text() != b.text() ||
        !std::ranges::equal(a.keys(), b.keys()) || a.items().size() != b.items().size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.items().size(); ++i) {
        if (!same(a.items()[i], b.items()[i])) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::size_t chunk = data[0] % 9 == 0 ? SIZE_MAX : data[0] % 9;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const incident::json::ParseOptions options{
        .max_depth = 16, .max_string_bytes = 256, .max_document_bytes = 1 << 20};
    const auto whole = incident::json::parse(text, options);
    Trickle source(text, chunk);
    bool streamed_ok = true;
    std::uint64_t error_at = 0;
    std::optional<std::pair<std::uint64_t, incident::json::Document>> first_value;  // offset, value
    try {
        incident::json::PullReader reader(source, options);
        // Alternate between skipping and reading values whole, with a small value limit.
        std::size_t n = 0;
        for (auto e = reader.next(); e != incident::json::Event::end_of_input;
             e = reader.next(), ++n) {
            if (e == incident::json::Event::key || e == incident::json::Event::end_array ||
                e == incident::json::Event::end_object) {
                continue;
            }
            if (n % 3 == 1) {
                reader.skip(e);
            } else if (n % 3 == 2 && reader.depth() > 0) {
                try {
                    const auto at = reader.token_offset();
                    auto v = reader.value(e, 64);
                    if (!first_value) first_value.emplace(at, std::move(v));
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
    if (parsed_error == nullptr && first_value) {
        source.seek(first_value->first);
        incident::json::PullReader again(source, options, first_value->first);
        if (!same(again.value(again.next(), 64).root(), first_value->second.root())) std::abort();
    }
    if (parsed_error == nullptr) {
        Trickle pieces(text, chunk);
        try {
            (void)incident::read_import(pieces, "fuzz");
        } catch (const incident::UsageError&) {
            // Expected for most documents: the message is the product.
        }
    }
    return 0;
}
