#pragma once
// The SQLite schema: creation and forward migrations (internal to src/store/sqlite/).
#include <SQLiteCpp/Database.h>

#include <filesystem>

// Han, kana and Hangul as a GLOB character class (migration 6's search_cjk triggers; has_cjk()
// in store.cpp tests the same ranges). Escapes, not the characters themselves: U+F900 is a
// compatibility ideograph that an editor's Unicode normalisation silently turns into U+8C48.
#define INCIDENT_CJK_GLOB_CLASS                                                       \
    "[\u1100-\u11FF\u3040-\u30FF\u3130-\u318F\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF" \
    "\uAC00-\uD7AF\uF900-\uFAFF\uFF66-\uFF9F\U00020000-\U0002FA1F]"

namespace incident::sqlite {

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
// transaction; a file without tables gets their result at once (fresh_schema.inc, which a
// unit test keeps equal to the migrations' result).
void migrate(SQLite::Database& db, int from_version);
// For tests of the migrations: a new database at an older version `to_version`.
void migrate_to(SQLite::Database& db, int to_version);

}  // namespace incident::sqlite
