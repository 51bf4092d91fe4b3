#include "index_builder.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "incident/errors.hpp"

namespace incident::sqlite {

namespace {

// Texts handed to the thread at once, and how far it may fall behind: bounded memory, and
// few enough hand-overs that the lock costs nothing.
constexpr std::size_t batch_bytes = std::size_t{256} << 10;
constexpr std::size_t queue_bytes = std::size_t{1} << 20;
// What a Text costs beside its characters (its strings and the vector's slot).
constexpr std::size_t text_overhead = sizeof(std::string) * 2 + 16;

// FTS5 writes its pending terms out as a new segment when they fill `hashsize` (1 MiB by
// default), and whenever a text's rowid is not above the last one. build() writes them out
// itself, each `segment_text_bytes` of text, so the buffer is only a ceiling here. Segments
// merge as they pile up (FTS5's automerge), so the final 'merge' has little left and leaves
// the index shaped as the defaults keep it.
constexpr int hash_bytes = 16 << 20;
constexpr std::size_t segment_text_bytes = std::size_t{2} << 20;
// Past this much text, levels merge at 8 segments, not 4: fewer rewrites of the same terms
// where there are many levels to rewrite, at the cost of a larger final 'merge' (at 100k
// incidents, 9.1 to 9.4 s instead of 9.8 to 11.0; at 10k, 4 is the faster).
constexpr std::size_t large_text_bytes = std::size_t{32} << 20;
constexpr int final_merge_pages = 1 << 30;
constexpr int scratch_page_bytes = 8192;

// The tables that hold an FTS5 index, but for _docsize (copied apart) and _config (the
// journal keeps its own).
constexpr const char* index_tables[] = {"search_index_data", "search_index_idx"};

// _docsize goes to the journal packed, per row: the rowid's delta and the blob's size as
// varints, then the blob.
void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

std::uint64_t get_varint(const std::string& in, std::size_t& at) {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
        const auto byte = static_cast<unsigned char>(in[at++]);
        v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (byte < 0x80) return v;
    }
}

void check(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) {
        throw StorageError(
            fmt::format("cannot copy the word index built for the import: {}", sqlite3_errmsg(db)));
    }
}

struct Prepared {
    sqlite3_stmt* stmt = nullptr;
    Prepared(sqlite3* db, const std::string& sql) {
        check(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), db);
    }
    Prepared(const Prepared&) = delete;
    Prepared& operator=(const Prepared&) = delete;
    ~Prepared() { sqlite3_finalize(stmt); }
};

// Every row of `table` in `from` into the same table of `to`, values as they are (a
// zero-length blob stays one).
void copy_table(sqlite3* from, sqlite3* to, const char* table) {
    Prepared read(from, fmt::format("SELECT * FROM {}", table));
    const int columns = sqlite3_column_count(read.stmt);
    std::string marks;
    for (int i = 0; i < columns; ++i) marks += i == 0 ? "?" : ", ?";
    Prepared write(to, fmt::format("INSERT INTO {} VALUES ({})", table, marks));
    int rc;
    while ((rc = sqlite3_step(read.stmt)) == SQLITE_ROW) {
        for (int i = 0; i < columns; ++i) {
            check(sqlite3_bind_value(write.stmt, i + 1, sqlite3_column_value(read.stmt, i)), to);
        }
        check(sqlite3_step(write.stmt), to);
        check(sqlite3_reset(write.stmt), to);
    }
    check(rc, from);
}

}  // namespace

IndexBuilder::IndexBuilder(std::string create_sql)
    : create_sql_(std::move(create_sql)), thread_([this] { run(); }) {}

IndexBuilder::~IndexBuilder() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
        closed_ = true;
    }
    work_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void IndexBuilder::add(std::int64_t rowid, std::string_view title, std::string_view body) {
    batch_.texts.push_back({rowid, std::string(title), std::string(body)});
    batch_.bytes += title.size() + body.size() + text_overhead;
    if (batch_.bytes >= batch_bytes) flush();
}

void IndexBuilder::flush() {
    if (batch_.texts.empty()) return;
    {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return queued_bytes_ < queue_bytes || stopped_; });
        if (!stopped_) {
            queued_bytes_ += batch_.bytes;
            queue_.push_back(std::move(batch_));
        }
    }
    work_.notify_one();
    batch_ = {};
}

