#include "zone_file.hpp"

#include <date/date.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>

namespace incident::detail {
namespace {

using std::chrono::seconds;
using std::chrono::sys_seconds;

// date clamps older transitions (e.g. the "big bang" one) to the start of its calendar.
const sys_seconds min_seconds{date::sys_days{date::year::min() / date::January / 1}};

// A bounds-checked big-endian reader over the file's bytes.
class Reader {
public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}
    bool skip(std::size_t n) noexcept {
        if (n > bytes_.size() - pos_) return false;
        pos_ += n;
        return true;
    }
    std::optional<std::int64_t> be(std::size_t width) noexcept {
        if (width > bytes_.size() - pos_) return std::nullopt;
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i) {
            v = (v << 8) | static_cast<unsigned char>(bytes_[pos_ + i]);
        }
        pos_ += width;
        if (width < 8 && (v >> (width * 8 - 1)) != 0) v |= ~std::uint64_t{0} << (width * 8);
        return static_cast<std::int64_t>(v);
    }
    std::optional<std::string_view> take(std::size_t n) noexcept {
        if (n > bytes_.size() - pos_) return std::nullopt;
        const auto out = bytes_.substr(pos_, n);
        pos_ += n;
        return out;
    }

private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

struct Header {
    char version = 0;
    std::size_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

std::optional<Header> read_header(Reader& r) {
    const auto magic = r.take(4);
    if (!magic || *magic != "TZif") return std::nullopt;
    const auto version = r.take(1);
    if (!version || !r.skip(15)) return std::nullopt;
    Header h;
    h.version = version->front();
    std::size_t* fields[] = {&h.isut, &h.isstd, &h.leap, &h.time, &h.type, &h.chars};
    for (auto* field : fields) {
        const auto v = r.be(4);
        if (!v || *v < 0 || *v > 1'000'000) return std::nullopt;
        *field = static_cast<std::size_t>(*v);
    }
    if (h.type == 0) return std::nullopt;
    return h;
}

std::size_t data_size(const Header& h, std::size_t time_width) {
    return h.time * time_width + h.time + h.type * 6 + h.chars + h.leap * (time_width + 4) +
           h.isstd + h.isut;
}

std::shared_ptr<const ZoneRules> read_data(Reader& r, const Header& h, std::size_t time_width) {
    std::vector<sys_seconds> times;
    for (std::size_t i = 0; i < h.time; ++i) {
        const auto t = r.be(time_width);
        if (!t) return nullptr;
        times.push_back(std::max(sys_seconds{seconds{*t}}, min_seconds));
    }
    std::vector<std::size_t> indices;
    for (std::size_t i = 0; i < h.time; ++i) {
        const auto idx = r.be(1);
        if (!idx) return nullptr;
        indices.push_back(static_cast<std::size_t>(*idx & 0xFF));
        if (indices.back() >= h.type) return nullptr;
    }
    struct Type {
        seconds offset;
        bool dst;
        std::size_t abbrev_at;
    };
    std::vector<Type> types;
    for (std::size_t i = 0; i < h.type; ++i) {
        const auto offset = r.be(4);
        const auto dst = r.be(1);
        const auto at = r.be(1);
        if (!offset || !dst || !at) return nullptr;
        types.push_back({seconds{*offset}, *dst != 0, static_cast<std::size_t>(*at & 0xFF)});
    }
    const auto chars = r.take(h.chars);
    if (!chars) return nullptr;
    const auto abbrev = [&](const Type& t) -> std::optional<std::string> {
        if (t.abbrev_at >= chars->size()) return std::nullopt;
        const auto rest = chars->substr(t.abbrev_at);
        return std::string(rest.substr(0, rest.find('\0')));
    };

    auto rules = std::make_shared<ZoneRules>();
    const auto add = [&](sys_seconds begin, const Type& t) {
        auto a = abbrev(t);
        if (!a) return false;
        rules->periods.push_back({begin, t.offset, t.dst, std::move(*a)});
        return true;
    };
    if (times.empty() || times.front() != min_seconds) {
        // Before the first transition: the first standard-time type, as date does.
        const auto standard = std::find_if(types.begin(), types.end(),
                                           [](const Type& t) { return !t.dst; });
        if (!add(min_seconds, standard != types.end() ? *standard : types.front())) return nullptr;
    }
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (!add(times[i], types[indices[i]])) return nullptr;
    }
    // Transitions that change nothing are dropped (date does the same).
    const auto same = [](const ZoneRules::Period& a, const ZoneRules::Period& b) {
        return a.offset == b.offset && a.dst == b.dst && a.abbrev == b.abbrev;
    };
    rules->periods.erase(std::unique(rules->periods.begin(), rules->periods.end(), same),
                         rules->periods.end());
    return rules;
}

}  // namespace

const ZoneRules::Period& ZoneRules::at(sys_seconds t) const noexcept {
    auto it = std::upper_bound(periods.begin(), periods.end(), t,
                               [](sys_seconds x, const Period& p) { return x < p.begin; });
    return it == periods.begin() ? periods.front() : *std::prev(it);
}

bool plausible_zone_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') {
        return false;
    }
    const auto allowed = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-' || c == '+' || c == '.' || c == '/';
    };
    if (!std::all_of(name.begin(), name.end(), allowed)) return false;
    std::size_t start = 0;
    for (bool first = true;; first = false) {
        const auto slash = name.find('/', start);
        const auto part = name.substr(start, slash == std::string_view::npos ? name.npos
                                                                             : slash - start);
        if (part.empty() || part.front() == '.') return false;
        if (first && (part.substr(0, 5) == "posix" || part == "right" || part == "Factory")) {
            return false;
        }
        if (slash == std::string_view::npos) return true;
        start = slash + 1;
    }
}

std::shared_ptr<const ZoneRules> read_zone_file(const std::filesystem::path& dir,
                                                std::string_view name) {
    if (!plausible_zone_name(name)) return nullptr;
    std::ifstream in(dir / std::filesystem::path(name), std::ios::binary);
    if (!in) return nullptr;
    std::string bytes;
    char chunk[4096];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (bytes.size() > (1U << 20)) return nullptr;  // zone files are a few KiB
    }
    Reader r(bytes);
    const auto v1 = read_header(r);
    if (!v1) return nullptr;
    if (v1->version == '\0') return read_data(r, *v1, 4);
    // Version 2+: skip the 32-bit block; the 64-bit one follows with its own header.
    if (!r.skip(data_size(*v1, 4))) return nullptr;
    const auto v2 = read_header(r);
    if (!v2) return nullptr;
    return read_data(r, *v2, 8);
}

std::vector<std::string> zone_names(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto name = it->path().lexically_relative(dir).generic_string();
        if (!plausible_zone_name(name)) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        char magic[4] = {};
        std::ifstream in(it->path(), std::ios::binary);
        if (in.read(magic, sizeof magic) && std::string_view(magic, sizeof magic) == "TZif") {
            out.push_back(name);
        }
    }
    return out;
}

}  // namespace incident::detail
