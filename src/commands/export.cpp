#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "cli/atomic_file.hpp"
#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/journal.hpp"
#include "incident/report.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct ExportOptions {
    std::vector<std::string> ids;
    std::string format = "md";
    std::optional<std::string> output;
    std::optional<std::string> since;
    std::optional<std::string> until;
    std::optional<std::string> tz;
};

// A bound may also be a bare date, meaning the start of that day.
Instant parse_bound(const std::string& option, const std::string& text, const Zone& zone) {
    const bool date_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
    auto parsed = parse_time(date_only ? text + " 00:00" : text, zone);
    if (auto* error = std::get_if<std::string>(&parsed)) throw UsageError(option + ": " + *error);
    return std::get<Instant>(parsed);
}

// Everything is checked before the first byte is written, so a bad request never leaves a
// half report on stdout and never touches the -o file.
int run_export(const ExportOptions& o, const ReadStore& store, const cli::Context& ctx) {
    const auto format = render::parse_report_format(o.format);
    if (!format) {
        throw UsageError(fmt::format("unknown format \"{}\"; use md, html, json or atom",
                                     visible(o.format)));
    }
    Zone zone = Zone::utc();
    if (o.tz) {
        const auto z = Zone::locate(*o.tz);
        if (!z) {
            throw UsageError(fmt::format(
                "--tz: \"{}\" is not a known IANA time zone (e.g. Europe/Stockholm, UTC)",
                visible(*o.tz)));
        }
        zone = *z;
    } else {
        zone = ctx.zone(store);
    }

    IncidentFilter filter;
    // Bounds are read in the report's zone, so --tz and --since agree on where a day starts.
    if (o.since) filter.since = parse_bound("--since", *o.since, zone);
    if (o.until) filter.until = parse_bound("--until", *o.until, zone);
    for (const auto& text : o.ids) {
        const auto id = cli::parse_id(text);
        if (std::find(filter.ids.begin(), filter.ids.end(), id) == filter.ids.end()) {
            filter.ids.push_back(id);
        }
    }
    for (const auto id : filter.ids) (void)require_incident(store, id);

    render::ReportContext context;
    context.zone = zone;
    context.page_name = store.config("name").value_or("");
    context.generated_at = ctx.now();
    context.single = filter.ids.size() == 1;
    const auto writer = render::make_report_writer(*format, context);

    const auto emit = [&](std::ostream& out) {
        writer->begin(out);
        store.for_each_incident(filter, [&](const Incident& incident,
                                            const std::vector<Update>& updates) {
            writer->incident(out, incident, updates);
        });
        writer->end(out);
    };
    if (o.output && *o.output != "-") {
        std::error_code ec;
        if (std::filesystem::equivalent(*o.output, store.path(), ec)) {
            throw UsageError(fmt::format("-o {} is the journal itself; choose another file",
                                         visible(*o.output)));
        }
        cli::AtomicFile file(*o.output);
        emit(file.stream());
        file.commit();
    } else {
        emit(ctx.out());
        ctx.out().flush();
        if (!ctx.out()) throw Error(ExitCode::failure, "cannot write the report to standard output");
    }
    return 0;
}

}  // namespace

Runner declare_export(CLI::App& app) {
    auto o = std::make_shared<ExportOptions>();
    app.add_option("id", o->ids, "Incidents to export (default: all, newest first)")
        ->type_name("ID...");
    app.add_option("--format", o->format, "md|html|json|atom")
        ->type_name("FORMAT")
        ->capture_default_str();
    app.add_option("-o,--output", o->output,
                   "Write to FILE (atomically: complete or untouched) instead of stdout")
        ->type_name("FILE");
    app.add_option("--since", o->since, "Only incidents opened at or after TIME (or a date)")
        ->type_name("TIME");
    app.add_option("--until", o->until, "Only incidents opened before TIME (or a date)")
        ->type_name("TIME");
    app.add_option("--tz", o->tz, "Show times in ZONE (IANA name; default: the journal's zone)")
        ->type_name("ZONE");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_export(*o, store, ctx);
    };
}

}  // namespace incident::commands
