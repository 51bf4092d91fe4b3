#include "backend.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace incident::conformance {
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

}  // namespace

std::string backend_name() {
    const auto name = env("INCIDENT_TEST_BACKEND");
    return name.empty() ? "sqlite" : name;
}

Journal::Journal() {
    const auto backend = backend_name();
    if (backend != "sqlite") throw std::runtime_error("unknown INCIDENT_TEST_BACKEND " + backend);
    const auto base = env("TMPDIR");
    std::string pattern = (base.empty() ? std::string("/tmp") : base) + "/incident-conf-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    cleanup_ = pattern;
    location_ = pattern + "/journal.db";
}

Journal::~Journal() {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
}

}  // namespace incident::conformance