void IndexBuilder::run() noexcept {
    try {
        build();
    } catch (...) {
        std::lock_guard lock(mutex_);
        error_ = std::current_exception();
    }
    {
        std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    space_.notify_one();
}

void IndexBuilder::build() {
    // An empty name: a private database in a temporary file that is gone once closed (or
    // the process ends), paged in memory up to SQLite's cache size.
    auto& db = scratch_.emplace("", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = OFF");
    db.exec("PRAGMA synchronous = OFF");
    // Larger pages than the journal's: FTS5's segments spill from the cache and are read
    // back to be merged and copied, in half the system calls.
    db.exec(fmt::format("PRAGMA page_size = {}", scratch_page_bytes));
    db.exec(create_sql_);
    db.exec(fmt::format("INSERT INTO search_index (search_index, rank) VALUES ('hashsize', {})",
                        hash_bytes));
    db.exec("BEGIN");
    {
        SQLite::Statement insert(db,
                                 "INSERT INTO search_index (rowid, title, body) VALUES (?, ?, ?)");
        const auto index = [&](const Text& text) {
            insert.bind(1, text.rowid);
            insert.bindNoCopy(2, text.title);
            insert.bindNoCopy(3, text.body);
            insert.exec();
            insert.reset();
        };
        // FTS5 writes its pending terms out as a segment whenever a rowid is not above the
        // last one (a doclist only grows at its end). Texts that come out of order (titles
        // among their updates) wait, and go in together right after such a write-out: then
        // they cost no segment of their own.
        std::vector<Text> waiting;
        std::int64_t last = 0;
        std::size_t pending = 0;
        std::size_t indexed = 0;
        bool large = false;
        const auto index_waiting = [&] {
            std::sort(waiting.begin(), waiting.end(),
                      [](const Text& a, const Text& b) { return a.rowid < b.rowid; });
            for (const auto& text : waiting) index(text);
            waiting.clear();
            pending = 0;
        };
        for (;;) {
            Batch batch;
            {
                std::unique_lock lock(mutex_);
                work_.wait(lock, [&] { return !queue_.empty() || closed_; });
                if (cancelled_) return;
                if (queue_.empty()) break;
                batch = std::move(queue_.front());
                queue_.pop_front();
                queued_bytes_ -= batch.bytes;
            }
            space_.notify_one();
            for (auto& text : batch.texts) {
                if (text.rowid <= last) {
                    waiting.push_back(std::move(text));
                    continue;
                }
                last = text.rowid;
                pending += text.title.size() + text.body.size();
                indexed += text.title.size() + text.body.size();
                index(text);
                if (pending >= segment_text_bytes && !waiting.empty()) index_waiting();
            }
            if (indexed >= large_text_bytes && !large) {
                db.exec("INSERT INTO search_index (search_index, rank) VALUES ('automerge', 8)");
                large = true;
            }
        }
        index_waiting();
    }
    // The sizes are final now: the journal takes them while this thread merges.
    {
        SQLite::Statement q(db, "SELECT id, sz FROM search_index_docsize ORDER BY id");
        std::string sizes;
        std::int64_t previous = 0;
        while (q.executeStep()) {
            const auto id = q.getColumn(0).getInt64();
            const auto sz = q.getColumn(1);
            const auto n = static_cast<std::size_t>(sz.getBytes());
            put_varint(sizes, static_cast<std::uint64_t>(id - previous));
            put_varint(sizes, n);
            sizes.append(static_cast<const char*>(sz.getBlob()), n);
            previous = id;
        }
        {
            std::lock_guard lock(mutex_);
            sizes_ = std::move(sizes);
            sizes_ready_ = true;
        }
        space_.notify_one();
    }
    db.exec(fmt::format("INSERT INTO search_index (search_index, rank) VALUES ('merge', {})",
                        final_merge_pages));
    db.exec("COMMIT");
}

void IndexBuilder::finish_into(SQLite::Database& journal) {
    flush();
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    work_.notify_one();
    std::optional<std::string> sizes;
    {
        std::unique_lock lock(mutex_);
        space_.wait(lock, [&] { return sizes_ready_ || stopped_; });
        if (sizes_ready_) sizes = std::move(sizes_);
    }
    if (sizes) {
        journal.exec("DELETE FROM search_index_docsize");
        SQLite::Statement insert(journal,
                                 "INSERT INTO search_index_docsize (id, sz) VALUES (?, ?)");
        std::int64_t id = 0;
        for (std::size_t at = 0; at < sizes->size();) {
            id += static_cast<std::int64_t>(get_varint(*sizes, at));
            const auto n = static_cast<std::size_t>(get_varint(*sizes, at));
            insert.bind(1, id);
            insert.bindNoCopy(2, sizes->data() + at, static_cast<int>(n));
            insert.exec();
            insert.reset();
            at += n;
        }
    }
    thread_.join();
    if (error_ || !sizes) {
        try {
            if (error_) std::rethrow_exception(error_);
            throw std::runtime_error("it stopped early");
        } catch (const std::exception& e) {
            throw StorageError(
                fmt::format("cannot build the word index of the import: {}", e.what()));
        }
    }
    for (const char* table : index_tables) {
        journal.exec(fmt::format("DELETE FROM {}", table));
        copy_table(scratch_->getHandle(), journal.getHandle(), table);
    }
}

}  // namespace incident::sqlite
