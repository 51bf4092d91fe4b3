#pragma once
// The backend the conformance suite runs against, chosen by the environment:
// INCIDENT_TEST_BACKEND=sqlite (the default) or postgresql, the latter with
// INCIDENT_TEST_POSTGRESQL naming a server URL whose login may create databases
// (tests/postgresql/server.sh starts one). Every test is written once against the store
// interface; ctest runs the suite once per backend.
#include <memory>
#include <string>

#include "incident/store.hpp"

namespace incident::conformance {

// "sqlite" or "postgresql".
std::string backend_name();

// A fresh, empty journal of the backend under test, removed at the end of the test: a file in
// a temporary directory, or a database of its own on the test server.
class Journal {
  public:
    Journal();
    Journal(const Journal&) = delete;
    Journal& operator=(const Journal&) = delete;
    ~Journal();

    const std::string& location() const { return location_; }
    // The options given, with the module directory of the build tree (INCIDENT_MODULE_DIR).
    static StoreOptions with_modules(StoreOptions options);
    std::unique_ptr<WriteStore> write(const StoreOptions& options = {}) const {
        return open_write_store(location_, with_modules(options));
    }
    std::unique_ptr<ReadStore> read(const StoreOptions& options = {}) const {
        return open_read_store(location_, with_modules(options));
    }

    // PostgreSQL only: a statement run on the test server's administrative database.
    static void admin(const std::string& sql);

  private:
    std::string location_;
    std::string cleanup_;  // the directory or database to remove
};

}  // namespace incident::conformance
