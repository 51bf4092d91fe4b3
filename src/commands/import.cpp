#include <fmt/format.h>

#include <fstream>
#include <memory>

#include "cli/io.hpp"
#include "incident/errors.hpp"
#include "incident/import.hpp"
#include "incident/render.hpp"
#include "incident/text.hpp"
#include "registry.hpp"

namespace incident::commands {
namespace {

// A whole history can be large: far above a message's limit, but bounded.
constexpr std::size_t max_import_bytes = std::size_t{1} << 30;

struct ImportOptions {
    std::string file;
};

std::string read_all(std::istream& in, const std::string& name) {
    std::string data;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_import_bytes) {
            throw UsageError(fmt::format("{} is larger than the {} GiB limit; nothing was imported",
                                         name, max_import_bytes >> 30));
        }
    }
    if (in.bad()) throw UsageError(fmt::format("cannot read {}", name));
    return data;
}

int run_import(const ImportOptions& o, WriteStore& store, const cli::Context& ctx) {
    std::string text, name;
    if (o.file == "-") {
        name = "standard input";
        text = read_all(ctx.in(), name);
    } else {
        name = visible(o.file);
        std::ifstream in(o.file, std::ios::binary);
        if (!in) throw UsageError(fmt::format("cannot open file \"{}\"", name));
        text = read_all(in, fmt::format("file \"{}\"", name));
    }
    const auto plan = read_import(text, name);
    text = {};
    const auto result = import_plan(store, plan, ctx.login_name(), ctx.now());
    if (ctx.global().json) {
        const auto list = [](const std::vector<std::pair<std::string, IncidentId>>& items) {
            std::string out = "[";
            for (std::size_t i = 0; i < items.size(); ++i) {
                out += fmt::format("{}{{\"source_id\":{},\"id\":{}}}", i ? "," : "",
                                   render::json_string(items[i].first), items[i].second);
            }
            return out + "]";
        };
        ctx.out() << fmt::format("{{\"imported\":{},\"skipped\":{},\"updates\":{}}}\n",
                                 list(result.imported), list(result.skipped), result.updates);
        return 0;
    }
    if (ctx.global().quiet) {
        for (const auto& [source, id] : result.imported) ctx.out() << id << '\n';
        return 0;
    }
    ctx.out() << fmt::format("Imported {} incident{} ({} update{}) from {}\n",
                             result.imported.size(), result.imported.size() == 1 ? "" : "s",
                             result.updates, result.updates == 1 ? "" : "s", name);
    for (const auto& [source, id] : result.imported) {
        ctx.out() << fmt::format("  {} -> incident {}\n", visible(source), id);
    }
    if (!result.skipped.empty()) {
        ctx.out() << fmt::format("Skipped {} imported before:\n", result.skipped.size());
        for (const auto& [source, id] : result.skipped) {
            ctx.out() << fmt::format("  {} = incident {}\n", visible(source), id);
        }
    }
    if (result.set_name) ctx.out() << "Set the journal's name from the page\n";
    if (result.set_time_zone) ctx.out() << "Set the journal's timezone from the page\n";
    return 0;
}

}  // namespace

Runner declare_import(CLI::App& app) {
    auto o = std::make_shared<ImportOptions>();
    app.add_option("file", o->file,
                   "Statuspage-shaped JSON (what 'export --format json' writes); \"-\" for "
                   "standard input")
        ->required()
        ->type_name("FILE");
    return [o](cli::Context& ctx) {
        auto store = ctx.open_write();
        return run_import(*o, store, ctx);
    };
}

}  // namespace incident::commands
