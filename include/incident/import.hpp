#pragma once
// `import`: reading a Statuspage-shaped JSON document (what `export --format json` writes, a
// Statuspage API `{"incidents":[...]}` answer, or one incident object) and recording it.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "incident/model.hpp"
#include "incident/store.hpp"

namespace incident {

struct ImportedUpdate {
    std::string source_id;
    Status status = Status::investigating;
    std::string body;
    Instant posted_at;    // display_at
    Instant recorded_at;  // created_at
    std::optional<Instant> edited_at;  // updated_at, when it differs from created_at
    std::string author;   // empty: the importing user
    std::vector<Component> components;
};

struct ImportedIncident {
    std::string source_id;
    std::string key;  // "import:[<page id>:]<source id>", kept on the opening update
    std::string title;
    Impact impact = Impact::none;
    std::vector<ImportedUpdate> updates;  // in the order they were recorded
    std::vector<Component> components;    // every component the incident lists, in order
    std::optional<Postmortem> postmortem;
};

struct ImportPlan {
    std::optional<std::string> page_name;
    std::optional<std::string> time_zone;
    std::vector<ImportedIncident> incidents;  // oldest first
};

// Checks the whole document; throws UsageError ("<source>: incidents[2].impact: ...") on the
// first problem, so nothing is imported from an invalid document.
ImportPlan read_import(std::string_view json_text, const std::string& source);

struct ImportResult {
    std::vector<std::pair<std::string, IncidentId>> imported;  // source id, new id
    std::vector<std::pair<std::string, IncidentId>> skipped;   // imported before, as this id
    std::size_t updates = 0;
    bool set_name = false;
    bool set_time_zone = false;
};

// Records the plan in one transaction. Incidents whose key is in the journal already are
// skipped, so importing the same file twice records it once. The page's name and time zone
// become the journal's config where it has none.
ImportResult import_plan(WriteStore& store, const ImportPlan& plan, const std::string& author,
                         Instant now);

}  // namespace incident
