#include "io.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "incident/errors.hpp"
#include "incident/text.hpp"

namespace incident::cli {
namespace {

std::string read_stream(std::istream& in, const std::string& name) {
    std::string data;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_body_bytes) {
            throw UsageError(fmt::format("{} is larger than the {} MiB limit", name,
                                         max_body_bytes / (1024 * 1024)));
        }
    }
    if (in.bad()) throw Error(ExitCode::failure, fmt::format("cannot read {}", name));
    return data;
}

}  // namespace

void declare_message(CLI::App& app, MessageSource& source, const std::string& what) {
    auto* text = app.add_option("message", source.text, what)->type_name("MESSAGE");
    // `what` reads as a sentence start ("The update's message"); mid-sentence it is lower case.
    std::string object = what;
    if (!object.empty()) {
        object.front() =
            static_cast<char>(std::tolower(static_cast<unsigned char>(object.front())));
    }
    auto* file = app.add_option("-F,--file", source.file,
                                "Read " + object + " from FILE (\"-\" for standard input)")
                     ->type_name("FILE");
    text->excludes(file);
}

std::optional<std::string> read_message(const MessageSource& source, const Context& ctx) {
    std::string raw;
    std::string name = "the message";
    if (source.text) {
        raw = *source.text;
    } else if (source.file) {
        if (*source.file == "-") {
            name = "standard input";
            raw = read_stream(ctx.in(), name);
        } else {
            name = fmt::format("file \"{}\"", *source.file);
            // The reason matters ("No such file or directory", "Permission denied", ...); a
            // directory opens fine and only fails to read, so it is named up front.
            std::error_code ec;
            if (std::filesystem::is_directory(*source.file, ec)) {
                throw Error(ExitCode::failure,
                            fmt::format("cannot read {}: {}", name, std::strerror(EISDIR)));
            }
            std::ifstream in(*source.file, std::ios::binary);
            if (!in) {
                throw Error(ExitCode::failure,
                            fmt::format("cannot open {}: {}", name, std::strerror(errno)));
            }
            raw = read_stream(in, name);
        }
    } else {
        return std::nullopt;
    }
    const auto body = std::string(trim_end(raw));
    if (trim(body).empty()) throw UsageError(fmt::format("{} is empty", name));
    if (auto problem = check_user_text(name, body, max_body_bytes)) throw UsageError(*problem);
    return body;
}

void declare_status(CLI::App& app, std::optional<std::string>& status, const std::string& allowed) {
    app.add_option("--status", status, "Status: " + allowed)->type_name("STATUS");
}
void declare_impact(CLI::App& app, std::optional<std::string>& impact) {
    app.add_option("--impact", impact, "Impact: none|minor|major|critical")->type_name("IMPACT");
}
void declare_components(CLI::App& app, std::vector<std::string>& components, bool statuses) {
    if (!statuses) {
        // A maintenance's components follow its status (under maintenance while in progress).
        app.add_option("--component", components,
                       "Affected component as \"Group/Component\"; repeatable")
            ->type_name("GROUP/NAME")
            ->allow_extra_args(false);
        return;
    }
    app.add_option("--component", components,
                   "Affected component as \"Group/Component\", or \"Group/Component=STATUS\" "
                   "to set its status too (operational, degraded_performance, partial_outage, "
                   "major_outage, under_maintenance); repeatable")
        ->type_name("GROUP/NAME[=STATUS]")
        ->allow_extra_args(false);
}
void declare_at(CLI::App& app, std::optional<std::string>& at, const std::string& what) {
    app.add_option("--at", at,
                   what +
                       " time: \"YYYY-MM-DD HH:MM[:SS]\" in the journal's zone, or ISO 8601 "
                       "with Z/offset (default: now)")
        ->type_name("TIME");
}
void declare_author(CLI::App& app, std::optional<std::string>& author) {
    app.add_option("--author", author, "Who posts it (default: your login name)")
        ->type_name("NAME");
}
void declare_key(CLI::App& app, std::optional<std::string>& key) {
    app.add_option("--key", key, "Idempotency key: the same key twice records once")
        ->type_name("KEY");
}

void declare_range(CLI::App& app, TimeRange& range) {
    app.add_option("--since", range.since, "Only incidents opened at or after TIME (or a date)")
        ->type_name("TIME");
    app.add_option("--until", range.until, "Only incidents opened before TIME (or a date)")
        ->type_name("TIME");
}

