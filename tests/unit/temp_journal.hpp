#pragma once
// A journal in a fresh temporary directory, removed again at the end of the test.
#include <filesystem>
#include <memory>
#include <string>

#include "incident/journal.hpp"
#include "incident/store.hpp"
#include "incident/time.hpp"
#include "support.hpp"

namespace incident::testing {

inline std::unique_ptr<WriteStore> open_write(const std::filesystem::path& path,
                                              const StoreOptions& options = {}) {
    return open_write_store(path.string(), options);
}
inline std::unique_ptr<ReadStore> open_read(const std::filesystem::path& path,
                                            const StoreOptions& options = {}) {
    return open_read_store(path.string(), options);
}

class TempJournal {
  public:
    std::filesystem::path path() const { return dir_ / "journal.db"; }
    std::unique_ptr<WriteStore> write() const { return open_write(path()); }
    std::unique_ptr<ReadStore> read() const { return open_read(path()); }

  private:
    TempDir dir_;
};

inline Instant at(const char* iso) {
    auto parsed = parse_time(iso, Zone::utc());
    if (auto* t = std::get_if<Instant>(&parsed)) return *t;
    throw std::runtime_error(std::get<std::string>(parsed));
}

// Opens an incident at `opened` with `message`; returns its id.
inline IncidentId open_at(WriteStore& store, const std::string& title, const char* opened,
                          const std::string& message = "We are investigating.",
                          Impact impact = Impact::none) {
    OpenRequest r;
    r.title = title;
    r.message = message;
    r.impact = impact;
    r.at = at(opened);
    r.author = "tester";
    return open_incident(store, r, at("2030-01-01T00:00:00Z")).incident_id;
}

inline UpdateId post_at(WriteStore& store, IncidentId id, const char* posted,
                        const std::string& message, std::optional<Status> status = std::nullopt) {
    UpdateRequest r;
    r.id = id;
    r.message = message;
    r.status = status;
    r.at = at(posted);
    r.author = "tester";
    return post_update(store, r, at("2030-01-01T00:00:00Z")).update_id;
}

}  // namespace incident::testing
