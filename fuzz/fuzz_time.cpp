// libFuzzer target: parse_time on arbitrary text in a few zones (UTC, DST-switching ones,
// a 30-minute and a 45-minute offset, a zone with a 30-minute DST shift). Whatever parses
// must format and parse back to the same instant.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "incident/time.hpp"

namespace {

const std::array<incident::Zone, 6>& zones() {
    static const std::array<incident::Zone, 6> all{
        incident::Zone::utc(),
        incident::Zone::locate("Europe/Stockholm").value_or(incident::Zone::utc()),
        incident::Zone::locate("America/New_York").value_or(incident::Zone::utc()),
        incident::Zone::locate("Asia/Kathmandu").value_or(incident::Zone::utc()),
        incident::Zone::locate("Australia/Lord_Howe").value_or(incident::Zone::utc()),
        incident::Zone::locate("Pacific/Chatham").value_or(incident::Zone::utc()),
    };
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& zone = zones()[data[0] % zones().size()];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto parsed = incident::parse_time(text, zone);
    if (const auto* t = std::get_if<incident::Instant>(&parsed)) {
        const auto iso = incident::format_iso_utc(*t);
        const auto again = incident::parse_time(iso, zone);
        const auto* t2 = std::get_if<incident::Instant>(&again);
        if (t2 == nullptr || *t2 != *t) std::abort();  // round trip through ISO 8601 UTC
        const auto local = incident::format_iso_local(*t, zone);
        const auto again_local = incident::parse_time(local, zone);
        const auto* t3 = std::get_if<incident::Instant>(&again_local);
        if (t3 == nullptr || *t3 != *t) std::abort();  // and through the local offset form
        (void)incident::format_posted(*t, zone);
        (void)incident::format_local(*t, zone);
    } else if (std::get<std::string>(parsed).empty()) {
        std::abort();  // a refusal always says why
    }
    return 0;
}
