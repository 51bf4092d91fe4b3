#include <fmt/format.h>

#include <algorithm>
#include <cctype>
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
    std::optional<std::string> format;  // default: from -o's extension, else md
    std::optional<std::string> output;
    cli::TimeRange range;
    std::optional<std::string> tz;
    bool internal = false;
};

// The format a file name's extension names: .md .html .json .atom .xml (and variants).
std::optional<render::ReportFormat> format_of_extension(const std::string& path) {
    auto ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".md" || ext == ".markdown") return render::ReportFormat::markdown;
    if (ext == ".html" || ext == ".htm") return render::ReportFormat::html;
    if (ext == ".json") return render::ReportFormat::json;
    if (ext == ".atom" || ext == ".xml") return render::ReportFormat::atom;
    return std::nullopt;
}

// Everything is checked before the first byte is written, so a bad request never leaves a
// half report on stdout and never touches the -o file.
int run_export(const ExportOptions& o, const ReadStore& store, const cli::Context& ctx) {
    const auto implied = o.output ? format_of_extension(*o.output) : std::nullopt;
    auto format = o.format ? render::parse_report_format(*o.format)
                           : implied.value_or(render::ReportFormat::markdown);
    if (!format) {
        throw UsageError(
            fmt::format("unknown format \"{}\"; use md, html, json or atom", visible(*o.format)));
    }
    if (o.format && implied && *implied != *format) {
        ctx.err() << fmt::format(
            "incident: warning: writing {} to {}, whose extension suggests another format\n",
            visible(*o.format), visible(*o.output));
    }
    const auto zone = cli::report_zone(o.tz, store, ctx);

    IncidentFilter filter;
    // Bounds are read in the report's zone, so --tz and --since agree on where a day starts.
    cli::apply_range(o.range, zone, ctx, filter);
    for (const auto& text : o.ids) {
        const auto id = cli::parse_id(text);
        if (std::find(filter.ids.begin(), filter.ids.end(), id) == filter.ids.end()) {
            filter.ids.push_back(id);
        }
    }
    for (const auto id : filter.ids) (void)require_incident(store, id);

    auto context = cli::report_context(store, ctx, zone);
    context.single = filter.ids.size() == 1;
    context.internal = o.internal;
    if (!context.single) {
        // A postmortem's "Regarding incidents:" list links those this document holds.
        context.incident_href = [filter](const RegardedIncident& r) -> std::string {
            const bool listed =
                filter.ids.empty() ||
                std::find(filter.ids.begin(), filter.ids.end(), r.id) != filter.ids.end();
            const bool in_range = (!filter.since || r.created_at >= *filter.since) &&
                                  (!filter.until || r.created_at < *filter.until);
            return listed && in_range ? "#incident-" + std::to_string(r.id) : std::string();
        };
    }
    const auto writer = render::make_report_writer(*format, context);

    const auto emit = [&](std::ostream& out) {
        writer->begin(out);
        std::vector<Update> scratch;
        store.for_each_incident(
            filter, [&](const Incident& incident, const std::vector<Update>& updates) {
                if (!o.internal) {
                    writer->incident(out, incident, public_updates(updates, scratch));
                    return;
                }
                auto full = incident;
                full.roles = store.roles(incident.id);
                writer->incident(out, full, updates);
            });
        writer->end(out);
    };
    if (o.output && *o.output != "-") {
        std::error_code ec;
        if (const auto journal = store.file();
            journal && std::filesystem::equivalent(*o.output, *journal, ec)) {
            throw UsageError(fmt::format("-o {} is the journal itself; choose another file",
                                         visible(*o.output)));
        }
        cli::AtomicFile file(*o.output);
        emit(file.stream());
        file.commit();
    } else {
        emit(ctx.out());
        ctx.out().flush();
        if (!ctx.out())
            throw Error(ExitCode::failure, "cannot write the report to standard output");
    }
    return 0;
}

}  // namespace

Runner declare_export(CLI::App& app) {
    auto o = std::make_shared<ExportOptions>();
    app.add_option("id", o->ids, "Incidents to export (default: all, newest first)")
        ->type_name("ID...");
    app.add_option("--format", o->format,
                   "md|html|json|atom (default: from -o FILE's extension, else md)")
        ->type_name("FORMAT");
    app.add_option("-o,--output", o->output,
                   "Write to FILE (atomically: complete or untouched) instead of stdout")
        ->type_name("FILE");
    cli::declare_range(app, o->range);
    cli::declare_tz(app, o->tz);
    app.add_flag(
        "--internal", o->internal,
        "An internal report: with internal notes, roles and milestones (never publish it)");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_export(*o, *store, ctx);
    };
}

}  // namespace incident::commands
