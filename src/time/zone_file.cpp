#include "zone_file.hpp"

#include <date/date.h>

#include <algorithm>
#include <cstdlib>
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

std::shared_ptr<ZoneRules> read_data(Reader& r, const Header& h, std::size_t time_width) {
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
        const auto standard =
            std::find_if(types.begin(), types.end(), [](const Type& t) { return !t.dst; });
        if (!add(min_seconds, standard != types.end() ? *standard : types.front())) return nullptr;
    }
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (!add(times[i], types[indices[i]])) return nullptr;
    }
    // Leap seconds and the standard/UT indicators are not used; skip to the footer.
    if (!r.skip(h.leap * (time_width + 4) + h.isstd + h.isut)) return nullptr;
    return rules;
}

// Transitions that change nothing are dropped (date does the same).
void drop_repeats(ZoneRules& rules) {
    const auto same = [](const ZoneRules::Period& a, const ZoneRules::Period& b) {
        return a.offset == b.offset && a.dst == b.dst && a.abbrev == b.abbrev;
    };
    rules.periods.erase(std::unique(rules.periods.begin(), rules.periods.end(), same),
                        rules.periods.end());
}

// The footer of a version 2+ file: a POSIX TZ string (RFC 8536 section 3.3) giving the rule
// after the last transition, e.g. "CET-1CEST,M3.5.0,M10.5.0/3" or "<+03>-3".
struct PosixTz {
    struct Date {
        char kind = 'M';  // 'J': day 1-365 without Feb 29; 'n': day 0-365; 'M': month.week.day
        int day = 0, month = 0, week = 0;
        seconds time{7200};  // local wall time of the change, default 02:00
    };
    std::string std_abbrev, dst_abbrev;
    seconds std_offset{0}, dst_offset{0};  // east of UTC, unlike POSIX's sign
    bool has_dst = false;
    Date start, end;
};

