#include "libpq.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "incident/errors.hpp"
#include "incident/text.hpp"

namespace incident::postgresql {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void not_installed(const fs::path& file, const std::string& why) {
    throw StorageError(fmt::format(
        "PostgreSQL support is not installed: install incident-postgresql (the module {} {}); "
        "nothing was changed",
        file.string(), why));
}

const incident_libpq& load(const fs::path& module_dir) {
    const auto file = (module_dir.empty() ? default_module_dir() : module_dir) / module_file_name;
    // RTLD_LOCAL: libpq's symbols stay the module's own; RTLD_NOW: a broken install fails here.
    void* handle = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        std::error_code ec;
        if (!fs::exists(file, ec)) not_installed(file, "is missing");
        not_installed(file, fmt::format("cannot be loaded: {}", why != nullptr ? why : "?"));
    }
    // A function pointer from dlsym's void*: the one cast POSIX guarantees.
    incident_libpq_entry entry = nullptr;
    void* symbol = ::dlsym(handle, INCIDENT_LIBPQ_ENTRY);
    static_assert(sizeof(entry) == sizeof(symbol));
    std::memcpy(&entry, &symbol, sizeof(entry));
    const incident_libpq* api = entry != nullptr ? entry() : nullptr;
    if (api == nullptr || api->abi != INCIDENT_LIBPQ_ABI) {
        not_installed(file, "is of another version of incident; reinstall incident-postgresql");
    }
    return *api;  // the handle stays open for the life of the process
}

// The last line of libpq's message without the trailing newline, and earlier lines joined.
std::string one_line(const char* message) {
    std::string text = message != nullptr ? message : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (auto& c : text) {
        if (c == '\n') c = ' ';
    }
    return text;
}

void ignore_notice(void*, const char*) {}

}  // namespace

fs::path default_module_dir() {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    return (ec ? fs::path(".") : self.parent_path()) / INCIDENT_MODULE_RELDIR;
}

const incident_libpq& libpq(const fs::path& module_dir) {
    // Not std::call_once: a throwing callable aborts there (GCC bug 66146).
    static std::mutex mutex;
    static const incident_libpq* api = nullptr;
    const std::lock_guard lock(mutex);
    if (api == nullptr) api = &load(module_dir);
    return *api;
}

std::vector<const char*> Params::pointers() const {
    std::vector<const char*> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
    return out;
}

std::vector<int> Params::lengths() const {
    std::vector<int> out;
    out.reserve(values_.size());
    for (const auto& v : values_) out.push_back(v ? static_cast<int>(v->size()) : 0);
    return out;
}

std::int64_t Result::integer(int row, int column) const {
    const auto text = view(row, column);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
        throw StorageError(fmt::format("the journal holds \"{}\" where a number belongs",
                                       visible(std::string(text))));
    }
    return value;
}

double Result::real(int row, int column) const {
    return std::strtod(api_->getvalue(result_, row, column), nullptr);
}

void check_url(const incident_libpq& api, const std::string& url) {
    char* error = nullptr;
    PQconninfoOption* options = api.conninfo_parse(url.c_str(), &error);
    if (options == nullptr) {
        const auto why = one_line(error);
        if (error != nullptr) api.freemem(error);
        throw UsageError(fmt::format("cannot read the journal URL {}: {}", visible(url), why));
    }
    bool password = false;
    for (auto* o = options; o->keyword != nullptr; ++o) {
        if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') {
            password = true;
        }
    }
    api.conninfo_free(options);
    if (password) {
        throw UsageError(
            "the journal URL holds a password, which other users of this machine can read (ps, "
            "/proc, shell history); remove it and let libpq find it: a line in ~/.pgpass (or "
            "the file PGPASSFILE names, mode 0600), or a service in ~/.pg_service.conf "
            "(postgresql:///?service=NAME)");
    }
}

