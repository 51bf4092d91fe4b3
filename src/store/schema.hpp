#pragma once
// Schema creation and forward migrations (internal to src/store/).
#include <SQLiteCpp/Database.h>

#include <filesystem>

namespace incident::store {

// 'INCD': marks the file as an incident journal for file(1) and for our own checks.
inline constexpr int application_id = 0x494E4344;

struct SchemaInfo {
    int user_version;
    int application_id;
    int table_count;
};
SchemaInfo read_schema_info(SQLite::Database& db);

// Refuses files that are not journals or are newer than this binary (throws StorageError).
// Returns true when the schema needs migrating (including a brand-new empty file).
bool check_schema(const SchemaInfo& info, const std::filesystem::path& path);

// Runs the migrations from the file's version up to schema_version, inside the caller's
// transaction.
void migrate(SQLite::Database& db, int from_version);
// For tests of the migrations: a new database at an older version `to_version`.
void migrate_to(SQLite::Database& db, int to_version);

}  // namespace incident::store
