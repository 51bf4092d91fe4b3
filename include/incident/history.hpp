#pragma once
// `show --history`: every version of the incident's amended updates and of its postmortem,
// and every `edit` of its title, impact and components.
#include <string>
#include <vector>

#include "incident/render.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident::render {

// `versions` as ReadStore::update_versions returns them; `postmortems` oldest first.
std::string history_text(const std::vector<UpdateVersion>& versions,
                         const std::vector<Postmortem>& postmortems, const Zone& zone,
                         const TerminalStyle& style);
void write_history_json(json::Writer& w, const std::vector<UpdateVersion>& versions,
                        const std::vector<Postmortem>& postmortems,
                        const std::vector<IncidentEdit>& edits,
                        const std::vector<MilestoneChange>& milestones = {},
                        const std::vector<RoleHolder>& roles = {},
                        const std::vector<ActionEvent>& actions = {});
// Milestone settings, role assignments and actions done or reopened, oldest first; empty when
// there are none.
std::string response_history_text(const std::vector<MilestoneChange>& milestones,
                                  const std::vector<RoleHolder>& roles,
                                  const std::vector<ActionEvent>& actions, const Zone& zone);
// `edit` corrections as ReadStore::incident_edits returns them; empty when there are none.
std::string edits_text(const std::vector<IncidentEdit>& edits, const Zone& zone);

}  // namespace incident::render