void apply_range(const TimeRange& range, const Zone& zone, const Context& ctx,
                 IncidentFilter& filter) {
    const auto bound = [&](const std::string& option, const std::string& text) {
        const bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
        return ctx.parse_at(date_only ? text + " 00:00" : text, zone, option);
    };
    if (range.since) filter.since = bound("--since", *range.since);
    if (range.until) filter.until = bound("--until", *range.until);
    if (filter.since && filter.until && *filter.since > *filter.until) {
        throw UsageError(fmt::format("--since {} is after --until {}", visible(*range.since),
                                     visible(*range.until)));
    }
}

CLI::Validator count_validator() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const bool digits =
                !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
            if (digits) {
                const auto first = text.find_first_not_of('0');
                text = first == std::string::npos ? "0" : text.substr(first);
                return {};
            }
            if (!text.empty() && text.front() == '-') {
                return fmt::format("must be 0 or more, not \"{}\"", visible(text));
            }
            return {};  // not a number: CLI11's conversion reports it
        },
        "");
}

void declare_tz(CLI::App& app, std::optional<std::string>& tz) {
    app.add_option("--tz", tz, "Show times in ZONE (IANA name; default: the journal's zone)")
        ->type_name("ZONE");
}

Zone report_zone(const std::optional<std::string>& tz, const ReadStore& store, const Context& ctx) {
    if (!tz) return ctx.zone(store);
    const auto z = Zone::locate(*tz);
    if (!z) {
        throw UsageError(
            fmt::format("--tz: \"{}\" is not a known IANA time zone (e.g. Europe/Stockholm, UTC)",
                        visible(*tz)));
    }
    return *z;
}

render::ReportContext report_context(const ReadStore& store, const Context& ctx, const Zone& zone) {
    render::ReportContext context;
    context.zone = zone;
    context.page_name = store.config("name").value_or("");
    context.page_id = store.config("page_id").value_or("");
    context.page_url = store.config("page_url").value_or("");
    context.generated_at = ctx.now();
    context.last_change = store.last_change();
    return context;
}

IncidentId parse_id(const std::string& text) {
    IncidentId id = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || ptr != end || id <= 0) {
        throw UsageError(
            fmt::format("incident id must be a positive whole number, not \"{}\"", visible(text)));
    }
    return id;
}

std::optional<Status> parse_status_option(const std::optional<std::string>& text, bool opening) {
    if (!text) return std::nullopt;
    if (auto s = parse_status(*text)) return s;
    // An opening status cannot be resolved: offer only the words open accepts. An update's
    // may be a maintenance's too (the journal checks which the incident takes).
    std::vector<std::string> words;
    for (const auto s :
         {Status::investigating, Status::identified, Status::monitoring, Status::resolved,
          Status::scheduled, Status::in_progress, Status::verifying, Status::completed}) {
        if (opening && (s == Status::resolved || s >= Status::scheduled)) continue;
        words.emplace_back(to_string(s));
    }
    throw UsageError(fmt::format("unknown status \"{}\"; use one of: {}{}", visible(*text),
                                 fmt::join(words, ", "), did_you_mean(*text, words)));
}

StatusFilter parse_status_filter(const std::string& text) {
    if (text == "open") return StatusFilter::open;
    if (text == "resolved") return StatusFilter::resolved;
    if (text == "all") return StatusFilter::all;
    throw UsageError(fmt::format("--status must be open, resolved or all, not \"{}\"{}",
                                 visible(text), did_you_mean(text, {"open", "resolved", "all"})));
}

std::optional<Impact> parse_impact_option(const std::optional<std::string>& text) {
    if (!text) return std::nullopt;
    if (auto i = parse_impact(*text)) return i;
    const std::vector<std::string> words{"none", "minor", "major", "critical"};
    throw UsageError(fmt::format("unknown impact \"{}\"; use one of: {}{}", visible(*text),
                                 fmt::join(words, ", "), did_you_mean(*text, words)));
}

