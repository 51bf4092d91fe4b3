#include "incident/time.hpp"

#include <date/date.h>
#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "zone_file.hpp"

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
    if (auto rules = detail::read_zone_file(detail::zoneinfo_dir(), name)) {
        return Zone{std::string(name), std::move(rules)};
    }
    return std::nullopt;
}

std::optional<Zone> Zone::system() {
    // /etc/localtime is normally a link into the zoneinfo directory, which names the zone.
    std::error_code ec;
    const auto target = std::filesystem::read_symlink("/etc/localtime", ec).string();
    const auto at = target.find("zoneinfo/");
    if (!ec && at != std::string::npos) {
        if (auto zone = locate(std::string_view(target).substr(at + 9))) return zone;
    }
    // Debian also names it in /etc/timezone (e.g. when /etc/localtime is a copy).
    std::ifstream file("/etc/timezone");
    std::string name;
    if (file >> name) return locate(name);
    return std::nullopt;
}

std::vector<std::string> Zone::names() {
    auto out = detail::zone_names(detail::zoneinfo_dir());
    out.emplace_back("UTC");
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

Zone::Local Zone::to_local(Instant instant) const {
    const auto whole = std::chrono::floor<seconds>(instant);
    if (rules_ == nullptr) {
        return {std::chrono::local_seconds{whole.time_since_epoch()}, seconds{0}, "UTC"};
    }
    const auto& period = rules_->at(whole);
    return {std::chrono::local_seconds{whole.time_since_epoch() + period.offset}, period.offset,
            period.abbrev};
}

Zone::Resolved Zone::from_local(std::chrono::local_seconds local) const {
    if (rules_ == nullptr) {
        return {LocalKind::unique, Instant{local.time_since_epoch()}};
    }
    // The wall time maps into at most two periods next to the one containing it read as UTC.
    const auto& periods = rules_->periods;
    const auto as_utc = Instant{local.time_since_epoch()};
    const auto k = static_cast<std::size_t>(
        &rules_->at(std::chrono::sys_seconds{local.time_since_epoch()}) - periods.data());
    const auto end_of = [&](std::size_t i) {
        return i + 1 < periods.size() ? Instant{periods[i + 1].begin} : Instant::max();
    };
    std::optional<Instant> first;
    std::optional<Instant> last;
    std::optional<Instant> before_gap;
    Instant gap_end = as_utc;
    int matches = 0;
    for (std::size_t i = k == 0 ? 0 : k - 1; i <= k + 1 && i < periods.size(); ++i) {
        const Instant t = as_utc - periods[i].offset;
        if (t >= periods[i].begin && t < end_of(i)) {
            if (!first) first = t;
            last = t;
            ++matches;
        } else if (t >= end_of(i)) {
            before_gap = t;  // too late for period i: a gap follows it
            gap_end = end_of(i);
        }
    }
    if (matches == 1) return {LocalKind::unique, *first};
    if (matches > 1) return {LocalKind::ambiguous, *first, *last};
    return {LocalKind::nonexistent, before_gap.value_or(as_utc), gap_end};
}

Parsed<Instant> parse_time(std::string_view text, const Zone& zone) {
    // Only a message needs it (a journal's import parses hundreds of thousands of times).
    const auto quoted = [text] { return fmt::format("\"{}\"", text); };
    Scanner s(text);
    const auto year = s.digits(4);
    if (!year || !s.take('-'))
        return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
    const auto month = s.digits(2);
    if (!month || !s.take('-'))
        return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
    const auto day = s.digits(2);
    if (!day) return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
    if (!s.take(' ') && !s.take('T')) {
        return fmt::format("cannot read time {}: a time of day is required; {}", quoted(),
                           expected_formats);
    }
    const auto hour = s.digits(2);
    if (!hour || !s.take(':'))
        return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
    const auto minute = s.digits(2);
    if (!minute) return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
    int second = 0;
    std::chrono::milliseconds fraction{0};
    if (s.take(':')) {
        const auto sec = s.digits(2);
        if (!sec) return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
        second = *sec;
        if (s.take('.') || s.take(',')) {
            // The journal keeps milliseconds; finer digits are cut off, not rounded.
            if (!s.at_digit())
                return fmt::format("cannot read time {}: {}", quoted(), expected_formats);
            int scale = 100;
            while (s.at_digit()) {
                const int digit = *s.digits(1);
                fraction += std::chrono::milliseconds{digit * scale};
                scale /= 10;
            }
        }
    }
    std::optional<seconds> offset;
    if (s.take('Z') || s.take('z')) {
        offset = seconds{0};
    } else if (s.peek('+') || s.peek('-')) {
        const int sign = s.take('-') ? -1 : (s.take('+'), 1);
        const auto oh = s.digits(2);
        if (!oh) return fmt::format("cannot read time {}: bad UTC offset", quoted());
        int om = 0;
        if (s.take(':')) {
            const auto m = s.digits(2);
            if (!m) return fmt::format("cannot read time {}: bad UTC offset", quoted());
            om = *m;
        } else if (s.at_digit()) {
            const auto m = s.digits(2);
            if (!m) return fmt::format("cannot read time {}: bad UTC offset", quoted());
            om = *m;
        }
        if (*oh > 23 || om > 59)
            return fmt::format("cannot read time {}: bad UTC offset", quoted());
        offset = seconds{sign * (*oh * 3600 + om * 60)};
    }
    if (!s.done()) {
        return fmt::format("cannot read time {}: unexpected \"{}\" at the end", quoted(), s.rest());
    }

    const date::year_month_day ymd{date::year{*year}, date::month{static_cast<unsigned>(*month)},
                                   date::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) return fmt::format("invalid date in {}: no such day", quoted());
    // Incidents happen after 1970; an earlier instant is a typo (and year 0 can't be written
    // back). The instant counts: 1969-12-31 20:00 in New York is 1970-01-01T01:00Z.
    const auto before_1970 = [&] {
        return fmt::format("invalid date in {}: the time is before 1970", quoted());
    };
    if (*hour > 23 || *minute > 59 || second > 59) {
        return fmt::format("invalid time of day in {}", quoted());
    }
    const auto days = date::sys_days{ymd}.time_since_epoch();
    const auto since_midnight =
        std::chrono::hours{*hour} + std::chrono::minutes{*minute} + seconds{second};
    const seconds local_count = days + since_midnight;
    if (offset) {
        const Instant instant{local_count - *offset + fraction};
        if (instant.time_since_epoch() < seconds::zero()) return before_1970();
        return instant;
    }

    const auto resolved = zone.from_local(std::chrono::local_seconds{local_count});
    switch (resolved.kind) {
        case Zone::LocalKind::unique:
            if (resolved.instant.time_since_epoch() < seconds::zero()) return before_1970();
            return resolved.instant + fraction;
        case Zone::LocalKind::nonexistent: {
            const auto change = resolved.other;
            return fmt::format(
                "{} does not exist in {}: the clocks skip it at a daylight saving change; the "
                "valid times either side are {} and {}",
                quoted(), zone.name(), format_for_message(change - seconds{1}, zone),
                format_for_message(change, zone));
        }
        case Zone::LocalKind::ambiguous:
            break;
    }
    const auto abbrev = [&](Instant t) { return zone.to_local(t).abbrev; };
    return fmt::format(
        "{} happens twice in {} (daylight saving ends); give the offset: {} ({}) or {} ({})",
        quoted(), zone.name(), format_iso_local(resolved.instant, zone), abbrev(resolved.instant),
        format_iso_local(resolved.other, zone), abbrev(resolved.other));
}

namespace {

// Calendar fields of a local time, formatted with fmt: date::format builds an ostringstream
// (and its locale) per call, which dominated exporting a million updates.
struct Civil {
    int year;
    unsigned month, day;
    long hours, minutes, seconds;
};

Civil civil(std::chrono::local_seconds t) {
    const auto day = std::chrono::floor<date::days>(t);
    const date::year_month_day ymd{date::local_days{day.time_since_epoch()}};
    const auto in_day = (t - day).count();
    return {static_cast<int>(ymd.year()),
            static_cast<unsigned>(ymd.month()),
            static_cast<unsigned>(ymd.day()),
            in_day / 3600,
            in_day % 3600 / 60,
            in_day % 60};
}

// ".123" when the instant has milliseconds, else nothing: whole-second times read as before.
std::string millis_part(Instant instant) {
    const auto ms = (instant - std::chrono::floor<seconds>(instant)).count();
    return ms == 0 ? std::string() : fmt::format(FMT_COMPILE(".{:03}"), ms);
}

constexpr std::array<const char*, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::string format_posted(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    const auto c = civil(local.time);
    if (c.year < 0 || c.year > 9999) {
        return fmt::format(FMT_COMPILE("{} {:02}, {:04} - {:02}:{:02} {}"),
                           month_names[c.month - 1], c.day, c.year, c.hours, c.minutes,
                           local.abbrev);
    }
    // By hand: an export writes this line for every update, and fmt was 5% of one.
    const auto put2 = [](char* at, long v) {
        at[0] = static_cast<char>('0' + v / 10);
        at[1] = static_cast<char>('0' + v % 10);
    };
    char fixed[21];  // "Jul 01, 2019 - 18:30 "
    std::memcpy(fixed, month_names[c.month - 1], 3);
    fixed[3] = ' ';
    put2(fixed + 4, c.day);
    std::memcpy(fixed + 6, ", ", 2);
    put2(fixed + 8, c.year / 100);
    put2(fixed + 10, c.year % 100);
    std::memcpy(fixed + 12, " - ", 3);
    put2(fixed + 15, c.hours);
    fixed[17] = ':';
    put2(fixed + 18, c.minutes);
    fixed[20] = ' ';
    std::string out;
    out.reserve(sizeof fixed + local.abbrev.size());
    out.append(fixed, sizeof fixed).append(local.abbrev);
    return out;
}

std::string format_local(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    const auto c = civil(local.time);
    return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02} {:02}:{:02} {}"), c.year, c.month, c.day,
                       c.hours, c.minutes, local.abbrev);
}

