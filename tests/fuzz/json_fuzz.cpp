// libFuzzer target for the JSON reader and the import checks behind it: any bytes must give
// a value or a message, never a crash, a hang or a sanitizer report. Build with
// -DINCIDENT_FUZZ=ON and clang (see tests/fuzz/README.md).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "incident/errors.hpp"
#include "incident/import.hpp"
#include "incident/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto parsed = incident::json::parse(text);
    if (std::holds_alternative<incident::json::Value>(parsed)) {
        try {
            (void)incident::read_import(text, "fuzz");
        } catch (const incident::UsageError&) {
            // Expected for most documents: the message is the product.
        }
    }
    return 0;
}
