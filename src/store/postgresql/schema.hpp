#pragma once
// The PostgreSQL schema: one forward migration per version, the same data model as SQLite's
// (internal to src/store/postgresql/).
#include <optional>

#include "libpq.hpp"

namespace incident::postgresql {

// The version the journal's tables are at: none when the database holds no journal.
// Throws StorageError when the database holds tables of another program by our names.
std::optional<int> schema_version_of(const Connection& db);

// Migrates the journal to schema_version, each migration in its own transaction under an
// advisory lock (two upgrades at once take turns; the second finds nothing left to do).
// Refuses, untouched, a journal newer than this program. Runs outside any transaction.
void migrate(const Connection& db);

// For tests of the migrations: the journal at an older version.
void migrate_to(const Connection& db, int version);

}  // namespace incident::postgresql
