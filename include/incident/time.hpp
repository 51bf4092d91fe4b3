#pragma once
// Parsing and formatting of times. Everything inside the journal is a UTC instant;
// a Zone is applied only at the edges (parsing user input, rendering output).
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "incident/model.hpp"

namespace incident::detail {
struct ZoneRules;
}

namespace incident {

class Zone {
  public:
    static Zone utc() noexcept { return Zone{}; }
    // Looks up an IANA zone name; "UTC" (and "Etc/UTC", "Z") never needs the tz database.
    static std::optional<Zone> locate(std::string_view name);
    // The system's zone from /etc/localtime, when there is one.
    static std::optional<Zone> system();
    // Every zone name the tz database knows, sorted ("UTC" always among them).
    static std::vector<std::string> names();

    const std::string& name() const noexcept { return name_; }
    bool is_utc() const noexcept { return rules_ == nullptr; }

    struct Local {
        std::chrono::local_seconds time;
        std::chrono::seconds offset;
        std::string abbrev;  // "CEST", "UTC"
    };
    Local to_local(Instant instant) const;

    enum class LocalKind { unique, nonexistent, ambiguous };
    struct Resolved {
        LocalKind kind;
        Instant instant;  // for ambiguous: the earlier one
        // ambiguous: the later instant; nonexistent: the change that skips the local time
        // (the valid times either side are one second before it and it).
        Instant other{};
    };
    Resolved from_local(std::chrono::local_seconds local) const;

  private:
    Zone() : name_("UTC") {}
    Zone(std::string name, std::shared_ptr<const detail::ZoneRules> rules)
        : name_(std::move(name)), rules_(std::move(rules)) {}
    std::string name_;
    std::shared_ptr<const detail::ZoneRules> rules_;  // null for UTC
};

// The result of parsing user text: a value or a message saying what is wrong.
template <class T>
using Parsed = std::variant<T, std::string>;

// Accepts "YYYY-MM-DD HH:MM[:SS]" (and with 'T') in `zone`, or ISO 8601 with "Z" or an
// offset ("+02:00", "+0200", "+02"). Rejects impossible dates, trailing text, and local
// times that fall in a DST gap or are ambiguous in an overlap.
Parsed<Instant> parse_time(std::string_view text, const Zone& zone);

// "Jul 01, 2019 - 18:30 CEST" (Statuspage's "Posted" line).
std::string format_posted(Instant instant, const Zone& zone);
// "2019-07-01 18:30 CEST" for terminal tables.
std::string format_local(Instant instant, const Zone& zone);
// For messages: the time in the journal's zone as a user types it, then the UTC instant,
// "2019-07-01 18:30 CEST (2019-07-01T16:30:00Z)"; in UTC only the instant.
std::string format_for_message(Instant instant, const Zone& zone);
// "2019-07-01T16:30:00Z".
std::string format_iso_utc(Instant instant);
// "2019-07-01T18:30:00+02:00".
std::string format_iso_local(Instant instant, const Zone& zone);
// A maintenance window in format_local's style, the date and zone once when both ends share
// them: "2019-07-05 02:00 – 04:00 CEST", else "2019-07-05 23:00 CEST – 2019-07-06 01:00 CEST".
std::string format_window(Instant from, Instant until, const Zone& zone);
// The same in format_posted's style (reports): "Jul 05, 2019 - 02:00 – 04:00 CEST".
std::string format_posted_window(Instant from, Instant until, const Zone& zone);
// "2019-07-01" local date.
std::string format_date(Instant instant, const Zone& zone);

// Calendar days (an action's due day): the day `instant` falls on in `zone`; "YYYY-MM-DD"
// read (a real day of 1970 or later) and written back; "Jul 10, 2019" as reports write days.
std::chrono::year_month_day local_day(Instant instant, const Zone& zone);
Parsed<std::chrono::year_month_day> parse_day(std::string_view text);
std::string format_day(std::chrono::year_month_day day);
std::string format_posted_day(std::chrono::year_month_day day);
// "June 24th" as a postmortem's "Regarding incidents:" list dates an incident; ", 2018" is
// added when the year is not `current_year`.
std::string format_regarding_day(Instant instant, const Zone& zone, int current_year);
// "2h 15m", "3d 4h", "45s"; the two largest non-zero units; "1y 3mo" past a year.
// Whole seconds count; milliseconds are cut off.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace incident
