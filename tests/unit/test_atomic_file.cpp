#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

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

TEST_CASE("an atomic file writes through a symlink to its target, beside the target") {
    TempDir dir;
    fs::create_directory(dir.path() / "real");
    const auto target = dir.path() / "real" / "report.md";
    std::ofstream(target) << "old";
    const auto link = dir.path() / "latest.md";
    fs::create_symlink("real/report.md", link);
    const auto chained = dir.path() / "chained.md";
    fs::create_symlink(link, chained);
    {
        AtomicFile file(chained);
        file.stream() << "new";
        file.commit();
    }
    CHECK(fs::is_symlink(link));
    CHECK(fs::is_symlink(chained));
    CHECK(read_file(target) == "new");
    CHECK(entries(dir) == 3);

    // A dangling link creates its target.
    fs::remove(target);
    {
        AtomicFile file(link);
        file.stream() << "again";
        file.commit();
    }
    CHECK(fs::is_symlink(link));
    CHECK(read_file(target) == "again");
}

TEST_CASE("an atomic file writes straight into a FIFO, leaving it a FIFO") {
    TempDir dir;
    const auto fifo = dir.path() / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string received;
    std::thread reader([&] { received = read_file(fifo); });
    {
        AtomicFile file(fifo);
        file.stream() << "through the pipe";
        file.commit();
    }
    reader.join();
    CHECK(received == "through the pipe");
    CHECK(fs::is_fifo(fifo));
    CHECK(entries(dir) == 1);
}

TEST_CASE("an atomic file writes straight to a terminal device") {
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    REQUIRE(master >= 0);
    REQUIRE(::grantpt(master) == 0);
    REQUIRE(::unlockpt(master) == 0);
    const fs::path slave = ::ptsname(master);
    {
        // Raw mode, so the line discipline passes the bytes through unchanged.
        const int fd = ::open(slave.c_str(), O_RDWR | O_NOCTTY);
        REQUIRE(fd >= 0);
        termios mode{};
        REQUIRE(::tcgetattr(fd, &mode) == 0);
        ::cfmakeraw(&mode);
        REQUIRE(::tcsetattr(fd, TCSANOW, &mode) == 0);
        {
            AtomicFile file(slave);
            file.stream() << "to the terminal";
            file.commit();
        }
        ::close(fd);
    }
    CHECK(fs::is_character_file(slave));
    std::string received(64, '\0');
    const auto n = ::read(master, received.data(), received.size());
    REQUIRE(n > 0);
    received.resize(static_cast<std::size_t>(n));
    CHECK(received == "to the terminal");
    ::close(master);
}
