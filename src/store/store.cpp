#include "incident/store.hpp"

#include <fmt/format.h>

#include "incident/errors.hpp"
#include "postgresql/store.hpp"
#include "sqlite/store.hpp"

namespace incident {

std::vector<std::string> search_words(std::string_view text) {
    std::vector<std::string> out;
    const auto space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && space(text[i])) ++i;
        const auto start = i;
        while (i < text.size() && !space(text[i])) ++i;
        if (i > start) out.emplace_back(text.substr(start, i - start));
    }
    return out;
}

const std::vector<TableColumns>& journal_tables() {
    static const std::vector<TableColumns> tables{
        {"config", {"key", "value"}, {false, false}, "key"},
        {"incidents",
         {"id", "title", "kind", "impact", "status", "created_at", "resolved_at", "updated_at",
          "started_at", "scheduled_for", "scheduled_until", "source_id", "shortlink", "backfilled",
          "impact_given", "monitoring_at", "detected_at", "acknowledged_at", "mitigated_at"},
         {true, false, false, false, false, true, true, true, true, true, true, false, false, true,
          true, true, true, true, true},
         "id"},
        {"updates",
         {"id", "incident_id", "status", "body", "posted_at", "recorded_at", "author",
          "idempotency_key", "edited_at", "edited_by", "source_id", "internal"},
         {true, true, false, false, true, true, false, false, true, false, false, true},
         "id"},
        {"components",
         {"incident_id", "position", "grp", "name", "update_id"},
         {true, true, false, false, true},
         "incident_id, position"},
        {"postmortems",
         {"id", "incident_id", "body", "posted_at", "recorded_at"},
         {true, true, false, true, true},
         "id"},
        {"update_versions",
         {"id", "update_id", "body", "posted_at", "written_at", "written_by"},
         {true, true, false, true, true, false},
         "id"},
        {"incident_edits",
         {"id", "incident_id", "field", "old_value", "new_value", "edited_at", "edited_by"},
         {true, true, false, false, false, true, false},
         "id"},
        {"page_components",
         {"id", "grp", "name", "status", "position", "source_id", "group_source_id"},
         {true, false, false, false, true, false, false},
         "id"},
        {"component_changes",
         {"update_id", "position", "component_id", "code", "old_status", "new_status"},
         {true, true, true, false, false, false},
         "update_id, position"},
        {"postmortem_covers",
         {"postmortem_id", "position", "incident_id"},
         {true, true, true},
         "postmortem_id, position"},
        {"milestone_changes",
         {"id", "incident_id", "milestone", "old_at", "new_at", "update_id", "changed_at",
          "changed_by"},
         {true, true, false, true, true, true, true, false},
         "id"},
        {"actions",
         {"id", "incident_id", "text", "owner", "due", "link", "created_at", "created_by",
          "done_at", "done_by"},
         {true, true, false, false, false, false, true, false, true, false},
         "id"},
        {"action_events",
         {"id", "action_id", "event", "at", "by"},
         {true, true, false, true, false},
         "id"},
        {"roles",
         {"id", "incident_id", "role", "name", "assigned_at", "assigned_by"},
         {true, true, false, false, true, false},
         "id"},
    };
    return tables;
}

bool is_server_location(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

#ifdef INCIDENT_NO_POSTGRESQL
namespace postgresql {
namespace {
[[noreturn]] void unsupported() {
    throw StorageError("this incident was built without PostgreSQL support (INCIDENT_POSTGRESQL)");
}
}  // namespace
std::unique_ptr<ReadStore> open_read(const std::string&, const StoreOptions&) {
    unsupported();
}
std::unique_ptr<WriteStore> open_write(const std::string&, const StoreOptions&) {
    unsupported();
}
}  // namespace postgresql
#endif

std::unique_ptr<ReadStore> open_read_store(const std::string& location,
                                           const StoreOptions& options) {
    if (is_server_location(location)) return postgresql::open_read(location, options);
    return sqlite::open_read(location, sqlite::options_for(options));
}

std::unique_ptr<WriteStore> open_write_store(const std::string& location,
                                             const StoreOptions& options) {
    if (is_server_location(location)) return postgresql::open_write(location, options);
    return sqlite::open_write(location, sqlite::options_for(options));
}

}  // namespace incident
