#include "incident/model.hpp"

#include <algorithm>
#include <array>
#include <iterator>

#include "incident/text.hpp"

namespace incident {
namespace {

constexpr std::array<std::string_view, 8> status_spellings{
    "investigating", "identified",  "monitoring", "resolved",
    "scheduled",     "in_progress", "verifying",  "completed"};
constexpr std::array<std::string_view, 8> status_titles{
    "Investigating", "Identified",  "Monitoring", "Resolved",
    "Scheduled",     "In progress", "Verifying",  "Completed"};
constexpr std::array<std::string_view, 4> impact_words{"none", "minor", "major", "critical"};
constexpr std::array<std::string_view, 2> kind_words{"incident", "maintenance"};
constexpr std::array<std::string_view, 5> component_status_spellings{
    "operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"};
constexpr std::array<std::string_view, 4> milestone_words{"started", "detected", "acknowledged",
                                                          "mitigated"};
constexpr std::array<std::string_view, 5> component_status_titles{
    "operational", "under maintenance", "degraded performance", "partial outage", "major outage"};

template <class Enum, std::size_t N>
std::optional<Enum> find_word(const std::array<std::string_view, N>& words,
                              std::string_view text) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
        if (words[i] == text) return static_cast<Enum>(i);
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(Status s) noexcept {
    return status_spellings[static_cast<std::size_t>(s)];
}
std::string_view to_string(Impact i) noexcept {
    return impact_words[static_cast<std::size_t>(i)];
}
std::string_view to_string(Kind k) noexcept {
    return kind_words[static_cast<std::size_t>(k)];
}
std::string_view to_string(ComponentStatus s) noexcept {
    return component_status_spellings[static_cast<std::size_t>(s)];
}
std::string_view status_title(Status s) noexcept {
    return status_titles[static_cast<std::size_t>(s)];
}
std::string_view component_status_title(ComponentStatus s) noexcept {
    return component_status_titles[static_cast<std::size_t>(s)];
}
std::optional<Status> parse_status(std::string_view text) noexcept {
    return find_word<Status>(status_spellings, text);
}
std::optional<Impact> parse_impact(std::string_view text) noexcept {
    return find_word<Impact>(impact_words, text);
}
std::optional<Kind> parse_kind(std::string_view text) noexcept {
    return find_word<Kind>(kind_words, text);
}
std::optional<ComponentStatus> parse_component_status(std::string_view text) noexcept {
    return find_word<ComponentStatus>(component_status_spellings, text);
}

std::string_view to_string(Milestone m) noexcept {
    return milestone_words[static_cast<std::size_t>(m)];
}
std::optional<Milestone> parse_milestone(std::string_view text) noexcept {
    return find_word<Milestone>(milestone_words, text);
}

bool has_own_postmortem(const Incident& incident) noexcept {
    return incident.postmortem && (incident.postmortem->incident_id == 0 ||
                                   incident.postmortem->incident_id == incident.id);
}

std::optional<Instant> milestone_at(const Incident& incident, Milestone m) noexcept {
    switch (m) {
        case Milestone::started:
            return incident.started_at;
        case Milestone::detected:
            return incident.detected_at;
        case Milestone::acknowledged:
            return incident.acknowledged_at;
        case Milestone::mitigated:
            return incident.mitigated_at;
    }
    return std::nullopt;
}

bool is_overdue(const Action& action, std::chrono::year_month_day today) noexcept {
    return !action.done_at && action.due && *action.due < today;
}

std::string component_status_words() {
    std::string out;
    for (const auto w : component_status_spellings) {
        if (!out.empty()) out += ", ";
        out += w;
    }
    return out;
}

std::string status_words(Kind kind) {
    std::string out;
    for (std::size_t i = 0; i < status_spellings.size(); ++i) {
        if (!is_allowed(kind, static_cast<Status>(i))) continue;
        if (!out.empty()) out += ", ";
        out += status_spellings[i];
    }
    return out;
}

bool is_allowed(Kind kind, Status s) noexcept {
    const bool maintenance_status = s >= Status::scheduled;
    return maintenance_status == (kind == Kind::maintenance);
}

bool is_closed(Status s) noexcept {
    return s == Status::resolved || s == Status::completed;
}

Status initial_status(Kind kind) noexcept {
    return kind == Kind::maintenance ? Status::scheduled : Status::investigating;
}

Status closing_status(Kind kind) noexcept {
    return kind == Kind::maintenance ? Status::completed : Status::resolved;
}

ComponentStatus worst_status(const std::vector<ComponentStatus>& members) noexcept {
    auto worst = ComponentStatus::operational;
    for (const auto s : members) worst = std::max(worst, s);
    return worst;
}

std::optional<Component> parse_component(std::string_view text) {
    text = trim(text);
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        if (text.empty()) return std::nullopt;
        return Component{"", std::string(text)};
    }
    const auto group = trim(text.substr(0, slash));
    const auto name = trim(text.substr(slash + 1));
    if (group.empty() || name.empty()) return std::nullopt;
    return Component{std::string(group), std::string(name)};
}

std::string to_string(const Component& c) {
    return c.group.empty() ? c.name : c.group + "/" + c.name;
}

std::string affected_summary(const std::vector<Component>& components) {
    // Groups in order of first appearance, each with its components.
    std::vector<std::pair<std::string, std::vector<std::string>>> groups;
    for (const auto& c : components) {
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.first == c.group; });
        if (it == groups.end()) {
            groups.push_back({c.group, {}});
            it = std::prev(groups.end());
        }
        it->second.push_back(c.name);
    }
    std::string out;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i > 0) out += (i + 1 == groups.size()) ? " and " : ", ";
        const auto& [group, names] = groups[i];
        std::string list;
        for (std::size_t j = 0; j < names.size(); ++j) {
            if (j > 0) list += ", ";
            list += names[j];
        }
        out += group.empty() ? list : group + " (" + list + ")";
    }
    return out;
}

std::string_view update_label(const Update& update, const Update* previous) noexcept {
    if (update.internal) return "Internal note";
    if (previous != nullptr && previous->status == update.status) return "Update";
    return status_title(update.status);
}

std::vector<LabelledUpdate> newest_first(const std::vector<Update>& chronological) {
    std::vector<LabelledUpdate> out(chronological.size());
    const Update* previous = nullptr;
    for (std::size_t i = 0; i < chronological.size(); ++i) {
        const auto& u = chronological[i];
        out[chronological.size() - 1 - i] = {&u, update_label(u, previous)};
        if (!u.internal) previous = &u;
    }
    return out;
}

}  // namespace incident