std::string format_window(Instant from, Instant until, const Zone& zone) {
    const auto a = zone.to_local(from), b = zone.to_local(until);
    const auto ca = civil(a.time), cb = civil(b.time);
    if (ca.year == cb.year && ca.month == cb.month && ca.day == cb.day && a.abbrev == b.abbrev) {
        return fmt::format("{:04}-{:02}-{:02} {:02}:{:02} \u2013 {:02}:{:02} {}", ca.year, ca.month,
                           ca.day, ca.hours, ca.minutes, cb.hours, cb.minutes, a.abbrev);
    }
    return format_local(from, zone) + " \u2013 " + format_local(until, zone);
}

std::string format_posted_window(Instant from, Instant until, const Zone& zone) {
    const auto a = zone.to_local(from), b = zone.to_local(until);
    const auto ca = civil(a.time), cb = civil(b.time);
    if (ca.year == cb.year && ca.month == cb.month && ca.day == cb.day && a.abbrev == b.abbrev) {
        return fmt::format("{} {:02}, {:04} - {:02}:{:02} \u2013 {:02}:{:02} {}",
                           month_names[ca.month - 1], ca.day, ca.year, ca.hours, ca.minutes,
                           cb.hours, cb.minutes, a.abbrev);
    }
    return format_posted(from, zone) + " \u2013 " + format_posted(until, zone);
}

