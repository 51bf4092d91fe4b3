#include "backend.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#ifndef INCIDENT_NO_POSTGRESQL
#include "store/postgresql/libpq.hpp"
#endif

namespace incident::conformance {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

// A URL of database `db` on the test server (INCIDENT_TEST_POSTGRESQL: host=...&port=...).
std::string server_url(const std::string& db) {
    const auto query = env("INCIDENT_TEST_POSTGRESQL");
    if (query.empty()) {
        throw std::runtime_error("INCIDENT_TEST_BACKEND=postgresql needs INCIDENT_TEST_POSTGRESQL");
    }
    return "postgresql:///" + db + "?" + query;
}

}  // namespace

std::string backend_name() {
    const auto name = env("INCIDENT_TEST_BACKEND");
    return name.empty() ? "sqlite" : name;
}

StoreOptions Journal::with_modules(StoreOptions options) {
    if (options.module_dir.empty()) options.module_dir = env("INCIDENT_MODULE_DIR");
    return options;
}

void Journal::admin(const std::string& sql) {
#ifdef INCIDENT_NO_POSTGRESQL
    throw std::runtime_error("built without PostgreSQL support: cannot run " + sql);
#else
    postgresql::Connection db(
        {server_url("postgres"), std::chrono::seconds(10), with_modules({}).module_dir});
    db.exec(sql.c_str());
#endif
}

Journal::Journal() {
    const auto backend = backend_name();
    if (backend == "postgresql") {
        static std::atomic<int> counter{0};
        cleanup_ = "conformance_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
        admin("CREATE DATABASE " + cleanup_);
        location_ = server_url(cleanup_);
        return;
    }
    if (backend != "sqlite") throw std::runtime_error("unknown INCIDENT_TEST_BACKEND " + backend);
    const auto base = env("TMPDIR");
    std::string pattern = (base.empty() ? std::string("/tmp") : base) + "/incident-conf-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    cleanup_ = pattern;
    location_ = pattern + "/journal.db";
}

Journal::~Journal() {
    if (backend_name() == "postgresql") {
        try {
            admin("DROP DATABASE IF EXISTS " + cleanup_ + " WITH (FORCE)");
        } catch (const std::exception&) {
            // The server is gone; it takes its databases with it.
        }
        return;
    }
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
}

}  // namespace incident::conformance
