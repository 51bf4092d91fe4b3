#pragma once
// One compiled IANA zone read straight from its TZif file, so start-up reads one small file
// instead of date's whole-database scan (one stat per zone, ~700 system calls).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace incident::detail {

struct ZoneRules {
    struct Period {
        std::chrono::sys_seconds begin;  // the period lasts until the next one begins
        std::chrono::seconds offset;
        bool dst = false;
        std::string abbrev;
    };
    std::vector<Period> periods;  // sorted by begin; never empty

    const Period& at(std::chrono::sys_seconds t) const noexcept;
};

// $TZDIR when set and not empty (as glibc does), else /usr/share/zoneinfo.
std::filesystem::path zoneinfo_dir();

// A name that may name a zone file under the zoneinfo directory: relative, no "." or ".."
// components, and not one of the non-zone entries (posix/, right/, Factory).
bool plausible_zone_name(std::string_view name) noexcept;

// Reads `dir`/`name` (TZif version 1 to 4): the periods date's OS-database reader derives
// from its transitions, then those its POSIX TZ footer gives after the last one (through
// 2500); null when the file is missing or not a valid TZif file.
std::shared_ptr<const ZoneRules> read_zone_file(const std::filesystem::path& dir,
                                                std::string_view name);

// Every zone file under `dir` that read_zone_file accepts by name and that starts as a TZif
// file does, as names relative to `dir` (unsorted); empty when `dir` cannot be read.
std::vector<std::string> zone_names(const std::filesystem::path& dir);

}  // namespace incident::detail
