#include "import/spool.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <type_traits>

#include "incident/errors.hpp"

namespace incident {

int temporary_file(const std::string& dir) {
    const auto where = dir.empty() ? std::string("/tmp") : dir;
    int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {  // a file system without O_TMPFILE: a named file, unlinked at once
        auto path = where + "/incident-XXXXXX";
        fd = ::mkostemp(path.data(), O_CLOEXEC);
        if (fd >= 0) ::unlink(path.c_str());
    }
    if (fd < 0) {
        throw StorageError(
            fmt::format("cannot create a temporary file in {}: {}", where, std::strerror(errno)));
    }
    return fd;
}

namespace {

template <class Io, class... F>
void each(Io& io, F&... fields) {
    (io(fields), ...);
}

// Every field of the records, in one list for writing and reading (`Io` is a Writer or a
// Scanner; `T` const or not). A field left out here would be lost between the two passes:
// the sizes below catch most fields added to these structs.
template <class Io, class T>
void fields(Io& io, T& c) {
    using U = std::remove_const_t<T>;
    if constexpr (std::is_same_v<U, Component>) {
        each(io, c.group, c.name);
    } else if constexpr (std::is_same_v<U, ComponentChange>) {
        each(io, c.component, c.code, c.old_status, c.new_status);
    } else if constexpr (std::is_same_v<U, PageComponent>) {
        each(io, c.id, c.component, c.status, c.position, c.source_id, c.group_source_id);
    } else if constexpr (std::is_same_v<U, Postmortem>) {
        each(io, c.body, c.posted_at, c.incident_id, c.regarding);
    } else if constexpr (std::is_same_v<U, RegardedIncident>) {
        each(io, c.id, c.title, c.started, c.created_at);
    } else if constexpr (std::is_same_v<U, RoleHolder>) {
        each(io, c.role, c.name, c.assigned_at, c.assigned_by);
    } else if constexpr (std::is_same_v<U, Action>) {
        each(io, c.id, c.incident_id, c.text, c.owner, c.due, c.link, c.created_at, c.created_by,
             c.done_at, c.done_by);
    } else if constexpr (std::is_same_v<U, ImportedUpdate>) {
        each(io, c.source_id, c.status, c.body, c.posted_at, c.recorded_at, c.edited_at, c.author,
             c.components, c.changes, c.keep_source_id, c.internal);
    } else {
        static_assert(std::is_same_v<U, ImportedIncident>);
        each(io, c.source_id, c.key, c.title, c.kind, c.impact, c.updates, c.components,
             c.source_components, c.postmortem, c.started_at, c.scheduled_for, c.scheduled_until,
             c.shortlink, c.backfilled, c.impact_given, c.numeric_id, c.not_kept, c.detected_at,
             c.acknowledged_at, c.mitigated_at, c.roles, c.actions);
    }
}
#if defined(__GLIBCXX__) && defined(__LP64__)
static_assert(sizeof(Component) == 64 && sizeof(ComponentChange) == 112 &&
                  sizeof(PageComponent) == 168 && sizeof(Postmortem) == 72 &&
                  sizeof(RegardedIncident) == 56 && sizeof(RoleHolder) == 104 &&
                  sizeof(Action) == 232 && sizeof(ImportedUpdate) == 200 &&
                  sizeof(ImportedIncident) == 496,
              "a field added to a struct spool.cpp writes: add it to fields() too");
#endif

template <class T>
constexpr bool is_record =
    std::is_class_v<T> && !std::is_same_v<T, std::string> && !std::is_same_v<T, Instant>;

class Writer {
  public:
    explicit Writer(std::string& out) : out_(out) {}

    void operator()(std::uint64_t n) { raw(n); }
    void operator()(std::int64_t n) { raw(n); }
    void operator()(bool b) { out_ += b ? '\1' : '\0'; }
    void operator()(Instant t) { raw(static_cast<std::int64_t>(t.time_since_epoch().count())); }
    void operator()(std::chrono::year_month_day d) {
        raw(static_cast<std::int64_t>(std::chrono::sys_days(d).time_since_epoch().count()));
    }
    template <class E>
    requires std::is_enum_v<E>
    void operator()(E e) { raw(static_cast<std::int64_t>(e)); }
    void operator()(const std::string& s) {
        raw(static_cast<std::uint64_t>(s.size()));
        out_ += s;
    }
    template <class T>
    void operator()(const std::optional<T>& o) {
        (*this)(o.has_value());
        if (o) (*this)(*o);
    }
    template <class T>
    void operator()(const std::vector<T>& items) {
        raw(static_cast<std::uint64_t>(items.size()));
        for (const auto& item : items) (*this)(item);
    }
    void operator()(const std::map<std::string, std::size_t>& counts) {
        raw(static_cast<std::uint64_t>(counts.size()));
        for (const auto& [key, n] : counts) {
            (*this)(key);
            raw(static_cast<std::uint64_t>(n));
        }
    }
    template <class T>
    requires is_record<T>
    void operator()(const T& record) { fields(*this, record); }

  private:
    template <class N>
    void raw(N n) {
        char bytes[sizeof n];
        std::memcpy(bytes, &n, sizeof n);
        out_.append(bytes, sizeof n);
    }
    std::string& out_;
};

// Reads what Writer wrote (the same program, so the same layout); a short record is a
// broken temporary file.
class Scanner {
  public:
    explicit Scanner(std::string_view in) : in_(in) {}

