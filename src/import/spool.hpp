#pragma once
// Incidents an import has read and checked, set aside until it writes them in another order:
// kept in memory up to a budget, then in an unlinked temporary file, so that memory stays
// bounded by the budget and not the document. Each is written in a compact binary form once
// and read back whole, instead of parsing its JSON a second time.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "incident/import.hpp"

namespace incident {

class IncidentSpool {
    static constexpr std::uint64_t read_window = std::uint64_t{1} << 20;

  public:
    // `temp_dir`: where the file goes when the budget is exceeded (TMPDIR). The file is read
    // back through a window as large as the default budget, so a larger one saves little.
    explicit IncidentSpool(std::string temp_dir, std::size_t memory_budget = std::size_t{1} << 20);
    IncidentSpool(const IncidentSpool&) = delete;
    IncidentSpool& operator=(const IncidentSpool&) = delete;
    ~IncidentSpool();

    // Sets `incident` aside; returns its number for get(). Throws StorageError when the
    // temporary file cannot be created or written.
    std::size_t add(const ImportedIncident& incident);
    ImportedIncident get(std::size_t number) const;
    // Whether anything went to the temporary file (for tests).
    bool spilled() const noexcept { return fd_ >= 0; }

  private:
    // Appends to the file, creating it the first time.
    void write(const std::string& bytes);

    std::string temp_dir_;
    std::size_t budget_;
    int fd_ = -1;
    std::uint64_t in_file_ = 0;  // bytes written to the file; the records after are in memory_
    std::string memory_;         // at most the budget
    std::string record_;         // the one being added
    std::vector<std::pair<std::uint64_t, std::uint64_t>> records_;  // offset, size
    // The records read from the file last: window_ holds its bytes from window_at_ on.
    std::string_view from_file(std::uint64_t offset, std::uint64_t size) const;
    mutable std::string window_;
    mutable std::uint64_t window_at_ = 0;
    mutable std::uint64_t last_offset_ = 0;
};

}  // namespace incident
