#pragma once
// The SQLite backend: the journal as one local file (internal to src/store/; the factory in
// src/store/store.cpp chooses it for any location that is not a server URL).
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "incident/store.hpp"

namespace incident::sqlite {

struct Options {
    std::chrono::milliseconds busy_timeout{5000};
    int max_begin_attempts = 5;  // BEGIN IMMEDIATE retries on top of the busy timeout
    // When set, bounds transact()'s whole wait for the write lock, retries included.
    std::optional<std::chrono::milliseconds> write_lock_deadline;
};

// The backend's settings for the neutral ones: the lock timeout is both the busy timeout and
// the bound of a write's whole wait.
Options options_for(const StoreOptions& options);

// A reader holds one read transaction (one snapshot) for its life. A writer's journal that
// does not exist yet (mode 0600, directories 0700) appears only when the first transact()
// commits: a failed first write leaves no file or directory behind.
std::unique_ptr<ReadStore> open_read(const std::filesystem::path& path, const Options& options);
std::unique_ptr<WriteStore> open_write(const std::filesystem::path& path, const Options& options);

// Every word as a quoted FTS5 string, all required: user text is never FTS5 syntax.
std::string fts_query(const std::vector<std::string>& words);

}  // namespace incident::sqlite
