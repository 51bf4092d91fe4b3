#pragma once
// The PostgreSQL backend: a team's journal on a server (internal to src/store/; the factory
// in src/store/store.cpp chooses it for a postgresql:// or postgres:// location).
#include <memory>
#include <string>

#include "incident/store.hpp"

namespace incident::postgresql {

// A reader holds one REPEATABLE READ, READ ONLY transaction (one snapshot) for its life and
// migrates an older journal first (through a writer). A writer migrates when it opens; its
// transactions are READ COMMITTED, serialised per incident by lock_incident().
std::unique_ptr<ReadStore> open_read(const std::string& url, const StoreOptions& options);
std::unique_ptr<WriteStore> open_write(const std::string& url, const StoreOptions& options);

}  // namespace incident::postgresql