std::string format_for_message(Instant instant, const Zone& zone) {
    if (zone.is_utc()) return format_iso_utc(instant);
    const auto local = zone.to_local(instant);
    const auto c = civil(local.time);
    const auto seconds_part = c.seconds == 0 ? std::string() : fmt::format(":{:02}", c.seconds);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}{} {} ({})", c.year, c.month, c.day, c.hours,
                       c.minutes, seconds_part, local.abbrev, format_iso_utc(instant));
}

std::string format_iso_utc(Instant instant) {
    const auto whole = std::chrono::floor<seconds>(instant);
    const auto c = civil(std::chrono::local_seconds{whole.time_since_epoch()});
    return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z"), c.year, c.month,
                       c.day, c.hours, c.minutes, c.seconds, millis_part(instant));
}

std::string format_iso_local(Instant instant, const Zone& zone) {
    const auto local = zone.to_local(instant);
    const auto c = civil(local.time);
    const auto total = local.offset.count();
    // Local mean time offsets (before ~1900) have seconds, which RFC 3339 cannot write.
    if (total % 60 != 0) return format_iso_utc(instant);
    const auto magnitude = total < 0 ? -total : total;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{}{:02}:{:02}", c.year, c.month, c.day,
                       c.hours, c.minutes, c.seconds, millis_part(instant), total < 0 ? '-' : '+',
                       magnitude / 3600, (magnitude % 3600) / 60);
}

