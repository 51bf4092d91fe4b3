#include "incident/time.hpp"

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

namespace incident {
namespace {

using std::chrono::seconds;

bool is_utc_name(std::string_view name) noexcept {
    return name == "UTC" || name == "Etc/UTC" || name == "Z" || name == "Etc/Zulu" ||
           name == "Zulu" || name == "UCT" || name == "Etc/UCT" || name == "GMT" ||
           name == "Etc/GMT" || name == "Universal" || name == "Etc/Universal";
}

// A cursor over the text being parsed; every read checks bounds.
class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {}
    bool done() const noexcept { return pos_ == text_.size(); }
    std::string_view rest() const noexcept { return text_.substr(pos_); }
    bool peek(char c) const noexcept { return pos_ < text_.size() && text_[pos_] == c; }
    bool take(char c) noexcept {
        if (!peek(c)) return false;
        ++pos_;
        return true;
    }
    // Exactly `count` ASCII digits.
    std::optional<int> digits(std::size_t count) noexcept {
        if (pos_ + count > text_.size()) return std::nullopt;
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char c = text_[pos_ + i];
            if (c < '0' || c > '9') return std::nullopt;
            value = value * 10 + (c - '0');
        }
        pos_ += count;
        return value;
    }
    bool at_digit() const noexcept {
        return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9';
    }

private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

const char* expected_formats =
    "expected \"YYYY-MM-DD HH:MM[:SS]\" in the journal's time zone, or ISO 8601 with Z or an "
    "offset (e.g. 2019-07-01T16:30:00Z)";

}  // namespace

