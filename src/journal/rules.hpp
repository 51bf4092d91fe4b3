#pragma once
// Rules src/journal's files share; not part of the core interface.
#include <optional>
#include <string>
#include <vector>

#include "incident/model.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"

namespace incident::detail {

// `at`, or `now` without one; UsageError when it is ahead of the clock (a typo, surely).
Instant posted_time(const std::optional<Instant>& at, Instant now, const Zone& zone);

// Inside a transaction: sets each milestone of `marks` to `at` (checked against the others;
// UsageError when out of order). `update_id`: the update whose --mark it is. Returns how many
// changed (one already at `at` changes nothing).
std::size_t record_marks(WriteStore& store, IncidentId id, const std::vector<Milestone>& marks,
                         Instant at, std::optional<UpdateId> update_id, Instant now,
                         const std::string& author, const Zone& zone);

}  // namespace incident::detail