std::string format_date(Instant instant, const Zone& zone) {
    const auto c = civil(zone.to_local(instant).time);
    return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::chrono::year_month_day local_day(Instant instant, const Zone& zone) {
    const auto c = civil(zone.to_local(instant).time);
    return std::chrono::year_month_day{std::chrono::year{c.year}, std::chrono::month{c.month},
                                       std::chrono::day{c.day}};
}

Parsed<std::chrono::year_month_day> parse_day(std::string_view text) {
    const auto fail = [&] {
        return fmt::format("cannot read day \"{}\": expected YYYY-MM-DD", text);
    };
    Scanner s(text);
    const auto year = s.digits(4);
    if (!year || !s.take('-')) return fail();
    const auto month = s.digits(2);
    if (!month || !s.take('-')) return fail();
    const auto day = s.digits(2);
    if (!day || !s.done()) return fail();
    const std::chrono::year_month_day ymd{std::chrono::year{*year},
                                          std::chrono::month{static_cast<unsigned>(*month)},
                                          std::chrono::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) return fmt::format("invalid date \"{}\": no such day", text);
    if (*year < 1970) return fmt::format("invalid date \"{}\": the day is before 1970", text);
    return ymd;
}

std::string format_day(std::chrono::year_month_day day) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(day.year()),
                       static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
}

std::string format_posted_day(std::chrono::year_month_day day) {
    return fmt::format("{} {:02}, {:04}", month_names[static_cast<unsigned>(day.month()) - 1],
                       static_cast<unsigned>(day.day()), static_cast<int>(day.year()));
}

std::string format_regarding_day(Instant instant, const Zone& zone, int current_year) {
    static constexpr std::array<const char*, 12> full_names{
        "January", "February", "March",     "April",   "May",      "June",
        "July",    "August",   "September", "October", "November", "December"};
    const auto c = civil(zone.to_local(instant).time);
    // 1st 2nd 3rd 4th ... 11th 12th 13th ... 21st 22nd 23rd ... 31st
    const char* suffix = (c.day / 10 == 1)   ? "th"
                         : (c.day % 10 == 1) ? "st"
                         : (c.day % 10 == 2) ? "nd"
                         : (c.day % 10 == 3) ? "rd"
                                             : "th";
    auto out = fmt::format("{} {}{}", full_names[c.month - 1], c.day, suffix);
    if (c.year != current_year) out += fmt::format(", {}", c.year);
    return out;
}

std::string format_duration(std::chrono::milliseconds duration) {
    auto total = std::chrono::round<seconds>(duration).count();
    if (total < 0) total = 0;
    // Past a year, days stop helping: "1y 3mo" with 365-day years and twelfths of them.
    constexpr long long year = 365LL * 86400, month = year / 12;
    if (total >= year) {
        const long long y = total / year, mo = (total % year) / month;
        return mo > 0 ? fmt::format("{}y {}mo", y, mo) : fmt::format("{}y", y);
    }
    const long long d = total / 86400, h = (total % 86400) / 3600, m = (total % 3600) / 60,
                    s = total % 60;
    if (d > 0) return h > 0 ? fmt::format("{}d {}h", d, h) : fmt::format("{}d", d);
    if (h > 0) return m > 0 ? fmt::format("{}h {}m", h, m) : fmt::format("{}h", h);
    if (m > 0) return s > 0 ? fmt::format("{}m {}s", m, s) : fmt::format("{}m", m);
    return fmt::format("{}s", s);
}

}  // namespace incident