std::optional<Zone> Zone::locate(std::string_view name) {
    if (!name.empty() && name.front() == ':') name.remove_prefix(1);  // POSIX "TZ=:Area/City"
    if (is_utc_name(name)) return Zone{};
    if (name.empty()) return std::nullopt;
    try {
        return Zone{std::string(name), date::locate_zone(name)};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::optional<Zone> Zone::system() {
    try {
        const auto* tz = date::current_zone();
        if (is_utc_name(tz->name())) return Zone{};
        return Zone{std::string(tz->name()), tz};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::vector<std::string> Zone::names() {
    std::vector<std::string> out;
    try {
        for (const auto& z : date::get_tzdb().zones) out.emplace_back(z.name());
    } catch (const std::exception&) {
        out.clear();
    }
    out.emplace_back("UTC");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Zone::Local Zone::to_local(Instant instant) const {
    if (tz_ == nullptr) {
        return {std::chrono::local_seconds{instant.time_since_epoch()}, seconds{0}, "UTC"};
    }
    const auto info = tz_->get_info(instant);
    return {std::chrono::local_seconds{instant.time_since_epoch() + info.offset}, info.offset,
            info.abbrev};
}

Zone::Resolved Zone::from_local(std::chrono::local_seconds local) const {
    if (tz_ == nullptr) {
        return {LocalKind::unique, Instant{local.time_since_epoch()}};
    }
    const date::local_seconds dl{local.time_since_epoch()};
    const auto info = tz_->get_info(dl);
    switch (info.result) {
        case date::local_info::unique:
            return {LocalKind::unique, Instant{local.time_since_epoch() - info.first.offset}};
        case date::local_info::nonexistent:
            return {LocalKind::nonexistent, Instant{local.time_since_epoch() - info.first.offset}};
        case date::local_info::ambiguous:
        default:
            return {LocalKind::ambiguous, Instant{local.time_since_epoch() - info.first.offset}};
    }
}

Parsed<Instant> parse_time(std::string_view text, const Zone& zone) {
    const std::string quoted = fmt::format("\"{}\"", text);
    Scanner s(text);
    const auto year = s.digits(4);
    if (!year || !s.take('-')) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
    const auto month = s.digits(2);
    if (!month || !s.take('-')) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
    const auto day = s.digits(2);
    if (!day) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
    if (!s.take(' ') && !s.take('T')) {
        return fmt::format("cannot read time {}: a time of day is required; {}", quoted,
                           expected_formats);
    }
    const auto hour = s.digits(2);
    if (!hour || !s.take(':')) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
    const auto minute = s.digits(2);
    if (!minute) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
    int second = 0;
    if (s.take(':')) {
        const auto sec = s.digits(2);
        if (!sec) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
        second = *sec;
        if (s.take('.') || s.take(',')) {
            // Fractions are accepted and dropped: the journal keeps whole seconds.
            if (!s.at_digit()) return fmt::format("cannot read time {}: {}", quoted, expected_formats);
            while (s.at_digit()) (void)s.digits(1);
        }
    }
    std::optional<seconds> offset;
    if (s.take('Z') || s.take('z')) {
        offset = seconds{0};
    } else if (s.peek('+') || s.peek('-')) {
        const int sign = s.take('-') ? -1 : (s.take('+'), 1);
        const auto oh = s.digits(2);
        if (!oh) return fmt::format("cannot read time {}: bad UTC offset", quoted);
        int om = 0;
        if (s.take(':')) {
            const auto m = s.digits(2);
            if (!m) return fmt::format("cannot read time {}: bad UTC offset", quoted);
            om = *m;
        } else if (s.at_digit()) {
            const auto m = s.digits(2);
            if (!m) return fmt::format("cannot read time {}: bad UTC offset", quoted);
            om = *m;
        }
        if (*oh > 23 || om > 59) return fmt::format("cannot read time {}: bad UTC offset", quoted);
        offset = seconds{sign * (*oh * 3600 + om * 60)};
    }
    if (!s.done()) {
        return fmt::format("cannot read time {}: unexpected \"{}\" at the end", quoted, s.rest());
    }

    const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                   date::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) return fmt::format("invalid date in {}: no such day", quoted);
    // Incidents happen after 1970; an earlier instant is a typo (and year 0 can't be written
    // back). The instant counts: 1969-12-31 20:00 in New York is 1970-01-01T01:00Z.
    const auto before_1970 = [&] {
        return fmt::format("invalid date in {}: the time is before 1970", quoted);
    };
    if (*hour > 23 || *minute > 59 || second > 59) {
        return fmt::format("invalid time of day in {}", quoted);
    }
    const auto days = date::sys_days{ymd}.time_since_epoch();
    const auto since_midnight = std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
                                seconds{second};
    const seconds local_count = days + since_midnight;
    if (offset) {
        const Instant instant{local_count - *offset};
        if (instant.time_since_epoch() < seconds::zero()) return before_1970();
        return instant;
    }

    const auto resolved = zone.from_local(std::chrono::local_seconds{local_count});
    switch (resolved.kind) {
        case Zone::LocalKind::unique:
            if (resolved.instant.time_since_epoch() < seconds::zero()) return before_1970();
            return resolved.instant;
        case Zone::LocalKind::nonexistent:
            return fmt::format(
                "{} does not exist in {}: the clocks skip it at a daylight saving change", quoted,
                zone.name());
        case Zone::LocalKind::ambiguous:
            break;
    }
    return fmt::format(
        "{} happens twice in {} (daylight saving ends); give the offset, e.g. {}", quoted,
        zone.name(), format_iso_local(resolved.instant, zone));
}

std::string format_posted(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    return date::format("%b %d, %Y - %H:%M ", date::local_seconds{local.time.time_since_epoch()}) +
           local.abbrev;
}

std::string format_local(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    return date::format("%Y-%m-%d %H:%M ", date::local_seconds{local.time.time_since_epoch()}) +
           local.abbrev;
}

std::string format_iso_utc(Instant instant) {
    return date::format("%Y-%m-%dT%H:%M:%SZ", date::sys_seconds{instant.time_since_epoch()});
}

std::string format_iso_local(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    const auto total = local.offset.count();
    // Local mean time offsets (before ~1900) have seconds, which RFC 3339 cannot write.
    if (total % 60 != 0) return format_iso_utc(instant);
    const auto magnitude = total < 0 ? -total : total;
    return date::format("%Y-%m-%dT%H:%M:%S", date::local_seconds{local.time.time_since_epoch()}) +
           fmt::format("{}{:02}:{:02}", total < 0 ? '-' : '+', magnitude / 3600,
                       (magnitude % 3600) / 60);
}

std::string format_date(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    return date::format("%Y-%m-%d", date::local_seconds{local.time.time_since_epoch()});
}

std::string format_duration(std::chrono::seconds duration) {
    auto total = duration.count();
    if (total < 0) total = 0;
    const long long d = total / 86400, h = (total % 86400) / 3600, m = (total % 3600) / 60,
                    s = total % 60;
    if (d > 0) return h > 0 ? fmt::format("{}d {}h", d, h) : fmt::format("{}d", d);
    if (h > 0) return m > 0 ? fmt::format("{}h {}m", h, m) : fmt::format("{}h", h);
    if (m > 0) return s > 0 ? fmt::format("{}m {}s", m, s) : fmt::format("{}m", m);
    return fmt::format("{}s", s);
}

}  // namespace incident
