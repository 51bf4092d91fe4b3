#pragma once
// Names both backends' schemas share (internal to src/store/).
#include "incident/model.hpp"

namespace incident::store {

// The incidents column holding a milestone's time.
constexpr const char* milestone_column(Milestone m) {
    switch (m) {
        case Milestone::started:
            return "started_at";
        case Milestone::detected:
            return "detected_at";
        case Milestone::acknowledged:
            return "acknowledged_at";
        case Milestone::mitigated:
            return "mitigated_at";
    }
    return "started_at";
}

}  // namespace incident::store
