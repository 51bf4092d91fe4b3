#pragma once
// The word index of a bulk insert into an empty journal, built on a second thread while the
// rows go in. FTS5 keeps an index whole in three ordinary tables (search_index_data, _idx and
// _docsize), so the thread builds it in a private scratch database and finish_into() copies
// those tables over the journal's, which hold no text yet.
#include <SQLiteCpp/Database.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace incident::sqlite {

class IndexBuilder {
  public:
    // `create_sql`: the journal's own CREATE VIRTUAL TABLE statement of search_index.
    explicit IndexBuilder(std::string create_sql);
    IndexBuilder(const IndexBuilder&) = delete;
    IndexBuilder& operator=(const IndexBuilder&) = delete;
    // Stops the thread and drops what it built.
    ~IndexBuilder();

    // Indexes a text under `rowid`. Waits while the thread is more than a few MiB behind.
    void add(std::int64_t rowid, std::string_view title, std::string_view body);
    // Waits for the thread, then replaces the index tables of `journal` (whose search_index
    // holds no text) with the ones built. Throws StorageError when the thread failed.
    void finish_into(SQLite::Database& journal);

  private:
    struct Text {
        std::int64_t rowid;
        std::string title;
        std::string body;
    };
    struct Batch {
        std::vector<Text> texts;
        std::size_t bytes = 0;
    };

    void flush();
    void run() noexcept;
    void build();

    std::string create_sql_;
    Batch batch_;  // filled by add(), handed over whole

    std::mutex mutex_;
    std::condition_variable work_;   // a batch, or closed_
    std::condition_variable space_;  // queued_bytes_ went down, or the thread stopped
    std::deque<Batch> queue_;
    std::size_t queued_bytes_ = 0;
    bool closed_ = false;     // no more batches
    bool cancelled_ = false;  // stop now
    bool stopped_ = false;    // the thread returned
    std::exception_ptr error_;
    std::string sizes_;  // search_index_docsize, packed, once the last text is in
    bool sizes_ready_ = false;
    std::optional<SQLite::Database> scratch_;  // the thread's, until it returns

    std::thread thread_;  // last: it starts once the rest is constructed
};

}  // namespace incident::sqlite
