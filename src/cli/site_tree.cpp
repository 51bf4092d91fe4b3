#include "site_tree.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "atomic_file.hpp"
#include "incident/errors.hpp"
#include "incident/text.hpp"

namespace incident::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail_on(const std::string& what, const fs::path& path, int error) {
    throw Error(ExitCode::failure, fmt::format("cannot {} {}: {}", what, visible(path.string()),
                                               std::strerror(error)));
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const noexcept { return fd_; }
    int release() noexcept { return std::exchange(fd_, -1); }
    void reset(int fd) noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = fd;
    }

  private:
    int fd_;
};

void write_all(int fd, std::string_view content, const fs::path& path) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const auto n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail_on("write", path, errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

// Whether the file at `path` holds exactly `content`.
bool same_bytes(const fs::path& path, std::string_view content) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
    if (fd.get() < 0) return false;
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
        static_cast<std::size_t>(st.st_size) != content.size()) {
        return false;
    }
    std::string buffer(std::min<std::size_t>(content.size(), 1 << 16), '\0');
    std::size_t at = 0;
    while (at < content.size()) {
        const auto n =
            ::read(fd.get(), buffer.data(), std::min(buffer.size(), content.size() - at));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        if (std::memcmp(buffer.data(), content.data() + at, static_cast<std::size_t>(n)) != 0) {
            return false;
        }
        at += static_cast<std::size_t>(n);
    }
    return true;
}

void make_parents(const fs::path& file) {
    std::error_code ec;
    fs::create_directories(file.parent_path(), ec);
    if (ec) fail_on("create the directory", file.parent_path(), ec.value());
}

void write_new(const fs::path& path, std::string_view content) {
    int raw = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (raw < 0 && errno == ENOENT) {
        make_parents(path);
        raw = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    }
    if (raw < 0) fail_on("create", path, errno);
    Fd fd(raw);
    write_all(fd.get(), content, path);
    if (::close(fd.release()) != 0) fail_on("write", path, errno);
}

void link_old(const fs::path& from, const fs::path& to) {
    if (::link(from.c_str(), to.c_str()) == 0) return;
    if (errno == ENOENT) {
        make_parents(to);
        if (::link(from.c_str(), to.c_str()) == 0) return;
    }
    fail_on("link", to, errno);
}

void remove_tree(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
}

// Files below `root`, relative and '/'-separated.
std::vector<std::string> files_below(const fs::path& root) {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec))
            out.push_back(fs::relative(it->path(), root, ec).generic_string());
    }
    if (ec) fail_on("read the directory", root, ec.value());
    return out;
}

}  // namespace

struct SiteTree::Impl {
    fs::path dir;      // the site, its symlinks resolved
    fs::path staging;  // the new tree, beside it
    fs::path old;      // where the old tree goes after an exchange
    Fd lock{-1};
    bool exists = false;  // DIR exists (as a directory)
    std::string manifest;
    std::vector<std::string_view> old_files;  // what the manifest lists, sorted (into `manifest`)
    Mode mode = Mode::rebuild;
    bool staged = false;            // the new tree exists
    std::vector<std::string> same;  // unchanged files put before the new tree was started
    std::string listed;             // the new manifest's "file PATH" lines, in the order put
    Outcome outcome;

    void stage() {
        if (staged) return;
        remove_tree(staging);
        if (::mkdir(staging.c_str(), 0777) != 0) fail_on("create", staging, errno);
        staged = true;
        for (const auto& p : same) link_old(dir / p, staging / p);
        same.clear();
        same.shrink_to_fit();
    }
};

