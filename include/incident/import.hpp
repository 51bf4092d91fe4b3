#pragma once
// `import`: reading a Statuspage-shaped JSON document and recording it. Accepted: what
// `export --format json` writes; Statuspage's incidents.json, summary.json,
// scheduled-maintenances.json (and their unresolved/upcoming/active variants); one incident
// object; a bare array of incidents. components.json (no incidents) is refused.
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "incident/model.hpp"
#include "incident/store.hpp"

namespace incident {
namespace json {
class Source;
}

struct ImportedUpdate {
    std::string source_id;
    Status status = Status::investigating;
    std::string body;
    Instant posted_at;                  // display_at
    Instant recorded_at;                // created_at
    std::optional<Instant> edited_at;   // updated_at, when it is a real edit
    std::optional<std::string> author;  // none: Statuspage does not say who wrote an update
    std::vector<Component> components;
    std::vector<ComponentChange> changes;  // affected components with old/new status
    bool keep_source_id = false;           // a Statuspage id (a string), kept with the update
    bool internal = false;                 // an internal note (an `export --internal` says so)
    friend bool operator==(const ImportedUpdate&, const ImportedUpdate&) = default;
};

struct ImportedIncident {
    std::string source_id;
    std::string key;  // "import:[<page id>:]<source id>", kept on the opening update
    std::string title;
    Kind kind = Kind::incident;
    Impact impact = Impact::none;
    std::vector<ImportedUpdate> updates;  // in the order they were recorded
    std::vector<Component> components;    // every component the incident lists, in order
    // The incident's own components with Statuspage ids, their group's id and status.
    std::vector<PageComponent> source_components;
    std::optional<Postmortem> postmortem;
    std::optional<Instant> started_at;
    std::optional<Instant> scheduled_for;  // a maintenance's window
    std::optional<Instant> scheduled_until;
    std::optional<std::string> shortlink;
    bool backfilled = false;
    bool impact_given = false;  // a maintenance with a real impact word ("major"), kept
    bool numeric_id = false;    // an id written as a number: perhaps this journal's own export
    // What this journal's own exports carry besides Statuspage's fields: milestones and roles
    // (internal exports), and the incident's own follow-up actions.
    std::optional<Instant> detected_at{};
    std::optional<Instant> acknowledged_at{};
    std::optional<Instant> mitigated_at{};
    std::vector<RoleHolder> roles{};
    std::vector<Action> actions{};
    // What the source gives that the journal has no place for, by kind ("page url", ...).
    std::map<std::string, std::size_t> not_kept;
    friend bool operator==(const ImportedIncident&, const ImportedIncident&) = default;
};

struct ImportPlan {
    std::optional<std::string> page_name;
    std::optional<std::string> time_zone;
    std::optional<std::string> page_id;           // Statuspage's page id and url: config page_id,
    std::optional<std::string> page_url;          // page_url (where unset), exported back
    std::vector<ImportedIncident> incidents;      // oldest first
    std::map<std::string, std::size_t> not_kept;  // the page's own fields
    std::vector<PageComponent> page_components;   // a summary's components, in page order
};

// Checks the whole document; throws UsageError ("<source>: incidents[2].impact: ...") on the
// first problem, so nothing is imported from an invalid document.
ImportPlan read_import(std::string_view json_text, const std::string& source);
// The same, read from a stream in bounded pieces (the fuzz target feeds it a few bytes at a time).
ImportPlan read_import(json::Source& input, const std::string& source);

struct ImportResult {
    std::vector<std::pair<std::string, IncidentId>> imported;  // source id, new id
    std::vector<std::pair<std::string, IncidentId>> skipped;   // imported before, as this id
    std::size_t updates = 0;
    bool set_name = false;
    bool set_time_zone = false;
    std::size_t maintenances = 0;  // of `imported`, how many are scheduled maintenances
    std::map<std::string, std::size_t> not_kept;
};

// Records the plan in one transaction. Incidents whose key is in the journal already, or
// that are this journal's own incident (same id, title and opening time: its own export),
// are skipped, so importing the same file twice records it once. The page's name and time
// zone become the journal's config where it has none. Updates keep the document's author,
// or none.
ImportResult import_plan(WriteStore& store, const ImportPlan& plan, Instant now);

// Streams a document from a file in bounded memory: it is read and checked whole first, each
// incident set aside as read (in memory up to a budget, beyond that in an unlinked temporary
// file in `temp_dir`); then, in one transaction, the incidents are recorded oldest first. Any
// problem throws before or inside the transaction, so nothing is written from a bad document.
ImportResult import_file(WriteStore& store, std::FILE* file, const std::string& source, Instant now,
                         const std::string& temp_dir);

// A new temporary file in `dir` ("" for /tmp), already unlinked: gone when its descriptor is
// closed. Throws StorageError when it cannot be made.
int temporary_file(const std::string& dir);

// "3 shortlinks, 1 page url": what was not kept, for the summary line; empty when nothing.
std::string describe_not_kept(const std::map<std::string, std::size_t>& not_kept);

}  // namespace incident