class PosixScanner {
  public:
    explicit PosixScanner(std::string_view text) : text_(text) {}
    bool done() const noexcept { return pos_ == text_.size(); }
    bool take(char c) noexcept {
        if (pos_ == text_.size() || text_[pos_] != c) return false;
        ++pos_;
        return true;
    }
    bool at_offset() const noexcept {
        if (pos_ == text_.size()) return false;
        const char c = text_[pos_];
        return c == '+' || c == '-' || (c >= '0' && c <= '9');
    }
    std::optional<int> number(int max) noexcept {
        int v = 0;
        const auto begin = pos_;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9' && v <= max) {
            v = v * 10 + (text_[pos_++] - '0');
        }
        if (pos_ == begin || v > max) return std::nullopt;
        return v;
    }
    // An abbreviation: three or more letters, or <...> of letters, digits, '+' and '-'.
    std::optional<std::string> abbrev() {
        const auto begin = pos_;
        if (take('<')) {
            while (pos_ < text_.size() && text_[pos_] != '>') ++pos_;
            if (pos_ == text_.size() || pos_ - begin < 4) return std::nullopt;
            ++pos_;
            return std::string(text_.substr(begin + 1, pos_ - begin - 2));
        }
        while (pos_ < text_.size() && ((text_[pos_] >= 'A' && text_[pos_] <= 'Z') ||
                                       (text_[pos_] >= 'a' && text_[pos_] <= 'z'))) {
            ++pos_;
        }
        if (pos_ - begin < 3) return std::nullopt;
        return std::string(text_.substr(begin, pos_ - begin));
    }
    // [+-]hh[:mm[:ss]], hours up to `max_hours`.
    std::optional<seconds> duration(int max_hours) {
        const int sign = take('-') ? -1 : (take('+'), 1);
        const auto h = number(max_hours);
        if (!h) return std::nullopt;
        int total = *h * 3600;
        if (take(':')) {
            const auto m = number(59);
            if (!m) return std::nullopt;
            total += *m * 60;
            if (take(':')) {
                const auto sec = number(59);
                if (!sec) return std::nullopt;
                total += *sec;
            }
        }
        return seconds{sign * total};
    }
    std::optional<PosixTz::Date> date() {
        PosixTz::Date d;
        if (take('J')) {
            d.kind = 'J';
            const auto n = number(365);
            if (!n || *n < 1) return std::nullopt;
            d.day = *n;
        } else if (take('M')) {
            const auto m = number(12);
            if (!m || *m < 1 || !take('.')) return std::nullopt;
            const auto w = number(5);
            if (!w || *w < 1 || !take('.')) return std::nullopt;
            const auto wd = number(6);
            if (!wd) return std::nullopt;
            d.month = *m;
            d.week = *w;
            d.day = *wd;
        } else {
            d.kind = 'n';
            const auto n = number(365);
            if (!n) return std::nullopt;
            d.day = *n;
        }
        if (take('/')) {
            const auto t = duration(167);
            if (!t) return std::nullopt;
            d.time = *t;
        }
        return d;
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

std::optional<PosixTz> parse_posix_tz(std::string_view text) {
    PosixScanner s(text);
    PosixTz tz;
    auto std_abbrev = s.abbrev();
    const auto std_offset = std_abbrev ? s.duration(24) : std::nullopt;
    if (!std_offset) return std::nullopt;
    tz.std_abbrev = std::move(*std_abbrev);
    tz.std_offset = -*std_offset;
    if (s.done()) return tz;
    auto dst_abbrev = s.abbrev();
    if (!dst_abbrev) return std::nullopt;
    tz.has_dst = true;
    tz.dst_abbrev = std::move(*dst_abbrev);
    tz.dst_offset = tz.std_offset + std::chrono::hours{1};
    if (s.at_offset()) {
        const auto offset = s.duration(24);
        if (!offset) return std::nullopt;
        tz.dst_offset = -*offset;
    }
    if (s.take(',')) {
        const auto start = s.date();
        if (!start || !s.take(',')) return std::nullopt;
        const auto end = s.date();
        if (!end) return std::nullopt;
        tz.start = *start;
        tz.end = *end;
    } else {
        // POSIX leaves the default rule to the implementation; glibc uses the US one.
        tz.start = {'M', 0, 3, 2, seconds{7200}};
        tz.end = {'M', 0, 11, 1, seconds{7200}};
    }
    return s.done() ? std::optional<PosixTz>(tz) : std::nullopt;
}

date::sys_days day_in(date::year y, const PosixTz::Date& d) {
    const date::sys_days jan1{y / date::January / 1};
    switch (d.kind) {
        case 'J':
            return jan1 + date::days{d.day - 1 + (y.is_leap() && d.day >= 60 ? 1 : 0)};
        case 'n':
            return jan1 + date::days{d.day};
        default:
            break;
    }
    const auto month = date::month{static_cast<unsigned>(d.month)};
    const date::weekday wd{static_cast<unsigned>(d.day)};
    if (d.week == 5) return date::sys_days{y / month / wd[date::last]};
    return date::sys_days{y / month / wd[static_cast<unsigned>(d.week)]};
}

// Periods are materialised up to this year, far past any incident; date's own reader stops
// at the last transition (2037 in fat files, often the 1990s or 2000s in slim ones).
constexpr int last_rule_year = 2500;

// Appends the footer rule's transitions after the last listed one.
void extend_with(ZoneRules& rules, const PosixTz& tz) {
    const auto last = rules.periods.back().begin;
    if (!tz.has_dst) return;  // the last period lasts forever
    const auto first_year = std::max(
        static_cast<int>(date::year_month_day{std::chrono::floor<date::days>(last)}.year()), 1900);
    struct Change {
        sys_seconds at;
        bool dst;
    };
    std::vector<Change> changes;
    for (int y = first_year; y <= last_rule_year; ++y) {
        const date::year year{y};
        const Change begin{sys_seconds{day_in(year, tz.start)} + tz.start.time - tz.std_offset,
                           true};
        const Change end{sys_seconds{day_in(year, tz.end)} + tz.end.time - tz.dst_offset, false};
        if (begin.at <= end.at) {
            changes.insert(changes.end(), {begin, end});
        } else {
            changes.insert(changes.end(), {end, begin});  // southern hemisphere
        }
    }
    // Year-round DST ends one year as it begins the next: the later entry wins.
    std::stable_sort(changes.begin(), changes.end(),
                     [](const Change& a, const Change& b) { return a.at < b.at; });
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const auto& c = changes[i];
        if (c.at <= last || (i + 1 < changes.size() && changes[i + 1].at == c.at)) continue;
        rules.periods.push_back(c.dst
                                    ? ZoneRules::Period{c.at, tz.dst_offset, true, tz.dst_abbrev}
                                    : ZoneRules::Period{c.at, tz.std_offset, false, tz.std_abbrev});
    }
}

}  // namespace

std::filesystem::path zoneinfo_dir() {
    const char* dir = std::getenv("TZDIR");
    return dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo";
}

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
        const auto part =
            name.substr(start, slash == std::string_view::npos ? name.npos : slash - start);
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
    if (v1->version == '\0') {
        auto rules = read_data(r, *v1, 4);
        if (rules) drop_repeats(*rules);
        return rules;
    }
    // Version 2+: skip the 32-bit block; the 64-bit one follows with its own header, then
    // the footer "\nTZ\n" that rules every instant after the last transition.
    if (!r.skip(data_size(*v1, 4))) return nullptr;
    const auto v2 = read_header(r);
    if (!v2) return nullptr;
    auto rules = read_data(r, *v2, 8);
    if (!rules) return nullptr;
    if (r.take(1) == std::optional<std::string_view>("\n")) {
        std::string footer;
        for (auto c = r.take(1); c && *c != "\n"; c = r.take(1)) footer += *c;
        if (!footer.empty()) {
            const auto tz = parse_posix_tz(footer);
            if (!tz) return nullptr;
            extend_with(*rules, *tz);
        }
    }
    drop_repeats(*rules);
    return rules;
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
