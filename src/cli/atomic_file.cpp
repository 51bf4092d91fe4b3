#include "atomic_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <streambuf>
#include <string>

#include "incident/errors.hpp"

namespace incident::cli {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const fs::path& path, int error) {
    throw Error(ExitCode::failure,
                fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error)));
}

// An unbuffered-by-the-library streambuf over a file descriptor that remembers the first
// write error, so the caller can refuse to commit a short file.
class FdBuf final : public std::streambuf {
  public:
    explicit FdBuf(int fd) : fd_(fd) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
    int error() const noexcept { return error_; }

  protected:
    int_type overflow(int_type ch) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }
    int sync() override { return drain() ? 0 : -1; }

  private:
    bool drain() {
        const char* p = pbase();
        while (p < pptr() && error_ == 0) {
            const auto n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
            if (n < 0) {
                if (errno != EINTR) error_ = errno;
                continue;
            }
            p += n;
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return error_ == 0;
    }

    int fd_;
    int error_ = 0;
    std::array<char, 65536> buffer_{};
};

mode_t new_file_mode(const fs::path& target) {
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return st.st_mode & 07777;
    const mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
}

// The file a path finally names: symlinks are followed (even a dangling one, whose target
// is then created), so the temporary file is made beside the real target.
fs::path resolve_links(fs::path path) {
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
        const auto next = fs::read_symlink(path, ec);
        if (ec) fail("follow the symlink", path, ec.value());
        path = next.is_absolute() ? next : path.parent_path() / next;
    }
    fail("follow the symlink", path, ELOOP);
}

// Devices and FIFOs are written in place: renaming a file over them would replace them.
bool is_stream(const fs::path& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

}  // namespace

struct AtomicFile::Impl {
    fs::path target;
    fs::path temp;
    int fd = -1;
    std::unique_ptr<FdBuf> buf;
    std::unique_ptr<std::ostream> stream;
    bool committed = false;
    bool direct = false;  // writing straight into a device or FIFO
};

AtomicFile::AtomicFile(fs::path target) : impl_(std::make_unique<Impl>()) {
    impl_->target = resolve_links(std::move(target));
    if (is_stream(impl_->target)) {
        impl_->fd = ::open(impl_->target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (impl_->fd < 0) fail("open", impl_->target, errno);
        impl_->direct = true;
        impl_->committed = true;  // nothing to remove
        impl_->buf = std::make_unique<FdBuf>(impl_->fd);
        impl_->stream = std::make_unique<std::ostream>(impl_->buf.get());
        return;
    }
    const auto dir = impl_->target.has_parent_path() ? impl_->target.parent_path() : fs::path(".");
    std::string pattern =
        (dir / ("." + impl_->target.filename().string() + ".tmp-XXXXXX")).string();
    impl_->fd = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (impl_->fd < 0) fail("create a temporary file next to", impl_->target, errno);
    impl_->temp = pattern;
    if (::fchmod(impl_->fd, new_file_mode(impl_->target)) != 0) {
        const int error = errno;
        ::close(impl_->fd);
        ::unlink(impl_->temp.c_str());
        fail("set the mode of", impl_->temp, error);
    }
    impl_->buf = std::make_unique<FdBuf>(impl_->fd);
    impl_->stream = std::make_unique<std::ostream>(impl_->buf.get());
}

AtomicFile::~AtomicFile() {
    if (impl_->fd >= 0) ::close(impl_->fd);
    if (!impl_->committed) ::unlink(impl_->temp.c_str());
}

std::ostream& AtomicFile::stream() {
    return *impl_->stream;
}

void AtomicFile::commit() {
    impl_->stream->flush();
    const auto& written = impl_->direct ? impl_->target : impl_->temp;
    if (impl_->buf->error() != 0) fail("write", written, impl_->buf->error());
    if (!*impl_->stream) fail("write", written, EIO);
    if (impl_->direct) {
        const int fd = impl_->fd;
        impl_->fd = -1;
        if (::close(fd) != 0) fail("close", impl_->target, errno);
        return;
    }
    if (::fsync(impl_->fd) != 0) fail("sync", impl_->temp, errno);
    const int fd = impl_->fd;
    impl_->fd = -1;
    if (::close(fd) != 0) fail("close", impl_->temp, errno);
    if (::rename(impl_->temp.c_str(), impl_->target.c_str()) != 0) {
        fail("write", impl_->target, errno);
    }
    impl_->committed = true;
    // The rename is durable once the directory is synced; a failure here loses nothing.
    const auto dir = impl_->target.has_parent_path() ? impl_->target.parent_path() : fs::path(".");
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace incident::cli