Connection::Connection(const ConnectOptions& options) : api_(&libpq(options.module_dir)) {
    url_ = options.url;
    check_url(*api_, url_);
    // Defaults first: the URL's own settings (and PGCONNECT_TIMEOUT, when set) win over them.
    std::vector<const char*> keywords, values;
    const auto timeout =
        std::to_string(std::max<long long>(1, (options.connect_timeout.count() + 999) / 1000));
    if (std::getenv("PGCONNECT_TIMEOUT") == nullptr) {
        keywords.push_back("connect_timeout");
        values.push_back(timeout.c_str());
    }
    keywords.push_back("fallback_application_name");
    values.push_back("incident");
    keywords.push_back("dbname");
    values.push_back(url_.c_str());
    keywords.push_back("client_encoding");
    values.push_back("UTF8");
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    conn_ = api_->connectdb_params(keywords.data(), values.data(), 1);
    if (conn_ == nullptr) throw StorageError("out of memory connecting to the journal's server");
    if (api_->status(conn_) != CONNECTION_OK) {
        const auto why = one_line(api_->error_message(conn_));
        api_->finish(conn_);
        conn_ = nullptr;
        throw StorageError(
            fmt::format("cannot connect to the journal's server {}: {}; nothing was changed",
                        visible(url_), why));
    }
    api_->set_notice_processor(conn_, ignore_notice, nullptr);
}

Connection::~Connection() {
    if (conn_ != nullptr) api_->finish(conn_);
}

std::string Connection::user() const {
    const char* u = api_->user(conn_);
    return u != nullptr ? u : "";
}

bool Connection::ok() const {
    return api_->status(conn_) == CONNECTION_OK;
}

void Connection::fail(PGresult* result) const {
    const char* state =
        result != nullptr ? api_->result_error_field(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string sqlstate = state != nullptr ? state : "";
    auto message = one_line(result != nullptr ? api_->result_error_message(result)
                                              : api_->error_message(conn_));
    if (message.empty()) message = one_line(api_->error_message(conn_));
    if (result != nullptr) api_->clear(result);
    const bool lost = api_->status(conn_) != CONNECTION_OK || sqlstate.starts_with("08");
    throw PgError(std::move(message), std::move(sqlstate), lost);
}

Result Connection::exec(const char* sql) const {
    PGresult* r = api_->exec(conn_, sql);
    const auto status = r != nullptr ? api_->result_status(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r);
    return {*api_, r};
}

Result Connection::exec(const std::string& sql, const Params& params) const {
    const auto values = params.pointers();
    const auto lengths = params.lengths();
    PGresult* r = api_->exec_params(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                    values.data(), lengths.data(), nullptr, 0);
    const auto status = r != nullptr ? api_->result_status(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r);
    return {*api_, r};
}

void Connection::send(const std::string& sql, const Params& params, bool single_row) const {
    const auto values = params.pointers();
    const auto lengths = params.lengths();
    if (api_->send_query_params(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                                values.data(), lengths.data(), nullptr, 0) == 0 ||
        (single_row && api_->set_single_row_mode(conn_) == 0)) {
        fail(nullptr);
    }
}

void Connection::post(const std::string& sql, const Params& params) const {
    send(sql, params, false);
}

Result Connection::receive() const {
    auto r = next();
    if (!r) fail(nullptr);
    while (PGresult* rest = api_->get_result(conn_)) api_->clear(rest);
    return std::move(*r);
}

std::optional<Result> Connection::next_row() const {
    auto r = next();
    if (!r || r->rows() > 0) return r;
    while (next()) {
    }
    return std::nullopt;
}

std::optional<Result> Connection::next() const {
    PGresult* r = api_->get_result(conn_);
    if (r == nullptr) return std::nullopt;
    const auto status = api_->result_status(r);
    if (status == PGRES_SINGLE_TUPLE || status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
        return Result(*api_, r);
    }
    // Drain what follows the error, so the connection can take the next statement.
    while (PGresult* rest = api_->get_result(conn_)) api_->clear(rest);
    fail(r);
}

}  // namespace incident::postgresql
