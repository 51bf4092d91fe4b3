#pragma once
// libpq, reached through the PostgreSQL module (libpq_module.h), and a thin C++ layer over
// it: one connection, text parameters, results, and errors with their SQLSTATE. Internal to
// src/store/postgresql/.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "libpq_module.h"

namespace incident::postgresql {

// The module's file name, and where the program looks for it: INCIDENT_MODULE_DIR (through
// StoreOptions::module_dir), else INCIDENT_MODULE_RELDIR relative to the program's own
// directory (the installed layout: /usr/bin/incident, /usr/lib/<triplet>/incident/).
inline constexpr const char* module_file_name = "incident-postgresql.so";

// The module's function table, loaded on first use (once per process). Throws StorageError
// "PostgreSQL support is not installed: ..." when the module is missing or unusable.
const incident_libpq& libpq(const std::filesystem::path& module_dir);
// Where the module is looked for when `module_dir` is empty.
std::filesystem::path default_module_dir();

// A failed statement or connection: libpq's message and the SQLSTATE (empty when the
// connection itself failed). Caught inside the backend and turned into StorageError.
class PgError : public std::runtime_error {
  public:
    PgError(std::string message, std::string sqlstate, bool connection_lost)
        : std::runtime_error(std::move(message)),
          sqlstate_(std::move(sqlstate)),
          connection_lost_(connection_lost) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    bool connection_lost() const noexcept { return connection_lost_; }
    // 40001 serialization_failure, 40P01 deadlock_detected: the whole transaction may be
    // retried.
    bool retryable() const noexcept { return sqlstate_ == "40001" || sqlstate_ == "40P01"; }

  private:
    std::string sqlstate_;
    bool connection_lost_;
};

// Text-format parameters of one statement.
class Params {
  public:
    Params& add(std::int64_t v) { return text(std::to_string(v)); }
    Params& add(const std::string& v) { return text(v); }
    Params& add(std::string_view v) { return text(std::string(v)); }
    Params& add(const char* v) { return text(v); }
    Params& add(const std::optional<std::string>& v) { return v ? text(*v) : null(); }
    Params& add(const std::optional<std::int64_t>& v) { return v ? add(*v) : null(); }
    Params& null() {
        values_.emplace_back();
        return *this;
    }
    std::size_t size() const noexcept { return values_.size(); }
    // Pointers into the values, valid while this object lives unchanged.
    std::vector<const char*> pointers() const;
    std::vector<int> lengths() const;

  private:
    Params& text(std::string v) {
        values_.emplace_back(std::move(v));
        return *this;
    }
    std::vector<std::optional<std::string>> values_;
};

class Result {
  public:
    Result(const incident_libpq& api, PGresult* result) : api_(&api), result_(result) {}
    Result(Result&& other) noexcept : api_(other.api_), result_(other.result_) {
        other.result_ = nullptr;
    }
    Result& operator=(Result&&) = delete;
    Result(const Result&) = delete;
    ~Result() {
        if (result_ != nullptr) api_->clear(result_);
    }

    int rows() const { return api_->ntuples(result_); }
    bool null(int row, int column) const { return api_->getisnull(result_, row, column) != 0; }
    std::string text(int row, int column) const {
        return {api_->getvalue(result_, row, column),
                static_cast<std::size_t>(api_->getlength(result_, row, column))};
    }
    std::string_view view(int row, int column) const {
        return {api_->getvalue(result_, row, column),
                static_cast<std::size_t>(api_->getlength(result_, row, column))};
    }
    std::optional<std::string> optional_text(int row, int column) const {
        if (null(row, column)) return std::nullopt;
        return text(row, column);
    }
    std::int64_t integer(int row, int column) const;
    std::optional<std::int64_t> optional_integer(int row, int column) const {
        if (null(row, column)) return std::nullopt;
        return integer(row, column);
    }
    double real(int row, int column) const;

  private:
    const incident_libpq* api_;
    PGresult* result_;
};

// What to connect with: the location (a postgresql:// URL) and the bounds.
struct ConnectOptions {
    std::string url;
    std::chrono::milliseconds connect_timeout{10000};
    std::filesystem::path module_dir;
};

// Refuses a URL that carries a password (other users see it in `ps`) with a message saying
// what to use instead. Needs the module (libpq parses the URL).
void check_url(const incident_libpq& api, const std::string& url);

class Connection {
  public:
    // Throws StorageError with a message for the user when the server cannot be reached.
    explicit Connection(const ConnectOptions& options);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    const incident_libpq& api() const noexcept { return *api_; }
    const std::string& url() const noexcept { return url_; }
    // The login the server knows this session as.
    std::string user() const;
    bool ok() const;

    // Runs one statement (no parameters: may hold several; with: one). Throws PgError.
    Result exec(const char* sql) const;
    Result exec(const std::string& sql, const Params& params) const;
    // Streams the rows of a query one at a time (libpq's single-row mode): `row` gets a
    // one-row result each. Nothing else may run on the connection meanwhile.
    template <class F>
    void stream(const std::string& sql, const Params& params, F&& row) const;

    // Sends one statement without waiting for it; `receive` waits for its result. Nothing
    // else may run on the connection in between.
    void post(const std::string& sql, const Params& params) const;
    Result receive() const;
    // Sends a query whose rows `next_row` then returns one at a time (single-row mode), and
    // none after the last. Nothing else may run on the connection until then.
    void post_rows(const std::string& sql, const Params& params) const { send(sql, params); }
    std::optional<Result> next_row() const;

  private:
    void send(const std::string& sql, const Params& params, bool single_row = true) const;
    // The next result of a sent query, or none when it is done. Throws PgError.
    std::optional<Result> next() const;
    [[noreturn]] void fail(PGresult* result) const;

    const incident_libpq* api_;
    PGconn* conn_ = nullptr;
    std::string url_;
};

template <class F>
void Connection::stream(const std::string& sql, const Params& params, F&& row) const {
    send(sql, params);
    // Every result is drained, even after an exception, so the connection stays usable.
    std::exception_ptr failure;
    while (auto r = next()) {
        if (failure || r->rows() == 0) continue;
        try {
            row(*r);
        } catch (...) {
            failure = std::current_exception();
        }
    }
    if (failure) std::rethrow_exception(failure);
}

}  // namespace incident::postgresql