std::vector<Component> parse_components(const std::vector<std::string>& texts) {
    std::vector<Component> out;
    for (const auto& text : texts) {
        if (auto problem = check_user_text("--component", text, max_name_bytes)) {
            throw UsageError(*problem);
        }
        const auto c = parse_component(text);
        if (!c) {
            throw UsageError(
                fmt::format("--component \"{}\": expected \"Group/Component\" or \"Component\"",
                            visible(text)));
        }
        if (std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
    }
    return out;
}

namespace {

bool looks_like_status(std::string_view word) {
    return std::all_of(word.begin(), word.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    });
}

std::vector<std::string> component_status_list() {
    std::vector<std::string> words;
    for (const auto s : {ComponentStatus::operational, ComponentStatus::degraded_performance,
                         ComponentStatus::partial_outage, ComponentStatus::major_outage,
                         ComponentStatus::under_maintenance}) {
        words.emplace_back(to_string(s));
    }
    return words;
}

}  // namespace

ComponentOptions parse_component_options(const std::vector<std::string>& texts) {
    ComponentOptions out;
    std::vector<std::string> plain;
    for (const auto& text : texts) {
        const auto eq = text.rfind('=');
        const auto word = eq == std::string::npos ? std::string_view()
                                                  : trim(std::string_view(text).substr(eq + 1));
        if (eq == std::string::npos || !looks_like_status(word)) {
            plain.push_back(text);
            continue;
        }
        const auto words = component_status_list();
        const auto status = parse_component_status(word);
        if (!status) {
            throw UsageError(fmt::format(
                "--component \"{}\": {}; use one of: {}{}", visible(text),
                word.empty() ? std::string("no status after \"=\"")
                             : fmt::format("unknown component status \"{}\"", visible(word)),
                fmt::join(words, ", "), did_you_mean(word, words)));
        }
        const auto named = parse_components({text.substr(0, eq)});
        const ComponentSetting setting{named.front(), *status};
        const auto same = std::find_if(
            out.settings.begin(), out.settings.end(),
            [&](const ComponentSetting& s) { return s.component == setting.component; });
        // The same setting twice is one; two statuses for one component are the journal's
        // to refuse.
        if (same == out.settings.end() || same->status != setting.status) {
            out.settings.push_back(setting);
        }
    }
    out.components = parse_components(plain);
    return out;
}

std::string check_title(const std::string& title) {
    return incident::check_title(title);
}

void declare_marks(CLI::App& app, std::vector<std::string>& marks) {
    app.add_option("--mark", marks,
                   "detected|acknowledged|mitigated: a milestone the team reached at this time "
                   "(repeatable)")
        ->type_name("MILESTONE")
        ->allow_extra_args(false);
}

std::vector<Milestone> parse_marks(const std::vector<std::string>& texts) {
    const std::vector<std::string> words{"detected", "acknowledged", "mitigated"};
    std::vector<Milestone> out;
    for (const auto& text : texts) {
        const auto m = parse_milestone(text);
        if (m == Milestone::started) {
            throw UsageError(
                "--mark started: the start is when the impact began, not this update; give "
                "open --started-at TIME, or incident mark ID started --at TIME");
        }
        if (!m) {
            throw UsageError(fmt::format("--mark: unknown milestone \"{}\"; use one of: {}{}",
                                         visible(text), fmt::join(words, ", "),
                                         did_you_mean(text, words)));
        }
        if (std::find(out.begin(), out.end(), *m) == out.end()) out.push_back(*m);
    }
    return out;
}

Milestone parse_milestone_word(const std::string& text) {
    if (const auto m = parse_milestone(text)) return *m;
    const std::vector<std::string> words{"started", "detected", "acknowledged", "mitigated"};
    throw UsageError(fmt::format("unknown milestone \"{}\"; use one of: {}{}", visible(text),
                                 fmt::join(words, ", "), did_you_mean(text, words)));
}

ActionId parse_action_id(const std::string& text) {
    ActionId id = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || ptr != end || id <= 0) {
        throw UsageError(
            fmt::format("action id must be a positive whole number, not \"{}\"", visible(text)));
    }
    return id;
}

std::chrono::year_month_day parse_due(const std::string& text) {
    const auto parsed = parse_day(text);
    if (const auto* error = std::get_if<std::string>(&parsed)) {
        throw UsageError(fmt::format("--due: {}", *error));
    }
    return std::get<std::chrono::year_month_day>(parsed);
}

std::optional<std::string> check_key(const std::optional<std::string>& key) {
    if (!key) return std::nullopt;
    if (trim(*key).empty()) throw UsageError("--key is empty");
    if (auto problem = check_user_text("--key", *key, 256)) throw UsageError(*problem);
    return key;
}

}  // namespace incident::cli
