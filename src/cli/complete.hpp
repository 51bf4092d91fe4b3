#pragma once
// Shell completion: candidates for the word under the cursor, found by walking the real
// CLI11 definition, so new commands and options complete without touching the scripts.
#include <CLI/CLI.hpp>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "incident/model.hpp"
#include "incident/store.hpp"

namespace incident::cli {

struct Candidate {
    std::string value;
    std::string description;  // one line; may be empty
    friend bool operator==(const Candidate&, const Candidate&) = default;
};

struct Completion {
    std::vector<Candidate> candidates;
    bool files = false;  // the shell should complete file names as well
};

// What completion needs beyond the command-line definition; each is asked only when needed.
struct CompletionSources {
    // Incidents, newest first, as (id, title). `db` is a --db typed on the line, if any;
    // `which` is open for the commands that act on open incidents (update, resolve).
    std::function<std::vector<std::pair<IncidentId, std::string>>(
        const std::optional<std::string>& db, StatusFilter which)>
        incidents;
    // Updates, newest posted first, as (id, "#INCIDENT first line"), for UPDATE_ID positionals.
    std::function<std::vector<std::pair<UpdateId, std::string>>(
        const std::optional<std::string>& db)>
        updates;
    std::function<std::vector<std::string>()> zones;
};

class Context;
// The sources behind `incident __complete`: the journal, opened read-only with a short busy
// timeout (a Tab press must not wait on a writer), and the tz database. Errors give nothing.
CompletionSources journal_sources(const Context& ctx);

// `words` are the words after "incident" up to the cursor; the last one (possibly empty) is
// the word being completed. Candidates start with that word; their order is meaningful.
Completion complete(const CLI::App& root, const std::vector<std::string>& words,
                    const CompletionSources& sources);

// The protocol the scripts in completions/ read: "VALUE<TAB>DESCRIPTION" lines (no tab when
// there is no description), then a line ":files" when file names should be completed.
std::string format_completion(const Completion& completion);

}  // namespace incident::cli