    void operator()(std::uint64_t& n) { raw(n); }
    void operator()(std::int64_t& n) { raw(n); }
    void operator()(bool& b) { b = take(1)[0] != '\0'; }
    void operator()(Instant& t) {
        std::int64_t ms = 0;
        raw(ms);
        t = Instant(std::chrono::milliseconds(ms));
    }
    void operator()(std::chrono::year_month_day& d) {
        std::int64_t days = 0;
        raw(days);
        d = std::chrono::sys_days(std::chrono::days(days));
    }
    template <class E>
    requires std::is_enum_v<E>
    void operator()(E& e) {
        std::int64_t n = 0;
        raw(n);
        e = static_cast<E>(n);
    }
    void operator()(std::string& s) {
        std::uint64_t n = 0;
        raw(n);
        s.assign(take(n));
    }
    template <class T>
    void operator()(std::optional<T>& o) {
        bool has = false;
        (*this)(has);
        if (has) {
            (*this)(o.emplace());
        } else {
            o.reset();
        }
    }
    template <class T>
    void operator()(std::vector<T>& items) {
        std::uint64_t n = 0;
        raw(n);
        if (n > in_.size()) throw StorageError("a temporary file of the import is damaged");
        items.resize(static_cast<std::size_t>(n));
        for (auto& item : items) (*this)(item);
    }
    void operator()(std::map<std::string, std::size_t>& counts) {
        std::uint64_t n = 0;
        raw(n);
        for (std::uint64_t i = 0; i < n; ++i) {
            std::string key;
            std::uint64_t count = 0;
            (*this)(key);
            raw(count);
            counts[key] = count;
        }
    }
    template <class T>
    requires is_record<T>
    void operator()(T& record) { fields(*this, record); }

  private:
    std::string_view take(std::uint64_t n) {
        if (n > in_.size()) throw StorageError("a temporary file of the import is cut short");
        const auto out = in_.substr(0, n);
        in_.remove_prefix(n);
        return out;
    }
    template <class N>
    void raw(N& n) {
        std::memcpy(&n, take(sizeof n).data(), sizeof n);
    }
    std::string_view in_;
};

}  // namespace

IncidentSpool::IncidentSpool(std::string temp_dir, std::size_t memory_budget)
    : temp_dir_(std::move(temp_dir)), budget_(memory_budget) {}

IncidentSpool::~IncidentSpool() {
    if (fd_ >= 0) ::close(fd_);
}

std::size_t IncidentSpool::add(const ImportedIncident& incident) {
    record_.clear();
    Writer w(record_);
    w(incident);
    if (memory_.size() + record_.size() > budget_) {
        write(memory_);
        memory_.clear();
        if (record_.size() > budget_) {
            records_.emplace_back(in_file_, record_.size());
            write(record_);
            return records_.size() - 1;
        }
    }
    if (memory_.capacity() < budget_) memory_.reserve(budget_);  // no doubling past it
    records_.emplace_back(in_file_ + memory_.size(), record_.size());
    memory_ += record_;
    return records_.size() - 1;
}

void IncidentSpool::write(const std::string& bytes) {
    if (bytes.empty()) return;
    if (fd_ < 0) fd_ = temporary_file(temp_dir_);
    for (std::size_t done = 0; done < bytes.size();) {
        const auto n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                                static_cast<off_t>(in_file_ + done));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            throw StorageError(fmt::format("cannot write a temporary file in {}: {}",
                                           temp_dir_.empty() ? "/tmp" : temp_dir_,
                                           n < 0 ? std::strerror(errno) : "nothing written"));
        }
        done += static_cast<std::size_t>(n);
    }
    in_file_ += bytes.size();
}

std::string_view IncidentSpool::from_file(std::uint64_t offset, std::uint64_t size) const {
    if (offset < window_at_ || offset + size > window_at_ + window_.size()) {
        // One read for many records: they are read back sorted, often in the reverse of the
        // order they were written in (a page lists its newest incident first).
        const auto want = std::max<std::uint64_t>(size, read_window);
        auto start = offset;
        if (offset < last_offset_) start = offset + size >= want ? offset + size - want : 0;
        window_.resize(static_cast<std::size_t>(std::min(in_file_, start + want) - start));
        for (std::size_t done = 0; done < window_.size();) {
            const auto n = ::pread(fd_, window_.data() + done, window_.size() - done,
                                   static_cast<off_t>(start + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                window_.clear();
                throw StorageError(fmt::format("cannot read a temporary file of the import: {}",
                                               n < 0 ? std::strerror(errno) : "it is cut short"));
            }
            done += static_cast<std::size_t>(n);
        }
        window_at_ = start;
    }
    last_offset_ = offset;
    return std::string_view(window_).substr(static_cast<std::size_t>(offset - window_at_),
                                            static_cast<std::size_t>(size));
}

ImportedIncident IncidentSpool::get(std::size_t number) const {
    const auto [offset, size] = records_.at(number);
    std::string_view record;
    if (offset >= in_file_) {
        record = std::string_view(memory_).substr(static_cast<std::size_t>(offset - in_file_),
                                                  static_cast<std::size_t>(size));
    } else {
        record = from_file(offset, size);
    }
    ImportedIncident out;
    Scanner s(record);
    s(out);
    return out;
}

}  // namespace incident
