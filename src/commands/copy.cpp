#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <memory>

#include "incident/errors.hpp"
#include "incident/json_writer.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

struct CopyOptions {
    std::string destination;
};

// Whether two locations name one journal: the same text, or files that are one file.
bool same_journal(const ReadStore& source, const std::string& destination) {
    if (source.location() == destination) return true;
    std::error_code ec;
    const auto file = source.file();
    return file && !is_server_location(destination) &&
           std::filesystem::equivalent(*file, destination, ec);
}

// "3 incidents" / "1 incident"; none when n is 0.
std::string counted(std::int64_t n, const char* one, const char* many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

int run_copy(const CopyOptions& o, const ReadStore& source, const cli::Context& ctx) {
    if (o.destination.empty()) throw UsageError("DEST is empty; name a journal file or URL");
    if (same_journal(source, o.destination)) {
        throw UsageError(fmt::format("{} is the journal itself (--db); copy into another one",
                                     visible(o.destination)));
    }
    // The source first: a journal that is not there says so before anything is created.
    (void)source.count({});
    const auto destination = open_write_store(o.destination, ctx.store_options());
    if (!destination->empty()) {
        throw ConflictError(fmt::format(
            "{} already holds a journal; copy only fills an empty one. Nothing was changed",
            visible(destination->location())));
    }
    std::map<std::string_view, std::int64_t> rows;
    destination->transact([&] {
        rows.clear();
        destination->bulk_insert(WriteStore::Rows::untyped, [&] {
            source.dump([&](const TableColumns& table, const Row& row) {
                destination->load(table, row);
                ++rows[table.table];
            });
        });
        destination->finish_load();
    });
    if (ctx.global().json) {
        std::string out;
        json::Writer w(out);
        w.begin_object()
            .member("source", source.location())
            .member("destination", destination->location())
            .key("rows")
            .begin_object();
        for (const auto& t : journal_tables()) w.member(t.table, rows[t.table]);
        w.end().end();
        ctx.out() << out << '\n';
    } else if (!ctx.global().quiet) {
        ctx.out() << fmt::format(
            "Copied {} to {}: {}, {}, {}, {} and {}\n", visible(source.location()),
            visible(destination->location()), counted(rows["incidents"], "incident", "incidents"),
            counted(rows["updates"], "update", "updates"),
            counted(rows["postmortems"], "postmortem version", "postmortem versions"),
            counted(rows["page_components"], "page component", "page components"),
            counted(rows["config"], "setting", "settings"));
    }
    return 0;
}

}  // namespace

Runner declare_copy(CLI::App& app) {
    auto o = std::make_shared<CopyOptions>();
    app.add_option("destination", o->destination,
                   "An empty journal to copy into: a file path or a postgresql:// URL")
        ->required()
        ->type_name("DEST");
    return [o](cli::Context& ctx) {
        const auto store = ctx.open_read();
        return run_copy(*o, *store, ctx);
    };
}

}  // namespace incident::commands
