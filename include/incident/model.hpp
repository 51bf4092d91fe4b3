#pragma once
// The journal's data model. Times are UTC instants; zones apply only when rendering.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace incident {

using Instant = std::chrono::sys_seconds;
using IncidentId = std::int64_t;
using UpdateId = std::int64_t;

// Stored spellings are Statuspage's own words and never change.
enum class Status { investigating, identified, monitoring, resolved };
enum class Impact { none, minor, major, critical };

std::string_view to_string(Status s) noexcept;
std::string_view to_string(Impact i) noexcept;
std::optional<Status> parse_status(std::string_view text) noexcept;
std::optional<Impact> parse_impact(std::string_view text) noexcept;
// "Investigating", "Resolved", ... as shown on a report.
std::string_view status_title(Status s) noexcept;

struct Component {
    std::string group;  // may be empty for an ungrouped component
    std::string name;
    friend bool operator==(const Component&, const Component&) = default;
};

// Parses "Group/Component" (or a bare "Component"); nullopt when a part is empty.
std::optional<Component> parse_component(std::string_view text);
std::string to_string(const Component& c);
// "Litium Cloud (Network & infrastructure)", groups joined with " and ".
std::string affected_summary(const std::vector<Component>& components);

struct Postmortem {
    std::string body;
    Instant posted_at;
};

struct Incident {
    IncidentId id = 0;
    std::string title;
    Impact impact = Impact::none;
    Status status = Status::investigating;
    Instant created_at;
    std::optional<Instant> resolved_at;
    Instant updated_at;  // the newest update's or postmortem's posted time, or amendment
    std::optional<Instant> monitoring_at;  // the first update posted as monitoring
    std::vector<Component> components;
    std::optional<Postmortem> postmortem;
};

struct Update {
    UpdateId id = 0;
    IncidentId incident_id = 0;
    Status status = Status::investigating;
    std::string body;
    Instant posted_at;
    Instant recorded_at;
    std::string author;
    std::optional<std::string> idempotency_key;
    std::vector<Component> components;  // components first named by this update
    std::optional<Instant> edited_at;   // set once `amend` has changed it; reports mark it
};

// Label of an update on a report: its status title, or "Update" where the status did
// not change from the previous update (in posted order). The first update always has a label.
std::string_view update_label(const Update& update, const Update* previous) noexcept;

// Updates in the order a report shows them: newest posted first, equal times keep the
// reverse of recorded order. Input is in chronological (posted_at, id) order.
struct LabelledUpdate {
    const Update* update;
    std::string_view label;
};
std::vector<LabelledUpdate> newest_first(const std::vector<Update>& chronological);

}  // namespace incident
