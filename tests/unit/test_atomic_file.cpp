#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "cli/atomic_file.hpp"
#include "incident/errors.hpp"
#include "support.hpp"

namespace fs = std::filesystem;
using incident::cli::AtomicFile;
using incident::testing::read_file;
using incident::testing::TempDir;

namespace {

std::size_t entries(const TempDir& dir) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator{}));
}

}  // namespace

TEST_CASE("an atomic file replaces its target only on commit") {
    TempDir dir;
    const auto target = dir.path() / "report.md";
    std::ofstream(target) << "old";
    {
        AtomicFile file(target);
        file.stream() << std::string(200000, 'x');
        CHECK(read_file(target) == "old");
        CHECK(entries(dir) == 2);
        file.commit();
    }
    CHECK(read_file(target) == std::string(200000, 'x'));
    CHECK(entries(dir) == 1);
}

TEST_CASE("an atomic file abandoned by an exception leaves the target and no temporary file") {
    TempDir dir;
    const auto target = dir.path() / "report.md";
    std::ofstream(target) << "old";
    try {
        AtomicFile file(target);
        file.stream() << "half a report";
        throw std::runtime_error("the journal went away");
    } catch (const std::runtime_error&) {
    }
    CHECK(read_file(target) == "old");
    CHECK(entries(dir) == 1);
}

TEST_CASE("an atomic file that cannot be renamed into place is removed") {
    TempDir dir;
    const auto target = dir.path() / "a-directory";
    fs::create_directory(target);
    {
        AtomicFile file(target);
        file.stream() << "text";
        CHECK_THROWS_AS(file.commit(), incident::Error);
    }
    CHECK(fs::is_directory(target));
    CHECK(entries(dir) == 1);
}

TEST_CASE("an atomic file needs its directory to exist") {
    TempDir dir;
    CHECK_THROWS_AS(AtomicFile(dir.path() / "missing" / "report.md"), incident::Error);
}