SiteTree::SiteTree(fs::path dir) : impl_(std::make_unique<Impl>()) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(dir, ec))) {
        // Swap the directory the link names; the link keeps naming it.
        dir = fs::canonical(dir, ec);
        if (ec) fail_on("follow the symlink", dir, ec.value());
    }
    dir = fs::absolute(dir, ec).lexically_normal();
    if (dir.has_filename() == false) dir = dir.parent_path();
    impl_->dir = dir;
    const auto parent = dir.parent_path();
    const auto name = dir.filename().string();
    impl_->staging = parent / ("." + name + ".incident-new");
    impl_->old = parent / ("." + name + ".incident-old");

    const auto status = fs::status(dir, ec);
    if (status.type() != fs::file_type::not_found && status.type() != fs::file_type::directory) {
        throw UsageError(fmt::format("-o {}: not a directory", visible(dir.string())));
    }
    impl_->exists = status.type() == fs::file_type::directory;
    if (!impl_->exists && !fs::is_directory(parent, ec)) {
        throw UsageError(fmt::format("-o {}: the directory {} does not exist",
                                     visible(dir.string()), visible(parent.string())));
    }

    const auto lock_path = parent / ("." + name + ".incident-lock");
    impl_->lock.reset(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
    if (impl_->lock.get() < 0) fail_on("create the lock file", lock_path, errno);
    if (::flock(impl_->lock.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            throw ConflictError(fmt::format("another `incident site` is writing {}; try again",
                                            visible(dir.string())));
        }
        fail_on("lock", lock_path, errno);
    }
    // Left by a run that was killed: ours, by their names and the lock.
    remove_tree(impl_->staging);
    remove_tree(impl_->old);

    if (!impl_->exists) return;
    const auto manifest_path = dir / std::string(site_manifest_name);
    if (fs::exists(manifest_path, ec)) {
        Fd fd(::open(manifest_path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0) fail_on("read", manifest_path, errno);
        char buffer[65536];
        for (;;) {
            const auto n = ::read(fd.get(), buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) fail_on("read", manifest_path, errno);
            if (n == 0) break;
            impl_->manifest.append(buffer, static_cast<std::size_t>(n));
        }
        std::size_t at = 0;
        while (at < impl_->manifest.size()) {
            auto end = impl_->manifest.find('\n', at);
            if (end == std::string::npos) end = impl_->manifest.size();
            const std::string_view line(impl_->manifest.data() + at, end - at);
            if (line.starts_with("file ")) impl_->old_files.push_back(line.substr(5));
            at = end + 1;
        }
        std::sort(impl_->old_files.begin(), impl_->old_files.end());
    } else if (!fs::is_empty(dir, ec)) {
        throw UsageError(fmt::format(
            "-o {}: the directory holds files but no site made by incident; give a new or empty "
            "directory",
            visible(dir.string())));
    }
}

SiteTree::~SiteTree() {
    if (impl_->staged) remove_tree(impl_->staging);
}

const fs::path& SiteTree::dir() const noexcept {
    return impl_->dir;
}

const std::string& SiteTree::manifest() const noexcept {
    return impl_->manifest;
}

void SiteTree::start(Mode mode) {
    impl_->mode = mode;
}

void SiteTree::put(const std::string& path, std::string_view content) {
    auto& m = *impl_;
    const auto old = m.dir / path;
    const bool same = m.exists && same_bytes(old, content);
    if (m.mode == Mode::refresh) {
        if (same) {
            ++m.outcome.unchanged;
            return;
        }
        make_parents(old);
        AtomicFile file(old);
        file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
        file.commit();
        ++m.outcome.written;
        return;
    }
    m.listed += "file " + path + "\n";
    if (same) {
        ++m.outcome.unchanged;
        if (m.staged) {
            link_old(old, m.staging / path);
        } else {
            m.same.push_back(path);
        }
        return;
    }
    m.stage();
    write_new(m.staging / path, content);
    ++m.outcome.written;
}

SiteTree::Outcome SiteTree::commit(const std::string& header) {
    auto& m = *impl_;
    if (m.mode == Mode::refresh) return m.outcome;

    const std::string manifest = header + m.listed;
    std::vector<std::string_view> put;  // sorted, into `manifest`
    for (std::size_t at = header.size(); at < manifest.size();) {
        const auto end = manifest.find('\n', at);
        put.emplace_back(manifest.data() + at + 5, end - at - 5);
        at = end + 1;
    }
    std::sort(put.begin(), put.end());
    const auto in = [](const std::vector<std::string_view>& sorted, std::string_view p) {
        return std::binary_search(sorted.begin(), sorted.end(), p);
    };
    for (const auto p : m.old_files) {
        if (!in(put, p)) ++m.outcome.removed;
    }
    if (!m.staged && m.outcome.removed == 0 && manifest == m.manifest) return m.outcome;
    m.stage();
    if (m.exists) {
        // Files someone put into DIR by hand stay.
        for (const auto& p : files_below(m.dir)) {
            if (p == site_manifest_name || in(m.old_files, p) || in(put, p)) continue;
            link_old(m.dir / p, m.staging / p);
        }
    }
    write_new(m.staging / std::string(site_manifest_name), manifest);

    // Everything on disk before anyone can see it: one syncfs instead of an fsync per file.
    {
        Fd fd(::open(m.staging.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd.get() < 0 || ::syncfs(fd.get()) != 0) fail_on("sync", m.staging, errno);
    }
    fs::path replaced = m.staging;  // where the old tree is once the new one is DIR
    if (!m.exists) {
        if (::rename(m.staging.c_str(), m.dir.c_str()) != 0) fail_on("create", m.dir, errno);
    } else if (::renameat2(AT_FDCWD, m.staging.c_str(), AT_FDCWD, m.dir.c_str(), RENAME_EXCHANGE) !=
               0) {
        if (errno != EINVAL && errno != ENOSYS) fail_on("replace", m.dir, errno);
        // No exchange on this file system: the site is missing between these two renames.
        if (::rename(m.dir.c_str(), m.old.c_str()) != 0) fail_on("replace", m.dir, errno);
        if (::rename(m.staging.c_str(), m.dir.c_str()) != 0) {
            const int error = errno;
            (void)::rename(m.old.c_str(), m.dir.c_str());
            fail_on("replace", m.dir, error);
        }
        replaced = m.old;
    }
    m.staged = false;
    m.outcome.swapped = true;
    {
        Fd fd(::open(m.dir.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (fd.get() >= 0) (void)::fsync(fd.get());
    }
    if (m.exists) remove_tree(replaced);
    return m.outcome;
}

}  // namespace incident::cli
