#include <algorithm>
#include <iterator>

#include "incident/journal.hpp"

namespace incident {

std::optional<IncidentState> derive_state(const std::vector<Update>& updates,
                                          const std::vector<Postmortem>& postmortems,
                                          const std::vector<IncidentEdit>& edits) {
    const auto later = [](const Update& a, const Update& b) {
        return a.posted_at != b.posted_at ? a.posted_at < b.posted_at : a.id < b.id;
    };
    const Update* latest = nullptr;
    for (const auto& u : updates) {
        if (is_public(u) && (!latest || later(*latest, u))) latest = &u;
    }
    if (!latest) return std::nullopt;
    IncidentState state;
    state.status = latest->status;
    if (is_closed(latest->status)) state.resolved_at = latest->posted_at;
    state.updated_at = latest->posted_at;
    for (const auto& u : updates) {
        if (!is_public(u)) continue;
        if (u.edited_at) state.updated_at = std::max(state.updated_at, *u.edited_at);
        if (u.status == Status::monitoring &&
            (!state.monitoring_at || u.posted_at < *state.monitoring_at)) {
            state.monitoring_at = u.posted_at;
        }
    }
    for (const auto& p : postmortems) state.updated_at = std::max(state.updated_at, p.posted_at);
    for (const auto& e : edits) state.updated_at = std::max(state.updated_at, e.edited_at);
    return state;
}

std::vector<Postmortem> shown_postmortems(const ReadStore& store, IncidentId id) {
    auto out = store.postmortem_history(id);
    auto covering = store.covering_postmortems(id);
    out.insert(out.end(), std::make_move_iterator(covering.begin()),
               std::make_move_iterator(covering.end()));
    return out;
}

void refresh_state(WriteStore& store, IncidentId id) {
    const auto state =
        derive_state(store.updates(id), shown_postmortems(store, id), store.incident_edits(id));
    if (state) store.set_state(id, *state);
}

}  // namespace incident
