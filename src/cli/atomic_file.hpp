#pragma once
// A file that appears whole or not at all: written to a temporary file in the target's
// directory, flushed and fsynced, then renamed over the target. Until commit() succeeds the
// target is untouched; destroying an uncommitted AtomicFile removes the temporary file.
// Symlinks are followed (the temporary file goes beside the real target); a character device
// or FIFO is written in place, since renaming over it would replace it.
#include <filesystem>
#include <memory>
#include <ostream>

namespace incident::cli {

class AtomicFile {
  public:
    // Throws Error (exit 1) when the temporary file cannot be created.
    explicit AtomicFile(std::filesystem::path target);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    std::ostream& stream();
    // Flushes, fsyncs, renames over the target and fsyncs the directory; throws on failure
    // (the temporary file is then removed and the target left as it was).
    void commit();

    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace incident::cli
